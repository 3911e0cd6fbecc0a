package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

// twoInstances opens two stores on one new test database, each with its
// own connection and locks, as two portal processes have.
func twoInstances(t *testing.T) (*store.Store, *store.Store) {
	t.Helper()
	base := testkit.Store(t)
	ctx := context.Background()
	open := func() *store.Store {
		st, err := store.Open(ctx, testkit.URI(t), base.DatabaseName())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close(ctx) })
		return st
	}
	return open(), open()
}

// Two instances (two stores, each with its own connection and locks) add a
// note to the same case at the same moment, twenty times: every time
// exactly one is saved and the other is told of the conflict, so no note
// is lost, also on FerretDB, which does not isolate an update's filter.
func TestConcurrentChangesFromTwoInstancesLoseNothing(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	cal := casework.NorwegianCalendar()
	now := testkit.Now()
	c := casework.NewCase("RACE-0001", &casework.Draft{ID: "d-race"}, casework.Person{NationalID: "p-race"}, casework.Office{Municipality: "3401"}, now, cal)
	if _, _, err := a.SubmitCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	w := casework.Staff{Email: "sb@nav.test", Name: "Siri"}
	saved := 0
	for round := 0; round < 20; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		read := make([]*casework.Case, 2)
		stores := []*store.Store{a, b}
		for i, st := range stores { // both read before either writes
			cs, err := st.Case(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := cs.AddNote(fmt.Sprintf("round %d from %d", round, i), w, now); err != nil {
				t.Fatal(err)
			}
			read[i] = cs
		}
		for i, st := range stores {
			wg.Add(1)
			go func(i int, st *store.Store, cs *casework.Case) {
				defer wg.Done()
				errs[i] = st.UpdateCase(ctx, cs, cs.Version)
			}(i, st, read[i])
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrConflict):
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d saved (%v)", round, ok, errs)
		}
		saved += ok
	}
	final, err := a.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, e := range final.Events {
		if e.Type == casework.EventNote {
			notes++
		}
	}
	if notes != saved {
		t.Errorf("%d notes stored, %d reported saved", notes, saved)
	}
}

// Two instances adding a file to one draft at its limit at the same
// moment: exactly one gets it, also on FerretDB (the document lock).
func TestConcurrentUploadsFromTwoInstancesKeepTheLimit(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	now := testkit.Now()
	for round := 0; round < 10; round++ {
		nid := fmt.Sprintf("p-limit-%d", round)
		d, err := a.StartDraft(ctx, nid, &casework.Draft{ID: "d-" + nid, Done: []casework.Step{}, Files: []casework.FileRef{}, CreatedAt: now, UpdatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		const max = 3
		for i := 0; i < max-1; i++ {
			if err := a.AddDraftFile(ctx, nid, d.ID, casework.FileRef{FileID: fmt.Sprintf("f%d", i), Size: 1}, max, 1000, now); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, st := range []*store.Store{a, b} {
			wg.Add(1)
			go func(i int, st *store.Store) {
				defer wg.Done()
				errs[i] = st.AddDraftFile(ctx, nid, d.ID, casework.FileRef{FileID: fmt.Sprintf("last%d", i), Size: 1}, max, 1000, now)
			}(i, st)
		}
		wg.Wait()
		p, err := a.Person(ctx, nid)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Draft.Files) != max {
			t.Fatalf("round %d: %d files on a draft limited to %d (%v)", round, len(p.Draft.Files), max, errs)
		}
	}
}
