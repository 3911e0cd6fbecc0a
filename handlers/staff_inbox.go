package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/store"
)

type inboxData struct {
	Office   string
	Offices  []casework.Office
	View     string
	Status   string
	Sort     string
	Page     *store.InboxPage
	PageNo   int
	Pages    int
	Statuses []casework.Status
	Now      int64
}

// showInbox lists one office's cases: new, by status, mine, those with
// something new from the applicant, or the deadline view, sorted by
// received date or next deadline. Filters are links and a GET form, so the
// URL can be shared; htmx swaps the list in place.
func (h *Handler) showInbox(c *fiber.Ctx) error {
	me := currentStaff(c)
	office := c.Query("kontor")
	if office == "" && len(me.Offices) > 0 {
		office = me.Offices[0]
	}
	if !me.CanSee(office) {
		return errNotFound
	}
	all, err := h.st.Offices(c.UserContext())
	if err != nil {
		return err
	}
	var mine []casework.Office
	for _, o := range all {
		if me.CanSee(o.Municipality) {
			mine = append(mine, o)
		}
	}
	view := c.Query("vis")
	switch view {
	case "", "new", "mine", "deadlines", "status", "requests", "appeals", "news":
	default:
		view = ""
	}
	sortBy := c.Query("sorter")
	if sortBy != "deadline" {
		sortBy = "received"
	}
	if view == "deadlines" && c.Query("sorter") == "" {
		sortBy = "deadline"
	}
	pageNo, _ := strconv.Atoi(c.Query("side"))
	if pageNo < 1 {
		pageNo = 1
	}
	q := store.InboxQuery{Office: office, View: view, Status: c.Query("status"), Assignee: me.Email, Sort: sortBy, Page: pageNo, PageSize: 25, SeesProtected: me.MayHandleProtected}
	page, err := h.st.Inbox(c.UserContext(), q)
	if err != nil {
		return err
	}
	d := &inboxData{Office: office, Offices: mine, View: view, Status: q.Status, Sort: sortBy, Page: page, PageNo: pageNo,
		Pages: (page.Total + q.PageSize - 1) / q.PageSize, Statuses: append(append([]casework.Status{}, casework.Statuses...), casework.ConversationStatuses...)}
	p := h.page(c, "staff.inbox.title")
	p.HTMX = true
	p.Data = d
	return h.render(c, fiber.StatusOK, "staff-inbox", p)
}
