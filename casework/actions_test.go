package casework

import (
	"errors"
	"testing"
	"time"
)

var worker = Staff{Email: "sb@nav.test", Name: "Siri Saksbehandler"}

func newTestCase(submitted time.Time) *Case {
	d := &Draft{ID: "d", Answers: Answers{Children: Children{HasChildren: true, Ages: []int{4, 9}}, Housing: Housing{Situation: "leier", MonthlyCost: 8000}}}
	return NewCase("AAAA-2222", d, Person{NationalID: "x", Name: "Kari"}, Office{Municipality: "3401", Name: "NAV Kongsvinger"}, submitted, NorwegianCalendar())
}

func actionKey(err error) string {
	if e, ok := AsError(err); ok && e.Code == EINVALID {
		return e.Message
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestDecisionLimits(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	submitted := day("2026-11-23")
	now := day("2026-12-10").Add(10 * time.Hour)
	age := func(at time.Time) int { return 30 }
	cases := []struct {
		name       string
		start, end string
		want       string
	}{
		{"start on the six-month limit", "2027-05-23", "2029-05-23", ""},
		{"start the day after the limit", "2027-05-24", "2029-05-24", "err.action.start.late"},
		{"end more than two years after start", "2027-01-04", "2029-01-05", "err.action.end.long"},
		{"end before start", "2027-01-04", "2027-01-01", "err.action.end.before"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCase(submitted)
			err := c.Decide(Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day(tc.start), End: day(tc.end)}, tables, age, false, cal, worker, now)
			if got := actionKey(err); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if tc.want != "" && c.Status != StatusReceived {
				t.Error("a refused decision changed the case")
			}
		})
	}
}

