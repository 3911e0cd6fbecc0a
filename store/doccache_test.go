package store

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func rawDoc(t *testing.T, id string, size int) bson.Raw {
	t.Helper()
	b, err := bson.Marshal(bson.D{{Key: "_id", Value: id}, {Key: "pad", Value: make([]byte, size)}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A read that started before a write must not put the older document in
// the cache after the write.
func TestDocCacheIgnoresAFillOlderThanAWrite(t *testing.T) {
	d := newDocCache(1 << 20)
	k := cacheKey{colCases, "R1"}
	_, gen, ok := d.get(k)
	if ok {
		t.Fatal("hit in an empty cache")
	}
	d.put(k, rawDoc(t, "new", 10)) // a write while the reader was reading
	d.fill(k, rawDoc(t, "old", 10), gen)
	raw, _, ok := d.get(k)
	if !ok || raw.Lookup("_id").StringValue() != "new" {
		t.Fatalf("cache holds %v", raw)
	}
	// A write that forgets the document (an update by operators) also
	// wins over a fill that started before it.
	d.put(k, nil)
	_, gen, ok = d.get(k)
	if ok {
		t.Fatal("forgotten document still cached")
	}
	d.put(k, nil)
	d.fill(k, rawDoc(t, "stale", 10), gen)
	if _, _, ok := d.get(k); ok {
		t.Fatal("a stale fill was kept")
	}
	// A fill with no write in between is kept.
	_, gen, _ = d.get(k)
	d.fill(k, rawDoc(t, "fresh", 10), gen)
	if raw, _, ok := d.get(k); !ok || raw.Lookup("_id").StringValue() != "fresh" {
		t.Fatal("a fresh fill was not kept")
	}
	// Forgetting a collection drops its documents and fills begun before.
	_, gen, _ = d.get(cacheKey{colCases, "R2"})
	d.forgetCollection(colCases)
	if _, _, ok := d.get(k); ok {
		t.Fatal("document kept after its collection was forgotten")
	}
	d.fill(cacheKey{colCases, "R2"}, rawDoc(t, "R2", 10), gen)
	if _, _, ok := d.get(cacheKey{colCases, "R2"}); ok {
		t.Fatal("a fill begun before forgetting the collection was kept")
	}
}

// The cache never holds more bytes than its bound: the least recently
// used documents go first.
func TestDocCacheIsBounded(t *testing.T) {
	d := newDocCache(64 << 10)
	for i := 0; i < 100; i++ {
		d.put(cacheKey{colPeople, string(rune('a'+i%26)) + string(rune('a'+i/26))}, rawDoc(t, "x", 2000))
		if d.size > d.max {
			t.Fatalf("size %d over the bound %d", d.size, d.max)
		}
	}
	if len(d.entries) == 0 || len(d.entries) >= 100 {
		t.Fatalf("%d entries", len(d.entries))
	}
	// The newest is kept, the oldest evicted.
	if _, _, ok := d.get(cacheKey{colPeople, "vd"}); !ok {
		t.Error("the newest document was evicted")
	}
	if _, _, ok := d.get(cacheKey{colPeople, "aa"}); ok {
		t.Error("the oldest document was kept")
	}
	// A document too large to be worth keeping is not kept.
	d.put(cacheKey{colCases, "big"}, rawDoc(t, "big", 8<<10))
	if _, _, ok := d.get(cacheKey{colCases, "big"}); ok {
		t.Error("an oversized document was cached")
	}
}

// A document read while absent is remembered as absent, and a write
// (an insert, an upsert) makes it readable at once.
func TestDocCacheRemembersAbsenceUntilAWrite(t *testing.T) {
	d := newDocCache(1 << 20)
	k := cacheKey{colCaseViews, "R1"}
	_, gen, _ := d.get(k)
	d.fill(k, nil, gen)
	raw, _, ok := d.get(k)
	if !ok || raw != nil {
		t.Fatalf("absence not remembered: %v %v", raw, ok)
	}
	d.put(k, rawDoc(t, "R1", 10))
	if raw, _, ok := d.get(k); !ok || raw == nil {
		t.Fatal("the written document is not read after an absence")
	}
	d.put(k, nil)
	if _, _, ok := d.get(k); ok {
		t.Fatal("an update by operators left an entry")
	}
}
