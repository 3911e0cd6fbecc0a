package usecase

import (
	"context"
	"errors"
	"time"

	"kvp/casework"
	"kvp/identity"
	"kvp/store"
)

// The staff's use cases on an application or a conversation request. Each
// takes the case as the staff member was shown it (seen is the version in
// their form) and returns ErrConflict, what the domain refused, or nil
// once the change is saved (and the person told, where they should be).

// Assign gives the case to the caseworker with the e-mail to, who must
// work at its office and, for a protected address, have the permission.
func (s *Staff) Assign(ctx context.Context, by Actor, cs *casework.Case, seen int, to string) error {
	return s.change(ctx, by, cs, seen, casework.ActionAssign, "", noNotice, func(now time.Time) error {
		rec, err := s.st.Staff(ctx, to)
		if err != nil || !MayBeAssigned(rec, cs) {
			return casework.Invalid("assignee", "err.action.assignee")
		}
		return cs.Assign(casework.Staff{Email: rec.Email, Name: rec.Name}, by.staff(), now)
	})
}

// MayBeAssigned reports whether a case can be given to the staff account:
// it works at the case's office and, for a protected address, has the
// permission for it.
func MayBeAssigned(rec *store.StaffRecord, cs *casework.Case) bool {
	for _, o := range rec.Offices {
		if o == cs.Office.Municipality {
			return cs.Protected == "" || rec.MayHandleProtected
		}
	}
	return false
}

// AddNote adds an internal note to the case's timeline.
func (s *Staff) AddNote(ctx context.Context, by Actor, cs *casework.Case, seen int, text string) error {
	return s.change(ctx, by, cs, seen, casework.ActionNote, "", noNotice, func(now time.Time) error {
		return cs.AddNote(text, by.staff(), now)
	})
}

// BookMeeting books the conversation: about an application, or the one a
// conversation request asked for.
func (s *Staff) BookMeeting(ctx context.Context, by Actor, cs *casework.Case, seen int, m casework.Meeting) error {
	return s.change(ctx, by, cs, seen, casework.ActionBookMeeting, "", news, func(now time.Time) error {
		if cs.IsConversation() {
			return cs.BookConversation(m, by.staff(), now)
		}
		return cs.BookMeeting(m, by.staff(), now)
	})
}

// MarkMeetingHeld records that a requested conversation took place.
func (s *Staff) MarkMeetingHeld(ctx context.Context, by Actor, cs *casework.Case, seen int) error {
	return s.change(ctx, by, cs, seen, casework.ActionMeetingHeld, "", noNotice, func(now time.Time) error {
		return cs.MarkHeld(by.staff(), now)
	})
}

// CloseConversation closes a conversation request with a note to the
// person.
func (s *Staff) CloseConversation(ctx context.Context, by Actor, cs *casework.Case, seen int, note string) error {
	return s.change(ctx, by, cs, seen, casework.ActionCloseConversation, "", news, func(now time.Time) error {
		return cs.CloseConversation(note, by.staff(), now)
	})
}

// RequestDocuments asks the applicant for documents by a deadline.
func (s *Staff) RequestDocuments(ctx context.Context, by Actor, cs *casework.Case, seen int, r casework.DocRequest) error {
	return s.change(ctx, by, cs, seen, casework.ActionRequestDocuments, "", news, func(now time.Time) error {
		return cs.RequestDocuments(r, by.staff(), now)
	})
}

// SendInterimReply sends the interim reply (forvaltningsloven § 11 a).
func (s *Staff) SendInterimReply(ctx context.Context, by Actor, cs *casework.Case, seen int, in casework.Interim) error {
	return s.change(ctx, by, cs, seen, casework.ActionInterimReply, "", news, func(now time.Time) error {
		return cs.SendInterimReply(in, by.staff(), now)
	})
}

