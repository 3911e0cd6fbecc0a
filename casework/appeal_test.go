package casework

import (
	"testing"
	"time"
)

func decidedCase(t *testing.T, madeAvailable time.Time) *Case {
	t.Helper()
	tables, _ := DefaultRateTables()
	c := newTestCase(madeAvailable.AddDate(0, 0, -20))
	if err := c.Decide(Decision{Outcome: OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}, tables, nil, false, NorwegianCalendar(), worker, madeAvailable); err != nil {
		t.Fatal(err)
	}
	// The notice about it is sent at once.
	c.DecisionReached(NorwegianCalendar(), madeAvailable, madeAvailable)
	return c
}

func TestAppealWindow(t *testing.T) {
	cases := []struct {
		name          string
		madeAvailable string
		deadline      string
		checks        map[string]AppealWindow
	}{
		// A Friday: three weeks is Friday 4 December.
		{"a Friday", "2026-11-13", "2026-12-04", map[string]AppealWindow{"2026-12-04": WindowInTime, "2026-12-05": WindowLate}},
		// Maundy Thursday 2027 (25 March): three weeks is Thursday 15 April.
		{"before Easter", "2027-03-25", "2027-04-15", map[string]AppealWindow{"2027-04-15": WindowInTime, "2027-04-16": WindowLate}},
		// 26 April 2028: three weeks is Wednesday 17 May, a holiday, so Thursday 18 May.
		{"before 17 May", "2028-04-26", "2028-05-18", map[string]AppealWindow{"2028-05-17": WindowInTime, "2028-05-18": WindowInTime, "2028-05-19": WindowLate}},
		// Saturday 31 January 2026 (a weekend delivery): three weeks is Saturday 21 February, moved to Monday 23 February.
		{"a month end on a Saturday", "2026-01-31", "2026-02-23", map[string]AppealWindow{"2026-02-23": WindowInTime, "2026-02-24": WindowLate, "2027-01-31": WindowLate, "2027-02-01": WindowTooLate}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := decidedCase(t, day(tc.madeAvailable).Add(10*time.Hour))
			d := c.LatestDecision()
			if got := d.AppealDeadline.In(Location()).Format("2006-01-02"); got != tc.deadline {
				t.Errorf("deadline %s, want %s", got, tc.deadline)
			}
			for at, want := range tc.checks {
				if got := d.Window(day(at).Add(12 * time.Hour)); got != want {
					t.Errorf("%s: %s, want %s", at, got, want)
				}
			}
		})
	}
}

