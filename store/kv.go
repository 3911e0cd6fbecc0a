package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// KV is a small expiring key-value store in MongoDB that satisfies Fiber's
// Storage interface, for state the instances share: the rate limits, the login states
// already used, and the sessions to end by a front-channel logout. Expired entries are
// ignored on read and removed by the sweeper.
type KV struct {
	s      *Store
	prefix string
	now    func() time.Time
}

// KV returns a key-value store whose keys are namespaced by prefix.
func (s *Store) KV(prefix string) *KV {
	return &KV{s: s, prefix: prefix + ":", now: time.Now}
}

type kvDoc struct {
	ID        string    `bson:"_id"`
	Value     []byte    `bson:"value"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

func (k *KV) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Second)
}

// Get returns the value for key, or nil if there is none or it expired.
func (k *KV) Get(key string) ([]byte, error) {
	ctx, cancel := k.ctx()
	defer cancel()
	var d kvDoc
	err := k.s.db.Collection(colKV).FindOne(ctx, bson.D{{Key: "_id", Value: k.prefix + key}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !d.ExpiresAt.IsZero() && !d.ExpiresAt.After(k.now()) {
		return nil, nil
	}
	return d.Value, nil
}

// Set stores val under key for exp (0 means a day).
func (k *KV) Set(key string, val []byte, exp time.Duration) error {
	if exp <= 0 {
		exp = 24 * time.Hour
	}
	ctx, cancel := k.ctx()
	defer cancel()
	d := kvDoc{ID: k.prefix + key, Value: val, ExpiresAt: k.now().Add(exp)}
	return replaceByID(ctx, k.s.db.Collection(colKV), d.ID, d)
}

// Delete removes key.
func (k *KV) Delete(key string) error {
	ctx, cancel := k.ctx()
	defer cancel()
	_, err := k.s.db.Collection(colKV).DeleteOne(ctx, bson.D{{Key: "_id", Value: k.prefix + key}})
	return err
}

// Reset removes every key with this store's prefix.
func (k *KV) Reset() error {
	ctx, cancel := k.ctx()
	defer cancel()
	_, err := k.s.db.Collection(colKV).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^" + k.prefix}}}})
	return err
}

// Close does nothing: the Store owns the connection.
func (k *KV) Close() error { return nil }
