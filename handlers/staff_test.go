package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
	"kvp/usecase"
)

// staffEnv is a portal with a submitted application and staff accounts:
// two caseworkers and a lead at Kongsvinger, one caseworker elsewhere.
type staffEnv struct {
	st      *store.Store
	clock   *testkit.Clock
	citizen *client
	ref     string
	newC    func() *client
}

func newStaffEnv(t *testing.T) *staffEnv {
	t.Helper()
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "siri@nav.test", "Siri Saksbehandler", "caseworker", "3401")
	testkit.Staff(t, st, "per@nav.test", "Per Saksbehandler", "caseworker", "3401")
	testkit.Staff(t, st, "lars@nav.test", "Lars Leder", "lead", "3401")
	testkit.Staff(t, st, "dina@nav.test", "Dina Demoby", "caseworker", "9991")
	citizen := newClient(t, app)
	citizen.login(persons(t)[1].NationalID)
	fillApplication(t, citizen)
	expectRedirect(t, citizen.upload("lege.pdf", readFixture(t, "valid.pdf"), url.Values{"fra": {"oppsummering"}}), "/soknad/oppsummering")
	id, _ := citizen.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := citizen.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	ref := strings.TrimSuffix(strings.TrimPrefix(loc, "/saker/"), "/kvittering")
	return &staffEnv{st: st, clock: clock, citizen: citizen, ref: ref, newC: func() *client { return newClient(t, app) }}
}

func staffLogin(t *testing.T, c *client, email string) {
	t.Helper()
	expectRedirect(t, c.post("/saksbehandler/logg-inn", url.Values{"email": {email}, "password": {testkit.StaffPassword}}), "/saksbehandler")
}

func caseVersion(t *testing.T, st *store.Store, ref string) string {
	t.Helper()
	cs, err := st.Case(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(cs.Version)
}

func TestStaffLogin(t *testing.T) {
	e := newStaffEnv(t)
	c := e.newC()
	expectRedirect(t, c.get("/saksbehandler"), "/saksbehandler/logg-inn?neste=%2Fsaksbehandler")
	// A citizen session is not a staff session.
	expectRedirect(t, e.citizen.get("/saksbehandler"), "/saksbehandler/logg-inn")
	wrongPw := c.post("/saksbehandler/logg-inn", url.Values{"email": {"siri@nav.test"}, "password": {"feil"}})
	unknown := c.post("/saksbehandler/logg-inn", url.Values{"email": {"ingen@nav.test"}, "password": {"feil"}})
	for _, p := range []*page{wrongPw, unknown} {
		expectStatus(t, p, http.StatusOK)
		if got := p.Doc.Find("#email-error").Text(); !strings.Contains(got, "E-posten eller passordet er feil") {
			t.Errorf("login error %q", got)
		}
		if v, _ := p.Doc.Find("#password").Attr("value"); v != "" {
			t.Error("password echoed back")
		}
	}
	staffLogin(t, c, "SIRI@nav.test")
	p := c.get("/saksbehandler")
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, e.ref) {
		t.Error("the new application is not in the inbox")
	}
	expectRedirect(t, c.post("/saksbehandler/logg-ut", nil), "/saksbehandler/logg-inn")
	expectRedirect(t, c.get("/saksbehandler"), "/saksbehandler/logg-inn")
}

func TestStaffSeeOnlyTheirOffices(t *testing.T) {
	e := newStaffEnv(t)
	other := e.newC()
	staffLogin(t, other, "dina@nav.test")
	cs, _ := e.st.Case(context.Background(), e.ref)
	for _, u := range []string{"/saksbehandler/saker/" + e.ref, "/saksbehandler/saker/" + e.ref + "/filer/" + cs.Files[0].FileID, "/saksbehandler/saker/" + e.ref + "/logg", "/saksbehandler?kontor=3401"} {
		expectStatus(t, other.get(u), http.StatusNotFound)
	}
	expectStatus(t, other.post("/saksbehandler/saker/"+e.ref+"/notat", url.Values{"text": {"x"}, "version": {"1"}}), http.StatusNotFound)
	if strings.Contains(other.get("/saksbehandler").Body, e.ref) {
		t.Error("another office's case in the inbox")
	}
	entries, _ := e.st.AuditForCase(context.Background(), e.ref)
	if len(entries) != 0 {
		t.Errorf("refused access was logged as access: %+v", entries)
	}
}

