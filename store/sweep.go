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

// AcquireLease takes the named lease for holder until now+ttl if it is free,
// expired, or already the holder's. Several instances run background jobs
// safely by taking a lease first; only one of them gets it at a time.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	defer s.lock(colLeases, name)()
	col := s.db.Collection(colLeases)
	filter := bson.D{{Key: "_id", Value: name}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "holder", Value: holder}},
		bson.D{{Key: "until", Value: bson.D{{Key: "$lte", Value: now}}}},
	}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "holder", Value: holder}, {Key: "until", Value: now.Add(ttl)}}}}
	_, err := col.UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	if isDuplicate(err) {
		return false, nil // held by someone else: the upsert collided with it
	}
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return true, nil
}

// SweepResult counts what one sweep removed.
type SweepResult struct {
	Drafts   int
	Files    int
	Sessions int
	KV       int
}

// Sweep deletes what has expired: drafts untouched for 14 days (with their
// files), files uploaded but never attached to a draft or case (after a
// grace period), expired sessions and expired key-value entries. It is
// idempotent: a second run right after the first removes nothing.
func (s *Store) Sweep(ctx context.Context, now time.Time) (SweepResult, error) {
	var r SweepResult
	var err error
	if r.Drafts, err = s.sweepDrafts(ctx, now); err != nil {
		return r, err
	}
	if r.Files, err = s.sweepFiles(ctx, now); err != nil {
		return r, err
	}
	res, err := s.db.Collection(colSessions).DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lte", Value: now}}}})
	s.writtenMany(colSessions)
	if err != nil {
		return r, fmt.Errorf("sweep sessions: %w", err)
	}
	r.Sessions = int(res.DeletedCount)
	res, err = s.db.Collection(colKV).DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lte", Value: now}}}})
	if err != nil {
		return r, fmt.Errorf("sweep key-value entries: %w", err)
	}
	r.KV = int(res.DeletedCount)
	return r, nil
}

func (s *Store) sweepDrafts(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-casework.DraftLifetime)
	col := s.db.Collection(colPeople)
	cur, err := col.Find(ctx, bson.D{{Key: "draft.updatedAt", Value: bson.D{{Key: "$lte", Value: cutoff}}}})
	if err != nil {
		return 0, fmt.Errorf("sweep drafts: %w", err)
	}
	var people []PersonRecord
	if err := cur.All(ctx, &people); err != nil {
		return 0, fmt.Errorf("sweep drafts: %w", err)
	}
	n := 0
	for _, p := range people {
		if p.Draft == nil {
			continue
		}
		// The precondition on updatedAt keeps a draft saved since the
		// query was made.
		unlock := s.lock(colPeople, p.NationalID)
		draftID := p.Draft.ID
		stale := func() (bool, error) {
			cur, err := s.Person(ctx, p.NationalID)
			if err != nil {
				return false, err
			}
			return cur.Draft != nil && cur.Draft.ID == draftID && !cur.Draft.UpdatedAt.After(cutoff), nil
		}
		ok, err := s.updateIf(ctx, colPeople, p.NationalID,
			bson.D{{Key: "draft.id", Value: draftID}, {Key: "draft.updatedAt", Value: bson.D{{Key: "$lte", Value: cutoff}}}}, stale,
			bson.D{{Key: "$unset", Value: bson.D{{Key: "draft", Value: ""}}}})
		unlock()
		if err != nil {
			return n, fmt.Errorf("sweep draft: %w", err)
		}
		if !ok {
			continue
		}
		n++
		for _, f := range p.Draft.Files {
			if err := s.DeleteFile(ctx, f.FileID); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// orphanGrace is how long an uploaded file may stay unattached; it covers
// the moment between storing a file and attaching it to the draft.
const orphanGrace = time.Hour

func (s *Store) sweepFiles(ctx context.Context, now time.Time) (int, error) {
	// Files stored since UploadedAt was written are judged by it, older
	// ones by GridFS's uploadDate.
	cutoff := bson.D{{Key: "$lte", Value: now.Add(-orphanGrace)}}
	cur, err := s.files.GetFilesCollection().Find(ctx, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "metadata.uploadedAt", Value: cutoff}},
		bson.D{{Key: "metadata.uploadedAt", Value: bson.D{{Key: "$exists", Value: false}}}, {Key: "uploadDate", Value: cutoff}},
	}}})
	if err != nil {
		return 0, fmt.Errorf("sweep files: %w", err)
	}
	var files []fileInfo
	if err := cur.All(ctx, &files); err != nil {
		return 0, fmt.Errorf("sweep files: %w", err)
	}
	n := 0
	for _, f := range files {
		used, err := s.fileInUse(ctx, f)
		if err != nil {
			return n, err
		}
		if used {
			continue
		}
		if err := s.DeleteFile(ctx, f.ID.Hex()); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (s *Store) fileInUse(ctx context.Context, f fileInfo) (bool, error) {
	id := f.ID.Hex()
	p, err := s.Person(ctx, f.Metadata.Owner)
	if err != nil {
		return false, err
	}
	if p.Draft != nil {
		for _, x := range p.Draft.Files {
			if x.FileID == id {
				return true, nil
			}
		}
	}
	c, err := s.ownersCaseOfDraft(ctx, p, f.Metadata.DraftID)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, ok := c.File(id); ok {
		return true, nil
	}
	// Documents of an appeal still being written belong to the case too.
	if d := c.AppealDraft; d != nil {
		if d.PowerOfAttorney != nil && d.PowerOfAttorney.FileID == id {
			return true, nil
		}
		for _, x := range d.Files {
			if x.FileID == id {
				return true, nil
			}
		}
	}
	return false, nil
}

// ownersCaseOfDraft finds the case submitted from draftID among the
// person's cases, by _id: the embedded database would read every case to
// find it by draftId.
func (s *Store) ownersCaseOfDraft(ctx context.Context, p *PersonRecord, draftID string) (*casework.Case, error) {
	if p.NationalID == "" {
		return s.caseByDraft(ctx, draftID)
	}
	// Until a submitted case is linked to its owner, the draft still
	// lists the files (linkCase removes the draft), so a file is never
	// taken for unused while its case is being submitted.
	for _, ref := range p.CaseRefs {
		c, err := s.Case(ctx, ref)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if c.DraftID == draftID {
			return c, nil
		}
	}
	return nil, ErrNotFound
}
