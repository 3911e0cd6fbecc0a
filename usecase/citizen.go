package usecase

import (
	"context"
	"errors"
	"time"

	"kvp/casework"
	"kvp/store"
)

// Citizen holds the use cases of a person who applies.
type Citizen struct {
	st  *store.Store
	cal *casework.Calendar
	now func() time.Time
}

// NewCitizen returns the citizen's use cases on st.
func NewCitizen(st *store.Store, cal *casework.Calendar, now func() time.Time) *Citizen {
	return &Citizen{st: st, cal: cal, now: now}
}

// Applicant is the person who submits, as their login names them, with
// the protection of their address from the population register ("" for
// none).
type Applicant struct {
	Person    casework.Person
	Protected string
}

// The reasons Submit refuses a draft (EINVALID on the draft or the
// office): the person is sent to what is missing.
var (
	ErrUnfinished = &casework.Error{Code: casework.EINVALID, Field: "draft", Message: "check.missing.heading"}
	ErrNotDigital = &casework.Error{Code: casework.EINVALID, Field: "office", Message: "nodigital.other"}
)

// Submit files the applicant's finished draft d as a case at office,
// with the processing deadlines from the calendar. A draft is filed at
// most once: submitting it again (a double click, a retried request, a
// second tab) returns the case that already exists, with created false.
// A draft with a step left is refused with ErrUnfinished, and an office
// that takes no digital applications with ErrNotDigital.
func (u *Citizen) Submit(ctx context.Context, who Applicant, d *casework.Draft, office *casework.Office) (cs *casework.Case, created bool, err error) {
	if d.FirstUnfinished() != "" {
		return nil, false, ErrUnfinished
	}
	if office == nil || !office.DigitalApply {
		return nil, false, ErrNotDigital
	}
	ref, err := casework.NewReference()
	if err != nil {
		return nil, false, err
	}
	cs = casework.NewCase(ref, d, who.Person, *office, u.now(), u.cal)
	cs.Protected = who.Protected
	return u.st.SubmitCase(ctx, cs)
}

// change is one change a person makes to their own case: apply makes it
// (what the domain refuses is returned as it is, and nothing is
// written), and the case is saved if nobody changed it since the person
// saw it (the version seen); otherwise ErrConflict, and nothing is
// written.
func (u *Citizen) change(ctx context.Context, cs *casework.Case, apply func(now time.Time) error) error {
	seen := cs.Version
	if err := apply(u.now()); err != nil {
		return err
	}
	if err := u.st.UpdateCase(ctx, cs, seen); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return ErrConflict
		}
		return err
	}
	return nil
}

// AskToMoveMeeting records the person's wish to move their booked
// conversation, with their message to the office.
func (u *Citizen) AskToMoveMeeting(ctx context.Context, cs *casework.Case, message string) error {
	return u.change(ctx, cs, func(now time.Time) error { return cs.AskToMoveMeeting(message, now) })
}

// Withdraw withdraws the person's application.
func (u *Citizen) Withdraw(ctx context.Context, cs *casework.Case) error {
	return u.change(ctx, cs, func(now time.Time) error { return cs.Withdraw(now) })
}

// CommentOnAppeal adds the party's comment on the office's summary of
// the appeal with the id.
func (u *Citizen) CommentOnAppeal(ctx context.Context, cs *casework.Case, id, text string) error {
	return u.change(ctx, cs, func(now time.Time) error { return cs.CommentOnSummary(id, text, now) })
}

// WithdrawAppeal withdraws the appeal with the id.
func (u *Citizen) WithdrawAppeal(ctx context.Context, cs *casework.Case, id string) error {
	return u.change(ctx, cs, func(now time.Time) error { return cs.WithdrawAppeal(id, now) })
}
