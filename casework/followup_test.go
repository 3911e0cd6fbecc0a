package casework

import (
	"reflect"
	"testing"
	"time"
)

func TestSplitDocuments(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Legeerklæring", []string{"Legeerklæring"}},
		{"Legeerklæring\nKontoutskrift for mars\n\n", []string{"Legeerklæring", "Kontoutskrift for mars"}},
		{"- Legeerklæring\n• Kontoutskrift\n* Husleiekontrakt", []string{"Legeerklæring", "Kontoutskrift", "Husleiekontrakt"}},
		{"1. Legeerklæring\n2) Kontoutskrift\n10. Lønnsslipp", []string{"Legeerklæring", "Kontoutskrift", "Lønnsslipp"}},
		{"Dr. Hansens erklæring\n2026 skattemelding", []string{"Dr. Hansens erklæring", "2026 skattemelding"}},
		{"10.000 kr i bostøtte\n3.5 timer i uka", []string{"10.000 kr i bostøtte", "3.5 timer i uka"}},
		{"1.\n2.Kontoutskrift", []string{"2.Kontoutskrift"}},
		{"  \n  ", nil},
		{"-", []string{"-"}},
	}
	for _, tc := range cases {
		if got := SplitDocuments(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SplitDocuments(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func statuses(r RequestStatus) []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, it.Name+":"+it.Status)
	}
	return out
}

