package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/attachment"
	"kvp/auth"
	"kvp/casework"
)

// myCase returns the case with the reference in the URL if it is the
// logged-in person's; anyone else gets 404, as if it did not exist.
func (h *Handler) myCase(c *fiber.Ctx) (*casework.Case, error) {
	ref, ok := casework.NormalizeReference(c.Params("ref"))
	if !ok {
		return nil, errNotFound
	}
	cs, err := h.st.Case(c.UserContext(), ref)
	if err != nil {
		return nil, err
	}
	if cs.Owner.NationalID != currentUser(c).NationalID {
		return nil, errNotFound
	}
	return cs, nil
}

type caseView struct {
	// StartMonths is the start rule for the application (the receipt).
	StartMonths int
	checkData
	InterimDaysLeft int
	// Decision is the decision in force (nil when none, or when
	// Statsforvalteren overturned it and returned the case); Window and
	// DaysLeft say whether and how long it can be appealed.
	Decision  *casework.Decision
	Window    casework.AppealWindow
	DaysLeft  int
	Sent      string
	MaxFiles  int
	MaxSizeMB int
	// DecidedBy and DecidedRole say who made the decision in force (the
	// role is a message id).
	DecidedBy   string
	DecidedRole string
	// Requests are the documentation requests with a document still
	// open, and OpenItems those documents.
	Requests  []casework.RequestStatus
	OpenItems []casework.DocStatus
	// Meeting is the booked conversation still to come, if any.
	Meeting *meetingView
	// Refused are the files of the last post that were not taken.
	Refused []refusedFile
	// Openings are who at the office opened the case, and when.
	Openings *CaseOpenings
}

// meetingView is a booked conversation as the applicant needs it: when,
// where or how, whom they meet when that is known, what to bring, and
// whether they have asked to move it.
type meetingView struct {
	Case    *casework.Case
	Meeting *casework.Meeting
	// With is the caseworker who has the case, if one has taken it.
	With string
	// Phone is the number the office calls for a conversation by phone.
	Phone string
	// Bring are the documents asked for that are still open.
	Bring     []casework.DocStatus
	MoveAsked bool
	// OnCasePage is true on the case's own page, which has the form to
	// ask to move it.
	OnCasePage bool
}

// upcomingMeeting returns the booked conversation of cs that still stands
// and has not begun at now (see bookedMeeting), or nil.
func upcomingMeeting(cs *casework.Case, now time.Time) *meetingView {
	m, _, _ := bookedMeeting(cs)
	if m == nil || !m.At.After(now) {
		return nil
	}
	v := &meetingView{Case: cs, Meeting: m, With: cs.AssigneeName, Phone: cs.Answers.Contact.Phone}
	if cs.Conversation != nil {
		v.Phone = cs.Conversation.Phone
	}
	// Asked to move since it was booked: a new booking answers the ask.
	for _, e := range cs.Events {
		switch {
		case e.Meeting != nil:
			v.MoveAsked = false
		case e.Type == casework.EventMeetingMoveAsked:
			v.MoveAsked = true
		}
	}
	for _, r := range cs.OpenRequests() {
		v.Bring = append(v.Bring, r.OpenItems()...)
	}
	return v
}

// caseSent are the confirmations the case page shows after ?sendt=, by
// value: the message id of each; any other value is ignored.
var caseSent = map[string]string{"dokument": "case.sent.dokument", "flytt": "case.sent.flytt", "trukket": "case.sent.trukket",
	"ettersendt": "case.sent.ettersendt", "forklart": "case.sent.forklart"}

// knownSent returns the message id of the confirmation v, or "" for a
// value that is not one.
func knownSent(v string, known map[string]string) string { return known[v] }

