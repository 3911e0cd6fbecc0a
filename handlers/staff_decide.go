package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/forms"
)

// decideAction makes the decision on an application. What speaks against
// deciding now (a conversation still to come, documents asked for) is
// shown first, and the decision is made only once confirmed.
var decideAction = registerAction(staffAction{Name: "vedtak", Title: "staff.action.decision", Only: applications, Notifies: true, Decides: true})

func (h *Handler) decideCase(c *fiber.Ctx) error {
	return h.act(c, decideAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindDecision(formValues(c))
		seen := t.Case.Version
		var warnings []decisionWarning
		return change{Form: f, Errs: errs,
			Apply: func() error {
				// Asked before the decision changes the case.
				warnings = h.confirmDecision(c, t.Case)
				return h.decide(c, t.Case, f.Decision(), t.By, t.Now)
			},
			Hold: func() (bool, error) {
				if len(warnings) == 0 {
					return false, nil
				}
				return true, h.warnBeforeDeciding(c, t.Case, f, seen)
			},
		}, nil
	})
}
