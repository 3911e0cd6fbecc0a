package handlers

import (
	"context"
	"errors"
	"mime/multipart"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kvp/attachment"
	"kvp/casework"
	"kvp/forms"
	"kvp/store"
)

// What the applicant sends after submitting: documents and a message to
// the office at any time (ettersendelse), each document of a request for
// documentation on its own, or why one cannot be sent. Each is an event
// on the case and marks it as new in the staff inbox until a caseworker
// opens it.

// followUpForm is what the applicant typed in the form for sending more.
type followUpForm struct{ Message string }

// docForm is the choice of document in the upload form, and the reason in
// the form for a document that cannot be sent.
type docForm struct {
	Item   string
	Reason string
}

// Fields of the case page's forms that the handlers name in errors.
const (
	fieldFollowUpMessage = "followUpMessage"
	fieldFollowUpFile    = "followUpFile"
	fieldCannotItem      = "cannotItem"
	fieldReason          = "reason"
	maxReason            = 1000
)

// readText reads one plain-text field as the form binders do: CRLF as LF,
// no control characters (line breaks only where multiline), trimmed. ok is
// false for a value that is not plain text or is given twice.
func readText(v url.Values, field string, multiline bool) (string, bool) {
	vals := v[field]
	if len(vals) == 0 {
		return "", true
	}
	s := strings.ReplaceAll(vals[0], "\r\n", "\n")
	if len(vals) > 1 || !utf8.ValidString(s) {
		return "", false
	}
	for _, r := range s {
		if r == '\n' && multiline || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", false
		}
	}
	return strings.TrimSpace(s), true
}

// parseItem reads a document's value in the forms ("2-0": the second
// request's first document).
func parseItem(v string) (number, index int, ok bool) {
	a, b, found := strings.Cut(v, "-")
	n, err1 := strconv.Atoi(a)
	i, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return n, i, true
}

// checkedUpload is a chosen file that passed every check, not yet stored.
type checkedUpload struct {
	name string
	kind attachment.Kind
	data []byte
}

// checkCaseUploads checks the files posted in field as the application's
// attachments are checked, with the limits of one post (one sending is one
// submission, as in digisos: at most 30 files and 150 MB). A file named
// .pdf that is not a PDF is told so. Nothing is stored: either every file
// passes, or refused says which did not and why.
func (h *Handler) checkCaseUploads(c *fiber.Ctx, files []*multipart.FileHeader) ([]checkedUpload, []refusedFile, error) {
	var ok []checkedUpload
	var refused []refusedFile
	have := &casework.Draft{}
	for _, fh := range files {
		name := shownName(fh.Filename)
		if key := checkUploadLimits(have, fh.Size); key != "" {
			refused = append(refused, refusedFile{Name: name, Key: key})
			continue
		}
		data, err := readUpload(fh)
		if err != nil {
			return nil, nil, err
		}
		kind, err := h.inspectNamed(c, fh.Filename, data)
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, nil, err
		}
		if err != nil {
			refused = append(refused, refusedFile{Name: name, Key: uploadErrorKey(err)})
			continue
		}
		have.Files = append(have.Files, casework.FileRef{})
		have.FileBytes += int64(len(data))
		ok = append(ok, checkedUpload{name: attachment.CleanName(fh.Filename, kind), kind: kind, data: data})
	}
	if len(refused) > 0 {
		return nil, refused, nil
	}
	return ok, nil, nil
}

// inspectNamed checks a file's content, a few at a time (a crafted PDF can
// cost seconds of CPU, and it must not starve every other request), and
// with its name, so that a file named .pdf that is not a PDF is told so
// (ErrNamedPDF).
func (h *Handler) inspectNamed(c *fiber.Ctx, name string, data []byte) (attachment.Kind, error) {
	select {
	case h.inspectSlots <- struct{}{}:
	case <-c.UserContext().Done():
		return "", c.UserContext().Err()
	}
	defer func() { <-h.inspectSlots }()
	return attachment.InspectNamed(name, data)
}

