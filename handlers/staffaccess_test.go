package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/auth"
	"kvp/casework"
	"kvp/internal/testkit"
)

// A staff session follows the account: a moved caseworker loses the old
// office's cases at once, and a disabled account or a new password ends
// the session.
func TestStaffSessionFollowsTheAccount(t *testing.T) {
	e := newStaffEnv(t)
	ctx := context.Background()
	c := e.newC()
	staffLogin(t, c, "siri@nav.test")
	casePath := "/saksbehandler/saker/" + e.ref
	expectStatus(t, c.get(casePath), http.StatusOK)

	rec, err := e.st.Staff(ctx, "siri@nav.test")
	if err != nil {
		t.Fatal(err)
	}
	rec.Offices = []string{"9991"}
	if err := e.st.SaveStaff(ctx, rec); err != nil {
		t.Fatal(err)
	}
	expectStatus(t, c.get(casePath), http.StatusNotFound)

	rec.Offices = []string{"3401"}
	rec.Disabled = true
	if err := e.st.SaveStaff(ctx, rec); err != nil {
		t.Fatal(err)
	}
	expectRedirect(t, c.get(casePath), "/saksbehandler/logg-inn")
	// A disabled account cannot log in again either.
	p := c.post("/saksbehandler/logg-inn", map[string][]string{"email": {"siri@nav.test"}, "password": {testkit.StaffPassword}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#email-error").Length() == 0 {
		t.Error("a disabled account logged in")
	}

	rec.Disabled = false
	if err := e.st.SaveStaff(ctx, rec); err != nil {
		t.Fatal(err)
	}
	staffLogin(t, c, "siri@nav.test")
	expectStatus(t, c.get(casePath), http.StatusOK)
	hash, err := auth.HashPassword("et nytt passord")
	if err != nil {
		t.Fatal(err)
	}
	rec.PasswordHash = hash
	if err := e.st.SaveStaff(ctx, rec); err != nil {
		t.Fatal(err)
	}
	expectRedirect(t, c.get(casePath), "/saksbehandler/logg-inn")
}

// A booking posted on a conversation request that a colleague closed
// meanwhile shows the message that was typed, since the booking form is
// gone.
func TestConversationBookedOnAClosedRequestKeepsWhatWasTyped(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	testkit.Staff(t, st, "per@nav.test", "Per", "caseworker", "3401")
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	form := conversationForm(c)
	form.Del("name")
	loc := c.post("/samtale", form).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")

	siri, per := newClient(t, app), newClient(t, app)
	staffLogin(t, siri, "siri@nav.test")
	staffLogin(t, per, "per@nav.test")
	v := caseVersion(t, st, ref)
	expectRedirect(t, per.post("/saksbehandler/saker/"+ref+"/avslutt", url.Values{"version": {v}, "closeNote": {"Avklart på telefon."}}), "/saksbehandler/saker/"+ref)
	p := siri.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {v}, "meetingDate": {"2026-11-26"}, "meetingTime": {"09:30"}, "mode": {"phone"}, "place": {"Vi ringer deg på nummeret du ga oss"}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`[role="alert"]`).Length() == 0 {
		t.Error("no conflict message")
	}
	if got := p.Doc.Find("textarea[readonly]").Text(); !strings.Contains(got, "Vi ringer deg på nummeret du ga oss") {
		t.Errorf("the typed place is not shown; read-only fields: %q", got)
	}
	if cs, _ := st.Case(context.Background(), ref); cs.Status != casework.StatusClosed {
		t.Errorf("status %s, want the colleague's closing kept", cs.Status)
	}
}
