package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/casework"
)

// relogin logs the caseworker and the citizen in again after the clock has
// moved past the sessions' idle time.
func relogin(t *testing.T, e *staffEnv, sb *client) {
	t.Helper()
	staffLogin(t, sb, "siri@nav.test")
	e.citizen.login(persons(t)[1].NationalID)
}

// staffPost posts a staff action on the case with its current version.
func staffPost(t *testing.T, e *staffEnv, sb *client, path string, form url.Values) *page {
	t.Helper()
	form.Set("version", caseVersion(t, e.st, e.ref))
	return sb.post("/saksbehandler/saker/"+e.ref+path, form)
}

func mainText(p *page) string { return p.Doc.Find("main").Text() }

func TestDismissedAppealKeepsTheDecision(t *testing.T) {
	e, sb := decided(t)
	id := sendSimpleAppeal(t, e)
	base := "/saker/" + e.ref
	// A missing reason has its own message.
	p := staffPost(t, e, sb, "/klage/"+id+"/avvis", url.Values{"dismissReason": {""}})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#dismissReason-error").Text(); !strings.Contains(got, "Skriv hvorfor klagen avvises.") {
		t.Errorf("missing dismissal reason: %q", got)
	}
	if strings.Contains(p.Doc.Find(".error-summary").Text(), "merknaden") {
		t.Error("the dismissal speaks of a note")
	}
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/avvis", url.Values{"dismissReason": {"Klagen gjelder ikke et vedtak i saken."}}), "/saksbehandler/saker/"+e.ref)

	cs, _ := e.st.Case(context.Background(), e.ref)
	if d := cs.LatestDecision(); d == nil || d.Outcome != casework.OutcomeRejected || d.AppealDeadline.IsZero() {
		t.Fatalf("the dismissal replaced the decision: %+v", d)
	}
	text := mainText(e.citizen.get(base))
	if !strings.Contains(text, "Vedtak: Avslått") || strings.Contains(text, "Vedtak: Avvist") {
		t.Errorf("the case page does not show the decision: %s", text)
	}
	if !strings.Contains(text, "senest "+nb.Date(cal.AppealDeadline(now))+".") || strings.Contains(text, "senest .") {
		t.Error("the appeal deadline is blank after the dismissal")
	}
	// The reason is in the appeal's own timeline.
	ap := mainText(e.citizen.get(base + "/klage/" + id))
	for _, want := range []string{"Klagen er avvist", "Dette er grunnen til at klagen ble avvist:", "Klagen gjelder ikke et vedtak i saken."} {
		if !strings.Contains(ap, want) {
			t.Errorf("the appeal page lacks %q", want)
		}
	}
	// Staff still see the decision's appeal deadline, and the reason.
	sp := sb.get("/saksbehandler/saker/" + e.ref)
	if !strings.Contains(sp.Doc.Find("#deadlines").Parent().Text(), nb.Date(cal.AppealDeadline(now))) {
		t.Error("the staff page lost the appeal deadline")
	}
	if !strings.Contains(sp.Doc.Find("#appeal-"+id).Text(), "Klagen gjelder ikke et vedtak i saken.") {
		t.Error("the staff page does not show the dismissal's reason")
	}
}

func TestDismissedApplicationCanBeAppealed(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	expectRedirect(t, staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"dismissed"}, "rules": {"Forvaltningsloven § 33"}, "facts": {"f"}, "considerations": {"c"}}), "/saksbehandler/saker/"+e.ref)
	base := "/saker/" + e.ref
	cp := e.citizen.get(base)
	if !strings.Contains(mainText(cp), "Vedtak: Avvist") || cp.Doc.Find(`a[href="`+base+`/klage"]`).Length() != 1 {
		t.Error("a dismissed application offers no appeal")
	}
	expectStatus(t, e.citizen.get(base+"/klage"), http.StatusOK)
}

func TestCasePageShowsTheAppealDeadlineAndDaysLeft(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	deadline := func() string { return e.citizen.get(base).Doc.Find("#appeal-deadline, #toolate").Text() }
	button := func() int { return e.citizen.get(base).Doc.Find(`a[href="` + base + `/klage"]`).Length() }
	// The decision and its notice now: the deadline is three weeks later,
	// moved to a working day.
	by := cal.AppealDeadline(now)
	if got := deadline(); !strings.Contains(got, "Klagefristen er "+nb.Date(by)+".") || !strings.Contains(got, appealDays(now, by)) {
		t.Errorf("day of the decision: %q", got)
	}
	e.clock.Advance(days(casework.DaysUntil(now, by) - 1))
	relogin(t, e, sb)
	if got := deadline(); !strings.Contains(got, "Du har 1 dag igjen.") {
		t.Errorf("the day before: %q", got)
	}
	if got := e.citizen.get(base + "/klage").Doc.Find(".notice").Text(); !strings.Contains(got, "Du har 1 dag igjen.") || strings.Contains(got, "1 dager") {
		t.Errorf("the appeal form the day before: %q", got)
	}
	e.clock.Advance(days(1))
	relogin(t, e, sb)
	if got := deadline(); !strings.Contains(got, "I dag er siste dag du kan klage.") || strings.Contains(got, "0 dager") {
		t.Errorf("the last day: %q", got)
	}
	e.clock.Advance(days(1))
	relogin(t, e, sb)
	if got := deadline(); !strings.Contains(got, "Klagefristen gikk ut "+nb.Date(by)) || !strings.Contains(got, "forklare hvorfor") {
		t.Errorf("after the deadline: %q", got)
	}
	if button() != 1 {
		t.Error("a late appeal is not offered")
	}
	e.clock.Advance(days(365))
	relogin(t, e, sb)
	if got := deadline(); !strings.Contains(got, "kan ikke lenger påklages") || !strings.Contains(got, "55 55 33 33") {
		t.Errorf("more than a year after: %q", got)
	}
	if button() != 0 {
		t.Error("an appeal is offered more than a year after the decision")
	}
}

