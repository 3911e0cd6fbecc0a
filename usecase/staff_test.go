package usecase_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
	"kvp/usecase"
)

// notices records what the use cases tell the person.
type notices struct{ decided []bool }

func (n *notices) CaseChanged(_ context.Context, _ *casework.Case, decided bool) error {
	n.decided = append(n.decided, decided)
	return nil
}

func setup(t *testing.T, ref, nid string) (*store.Store, *usecase.Staff, *notices, *casework.Case) {
	t.Helper()
	st := testkit.Store(t)
	now := testkit.Now()
	cal := casework.NorwegianCalendar()
	c := casework.NewCase(ref, &casework.Draft{ID: "d-" + ref}, casework.Person{NationalID: nid}, casework.Office{Municipality: "3401"}, now, cal)
	if _, _, err := st.SubmitCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	cs, err := st.Case(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	n := &notices{}
	return st, usecase.NewStaff(st, cal, func() time.Time { return now }, n), n, cs
}

var siri = usecase.Actor{Email: "sb@nav.test", Name: "Siri Saksbehandler", Role: "caseworker"}

// A change is audited, then saved; a form shown at an older version
// changes nothing and writes nothing, not even to the audit log.
func TestAStaleFormChangesNothing(t *testing.T) {
	ctx := context.Background()
	st, u, n, cs := setup(t, "UCAS-0001", "p-1")
	if err := u.AddNote(ctx, siri, cs, cs.Version-1, "gammel"); !errors.Is(err, usecase.ErrConflict) {
		t.Fatalf("stale note: %v, want ErrConflict", err)
	}
	if log, _ := st.AuditForCase(ctx, cs.ID); len(log) != 0 {
		t.Fatalf("a stale change was audited: %+v", log)
	}
	fresh, _ := st.Case(ctx, cs.ID)
	if err := u.AddNote(ctx, siri, fresh, fresh.Version, "ny"); err != nil {
		t.Fatal(err)
	}
	saved, _ := st.Case(ctx, cs.ID)
	if saved.Version != fresh.Version || saved.Events[len(saved.Events)-1].Text != "ny" {
		t.Fatalf("note not saved: version %d, last event %+v", saved.Version, saved.Events[len(saved.Events)-1])
	}
	if log, _ := st.AuditForCase(ctx, cs.ID); len(log) != 1 || log[0].Action != "notat" || log[0].Staff != siri.Email {
		t.Fatalf("audit log: %+v", log)
	}
	if len(n.decided) != 0 {
		t.Fatalf("an internal note told the person: %v", n.decided)
	}
}

// What the domain refuses comes back as it is, and nothing is written.
func TestARefusedChangeIsNotSaved(t *testing.T) {
	ctx := context.Background()
	st, u, _, cs := setup(t, "UCAS-0002", "p-2")
	err := u.SendInterimReply(ctx, siri, cs, cs.Version, casework.Interim{})
	if casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("an empty interim reply: %v, want an EINVALID error", err)
	}
	saved, _ := st.Case(ctx, cs.ID)
	if saved.Version != cs.Version || !saved.InterimSentAt.IsZero() {
		t.Fatalf("refused change saved: %+v", saved)
	}
	if log, _ := st.AuditForCase(ctx, cs.ID); len(log) != 0 {
		t.Fatalf("a refused change was audited: %+v", log)
	}
}