// TestEachDocumentStaysOpenUntilSentOrExplained: a request for three
// documents stays open after the first file; each document is sent or
// explained on its own, and the request closes only when none is open.
func TestEachDocumentStaysOpenUntilSentOrExplained(t *testing.T) {
	c := newTestCase(day("2026-11-23"))
	now := day("2026-11-24").Add(9 * time.Hour)
	if err := c.RequestDocuments(DocRequest{Documents: "Legeerklæring\nKontoutskrift\nHusleiekontrakt", Reason: "r", Deadline: now.AddDate(0, 0, 14)}, worker, now); err != nil {
		t.Fatal(err)
	}
	if got := c.Events[len(c.Events)-1].Request.Items; !reflect.DeepEqual(got, []string{"Legeerklæring", "Kontoutskrift", "Husleiekontrakt"}) {
		t.Fatalf("stored items %q", got)
	}
	if err := c.SendRequestedDocument(1, 0, []FileRef{{FileID: "f1", Name: "lege.pdf"}}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if c.OpenRequest() == nil || len(c.OpenRequests()) != 1 {
		t.Fatal("the request closed after the first of three documents")
	}
	r := c.DocumentRequests()[0]
	if got := statuses(r); !reflect.DeepEqual(got, []string{"Legeerklæring:sent", "Kontoutskrift:open", "Husleiekontrakt:open"}) {
		t.Errorf("after one file: %q", got)
	}
	if r.Items[0].Files[0].Name != "lege.pdf" || !r.Items[0].At.Equal(now.Add(time.Hour)) {
		t.Errorf("sent document: %+v", r.Items[0])
	}
	if _, ok := c.File("f1"); !ok {
		t.Error("the file is not part of the case")
	}

	// Refusals: an unknown document, no reason, no file, a sent document.
	if key := actionKey(c.SendRequestedDocument(1, 3, []FileRef{{FileID: "x"}}, now)); key != "err.docs.item" {
		t.Errorf("unknown document: %q", key)
	}
	if key := actionKey(c.SendRequestedDocument(2, 0, []FileRef{{FileID: "x"}}, now)); key != "err.docs.item" {
		t.Errorf("unknown request: %q", key)
	}
	if key := actionKey(c.SendRequestedDocument(1, 1, nil, now)); key != "err.upload.missing" {
		t.Errorf("no file: %q", key)
	}
	if key := actionKey(c.CannotSendDocument(1, 1, "  ", now)); key != "err.docs.reason.required" {
		t.Errorf("no reason: %q", key)
	}
	if key := actionKey(c.CannotSendDocument(1, 0, "Har ikke", now)); key != "err.docs.sent" {
		t.Errorf("explaining a sent document: %q", key)
	}

	if err := c.CannotSendDocument(1, 1, "Banken svarer ikke før neste uke.", now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	r = c.DocumentRequests()[0]
	if r.Items[1].Status != DocCannot || r.Items[1].Reason != "Banken svarer ikke før neste uke." {
		t.Errorf("explained document: %+v", r.Items[1])
	}
	if c.OpenRequest() == nil {
		t.Fatal("the request closed with one document still open")
	}
	// The explained document can still be sent later.
	if err := c.SendRequestedDocument(1, 1, []FileRef{{FileID: "f2", Name: "konto.pdf"}}, now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.CannotSendDocument(1, 2, "Jeg bor hos mor og har ingen kontrakt.", now.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := statuses(c.DocumentRequests()[0]); !reflect.DeepEqual(got, []string{"Legeerklæring:sent", "Kontoutskrift:sent", "Husleiekontrakt:cannot"}) {
		t.Errorf("at the end: %q", got)
	}
	if c.OpenRequest() != nil || len(c.OpenRequests()) != 0 {
		t.Error("the request is still open with every document answered")
	}
	if c.NewFromApplicant != 4 {
		t.Errorf("new from applicant = %d, want 4", c.NewFromApplicant)
	}
	if !c.SeenByStaff() || c.NewFromApplicant != 0 || c.SeenByStaff() {
		t.Error("seen by staff does not clear the count once")
	}
	_ = c.Withdraw(now.Add(5 * time.Hour))
	if c.CannotSendDocument(1, 0, "x", now) != ErrClosed || c.SendRequestedDocument(1, 0, []FileRef{{FileID: "x"}}, now) != ErrClosed {
		t.Error("a withdrawn case takes documents")
	}
}

// TestOldRequestsAndUploads: a request stored before items existed lists
// its lines, and an upload that names no document answers every document
// asked for before it, as it did before.
func TestOldRequestsAndUploads(t *testing.T) {
	c := newTestCase(day("2026-11-23"))
	now := day("2026-11-24").Add(9 * time.Hour)
	c.Events = append(c.Events, Event{At: now, Type: EventDocumentsRequested, Actor: worker.Email, Request: &DocRequest{Documents: "Legeerklæring\nKontoutskrift", Deadline: now.AddDate(0, 0, 14)}})
	if got := statuses(c.DocumentRequests()[0]); !reflect.DeepEqual(got, []string{"Legeerklæring:open", "Kontoutskrift:open"}) {
		t.Errorf("old request: %q", got)
	}
	_ = c.RequestDocuments(DocRequest{Documents: "Lønnsslipp", Deadline: now.AddDate(0, 0, 14)}, worker, now.Add(time.Hour))
	if r := c.OpenRequest(); r == nil || r.Documents != "Lønnsslipp" {
		t.Errorf("open request: %+v", r)
	}
	_ = c.UploadDocuments([]FileRef{{FileID: "f1"}}, now.Add(2*time.Hour))
	for _, r := range c.DocumentRequests() {
		if r.Open() {
			t.Errorf("request %d open after an upload that names no document: %q", r.Number, statuses(r))
		}
	}
	// A later request is open again.
	_ = c.RequestDocuments(DocRequest{Documents: "Skattemelding", Deadline: now.AddDate(0, 0, 14)}, worker, now.Add(3*time.Hour))
	if rs := c.OpenRequests(); len(rs) != 1 || rs[0].Number != 3 {
		t.Errorf("open requests: %+v", rs)
	}
}

func TestFollowUp(t *testing.T) {
	c := newTestCase(day("2026-11-23"))
	now := day("2026-11-24").Add(9 * time.Hour)
	if key := actionKey(c.SendFollowUp(" \n ", nil, now)); key != "err.followup.empty" {
		t.Errorf("empty follow-up: %q", key)
	}
	if err := c.SendFollowUp("Jeg har fått jobb 20 prosent fra mars.", nil, now); err != nil {
		t.Fatal(err)
	}
	if err := c.SendFollowUp("", []FileRef{{FileID: "f1", Name: "kontrakt.pdf"}}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e := c.Events[len(c.Events)-1]; e.Type != EventFollowUp || e.Actor != ActorCitizen || len(e.Files) != 1 {
		t.Errorf("follow-up event: %+v", e)
	}
	if _, ok := c.File("f1"); !ok {
		t.Error("the follow-up's file is not part of the case")
	}
	if c.NewFromApplicant != 2 || len(c.PublicEvents()) != 3 {
		t.Errorf("new %d, public events %d", c.NewFromApplicant, len(c.PublicEvents()))
	}
	// After a decision the applicant can still send something.
	tables, _ := DefaultRateTables()
	if err := c.Decide(Decision{Outcome: OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}, tables, nil, false, NorwegianCalendar(), worker, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.SendFollowUp("Jeg vil klage.", nil, now.Add(3*time.Hour)); err != nil {
		t.Errorf("follow-up after a decision: %v", err)
	}
	w := newTestCase(day("2026-11-23"))
	_ = w.Withdraw(now)
	conv := NewConversationCase("BBBB-3333", ConversationRequest{Name: "Kari"}, Person{}, Office{Municipality: "3401"}, now)
	for _, x := range []*Case{w, conv} {
		if x.SendFollowUp("hei", nil, now) != ErrClosed || x.CanFollowUp() {
			t.Errorf("a %s case takes a follow-up", x.Status)
		}
	}
}

func TestMoveRequestIsNewFromApplicant(t *testing.T) {
	c := newTestCase(day("2026-11-23"))
	now := day("2026-11-24").Add(9 * time.Hour)
	_ = c.BookMeeting(Meeting{At: now.Add(48 * time.Hour), Mode: "office"}, worker, now)
	if err := c.AskToMoveMeeting("Tirsdag passer bedre", now); err != nil || c.NewFromApplicant != 1 {
		t.Errorf("move: %v, new %d", err, c.NewFromApplicant)
	}
}

// TestSummary: the person's list says how a case ended, not only that it
// did.
func TestSummary(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	now := day("2026-11-24").Add(9 * time.Hour)
	age := func(time.Time) int { return 30 }
	decided := func(o Outcome) *Case {
		c := newTestCase(day("2026-11-23"))
		d := Decision{Outcome: o, Rules: "r", Facts: "f", Considerations: "c"}
		if o == OutcomeGranted || o == OutcomePartly {
			d.Start, d.End = day("2027-01-04"), day("2028-01-04")
		}
		if err := c.Decide(d, tables, age, false, cal, worker, now); err != nil {
			t.Fatal(err)
		}
		return c
	}
	received := newTestCase(day("2026-11-23"))
	assessing := newTestCase(day("2026-11-23"))
	_ = assessing.Assign(worker, worker, now)
	withdrawn := newTestCase(day("2026-11-23"))
	_ = withdrawn.Withdraw(now)
	returned := decided(OutcomeRejected)
	returned.DecisionReached(cal, now, now)
	later := now.Add(24 * time.Hour)
	_ = returned.FileAppeal(Appeal{ID: "A1", Change: "c", Reasons: "r"}, cal, later)
	_ = returned.UpholdDecision("A1", AppealSummary{CommentDeadline: later.AddDate(0, 0, 8)}, worker, later)
	_ = returned.ForwardAppeal("A1", worker, later.AddDate(0, 0, 9))
	if err := returned.RecordBodyResult("A1", BodyResult{Outcome: BodyOverturned}, cal, worker, later.AddDate(0, 0, 10)); err != nil {
		t.Fatal(err)
	}
	conv := NewConversationCase("BBBB-3333", ConversationRequest{Name: "Kari"}, Person{}, Office{Municipality: "3401"}, now)
	cases := map[string]*Case{
		"summary.received":  received,
		"summary.assessing": assessing,
		"summary.withdrawn": withdrawn,
		"summary.granted":   decided(OutcomeGranted),
		"summary.partly":    decided(OutcomePartly),
		"summary.rejected":  decided(OutcomeRejected),
		"summary.dismissed": decided(OutcomeDismissed),
		"summary.returned":  returned,
		"status.requested":  conv,
	}
	for want, c := range cases {
		if got := c.Summary(); got != want {
			t.Errorf("%s case: summary %q, want %q", c.Status, got, want)
		}
	}
	g := cases["summary.granted"]
	if e := g.DecisionEvent(g.CurrentDecision()); e == nil || e.ActorName != worker.Name {
		t.Errorf("decision event: %+v", e)
	}
	if received.DecisionEvent(&Decision{}) != nil {
		t.Error("a decision event for a decision not in the case")
	}
}

// TestNoReminderWhenEveryDocumentIsExplained: a request whose documents
// the applicant has all explained as impossible is not reminded of.
func TestNoReminderWhenEveryDocumentIsExplained(t *testing.T) {
	c := newTestCase(day("2026-11-23"))
	now := day("2026-11-24").Add(9 * time.Hour)
	_ = c.RequestDocuments(DocRequest{Documents: "Kontoutskrift\nLønnsslipp", Deadline: day("2026-12-10")}, worker, now)
	remindAt := day("2026-12-08").Add(9 * time.Hour)
	if got := c.DueReminders(remindAt); len(got) != 1 {
		t.Fatalf("reminders before any answer: %+v", got)
	}
	_ = c.CannotSendDocument(1, 0, "Har ingen bankkonto.", now.Add(time.Hour))
	if got := c.DueReminders(remindAt); len(got) != 1 {
		t.Errorf("no reminder with one document still open: %+v", got)
	}
	_ = c.CannotSendDocument(1, 1, "Har ingen jobb.", now.Add(2*time.Hour))
	if got := c.DueReminders(remindAt); len(got) != 0 {
		t.Errorf("reminded with every document explained: %+v", got)
	}
}
