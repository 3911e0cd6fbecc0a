// Package register looks people up in the population register: today only
// whether their address is protected (adressebeskyttelse), and the name
// when the login gave none. In production the register is Folkeregisteret,
// reached through NAV's person data service (PDL), behind the Register
// interface; development and tests use a file of synthetic persons.
package register

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"kvp/identity"
)

// Protection is a person's address protection, by the codes the
// population register uses (PDL's adressebeskyttelse, in lower case).
type Protection string

// The protection codes. None is an unprotected address (PDL: UGRADERT).
const (
	None Protection = ""
	// Fortrolig is a confidential address (kode 7): hidden from anyone
	// without the permission for it.
	Fortrolig Protection = "fortrolig"
	// StrengtFortrolig is a strictly confidential address (kode 6), whose
	// case is handled by a designated office.
	StrengtFortrolig Protection = "strengt_fortrolig"
	// StrengtFortroligUtland is a strictly confidential address abroad,
	// handled as StrengtFortrolig.
	StrengtFortroligUtland Protection = "strengt_fortrolig_utland"
)

// Protected reports whether the address is protected in any degree.
func (p Protection) Protected() bool { return p != None }

// Strict reports whether the address is strictly confidential (kode 6, in
// Norway or abroad).
func (p Protection) Strict() bool { return p == StrengtFortrolig || p == StrengtFortroligUtland }

// StaffMessageID is the message id of the protection's name on a staff
// page.
func (p Protection) StaffMessageID() string {
	switch p {
	case StrengtFortrolig:
		return "protected.staff.strengt_fortrolig"
	case StrengtFortroligUtland:
		return "protected.staff.strengt_fortrolig_utland"
	}
	return "protected.staff.fortrolig"
}

// rank orders the codes from no protection to the strictest.
func (p Protection) rank() int {
	switch p {
	case None:
		return 0
	case Fortrolig:
		return 1
	}
	return 2
}

// AtLeast reports whether p protects at least as much as q.
func (p Protection) AtLeast(q Protection) bool { return p.rank() >= q.rank() }

// ParseProtection reads a protection code as the portal stores it or as
// PDL names it ("STRENGT_FORTROLIG", "UGRADERT"). An unknown code is an
// error; a register adapter should treat it as StrengtFortrolig rather
// than as no protection.
func ParseProtection(s string) (Protection, error) {
	switch p := Protection(strings.ToLower(strings.TrimSpace(s))); p {
	case None, "ugradert":
		return None, nil
	case Fortrolig, StrengtFortrolig, StrengtFortroligUtland:
		return p, nil
	}
	return None, fmt.Errorf("register: unknown address protection %q", s)
}

// Person is what the register says about a person.
type Person struct {
	NationalID string     `json:"nationalId"`
	Name       string     `json:"name,omitempty"`
	Protection Protection `json:"protection,omitempty"`
	// Description is, in a file of synthetic persons, the message id the
	// development login describes the person with; the persons that have
	// one are offered there.
	Description string `json:"description,omitempty"`
}

// ErrNotFound means the register has no such person. The portal then
// treats the address as not protected.
var ErrNotFound = errors.New("register: no such person")

// Register looks a person up by national identity number. Any error but
// ErrNotFound means the register could not answer: the login that asked
// fails rather than guess.
type Register interface {
	Lookup(ctx context.Context, nationalID string) (Person, error)
}

// NoRegister is no register at all: every lookup finds nobody, so no address is
// treated as protected. Production uses it only when told to
// (KVP_REGISTER=none).
type NoRegister struct{}

// Lookup finds nobody.
func (NoRegister) Lookup(context.Context, string) (Person, error) { return Person{}, ErrNotFound }

// File is a register read from a JSON file of persons (see persons.json).
type File struct {
	persons map[string]Person
	list    []Person
}

//go:embed persons.json
var syntheticPersons []byte

// Synthetic returns the development register: the synthetic persons in
// persons.json, some with each protection code.
func Synthetic() *File {
	f, err := Parse(syntheticPersons)
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return f
}

// Load reads a file of persons in the shape of persons.json.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads and checks a file of persons: valid national identity
// numbers, each once, and known protection codes.
func Parse(b []byte) (*File, error) {
	var doc struct {
		Note    string   `json:"note"`
		Persons []Person `json:"persons"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("register file: %w", err)
	}
	f := &File{persons: make(map[string]Person, len(doc.Persons))}
	for _, p := range doc.Persons {
		nid, err := identity.ParseNationalID(p.NationalID)
		if err != nil {
			return nil, fmt.Errorf("register file: %s: %w", p.NationalID, err)
		}
		if _, dup := f.persons[string(nid)]; dup {
			return nil, fmt.Errorf("register file: %s is listed twice", nid)
		}
		if p.Protection, err = ParseProtection(string(p.Protection)); err != nil {
			return nil, fmt.Errorf("register file: %s: %w", nid, err)
		}
		p.NationalID = string(nid)
		f.persons[p.NationalID] = p
		f.list = append(f.list, p)
	}
	return f, nil
}

// Lookup returns the person with the number, or ErrNotFound.
func (f *File) Lookup(_ context.Context, nationalID string) (Person, error) {
	p, ok := f.persons[nationalID]
	if !ok {
		return Person{}, ErrNotFound
	}
	return p, nil
}

// Offered lists the persons the development login offers (those with a
// Description), in the file's order.
func (f *File) Offered() []Person {
	var out []Person
	for _, p := range f.list {
		if p.Description != "" {
			out = append(out, p)
		}
	}
	return out
}
