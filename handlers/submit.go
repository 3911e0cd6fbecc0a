package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/attachment"
	"kvp/casework"
	"kvp/forms"
	"kvp/notify"
	"kvp/store"
	"kvp/usecase"
)

// checkData is what the check-your-answers page and the case page show.
type checkData struct {
	Draft     *casework.Draft
	Case      *casework.Case
	Answers   casework.Answers
	Files     []casework.FileRef
	Office    *casework.Office
	Editable  bool
	Missing   []casework.Step
	Added     *casework.FileRef
	Removed   bool
	MaxFiles  int
	MaxSizeMB int
}

// showCheckAnswers shows every answer with a change link, the files, and
// the submit button.
func (h *Handler) showCheckAnswers(c *fiber.Ctx) error {
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return redirect(c, "/soknad")
	}
	return h.renderCheckAnswers(c, d, nil)
}

func (h *Handler) renderCheckAnswers(c *fiber.Ctx, d *casework.Draft, errs forms.Errors) error {
	cd := &checkData{Draft: d, Answers: d.Answers, Files: d.Files, Editable: true, MaxFiles: attachment.MaxFiles, MaxSizeMB: attachment.MaxFileSize >> 20}
	for _, s := range casework.Steps {
		if !d.IsDone(s) {
			cd.Missing = append(cd.Missing, s)
		}
	}
	if m := d.Answers.Residence.Municipality; m != "" {
		o, err := h.st.Office(c.UserContext(), m)
		if err != nil && !errIsNotFound(err) {
			return err
		}
		cd.Office = o
	}
	sd := &stepData{}
	h.noteFileChange(c, d, sd)
	cd.Added, cd.Removed = sd.Added, sd.Removed
	p := h.page(c, "check.title")
	p.HTMX, p.Data, p.Errors = true, cd, errs
	return h.render(c, fiber.StatusOK, "check", p)
}

// submitApplication submits the draft named in the form. The same draft
// is submitted once whatever happens: a double click, a retried request or
// a second tab all end on the same receipt.
func (h *Handler) submitApplication(c *fiber.Ctx) error {
	ctx := c.UserContext()
	me := currentUser(c)
	draftID := c.FormValue("draft")
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil || d.ID != draftID {
		// Already submitted (or never existed): show the receipt if it is
		// this person's.
		cs, err := h.st.CaseForDraft(ctx, draftID)
		if err == nil && cs.Owner.NationalID == me.NationalID {
			return redirect(c, "/saker/"+cs.ID+"/kvittering")
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return redirect(c, "/soknad")
	}
	office, err := h.handlingOffice(ctx, me, d.Answers.Residence.Municipality)
	if err != nil {
		office = nil
	}
	stored, created, err := h.citizen.Submit(ctx, usecase.Applicant{Person: casework.Person{NationalID: me.NationalID, Name: me.Name}, Protected: string(me.Protection)}, d, office)
	switch {
	case errors.Is(err, usecase.ErrUnfinished):
		return redirect(c, "/soknad/oppsummering")
	case errors.Is(err, usecase.ErrNotDigital):
		return redirect(c, "/kommune/"+d.Answers.Residence.Municipality)
	case err != nil:
		return err
	}
	if created {
		h.log.Info("application submitted", "case", stored.ID, "office", stored.Office.Municipality, "files", len(stored.Files), "request_id", requestID(c))
		h.queueReceipt(c, stored, notify.Receipt{Kind: notify.KindReceivedApplication, Key: notify.ReceivedKey(stored.ID, ""), Path: "/saker/" + stored.ID})
	}
	return redirect(c, "/saker/"+stored.ID+"/kvittering")
}

// queueReceipt puts the notice that something was received in the
// outbox, in the language of the page it was sent from. The case is
// stored by then, so a failure is logged, not shown: the receipt page is
// the person's confirmation.
func (h *Handler) queueReceipt(c *fiber.Ctx, cs *casework.Case, r notify.Receipt) {
	if err := notify.Received(c.UserContext(), h.st, h.localizer(c), cs, r, h.cfg.PublicURL, h.cfg.Now()); err != nil {
		h.log.Error("receipt notice not queued", "case", cs.ID, "kind", r.Kind, "err", err, "request_id", requestID(c))
	}
}
