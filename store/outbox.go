package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colOutbox = "outbox"

// Notice is a message waiting in the outbox, or sent. It is written before
// anything is sent, and sent with retries by the background job.
type Notice struct {
	ID          bson.ObjectID `bson:"_id,omitempty"`
	Channel     string        `bson:"channel"`
	To          string        `bson:"to"`
	Subject     string        `bson:"subject"`
	Body        string        `bson:"body"`
	Case        string        `bson:"case"`
	Kind        string        `bson:"kind"`
	CreatedAt   time.Time     `bson:"createdAt"`
	Attempts    int           `bson:"attempts"`
	NextAttempt time.Time     `bson:"nextAttempt"`
	SentAt      time.Time     `bson:"sentAt,omitempty"`
	LastError   string        `bson:"lastError,omitempty"`
	GaveUp      bool          `bson:"gaveUp,omitempty"`
}

// Enqueue puts a notice in the outbox.
func (s *Store) Enqueue(ctx context.Context, n *Notice) error {
	n.ID = bson.NewObjectID()
	if n.NextAttempt.IsZero() {
		n.NextAttempt = n.CreatedAt
	}
	if _, err := s.db.Collection(colOutbox).InsertOne(ctx, n); err != nil {
		return fmt.Errorf("enqueue notice: %w", err)
	}
	return nil
}

// DueNotices returns unsent notices whose next attempt is due.
func (s *Store) DueNotices(ctx context.Context, now time.Time, limit int) ([]Notice, error) {
	cur, err := s.db.Collection(colOutbox).Find(ctx, bson.D{
		{Key: "sentAt", Value: bson.D{{Key: "$exists", Value: false}}},
		{Key: "gaveUp", Value: bson.D{{Key: "$ne", Value: true}}},
		{Key: "nextAttempt", Value: bson.D{{Key: "$lte", Value: now}}},
	}, options.Find().SetSort(bson.D{{Key: "nextAttempt", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	var out []Notice
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// NoticesForCase returns the notices of a case, newest first.
func (s *Store) NoticesForCase(ctx context.Context, ref string) ([]Notice, error) {
	cur, err := s.db.Collection(colOutbox).Find(ctx, bson.D{{Key: "case", Value: ref}}, options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	var out []Notice
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// NoticeSent marks a notice as sent. The precondition on sentAt makes a
// second sender's mark a no-op.
func (s *Store) NoticeSent(ctx context.Context, id bson.ObjectID, now time.Time) error {
	_, err := s.db.Collection(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "sentAt", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "sentAt", Value: now}}}, {Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}})
	return err
}

// NoticeFailed records a failed attempt and when to try again; after
// maxAttempts the notice is given up (and stays visible with its error).
func (s *Store) NoticeFailed(ctx context.Context, n Notice, cause string, next time.Time, maxAttempts int) error {
	set := bson.D{{Key: "lastError", Value: cause}, {Key: "nextAttempt", Value: next}}
	if n.Attempts+1 >= maxAttempts {
		set = append(set, bson.E{Key: "gaveUp", Value: true})
	}
	_, err := s.db.Collection(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: n.ID}},
		bson.D{{Key: "$set", Value: set}, {Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}})
	return err
}
