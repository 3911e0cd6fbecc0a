package casework

import "time"

// Status is a case's state, derived from its events.
type Status string

// Case statuses (after NAV digisos: MOTTATT, UNDER_BEHANDLING,
// FERDIGBEHANDLET, plus withdrawn by the citizen).
const (
	StatusReceived  Status = "received"
	StatusAssessing Status = "assessing"
	StatusDecided   Status = "decided"
	StatusWithdrawn Status = "withdrawn"
)

// Statuses lists every status in the order the inbox shows them.
var Statuses = []Status{StatusReceived, StatusAssessing, StatusDecided, StatusWithdrawn}

// EventType names something that happened to a case.
type EventType string

// Event types. Every one is shown to the citizen in plain language, except
// internal notes.
const (
	EventSubmitted          EventType = "submitted"
	EventAssigned           EventType = "assigned"
	EventNote               EventType = "note"
	EventMeetingBooked      EventType = "meetingBooked"
	EventMeetingMoveAsked   EventType = "meetingMoveAsked"
	EventDocumentsRequested EventType = "documentsRequested"
	EventDocumentsUploaded  EventType = "documentsUploaded"
	EventInterimReply       EventType = "interimReply"
	EventDecision           EventType = "decision"
	EventDecisionOpened     EventType = "decisionOpened"
	EventWithdrawn          EventType = "withdrawn"
)

// Event is one entry in a case's append-only log.
type Event struct {
	At        time.Time   `bson:"at"`
	Type      EventType   `bson:"type"`
	Actor     string      `bson:"actor"`
	ActorName string      `bson:"actorName,omitempty"`
	Internal  bool        `bson:"internal,omitempty"`
	Text      string      `bson:"text,omitempty"`
	Meeting   *Meeting    `bson:"meeting,omitempty"`
	Request   *DocRequest `bson:"request,omitempty"`
	Interim   *Interim    `bson:"interim,omitempty"`
	Decision  *Decision   `bson:"decision,omitempty"`
	Files     []FileRef   `bson:"files,omitempty"`
	// Item is the document asked for that an upload or an explanation of
	// the applicant answers (see DocItem); nil for everything else.
	Item *DocItem `bson:"item,omitempty"`
}

// Actor values for events not made by staff.
const (
	ActorCitizen = "citizen"
	ActorSystem  = "system"
)

// OfficeRef is the office a case was sent to, as it was at submission.
type OfficeRef struct {
	Municipality string `bson:"municipality"`
	Name         string `bson:"name"`
}

// Case is a submitted application: the answers, the files, the office and
// the event log, with fields derived from the log. Its ID is the reference
// number the person sees.
type Case struct {
	ID      string `bson:"_id"`
	DraftID string `bson:"draftId"`
	Version int    `bson:"version"`
	// Kind is "" for an application or "conversation" for a request for a
	// conversation (Conversation holds it).
	Kind         string               `bson:"kind,omitempty"`
	Conversation *ConversationRequest `bson:"conversation,omitempty"`
	Owner        Person               `bson:"owner"`
	Office       OfficeRef            `bson:"office"`
	Answers      Answers              `bson:"answers"`
	Files        []FileRef            `bson:"files"`
	Events       []Event              `bson:"events"`
	SubmittedAt  time.Time            `bson:"submittedAt"`

	// Derived from the events.
	Status          Status    `bson:"status"`
	Assignee        string    `bson:"assignee,omitempty"`
	AssigneeName    string    `bson:"assigneeName,omitempty"`
	InterimReplyDue time.Time `bson:"interimReplyDue"`
	InterimSentAt   time.Time `bson:"interimSentAt,omitempty"`
	DecidedAt       time.Time `bson:"decidedAt,omitempty"`
	// DecisionOpenedAt is when the citizen first opened the decision.
	DecisionOpenedAt time.Time `bson:"decisionOpenedAt,omitempty"`
	// SecondNoticeSentAt is when the second notice about an unopened
	// decision was sent.
	SecondNoticeSentAt time.Time `bson:"secondNoticeSentAt,omitempty"`
	// DeadlineState is set by the deadline job: "", "soon" or "overdue".
	DeadlineState string `bson:"deadlineState,omitempty"`
	// NewFromApplicant counts what the applicant has sent since staff last
	// opened the case (documents, messages, a wish to move a conversation);
	// the inbox marks the case while it is above zero.
	NewFromApplicant int `bson:"newFromApplicant,omitempty"`
	// Appeals against the case's decisions, and the party's appeal being
	// written (checked before it is sent).
	Appeals     []Appeal     `bson:"appeals,omitempty"`
	AppealDraft *AppealDraft `bson:"appealDraft,omitempty"`

	// Protected is the owner's address protection as the population
	// register gave it ("fortrolig", "strengt_fortrolig" or
	// "strengt_fortrolig_utland"; "" for none), set when the case is sent
	// and raised when the person logs in with a stricter one. Only staff
	// with the permission for it see such a case, and letters never print
	// the address.
	Protected string `bson:"protected,omitempty"`
}

