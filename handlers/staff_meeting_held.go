package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// meetingHeldAction records that a requested conversation took place.
var meetingHeldAction = registerAction(staffAction{Name: casework.ActionMeetingHeld, Done: "staff.done.gjennomfort", Audited: "staff.audit.action.gjennomfort", Only: conversations})

func (h *Handler) markMeetingHeld(c *fiber.Ctx) error {
	return h.act(c, meetingHeldAction, func(t actionTarget) (change, error) {
		return change{Run: func() error { return h.staff.MarkMeetingHeld(c.UserContext(), t.By, t.Case, t.Seen) }}, nil
	})
}
