package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/attachment"

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
}

// caseSent are the confirmations the case page shows after ?sendt=; any
// other value is ignored.
var caseSent = map[string]bool{"dokument": true, "flytt": true, "trukket": true}

// knownSent returns v if it is one of the known confirmations, else "".
func knownSent(v string, known map[string]bool) string {
	if known[v] {
		return v
	}
	return ""
}

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
	}
	v.Files = cs.AllFiles()
	v.Sent = knownSent(c.Query("sendt"), caseSent)
	v.MaxFiles, v.MaxSizeMB = attachment.MaxFiles, attachment.MaxFileSize>>20
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
	return h.render(c, fiber.StatusOK, "case", p)
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
	p := h.page(c, "mycases.title")
	p.Data = myCasesData{Draft: rec.Draft, Cases: cases, Deleted: c.Query("slettet") == "1"}
	return h.render(c, fiber.StatusOK, "mycases", p)
}

// showFrontPage is the portal's front page.
func (h *Handler) showFrontPage(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "front", h.page(c, "front.title"))
}
