package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
	"kvp/i18n"
	"kvp/identity"
	"kvp/notify"
	"kvp/store"
)

type staffCaseData struct {
	Case            *casework.Case
	Answers         casework.Answers
	Editable        bool
	Office          *casework.Office
	Colleagues      []store.StaffRecord
	InterimDaysLeft int
	LatestStart     time.Time
	SecondNotice    time.Time
	Action          string
	Done            string
	Conflict        bool
	CanAudit        bool
	Notices         []store.Notice
	Outcomes        []casework.Outcome
	BodyOutcomes    []casework.BodyOutcome
	Modes           []string
}

// staffCase returns the case in the URL if the staff member works at its
// office; anyone else gets 404, as if it did not exist.
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
	return cs, nil
}

// audit writes who did what to which case. A failed audit write fails the
// request: nothing is shown or changed without a trace.
func (h *Handler) audit(c *fiber.Ctx, cs *casework.Case, action, detail string) error {
	me := currentStaff(c)
	return h.st.Audit(c.UserContext(), store.AuditEntry{At: h.cfg.Now(), Staff: me.Email, StaffName: me.Name, Action: action, Case: cs.ID, Office: cs.Office.Municipality, Detail: detail})
}

func (h *Handler) staffCaseData(c *fiber.Ctx, cs *casework.Case) (*staffCaseData, error) {
	d := &staffCaseData{
		Case: cs, Answers: cs.Answers, Outcomes: casework.Outcomes, BodyOutcomes: casework.BodyOutcomes, Modes: casework.MeetingModes,
		InterimDaysLeft: casework.DaysUntil(h.cfg.Now(), cs.InterimReplyDue),
		LatestStart:     h.cal.LatestStart(cs.SubmittedAt, casework.LatestStartMonths),
		SecondNotice:    cs.SecondNoticeDue(),
		CanAudit:        currentStaff(c).CanReadAudit(),
		Done:            c.Query("utfort"),
	}
	o, err := h.st.Office(c.UserContext(), cs.Office.Municipality)
	if err != nil && !errIsNotFound(err) {
		return nil, err
	}
	d.Office = o
	if d.Colleagues, err = h.st.StaffAtOffice(c.UserContext(), cs.Office.Municipality); err != nil {
		return nil, err
	}
	if d.Notices, err = h.st.NoticesForCase(c.UserContext(), cs.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// showStaffCase shows a case to staff: answers, files, timeline with
// internal notes, deadlines, and the action forms.
func (h *Handler) showStaffCase(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	if err := h.audit(c, cs, "view", ""); err != nil {
		return err
	}
	return h.renderStaffCase(c, cs, "", nil, nil, false)
}

func (h *Handler) renderStaffCase(c *fiber.Ctx, cs *casework.Case, action string, form any, errs forms.Errors, conflict bool) error {
	d, err := h.staffCaseData(c, cs)
	if err != nil {
		return err
	}
	d.Action, d.Conflict = action, conflict
	p := h.page(c, "staff.case.title")
	p.Action = action
	p.Title = p.T("staff.case.title.ref", "Ref", cs.ID)
	p.HTMX = true
	p.Data, p.Form, p.Errors = d, form, errs
	if cs.IsConversation() {
		return h.render(c, fiber.StatusOK, "staff-conversation", p)
	}
	return h.render(c, fiber.StatusOK, "staff-case", p)
}

// downloadStaffFile sends a case file to staff, and logs it.
func (h *Handler) downloadStaffFile(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	f, ok := cs.File(c.Params("file"))
	if !ok {
		return errNotFound
	}
	if err := h.audit(c, cs, "download", f.Name); err != nil {
		return err
	}
	return h.sendFile(c, f)
}

// showAuditLog shows a case's audit log to an office lead.
func (h *Handler) showAuditLog(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	if !currentStaff(c).CanReadAudit() {
		return errNotFound
	}
	entries, err := h.st.AuditForCase(c.UserContext(), cs.ID)
	if err != nil {
		return err
	}
	if err := h.audit(c, cs, "auditlog", ""); err != nil {
		return err
	}
	p := h.page(c, "staff.audit.title")
	p.Data = struct {
		Case    *casework.Case
		Entries []store.AuditEntry
	}{cs, entries}
	return h.render(c, fiber.StatusOK, "staff-audit", p)
}

// caseAction applies one staff action to a case. The form carries the
// version the staff member saw; if the case changed since, nothing is
// written and they are told.
func (h *Handler) caseAction(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	action := c.Params("action")
	seen, _ := strconv.Atoi(c.FormValue("version"))
	v := formValues(c)
	me := currentStaff(c)
	by := casework.Staff{Email: me.Email, Name: me.Name}
	now := h.cfg.Now()
	var form any
	var errs forms.Errors
	var applyErr error
	conversationOnly := action == "gjennomfort" || action == "avslutt"
	applicationOnly := action == "dokumentasjon" || action == "forelopig-svar" || action == "vedtak" || action == "forleng"
	if conversationOnly && !cs.IsConversation() || applicationOnly && cs.IsConversation() {
		return errNotFound
	}
	switch action {
	case "ta":
		to := c.FormValue("assignee")
		if to == "" {
			to = me.Email
		}
		rec, err := h.st.Staff(c.UserContext(), to)
		if err != nil || !contains(rec.Offices, cs.Office.Municipality) {
			errs = forms.Errors{{Field: "assignee", Key: "err.action.assignee", Fallback: "err.invalid"}}
			break
		}
		applyErr = cs.Assign(casework.Staff{Email: rec.Email, Name: rec.Name}, by, now)
	case "notat":
		f, e := forms.BindNote(v)
		form, errs = f, e
		if len(e) == 0 {
			applyErr = cs.AddNote(f.Text, by, now)
		}
	case "samtale":
		f, e := forms.BindMeeting(v)
		form, errs = f, e
		if len(e) == 0 && cs.IsConversation() {
			applyErr = cs.BookConversation(f.Meeting(), by, now)
		} else if len(e) == 0 {
			applyErr = cs.BookMeeting(f.Meeting(), by, now)
		}
	case "gjennomfort":
		applyErr = cs.MarkHeld(by, now)
	case "avslutt":
		f, e := forms.BindClose(v)
		form, errs = f, e
		if len(e) == 0 {
			applyErr = cs.CloseConversation(f.Note, by, now)
		}
	case "dokumentasjon":
		f, e := forms.BindDocRequest(v)
		form, errs = f, e
		if len(e) == 0 {
			applyErr = cs.RequestDocuments(f.Request(), by, now)
		}
	case "forelopig-svar":
		f, e := forms.BindInterim(v)
		form, errs = f, e
		if len(e) == 0 {
			applyErr = cs.SendInterimReply(f.Interim(), by, now)
		}
	case "vedtak":
		f, e := forms.BindDecision(v)
		form, errs = f, e
		if len(e) == 0 {
			applyErr = h.decide(c, cs, f.Decision(), by, now)
		}
	case "forleng":
		f, e := forms.BindExtension(v)
		form, errs = f, e
		if len(e) == 0 {
			applyErr = cs.Extend(f.NewEnd(), f.Reasons(), h.cal, by, now)
			var ae *casework.ActionError
			if errors.As(applyErr, &ae) && ae.Field == "end" {
				ae.Field = "newEnd"
			}
		}
	default:
		return errNotFound
	}
	var ae *casework.ActionError
	switch {
	case errors.As(applyErr, &ae):
		errs = append(errs, forms.FieldError{Field: ae.Field, Key: ae.Key, Fallback: "err.invalid"})
	case errors.Is(applyErr, casework.ErrClosed):
		errs = append(errs, forms.FieldError{Field: "hendelser", Key: "err.action.closed", Fallback: "err.invalid"})
	case applyErr != nil:
		return applyErr
	}
	if len(errs) > 0 {
		return h.renderStaffCase(c, cs, action, form, errs, false)
	}
	return h.saveAction(c, cs, action, form, seen, "", "hendelser")
}

// saveAction writes a case changed by a staff action if it still has the
// version the staff member saw, logs it, and returns to the case page.
func (h *Handler) saveAction(c *fiber.Ctx, cs *casework.Case, action string, form any, seen int, detail, anchor string) error {
	if seen != cs.Version {
		return h.conflict(c, cs, action, form)
	}
	if err := h.st.UpdateCase(c.UserContext(), cs, seen); errors.Is(err, store.ErrConflict) {
		return h.conflict(c, cs, action, form)
	} else if err != nil {
		return err
	}
	if err := h.audit(c, cs, action, detail); err != nil {
		return err
	}
	if err := h.notifyAfter(c, cs, action); err != nil {
		return err
	}
	return redirect(c, "/saksbehandler/saker/"+cs.ID+"?utfort="+action+"#"+anchor)
}

// conflict shows the case as it is now, with what the staff member typed
// kept, and says that someone else changed it first.
func (h *Handler) conflict(c *fiber.Ctx, stale *casework.Case, action string, form any) error {
	fresh, err := h.st.Case(c.UserContext(), stale.ID)
	if err != nil {
		return err
	}
	return h.renderStaffCase(c, fresh, action, form, nil, true)
}

// decide records a decision with the benefit computed from the rate
// tables, the person's age at the start, and the office's under-25 rule.
func (h *Handler) decide(c *fiber.Ctx, cs *casework.Case, d casework.Decision, by casework.Staff, now time.Time) error {
	in, err := h.decisionInputs(c, cs)
	if err != nil {
		return err
	}
	return cs.Decide(d, in.tables, in.age, in.under25OwnHome, h.cal, by, now)
}

// decisionInputs is what a decision's benefit is computed from.
type decisionInputs struct {
	tables         casework.RateTables
	age            func(time.Time) int
	under25OwnHome bool
}

func (h *Handler) decisionInputs(c *fiber.Ctx, cs *casework.Case) (*decisionInputs, error) {
	tables, err := h.st.RateTables(c.UserContext())
	if err != nil {
		return nil, err
	}
	office, err := h.st.Office(c.UserContext(), cs.Office.Municipality)
	if err != nil {
		return nil, err
	}
	nid, err := identity.ParseNationalID(cs.Owner.NationalID)
	if err != nil {
		return nil, err
	}
	return &decisionInputs{tables: tables, age: nid.Age, under25OwnHome: office.Under25OwnHome}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// notifyingActions are the staff actions the person is told about.
var notifyingActions = map[string]bool{
	"samtale": true, "dokumentasjon": true, "forelopig-svar": true, "vedtak": true, "forleng": true, "avslutt": true,
	"klage-forelopig-svar": true, "klage-omgjor": true, "klage-oppretthold": true, "klage-avvis": true, "klage-oversend": true, "klage-sf-resultat": true,
}

// notifyAfter puts a notice in the outbox after an action the person
// should know about. Someone who asked for a conversation without logging
// in gets the link to their receipt, which shows the answer.
func (h *Handler) notifyAfter(c *fiber.Ctx, cs *casework.Case, action string) error {
	if !notifyingActions[action] {
		return nil
	}
	l := h.msgs.For(i18n.Default)
	if cs.Owner.NationalID == "" {
		link := h.cfg.PublicURL + "/samtale/kvittering/" + cs.ID + "?s=" + h.receiptSig(cs.ID)
		return notify.EnqueueNews(c.UserContext(), h.st, l, cs, notify.KindConversation, link, h.cfg.Now())
	}
	return notify.EnqueueNews(c.UserContext(), h.st, l, cs, notify.KindNews, h.cfg.PublicURL+"/saker/"+cs.ID, h.cfg.Now())
}
