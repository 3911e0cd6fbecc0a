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

type appealData struct {
	Case         *casework.Case
	Decision     *casework.Decision
	Window       casework.AppealWindow
	DaysLeft     int
	Draft        *casework.AppealDraft
	Appeal       *casework.Appeal
	MaxFiles     int
	MaxSizeMB    int
	Editable     bool
	Path         string
	Sent         string
	CanComment   bool
	Withdrawable bool
	// Comment is the comment on the summary as typed, shown again with
	// its error.
	Comment forms.Comment
}

// appealSent are the confirmations the appeal page shows after ?sendt=.
var appealSent = map[string]string{"kommentar": "appeal.sent.kommentar", "trukket": "appeal.sent.trukket"}

func (h *Handler) appealData(c *fiber.Ctx, cs *casework.Case) *appealData {
	d := &appealData{Case: cs, Decision: cs.LatestDecision(), Draft: cs.AppealDraft, MaxFiles: casework.MaxAppealFiles, MaxSizeMB: attachment.MaxFileSize >> 20, Sent: knownSent(c.Query("sendt"), appealSent)}
	if d.Decision != nil {
		d.Window = d.Decision.Window(h.cfg.Now())
		d.DaysLeft = casework.DaysUntil(h.cfg.Now(), d.Decision.AppealDeadline)
	}
	return d
}

// decidedCase returns the person's case if it has a decision to appeal.
func (h *Handler) decidedCase(c *fiber.Ctx) (*casework.Case, error) {
	cs, err := h.myCase(c)
	if err != nil {
		return nil, err
	}
	if cs.LatestDecision() == nil || cs.IsConversation() {
		return nil, errNotFound
	}
	// Whoever reads the appeal pages has the decision in front of them.
	if err := h.recordDecisionOpened(c, cs); err != nil {
		return nil, err
	}
	return cs, nil
}

// showAppealForm shows the appeal form for the latest decision: the
// deadline and days left; after the deadline a field for why the appeal is
// late; more than a year after the decision, where to get help instead.
func (h *Handler) showAppealForm(c *fiber.Ctx) error {
	cs, err := h.decidedCase(c)
	if err != nil {
		return err
	}
	if a := cs.OpenAppeal(); a != nil {
		return redirect(c, "/saker/"+cs.ID+"/klage/"+a.ID)
	}
	if cs.AppealSettled() {
		return redirect(c, "/saker/"+cs.ID+"/klage/"+cs.Appeals[len(cs.Appeals)-1].ID)
	}
	return h.renderAppealForm(c, cs, forms.AppealFormFrom(cs.AppealDraft), nil)
}

func (h *Handler) renderAppealForm(c *fiber.Ctx, cs *casework.Case, f forms.AppealForm, errs forms.Errors) error {
	d := h.appealData(c, cs)
	p := h.page(c, "appeal.title")
	if f.Who == "" {
		f.Who = "self"
	}
	p.Data, p.Form, p.Errors = d, f, errs
	return h.render(c, fiber.StatusOK, "appeal-form", p)
}

// saveAppealDraft validates the appeal and keeps it as a draft for the
// check page.
func (h *Handler) saveAppealDraft(c *fiber.Ctx) error {
	cs, err := h.decidedCase(c)
	if err != nil {
		return err
	}
	d := h.appealData(c, cs)
	if d.Window == casework.WindowTooLate || cs.OpenAppeal() != nil || cs.AppealSettled() {
		return redirect(c, "/saker/"+cs.ID+"/klage")
	}
	f, errs := forms.BindAppeal(formValues(c), d.Window == casework.WindowLate)
	if len(errs) > 0 {
		return h.renderAppealForm(c, cs, f, errs)
	}
	id := newDraftID()
	if cs.AppealDraft != nil {
		id = cs.AppealDraft.ID
	}
	seen := cs.Version
	cs.AppealDraft = f.Draft(id, cs.AppealDraft)
	if err := h.st.UpdateCase(c.UserContext(), cs, seen); errors.Is(err, store.ErrConflict) {
		return h.renderAppealForm(c, cs, f, forms.Errors{casework.Invalid("change", "err.upload.retry")})
	} else if err != nil {
		return err
	}
	return redirect(c, "/saker/"+cs.ID+"/klage/oppsummering")
}

