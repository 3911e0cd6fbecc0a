package casework

// The message ids that name the domain's values, written out so that a
// search finds where each is used (a test fails on a message used
// nowhere). A value with no message of its own gets a general one.

// MessageID is the message id of the status's name.
func (s Status) MessageID() string {
	switch s {
	case StatusReceived:
		return "status.received"
	case StatusAssessing:
		return "status.assessing"
	case StatusDecided:
		return "status.decided"
	case StatusWithdrawn:
		return "status.withdrawn"
	case StatusRequested:
		return "status.requested"
	case StatusBooked:
		return "status.booked"
	case StatusHeld:
		return "status.held"
	case StatusClosed:
		return "status.closed"
	}
	return "status.received"
}

// MessageID is the message id of the appeal status's name.
func (s AppealStatus) MessageID() string {
	switch s {
	case AppealReassessing:
		return "appeal.status.reassessing"
	case AppealSummarised:
		return "appeal.status.summarised"
	case AppealForwarded:
		return "appeal.status.forwarded"
	case AppealDecided:
		return "appeal.status.decided"
	case AppealWithdrawn:
		return "appeal.status.withdrawn"
	}
	return "appeal.status.received"
}

// MessageID is the message id of the outcome's name.
func (o Outcome) MessageID() string {
	switch o {
	case OutcomePartly:
		return "outcome.partly"
	case OutcomeRejected:
		return "outcome.rejected"
	case OutcomeDismissed:
		return "outcome.dismissed"
	}
	return "outcome.granted"
}

// MessageID is the message id of what Statsforvalteren decided.
func (o BodyOutcome) MessageID() string {
	switch o {
	case BodyNew:
		return "appeal.body.new"
	case BodyOverturned:
		return "appeal.body.overturned"
	case BodyDismissed:
		return "appeal.body.dismissed"
	}
	return "appeal.body.confirmed"
}

// MessageID is the message id of the office's result on an appeal; ""
// (no result yet) is "appeal.result.none".
func (r AppealResult) MessageID() string {
	switch r {
	case AppealReversed:
		return "appeal.result.reversed"
	case AppealPartly:
		return "appeal.result.partly"
	case AppealUpheld:
		return "appeal.result.upheld"
	case AppealDismissed:
		return "appeal.result.dismissed"
	}
	return "appeal.result.none"
}

// AppealMessageID is the message id of an appeal event's line in the
// timeline ("" for an event that is not about an appeal).
func (t EventType) AppealMessageID() string {
	switch t {
	case EventAppealSent:
		return "appealevent.appealSent"
	case EventAppealReceived:
		return "appealevent.appealReceived"
	case EventAppealReassessing:
		return "appealevent.appealReassessing"
	case EventAppealInterim:
		return "appealevent.appealInterim"
	case EventAppealResult:
		return "appealevent.appealResult"
	case EventAppealSummary:
		return "appealevent.appealSummary"
	case EventAppealComment:
		return "appealevent.appealComment"
	case EventAppealForwarded:
		return "appealevent.appealForwarded"
	case EventAppealBodyResult:
		return "appealevent.appealBodyResult"
	case EventAppealWithdrawn:
		return "appealevent.appealWithdrawn"
	}
	return ""
}

// MeetingModeMessage is the message id of a meeting mode (MeetingModes).
func MeetingModeMessage(mode string) string {
	switch mode {
	case MeetingPhone:
		return "meeting.mode.phone"
	case MeetingVideo:
		return "meeting.mode.video"
	}
	return "meeting.mode.office"
}

// PreferredTimeMessage is the message id of a time of day a person asked
// to be called at (PreferredTimes).
func PreferredTimeMessage(t string) string {
	switch t {
	case "midday":
		return "conv.time.midday"
	case "afternoon":
		return "conv.time.afternoon"
	}
	return "conv.time.morning"
}
