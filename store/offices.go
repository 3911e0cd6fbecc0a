package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

// UpsertOffices writes the offices into the directory, replacing earlier
// versions with the same municipality number. Tests use it to set up a
// directory; the portal's start-up uses AddMissingOffices, so that what an
// administrator changed is never undone.
func (s *Store) UpsertOffices(ctx context.Context, offices []casework.Office) error {
	col := s.db.Collection(colOffices)
	for _, o := range offices {
		err := replaceByID(ctx, col, o.Municipality, o)
		s.written(colOffices, o.Municipality, nil)
		if err != nil {
			return fmt.Errorf("save office %s: %w", o.Municipality, err)
		}
	}
	return nil
}

// AddMissingOffices inserts the offices whose municipality is not in the
// directory yet and leaves every stored office as it is: once an office is
// stored, it is changed in the staff area, not by a data file. It returns
// how many were added. Several instances starting at once agree (the
// municipality number is the _id, so only one insert of each succeeds).
func (s *Store) AddMissingOffices(ctx context.Context, offices []casework.Office) (int, error) {
	added := 0
	for _, o := range offices {
		err := s.AddOffice(ctx, o)
		switch {
		case err == nil:
			added++
		case errors.Is(err, ErrConflict):
		default:
			return added, err
		}
	}
	return added, nil
}

// AddOffice inserts a new office; ErrConflict if its municipality number
// is taken.
func (s *Store) AddOffice(ctx context.Context, o casework.Office) error {
	_, err := s.db.Collection(colOffices).InsertOne(ctx, o)
	s.written(colOffices, o.Municipality, nil)
	if isDuplicate(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("add office %s: %w", o.Municipality, err)
	}
	return nil
}

// ReplaceOffice writes a changed office over the stored one with the same
// municipality number; ErrNotFound if there is none (it never adds one).
func (s *Store) ReplaceOffice(ctx context.Context, o casework.Office) error {
	res, err := s.db.Collection(colOffices).ReplaceOne(ctx, bson.D{{Key: "_id", Value: o.Municipality}}, o)
	s.written(colOffices, o.Municipality, nil)
	if err != nil {
		return fmt.Errorf("save office %s: %w", o.Municipality, err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// RemoveDemoOffices deletes development demo offices, so that a production
// start on a database once used for development shows none of them.
func (s *Store) RemoveDemoOffices(ctx context.Context) error {
	_, err := s.db.Collection(colOffices).DeleteMany(ctx, bson.D{{Key: "demo", Value: true}})
	s.writtenMany(colOffices)
	if err != nil {
		return fmt.Errorf("remove demo offices: %w", err)
	}
	return nil
}

// Office returns the office serving the municipality with number muni.
func (s *Store) Office(ctx context.Context, muni string) (*casework.Office, error) {
	var o casework.Office
	err := s.findByID(ctx, colOffices, muni, &o)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read office: %w", err)
	}
	return &o, nil
}

// Offices returns the whole directory, sorted by municipality name.
func (s *Store) Offices(ctx context.Context) ([]casework.Office, error) {
	if s.docs == nil {
		return s.readOffices(ctx)
	}
	// The embedded database: the directory is kept in memory between
	// changes (written forgets it).
	if l := s.officeList.Load(); l != nil {
		return append([]casework.Office(nil), (*l)...), nil
	}
	g := s.docs.colGeneration(colOffices)
	out, err := s.readOffices(ctx)
	if err == nil {
		kept := append([]casework.Office(nil), out...)
		s.docs.ifUnchanged(colOffices, g, func() { s.officeList.Store(&kept) })
	}
	return out, err
}

func (s *Store) readOffices(ctx context.Context) ([]casework.Office, error) {
	cur, err := s.db.Collection(colOffices).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "municipalityName", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	var out []casework.Office
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	return out, nil
}

// Setting returns a stored setting value, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var d struct {
		Value string `bson:"value"`
	}
	err := s.findByID(ctx, colSettings, key, &d)
	if errors.Is(err, ErrNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("read setting: %w", err)
	}
	return d.Value, nil
}

// InitSetting stores value under key unless the key already has a value,
// and returns the value in force. Several instances starting at once agree.
func (s *Store) InitSetting(ctx context.Context, key, value string) (string, error) {
	_, err := s.db.Collection(colSettings).InsertOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "value", Value: value}})
	s.written(colSettings, key, nil)
	if err != nil && !isDuplicate(err) {
		return "", fmt.Errorf("save setting: %w", err)
	}
	return s.Setting(ctx, key)
}
