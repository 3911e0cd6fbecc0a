package handlers

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// appealInterimAction sends the interim reply on an appeal. Its fields are
// named apart from the application's interim form on the same page.
var appealInterimAction = registerAction(staffAction{Name: casework.ActionAppealInterim, Title: "staff.action.interim", Done: "staff.done.klage-forelopig-svar", Audited: "staff.audit.action.klage-forelopig-svar", Appeal: true})

func (h *Handler) sendAppealInterim(c *fiber.Ctx) error {
	return h.act(c, appealInterimAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindInterim(renameFields(formValues(c), map[string]string{"appealInterimReason": "interimReason", "appealExpectedBy": "expectedBy"}))
		errs = renameErrors(errs, map[string]string{"interimReason": "appealInterimReason", "expectedBy": "appealExpectedBy"})
		return change{Form: f, Errs: errs, Run: func() error {
			return h.staff.SendAppealInterim(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID, f.Interim())
		}}, nil
	})
}

func renameFields(v url.Values, names map[string]string) url.Values {
	out := url.Values{}
	for k, vals := range v {
		if n, ok := names[k]; ok {
			out[n] = vals
		} else if _, clash := out[k]; !clash {
			out[k] = vals
		}
	}
	return out
}

func renameErrors(errs forms.Errors, names map[string]string) forms.Errors {
	for i, e := range errs {
		if n, ok := names[e.Field]; ok {
			errs[i].Field = n
		}
	}
	return errs
}
