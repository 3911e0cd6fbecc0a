package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// appealForwardAction sends the appeal to Statsforvalteren once the
// comment deadline has passed, or at once when the party has said (by
// phone, for instance) that they will not comment.
var appealForwardAction = registerAction(staffAction{Name: casework.ActionForwardAppeal, Done: "staff.done.klage-oversend", Audited: "staff.audit.action.klage-oversend", Appeal: true})

func (h *Handler) forwardAppeal(c *fiber.Ctx) error {
	return h.act(c, appealForwardAction, func(t actionTarget) (change, error) {
		noComment := c.FormValue("ingenKommentar") == "ja"
		return change{Run: func() error {
			return h.staff.ForwardAppeal(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID, noComment)
		}}, nil
	})
}
