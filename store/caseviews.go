package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// colCaseViews holds, per case, when staff opened it and who: the part of
// the audit log the citizen is shown on their case page. It is written
// with the audit entry of every staff view, and read by the case's
// reference alone (one read by _id), never by searching the audit log.
const colCaseViews = "caseviews"

// caseViewsKept is how many of a case's latest views are kept for the
// citizen (the audit log itself keeps every one).
const caseViewsKept = 200

// CaseView is one opening of a case by a staff member.
type CaseView struct {
	At     time.Time `bson:"at"`
	Name   string    `bson:"name"`
	Role   string    `bson:"role,omitempty"`
	Office string    `bson:"office"`
}

type caseViews struct {
	Ref   string     `bson:"_id"`
	Views []CaseView `bson:"views"`
}

// recordCaseView adds a staff view to the case's list for the citizen.
func (s *Store) recordCaseView(ctx context.Context, ref string, v CaseView) error {
	defer s.lock(colCaseViews, ref)()
	col := s.db.Collection(colCaseViews)
	var cur caseViews
	err := s.findByID(ctx, colCaseViews, ref, &cur)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("read case views: %w", err)
	}
	cur.Ref = ref
	cur.Views = append(cur.Views, v)
	if len(cur.Views) > caseViewsKept {
		cur.Views = cur.Views[len(cur.Views)-caseViewsKept:]
	}
	err = replaceByID(ctx, col, ref, cur)
	if err != nil {
		s.written(colCaseViews, ref, nil)
		return fmt.Errorf("record case view: %w", err)
	}
	s.written(colCaseViews, ref, cur)
	return nil
}

// CaseViews returns when staff opened the case and who, newest first.
func (s *Store) CaseViews(ctx context.Context, ref string) ([]CaseView, error) {
	var cur caseViews
	err := s.findByID(ctx, colCaseViews, ref, &cur)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read case views: %w", err)
	}
	out := make([]CaseView, 0, len(cur.Views))
	for i := len(cur.Views) - 1; i >= 0; i-- {
		out = append(out, cur.Views[i])
	}
	return out, nil
}
