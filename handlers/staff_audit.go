package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/store"
)

// showAuditLog shows a case's audit log to an office lead.
func (h *Handler) showAuditLog(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	if !currentStaff(c).CanReadAudit() {
		return errNotFound
	}
	entries, err := h.st.AuditForCase(c.UserContext(), cs.ID)
	if err != nil {
		return err
	}
	if err := h.audit(c, cs, "auditlog", ""); err != nil {
		return err
	}
	p := h.page(c, "staff.audit.title")
	p.Data = struct {
		Case    *casework.Case
		Entries []store.AuditEntry
	}{cs, entries}
	return h.render(c, fiber.StatusOK, "staff-audit", p)
}
