package casework

import "strings"

// Allows reports whether staff may take action on the case as it is now
// (for an appeal action, on the appeal with appealID): the one rule the
// case page asks to show an action's form, and asks again after a refused
// or conflicting post to put what was typed back in the form or, when the
// form is no longer offered, show it read-only. Actions are named as their routes
// are ("forelopig-svar", "klage-omgjor"); the domain methods themselves
// refuse what the state does not allow.
func (c *Case) Allows(action, appealID string) bool {
	if strings.HasPrefix(action, "klage-") {
		a := c.Appeal(appealID)
		if a == nil {
			return false
		}
		early := a.Status == AppealReceived || a.Status == AppealReassessing
		switch action {
		case "klage-forelopig-svar":
			return (early || a.Status == AppealSummarised) && a.InterimSentAt.IsZero()
		case "klage-omgjor", "klage-oppretthold", "klage-avvis":
			return early
		case "klage-vurder":
			return a.Status == AppealReceived
		case "klage-oversend":
			return a.Status == AppealSummarised
		case "klage-sf-resultat":
			return a.Status == AppealForwarded
		}
		return true
	}
	if c.IsConversation() {
		switch action {
		case "samtale":
			return c.Active()
		case "gjennomfort":
			return c.Status == StatusBooked
		case "avslutt":
			return c.Status != StatusClosed
		}
		return true
	}
	switch action {
	case "ta", "samtale", "dokumentasjon", "forelopig-svar", "vedtak":
		return c.Open()
	case "forleng":
		d := c.LatestDecision()
		return d != nil && d.Granted() && c.Status == StatusDecided
	}
	return true
}
