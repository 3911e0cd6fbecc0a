package usecase_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/usecase"
)

// finishedDraft is a draft with every step saved.
func finishedDraft(id string) *casework.Draft {
	return &casework.Draft{ID: id, Done: append([]casework.Step{}, casework.Steps...),
		Answers: casework.Answers{Residence: casework.Residence{Municipality: "3401"}}}
}

// A finished draft is filed once, at the office, with the applicant's
// address protection; filing it again gives the same case.
func TestSubmitFilesADraftOnce(t *testing.T) {
	ctx := context.Background()
	st := testkit.Store(t)
	now := testkit.Now()
	u := usecase.NewCitizen(st, casework.NorwegianCalendar(), func() time.Time { return now })
	office := &casework.Office{Municipality: "3401", Name: "NAV Kongsvinger", DigitalApply: true}
	who := usecase.Applicant{Person: casework.Person{NationalID: "p-sub", Name: "Kari"}, Protected: "fortrolig"}
	d := finishedDraft("d-sub")
	cs, created, err := u.Submit(ctx, who, d, office)
	if err != nil || !created {
		t.Fatalf("submit: created %v, %v", created, err)
	}
	if cs.Owner.NationalID != "p-sub" || cs.Office.Municipality != "3401" || cs.Protected != "fortrolig" || !cs.SubmittedAt.Equal(now) {
		t.Fatalf("filed as %+v", cs)
	}
	again, created, err := u.Submit(ctx, who, d, office)
	if err != nil || created || again.ID != cs.ID {
		t.Fatalf("second submit: %v created %v (%v), want case %s", again, created, err, cs.ID)
	}
	saved, err := st.Case(ctx, cs.ID)
	if err != nil || saved.Owner.Name != "Kari" {
		t.Fatalf("stored case: %+v, %v", saved, err)
	}
}

// A draft with a step left, or an office that takes no digital
// applications, is refused and nothing is filed.
func TestSubmitRefusesWhatCannotBeFiled(t *testing.T) {
	ctx := context.Background()
	st := testkit.Store(t)
	now := testkit.Now()
	u := usecase.NewCitizen(st, casework.NorwegianCalendar(), func() time.Time { return now })
	who := usecase.Applicant{Person: casework.Person{NationalID: "p-ref"}}
	unfinished := finishedDraft("d-unfinished")
	unfinished.Done = unfinished.Done[:len(unfinished.Done)-1]
	digital := &casework.Office{Municipality: "3401", DigitalApply: true}
	if _, _, err := u.Submit(ctx, who, unfinished, digital); !errors.Is(err, usecase.ErrUnfinished) {
		t.Errorf("unfinished draft: %v, want ErrUnfinished", err)
	}
	paper := &casework.Office{Municipality: "3401"}
	if _, _, err := u.Submit(ctx, who, finishedDraft("d-paper"), paper); !errors.Is(err, usecase.ErrNotDigital) {
		t.Errorf("office without digital applications: %v, want ErrNotDigital", err)
	}
	if _, _, err := u.Submit(ctx, who, finishedDraft("d-none"), nil); !errors.Is(err, usecase.ErrNotDigital) {
		t.Errorf("no office: %v, want ErrNotDigital", err)
	}
	for _, id := range []string{"d-unfinished", "d-paper", "d-none"} {
		if cs, err := st.CaseForDraft(ctx, id); err == nil {
			t.Errorf("draft %s was filed as %s", id, cs.ID)
		}
	}
}

// A person's change to their case is saved when nobody changed the case
// since they saw it; otherwise it is refused with ErrConflict and the
// other change stays as it was.
func TestACitizensChangeIsSavedOnlyOverWhatTheySaw(t *testing.T) {
	ctx := context.Background()
	st := testkit.Store(t)
	now := testkit.Now()
	u := usecase.NewCitizen(st, casework.NorwegianCalendar(), func() time.Time { return now })
	office := &casework.Office{Municipality: "3401", DigitalApply: true}
	cs, _, err := u.Submit(ctx, usecase.Applicant{Person: casework.Person{NationalID: "p-chg"}}, finishedDraft("d-chg"), office)
	if err != nil {
		t.Fatal(err)
	}
	seen, _ := st.Case(ctx, cs.ID)
	other, _ := st.Case(ctx, cs.ID)
	if err := other.SendFollowUp("Ny adresse", nil, now); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateCase(ctx, other, other.Version); err != nil {
		t.Fatal(err)
	}
	if err := u.Withdraw(ctx, seen); !errors.Is(err, usecase.ErrConflict) {
		t.Fatalf("withdrawing a case changed meanwhile: %v, want ErrConflict", err)
	}
	if saved, _ := st.Case(ctx, cs.ID); saved.Status == casework.StatusWithdrawn {
		t.Fatal("the withdrawal was saved over the other change")
	}
	fresh, _ := st.Case(ctx, cs.ID)
	if err := u.Withdraw(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if saved, _ := st.Case(ctx, cs.ID); saved.Status != casework.StatusWithdrawn {
		t.Fatalf("not withdrawn: %s", saved.Status)
	}
	if err := u.Withdraw(ctx, fresh); !errors.Is(err, casework.ErrClosed) && casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("withdrawing twice: %v, want a refusal", err)
	}
}
