package store_test

import (
	"context"
	"testing"
	"time"

	"kvp/internal/testkit"
	"kvp/store"
)

// A case's notices read through the embedded database's in-memory outbox
// index are the same, in the same order, as read by a query, including
// notices queued after the index was loaded.
func TestNoticesForCaseFromTheIndexMatchTheQuery(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	now := testkit.Now()
	enqueue := func(ref string, at time.Time) {
		t.Helper()
		if err := st.Enqueue(ctx, &store.Notice{Channel: "email", To: "a@example.no", Subject: "s", Body: "b", Case: ref, Kind: "news", CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	enqueue("R1", now)
	enqueue("R2", now.Add(time.Minute))
	enqueue("R1", now.Add(2*time.Minute))
	want, err := st.NoticesForCase(ctx, "R1")
	if err != nil || len(want) != 2 {
		t.Fatalf("by query: %d notices, %v", len(want), err)
	}
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	enqueue("R1", now.Add(3*time.Minute))
	if ok, err := st.EnqueueOnce(ctx, &store.Notice{Channel: "email", To: "a@example.no", Subject: "s", Body: "b", Case: "R1", Kind: "received", CreatedAt: now.Add(4 * time.Minute)}, "received:R1"); err != nil || !ok {
		t.Fatalf("enqueue once: %v %v", ok, err)
	}
	got, err := st.NoticesForCase(ctx, "R1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("from the index: %d notices, want 4", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].CreatedAt.After(got[i-1].CreatedAt) {
			t.Fatal("not newest first")
		}
	}
	if got[2].ID != want[0].ID || got[3].ID != want[1].ID {
		t.Error("the notices from before the index differ from the query's")
	}
	if other, _ := st.NoticesForCase(ctx, "R2"); len(other) != 1 {
		t.Errorf("R2: %d notices, want 1", len(other))
	}
}
