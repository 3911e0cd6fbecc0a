package casework

import (
	"slices"
	"time"
)

// Appeal (klage, forvaltningsloven §§ 28-34) against a decision in a case.
// Appeals live inside the case they appeal.
type Appeal struct {
	ID string `bson:"id"`
	// DraftID is the draft the appeal was sent from (a second send of the
	// same draft finds this appeal).
	DraftID string `bson:"draftId,omitempty"`
	// DecisionAt identifies the appealed decision by when it was made
	// available.
	DecisionAt     time.Time       `bson:"decisionAt"`
	Change         string          `bson:"change"`
	Reasons        string          `bson:"reasons"`
	Representative *Representative `bson:"representative,omitempty"`
	Files          []FileRef       `bson:"files"`
	SubmittedAt    time.Time       `bson:"submittedAt"`
	Deadline       time.Time       `bson:"deadline"`
	Late           bool            `bson:"late"`
	LateReason     string          `bson:"lateReason,omitempty"`
	Status         AppealStatus    `bson:"status"`
	InterimDue     time.Time       `bson:"interimDue"`
	InterimSentAt  time.Time       `bson:"interimSentAt,omitempty"`
	OfficeResult   AppealResult    `bson:"officeResult,omitempty"`
	// ResultAt is when the office reversed, changed or dismissed (not when
	// it upheld: that is the summary's PreparedAt).
	ResultAt time.Time `bson:"resultAt,omitempty"`
	// DismissReason is the office's reason for dismissing the appeal,
	// shown to the party.
	DismissReason string          `bson:"dismissReason,omitempty"`
	Summary       *AppealSummary  `bson:"summary,omitempty"`
	Comments      []AppealComment `bson:"comments,omitempty"`
	// NoCommentAt is when staff recorded that the party said they will
	// not comment on the summary (by phone, for instance): the appeal can
	// be forwarded then without waiting for the comment deadline.
	NoCommentAt time.Time   `bson:"noCommentAt,omitempty"`
	ForwardedAt time.Time   `bson:"forwardedAt,omitempty"`
	BodyResult  *BodyResult `bson:"bodyResult,omitempty"`
}

// Representative is an authorised representative (fullmektig, § 12) who
// appeals on the party's behalf, with the power of attorney.
type Representative struct {
	Name            string  `bson:"name"`
	PowerOfAttorney FileRef `bson:"powerOfAttorney"`
}

// AppealStatus is where an appeal is (after digisos' appeal model).
type AppealStatus string

// Appeal statuses.
const (
	AppealReceived    AppealStatus = "received"
	AppealReassessing AppealStatus = "reassessing"
	AppealSummarised  AppealStatus = "summarised"
	AppealForwarded   AppealStatus = "forwarded"
	AppealDecided     AppealStatus = "decided"
	AppealWithdrawn   AppealStatus = "withdrawn"
)

// AppealResult is the office's result of its reassessment (§ 33).
type AppealResult string

// Office results.
const (
	AppealReversed  AppealResult = "reversed"
	AppealPartly    AppealResult = "partly"
	AppealUpheld    AppealResult = "upheld"
	AppealDismissed AppealResult = "dismissed"
)

// ReversalResults are the results a reversal on appeal can have: the
// decision changed wholly or in part (ReverseDecision).
var ReversalResults = []AppealResult{AppealReversed, AppealPartly}

// AppealSummary is the office's summary of the case for Statsforvalteren
// when it upholds its decision; the party may comment by CommentDeadline.
type AppealSummary struct {
	Facts           string    `bson:"facts"`
	Assessment      string    `bson:"assessment"`
	Arguments       string    `bson:"arguments"`
	CommentDeadline time.Time `bson:"commentDeadline"`
	PreparedAt      time.Time `bson:"preparedAt"`
}

// AppealComment is the party's comment on the summary.
type AppealComment struct {
	At   time.Time `bson:"at"`
	Text string    `bson:"text"`
}

// BodyOutcome is Statsforvalteren's result (digisos: STADFESTER,
// NYTT_VEDTAK, OPPHEVER, AVVIST).
type BodyOutcome string

// Statsforvalteren's outcomes.
const (
	BodyConfirmed  BodyOutcome = "confirmed"
	BodyNew        BodyOutcome = "new"
	BodyOverturned BodyOutcome = "overturned"
	BodyDismissed  BodyOutcome = "dismissed"
)

