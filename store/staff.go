package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const (
	colStaff = "staff"
	colAudit = "audit"
)

// StaffRecord is a staff account; its id is the lower-cased e-mail.
type StaffRecord struct {
	Email        string   `bson:"_id"`
	Name         string   `bson:"name"`
	PasswordHash string   `bson:"passwordHash"`
	Role         string   `bson:"role"`
	Offices      []string `bson:"offices"`
	Demo         bool     `bson:"demo,omitempty"`
	// Disabled accounts cannot log in, and their open sessions end.
	Disabled  bool      `bson:"disabled,omitempty"`
	CreatedAt time.Time `bson:"createdAt"`
	// MayHandleProtected is the permission to see the cases of persons
	// with a protected address (kvp staff add --protected, or a group
	// with "protected": true).
	MayHandleProtected bool `bson:"mayHandleProtected,omitempty"`
}

// SaveStaff creates or replaces a staff account.
func (s *Store) SaveStaff(ctx context.Context, r *StaffRecord) error {
	defer s.lock(colStaff, r.Email)()
	err := replaceByID(ctx, s.db.Collection(colStaff), r.Email, r)
	s.written(colStaff, r.Email, nil)
	if err != nil {
		return fmt.Errorf("save staff: %w", err)
	}
	return nil
}

// SetStaffDisabled disables or enables the account with the e-mail; it
// returns ErrNotFound when there is none.
func (s *Store) SetStaffDisabled(ctx context.Context, email string, disabled bool) error {
	defer s.lock(colStaff, email)()
	res, err := s.db.Collection(colStaff).UpdateOne(ctx, bson.D{{Key: "_id", Value: email}}, bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: disabled}}}})
	s.written(colStaff, email, nil)
	if err != nil {
		return fmt.Errorf("set staff disabled: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// Staff returns the account with the e-mail, or ErrNotFound.
func (s *Store) Staff(ctx context.Context, email string) (*StaffRecord, error) {
	var r StaffRecord
	err := s.findByID(ctx, colStaff, email, &r)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read staff: %w", err)
	}
	return &r, nil
}

// StaffAtOffice lists the accounts that work at office.
func (s *Store) StaffAtOffice(ctx context.Context, office string) ([]StaffRecord, error) {
	cur, err := s.db.Collection(colStaff).Find(ctx, bson.D{{Key: "offices", Value: office}}, options.Find().SetSort(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	var out []StaffRecord
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return out, nil
}

// RemoveDemoStaff deletes development demo accounts (production start).
func (s *Store) RemoveDemoStaff(ctx context.Context) error {
	_, err := s.db.Collection(colStaff).DeleteMany(ctx, bson.D{{Key: "demo", Value: true}})
	s.writtenMany(colStaff)
	return err
}

// AuditEntry records one staff view or change. The store has no method to
// change or delete entries: the log can only grow.
type AuditEntry struct {
	At        time.Time `bson:"at"`
	Staff     string    `bson:"staff"`
	StaffName string    `bson:"staffName"`
	Action    string    `bson:"action"`
	Case      string    `bson:"case"`
	Office    string    `bson:"office"`
	Detail    string    `bson:"detail,omitempty"`
	// Protected is the address protection of the case's person, so that
	// every access to such a case can be found.
	Protected string `bson:"protected,omitempty"`
	// Role is the staff member's role at the time.
	Role string `bson:"role,omitempty"`
}

// AuditView is the action of a staff member opening a case: besides the
// audit log, it is shown to the citizen (CaseViews).
const AuditView = "view"

// Audit writes an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if _, err := s.db.Collection(colAudit).InsertOne(ctx, e); err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	if e.Action == AuditView && e.Case != "" {
		// The citizen's list is derived from the log: the entry above is
		// written, so a failure here must not fail the request (and have
		// it retried, writing the entry twice).
		_ = s.recordCaseView(ctx, e.Case, CaseView{At: e.At, Name: e.StaffName, Role: e.Role, Office: e.Office})
	}
	return nil
}

// AuditForCase returns a case's audit entries, oldest first.
func (s *Store) AuditForCase(ctx context.Context, ref string) ([]AuditEntry, error) {
	cur, err := s.db.Collection(colAudit).Find(ctx, bson.D{{Key: "case", Value: ref}}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	var out []AuditEntry
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
