package casework

import "time"

// Case kinds: an application, or a request for a conversation.
const (
	KindApplication  = ""
	KindConversation = "conversation"
)

// Conversation request statuses.
const (
	StatusRequested Status = "requested"
	StatusBooked    Status = "booked"
	StatusHeld      Status = "held"
	StatusClosed    Status = "closed"
)

// ConversationStatuses lists a conversation request's statuses in order.
var ConversationStatuses = []Status{StatusRequested, StatusBooked, StatusHeld, StatusClosed}

// Event types for conversation requests.
const (
	EventConversationRequested EventType = "conversationRequested"
	EventConversationHeld      EventType = "conversationHeld"
	EventConversationClosed    EventType = "conversationClosed"
)

// ConversationRequest is what a person asks for when they want to talk to
// the office before (or instead of) applying.
type ConversationRequest struct {
	Name           string   `bson:"name"`
	Phone          string   `bson:"phone,omitempty"`
	Email          string   `bson:"email,omitempty"`
	PreferredTimes []string `bson:"preferredTimes"`
	Modes          []string `bson:"modes"`
	Message        string   `bson:"message,omitempty"`
	// LoggedIn is true when the person was logged in: the request is on
	// their «Mine saker». Otherwise the office answers by the contact given.
	LoggedIn bool `bson:"loggedIn"`
}

// PreferredTimes a person can tick.
var PreferredTimes = []string{"morning", "midday", "afternoon"}

// NewConversationCase builds the case for a conversation request.
func NewConversationCase(ref string, r ConversationRequest, owner Person, office Office, now time.Time) *Case {
	return &Case{
		ID:           ref,
		DraftID:      "conversation:" + ref,
		Version:      1,
		Kind:         KindConversation,
		Conversation: &r,
		Owner:        owner,
		Office:       OfficeRef{Municipality: office.Municipality, Name: office.Name},
		Status:       StatusRequested,
		Events:       []Event{{At: now, Type: EventConversationRequested, Actor: ActorCitizen}},
		SubmittedAt:  now,
	}
}

// IsConversation reports whether the case is a conversation request.
func (c *Case) IsConversation() bool { return c.Kind == KindConversation }

// BookConversation books the requested conversation.
func (c *Case) BookConversation(m Meeting, by Staff, now time.Time) error {
	if c.Status == StatusClosed || c.Status == StatusHeld {
		return ErrClosed
	}
	if !m.At.After(now) {
		return refuse("meetingDate", "err.action.meeting.past")
	}
	c.Status = StatusBooked
	c.record(Event{At: now, Type: EventMeetingBooked, Actor: by.Email, ActorName: by.Name, Meeting: &m})
	return nil
}

// MarkHeld records that the conversation took place.
func (c *Case) MarkHeld(by Staff, now time.Time) error {
	if c.Status != StatusBooked {
		return refuse("held", "err.action.held.notbooked")
	}
	c.Status = StatusHeld
	c.record(Event{At: now, Type: EventConversationHeld, Actor: by.Email, ActorName: by.Name})
	return nil
}

// CloseConversation closes the request, with a note to the person.
func (c *Case) CloseConversation(note string, by Staff, now time.Time) error {
	if c.Status == StatusClosed {
		return ErrClosed
	}
	c.Status = StatusClosed
	c.record(Event{At: now, Type: EventConversationClosed, Actor: by.Email, ActorName: by.Name, Text: note})
	return nil
}
