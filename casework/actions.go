package casework

import (
	"errors"
	"time"
)

// Meeting is a booked conversation with the citizen.
type Meeting struct {
	At      time.Time `bson:"at"`
	Mode    string    `bson:"mode"` // office, phone or video
	Place   string    `bson:"place"`
	Message string    `bson:"message,omitempty"`
}

// Meeting modes: at the office, by phone, by video.
const (
	MeetingOffice = "office"
	MeetingPhone  = "phone"
	MeetingVideo  = "video"
)

// MeetingModes lists the meeting modes in the order forms offer them.
var MeetingModes = []string{MeetingOffice, MeetingPhone, MeetingVideo}

// DocRequest asks the citizen for documentation by a deadline. Items are
// the documents asked for, one by one (from the lines of Documents);
// requests stored before items existed have none, and List gives them.
type DocRequest struct {
	Documents string    `bson:"documents"`
	Reason    string    `bson:"reason"`
	Deadline  time.Time `bson:"deadline"`
	Items     []string  `bson:"items,omitempty"`
}

// Interim is the interim reply (foreløpig svar, forvaltningsloven § 11 a):
// why the case takes longer and when a decision is expected.
type Interim struct {
	Reason     string    `bson:"reason"`
	ExpectedBy time.Time `bson:"expectedBy"`
}

// Outcome is a decision's result (digisos: INNVILGET, DELVIS_INNVILGET,
// AVSLATT, AVVIST).
type Outcome string

// Decision outcomes.
const (
	OutcomeGranted   Outcome = "granted"
	OutcomePartly    Outcome = "partly"
	OutcomeRejected  Outcome = "rejected"
	OutcomeDismissed Outcome = "dismissed"
)

// Outcomes lists the outcomes in the order staff choose among them.
var Outcomes = []Outcome{OutcomeGranted, OutcomePartly, OutcomeRejected, OutcomeDismissed}

// Decision is a reasoned decision (forvaltningsloven §§ 24-25, 27): the
// rules applied, the facts, the main considerations; for a grant the
// programme period and the benefit; and the appeal information.
type Decision struct {
	Outcome        Outcome   `bson:"outcome"`
	Rules          string    `bson:"rules"`
	Facts          string    `bson:"facts"`
	Considerations string    `bson:"considerations"`
	Start          time.Time `bson:"start,omitempty"`
	End            time.Time `bson:"end,omitempty"`
	// Benefit is the benefit at the start. Periods are the amounts over
	// the whole programme, each from a date (a new G, a new rate, the 25th
	// birthday); decisions recorded before periods existed have none, and
	// show Benefit.
	Benefit *Benefit        `bson:"benefit,omitempty"`
	Periods []BenefitPeriod `bson:"periods,omitempty"`
	// BirthDate is the birth date staff gave for the under-25 rule, when
	// the person's national identity number does not encode one (numbers
	// issued from 2032); zero when the age came from the number.
	BirthDate time.Time `bson:"birthDate,omitempty"`
	// MadeAvailableAt is when the decision was recorded and made
	// available on the case page.
	MadeAvailableAt time.Time `bson:"madeAvailableAt"`
	// ReachedAt is when the decision reached the person: when a notice
	// about it was sent, or when they opened it, whichever came first
	// (forvaltningsloven § 29, eForvaltningsforskriften § 11). The appeal
	// deadline runs from then; until then both are zero.
	ReachedAt      time.Time `bson:"reachedAt,omitempty"`
	AppealDeadline time.Time `bson:"appealDeadline"`
	AppealBody     string    `bson:"appealBody"`
	// Extension marks a decision that extends a granted programme.
	Extension bool `bson:"extension,omitempty"`
}

// Granted reports whether the decision grants the programme.
func (d *Decision) Granted() bool {
	return d.Outcome == OutcomeGranted || d.Outcome == OutcomePartly
}

// Rules the portal applies to decisions; see domain.md.
const (
	// MaxProgrammeYears: at most two years (Prop. 12 L (2018-2019)).
	MaxProgrammeYears = 2
	// MaxExtensionMonths: the programme can be extended by up to one year
	// for special reasons, by a decision of its own.
	MaxExtensionMonths = 12
	// AppealBody is where an appeal is decided.
	AppealBody = "Statsforvalteren"
)

// Staff identifies who acts on a case.
type Staff struct {
	Email string
	Name  string
}

func (c *Case) record(e Event) {
	c.Events = append(c.Events, e)
}

// Assign gives the case to a caseworker; a new case moves to assessing.
func (c *Case) Assign(to, by Staff, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	c.Assignee, c.AssigneeName = to.Email, to.Name
	if c.Status == StatusReceived {
		c.Status = StatusAssessing
	}
	c.record(Event{At: now, Type: EventAssigned, Actor: by.Email, ActorName: by.Name, Text: to.Name})
	return nil
}