func TestStaffJourneyFromInboxToDecision(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	act := func(action string, form url.Values) *page {
		t.Helper()
		form.Set("version", caseVersion(t, e.st, e.ref))
		return sb.post(base+"/"+action, form)
	}

	// View and download are logged.
	p := sb.get(base)
	expectStatus(t, p, http.StatusOK)
	fileURL, _ := p.Doc.Find(`a[href^="` + base + `/filer/"]`).Attr("href")
	expectStatus(t, sb.get(fileURL), http.StatusOK)

	// Take the case.
	expectRedirect(t, act("ta", url.Values{}), base+"?utfort=ta")
	// An internal note is never shown to the citizen.
	expectRedirect(t, act("notat", url.Values{"text": {"Hemmelig intern vurdering"}}), base+"?utfort=notat")
	// Book a conversation in a week.
	meeting := dayAt(7, 10, 0)
	p = act("samtale", url.Values{"meetingDate": {iso(meeting)}, "meetingTime": {"10:00"}, "mode": {"office"}, "place": {"Servicetorget, Rådhusplassen 3"}})
	expectRedirect(t, p, base+"?utfort=samtale")
	// A meeting in the past is refused next to the field, typed values kept.
	p = act("samtale", url.Values{"meetingDate": {iso(day(-22))}, "meetingTime": {"10:00"}, "mode": {"phone"}, "place": {"Vi ringer"}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#meetingDate-error").Text(), "allerede vært") || p.Doc.Find(`.error-summary a[href="#meetingDate"]`).Length() != 1 {
		t.Errorf("past meeting: %s", p.Doc.Find(".error-summary").Text())
	}
	if v, _ := p.Doc.Find("#place").Attr("value"); v != "Vi ringer" {
		t.Errorf("typed place not kept: %q", v)
	}
	// Ask for documentation within two weeks.
	docsBy := day(14)
	expectRedirect(t, act("dokumentasjon", url.Values{"documents": {"Legeerklæring"}, "docReason": {"For å vurdere arbeidsevnen"}, "deadline": {iso(docsBy)}}), base+"?utfort=dokumentasjon")

	// The citizen sees each step in plain language and uploads the document.
	cp := e.citizen.get("/saker/" + e.ref)
	text := cp.Doc.Find("main").Text()
	for _, want := range []string{"Siri Saksbehandler", "kalt inn til en samtale", "Servicetorget, Rådhusplassen 3", meetingText(nb, meeting), "Legeerklæring", "innen " + nb.Date(docsBy)} {
		if !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
			t.Errorf("citizen's case page lacks %q", want)
		}
	}
	if strings.Contains(text, "Hemmelig intern vurdering") {
		t.Fatal("the internal note is shown to the citizen")
	}
	up := e.citizen.uploadTo("/saker/"+e.ref+"/dokumentasjon", "legeerklaering.pdf", readFixture(t, "valid.pdf"), nil)
	expectRedirect(t, up, "/saker/"+e.ref+"?sendt=dokument")
	expectRedirect(t, e.citizen.post("/saker/"+e.ref+"/flytt-samtale", url.Values{"message": {"Passer bedre tirsdag"}}), "/saker/"+e.ref+"?sendt=flytt")

	// Staff see what came in.
	p = sb.get(base)
	if !strings.Contains(p.Body, "legeerklaering.pdf") || !strings.Contains(p.Body, "Passer bedre tirsdag") {
		t.Error("staff do not see the uploaded document or the move request")
	}

	// Interim reply.
	expectedBy := day(53)
	expectRedirect(t, act("forelopig-svar", url.Values{"interimReason": {"Vi venter på legeerklæringen."}, "expectedBy": {iso(expectedBy)}}), base+"?utfort=forelopig-svar")
	if !strings.Contains(e.citizen.get("/saker/"+e.ref).Doc.Find("main").Text(), nb.Date(expectedBy)) {
		t.Error("the citizen does not see the interim reply's date")
	}

	// Decision: a start later than six months after applying is refused.
	limit := latestStart(now)
	late := limit.AddDate(0, 0, 9)
	decision := url.Values{"outcome": {"granted"}, "rules": {"Sosialtjenesteloven §§ 29–31"}, "facts": {"Søkeren har sterkt nedsatt arbeidsevne."}, "considerations": {"Programmet er egnet."}, "start": {iso(late)}, "end": {iso(cal.AddMonths(late, 24))}}
	p = act("vedtak", decision)
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#start-error").Text(), "siste dato for oppstart") {
		t.Errorf("late start: %q", p.Doc.Find("#start-error").Text())
	}
	if !strings.Contains(p.Doc.Find("#deadlines").Parent().Text(), nb.Date(limit)) {
		t.Error("the start limit is not shown")
	}
	decision.Set("start", iso(grantStart))
	decision.Set("end", iso(grantEnd))
	e.clock.Advance(days(1)) // the next day: both log in again
	staffLogin(t, sb, "siri@nav.test")
	e.citizen.login(persons(t)[1].NationalID)
	// The conversation is still to come: deciding needs a confirmation.
	decision.Set("bekreft", "ja")
	expectRedirect(t, act("vedtak", decision), base+"?utfort=vedtak")
	sendNotices(t, e) // the appeal deadline runs from the notice

	decided := e.clock.Now()
	appealBy := cal.AppealDeadline(decided)
	cs, _ := e.st.Case(context.Background(), e.ref)
	d := cs.LatestDecision()
	if cs.Status != casework.StatusDecided || d.Benefit == nil || iso(d.AppealDeadline) != iso(appealBy) {
		t.Fatalf("decision: %+v %+v, want the appeal deadline %s", cs.Status, d, iso(appealBy))
	}
	// Second notice due a week after it was made available, until opened.
	if got := sb.get(base).Doc.Find("#deadlines").Parent().Text(); !strings.Contains(got, nb.Date(decided.AddDate(0, 0, 7))) {
		t.Errorf("second notice date not shown: %s", got)
	}
	// The citizen reads the decision: reasons, period, benefit, appeal.
	text = e.citizen.get("/saker/" + e.ref).Doc.Find("main").Text()
	for _, want := range []string{"Vedtak: Innvilget", "Sosialtjenesteloven §§ 29–31", nb.Date(grantStart), nb.Date(appealBy), "Statsforvalteren", "se dokumentene"} {
		if !strings.Contains(text, want) {
			t.Errorf("decision letter lacks %q", want)
		}
	}
	cs, _ = e.st.Case(context.Background(), e.ref)
	if cs.DecisionOpenedAt.IsZero() || !cs.SecondNoticeDue().IsZero() {
		t.Error("opening the decision was not recorded")
	}
	// After the decision no more actions.
	p = act("notat", url.Values{"text": {"etter vedtak"}})
	expectRedirect(t, p, base+"?utfort=notat") // notes are still allowed
	p = act("ta", url.Values{})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, "Saken er avsluttet") || p.Doc.Find(`.error-summary a[href="#hendelser"]`).Length() != 1 {
		t.Error("an action on a decided case was not refused with a working link")
	}
	if !strings.Contains(p.Doc.Find("#hendelser").Next().Text(), "Søknaden ble sendt.") {
		t.Error("the staff timeline does not speak of the applicant in the third person")
	}

	// Every view, download and change is in the audit log; the lead can
	// read it, a caseworker cannot.
	entries, _ := e.st.AuditForCase(context.Background(), e.ref)
	actions := map[string]int{}
	for _, a := range entries {
		actions[a.Action]++
		if a.Staff != "siri@nav.test" || a.Office != "3401" {
			t.Errorf("audit entry %+v", a)
		}
	}
	for _, a := range []string{"view", "download", "ta", "notat", "samtale", "dokumentasjon", "forelopig-svar", "vedtak"} {
		if actions[a] == 0 {
			t.Errorf("no audit entry for %s", a)
		}
	}
	expectStatus(t, sb.get(base+"/logg"), http.StatusNotFound)
	lead := e.newC()
	staffLogin(t, lead, "lars@nav.test")
	lp := lead.get(base + "/logg")
	expectStatus(t, lp, http.StatusOK)
	if lp.Doc.Find("tbody tr").Length() < len(entries) || !strings.Contains(lp.Body, "Fattet vedtak") {
		t.Error("the lead's audit view is incomplete")
	}
}

