package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// meetingAction books the conversation (for an application, a meeting
// about it; for a conversation request, the conversation asked for).
var meetingAction = registerAction(staffAction{Name: casework.ActionBookMeeting, Title: "staff.action.meeting", Done: "staff.done.samtale", Audited: "staff.audit.action.samtale"})

func (h *Handler) bookMeeting(c *fiber.Ctx) error {
	return h.act(c, meetingAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindMeeting(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error { return h.staff.BookMeeting(c.UserContext(), t.By, t.Case, t.Seen, f.Meeting()) }}, nil
	})
}
