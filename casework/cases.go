package casework

import "time"

// Status is a case's state, derived from its events.
type Status string

// Case statuses. Only "received" is reached by the citizen's own actions;
// the others are set by the office.
const (
	StatusReceived Status = "received"
)

// EventType names something that happened to a case.
type EventType string

// Event types.
const (
	EventSubmitted EventType = "submitted"
)

// Event is one entry in a case's append-only log.
type Event struct {
	At    time.Time `bson:"at"`
	Type  EventType `bson:"type"`
	Actor string    `bson:"actor"`
}

// OfficeRef is the office a case was sent to, as it was at submission.
type OfficeRef struct {
	Municipality string `bson:"municipality"`
	Name         string `bson:"name"`
}

// Case is a submitted application: the answers, the files, the office and
// the event log. Its ID is the reference number the person sees.
type Case struct {
	ID              string    `bson:"_id"`
	DraftID         string    `bson:"draftId"`
	Version         int       `bson:"version"`
	Owner           Person    `bson:"owner"`
	Office          OfficeRef `bson:"office"`
	Answers         Answers   `bson:"answers"`
	Files           []FileRef `bson:"files"`
	Status          Status    `bson:"status"`
	Events          []Event   `bson:"events"`
	SubmittedAt     time.Time `bson:"submittedAt"`
	InterimReplyDue time.Time `bson:"interimReplyDue"`
}

// Open reports whether the case is still being processed.
func (c *Case) Open() bool { return c.Status == StatusReceived }

// File returns the case's file with id, if any.
func (c *Case) File(id string) (FileRef, bool) {
	for _, f := range c.Files {
		if f.FileID == id {
			return f, true
		}
	}
	return FileRef{}, false
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
		Events:          []Event{{At: now, Type: EventSubmitted, Actor: "citizen"}},
		SubmittedAt:     now,
		InterimReplyDue: cal.InterimReplyDue(now),
	}
}
