package store

import (
	"context"
	"fmt"

	"kvp/casework"
)

// InsertSeedCases stores made-up cases in bulk, for the development seed
// (`kvp demo seed`) and benchmarks at volume: each case, its index entry,
// and its owner's record listing it. Every owner must be new to the
// database and own only these cases. It is not for real cases: those go
// through SubmitCase, one at a time, with their checks.
func (s *Store) InsertSeedCases(ctx context.Context, cases []*casework.Case) error {
	if len(cases) == 0 {
		return nil
	}
	docs := make([]any, 0, len(cases))
	entries := make([]any, 0, len(cases))
	owners := map[string][]string{}
	var order []string
	for _, c := range cases {
		docs = append(docs, c)
		entries = append(entries, EntryFor(c))
		if nid := c.Owner.NationalID; nid != "" {
			if _, ok := owners[nid]; !ok {
				order = append(order, nid)
			}
			owners[nid] = append(owners[nid], c.ID)
		}
	}
	if _, err := s.db.Collection(colCases).InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("seed cases: %w", err)
	}
	if _, err := s.db.Collection(colIndex).InsertMany(ctx, entries); err != nil {
		return fmt.Errorf("seed case index: %w", err)
	}
	people := make([]any, 0, len(order))
	for _, nid := range order {
		people = append(people, PersonRecord{NationalID: nid, CaseRefs: owners[nid]})
	}
	if len(people) > 0 {
		if _, err := s.db.Collection(colPeople).InsertMany(ctx, people); err != nil {
			return fmt.Errorf("seed people: %w", err)
		}
	}
	s.writtenMany(colCases)
	s.writtenMany(colPeople)
	if s.cache != nil {
		s.cache.mu.Lock()
		for _, e := range entries {
			ie := e.(IndexEntry)
			s.cache.entries[ie.Ref] = ie
		}
		s.cache.mu.Unlock()
	}
	return nil
}
