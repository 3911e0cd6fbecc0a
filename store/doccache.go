package store

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// docCache keeps recently used documents of the collections read on every
// page (sessions, people, cases, offices, staff, rates, settings) in
// memory, as the raw BSON the database returned, written through on every
// change. It is used only with the embedded database: one process owns
// those files, so this process sees every write, and a page view then
// costs no database call at all. Every read decodes a fresh copy, so no
// caller can change a cached document by accident.
//
// A read that misses loads the document from the database and stores it
// only if no write to that document (or its collection) happened in
// between: each write bumps a generation counter first, and the filler
// compares the generation it saw before reading with the one after.
type docCache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	lru     *list.List
	entries map[cacheKey]*list.Element
	gens    [256]uint64
	colGens map[string]uint64
	hits    uint64
	misses  uint64
}

type cacheKey struct{ col, id string }

type cacheEntry struct {
	key cacheKey
	raw bson.Raw // nil: the document is known not to exist
}

// DefaultCacheBytes bounds the embedded database's document cache.
const DefaultCacheBytes = 64 << 20

// cachedCollections are the collections whose documents the cache keeps.
var cachedCollections = map[string]bool{
	colSessions: true, colPeople: true, colCases: true, colOffices: true,
	colStaff: true, colRates: true, colSettings: true, colCaseViews: true,
}

func newDocCache(maxBytes int64) *docCache {
	return &docCache{max: maxBytes, lru: list.New(), entries: map[cacheKey]*list.Element{}, colGens: map[string]uint64{}}
}

func (d *docCache) stripe(k cacheKey) int {
	h := fnv.New32a()
	h.Write([]byte(k.col))
	h.Write([]byte{0})
	h.Write([]byte(k.id))
	return int(h.Sum32() % uint32(len(d.gens)))
}

// generation is what a filler remembers before it reads the database.
type generation struct{ doc, col uint64 }

func (d *docCache) get(k cacheKey) (bson.Raw, generation, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if el, ok := d.entries[k]; ok {
		d.lru.MoveToFront(el)
		d.hits++
		return el.Value.(*cacheEntry).raw, generation{}, true
	}
	d.misses++
	return nil, generation{d.gens[d.stripe(k)], d.colGens[k.col]}, false
}

// fill stores raw for k if nothing was written to it since g was taken;
// raw nil records that the document does not exist (a page that looks for
// a document most cases lack, such as a case's list of openings, then
// needs no database call either).
func (d *docCache) fill(k cacheKey, raw bson.Raw, g generation) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gens[d.stripe(k)] != g.doc || d.colGens[k.col] != g.col {
		return
	}
	d.putLocked(k, raw)
}

// put stores the document as just written (a write that knows the whole
// document), or forgets it when raw is nil (an update by operators, a
// delete). Either way a filler that started before is ignored.
func (d *docCache) put(k cacheKey, raw bson.Raw) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gens[d.stripe(k)]++
	if raw == nil {
		d.removeLocked(k) // read again next time (an absent entry too)
		return
	}
	d.putLocked(k, raw)
}

// forgetCollection drops every cached document of col (after a write
// to many documents at once, such as a sweep).
func (d *docCache) forgetCollection(col string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.colGens[col]++
	for k := range d.entries {
		if k.col == col {
			d.removeLocked(k)
		}
	}
}

func (d *docCache) putLocked(k cacheKey, raw bson.Raw) {
	if len(raw) > 0 && int64(len(raw)) > d.max/16 {
		d.removeLocked(k) // too large to be worth keeping
		return
	}
	if el, ok := d.entries[k]; ok {
		e := el.Value.(*cacheEntry)
		d.size += int64(len(raw) - len(e.raw))
		e.raw = raw
		d.lru.MoveToFront(el)
	} else {
		d.entries[k] = d.lru.PushFront(&cacheEntry{key: k, raw: raw})
		d.size += int64(len(raw))
	}
	for d.size > d.max {
		d.removeLocked(d.lru.Back().Value.(*cacheEntry).key)
	}
}

