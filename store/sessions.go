package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// SessionRecord is a server-side session. The cookie carries only its
// signed id.
type SessionRecord struct {
	ID        string    `bson:"_id"`
	Data      []byte    `bson:"data"`
	ExpiresAt time.Time `bson:"expiresAt"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

// Session returns the session with id if it exists and has not expired.
func (s *Store) Session(ctx context.Context, id string, now time.Time) (*SessionRecord, error) {
	var r SessionRecord
	err := s.findByID(ctx, colSessions, id, &r)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	if !r.ExpiresAt.After(now) {
		return nil, ErrNotFound
	}
	return &r, nil
}

// SaveSession writes a session, replacing any earlier version.
func (s *Store) SaveSession(ctx context.Context, r *SessionRecord) error {
	defer s.lock(colSessions, r.ID)()
	if err := replaceByID(ctx, s.db.Collection(colSessions), r.ID, r); err != nil {
		s.written(colSessions, r.ID, nil)
		return fmt.Errorf("save session: %w", err)
	}
	s.written(colSessions, r.ID, r)
	return nil
}

// DeleteSession removes a session (logout).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	defer s.lock(colSessions, id)()
	_, err := s.db.Collection(colSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	s.written(colSessions, id, nil)
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
