package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
	"kvp/identity"
	"kvp/notify"
	"kvp/store"
)

type staffCaseData struct {
	Case        *casework.Case
	Answers     casework.Answers
	Editable    bool
	Office      *casework.Office
	Colleagues  []store.StaffRecord
	LatestStart time.Time
	// StartMonths is the start rule for a new decision made now (months).
	StartMonths int
	// Deadlines are the case's deadlines and related dates, in the order
	// the page lists them, each with the days left or overdue.
	Deadlines []deadlineItem
	// Decision is the latest decision, shown as the letter the person got;
	// the earlier ones are in the timeline.
	Decision *casework.Decision
	Action   string
	// Done is the message id of the confirmation of the action just done
	// (?utfort=), or "".
	Done     string
	Conflict bool
	// ConflictText is the message id of the conflict banner's text.
	ConflictText string
	// Typed is what the staff member typed in a form the page no longer
	// shows (the case changed so that the action no longer applies), shown
	// read-only so it can be copied.
	Typed []typedField
	// TypedForm is the message id of the title of the form Typed came from.
	TypedForm string
	CanAudit  bool
	Notices   []store.Notice
	// Reachable is true when the person gave an e-mail or phone number
	// that notices can go to.
	Reachable    bool
	Outcomes     []casework.Outcome
	BodyOutcomes []casework.BodyOutcome
	Modes        []string
	// Now is the time the page is shown at (whether an appeal may be
	// forwarded yet).
	Now time.Time
	// Warnings are the reasons to wait with the decision just posted,
	// shown with a confirmation (usecase.NeedsConfirmation).
	Warnings []decisionWarning
}

// Earlier reports whether dec is a decision other than the latest one
// (which the page shows as a letter).
func (d *staffCaseData) Earlier(dec *casework.Decision) bool {
	return dec != nil && dec != d.Decision
}

// deadlineItem is one line in the case's deadline list. Key is a message
// id taking Date (and Ref for an appeal); DaysKey, if set, is the message
// id for the days left or overdue, with plural forms, taking Days; Tag
// ("soon" or "overdue") adds a text label.
type deadlineItem struct {
	Key     string
	Date    time.Time
	Ref     string
	Tag     string
	DaysKey string
	Days    int
	// WithTime shows the time of day with the date.
	WithTime bool
}

// typedField is one value typed in a form: Label is the field's message id,
// and ValueKey, if set, the message id of a chosen option.
type typedField struct {
	Label    string
	Value    string
	ValueKey string
	Rows     int
}

// staffCase returns the case in the URL if the staff member works at its
// office and, for a person with a protected address, has the permission
// for it; anyone else gets 404, as if it did not exist.
func (h *Handler) staffCase(c *fiber.Ctx) (*casework.Case, error) {
	ref, ok := casework.NormalizeReference(c.Params("ref"))
	if !ok {
		return nil, errNotFound
	}
	cs, err := h.st.Case(c.UserContext(), ref)
	if err != nil {
		return nil, err
	}
	if !currentStaff(c).CanSee(cs.Office.Municipality) {
		return nil, errNotFound
	}
	if !staffMaySee(c, cs) {
		return nil, h.refuseProtected(c, cs)
	}
	return cs, nil
}

// audit writes who saw what of which case (a view, a download, the audit
// log, a refused look at a protected case). A failed audit write fails
// the request: nothing is shown without a trace. Changes are audited by
// their use case (usecase.Staff), before they are written.
func (h *Handler) audit(c *fiber.Ctx, cs *casework.Case, action, detail string) error {
	me := currentStaff(c)
	return h.st.Audit(c.UserContext(), store.AuditEntry{At: h.cfg.Now(), Staff: me.Email, StaffName: me.Name, Role: string(me.Role), Action: action, Case: cs.ID, Office: cs.Office.Municipality, Detail: detail, Protected: cs.Protected})
}

