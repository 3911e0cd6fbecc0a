package handlers_test

import (
	"strings"
	"testing"
)

// Staff pages are marked for the wide staff layout and have the staff
// footer, not the citizen's; the case page puts the deadlines and the
// actions in a column of their own beside the case; the citizen's pages
// keep their layout and footer.
func TestStaffLayoutAndFooter(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	citizenFooter := "Søknaden går til NAV-kontoret i kommunen der du bor."
	login := sb.get("/saksbehandler/logg-inn")
	staffLogin(t, sb, "siri@nav.test")
	for _, p := range []*page{login, sb.get("/saksbehandler"), sb.get("/saksbehandler/sok?q=x"), sb.get("/saksbehandler/saker/" + e.ref)} {
		footer := p.Doc.Find("footer").Text()
		if !strings.Contains(footer, "blir logget") || strings.Contains(footer, citizenFooter) {
			t.Errorf("%s: footer %q", p.Request.URL.Path, footer)
		}
		if !p.Doc.Find("body").HasClass("staff-area") {
			t.Errorf("%s: body not marked as a staff page", p.Request.URL.Path)
		}
	}
	cp := sb.get("/saksbehandler/saker/" + e.ref)
	side, main := cp.Doc.Find(".case-layout > .case-side"), cp.Doc.Find(".case-layout > .case-main")
	if side.Find("#deadlines").Length() != 1 || side.Find("#action-vedtak").Length() != 1 || side.Find("#action-notat").Length() != 1 {
		t.Error("the deadlines and actions are not in the side column")
	}
	if main.Find("#hendelser").Length() != 1 || main.Find("#deadlines").Length() != 0 {
		t.Error("the timeline is not in the main column")
	}
	citizen := e.citizen.get("/saker/" + e.ref)
	if !strings.Contains(citizen.Doc.Find("footer").Text(), citizenFooter) || citizen.Doc.Find("body").HasClass("staff-area") {
		t.Error("the citizen's page lost its footer or layout")
	}
}
