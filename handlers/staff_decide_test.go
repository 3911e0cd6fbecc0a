package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"kvp/auth"
	"kvp/casework"
	"kvp/internal/testkit"
)

func TestDecisionStartBeforeTheApplicationIsAFieldError(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	// Applied now; a start three weeks earlier is refused.
	early := day(-22)
	p := staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"granted"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"Søkeren har nedsatt arbeidsevne."}, "considerations": {"Programmet passer."}, "start": {iso(early)}, "end": {iso(cal.AddMonths(early, 24))}})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#start-error").Text(); !strings.Contains(got, "før datoen for søknaden") {
		t.Errorf("start before the application: %q", got)
	}
	if p.Doc.Find(`.error-summary a[href="#start"]`).Length() != 1 {
		t.Error("the error summary does not lead to the start date")
	}
	for id, want := range map[string]string{"rules": "Sosialtjenesteloven § 29", "facts": "Søkeren har nedsatt arbeidsevne.", "considerations": "Programmet passer."} {
		if got := strings.TrimSpace(p.Doc.Find("#" + id).Text()); got != want {
			t.Errorf("typed %s not kept: %q", id, got)
		}
	}
	if cs, _ := e.st.Case(context.Background(), e.ref); cs.LatestDecision() != nil {
		t.Error("the refused decision was stored")
	}
}

func TestDecisionStartWithoutARateIsAFieldError(t *testing.T) {
	// An application on Monday 3 February 2020: the shipped G table starts
	// on 1 May 2020, so a start in March has no rate.
	applied := time.Date(2020, 2, 3, 10, 0, 0, 0, casework.Location())
	st := testkit.Store(t)
	clock := testkit.NewClock(applied)
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "siri@nav.test", "Siri Saksbehandler", "caseworker", "3401")
	people, err := auth.TestPersons(applied)
	if err != nil {
		t.Fatal(err)
	}
	citizen := newClient(t, app)
	citizen.login(people[2].NationalID)
	fillApplication(t, citizen)
	id, _ := citizen.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := citizen.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	ref := strings.TrimSuffix(strings.TrimPrefix(loc, "/saker/"), "/kvittering")
	e := &staffEnv{st: st, clock: clock, citizen: citizen, ref: ref}
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	p := staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"granted"}, "rules": {"r-tekst"}, "facts": {"f-tekst"}, "considerations": {"c-tekst"}, "start": {"2020-03-02"}, "end": {"2022-03-02"}})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#start-error").Text(); !strings.Contains(got, "ingen sats") {
		t.Errorf("start without a rate: %q", got)
	}
	if got := strings.TrimSpace(p.Doc.Find("#considerations").Text()); got != "c-tekst" {
		t.Errorf("typed considerations not kept: %q", got)
	}
	// The child supplement table starts in 2023: a start in June 2020
	// (G in force) still lacks the supplement for the two children.
	p = staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {"2020-06-01"}, "end": {"2022-06-01"}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#start-error").Text(), "ingen sats") {
		t.Errorf("start without a child supplement rate: %q", p.Doc.Find("#start-error").Text())
	}
	if cs, _ := st.Case(context.Background(), ref); cs.LatestDecision() != nil || cs.Status == casework.StatusDecided {
		t.Error("a decision without a rate was stored")
	}
}

func TestExtensionKeepsTheFirstDecisionReadable(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	expectRedirect(t, staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"granted"}, "rules": {"Første vedtaks regler"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(grantStart)}, "end": {iso(grantEnd)}}), "/saksbehandler/saker/"+e.ref)
	expectRedirect(t, staffPost(t, e, sb, "/forleng", url.Values{"newEnd": {iso(extendedEnd)}, "extRules": {"Særlige grunner"}, "extFacts": {"f"}, "extConsiderations": {"c"}}), "/saksbehandler/saker/"+e.ref)
	cp := e.citizen.get("/saker/" + e.ref)
	if !strings.Contains(cp.Doc.Find("section.letter").First().Text(), "Programmet er forlenget") {
		t.Error("the extension is not the decision shown first")
	}
	earlier := cp.Doc.Find("details")
	if earlier.Length() != 1 || !strings.Contains(earlier.Text(), "Vedtak: Innvilget") || !strings.Contains(earlier.Text(), "Første vedtaks regler") {
		t.Errorf("the first decision is not readable: %q", earlier.Text())
	}
	// Headings as forvaltningsloven § 25 names them, ids unique.
	if !strings.Contains(cp.Body, "Opplysningene vedtaket bygger på") || strings.Contains(cp.Body, "Det vi har lagt vekt på<") {
		t.Error("the facts heading is wrong")
	}
	ids := map[string]bool{}
	cp.Doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if ids[id] {
			t.Errorf("id %q is used twice", id)
		}
		ids[id] = true
	})
}
