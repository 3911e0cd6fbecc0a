package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// OutboxStats counts the notices waiting to be sent, when the oldest of
// them was made, and the notices given up (for the metrics).
func (s *Store) OutboxStats(ctx context.Context) (waiting int, oldest time.Time, givenUp int, err error) {
	cur, err := s.db.Collection(colOutbox).Find(ctx, bson.D{{Key: "sentAt", Value: bson.D{{Key: "$exists", Value: false}}}},
		options.Find().SetProjection(bson.D{{Key: "createdAt", Value: 1}, {Key: "gaveUp", Value: 1}}))
	if err != nil {
		return 0, time.Time{}, 0, fmt.Errorf("outbox stats: %w", err)
	}
	var rows []struct {
		CreatedAt time.Time `bson:"createdAt"`
		GaveUp    bool      `bson:"gaveUp"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return 0, time.Time{}, 0, fmt.Errorf("outbox stats: %w", err)
	}
	for _, r := range rows {
		if r.GaveUp {
			givenUp++
			continue
		}
		waiting++
		if oldest.IsZero() || r.CreatedAt.Before(oldest) {
			oldest = r.CreatedAt
		}
	}
	return waiting, oldest, givenUp, nil
}
