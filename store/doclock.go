package store

import (
	"context"
	"math/rand/v2"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// colDocLocks holds the locks of documents being changed, on a database
// that does not isolate an update's filter (FerretDB as a server).
const colDocLocks = "doclocks"

// Limits of a document lock: how long to wait for it, and how old a lock
// must be to count as left by an instance that stopped while holding it
// (a change takes milliseconds).
const (
	docLockWait  = 10 * time.Second
	docLockStale = 30 * time.Second
)

// docLock takes the lock of document id of col in the database and returns
// the function that releases it. FerretDB applies a conditional update
// (a draft's id, the file limits, an index entry's version) as a read and
// a write without isolation, so two instances could both pass the same
// condition; holding this lock around the read-check-write makes them
// take turns. Taking it is inserting a document with the lock's _id, which
// the unique index lets one instance do at a time; the holder deletes it
// (by _id and its own token, so never someone else's). If the database
// does not answer within docLockWait the change goes ahead under this
// process's own lock (cases are still protected by their version claims).
func (s *Store) docLock(col, id string) func() {
	ctx, cancel := context.WithTimeout(context.Background(), docLockWait)
	defer cancel()
	key := col + ":" + id
	token := bson.NewObjectID()
	locks := s.db.Collection(colDocLocks)
	for {
		_, err := locks.InsertOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "token", Value: token}, {Key: "at", Value: time.Now()}})
		if err == nil {
			return func() {
				rctx, rcancel := context.WithTimeout(context.Background(), docLockWait)
				defer rcancel()
				_, _ = locks.DeleteOne(rctx, bson.D{{Key: "_id", Value: key}, {Key: "token", Value: token}})
			}
		}
		if !isDuplicate(err) || ctx.Err() != nil {
			return func() {}
		}
		var held struct {
			Token bson.ObjectID `bson:"token"`
			At    time.Time     `bson:"at"`
		}
		if locks.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&held) == nil && time.Since(held.At) > docLockStale {
			_, _ = locks.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "token", Value: held.Token}})
			continue
		}
		select {
		case <-ctx.Done():
			return func() {}
		case <-time.After(time.Duration(2+rand.IntN(8)) * time.Millisecond):
		}
	}
}
