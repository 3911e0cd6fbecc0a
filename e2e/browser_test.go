// Package e2e drives the portal in a real browser (Debian's Chromium through
// chromedp): the citizen's journeys with and without JavaScript, and
// axe-core on every page they pass.
//
// The tests skip when Chromium or axe-core (npm, test-only) is missing, and
// fail instead when E2E_REQUIRED=1.
package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"kvp/internal/testkit"
	"kvp/store"
)

// chromiumPath is Debian's real Chromium binary (not the /usr/bin/chromium
// shell wrapper).
const chromiumPath = "/usr/lib/chromium/chromium"

// Time limits: the whole test, and one wait for a page or a swap.
const (
	testTimeout = 30 * time.Second
	waitTimeout = 10 * time.Second
)

// axeTags are the rule sets every page must pass with zero violations.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// The one browser of the test package, started by the first test that
// needs it and stopped by TestMain.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserStop func()
	browserErr  error

	axeOnce       sync.Once
	axeSource     string
	axeSourcePath string
	axeSourceErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if browserStop != nil {
		browserStop()
	}
	testkit.Shutdown()
	os.Exit(code)
}

// required reports whether a missing browser or axe-core fails the tests.
func required() bool { return os.Getenv("E2E_REQUIRED") == "1" }

// skipOrFail skips the test with the reason, or fails it under
// E2E_REQUIRED=1.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if required() {
		t.Fatalf("%s (E2E_REQUIRED=1, so this is a failure)", msg)
	}
	t.Skipf("%s; set E2E_REQUIRED=1 to make this a failure", msg)
}

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// loadAxe reads axe-core from the module's node_modules (once).
func loadAxe() (string, string, error) {
	axeOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			axeSourceErr = err
			return
		}
		axeSourcePath = filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
		b, err := os.ReadFile(axeSourcePath)
		if err != nil {
			axeSourceErr = err
			return
		}
		axeSource = string(b)
	})
	return axeSource, axeSourcePath, axeSourceErr
}

// startBrowser starts the package's one Chromium with a fresh profile.
func startBrowser() {
	dataDir, err := os.MkdirTemp("", "kvp-e2e-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(dataDir),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	browserStop = func() {
		cancel()
		allocCancel()
		_ = os.RemoveAll(dataDir)
	}
	// The first Run starts the browser; its context must have no deadline,
	// so wait for it here instead.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			browserErr = fmt.Errorf("start %s: %w", chromiumPath, err)
			return
		}
	case <-time.After(30 * time.Second):
		browserErr = fmt.Errorf("start %s: no answer after 30 s", chromiumPath)
		return
	}
	browserCtx = ctx
}

// session is one test's browser tab in its own browser context (no cookies
// shared with other tests), talking to its own portal on a fresh database.
type session struct {
	t    *testing.T
	ctx  context.Context
	base string
	js   bool
	// st is the portal's store, for what a test sets up directly (staff
	// accounts).
	st *store.Store
	// deadline is when the test's time limit runs out.
	deadline time.Time

	mu        sync.Mutex
	problems  []string
	expect404 map[string]bool
}

// newSession starts the portal in-process and opens an isolated tab. With
// js false, the tab has script execution disabled before any navigation.
func newSession(t *testing.T, js bool) *session {
	t.Helper()
	return newSessionTimeout(t, js, testTimeout)
}

// newSessionTimeout is newSession with its own limit for the whole test,
// for tests that visit many pages.
func newSessionTimeout(t *testing.T, js bool, timeout time.Duration) *session {
	t.Helper()
	return newSessionClock(t, js, timeout, nil)
}

// newSessionClock is newSessionTimeout with the portal on clock, which the
// test can move forward (testkit.NewClock(testkit.Now()), then Advance);
// with clock nil the portal uses the real clock, and the test must then
// compute what it expects from the real clock too. The browser keeps the
// real time, so only what the portal decides changes: deadlines, and
// sessions that end after their idle time on the portal's clock.
func newSessionClock(t *testing.T, js bool, timeout time.Duration, clock *testkit.Clock) *session {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		skipOrFail(t, "Chromium not found at %s (apt-get install -y --no-install-recommends chromium fonts-liberation)", chromiumPath)
	}
	if _, path, err := loadAxe(); err != nil {
		skipOrFail(t, "axe-core not found at %s (run npm ci in the module root): %v", path, err)
	}
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		if required() {
			t.Fatalf("browser: %v", browserErr)
		}
		t.Skipf("browser could not start: %v; set E2E_REQUIRED=1 to make this a failure", browserErr)
	}

	st := testkit.Store(t)
	app, _ := testkit.App(t, st, clock)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })

	return openTab(t, st, "http://"+ln.Addr().String(), js, time.Now().Add(timeout))
}

