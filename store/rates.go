package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

const colRates = "rates"

// rateDocID is the one document holding the rate tables with their history.
const rateDocID = "tables"

// RateTables returns the rate tables (G, rate in G, child supplement) with
// every row ever added; the row in force is chosen by date when computing.
func (s *Store) RateTables(ctx context.Context) (casework.RateTables, error) {
	t, err := s.storedRateTables(ctx)
	if err != nil {
		return t, err
	}
	return t, t.Validate()
}

// storedRateTables reads the tables as stored, without validating them: a
// database from an earlier release may lack a table that the shipped rows
// then add.
func (s *Store) storedRateTables(ctx context.Context) (casework.RateTables, error) {
	var t casework.RateTables
	err := s.findByID(ctx, colRates, rateDocID, &t)
	if errors.Is(err, ErrNotFound) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("read rates: %w", err)
	}
	return t, nil
}

// SeedRateTables adds the shipped rows that the stored tables lack (by
// date), keeping rows added later by an administrator. Running it again
// changes nothing.
func (s *Store) SeedRateTables(ctx context.Context, shipped casework.RateTables) error {
	defer s.lock(colRates, rateDocID)()
	current, err := s.storedRateTables(ctx)
	if errors.Is(err, ErrNotFound) {
		current = casework.RateTables{}
	} else if err != nil {
		return err
	}
	merged := casework.RateTables{
		G:           mergeRates(current.G, shipped.G),
		Factor:      mergeRates(current.Factor, shipped.Factor),
		Child:       mergeRates(current.Child, shipped.Child),
		Under25:     mergeRates(current.Under25, shipped.Under25),
		LatestStart: mergeRates(current.LatestStart, shipped.LatestStart),
		Source:      shipped.Source,
	}
	if err := merged.Validate(); err != nil {
		return err
	}
	_, err = s.db.Collection(colRates).ReplaceOne(ctx, bson.D{{Key: "_id", Value: rateDocID}}, merged, options.Replace().SetUpsert(true))
	s.written(colRates, rateDocID, nil)
	if err != nil {
		return fmt.Errorf("save rates: %w", err)
	}
	return nil
}

// AddRate adds a row to one table ("g", "factor", "child", "under25" or
// "latestStart"). A row on a date that already has one is refused with
// ErrConflict.
func (s *Store) AddRate(ctx context.Context, table string, r casework.Rate) error {
	defer s.lock(colRates, rateDocID)()
	t, err := s.RateTables(ctx)
	if err != nil {
		return err
	}
	rows := map[string]*[]casework.Rate{"g": &t.G, "factor": &t.Factor, "child": &t.Child, "under25": &t.Under25, "latestStart": &t.LatestStart}[table]
	if rows == nil {
		return fmt.Errorf("unknown rate table %q", table)
	}
	for _, x := range *rows {
		if x.From.Equal(r.From) {
			return ErrConflict
		}
	}
	*rows = append(*rows, r)
	if err := t.Validate(); err != nil {
		return err
	}
	_, err = s.db.Collection(colRates).ReplaceOne(ctx, bson.D{{Key: "_id", Value: rateDocID}}, t)
	s.written(colRates, rateDocID, nil)
	if err != nil {
		return fmt.Errorf("save rates: %w", err)
	}
	return nil
}

func mergeRates(have, shipped []casework.Rate) []casework.Rate {
	out := append([]casework.Rate{}, have...)
	for _, r := range shipped {
		found := false
		for _, h := range have {
			if h.From.Equal(r.From) {
				found = true
			}
		}
		if !found {
			out = append(out, r)
		}
	}
	return out
}
