package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// appealBodyResultAction records Statsforvalteren's result, with its
// letter uploaded.
var appealBodyResultAction = registerAction(staffAction{Name: casework.ActionBodyResult, Title: "staff.appeal.body", Done: "staff.done.klage-sf-resultat", Audited: "staff.audit.action.klage-sf-resultat", Appeal: true})

func (h *Handler) recordBodyResult(c *fiber.Ctx) error {
	// The letter is stored before the form is checked; it is removed again
	// unless the result is saved.
	var letter *casework.FileRef
	defer func() {
		if letter != nil && c.Response().StatusCode() != fiber.StatusSeeOther {
			_ = h.st.DeleteFile(c.UserContext(), letter.FileID)
		}
	}()
	return h.act(c, appealBodyResultAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindBodyResult(formValues(c))
		stored, key, err := h.storeUpload(c, "letter", t.Case, &casework.Draft{})
		if err != nil {
			return change{}, err
		}
		letter = stored
		if key != "" {
			errs = append(errs, casework.Invalid("letter", key))
		}
		return change{Form: f, Errs: errs, Run: func() error {
			r := casework.BodyResult{Outcome: casework.BodyOutcome(f.Outcome), Note: f.Note, Letter: *letter}
			return h.staff.RecordBodyResult(c.UserContext(), t.By, t.Case, t.Seen, t.AppealID, r)
		}}, nil
	})
}
