package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Config is what a run does; see the flags in main.go.
type Config struct {
	URL         string
	Mode        string // "journey" or "pages"
	Citizens    int
	Duration    time.Duration
	MaxRequests int64 // 0: no limit
	MaxJourneys int64 // 0: no limit (journey mode)
	Prepare     bool  // pages mode: submit one application per citizen first
	Timeout     time.Duration
	PDFSize     int
	Seed        uint64 // 0: random
	Verify      bool
	MemPID      int
	Progress    time.Duration // 0: no progress lines
	Log         io.Writer     // progress lines; nil: none
}

// Stop causes of the measured phase.
var (
	errStopDuration = errors.New("duration")
	errStopRequests = errors.New("requests")
	errStopSignal   = errors.New("signal")
)

// runner is the state of one load run.
type runner struct {
	cfg  Config
	base *url.URL
	tr   *http.Transport
	ids  *idGenerator
	pdf  []byte

	ctx    context.Context // the measured phase; cancelled when it is over
	cancel context.CancelCauseFunc

	sent      atomic.Int64
	started   atomic.Int64
	completed atomic.Int64
	abandoned atomic.Int64
	skipped   atomic.Int64

	mu   sync.Mutex
	acks []ack
}

// runBudget lets requests through until the measured phase is over or
// the request count is used up.
type runBudget struct{ r *runner }

func (b runBudget) take() bool {
	r := b.r
	if r.ctx.Err() != nil {
		return false
	}
	n := r.sent.Add(1)
	if r.cfg.MaxRequests > 0 && n > r.cfg.MaxRequests {
		r.sent.Add(-1)
		r.cancel(errStopRequests)
		return false
	}
	return true
}

// ctxBudget lets requests through until ctx ends (preparation and
// verification, which do not count towards the measured requests).
type ctxBudget struct{ ctx context.Context }

func (b ctxBudget) take() bool { return b.ctx.Err() == nil }

func (r *runner) acknowledge(a ack) {
	r.mu.Lock()
	r.acks = append(r.acks, a)
	r.mu.Unlock()
}

func asLoadError(step string, err error) *loadError {
	var le *loadError
	if errors.As(err, &le) {
		return le
	}
	return &loadError{Step: step, Kind: collapse(err.Error(), 120)}
}