func TestConcurrentChangeIsRefused(t *testing.T) {
	e := newStaffEnv(t)
	a, b := e.newC(), e.newC()
	staffLogin(t, a, "siri@nav.test")
	staffLogin(t, b, "per@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	va, _ := a.get(base).Doc.Find(`form[action$="/notat"] input[name="version"]`).Attr("value")
	vb, _ := b.get(base).Doc.Find(`form[action$="/notat"] input[name="version"]`).Attr("value")
	expectRedirect(t, a.post(base+"/notat", url.Values{"text": {"Fra Siri"}, "version": {va}}), base)
	p := b.post(base+"/notat", url.Values{"text": {"Fra Per"}, "version": {vb}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, "endret av noen andre") {
		t.Error("no conflict message")
	}
	if p.Doc.Find("#text").Text() != "Fra Per" {
		t.Error("the second writer's text was not kept")
	}
	cs, _ := e.st.Case(context.Background(), e.ref)
	notes := 0
	for _, ev := range cs.Events {
		if ev.Type == casework.EventNote {
			notes++
			if ev.Text != "Fra Siri" {
				t.Errorf("note %q", ev.Text)
			}
		}
	}
	if notes != 1 {
		t.Errorf("%d notes stored", notes)
	}
}

func TestInboxViewsAndDeadlines(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	p := sb.get("/saksbehandler?vis=new")
	if p.Doc.Find("tbody tr").Length() != 1 || !strings.Contains(p.Doc.Find(`.tabs a[aria-current]`).Text(), "(1)") {
		t.Errorf("new view: %s", p.Doc.Find("main").Text())
	}
	// Two days before the interim reply is due it is due soon; the job
	// marks it and the deadline view shows it with a text label.
	due := cal.InterimReplyDue(now)
	e.clock.Advance(days(casework.DaysUntil(now, due) - 2))
	if n, err := usecase.NewStaff(e.st, casework.NorwegianCalendar(), e.clock.Now, nil).MarkDeadlines(context.Background()); err != nil || n != 1 {
		t.Fatalf("marked %d: %v", n, err)
	}
	if n, _ := usecase.NewStaff(e.st, casework.NorwegianCalendar(), e.clock.Now, nil).MarkDeadlines(context.Background()); n != 0 {
		t.Error("marking again changed something")
	}
	staffLogin(t, sb, "siri@nav.test")
	p = sb.get("/saksbehandler?vis=deadlines")
	row := p.Doc.Find("tbody tr")
	if row.Length() != 1 || !strings.Contains(row.Text(), "Frist snart") || !row.HasClass("deadline-soon") {
		t.Errorf("deadline view: %s", p.Doc.Find("main").Text())
	}
	// The day after, it is overdue.
	e.clock.Advance(days(3))
	_, _ = usecase.NewStaff(e.st, casework.NorwegianCalendar(), e.clock.Now, nil).MarkDeadlines(context.Background())
	staffLogin(t, sb, "siri@nav.test")
	if !strings.Contains(sb.get("/saksbehandler?vis=deadlines").Doc.Find("tbody").Text(), "Frist passert") {
		t.Error("overdue not shown")
	}
	// Taken by Siri: in "mine".
	v := caseVersion(t, e.st, e.ref)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+e.ref+"/ta", url.Values{"version": {v}}), "/saksbehandler/saker/")
	if sb.get("/saksbehandler?vis=mine").Doc.Find("tbody tr").Length() != 1 {
		t.Error("taken case not in mine")
	}
}