func (h *Handler) caseView(c *fiber.Ctx, cs *casework.Case) (*caseView, error) {
	v := &caseView{checkData: checkData{Case: cs, Answers: cs.Answers, Files: cs.Files}}
	o, err := h.st.Office(c.UserContext(), cs.Office.Municipality)
	if err != nil && !errIsNotFound(err) {
		return nil, err
	}
	v.Office = o
	v.InterimDaysLeft = casework.DaysUntil(h.cfg.Now(), cs.InterimReplyDue)
	if d := cs.CurrentDecision(); d != nil {
		v.Decision = d
		v.Window = d.Window(h.cfg.Now())
		v.DaysLeft = casework.DaysUntil(h.cfg.Now(), d.AppealDeadline)
		if e := cs.DecisionEvent(d); e != nil && e.ActorName != "" {
			v.DecidedBy, v.DecidedRole = e.ActorName, "decision.by.role.caseworker"
			rec, err := h.st.Staff(c.UserContext(), e.Actor)
			if err != nil && !errIsNotFound(err) {
				return nil, err
			}
			if rec != nil && rec.Role == string(auth.RoleLead) {
				v.DecidedRole = "decision.by.role.lead"
			}
		}
	}
	v.Files = cs.AllFiles()
	v.Sent = knownSent(c.Query("sendt"), caseSent)
	v.MaxFiles, v.MaxSizeMB = attachment.MaxFiles, attachment.MaxFileSize>>20
	if v.Openings, err = h.caseOpenings(c, cs, o); err != nil {
		return nil, err
	}
	v.Requests = cs.OpenRequests()
	for _, r := range v.Requests {
		v.OpenItems = append(v.OpenItems, r.OpenItems()...)
	}
	if v.Meeting = upcomingMeeting(cs, h.cfg.Now()); v.Meeting != nil {
		v.Meeting.OnCasePage = true
	}
	return v, nil
}

// showCase shows a case: the answers, the files, the timeline and the
// date by which an interim reply is due.
func (h *Handler) showCase(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	if err := h.recordDecisionOpened(c, cs); err != nil {
		return err
	}
	v, err := h.caseView(c, cs)
	if err != nil {
		return err
	}
	p := h.page(c, "case.title")
	p.Title = p.T("case.title.ref", "Ref", cs.ID)
	p.Data = v
	if cs.IsConversation() {
		return h.render(c, fiber.StatusOK, "conversation-case", p)
	}
	return h.renderMain(c, fiber.StatusOK, p, casePage(p, v))
}

// showReceipt shows the receipt of a submitted application, printable.
func (h *Handler) showReceipt(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	v, err := h.caseView(c, cs)
	if err != nil {
		return err
	}
	tables, err := h.st.RateTables(c.UserContext())
	if err != nil {
		return err
	}
	v.StartMonths, _ = tables.LatestStartMonths(cs.SubmittedAt)
	p := h.page(c, "receipt.title")
	p.Data = v
	return h.render(c, fiber.StatusOK, "receipt", p)
}

// downloadCaseFile sends a file of the person's own case.
func (h *Handler) downloadCaseFile(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	f, ok := cs.File(c.Params("file"))
	if !ok {
		return errNotFound
	}
	return h.sendFile(c, f)
}

type myCasesData struct {
	Draft   *casework.Draft
	Cases   []*casework.Case
	Deleted bool
	// Meeting is the soonest booked conversation still to come.
	Meeting *meetingView
}

// showMyCases lists the person's draft and cases.
func (h *Handler) showMyCases(c *fiber.Ctx) error {
	rec, err := h.st.Person(c.UserContext(), currentUser(c).NationalID)
	if err != nil {
		return err
	}
	cases, err := h.st.CasesByRef(c.UserContext(), rec.CaseRefs)
	if err != nil {
		return err
	}
	// Newest first.
	for i, j := 0, len(cases)-1; i < j; i, j = i+1, j-1 {
		cases[i], cases[j] = cases[j], cases[i]
	}
	d := myCasesData{Draft: rec.Draft, Cases: cases, Deleted: c.Query("slettet") == "1"}
	for _, cs := range cases {
		if m := upcomingMeeting(cs, h.cfg.Now()); m != nil && (d.Meeting == nil || m.Meeting.At.Before(d.Meeting.Meeting.At)) {
			d.Meeting = m
		}
	}
	p := h.page(c, "mycases.title")
	p.Data = d
	return h.renderMain(c, fiber.StatusOK, p, myCasesPage(p, d))
}

// showFrontPage is the portal's front page.
func (h *Handler) showFrontPage(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "front", h.page(c, "front.title"))
}
