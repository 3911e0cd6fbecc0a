package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"kvp/casework"
)

// SubmitCase stores c as a submitted case and links it to its owner,
// removing the draft it came from. A draft is submitted at most once: a
// second submission of the same draft (a double click, a retried request,
// a second tab) returns the case that already exists, with created false.
func (s *Store) SubmitCase(ctx context.Context, c *casework.Case) (stored *casework.Case, created bool, err error) {
	_, err = s.db.Collection(colCases).InsertOne(ctx, c)
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
	// If this fails, the draft stays; submitting it again finds the case
	// above and finishes the link.
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
	err := s.db.Collection(colCases).FindOne(ctx, bson.D{{Key: "_id", Value: ref}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
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
