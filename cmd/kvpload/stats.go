package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// loadError is one failed request or one unexpected page.
type loadError struct {
	Step    string // the step the request belongs to
	Status  int    // HTTP status, 0 for a transport error or a check of the page
	Kind    string // what went wrong, without the parts that change per request
	Snippet string // a short example: the page's title and message, or the error
}

func (e *loadError) Error() string {
	s := e.Step + ": " + e.Kind
	if e.Status != 0 {
		s += fmt.Sprintf(" (status %d)", e.Status)
	}
	if e.Snippet != "" {
		s += ": " + e.Snippet
	}
	return s
}

// recorder collects the timings and the errors of a run; it is safe for
// concurrent use.
type recorder struct {
	mu       sync.Mutex
	samples  map[string][]time.Duration
	errCount map[string]int
	errors   map[string]*errorEntry
}

type errorEntry struct {
	Step    string `json:"step"`
	Status  int    `json:"status"`
	Kind    string `json:"kind"`
	Count   int    `json:"count"`
	Example string `json:"example"`
}

func newRecorder() *recorder {
	return &recorder{samples: map[string][]time.Duration{}, errCount: map[string]int{}, errors: map[string]*errorEntry{}}
}

// request records one answered request of step.
func (r *recorder) request(step string, d time.Duration) {
	r.mu.Lock()
	r.samples[step] = append(r.samples[step], d)
	r.mu.Unlock()
}

// fail records an error; a request that failed is also recorded with
// request if it got an answer.
func (r *recorder) fail(e *loadError) {
	key := fmt.Sprintf("%s\x00%d\x00%s", e.Step, e.Status, e.Kind)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errCount[e.Step]++
	if en, ok := r.errors[key]; ok {
		en.Count++
		return
	}
	r.errors[key] = &errorEntry{Step: e.Step, Status: e.Status, Kind: e.Kind, Count: 1, Example: e.Snippet}
}

