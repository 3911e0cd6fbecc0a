package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
)

func TestAdministratorsMaintainOfficesAndRates(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(time.Date(2027, 4, 30, 10, 0, 0, 0, casework.Location()))
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "admin@nav.test", "Anne Admin", "admin", "3401")
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")

	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	for _, u := range []string{"/saksbehandler/admin/kontorer", "/saksbehandler/admin/satser"} {
		expectStatus(t, sb.get(u), http.StatusNotFound)
		expectStatus(t, sb.post(u, url.Values{}), http.StatusNotFound)
	}

	a := newClient(t, app)
	staffLogin(t, a, "admin@nav.test")
	expectStatus(t, a.get("/saksbehandler/admin/kontorer"), http.StatusOK)
	office := url.Values{
		"municipality": {"3403"}, "municipalityName": {"Hamar"}, "officeName": {"NAV Hamar"},
		"visitLine1": {"Torggata 1"}, "visitPostalCode": {"2317"}, "visitTown": {"Hamar"},
		"postLine1": {"Postboks 4"}, "postPostalCode": {"2301"}, "postTown": {"Hamar"},
		"paymentDay": {"12"}, "digitalApply": {"ja"},
		"opens1": {"09:00"}, "closes1": {"15:00"}, "opens2": {"09:00"}, "closes2": {"15:00"}, "opens3": {"10:00"}, "closes3": {"15:00"},
	}
	bad := url.Values{}
	for k, v := range office {
		bad[k] = v
	}
	bad.Set("visitPostalCode", "23")
	bad.Set("closes1", "08:00")
	p := a.post("/saksbehandler/admin/kontorer", bad)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#visitPostalCode-error").Length() != 1 || p.Doc.Find("#closes1-error").Length() != 1 {
		t.Errorf("invalid office accepted: %s", p.Doc.Find(".error-summary").Text())
	}
	if v, _ := p.Doc.Find("#officeName").Attr("value"); v != "NAV Hamar" {
		t.Error("typed values lost")
	}
	expectRedirect(t, a.post("/saksbehandler/admin/kontorer", office), "/saksbehandler/admin/kontorer?lagret=3403")
	o, err := st.Office(context.Background(), "3403")
	if err != nil || o.PaymentDay != 12 || len(o.OpeningHours) != 2 || o.OpeningHours[0].ToDay != 2 {
		t.Fatalf("stored office %+v %v", o, err)
	}
	// The new office is at once on the public pages.
	anon := newClient(t, app)
	if !strings.Contains(anon.get("/utbetaling").Doc.Find("main").Text(), "Hamar: den 12. i hver måned") {
		t.Error("new office not on the payment page")
	}

	// Next year's G, added before its date, shows from that day.
	expectRedirect(t, a.post("/saksbehandler/admin/satser", url.Values{"table": {"g"}, "from": {"2027-05-01"}, "value": {"140000"}}), "/saksbehandler/admin/satser?lagret=1")
	p = a.post("/saksbehandler/admin/satser", url.Values{"table": {"g"}, "from": {"2027-05-01"}, "value": {"1"}})
	if !strings.Contains(p.Doc.Find("#from-error").Text(), "allerede en rad") {
		t.Error("a second row on one date accepted")
	}
	if !strings.Contains(anon.get("/hva-du-kan-fa").Doc.Find("main").Text(), "278\u00a0697") {
		t.Error("new G used before its date")
	}
	clock.Advance(24 * time.Hour)
	if !strings.Contains(anon.get("/hva-du-kan-fa").Doc.Find("main").Text(), "285\u00a0740") {
		t.Error("new G not used from its date")
	}
}
