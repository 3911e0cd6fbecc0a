package handlers_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/internal/testkit"
	"kvp/notify"
	"kvp/notify/notifytest"
	"kvp/store"
)

// publicURL is the portal's address in the tests (handlers.New's default).
const publicURL = "http://127.0.0.1:8080"

// mailbox runs the outbox against a real SMTP server in the test.
type mailbox struct {
	t     *testing.T
	st    *store.Store
	clock *testkit.Clock
	srv   *notifytest.Server
	msgs  *i18n.Bundle
}

func newMailbox(t *testing.T, st *store.Store, clock *testkit.Clock) *mailbox {
	msgs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &mailbox{t: t, st: st, clock: clock, srv: notifytest.Start(t, notifytest.Options{TLS: notify.TLSStartTLS}), msgs: msgs}
}

// send runs the outbox now and returns what arrived.
func (m *mailbox) send() []*notifytest.Parsed {
	m.t.Helper()
	before := len(m.srv.Messages())
	if _, err := notify.Dispatch(context.Background(), m.st, []notify.Sender{m.srv.Sender("ikke-svar@nav.test")}, casework.NorwegianCalendar(), m.clock.Now(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		m.t.Fatal(err)
	}
	var out []*notifytest.Parsed
	for _, raw := range m.srv.Messages()[before:] {
		p, err := notifytest.Parse(raw)
		if err != nil {
			m.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// expect sends the outbox and checks that exactly one e-mail arrived,
// with subject, in lang, linking to link, and carrying none of secrets.
func (m *mailbox) expect(subject, lang, link string, secrets ...string) {
	m.t.Helper()
	got := m.send()
	if len(got) != 1 {
		var subjects []string
		for _, p := range got {
			subjects = append(subjects, p.Subject)
		}
		m.t.Fatalf("%d e-mails arrived (%q), want one %q", len(got), subjects, subject)
	}
	p := got[0]
	full := publicURL + link
	if p.Subject != subject || p.Header.Get("Content-Language") != lang || !strings.Contains(p.Text, "\n"+full+"\n") || !strings.Contains(p.HTML, `<a href="`+html.EscapeString(full)+`">`) {
		m.t.Errorf("e-mail %q (%s), want %q (%s) with %s:\n%s", p.Subject, p.Header.Get("Content-Language"), subject, lang, link, p.Text)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(p.Subject+p.Text+p.HTML, s) {
			m.t.Errorf("e-mail %q carries %q", p.Subject, s)
		}
	}
}

// remind runs the reminder job now and returns how many it queued.
func (m *mailbox) remind() int {
	m.t.Helper()
	n, err := notify.Reminders(context.Background(), m.st, m.msgs, publicURL, m.clock.Now())
	if err != nil {
		m.t.Fatal(err)
	}
	return n
}

// Every notice an application can give arrives by e-mail, in the language
// the person applied in: the receipt, news from the office, the reminders
// before the conversation and the documentation deadline, the decision,
// the second notice and the receipt of an appeal. None carries a name or
// anything from the case.
func TestEveryApplicationNoticeArrivesInThePersonsLanguage(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "siri@nav.test", "Siri Saksbehandler", "caseworker", "3401")
	mb := newMailbox(t, st, clock)
	person := persons(t)[1]
	citizen := newClient(t, app)
	citizen.get("/sprak/nn")
	citizen.login(person.NationalID)
	fillApplication(t, citizen)
	draft, _ := citizen.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := citizen.post("/soknad/send", url.Values{"draft": {draft}}).Header.Get("Location")
	ref := strings.TrimSuffix(strings.TrimPrefix(loc, "/saker/"), "/kvittering")
	// A second click sends nothing more.
	expectRedirect(t, citizen.post("/soknad/send", url.Values{"draft": {draft}}), "/saker/"+ref+"/kvittering")
	secrets := []string{person.Name, person.NationalID, "Storgata", "Butikk", "Kongsvinger", "8 500", "Rom 2", "Kontoutskrift", "Inntekta"}
	casePage := "/saker/" + ref
	mb.expect("Vi har fått søknaden din", "nn", casePage, secrets...)

	// The office books a conversation in five days and asks for documents
	// within ten: news, each.
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	staffCase := "/saksbehandler/saker/" + ref
	meeting := dayAt(5, 9, 30)
	expectRedirect(t, sb.post(staffCase+"/samtale", url.Values{"version": {caseVersion(t, st, ref)}, "meetingDate": {iso(meeting)}, "meetingTime": {"09:30"}, "mode": {"office"}, "place": {"Rom 2"}}), staffCase)
	mb.expect("Nytt i saka di hos NAV", "nn", casePage, secrets...)
	expectRedirect(t, sb.post(staffCase+"/dokumentasjon", url.Values{"documents": {"Kontoutskrift"}, "docReason": {"Inntekta"}, "deadline": {iso(dayAt(10, 0, 0))}, "version": {caseVersion(t, st, ref)}}), staffCase)
	mb.expect("Nytt i saka di hos NAV", "nn", casePage, secrets...)
	if n := mb.remind(); n != 0 {
		t.Errorf("%d reminders on the day of booking", n)
	}

	// The day before the conversation, and three days before the deadline.
	clock.Advance(dayAt(4, 7, 0).Sub(clock.Now()))
	if n := mb.remind(); n != 1 {
		t.Fatalf("the day before the conversation: %d reminders", n)
	}
	if n := mb.remind(); n != 0 {
		t.Errorf("the job ran twice and queued %d more", n)
	}
	mb.expect("Påminning: samtale med NAV", "nn", casePage, secrets...)
	clock.Advance(dayAt(7, 7, 0).Sub(clock.Now()))
	if n := mb.remind(); n != 1 {
		t.Fatalf("three days before the deadline: %d reminders", n)
	}
	if n := mb.remind(); n != 0 {
		t.Errorf("the job ran twice and queued %d more", n)
	}
	mb.expect("Påminning: frist for dokumentasjon", "nn", casePage, secrets...)

	// The decision, and a second notice a week later when it is unopened.
	staffLogin(t, sb, "siri@nav.test")
	// The deadline for the documents has not passed: confirmed.
	expectRedirect(t, sb.post(staffCase+"/vedtak", url.Values{"version": {caseVersion(t, st, ref)}, "outcome": {"rejected"}, "rules": {"Sosialtenestelova § 29"}, "facts": {"f"}, "considerations": {"c"}, "bekreft": {"ja"}}), staffCase)
	mb.expect("Nytt i saka di hos NAV", "nn", casePage, append(secrets, "Avslått", "Avslag")...)
	clock.Advance(days(7) + time.Hour)
	if n, err := notify.SecondNotices(context.Background(), st, mb.msgs, publicURL, clock.Now()); err != nil || n != 1 {
		t.Fatalf("second notice: %d %v", n, err)
	}
	mb.expect("Påminning: du har eit vedtak frå NAV", "nn", casePage, secrets...)

	// An appeal: its receipt links to the appeal.
	citizen.login(person.NationalID)
	appeal := sendSimpleAppeal(t, &staffEnv{st: st, clock: clock, citizen: citizen, ref: ref})
	mb.expect("Vi har fått klaga di", "nn", casePage+"/klage/"+appeal, append(secrets, "Innvilg")...)

	ns, _ := st.NoticesForCase(context.Background(), ref)
	kinds := map[string]int{}
	for _, n := range ns {
		kinds[n.Kind]++
	}
	want := map[string]int{notify.KindReceivedApplication: 1, notify.KindNews: 2, notify.KindReminderMeeting: 1, notify.KindReminderDocuments: 1, notify.KindDecision: 1, notify.KindSecond: 1, notify.KindReceivedAppeal: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d notices of kind %s, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
}

// A conversation request made without logging in: the receipt, the
// booking and the reminder go to the e-mail given, in the language the
// request was made in, with the link to the request's receipt.
func TestConversationNoticesWithoutLogin(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "siri@nav.test", "Siri Saksbehandler", "caseworker", "3401")
	mb := newMailbox(t, st, clock)
	anon := newClient(t, app)
	anon.get("/sprak/en")
	form := conversationForm(anon)
	form.Set("email", "kari@example.no")
	receipt := anon.post("/samtale", form).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(receipt, "?")[0], "/samtale/kvittering/")
	// A double submit is one request and one notice.
	anon.post("/samtale", form)
	secrets := []string{"Kari", "Nordmann", "912 34 567", "Jeg vil vite mer", "Vi ringer deg"}
	mb.expect("We have received your request for a conversation", "en", receipt, secrets...)

	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {caseVersion(t, st, ref)}, "meetingDate": {iso(dayAt(3, 0, 0))}, "meetingTime": {"09:30"}, "mode": {"phone"}, "place": {"Vi ringer deg"}}), "/saksbehandler/saker/"+ref)
	mb.expect("Answer to your request for a conversation", "en", receipt, secrets...)
	clock.Advance(dayAt(2, 8, 0).Sub(clock.Now()))
	if n := mb.remind(); n != 1 {
		t.Fatalf("%d reminders the day before", n)
	}
	mb.expect("Reminder: conversation with NAV", "en", receipt, secrets...)
}

// A logged-in request is on «Mine saker»: its receipt notice links there.
// Someone who gave only a phone number gets an SMS notice, which waits in
// the outbox, with the reason, until an SMS gateway is connected.
func TestConversationNoticeLoggedIn(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	mb := newMailbox(t, st, clock)
	c := newClient(t, app)
	c.login(persons(t)[2].NationalID)
	form := conversationForm(c)
	form.Set("email", "ola@example.no")
	loc := c.post("/samtale", form).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")
	mb.expect("Vi har mottatt forespørselen din om samtale", "nb", "/saker/"+ref, persons(t)[2].Name)

	anon := newClient(t, app)
	loc = anon.post("/samtale", conversationForm(anon)).Header.Get("Location")
	ref = strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")
	if got := mb.send(); len(got) != 0 {
		t.Errorf("%d e-mails for a request with only a phone number", len(got))
	}
	ns, _ := st.NoticesForCase(context.Background(), ref)
	if len(ns) != 1 || ns[0].Channel != notify.ChannelSMS || ns[0].Kind != notify.KindReceivedConversation || !strings.Contains(ns[0].LastError, "no sender") {
		t.Errorf("SMS notice: %+v", ns)
	}
}
