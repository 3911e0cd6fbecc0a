package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

// PersonRecord is everything the portal keeps per person, looked up by the
// national id (its _id): the open draft, and the references of the person's
// cases. Keeping it in one document makes "Mine saker" one read by _id.
type PersonRecord struct {
	NationalID string          `bson:"_id"`
	Draft      *casework.Draft `bson:"draft,omitempty"`
	CaseRefs   []string        `bson:"caseRefs"`
}

// Person returns the person's record; a person never seen before gets an
// empty one.
func (s *Store) Person(ctx context.Context, nationalID string) (*PersonRecord, error) {
	var p PersonRecord
	err := s.findByID(ctx, colPeople, nationalID, &p)
	if errors.Is(err, ErrNotFound) {
		return &PersonRecord{NationalID: nationalID}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read person: %w", err)
	}
	return &p, nil
}

// hasDraft reports whether the person's current draft is draftID; it
// checks, with the embedded database, the condition MongoDB checks in the
// filter {draft.id: draftID}.
func (s *Store) hasDraft(ctx context.Context, nationalID, draftID string) func() (bool, error) {
	return func() (bool, error) {
		p, err := s.Person(ctx, nationalID)
		if err != nil {
			return false, err
		}
		return p.Draft != nil && p.Draft.ID == draftID, nil
	}
}

// StartDraft returns the person's draft, creating d as the draft if they
// have none. Two tabs starting at once end up with the same draft.
func (s *Store) StartDraft(ctx context.Context, nationalID string, d *casework.Draft) (*casework.Draft, error) {
	defer s.lock(colPeople, nationalID)()
	col := s.db.Collection(colPeople)
	update := bson.D{
		{Key: "$set", Value: bson.D{{Key: "draft", Value: d}}},
		{Key: "$setOnInsert", Value: bson.D{{Key: "caseRefs", Value: bson.A{}}}},
	}
	var err error
	if s.docs == nil {
		filter := bson.D{{Key: "_id", Value: nationalID}, {Key: "draft", Value: nil}}
		_, err = col.UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	} else {
		var p *PersonRecord
		if p, err = s.Person(ctx, nationalID); err == nil && p.Draft == nil {
			_, err = col.UpdateOne(ctx, bson.D{{Key: "_id", Value: nationalID}}, update, options.UpdateOne().SetUpsert(true))
			s.written(colPeople, nationalID, nil)
		}
	}
	if err != nil && !isDuplicate(err) {
		return nil, fmt.Errorf("start draft: %w", err)
	}
	p, err := s.Person(ctx, nationalID)
	if err != nil {
		return nil, err
	}
	if p.Draft == nil {
		return nil, fmt.Errorf("start draft: %w", ErrConflict)
	}
	return p.Draft, nil
}

// SaveDraftAnswer stores one step's answer in the person's draft draftID
// and marks its step done, in a single update: a failed save leaves the
// earlier answers as they were. ErrNotFound means the draft is gone or was
// replaced (another tab started a new one).
func (s *Store) SaveDraftAnswer(ctx context.Context, nationalID, draftID string, a casework.StepAnswer, now time.Time) error {
	field, err := answerField(a)
	if err != nil {
		return err
	}
	return s.saveDraftStep(ctx, nationalID, draftID, a.Step(), field, a, now)
}

// MarkDraftStepDone marks a step without an answer of its own (the
// attachments) done in the person's draft draftID.
func (s *Store) MarkDraftStepDone(ctx context.Context, nationalID, draftID string, step casework.Step, now time.Time) error {
	return s.saveDraftStep(ctx, nationalID, draftID, step, "", nil, now)
}

// answerField is where in a draft's answers a step's answer is stored
// (the bson names of casework.Answers).
func answerField(a casework.StepAnswer) (string, error) {
	switch a.(type) {
	case casework.Contact:
		return "contact", nil
	case casework.Residence:
		return "residence", nil
	case casework.Situation:
		return "situation", nil
	case casework.Goals:
		return "goals", nil
	case casework.Children:
		return "children", nil
	case casework.Housing:
		return "housing", nil
	case casework.Consent:
		return "consent", nil
	}
	return "", fmt.Errorf("store: no draft field for the answer %T", a)
}

