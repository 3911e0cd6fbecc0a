package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"kvp/handlers"
	"kvp/internal/testkit"
)

func TestOnlyTheOwnerSeesDraftsCasesAndFiles(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	ps := persons(t)
	owner, other := newClient(t, app), newClient(t, app)
	owner.login(ps[0].NationalID)
	other.login(ps[1].NationalID)

	fillApplication(t, owner)
	expectRedirect(t, owner.upload("a.png", pngBytes(t), nil), "/soknad/steg/vedlegg")
	rec, _ := st.Person(context.Background(), ps[0].NationalID)
	draftFile := "/soknad/vedlegg/" + rec.Draft.Files[0].FileID

	// The other person cannot reach the owner's draft file, nor remove it.
	expectStatus(t, other.get(draftFile), http.StatusNotFound)
	expectRedirect(t, other.post(draftFile+"/slett", nil), "/soknad") // they have no draft at all
	expectStatus(t, owner.get(draftFile), http.StatusOK)

	p := owner.follow(owner.post("/soknad/send", url.Values{"draft": {rec.Draft.ID}}))
	ref := strings.TrimSpace(p.Doc.Find(".notice strong").First().Text())
	cs, err := st.Case(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{"/saker/" + ref, "/saker/" + ref + "/kvittering", "/saker/" + ref + "/filer/" + cs.Files[0].FileID}
	for _, u := range urls {
		expectStatus(t, owner.get(u), http.StatusOK)
		expectStatus(t, other.get(u), http.StatusNotFound)
	}
	// Another person's submit with the owner's draft id does not reveal
	// the owner's case.
	expectRedirect(t, other.post("/soknad/send", url.Values{"draft": {rec.Draft.ID}}), "/soknad")
	// The owner's case is not on the other person's list.
	if strings.Contains(other.get("/mine-saker").Body, ref) {
		t.Error("another person's case is listed")
	}
	// Logged out, every one of these sends you to login.
	anon := newClient(t, app)
	for _, u := range append(urls, draftFile, "/mine-saker", "/soknad/oppsummering", "/soknad/steg/om-deg") {
		expectRedirect(t, anon.get(u), "/logg-inn?neste=")
	}
	expectRedirect(t, anon.post("/soknad/send", url.Values{"draft": {rec.Draft.ID}}), "/logg-inn?neste=%2Fmine-saker")
	// A made-up file id on one's own case is a 404 too.
	expectStatus(t, owner.get("/saker/"+ref+"/filer/000000000000000000000000"), http.StatusNotFound)
	expectStatus(t, owner.get("/saker/IIII-OOOO"), http.StatusNotFound)
}

func TestCSRFIsRequired(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	// No token at all, and a forged one.
	r, _ := http.NewRequest(http.MethodPost, "/soknad", strings.NewReader("x=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, p := range []*page{c.do(r), c.post("/soknad", url.Values{"_csrf": {"forged-token"}})} {
		expectStatus(t, p, http.StatusForbidden)
		if !strings.Contains(p.Body, "Skjemaet er utløpt") {
			t.Error("CSRF failure page lacks its message")
		}
	}
	rec, _ := st.Person(context.Background(), persons(t)[0].NationalID)
	if rec.Draft != nil {
		t.Error("a forged post started an application")
	}
}

func TestSecurityHeaders(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	p := c.get("/")
	csp := p.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	if p.Header.Get("X-Content-Type-Options") != "nosniff" || p.Header.Get("Referrer-Policy") == "" || p.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers: %v", p.Header)
	}
	// No inline script or style anywhere in a page.
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	p = c.get("/soknad/steg/om-deg")
	p.Doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Text()) != "" {
			t.Error("inline script found")
		}
	})
	if p.Doc.Find("style, [style]").Length() != 0 {
		t.Error("inline style found")
	}
	// Pages with personal data are not cached.
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q on a personal page", p.Header.Get("Cache-Control"))
	}
	// A large ordinary form post is refused.
	big := c.post("/soknad/steg/mal", url.Values{"goal": {strings.Repeat("a", 300<<10)}})
	expectStatus(t, big, http.StatusRequestEntityTooLarge)
}

