package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// appealReverseAction changes the appealed decision (wholly or in part)
// with a new decision, its benefit computed as for a first decision.
var appealReverseAction = registerAction(staffAction{Name: casework.ActionReverseOnAppeal, Title: "staff.appeal.reverse", Done: "staff.done.klage-omgjor", Audited: "staff.audit.action.klage-omgjor", Appeal: true})

func (h *Handler) reverseOnAppeal(c *fiber.Ctx) error {
	return h.act(c, appealReverseAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindReversal(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error {
			return h.staff.ReverseOnAppeal(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID, casework.AppealResult(f.Result), f.Decision())
		}}, nil
	})
}
