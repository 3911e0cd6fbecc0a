package handlers

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/sessions"

	"kvp/auth"
	"kvp/casework"
)

// CSRF protection without stored state: every form carries a token that is
// an HMAC, under a key derived from the session key, of two things the
// browser sends back with the post: a random value in a cookie of its own
// (so a visitor who is not logged in has a token too) and the id of the
// session the form belongs to (the staff session under /saksbehandler,
// the citizen's elsewhere). A token is therefore bound to the session: a
// token from another person's session, or from before a login, fails.
// Checking a token is a hash, not a database read, and showing a page
// writes nothing. Cross-site posts (Sec-Fetch-Site: cross-site) are refused
// before the token is looked at.

// csrfField is the form field (and csrfHeader the header) carrying the token.
const (
	csrfField  = "_csrf"
	csrfHeader = "X-Csrf-Token"
)

// csrfKeyFrom derives the token key from the session key, so that the two
// are never the same bytes.
func csrfKeyFrom(sessionKey []byte) []byte {
	m := hmac.New(sha256.New, sessionKey)
	m.Write([]byte("kvp csrf token key v1"))
	return m.Sum(nil)
}

// csrfToken computes the token for a browser value and a session id.
func (h *Handler) csrfToken(browser, sessionID string) string {
	m := hmac.New(sha256.New, h.csrfKey)
	m.Write([]byte(browser))
	m.Write([]byte{0})
	m.Write([]byte(sessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfSessionID is the id of the session a request's forms belong to, or
// "" when there is none.
func csrfSessionID(c *fiber.Ctx) string {
	key := "session"
	if strings.HasPrefix(c.Path(), "/saksbehandler") {
		key = "staffSession"
	}
	s, _ := c.Locals(key).(*sessions.Session)
	return auth.CookieID(s)
}

// csrfMiddleware checks the token of every state-changing request and
// gives every page the token for its forms (Locals "csrf").
func (h *Handler) csrfMiddleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		browser := c.Cookies(h.csrfCookie)
		if len(browser) != 43 { // 32 random bytes, base64url without padding
			browser = ""
		}
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		default:
			if c.Get("Sec-Fetch-Site") == "cross-site" {
				return h.csrfFailed(c, "cross-site post")
			}
			sent := c.FormValue(csrfField)
			if sent == "" {
				sent = c.Get(csrfHeader)
			}
			if browser == "" || sent == "" {
				return h.csrfFailed(c, "missing token or cookie")
			}
			want := h.csrfToken(browser, csrfSessionID(c))
			if !hmac.Equal([]byte(sent), []byte(want)) {
				return h.csrfFailed(c, "token does not match")
			}
		}
		if browser == "" {
			b := make([]byte, 32)
			_, _ = rand.Read(b)
			browser = base64.RawURLEncoding.EncodeToString(b)
			c.Cookie(&fiber.Cookie{
				Name:        h.csrfCookie,
				Value:       browser,
				Path:        "/",
				Secure:      h.cfg.SecureCookies,
				HTTPOnly:    true,
				SameSite:    fiber.CookieSameSiteLaxMode,
				SessionOnly: true,
			})
		}
		c.Locals("csrfBrowser", browser)
		return c.Next()
	}
}

// pageCSRF returns the token for the forms of the page being rendered,
// bound to the session as it is now (a handler may have just logged the
// person in or out).
func (h *Handler) pageCSRF(c *fiber.Ctx) string {
	browser, _ := c.Locals("csrfBrowser").(string)
	if browser == "" {
		return ""
	}
	return h.csrfToken(browser, csrfSessionID(c))
}

func (h *Handler) csrfFailed(c *fiber.Ctx, why string) error {
	h.log.Info("csrf check failed", "why", why, "path", c.Path(), "request_id", requestID(c))
	return &casework.Error{Code: casework.EFORBIDDEN, Message: "error.csrf.text"}
}
