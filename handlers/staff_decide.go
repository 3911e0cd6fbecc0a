package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// decideAction makes the decision on an application. What speaks against
// deciding now (a conversation still to come, documents asked for) is
// shown first, and the decision is made only once confirmed («Fatt
// vedtaket likevel» posts bekreft=ja).
var decideAction = registerAction(staffAction{Name: casework.ActionDecide, Title: "staff.action.decision", Done: "staff.done.vedtak", Audited: "staff.audit.action.vedtak", Only: applications})

func (h *Handler) decideCase(c *fiber.Ctx) error {
	return h.act(c, decideAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindDecision(formValues(c))
		confirmed := c.FormValue("bekreft") == "ja"
		return change{Form: f, Errs: errs, Run: func() error {
			return h.staff.Decide(c.UserContext(), t.By, t.Case, t.Seen, f.Decision(), confirmed)
		}}, nil
	})
}
