package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/store"
)

// Error is an error with a status and a message id that is safe to show.
// Internal details go to the log only.
type Error struct {
	Status int
	Key    string
}

func (e *Error) Error() string { return e.Key }

var errNotFound = &Error{Status: fiber.StatusNotFound, Key: "error.notfound"}

// handleError is the one place that maps an error to a status and a page.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	var fe *Error
	var fibErr *fiber.Error
	switch {
	case errors.As(err, &fe):
	case errors.Is(err, store.ErrNotFound):
		fe = errNotFound
	case store.IsUnavailable(err):
		// The database cannot be reached: a calm page, never "the form
		// has expired"; the driver reconnects by itself.
		h.log.Warn("database unavailable", "err", err, "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
		c.Set(fiber.HeaderRetryAfter, "60")
		fe = &Error{Status: fiber.StatusServiceUnavailable, Key: "error.unavailable"}
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			if c.Get("HX-Request") == "true" {
				// Keep the form, with what was typed, where it is; the
				// page says so (app.js shows #db-error).
				c.Set("HX-Reswap", "none")
				c.Set(fiber.HeaderCacheControl, "no-store")
				return c.SendStatus(fiber.StatusServiceUnavailable)
			}
			fe.Key = "error.unavailablepost"
		}
	case errors.As(err, &fibErr):
		fe = &Error{Status: fibErr.Code, Key: "error.generic"}
		switch fibErr.Code {
		case fiber.StatusNotFound, fiber.StatusMethodNotAllowed:
			fe = &Error{Status: fiber.StatusNotFound, Key: "error.notfound"}
		case fiber.StatusRequestEntityTooLarge:
			fe.Key = "error.toolarge"
		}
	default:
		h.log.Error("request failed", "err", err, "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
		fe = &Error{Status: fiber.StatusInternalServerError, Key: "error.generic"}
	}
	p := h.page(c, fe.Key+".title")
	p.Data = fe
	c.Set(fiber.HeaderCacheControl, "no-store")
	if rerr := h.render(c, fe.Status, "error", p); rerr != nil {
		h.log.Error("render error page", "err", rerr, "request_id", requestID(c))
		return c.Status(fe.Status).SendString(fe.Key)
	}
	return nil
}
