package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kvp/casework"
	"kvp/handlers"
	"kvp/i18n"
	"kvp/internal/testkit"
)

// The staff accounts of the staff tests, all at Kongsvinger (3401), where
// the citizen applies.
const (
	caseworkerEmail = "siri@nav.test"
	caseworkerName  = "Siri Saksbehandler"
	leadEmail       = "lars@nav.test"
	leadName        = "Lars Leder"
	citizenName     = "Kari Nordmann"
)

// TestCaseworkJourney follows one case from the application to a decision
// with the citizen and the caseworker in two browser contexts of their own:
// the caseworker logs in, finds the new case in the inbox, takes it, books
// a conversation, asks for a document, sees the citizen's upload, sends
// the interim reply and grants the application. After each step the
// citizen's case page says what happened in plain language. The office
// lead then reads the case's audit log. Every staff page used, and the
// citizen's case page at each stage, must have zero axe-core violations.
func TestCaseworkJourney(t *testing.T) {
	citizen := newSessionTimeout(t, true, 150*time.Second)
	testkit.Staff(t, citizen.st, caseworkerEmail, caseworkerName, "caseworker", "3401")
	testkit.Staff(t, citizen.st, leadEmail, leadName, "lead", "3401")
	nb := norwegian(t)
	loc := casework.Location()
	cal := casework.NorwegianCalendar()
	today := time.Now().In(loc)
	day := func(n int) time.Time { return time.Date(today.Year(), today.Month(), today.Day()+n, 0, 0, 0, 0, loc) }
	iso := func(d time.Time) string { return d.Format("2006-01-02") }

	ref := applyForProgramme(citizen)
	caseURL := "/saker/" + ref
	citizen.open(caseURL, 200)
	citizen.assertText("main ol.timeline", "Du sendte søknaden.")
	citizen.checkPage("citizen's case, received")

	// The caseworker logs in, first with a wrong password.
	staff := citizen.otherPerson()
	staff.open("/saksbehandler/logg-inn", 200)
	staff.assertText("main h1", "Logg inn for ansatte")
	staff.checkPage("staff login")
	staff.fill("#email", caseworkerEmail)
	staff.fill("#password", "feil passord")
	staff.clickAndWait(`main form[action="/saksbehandler/logg-inn"] button[type=submit]`, "staff login, wrong password")
	staff.assertText("#email-error", "E-posten eller passordet er feil")
	if got := mustEval[string](staff, `document.querySelector("#password").value`); got != "" {
		t.Errorf("the password field keeps %q after a failed login", got)
	}
	staff.checkPage("staff login with an error")
	staffLogIn(staff, caseworkerEmail)
	staff.assertPath("/saksbehandler")

	// The inbox lists the new case; changing the sort order swaps the list
	// in place.
	row := fmt.Sprintf(`main table.inbox tbody tr:has(a[href="/saksbehandler/saker/%s"])`, ref)
	if !staff.exists(row) {
		t.Fatalf("the inbox does not list %s: %q", ref, staff.text("main"))
	}
	staff.assertText(row, citizenName, "Mottatt")
	staff.checkPage("inbox")
	sortAction := chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("sorter");
		s.value = "deadline"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	if swapped := staff.doAndWait(sortAction, "change #sorter", "sort the inbox by deadline"); !swapped {
		t.Errorf("changing the sort order did not swap the list with htmx")
	}
	if got := mustEval[string](staff, "location.search"); !strings.Contains(got, "sorter=deadline") {
		t.Errorf("the URL after sorting is %q, want sorter=deadline in it", got)
	}
	if !staff.exists(row) {
		t.Errorf("the inbox sorted by deadline does not list %s", ref)
	}
	staff.checkPage("inbox sorted by deadline")

	// Open the case and take it.
	staffCase := "/saksbehandler/saker/" + ref
	staff.clickAndWait(row+` a`, "open the case from the inbox")
	staff.assertPath(staffCase)
	staff.assertText("main h1", ref, citizenName)
	staff.assertText("main", "Ingen saksbehandler ennå")
	staff.checkPage("staff case, new")

	staff.openAction("ta", "Ta saken eller gi den til en kollega")
	if got := mustEval[string](staff, `document.querySelector("#assignee").value`); got != caseworkerEmail {
		t.Errorf("the assignee preselected is %q, want the caseworker herself", got)
	}
	staff.submitAction("ta", "Tildel saken")
	staff.assertText("main .notice.success", "Saken er tildelt.")
	staff.assertText("main", "Saksbehandler: "+caseworkerName)
	staff.checkPage("staff case, assigned")

	citizen.open(caseURL, 200)
	citizen.assertText("main ol.timeline", "En saksbehandler har tatt saken din: "+caseworkerName+".")
	citizen.assertText("main .tag", "Under behandling")
	citizen.checkPage("citizen's case, assigned")

	// An empty internal note is refused next to the field, in the open
	// form; a real one is saved and never shown to the citizen.
	staff.openAction("notat", "Skriv intern merknad")
	staff.submitAction("notat", "Lagre merknaden")
	if !staff.exists(`main details.action[open] form[action$="/notat"] #text-error`) {
		t.Fatalf("no error next to the empty note in an open form: %q", staff.text("main"))
	}
	staff.assertText("#text-error", "Skriv merknaden.")
	if !staff.exists(`main .error-summary a[href="#text"]`) {
		t.Errorf("no error summary linking to #text after an empty note")
	}
	staff.assertText("main details.action[open] > summary", "Skriv intern merknad")
	staff.checkPage("staff case, empty note")
	staff.fill("#text", "Intern vurdering: god motivasjon.")
	staff.submitAction("notat", "Lagre merknaden")
	staff.assertText("main .notice.success", "Merknaden er lagret.")
	staff.assertText("main ol.timeline li.internal", "Intern vurdering: god motivasjon.")

	// Book a conversation a few days ahead, first with nothing filled in:
	// the errors show in the form, which stays open.
	meetingAt := day(3).Add(10 * time.Hour)
	staff.openAction("samtale", "Book samtale")
	staff.submitAction("samtale", "Book samtalen")
	staff.assertText("main .error-summary", "Velg dato.", "Velg klokkeslett.", "Velg hvordan samtalen skal være.")
	if !staff.exists(`main details.action[open] form[action$="/samtale"] #meetingDate[aria-invalid="true"]`) {
		t.Errorf("the meeting form is not open with the date marked invalid after an empty post")
	}
	if got := mustEval[string](staff, `document.querySelector("form[action$='/samtale'] fieldset").getAttribute("aria-describedby") || ""`); got != "mode-error" {
		t.Errorf(`the meeting mode group has aria-describedby %q, want "mode-error"`, got)
	}
	staff.checkPage("staff case, empty meeting")
	staff.setValue("meetingDate", iso(meetingAt))
	staff.setValue("meetingTime", "10:00")
	staff.click("#mode")
	staff.fill("#place", "Servicetorget, Rådhusplassen 3")
	staff.submitAction("samtale", "Book samtalen")
	staff.assertText("main .notice.success", "Samtalen er booket.")
	staff.checkPage("staff case, meeting booked")

	meetingWhen := nb.Weekday(meetingAt) + " " + nb.DateTime(meetingAt)
	citizen.open(caseURL, 200)
	citizen.assertText("main ol.timeline", "Du er kalt inn til en samtale.", meetingWhen,
		"Oppmøte på NAV-kontoret: Servicetorget, Rådhusplassen 3")
	citizen.assertText("main", "Passer ikke tidspunktet for samtalen?")
	citizen.checkPage("citizen's case, meeting booked")

	// Ask for a document.
	deadline := day(14)
	staff.openAction("dokumentasjon", "Be om dokumentasjon")
	staff.fill("#documents", "Legeerklæring")
	staff.fill("#docReason", "For å vurdere arbeidsevnen")
	staff.setValue("deadline", iso(deadline))
	staff.submitAction("dokumentasjon", "Send forespørselen")
	staff.assertText("main .notice.success", "Forespørselen er sendt.")
	staff.checkPage("staff case, documents requested")

	// The citizen sees the meeting and the request, and uploads the
	// document.
	citizen.open(caseURL, 200)
	citizen.assertText("main", meetingWhen)
	citizen.assertText("main section.notice.warning",
		"NAV-kontoret trenger dokumentasjon fra deg innen "+nb.Date(deadline), "Legeerklæring")
	citizen.assertText("main ol.timeline",
		"NAV-kontoret ber om dokumentasjon innen "+nb.Date(deadline)+".", "Hvorfor: For å vurdere arbeidsevnen")
	citizen.checkPage("citizen's case, documents requested")
	citizen.upload("#file", writeTestPDF(t, "legeerklaering.pdf"))
	citizen.assertText(fmt.Sprintf(`main form[action="%s/dokumentasjon"] button[type=submit]`, caseURL), "Send dokumentet")
	citizen.clickAndWait(fmt.Sprintf(`main form[action="%s/dokumentasjon"] button[type=submit]`, caseURL), "send the document")
	citizen.assertPath(caseURL)
	citizen.assertText("main .notice.success", "Dokumentet er sendt til NAV-kontoret.")
	citizen.assertText("main ol.timeline", "Du sendte dokumentasjon: legeerklaering.pdf")
	citizen.assertText("main ul.files", "legeerklaering.pdf")
	citizen.checkPage("citizen's case, document sent")

	// The caseworker sees the file, then sends the interim reply.
	staff.open(staffCase, 200)
	staff.assertText("main ul.files", "legeerklaering.pdf")
	if !staff.exists(fmt.Sprintf(`main ul.files a[href^="%s/filer/"]`, staffCase)) {
		t.Errorf("the staff case page has no download link for the uploaded file")
	}
	staff.assertText("main ol.timeline", "legeerklaering.pdf")
	staff.checkPage("staff case, document received")

	expectedBy := day(40)
	staff.openAction("forelopig-svar", "Send foreløpig svar")
	staff.fill("#interimReason", "Vi venter på legeerklæringen.")
	staff.setValue("expectedBy", iso(expectedBy))
	staff.submitAction("forelopig-svar", "Send foreløpig svar")
	staff.assertText("main .notice.success", "Det foreløpige svaret er sendt.")
	staff.assertText("#deadlines + ul", "Foreløpig svar sendt "+nb.Date(today)+".")
	staff.checkPage("staff case, interim reply sent")

	citizen.open(caseURL, 200)
	citizen.assertText("main ol.timeline", "Foreløpig svar: saken tar lengre tid.",
		"Vi venter på legeerklæringen.", "Du kan vente vedtak senest "+nb.Date(expectedBy)+".")
	citizen.checkPage("citizen's case, interim reply")

	// Grant the application: a start within six months of today, an end
	// a year later.
	start := day(30)
	end := time.Date(start.Year()+1, start.Month(), start.Day(), 0, 0, 0, 0, loc)
	staff.openAction("vedtak", "Fatt vedtak")
	staff.click("#outcome")
	if got := mustEval[string](staff, `document.querySelector("#outcome").value`); got != "granted" {
		t.Fatalf("the first outcome is %q, want granted", got)
	}
	staff.fill("#rules", "Sosialtjenesteloven §§ 29–31")
	staff.fill("#facts", "Søkeren har sterkt nedsatt arbeidsevne.")
	staff.fill("#considerations", "Programmet er egnet.")
	staff.setValue("start", iso(start))
	staff.setValue("end", iso(end))
	staff.submitAction("vedtak", "Fatt vedtaket")
	// The conversation is still to come: the decision asks for a
	// confirmation, with what was typed kept.
	staff.assertText("#decision-warning", "Vil du fatte vedtaket nå?", "ikke holdt ennå")
	if got := mustEval[string](staff, `document.querySelector("#facts").value`); got != "Søkeren har sterkt nedsatt arbeidsevne." {
		t.Errorf("facts not kept with the warning: %q", got)
	}
	staff.checkPage("staff case, decision warning")
	staff.submitAction("vedtak", "Fatt vedtaket likevel")
	staff.assertText("main .notice.success", "Vedtaket er fattet")
	staff.assertText("main .tag", "Ferdig behandlet")
	// No mail server here, so the notice is not sent: the appeal deadline
	// starts when the citizen opens the decision.
	staff.assertText("#deadlines + ul", "Klagefristen har ikke begynt å løpe")
	if staff.exists(`main details.action form[action$="/vedtak"]`) {
		t.Errorf("the decided case still offers the decision form")
	}
	staff.checkPage("staff case, decided")

	// The citizen reads the decision letter.
	appealBefore := nb.Date(cal.AppealDeadline(time.Now()))
	citizen.open(caseURL, 200)
	appealAfter := nb.Date(cal.AppealDeadline(time.Now()))
	letter := citizen.text("main section.letter")
	for _, want := range []string{"Vedtak: Innvilget", "Fra " + nb.Date(start) + " til " + nb.Date(end) + ".",
		"Sosialtjenesteloven §§ 29–31", "Søkeren har sterkt nedsatt arbeidsevne.", "Programmet er egnet.",
		"Statsforvalteren"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the decision letter lacks %q: %q", want, letter)
		}
	}
	if !strings.Contains(letter, "Klagen må være sendt senest "+appealAfter) && !strings.Contains(letter, "Klagen må være sendt senest "+appealBefore) {
		t.Errorf("the decision letter lacks the appeal deadline %s: %q", appealAfter, letter)
	}
	citizen.assertText("main ol.timeline", "Vedtak: Innvilget.")
	if strings.Contains(citizen.text("main"), "Intern vurdering") {
		t.Errorf("the internal note is shown to the citizen")
	}
	if citizen.exists(`main form[action$="/trekk"]`) || citizen.exists(`main form[action$="/dokumentasjon"]`) {
		t.Errorf("the decided case still offers the citizen's forms")
	}
	citizen.checkPage("citizen's case, decided")

	// The caseworker cannot read the audit log; the lead can, after logging
	// in from the link to it.
	if staff.exists(fmt.Sprintf(`main a[href="%s/logg"]`, staffCase)) {
		t.Errorf("a caseworker is offered the audit log")
	}
	lead := citizen.otherPerson()
	lead.open(staffCase+"/logg", 200)
	lead.assertPath("/saksbehandler/logg-inn")
	staffLogIn(lead, leadEmail)
	lead.assertPath(staffCase + "/logg")
	lead.assertText("main h1", "Tilgangslogg for sak "+ref)
	lead.assertText("main table tbody", caseworkerName+" ("+caseworkerEmail+")",
		"Så saken", "Tildelte saken", "Skrev intern merknad", "Booket samtale", "Ba om dokumentasjon",
		"Sendte foreløpig svar", "Fattet vedtak")
	lead.checkPage("audit log")
}

