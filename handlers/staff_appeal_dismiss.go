package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// appealDismissAction dismisses an appeal that cannot be heard (too late,
// no standing), with the reason.
var appealDismissAction = registerAction(staffAction{Name: casework.ActionDismissAppeal, Title: "staff.appeal.dismiss", Done: "staff.done.klage-avvis", Audited: "staff.audit.action.klage-avvis", Appeal: true,
	Relabel: map[string]string{"staff.action.note.text": "staff.appeal.dismiss.reason"}})

func (h *Handler) dismissAppeal(c *fiber.Ctx) error {
	return h.act(c, appealDismissAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindDismissal(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error {
			return h.staff.DismissAppeal(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID, f.Text)
		}}, nil
	})
}
