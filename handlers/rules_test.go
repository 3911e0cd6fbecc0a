package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
)

// The under-25 share and the start limit are rows an administrator adds
// with an effective date; the calculator and the information pages follow
// them from that day.
func TestAdministratorsChangeTheRules(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(time.Date(2027, 4, 30, 10, 0, 0, 0, casework.Location()))
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "admin@nav.test", "Anne Admin", "admin", "3401")
	a := newClient(t, app)
	staffLogin(t, a, "admin@nav.test")

	p := a.get("/saksbehandler/admin/satser")
	if text := p.Doc.Find("main").Text(); !strings.Contains(text, "2/3 (to tredjedeler)") || !strings.Contains(text, "6 måneder") {
		t.Errorf("the rule tables are not shown: %s", text)
	}
	// A share that is not a fraction is refused next to the field, with
	// what was typed kept.
	p = a.post("/saksbehandler/admin/satser", url.Values{"table": {"under25"}, "from": {"2027-05-01"}, "value": {"75"}})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#value-error").Text(); !strings.Contains(got, "brøk") {
		t.Errorf("value error %q", got)
	}
	if v, _ := p.Doc.Find("#value").Attr("value"); v != "75" {
		t.Errorf("typed value not kept: %q", v)
	}
	expectRedirect(t, a.post("/saksbehandler/admin/satser", url.Values{"table": {"under25"}, "from": {"2027-05-01"}, "value": {"3/4"}}), "/saksbehandler/admin/satser?lagret=1")
	expectRedirect(t, a.post("/saksbehandler/admin/satser", url.Values{"table": {"latestStart"}, "from": {"2027-05-01"}, "value": {"4"}}), "/saksbehandler/admin/satser?lagret=1")

	citizen := newClient(t, app)
	before := citizen.get("/kalkulator?alder=20").Doc.Find("#result").Text()
	if !strings.Contains(before, "to tredjedeler") {
		t.Errorf("calculator before the change: %s", before)
	}
	if !strings.Contains(citizen.get("/etter-at-du-har-sokt").Doc.Find("main").Text(), "Oppstart innen 6 måneder") {
		t.Error("the start limit before the change is not 6 months")
	}
	clock.Advance(24 * time.Hour) // 1 May 2027
	after := citizen.get("/kalkulator?alder=20").Doc.Find("#result").Text()
	if strings.Contains(after, "to tredjedeler") || !strings.Contains(after, "3/4") {
		t.Errorf("calculator after the change: %s", after)
	}
	if !strings.Contains(citizen.get("/etter-at-du-har-sokt").Doc.Find("main").Text(), "Oppstart innen 4 måneder") {
		t.Error("the start limit after the change is not 4 months")
	}
}

// Opening hours name the weekdays as each language writes them.
func TestOpeningHoursPerLanguage(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	if text := c.get("/kontakt").Doc.Find("main").Text(); !strings.Contains(text, "Mandag–fredag") {
		t.Errorf("Bokmål hours: %s", text)
	}
	c.get("/sprak/en")
	if text := c.get("/kontakt").Doc.Find("main").Text(); !strings.Contains(text, "Monday–Friday") {
		t.Errorf("English hours: %s", text)
	}
}