// BodyOutcomes lists Statsforvalteren's outcomes.
var BodyOutcomes = []BodyOutcome{BodyConfirmed, BodyNew, BodyOverturned, BodyDismissed}

// BodyResult is Statsforvalteren's result, with its letter.
type BodyResult struct {
	Outcome BodyOutcome `bson:"outcome"`
	Letter  FileRef     `bson:"letter"`
	At      time.Time   `bson:"at"`
	Note    string      `bson:"note,omitempty"`
}

// Appeal event types (each event carries the appeal's id in Text).
const (
	EventAppealSent        EventType = "appealSent"
	EventAppealReceived    EventType = "appealReceived"
	EventAppealReassessing EventType = "appealReassessing"
	EventAppealInterim     EventType = "appealInterim"
	EventAppealResult      EventType = "appealResult"
	EventAppealSummary     EventType = "appealSummary"
	EventAppealComment     EventType = "appealComment"
	EventAppealForwarded   EventType = "appealForwarded"
	EventAppealBodyResult  EventType = "appealBodyResult"
	EventAppealWithdrawn   EventType = "appealWithdrawn"
)

// MaxAppealFiles is the most documents an appeal takes (digisos: 3).
const MaxAppealFiles = 3

// AppealWindow says whether a decision can be appealed at now: in time,
// late (accepted with a reason, § 31), or too late (more than a year after
// the decision: it can no longer be considered).
type AppealWindow string

// Appeal windows.
const (
	WindowInTime  AppealWindow = "intime"
	WindowLate    AppealWindow = "late"
	WindowTooLate AppealWindow = "toolate"
)

// Window returns the appeal window for decision d at now.
func (d *Decision) Window(now time.Time) AppealWindow {
	day := OsloDate(now)
	switch {
	case d.AppealDeadline.IsZero():
		// The decision has not reached the person yet, so the deadline
		// has not started.
		return WindowInTime
	case !day.After(OsloDate(d.AppealDeadline)):
		return WindowInTime
	case day.After(OsloDate(d.MadeAvailableAt).AddDate(1, 0, 0)):
		return WindowTooLate
	}
	return WindowLate
}

// AwaitsInterim reports whether the office still owes the appeal its
// interim reply: none sent, and the office still handles the appeal
// (received, reassessed or summarised; not yet forwarded).
func (a *Appeal) AwaitsInterim() bool {
	switch a.Status {
	case AppealReceived, AppealReassessing, AppealSummarised:
		return a.InterimSentAt.IsZero()
	}
	return false
}

// OpenAppeal returns the appeal still being handled, if any.
func (c *Case) OpenAppeal() *Appeal {
	for i := range c.Appeals {
		switch c.Appeals[i].Status {
		case AppealDecided, AppealWithdrawn:
		default:
			return &c.Appeals[i]
		}
	}
	return nil
}

// AppealSettled reports whether Statsforvalteren has decided an appeal
// against the latest decision: the decision is then final (§ 28), and no
// new appeal against it can be filed.
func (c *Case) AppealSettled() bool {
	d := c.LatestDecision()
	if d == nil {
		return false
	}
	for _, a := range c.Appeals {
		if a.BodyResult != nil && a.DecisionAt.Equal(d.MadeAvailableAt) {
			return true
		}
	}
	return false
}

// Appeal returns the appeal with id.
func (c *Case) Appeal(id string) *Appeal {
	for i := range c.Appeals {
		if c.Appeals[i].ID == id {
			return &c.Appeals[i]
		}
	}
	return nil
}

