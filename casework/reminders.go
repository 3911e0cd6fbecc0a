package casework

import "time"

// Reminder kinds.
const (
	// ReminderDocuments: three days before the deadline of a request for
	// documentation that nothing has been sent for since.
	ReminderDocuments = "documents"
	// ReminderMeeting: the day before a booked conversation.
	ReminderMeeting = "meeting"
)

// DocumentsReminderDays is how many days before a documentation deadline
// the reminder goes out.
const DocumentsReminderDays = 3

// Reminder is a reminder due for a case. Key names it: the same reminder
// always has the same key (the case, the request or booking it is about),
// so that it is queued once however often the rules are asked.
type Reminder struct {
	Kind string
	Key  string
}

// DueReminders returns the reminders the person should get at now:
//
//   - documentation: from three days before the deadline of the latest
//     request, up to and including the deadline day, when the application
//     is still open and a document in that request is still neither sent
//     nor explained as impossible (sending one of three leaves a
//     reminder for the other two). A
//     request made three days or less before its deadline gets none (its
//     own notice has just gone out).
//   - conversation: from the start of the day before a booked conversation
//     (Oslo time) until it begins, when the application is still open or
//     the conversation request is still booked (not held or closed), and
//     the person has not asked to move it since it was booked. A booking
//     made on the day before gets none. A conversation booked again for
//     another time is a new booking with a reminder of its own; the old
//     time gets none.
func (c *Case) DueReminders(now time.Time) []Reminder {
	var out []Reminder
	if r, ok := c.documentsReminder(now); ok {
		out = append(out, r)
	}
	if r, ok := c.meetingReminder(now); ok {
		out = append(out, r)
	}
	return out
}

func (c *Case) documentsReminder(now time.Time) (Reminder, bool) {
	if !c.Open() {
		return Reminder{}, false
	}
	var req *Event
	for i := len(c.Events) - 1; i >= 0 && req == nil; i-- {
		switch e := &c.Events[i]; e.Type {
		case EventDocumentsRequested:
			if e.Request == nil {
				return Reminder{}, false
			}
			req = e
		}
	}
	if req == nil {
		return Reminder{}, false
	}
	if all := c.DocumentRequests(); len(all) == 0 || !all[len(all)-1].Open() {
		return Reminder{}, false // every document asked for is sent or explained
	}
	deadline := OsloDate(req.Request.Deadline)
	from := addDays(deadline, -DocumentsReminderDays)
	today := OsloDate(now)
	if today.Before(from) || today.After(deadline) || !OsloDate(req.At).Before(from) {
		return Reminder{}, false
	}
	return Reminder{Kind: ReminderDocuments, Key: "reminder/" + ReminderDocuments + "/" + c.ID + "/" + stamp(req.At)}, true
}

func (c *Case) meetingReminder(now time.Time) (Reminder, bool) {
	if c.IsConversation() {
		if c.Status != StatusBooked {
			return Reminder{}, false
		}
	} else if !c.Open() {
		return Reminder{}, false
	}
	var booked *Event
	for i := len(c.Events) - 1; i >= 0 && booked == nil; i-- {
		switch e := &c.Events[i]; {
		case e.Type == EventMeetingMoveAsked:
			return Reminder{}, false // the person asked to move it
		case e.Meeting != nil:
			booked = e
		}
	}
	if booked == nil {
		return Reminder{}, false
	}
	at := booked.Meeting.At
	from := addDays(OsloDate(at), -1)
	if now.Before(from) || !now.Before(at) || !OsloDate(booked.At).Before(from) {
		return Reminder{}, false
	}
	return Reminder{Kind: ReminderMeeting, Key: "reminder/" + ReminderMeeting + "/" + c.ID + "/" + stamp(booked.At) + "/" + stamp(at)}, true
}

// stamp writes a time for a key, the same wherever it is read: to the
// millisecond, as the database keeps it.
func stamp(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format("20060102T150405.000Z")
}
