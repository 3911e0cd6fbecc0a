package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

// reminderStatuses are the states in which a case can have a booked
// conversation or an unanswered request for documents.
var reminderStatuses = []string{string(casework.StatusReceived), string(casework.StatusAssessing), string(casework.StatusBooked)}

// ReminderCandidates lists the cases that may need a reminder: open
// applications and booked conversation requests. The reminder rules
// (casework) decide which of them do.
func (s *Store) ReminderCandidates(ctx context.Context) ([]string, error) {
	var refs []string
	if s.cache != nil {
		s.cache.mu.RLock()
		for _, e := range s.cache.entries {
			for _, st := range reminderStatuses {
				if e.Status == st {
					refs = append(refs, e.Ref)
					break
				}
			}
		}
		s.cache.mu.RUnlock()
		return refs, nil
	}
	cur, err := s.db.Collection(colIndex).Find(ctx, bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: reminderStatuses}}}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find open cases: %w", err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, fmt.Errorf("find open cases: %w", err)
	}
	for _, x := range ids {
		refs = append(refs, x.ID)
	}
	return refs, nil
}
