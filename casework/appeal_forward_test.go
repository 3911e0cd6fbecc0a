package casework

import (
	"testing"
	"time"
)

// An upheld appeal can be forwarded to Statsforvalteren as soon as the
// party has commented on the summary or said they will not; otherwise
// only after the comment deadline.
func TestForwardAppealAfterCommentOrNone(t *testing.T) {
	worker := Staff{Email: "a@nav.test", Name: "A"}
	summarised := func() (*Case, time.Time) {
		c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
		at := day("2026-11-20").Add(9 * time.Hour)
		if err := c.FileAppeal(Appeal{ID: "K1", Change: "Innvilg", Reasons: "Fordi"}, NorwegianCalendar(), at); err != nil {
			t.Fatal(err)
		}
		if err := c.UpholdDecision("K1", AppealSummary{Facts: "f", Assessment: "a", Arguments: "g", CommentDeadline: at.AddDate(0, 0, 14)}, worker, at); err != nil {
			t.Fatal(err)
		}
		return c, at
	}

	// Neither: not before the deadline, the day after it yes.
	c, at := summarised()
	if c.Appeal("K1").MayForward(at.AddDate(0, 0, 14)) {
		t.Error("may forward on the deadline without a comment")
	}
	if key := actionKey(c.ForwardAppeal("K1", worker, at.AddDate(0, 0, 14))); key != "err.appeal.beforedeadline" {
		t.Errorf("forward on the deadline: %q", key)
	}
	if err := c.ForwardAppeal("K1", worker, at.AddDate(0, 0, 15)); err != nil {
		t.Error(err)
	}

	// A comment: at once.
	c, at = summarised()
	if err := c.CommentOnSummary("K1", "Jeg er uenig", at.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if err := c.ForwardAppeal("K1", worker, at.AddDate(0, 0, 2)); err != nil {
		t.Errorf("forward after a comment: %v", err)
	}
	if c.Appeal("K1").Status != AppealForwarded {
		t.Error("not forwarded")
	}

	// The party said they will not comment: at once, and recorded once.
	c, at = summarised()
	if err := c.RecordNoComment("K1", at.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	_ = c.RecordNoComment("K1", at.AddDate(0, 0, 2))
	if a := c.Appeal("K1"); !a.NoCommentAt.Equal(at.AddDate(0, 0, 1)) || !a.MayForward(at.AddDate(0, 0, 1)) {
		t.Errorf("no comment recorded at %v", a.NoCommentAt)
	}
	if err := c.ForwardAppeal("K1", worker, at.AddDate(0, 0, 2)); err != nil {
		t.Errorf("forward after the party said no comment: %v", err)
	}
	if key := actionKey(c.RecordNoComment("K1", at.AddDate(0, 0, 3))); key != "err.appeal.state" {
		t.Errorf("no comment on a forwarded appeal: %q", key)
	}
}
