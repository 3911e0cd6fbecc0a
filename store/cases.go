package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

// SubmitCase stores c as a submitted case and links it to its owner,
// removing the draft it came from. A draft is submitted at most once: a
// second submission of the same draft (a double click, a retried request,
// a second tab) returns the case that already exists, with created false.
func (s *Store) SubmitCase(ctx context.Context, c *casework.Case) (stored *casework.Case, created bool, err error) {
	unlock := s.lock(colCases, c.ID)
	_, err = s.db.Collection(colCases).InsertOne(ctx, c)
	if err == nil {
		s.written(colCases, c.ID, c)
	}
	unlock()
	switch {
	case err == nil:
		stored, created = c, true
	case isDuplicate(err):
		stored, err = s.caseByDraft(ctx, c.DraftID)
		if err != nil {
			return nil, false, err
		}
	default:
		return nil, false, fmt.Errorf("store case: %w", err)
	}
	// If these fail, the draft stays; submitting it again finds the case
	// above and finishes the index and the link.
	if err := s.saveIndex(ctx, EntryFor(stored)); err != nil {
		return nil, false, err
	}
	if stored.Owner.NationalID == "" {
		return stored, created, nil // a conversation request from someone not logged in
	}
	if err := s.linkCase(ctx, stored.Owner.NationalID, stored.DraftID, stored.ID); err != nil {
		return nil, false, err
	}
	return stored, created, nil
}

// CaseForDraft returns the case a draft was submitted as, or ErrNotFound.
func (s *Store) CaseForDraft(ctx context.Context, draftID string) (*casework.Case, error) {
	return s.caseByDraft(ctx, draftID)
}

func (s *Store) caseByDraft(ctx context.Context, draftID string) (*casework.Case, error) {
	var c casework.Case
	err := s.db.Collection(colCases).FindOne(ctx, bson.D{{Key: "draftId", Value: draftID}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read case by draft: %w", err)
	}
	return &c, nil
}

// Case returns the case with the reference ref.
func (s *Store) Case(ctx context.Context, ref string) (*casework.Case, error) {
	var c casework.Case
	err := s.findByID(ctx, colCases, ref, &c)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read case: %w", err)
	}
	return &c, nil
}

// CasesByRef returns the cases with the given references, in that order,
// skipping any that do not exist. Each is read by _id.
func (s *Store) CasesByRef(ctx context.Context, refs []string) ([]*casework.Case, error) {
	out := make([]*casework.Case, 0, len(refs))
	for _, r := range refs {
		c, err := s.Case(ctx, r)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// UpdateCase writes a changed case if it still has the version it was read
// with; otherwise someone else changed it first and ErrConflict is
// returned with nothing overwritten. On success c.Version is the new one.
func (s *Store) UpdateCase(ctx context.Context, c *casework.Case, readVersion int) error {
	defer s.lock(colCases, c.ID)()
	filter := bson.D{{Key: "_id", Value: c.ID}, {Key: "version", Value: readVersion}}
	if s.docs != nil {
		// The embedded database: check the version here, under the lock,
		// and replace by _id alone (see updateIf).
		cur, err := s.Case(ctx, c.ID)
		if errors.Is(err, ErrNotFound) {
			return ErrConflict
		}
		if err != nil {
			return fmt.Errorf("save case: %w", err)
		}
		if cur.Version != readVersion {
			return ErrConflict
		}
		filter = bson.D{{Key: "_id", Value: c.ID}}
	}
	if s.sharedUnisolated() {
		// FerretDB as a server, which several instances may share: the
		// version check in the filter is not atomic there, so first claim
		// the step from readVersion to the next by a unique insert.
		if err := s.claimVersion(ctx, c.ID, readVersion+1); err != nil {
			return err
		}
	}
	c.Version = readVersion + 1
	res, err := s.db.Collection(colCases).ReplaceOne(ctx, filter, c)
	if err != nil {
		c.Version = readVersion
		s.written(colCases, c.ID, nil)
		if s.sharedUnisolated() {
			s.dropClaim(context.WithoutCancel(ctx), c.ID, readVersion+1)
		}
		return fmt.Errorf("save case: %w", err)
	}
	if res.MatchedCount == 0 {
		c.Version = readVersion
		return ErrConflict
	}
	s.written(colCases, c.ID, c)
	return s.saveIndex(ctx, EntryFor(c))
}

// InterimCandidates lists the cases whose interim reply is owed (on an
// application or an appeal), from the case index.
func (s *Store) InterimCandidates(ctx context.Context) ([]string, error) {
	return s.indexRefs(ctx, "find open cases",
		func(e IndexEntry) bool { return e.NextKind == NextInterim || e.NextKind == NextAppealInterim },
		bson.D{{Key: "nextKind", Value: bson.D{{Key: "$in", Value: bson.A{NextInterim, NextAppealInterim}}}}})
}

// SecondNoticeCandidates lists cases whose decision is unopened and whose
// second notice is due by now.
func (s *Store) SecondNoticeCandidates(ctx context.Context, now time.Time) ([]string, error) {
	return s.indexRefs(ctx, "find unopened decisions",
		func(e IndexEntry) bool { return e.NextKind == NextSecondNotice && !e.NextDeadline.After(now) },
		bson.D{{Key: "nextKind", Value: NextSecondNotice}, {Key: "nextDeadline", Value: bson.D{{Key: "$lte", Value: now}}}})
}

// indexRefs lists the references of the case index entries that keep
// accepts: from the in-memory index with the embedded database, else by
// filter, the same condition as a query.
func (s *Store) indexRefs(ctx context.Context, what string, keep func(IndexEntry) bool, filter bson.D) ([]string, error) {
	var refs []string
	if s.cache != nil {
		s.cache.mu.RLock()
		for _, e := range s.cache.entries {
			if keep(e) {
				refs = append(refs, e.Ref)
			}
		}
		s.cache.mu.RUnlock()
		return refs, nil
	}
	cur, err := s.db.Collection(colIndex).Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	for _, x := range ids {
		refs = append(refs, x.ID)
	}
	return refs, nil
}
