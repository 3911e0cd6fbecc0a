package handlers

import (
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gorilla/sessions"

	"kvp/auth"
	"kvp/casework"
	"kvp/forms"
	"kvp/store"
)

// withStaffSession loads the staff session (its own cookie, separate from
// citizens') for the staff area.
func (h *Handler) withStaffSession(c *fiber.Ctx) error {
	s, err := h.sessions.New(bridgeRequest(c), h.staffCookie)
	if err != nil {
		return err
	}
	c.Locals("staffSession", s)
	if id, ok := auth.CurrentStaffIdentity(s); ok {
		// The account is read again on every request, so a changed office
		// or role applies at once, and a disabled account, a deleted one
		// or a new password ends the session.
		rec, err := h.st.Staff(c.UserContext(), id.Email)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if rec == nil || rec.Disabled || auth.PasswordStamp(rec.PasswordHash) != id.Stamp {
			if err := h.sessions.Discard(c.UserContext(), s); err != nil {
				return err
			}
			return c.Next()
		}
		id = staffIdentity(rec)
		c.Locals("staff", id)
		if h.cfg.Now().Sub(auth.Touched(s)) > touchInterval {
			h.touchSession(c, s)
		}
	}
	return c.Next()
}

// staffIdentity is what a staff session holds of an account.
func staffIdentity(rec *store.StaffRecord) auth.StaffIdentity {
	return auth.StaffIdentity{Email: rec.Email, Name: rec.Name, Role: auth.Role(rec.Role), Offices: rec.Offices, Stamp: auth.PasswordStamp(rec.PasswordHash), MayHandleProtected: rec.MayHandleProtected}
}

func currentStaff(c *fiber.Ctx) auth.StaffIdentity {
	s, _ := c.Locals("staff").(auth.StaffIdentity)
	return s
}

// requireStaff sends someone who is not logged in as staff to the staff
// login.
func (h *Handler) requireStaff(c *fiber.Ctx) error {
	if _, ok := c.Locals("staff").(auth.StaffIdentity); ok {
		return c.Next()
	}
	next := c.OriginalURL()
	if c.Method() != fiber.MethodGet {
		next = "/saksbehandler"
	}
	return redirect(c, "/saksbehandler/logg-inn?neste="+url.QueryEscape(next))
}

// staffLoginLimiter slows down password guessing: ten attempts per
// quarter of an hour per client address and account, shared across
// instances. The account is the e-mail as the login reads it (trimmed,
// lower-cased by forms.BindStaffLogin), so that "SIRI@nav.test " shares
// the count of "siri@nav.test" instead of getting ten tries of its own.
func (h *Handler) staffLoginLimiter() fiber.Handler {
	return limiter.New(limiter.Config{
		Max:        10,
		Expiration: 15 * time.Minute,
		Storage:    h.st.KV("limit"),
		KeyGenerator: func(c *fiber.Ctx) string {
			f, _ := forms.BindStaffLogin(formValues(c))
			return "staff-login|" + h.clientAddr(c) + "|" + f.Email
		},
		LimitReached: func(c *fiber.Ctx) error {
			p := h.page(c, "staff.login.title")
			p.Form = forms.StaffLogin{Email: c.FormValue("email")}
			p.Errors = forms.Errors{casework.Invalid("email", "err.stafflogin.email.limit")}
			p.Data = h.staffLoginPage(staffReturn(c.FormValue("neste")))
			return h.render(c, fiber.StatusTooManyRequests, "staff-login", p)
		},
	})
}

// staffLoginData is what the staff login page shows: the single sign-on,
// the form for local accounts, or both.
type staffLoginData struct {
	Next  string
	SSO   bool
	Local bool
}

func (h *Handler) staffLoginPage(next string) staffLoginData {
	return staffLoginData{Next: next, SSO: h.cfg.StaffSSO != nil, Local: h.staffLocalLogin()}
}

func (h *Handler) showStaffLogin(c *fiber.Ctx) error {
	p := h.page(c, "staff.login.title")
	p.Form = forms.StaffLogin{}
	p.Data = h.staffLoginPage(staffReturn(c.Query("neste")))
	return h.render(c, fiber.StatusOK, "staff-login", p)
}

// staffLogin checks the e-mail and password of a local account (in
// development, or when KVP_STAFF_LOCAL_LOGIN allows them). A wrong e-mail
// and a wrong password get the same message and take the same time.
func (h *Handler) staffLogin(c *fiber.Ctx) error {
	if !h.staffLocalLogin() {
		return errNotFound
	}
	f, errs := forms.BindStaffLogin(formValues(c))
	next := staffReturn(c.FormValue("neste"))
	if len(errs) == 0 {
		rec, err := h.st.Staff(c.UserContext(), f.Email)
		hash := dummyHash
		if err == nil {
			hash = rec.PasswordHash
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		ok, herr := auth.CheckPassword(hash, f.Password)
		if herr != nil || !ok || rec == nil || rec.Disabled {
			errs = forms.Errors{casework.Invalid("email", "err.stafflogin.email.wrong")}
		} else {
			s, _ := c.Locals("staffSession").(*sessions.Session)
			if err := h.sessions.Discard(c.UserContext(), s); err != nil {
				return err
			}
			auth.SetStaffIdentity(s, staffIdentity(rec))
			if err := h.saveSession(c, s); err != nil {
				return err
			}
			h.log.Info("staff login", "staff", rec.Email, "request_id", requestID(c))
			return redirect(c, next)
		}
	}
	p := h.page(c, "staff.login.title")
	f.Password = ""
	p.Form, p.Errors, p.Data = f, errs, h.staffLoginPage(next)
	return h.render(c, fiber.StatusOK, "staff-login", p)
}

// dummyHash is checked when the e-mail is unknown, so that the answer
// takes as long as for a known e-mail.
var dummyHash = func() string {
	h, err := auth.HashPassword("not a real password")
	if err != nil {
		panic(err)
	}
	return h
}()

func (h *Handler) staffLogout(c *fiber.Ctx) error {
	s, _ := c.Locals("staffSession").(*sessions.Session)
	s.Options.MaxAge = -1
	if err := h.saveSession(c, s); err != nil {
		return err
	}
	return redirect(c, "/saksbehandler/logg-inn")
}

// extendStaffSession keeps the staff session alive (the idle warning).
func (h *Handler) extendStaffSession(c *fiber.Ctx) error {
	s, _ := c.Locals("staffSession").(*sessions.Session)
	h.touchSession(c, s)
	if c.Get("Sec-Fetch-Mode") == "cors" || c.Get("Sec-Fetch-Mode") == "same-origin" || c.Get("HX-Request") == "true" {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return redirect(c, staffReturn(c.FormValue("neste")))
}