// otherPerson opens another tab on the same portal, in a browser context
// of its own (no cookies shared with s), for a second person in the same
// test: a caseworker next to the citizen. It has the same JS mode, time
// limit and checks as s.
func (s *session) otherPerson() *session {
	s.t.Helper()
	return openTab(s.t, s.st, s.base, s.js, s.deadline)
}

// openTab opens a tab in a new browser context on the portal at base. With
// js false, the tab has script execution disabled before any navigation.
func openTab(t *testing.T, st *store.Store, base string, js bool, deadline time.Time) *session {
	t.Helper()
	tabCtx, closeTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(closeTab)
	ctx, cancel := context.WithDeadline(tabCtx, deadline)
	t.Cleanup(cancel)

	s := &session{t: t, ctx: ctx, base: base, js: js, st: st, deadline: deadline, expect404: map[string]bool{}}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if err := chromedp.Listen(ctx, s.onEvent); err != nil {
		t.Fatalf("listen: %v", err)
	}
	if !js {
		if err := s.setScripts(false); err != nil {
			t.Fatalf("disable scripts: %v", err)
		}
	}
	t.Cleanup(func() { s.assertClean("end of test") })
	return s
}

// onEvent collects what must fail the test: console errors, uncaught
// exceptions and browser log errors (a CSP violation, a failed asset).
// It runs in the tab's read loop, so it only records.
func (s *session) onEvent(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			switch {
			case len(a.Value) > 0:
				parts = append(parts, string(a.Value))
			case a.Description != "":
				parts = append(parts, a.Description)
			default:
				parts = append(parts, string(a.Type))
			}
		}
		problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " "))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		problem = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		s.mu.Lock()
		expected := e.Source == log.EntrySourceNetwork && s.expect404[e.URL] && strings.Contains(e.Text, "404")
		s.mu.Unlock()
		if expected {
			return
		}
		problem = fmt.Sprintf("browser log %s error: %s (%s)", e.Source, e.Text, e.URL)
	default:
		return
	}
	s.mu.Lock()
	s.problems = append(s.problems, problem)
	s.mu.Unlock()
}

// takeProblems returns and forgets what the browser reported so far.
func (s *session) takeProblems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	problems := s.problems
	s.problems = nil
	return problems
}

// assertClean fails the test for every problem the browser reported since
// the last check.
func (s *session) assertClean(where string) {
	s.t.Helper()
	for _, p := range s.takeProblems() {
		s.t.Errorf("%s: %s", where, p)
	}
}