// showAppealCheck shows the appeal for checking, with its documents.
func (h *Handler) showAppealCheck(c *fiber.Ctx) error {
	cs, err := h.decidedCase(c)
	if err != nil {
		return err
	}
	if cs.AppealDraft == nil {
		return redirect(c, "/saker/"+cs.ID+"/klage")
	}
	return h.renderAppealCheck(c, cs, nil)
}

func (h *Handler) renderAppealCheck(c *fiber.Ctx, cs *casework.Case, errs forms.Errors) error {
	d := h.appealData(c, cs)
	d.Editable = true
	p := h.page(c, "appeal.check.title")
	p.Data, p.Errors = d, errs
	return h.render(c, fiber.StatusOK, "appeal-check", p)
}

// uploadAppealFile adds a document (or the power of attorney) to the
// appeal draft, with the application's file rules.
func (h *Handler) uploadAppealFile(c *fiber.Ctx) error {
	cs, err := h.decidedCase(c)
	if err != nil {
		return err
	}
	if cs.AppealDraft == nil {
		return redirect(c, "/saker/"+cs.ID+"/klage")
	}
	poa := c.FormValue("kind") == "fullmakt"
	field := "file"
	if poa {
		field = "poa"
	}
	fail := func(key string) error {
		return h.renderAppealCheck(c, cs, forms.Errors{casework.Invalid(field, key)})
	}
	if !poa && len(cs.AppealDraft.Files) >= casework.MaxAppealFiles {
		return fail("err.appeal.files")
	}
	ref, key, err := h.storeUpload(c, field, cs, &casework.Draft{})
	if err != nil {
		return err
	}
	if key != "" {
		return fail(key)
	}
	seen := cs.Version
	replaced := cs.AppealDraft.PowerOfAttorney
	if poa {
		cs.AppealDraft.PowerOfAttorney = ref
	} else {
		cs.AppealDraft.Files = append(cs.AppealDraft.Files, *ref)
	}
	if retry, err := h.saveWithFile(c, cs, seen, ref); err != nil {
		return err
	} else if retry {
		return fail("err.upload.retry")
	}
	if poa && replaced != nil {
		_ = h.st.DeleteFile(c.UserContext(), replaced.FileID)
	}
	return redirect(c, "/saker/"+cs.ID+"/klage/oppsummering#vedlegg")
}

// removeAppealFile removes a document from the appeal draft.
func (h *Handler) removeAppealFile(c *fiber.Ctx) error {
	cs, err := h.decidedCase(c)
	if err != nil {
		return err
	}
	d := cs.AppealDraft
	if d == nil {
		return errNotFound
	}
	id := c.Params("file")
	seen := cs.Version
	kept := d.Files[:0:0]
	for _, f := range d.Files {
		if f.FileID != id {
			kept = append(kept, f)
		}
	}
	switch {
	case len(kept) != len(d.Files):
		d.Files = kept
	case d.PowerOfAttorney != nil && d.PowerOfAttorney.FileID == id:
		d.PowerOfAttorney = nil
	default:
		return errNotFound
	}
	if err := h.st.UpdateCase(c.UserContext(), cs, seen); err != nil {
		return err
	}
	_ = h.st.DeleteFile(c.UserContext(), id)
	return redirect(c, "/saker/"+cs.ID+"/klage/oppsummering#vedlegg")
}

