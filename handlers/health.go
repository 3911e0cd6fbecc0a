package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers 200 only when the database answers.
func (h *Handler) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := h.st.Ping(ctx); err != nil {
		h.log.Warn("health check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable\n")
	}
	return c.SendString("ok\n")
}

// readyz answers 200 when the database answers and all start-up work is
// done (store.Ready: cmd/kvp holds readiness until the last of it), and
// 503 before that.
func (h *Handler) readyz(c *fiber.Ctx) error {
	if !h.st.Ready() {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(fiber.StatusServiceUnavailable).SendString("starting\n")
	}
	return h.healthz(c)
}

// serveAsset serves a content-hashed static file, cacheable for a year.
func (h *Handler) serveAsset(c *fiber.Ctx) error {
	a, ok := h.assets.ByURL(c.Path())
	if !ok {
		return errNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, a.ContentType)
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Vary(fiber.HeaderAcceptEncoding)
	// Compressed once at start (static.Load), never per request.
	body, enc := a.Encoded(c.Get(fiber.HeaderAcceptEncoding))
	if enc != "" {
		c.Set(fiber.HeaderContentEncoding, enc)
	}
	return c.Send(body)
}

// favicon serves the icon at the path browsers ask for by themselves.
func (h *Handler) favicon(c *fiber.Ctx) error {
	a, _ := h.assets.ByName("favicon.svg")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	c.Set(fiber.HeaderContentType, a.ContentType)
	return c.Send(a.Body)
}
