package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/identity"
	"kvp/internal/demo"
	"kvp/internal/testkit"
	"kvp/store"
)

// These benchmarks report numbers and never fail on time. They serve the
// portal on a loopback port and drive it with net/http clients in the same
// process, so client and server share the machine's cores: compare the
// ratios measured in one run, not the absolute figures across machines.

// databaseLabel names the database the benchmarks run against.
func databaseLabel() string {
	if os.Getenv("MONGODB_URI") != "" {
		return "MongoDB (MONGODB_URI)"
	}
	return "embedded FerretDB on SQLite"
}

// benchOnce keeps the results of the long benchmarks by name: the testing
// package calls a benchmark once with b.N = 1 and, with -benchtime Nx for
// N > 1, again with b.N = N; these measure for a fixed time or count and
// report the first run's figures both times.
var benchOnce = struct {
	sync.Mutex
	results map[string]any
}{results: map[string]any{}}

func onceResult[T any](name string, measure func() T) T {
	benchOnce.Lock()
	defer benchOnce.Unlock()
	if r, ok := benchOnce.results[name]; ok {
		return r.(T)
	}
	r := measure()
	benchOnce.results[name] = r
	return r
}

// listenPortal serves app on a new loopback port until the benchmark ends.
func listenPortal(tb testing.TB, app *fiber.App) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	tb.Cleanup(func() { _ = app.ShutdownWithTimeout(10 * time.Second) })
	return "http://" + ln.Addr().String()
}

// freshIDs hands out synthetic national ids nobody in the database has:
// TestID numbers born on successive days from `from`, with the individual
// number ind (the demo seed uses 900-999, so it never meets these).
type freshIDs struct {
	mu   sync.Mutex
	day  time.Time
	ind  int
	used int
}

func newFreshIDs(from time.Time, ind int) *freshIDs { return &freshIDs{day: from, ind: ind} }

func (f *freshIDs) next(tb testing.TB) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := 0; i < 10000; i++ {
		d := f.day
		f.day = f.day.AddDate(0, 0, 1)
		id, err := identity.GenerateSynthetic(d, f.ind)
		if err == nil && string(id[6:9]) == fmt.Sprintf("%03d", f.ind) {
			f.used++
			return string(id)
		}
	}
	tb.Fatal("no synthetic national id left")
	return ""
}

// perfCitizen is a citizen's browser over real HTTP: cookies in a jar,
// the CSRF token of the last page read, redirects not followed (so that
// each request is timed alone). Pages read to find tokens and links are
// asked for uncompressed; timed requests accept compression as a browser
// does and are not decoded.
type perfCitizen struct {
	base  string
	hc    *http.Client
	token string
}