// setScripts turns script execution in the tab on or off.
func (s *session) setScripts(on bool) error {
	_, err := chromedp.Call(s.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
	return err
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// eval evaluates a synchronous expression; it works with scripts disabled.
func eval[T any](s *session, expr string) (T, error) {
	return chromedp.Run(s.ctx, chromedp.Evaluate[T](expr))
}

// mustEval is eval that fails the test on an error.
func mustEval[T any](s *session, expr string) T {
	s.t.Helper()
	v, err := eval[T](s, expr)
	if err != nil {
		s.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a synchronous expression from Go until it is true. Polling
// from Go, not with page timers, works when scripts are disabled.
func (s *session) waitFor(expr, what string) {
	s.t.Helper()
	s.waitForWithin(expr, what, waitTimeout)
}

// waitForWithin is waitFor with its own time limit.
func (s *session) waitForWithin(expr, what string, limit time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	var lastErr error
	for {
		ok, err := eval[bool](s, expr)
		if err == nil && ok {
			return
		}
		lastErr = err
		if time.Now().After(deadline) || s.ctx.Err() != nil {
			loc, _ := eval[string](s, "location.href")
			state, _ := eval[string](s, `(() => { const m = document.querySelector("main"); return "ready=" + document.readyState + " settled=" + window.__e2eSettled + " stale=" + !!document.querySelector("main[data-e2e-stale]") + " h1=" + (m && m.querySelector("h1") ? m.querySelector("h1").innerText : "none"); })()`)
			s.assertClean("while waiting for " + what)
			s.t.Fatalf("timed out waiting for %s (at %s; %s; last error: %v)", what, loc, state, lastErr)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// pageReady is true when the document has loaded and, in JS runs, htmx is
// there on pages that use it (a click before that does a plain post).
func (s *session) pageReady() string {
	expr := `document.readyState === "complete"`
	if s.js {
		expr += ` && (!document.querySelector('script[src*="htmx"]') || !!window.htmx)`
	}
	return expr
}

// open navigates to path, checks the status and waits for the page.
func (s *session) open(path string, wantStatus int) {
	s.t.Helper()
	u := s.base + path
	if wantStatus == 404 {
		s.mu.Lock()
		s.expect404[u] = true
		s.mu.Unlock()
	}
	resp, err := chromedp.Run(s.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		s.t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil {
		s.t.Fatalf("open %s: no response", path)
	}
	if int(resp.Status) != wantStatus {
		s.t.Fatalf("open %s: status %d, want %d", path, resp.Status, wantStatus)
	}
	s.waitFor(s.pageReady(), "page "+path+" to be ready")
	s.assertScripting()
}

// assertScripting checks that scripts really run, or really do not.
func (s *session) assertScripting() {
	s.t.Helper()
	hasHTMX := mustEval[bool](s, `!!document.querySelector('script[src*="htmx"]')`)
	loaded := mustEval[bool](s, `typeof window.htmx !== "undefined"`)
	switch {
	case s.js && hasHTMX && !loaded:
		s.t.Fatalf("htmx did not load on %s", s.path())
	case !s.js && loaded:
		s.t.Fatalf("scripts ran on %s in a no-JS run", s.path())
	}
}

// clickAndWait clicks the element and waits until the page that follows is
// in place: a new document (a link or a plain form post) or, in JS runs, an
// htmx swap of <main> that has settled (focus moved, URL pushed). It
// reports whether htmx swapped the page in place.
func (s *session) clickAndWait(sel, what string) (swapped bool) {
	s.t.Helper()
	return s.doAndWait(chromedp.Click(chromedp.CSS(sel)), "click "+sel, what)
}

// pressAndWait presses keys (Enter in a form field) and waits like
// clickAndWait for the page that follows.
func (s *session) pressAndWait(keys, what string) (swapped bool) {
	s.t.Helper()
	return s.doAndWait(chromedp.KeyEvent(keys), fmt.Sprintf("press %q", keys), what)
}

// doAndWait runs the action that leaves the page and waits for the page
// that follows (see clickAndWait).
func (s *session) doAndWait(action chromedp.Action[chromedp.Void], actionName, what string) (swapped bool) {
	s.t.Helper()
	mark := `document.querySelector("main").setAttribute("data-e2e-stale", ""); true`
	if s.js {
		// htmx moves focus and pushes the URL when the swap settles.
		mark = `window.__e2eSettled = false;
			document.addEventListener("htmx:afterSettle", () => { window.__e2eSettled = true; }, {once: true});
			` + mark
	}
	mustEval[bool](s, mark)
	if err := chromedp.Do(s.ctx, action); err != nil {
		s.t.Fatalf("%s (%s): %v", actionName, what, err)
	}
	s.waitFor(`!document.querySelector("main[data-e2e-stale]") && window.__e2eSettled !== false && `+s.pageReady(), what)
	s.assertScripting()
	return s.js && mustEval[bool](s, `window.__e2eSettled === true`)
}

// submitStep saves the current step with its own button. In JS runs the
// post must be an htmx swap, not a page load.
func (s *session) submitStep(what string) {
	s.t.Helper()
	if swapped := s.clickAndWait(stepSubmit, what); s.js && !swapped {
		s.t.Errorf("%s: the step was posted without htmx (a full page load)", what)
	}
}

// click clicks an element that does not leave the page (a radio button).
func (s *session) click(sel string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		s.t.Fatalf("click %s: %v", sel, err)
	}
}

// press sends key events to the focused element, as a person at the
// keyboard would (kb.Tab, kb.Enter, or text to type).
func (s *session) press(keys string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.KeyEvent(keys)); err != nil {
		s.t.Fatalf("press %q: %v", keys, err)
	}
}

// typeInto types text into a field through key events.
func (s *session) typeInto(sel, text string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		s.t.Fatalf("type into %s: %v", sel, err)
	}
}

// viewport sets the layout viewport to width × height CSS pixels (at a
// device scale factor of 1) and waits until the page has it.
func (s *session) viewport(width, height int64) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.EmulateViewport(width, height)); err != nil {
		s.t.Fatalf("viewport %d×%d: %v", width, height, err)
	}
	s.waitFor(fmt.Sprintf("window.innerWidth === %d", width), fmt.Sprintf("a %d px wide viewport", width))
}

// resetViewport goes back to the browser window's own viewport.
func (s *session) resetViewport() {
	s.t.Helper()
	if _, err := chromedp.Call(s.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		s.t.Fatalf("reset the viewport: %v", err)
	}
	// Wait until the page is laid out at the window's width again: a click
	// computed from the narrow layout would miss its target.
	s.waitFor(`window.innerWidth > 1000`, "the window's own viewport")
	if _, err := chromedp.Run(s.ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		s.t.Fatalf("wait for a layout at the window's width: %v", err)
	}
}

// activeElement describes document.activeElement for messages.
func (s *session) activeElement() string {
	s.t.Helper()
	return mustEval[string](s, `(() => { const e = document.activeElement;
		return e ? e.outerHTML.replace(/>[\s\S]*$/, ">").slice(0, 160) : "none"; })()`)
}

// fill sets a field's value (an input, a textarea or a select).
func (s *session) fill(sel, value string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
		s.t.Fatalf("fill %s: %v", sel, err)
	}
}

// upload puts a file in a file input.
func (s *session) upload(sel, file string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file})); err != nil {
		s.t.Fatalf("upload to %s: %v", sel, err)
	}
}