// AddNote adds an internal note, never shown to the citizen.
func (c *Case) AddNote(text string, by Staff, now time.Time) error {
	c.record(Event{At: now, Type: EventNote, Actor: by.Email, ActorName: by.Name, Internal: true, Text: text})
	return nil
}

// BookMeeting books a conversation; the time must be in the future.
func (c *Case) BookMeeting(m Meeting, by Staff, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	if !m.At.After(now) {
		return refuse("meetingDate", "err.action.meeting.past")
	}
	c.markAssessing()
	c.record(Event{At: now, Type: EventMeetingBooked, Actor: by.Email, ActorName: by.Name, Meeting: &m})
	return nil
}

// AskToMoveMeeting records the citizen's wish to move the booked meeting.
func (c *Case) AskToMoveMeeting(message string, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	if c.NextMeeting() == nil {
		return refuse("message", "err.action.meeting.none")
	}
	c.record(Event{At: now, Type: EventMeetingMoveAsked, Actor: ActorCitizen, Text: message})
	c.NewFromApplicant++
	return nil
}

// RequestDocuments asks the citizen for documentation by a future date.
func (c *Case) RequestDocuments(r DocRequest, by Staff, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	if !OsloDate(r.Deadline).After(OsloDate(now)) {
		return refuse("deadline", "err.action.deadline.past")
	}
	if len(r.Items) == 0 {
		r.Items = SplitDocuments(r.Documents)
	}
	c.markAssessing()
	c.record(Event{At: now, Type: EventDocumentsRequested, Actor: by.Email, ActorName: by.Name, Request: &r})
	return nil
}

// UploadDocuments records files the citizen sent as documentation without
// saying which document they are: they answer every document still asked
// for (see SendRequestedDocument for one document).
func (c *Case) UploadDocuments(files []FileRef, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	c.record(Event{At: now, Type: EventDocumentsUploaded, Actor: ActorCitizen, Files: files})
	c.NewFromApplicant++
	return nil
}

// SendInterimReply sends the interim reply with the expected decision date.
func (c *Case) SendInterimReply(i Interim, by Staff, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	if !OsloDate(i.ExpectedBy).After(OsloDate(now)) {
		return refuse("expectedBy", "err.action.expected.past")
	}
	c.markAssessing()
	c.InterimSentAt = now
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventInterimReply, Actor: by.Email, ActorName: by.Name, Interim: &i})
	return nil
}

// RedecidingAfterAppeal reports whether a decision made now would be a new
// decision after an appeal: the office's reversal, or its new decision
// after Statsforvalteren overturned the first one and returned the case.
func (c *Case) RedecidingAfterAppeal() bool { return c.LatestDecision() != nil }

// LatestStart returns the latest programme start a decision made at now
// may set: the months of the rule in force (six) after the application,
// or, for a new decision after an appeal, after the new decision (a late
// appeal reversed to a grant must still be able to start the programme).
func (c *Case) LatestStart(cal *Calendar, tables RateTables, now time.Time) (time.Time, error) {
	from := c.SubmittedAt
	if c.RedecidingAfterAppeal() {
		from = now
	}
	months, err := tables.LatestStartMonths(from)
	if err != nil {
		return time.Time{}, err
	}
	return cal.LatestStart(from, months), nil
}

// Decide records the decision. For a grant the start must be on or after
// the date of application and no later than LatestStart, and the end at
// most two years after the start; the benefit periods are computed from
// the tables over the programme, with the full rate from the 25th
// birthday. age gives the person's age from their national identity
// number; when the number does not encode a birth date, age is nil and
// d.BirthDate (typed by staff, or given in an earlier decision on the
// case) is used instead. Every decision carries the appeal information,
// with the deadline computed from now (when it is made available).
func (c *Case) Decide(d Decision, tables RateTables, age func(at time.Time) int, under25OwnHome bool, cal *Calendar, by Staff, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	if d.Granted() {
		lateKey := "err.action.start.late"
		if c.RedecidingAfterAppeal() {
			lateKey = "err.action.start.late.appeal"
		}
		latest, err := c.LatestStart(cal, tables, now)
		if errors.Is(err, ErrNoRate) {
			return refuse("start", "err.action.start.norate")
		}
		if err != nil {
			return err
		}
		switch {
		case d.Start.IsZero():
			return refuse("start", "err.action.start.required")
		case OsloDate(d.Start).Before(OsloDate(c.SubmittedAt)):
			return refuse("start", "err.action.start.early")
		case OsloDate(d.Start).After(latest):
			return refuse("start", lateKey)
		case d.End.IsZero():
			return refuse("end", "err.action.end.required")
		case !d.End.After(d.Start):
			return refuse("end", "err.action.end.before")
		case OsloDate(d.End).After(cal.AddMonths(d.Start, 12*MaxProgrammeYears)):
			return refuse("end", "err.action.end.long")
		}
		fullFrom, err := c.fullRateFrom(&d, age, d.Start, d.End, now)
		if err != nil {
			return err
		}
		periods, err := tables.periods(d.Start, d.End, fullFrom, len(c.Answers.Children.Ages), c.ownHomeException(under25OwnHome))
		if errors.Is(err, ErrNoRate) {
			// The rate tables do not reach back to the start date.
			return refuse("start", "err.action.start.norate")
		}
		if err != nil {
			return err
		}
		b := periods[0].Benefit
		d.Benefit, d.Periods = &b, periods
	} else {
		d.Start, d.End, d.Benefit, d.Periods, d.BirthDate = time.Time{}, time.Time{}, nil, nil, time.Time{}
	}
	d.MadeAvailableAt = now
	d.ReachedAt, d.AppealDeadline = time.Time{}, time.Time{} // see DecisionReached
	d.AppealBody = AppealBody
	c.Status = StatusDecided
	c.DecidedAt = now
	c.DecisionOpenedAt = time.Time{}
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventDecision, Actor: by.Email, ActorName: by.Name, Decision: &d})
	return nil
}

