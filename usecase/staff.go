// Package usecase is what the portal does with a case, one method per use
// case with ctx first, between the web handlers and the store. A handler
// binds a form, calls a use case and renders what it returns; a use case
// applies the domain's rule (casework) to the case, writes the audit
// entry before the change, saves the case if nobody changed it meanwhile,
// and tells the person when the change is one they should know of. It
// holds the store, the calendar, the clock and the notifier; cmd/kvp
// wires them (NewStaff, NewCitizen) and gives them to handlers.New.
package usecase

import (
	"context"
	"errors"
	"time"

	"kvp/casework"
	"kvp/store"
)

// ErrConflict is returned when the case changed since the staff member
// saw it (the version in their form): nothing is applied or written.
var ErrConflict error = &casework.Error{Code: casework.ECONFLICT, Message: "staff.case.conflict.text"}

// Notifier tells the person of a change to their case: decided is true
// when the change made a decision whose notice starts the appeal
// deadline.
type Notifier interface {
	CaseChanged(ctx context.Context, cs *casework.Case, decided bool) error
}

// Staff holds the use cases of staff at a NAV office.
type Staff struct {
	st     *store.Store
	cal    *casework.Calendar
	now    func() time.Time
	notify Notifier
}

// NewStaff returns the staff use cases on st.
func NewStaff(st *store.Store, cal *casework.Calendar, now func() time.Time, notify Notifier) *Staff {
	return &Staff{st: st, cal: cal, now: now, notify: notify}
}

// Actor is the staff member who acts, as the audit log names them.
type Actor struct {
	Email, Name, Role string
}

func (a Actor) staff() casework.Staff { return casework.Staff{Email: a.Email, Name: a.Name} }

// notice says whom a change is told to.
type notice int

const (
	noNotice notice = iota
	// news: the person is told that their case has news.
	news
	// decision: as news, and a new decision's notice starts the appeal
	// deadline.
	decision
)

// change is one staff action on cs, named action in the audit log (with
// detail, the appeal's id for an appeal action): if cs still has the
// version seen and the action is one the case allows now
// (casework.Case.Allows, the rule the page shows its forms by), apply
// makes the change; what the domain refuses (a *casework.Error: EINVALID
// on a field, casework.ErrClosed) is returned as it is and nothing is
// written. The audit entry is written first, so a failed audit
// write changes nothing; a case that then cannot be saved gets a second
// entry saying so.
func (s *Staff) change(ctx context.Context, by Actor, cs *casework.Case, seen int, action, detail string, n notice, apply func(now time.Time) error) error {
	if seen != cs.Version {
		return ErrConflict
	}
	if !cs.Allows(action, detail) {
		return casework.ErrClosed
	}
	if err := apply(s.now()); err != nil {
		return err
	}
	return s.save(ctx, by, cs, seen, action, detail, n)
}

func (s *Staff) save(ctx context.Context, by Actor, cs *casework.Case, seen int, action, detail string, n notice) error {
	if err := s.audit(ctx, by, cs, action, detail); err != nil {
		return err
	}
	if err := s.st.UpdateCase(ctx, cs, seen); err != nil {
		if aerr := s.audit(ctx, by, cs, "ikke-lagret", action); aerr != nil {
			return errors.Join(err, aerr)
		}
		if errors.Is(err, store.ErrConflict) {
			return ErrConflict
		}
		return err
	}
	if n == noNotice {
		return nil
	}
	d := cs.CurrentDecision()
	return s.notify.CaseChanged(ctx, cs, n == decision && d != nil && d.ReachedAt.IsZero())
}

// audit writes who did what to which case.
func (s *Staff) audit(ctx context.Context, by Actor, cs *casework.Case, action, detail string) error {
	return s.st.Audit(ctx, store.AuditEntry{At: s.now(), Staff: by.Email, StaffName: by.Name, Role: by.Role, Action: action, Case: cs.ID, Office: cs.Office.Municipality, Detail: detail, Protected: cs.Protected})
}
