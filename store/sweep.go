package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"kvp/casework"
)

// A lease is held in terms: the document "<name>#<term>" says who holds
// term <term> and until when. Taking a lease is inserting the next term's
// document, which the database's unique _id index lets exactly one
// instance do, on MongoDB and on FerretDB alike (FerretDB applies an
// update's filter without isolation, so a conditional update could let two
// instances take one lease). Only the holder of a term ever updates that
// term's document (to renew or release it), so no write can undo
// another's. Old terms are removed as new ones are taken.

// leaseTerm is one term of a lease.
type leaseTerm struct {
	ID     string    `bson:"_id"`
	Name   string    `bson:"name"`
	Term   int64     `bson:"term"`
	Holder string    `bson:"holder"`
	Until  time.Time `bson:"until"`
}

func leaseID(name string, term int64) string { return fmt.Sprintf("%s#%d", name, term) }

// currentTerm returns the newest term of the lease, or nil if it was never
// taken.
func (s *Store) currentTerm(ctx context.Context, name string) (*leaseTerm, error) {
	cur, err := s.db.Collection(colLeases).Find(ctx, bson.D{{Key: "name", Value: name}})
	if err != nil {
		return nil, fmt.Errorf("read lease %s: %w", name, err)
	}
	var terms []leaseTerm
	if err := cur.All(ctx, &terms); err != nil {
		return nil, fmt.Errorf("read lease %s: %w", name, err)
	}
	var newest *leaseTerm
	for i := range terms {
		if newest == nil || terms[i].Term > newest.Term {
			newest = &terms[i]
		}
	}
	return newest, nil
}

// AcquireLease takes the named lease for holder until now+ttl if it is free,
// expired, or already the holder's (then it is renewed). Several instances
// run background jobs safely by taking a lease first; only one of them
// holds it at a time.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	defer s.lock(colLeases, name)()
	col := s.db.Collection(colLeases)
	cur, err := s.currentTerm(ctx, name)
	if err != nil {
		return false, err
	}
	if cur != nil && cur.Holder == holder && cur.Until.After(now) {
		// Renew our own term: only we write this document.
		if _, err := col.UpdateOne(ctx, bson.D{{Key: "_id", Value: cur.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: now.Add(ttl)}}}}); err != nil {
			return false, fmt.Errorf("renew lease %s: %w", name, err)
		}
		// A newer term means someone took it meanwhile (ours had run out).
		if newer, err := s.currentTerm(ctx, name); err != nil || newer.Term != cur.Term {
			return false, err
		}
		return true, nil
	}
	if cur != nil && cur.Until.After(now) {
		return false, nil // held by someone else
	}
	next := int64(1)
	if cur != nil {
		next = cur.Term + 1
	}
	_, err = col.InsertOne(ctx, leaseTerm{ID: leaseID(name, next), Name: name, Term: next, Holder: holder, Until: now.Add(ttl)})
	if isDuplicate(err) {
		return false, nil // another instance took this term first
	}
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	if next > 2 {
		// Keep the last terms only; none of them is ever taken again.
		_, _ = col.DeleteOne(ctx, bson.D{{Key: "_id", Value: leaseID(name, next-2)}})
	}
	return true, nil
}

// ReleaseLease gives up the lease if holder holds it, so that another
// instance takes over at once (a clean stop) instead of after its term.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string, now time.Time) error {
	defer s.lock(colLeases, name)()
	cur, err := s.currentTerm(ctx, name)
	if err != nil || cur == nil || cur.Holder != holder {
		return err
	}
	if _, err := s.db.Collection(colLeases).UpdateOne(ctx, bson.D{{Key: "_id", Value: cur.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: now}}}}); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
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
	if err := s.sweepClaims(ctx); err != nil {
		return r, err
	}
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
