package store_test

import (
	"context"
	"errors"
	"testing"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

func TestOfficesAreAddedOnceAndChangedOnlyByReplace(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	k, err := st.Office(ctx, "3401")
	if err != nil {
		t.Fatal(err)
	}
	changed := *k
	changed.PaymentDay = 18
	if err := st.ReplaceOffice(ctx, changed); err != nil {
		t.Fatal(err)
	}
	hamar := *k
	hamar.Municipality, hamar.Name = "3403", "NAV Hamar"
	added, err := st.AddMissingOffices(ctx, []casework.Office{*k, hamar})
	if err != nil || added != 1 {
		t.Fatalf("added %d, %v", added, err)
	}
	if o, _ := st.Office(ctx, "3401"); o.PaymentDay != 18 {
		t.Errorf("a stored office was overwritten: %+v", o)
	}
	if o, err := st.Office(ctx, "3403"); err != nil || o.Name != "NAV Hamar" {
		t.Errorf("missing office not added: %+v %v", o, err)
	}
	if err := st.AddOffice(ctx, hamar); !errors.Is(err, store.ErrConflict) {
		t.Errorf("adding a taken number: %v", err)
	}
	ghost := hamar
	ghost.Municipality = "3404"
	if err := st.ReplaceOffice(ctx, ghost); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("replacing a missing office: %v", err)
	}
	if _, err := st.Office(ctx, "3404"); !errors.Is(err, store.ErrNotFound) {
		t.Error("replacing a missing office added it")
	}
}
