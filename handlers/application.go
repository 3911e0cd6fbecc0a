package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/store"
)

// formValues returns the posted form fields (urlencoded or multipart).
//
// Bidirectional embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069) are removed from every value: typed into a name or a
// message they make text show reversed to the caseworker who reads it
// ("invoice‮fdp.exe"), and Norwegian, Sami or English text never needs
// them (right-to-left script shows right without them).
func formValues(c *fiber.Ctx) url.Values {
	v := url.Values{}
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		for k, vals := range mf.Value {
			for _, val := range vals {
				v.Add(k, withoutBidiControls(val))
			}
		}
		return v
	}
	c.Request().PostArgs().VisitAll(func(k, val []byte) {
		v.Add(string(k), withoutBidiControls(string(val)))
	})
	return v
}

// withoutBidiControls removes the bidirectional formatting controls from s.
func withoutBidiControls(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// queryValues returns the query string's fields.
func queryValues(c *fiber.Ctx) url.Values {
	v := url.Values{}
	c.Request().URI().QueryArgs().VisitAll(func(k, val []byte) {
		v.Add(string(k), string(val))
	})
	return v
}

// openCase returns the person's case that is still being processed, if any.
func (h *Handler) openCase(c *fiber.Ctx, rec *store.PersonRecord) (*casework.Case, error) {
	cases, err := h.st.CasesByRef(c.UserContext(), rec.CaseRefs)
	if err != nil {
		return nil, err
	}
	for _, cs := range cases {
		if cs.Open() {
			return cs, nil
		}
	}
	return nil, nil
}

// showApplicationStart continues the person's draft, shows their open
// application, or explains the application before it is started.
func (h *Handler) showApplicationStart(c *fiber.Ctx) error {
	me := currentUser(c)
	rec, err := h.st.Person(c.UserContext(), me.NationalID)
	if err != nil {
		return err
	}
	if rec.Draft != nil {
		if s := rec.Draft.FirstUnfinished(); s != "" {
			return redirect(c, "/soknad/steg/"+string(s))
		}
		return redirect(c, "/soknad/oppsummering")
	}
	open, err := h.openCase(c, rec)
	if err != nil {
		return err
	}
	if open != nil {
		p := h.page(c, "apply.exists.title")
		p.Data = open
		return h.render(c, fiber.StatusOK, "apply-exists", p)
	}
	return h.render(c, fiber.StatusOK, "apply-start", h.page(c, "apply.start.title"))
}

// startApplication creates the person's draft (or finds the one they have).
func (h *Handler) startApplication(c *fiber.Ctx) error {
	me := currentUser(c)
	rec, err := h.st.Person(c.UserContext(), me.NationalID)
	if err != nil {
		return err
	}
	if rec.Draft == nil {
		open, err := h.openCase(c, rec)
		if err != nil {
			return err
		}
		if open != nil {
			return redirect(c, "/soknad")
		}
		now := h.cfg.Now()
		d := &casework.Draft{ID: newDraftID(), Done: []casework.Step{}, Files: []casework.FileRef{}, CreatedAt: now, UpdatedAt: now}
		if _, err := h.st.StartDraft(c.UserContext(), me.NationalID, d); err != nil {
			return err
		}
	}
	return redirect(c, "/soknad")
}

func newDraftID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// myDraft returns the logged-in person's draft, or nil.
func (h *Handler) myDraft(c *fiber.Ctx) (*casework.Draft, error) {
	rec, err := h.st.Person(c.UserContext(), currentUser(c).NationalID)
	if err != nil {
		return nil, err
	}
	return rec.Draft, nil
}

// deleteDraft deletes the person's draft and its files.
func (h *Handler) deleteDraft(c *fiber.Ctx) error {
	d, err := h.myDraft(c)
	if err != nil {
		return err
	}
	if d == nil || d.ID != c.FormValue("draft") {
		return redirect(c, "/mine-saker")
	}
	if err := h.st.DeleteDraft(c.UserContext(), currentUser(c).NationalID, d.ID); err != nil {
		return err
	}
	for _, f := range d.Files {
		if err := h.st.DeleteFile(c.UserContext(), f.FileID); err != nil {
			h.log.Warn("delete draft file", "err", err, "request_id", requestID(c))
		}
	}
	return redirect(c, "/mine-saker?slettet=1")
}

// errIsNotFound reports whether err means "nothing there".
func errIsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
