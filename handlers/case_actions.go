package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
	"kvp/store"
	"kvp/usecase"
)

// recordDecisionOpened notes the first time the citizen sees the decision
// (eForvaltningsforskriften § 8: a second notice is due if it is not
// opened within a week). A concurrent change just means another try on the
// next view.
func (h *Handler) recordDecisionOpened(c *fiber.Ctx, cs *casework.Case) error {
	v := cs.Version
	if !cs.OpenDecision(h.cal, h.cfg.Now()) {
		return nil
	}
	err := h.st.UpdateCase(c.UserContext(), cs, v)
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	return err
}

// renderCitizenCase shows the case page with errors for one of its forms.
func (h *Handler) renderCitizenCase(c *fiber.Ctx, cs *casework.Case, form any, errs forms.Errors) error {
	return h.caseFormError(c, cs, "", form, errs, nil)
}

// uploadDocumentation takes a document the office asked for, with the same
// checks as the application's attachments, and adds it to the case. The
// case page names the document ("item"; see sendRequestedDocument); a post
// that names none answers every document asked for, as before documents
// were listed one by one.
func (h *Handler) uploadDocumentation(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	if item := formValues(c)["item"]; len(item) > 0 {
		return h.sendRequestedDocument(c, cs, item[0])
	}
	fail := func(key string) error {
		return h.renderCitizenCase(c, cs, nil, forms.Errors{casework.Invalid("file", key)})
	}
	if !cs.Open() || !cs.HasRequest() {
		return fail("err.upload.closed")
	}
	var total int64
	for _, f := range cs.AllFiles() {
		total += f.Size
	}
	ref, key, err := h.storeUpload(c, "file", cs, &casework.Draft{Files: cs.AllFiles(), FileBytes: total})
	if err != nil {
		return err
	}
	if key != "" {
		return fail(key)
	}
	seen := cs.Version
	if err := cs.UploadDocuments([]casework.FileRef{*ref}, h.cfg.Now()); err != nil {
		_ = h.st.DeleteFile(c.UserContext(), ref.FileID)
		return fail("err.upload.closed")
	}
	if retry, err := h.saveWithFile(c, cs, seen, ref); err != nil {
		return err
	} else if retry {
		return fail("err.upload.retry")
	}
	return redirect(c, "/saker/"+cs.ID+"?sendt=dokument#hendelser")
}

// askToMoveMeeting records the citizen's wish to move the booked meeting.
func (h *Handler) askToMoveMeeting(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	f, errs := forms.BindMoveMeeting(formValues(c))
	if len(errs) == 0 {
		switch err := h.citizen.AskToMoveMeeting(c.UserContext(), cs, f.Message); {
		case errors.Is(err, usecase.ErrConflict):
			errs = forms.Errors{casework.Invalid("message", "err.upload.retry")}
		case casework.ErrorCode(err) == casework.EINVALID || errors.Is(err, casework.ErrClosed):
			errs = forms.Errors{casework.Invalid("message", "err.move.closed")}
		case err != nil:
			return err
		}
	}
	if len(errs) > 0 {
		return h.caseFormError(c, cs, "flytt", f, errs, nil)
	}
	return redirect(c, "/saker/"+cs.ID+"?sendt=flytt#hendelser")
}

// withdrawCase closes the case at the citizen's request, after they
// confirm it.
func (h *Handler) withdrawCase(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "ja" {
		return h.renderCitizenCase(c, cs, nil, forms.Errors{casework.Invalid("confirm", "err.withdraw.confirm")})
	}
	switch err := h.citizen.Withdraw(c.UserContext(), cs); {
	case errors.Is(err, usecase.ErrConflict):
		return h.renderCitizenCase(c, cs, nil, forms.Errors{casework.Invalid("confirm", "err.upload.retry")})
	case casework.ErrorCode(err) == casework.EINVALID || errors.Is(err, casework.ErrClosed):
		return h.renderCitizenCase(c, cs, nil, forms.Errors{casework.Invalid("confirm", "err.withdraw.closed")})
	case err != nil:
		return err
	}
	return redirect(c, "/saker/"+cs.ID+"?sendt=trukket")
}