// sendAppeal files the checked appeal. Being logged in is the signature
// (forvaltningsloven § 32). A second send of the same draft shows the
// receipt of the first.
func (h *Handler) sendAppeal(c *fiber.Ctx) error {
	cs, err := h.decidedCase(c)
	if err != nil {
		return err
	}
	draftID := c.FormValue("draft")
	if a := cs.Appeal(draftRef(cs, draftID)); a != nil {
		return redirect(c, "/saker/"+cs.ID+"/klage/"+a.ID+"/kvittering")
	}
	d := cs.AppealDraft
	if d == nil || d.ID != draftID {
		return redirect(c, "/saker/"+cs.ID+"/klage")
	}
	ref, err := casework.NewReference()
	if err != nil {
		return err
	}
	seen := cs.Version
	if err := cs.FileAppeal(appealFromDraft(ref, d), h.cal, h.cfg.Now()); err != nil {
		return h.appealRefused(c, cs, d, err)
	}
	cs.AppealDraft = nil
	cs.Appeals[len(cs.Appeals)-1].DraftID = draftID
	if err := h.st.UpdateCase(c.UserContext(), cs, seen); errors.Is(err, store.ErrConflict) {
		fresh, ferr := h.st.Case(c.UserContext(), cs.ID)
		if ferr == nil {
			if a := fresh.Appeal(draftRef(fresh, draftID)); a != nil {
				return redirect(c, "/saker/"+cs.ID+"/klage/"+a.ID+"/kvittering")
			}
		}
		return redirect(c, "/saker/"+cs.ID+"/klage/oppsummering")
	} else if err != nil {
		return err
	}
	h.queueReceipt(c, cs, notify.Receipt{Kind: notify.KindReceivedAppeal, Key: notify.ReceivedKey(cs.ID, ref), Path: "/saker/" + cs.ID + "/klage/" + ref, CasePath: "/saker/" + cs.ID})
	return redirect(c, "/saker/"+cs.ID+"/klage/"+ref+"/kvittering")
}

// draftRef finds the appeal filed from draft id.
func draftRef(cs *casework.Case, draftID string) string {
	for _, a := range cs.Appeals {
		if draftID != "" && a.DraftID == draftID {
			return a.ID
		}
	}
	return ""
}

// myAppeal returns the appeal in the URL of the person's own case.
func (h *Handler) myAppeal(c *fiber.Ctx) (*casework.Case, *casework.Appeal, error) {
	cs, err := h.decidedCase(c)
	if err != nil {
		return nil, nil, err
	}
	a := cs.Appeal(c.Params("appeal"))
	if a == nil {
		return nil, nil, errNotFound
	}
	return cs, a, nil
}

// showAppeal shows an appeal with its own timeline and, when the office
// upholds the decision, its summary and the comment form.
func (h *Handler) showAppeal(c *fiber.Ctx) error {
	cs, a, err := h.myAppeal(c)
	if err != nil {
		return err
	}
	return h.renderAppeal(c, cs, a, "appeal", forms.Comment{}, nil)
}

func (h *Handler) showAppealReceipt(c *fiber.Ctx) error {
	cs, a, err := h.myAppeal(c)
	if err != nil {
		return err
	}
	return h.renderAppeal(c, cs, a, "appeal-receipt", forms.Comment{}, nil)
}

func (h *Handler) renderAppeal(c *fiber.Ctx, cs *casework.Case, a *casework.Appeal, page string, comment forms.Comment, errs forms.Errors) error {
	d := h.appealData(c, cs)
	d.Appeal = a
	d.CanComment = a.Status == casework.AppealSummarised && !casework.OsloDate(h.cfg.Now()).After(casework.OsloDate(a.Summary.CommentDeadline))
	d.Withdrawable = a.Status != casework.AppealDecided && a.Status != casework.AppealWithdrawn
	p := h.page(c, "appeal.page.title")
	p.Title = p.T("appeal.page.title.ref", "Ref", a.ID)
	d.Comment = comment
	p.Data, p.Errors = d, errs
	return h.render(c, fiber.StatusOK, page, p)
}