func (h *Handler) staffCaseData(c *fiber.Ctx, cs *casework.Case) (*staffCaseData, error) {
	tables, err := h.st.RateTables(c.UserContext())
	if err != nil {
		return nil, err
	}
	d := &staffCaseData{
		Case: cs, Answers: cs.Answers, Outcomes: casework.Outcomes, BodyOutcomes: casework.BodyOutcomes, Modes: casework.MeetingModes,
		Decision: cs.CurrentDecision(),
		CanAudit: currentStaff(c).CanReadAudit(), Now: h.cfg.Now(),
	}
	// The start limit as the rule in force sets it; without a rule row for
	// the date it is left out, and a decision says so at the start field.
	if d.LatestStart, err = cs.LatestStart(h.cal, tables, h.cfg.Now()); err != nil && !errors.Is(err, casework.ErrNoRate) {
		return nil, err
	}
	d.StartMonths, _ = tables.LatestStartMonths(h.cfg.Now())
	d.Done = staffActions[c.Query("utfort")].Done
	if !cs.IsConversation() {
		d.Deadlines = h.deadlines(cs, d.LatestStart, h.cfg.Now())
	}
	o, err := h.st.Office(c.UserContext(), cs.Office.Municipality)
	if err != nil && !errIsNotFound(err) {
		return nil, err
	}
	d.Office = o
	if d.Colleagues, err = h.st.StaffAtOffice(c.UserContext(), cs.Office.Municipality); err != nil {
		return nil, err
	}
	d.Colleagues = colleaguesFor(d.Colleagues, cs)
	email, phone := notify.Contacts(cs)
	d.Reachable = email != "" || phone != ""
	if d.Notices, err = h.st.NoticesForCase(c.UserContext(), cs.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// deadlines lists an application's deadlines, each with the days left or
// overdue: the interim reply, the documents asked for, the latest start,
// the appeal deadline, the second notice, and each appeal's interim reply
// and comment deadline. Dates that are no longer deadlines (the interim
// reply sent, the decision opened) are listed without days.
func (h *Handler) deadlines(cs *casework.Case, latestStart, now time.Time) []deadlineItem {
	var out []deadlineItem
	// add lists a deadline; an interim reply (the deadline job's rule) is
	// also marked "soon" within five working days of it.
	add := func(key string, date time.Time, ref string, interim bool) {
		it := deadlineItem{Key: key, Date: date, Ref: ref, Days: casework.DaysUntil(now, date)}
		switch {
		case it.Days < 0:
			it.Days = -it.Days
			it.Tag = casework.DeadlineOverdue
			it.DaysKey = "staff.days.over"
		case it.Days == 0:
			it.DaysKey = "staff.days.today"
		default:
			it.DaysKey = "staff.days.left"
		}
		if interim && it.Tag == "" {
			it.Tag = casework.InterimDeadlineState(h.cal, date, now)
		}
		out = append(out, it)
	}
	if cs.InterimPending() {
		add("staff.case.interimdue", cs.InterimReplyDue, "", true)
	} else if !cs.InterimSentAt.IsZero() {
		out = append(out, deadlineItem{Key: "staff.case.interimsent", Date: cs.InterimSentAt})
	}
	if cs.Open() {
		if r := cs.OpenRequest(); r != nil {
			add("staff.case.docsdue", r.Deadline, "", false)
		}
		if !latestStart.IsZero() {
			add("staff.case.lateststart", latestStart, "", false)
		}
	}
	if d := cs.CurrentDecision(); d != nil {
		if d.AppealDeadline.IsZero() {
			out = append(out, deadlineItem{Key: "staff.case.appealdeadline.notstarted"})
		} else {
			add("staff.case.appealdeadline", d.AppealDeadline, "", false)
		}
	}
	if due := cs.SecondNoticeDue(); !due.IsZero() {
		add("staff.case.secondnotice", due, "", false)
	} else if !cs.DecisionOpenedAt.IsZero() {
		out = append(out, deadlineItem{Key: "staff.case.opened", Date: cs.DecisionOpenedAt, WithTime: true})
	}
	for _, a := range cs.Appeals {
		if a.AwaitsInterim() {
			add("staff.case.appealinterimdue", a.InterimDue, a.ID, true)
		}
		if a.Status == casework.AppealSummarised && a.Summary != nil {
			add("staff.case.commentdeadline", a.Summary.CommentDeadline, a.ID, false)
		}
	}
	return out
}

// showStaffCase shows a case to staff: answers, files, timeline with
// internal notes, deadlines, and the action forms.
func (h *Handler) showStaffCase(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	// Opening a case clears its mark of what is new from the applicant.
	if cs, err = h.staff.OpenCase(c.UserContext(), cs); err != nil {
		return err
	}
	// ?skjema=samtale opens the booking form (the inbox's «Book samtale»).
	open := ""
	if c.Query("skjema") == meetingAction.Name && cs.Allows(meetingAction.Name, "") {
		open = meetingAction.Name
	}
	return h.renderStaffCase(c, cs, caseShown{Action: open})
}

// caseShown is how the staff case page is shown: with the form of Action
// open and Form as posted in it, with its errors, after a conflict (the
// case changed since the form was shown), or with the Warnings to read
// before a decision is made.
type caseShown struct {
	Action   string
	Form     any
	Errs     forms.Errors
	Conflict bool
	Warnings []decisionWarning
}

// renderStaffCase shows the case page, after a posted action with its form
// and errors, or after a conflict. Every showing is audited. What was
// typed in a form the page no longer shows for the case as it is now is
// shown read-only, so it can be copied.
func (h *Handler) renderStaffCase(c *fiber.Ctx, cs *casework.Case, s caseShown) error {
	if err := h.audit(c, cs, store.AuditView, ""); err != nil {
		return err
	}
	d, err := h.staffCaseData(c, cs)
	if err != nil {
		return err
	}
	d.Action, d.Conflict, d.Warnings = s.Action, s.Conflict, s.Warnings
	shown := s.Form == nil || cs.Allows(s.Action, c.Params("appeal"))
	if !shown {
		d.Typed, d.TypedForm = typedFields(s.Action, s.Form), staffActions[s.Action].Title
	}
	if s.Conflict {
		switch {
		case len(d.Typed) > 0:
			d.ConflictText = "staff.case.conflict.textcopy"
		case s.Form == nil || !shown:
			d.ConflictText = "staff.case.conflict.textplain"
		default:
			d.ConflictText = "staff.case.conflict.text"
		}
	}
	p := h.page(c, "staff.case.title")
	p.Action = s.Action
	p.Title = p.T("staff.case.title.ref", "Ref", cs.ID)
	p.HTMX = true
	p.Data, p.Form, p.Errors = d, s.Form, s.Errs
	if cs.IsConversation() {
		return h.renderMain(c, fiber.StatusOK, p, staffConversationPage(p, d))
	}
	return h.renderMain(c, fiber.StatusOK, p, staffCasePage(p, d))
}

// Shows reports whether the page shows the form of action (for an appeal
// action, of the appeal with the id; "" for the others); the page asks
// this, so the page and the conflict handling follow the same rule.
func (d *staffCaseData) Shows(action, appealID string) bool {
	return d.Case.Allows(action, appealID)
}

// typedFields lists the non-empty values of a posted form (each staff
// form says what it holds: forms.Typed) with the labels its form uses.
func typedFields(action string, form any) []typedField {
	f, ok := form.(interface{ Typed() []forms.Typed })
	if !ok {
		return nil
	}
	relabel := staffActions[action].Relabel
	var out []typedField
	for _, t := range f.Typed() {
		if strings.TrimSpace(t.Value) == "" {
			continue
		}
		label := t.Label
		if l, ok := relabel[label]; ok {
			label = l
		}
		rows := strings.Count(t.Value, "\n") + 1 + len(t.Value)/70
		out = append(out, typedField{Label: label, Value: t.Value, ValueKey: t.ValueKey, Rows: min(max(rows, 2), 15)})
	}
	return out
}

// AsksBirthDate reports whether the decision forms ask for the birth date:
// the person's national identity number does not encode it.
func (d *staffCaseData) AsksBirthDate() bool {
	nid, err := identity.ParseNationalID(d.Case.Owner.NationalID)
	return err == nil && !nid.EncodesBirthDate()
}