// browserEncoding is what a browser accepts.
const browserEncoding = "gzip, deflate, br"

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func newPerfCitizen(base string, tr http.RoundTripper) *perfCitizen {
	jar, _ := cookiejar.New(nil)
	return &perfCitizen{base: base, hc: &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends one request and reads the whole answer; it returns the status,
// the Location header and the body.
func (c *perfCitizen) do(method, path string, form url.Values, encoding string) (int, string, []byte, error) {
	var body io.Reader
	if form != nil {
		f := url.Values{"_csrf": {c.token}}
		for k, v := range form {
			f[k] = v
		}
		body = strings.NewReader(f.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return 0, "", nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Encoding", encoding)
	req.Header.Set("Accept-Language", "nb-NO,nb;q=0.9")
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, "", nil, err
	}
	if encoding == "identity" {
		if m := csrfMeta.FindSubmatch(data); m != nil {
			c.token = string(m[1])
		}
	}
	return resp.StatusCode, resp.Header.Get("Location"), data, nil
}

// page gets path uncompressed, expecting 200.
func (c *perfCitizen) page(path string) ([]byte, error) {
	status, _, data, err := c.do(http.MethodGet, path, nil, "identity")
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d", path, status)
	}
	return data, err
}

// post sends a form with the token, expecting a 303; it returns Location.
func (c *perfCitizen) post(path string, form url.Values) (string, error) {
	status, loc, data, err := c.do(http.MethodPost, path, form, "identity")
	if err == nil && status != http.StatusSeeOther {
		err = fmt.Errorf("POST %s: status %d: %.300s", path, status, data)
	}
	return loc, err
}

// timed sends one request as a browser would and returns how long the
// whole answer took, expecting the status want.
func (c *perfCitizen) timed(method, path string, form url.Values, want int) (time.Duration, error) {
	start := time.Now()
	status, _, _, err := c.do(method, path, form, browserEncoding)
	d := time.Since(start)
	if err == nil && status != want {
		err = fmt.Errorf("%s %s: status %d, want %d", method, path, status, want)
	}
	return d, err
}

// login logs in with the development login and reads a token for the new
// session.
func (c *perfCitizen) login(nid string) error {
	if _, err := c.page("/logg-inn"); err != nil {
		return err
	}
	if _, err := c.post("/logg-inn", url.Values{"nationalId": {nid}}); err != nil {
		return err
	}
	// The front page, which reads nothing of the person's, so that their
	// first «Mine saker» is still a first view.
	_, err := c.page("/")
	if err == nil && c.token == "" {
		err = errors.New("the front page has no CSRF token")
	}
	return err
}

// fill starts an application, saves every step with valid answers and
// returns the draft's id from the check page.
func (c *perfCitizen) fill() (string, error) {
	if _, err := c.post("/soknad", url.Values{}); err != nil {
		return "", err
	}
	for _, s := range validSteps {
		if _, err := c.post("/soknad/steg/"+s.step, s.form); err != nil {
			return "", err
		}
	}
	data, err := c.page("/soknad/oppsummering")
	if err != nil {
		return "", err
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	id, ok := doc.Find(`input[name="draft"]`).Attr("value")
	if !ok {
		return "", errors.New("the check page has no draft id")
	}
	return id, nil
}

// apply fills in and submits an application and returns its reference.
func (c *perfCitizen) apply() (string, error) {
	id, err := c.fill()
	if err != nil {
		return "", err
	}
	loc, err := c.post("/soknad/send", url.Values{"draft": {id}})
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/saker/"), "/kvittering"), nil
}

// percentile returns the p-th quantile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ---------------------------------------------------------------------------
// (a) Status pages against a bare Fiber app rendering a page of the same size.

// loadTarget is one URL driven by concurrent keep-alive clients.
type loadTarget struct {
	name   string
	url    string
	cookie string
	tr     *http.Transport
	// Summed over the windows.
	elapsed time.Duration
	lat     []time.Duration
	errs    int
	bytes   int64
}

// drive sends GETs to t from conc clients for d and adds what it saw.
func (t *loadTarget) drive(conc int, d time.Duration, record bool) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Transport: t.tr, Timeout: 30 * time.Second}
			var lat []time.Duration
			var errs int
			var n int64
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(http.MethodGet, t.url, nil)
				req.Header.Set("Accept-Encoding", browserEncoding)
				req.Header.Set("Accept-Language", "nb-NO,nb;q=0.9")
				if t.cookie != "" {
					req.Header.Set("Cookie", t.cookie)
				}
				s := time.Now()
				resp, err := hc.Do(req)
				if err != nil {
					errs++
					continue
				}
				k, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(s))
				n += k
				if resp.StatusCode != http.StatusOK {
					errs++
				}
			}
			if record {
				mu.Lock()
				t.lat = append(t.lat, lat...)
				t.errs += errs
				t.bytes += n
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if record {
		t.elapsed += time.Since(start)
	}
}

// statusResult is one target's figures.
type statusResult struct {
	Name                    string
	ReqPerSec, P50ms, P99ms float64
	Requests, Errors        int
	BytesPerReq             float64
}

type statusRun struct {
	Results     []statusResult
	PageBytes   int
	CaseBytes   int
	Concurrency int
	Window      time.Duration
}