func TestCitizenWithdraws(t *testing.T) {
	e := newStaffEnv(t)
	p := e.citizen.post("/saker/"+e.ref+"/trekk", nil)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#confirm-error").Length() != 1 {
		t.Error("withdrawal without confirmation")
	}
	expectRedirect(t, e.citizen.post("/saker/"+e.ref+"/trekk", url.Values{"confirm": {"ja"}}), "/saker/"+e.ref+"?sendt=trukket")
	cs, _ := e.st.Case(context.Background(), e.ref)
	if cs.Status != casework.StatusWithdrawn || cs.Events[len(cs.Events)-1].Type != casework.EventWithdrawn {
		t.Errorf("after withdrawal: %s", cs.Status)
	}
	// A new application can be started now.
	expectRedirect(t, e.citizen.post("/soknad", nil), "/soknad")
	if rec, _ := e.st.Person(context.Background(), cs.Owner.NationalID); rec.Draft == nil {
		t.Error("no new draft after withdrawal")
	}
}

func TestExtensionIsADecisionOfItsOwn(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	post := func(action string, form url.Values) *page {
		form.Set("version", caseVersion(t, e.st, e.ref))
		return sb.post(base+"/"+action, form)
	}
	expectRedirect(t, post("vedtak", url.Values{"outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(grantStart)}, "end": {iso(grantEnd)}}), base+"?utfort=vedtak")
	p := post("forleng", url.Values{"newEnd": {iso(cal.AddMonths(grantEnd, 13))}, "extRules": {"r"}, "extFacts": {"f"}, "extConsiderations": {"c"}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#newEnd-error").Text(), "høyst ett år") {
		t.Errorf("too long extension: %q", p.Doc.Find(".error-summary").Text())
	}
	expectRedirect(t, post("forleng", url.Values{"newEnd": {iso(extendedEnd)}, "extRules": {"Særlige grunner"}, "extFacts": {"f"}, "extConsiderations": {"c"}}), base+"?utfort=forleng")
	text := e.citizen.get("/saker/" + e.ref).Doc.Find("main").Text()
	if !strings.Contains(text, "Programmet er forlenget") || !strings.Contains(text, nb.Date(extendedEnd)) {
		t.Error("the citizen does not see the extension")
	}
}
