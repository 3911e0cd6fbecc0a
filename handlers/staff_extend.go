package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// extendAction extends a granted programme with a new end date and the
// reasons for it (a new decision).
var extendAction = registerAction(staffAction{Name: casework.ActionExtend, Title: "staff.action.extend", Done: "staff.done.forleng", Audited: "staff.audit.action.forleng", Only: applications})

func (h *Handler) extendProgramme(c *fiber.Ctx) error {
	return h.act(c, extendAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindExtension(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error {
			err := h.staff.Extend(c.UserContext(), t.By, t.Case, t.Seen, f.NewEnd(), f.Reasons())
			// The form's field for the new end date is newEnd.
			if ae, ok := casework.AsError(err); ok && ae.Field == "end" {
				ae.Field = "newEnd"
			}
			return err
		}}, nil
	})
}
