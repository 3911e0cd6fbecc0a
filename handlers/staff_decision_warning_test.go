package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Deciding before a booked conversation has been held, or before the
// deadline of a request for documents, comes back with a warning that
// says which, everything typed kept, and «Fatt vedtaket likevel»; that
// confirmation decides. Once the conversation's time and the deadline have
// passed, the decision goes through at once.
func TestDecisionWarnsBeforeMeetingOrDocumentDeadline(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	meeting := day(3).Add(10 * time.Hour)
	docsBy := day(10)
	expectRedirect(t, staffPost(t, e, sb, "/samtale", url.Values{"meetingDate": {iso(meeting)}, "meetingTime": {"10:00"}, "mode": {"office"}, "place": {"Servicetorget"}}), base+"?utfort=samtale")
	expectRedirect(t, staffPost(t, e, sb, "/dokumentasjon", url.Values{"documents": {"Kontoutskrift"}, "docReason": {"Vi trenger den"}, "deadline": {iso(docsBy)}}), base+"?utfort=dokumentasjon")

	decision := url.Values{"outcome": {"rejected"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"Søkeren er i arbeid."}, "considerations": {"Vilkårene er ikke oppfylt."}}
	p := staffPost(t, e, sb, "/vedtak", cloneValues(decision))
	expectStatus(t, p, http.StatusOK)
	warning := p.Doc.Find("#decision-warning").Text()
	for _, want := range []string{"Vil du fatte vedtaket nå?", "samtale med søkeren", "ikke holdt ennå", "Fristen for dokumentene", "Det du har skrevet, er tatt vare på"} {
		if !strings.Contains(warning, want) {
			t.Errorf("warning lacks %q: %q", want, warning)
		}
	}
	if p.Doc.Find(`.notice[role="alert"] a[href="#decision-warning"]`).Length() != 1 {
		t.Error("no notice at the top leading to the warning")
	}
	if open, _ := p.Doc.Find("#action-vedtak").Attr("open"); p.Doc.Find("#action-vedtak[open]").Length() != 1 {
		t.Errorf("the decision form is not open (%q)", open)
	}
	if got := p.Doc.Find("#facts").Text(); got != "Søkeren er i arbeid." {
		t.Errorf("facts not kept: %q", got)
	}
	if v, ok := p.Doc.Find(`#action-vedtak input[name="outcome"][value="rejected"]`).Attr("checked"); !ok {
		t.Errorf("outcome not kept %q", v)
	}
	confirm := p.Doc.Find(`#action-vedtak button[name="bekreft"][value="ja"]`)
	if confirm.Length() != 1 || strings.TrimSpace(confirm.Text()) != "Fatt vedtaket likevel" {
		t.Fatalf("no «Fatt vedtaket likevel» button: %q", confirm.Text())
	}
	if cs, _ := e.st.Case(context.Background(), e.ref); cs.CurrentDecision() != nil {
		t.Fatal("decided without the confirmation")
	}
	// With htmx the same answer.
	form := cloneValues(decision)
	form.Set("version", caseVersion(t, e.st, e.ref))
	form.Set("_csrf", sb.csrfFor(base))
	req, _ := http.NewRequest(http.MethodPost, base+"/vedtak", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	if hp := sb.do(req); hp.Doc.Find("#decision-warning").Length() != 1 {
		t.Errorf("htmx post: no warning (status %d)", hp.StatusCode)
	}

	confirmed := cloneValues(decision)
	confirmed.Set("bekreft", "ja")
	expectRedirect(t, staffPost(t, e, sb, "/vedtak", confirmed), base+"?utfort=vedtak")
	if cs, _ := e.st.Case(context.Background(), e.ref); cs.CurrentDecision() == nil {
		t.Error("the confirmed decision was not made")
	}

	// After the conversation and the deadline: no warning.
	e2 := newStaffEnv(t)
	sb2 := e2.newC()
	staffLogin(t, sb2, "siri@nav.test")
	base2 := "/saksbehandler/saker/" + e2.ref
	expectRedirect(t, staffPost(t, e2, sb2, "/samtale", url.Values{"meetingDate": {iso(meeting)}, "meetingTime": {"10:00"}, "mode": {"office"}, "place": {"Servicetorget"}}), base2+"?utfort=samtale")
	expectRedirect(t, staffPost(t, e2, sb2, "/dokumentasjon", url.Values{"documents": {"Kontoutskrift"}, "docReason": {"Vi trenger den"}, "deadline": {iso(docsBy)}}), base2+"?utfort=dokumentasjon")
	e2.clock.Advance(days(11))
	staffLogin(t, sb2, "siri@nav.test")
	expectRedirect(t, staffPost(t, e2, sb2, "/vedtak", cloneValues(decision)), base2+"?utfort=vedtak")
}
