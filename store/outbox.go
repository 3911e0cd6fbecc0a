package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const (
	colOutbox = "outbox"
	// colNoticePrefs keeps, per case, the language and page of its notices.
	colNoticePrefs = "noticeprefs"
)

// Notice is a message waiting in the outbox, or sent. It is written before
// anything is sent, and sent with retries by the background job.
type Notice struct {
	ID      bson.ObjectID `bson:"_id,omitempty"`
	Channel string        `bson:"channel"`
	To      string        `bson:"to"`
	Subject string        `bson:"subject"`
	Body    string        `bson:"body"`
	Case    string        `bson:"case"`
	Kind    string        `bson:"kind"`
	// Lang is the language the notice is written in.
	Lang string `bson:"lang,omitempty"`
	// Key names a notice that is queued once (see EnqueueOnce).
	Key         string    `bson:"key,omitempty"`
	CreatedAt   time.Time `bson:"createdAt"`
	Attempts    int       `bson:"attempts"`
	NextAttempt time.Time `bson:"nextAttempt"`
	SentAt      time.Time `bson:"sentAt,omitempty"`
	LastError   string    `bson:"lastError,omitempty"`
	GaveUp      bool      `bson:"gaveUp,omitempty"`
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
	s.outbox.add(n.Case, n.ID)
	return nil
}

// EnqueueOnce puts a notice in the outbox unless the notice named key is
// already there (sent or not), and reports whether it did. Its id is
// derived from key, so the database itself refuses a second one: running
// a job twice, or on two instances at once, queues one notice.
func (s *Store) EnqueueOnce(ctx context.Context, n *Notice, key string) (bool, error) {
	sum := sha256.Sum256([]byte("notice:" + key))
	copy(n.ID[:], sum[:len(n.ID)])
	n.Key = key
	if n.NextAttempt.IsZero() {
		n.NextAttempt = n.CreatedAt
	}
	if _, err := s.db.Collection(colOutbox).InsertOne(ctx, n); isDuplicate(err) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("enqueue notice: %w", err)
	}
	s.outbox.add(n.Case, n.ID)
	return true, nil
}

// NoticePrefs is how a case's notices are written: in the language the
// person used when they sent it, with a link to the page Path (under the
// portal's public address) where they follow it.
type NoticePrefs struct {
	Ref  string `bson:"_id"`
	Lang string `bson:"lang"`
	Path string `bson:"path"`
}

// SetNoticePrefs keeps the language and page for a case's later notices.
func (s *Store) SetNoticePrefs(ctx context.Context, p NoticePrefs) error {
	if err := replaceByID(ctx, s.db.Collection(colNoticePrefs), p.Ref, p); err != nil {
		return fmt.Errorf("save notice language: %w", err)
	}
	return nil
}

// NoticePrefsFor returns what SetNoticePrefs kept for the case ref; ok is
// false when nothing was.
func (s *Store) NoticePrefsFor(ctx context.Context, ref string) (p NoticePrefs, ok bool, err error) {
	err = s.db.Collection(colNoticePrefs).FindOne(ctx, bson.D{{Key: "_id", Value: ref}}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return NoticePrefs{}, false, nil
	}
	if err != nil {
		return NoticePrefs{}, false, fmt.Errorf("read notice language: %w", err)
	}
	return p, true, nil
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
	if s.outbox != nil {
		return s.noticesByIndex(ctx, ref)
	}
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
	defer s.lock(colOutbox, id.Hex())()
	col := s.db.Collection(colOutbox)
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "sentAt", Value: now}}}, {Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}}
	if s.docs != nil {
		// The embedded database would read the whole outbox for the
		// filter below: check it here, under the lock, and write by _id.
		var cur Notice
		err := col.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&cur)
		if errors.Is(err, mongo.ErrNoDocuments) || err == nil && !cur.SentAt.IsZero() {
			return nil // gone, or marked sent by a second sender
		}
		if err != nil {
			return fmt.Errorf("read notice: %w", err)
		}
		_, err = col.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
		return err
	}
	_, err := col.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "sentAt", Value: bson.D{{Key: "$exists", Value: false}}}}, update)
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
