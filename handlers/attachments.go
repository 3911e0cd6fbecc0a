package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kvp/attachment"
	"kvp/casework"
	"kvp/forms"
	"kvp/store"
)

// uploadTarget is the page an upload returns to: the attachment step or
// the check page, both of which have the upload form.
func uploadTarget(c *fiber.Ctx) string {
	if c.FormValue("fra") == "oppsummering" || c.Query("fra") == "oppsummering" {
		return "/soknad/oppsummering"
	}
	return "/soknad/steg/" + string(casework.StepAttachments)
}

// onAttachmentStep reports whether the upload was posted from the
// documents step (not from the check page's upload form).
func onAttachmentStep(c *fiber.Ctx) bool {
	return !strings.HasSuffix(uploadTarget(c), "oppsummering")
}

// attachmentStepFromCheck reports whether the documents step was opened
// from the check page: its main button then goes back there.
func attachmentStepFromCheck(c *fiber.Ctx) bool {
	return c.FormValue("tilbake") == "oppsummering"
}

// uploadReturn is the address an upload sends the person back to, with q.
func uploadReturn(c *fiber.Ctx, q url.Values) string {
	to := uploadTarget(c)
	if onAttachmentStep(c) && attachmentStepFromCheck(c) {
		q.Set("fra", "oppsummering")
	}
	if len(q) > 0 {
		to += "?" + q.Encode()
	}
	return to + "#vedlegg"
}

// refusedFile is a chosen file that was not attached, and why (a message
// id). Name is empty when no file was chosen at all.
type refusedFile struct {
	Name string
	Key  string
}

// uploadAttachment checks and stores the chosen files (one or several, the
// field "file") and attaches each to the draft. Each file is checked on
// its own: the accepted ones are kept, and a refused one leaves nothing
// stored. The documents step's main button posts here too, with the field
// "videre": the chosen files are uploaded first, and the person goes on
// only if every one was accepted; otherwise the step is shown again with
// a message per refused file.
func (h *Handler) uploadAttachment(c *fiber.Ctx) error {
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return redirect(c, "/soknad")
	}
	next := onAttachmentStep(c) && c.FormValue("videre") != ""
	files := postedFiles(c, "file")
	if len(files) == 0 {
		if v := formValues(c); onAttachmentStep(c) && len(v["avvist-grunn"]) > 0 {
			return h.showReportedRefusals(c, d, v)
		}
		if next {
			return h.leaveAttachmentStep(c, d)
		}
		return h.uploadRefused(c, d, nil, []refusedFile{{Key: "err.upload.missing"}}, false)
	}
	var added []casework.FileRef
	var refused []refusedFile
	for _, fh := range files {
		ref, key, err := h.attachUpload(c, d, fh)
		if err != nil {
			return err
		}
		if key != "" {
			refused = append(refused, refusedFile{Name: shownName(fh.Filename), Key: key})
			continue
		}
		added = append(added, *ref)
	}
	if len(refused) > 0 {
		return h.uploadRefused(c, d, added, refused, next)
	}
	if next {
		return h.leaveAttachmentStep(c, d)
	}
	q := url.Values{}
	for _, f := range added {
		q.Add("lagt-til", f.FileID)
	}
	return redirect(c, uploadReturn(c, q))
}

// uploadRefusals are the reasons a chosen file can be refused for.
var uploadRefusals = map[string]bool{
	"err.upload.missing": true, "err.upload.empty": true, "err.upload.toolarge": true,
	"err.upload.type": true, "err.upload.encrypted": true, "err.upload.malformed": true,
	"err.upload.count": true, "err.upload.total": true, "err.upload.failed": true, "err.upload.notpdf": true,
}

// showReportedRefusals shows the documents step after the page's script
// uploaded the chosen files one at a time: it posts back the ids of the
// files that were added and the names and reasons of those that were not
// ("avvist-fil", "avvist-grunn"), and whether the main button was pressed
// ("stoppet"), so that the step tells the person the same way as when all
// files are posted at once. Only known reasons are shown, and only this
// draft's files.
func (h *Handler) showReportedRefusals(c *fiber.Ctx, d *casework.Draft, v url.Values) error {
	names, keys := v["avvist-fil"], v["avvist-grunn"]
	// More than a few times the file limit is no real choice of files.
	if len(keys) > 4*attachment.MaxFiles {
		keys = keys[:4*attachment.MaxFiles]
	}
	var refused []refusedFile
	for i, key := range keys {
		if !uploadRefusals[key] {
			key = "err.upload.failed"
		}
		r := refusedFile{Key: key}
		if i < len(names) {
			r.Name = shownName(names[i])
		}
		refused = append(refused, r)
	}
	var added []casework.FileRef
	for _, id := range v["lagt-til"] {
		for _, f := range d.Files {
			if f.FileID == id {
				added = append(added, f)
			}
		}
	}
	return h.uploadRefused(c, d, added, refused, v.Get("stoppet") != "")
}

