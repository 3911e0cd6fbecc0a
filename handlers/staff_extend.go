package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// extendAction extends a granted programme with a new end date and the
// reasons for it (a new decision).
var extendAction = registerAction(staffAction{Name: "forleng", Title: "staff.action.extend", Only: applications, Notifies: true, Decides: true})

func (h *Handler) extendProgramme(c *fiber.Ctx) error {
	return h.act(c, extendAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindExtension(formValues(c))
		return change{Form: f, Errs: errs, Apply: func() error {
			in, err := h.decisionInputs(c, t.Case)
			if err != nil {
				return err
			}
			err = t.Case.Extend(f.NewEnd(), f.Reasons(), in.tables, in.age, in.under25OwnHome, h.cal, t.By, t.Now)
			// The form's field for the new end date is newEnd.
			var ae *casework.ActionError
			if errors.As(err, &ae) && ae.Field == "end" {
				ae.Field = "newEnd"
			}
			return err
		}}, nil
	})
}