// ownHomeException reports whether the office's under-25 own-home rule
// gives the full rate: the office allows it and the person owns or rents
// their home with real housing costs.
func (c *Case) ownHomeException(under25OwnHome bool) bool {
	return under25OwnHome && c.Answers.Housing.MonthlyCost > 0 && (c.Answers.Housing.Situation == "eier" || c.Answers.Housing.Situation == "leier")
}

// MaxAgeYears bounds a birth date typed by staff: one further back is
// taken for a typing error.
const MaxAgeYears = 120

// fullRateFrom returns the first day from start to end of the full rate by
// age (see fullRateFromAge). With age nil (a national identity number that
// does not encode the birth date) it uses d.BirthDate, or the birth date
// given in an earlier decision on the case, and refuses the decision when
// there is none; d.BirthDate is set to the birth date used, or cleared when
// the age comes from the number.
func (c *Case) fullRateFrom(d *Decision, age func(time.Time) int, start, end, now time.Time) (time.Time, error) {
	if age != nil {
		d.BirthDate = time.Time{}
		return fullRateFromAge(age, start, end), nil
	}
	if d.BirthDate.IsZero() {
		d.BirthDate = c.givenBirthDate()
	}
	switch b := d.BirthDate; {
	case b.IsZero():
		return time.Time{}, refuse("birthDate", "err.action.birthDate.required")
	case OsloDate(b).After(OsloDate(now)):
		return time.Time{}, refuse("birthDate", "err.action.birthDate.future")
	case OsloDate(b).Before(OsloDate(now).AddDate(-MaxAgeYears, 0, 0)):
		return time.Time{}, refuse("birthDate", "err.action.birthDate.old")
	}
	return Birthday(d.BirthDate, FullRateAge), nil
}

// givenBirthDate returns the birth date staff gave in the latest decision
// that has one, or the zero time.
func (c *Case) givenBirthDate() time.Time {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if d := c.Events[i].Decision; c.Events[i].Type == EventDecision && d != nil && !d.BirthDate.IsZero() {
			return d.BirthDate
		}
	}
	return time.Time{}
}

