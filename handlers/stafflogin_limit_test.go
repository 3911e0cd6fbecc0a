package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"kvp/internal/testkit"
)

// The staff login limit counts tries per account as the login finds it,
// not per e-mail as typed: login ignores case and surrounding spaces, so
// "SIRI@nav.test " must not get ten tries of its own.
func TestStaffLoginLimitCountsTheAccountNotTheSpelling(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	testkit.Staff(t, st, "per@nav.test", "Per", "caseworker", "3401")
	c := newClient(t, app)
	try := func(email string) *page {
		return c.post("/saksbehandler/logg-inn", url.Values{"email": {email}, "password": {"feil"}})
	}
	for i := 0; i < 10; i++ {
		expectStatus(t, try("siri@nav.test"), http.StatusOK)
	}
	for _, variant := range []string{"siri@nav.test", "SIRI@nav.test", " siri@nav.test", "siri@nav.test\t", "  Siri@NAV.test  "} {
		p := try(variant)
		expectStatus(t, p, http.StatusTooManyRequests)
	}
	// The right password does not get past the limit either.
	p := c.post("/saksbehandler/logg-inn", url.Values{"email": {" Siri@Nav.Test"}, "password": {testkit.StaffPassword}})
	expectStatus(t, p, http.StatusTooManyRequests)
	// Another account from the same address has tries of its own.
	staffLogin(t, c, "per@nav.test")
}
