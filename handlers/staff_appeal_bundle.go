package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
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
	b := &appealBundle{in: in, p: h.page(c, "staff.case.title")}
	defer b.close()
	if err := b.addLetters(cs, a); err != nil {
		return err
	}
	if err := b.addFiles(c.UserContext(), h.st, cs); err != nil {
		return err
	}
	me := currentStaff(c)
	if err := b.addOverview(a, &letters.Signer{Name: me.Name, Role: string(me.Role)}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := b.writeZip(&buf); err != nil {
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

// appealBundle is the ZIP file for Statsforvalteren being put together.
// An entry is a letter made here (data) or a stored file (r, opened
// lazily: its chunks are read while the ZIP is written, one at a time, so
// a large case is never held in memory whole).
type appealBundle struct {
	in      letters.Input
	p       *Page
	entries []bundleEntry
	listed  []letters.Document
}

type bundleEntry struct {
	name string
	data []byte
	r    io.ReadCloser
}

// addLetter makes the letter ref and adds it as name, listed as title.
func (b *appealBundle) addLetter(name, title string, ref letters.Ref) error {
	l, err := letters.Make(b.in, ref)
	if err != nil {
		return fmt.Errorf("bundle %s: %w", name, err)
	}
	b.entries = append(b.entries, bundleEntry{name: name, data: l.PDF})
	b.listed = append(b.listed, letters.Document{Name: name, Title: title})
	return nil
}

// addLetters adds the application, the decision appealed, the appeal,
// the summary and the party's comments.
func (b *appealBundle) addLetters(cs *casework.Case, a *casework.Appeal) error {
	if err := b.addLetter("01-soknad.pdf", b.p.T("letter.bundle.application"), letters.Ref{Kind: letters.Application}); err != nil {
		return err
	}
	if ref, ok := letters.AppealedDecision(cs, a); ok {
		if err := b.addLetter("02-vedtak.pdf", b.p.T("bundle.decision"), ref); err != nil {
			return err
		}
	}
	for _, part := range []struct {
		name, title string
		kind        letters.Kind
	}{
		{"03-klage.pdf", b.p.T("bundle.appeal"), letters.Appeal},
		{"04-sammendrag.pdf", b.p.T("appeal.summary.heading"), letters.AppealSummary},
		{"05-kommentarer.pdf", b.p.T("bundle.comments"), letters.AppealComments},
	} {
		if err := b.addLetter(part.name, part.title, letters.Ref{Kind: part.kind, ID: a.ID}); err != nil {
			return err
		}
	}
	return nil
}

// addFiles adds every document in the case; a file missing from the
// store is left out.
func (b *appealBundle) addFiles(ctx context.Context, st *store.Store, cs *casework.Case) error {
	for i, f := range cs.AllFiles() {
		r, _, err := st.OpenFile(ctx, f.FileID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		name := fmt.Sprintf("dokumenter/%02d-%s", i+1, f.Name)
		b.entries = append(b.entries, bundleEntry{name: name, r: r})
		b.listed = append(b.listed, letters.Document{Name: name, Title: b.p.T("letter.bundle.document", "Date", b.p.Date(f.UploadedAt))})
	}
	return nil
}

// addOverview puts first the overview, which lists itself and then
// everything added before it.
func (b *appealBundle) addOverview(a *casework.Appeal, sender *letters.Signer) error {
	b.in.Documents = append([]letters.Document{{Name: "00-oversikt.pdf", Title: b.p.T("letter.bundle.overview")}}, b.listed...)
	b.in.Sender = sender
	ov, err := letters.Make(b.in, letters.Ref{Kind: letters.AppealOverview, ID: a.ID})
	if err != nil {
		return fmt.Errorf("bundle overview: %w", err)
	}
	b.entries = append([]bundleEntry{{name: "00-oversikt.pdf", data: ov.PDF}}, b.entries...)
	return nil
}

func (b *appealBundle) writeZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	for _, e := range b.entries {
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
	return zw.Close()
}

// close closes the stored files opened for the bundle.
func (b *appealBundle) close() {
	for _, e := range b.entries {
		if e.r != nil {
			e.r.Close()
		}
	}
}