// storeCaseUploads stores checked files as files of the case. If one
// cannot be stored, those stored before it are removed.
func (h *Handler) storeCaseUploads(c *fiber.Ctx, cs *casework.Case, files []checkedUpload) ([]casework.FileRef, error) {
	var refs []casework.FileRef
	for _, f := range files {
		id, err := h.st.PutFile(c.UserContext(), f.name, store.FileMeta{Owner: cs.Owner.NationalID, DraftID: cs.DraftID, Kind: string(f.kind), UploadedAt: h.cfg.Now()}, f.data)
		if err != nil {
			h.removeFiles(c, refs)
			return nil, err
		}
		refs = append(refs, casework.FileRef{FileID: id, Name: f.name, Kind: string(f.kind), Size: int64(len(f.data)), UploadedAt: h.cfg.Now()})
	}
	return refs, nil
}

// removeFiles deletes stored files that did not become part of the case.
func (h *Handler) removeFiles(c *fiber.Ctx, refs []casework.FileRef) {
	for _, f := range refs {
		if err := h.st.DeleteFile(c.UserContext(), f.FileID); err != nil {
			h.log.Warn("delete file of a failed upload", "err", err, "request_id", requestID(c))
		}
	}
}

// refusedErrors are the errors for refused files posted in field: one per
// reason (the field lists each file with its reason).
func refusedErrors(field string, refused []refusedFile) forms.Errors {
	var errs forms.Errors
	for _, r := range refused {
		if !slices.ContainsFunc(errs, func(e *casework.Error) bool { return e.Message == r.Key }) {
			errs = append(errs, casework.Invalid(field, r.Key))
		}
	}
	return errs
}

// caseFormError shows the case page again with errors for the form of
// action, what was typed in it, and the files refused.
func (h *Handler) caseFormError(c *fiber.Ctx, cs *casework.Case, action string, form any, errs forms.Errors, refused []refusedFile) error {
	v, err := h.caseView(c, cs)
	if err != nil {
		return err
	}
	v.Refused = refused
	p := h.page(c, "case.title")
	p.Title = p.T("case.title.ref", "Ref", cs.ID)
	p.Action = action
	p.Data, p.Form, p.Errors = v, form, errs
	return h.renderMain(c, fiber.StatusOK, p, casePage(p, v))
}

// saveCaseChange writes a case the applicant changed, with the files now
// part of it; if the write fails, the files are removed. conflict is true
// when the case changed meanwhile.
func (h *Handler) saveCaseChange(c *fiber.Ctx, cs *casework.Case, seen int, files []casework.FileRef) (conflict bool, err error) {
	err = h.st.UpdateCase(c.UserContext(), cs, seen)
	if err == nil {
		return false, nil
	}
	h.removeFiles(c, files)
	if errors.Is(err, store.ErrConflict) {
		return true, nil
	}
	return false, err
}

// sendFollowUp takes documents and a message the applicant sends of their
// own accord, at any time after submitting (until the application is
// withdrawn).
func (h *Handler) sendFollowUp(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	const action = "ettersend"
	v := formValues(c)
	msg, ok := readText(v, fieldFollowUpMessage, true)
	f := followUpForm{Message: msg}
	fail := func(field, key string) error {
		return h.caseFormError(c, cs, action, f, forms.Errors{casework.Invalid(field, key)}, nil)
	}
	switch {
	case !cs.CanFollowUp():
		return fail(fieldFollowUpMessage, "err.followup.closed")
	case !ok:
		return fail(fieldFollowUpMessage, "err.invalid")
	case utf8.RuneCountInString(msg) > casework.MaxFollowUpMessage:
		return fail(fieldFollowUpMessage, "err.followup.max")
	}
	posted := postedFiles(c, fieldFollowUpFile)
	if msg == "" && len(posted) == 0 {
		return fail(fieldFollowUpMessage, "err.followup.empty")
	}
	checked, refused, err := h.checkCaseUploads(c, posted)
	if err != nil {
		return err
	}
	if len(refused) > 0 {
		return h.caseFormError(c, cs, action, f, refusedErrors(fieldFollowUpFile, refused), refused)
	}
	refs, err := h.storeCaseUploads(c, cs, checked)
	if err != nil {
		return err
	}
	seen := cs.Version
	if err := cs.SendFollowUp(msg, refs, h.cfg.Now()); errors.Is(err, casework.ErrClosed) {
		h.removeFiles(c, refs)
		return fail(fieldFollowUpMessage, "err.followup.closed")
	} else if ae, ok := casework.AsError(err); ok {
		h.removeFiles(c, refs)
		return fail(ae.Field, ae.Message)
	} else if err != nil {
		h.removeFiles(c, refs)
		return err
	}
	if conflict, err := h.saveCaseChange(c, cs, seen, refs); err != nil {
		return err
	} else if conflict {
		return fail(fieldFollowUpMessage, "err.upload.retry")
	}
	return redirect(c, "/saker/"+cs.ID+"?sendt=ettersendt#hendelser")
}

