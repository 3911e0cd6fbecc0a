package notify_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/internal/testkit"
	"kvp/notify"
	"kvp/notify/notifytest"
	"kvp/store"
)

const base = "https://kvp.example"

var worker = casework.Staff{Email: "siri@nav.test", Name: "Siri Saksbehandler"}

// day is the Oslo date d days after the test clock's date, at hh:mm.
func day(d, hh, mm int) time.Time {
	y, m, dd := testkit.Now().In(casework.Location()).Date()
	return time.Date(y, m, dd+d, hh, mm, 0, 0, casework.Location())
}

type reminderEnv struct {
	t     *testing.T
	st    *store.Store
	msgs  *i18n.Bundle
	clock *testkit.Clock
	srv   *notifytest.Server
}

func newReminderEnv(t *testing.T) *reminderEnv {
	msgs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &reminderEnv{t: t, st: testkit.Store(t), msgs: msgs, clock: testkit.NewClock(testkit.Now()), srv: notifytest.Start(t, notifytest.Options{TLS: notify.TLSStartTLS})}
}

// application stores an application sent at the clock's time by someone
// who wrote in lang, with its receipt notice.
func (e *reminderEnv) application(lang string) *casework.Case {
	e.t.Helper()
	ref, err := casework.NewReference()
	if err != nil {
		e.t.Fatal(err)
	}
	d := &casework.Draft{ID: "draft-" + ref, Answers: casework.Answers{Contact: casework.Contact{Email: "kari@example.no", Phone: "91234567"}}}
	cs := casework.NewCase(ref, d, casework.Person{NationalID: "0101" + ref[:4], Name: "Kari Nordmann"}, casework.Office{Municipality: "3401", Name: "NAV Kongsvinger"}, e.clock.Now(), casework.NorwegianCalendar())
	if _, _, err := e.st.SubmitCase(context.Background(), cs); err != nil {
		e.t.Fatal(err)
	}
	r := notify.Receipt{Kind: notify.KindReceivedApplication, Key: notify.ReceivedKey(ref, ""), Path: "/saker/" + ref}
	if err := notify.Received(context.Background(), e.st, e.msgs.For(lang), cs, r, base, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	return cs
}

// change applies f to the stored case at the clock's time.
func (e *reminderEnv) change(ref string, f func(cs *casework.Case, now time.Time) error) {
	e.t.Helper()
	cs, err := e.st.Case(context.Background(), ref)
	if err != nil {
		e.t.Fatal(err)
	}
	v := cs.Version
	if err := f(cs, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.UpdateCase(context.Background(), cs, v); err != nil {
		e.t.Fatal(err)
	}
}

// remind runs the reminder job at the clock's time.
func (e *reminderEnv) remind() int {
	e.t.Helper()
	n, err := notify.Reminders(context.Background(), e.st, e.msgs, base, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// send runs the outbox at the clock's time against the SMTP server and
// returns the messages that arrived, read.
func (e *reminderEnv) send() []*notifytest.Parsed {
	e.t.Helper()
	before := len(e.srv.Messages())
	if _, err := notify.Dispatch(context.Background(), e.st, []notify.Sender{e.srv.Sender("ikke-svar@nav.test")}, casework.NorwegianCalendar(), e.clock.Now(), quiet); err != nil {
		e.t.Fatal(err)
	}
	var out []*notifytest.Parsed
	for _, m := range e.srv.Messages()[before:] {
		p, err := notifytest.Parse(m)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func (e *reminderEnv) at(t time.Time) { e.clock.Advance(t.Sub(e.clock.Now())) }

// noCaseContent fails when a notice carries anything from the case.
func noCaseContent(t *testing.T, p *notifytest.Parsed, secrets ...string) {
	t.Helper()
	for _, s := range append(secrets, "Kari", "Nordmann", "kari@example.no", "91234567") {
		if strings.Contains(p.Subject+p.Text+p.HTML, s) {
			t.Errorf("notice %q carries %q", p.Subject, s)
		}
	}
}

func TestRemindersAreQueuedOnceAndArrive(t *testing.T) {
	e := newReminderEnv(t)
	cs := e.application("nn")
	if got := e.send(); len(got) != 1 || got[0].Subject != "Vi har fått søknaden din" || !strings.Contains(got[0].Text, base+"/saker/"+cs.ID) {
		t.Fatalf("receipt: %+v", got)
	}
	meeting := day(5, 9, 30)
	e.change(cs.ID, func(c *casework.Case, now time.Time) error {
		if err := c.RequestDocuments(casework.DocRequest{Documents: "Kontoutskrift", Reason: "Inntekt", Deadline: day(10, 0, 0)}, worker, now); err != nil {
			return err
		}
		return c.BookMeeting(casework.Meeting{At: meeting, Mode: "office", Place: "Rom 2"}, worker, now)
	})
	if n := e.remind(); n != 0 {
		t.Errorf("%d reminders on the day of the request", n)
	}

	// The day before the conversation: one reminder, however often the
	// job runs.
	e.at(day(4, 0, 5))
	if n := e.remind(); n != 1 {
		t.Fatalf("the day before the conversation: %d reminders", n)
	}
	if n := e.remind(); n != 0 {
		t.Errorf("a second run queued %d more", n)
	}
	got := e.send()
	if len(got) != 1 || got[0].Subject != "Påminning: samtale med NAV" || !strings.Contains(got[0].Text, base+"/saker/"+cs.ID) || got[0].Header.Get("Content-Language") != "nn" {
		t.Fatalf("meeting reminder: %+v", got)
	}
	noCaseContent(t, got[0], "Rom 2", "09:30", "09.30", "Kongsvinger", "Kontoutskrift", "Inntekt")

	// Three days before the documentation deadline.
	e.at(day(7, 0, 5))
	if n := e.remind(); n != 1 {
		t.Fatalf("three days before the deadline: %d reminders", n)
	}
	e.clock.Advance(10 * time.Minute)
	if n := e.remind(); n != 0 {
		t.Errorf("a second run queued %d more", n)
	}
	got = e.send()
	if len(got) != 1 || got[0].Subject != "Påminning: frist for dokumentasjon" || !strings.Contains(got[0].HTML, `href="`+base+"/saker/"+cs.ID+`"`) {
		t.Fatalf("documents reminder: %+v", got)
	}
	noCaseContent(t, got[0], "Kontoutskrift", "Inntekt")
	e.at(day(9, 12, 0))
	if n := e.remind(); n != 0 || len(e.send()) != 0 {
		t.Errorf("reminded again later: %d", n)
	}
	ns, _ := e.st.NoticesForCase(context.Background(), cs.ID)
	if len(ns) != 3 {
		t.Errorf("%d notices in the outbox, want the receipt and two reminders", len(ns))
	}
}

// Two instances running the job at once still queue one reminder.
func TestRemindersOnTwoInstancesQueueOne(t *testing.T) {
	e := newReminderEnv(t)
	cs := e.application("nb")
	e.change(cs.ID, func(c *casework.Case, now time.Time) error {
		return c.BookMeeting(casework.Meeting{At: day(5, 9, 30), Mode: "phone", Place: "Vi ringer deg"}, worker, now)
	})
	e.at(day(4, 8, 0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := notify.Reminders(context.Background(), e.st, e.msgs, base, e.clock.Now())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 1 {
		t.Errorf("two runs at once queued %d reminders", total)
	}
	got := e.send()
	if len(got) != 2 || got[1].Subject != "Påminnelse: samtale med NAV" {
		t.Errorf("sent: %d", len(got))
	}
}

func TestNoDocumentsReminderOnceSomethingIsSent(t *testing.T) {
	e := newReminderEnv(t)
	cs := e.application("nb")
	e.change(cs.ID, func(c *casework.Case, now time.Time) error {
		return c.RequestDocuments(casework.DocRequest{Documents: "Kontoutskrift", Deadline: day(10, 0, 0)}, worker, now)
	})
	e.at(day(2, 11, 0))
	e.change(cs.ID, func(c *casework.Case, now time.Time) error {
		return c.UploadDocuments([]casework.FileRef{{FileID: "f1", Name: "kontoutskrift.pdf"}}, now)
	})
	for _, d := range []int{7, 8, 10} {
		e.at(day(d, 9, 0))
		if n := e.remind(); n != 0 {
			t.Errorf("day %d: %d reminders after the documents were sent", d, n)
		}
	}
	if got := e.send(); len(got) != 1 { // the receipt only
		t.Errorf("%d messages", len(got))
	}
}

func TestNoReminderForACancelledOrMovedConversation(t *testing.T) {
	e := newReminderEnv(t)
	ctx := context.Background()
	// A conversation request, booked, then closed by the office.
	ref, _ := casework.NewReference()
	req := casework.NewConversationCase(ref, casework.ConversationRequest{Name: "Kari Nordmann", Email: "kari@example.no"}, casework.Person{}, casework.Office{Municipality: "3401", Name: "NAV Kongsvinger"}, e.clock.Now())
	if _, _, err := e.st.SubmitCase(ctx, req); err != nil {
		t.Fatal(err)
	}
	receipt := "/samtale/kvittering/" + ref + "?s=0123abcd"
	if err := notify.Received(ctx, e.st, e.msgs.For("en"), req, notify.Receipt{Kind: notify.KindReceivedConversation, Key: notify.ReceivedKey(ref, ""), Path: receipt}, base, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.change(ref, func(c *casework.Case, now time.Time) error {
		return c.BookConversation(casework.Meeting{At: day(5, 9, 30), Mode: "office", Place: "Rom 2"}, worker, now)
	})
	// An application whose person asked to move the conversation, and
	// which the office then booked for another time.
	cs := e.application("nb")
	e.change(cs.ID, func(c *casework.Case, now time.Time) error {
		return c.BookMeeting(casework.Meeting{At: day(5, 13, 0), Mode: "office", Place: "Rom 3"}, worker, now)
	})
	e.at(day(1, 9, 0))
	e.change(cs.ID, func(c *casework.Case, now time.Time) error { return c.AskToMoveMeeting("Passer ikke", now) })
	e.change(ref, func(c *casework.Case, now time.Time) error { return c.CloseConversation("Avlyst", worker, now) })
	e.send() // the receipts

	e.at(day(4, 9, 0))
	if n := e.remind(); n != 0 {
		t.Errorf("%d reminders for a cancelled conversation and one asked to be moved", n)
	}
	e.at(day(5, 8, 0))
	e.change(cs.ID, func(c *casework.Case, now time.Time) error {
		return c.BookMeeting(casework.Meeting{At: day(8, 10, 0), Mode: "video", Place: "Lenke kommer"}, worker, now)
	})
	if n := e.remind(); n != 0 {
		t.Errorf("%d reminders of the old time", n)
	}
	e.at(day(7, 9, 0))
	if n := e.remind(); n != 1 {
		t.Errorf("the new time: %d reminders", n)
	}
	got := e.send()
	if len(got) != 1 || got[0].Subject != "Påminnelse: samtale med NAV" || !strings.Contains(got[0].Text, base+"/saker/"+cs.ID) {
		t.Errorf("reminder of the new time: %+v", got)
	}
}

// Someone who asked for a conversation without logging in is reminded by
// the contact they gave, with the link to their receipt, in their language.
func TestConversationReminderLinksToTheReceipt(t *testing.T) {
	e := newReminderEnv(t)
	ctx := context.Background()
	ref, _ := casework.NewReference()
	req := casework.NewConversationCase(ref, casework.ConversationRequest{Name: "Kari Nordmann", Email: "kari@example.no"}, casework.Person{}, casework.Office{Municipality: "3401", Name: "NAV Kongsvinger"}, e.clock.Now())
	if _, _, err := e.st.SubmitCase(ctx, req); err != nil {
		t.Fatal(err)
	}
	receipt := "/samtale/kvittering/" + ref + "?s=0123abcd"
	if err := notify.Received(ctx, e.st, e.msgs.For("en"), req, notify.Receipt{Kind: notify.KindReceivedConversation, Key: notify.ReceivedKey(ref, ""), Path: receipt}, base, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	got := e.send()
	if len(got) != 1 || got[0].Subject != "We have received your request for a conversation" || !strings.Contains(got[0].Text, base+receipt) {
		t.Fatalf("receipt: %+v", got)
	}
	e.change(ref, func(c *casework.Case, now time.Time) error {
		return c.BookConversation(casework.Meeting{At: day(5, 9, 30), Mode: "office", Place: "Rom 2"}, worker, now)
	})
	e.at(day(4, 12, 0))
	if n := e.remind(); n != 1 {
		t.Fatalf("%d reminders", n)
	}
	got = e.send()
	if len(got) != 1 || got[0].Subject != "Reminder: conversation with NAV" || !strings.Contains(got[0].Text, base+receipt) {
		t.Errorf("reminder: %+v", got)
	}
	noCaseContent(t, got[0], "Rom 2", "Kongsvinger")
}