// sleep waits d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Run runs the load against the portal at cfg.URL until the duration, the
// request count or the journey count is reached or ctx ends, then checks
// every acknowledged reference; abort ends that check too.
func Run(ctx, abort context.Context, cfg Config) (*Report, error) {
	if cfg.Citizens < 1 {
		return nil, fmt.Errorf("citizens must be at least 1")
	}
	if cfg.Mode != "journey" && cfg.Mode != "pages" {
		return nil, fmt.Errorf("mode must be journey or pages, not %q", cfg.Mode)
	}
	base, err := url.Parse(cfg.URL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("url %q is not an http(s) address", cfg.URL)
	}
	base.Path, base.RawQuery = "", ""
	if cfg.Seed == 0 {
		cfg.Seed = rand.Uint64()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = time.Minute
	}
	r := &runner{cfg: cfg, base: base, tr: newTransport(cfg.Citizens, cfg.Timeout), ids: newIDGenerator(cfg.Seed), pdf: makePDF(cfg.PDFSize)}
	defer r.tr.CloseIdleConnections()

	// Is it there, and does it have the development login?
	probe := newBrowser(base, r.tr, cfg.Timeout, newRecorder(), ctxBudget{ctx})
	if p, err := probe.get("/healthz"); err != nil {
		return nil, fmt.Errorf("portal not answering at %s: %v", base, err)
	} else if p.Status != http.StatusOK {
		return nil, fmt.Errorf("portal at %s: /healthz answered %d", base, p.Status)
	}
	if _, err := probe.get("/logg-inn"); err != nil {
		return nil, fmt.Errorf("no development login at %s (start the portal with KVP_ENV=development): %v", base, err)
	}

	rep := &Report{URL: base.String(), Mode: cfg.Mode, Citizens: cfg.Citizens}
	var mem *memSampler
	if cfg.MemPID > 0 {
		mem = startMemSampler(cfg.MemPID)
	}

	// Pages mode: every citizen logs in (and with -prepare submits an
	// application) before the clock starts.
	type ready struct {
		b   *browser
		ref string
	}
	var citizens []ready
	if cfg.Mode == "pages" {
		prep := newRecorder()
		start := time.Now()
		out := make([]ready, cfg.Citizens)
		var wg sync.WaitGroup
		for i := range out {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for try := 0; try < 5 && ctx.Err() == nil; try++ {
					b := newBrowser(base, r.tr, cfg.Timeout, prep, ctxBudget{ctx})
					nid := r.ids.Next()
					var ref string
					var err error
					if cfg.Prepare {
						err = journey(b, nid, r.pdf, func(a ack) { ref = a.Ref; r.acknowledge(a) })
					} else {
						err = login(b, nid)
					}
					switch {
					case err == nil:
						out[i] = ready{b: b, ref: ref}
						return
					case errors.Is(err, errPersonTaken):
						continue
					case errors.Is(err, errStopped):
						return
					default:
						prep.fail(asLoadError("prepare", err))
						return
					}
				}
			}()
		}
		wg.Wait()
		rows, errs := prep.snapshot()
		p := &Preparation{Duration: time.Since(start).Seconds(), Steps: rows, Distinct: errs}
		for _, e := range errs {
			p.Errors += e.Count
		}
		for _, c := range out {
			if c.b != nil {
				citizens = append(citizens, c)
			}
		}
		p.Ready = len(citizens)
		rep.Preparation = p
	}

	// The measured phase.
	rec := newRecorder()
	r.ctx, r.cancel = context.WithCancelCause(context.Background())
	defer r.cancel(nil)
	if ctx.Err() != nil {
		r.cancel(errStopSignal)
	}
	stopWatch := context.AfterFunc(ctx, func() { r.cancel(errStopSignal) })
	defer stopWatch()
	if cfg.Duration > 0 {
		t := time.AfterFunc(cfg.Duration, func() { r.cancel(errStopDuration) })
		defer t.Stop()
	}
	start := time.Now()
	var progressDone chan struct{}
	if cfg.Progress > 0 && cfg.Log != nil {
		progressDone = make(chan struct{})
		go r.progress(rec, start, progressDone)
	}
	var wg sync.WaitGroup
	if cfg.Mode == "journey" {
		for range cfg.Citizens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.journeys(rec)
			}()
		}
	} else {
		for _, c := range citizens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.b.rec, c.b.budget = rec, runBudget{r}
				for r.ctx.Err() == nil {
					err := statusPages(c.b, c.ref)
					if err != nil && !errors.Is(err, errStopped) {
						rec.fail(asLoadError("pages", err))
						sleep(r.ctx, 50*time.Millisecond)
					}
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	if progressDone != nil {
		close(progressDone)
	}
	if mem != nil {
		rep.Memory = mem.finish()
	}
	rep.Duration = elapsed.Seconds()
	switch cause := context.Cause(r.ctx); {
	case r.ctx.Err() == nil && cfg.Mode == "journey" && cfg.MaxJourneys > 0:
		rep.StopBy = "journeys"
	case r.ctx.Err() == nil:
		rep.StopBy = "no citizen ready"
	default:
		rep.StopBy = cause.Error()
	}
	rep.Steps, rep.DistinctErrors = rec.snapshot()
	for _, e := range rep.DistinctErrors {
		rep.Errors += e.Count
	}
	rep.Requests = int(r.sent.Load())
	if elapsed > 0 {
		rep.Throughput = float64(rep.Requests) / elapsed.Seconds()
		rep.JourneysPerSecond = float64(r.completed.Load()) / elapsed.Seconds()
	}
	rep.JourneysCompleted = int(r.completed.Load())
	rep.JourneysAbandoned = int(r.abandoned.Load())
	rep.PersonsSkipped = int(r.skipped.Load())
	acks := r.ackList()
	rep.Acknowledged, rep.AcknowledgedRefs = len(acks), acks

	if cfg.Verify {
		rep.Verification = r.verify(abort, acks)
	}
	return rep, nil
}

// journeys is one simulated citizen in journey mode: a new person (and a
// new browser) for every application, until the run is over.
func (r *runner) journeys(rec *recorder) {
	for r.ctx.Err() == nil {
		if r.cfg.MaxJourneys > 0 && r.started.Add(1) > r.cfg.MaxJourneys {
			return
		}
		b := newBrowser(r.base, r.tr, r.cfg.Timeout, rec, runBudget{r})
		err := journey(b, r.ids.Next(), r.pdf, r.acknowledge)
		switch {
		case err == nil:
			r.completed.Add(1)
		case errors.Is(err, errStopped):
			r.abandoned.Add(1)
		case errors.Is(err, errPersonTaken):
			r.skipped.Add(1)
			if r.cfg.MaxJourneys > 0 {
				r.started.Add(-1) // that one did not count
			}
		default:
			rec.fail(asLoadError("journey", err))
			sleep(r.ctx, 50*time.Millisecond)
		}
	}
}

func (r *runner) progress(rec *recorder, start time.Time, done chan struct{}) {
	t := time.NewTicker(r.cfg.Progress)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		n := rec.errorTotal()
		fmt.Fprintf(r.cfg.Log, "kvpload: %5.0f s  %d requests  %d journeys  %d acknowledged  %d errors\n",
			time.Since(start).Seconds(), r.sent.Load(), r.completed.Load(), len(r.ackList()), n)
	}
}

func (r *runner) ackList() []ack {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]ack(nil), r.acks...)
}