// Decide makes the decision, its benefit computed from the rate tables,
// the person's age at the start and the office's under-25 rule. Unless
// confirmed, a decision the domain accepts while a conversation is still
// to come or documents asked for are still awaited is not saved: a
// *NeedsConfirmation error lists why to wait.
func (s *Staff) Decide(ctx context.Context, by Actor, cs *casework.Case, seen int, d casework.Decision, confirmed bool) error {
	return s.change(ctx, by, cs, seen, casework.ActionDecide, "", decision, func(now time.Time) error {
		var wait []Warning
		if !confirmed {
			wait = DecisionWarnings(cs, now) // before the decision changes the case
		}
		in, err := s.decisionInputs(ctx, cs)
		if err != nil {
			return err
		}
		if err := cs.Decide(d, in.tables, in.age, in.under25OwnHome, s.cal, by.staff(), now); err != nil {
			return err
		}
		if len(wait) > 0 {
			return &NeedsConfirmation{Warnings: wait}
		}
		return nil
	})
}

// Extend extends a granted programme to newEnd, with the reasons (a new
// decision).
func (s *Staff) Extend(ctx context.Context, by Actor, cs *casework.Case, seen int, newEnd time.Time, reasons casework.Decision) error {
	return s.change(ctx, by, cs, seen, casework.ActionExtend, "", decision, func(now time.Time) error {
		in, err := s.decisionInputs(ctx, cs)
		if err != nil {
			return err
		}
		return cs.Extend(newEnd, reasons, in.tables, in.age, in.under25OwnHome, s.cal, by.staff(), now)
	})
}

// Warning is one reason to wait with a decision: Key is a message id
// taking Date.
type Warning struct {
	Key      string
	Date     time.Time
	WithTime bool
}

// NeedsConfirmation is returned by Decide for a decision to confirm.
type NeedsConfirmation struct{ Warnings []Warning }

func (e *NeedsConfirmation) Error() string { return "usecase: the decision needs a confirmation" }

// DecisionWarnings lists what speaks against deciding the case now: a
// booked conversation whose time has not come yet, and a request for
// documents, not yet answered, whose deadline has not passed.
func DecisionWarnings(cs *casework.Case, now time.Time) []Warning {
	var out []Warning
	if m := cs.NextMeeting(); m != nil && m.At.After(now) {
		out = append(out, Warning{Key: "staff.decision.warn.meeting", Date: m.At, WithTime: true})
	}
	if r := cs.OpenRequest(); r != nil && !casework.OsloDate(now).After(casework.OsloDate(r.Deadline)) {
		out = append(out, Warning{Key: "staff.decision.warn.docs", Date: r.Deadline})
	}
	return out
}

// decisionInputs is what a decision's benefit is computed from. age is
// nil when the person's national identity number does not encode a birth
// date (numbers issued from 2032): the decision form asks for it then.
type decisionInputs struct {
	tables         casework.RateTables
	age            func(time.Time) int
	under25OwnHome bool
}

func (s *Staff) decisionInputs(ctx context.Context, cs *casework.Case) (*decisionInputs, error) {
	tables, err := s.st.RateTables(ctx)
	if err != nil {
		return nil, err
	}
	office, err := s.st.Office(ctx, cs.Office.Municipality)
	if err != nil {
		return nil, err
	}
	nid, err := identity.ParseNationalID(cs.Owner.NationalID)
	if err != nil {
		return nil, err
	}
	in := &decisionInputs{tables: tables, under25OwnHome: office.Under25OwnHome}
	if nid.EncodesBirthDate() {
		in.age = nid.Age
	}
	return in, nil
}

// OpenCase is a staff member who may see the case opening it: it clears
// the case's mark of what is new from the applicant. A change made by
// someone else meanwhile wins: the case is read again and returned as it
// is now.
func (s *Staff) OpenCase(ctx context.Context, cs *casework.Case) (*casework.Case, error) {
	seen := cs.Version
	if !cs.SeenByStaff() {
		return cs, nil
	}
	err := s.st.UpdateCase(ctx, cs, seen)
	if errors.Is(err, store.ErrConflict) {
		return s.st.Case(ctx, cs.ID)
	}
	return cs, err
}
