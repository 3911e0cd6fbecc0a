package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/internal/testkit"
)

// A conversation request is booked from the inbox like an application:
// its row links to the booking form, open on the request's page; once
// booked, the row offers a new time; a closed request offers nothing.
func TestBookConversationFromInbox(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(testkit.Now()))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	anon := newClient(t, app)
	loc := anon.post("/samtale", conversationForm(anon)).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")

	bookLink := func(label string) string {
		t.Helper()
		inbox := sb.get("/saksbehandler?kontor=3401&vis=requests")
		row := inbox.Doc.Find(`a[href="/saksbehandler/saker/` + ref + `"]`).Closest("tr")
		a := row.Find(`a[href*="skjema=samtale"]`)
		if label == "" {
			if a.Length() != 0 {
				t.Errorf("row offers %q", a.Text())
			}
			return ""
		}
		if !strings.HasPrefix(strings.TrimSpace(a.Text()), label) {
			t.Fatalf("row link %q, want %q", a.Text(), label)
		}
		href, _ := a.Attr("href")
		return href
	}
	href := bookLink("Book samtale")
	p := sb.get(href)
	expectStatus(t, p, http.StatusOK)
	form := p.Doc.Find(`details#action-samtale[open] form[action="/saksbehandler/saker/` + ref + `/samtale"]`)
	if form.Length() != 1 || form.Find("#meetingDate").Length() != 1 {
		t.Fatal("the booking form is not open on the request's page")
	}
	meeting := dayAt(3, 10, 0)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {caseVersion(t, st, ref)}, "meetingDate": {iso(meeting)}, "meetingTime": {"10:00"}, "mode": {"phone"}, "place": {"Vi ringer deg"}}), "/saksbehandler/saker/"+ref)
	bookLink("Book ny tid")
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/avslutt", url.Values{"version": {caseVersion(t, st, ref)}}), "/saksbehandler/saker/"+ref)
	// Closed: not in the requests view; in the list of all, no link.
	inbox := sb.get("/saksbehandler?kontor=3401")
	if inbox.Doc.Find(`a[href="/saksbehandler/saker/`+ref+`"]`).Closest("tr").Find(`a[href*="skjema=samtale"]`).Length() != 0 {
		t.Error("a closed request offers booking")
	}
	// A closed request's page does not open a form that is not there.
	if p := sb.get("/saksbehandler/saker/" + ref + "?skjema=samtale"); p.Doc.Find("details#action-samtale").Length() != 0 {
		t.Error("a closed request shows the booking form")
	}
}