func TestSessionIdleTimeoutAndLogout(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectStatus(t, c.get("/mine-saker"), http.StatusOK)

	// The session cookie holds only a signed id, and is HttpOnly and Lax.
	p := c.post("/logg-inn", url.Values{"person": {persons(t)[0].NationalID}})
	var found bool
	for _, ck := range p.Cookies() {
		if ck.Name == "kvp_session" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
				t.Errorf("session cookie flags: %+v", ck)
			}
			if strings.Contains(ck.Value, persons(t)[0].NationalID) {
				t.Error("session cookie carries the national id")
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set at login")
	}

	// Activity within 30 minutes keeps the session.
	for i := 0; i < 3; i++ {
		clock.Advance(20 * time.Minute)
		expectStatus(t, c.get("/mine-saker"), http.StatusOK)
	}
	// 31 minutes idle ends it.
	clock.Advance(31 * time.Minute)
	expectRedirect(t, c.get("/mine-saker"), "/logg-inn")

	// Logout ends the session on the server: the old cookie is worthless.
	c.login(persons(t)[0].NationalID)
	saved := c.cookies["kvp_session"]
	expectRedirect(t, c.post("/logg-ut", nil), "/logget-ut")
	c.cookies["kvp_session"] = saved
	expectRedirect(t, c.get("/mine-saker"), "/logg-inn")
}

func TestProductionCookiesAreSecure(t *testing.T) {
	st := testkit.Store(t)
	app, _, err := handlers.New(handlers.Config{
		SecureCookies: true,
		SessionKey:    []byte("0123456789abcdef0123456789abcdef"),
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, st)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, app)
	p := c.get("/")
	var names []string
	for _, ck := range p.Cookies() {
		names = append(names, ck.Name)
		if !ck.Secure || !strings.HasPrefix(ck.Name, "__Host-") {
			t.Errorf("cookie %s not secure", ck.Name)
		}
	}
	if len(names) == 0 {
		t.Fatal("no cookies")
	}
	// Without development mode there is no development login.
	expectStatus(t, c.get("/logg-inn"), http.StatusNotFound)
}

func TestHealthAndReadiness(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, nil)
	c := newClient(t, app)
	expectStatus(t, c.get("/healthz"), http.StatusOK)
	expectStatus(t, c.get("/readyz"), http.StatusOK)
	_ = st.Close(context.Background())
	expectStatus(t, c.get("/healthz"), http.StatusServiceUnavailable)
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, nil)
	c := newClient(t, app)
	p := c.get("/")
	href, _ := p.Doc.Find(`link[rel="stylesheet"]`).Attr("href")
	if !strings.HasPrefix(href, "/static/app.") || len(href) < len("/static/app.0123456789.css") {
		t.Fatalf("stylesheet %q is not content-hashed", href)
	}
	req, _ := http.NewRequest(http.MethodGet, href, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	a := c.do(req)
	expectStatus(t, a, http.StatusOK)
	if !strings.Contains(a.Header.Get("Cache-Control"), "immutable") || a.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("asset headers: %v", a.Header)
	}
	expectStatus(t, c.get("/static/app.css"), http.StatusNotFound)
	// Pages without forms that need htmx do not load it.
	if p.Doc.Find(`script[src*="htmx"]`).Length() != 0 {
		t.Error("front page loads htmx")
	}
}

func TestUnknownAddressIsNotFoundForEveryone(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, nil)
	anon := newClient(t, app)
	expectStatus(t, anon.get("/finnes-ikke"), http.StatusNotFound)
	expectStatus(t, anon.post("/finnes-ikke", nil), http.StatusNotFound)
}

func TestHTMXLearnsTheURLAfterARedirect(t *testing.T) {
	st := testkit.Store(t)
	// The test persons are made for the clock's date: the portal must be on
	// the same clock as persons(t).
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	c.htmx = true
	for _, path := range []string{"/kommune/9992", "/soknad", "/mine-saker"} {
		if got := c.get(path).Header.Get("HX-Push-Url"); got != path {
			t.Errorf("%s: HX-Push-Url %q", path, got)
		}
	}
}
