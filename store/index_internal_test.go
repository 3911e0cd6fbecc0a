package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"kvp/casework"
)

func internalStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	uri, closeDB := benchDB(t)
	st, err := Open(ctx, uri, fmt.Sprintf("idx_%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Drop(ctx); _ = st.Close(ctx); closeDB() })
	return st
}

// An older version of an index entry written after a newer one (two
// instances finishing their updates in the other order) must not win.
func TestIndexKeepsTheNewestVersion(t *testing.T) {
	st := internalStore(t)
	ctx := context.Background()
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	newer := IndexEntry{Ref: "R1", Office: "3401", Status: "decided", Version: 5, Schema: indexSchema}
	older := IndexEntry{Ref: "R1", Office: "3401", Status: "assessing", Version: 4, Schema: indexSchema}
	for _, e := range []IndexEntry{newer, older} {
		if err := st.saveIndex(ctx, e); err != nil {
			t.Fatalf("save version %d: %v", e.Version, err)
		}
	}
	var got IndexEntry
	if err := st.db.Collection(colIndex).FindOne(ctx, bson.D{{Key: "_id", Value: "R1"}}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 5 || got.Status != "decided" {
		t.Errorf("stored entry %+v, want version 5", got)
	}
	// The same version again (a retried submit) is written.
	same := newer
	same.AssigneeName = "A"
	if err := st.saveIndex(ctx, same); err != nil {
		t.Fatal(err)
	}
	_ = st.db.Collection(colIndex).FindOne(ctx, bson.D{{Key: "_id", Value: "R1"}}).Decode(&got)
	if got.AssigneeName != "A" {
		t.Errorf("rewrite of the same version was dropped: %+v", got)
	}
}

// Entries of an older shape are rebuilt from their cases at start.
func TestStaleIndexEntriesAreRebuilt(t *testing.T) {
	st := internalStore(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	c := casework.NewCase("R1", &casework.Draft{ID: "d1"}, casework.Person{NationalID: "p", Name: "Kari"}, casework.Office{Municipality: "3401"}, time.Date(2026, 9, 1, 10, 0, 0, 0, casework.Location()), cal)
	c.DeadlineState = casework.DeadlineOverdue
	if _, err := st.db.Collection(colCases).InsertOne(ctx, c); err != nil {
		t.Fatal(err)
	}
	// An entry as an earlier release wrote it: no schema, no urgency.
	if _, err := st.db.Collection(colIndex).InsertOne(ctx, bson.D{{Key: "_id", Value: "R1"}, {Key: "office", Value: "3401"}, {Key: "status", Value: "received"}, {Key: "version", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	var got IndexEntry
	if err := st.db.Collection(colIndex).FindOne(ctx, bson.D{{Key: "_id", Value: "R1"}}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != indexSchema || got.Urgency != 2 || got.Name != "Kari" {
		t.Errorf("entry after start: %+v", got)
	}
}

// A database from a release before the under-25 share and the start limit
// were tables gets them from the shipped rows at start, keeping its own
// rows.
func TestSeedRateTablesAddsNewTablesToAnOlderDatabase(t *testing.T) {
	st := internalStore(t)
	ctx := context.Background()
	shipped, err := casework.DefaultRateTables()
	if err != nil {
		t.Fatal(err)
	}
	older := bson.D{{Key: "_id", Value: rateDocID}, {Key: "g", Value: shipped.G}, {Key: "factor", Value: shipped.Factor}, {Key: "child", Value: shipped.Child}}
	if _, err := st.db.Collection(colRates).InsertOne(ctx, older); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RateTables(ctx); err == nil {
		t.Fatal("the older tables validated without the new ones")
	}
	if err := st.SeedRateTables(ctx, shipped); err != nil {
		t.Fatal(err)
	}
	got, err := st.RateTables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Under25) != 1 || got.Under25[0].Value != 2 || got.Under25[0].Per != 3 || len(got.LatestStart) != 1 || got.LatestStart[0].Value != 6 {
		t.Errorf("tables after seeding: under25 %+v, latest start %+v", got.Under25, got.LatestStart)
	}
}