// FileAppeal records an appeal against the latest decision. The appeal is
// accepted late with a reason; more than a year after the decision it is
// refused (it can no longer be considered).
func (c *Case) FileAppeal(a Appeal, cal *Calendar, now time.Time) error {
	if c.ReturnedAppeal() != nil {
		// The decision was overturned: there is nothing in force to appeal.
		return refuse("change", "err.appeal.nodecision")
	}
	d := c.LatestDecision()
	if d == nil {
		return refuse("change", "err.appeal.nodecision")
	}
	if c.OpenAppeal() != nil {
		return refuse("change", "err.appeal.open")
	}
	if c.AppealSettled() {
		return refuse("change", "err.appeal.final")
	}
	// Someone appealing has the decision: if nothing reached them
	// before, it has now.
	c.DecisionReached(cal, now, now)
	switch d.Window(now) {
	case WindowTooLate:
		return refuse("change", "err.appeal.toolate")
	case WindowLate:
		if a.LateReason == "" {
			return refuse("lateReason", "err.appeal.latereason")
		}
		a.Late = true
	default:
		a.LateReason = ""
	}
	if a.Representative != nil && a.Representative.PowerOfAttorney.FileID == "" {
		return refuse("powerOfAttorney", "err.appeal.poa")
	}
	a.DecisionAt = d.MadeAvailableAt
	a.Deadline = d.AppealDeadline
	a.SubmittedAt = now
	a.Status = AppealReceived
	a.InterimDue = cal.InterimReplyDue(now)
	c.Appeals = append(c.Appeals, a)
	c.record(Event{At: now, Type: EventAppealSent, Actor: ActorCitizen, Text: a.ID})
	// A digital appeal reaches the office the moment it is sent.
	c.record(Event{At: now, Type: EventAppealReceived, Actor: ActorSystem, Text: a.ID})
	return nil
}

func (c *Case) openAppeal(id string) (*Appeal, error) {
	a := c.Appeal(id)
	if a == nil || a.Status == AppealDecided || a.Status == AppealWithdrawn {
		return nil, ErrClosed
	}
	return a, nil
}

// WithdrawAppeal withdraws an appeal that is not yet decided.
func (c *Case) WithdrawAppeal(id string, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	a.Status = AppealWithdrawn
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventAppealWithdrawn, Actor: ActorCitizen, Text: id})
	return nil
}

// StartReassessment marks that the office is reassessing the appeal.
func (c *Case) StartReassessment(id string, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status != AppealReceived {
		return refuse("appeal", "err.appeal.state")
	}
	a.Status = AppealReassessing
	c.record(Event{At: now, Type: EventAppealReassessing, Actor: by.Email, ActorName: by.Name, Text: id})
	return nil
}

// SendAppealInterim sends the interim reply for an appeal that takes
// longer than a month.
func (c *Case) SendAppealInterim(id string, i Interim, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status == AppealForwarded {
		return refuse("appeal", "err.appeal.state")
	}
	if !OsloDate(i.ExpectedBy).After(OsloDate(now)) {
		return refuse("appealExpectedBy", "err.action.expected.past")
	}
	a.InterimSentAt = now
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventAppealInterim, Actor: by.Email, ActorName: by.Name, Text: id, Interim: &i})
	return nil
}

// ReverseDecision is the office's reversal (or partial change) of its
// decision on appeal: it records a new decision, with new appeal
// information, and closes the appeal.
func (c *Case) ReverseDecision(id string, result AppealResult, d Decision, tables RateTables, age func(time.Time) int, under25OwnHome bool, cal *Calendar, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status == AppealForwarded {
		return refuse("appeal", "err.appeal.state")
	}
	if !slices.Contains(ReversalResults, result) {
		return refuse("result", "err.appeal.result")
	}
	// Decide requires an open case; the appealed case is decided.
	status := c.Status
	c.Status = StatusAssessing
	if err := c.Decide(d, tables, age, under25OwnHome, cal, by, now); err != nil {
		c.Status = status
		return err
	}
	c.DecisionOpenedAt = time.Time{}
	a = c.Appeal(id)
	a.Status, a.OfficeResult, a.ResultAt = AppealDecided, result, now
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventAppealResult, Actor: by.Email, ActorName: by.Name, Text: id + ":" + string(result)})
	return nil
}

// DismissAppeal dismisses the appeal (avvisning), e.g. when it is too late
// without a valid reason. The dismissal is the appeal's result, with its
// reason; the appealed decision stays the case's decision.
func (c *Case) DismissAppeal(id string, reason string, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status == AppealForwarded {
		return refuse("appeal", "err.appeal.state")
	}
	if reason == "" {
		return refuse("dismissReason", "err.appeal.dismissReason.required")
	}
	a.Status, a.OfficeResult, a.ResultAt, a.DismissReason = AppealDecided, AppealDismissed, now, reason
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventAppealResult, Actor: by.Email, ActorName: by.Name, Text: id + ":" + string(AppealDismissed)})
	return nil
}

