package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"kvp/internal/testkit"
	"kvp/store"
)

// Two instances (two stores on one database, each with its own
// connection and locks) racing for an expired lease: exactly one gets it,
// every time. A released lease is taken at once.
func TestLeaseRaceHasOneWinner(t *testing.T) {
	a := testkit.Store(t)
	ctx := context.Background()
	b, err := store.Open(ctx, testkit.URI(t), a.DatabaseName())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = b.Close(ctx) }()
	now := testkit.Now()
	for round := 0; round < 40; round++ {
		at := now.Add(time.Duration(round) * 2 * time.Minute) // the last term has run out
		var wg sync.WaitGroup
		wins := make([]bool, 4)
		for i := range wins {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				st := a
				if i%2 == 1 {
					st = b
				}
				ok, err := st.AcquireLease(ctx, "race", string(rune('a'+i))+"-"+at.String(), at, time.Minute)
				if err != nil {
					t.Error(err)
				}
				wins[i] = ok
			}(i)
		}
		wg.Wait()
		n := 0
		for _, w := range wins {
			if w {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("round %d: %d holders", round, n)
		}
	}
	// A clean stop releases the lease; another instance takes it at once.
	if ok, err := a.AcquireLease(ctx, "job", "a", now, 5*time.Minute); err != nil || !ok {
		t.Fatalf("a: %v %v", ok, err)
	}
	if ok, _ := b.AcquireLease(ctx, "job", "b", now.Add(time.Second), 5*time.Minute); ok {
		t.Fatal("b took a lease a holds")
	}
	if err := a.ReleaseLease(ctx, "job", "a", now.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.AcquireLease(ctx, "job", "b", now.Add(3*time.Second), 5*time.Minute); err != nil || !ok {
		t.Fatalf("b after a released: %v %v", ok, err)
	}
	// Releasing a lease one does not hold changes nothing.
	if err := a.ReleaseLease(ctx, "job", "a", now.Add(4*time.Second)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.AcquireLease(ctx, "job", "a", now.Add(5*time.Second), 5*time.Minute); ok {
		t.Fatal("a took the lease b holds after releasing its own old one")
	}
}
