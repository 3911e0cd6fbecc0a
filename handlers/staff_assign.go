package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// assignAction gives a case to a caseworker at its office: the staff
// member themself («Ta saken») or a colleague chosen in the list.
var assignAction = registerAction(staffAction{Name: "ta"})

func (h *Handler) assignCase(c *fiber.Ctx) error {
	return h.act(c, assignAction, func(t actionTarget) (change, error) {
		to := c.FormValue("assignee")
		if to == "" {
			to = t.By.Email
		}
		rec, err := h.st.Staff(c.UserContext(), to)
		if err != nil || !mayBeAssigned(rec, t.Case) {
			return change{Errs: forms.Errors{{Field: "assignee", Key: "err.action.assignee", Fallback: "err.invalid"}}}, nil
		}
		return change{Apply: func() error {
			return t.Case.Assign(casework.Staff{Email: rec.Email, Name: rec.Name}, t.By, t.Now)
		}}, nil
	})
}
