package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// closeConversationAction closes a conversation request, with a note to
// the person.
var closeConversationAction = registerAction(staffAction{Name: casework.ActionCloseConversation, Title: "staff.conv.close", Done: "staff.done.avslutt", Audited: "staff.audit.action.avslutt", Only: conversations})

func (h *Handler) closeConversation(c *fiber.Ctx) error {
	return h.act(c, closeConversationAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindClose(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error { return h.staff.CloseConversation(c.UserContext(), t.By, t.Case, t.Seen, f.Note) }}, nil
	})
}
