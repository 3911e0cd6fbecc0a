package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/store"
)

// Errors are *casework.Error (a code, a field and a message id) from every
// layer. An error with a field is shown on its form (forms.Errors, see
// applyErrors); any other error ends the request here: its code gives
// the HTTP status and the error page's heading, its message the page's
// text. Internal details go to the log only.

var errNotFound = store.ErrNotFound

// errorPage is what the error page says for a code, and its status.
type errorPage struct {
	Status int
	// Title and Text are the message ids of the heading and the text (the
	// error's own message, when it has one, replaces Text).
	Title, Text string
}

var errorPages = map[string]errorPage{
	casework.EINVALID:     {fiber.StatusBadRequest, "error.generic.title", "error.generic.text"},
	casework.ECONFLICT:    {fiber.StatusConflict, "error.generic.title", "error.generic.text"},
	casework.ENOTFOUND:    {fiber.StatusNotFound, "error.notfound.title", "error.notfound.text"},
	casework.EFORBIDDEN:   {fiber.StatusForbidden, "error.csrf.title", "error.csrf.text"},
	casework.ETOOLARGE:    {fiber.StatusRequestEntityTooLarge, "error.toolarge.title", "error.toolarge.text"},
	casework.ETOOMANY:     {fiber.StatusTooManyRequests, "error.generic.title", "error.generic.text"},
	casework.EUNAVAILABLE: {fiber.StatusServiceUnavailable, "error.unavailable.title", "error.unavailable.text"},
	casework.EINTERNAL:    {fiber.StatusInternalServerError, "error.generic.title", "error.generic.text"},
}

// asError gives every error the portal's error type (the store's
// ErrNotFound and ErrConflict already are): an unreachable database is
// unavailable, Fiber's own errors (no route, a body over Fiber's limit)
// go by their status, and anything else is internal.
func asError(err error) *casework.Error {
	var fibErr *fiber.Error
	switch e, ok := casework.AsError(err); {
	case ok:
		return e
	case store.IsUnavailable(err):
		return &casework.Error{Code: casework.EUNAVAILABLE, Message: "error.unavailable.text"}
	case errors.As(err, &fibErr):
		switch fibErr.Code {
		case fiber.StatusNotFound, fiber.StatusMethodNotAllowed:
			return asError(errNotFound)
		case fiber.StatusRequestEntityTooLarge:
			return &casework.Error{Code: casework.ETOOLARGE, Message: "error.toolarge.text"}
		case fiber.StatusTooManyRequests:
			return &casework.Error{Code: casework.ETOOMANY, Message: "error.generic.text"}
		}
		if fibErr.Code < fiber.StatusInternalServerError {
			return &casework.Error{Code: casework.EINVALID, Message: "error.generic.text"}
		}
	}
	return &casework.Error{Code: casework.EINTERNAL, Message: "error.generic.text"}
}

// errorStatus is the HTTP status of err.
func errorStatus(err error) int {
	if p, ok := errorPages[asError(err).Code]; ok {
		return p.Status
	}
	return fiber.StatusInternalServerError
}

// errorData is what the error page shows.
type errorData struct {
	Title, Text string
}

// handleError is the one place that maps an error to a status and a page.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	e := asError(err)
	page, ok := errorPages[e.Code]
	if !ok {
		page = errorPages[casework.EINTERNAL]
	}
	d := errorData{Title: page.Title, Text: page.Text}
	if e.Message != "" {
		d.Text = e.Message
	}
	switch e.Code {
	case casework.EINTERNAL:
		h.log.Error("request failed", "err", err, "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
	case casework.EUNAVAILABLE:
		// The database cannot be reached: a calm page, never "the form
		// has expired"; the driver reconnects by itself.
		h.log.Warn("database unavailable", "err", err, "method", c.Method(), "path", c.Path(), "request_id", requestID(c))
		c.Set(fiber.HeaderRetryAfter, "60")
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			if c.Get("HX-Request") == "true" {
				// Keep the form, with what was typed, where it is; the
				// page says so (app.js shows #db-error).
				c.Set("HX-Reswap", "none")
				c.Set(fiber.HeaderCacheControl, "no-store")
				return c.SendStatus(page.Status)
			}
			d = errorData{Title: "error.unavailablepost.title", Text: "error.unavailablepost.text"}
		}
	}
	p := h.page(c, d.Title)
	p.Data = d
	c.Set(fiber.HeaderCacheControl, "no-store")
	if rerr := h.render(c, page.Status, "error", p); rerr != nil {
		h.log.Error("render error page", "err", rerr, "request_id", requestID(c))
		return c.Status(page.Status).SendString(d.Title)
	}
	return nil
}
