package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
	"kvp/forms"
	"kvp/identity"
)

type loginData struct {
	Persons []auth.TestPerson
	Next    string
	// IDPorten offers the login with ID-porten.
	IDPorten bool
}

// showLogin shows the login page: the login with ID-porten when it is
// configured and, in development, the development login (synthetic test
// persons, and a field for another synthetic number).
func (h *Handler) showLogin(c *fiber.Ctx) error {
	if !h.cfg.Development && h.cfg.IDPorten == nil {
		return errNotFound
	}
	p := h.page(c, "login.title")
	p.Data = loginData{Persons: h.testPersons, Next: citizenReturn(c.Query("neste")), IDPorten: h.cfg.IDPorten != nil}
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
				errs = append(errs, casework.Invalid("nationalId", "err.login.nationalId.format"))
			case errors.Is(err, identity.ErrChecksum):
				errs = append(errs, casework.Invalid("nationalId", "err.login.nationalId.checksum"))
			case err != nil:
				errs = append(errs, casework.Invalid("nationalId", "err.login.nationalId.date"))
			case !nid.Synthetic():
				errs = append(errs, casework.Invalid("nationalId", "err.login.nationalId.synthetic"))
			}
			name := f.Name
			if name == "" {
				name = h.localizer(c).T("login.defaultname")
			}
			who = auth.Identity{NationalID: string(nid), Name: name, LoA: auth.LoASubstantial}
		}
		if len(errs) > 0 {
			p := h.page(c, "login.title")
			p.Data = loginData{Persons: h.testPersons, Next: next, IDPorten: h.cfg.IDPorten != nil}
			p.Form, p.Errors = f, errs
			return h.render(c, fiber.StatusOK, "login", p)
		}
	}
	if fail := h.lookUpPerson(c, &who); fail != nil {
		return h.loginFailed(c, false, next, fail)
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
	h.protectExistingCases(c, who)
	return redirect(c, next)
}

// logout ends the session everywhere: the server-side record is deleted.
// After an ID-porten login it goes on through ID-porten's logout
// (end_session_endpoint with the ID token as id_token_hint), which ends
// the ID-porten session too and sends the person back to /logget-ut.
func (h *Handler) logout(c *fiber.Ctx) error {
	idToken, err := h.endCitizenSession(c, session(c))
	if err != nil {
		return err
	}
	if h.cfg.IDPorten != nil && idToken != "" {
		if to, ok := h.cfg.IDPorten.LogoutURL(c.UserContext(), idToken, h.cfg.PublicURL+"/logget-ut", h.localizer(c).Lang); ok {
			return redirect(c, to)
		}
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