// errorTotal is the number of errors so far.
func (r *recorder) errorTotal() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.errCount {
		n += c
	}
	return n
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, which must be in ascending order; 0 for no samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// StepStats is one row of the report.
type StepStats struct {
	Step   string  `json:"step"`
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	P50    float64 `json:"p50_ms"`
	P90    float64 `json:"p90_ms"`
	P99    float64 `json:"p99_ms"`
	Max    float64 `json:"max_ms"`
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

// stepOrder is the order of a journey; other steps follow by name.
var stepOrder = []string{
	"healthz", "login-page", "login", "mine-saker", "apply-page", "start",
	"page:om-deg", "step:om-deg", "page:bosted", "step:bosted", "page:situasjon", "step:situasjon",
	"page:mal", "step:mal", "page:barn", "step:barn", "page:bolig", "step:bolig",
	"page:vedlegg", "upload", "step:vedlegg", "page:samtykke", "step:samtykke",
	"check", "submit", "receipt", "case",
}

// snapshot returns the rows in journey order, and the distinct errors,
// most frequent first.
func (r *recorder) snapshot() ([]StepStats, []errorEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := map[string]bool{}
	for s := range r.samples {
		names[s] = true
	}
	for s := range r.errCount {
		names[s] = true
	}
	var order []string
	for _, s := range stepOrder {
		if names[s] {
			order = append(order, s)
			delete(names, s)
		}
	}
	var rest []string
	for s := range names {
		rest = append(rest, s)
	}
	sort.Strings(rest)
	order = append(order, rest...)

	rows := make([]StepStats, 0, len(order))
	for _, s := range order {
		d := slices.Clone(r.samples[s])
		slices.Sort(d)
		row := StepStats{Step: s, Count: len(d), Errors: r.errCount[s]}
		if len(d) > 0 {
			row.P50, row.P90, row.P99, row.Max = ms(percentile(d, 50)), ms(percentile(d, 90)), ms(percentile(d, 99)), ms(d[len(d)-1])
		}
		rows = append(rows, row)
	}
	errs := make([]errorEntry, 0, len(r.errors))
	for _, e := range r.errors {
		errs = append(errs, *e)
	}
	sort.Slice(errs, func(i, j int) bool {
		if errs[i].Count != errs[j].Count {
			return errs[i].Count > errs[j].Count
		}
		return errs[i].Step+errs[i].Kind < errs[j].Step+errs[j].Kind
	})
	return rows, errs
}

// Report is what a run found; it is also written as JSON with -json.
type Report struct {
	URL      string  `json:"url"`
	Mode     string  `json:"mode"`
	Citizens int     `json:"citizens"`
	Duration float64 `json:"duration_s"` // the measured phase, as it lasted
	StopBy   string  `json:"stopped_by"` // duration, requests, journeys, signal

	Steps             []StepStats   `json:"steps"`
	Requests          int           `json:"requests"`
	Errors            int           `json:"errors"`
	Throughput        float64       `json:"requests_per_s"`
	JourneysCompleted int           `json:"journeys_completed"`
	JourneysPerSecond float64       `json:"journeys_per_s"`
	JourneysAbandoned int           `json:"journeys_abandoned_at_stop"`
	PersonsSkipped    int           `json:"persons_skipped"`
	Acknowledged      int           `json:"acknowledged"`
	AcknowledgedRefs  []ack         `json:"acknowledged_refs"`
	DistinctErrors    []errorEntry  `json:"distinct_errors"`
	Preparation       *Preparation  `json:"preparation,omitempty"`
	Verification      *Verification `json:"verification,omitempty"`
	Memory            *Memory       `json:"memory,omitempty"`
}

// Preparation is the set-up of -mode pages: logins and, with -prepare,
// one submitted application per citizen, before the measured phase.
type Preparation struct {
	Duration float64      `json:"duration_s"`
	Steps    []StepStats  `json:"steps"`
	Errors   int          `json:"errors"`
	Distinct []errorEntry `json:"distinct_errors"`
	Ready    int          `json:"citizens_ready"`
}

// Verification is the check after the run that every acknowledged
// reference is stored exactly once.
type Verification struct {
	Acknowledged int      `json:"acknowledged"`
	Present      int      `json:"present"`
	Missing      int      `json:"missing"`
	Duplicated   int      `json:"duplicated"`
	Unchecked    int      `json:"unchecked"` // the check itself failed for these
	Owners       int      `json:"owners"`
	Errors       int      `json:"errors"` // requests of the check that failed
	Problems     []string `json:"problems,omitempty"`
}

// Memory is the portal process's resident memory during the run.
type Memory struct {
	PID        int     `json:"pid"`
	PeakRSSMB  float64 `json:"peak_rss_sampled_mb"` // highest VmRSS seen every 200 ms
	HWMMB      float64 `json:"vm_hwm_mb"`           // VmHWM at the end: the process's peak since it started
	Samples    int     `json:"samples"`
	Unreadable string  `json:"error,omitempty"`
}

// Failed reports whether the run should end with a non-zero status.
func (r *Report) Failed(allowErrors bool) bool {
	if r.Verification != nil && (r.Verification.Missing > 0 || r.Verification.Duplicated > 0 || r.Verification.Unchecked > 0) {
		return true
	}
	if allowErrors {
		return false
	}
	return r.Errors > 0 || (r.Preparation != nil && r.Preparation.Errors > 0)
}

func writeTable(w io.Writer, rows []StepStats) {
	fmt.Fprintf(w, "  %-16s %8s %7s %9s %9s %9s %9s\n", "step", "count", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms")
	var n, e int
	for _, r := range rows {
		fmt.Fprintf(w, "  %-16s %8d %7d %9.1f %9.1f %9.1f %9.1f\n", r.Step, r.Count, r.Errors, r.P50, r.P90, r.P99, r.Max)
		n += r.Count
		e += r.Errors
	}
	fmt.Fprintf(w, "  %-16s %8d %7d\n", "all", n, e)
}

func writeErrors(w io.Writer, errs []errorEntry) {
	for _, e := range errs {
		status := "-"
		if e.Status != 0 {
			status = fmt.Sprint(e.Status)
		}
		fmt.Fprintf(w, "  %6d × %s, status %s: %s\n", e.Count, e.Step, status, e.Kind)
		if e.Example != "" {
			fmt.Fprintf(w, "           e.g. %s\n", e.Example)
		}
	}
}

// Write prints the report for people.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "kvpload: %s mode, %d citizens, %s, %.1f s measured (stopped by %s)\n", r.Mode, r.Citizens, r.URL, r.Duration, r.StopBy)
	if p := r.Preparation; p != nil {
		fmt.Fprintf(w, "\npreparation (%.1f s, %d of %d citizens ready, %d errors):\n", p.Duration, p.Ready, r.Citizens, p.Errors)
		writeTable(w, p.Steps)
		writeErrors(w, p.Distinct)
	}
	fmt.Fprintln(w)
	writeTable(w, r.Steps)
	fmt.Fprintf(w, "\nthroughput: %.1f requests/s (%d requests, %d errors)\n", r.Throughput, r.Requests, r.Errors)
	if r.Mode == "journey" {
		fmt.Fprintf(w, "journeys: %d completed (%.2f/s), %d abandoned at the stop, %d persons skipped (already had a case or a draft)\n",
			r.JourneysCompleted, r.JourneysPerSecond, r.JourneysAbandoned, r.PersonsSkipped)
	}
	fmt.Fprintf(w, "acknowledged submissions: %d\n", r.Acknowledged)
	if len(r.DistinctErrors) > 0 {
		fmt.Fprintf(w, "\nerrors (%d distinct):\n", len(r.DistinctErrors))
		writeErrors(w, r.DistinctErrors)
	}
	if v := r.Verification; v != nil {
		fmt.Fprintf(w, "\nverification: acknowledged %d, present %d, missing %d, duplicated %d", v.Acknowledged, v.Present, v.Missing, v.Duplicated)
		if v.Unchecked > 0 {
			fmt.Fprintf(w, ", unchecked %d", v.Unchecked)
		}
		fmt.Fprintf(w, " (%d owners checked, %d failed requests)\n", v.Owners, v.Errors)
		for _, p := range v.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if m := r.Memory; m != nil {
		if m.Unreadable != "" {
			fmt.Fprintf(w, "\nmemory of pid %d: peak RSS %.1f MB in %d samples; %s\n", m.PID, m.PeakRSSMB, m.Samples, m.Unreadable)
		} else {
			fmt.Fprintf(w, "\nmemory of pid %d: peak RSS %.1f MB (sampled every 200 ms, %d samples), VmHWM %.1f MB (peak since the process started)\n",
				m.PID, m.PeakRSSMB, m.Samples, m.HWMMB)
		}
	}
}

// collapse squeezes white space and cuts s to n runes.
func collapse(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return s
}