func TestReturnedByStatsforvalterenGoesBackToTheOffice(t *testing.T) {
	e, sb := decided(t)
	id := sendSimpleAppeal(t, e)
	base := "/saker/" + e.ref
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/oppretthold", url.Values{"sumFacts": {"f"}, "sumAssessment": {"a"}, "sumArguments": {"g"}, "commentDeadline": {iso(day(14))}}), "/saksbehandler/saker/"+e.ref)
	e.clock.Advance(days(15)) // past the comment deadline
	relogin(t, e, sb)
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/oversend", url.Values{}), "/saksbehandler/saker/"+e.ref)
	res := sb.uploadField("/saksbehandler/saker/"+e.ref+"/klage/"+id+"/sf-resultat", "letter", "brev.pdf", readFixture(t, "valid.pdf"), url.Values{"bodyOutcome": {"overturned"}, "version": {caseVersion(t, e.st, e.ref)}})
	expectRedirect(t, res, "/saksbehandler/saker/"+e.ref)

	cs, _ := e.st.Case(context.Background(), e.ref)
	if cs.Status != casework.StatusAssessing || !cs.Open() {
		t.Fatalf("status after the return: %s", cs.Status)
	}
	// The citizen is told, and the overturned decision is no longer the
	// decision in force (no appeal against it).
	cp := e.citizen.get(base)
	text := mainText(cp)
	if !strings.Contains(text, "Saken din behandles på nytt") || !strings.Contains(text, "Det gamle vedtaket gjelder ikke lenger") {
		t.Errorf("the citizen is not told of the return: %s", text)
	}
	if cp.Doc.Find(`a[href="`+base+`/klage"]`).Length() != 0 {
		t.Error("an appeal against the overturned decision is offered")
	}
	if !strings.Contains(cp.Doc.Find("details").Text(), "Vedtak: Avslått") {
		t.Error("the overturned decision is not kept under earlier decisions")
	}
	if !strings.Contains(mainText(e.citizen.get(base+"/klage/"+id)), "behandler søknaden din på nytt") {
		t.Error("the appeal page does not say that the office decides again")
	}
	// Staff see the return and can decide again; the start may be six
	// months after the new decision, later than six months after the
	// application.
	sp := sb.get("/saksbehandler/saker/" + e.ref)
	if !strings.Contains(sp.Doc.Find("#appeal-"+id).Text(), "fatt nytt vedtak") || sp.Doc.Find(`form[action$="/vedtak"]`).Length() != 1 {
		t.Fatal("staff cannot make the new decision")
	}
	tooLate := latestStart(e.clock.Now()).AddDate(0, 0, 1)
	p := staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(tooLate)}, "end": {iso(cal.AddMonths(tooLate, 12))}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#start-error").Text(), "det nye vedtaket") {
		t.Errorf("start after the new limit: %q", p.Doc.Find("#start-error").Text())
	}
	start := latestStart(now).AddDate(0, 0, 7)
	expectRedirect(t, staffPost(t, e, sb, "/vedtak", url.Values{"outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(start)}, "end": {iso(cal.AddMonths(start, 12))}}), "/saksbehandler/saker/"+e.ref)
	cp = e.citizen.get(base)
	text = mainText(cp)
	if !strings.Contains(cp.Doc.Find("section.letter").First().Text(), "Vedtak: Innvilget") || strings.Contains(text, "Saken din behandles på nytt") {
		t.Errorf("the new decision is not shown first: %s", text)
	}
	if !strings.Contains(cp.Doc.Find("details").Text(), "Vedtak: Avslått") || cp.Doc.Find(`a[href="`+base+`/klage"]`).Length() != 1 {
		t.Error("after the new decision: the old one is not kept, or the new one cannot be appealed")
	}
}

func TestLateAppealReversedToAGrant(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	// 200 days later: past six months after the application.
	e.clock.Advance(days(200))
	relogin(t, e, sb)
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Innvilg"}, "lateReason": {"Jeg lå på sykehus."}}), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}}).Header.Get("Location")
	id := strings.Split(strings.TrimPrefix(loc, base+"/klage/"), "/")[0]
	sp := sb.get("/saksbehandler/saker/" + e.ref)
	if !strings.Contains(sp.Doc.Find("#action-klage-omgjor").Text(), "tidligst "+nb.Date(now)) {
		t.Error("the reversal form does not show the start limits")
	}
	tooLate := latestStart(e.clock.Now()).AddDate(0, 0, 2)
	form := url.Values{"result": {"reversed"}, "outcome": {"granted"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(tooLate)}, "end": {iso(cal.AddMonths(tooLate, 12))}}
	p := staffPost(t, e, sb, "/klage/"+id+"/omgjor", form)
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#start-error").Text(), "det nye vedtaket") {
		t.Errorf("start after six months from the reversal: %q", p.Doc.Find("#start-error").Text())
	}
	if got := strings.TrimSpace(p.Doc.Find("#rules").Text()); got != "Sosialtjenesteloven § 29" {
		t.Errorf("typed rules not kept: %q", got)
	}
	start := day(220)
	form.Set("start", iso(start))
	form.Set("end", iso(cal.AddMonths(start, 24)))
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/omgjor", form), "/saksbehandler/saker/"+e.ref)
	cs, _ := e.st.Case(context.Background(), e.ref)
	if d := cs.LatestDecision(); !d.Granted() || cs.Appeal(id).OfficeResult != casework.AppealReversed {
		t.Errorf("the late appeal was not reversed to a grant: %+v", d)
	}
}

func TestAppealTimelineHasReceivedAndInterimReply(t *testing.T) {
	e, sb := decided(t)
	id := sendSimpleAppeal(t, e)
	path := "/saker/" + e.ref + "/klage/" + id
	if !strings.Contains(e.citizen.get(path).Doc.Find(".timeline").Text(), "NAV-kontoret har mottatt klagen.") {
		t.Error("no received entry in the appeal's timeline")
	}
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/forelopig-svar", url.Values{"appealInterimReason": {"Vi venter på uttalelse fra legen din."}, "appealExpectedBy": {iso(day(58))}}), "/saksbehandler/saker/"+e.ref)
	ap := e.citizen.get(path)
	tl := ap.Doc.Find(".timeline").Text()
	for _, want := range []string{"Foreløpig svar: klagen tar lengre tid.", "Vi venter på uttalelse fra legen din.", nb.Date(day(58))} {
		if !strings.Contains(tl, want) {
			t.Errorf("the appeal's timeline lacks %q", want)
		}
	}
	letter := ap.Doc.Find("section.letter").Text()
	for _, want := range []string{"Foreløpig svar: Klagen din tar lengre tid", "forvaltningsloven § 11 a", "Vi venter på uttalelse fra legen din.", nb.Date(day(58))} {
		if !strings.Contains(letter, want) {
			t.Errorf("the appeal's interim letter lacks %q", want)
		}
	}
}

func TestLateAtSendingGoesBackToTheForm(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Jeg vil ha programmet."}, "reasons": {"Helsen min er ikke vurdert."}}), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	// The deadline passes before the person sends.
	e.clock.Advance(days(casework.DaysUntil(now, cal.AppealDeadline(now)) + 1))
	relogin(t, e, sb)
	p := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`.error-summary a[href="#lateReason"]`).Length() != 1 || p.Doc.Find("textarea#lateReason").Length() != 1 || p.Doc.Find("#lateReason-error").Length() != 1 {
		t.Fatalf("the late reason error leads nowhere: %s", p.Doc.Find("main").Text())
	}
	if got := strings.TrimSpace(p.Doc.Find("#change").Text()); got != "Jeg vil ha programmet." {
		t.Errorf("typed change not kept: %q", got)
	}
	if got := strings.TrimSpace(p.Doc.Find("#reasons").Text()); got != "Helsen min er ikke vurdert." {
		t.Errorf("typed reasons not kept: %q", got)
	}
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Jeg vil ha programmet."}, "reasons": {"Helsen min er ikke vurdert."}, "lateReason": {"Jeg fikk ikke brevet."}}), base+"/klage/oppsummering")
	expectRedirect(t, e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}}), base+"/klage/")
	cs, _ := e.st.Case(context.Background(), e.ref)
	if len(cs.Appeals) != 1 || !cs.Appeals[0].Late || cs.Appeals[0].Reasons != "Helsen min er ikke vurdert." {
		t.Errorf("stored appeal: %+v", cs.Appeals)
	}
}

func TestTooLateAtSendingExplainsWhy(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Innvilg søknaden."}}), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	e.clock.Advance(days(370))
	relogin(t, e, sb)
	p := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`.error-summary a[href="#toolate"]`).Length() != 1 || !strings.Contains(p.Doc.Find("#toolate").Text(), "55 55 33 33") {
		t.Errorf("the too-late error leads nowhere: %s", mainText(p))
	}
	if cs, _ := e.st.Case(context.Background(), e.ref); len(cs.Appeals) != 0 || cs.AppealDraft == nil {
		t.Error("a too-late appeal was filed, or the draft was lost")
	}
}