// TestStaffInboxNoJS uses the inbox without JavaScript: the staff login,
// the view links ("Nye", "Frister") and the sort form sent with its
// button. Each page must have zero axe-core violations.
func TestStaffInboxNoJS(t *testing.T) {
	citizen := newSessionTimeout(t, false, 90*time.Second)
	testkit.Staff(t, citizen.st, caseworkerEmail, caseworkerName, "caseworker", "3401")
	ref := applyForProgramme(citizen)
	row := fmt.Sprintf(`main table.inbox tbody tr:has(a[href="/saksbehandler/saker/%s"])`, ref)

	staff := citizen.otherPerson()
	staff.open("/saksbehandler", 200)
	staff.assertPath("/saksbehandler/logg-inn")
	staff.checkPage("staff login")
	staffLogIn(staff, caseworkerEmail)
	staff.assertPath("/saksbehandler")
	if !staff.exists(row) {
		t.Fatalf("the inbox does not list %s: %q", ref, staff.text("main"))
	}
	staff.assertText(`main ul.tabs a[aria-current="page"]`, "Alle (1)")
	staff.checkPage("inbox")

	staff.clickAndWait(`main ul.tabs a[href*="vis=new"]`, "the view of new cases")
	if got := mustEval[string](staff, "location.search"); !strings.Contains(got, "vis=new") {
		t.Errorf("the view of new cases is at %q, want vis=new", got)
	}
	staff.assertText(`main ul.tabs a[aria-current="page"]`, "Nye (1)")
	if !staff.exists(row) {
		t.Errorf("the view of new cases does not list %s", ref)
	}
	staff.checkPage("inbox, new cases")

	staff.clickAndWait(`main ul.tabs a[href*="vis=deadlines"]`, "the deadline view")
	// The new case's interim reply is owed: its row shows that deadline,
	// so the deadline view lists it and counts it.
	staff.assertText(`main ul.tabs a[aria-current="page"]`, "Frister (1)")
	if !staff.exists(row) {
		t.Errorf("the deadline view does not list %s", ref)
	}
	if got := mustEval[string](staff, `document.querySelector("#sorter").value`); got != "deadline" {
		t.Errorf("the deadline view is sorted by %q, want deadline", got)
	}
	staff.checkPage("inbox, deadlines")

	// Back to all cases, sorted by the next deadline with the form's button.
	staff.clickAndWait(`main ul.tabs li:first-child a`, "all cases")
	staff.assertText(`main ul.tabs a[aria-current="page"]`, "Alle (1)")
	staff.fill("#sorter", "deadline")
	staff.clickAndWait(`main form.filters button[type=submit]`, "sort by deadline")
	staff.assertPath("/saksbehandler")
	if got := mustEval[string](staff, "location.search"); !strings.Contains(got, "sorter=deadline") {
		t.Errorf("the sorted inbox is at %q, want sorter=deadline", got)
	}
	if got := mustEval[string](staff, `document.querySelector("#sorter").value`); got != "deadline" {
		t.Errorf("#sorter = %q after sorting, want deadline", got)
	}
	if !staff.exists(row) {
		t.Errorf("the sorted inbox does not list %s", ref)
	}
	if !staff.exists(`main ul.tabs a[href*="vis=new"][href*="sorter=deadline"]`) {
		t.Errorf("the view links do not keep the sort order")
	}
	staff.checkPage("inbox sorted by deadline")
}

