package store

import (
	"errors"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// IsUnavailable reports whether err means that the database cannot be
// reached right now (as opposed to a bad request or a bug): a network
// error or timeout, no server to select, or FerretDB answering that its
// PostgreSQL cannot be reached. The web layer answers such errors with
// 503 and a page that says what is safe, and the driver reconnects by
// itself when the database is back.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) {
		return true
	}
	var sel topology.ServerSelectionError
	if errors.As(err, &sel) {
		return true
	}
	var ce mongo.CommandError
	if errors.As(err, &ce) && ce.Code == 1 { // FerretDB's InternalError
		msg := ce.Message
		for _, s := range []string{"failed to connect", "connection refused", "SQLSTATE 57P", "SQLSTATE 08", "conn closed", "broken pipe"} {
			if strings.Contains(msg, s) {
				return true
			}
		}
	}
	return false
}
