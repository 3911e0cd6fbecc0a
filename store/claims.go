package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// colClaims holds one document per change of a case on a database that
// does not isolate updates (FerretDB as a server): "<ref>@<version>".
const colClaims = "caseclaims"

// claimVersion claims the change of case ref to version next. Inserting
// the claim is atomic on every database (the unique _id index), so of two
// instances changing one case from the same version at the same moment,
// exactly one gets the claim; the other gets ErrConflict and its person
// sees the conflict message with what they typed kept. The update that
// follows still carries the version in its filter, which catches a change
// made from an older version long after (claims are kept for a day).
func (s *Store) claimVersion(ctx context.Context, ref string, next int) error {
	id := fmt.Sprintf("%s@%d", ref, next)
	claim := func() error {
		_, err := s.db.Collection(colClaims).InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: time.Now()}})
		return err
	}
	err := claim()
	if isDuplicate(err) {
		// Taken: by a change that happened (conflict), or by an instance
		// that stopped between its claim and its write. Such a claim is
		// old while the case still has the version before it: remove it
		// and claim again, so the case is not stuck.
		var old struct {
			At time.Time `bson:"at"`
		}
		cur, cerr := s.Case(ctx, ref)
		if s.db.Collection(colClaims).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&old) != nil ||
			cerr != nil || cur.Version != next-1 || time.Since(old.At) < abandonedClaim {
			return ErrConflict
		}
		_, _ = s.db.Collection(colClaims).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: old.At}})
		if err = claim(); isDuplicate(err) {
			return ErrConflict
		}
	}
	if err != nil {
		return fmt.Errorf("claim case change: %w", err)
	}
	return nil
}

// abandonedClaim is how old a claim must be, with its change not made, to
// count as left by an instance that stopped (a change takes milliseconds).
const abandonedClaim = 30 * time.Second

// dropClaim removes a claim whose change failed, so that the case can
// change again at once.
func (s *Store) dropClaim(ctx context.Context, ref string, next int) {
	_, _ = s.db.Collection(colClaims).DeleteOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("%s@%d", ref, next)}})
}

// sweepClaims removes claims older than a day.
func (s *Store) sweepClaims(ctx context.Context) error {
	if !s.sharedUnisolated() {
		return nil
	}
	_, err := s.db.Collection(colClaims).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: time.Now().Add(-24 * time.Hour)}}}})
	if err != nil {
		return fmt.Errorf("sweep case claims: %w", err)
	}
	return nil
}