// applyForProgramme logs in as the first test person and sends a complete
// application to Kongsvinger (3401) by the shortest path: every step
// filled in once, no attachments. It returns the case reference. The
// application journey itself, with axe on every step, is
// applicationJourney.
func applyForProgramme(s *session) string {
	s.t.Helper()
	s.open("/logg-inn", 200)
	s.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login")
	s.assertPath("/mine-saker")
	s.open("/soknad", 200)
	s.clickAndWait(`main form[action="/soknad"] button[type=submit]`, "start the application")
	s.assertPath("/soknad/steg/om-deg")

	steps := []struct {
		next string
		fill func()
	}{
		{"/soknad/steg/bosted", func() {
			s.fill("#phone", "912 34 567")
			s.fill("#email", "kari@example.no")
			s.fill("#street", "Storgata 1")
			s.fill("#postalCode", "2212")
			s.fill("#postalTown", "Kongsvinger")
		}},
		{"/soknad/steg/situasjon", func() { s.fill("#municipality", "3401") }},
		{"/soknad/steg/mal", func() {
			s.click("#incomeSources-arbeid")
			s.fill("#workExperience", "Lagerarbeid i to år.")
			s.click("#education-videregaende")
		}},
		{"/soknad/steg/barn", func() { s.fill("#goal", "Jeg vil få fast jobb som lagermedarbeider.") }},
		{"/soknad/steg/bolig", func() { s.click("#hasChildren-nei") }},
		{"/soknad/steg/vedlegg", func() {
			s.click("#housing-leier")
			s.fill("#monthlyCost", "8500")
		}},
		{"/soknad/steg/samtykke", func() {}},
		{"/soknad/oppsummering", func() {
			s.click("#obtainInformation")
			s.click("#declaration")
		}},
	}
	for _, st := range steps {
		from := s.path()
		st.fill()
		s.submitStep("save " + from)
		if got := s.path(); got != st.next {
			s.t.Fatalf("after %s the portal is at %s, want %s: %q", from, got, st.next, s.text("main .error-summary"))
		}
	}
	s.clickAndWait(`main form[action="/soknad/send"] button[type=submit]`, "send the application")
	ref := strings.TrimSpace(s.text("main .notice.success strong"))
	if !refPattern.MatchString(ref) {
		s.t.Fatalf("receipt reference %q does not match %s", ref, refPattern)
	}
	return ref
}

