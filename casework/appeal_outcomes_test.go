package casework

import (
	"testing"
	"time"
)

func age30(time.Time) int { return 30 }

func TestDecideStartBounds(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	submitted := day("2026-11-23").Add(14 * time.Hour)
	now := day("2026-12-10").Add(10 * time.Hour)
	grant := func(start string) Decision {
		s := day(start)
		return Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: s, End: s.AddDate(1, 0, 0)}
	}
	c := newTestCase(submitted)
	if key := actionKey(c.Decide(grant("2026-11-22"), tables, age30, false, cal, worker, now)); key != "err.action.start.early" {
		t.Errorf("start the day before the application: %q", key)
	}
	if c.Status != StatusReceived || c.LatestDecision() != nil {
		t.Error("a refused decision changed the case")
	}
	if err := c.Decide(grant("2026-11-23"), tables, age30, false, cal, worker, now); err != nil {
		t.Errorf("start on the day of the application: %v", err)
	}

	// Tables that do not reach back to the start date give a field error,
	// not an internal one.
	short := RateTables{
		G:      []Rate{{From: day("2027-01-01"), Value: 136549}},
		Factor: []Rate{{From: day("2024-07-01"), Value: 2041}},
		Child:  []Rate{{From: day("2026-01-01"), Value: 38}},
	}
	c2 := newTestCase(submitted)
	err := c2.Decide(grant("2026-12-01"), short, age30, false, cal, worker, now)
	if key := actionKey(err); key != "err.action.start.norate" {
		t.Errorf("start before the first G row: %v", err)
	}
	if c2.Status != StatusReceived {
		t.Error("a refused decision changed the case")
	}
}

