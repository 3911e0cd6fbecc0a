package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// searchRefs runs a staff search and returns the references it lists.
func searchRefs(t *testing.T, c *client, q string) ([]string, *page) {
	t.Helper()
	p := c.get("/saksbehandler/sok?q=" + url.QueryEscape(q))
	expectStatus(t, p, http.StatusOK)
	var out []string
	p.Doc.Find("table.inbox tbody tr td:first-child a").Each(func(_ int, a *goquery.Selection) {
		out = append(out, strings.TrimSpace(a.Text()))
	})
	return out, p
}

// A caseworker finds a case by its reference (with or without the dash,
// in any case), the person's national identity number and a part of the
// name; never another office's case, nor a protected one without the
// permission for it; every search is in the audit log; an empty or
// unreadable search is answered calmly.
func TestStaffSearch(t *testing.T) {
	app, st, _ := protectedApp(t, "", nil)
	tor := offered(t, "testperson.fortrolig")
	protectedCitizen := newClient(t, app)
	protectedCitizen.login(tor.NationalID)
	torRef := applyFrom(t, protectedCitizen, "3401", "")

	kari := persons(t)[0]
	citizen := newClient(t, app)
	citizen.login(kari.NationalID)
	fillApplication(t, citizen)
	id, _ := citizen.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	ref := strings.TrimSuffix(strings.TrimPrefix(citizen.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location"), "/saker/"), "/kvittering")
	cs, err := st.Case(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	surname := strings.Fields(cs.Owner.Name)[len(strings.Fields(cs.Owner.Name))-1]

	siri := newClient(t, app)
	staffLogin(t, siri, "siri@nav.test")
	// The inbox has the search form, and the header a link to it.
	inbox := siri.get("/saksbehandler")
	if inbox.Doc.Find(`form[action="/saksbehandler/sok"] input[name="q"]`).Length() != 1 || inbox.Doc.Find(`header a[href="/saksbehandler/sok"]`).Length() != 1 {
		t.Error("no search form in the inbox or no link to it in the header")
	}
	for _, q := range []string{ref, strings.ToLower(strings.ReplaceAll(ref, "-", "")), kari.NationalID, strings.ToUpper(surname), cs.Owner.Name} {
		if got, p := searchRefs(t, siri, q); len(got) != 1 || got[0] != ref {
			t.Errorf("search %q found %v: %s", q, got, p.Doc.Find("main").Text())
		}
	}
	// The protected case: not for Siri by any key, for Vera (who has the
	// permission) by each.
	vera := newClient(t, app)
	staffLogin(t, vera, "vera@nav.test")
	for _, q := range []string{torRef, tor.NationalID, tor.Name} {
		if got, p := searchRefs(t, siri, q); len(got) != 0 || strings.Contains(p.Body, "/saksbehandler/saker/"+torRef) {
			t.Errorf("search %q without the permission found %v", q, got)
		}
		if got, _ := searchRefs(t, vera, q); len(got) != 1 || got[0] != torRef {
			t.Errorf("search %q with the permission found %v", q, got)
		}
	}
	// Another office's caseworker finds neither.
	dina := newClient(t, app)
	staffLogin(t, dina, "dina@nav.test")
	for _, q := range []string{ref, kari.NationalID, surname, torRef, tor.NationalID} {
		if got, p := searchRefs(t, dina, q); len(got) != 0 || strings.Contains(p.Body, "/saksbehandler/saker/") {
			t.Errorf("another office's caseworker found %v by %q", got, q)
		}
	}
	if _, p := searchRefs(t, dina, surname); !strings.Contains(p.Doc.Find("main").Text(), "Ingen saker ved kontorene dine passer med «"+surname+"»") {
		t.Error("no hits are not said")
	}

	// Empty, unreadable and hostile searches.
	if _, p := searchRefs(t, siri, ""); p.Doc.Find(".error").Length() != 0 || p.Doc.Find("table").Length() != 0 {
		t.Error("an empty search shows an error or a table")
	}
	for _, q := range []string{"12", "x", "123456789", "%$#", strings.Repeat("a", 300)} {
		_, p := searchRefs(t, siri, q)
		if got := p.Doc.Find("#q-error").Text(); !strings.Contains(got, "minst to bokstaver av navnet") && q != strings.Repeat("a", 300) {
			t.Errorf("search %q: error %q", q, got)
		}
		if v, _ := p.Doc.Find("#q").Attr("value"); v != q {
			t.Errorf("search %q not kept in the field: %q", q, v)
		}
	}
	if got, _ := searchRefs(t, siri, ".*"); len(got) != 0 {
		t.Errorf("a pattern found %v", got)
	}

	// Who searched for what, and what was found.
	entries, err := st.AuditForCase(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, e := range entries {
		if e.Action != "search" {
			continue
		}
		found[e.Staff+" "+e.Detail] = true
		if strings.Contains(e.Detail, ": "+torRef) && e.Protected != "fortrolig" {
			t.Errorf("a search that found the protected case is not marked: %+v", e)
		}
	}
	for _, want := range []string{`siri@nav.test "` + kari.NationalID + `" → 1: ` + ref, `vera@nav.test "` + tor.NationalID + `" → 1: ` + torRef, `dina@nav.test "` + ref + `" → 0`} {
		if !found[want] {
			t.Errorf("audit log lacks %q: %v", want, found)
		}
	}
	// Without a login: to the login page.
	expectRedirect(t, newClient(t, app).get("/saksbehandler/sok?q=x"), "/saksbehandler/logg-inn")
}
