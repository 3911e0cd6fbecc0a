package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"kvp/casework"
)

// reminderStatuses are the states in which a case can have a booked
// conversation or an unanswered request for documents.
var reminderStatuses = []string{string(casework.StatusReceived), string(casework.StatusAssessing), string(casework.StatusBooked)}

// ReminderCandidates lists the cases that may need a reminder: open
// applications and booked conversation requests. The reminder rules
// (casework) decide which of them do.
func (s *Store) ReminderCandidates(ctx context.Context) ([]string, error) {
	return s.indexRefs(ctx, "find open cases", func(e IndexEntry) bool {
		for _, st := range reminderStatuses {
			if e.Status == st {
				return true
			}
		}
		return false
	}, bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: reminderStatuses}}}})
}
