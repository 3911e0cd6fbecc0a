package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// assignAction gives a case to a caseworker at its office: the staff
// member themself («Ta saken») or a colleague chosen in the list.
var assignAction = registerAction(staffAction{Name: casework.ActionAssign, Done: "staff.done.ta", Audited: "staff.audit.action.ta"})

func (h *Handler) assignCase(c *fiber.Ctx) error {
	return h.act(c, assignAction, func(t actionTarget) (change, error) {
		to := c.FormValue("assignee")
		if to == "" {
			to = t.By.Email
		}
		return change{Run: func() error { return h.staff.Assign(c.UserContext(), t.By, t.Case, t.Seen, to) }}, nil
	})
}