func TestGrantComputesBenefitAndAppealDeadline(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := newTestCase(day("2026-11-23"))
	// Made available Friday 26 March 2027: three weeks is Friday 16 April.
	now := day("2027-03-26").Add(9 * time.Hour)
	// 24 when the programme starts: the under-25 rate; no own-home exception.
	err := c.Decide(Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2027-04-05"), End: day("2029-04-05")}, tables, func(time.Time) int { return 24 }, false, cal, worker, now)
	if err != nil {
		t.Fatal(err)
	}
	d := c.LatestDecision()
	if d.Benefit == nil || !d.Benefit.Reduced || d.Benefit.Yearly != 185798 || d.Benefit.ChildYearly != 2*38*260 {
		t.Errorf("benefit %+v", d.Benefit)
	}
	// The notice is sent the same morning.
	c.DecisionReached(cal, now, now.Add(time.Minute))
	if got := d.AppealDeadline.Format("2006-01-02"); got != "2027-04-16" {
		t.Errorf("appeal deadline %s", got)
	}
	if c.Status != StatusDecided || d.AppealBody != "Statsforvalteren" {
		t.Errorf("status %s, body %s", c.Status, d.AppealBody)
	}
	// Where the municipality allows it, own home with costs gives full rate.
	c2 := newTestCase(day("2026-11-23"))
	_ = c2.Decide(Decision{Outcome: OutcomeGranted, Start: day("2027-04-05"), End: day("2029-04-05")}, tables, func(time.Time) int { return 24 }, true, cal, worker, now)
	if b := c2.LatestDecision().Benefit; b.Reduced || b.Yearly != 278697 {
		t.Errorf("own-home exception not applied: %+v", b)
	}
	// No action after the decision.
	if err := c.Assign(worker, worker, now); !errors.Is(err, ErrClosed) {
		t.Errorf("assign after decision: %v", err)
	}
	// A rejection has no period and no benefit but the appeal information.
	c3 := newTestCase(day("2026-11-23"))
	_ = c3.Decide(Decision{Outcome: OutcomeRejected, Start: day("2027-04-05")}, tables, nil, false, cal, worker, now)
	if d := c3.LatestDecision(); d.Benefit != nil || !d.Start.IsZero() || d.AppealBody == "" {
		t.Errorf("rejection %+v", d)
	}
}

func TestSecondNoticeAndOpening(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := newTestCase(day("2026-11-23"))
	now := day("2026-12-01").Add(12 * time.Hour)
	_ = c.Decide(Decision{Outcome: OutcomeRejected}, tables, nil, false, cal, worker, now)
	if got := c.SecondNoticeDue(); !got.Equal(now.AddDate(0, 0, 7)) {
		t.Errorf("second notice due %v", got)
	}
	if !c.OpenDecision(cal, now.Add(time.Hour)) || c.OpenDecision(cal, now.Add(2*time.Hour)) {
		t.Error("opening recorded wrongly")
	}
	if !c.SecondNoticeDue().IsZero() {
		t.Error("second notice still due after opening")
	}
}

func TestDeadlineState(t *testing.T) {
	cal := NorwegianCalendar()
	// Received Wednesday 17 March 2027: one month is Saturday 17 April,
	// so the interim reply is due Monday 19 April.
	c := newTestCase(day("2027-03-17").Add(10 * time.Hour))
	if got := c.InterimReplyDue.In(Location()).Format("2006-01-02"); got != "2027-04-19" {
		t.Fatalf("due %s", got)
	}
	cases := map[string]string{
		"2027-04-05": "",        // two weeks before
		"2027-04-09": "",        // 6 working days left (12-16, 19)
		"2027-04-12": "soon",    // 5 working days left
		"2027-04-19": "soon",    // due today
		"2027-04-20": "overdue", // the day after
	}
	for d, want := range cases {
		if got := c.EvaluateDeadline(cal, day(d).Add(8*time.Hour)); got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
	_ = c.SendInterimReply(Interim{Reason: "r", ExpectedBy: day("2027-05-20")}, worker, day("2027-04-12"))
	if got := c.EvaluateDeadline(cal, day("2027-04-20")); got != "" {
		t.Errorf("after the interim reply: %q", got)
	}
}

func TestActionsRecordEvents(t *testing.T) {
	c := newTestCase(day("2026-11-23"))
	now := day("2026-11-24").Add(9 * time.Hour)
	if err := c.Assign(worker, worker, now); err != nil || c.Status != StatusAssessing || c.Assignee != worker.Email {
		t.Fatalf("assign: %v %+v", err, c)
	}
	_ = c.AddNote("intern", worker, now)
	if key := actionKey(c.BookMeeting(Meeting{At: now.Add(-time.Hour), Mode: "office"}, worker, now)); key != "err.action.meeting.past" {
		t.Errorf("past meeting: %q", key)
	}
	if err := c.BookMeeting(Meeting{At: now.Add(48 * time.Hour), Mode: "phone"}, worker, now); err != nil {
		t.Fatal(err)
	}
	if key := actionKey(c.RequestDocuments(DocRequest{Documents: "x", Deadline: now}, worker, now)); key != "err.action.deadline.past" {
		t.Errorf("deadline today: %q", key)
	}
	_ = c.RequestDocuments(DocRequest{Documents: "Legeerklæring", Reason: "r", Deadline: now.AddDate(0, 0, 14)}, worker, now)
	if c.OpenRequest() == nil {
		t.Error("no open request")
	}
	_ = c.UploadDocuments([]FileRef{{FileID: "f1"}}, now)
	if c.OpenRequest() != nil {
		t.Error("request still open after upload")
	}
	if _, ok := c.File("f1"); !ok {
		t.Error("uploaded file not part of the case")
	}
	if len(c.PublicEvents()) != len(c.Events)-1 {
		t.Error("the internal note is public")
	}
	if err := c.Withdraw(now); err != nil || c.Status != StatusWithdrawn || c.Withdraw(now) == nil {
		t.Errorf("withdraw: %v", err)
	}
}

func TestExtension(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := newTestCase(day("2026-11-23"))
	now := day("2026-12-01")
	_ = c.Decide(Decision{Outcome: OutcomeGranted, Start: day("2027-01-04"), End: day("2029-01-04")}, tables, func(time.Time) int { return 30 }, false, cal, worker, now)
	later := day("2028-11-01")
	if key := actionKey(c.Extend(day("2030-01-05"), Decision{}, tables, age30, false, cal, worker, later)); key != "err.action.extend.long" {
		t.Errorf("extension over a year: %q", key)
	}
	if key := actionKey(c.Extend(day("2028-12-01"), Decision{}, tables, age30, false, cal, worker, later)); key != "err.action.extend.before" {
		t.Errorf("extension ending earlier: %q", key)
	}
	if err := c.Extend(day("2029-07-04"), Decision{Rules: "r", Facts: "f", Considerations: "c"}, tables, age30, false, cal, worker, later); err != nil {
		t.Fatal(err)
	}
	d := c.LatestDecision()
	if !d.Extension || !d.End.Equal(day("2029-07-04")) || d.Benefit == nil || !d.AppealDeadline.IsZero() || c.DecisionOpenedAt.IsZero() == false {
		t.Errorf("extension %+v", d)
	}
	// A second extension may go up to one year after the first end.
	if err := c.Extend(day("2030-01-04"), Decision{}, tables, age30, false, cal, worker, later); err != nil {
		t.Errorf("second extension within the year: %v", err)
	}
	// A rejected case cannot be extended.
	r := newTestCase(day("2026-11-23"))
	_ = r.Decide(Decision{Outcome: OutcomeRejected}, tables, nil, false, cal, worker, now)
	if key := actionKey(r.Extend(day("2028-01-01"), Decision{}, tables, age30, false, cal, worker, later)); key != "err.action.extend.notgranted" {
		t.Errorf("extending a rejection: %q", key)
	}
}

// The appeal deadline runs from when the decision reached the person: the
// notice about it sent, or the decision opened, whichever came first
// (forvaltningsloven § 29, eForvaltningsforskriften § 11). Until then it
// has not started, and an appeal is in time.
func TestAppealDeadlineRunsFromWhenTheDecisionReachedThePerson(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	decided := day("2026-12-01").Add(12 * time.Hour)

	// No notice could be sent: the deadline waits for the opening.
	c := newTestCase(day("2026-11-23"))
	_ = c.Decide(Decision{Outcome: OutcomeRejected}, tables, nil, false, cal, worker, decided)
	d := c.LatestDecision()
	if !d.AppealDeadline.IsZero() {
		t.Fatalf("deadline %v before the decision reached the person", d.AppealDeadline)
	}
	if w := d.Window(decided.AddDate(0, 2, 0)); w != WindowInTime {
		t.Errorf("window %s before the deadline started, want in time", w)
	}
	// Opened on Monday 28 December: three weeks is Monday 18 January.
	if !c.OpenDecision(cal, day("2026-12-28").Add(9*time.Hour)) {
		t.Fatal("opening not recorded")
	}
	if got := OsloDate(d.AppealDeadline).Format("2006-01-02"); got != "2027-01-18" {
		t.Errorf("deadline %s after opening on 28 December, want 2027-01-18", got)
	}

	// A notice sent first starts it; a later opening changes nothing.
	c = newTestCase(day("2026-11-23"))
	_ = c.Decide(Decision{Outcome: OutcomeRejected}, tables, nil, false, cal, worker, decided)
	if c.DecisionReached(cal, decided.Add(-time.Hour), decided.Add(time.Minute)) {
		t.Error("a notice written before the decision started its deadline")
	}
	// Friday 4 December: three weeks is Friday 25 December (Christmas Day),
	// so the deadline moves to Monday 28 December.
	sent := day("2026-12-04").Add(8 * time.Hour)
	if !c.DecisionReached(cal, decided, sent) {
		t.Fatal("the sent notice did not start the deadline")
	}
	d = c.LatestDecision()
	if got := OsloDate(d.AppealDeadline).Format("2006-01-02"); got != "2026-12-28" || !d.ReachedAt.Equal(sent) {
		t.Errorf("deadline %s, reached %v; want 2026-12-28 from the notice", got, d.ReachedAt)
	}
	c.OpenDecision(cal, day("2026-12-10"))
	if got := OsloDate(d.AppealDeadline).Format("2006-01-02"); got != "2026-12-28" {
		t.Errorf("opening later moved the deadline to %s", got)
	}
	if c.DecisionReached(cal, decided, day("2026-12-11")) {
		t.Error("a second notice started the deadline again")
	}
}