func (d *docCache) removeLocked(k cacheKey) {
	el, ok := d.entries[k]
	if !ok {
		return
	}
	e := el.Value.(*cacheEntry)
	d.size -= int64(len(e.raw))
	d.lru.Remove(el)
	delete(d.entries, k)
}

// CacheStats reports the embedded database's document cache: documents
// and bytes held, hits and misses. All zero with another database.
type CacheStats struct {
	Docs         int
	Bytes        int64
	Hits, Misses uint64
	MaxBytes     int64
}

// CacheStats returns the document cache's figures.
func (s *Store) CacheStats() CacheStats {
	if s.docs == nil {
		return CacheStats{}
	}
	d := s.docs
	d.mu.Lock()
	defer d.mu.Unlock()
	return CacheStats{Docs: len(d.entries), Bytes: d.size, Hits: d.hits, Misses: d.misses, MaxBytes: d.max}
}

// findByID decodes the document with _id id of col into out, or returns
// ErrNotFound. With the embedded database it is served from the document
// cache when it can be.
func (s *Store) findByID(ctx context.Context, col, id string, out any) error {
	if s.docs == nil || !cachedCollections[col] {
		err := s.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(out)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return ErrNotFound
		}
		return err
	}
	k := cacheKey{col, id}
	raw, gen, ok := s.docs.get(k)
	if ok && raw == nil {
		return ErrNotFound // known not to exist
	}
	if !ok {
		r, err := s.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
		if errors.Is(err, mongo.ErrNoDocuments) {
			s.docs.fill(k, nil, gen)
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// The driver's buffer is reused: keep a copy.
		raw = append(bson.Raw(nil), r...)
		s.docs.fill(k, raw, gen)
	}
	if err := bson.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decode %s %s: %w", col, id, err)
	}
	return nil
}

// written records that the document id of col was changed: doc is the
// whole document as written (a replace or an insert), or nil when the
// write changed it by operators or deleted it, so that it is read again.
func (s *Store) written(col, id string, doc any) {
	if s.docs == nil || !cachedCollections[col] {
		return
	}
	if col == colOffices {
		s.writtenMany(col)
		return
	}
	k := cacheKey{col, id}
	if doc == nil {
		s.docs.put(k, nil)
		return
	}
	raw, err := bson.Marshal(doc)
	if err != nil {
		s.docs.put(k, nil)
		return
	}
	s.docs.put(k, raw)
}

// writtenMany records a write that may have changed any document of col.
func (s *Store) writtenMany(col string) {
	if s.docs == nil || !cachedCollections[col] {
		return
	}
	s.docs.forgetCollection(col)
	if col == colOffices {
		s.officeList.Store(nil) // after the generation moved: see Offices
	}
}

// colGeneration is what a reader of a whole collection remembers before
// it reads.
func (d *docCache) colGeneration(col string) uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.colGens[col]
}

// ifUnchanged runs keep if no write to col happened since g was taken.
func (d *docCache) ifUnchanged(col string, g uint64, keep func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.colGens[col] == g {
		keep()
	}
}

// updateIf applies update to the document id of col if the condition
// holds, and reports whether it did. cond is the condition as a filter,
// which MongoDB applies atomically with the update. The embedded database
// would evaluate a filter with more than _id by reading the whole
// collection, so there holds checks the same condition in Go on the
// current document, and the update goes by _id alone: the caller holds
// the document's lock, and this process is the database's only user, so
// nothing can change the document in between.
func (s *Store) updateIf(ctx context.Context, col, id string, cond bson.D, holds func() (bool, error), update any) (bool, error) {
	if s.docs == nil {
		res, err := s.db.Collection(col).UpdateOne(ctx, append(bson.D{{Key: "_id", Value: id}}, cond...), update)
		if err != nil {
			return false, err
		}
		return res.MatchedCount > 0, nil
	}
	ok, err := holds()
	if err != nil || !ok {
		return false, err
	}
	res, err := s.db.Collection(col).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
	s.written(col, id, nil)
	if err != nil {
		return false, err
	}
	return res.MatchedCount > 0, nil
}