// barePage builds an html/template whose output for its data is exactly
// size bytes: a page of rows of text taken in order from text (filtered to
// letters, digits and plain punctuation, so nothing is escaped).
func barePage(size int, text string) (*template.Template, any, error) {
	tmpl := template.Must(template.New("page").Parse(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{{.Title}}</title></head><body><main><h1>{{.Title}}</h1><table>{{range .Rows}}<tr><td>{{.Ref}}</td><td>{{.Text}}</td></tr>{{end}}</table></main></body></html>`))
	type row struct{ Ref, Text string }
	type data struct {
		Title string
		Rows  []row
	}
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ', r == '.', r == ',', r == '-', r == ':':
			return r
		case r == '\n' || r == '\t':
			return ' '
		}
		return -1
	}, text)
	clean = strings.Join(strings.Fields(clean), " ")
	// Rows are cut from the filtered text in order, wrapping around.
	if len(clean) < 200 {
		clean = strings.Repeat("Mine saker soknad om kvalifiseringsprogrammet ", 10)
	}
	render := func(d data) int {
		var buf bytes.Buffer
		_ = tmpl.Execute(&buf, d)
		return buf.Len()
	}
	d := data{Title: "Mine saker"}
	base := render(d)
	if base > size {
		return nil, nil, fmt.Errorf("a page of %d bytes is smaller than the empty template (%d)", size, base)
	}
	const textLen = 64
	perRow := render(data{Title: d.Title, Rows: []row{{Ref: "ABCD-EFGH", Text: strings.Repeat("x", textLen)}}}) - base
	pos := 0
	chunk := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			if pos >= len(clean) {
				pos = 0
			}
			end := min(len(clean), pos+n-b.Len())
			b.WriteString(clean[pos:end])
			pos = end
		}
		return b.String()
	}
	for i := 0; render(d)+perRow <= size; i++ {
		d.Rows = append(d.Rows, row{Ref: fmt.Sprintf("REF%06d", i)[:9], Text: chunk(textLen)})
	}
	// Pad the title to the exact size.
	if missing := size - render(d); missing > 0 {
		// The title appears twice; put odd bytes in the last row.
		d.Title += strings.Repeat("s", missing/2)
		if missing%2 == 1 {
			if len(d.Rows) == 0 {
				d.Rows = append(d.Rows, row{})
			}
			d.Rows[len(d.Rows)-1].Text += "s"
		}
	}
	if got := render(d); got != size {
		return nil, nil, fmt.Errorf("bare page renders %d bytes, want %d", got, size)
	}
	return tmpl, d, nil
}

// BenchmarkStatusPageVsBareFiber measures the citizen's status pages
// («Mine saker» and a case page, with the session, the CSRF token, the
// templates and compression) against a bare Fiber app on the same machine
// whose handlers render, with html/template, a page of the same size as
// each: the «Mine saker»-sized page also behind Fiber's compression
// middleware at its default level. Each is driven by 64 concurrent keep-alive clients for a
// fixed time (KVP_BENCH_SECONDS per window, 5 by default), in two rounds
// that alternate portal and bare pages to spread noise. It reports
// requests per second, p50 and p99 for each, and the portal/bare ratios.
func BenchmarkStatusPageVsBareFiber(b *testing.B) {
	run := onceResult("status", func() statusRun { return measureStatusPages(b) })
	var bare, bareGz, bareCase statusResult
	for _, r := range run.Results {
		switch r.Name {
		case "bare":
			bare = r
		case "bare-gz":
			bareGz = r
		case "bare-case":
			bareCase = r
		}
	}
	// Each portal page is compared with the bare page of its own size.
	sameSize := func(r statusResult) statusResult {
		if r.Name == "portal-case" {
			return bareCase
		}
		return bare
	}
	b.Logf("database: %s; %d cores (GOMAXPROCS %d), client and server in one process; «Mine saker» is %d bytes, the case page %d; %d clients, windows of %s", databaseLabel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), run.PageBytes, run.CaseBytes, run.Concurrency, run.Window)
	b.Logf("%-12s %10s %9s %9s %9s %7s %12s %12s", "page", "req/s", "p50 ms", "p99 ms", "requests", "errors", "bytes/req", "vs bare")
	for _, r := range run.Results {
		ratio := ""
		if strings.HasPrefix(r.Name, "portal") && sameSize(r).ReqPerSec > 0 {
			ratio = fmt.Sprintf("%.2f / %.2f", r.ReqPerSec/sameSize(r).ReqPerSec, r.ReqPerSec/bareGz.ReqPerSec)
		}
		b.Logf("%-12s %10.0f %9.2f %9.2f %9d %7d %12.0f %12s", r.Name, r.ReqPerSec, r.P50ms, r.P99ms, r.Requests, r.Errors, r.BytesPerReq, ratio)
		b.ReportMetric(r.ReqPerSec, r.Name+"-req/s")
		b.ReportMetric(r.P50ms, r.Name+"-p50-ms")
		b.ReportMetric(r.P99ms, r.Name+"-p99-ms")
		if strings.HasPrefix(r.Name, "portal") && sameSize(r).ReqPerSec > 0 {
			b.ReportMetric(r.ReqPerSec/sameSize(r).ReqPerSec, r.Name+"/bare-throughput")
			b.ReportMetric(r.ReqPerSec/bareGz.ReqPerSec, r.Name+"/bare-gz-throughput")
		}
	}
	b.Logf("vs bare: portal throughput / throughput of the bare page of the same size (bare for «Mine saker», bare-case for the case page), then / the bare «Mine saker»-sized page with the portal's compression")
}

func measureStatusPages(b *testing.B) statusRun {
	ctx := context.Background()
	window := 5 * time.Second
	if v, err := strconv.ParseFloat(os.Getenv("KVP_BENCH_SECONDS"), 64); err == nil && v > 0 {
		window = time.Duration(v * float64(time.Second))
	}
	const conc = 64

	st := testkit.Store(b)
	if os.Getenv("MONGODB_URI") == "" {
		// As the portal does with the embedded database.
		if err := st.EnableInboxCache(ctx); err != nil {
			b.Fatal(err)
		}
	}
	app, _ := testkit.App(b, st, testkit.NewClock(testkit.Now()))
	base := listenPortal(b, app)
	setupTr := &http.Transport{MaxIdleConnsPerHost: 4}
	defer setupTr.CloseIdleConnections()

	// One citizen with one application.
	nid := newFreshIDs(time.Date(1984, 2, 1, 0, 0, 0, 0, time.UTC), 310).next(b)
	c := newPerfCitizen(base, setupTr)
	if err := c.login(nid); err != nil {
		b.Fatal(err)
	}
	ref, err := c.apply()
	if err != nil {
		b.Fatal(err)
	}
	mine, err := c.page("/mine-saker")
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Contains(mine, []byte(ref)) {
		b.Fatalf("«Mine saker» does not list %s", ref)
	}
	casePage, err := c.page("/saker/" + ref)
	if err != nil {
		b.Fatal(err)
	}
	u, _ := url.Parse(base)
	var cookies []string
	for _, ck := range c.hc.Jar.Cookies(u) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	cookie := strings.Join(cookies, "; ")

	// The bare app: one handler rendering a page the size of «Mine saker».
	// Its rows carry the characters of the portal's page (markup, class
	// names, token and all), so that it compresses about as well.
	tmpl, data, err := barePage(len(mine), string(mine))
	if err != nil {
		b.Fatal(err)
	}
	bareHandler := func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return tmpl.Execute(c, data)
	}
	bareApp := fiber.New(fiber.Config{DisableStartupMessage: true})
	bareApp.Get("/", bareHandler)
	// The case page is larger: its own bare page, of its size.
	caseTmpl, caseData, err := barePage(len(casePage), string(casePage))
	if err != nil {
		b.Fatal(err)
	}
	bareApp.Get("/case", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return caseTmpl.Execute(c, caseData)
	})
	bareBase := listenPortal(b, bareApp)
	bareGzApp := fiber.New(fiber.Config{DisableStartupMessage: true})
	bareGzApp.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
	bareGzApp.Get("/", bareHandler)
	bareGzBase := listenPortal(b, bareGzApp)
	if got, err := newPerfCitizen(bareBase, setupTr).page("/"); err != nil || len(got) != len(mine) {
		b.Fatalf("bare page: %d bytes, want %d (%v)", len(got), len(mine), err)
	}

	newTr := func() *http.Transport {
		return &http.Transport{MaxIdleConns: conc, MaxIdleConnsPerHost: conc, IdleConnTimeout: time.Minute, DisableCompression: true}
	}
	targets := []*loadTarget{
		{name: "portal-mine", url: base + "/mine-saker", cookie: cookie, tr: newTr()},
		{name: "bare", url: bareBase + "/", tr: newTr()},
		{name: "bare-gz", url: bareGzBase + "/", tr: newTr()},
		{name: "portal-case", url: base + "/saker/" + ref, cookie: cookie, tr: newTr()},
		{name: "bare-case", url: bareBase + "/case", tr: newTr()},
	}
	defer func() {
		for _, t := range targets {
			t.tr.CloseIdleConnections()
		}
	}()
	// Warm up: open the connections, fill the caches.
	for _, t := range targets {
		t.drive(conc, window/5, false)
	}
	b.ResetTimer()
	for round := 0; round < 2; round++ {
		for _, t := range targets {
			runtime.GC()
			t.drive(conc, window, true)
		}
	}
	b.StopTimer()
	run := statusRun{PageBytes: len(mine), CaseBytes: len(casePage), Concurrency: conc, Window: window}
	for _, t := range targets {
		sort.Slice(t.lat, func(i, j int) bool { return t.lat[i] < t.lat[j] })
		r := statusResult{Name: t.name, Requests: len(t.lat), Errors: t.errs,
			ReqPerSec: float64(len(t.lat)) / t.elapsed.Seconds(),
			P50ms:     ms(percentile(t.lat, 0.50)), P99ms: ms(percentile(t.lat, 0.99))}
		if len(t.lat) > 0 {
			r.BytesPerReq = float64(t.bytes) / float64(len(t.lat))
		}
		if t.errs > 0 {
			b.Errorf("%s: %d of %d requests failed", t.name, t.errs, len(t.lat))
		}
		run.Results = append(run.Results, r)
	}
	return run
}

// ---------------------------------------------------------------------------
// (b) The citizen's pages and actions at 1k, 10k and 100k stored cases.

// volumeRow is one size's figures.
type volumeRow struct {
	Cases              int
	Mine, Case         [2]float64 // p50, p99 in ms
	Step, Submit       [2]float64
	WarmMine, WarmCase float64       // p50 of one citizen's repeated views
	Seeded             time.Duration // how long the seed to this size took
	CacheDocs          int
	CacheBytes         int64
}

const volumeReps = 30

// BenchmarkAtVolume measures, with 1,000, 10,000 and 100,000 cases stored
// (made by the demo seed in one database, growing), p50 and p99 over 30
// repetitions of: «Mine saker» and the case page, each for a different
// citizen who has a case (logged in first, untimed; the first view of a
// person's pages reads them from the database); one step saved by a
// citizen with a draft; and one submission (a new citizen with a complete
// draft, prepared untimed; only POST /soknad/send is timed). Sizes above
// KVP_BENCH_MAX (100000 by default) are skipped unless -bench names them
// (for example -bench 'AtVolume/100k').
func BenchmarkAtVolume(b *testing.B) {
	ctx := context.Background()
	limit := 100000
	if v, err := strconv.Atoi(os.Getenv("KVP_BENCH_MAX")); err == nil {
		limit = v
	}
	pattern := ""
	if f := flag.Lookup("test.bench"); f != nil {
		pattern = f.Value.String()
	}
	st := testkit.Store(b)
	if os.Getenv("MONGODB_URI") == "" {
		if err := st.EnableInboxCache(ctx); err != nil {
			b.Fatal(err)
		}
	}
	app, _ := testkit.App(b, st, testkit.NewClock(testkit.Now()))
	base := listenPortal(b, app)
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	ids := newFreshIDs(time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC), 320)
	rng := rand.New(rand.NewPCG(2026, 11))
	seeded := 0
	var rows []volumeRow
	for _, size := range []int{1000, 10000, 100000} {
		name := fmt.Sprintf("%dk", size/1000)
		if size > limit && !strings.Contains(pattern, name) {
			b.Logf("%s skipped: above KVP_BENCH_MAX=%d", name, limit)
			continue
		}
		b.Run(name, func(b *testing.B) {
			row := onceResult("volume/"+name, func() volumeRow {
				start := time.Now()
				sum, err := demo.Seed(ctx, st, size-seeded, testkit.Now(), rng)
				if err != nil {
					b.Fatal(err)
				}
				took := time.Since(start)
				seeded = size
				row := measureAtVolume(b, st, base, tr, ids, sum.Samples)
				row.Cases, row.Seeded = size, took
				return row
			})
			b.ReportMetric(row.Mine[0], "mine-saker-p50-ms")
			b.ReportMetric(row.Mine[1], "mine-saker-p99-ms")
			b.ReportMetric(row.Case[0], "case-p50-ms")
			b.ReportMetric(row.Case[1], "case-p99-ms")
			b.ReportMetric(row.Step[0], "step-p50-ms")
			b.ReportMetric(row.Step[1], "step-p99-ms")
			b.ReportMetric(row.Submit[0], "submit-p50-ms")
			b.ReportMetric(row.Submit[1], "submit-p99-ms")
			rows = append(rows, row)
			// The table so far: the last size's log holds it all (a
			// benchmark's own log is printed only where it has results).
			logVolumeTable(b, rows)
		})
	}
}

func logVolumeTable(b *testing.B, rows []volumeRow) {
	b.Logf("database: %s; %d cores; %d repetitions each; ms", databaseLabel(), runtime.NumCPU(), volumeReps)
	b.Logf("%-8s | %-17s | %-17s | %-17s | %-17s | %-15s | %s", "cases", "mine-saker p50/p99", "case p50/p99", "step p50/p99", "submit p50/p99", "warm mine/case", "seeding took")
	for _, r := range rows {
		b.Logf("%-8d | %7.2f / %7.2f | %7.2f / %7.2f | %7.2f / %7.2f | %7.2f / %7.2f | %6.2f / %6.2f | %s", r.Cases, r.Mine[0], r.Mine[1], r.Case[0], r.Case[1], r.Step[0], r.Step[1], r.Submit[0], r.Submit[1], r.WarmMine, r.WarmCase, r.Seeded.Round(time.Second))
	}
	first, last := rows[0], rows[len(rows)-1]
	if len(rows) > 1 {
		ratio := func(a, z float64) string {
			if a <= 0 {
				return "-"
			}
			return fmt.Sprintf("%.2f", z/a)
		}
		b.Logf("p50(%d)/p50(%d): mine-saker %s, case %s, step %s, submit %s", last.Cases, first.Cases,
			ratio(first.Mine[0], last.Mine[0]), ratio(first.Case[0], last.Case[0]), ratio(first.Step[0], last.Step[0]), ratio(first.Submit[0], last.Submit[0]))
	}
	for _, r := range rows {
		b.Logf("%d cases: document cache %d documents, %.1f MB", r.Cases, r.CacheDocs, float64(r.CacheBytes)/(1<<20))
	}
	b.Logf("mine-saker and case: each repetition a different citizen's first view; warm: one citizen's pages viewed again and again (p50)")
}

// measureAtVolume times the four requests volumeReps times each.
func measureAtVolume(b *testing.B, st *store.Store, base string, tr http.RoundTripper, ids *freshIDs, samples []demo.Sample) volumeRow {
	var people []demo.Sample
	for _, s := range samples {
		if !strings.HasPrefix(s.State, "conversation-") {
			people = append(people, s)
		}
	}
	if len(people) == 0 {
		b.Fatal("the seed gave no application to look at")
	}
	var mine, cases, steps, submits []time.Duration
	must := func(d time.Duration, err error) time.Duration {
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	var last *perfCitizen
	var lastRef string
	for i := 0; i < volumeReps; i++ {
		p := people[i%len(people)]
		c := newPerfCitizen(base, tr)
		if err := c.login(p.NationalID); err != nil {
			b.Fatal(err)
		}
		mine = append(mine, must(c.timed(http.MethodGet, "/mine-saker", nil, http.StatusOK)))
		cases = append(cases, must(c.timed(http.MethodGet, "/saker/"+p.Ref, nil, http.StatusOK)))
		last, lastRef = c, p.Ref
	}
	var warmMine, warmCase []time.Duration
	for i := 0; i < volumeReps; i++ {
		warmMine = append(warmMine, must(last.timed(http.MethodGet, "/mine-saker", nil, http.StatusOK)))
		warmCase = append(warmCase, must(last.timed(http.MethodGet, "/saker/"+lastRef, nil, http.StatusOK)))
	}

	// Steps, saved one after the other by a citizen with a draft.
	c := newPerfCitizen(base, tr)
	if err := c.login(ids.next(b)); err != nil {
		b.Fatal(err)
	}
	if _, err := c.post("/soknad", url.Values{}); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < volumeReps; i++ {
		s := validSteps[i%len(validSteps)]
		steps = append(steps, must(c.timed(http.MethodPost, "/soknad/steg/"+s.step, s.form, http.StatusSeeOther)))
	}

	// Submissions, each by a new citizen with a complete draft.
	for i := 0; i < volumeReps; i++ {
		c := newPerfCitizen(base, tr)
		if err := c.login(ids.next(b)); err != nil {
			b.Fatal(err)
		}
		id, err := c.fill()
		if err != nil {
			b.Fatal(err)
		}
		submits = append(submits, must(c.timed(http.MethodPost, "/soknad/send", url.Values{"draft": {id}}, http.StatusSeeOther)))
	}
	p5099 := func(d []time.Duration) [2]float64 {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return [2]float64{ms(percentile(d, 0.50)), ms(percentile(d, 0.99))}
	}
	sortMs := func(d []time.Duration) float64 { return p5099(d)[0] }
	cs := st.CacheStats()
	return volumeRow{
		Mine: p5099(mine), Case: p5099(cases), Step: p5099(steps), Submit: p5099(submits),
		WarmMine: sortMs(warmMine), WarmCase: sortMs(warmCase),
		CacheDocs: cs.Docs, CacheBytes: cs.Bytes,
	}
}

// ---------------------------------------------------------------------------
// (c) Recording the database commands of a request and replaying them with
// the raw driver (BenchmarkSubmission and BenchmarkCasePage in
// bench_test.go).

// recordedCmd is one database command as the portal's driver sent it.
type recordedCmd struct {
	Name       string
	Collection string
	Doc        bson.Raw
}

// cmdRecorder is a command monitor that keeps, while recording, a copy of
// every command the store sends. It also learns the store's database name.
type cmdRecorder struct {
	mu        sync.Mutex
	recording bool
	db        string
	cmds      []recordedCmd
}

func (r *cmdRecorder) Monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.db == "" && strings.HasPrefix(e.DatabaseName, "t_") {
			r.db = e.DatabaseName
		}
		if r.recording {
			r.cmds = append(r.cmds, recordedCmd{Name: e.CommandName, Collection: collectionOf(e.Command), Doc: append(bson.Raw(nil), e.Command...)})
		}
	}}
}

// DB is the name of the database the monitored store uses.
func (r *cmdRecorder) DB() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.db
}

// record returns the commands sent while f runs.
func (r *cmdRecorder) record(f func()) []recordedCmd {
	r.mu.Lock()
	r.recording, r.cmds = true, nil
	r.mu.Unlock()
	f()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recording = false
	return r.cmds
}

// collectionOf is the collection a command names first ("" for none).
func collectionOf(cmd bson.Raw) string {
	elems, err := cmd.Elements()
	if err != nil || len(elems) == 0 {
		return ""
	}
	s, _ := elems[0].Value().StringValueOK()
	return s
}

// countCommands counts commands by name.
func countCommands(cmds []recordedCmd) map[string]int {
	n := map[string]int{}
	for _, c := range cmds {
		n[c.Name]++
	}
	return n
}

// logCommands writes a breakdown of cmds by command and collection.
func logCommands(b *testing.B, what string, cmds []recordedCmd) {
	byName := countCommands(cmds)
	byCol := map[string]int{}
	for _, c := range cmds {
		byCol[c.Name+" "+c.Collection]++
	}
	list := func(m map[string]int) string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
		return strings.Join(parts, ", ")
	}
	b.Logf("%s: %d database commands (%s): %s", what, len(cmds), databaseLabel(), list(byName))
	if len(cmds) > 0 {
		b.Logf("  by collection: %s", list(byCol))
	}
}

// reportOps reports the number of commands, in total and by name.
func reportOps(b *testing.B, cmds []recordedCmd, per string) {
	b.ReportMetric(float64(len(cmds)), "ops/"+per)
	for name, n := range countCommands(cmds) {
		b.ReportMetric(float64(n), name+"-ops/"+per)
	}
}

// snapshotDB reads every document of every collection of database name.
func snapshotDB(tb testing.TB, name string) map[string][]bson.Raw {
	tb.Helper()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(testkit.URI(tb)))
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = client.Disconnect(ctx) }()
	db := client.Database(name)
	cols, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		tb.Fatal(err)
	}
	snap := map[string][]bson.Raw{}
	for _, col := range cols {
		if strings.HasPrefix(col, "system.") {
			continue
		}
		cur, err := db.Collection(col).Find(ctx, bson.D{})
		if err != nil {
			tb.Fatal(err)
		}
		var docs []bson.Raw
		if err := cur.All(ctx, &docs); err != nil {
			tb.Fatal(err)
		}
		snap[col] = docs
	}
	return snap
}

// Commands a replay leaves out: cursors and sessions of the recording's
// own connection, and the driver's handshakes.
var notReplayed = map[string]bool{
	"getMore": true, "killCursors": true, "endSessions": true, "commitTransaction": true, "abortTransaction": true,
	"hello": true, "isMaster": true, "ismaster": true, "saslStart": true, "saslContinue": true, "buildInfo": true,
}

// Fields of a recorded command that belong to the recording's session and
// connection; the replaying driver adds its own.
var sessionFields = map[string]bool{
	"lsid": true, "txnNumber": true, "$clusterTime": true, "$db": true, "$readPreference": true,
	"autocommit": true, "startTransaction": true, "recoveryToken": true, "$audit": true,
}

// writeCommands change the collection they name.
var writeCommands = map[string]bool{"insert": true, "update": true, "delete": true, "findAndModify": true}

// stripSession returns the command without its session fields (and a read
// concern without a cluster time).
func stripSession(raw bson.Raw) (bson.D, error) {
	elems, err := raw.Elements()
	if err != nil {
		return nil, err
	}
	d := make(bson.D, 0, len(elems))
	for _, e := range elems {
		k := e.Key()
		switch {
		case sessionFields[k]:
			continue
		case k == "readConcern":
			if rc, ok := e.Value().DocumentOK(); ok {
				if level, ok := rc.Lookup("level").StringValueOK(); ok {
					d = append(d, bson.E{Key: k, Value: bson.D{{Key: "level", Value: level}}})
				}
			}
			continue
		}
		d = append(d, bson.E{Key: k, Value: e.Value()})
	}
	return d, nil
}

// replayer sends recorded commands with the raw driver to a second
// database made like the portal's (testkit.StoreMonitored: the same office
// directory, rate tables, indexes and, with the embedded database, the
// same _id index), whose collections that the commands touch start as the
// portal's were when the recording started.
type replayer struct {
	db      *mongo.Database
	cmds    []bson.D
	names   []string
	written []string
	snap    map[string][]bson.Raw
}

func newReplayer(b *testing.B, cmds []recordedCmd, snap map[string][]bson.Raw) *replayer {
	b.Helper()
	ctx := context.Background()
	names := &cmdRecorder{}
	testkit.StoreMonitored(b, names.Monitor())
	client, err := mongo.Connect(options.Client().ApplyURI(testkit.URI(b)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	r := &replayer{db: client.Database(names.DB()), snap: snap}
	touched, written := map[string]bool{}, map[string]bool{}
	for _, c := range cmds {
		if notReplayed[c.Name] {
			continue
		}
		d, err := stripSession(c.Doc)
		if err != nil {
			b.Fatal(err)
		}
		r.cmds, r.names = append(r.cmds, d), append(r.names, c.Name)
		if c.Collection != "" {
			touched[c.Collection] = true
			if writeCommands[c.Name] {
				written[c.Collection] = true
			}
		}
	}
	for col := range written {
		r.written = append(r.written, col)
	}
	sort.Strings(r.written)
	all := make([]string, 0, len(touched))
	for col := range touched {
		all = append(all, col)
	}
	if err := r.restore(ctx, all); err != nil {
		b.Fatal(err)
	}
	return r
}

// restore makes the collections cols hold what the portal's held when the
// recording started.
func (r *replayer) restore(ctx context.Context, cols []string) error {
	for _, col := range cols {
		c := r.db.Collection(col)
		if _, err := c.DeleteMany(ctx, bson.D{}); err != nil {
			return fmt.Errorf("reset %s: %w", col, err)
		}
		if docs := r.snap[col]; len(docs) > 0 {
			many := make([]any, len(docs))
			for i, d := range docs {
				many[i] = d
			}
			if _, err := c.InsertMany(ctx, many); err != nil {
				return fmt.Errorf("restore %s: %w", col, err)
			}
		}
	}
	return nil
}

// reset undoes the previous replay's writes.
func (r *replayer) reset(b *testing.B) {
	if err := r.restore(context.Background(), r.written); err != nil {
		b.Fatal(err)
	}
}

// run sends every command once, as recorded, and fails on any error.
func (r *replayer) run(b *testing.B) {
	ctx := context.Background()
	for i, cmd := range r.cmds {
		reply, err := r.db.RunCommand(ctx, cmd).Raw()
		if err != nil {
			b.Fatalf("replay %d (%s): %v", i, r.names[i], err)
		}
		if we, err := reply.LookupErr("writeErrors"); err == nil {
			if arr, ok := we.ArrayOK(); ok {
				if vals, _ := arr.Values(); len(vals) > 0 {
					b.Fatalf("replay %d (%s): write errors %v", i, r.names[i], arr)
				}
			}
		}
	}
}
