package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"strings"

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

// uploadAttachment checks and stores one file and attaches it to the
// draft. The file is stored first and attached in one conditional update;
// if the attach fails, the stored file is removed, so nothing is left.
func (h *Handler) uploadAttachment(c *fiber.Ctx) error {
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return redirect(c, "/soknad")
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return h.uploadFailed(c, d, "err.upload.missing")
	}
	if key := checkUploadLimits(d, fh.Size); key != "" {
		return h.uploadFailed(c, d, key)
	}
	data, err := readUpload(fh)
	if err != nil {
		return err
	}
	kind, err := h.inspect(c, data)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if err != nil {
		return h.uploadFailed(c, d, uploadErrorKey(err))
	}
	me := currentUser(c)
	name := attachment.CleanName(fh.Filename, kind)
	id, err := h.st.PutFile(c.UserContext(), name, store.FileMeta{Owner: me.NationalID, DraftID: d.ID, Kind: string(kind), UploadedAt: h.cfg.Now()}, data)
	if err != nil {
		return err
	}
	ref := casework.FileRef{FileID: id, Name: name, Kind: string(kind), Size: int64(len(data)), UploadedAt: h.cfg.Now()}
	if err := h.st.AddDraftFile(c.UserContext(), me.NationalID, d.ID, ref, attachment.MaxFiles, attachment.MaxTotalSize, h.cfg.Now()); err != nil {
		if derr := h.st.DeleteFile(c.UserContext(), id); derr != nil {
			h.log.Error("remove file after failed attach", "err", derr, "request_id", requestID(c))
		}
		if errors.Is(err, store.ErrConflict) {
			return h.uploadFailed(c, d, "err.upload.total")
		}
		return err
	}
	return redirect(c, uploadTarget(c)+"?"+url.Values{"lagt-til": {id}}.Encode()+"#vedlegg")
}

// inspect checks a file's content, a few at a time: a crafted PDF can cost
// seconds of CPU, and it must not starve every other request.
func (h *Handler) inspect(c *fiber.Ctx, data []byte) (attachment.Kind, error) {
	select {
	case h.inspectSlots <- struct{}{}:
	case <-c.UserContext().Done():
		return "", c.UserContext().Err()
	}
	defer func() { <-h.inspectSlots }()
	return attachment.Inspect(data)
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

// uploadFailed shows the upload's page again with the message next to the
// file field.
func (h *Handler) uploadFailed(c *fiber.Ctx, d *casework.Draft, key string) error {
	errs := forms.Errors{{Field: "file", Key: key, Fallback: "err.invalid"}}
	if strings.HasSuffix(uploadTarget(c), "oppsummering") {
		return h.renderCheckAnswers(c, d, errs)
	}
	sd, err := h.newStepData(c, casework.StepAttachments, d)
	if err != nil {
		return err
	}
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
	kind, err := h.inspect(c, data)
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
