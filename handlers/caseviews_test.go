package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The citizen sees on their case page when their case was opened at the
// office and by whom (name and role), one row per person and day, from
// the staff views in the audit log; an office can show "a caseworker at
// the office" instead of names.
func TestCitizenSeesWhoOpenedTheCase(t *testing.T) {
	e := newStaffEnv(t)
	casePath := "/saker/" + e.ref
	openings := func() string {
		t.Helper()
		p := e.citizen.get(casePath)
		expectStatus(t, p, http.StatusOK)
		return p.Doc.Find(`section[aria-labelledby="openings-heading"]`).Text()
	}
	if got := openings(); !strings.Contains(got, "Hvem har åpnet saken din") || !strings.Contains(got, "Ingen ved NAV-kontoret har åpnet saken ennå") {
		t.Fatalf("before any staff view: %q", got)
	}

	siri, lars := e.newC(), e.newC()
	staffLogin(t, siri, "siri@nav.test")
	staffLogin(t, lars, "lars@nav.test")
	expectStatus(t, siri.get("/saksbehandler/saker/"+e.ref), http.StatusOK)
	expectStatus(t, siri.get("/saksbehandler/saker/"+e.ref), http.StatusOK) // twice the same day: one row
	e.clock.Advance(26 * time.Hour)                                         // the next day: both log in again
	staffLogin(t, lars, "lars@nav.test")
	e.citizen.login(persons(t)[1].NationalID)
	if p := lars.get("/saksbehandler/saker/" + e.ref); p.StatusCode != http.StatusOK {
		t.Fatalf("lars: %d %s", p.StatusCode, p.Header.Get("Location"))
	}

	got := openings()
	if !strings.Contains(got, "Siri Saksbehandler, saksbehandler") || !strings.Contains(got, "Lars Leder, leder") {
		t.Fatalf("openings: %q", got)
	}
	if n := strings.Count(got, "Siri Saksbehandler"); n != 1 {
		t.Errorf("Siri's two views the same day show as %d rows", n)
	}
	if strings.Index(got, "Lars Leder") > strings.Index(got, "Siri Saksbehandler") {
		t.Error("the newest opening is not first")
	}
	// The rows come from the audit log's views, which stay complete.
	entries, err := e.st.AuditForCase(context.Background(), e.ref)
	if err != nil {
		t.Fatal(err)
	}
	views := 0
	for _, en := range entries {
		if en.Action == "view" {
			views++
		}
	}
	if views != 3 {
		t.Errorf("%d views in the audit log, want 3", views)
	}

	// The office shows no names: only "a caseworker at NAV Kongsvinger".
	o, err := e.st.Office(context.Background(), "3401")
	if err != nil {
		t.Fatal(err)
	}
	o.StaffNamesHidden = true
	if err := e.st.ReplaceOffice(context.Background(), *o); err != nil {
		t.Fatal(err)
	}
	got = openings()
	if strings.Contains(got, "Siri") || strings.Contains(got, "Lars") || !strings.Contains(got, "En saksbehandler ved NAV Kongsvinger") {
		t.Errorf("with names hidden: %q", got)
	}

	// Another person's case page says nothing of these views.
	other := e.newC()
	other.login(persons(t)[0].NationalID)
	expectStatus(t, other.get(casePath), http.StatusNotFound)
}

func TestUnknownSentValuesAreIgnored(t *testing.T) {
	e, _ := decided(t)
	base := "/saker/" + e.ref
	p := e.citizen.get(base + "?sendt=foo")
	if p.Doc.Find(".notice.success").Length() != 0 || strings.Contains(p.Body, "case.sent.") {
		t.Error("an unknown ?sendt= value is shown")
	}
	if !strings.Contains(e.citizen.get(base+"?sendt=dokument").Doc.Find(".notice.success").Text(), "Dokumentet er sendt") {
		t.Error("a known ?sendt= value is not shown")
	}
	id := sendSimpleAppeal(t, e)
	p = e.citizen.get(base + "/klage/" + id + "?sendt=%3Cb%3Efoo")
	if p.Doc.Find(".notice.success").Length() != 0 || strings.Contains(p.Body, "appeal.sent.") {
		t.Error("an unknown ?sendt= value is shown on the appeal page")
	}
	if !strings.Contains(e.citizen.get(base+"/klage/"+id+"?sendt=trukket").Doc.Find(".notice.success").Text(), "Klagen er trukket") {
		t.Error("a known ?sendt= value is not shown on the appeal page")
	}
}