// commentOnAppeal adds the party's comment on the office's summary.
func (h *Handler) commentOnAppeal(c *fiber.Ctx) error {
	cs, a, err := h.myAppeal(c)
	if err != nil {
		return err
	}
	f, errs := forms.BindComment(formValues(c))
	if len(errs) == 0 {
		switch err := h.citizen.CommentOnAppeal(c.UserContext(), cs, a.ID, f.Text); {
		case errors.Is(err, usecase.ErrConflict):
			errs = forms.Errors{casework.Invalid("comment", "err.upload.retry")}
		case casework.ErrorCode(err) == casework.EINVALID || errors.Is(err, casework.ErrClosed):
			errs = forms.Errors{casework.Invalid("comment", "err.appeal.commentclosed")}
		case err != nil:
			return err
		}
	}
	if len(errs) > 0 {
		return h.renderAppeal(c, cs, a, "appeal", f, errs)
	}
	return redirect(c, "/saker/"+cs.ID+"/klage/"+a.ID+"?sendt=kommentar")
}

// withdrawAppeal withdraws the appeal, after the person confirms it.
func (h *Handler) withdrawAppeal(c *fiber.Ctx) error {
	cs, a, err := h.myAppeal(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "ja" {
		return h.renderAppeal(c, cs, a, "appeal", forms.Comment{}, forms.Errors{casework.Invalid("confirm", "err.appeal.withdraw.confirm")})
	}
	switch err := h.citizen.WithdrawAppeal(c.UserContext(), cs, a.ID); {
	case errors.Is(err, usecase.ErrConflict):
		return h.renderAppeal(c, cs, a, "appeal", forms.Comment{}, forms.Errors{casework.Invalid("confirm", "err.upload.retry")})
	case casework.ErrorCode(err) == casework.EINVALID || errors.Is(err, casework.ErrClosed):
		return h.renderAppeal(c, cs, a, "appeal", forms.Comment{}, forms.Errors{casework.Invalid("confirm", "err.appeal.withdraw.closed")})
	case err != nil:
		return err
	}
	return redirect(c, "/saker/"+cs.ID+"/klage/"+a.ID+"?sendt=trukket")
}

// appealFromDraft is the appeal the draft d makes, with the reference ref.
func appealFromDraft(ref string, d *casework.AppealDraft) casework.Appeal {
	a := casework.Appeal{ID: ref, Change: d.Change, Reasons: d.Reasons, LateReason: d.LateReason, Files: d.Files}
	if d.Representative != "" {
		a.Representative = &casework.Representative{Name: d.Representative}
		if d.PowerOfAttorney != nil {
			a.Representative.PowerOfAttorney = *d.PowerOfAttorney
		}
	}
	return a
}

// appealRefused answers an appeal the domain refused to file (err): where
// the person can put it right, with what they typed kept.
func (h *Handler) appealRefused(c *fiber.Ctx, cs *casework.Case, d *casework.AppealDraft, err error) error {
	ae, ok := casework.AsError(err)
	if !ok || ae.Code != casework.EINVALID {
		return err
	}
	switch {
	case ae.Field == "powerOfAttorney":
		// The check page has the power-of-attorney upload.
		return h.renderAppealCheck(c, cs, forms.Errors{casework.Invalid("poa", ae.Message)})
	case ae.Message == "err.appeal.open" || ae.Message == "err.appeal.final" || ae.Message == "err.appeal.nodecision":
		// Another appeal was sent meanwhile, or Statsforvalteren has
		// decided: the appeal form leads to that appeal.
		return redirect(c, "/saker/"+cs.ID+"/klage")
	case ae.Message == "err.appeal.toolate":
		// The form is gone; the notice says why and where to get help.
		return h.renderAppealForm(c, cs, forms.AppealFormFrom(d), forms.Errors{casework.Invalid("toolate", ae.Message)})
	}
	// Back to the form, with the error next to its field (the deadline may
	// have passed since the check page was shown, and the late reason is
	// now asked for) and everything typed kept.
	return h.renderAppealForm(c, cs, forms.AppealFormFrom(d), forms.Errors{casework.Invalid(ae.Field, ae.Message)})
}