// AppealDraft is an appeal being written, shown for checking before it is
// sent.
type AppealDraft struct {
	ID              string    `bson:"id"`
	Change          string    `bson:"change"`
	Reasons         string    `bson:"reasons"`
	LateReason      string    `bson:"lateReason,omitempty"`
	Representative  string    `bson:"representative,omitempty"`
	PowerOfAttorney *FileRef  `bson:"powerOfAttorney,omitempty"`
	Files           []FileRef `bson:"files"`
}

// Deadline states set by the deadline job.
const (
	DeadlineSoon    = "soon"
	DeadlineOverdue = "overdue"
)

// Open reports whether the application is still being processed. A
// conversation request is never an open application.
func (c *Case) Open() bool { return c.Status == StatusReceived || c.Status == StatusAssessing }

// Active reports whether a conversation request still needs the office.
func (c *Case) Active() bool { return c.Status.Active() }

// Active reports whether a conversation request in this status still
// waits for the conversation (requested or booked).
func (s Status) Active() bool { return s == StatusRequested || s == StatusBooked }

// File returns the case's file with id, if any, including files uploaded
// later as documentation.
func (c *Case) File(id string) (FileRef, bool) {
	for _, f := range c.AllFiles() {
		if f.FileID == id {
			return f, true
		}
	}
	return FileRef{}, false
}

// AllFiles lists the application's files and every file uploaded since.
func (c *Case) AllFiles() []FileRef {
	out := append([]FileRef{}, c.Files...)
	for _, e := range c.Events {
		out = append(out, e.Files...)
	}
	for _, a := range c.Appeals {
		out = append(out, a.Files...)
		if a.Representative != nil {
			out = append(out, a.Representative.PowerOfAttorney)
		}
	}
	return out
}

// NewCase builds the case for a submitted draft.
func NewCase(ref string, d *Draft, owner Person, office Office, now time.Time, cal *Calendar) *Case {
	return &Case{
		ID:              ref,
		DraftID:         d.ID,
		Version:         1,
		Owner:           owner,
		Office:          OfficeRef{Municipality: office.Municipality, Name: office.Name},
		Answers:         d.Answers,
		Files:           d.Files,
		Status:          StatusReceived,
		Events:          []Event{{At: now, Type: EventSubmitted, Actor: ActorCitizen}},
		SubmittedAt:     now,
		InterimReplyDue: cal.InterimReplyDue(now),
	}
}

// PublicEvents are the events the citizen sees (all but internal notes).
func (c *Case) PublicEvents() []Event {
	out := make([]Event, 0, len(c.Events))
	for _, e := range c.Events {
		if !e.Internal {
			out = append(out, e)
		}
	}
	return out
}

// LatestDecision returns the most recent decision, if any. Only decision
// events count: an appeal's result is not a decision in the case (older
// dismissals of appeals stored a decision on their event).
func (c *Case) LatestDecision() *Decision {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if e := c.Events[i]; e.Type == EventDecision && e.Decision != nil {
			return e.Decision
		}
	}
	return nil
}

// Decisions returns every decision in the case, oldest first.
func (c *Case) Decisions() []*Decision {
	var out []*Decision
	for i := range c.Events {
		if e := &c.Events[i]; e.Type == EventDecision && e.Decision != nil {
			out = append(out, e.Decision)
		}
	}
	return out
}

// CurrentDecision returns the decision in force: the latest one, unless
// Statsforvalteren has overturned it and returned the case to the office
// (then nil until the office decides again).
func (c *Case) CurrentDecision() *Decision {
	if c.ReturnedAppeal() != nil {
		return nil
	}
	return c.LatestDecision()
}

// EarlierDecisions returns the decisions other than the one in force,
// newest first, so that they stay readable.
func (c *Case) EarlierDecisions() []*Decision {
	all := c.Decisions()
	current := c.CurrentDecision()
	out := make([]*Decision, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		if all[i] != current {
			out = append(out, all[i])
		}
	}
	return out
}

// InterimLetter returns the latest interim reply on the application as
// long as no decision has been made after it; its Interim is nil when
// there is none to show.
func (c *Case) InterimLetter() Event {
	for i := len(c.Events) - 1; i >= 0; i-- {
		switch e := c.Events[i]; {
		case e.Type == EventDecision:
			return Event{}
		case e.Type == EventInterimReply && e.Interim != nil:
			return e
		}
	}
	return Event{}
}

// NextMeeting returns the latest booked meeting, if any.
func (c *Case) NextMeeting() *Meeting {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if c.Events[i].Meeting != nil {
			return c.Events[i].Meeting
		}
	}
	return nil
}

// OpenRequest returns the latest documentation request that still has a
// document neither sent nor explained, if any.
func (c *Case) OpenRequest() *DocRequest {
	all := c.DocumentRequests()
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Open() {
			return all[i].Request
		}
	}
	return nil
}

// HasRequest reports whether the office has asked for documentation.
func (c *Case) HasRequest() bool {
	for _, e := range c.Events {
		if e.Type == EventDocumentsRequested {
			return true
		}
	}
	return false
}
