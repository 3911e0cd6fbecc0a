package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// interimReplyAction sends the interim reply (forvaltningsloven § 11 a):
// why the application takes longer, and when to expect an answer.
var interimReplyAction = registerAction(staffAction{Name: casework.ActionInterimReply, Title: "staff.action.interim", Done: "staff.done.forelopig-svar", Audited: "staff.audit.action.forelopig-svar", Only: applications})

func (h *Handler) sendInterimReply(c *fiber.Ctx) error {
	return h.act(c, interimReplyAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindInterim(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error { return h.staff.SendInterimReply(c.UserContext(), t.By, t.Case, t.Seen, f.Interim()) }}, nil
	})
}
