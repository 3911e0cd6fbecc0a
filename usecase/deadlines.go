package usecase

import (
	"context"
	"errors"

	"kvp/store"
)

// MarkDeadlines is the deadline job: it sets the deadline state of every
// case whose interim reply (for the application or an appeal) is still
// owed, "soon" within five working days of the due date and "overdue"
// after it (the rule is casework's EvaluateDeadline), so the inbox warns
// before a statutory deadline is missed. Only changed cases are written,
// so running it twice changes nothing; a case changed meanwhile by
// someone else is left for the next run. It returns how many it changed.
func (s *Staff) MarkDeadlines(ctx context.Context) (int, error) {
	st, cal, now := s.st, s.cal, s.now()
	refs, err := st.InterimCandidates(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ref := range refs {
		c, err := st.Case(ctx, ref)
		if err != nil {
			return n, err
		}
		state := c.EvaluateDeadline(cal, now)
		if state == c.DeadlineState {
			continue
		}
		c.DeadlineState = state
		err = st.UpdateCase(ctx, c, c.Version)
		if errors.Is(err, store.ErrConflict) {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
