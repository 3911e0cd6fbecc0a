package handlers

import (
	"kvp/casework"
	"kvp/store"
)

// The message ids of values the pages name, written out where the value
// is turned into words (the domain's own values have theirs in
// casework/messages.go; a staff action's are in its registration). A
// test fails on a message id used nowhere, so none is built at run time.

// deadlineMessage is the message id of a case's deadline state tag
// (casework: "soon" or "overdue"; "" has none).
func deadlineMessage(state string) string {
	switch state {
	case "overdue":
		return "staff.deadline.overdue"
	case "soon":
		return "staff.deadline.soon"
	}
	return ""
}

// nextDeadlineMessage is the message id of the kind of a case's next
// deadline in the inbox (store.Next*).
func nextDeadlineMessage(kind string) string {
	switch kind {
	case store.NextSecondNotice:
		return "staff.next.secondNotice"
	case store.NextAppealInterim:
		return "staff.next.appealInterim"
	}
	return "staff.next.interim"
}

// inboxAppealMessage is the message id of an inbox row's appeal tag
// (store.IndexEntry.Appeal: "intime" or "late").
func inboxAppealMessage(appeal string) string {
	if appeal == "late" {
		return "staff.inbox.appeal.late"
	}
	return "staff.inbox.appeal.intime"
}

// auditMessage is the message id of an audit log entry's action: a staff
// action's own (staffAction.Audited), or one of the entries that are not
// actions on the case.
func auditMessage(action string) string {
	if a, ok := staffActions[action]; ok {
		return a.Audited
	}
	switch action {
	case store.AuditView:
		return "staff.audit.action.view"
	case "download":
		return "staff.audit.action.download"
	case "auditlog":
		return "staff.audit.action.auditlog"
	case "brev":
		return "staff.audit.action.brev"
	case "klage-pakke":
		return "staff.audit.action.klage-pakke"
	case "nektet-skjermet":
		return "staff.audit.action.nektet-skjermet"
	case "ikke-lagret":
		return "staff.audit.action.ikke-lagret"
	}
	// An entry this portal does not write (TestEveryStaffActionIsRegistered):
	// shown by its name.
	return action
}

func init() {
	templFuncs["modemsg"] = casework.MeetingModeMessage
	templFuncs["timemsg"] = casework.PreferredTimeMessage
	templFuncs["deadlinemsg"] = deadlineMessage
	templFuncs["nextmsg"] = nextDeadlineMessage
	templFuncs["inboxappealmsg"] = inboxAppealMessage
	templFuncs["auditmsg"] = auditMessage
	templFuncs["statusmsg"] = func(s string) string { return casework.Status(s).MessageID() }
	templFuncs["bookinglink"] = func(ref string) string {
		return "/saksbehandler/saker/" + ref + "?skjema=" + meetingAction.Name + "#action-" + meetingAction.Name
	}
	templFuncs["bookable"] = func(status string) bool { return casework.Status(status).Active() }
	templFuncs["booked"] = func(status string) bool { return casework.Status(status) == casework.StatusBooked }
}