func TestDismissedAppealIsNotADecision(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := newTestCase(day("2026-11-23"))
	decided := day("2026-12-01").Add(10 * time.Hour)
	if err := c.Decide(Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2027-01-04"), End: day("2029-01-04")}, tables, age30, false, cal, worker, decided); err != nil {
		t.Fatal(err)
	}
	grant := c.LatestDecision()
	if err := c.FileAppeal(Appeal{ID: "K1", Change: "Mer stønad"}, cal, decided.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if key := actionKey(c.DismissAppeal("K1", "", worker, decided.AddDate(0, 0, 3))); key != "err.appeal.dismissReason.required" {
		t.Errorf("dismissal without a reason: %q", key)
	}
	if err := c.DismissAppeal("K1", "Klagen gjelder ikke vedtaket.", worker, decided.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	a := c.Appeal("K1")
	if a.OfficeResult != AppealDismissed || a.DismissReason != "Klagen gjelder ikke vedtaket." || a.ResultAt.IsZero() {
		t.Errorf("dismissed appeal %+v", a)
	}
	if d := c.LatestDecision(); d != grant || d.AppealDeadline.IsZero() || len(c.Decisions()) != 1 || c.CurrentDecision() != grant {
		t.Errorf("the dismissal replaced the decision: %+v", d)
	}
	// An event from before this fix, with a made-up decision on the appeal
	// result, does not count as a decision either.
	c.Events = append(c.Events, Event{At: decided.AddDate(0, 0, 4), Type: EventAppealResult, Text: "K0:dismissed", Decision: &Decision{Outcome: OutcomeDismissed}})
	if c.LatestDecision() != grant {
		t.Error("an old dismissal event is taken for the decision")
	}
	// The grant can still be extended.
	if err := c.Extend(day("2029-07-04"), Decision{Rules: "r", Facts: "f", Considerations: "c"}, tables, age30, false, cal, worker, day("2028-11-01")); err != nil {
		t.Errorf("extension after a dismissed appeal: %v", err)
	}
	if got := c.EarlierDecisions(); len(got) != 1 || got[0] != grant {
		t.Errorf("earlier decisions after the extension: %+v", got)
	}
}

func TestReturnedByStatsforvalterenIsDecidedAgain(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	// Applied 1 June 2026, rejected 15 June.
	c := newTestCase(day("2026-06-01").Add(10 * time.Hour))
	if err := c.Decide(Decision{Outcome: OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}, tables, nil, false, cal, worker, day("2026-06-15").Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	first := c.LatestDecision()
	now := day("2026-06-22")
	if err := c.FileAppeal(Appeal{ID: "K1", Change: "Innvilg"}, cal, now); err != nil {
		t.Fatal(err)
	}
	_ = c.UpholdDecision("K1", AppealSummary{Facts: "f", Assessment: "a", Arguments: "g", CommentDeadline: now.AddDate(0, 0, 8)}, worker, now)
	if err := c.ForwardAppeal("K1", worker, now.AddDate(0, 0, 9)); err != nil {
		t.Fatal(err)
	}
	// Returned Tuesday 1 December 2026.
	returned := day("2026-12-01").Add(10 * time.Hour)
	if err := c.RecordBodyResult("K1", BodyResult{Outcome: BodyOverturned, Letter: FileRef{FileID: "brev"}}, cal, worker, returned); err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusAssessing || !c.Open() || c.ReturnedAppeal() == nil || c.CurrentDecision() != nil {
		t.Fatalf("after the return: status %s, returned %v", c.Status, c.ReturnedAppeal())
	}
	if got := c.InterimReplyDue.In(Location()).Format("2006-01-02"); got != "2027-01-04" {
		t.Errorf("interim reply due %s after the return", got)
	}
	if got := c.EarlierDecisions(); len(got) != 1 || got[0] != first {
		t.Errorf("the overturned decision is not kept readable: %+v", got)
	}
	if key := actionKey(c.FileAppeal(Appeal{ID: "K2", Change: "x", LateReason: "y"}, cal, returned.AddDate(0, 0, 1))); key != "err.appeal.nodecision" {
		t.Errorf("appeal against an overturned decision: %q", key)
	}
	// The new decision: the start limit runs from the new decision
	// (1 June 2027), not from the application (1 December 2026).
	decided := day("2026-12-01").Add(14 * time.Hour)
	if got, _ := c.LatestStart(cal, tables, decided); got.Format("2006-01-02") != "2027-06-01" {
		t.Errorf("latest start after the return: %s", got)
	}
	grant := Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2027-06-02"), End: day("2028-06-02")}
	if key := actionKey(c.Decide(grant, tables, age30, false, cal, worker, decided)); key != "err.action.start.late.appeal" {
		t.Errorf("start after the new limit: %q", key)
	}
	grant.Start, grant.End = day("2027-06-01"), day("2028-06-01")
	if err := c.Decide(grant, tables, age30, false, cal, worker, decided); err != nil {
		t.Fatalf("new decision after the return: %v", err)
	}
	if c.Status != StatusDecided || c.ReturnedAppeal() != nil || c.CurrentDecision() == nil || !c.CurrentDecision().Granted() || !c.DecisionOpenedAt.IsZero() {
		t.Errorf("after the new decision: %s %+v", c.Status, c.CurrentDecision())
	}
	if got := c.EarlierDecisions(); len(got) != 1 || got[0] != first {
		t.Errorf("earlier decisions: %+v", got)
	}
	// The new decision can be appealed.
	if err := c.FileAppeal(Appeal{ID: "K3", Change: "Lengre program"}, cal, decided.AddDate(0, 0, 1)); err != nil {
		t.Errorf("appeal against the new decision: %v", err)
	}
}

func TestOtherBodyResultsLeaveTheCaseDecided(t *testing.T) {
	cal := NorwegianCalendar()
	for _, o := range []BodyOutcome{BodyConfirmed, BodyNew, BodyDismissed} {
		c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
		now := day("2026-11-16")
		_ = c.FileAppeal(Appeal{ID: "K1", Change: "x"}, cal, now)
		_ = c.UpholdDecision("K1", AppealSummary{CommentDeadline: now.AddDate(0, 0, 8)}, worker, now)
		_ = c.ForwardAppeal("K1", worker, now.AddDate(0, 0, 9))
		if err := c.RecordBodyResult("K1", BodyResult{Outcome: o, Letter: FileRef{FileID: "b"}}, cal, worker, now.AddDate(0, 0, 10)); err != nil {
			t.Fatal(err)
		}
		if c.Status != StatusDecided || c.ReturnedAppeal() != nil || c.CurrentDecision() == nil {
			t.Errorf("%s: status %s", o, c.Status)
		}
	}
}

func TestLateAppealReversedToAGrant(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	// Applied 5 January 2026, rejected 20 January; the appeal comes in
	// September, long after the six months from the application.
	c := newTestCase(day("2026-01-05").Add(9 * time.Hour))
	if err := c.Decide(Decision{Outcome: OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}, tables, nil, false, cal, worker, day("2026-01-20").Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.FileAppeal(Appeal{ID: "K1", Change: "Innvilg", LateReason: "Jeg lå på sykehus."}, cal, day("2026-09-01").Add(9*time.Hour)); err != nil {
		t.Fatal(err)
	}
	reversed := day("2026-09-10").Add(10 * time.Hour)
	if got, _ := c.LatestStart(cal, tables, reversed); got.Format("2006-01-02") != "2027-03-10" {
		t.Errorf("latest start for the reversal: %s", got)
	}
	d := Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2027-03-11"), End: day("2028-03-11")}
	if key := actionKey(c.ReverseDecision("K1", AppealReversed, d, tables, age30, false, cal, worker, reversed)); key != "err.action.start.late.appeal" {
		t.Errorf("start after six months from the reversal: %q", key)
	}
	if c.Status != StatusDecided || c.Appeal("K1").Status == AppealDecided {
		t.Error("a refused reversal changed the case")
	}
	d.Start, d.End = day("2026-01-04"), day("2027-01-04")
	if key := actionKey(c.ReverseDecision("K1", AppealReversed, d, tables, age30, false, cal, worker, reversed)); key != "err.action.start.early" {
		t.Errorf("start before the application: %q", key)
	}
	d.Start, d.End = day("2026-10-01"), day("2028-10-01")
	if err := c.ReverseDecision("K1", AppealReversed, d, tables, age30, false, cal, worker, reversed); err != nil {
		t.Fatalf("a late appeal reversed to a grant: %v", err)
	}
	if got := c.CurrentDecision(); !got.Granted() || !got.Start.Equal(day("2026-10-01")) || c.Appeal("K1").ResultAt.IsZero() {
		t.Errorf("reversal %+v", got)
	}
}

func TestAppealTimelineEntries(t *testing.T) {
	cal := NorwegianCalendar()
	c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
	at := day("2026-11-16").Add(9 * time.Hour)
	if err := c.FileAppeal(Appeal{ID: "K1", Change: "x"}, cal, at); err != nil {
		t.Fatal(err)
	}
	n := len(c.Events)
	if c.Events[n-2].Type != EventAppealSent || c.Events[n-1].Type != EventAppealReceived || c.Events[n-1].Text != "K1" {
		t.Errorf("the appeal's first events: %+v", c.Events[n-2:])
	}
	if c.AppealInterim("K1").Interim != nil {
		t.Error("an interim reply before one was sent")
	}
	if err := c.SendAppealInterim("K1", Interim{Reason: "Vi venter på legen.", ExpectedBy: day("2027-01-20")}, worker, day("2026-12-14")); err != nil {
		t.Fatal(err)
	}
	if i := c.AppealInterim("K1").Interim; i == nil || i.Reason != "Vi venter på legen." {
		t.Errorf("appeal interim %+v", i)
	}
	if c.InterimLetter().Interim != nil {
		t.Error("the appeal's interim reply is shown as the application's")
	}
}

func TestInterimLetterUntilDecided(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := newTestCase(day("2026-11-23"))
	if c.InterimLetter().Interim != nil {
		t.Error("an interim letter before one was sent")
	}
	_ = c.SendInterimReply(Interim{Reason: "Vi venter.", ExpectedBy: day("2027-01-15")}, worker, day("2026-12-20"))
	if e := c.InterimLetter(); e.Interim == nil || e.Interim.Reason != "Vi venter." || e.At.IsZero() {
		t.Errorf("interim letter %+v", e)
	}
	_ = c.Decide(Decision{Outcome: OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}, tables, nil, false, cal, worker, day("2027-01-10"))
	if c.InterimLetter().Interim != nil {
		t.Error("the interim letter is still shown after the decision")
	}
}
