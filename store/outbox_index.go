package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// outboxIndex keeps, with the embedded database, which notices belong to
// which case, so that the staff case page reads a case's notices by _id
// instead of the embedded database reading the whole outbox for a filter
// on "case". It is loaded with the case index at start and written
// through by Enqueue and EnqueueOnce; this process is the database's only
// user, so it sees every notice.
type outboxIndex struct {
	mu     sync.RWMutex
	byCase map[string][]bson.ObjectID
}

func (o *outboxIndex) add(ref string, id bson.ObjectID) {
	if o == nil || ref == "" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, x := range o.byCase[ref] {
		if x == id {
			return
		}
	}
	o.byCase[ref] = append(o.byCase[ref], id)
}

func (o *outboxIndex) ids(ref string) []bson.ObjectID {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return append([]bson.ObjectID(nil), o.byCase[ref]...)
}

// loadOutboxIndex reads which notices belong to which case (once, at
// start, with the embedded database).
func (s *Store) loadOutboxIndex(ctx context.Context) error {
	cur, err := s.db.Collection(colOutbox).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "case", Value: 1}}))
	if err != nil {
		return fmt.Errorf("load outbox index: %w", err)
	}
	var rows []struct {
		ID   bson.ObjectID `bson:"_id"`
		Case string        `bson:"case"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return fmt.Errorf("load outbox index: %w", err)
	}
	idx := &outboxIndex{byCase: make(map[string][]bson.ObjectID)}
	for _, r := range rows {
		if r.Case != "" {
			idx.byCase[r.Case] = append(idx.byCase[r.Case], r.ID)
		}
	}
	s.outbox = idx
	return nil
}

// noticesByIndex reads a case's notices by _id, newest first.
func (s *Store) noticesByIndex(ctx context.Context, ref string) ([]Notice, error) {
	var out []Notice
	for _, id := range s.outbox.ids(ref) {
		var n Notice
		err := s.db.Collection(colOutbox).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&n)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		out = append(out, n)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}
