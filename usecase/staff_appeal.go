package usecase

import (
	"context"
	"time"

	"kvp/casework"
)

// The staff's use cases on one appeal (id) of a case: the office's
// reassessment (forvaltningsloven § 33) and what goes to and comes back
// from Statsforvalteren.

// StartReassessment starts the office's reassessment of the appeal.
func (s *Staff) StartReassessment(ctx context.Context, by Actor, cs *casework.Case, seen int, id string) error {
	return s.change(ctx, by, cs, seen, casework.ActionReassessAppeal, id, noNotice, func(now time.Time) error {
		return cs.StartReassessment(id, by.staff(), now)
	})
}

// SendAppealInterim sends the interim reply on the appeal.
func (s *Staff) SendAppealInterim(ctx context.Context, by Actor, cs *casework.Case, seen int, id string, in casework.Interim) error {
	return s.change(ctx, by, cs, seen, casework.ActionAppealInterim, id, news, func(now time.Time) error {
		return cs.SendAppealInterim(id, in, by.staff(), now)
	})
}

// ReverseOnAppeal changes the appealed decision, wholly or in part, with
// a new decision computed as a first one is.
func (s *Staff) ReverseOnAppeal(ctx context.Context, by Actor, cs *casework.Case, seen int, id string, result casework.AppealResult, d casework.Decision) error {
	return s.change(ctx, by, cs, seen, casework.ActionReverseOnAppeal, id, decision, func(now time.Time) error {
		in, err := s.decisionInputs(ctx, cs)
		if err != nil {
			return err
		}
		return cs.ReverseDecision(id, result, d, in.tables, in.age, in.under25OwnHome, s.cal, by.staff(), now)
	})
}

// UpholdOnAppeal keeps the decision and sends the party the summary to
// comment on before the appeal goes to Statsforvalteren.
func (s *Staff) UpholdOnAppeal(ctx context.Context, by Actor, cs *casework.Case, seen int, id string, sum casework.AppealSummary) error {
	return s.change(ctx, by, cs, seen, casework.ActionUpholdOnAppeal, id, news, func(now time.Time) error {
		return cs.UpholdDecision(id, sum, by.staff(), now)
	})
}

// DismissAppeal dismisses an appeal that cannot be heard, with the reason.
func (s *Staff) DismissAppeal(ctx context.Context, by Actor, cs *casework.Case, seen int, id, reason string) error {
	return s.change(ctx, by, cs, seen, casework.ActionDismissAppeal, id, news, func(now time.Time) error {
		return cs.DismissAppeal(id, reason, by.staff(), now)
	})
}

// ForwardAppeal sends the appeal to Statsforvalteren: after the comment
// deadline, or at once when the party has said they will not comment.
func (s *Staff) ForwardAppeal(ctx context.Context, by Actor, cs *casework.Case, seen int, id string, noComment bool) error {
	return s.change(ctx, by, cs, seen, casework.ActionForwardAppeal, id, news, func(now time.Time) error {
		if noComment {
			if err := cs.RecordNoComment(id, now); err != nil {
				return err
			}
		}
		return cs.ForwardAppeal(id, by.staff(), now)
	})
}

// RecordBodyResult records Statsforvalteren's result, with its letter.
func (s *Staff) RecordBodyResult(ctx context.Context, by Actor, cs *casework.Case, seen int, id string, r casework.BodyResult) error {
	return s.change(ctx, by, cs, seen, casework.ActionBodyResult, id, news, func(now time.Time) error {
		return cs.RecordBodyResult(id, r, s.cal, by.staff(), now)
	})
}