// postedFiles returns the files posted in field, in the order chosen. A
// post that is not multipart, or a file field left empty, has none.
func postedFiles(c *fiber.Ctx, field string) []*multipart.FileHeader {
	form, err := c.MultipartForm()
	if err != nil || form == nil {
		return nil
	}
	var out []*multipart.FileHeader
	for _, fh := range form.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		out = append(out, fh)
	}
	return out
}

// attachUpload checks one file against the limits of d and the content
// rules, stores it and attaches it to the draft, and counts it in d. The
// file is stored first and attached in one conditional update; if the
// attach fails, the stored file is removed, so nothing is left. key is a
// message id when the file is refused.
func (h *Handler) attachUpload(c *fiber.Ctx, d *casework.Draft, fh *multipart.FileHeader) (*casework.FileRef, string, error) {
	if key := checkUploadLimits(d, fh.Size); key != "" {
		return nil, key, nil
	}
	data, err := readUpload(fh)
	if err != nil {
		return nil, "", err
	}
	kind, err := h.inspectNamed(c, fh.Filename, data)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, "", err
	}
	if err != nil {
		return nil, uploadErrorKey(err), nil
	}
	me := currentUser(c)
	name := attachment.CleanName(fh.Filename, kind)
	id, err := h.st.PutFile(c.UserContext(), name, store.FileMeta{Owner: me.NationalID, DraftID: d.ID, Kind: string(kind), UploadedAt: h.cfg.Now()}, data)
	if err != nil {
		return nil, "", err
	}
	ref := casework.FileRef{FileID: id, Name: name, Kind: string(kind), Size: int64(len(data)), UploadedAt: h.cfg.Now()}
	if err := h.st.AddDraftFile(c.UserContext(), me.NationalID, d.ID, ref, attachment.MaxFiles, attachment.MaxTotalSize, h.cfg.Now()); err != nil {
		if derr := h.st.DeleteFile(c.UserContext(), id); derr != nil {
			h.log.Error("remove file after failed attach", "err", derr, "request_id", requestID(c))
		}
		if errors.Is(err, store.ErrConflict) {
			return nil, "err.upload.total", nil
		}
		return nil, "", err
	}
	d.Files = append(d.Files, ref)
	d.FileBytes += ref.Size
	return &ref, "", nil
}

// leaveAttachmentStep marks the documents step done and goes on: to the
// next step, or back to the check page it was opened from.
func (h *Handler) leaveAttachmentStep(c *fiber.Ctx, d *casework.Draft) error {
	if err := h.st.MarkDraftStepDone(c.UserContext(), currentUser(c).NationalID, d.ID, casework.StepAttachments, h.cfg.Now()); err != nil {
		if errIsNotFound(err) {
			return redirect(c, "/soknad")
		}
		return err
	}
	return redirect(c, afterStep(casework.StepAttachments, attachmentStepFromCheck(c)))
}

// shownName is a chosen file's name as the person knows it, to name it in
// a message: without a folder, control characters or excess length.
func shownName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 80 {
		name = string([]rune(name)[:79]) + "…"
	}
	return name
}

func checkUploadLimits(d *casework.Draft, size int64) string {
	switch {
	case size <= 0:
		return "err.upload.empty"
	case size > attachment.MaxFileSize:
		return "err.upload.toolarge"
	case len(d.Files) >= attachment.MaxFiles:
		return "err.upload.count"
	case d.FileBytes+size > attachment.MaxTotalSize:
		return "err.upload.total"
	}
	return ""
}

func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, attachment.MaxFileSize+1))
}

func uploadErrorKey(err error) string {
	switch {
	case errors.Is(err, attachment.ErrNamedPDF):
		return "err.upload.notpdf"
	case errors.Is(err, attachment.ErrEmpty):
		return "err.upload.empty"
	case errors.Is(err, attachment.ErrTooLarge):
		return "err.upload.toolarge"
	case errors.Is(err, attachment.ErrEncrypted):
		return "err.upload.encrypted"
	case errors.Is(err, attachment.ErrMalformed):
		return "err.upload.malformed"
	}
	return "err.upload.type"
}

