package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// appealReassessAction starts the office's reassessment of an appeal
// (forvaltningsloven § 33).
var appealReassessAction = registerAction(staffAction{Name: casework.ActionReassessAppeal, Done: "staff.done.klage-vurder", Audited: "staff.audit.action.klage-vurder", Appeal: true})

func (h *Handler) reassessAppeal(c *fiber.Ctx) error {
	return h.act(c, appealReassessAction, func(t actionTarget) (change, error) {
		return change{Run: func() error { return h.staff.StartReassessment(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID) }}, nil
	})
}