// sendRequestedDocument takes the files for one document of a request
// (the field "item" names it, "file" has one or more files).
func (h *Handler) sendRequestedDocument(c *fiber.Ctx, cs *casework.Case, item string) error {
	const action = "dokument"
	f := docForm{Item: item}
	fail := func(field, key string) error {
		return h.caseFormError(c, cs, action, f, forms.Errors{casework.Invalid(field, key)}, nil)
	}
	if !cs.Open() {
		return fail("file", "err.upload.closed")
	}
	number, index, ok := parseItem(item)
	if !ok {
		return fail("item", "err.docs.item")
	}
	posted := postedFiles(c, "file")
	if len(posted) == 0 {
		return fail("file", "err.upload.missing")
	}
	checked, refused, err := h.checkCaseUploads(c, posted)
	if err != nil {
		return err
	}
	if len(refused) > 0 {
		return h.caseFormError(c, cs, action, f, refusedErrors("file", refused), refused)
	}
	refs, err := h.storeCaseUploads(c, cs, checked)
	if err != nil {
		return err
	}
	seen := cs.Version
	if err := cs.SendRequestedDocument(number, index, refs, h.cfg.Now()); errors.Is(err, casework.ErrClosed) {
		h.removeFiles(c, refs)
		return fail("file", "err.upload.closed")
	} else if ae, ok := casework.AsError(err); ok {
		h.removeFiles(c, refs)
		return fail(ae.Field, ae.Message)
	} else if err != nil {
		h.removeFiles(c, refs)
		return err
	}
	if conflict, err := h.saveCaseChange(c, cs, seen, refs); err != nil {
		return err
	} else if conflict {
		return fail("file", "err.upload.retry")
	}
	return redirect(c, "/saker/"+cs.ID+"?sendt=dokument#dokumentasjon")
}

// explainDocument records why the applicant cannot send one document of a
// request.
func (h *Handler) explainDocument(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	const action = "kan-ikke"
	v := formValues(c)
	item, _ := readText(v, fieldCannotItem, false)
	reason, ok := readText(v, fieldReason, true)
	f := docForm{Item: item, Reason: reason}
	fail := func(field, key string) error {
		return h.caseFormError(c, cs, action, f, forms.Errors{casework.Invalid(field, key)}, nil)
	}
	number, index, found := parseItem(item)
	switch {
	case !cs.Open():
		return fail(fieldReason, "err.upload.closed")
	case !found:
		return fail(fieldCannotItem, "err.docs.item.required")
	case !ok:
		return fail(fieldReason, "err.invalid")
	case reason == "":
		return fail(fieldReason, "err.docs.reason.required")
	case utf8.RuneCountInString(reason) > maxReason:
		return fail(fieldReason, "err.docs.reason.max")
	}
	seen := cs.Version
	if err := cs.CannotSendDocument(number, index, reason, h.cfg.Now()); errors.Is(err, casework.ErrClosed) {
		return fail(fieldReason, "err.upload.closed")
	} else if ae, ok := casework.AsError(err); ok {
		field := ae.Field
		if field == "item" {
			field = fieldCannotItem
		}
		return fail(field, ae.Message)
	} else if err != nil {
		return err
	}
	if conflict, err := h.saveCaseChange(c, cs, seen, nil); err != nil {
		return err
	} else if conflict {
		return fail(fieldReason, "err.upload.retry")
	}
	return redirect(c, "/saker/"+cs.ID+"?sendt=forklart#dokumentasjon")
}