// uploadRefused shows the upload's page again with a message per refused
// file next to the file field (on the documents step, each naming its
// file), and the files that were accepted in the same post; stayed says
// the main button was pressed and the person was kept on the step.
func (h *Handler) uploadRefused(c *fiber.Ctx, d *casework.Draft, added []casework.FileRef, refused []refusedFile, stayed bool) error {
	var errs forms.Errors
	for _, r := range refused {
		// The check page names no files: one message per reason.
		if !onAttachmentStep(c) && slices.ContainsFunc(errs, func(e *casework.Error) bool { return e.Message == r.Key }) {
			continue
		}
		errs = append(errs, casework.Invalid("file", r.Key))
	}
	if !onAttachmentStep(c) {
		return h.renderCheckAnswers(c, d, errs)
	}
	sd, err := h.newStepData(c, casework.StepAttachments, d)
	if err != nil {
		return err
	}
	sd.FromCheck = attachmentStepFromCheck(c)
	sd.AddedFiles, sd.Refused = added, refused
	sd.Stayed = stayed
	p := h.page(c, "step.vedlegg.title")
	p.HTMX, p.Data, p.Errors = true, sd, errs
	return h.render(c, fiber.StatusOK, "step-vedlegg", p)
}

// removeAttachment removes a file from the draft before it is submitted.
func (h *Handler) removeAttachment(c *fiber.Ctx) error {
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return redirect(c, "/soknad")
	}
	id := c.Params("file")
	var ref *casework.FileRef
	for _, f := range d.Files {
		if f.FileID == id {
			f := f
			ref = &f
		}
	}
	if ref == nil {
		return errNotFound
	}
	if err := h.st.RemoveDraftFile(c.UserContext(), currentUser(c).NationalID, d.ID, ref.FileID, h.cfg.Now()); err != nil {
		return err
	}
	if err := h.st.DeleteFile(c.UserContext(), id); err != nil {
		h.log.Warn("delete removed file", "err", err, "request_id", requestID(c))
	}
	return redirect(c, uploadTarget(c)+"?fjernet=1#vedlegg")
}

// downloadDraftFile sends a file of the person's own draft.
func (h *Handler) downloadDraftFile(c *fiber.Ctx) error {
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return errNotFound
	}
	for _, f := range d.Files {
		if f.FileID == c.Params("file") {
			return h.sendFile(c, f)
		}
	}
	return errNotFound
}

// sendFile streams a stored file as a download.
func (h *Handler) sendFile(c *fiber.Ctx, f casework.FileRef) error {
	r, size, err := h.st.OpenFile(c.UserContext(), f.FileID)
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read file: %w", err)
	}
	c.Set(fiber.HeaderContentType, f.Kind)
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderContentLength, fmt.Sprint(size))
	return c.Send(data)
}

// storeUpload checks the posted file field against the limits of have
// (the files already there) and the content rules, and stores it. key is a
// message id when the file is refused; nothing is stored then.
func (h *Handler) storeUpload(c *fiber.Ctx, field string, cs *casework.Case, have *casework.Draft) (*casework.FileRef, string, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		return nil, "err.upload.missing", nil
	}
	if key := checkUploadLimits(have, fh.Size); key != "" {
		return nil, key, nil
	}
	data, err := readUpload(fh)
	if err != nil {
		return nil, "", err
	}
	kind, err := h.inspectNamed(c, fh.Filename, data)
	if err != nil {
		if c.UserContext().Err() != nil {
			return nil, "", err
		}
		return nil, uploadErrorKey(err), nil
	}
	name := attachment.CleanName(fh.Filename, kind)
	id, err := h.st.PutFile(c.UserContext(), name, store.FileMeta{Owner: cs.Owner.NationalID, DraftID: cs.DraftID, Kind: string(kind), UploadedAt: h.cfg.Now()}, data)
	if err != nil {
		return nil, "", err
	}
	return &casework.FileRef{FileID: id, Name: name, Kind: string(kind), Size: int64(len(data)), UploadedAt: h.cfg.Now()}, "", nil
}

// saveWithFile writes a case changed to include ref; if the write fails,
// the stored file is removed so nothing is left behind.
func (h *Handler) saveWithFile(c *fiber.Ctx, cs *casework.Case, seen int, ref *casework.FileRef) (retry bool, err error) {
	err = h.st.UpdateCase(c.UserContext(), cs, seen)
	if err == nil {
		return false, nil
	}
	_ = h.st.DeleteFile(c.UserContext(), ref.FileID)
	if errors.Is(err, store.ErrConflict) {
		return true, nil
	}
	return false, err
}
