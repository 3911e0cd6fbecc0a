package handlers

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kvp/forms"
	"kvp/letters"
	"kvp/store"
)

// downloadAppealBundle gives one ZIP file for Statsforvalteren: the
// application, the decision appealed, the appeal, the summary and the
// party's comments as PDF letters, every document in the case, and an
// overview (a PDF) that lists them.
func (h *Handler) downloadAppealBundle(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	a := cs.Appeal(c.Params("appeal"))
	if a == nil || a.Summary == nil {
		return errNotFound
	}
	in, err := h.letterInput(c, cs, true)
	if err != nil {
		return err
	}
	p := h.page(c, "staff.case.title")
	// An entry is a letter made here (data) or a stored file (r, opened
	// lazily: its chunks are read while the ZIP is written, one at a
	// time, so a large case is never held in memory whole).
	type entry struct {
		name string
		data []byte
		r    io.ReadCloser
	}
	var entries []entry
	var listed []letters.Document
	add := func(name, title string, ref letters.Ref) error {
		l, err := letters.Make(in, ref)
		if err != nil {
			return fmt.Errorf("bundle %s: %w", name, err)
		}
		entries = append(entries, entry{name: name, data: l.PDF})
		listed = append(listed, letters.Document{Name: name, Title: title})
		return nil
	}
	if err := add("01-soknad.pdf", p.T("letter.bundle.application"), letters.Ref{Kind: letters.Application}); err != nil {
		return err
	}
	if ref, ok := letters.AppealedDecision(cs, a); ok {
		if err := add("02-vedtak.pdf", p.T("bundle.decision"), ref); err != nil {
			return err
		}
	}
	for _, part := range []struct {
		name, title string
		kind        letters.Kind
	}{
		{"03-klage.pdf", p.T("bundle.appeal"), letters.Appeal},
		{"04-sammendrag.pdf", p.T("appeal.summary.heading"), letters.AppealSummary},
		{"05-kommentarer.pdf", p.T("bundle.comments"), letters.AppealComments},
	} {
		if err := add(part.name, part.title, letters.Ref{Kind: part.kind, ID: a.ID}); err != nil {
			return err
		}
	}
	defer func() {
		for _, e := range entries {
			if e.r != nil {
				e.r.Close()
			}
		}
	}()
	for i, f := range cs.AllFiles() {
		r, _, err := h.st.OpenFile(c.UserContext(), f.FileID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		name := fmt.Sprintf("dokumenter/%02d-%s", i+1, f.Name)
		entries = append(entries, entry{name: name, r: r})
		listed = append(listed, letters.Document{Name: name, Title: p.T("letter.bundle.document", "Date", p.Date(f.UploadedAt))})
	}
	// The overview lists itself first, then everything above (a file
	// missing from the store is left out of both).
	in.Documents = append([]letters.Document{{Name: "00-oversikt.pdf", Title: p.T("letter.bundle.overview")}}, listed...)
	me := currentStaff(c)
	in.Sender = &letters.Signer{Name: me.Name, Role: string(me.Role)}
	ov, err := letters.Make(in, letters.Ref{Kind: letters.AppealOverview, ID: a.ID})
	if err != nil {
		return fmt.Errorf("bundle overview: %w", err)
	}
	entries = append([]entry{{name: "00-oversikt.pdf", data: ov.PDF}}, entries...)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err == nil && e.r != nil {
			_, err = io.Copy(w, e.r)
		} else if err == nil {
			_, err = w.Write(e.data)
		}
		if err != nil {
			return fmt.Errorf("bundle %s: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := h.audit(c, cs, "klage-pakke", a.ID); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=\"klagesak-%s-%s.zip\"", cs.ID, a.ID))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(buf.Bytes())
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

// dismissErrors gives the dismissal's reason its own messages ("Skriv
// hvorfor klagen avvises.") instead of the internal note's.
func dismissErrors(errs forms.Errors) forms.Errors {
	for i, e := range errs {
		if e.Field == "text" {
			errs[i].Field = "dismissReason"
			errs[i].Key = "err.appeal.dismissReason." + strings.TrimPrefix(e.Key, "err.note.text.")
		}
	}
	return errs
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
