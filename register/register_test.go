package register

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kvp/identity"
)

// The synthetic file has a person with each protection code, every number
// is a synthetic one, and the development login offers a strictly
// confidential and a confidential person.
func TestSyntheticPersons(t *testing.T) {
	f := Synthetic()
	seen := map[Protection]bool{}
	for _, p := range f.list {
		nid, err := identity.ParseNationalID(p.NationalID)
		if err != nil || !nid.Synthetic() {
			t.Errorf("%s is not a valid synthetic number (%v)", p.NationalID, err)
		}
		seen[p.Protection] = true
	}
	for _, want := range []Protection{None, Fortrolig, StrengtFortrolig, StrengtFortroligUtland} {
		if !seen[want] {
			t.Errorf("no synthetic person with protection %q", want)
		}
	}
	var offered []Protection
	for _, p := range f.Offered() {
		offered = append(offered, p.Protection)
	}
	if len(offered) != 2 || offered[0] != StrengtFortrolig || offered[1] != Fortrolig {
		t.Errorf("the development login offers %v", offered)
	}
	p, err := f.Lookup(context.Background(), "12869121000")
	if err != nil || p.Protection != StrengtFortrolig || !p.Protection.Strict() || p.Name == "" {
		t.Errorf("lookup: %+v, %v", p, err)
	}
	if _, err := f.Lookup(context.Background(), "01010112345"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown person: %v", err)
	}
	if _, err := (NoRegister{}).Lookup(context.Background(), "12869121000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no register found someone: %v", err)
	}
}

func TestParseProtection(t *testing.T) {
	for in, want := range map[string]Protection{
		"": None, "UGRADERT": None, "fortrolig": Fortrolig, "FORTROLIG": Fortrolig,
		"STRENGT_FORTROLIG": StrengtFortrolig, "strengt_fortrolig_utland": StrengtFortroligUtland,
	} {
		if got, err := ParseProtection(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	if _, err := ParseProtection("kode6"); err == nil {
		t.Error("an unknown code was accepted")
	}
	if !StrengtFortrolig.AtLeast(Fortrolig) || Fortrolig.AtLeast(StrengtFortroligUtland) || !Fortrolig.AtLeast(None) || None.Protected() {
		t.Error("the codes are ordered wrong")
	}
}

// A file is checked when it is read: numbers, duplicates, codes, fields.
func TestLoadRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"number":    `{"persons": [{"nationalId": "12345678901"}]}`,
		"duplicate": `{"persons": [{"nationalId": "12869121000"}, {"nationalId": "12869121000"}]}`,
		"code":      `{"persons": [{"nationalId": "12869121000", "protection": "hemmelig"}]}`,
		"field":     `{"persons": [{"nationalId": "12869121000", "adresse": "Storgata 1"}]}`,
	} {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "register file") {
			t.Errorf("%s: %v", name, err)
		}
	}
	path := filepath.Join(dir, "ok.json")
	if err := os.WriteFile(path, []byte(`{"persons": [{"nationalId": "03828532072", "protection": "FORTROLIG"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := f.Lookup(context.Background(), "03828532072"); p.Protection != Fortrolig {
		t.Errorf("protection %q", p.Protection)
	}
}
