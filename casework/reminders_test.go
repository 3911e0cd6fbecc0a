package casework_test

import (
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
)

var sb = casework.Staff{Email: "sb@nav.test", Name: "Siri Saksbehandler"}

// at is the Oslo date d days after the test clock's date, at hh:mm.
func at(d, hh, mm int) time.Time {
	y, m, day := testkit.Now().In(casework.Location()).Date()
	return time.Date(y, m, day+d, hh, mm, 0, 0, casework.Location())
}

func application(t *testing.T) *casework.Case {
	t.Helper()
	d := &casework.Draft{ID: "d"}
	return casework.NewCase("AAAA-2222", d, casework.Person{NationalID: "x", Name: "Kari"}, casework.Office{Municipality: "3401", Name: "NAV Kongsvinger"}, testkit.Now(), casework.NorwegianCalendar())
}

func kinds(rs []casework.Reminder) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Kind)
	}
	return out
}

func TestDocumentsReminder(t *testing.T) {
	now := testkit.Now()
	cs := application(t)
	if err := cs.RequestDocuments(casework.DocRequest{Documents: "Kontoutskrift", Deadline: at(10, 0, 0)}, sb, now); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		when time.Time
		want bool
	}{
		{at(6, 23, 59), false}, // four days before
		{at(7, 0, 0), true},    // three days before, from midnight
		{at(8, 12, 0), true},   // the job was down on the day: still due
		{at(10, 23, 59), true}, // the deadline day
		{at(11, 0, 0), false},  // after the deadline
	} {
		got := cs.DueReminders(c.when)
		if (len(got) == 1 && got[0].Kind == casework.ReminderDocuments) != c.want || len(got) > 1 {
			t.Errorf("at %s: %v, want a reminder: %v", c.when, kinds(got), c.want)
		}
	}
	// The same reminder has the same key whenever it is asked for.
	a, b := cs.DueReminders(at(7, 0, 0)), cs.DueReminders(at(9, 8, 0))
	if a[0].Key != b[0].Key || a[0].Key == "" {
		t.Errorf("keys %q and %q", a[0].Key, b[0].Key)
	}
	// Something sent since the request: no reminder.
	uploaded := *cs
	uploaded.Events = append([]casework.Event(nil), cs.Events...)
	if err := uploaded.UploadDocuments([]casework.FileRef{{FileID: "f"}}, at(2, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := uploaded.DueReminders(at(7, 9, 0)); len(got) != 0 {
		t.Errorf("reminded after an upload: %v", kinds(got))
	}
	// A new request after the upload has a reminder of its own.
	if err := uploaded.RequestDocuments(casework.DocRequest{Documents: "Mer", Deadline: at(20, 0, 0)}, sb, at(3, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := uploaded.DueReminders(at(17, 9, 0)); len(got) != 1 || got[0].Key == a[0].Key {
		t.Errorf("second request: %v", got)
	}
	// A withdrawn application gets none.
	withdrawn := *cs
	withdrawn.Status = casework.StatusWithdrawn
	if got := withdrawn.DueReminders(at(7, 9, 0)); len(got) != 0 {
		t.Errorf("reminded on a withdrawn application: %v", kinds(got))
	}
}

func TestNoDocumentsReminderForAShortDeadline(t *testing.T) {
	cs := application(t)
	if err := cs.RequestDocuments(casework.DocRequest{Documents: "Kontoutskrift", Deadline: at(3, 0, 0)}, sb, testkit.Now()); err != nil {
		t.Fatal(err)
	}
	for d := 0; d <= 3; d++ {
		if got := cs.DueReminders(at(d, 12, 0)); len(got) != 0 {
			t.Errorf("day %d: %v (the request's own notice has just gone out)", d, kinds(got))
		}
	}
}

func TestMeetingReminder(t *testing.T) {
	now := testkit.Now()
	meeting := at(5, 9, 30)
	cs := application(t)
	if err := cs.BookMeeting(casework.Meeting{At: meeting, Mode: "office", Place: "Rom 2"}, sb, now); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		when time.Time
		want bool
	}{
		{at(3, 23, 59), false},
		{at(4, 0, 0), true},
		{at(5, 9, 29), true},
		{meeting, false},
	} {
		got := cs.DueReminders(c.when)
		if (len(got) == 1 && got[0].Kind == casework.ReminderMeeting) != c.want || len(got) > 1 {
			t.Errorf("at %s: %v, want a reminder: %v", c.when, kinds(got), c.want)
		}
	}
	first := cs.DueReminders(at(4, 8, 0))[0].Key
	if again := cs.DueReminders(at(4, 20, 0))[0].Key; again != first {
		t.Errorf("key changed: %q, %q", first, again)
	}

	// The person asked to move it: no reminder for that time.
	moved := *cs
	moved.Events = append([]casework.Event(nil), cs.Events...)
	if err := moved.AskToMoveMeeting("Passer ikke", at(1, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := moved.DueReminders(at(4, 9, 0)); len(got) != 0 {
		t.Errorf("reminded of a conversation the person asked to move: %v", kinds(got))
	}
	// Booked again for another time: a reminder of its own, the day before
	// the new time, and none the day before the old one.
	newTime := at(8, 13, 0)
	if err := moved.BookMeeting(casework.Meeting{At: newTime, Mode: "phone", Place: "Vi ringer"}, sb, at(2, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := moved.DueReminders(at(4, 9, 0)); len(got) != 0 {
		t.Errorf("reminded of the old time: %v", kinds(got))
	}
	got := moved.DueReminders(at(7, 9, 0))
	if len(got) != 1 || got[0].Key == first {
		t.Errorf("new time: %v", got)
	}

	// Booked on the day before: the booking's own notice is the reminder.
	late := application(t)
	if err := late.BookMeeting(casework.Meeting{At: at(1, 10, 0), Mode: "office", Place: "Rom 2"}, sb, now); err != nil {
		t.Fatal(err)
	}
	if got := late.DueReminders(at(0, 18, 0)); len(got) != 0 {
		t.Errorf("reminded of a conversation booked the day before: %v", kinds(got))
	}
}

func TestConversationRequestReminder(t *testing.T) {
	now := testkit.Now()
	cs := casework.NewConversationCase("BBBB-3333", casework.ConversationRequest{Name: "Kari", Email: "kari@example.no"}, casework.Person{}, casework.Office{Municipality: "3401"}, now)
	if got := cs.DueReminders(at(4, 9, 0)); len(got) != 0 {
		t.Errorf("reminded before booking: %v", kinds(got))
	}
	if err := cs.BookConversation(casework.Meeting{At: at(5, 9, 30), Mode: "office", Place: "Rom 2"}, sb, now); err != nil {
		t.Fatal(err)
	}
	if got := cs.DueReminders(at(4, 9, 0)); len(got) != 1 || got[0].Kind != casework.ReminderMeeting {
		t.Errorf("booked: %v", kinds(got))
	}
	closed := *cs
	if err := closed.CloseConversation("Avlyst", sb, at(1, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := closed.DueReminders(at(4, 9, 0)); len(got) != 0 {
		t.Errorf("reminded of a cancelled conversation: %v", kinds(got))
	}
}

// Sending one of the documents a request asks for leaves the reminder for
// the others; sending the last one ends it.
func TestDocumentsReminderForTheDocumentsStillOpen(t *testing.T) {
	now := testkit.Now()
	cs := application(t)
	if err := cs.RequestDocuments(casework.DocRequest{Documents: "Kontoutskrift\nLegeerklæring", Deadline: at(10, 0, 0)}, sb, now); err != nil {
		t.Fatal(err)
	}
	if err := cs.SendRequestedDocument(1, 0, []casework.FileRef{{FileID: "f1"}}, at(2, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := cs.DueReminders(at(7, 9, 0)); len(got) != 1 || got[0].Kind != casework.ReminderDocuments {
		t.Errorf("one of two sent: %v, want a reminder for the other", kinds(got))
	}
	if err := cs.SendRequestedDocument(1, 1, []casework.FileRef{{FileID: "f2"}}, at(3, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if got := cs.DueReminders(at(7, 9, 0)); len(got) != 0 {
		t.Errorf("both sent: %v", kinds(got))
	}
}