// staffLogIn logs in on the staff login page the tab is at, and waits for
// the page the login leads to.
func staffLogIn(s *session, email string) {
	s.t.Helper()
	s.fill("#email", email)
	s.fill("#password", testkit.StaffPassword)
	s.clickAndWait(`main form[action="/saksbehandler/logg-inn"] button[type=submit]`, "staff login as "+email)
	if s.exists("main .error-summary") {
		s.t.Fatalf("staff login as %s failed: %q", email, s.text("main .error-summary"))
	}
}

// openAction opens the folded form of a staff action on the case page by
// clicking its summary, which must read summary.
func (s *session) openAction(action, summary string) {
	s.t.Helper()
	sel := fmt.Sprintf(`main details.action:has(> form[action$="/%s"]) > summary`, action)
	s.assertText(sel, summary)
	s.click(sel)
	s.waitFor(fmt.Sprintf(`!!document.querySelector(%s)`, jsString(`main details.action[open] > form[action$="/`+action+`"]`)),
		"the form of "+action+" to open")
}

// submitAction sends a staff action's form with its button, which must
// read label, and waits for the case page that follows.
func (s *session) submitAction(action, label string) {
	s.t.Helper()
	sel := fmt.Sprintf(`main form[action$="/%s"] button[type=submit]`, action)
	s.assertText(sel, label)
	s.clickAndWait(sel, "send "+action)
}

// setValue sets the value of the input with the id through the DOM: what
// typing into a date or time field does depends on the browser's locale.
func (s *session) setValue(id, value string) {
	s.t.Helper()
	expr := fmt.Sprintf(`(() => { const e = document.getElementById(%s); e.value = %s; return e.value; })()`, jsString(id), jsString(value))
	if got := mustEval[string](s, expr); got != value {
		s.t.Fatalf("#%s = %q after setting it to %q", id, got, value)
	}
}

// norwegian formats dates and times as the portal does in Bokmål.
func norwegian(t *testing.T) *handlers.Page {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &handlers.Page{L: b.For("nb")}
}
