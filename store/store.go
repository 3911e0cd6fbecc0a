// Package store keeps the portal's data in MongoDB (or the embedded FerretDB):
// people with their drafts, cases, files in GridFS, sessions, and leases.
package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"kvp/casework"
)

// ErrNotFound is returned when a document does not exist (or is not the
// caller's to see). Like every error a person may be told of, it is a
// *casework.Error; callers compare with errors.Is.
var ErrNotFound error = &casework.Error{Code: casework.ENOTFOUND, Message: "error.notfound.text"}

// ErrConflict is returned when a precondition of an update did not hold:
// someone else changed the document first, or a limit would be exceeded.
var ErrConflict error = &casework.Error{Code: casework.ECONFLICT, Message: "error.generic.text"}

// Store wraps the portal's database.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	files  *mongo.GridFSBucket
	ready  atomic.Int32 // notReady, readyHeld or isReady
	locks  [64]sync.Mutex
	// indexLocks guard the case index apart from locks, because an index
	// entry is written while its case is still locked: always case first,
	// then index, so the two can never wait on each other.
	indexLocks [64]sync.Mutex
	// cache holds the case index in memory with the embedded database.
	cache *inboxCache
	// docs caches documents read by _id with the embedded database (see
	// UseEmbedded); nil with any other database.
	docs *docCache
	// officeList is the office directory, kept with the embedded database.
	officeList atomic.Pointer[[]casework.Office]
	// outbox knows each case's notices with the embedded database.
	outbox *outboxIndex
	// noIsolation is set on FerretDB, which applies an update's filter
	// without isolation: two instances could both pass a version check.
	noIsolation bool
}

// lock serialises this process's writes to one document. FerretDB on
// SQLite applies an update as read, modify, write without isolation, so
// two concurrent conditional updates of one document could both pass their
// precondition; MongoDB does not need this, and across instances the
// preconditions in the updates themselves keep writes safe on MongoDB.
// The embedded database only ever serves one process.
func (s *Store) lock(col, id string) func() {
	h := fnv.New32a()
	h.Write([]byte(col))
	h.Write([]byte{0})
	h.Write([]byte(id))
	stripes := s.locks[:]
	if col == colIndex {
		stripes = s.indexLocks[:]
	}
	m := &stripes[h.Sum32()%uint32(len(stripes))]
	m.Lock()
	if !s.sharedUnisolated() {
		return m.Unlock
	}
	// FerretDB as a server, which other instances may share: hold the
	// document's lock in the database too (see docLock).
	release := s.docLock(col, id)
	return func() {
		release()
		m.Unlock()
	}
}

// Open connects to the MongoDB at uri and uses the database dbName. Writes
// use majority write concern and reads majority read concern, so that a
// person always reads their own writes on a replica set.
func Open(ctx context.Context, uri, dbName string) (*Store, error) {
	return OpenMonitored(ctx, uri, dbName, nil)
}

// OpenMonitored is Open with a command monitor on the connection, so that
// a benchmark can count and replay every database operation a request
// causes.
func OpenMonitored(ctx context.Context, uri, dbName string, m *event.CommandMonitor) (*Store, error) {
	opts := options.Client().ApplyURI(uri).
		SetMonitor(m).
		SetWriteConcern(writeconcern.Majority()).
		SetReadConcern(readconcern.Majority()).
		SetServerSelectionTimeout(10 * time.Second).
		SetAppName("kvp")
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	db := client.Database(dbName)
	s := &Store{client: client, db: db, files: db.GridFSBucket()}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	var info struct {
		FerretDB string `bson:"ferretdbVersion"`
	}
	if err := db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err == nil && info.FerretDB != "" {
		s.noIsolation = true
	}
	return s, nil
}

// sharedUnisolated reports whether the database may be shared with other
// instances and does not isolate an update's filter: FerretDB as a
// server. There changes take document locks (docLock) and case versions
// are claimed (claimVersion). The embedded FerretDB has one process and
// its own locks suffice.
func (s *Store) sharedUnisolated() bool { return s.noIsolation && s.docs == nil }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Readiness states of a Store.
const (
	notReady  int32 = iota // start-up work is not done
	readyHeld              // HoldReady: only its release makes the store ready
	isReady                // start-up work is done
)

// Ready reports whether start-up work has finished: the indexes exist
// (EnsureIndexes), or, when readiness is held, the holder has released it.
func (s *Store) Ready() bool { return s.ready.Load() == isReady }

// HoldReady keeps Ready false until the returned release is called, even
// once the indexes exist. The process that serves the portal holds it from
// the start and releases it when all of its start-up work is done, so
// that /readyz answers 503 until then. A store nobody holds (tests, tools)
// is ready as soon as EnsureIndexes has run.
func (s *Store) HoldReady() (release func()) {
	s.ready.Store(readyHeld)
	return func() { s.ready.Store(isReady) }
}

// Close disconnects from the database.
func (s *Store) Close(ctx context.Context) error {
	return s.client.Disconnect(ctx)
}

