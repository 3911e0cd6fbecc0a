package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"

	"kvp/casework"
	"kvp/store"
)

// StoreMonitored is Store with the command monitor m on the store's
// connection (nil: none), so that a benchmark can see every database
// command the portal causes: a new, empty database with indexes, the
// office directory (real and demo offices) and the rate tables, dropped
// when the test ends. The commands of that set-up pass through m too.
func StoreMonitored(tb testing.TB, m *event.CommandMonitor) *store.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	st, err := store.OpenMonitored(ctx, URI(tb), "t_"+hex.EncodeToString(b), m)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	if embedded != nil {
		if err := st.UseEmbedded(ctx, embedded, store.DefaultCacheBytes); err != nil {
			tb.Fatalf("embedded database: %v", err)
		}
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = st.Drop(ctx)
		_ = st.Close(ctx)
	})
	offices, err := casework.RealOffices()
	if err != nil {
		tb.Fatal(err)
	}
	demo, err := casework.DemoOffices()
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.UpsertOffices(ctx, append(offices, demo...)); err != nil {
		tb.Fatal(err)
	}
	rates, err := casework.DefaultRateTables()
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.SeedRateTables(ctx, rates); err != nil {
		tb.Fatal(err)
	}
	if err := st.EnsureIndexes(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}
