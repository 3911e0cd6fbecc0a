package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/auth"
	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/notify"
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
	p := siri.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {v}, "meetingDate": {iso(day(3))}, "meetingTime": {"09:30"}, "mode": {"phone"}, "place": {"Vi ringer deg på nummeret du ga oss"}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`[role="alert"]:not([hidden])`).Length() == 0 {
		t.Error("no conflict message")
	}
	if got := p.Doc.Find("textarea[readonly]").Text(); !strings.Contains(got, "Vi ringer deg på nummeret du ga oss") {
		t.Errorf("the typed place is not shown; read-only fields: %q", got)
	}
	if cs, _ := st.Case(context.Background(), ref); cs.Status != casework.StatusClosed {
		t.Errorf("status %s, want the colleague's closing kept", cs.Status)
	}
}

// fakeSender accepts every notice on its channel.
type fakeSender struct{ channel string }

func (f fakeSender) Channel() string { return f.channel }
func (f fakeSender) Send(context.Context, string, string, string) error {
	return nil
}

// sendNotices sends what is in the outbox now, by e-mail and SMS.
func sendNotices(t *testing.T, e *staffEnv) {
	t.Helper()
	senders := []notify.Sender{fakeSender{notify.ChannelEmail}, fakeSender{notify.ChannelSMS}}
	if _, err := notify.Dispatch(context.Background(), e.st, senders, casework.NorwegianCalendar(), e.clock.Now(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
}

// The appeal deadline starts when the notice about the decision is sent,
// not when the decision is recorded (forvaltningsloven § 29,
// eForvaltningsforskriften § 11); the staff page says so until then.
func TestAppealDeadlineStartsWhenTheNoticeIsSent(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	casePath := "/saksbehandler/saker/" + e.ref
	expectRedirect(t, sb.post(casePath+"/vedtak", url.Values{"version": {caseVersion(t, e.st, e.ref)}, "outcome": {"rejected"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}}), casePath)
	if text := sb.get(casePath).Doc.Find("main").Text(); !strings.Contains(text, "Klagefristen har ikke begynt å løpe") {
		t.Error("the staff page does not say the appeal deadline has not started")
	}
	// The mail server was down for two days; the deadline is three weeks
	// from when the notice goes out.
	e.clock.Advance(days(2))
	sendNotices(t, e)
	want := cal.AppealDeadline(e.clock.Now())
	staffLogin(t, sb, "siri@nav.test") // the session ended meanwhile
	cs, _ := e.st.Case(context.Background(), e.ref)
	d := cs.LatestDecision()
	if got := iso(d.AppealDeadline); got != iso(want) {
		t.Errorf("appeal deadline %s, want %s (three weeks from the notice)", got, iso(want))
	}
	if text := sb.get(casePath).Doc.Find("main").Text(); !strings.Contains(text, "Klagefristen går ut "+nb.Date(want)) {
		t.Error("the staff page does not show the deadline from the notice")
	}
	// Opening the decision later moves nothing.
	e.clock.Advance(days(1))
	e.citizen.login(persons(t)[1].NationalID)
	if p := e.citizen.get("/saker/" + e.ref); !strings.Contains(p.Doc.Find("main").Text(), nb.Date(want)) {
		t.Error("the citizen does not see the deadline from the notice")
	}
	cs, _ = e.st.Case(context.Background(), e.ref)
	if got := iso(cs.LatestDecision().AppealDeadline); got != iso(want) {
		t.Errorf("opening moved the deadline to %s", got)
	}
}

// On a new case the notice list shows the receipt notice waiting in the
// outbox, without claiming the person gave no contact details.
func TestNoNoticesYetIsNotNoContact(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	text := sb.get("/saksbehandler/saker/" + e.ref).Doc.Find("main").Text()
	if !strings.Contains(text, "Ikke sendt ennå til kari@example.no") || strings.Contains(text, "har ikke oppgitt e-post eller telefon") {
		t.Errorf("notice list on a new case: %s", text)
	}
	// The answers speak about the applicant to staff, and to the
	// applicant on their own page.
	for _, want := range []string{"Om søkeren", "Målet til søkeren", "Dokumenter i saken"} {
		if !strings.Contains(text, want) {
			t.Errorf("staff case page lacks %q", want)
		}
	}
	if strings.Contains(text, "Om deg") || strings.Contains(text, "Målet ditt") {
		t.Error("the staff case page speaks to the applicant")
	}
	if mine := e.citizen.get("/saker/" + e.ref).Doc.Find("main").Text(); !strings.Contains(mine, "Om deg") || !strings.Contains(mine, "Målet ditt") {
		t.Error("the applicant's case page no longer speaks to them")
	}
}