// Drop removes the whole database. Tests and benchmarks use it.
func (s *Store) Drop(ctx context.Context) error {
	return s.db.Drop(ctx)
}

// Collection names.
const (
	colPeople   = "people"
	colCases    = "cases"
	colSessions = "sessions"
	colKV       = "kv"
	colOffices  = "offices"
	colLeases   = "leases"
	colSettings = "settings"
)

// EnsureIndexes creates the indexes a real MongoDB needs for the queries the
// portal makes. The embedded FerretDB accepts them too (it only pushes down
// _id lookups, which is why hot paths look documents up by _id).
func (s *Store) EnsureIndexes(ctx context.Context) error {
	type idx struct {
		col   string
		name  string
		model mongo.IndexModel
	}
	all := []idx{
		{colCases, "draftId_unique", mongo.IndexModel{Keys: bson.D{{Key: "draftId", Value: 1}}, Options: options.Index().SetUnique(true).SetName("draftId_unique")}},
		{colCases, "owner", mongo.IndexModel{Keys: bson.D{{Key: "owner.nationalId", Value: 1}}, Options: options.Index().SetName("owner")}},
		{colCases, "office_submitted", mongo.IndexModel{Keys: bson.D{{Key: "office.municipality", Value: 1}, {Key: "submittedAt", Value: -1}}, Options: options.Index().SetName("office_submitted")}},
		{colSessions, "expires", mongo.IndexModel{Keys: bson.D{{Key: "expiresAt", Value: 1}}, Options: options.Index().SetName("expires")}},
		{colKV, "expires", mongo.IndexModel{Keys: bson.D{{Key: "expiresAt", Value: 1}}, Options: options.Index().SetName("expires")}},
		{colIndex, "office_status_submitted", mongo.IndexModel{Keys: bson.D{{Key: "office", Value: 1}, {Key: "status", Value: 1}, {Key: "submittedAt", Value: -1}}, Options: options.Index().SetName("office_status_submitted")}},
		{colIndex, "office_urgency_submitted", mongo.IndexModel{Keys: bson.D{{Key: "office", Value: 1}, {Key: "urgency", Value: -1}, {Key: "submittedAt", Value: -1}}, Options: options.Index().SetName("office_urgency_submitted")}},
		{colIndex, "office_next_deadline", mongo.IndexModel{Keys: bson.D{{Key: "office", Value: 1}, {Key: "nextDeadline", Value: 1}}, Options: options.Index().SetName("office_next_deadline")}},
		{colIndex, "office_assignee", mongo.IndexModel{Keys: bson.D{{Key: "office", Value: 1}, {Key: "assignee", Value: 1}}, Options: options.Index().SetName("office_assignee")}},
		// The staff search (Search): the reference is _id; the national
		// identity number and the lower-cased name have their own.
		{colIndex, "nationalId", mongo.IndexModel{Keys: bson.D{{Key: "nationalId", Value: 1}}, Options: options.Index().SetName("nationalId")}},
		{colLeases, "name", mongo.IndexModel{Keys: bson.D{{Key: "name", Value: 1}}, Options: options.Index().SetName("name")}},
		{colIndex, "nameLower", mongo.IndexModel{Keys: bson.D{{Key: "nameLower", Value: 1}}, Options: options.Index().SetName("nameLower")}},
		{colAudit, "case_at", mongo.IndexModel{Keys: bson.D{{Key: "case", Value: 1}, {Key: "at", Value: 1}}, Options: options.Index().SetName("case_at")}},
		{colStaff, "offices", mongo.IndexModel{Keys: bson.D{{Key: "offices", Value: 1}}, Options: options.Index().SetName("offices")}},
		{colPeople, "draft_updated", mongo.IndexModel{Keys: bson.D{{Key: "draft.updatedAt", Value: 1}}, Options: options.Index().SetName("draft_updated")}},
	}
	for _, i := range all {
		if _, err := s.db.Collection(i.col).Indexes().CreateOne(ctx, i.model); err != nil {
			return fmt.Errorf("create index %s on %s: %w", i.name, i.col, err)
		}
	}
	if _, err := s.rebuildStaleIndex(ctx); err != nil {
		return err
	}
	s.ready.CompareAndSwap(notReady, isReady)
	return nil
}

func isDuplicate(err error) bool {
	return mongo.IsDuplicateKeyError(err)
}

// replaceByID writes doc as the document with _id id, inserting it if it
// is not there. Two upserts of a document that does not exist yet can both
// try to insert it, and one then fails on the unique _id (FerretDB, and
// MongoDB where it does not retry by itself); the document exists by then,
// so the loser replaces it instead.
func replaceByID(ctx context.Context, col *mongo.Collection, id string, doc any) error {
	upsert := func() error {
		_, err := col.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
		return err
	}
	err := upsert()
	if isDuplicate(err) {
		err = upsert()
	}
	return err
}

// DatabaseName is the name of the database the store uses.
func (s *Store) DatabaseName() string { return s.db.Name() }
