package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/internal/testkit"
)

// A form's token is bound to the browser and to the session it was shown
// in: another person's token, or a token from before logging in, is
// refused as forged.
func TestCSRFTokenIsBoundToTheSession(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	ps := persons(t)

	before := newClient(t, app)
	anonToken := before.csrf()
	before.login(ps[0].NationalID)
	p := before.post("/soknad", url.Values{"_csrf": {anonToken}})
	expectStatus(t, p, http.StatusForbidden)
	if before.csrf() == anonToken {
		t.Error("the token did not change at login")
	}

	a, b := newClient(t, app), newClient(t, app)
	a.login(ps[0].NationalID)
	b.login(ps[1].NationalID)
	tokenA := a.csrf()
	// B sends A's token, even with A's browser cookie: B's session differs.
	b.cookies["kvp_csrf"] = a.cookies["kvp_csrf"]
	expectStatus(t, b.post("/soknad", url.Values{"_csrf": {tokenA}}), http.StatusForbidden)
	// A's own token works for A.
	expectRedirect(t, a.post("/soknad", url.Values{"_csrf": {tokenA}}), "/soknad")

	// The staff area's tokens are bound to the staff session, not the
	// citizen's.
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	s := newClient(t, app)
	s.login(ps[2].NationalID)
	citizenToken := s.csrf()
	expectStatus(t, s.post("/saksbehandler/logg-inn", url.Values{"_csrf": {citizenToken}, "email": {"siri@nav.test"}, "password": {testkit.StaffPassword}}), http.StatusForbidden)
	expectRedirect(t, s.post("/saksbehandler/logg-inn", url.Values{"email": {"siri@nav.test"}, "password": {testkit.StaffPassword}}), "/saksbehandler")
}

// A post from another site is refused before its token is looked at.
func TestCSRFRefusesCrossSitePosts(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	form := url.Values{"_csrf": {c.csrf()}}
	req := httptest.NewRequest(http.MethodPost, "/soknad", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	expectStatus(t, c.do(req), http.StatusForbidden)
	req = httptest.NewRequest(http.MethodPost, "/soknad", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	expectRedirect(t, c.do(req), "/soknad")
}

// A form posted after the session ended idle reaches the login check (the
// person is asked to log in again), not the "form has expired" page.
func TestFormPostedAfterIdleTimeoutAsksForLogin(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	token := c.csrf()
	clock.Advance(31 * time.Minute)
	expectRedirect(t, c.post("/soknad", url.Values{"_csrf": {token}}), "/logg-inn")
}

// A session lasts at most its absolute lifetime after the login, however
// active the person is.
func TestSessionHasAnAbsoluteLifetime(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	for i := 0; i < 31; i++ { // active every 15 minutes for 7 h 45 min
		clock.Advance(15 * time.Minute)
		expectStatus(t, c.get("/mine-saker"), http.StatusOK)
	}
	clock.Advance(16 * time.Minute) // 8 h 1 min after the login, 16 min idle
	p := c.get("/mine-saker")
	expectRedirect(t, p, "/logg-inn")
}