// UpholdDecision records that the office upholds its decision, with the
// summary for Statsforvalteren; the party may comment until the deadline.
func (c *Case) UpholdDecision(id string, s AppealSummary, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status == AppealForwarded || a.Status == AppealSummarised {
		return refuse("appeal", "err.appeal.state")
	}
	if OsloDate(s.CommentDeadline).Before(OsloDate(now).AddDate(0, 0, 7)) {
		return refuse("commentDeadline", "err.appeal.commentdeadline")
	}
	s.PreparedAt = now
	a.Summary = &s
	a.OfficeResult = AppealUpheld
	a.Status = AppealSummarised
	c.record(Event{At: now, Type: EventAppealSummary, Actor: by.Email, ActorName: by.Name, Text: id})
	return nil
}

// CommentOnSummary adds the party's comment before the comment deadline.
func (c *Case) CommentOnSummary(id, text string, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status != AppealSummarised || OsloDate(now).After(OsloDate(a.Summary.CommentDeadline)) {
		return refuse("comment", "err.appeal.commentclosed")
	}
	a.Comments = append(a.Comments, AppealComment{At: now, Text: text})
	c.record(Event{At: now, Type: EventAppealComment, Actor: ActorCitizen, Text: id})
	return nil
}

// RecordNoComment records that the party has said they will not comment
// on the summary, so that the appeal can be forwarded at once. Who
// recorded it is in the audit log of the action that does it.
func (c *Case) RecordNoComment(id string, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status != AppealSummarised {
		return refuse("appeal", "err.appeal.state")
	}
	if a.NoCommentAt.IsZero() {
		a.NoCommentAt = now
	}
	return nil
}

// MayForward reports whether the appeal can be sent to Statsforvalteren
// now: as soon as the party has commented on the summary or said they
// will not, and otherwise after the comment deadline.
func (a *Appeal) MayForward(now time.Time) bool {
	if a.Status != AppealSummarised || a.Summary == nil {
		return false
	}
	return len(a.Comments) > 0 || !a.NoCommentAt.IsZero() || OsloDate(now).After(OsloDate(a.Summary.CommentDeadline))
}

// ForwardAppeal sends the appeal to Statsforvalteren once the party has
// commented or said they will not, or after the comment deadline.
func (c *Case) ForwardAppeal(id string, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status != AppealSummarised {
		return refuse("appeal", "err.appeal.state")
	}
	if !a.MayForward(now) {
		return refuse("appeal", "err.appeal.beforedeadline")
	}
	a.Status = AppealForwarded
	a.ForwardedAt = now
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventAppealForwarded, Actor: by.Email, ActorName: by.Name, Text: id})
	return nil
}

// RecordBodyResult records Statsforvalteren's result with its letter. When
// Statsforvalteren overturns the decision and returns the case, the case is
// under assessment again so that the office can make a new decision, with
// a new interim-reply deadline (forvaltningsloven § 11 a) from the return.
func (c *Case) RecordBodyResult(id string, r BodyResult, cal *Calendar, by Staff, now time.Time) error {
	a, err := c.openAppeal(id)
	if err != nil {
		return err
	}
	if a.Status != AppealForwarded {
		return refuse("appeal", "err.appeal.state")
	}
	r.At = now
	a.BodyResult = &r
	a.Status = AppealDecided
	c.DeadlineState = ""
	c.record(Event{At: now, Type: EventAppealBodyResult, Actor: by.Email, ActorName: by.Name, Text: id, Files: []FileRef{r.Letter}})
	if r.Outcome == BodyOverturned && c.Status == StatusDecided {
		c.Status = StatusAssessing
		c.InterimReplyDue = cal.InterimReplyDue(now)
		c.InterimSentAt = time.Time{}
	}
	return nil
}

// ReturnedAppeal returns the appeal on which Statsforvalteren overturned
// the latest decision and returned the case to the office, while the
// office has not yet made its new decision; nil otherwise.
func (c *Case) ReturnedAppeal() *Appeal {
	d := c.LatestDecision()
	if d == nil {
		return nil
	}
	for i := range c.Appeals {
		a := &c.Appeals[i]
		if a.BodyResult != nil && a.BodyResult.Outcome == BodyOverturned && a.DecisionAt.Equal(d.MadeAvailableAt) {
			return a
		}
	}
	return nil
}

// AppealInterim returns the interim reply sent on appeal id; its Interim is
// nil when none was sent.
func (c *Case) AppealInterim(id string) Event {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if e := c.Events[i]; e.Type == EventAppealInterim && e.Text == id && e.Interim != nil {
			return e
		}
	}
	return Event{}
}
