package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
)

func TestConversationLoggedInJS(t *testing.T)   { conversationLoggedIn(t, true) }
func TestConversationLoggedInNoJS(t *testing.T) { conversationLoggedIn(t, false) }

// conversationLoggedIn asks for a conversation while logged in, from
// «Mine saker»: the form takes the name from the login (one empty post
// first shows the errors, with none for the name), the receipt leads to
// the request's case page, and «Mine saker» lists the request with its
// status. A caseworker, in a browser context of their own, finds the
// request (marked as from someone logged in) and books it; the person then
// sees the time and the place on «Mine saker» and on the case page. Every
// page on the way, for both, must have zero axe-core violations. With js
// false, the same runs with script execution disabled.
func conversationLoggedIn(t *testing.T, js bool) {
	citizen := newSessionTimeout(t, js, 90*time.Second)
	testkit.Staff(t, citizen.st, caseworkerEmail, caseworkerName, "caseworker", "3401")
	nb := norwegian(t)
	me := firstTestPerson(t)
	loc := casework.Location()

	citizen.open("/logg-inn", 200)
	citizen.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login")
	citizen.assertPath("/mine-saker")
	citizen.assertText("main", "Du har ikke sendt noen søknad eller bedt om en samtale.")
	citizen.checkPage("my cases, empty")

	// The form, reached from «Mine saker»: the name comes from the login.
	citizen.assertText(`main a[href="/samtale"]`, "Be om en samtale")
	citizen.clickAndWait(`main a[href="/samtale"]`, "open the conversation form")
	citizen.assertPath("/samtale")
	citizen.assertText("main h1", "Be om en samtale med NAV-kontoret")
	if citizen.exists("#name") {
		t.Errorf("the form asks for the name of a person who is logged in")
	}
	citizen.assertText("main dl.summary", "Navn", me.Name)
	citizen.checkPage("conversation form, logged in")

	submit := `main form[action="/samtale"] button[type=submit]`
	citizen.clickAndWait(submit, "send the empty form")
	citizen.assertPath("/samtale")
	citizen.assertText("main .error-summary", "Skriv telefonnummer eller e-post", "Velg kommunen du bor i.",
		"Velg minst ett tidspunkt som passer.", "Velg minst én måte å snakke på.")
	if citizen.exists("#name-error") || strings.Contains(citizen.text("main .error-summary"), "Skriv navnet ditt") {
		t.Errorf("a logged-in person is asked for the name: %q", citizen.text("main .error-summary"))
	}
	if got := mustEval[string](citizen, "document.title"); !strings.HasPrefix(got, "Feil:") {
		t.Errorf("document.title = %q, want it to start with %q when errors show", got, "Feil:")
	}
	citizen.checkPage("conversation form with errors, logged in")

	citizen.fill("#phone", "912 34 567")
	citizen.fill("#municipality", "3401")
	citizen.click("#times")
	citizen.click("#times-afternoon")
	citizen.click("#modes")
	citizen.fill("#message", "Jeg vil vite mer om programmet.")
	citizen.clickAndWait(submit, "send the request")
	ref := strings.TrimSpace(citizen.text("main .notice.success strong"))
	if !refPattern.MatchString(ref) {
		t.Fatalf("receipt reference %q does not match %s: %q", ref, refPattern, citizen.text("main"))
	}
	citizen.assertPath("/samtale/kvittering/" + ref)
	citizen.assertText("main h1", "Forespørselen om samtale er sendt")
	citizen.assertText("main", "NAV Kongsvinger",
		"NAV-kontoret tar kontakt og avtaler tid. Du ser tidspunktet under «Mine saker» når det er avtalt.")
	if strings.Contains(citizen.text("main"), "telefonnummeret eller e-postadressen du oppga") {
		t.Errorf("the receipt of a logged-in person says the office answers by the contact given")
	}
	citizen.checkPage("conversation receipt, logged in")

	// The receipt leads to the request's page.
	caseURL := "/saker/" + ref
	toCase := fmt.Sprintf(`main a[href="%s"]`, caseURL)
	citizen.assertText(toCase, "Gå til saken")
	citizen.clickAndWait(toCase, "go to the request")
	citizen.assertPath(caseURL)
	citizen.assertText("main h1", "Forespørsel om samtale")
	citizen.assertText("main .tag", "Ønsket")
	citizen.assertText("main ol.timeline", "Du ba om en samtale.")
	citizen.assertText("main dl.summary", "Formiddag (kl. 8–11)", "Ettermiddag (kl. 13–15.30)",
		"Oppmøte på NAV-kontoret", "Jeg vil vite mer om programmet.")
	if citizen.exists("main .notice") {
		t.Errorf("the request shows a meeting before one is booked: %q", citizen.text("main .notice"))
	}
	citizen.checkPage("conversation request, requested")

	// «Mine saker» lists it with its status, and no time yet.
	card := fmt.Sprintf(`main ul.cards li:has(a[href="%s"])`, caseURL)
	citizen.open("/mine-saker", 200)
	citizen.assertText(card, "Samtale "+ref, "Ønsket", "til NAV Kongsvinger")
	if citizen.exists(card + " p.meeting") {
		t.Errorf("«Mine saker» shows a time before one is booked: %q", citizen.text(card))
	}
	citizen.checkPage("my cases with the request")

	// The caseworker finds the request and books it.
	staffCase := "/saksbehandler/saker/" + ref
	staff := citizen.otherPerson()
	staff.open("/saksbehandler?vis=requests", 200)
	staff.assertPath("/saksbehandler/logg-inn")
	staffLogIn(staff, caseworkerEmail)
	row := fmt.Sprintf(`main table.inbox tbody tr:has(a[href="%s"])`, staffCase)
	if !staff.exists(row) {
		t.Fatalf("the inbox's conversation view does not list %s: %q", ref, staff.text("main"))
	}
	staff.assertText(row, "Samtale", "Ønsket")
	staff.checkPage("inbox, conversation requests")
	staff.clickAndWait(row+" a", "open the request")
	staff.assertPath(staffCase)
	staff.assertText("main h1", "Samtale "+ref+": "+me.Name)
	staff.assertText("main dl.summary", me.Name+" (innlogget)", "912 34 567", "Formiddag (kl. 8–11)",
		"Oppmøte på NAV-kontoret", "Jeg vil vite mer om programmet.")
	if staff.exists("main .notice.warning") {
		t.Errorf("the request of a logged-in person is marked as not logged in: %q", staff.text("main .notice.warning"))
	}
	staff.checkPage("staff conversation request")

	today := time.Now().In(loc)
	meetingAt := time.Date(today.Year(), today.Month(), today.Day()+3, 10, 0, 0, 0, loc)
	staff.openAction("samtale", "Book samtale")
	staff.setValue("meetingDate", meetingAt.Format("2006-01-02"))
	staff.setValue("meetingTime", "10:00")
	staff.click("#mode")
	if got := mustEval[string](staff, `document.querySelector("#mode").value`); got != "office" {
		t.Fatalf("the first meeting mode is %q, want office", got)
	}
	staff.fill("#place", "Servicetorget, Rådhusplassen 3")
	staff.fill(`form[action$="/samtale"] #message`, "Ta med legitimasjon.")
	staff.submitAction("samtale", "Book samtalen")
	staff.assertPath(staffCase)
	staff.assertText("main .notice.success", "Samtalen er booket.")
	staff.assertText("main .tag", "Avtalt")
	staff.checkPage("staff conversation, booked")

	// The person sees the time and the place on «Mine saker» and on the
	// request's page.
	when := nb.Weekday(meetingAt) + " " + nb.DateTime(meetingAt)
	citizen.open("/mine-saker", 200)
	citizen.assertText(card, "Samtale "+ref, "Avtalt", "Tid: "+when,
		"Oppmøte på NAV-kontoret: Servicetorget, Rådhusplassen 3")
	if strings.Contains(citizen.text(card), "Ønsket") {
		t.Errorf("«Mine saker» still shows the request as wished for: %q", citizen.text(card))
	}
	citizen.checkPage("my cases, booked")
	citizen.clickAndWait(card+" h3 a", "open the booked request")
	citizen.assertPath(caseURL)
	citizen.assertText("main .tag", "Avtalt")
	citizen.assertText("main .notice", "Du er kalt inn til en samtale.", when,
		"Oppmøte på NAV-kontoret: Servicetorget, Rådhusplassen 3", "Ta med legitimasjon.")
	citizen.assertText("main ol.timeline", "Du ba om en samtale.", "Du er kalt inn til en samtale.")
	citizen.checkPage("conversation request, booked")
}
