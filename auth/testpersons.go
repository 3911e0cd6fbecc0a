package auth

import (
	"fmt"
	"time"

	"kvp/identity"
	"kvp/register"
)

// TestPerson is a synthetic person offered by the development login.
type TestPerson struct {
	Identity
	Description string
	Age         int
	Children    int
}

// TestPersons returns the development login's synthetic persons, with
// TestID-style numbers (month + 80) and ages relative to now: under and over
// 25, with and without children; then the persons of the synthetic
// population register that it offers (with a protected address). Their
// protection is not set here: the login looks it up in the register.
func TestPersons(now time.Time) ([]TestPerson, error) {
	specs := []struct {
		name     string
		age      int
		month    time.Month
		day      int
		children int
		desc     string
	}{
		{"Kari Nordmann", 22, time.March, 14, 0, "testperson.under25"},
		{"Jonas Berg", 23, time.August, 2, 1, "testperson.under25children"},
		{"Aisha Haugen", 34, time.May, 17, 2, "testperson.over25children"},
		{"Ole Johansen", 51, time.November, 30, 0, "testperson.over25"},
	}
	out := make([]TestPerson, 0, len(specs))
	for i, sp := range specs {
		birth := time.Date(now.Year()-sp.age, sp.month, sp.day, 0, 0, 0, 0, time.UTC)
		if birth.After(time.Date(now.Year()-sp.age, now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)) {
			birth = birth.AddDate(-1, 0, 0) // birthday not yet this year: keep the stated age
		}
		nid, err := identity.GenerateSynthetic(birth, 100+37*i)
		if err != nil {
			return nil, fmt.Errorf("test person %s: %w", sp.name, err)
		}
		out = append(out, TestPerson{
			Identity:    Identity{NationalID: string(nid), Name: sp.name, LoA: LoASubstantial},
			Description: sp.desc,
			Age:         nid.Age(now),
			Children:    sp.children,
		})
	}
	for _, p := range register.Synthetic().Offered() {
		nid := identity.NationalID(p.NationalID)
		out = append(out, TestPerson{
			Identity:    Identity{NationalID: p.NationalID, Name: p.Name, LoA: LoASubstantial},
			Description: p.Description,
			Age:         nid.Age(now),
		})
	}
	return out, nil
}