// path is location.pathname.
func (s *session) path() string {
	s.t.Helper()
	return mustEval[string](s, "location.pathname")
}

// assertPath checks location.pathname.
func (s *session) assertPath(want string) {
	s.t.Helper()
	if got := s.path(); got != want {
		s.t.Fatalf("location.pathname = %q, want %q", got, want)
	}
}

// text is the rendered text of the first element matching sel, or "".
func (s *session) text(sel string) string {
	s.t.Helper()
	return mustEval[string](s, `(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.innerText : ""; })()`)
}

// exists reports whether an element matches sel.
func (s *session) exists(sel string) bool {
	s.t.Helper()
	return mustEval[bool](s, `!!document.querySelector(`+jsString(sel)+`)`)
}

// assertText checks that the element's text contains every want.
func (s *session) assertText(sel string, wants ...string) {
	s.t.Helper()
	got := s.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			s.t.Errorf("%s on %s: text %q does not contain %q", sel, s.path(), got, w)
		}
	}
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// checkPage fails the test on browser problems so far and on any axe-core
// violation of the page as it is now.
func (s *session) checkPage(name string) {
	s.t.Helper()
	where := fmt.Sprintf("%s (%s)", name, s.path())
	s.assertClean(where)
	for _, v := range s.axeViolations(where) {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s: %s [%s] %s", where, v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		s.t.Error(b.String())
	}
	s.assertClean(where + " while axe ran")
}

// axeViolations runs axe-core on the page. axe needs page timers, so in
// no-JS runs scripts are turned on only while it runs (the page's own
// scripts were skipped when it loaded and do not run later).
func (s *session) axeViolations(where string) []axeViolation {
	s.t.Helper()
	if !s.js {
		if err := s.setScripts(true); err != nil {
			s.t.Fatalf("%s: enable scripts for axe: %v", where, err)
		}
		defer func() {
			if err := s.setScripts(false); err != nil {
				s.t.Fatalf("%s: disable scripts after axe: %v", where, err)
			}
		}()
	}
	if !mustEval[bool](s, `typeof window.axe !== "undefined"`) {
		if _, err := chromedp.Run(s.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			s.t.Fatalf("%s: inject axe-core: %v", where, err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	run := `(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]});
		return r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.map(n => ({target: JSON.stringify(n.target), summary: n.failureSummary || ""}))}));
	})()`
	violations, err := chromedp.Run(s.ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("%s: run axe-core: %v", where, err)
	}
	return violations
}