func (s *Store) saveDraftStep(ctx context.Context, nationalID, draftID string, step casework.Step, field string, value any, now time.Time) error {
	defer s.lock(colPeople, nationalID)()
	set := bson.D{{Key: "draft.updatedAt", Value: now}}
	if field != "" {
		set = append(set, bson.E{Key: "draft.answers." + field, Value: value})
	}
	ok, err := s.updateIf(ctx, colPeople, nationalID, bson.D{{Key: "draft.id", Value: draftID}}, s.hasDraft(ctx, nationalID, draftID),
		bson.D{
			{Key: "$set", Value: set},
			{Key: "$addToSet", Value: bson.D{{Key: "draft.done", Value: step}}},
		})
	if err != nil {
		return fmt.Errorf("save draft step %s: %w", step, err)
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// AddDraftFile attaches f to the draft if the per-application limits allow
// it. The limits are checked in the update's filter, so two uploads at once
// cannot pass them together. ErrConflict means a limit would be exceeded.
func (s *Store) AddDraftFile(ctx context.Context, nationalID, draftID string, f casework.FileRef, maxFiles int, maxBytes int64, now time.Time) error {
	defer s.lock(colPeople, nationalID)()
	cond := bson.D{
		{Key: "draft.id", Value: draftID},
		{Key: "draft.fileBytes", Value: bson.D{{Key: "$lte", Value: maxBytes - f.Size}}},
		{Key: "draft.files." + fmt.Sprint(maxFiles-1), Value: bson.D{{Key: "$exists", Value: false}}},
	}
	holds := func() (bool, error) {
		p, err := s.Person(ctx, nationalID)
		if err != nil {
			return false, err
		}
		return p.Draft != nil && p.Draft.ID == draftID && p.Draft.FileBytes <= maxBytes-f.Size && len(p.Draft.Files) < maxFiles, nil
	}
	ok, err := s.updateIf(ctx, colPeople, nationalID, cond, holds, bson.D{
		{Key: "$push", Value: bson.D{{Key: "draft.files", Value: f}}},
		{Key: "$inc", Value: bson.D{{Key: "draft.fileBytes", Value: f.Size}}},
		{Key: "$set", Value: bson.D{{Key: "draft.updatedAt", Value: now}}},
	})
	if err != nil {
		return fmt.Errorf("attach file: %w", err)
	}
	if !ok {
		return ErrConflict
	}
	return nil
}

// RemoveDraftFile detaches a file from the draft. It returns ErrNotFound if
// the draft has no such file. The new file list is written with the old
// one as precondition, so a concurrent change is never overwritten.
func (s *Store) RemoveDraftFile(ctx context.Context, nationalID, draftID string, fileID string, now time.Time) error {
	defer s.lock(colPeople, nationalID)()
	for attempt := 0; attempt < 3; attempt++ {
		p, err := s.Person(ctx, nationalID)
		if err != nil {
			return err
		}
		if p.Draft == nil || p.Draft.ID != draftID {
			return ErrNotFound
		}
		kept := make([]casework.FileRef, 0, len(p.Draft.Files))
		var size int64
		for _, f := range p.Draft.Files {
			if f.FileID != fileID {
				kept = append(kept, f)
				size += f.Size
			}
		}
		if len(kept) == len(p.Draft.Files) {
			return ErrNotFound
		}
		before := p.Draft
		holds := func() (bool, error) {
			cur, err := s.Person(ctx, nationalID)
			if err != nil {
				return false, err
			}
			return cur.Draft != nil && cur.Draft.ID == draftID && cur.Draft.FileBytes == before.FileBytes && len(cur.Draft.Files) == len(before.Files), nil
		}
		ok, err := s.updateIf(ctx, colPeople, nationalID,
			bson.D{{Key: "draft.id", Value: draftID}, {Key: "draft.fileBytes", Value: before.FileBytes}, {Key: "draft.files", Value: bson.D{{Key: "$size", Value: len(before.Files)}}}},
			holds,
			bson.D{{Key: "$set", Value: bson.D{{Key: "draft.files", Value: kept}, {Key: "draft.fileBytes", Value: size}, {Key: "draft.updatedAt", Value: now}}}})
		if err != nil {
			return fmt.Errorf("remove file: %w", err)
		}
		if ok {
			return nil
		}
	}
	return ErrConflict
}

// DeleteDraft removes the person's draft with draftID.
func (s *Store) DeleteDraft(ctx context.Context, nationalID, draftID string) error {
	defer s.lock(colPeople, nationalID)()
	_, err := s.updateIf(ctx, colPeople, nationalID, bson.D{{Key: "draft.id", Value: draftID}}, s.hasDraft(ctx, nationalID, draftID),
		bson.D{{Key: "$unset", Value: bson.D{{Key: "draft", Value: ""}}}})
	if err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// linkCase records ref among the person's cases and removes the draft it
// came from. It is idempotent: running it again changes nothing.
func (s *Store) linkCase(ctx context.Context, nationalID, draftID, ref string) error {
	defer s.lock(colPeople, nationalID)()
	col := s.db.Collection(colPeople)
	ok, err := s.updateIf(ctx, colPeople, nationalID, bson.D{{Key: "draft.id", Value: draftID}}, s.hasDraft(ctx, nationalID, draftID),
		bson.D{
			{Key: "$unset", Value: bson.D{{Key: "draft", Value: ""}}},
			{Key: "$addToSet", Value: bson.D{{Key: "caseRefs", Value: ref}}},
		})
	if err != nil {
		return fmt.Errorf("link case: %w", err)
	}
	if ok {
		return nil
	}
	add := func() error {
		_, err := col.UpdateOne(ctx, bson.D{{Key: "_id", Value: nationalID}},
			bson.D{{Key: "$addToSet", Value: bson.D{{Key: "caseRefs", Value: ref}}}},
			options.UpdateOne().SetUpsert(true))
		return err
	}
	err = add()
	if isDuplicate(err) {
		err = add() // the person was inserted meanwhile: now it is an update
	}
	s.written(colPeople, nationalID, nil)
	if err != nil {
		return fmt.Errorf("link case: %w", err)
	}
	return nil
}
