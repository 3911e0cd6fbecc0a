package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// noteAction adds an internal note to the case's timeline (staff only).
var noteAction = registerAction(staffAction{Name: casework.ActionNote, Title: "staff.action.note", Done: "staff.done.notat", Audited: "staff.audit.action.notat"})

func (h *Handler) addNote(c *fiber.Ctx) error {
	return h.act(c, noteAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindNote(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error { return h.staff.AddNote(c.UserContext(), t.By, t.Case, t.Seen, f.Text) }}, nil
	})
}
