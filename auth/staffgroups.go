package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
)

// StaffGroups maps the groups the staff login's provider puts in a claim
// (Entra ID: "groups", the groups' object ids) to a role and offices in
// the portal. It is read from a JSON file (KVP_STAFF_GROUPS_FILE):
//
//	{
//	  "groups": {
//	    "2f1c…": {"role": "caseworker", "offices": ["3401", "3403"]},
//	    "9a7e…": {"role": "lead", "offices": ["3401"]},
//	    "c03b…": {"role": "admin", "offices": ["3401"], "note": "KVP-forvaltning"}
//	  }
//	}
//
// A person in several mapped groups gets the highest of their roles
// (admin, then lead, then caseworker) and the offices of all of them; a
// person in none is refused.
type StaffGroups struct {
	// Claim is the claim holding the groups; "" means "groups".
	Claim  string                `json:"-"`
	Groups map[string]StaffGroup `json:"groups"`
}

// StaffGroup is what one group gives.
type StaffGroup struct {
	Role    Role     `json:"role"`
	Offices []string `json:"offices"`
	// Note is free text for whoever maintains the file (the group's name).
	Note string `json:"note,omitempty"`
	// Protected grants the permission to see the cases of persons with a
	// protected address (see StaffIdentity.MayHandleProtected).
	Protected bool `json:"protected,omitempty"`
}

var officeNumber = regexp.MustCompile(`^[0-9]{4}$`)

// ParseStaffGroups reads and checks a group mapping file's content.
func ParseStaffGroups(b []byte) (*StaffGroups, error) {
	var g StaffGroups
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("staff groups: %w", err)
	}
	if len(g.Groups) == 0 {
		return nil, errors.New("staff groups: no groups")
	}
	for id, sg := range g.Groups {
		if strings.TrimSpace(id) == "" {
			return nil, errors.New("staff groups: a group id is empty")
		}
		if !ValidRole(sg.Role) {
			return nil, fmt.Errorf("staff groups: group %s: role must be caseworker, lead or admin, not %q", id, sg.Role)
		}
		if len(sg.Offices) == 0 {
			return nil, fmt.Errorf("staff groups: group %s: no offices", id)
		}
		for _, o := range sg.Offices {
			if !officeNumber.MatchString(o) {
				return nil, fmt.Errorf("staff groups: group %s: %q is not a four-digit office number", id, o)
			}
		}
	}
	return &g, nil
}

// LoadStaffGroups reads a group mapping file.
func LoadStaffGroups(path string) (*StaffGroups, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseStaffGroups(b)
}

// ClaimName is the claim that holds the groups.
func (g *StaffGroups) ClaimName() string {
	if g == nil || g.Claim == "" {
		return "groups"
	}
	return g.Claim
}

var roleRank = map[Role]int{RoleCaseworker: 1, RoleLead: 2, RoleAdmin: 3}

// Resolve returns the role and offices of a person in groups, or false
// when none of them is mapped.
func (g *StaffGroups) Resolve(groups []string) (Role, []string, bool) {
	if g == nil {
		return "", nil, false
	}
	var role Role
	var offices []string
	for _, id := range groups {
		sg, ok := g.Groups[id]
		if !ok {
			continue
		}
		if roleRank[sg.Role] > roleRank[role] {
			role = sg.Role
		}
		for _, o := range sg.Offices {
			if !slices.Contains(offices, o) {
				offices = append(offices, o)
			}
		}
	}
	slices.Sort(offices)
	return role, offices, role != ""
}

// MayHandleProtected reports whether one of the groups grants the
// permission to see the cases of persons with a protected address.
func (g *StaffGroups) MayHandleProtected(groups []string) bool {
	if g == nil {
		return false
	}
	for _, id := range groups {
		if sg, ok := g.Groups[id]; ok && sg.Protected {
			return true
		}
	}
	return false
}
