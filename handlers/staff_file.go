package handlers

import "github.com/gofiber/fiber/v2"

// downloadStaffFile sends a case file to staff, and logs it.
func (h *Handler) downloadStaffFile(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	f, ok := cs.File(c.Params("file"))
	if !ok {
		return errNotFound
	}
	if err := h.audit(c, cs, "download", f.Name); err != nil {
		return err
	}
	return h.sendFile(c, f)
}
