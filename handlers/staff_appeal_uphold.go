package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// appealUpholdAction keeps the decision and sends the party the summary of
// the case to comment on before it goes to Statsforvalteren.
var appealUpholdAction = registerAction(staffAction{Name: casework.ActionUpholdOnAppeal, Title: "staff.appeal.uphold", Done: "staff.done.klage-oppretthold", Audited: "staff.audit.action.klage-oppretthold", Appeal: true})

func (h *Handler) upholdOnAppeal(c *fiber.Ctx) error {
	return h.act(c, appealUpholdAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindSummary(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error {
			return h.staff.UpholdOnAppeal(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID, f.Summary())
		}}, nil
	})
}
