package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
)

// caseOpeningsShown is how many openings the case page lists.
const caseOpeningsShown = 30

// CaseOpenings is what the citizen's case page shows of who at the office
// opened the case: one row per person and day (the latest time that day),
// newest first. The rows come from the staff views written to the audit
// log (store.CaseViews).
type CaseOpenings struct {
	Rows      []CaseOpening
	Truncated bool
}

// CaseOpening is one row of CaseOpenings. Anonymous rows name the office
// only (the office chose not to show names).
type CaseOpening struct {
	At        time.Time
	Name      string
	RoleKey   string
	Anonymous bool
	Office    string
}

// caseOpenings reads who opened the case, as the citizen may see it.
func (h *Handler) caseOpenings(c *fiber.Ctx, cs *casework.Case, office *casework.Office) (*CaseOpenings, error) {
	views, err := h.st.CaseViews(c.UserContext(), cs.ID)
	if err != nil {
		return nil, err
	}
	hidden := office != nil && office.StaffNamesHidden
	officeName := cs.Office.Name
	if office != nil {
		officeName = office.Name
	}
	out := &CaseOpenings{}
	seen := map[string]bool{}
	for _, v := range views {
		day := v.At.In(casework.Location()).Format("2006-01-02")
		if seen[day+"\x00"+v.Name] {
			continue
		}
		seen[day+"\x00"+v.Name] = true
		if len(out.Rows) == caseOpeningsShown {
			out.Truncated = true
			break
		}
		row := CaseOpening{At: v.At, Office: officeName, Anonymous: hidden}
		if !hidden {
			row.Name, row.RoleKey = v.Name, roleKey(auth.Role(v.Role))
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// roleKey is the message id of a staff role as the citizen reads it.
func roleKey(r auth.Role) string {
	switch r {
	case auth.RoleLead:
		return "caseviews.role.lead"
	case auth.RoleAdmin:
		return "caseviews.role.admin"
	default:
		return "caseviews.role.caseworker"
	}
}
