package handlers

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/sessions"

	"kvp/auth"
)

// touchInterval limits how often a request extends a session: at most one
// new session cookie a minute per person (extending writes nothing to the
// database; see auth.MongoStore).
const touchInterval = time.Minute

// bridgeRequest gives gorilla/sessions the net/http view it speaks: the
// request's cookies and context.
func bridgeRequest(c *fiber.Ctx) *http.Request {
	r := &http.Request{Header: http.Header{}}
	if ck := c.Get(fiber.HeaderCookie); ck != "" {
		r.Header.Set("Cookie", ck)
	}
	return r.WithContext(c.UserContext())
}

// cookieWriter collects the Set-Cookie headers gorilla/sessions writes.
type cookieWriter struct{ h http.Header }

func (w *cookieWriter) Header() http.Header         { return w.h }
func (w *cookieWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *cookieWriter) WriteHeader(int)             {}

// withSession loads the session and, if someone is logged in, their
// identity into the request's locals, and extends the idle timeout.
func (h *Handler) withSession(c *fiber.Ctx) error {
	s, err := h.sessions.New(bridgeRequest(c), h.sessCookie)
	if err != nil {
		return err
	}
	c.Locals("session", s)
	if id, ok := auth.CurrentIdentity(s); ok {
		c.Locals("identity", id)
		if h.cfg.Now().Sub(auth.Touched(s)) > touchInterval {
			h.touchSession(c, s)
		}
	}
	return c.Next()
}

// touchSession extends the session's idle timeout with a new cookie.
func (h *Handler) touchSession(c *fiber.Ctx, s *sessions.Session) {
	w := &cookieWriter{h: http.Header{}}
	if err := h.sessions.Touch(w, s); err != nil {
		h.log.Warn("extend session", "err", err, "request_id", requestID(c))
		return
	}
	for _, v := range w.h.Values("Set-Cookie") {
		c.Response().Header.Add(fiber.HeaderSetCookie, v)
	}
}

func (h *Handler) saveSession(c *fiber.Ctx, s *sessions.Session) error {
	w := &cookieWriter{h: http.Header{}}
	if err := s.Save(bridgeRequest(c), w); err != nil {
		return err
	}
	for _, v := range w.h.Values("Set-Cookie") {
		c.Response().Header.Add(fiber.HeaderSetCookie, v)
	}
	return nil
}

func session(c *fiber.Ctx) *sessions.Session {
	s, _ := c.Locals("session").(*sessions.Session)
	return s
}

// currentUser returns the logged-in person; requireLogin has run before.
func currentUser(c *fiber.Ctx) auth.Identity {
	id, _ := c.Locals("identity").(auth.Identity)
	return id
}

// requireLogin sends a person who is not logged in to the login page, and
// back here afterwards.
func (h *Handler) requireLogin(c *fiber.Ctx) error {
	if _, ok := c.Locals("identity").(auth.Identity); ok {
		return c.Next()
	}
	next := c.OriginalURL()
	if c.Method() != fiber.MethodGet {
		next = "/mine-saker"
	}
	to := "/logg-inn?neste=" + url.QueryEscape(next)
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return redirect(c, to)
}
