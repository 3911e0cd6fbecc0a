package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/usecase"
)

// decisionWarning is one reason to wait with a decision (usecase.Decide
// gives them): Key is a message id taking Date.
type decisionWarning = usecase.Warning

// warnBeforeDeciding shows the case as stored (the decision applied to it
// in memory is not saved) with the decision form as typed and the
// warnings, and a button to decide anyway («Fatt vedtaket likevel»). A
// case changed meanwhile is a conflict as usual.
func (h *Handler) warnBeforeDeciding(c *fiber.Ctx, cs *casework.Case, form any, seen int, warnings []decisionWarning) error {
	stored, err := h.st.Case(c.UserContext(), cs.ID)
	if err != nil {
		return err
	}
	if stored.Version != seen {
		return h.renderStaffCase(c, stored, caseShown{Action: decideAction.Name, Form: form, Conflict: true})
	}
	return h.renderStaffCase(c, stored, caseShown{Action: decideAction.Name, Form: form, Warnings: warnings})
}
