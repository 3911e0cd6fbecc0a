package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// decisionWarning is one reason to wait with a decision: Key is a message
// id taking Date.
type decisionWarning struct {
	Key      string
	Date     time.Time
	WithTime bool
}

// decisionWarnings lists what speaks against deciding the case now: a
// booked conversation whose time has not come yet, and a request for
// documents, not yet answered, whose deadline has not passed. Deciding
// anyway needs a confirmation (confirmDecision).
func decisionWarnings(cs *casework.Case, now time.Time) []decisionWarning {
	var out []decisionWarning
	if m := cs.NextMeeting(); m != nil && m.At.After(now) {
		out = append(out, decisionWarning{Key: "staff.decision.warn.meeting", Date: m.At, WithTime: true})
	}
	if r := cs.OpenRequest(); r != nil && !casework.OsloDate(now).After(casework.OsloDate(r.Deadline)) {
		out = append(out, decisionWarning{Key: "staff.decision.warn.docs", Date: r.Deadline})
	}
	return out
}

// confirmDecision returns the warnings against deciding cs now unless the
// staff member has confirmed the decision («Fatt vedtaket likevel»). The
// warnings are kept for the page that shows them (renderStaffCase), with
// the form as it was typed.
func (h *Handler) confirmDecision(c *fiber.Ctx, cs *casework.Case) []decisionWarning {
	if c.FormValue("bekreft") == "ja" {
		return nil
	}
	w := decisionWarnings(cs, h.cfg.Now())
	if len(w) > 0 {
		c.Locals("decisionWarnings", w)
	}
	return w
}

// warnBeforeDeciding shows the case as stored (the decision applied to cs
// is not saved) with the decision form as typed and the warnings
// confirmDecision kept. A case changed meanwhile is a conflict as usual.
func (h *Handler) warnBeforeDeciding(c *fiber.Ctx, cs *casework.Case, form any, seen int) error {
	stored, err := h.st.Case(c.UserContext(), cs.ID)
	if err != nil {
		return err
	}
	if stored.Version != seen {
		c.Locals("decisionWarnings", nil)
		return h.renderStaffCase(c, stored, "vedtak", form, nil, true)
	}
	return h.renderStaffCase(c, stored, "vedtak", form, nil, false)
}