// Booking a meeting tells the person (not as a decision); a decision
// with the meeting still to come waits for a confirmation and is not
// saved until then.
func TestADecisionWaitsForConfirmationWhileAMeetingIsToCome(t *testing.T) {
	ctx := context.Background()
	st, u, n, cs := setup(t, "UCAS-0003", "01819012365")
	at := testkit.Now().Add(72 * time.Hour)
	if err := u.BookMeeting(ctx, siri, cs, cs.Version, casework.Meeting{At: at, Mode: "office", Place: "Servicetorget"}); err != nil {
		t.Fatal(err)
	}
	if len(n.decided) != 1 || n.decided[0] {
		t.Fatalf("booking told the person %v, want one notice, not a decision", n.decided)
	}
	booked, _ := st.Case(ctx, cs.ID)
	d := casework.Decision{Outcome: casework.OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}
	err := u.Decide(ctx, siri, booked, booked.Version, d, false)
	var wait *usecase.NeedsConfirmation
	if !errors.As(err, &wait) || len(wait.Warnings) != 1 || wait.Warnings[0].Key != "staff.decision.warn.meeting" {
		t.Fatalf("decision before the meeting: %v, want a warning about the meeting", err)
	}
	if stored, _ := st.Case(ctx, cs.ID); stored.Version != booked.Version || stored.CurrentDecision() != nil {
		t.Fatalf("an unconfirmed decision was saved")
	}
}

// An action the case does not allow in its state (Case.Allows, the rule
// the page shows its forms by) is refused before the domain is asked, and
// nothing is written: here an extension of a programme not yet granted,
// and an action on an appeal that does not exist.
func TestAnActionTheStateDoesNotAllowIsRefused(t *testing.T) {
	ctx := context.Background()
	st, u, n, cs := setup(t, "UCAS-0009", "p-9")
	end := testkit.Now().AddDate(1, 0, 0)
	if err := u.Extend(ctx, siri, cs, cs.Version, end, casework.Decision{Rules: "r", Facts: "f", Considerations: "c"}); !errors.Is(err, casework.ErrClosed) {
		t.Fatalf("extending an undecided case: %v, want ErrClosed", err)
	}
	if err := u.StartReassessment(ctx, siri, cs, cs.Version, "NO-APPEAL"); !errors.Is(err, casework.ErrClosed) {
		t.Fatalf("reassessing an appeal that does not exist: %v, want ErrClosed", err)
	}
	if log, _ := st.AuditForCase(ctx, cs.ID); len(log) != 0 {
		t.Fatalf("a refused action was audited: %+v", log)
	}
	if saved, _ := st.Case(ctx, cs.ID); saved.Version != cs.Version || len(n.decided) != 0 {
		t.Fatalf("a refused action changed the case (version %d) or told the person (%v)", saved.Version, n.decided)
	}
}

// Opening a case clears its mark of what is new from the applicant, and
// saves that; when someone changed the case meanwhile, their change wins
// and the case is returned as it is now.
func TestOpeningACaseClearsItsNews(t *testing.T) {
	ctx := context.Background()
	st, u, _, cs := setup(t, "UCAS-0010", "p-10")
	if err := cs.SendFollowUp("Ny kontrakt", nil, testkit.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateCase(ctx, cs, cs.Version); err != nil {
		t.Fatal(err)
	}
	seen, _ := st.Case(ctx, cs.ID)
	if seen.NewFromApplicant == 0 {
		t.Fatal("the follow-up is not marked as new")
	}
	opened, err := u.OpenCase(ctx, seen)
	if err != nil || opened.NewFromApplicant != 0 {
		t.Fatalf("opened: new %d, %v", opened.NewFromApplicant, err)
	}
	if saved, _ := st.Case(ctx, cs.ID); saved.NewFromApplicant != 0 {
		t.Fatalf("the cleared mark was not saved: %d", saved.NewFromApplicant)
	}

	// Someone else saves first: their version is what is shown.
	stale, _ := st.Case(ctx, cs.ID)
	other, _ := st.Case(ctx, cs.ID)
	_ = other.SendFollowUp("Enda en", nil, testkit.Now())
	if err := st.UpdateCase(ctx, other, other.Version); err != nil {
		t.Fatal(err)
	}
	stale.NewFromApplicant = 1
	got, err := u.OpenCase(ctx, stale)
	if err != nil || got.Version == stale.Version || len(got.Events) != len(other.Events) {
		t.Fatalf("after a change meanwhile: version %d (stale %d), %d events, %v", got.Version, stale.Version, len(got.Events), err)
	}
}
