package auth

import (
	"testing"
	"time"

	"kvp/register"
)

// A protected case needs the permission as well as the office: neither
// the office nor the highest role gives it.
func TestMaySeeCase(t *testing.T) {
	admin := StaffIdentity{Email: "a@nav.test", Role: RoleAdmin, Offices: []string{"3401"}}
	granted := StaffIdentity{Email: "b@nav.test", Role: RoleCaseworker, Offices: []string{"3401"}, MayHandleProtected: true}
	for _, tc := range []struct {
		who       StaffIdentity
		office    string
		protected string
		want      bool
	}{
		{admin, "3401", "", true},
		{admin, "3401", "fortrolig", false},
		{admin, "3401", "strengt_fortrolig", false},
		{granted, "3401", "strengt_fortrolig", true},
		{granted, "3401", "fortrolig", true},
		{granted, "9991", "fortrolig", false},
		{granted, "9991", "", false},
	} {
		if got := tc.who.MaySeeCase(tc.office, tc.protected); got != tc.want {
			t.Errorf("%s (%s) at %s, protected %q: %v", tc.who.Email, tc.who.Role, tc.office, tc.protected, got)
		}
	}
}

// A group in the mapping file may grant the permission; being in another
// mapped group does not.
func TestStaffGroupGrantsThePermission(t *testing.T) {
	g, err := ParseStaffGroups([]byte(`{"groups": {
		"kvp": {"role": "lead", "offices": ["3401"]},
		"skjermet": {"role": "caseworker", "offices": ["3401"], "protected": true, "note": "KVP, skjermede adresser"}
	}}`))
	if err != nil {
		t.Fatal(err)
	}
	if g.MayHandleProtected([]string{"kvp", "annen"}) || !g.MayHandleProtected([]string{"kvp", "skjermet"}) || (*StaffGroups)(nil).MayHandleProtected([]string{"skjermet"}) {
		t.Error("the permission does not follow the groups")
	}
	if role, _, _ := g.Resolve([]string{"kvp", "skjermet"}); role != RoleLead {
		t.Errorf("role %s", role)
	}
}

// The development login offers the persons of the synthetic register with
// a protected address, after the four ordinary ones.
func TestTestPersonsIncludeProtectedPersons(t *testing.T) {
	ps, err := TestPersons(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 6 {
		t.Fatalf("%d test persons", len(ps))
	}
	for _, p := range ps[4:] {
		got, err := register.Synthetic().Lookup(t.Context(), p.NationalID)
		if err != nil || !got.Protection.Protected() || p.Age < 25 {
			t.Errorf("%s: %+v, %v", p.Name, got, err)
		}
	}
}
