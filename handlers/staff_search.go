package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
	"kvp/store"
)

// searchMax is how many hits the search page lists.
const searchMax = 50

type searchData struct {
	// Query is the text as typed; Searched is true when it was a search
	// (not an empty or unreadable one).
	Query    string
	Searched bool
	Result   *store.SearchResult
	Max      int
}

// showSearch finds cases by reference, national identity number or part
// of the name, among the cases of the offices the staff member works at,
// and never a protected case without the permission for it. The form is
// a GET form, so the page works without JavaScript; htmx swaps the result
// in place. Every search is written to the audit log with what was
// searched for and the cases found, since a search can tell that a person
// has a case.
func (h *Handler) showSearch(c *fiber.Ctx) error {
	me := currentStaff(c)
	text := strings.TrimSpace(c.Query("q"))
	d := &searchData{Query: text, Max: searchMax}
	p := h.page(c, "staff.search.title")
	p.HTMX = true
	p.Data = d
	if text == "" {
		return h.render(c, fiber.StatusOK, "staff-search", p)
	}
	terms, ok := store.ParseSearch(text)
	if !ok {
		p.Errors = forms.Errors{casework.Invalid("q", "err.search.invalid")}
		return h.render(c, fiber.StatusOK, "staff-search", p)
	}
	res, err := h.st.Search(c.UserContext(), store.SearchQuery{Terms: terms, Offices: me.Offices, SeesProtected: me.MayHandleProtected, Limit: searchMax})
	if err != nil {
		return err
	}
	refs := make([]string, 0, len(res.Entries))
	protected := ""
	for _, e := range res.Entries {
		refs = append(refs, e.Ref)
		if e.Protected != "" && protected == "" {
			protected = e.Protected
		}
	}
	detail := strconv.Quote(text) + " → " + strconv.Itoa(len(refs))
	if len(refs) > 0 {
		detail += ": " + strings.Join(refs, ", ")
	}
	err = h.st.Audit(c.UserContext(), store.AuditEntry{At: h.cfg.Now(), Staff: me.Email, StaffName: me.Name, Role: string(me.Role),
		Action: "search", Office: strings.Join(me.Offices, ","), Detail: detail, Protected: protected})
	if err != nil {
		return err
	}
	d.Searched, d.Result = true, res
	return h.render(c, fiber.StatusOK, "staff-search", p)
}