func TestAppealFlow(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))

	// Late without a reason is refused; with one it is accepted and flagged.
	late := day("2026-12-10").Add(9 * time.Hour)
	if key := actionKey(c.FileAppeal(Appeal{ID: "K1", Change: "x"}, cal, late)); key != "err.appeal.latereason" {
		t.Errorf("late without reason: %q", key)
	}
	if key := actionKey(c.FileAppeal(Appeal{ID: "K1", Change: "x", LateReason: "Syk", Representative: &Representative{Name: "Advokat"}}, cal, late)); key != "err.appeal.poa" {
		t.Errorf("representative without power of attorney: %q", key)
	}
	if err := c.FileAppeal(Appeal{ID: "K1", Change: "Innvilg", Reasons: "Fordi", LateReason: "Jeg var syk"}, cal, late); err != nil {
		t.Fatal(err)
	}
	a := c.Appeal("K1")
	if !a.Late || a.Status != AppealReceived || a.InterimDue.IsZero() {
		t.Errorf("appeal %+v", a)
	}
	if key := actionKey(c.FileAppeal(Appeal{ID: "K2"}, cal, late)); key != "err.appeal.open" {
		t.Errorf("second appeal while one is open: %q", key)
	}
	now := late.Add(24 * time.Hour)
	_ = c.StartReassessment("K1", worker, now)
	if key := actionKey(c.UpholdDecision("K1", AppealSummary{CommentDeadline: now.AddDate(0, 0, 3)}, worker, now)); key != "err.appeal.commentdeadline" {
		t.Errorf("short comment deadline: %q", key)
	}
	if err := c.UpholdDecision("K1", AppealSummary{Facts: "f", Assessment: "a", Arguments: "g", CommentDeadline: now.AddDate(0, 0, 14)}, worker, now); err != nil {
		t.Fatal(err)
	}
	if key := actionKey(c.ForwardAppeal("K1", worker, now.AddDate(0, 0, 5))); key != "err.appeal.beforedeadline" {
		t.Errorf("forward before the comment deadline: %q", key)
	}
	if err := c.CommentOnSummary("K1", "Jeg er uenig", now.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	if key := actionKey(c.CommentOnSummary("K1", "for sent", now.AddDate(0, 0, 15))); key != "err.appeal.commentclosed" {
		t.Errorf("comment after the deadline: %q", key)
	}
	if err := c.ForwardAppeal("K1", worker, now.AddDate(0, 0, 15)); err != nil {
		t.Fatal(err)
	}
	if err := c.WithdrawAppeal("K1", now.AddDate(0, 0, 16)); err != nil {
		t.Errorf("withdraw before Statsforvalteren decides: %v", err)
	}
	// A fresh appeal (the first was withdrawn) goes the whole way.
	_ = c.FileAppeal(Appeal{ID: "K3", Change: "x", LateReason: "y"}, cal, now.AddDate(0, 0, 17))
	_ = c.UpholdDecision("K3", AppealSummary{CommentDeadline: now.AddDate(0, 0, 30)}, worker, now.AddDate(0, 0, 17))
	_ = c.ForwardAppeal("K3", worker, now.AddDate(0, 0, 31))
	if err := c.RecordBodyResult("K3", BodyResult{Outcome: BodyConfirmed, Letter: FileRef{FileID: "brev"}}, cal, worker, now.AddDate(0, 0, 60)); err != nil {
		t.Fatal(err)
	}
	if c.Appeal("K3").Status != AppealDecided || c.WithdrawAppeal("K3", now.AddDate(0, 0, 61)) == nil {
		t.Error("a decided appeal can still be withdrawn")
	}
	if _, ok := c.File("brev"); !ok {
		t.Error("Statsforvalteren's letter is not a case file")
	}

	// More than a year after the decision: refused.
	c2 := decidedCase(t, day("2025-01-10").Add(10*time.Hour))
	if key := actionKey(c2.FileAppeal(Appeal{ID: "K9", LateReason: "x"}, cal, day("2026-01-12"))); key != "err.appeal.toolate" {
		t.Errorf("over a year: %q", key)
	}

	// Reversal: a new decision with new appeal information.
	c3 := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
	_ = c3.FileAppeal(Appeal{ID: "K4", Change: "x"}, cal, day("2026-11-20"))
	err := c3.ReverseDecision("K4", AppealReversed, Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2027-01-04"), End: day("2029-01-04")}, tables, func(time.Time) int { return 30 }, false, cal, worker, day("2026-11-27"))
	if err != nil {
		t.Fatal(err)
	}
	c3.DecisionReached(cal, day("2026-11-27"), day("2026-11-27"))
	if d := c3.LatestDecision(); d.Outcome != OutcomeGranted || d.AppealDeadline.In(Location()).Format("2006-01-02") != "2026-12-18" || c3.Appeal("K4").OfficeResult != AppealReversed {
		t.Errorf("reversal: %+v", d)
	}
}

func TestAppealInterimDeadline(t *testing.T) {
	cal := NorwegianCalendar()
	c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
	// Appeal received Monday 16 November: interim reply due 16 December.
	_ = c.FileAppeal(Appeal{ID: "K1", Change: "x"}, cal, day("2026-11-16").Add(9*time.Hour))
	if got := c.EvaluateDeadline(cal, day("2026-12-01")); got != "" {
		t.Errorf("two weeks before: %q", got)
	}
	if got := c.EvaluateDeadline(cal, day("2026-12-10")); got != DeadlineSoon {
		t.Errorf("four working days before: %q", got)
	}
	if got := c.EvaluateDeadline(cal, day("2026-12-17")); got != DeadlineOverdue {
		t.Errorf("the day after: %q", got)
	}
	_ = c.SendAppealInterim("K1", Interim{Reason: "r", ExpectedBy: day("2027-01-20")}, worker, day("2026-12-17"))
	if got := c.EvaluateDeadline(cal, day("2026-12-18")); got != "" {
		t.Errorf("after the interim reply: %q", got)
	}
}

func TestNoAppealAfterStatsforvalteren(t *testing.T) {
	cal := NorwegianCalendar()
	c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
	now := day("2026-11-16")
	_ = c.FileAppeal(Appeal{ID: "K1", Change: "x"}, cal, now)
	_ = c.UpholdDecision("K1", AppealSummary{CommentDeadline: now.AddDate(0, 0, 8)}, worker, now)
	_ = c.ForwardAppeal("K1", worker, now.AddDate(0, 0, 9))
	_ = c.RecordBodyResult("K1", BodyResult{Outcome: BodyConfirmed, Letter: FileRef{FileID: "b"}}, cal, worker, now.AddDate(0, 0, 10))
	if !c.AppealSettled() {
		t.Fatal("not settled")
	}
	if key := actionKey(c.FileAppeal(Appeal{ID: "K2", Change: "y", LateReason: "z"}, cal, now.AddDate(0, 0, 11))); key != "err.appeal.final" {
		t.Errorf("second appeal after Statsforvalteren: %q", key)
	}
}
