package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/forms"
	"kvp/identity"
)

type loginData struct {
	Persons []auth.TestPerson
	Next    string
}

// showLogin shows the development login: synthetic test persons, and a
// field for another synthetic number.
func (h *Handler) showLogin(c *fiber.Ctx) error {
	if !h.cfg.Development {
		return errNotFound
	}
	p := h.page(c, "login.title")
	p.Data = loginData{Persons: h.testPersons, Next: citizenReturn(c.Query("neste"))}
	p.Form = forms.Login{}
	return h.render(c, fiber.StatusOK, "login", p)
}

// login logs in a test person, or the synthetic number typed in.
func (h *Handler) login(c *fiber.Ctx) error {
	if !h.cfg.Development {
		return errNotFound
	}
	next := citizenReturn(c.FormValue("neste"))
	var who auth.Identity
	if pick := c.FormValue("person"); pick != "" {
		for _, tp := range h.testPersons {
			if tp.NationalID == pick {
				who = tp.Identity
			}
		}
		if who.NationalID == "" {
			return errNotFound
		}
	} else {
		f, errs := forms.BindLogin(formValues(c))
		if len(errs) == 0 {
			nid, err := identity.ParseNationalID(f.NationalID)
			switch {
			case errors.Is(err, identity.ErrFormat):
				errs = append(errs, forms.FieldError{Field: "nationalId", Key: "err.login.nationalId.format"})
			case errors.Is(err, identity.ErrChecksum):
				errs = append(errs, forms.FieldError{Field: "nationalId", Key: "err.login.nationalId.checksum"})
			case err != nil:
				errs = append(errs, forms.FieldError{Field: "nationalId", Key: "err.login.nationalId.date"})
			case !nid.Synthetic():
				errs = append(errs, forms.FieldError{Field: "nationalId", Key: "err.login.nationalId.synthetic"})
			}
			name := f.Name
			if name == "" {
				name = h.localizer(c).T("login.defaultname")
			}
			who = auth.Identity{NationalID: string(nid), Name: name, LoA: auth.LoASubstantial}
		}
		if len(errs) > 0 {
			p := h.page(c, "login.title")
			p.Data = loginData{Persons: h.testPersons, Next: next}
			p.Form, p.Errors = f, errs
			return h.render(c, fiber.StatusOK, "login", p)
		}
	}
	who.AuthTime = h.cfg.Now()
	s := session(c)
	// A login always gets a new session id (no session fixation).
	if err := h.sessions.Discard(c.UserContext(), s); err != nil {
		return err
	}
	auth.SetIdentity(s, who)
	if err := h.saveSession(c, s); err != nil {
		return err
	}
	h.log.Info("login", "method", "development", "request_id", requestID(c))
	return redirect(c, next)
}

// logout ends the session everywhere: the server-side record is deleted.
func (h *Handler) logout(c *fiber.Ctx) error {
	s := session(c)
	s.Options.MaxAge = -1
	if err := h.saveSession(c, s); err != nil {
		return err
	}
	return redirect(c, "/logget-ut")
}

func (h *Handler) showLoggedOut(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "loggedout", h.page(c, "loggedout.title"))
}

// extendSession keeps the session alive (the idle warning's "stay" button).
func (h *Handler) extendSession(c *fiber.Ctx) error {
	h.touchSession(c, session(c))
	if c.Get("HX-Request") == "true" || c.Get("Sec-Fetch-Mode") == "cors" || c.Get("Sec-Fetch-Mode") == "same-origin" {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return redirect(c, citizenReturn(c.FormValue("neste")))
}