// Extend records a decision that extends a granted programme to newEnd:
// at most one year beyond the end first granted, with its own reasons and
// appeal information. The benefit periods already decided are kept and
// continued from the day after the old end, computed from the tables as
// Decide computes them (age, or the birth date given earlier, for the
// 25th birthday).
func (c *Case) Extend(newEnd time.Time, reasons Decision, tables RateTables, age func(at time.Time) int, under25OwnHome bool, cal *Calendar, by Staff, now time.Time) error {
	var first, latest *Decision
	for i := range c.Events {
		if d := c.Events[i].Decision; c.Events[i].Type == EventDecision && d != nil && d.Granted() {
			if first == nil && !d.Extension {
				first = d
			}
			latest = d
		}
	}
	if c.Status != StatusDecided || latest == nil || c.LatestDecision() != latest {
		return refuse("end", "err.action.extend.notgranted")
	}
	switch {
	case !newEnd.After(latest.End):
		return refuse("end", "err.action.extend.before")
	case OsloDate(newEnd).After(cal.AddMonths(first.End, MaxExtensionMonths)):
		return refuse("end", "err.action.extend.long")
	}
	d := reasons
	d.Outcome, d.Extension = OutcomeGranted, true
	d.Start, d.End, d.Benefit, d.BirthDate = latest.Start, newEnd, latest.Benefit, latest.BirthDate
	decided := latest.Periods
	if len(decided) == 0 && latest.Benefit != nil {
		// Decided before periods existed: one amount for the whole programme.
		decided = []BenefitPeriod{{From: OsloDate(latest.Start), To: OsloDate(latest.End), Benefit: *latest.Benefit}}
	}
	from := OsloDate(latest.Start)
	if len(decided) > 0 {
		from = OsloDate(decided[len(decided)-1].To).AddDate(0, 0, 1)
	}
	fullFrom, err := c.fullRateFrom(&d, age, from, newEnd, now)
	if ErrorCode(err) == EINVALID {
		return refuse("end", "err.action.extend.birthDate")
	}
	if err != nil {
		return err
	}
	next, err := tables.periods(from, newEnd, fullFrom, len(c.Answers.Children.Ages), c.ownHomeException(under25OwnHome))
	if err != nil {
		return err
	}
	d.Periods = ContinuePeriods(decided, next)
	if d.Benefit == nil && len(d.Periods) > 0 {
		b := d.Periods[0].Benefit
		d.Benefit = &b
	}
	d.MadeAvailableAt = now
	d.ReachedAt, d.AppealDeadline = time.Time{}, time.Time{} // see DecisionReached
	d.AppealBody = AppealBody
	c.DecisionOpenedAt = time.Time{}
	c.record(Event{At: now, Type: EventDecision, Actor: by.Email, ActorName: by.Name, Decision: &d})
	return nil
}

// OpenDecision records the first time the citizen opened the decision;
// if no notice has reached them before, the decision reaches them now. It
// reports whether anything changed.
func (c *Case) OpenDecision(cal *Calendar, now time.Time) bool {
	if c.Status != StatusDecided || !c.DecisionOpenedAt.IsZero() {
		return c.DecisionReached(cal, now, now)
	}
	c.DecisionOpenedAt = now
	c.record(Event{At: now, Type: EventDecisionOpened, Actor: ActorCitizen})
	c.DecisionReached(cal, now, now)
	return true
}

// DecisionReached records that the decision in force reached the person
// at `at`: a notice about it, written at `written`, was sent then, or they
// opened it. The first time starts the three-week appeal deadline; later
// notices change nothing, and a notice written before the decision was
// made is about something else. It reports whether the deadline started.
func (c *Case) DecisionReached(cal *Calendar, written, at time.Time) bool {
	d := c.CurrentDecision()
	if d == nil || !d.AppealDeadline.IsZero() || written.Before(d.MadeAvailableAt) {
		return false
	}
	d.ReachedAt = at
	d.AppealDeadline = cal.AppealDeadline(at)
	return true
}

// SecondNoticeDue is when a second notice is due if the decision has not
// been opened: one week after it was made available
// (eForvaltningsforskriften § 8). Zero when no notice is due.
func (c *Case) SecondNoticeDue() time.Time {
	d := c.LatestDecision()
	if d == nil || !c.DecisionOpenedAt.IsZero() || !c.SecondNoticeSentAt.IsZero() && !c.SecondNoticeSentAt.Before(d.MadeAvailableAt) {
		return time.Time{}
	}
	return d.MadeAvailableAt.AddDate(0, 0, 7)
}

// Withdraw closes the case at the citizen's request.
func (c *Case) Withdraw(now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	c.Status = StatusWithdrawn
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventWithdrawn, Actor: ActorCitizen})
	return nil
}

func (c *Case) markAssessing() {
	if c.Status == StatusReceived {
		c.Status = StatusAssessing
	}
}

// InterimPending reports whether the interim reply is still owed: the case
// is open, not decided and no interim reply has been sent.
func (c *Case) InterimPending() bool {
	return !c.IsConversation() && c.Open() && c.InterimSentAt.IsZero()
}

// EvaluateDeadline returns the deadline state for now: "overdue" after an
// interim reply was due, "soon" within five working days of it, else "".
// It covers the application's interim reply and that of an appeal being
// handled by the office (the rule applies to appeals as to applications).
func (c *Case) EvaluateDeadline(cal *Calendar, now time.Time) string {
	var due time.Time
	switch a := c.OpenAppeal(); {
	case c.InterimPending():
		due = c.InterimReplyDue
	case a != nil && a.AwaitsInterim():
		due = a.InterimDue
	default:
		return ""
	}
	return InterimDeadlineState(cal, due, now)
}

// InterimDeadlineState is the state of an interim reply due on due, at
// now: "overdue" after the day, "soon" within five working days of it,
// else "".
func InterimDeadlineState(cal *Calendar, due, now time.Time) string {
	today, day := OsloDate(now), OsloDate(due)
	if today.After(day) {
		return DeadlineOverdue
	}
	if cal.WorkingDaysBetween(today, day) <= 5 {
		return DeadlineSoon
	}
	return ""
}
