package casework

import "strings"

// The staff's actions on a case, named as their routes are
// ("/saksbehandler/saker/:ref/forelopig-svar"; an appeal's, "klage-" and
// the segment after "/klage/:appeal/"): the same name in the route, the
// audit log and Allows.
const (
	ActionAssign            = "ta"
	ActionNote              = "notat"
	ActionBookMeeting       = "samtale"
	ActionMeetingHeld       = "gjennomfort"
	ActionCloseConversation = "avslutt"
	ActionRequestDocuments  = "dokumentasjon"
	ActionInterimReply      = "forelopig-svar"
	ActionDecide            = "vedtak"
	ActionExtend            = "forleng"
	ActionReassessAppeal    = "klage-vurder"
	ActionAppealInterim     = "klage-forelopig-svar"
	ActionReverseOnAppeal   = "klage-omgjor"
	ActionUpholdOnAppeal    = "klage-oppretthold"
	ActionDismissAppeal     = "klage-avvis"
	ActionForwardAppeal     = "klage-oversend"
	ActionBodyResult        = "klage-sf-resultat"
)

// StaffActions lists every staff action.
var StaffActions = []string{ActionAssign, ActionNote, ActionBookMeeting, ActionMeetingHeld, ActionCloseConversation, ActionRequestDocuments, ActionInterimReply, ActionDecide, ActionExtend, ActionReassessAppeal, ActionAppealInterim, ActionReverseOnAppeal, ActionUpholdOnAppeal, ActionDismissAppeal, ActionForwardAppeal, ActionBodyResult}

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
		case ActionAppealInterim:
			return a.AwaitsInterim()
		case ActionReverseOnAppeal, ActionUpholdOnAppeal, ActionDismissAppeal:
			return early
		case ActionReassessAppeal:
			return a.Status == AppealReceived
		case ActionForwardAppeal:
			return a.Status == AppealSummarised
		case ActionBodyResult:
			return a.Status == AppealForwarded
		}
		return true
	}
	if c.IsConversation() {
		switch action {
		case ActionBookMeeting:
			return c.Active()
		case ActionMeetingHeld:
			return c.Status == StatusBooked
		case ActionCloseConversation:
			return c.Status != StatusClosed
		}
		return true
	}
	switch action {
	case ActionAssign, ActionBookMeeting, ActionRequestDocuments, ActionInterimReply, ActionDecide:
		return c.Open()
	case ActionExtend:
		d := c.LatestDecision()
		return d != nil && d.Granted() && c.Status == StatusDecided
	}
	return true
}
