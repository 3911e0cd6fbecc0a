package usecase

import (
	"context"
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
