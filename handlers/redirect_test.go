package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"kvp/internal/testkit"
)

// returnBypasses are return addresses that a browser reads as another
// site, or that become one when decoded once more somewhere: each must be
// refused wherever the portal takes a place to return to.
var returnBypasses = []string{
	"/\t/evil.example", // browsers drop tab, newline and CR anywhere
	"/\n/evil.example",
	"/\r/evil.example",
	"/\r\n/evil.example",
	"\t//evil.example",
	"/\t\\evil.example",
	"/\x00/evil.example",
	"/\x7f/evil.example",
	" //evil.example", // leading spaces are dropped
	"//evil.example",
	"///evil.example",
	"////evil.example",
	"/\\evil.example", // a backslash is a slash to a browser
	"\\\\evil.example",
	"\\/evil.example",
	"/\\/evil.example",
	"/x\\..\\\\evil.example",
	"https://evil.example",
	"http:evil.example",
	"http:/evil.example",
	"HTTPS://evil.example",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"evil.example",
	"@evil.example",
	"%2F%2Fevil.example",
	"%2f%2fevil.example",
	"/%2F/evil.example",
	"/%2f%2fevil.example",
	"/%5Cevil.example",
	"/%5cevil.example",
	"/%5C%5Cevil.example",
	"/%09/evil.example",
	"/%0A/evil.example",
	"/%0D%0ASet-Cookie:%20x=1",
	"%09//evil.example",
	"/%252F%252Fevil.example", // encoded twice
	"/%25252F%25252Fevil.example",
	"/%2",
	"/%zz",
	"/./evil.example",
	"/.//evil.example",
	"/..//evil.example",
	"/%2e%2e//evil.example",
	"/mine-saker/../../evil.example",
	"/mine-saker/%2E%2E/%2E%2E/evil.example",
	"/\u2028/evil.example",
	"/\uff0f/evil.example", // fullwidth solidus
	"/mine saker",
	"",
	"?x=1",
	"#top",
}

// The finding: a tab got past the check of the language switch's return
// address (GET /sprak/en?tilbake=%2F%09%2Fevil.example answered 303 to
// "/<TAB>/evil.example", which a browser reads as http://evil.example/).
func TestLanguageSwitchRefusesReturnAddressesOfOtherSites(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	p := c.get("/sprak/en?tilbake=%2F%09%2Fevil.example")
	expectStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/mine-saker" {
		t.Errorf("Location %q, want /mine-saker", loc)
	}
	for _, bad := range returnBypasses {
		p := c.get("/sprak/en?tilbake=" + url.QueryEscape(bad))
		if loc := p.Header.Get("Location"); p.StatusCode != http.StatusSeeOther || loc != "/mine-saker" {
			t.Errorf("tilbake=%q: %d to %q, want 303 to /mine-saker", bad, p.StatusCode, loc)
		}
	}
	for _, good := range []string{"/", "/hva-du-kan-fa?x=1", "/saker/ABCD-EFGH", "/soknad/steg/om-deg?fra=oppsummering", "/samtale?q=a%20b", "/kalkulator?x=%2F%2F"} {
		p := c.get("/sprak/nn?tilbake=" + url.QueryEscape(good))
		if loc := p.Header.Get("Location"); loc != good {
			t.Errorf("tilbake=%q: Location %q, want it kept", good, loc)
		}
	}
}

// The login's "neste" field goes through the same check: on the login
// page, after the login itself, and when a session is extended.
func TestLoginRefusesReturnAddressesOfOtherSites(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	pid := persons(t)[0].NationalID
	for _, bad := range returnBypasses {
		c := newClient(t, app)
		shown, _ := c.get("/logg-inn?neste=" + url.QueryEscape(bad)).Doc.Find(`input[name="neste"]`).Attr("value")
		if shown != "/mine-saker" {
			t.Errorf("login page with neste=%q carries %q", bad, shown)
		}
		p := c.post("/logg-inn", url.Values{"person": {pid}, "neste": {bad}})
		if loc := p.Header.Get("Location"); p.StatusCode != http.StatusSeeOther || loc != "/mine-saker" {
			t.Errorf("login with neste=%q: %d to %q, want 303 to /mine-saker", bad, p.StatusCode, loc)
		}
		p = c.post("/sesjon/forleng", url.Values{"neste": {bad}})
		if loc := p.Header.Get("Location"); p.StatusCode != http.StatusSeeOther || loc != "/mine-saker" {
			t.Errorf("extending the session with neste=%q: %d to %q", bad, p.StatusCode, loc)
		}
	}
	c := newClient(t, app)
	expectRedirect(t, c.post("/logg-inn", url.Values{"person": {pid}, "neste": {"/soknad?fra=x"}}), "/soknad?fra=x")
}

// The staff area takes return addresses inside the staff area only.
func TestStaffLoginRefusesReturnAddressesOutsideTheStaffArea(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	bad := append([]string{"/saksbehandlerevil", "/saksbehandler.evil.example", "/saksbehandler/../mine-saker", "/saksbehandler/%2e%2e/mine-saker", "/mine-saker", "/saksbehandler/\t/x"}, returnBypasses...)
	staff := newClient(t, app)
	staffLogin(t, staff, "siri@nav.test")
	for i, next := range bad {
		c := newClient(t, app)
		shown, _ := c.get("/saksbehandler/logg-inn?neste=" + url.QueryEscape(next)).Doc.Find(`input[name="neste"]`).Attr("value")
		if shown != "/saksbehandler" {
			t.Errorf("staff login page with neste=%q carries %q", next, shown)
		}
		if i < 8 { // the login limit allows ten logins an address
			p := c.post("/saksbehandler/logg-inn", url.Values{"email": {"siri@nav.test"}, "password": {testkit.StaffPassword}, "neste": {next}})
			if loc := p.Header.Get("Location"); p.StatusCode != http.StatusSeeOther || loc != "/saksbehandler" {
				t.Errorf("staff login with neste=%q: %d to %q, want 303 to /saksbehandler", next, p.StatusCode, loc)
			}
		}
		p := staff.post("/saksbehandler/sesjon/forleng", url.Values{"neste": {next}})
		if loc := p.Header.Get("Location"); p.StatusCode != http.StatusSeeOther || loc != "/saksbehandler" {
			t.Errorf("extending the staff session with neste=%q: %d to %q", next, p.StatusCode, loc)
		}
	}
	c := newClient(t, app)
	expectRedirect(t, c.post("/saksbehandler/logg-inn", url.Values{"email": {"siri@nav.test"}, "password": {testkit.StaffPassword}, "neste": {"/saksbehandler?kontor=3401"}}), "/saksbehandler?kontor=3401")
}
