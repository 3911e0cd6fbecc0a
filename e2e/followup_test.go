package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
)

func TestFollowUpJourneyJS(t *testing.T) { followUpJourney(t, true) }

func TestFollowUpJourneyNoJS(t *testing.T) { followUpJourney(t, false) }

// writeNotAPDF writes a text file under a name that ends in .pdf, as a
// document saved in another format and renamed often is.
func writeNotAPDF(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("Dette er et vanlig tekstdokument, ikke en PDF.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// clockDay is midnight in Oslo n days after the clock's date.
func clockDay(clock *testkit.Clock, n int) time.Time {
	y, m, d := clock.Now().In(casework.Location()).Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, casework.Location())
}

// followUpJourney: after applying, the citizen finds the booked
// conversation at the top of «Mine saker» and of the case page, answers a
// request for two documents one by one (a file that only says it is a PDF
// is refused with that reason; one document cannot be had, and they say
// why), and sends a message with a document of their own accord. The
// caseworker sees the case marked as new in the inbox, with a count, until
// they open it. Every page on the way has zero axe-core violations, with
// and without JavaScript.
func followUpJourney(t *testing.T, js bool) {
	clock := testkit.NewClock(testkit.Now())
	citizen := newSessionClock(t, js, 150*time.Second, clock)
	testkit.Staff(t, citizen.st, caseworkerEmail, caseworkerName, "caseworker", "3401")
	nb := norwegian(t)
	sd := newSeeder(citizen)

	ref := applyForProgramme(citizen)
	caseURL := "/saker/" + ref
	now := clock.Now()
	meetingAt := clockDay(clock, 3).Add(10 * time.Hour)
	deadline := clockDay(clock, 14)
	sd.change(ref, func(cs *casework.Case) error {
		if err := cs.Assign(sd.by, sd.by, now); err != nil {
			return err
		}
		if err := cs.RequestDocuments(casework.DocRequest{Documents: "Legeerklæring\nKontoutskrift for mars", Reason: "For å vurdere arbeidsevnen og økonomien", Deadline: deadline}, sd.by, now); err != nil {
			return err
		}
		return cs.BookMeeting(casework.Meeting{At: meetingAt, Mode: "office", Place: "Servicetorget, Rådhusplassen 3"}, sd.by, now)
	})
	when := nb.T("event.meeting.when", "Weekday", nb.Weekday(meetingAt), "Date", nb.DateTime(meetingAt))

	// «Mine saker»: the next conversation first, and the case in words.
	citizen.open("/mine-saker", 200)
	citizen.assertText("main section#samtale", "Din neste samtale", when, "Servicetorget, Rådhusplassen 3", caseworkerName, "Legeerklæring")
	citizen.assertText(fmt.Sprintf(`main ul.cards li:has(a[href="%s"]) .tag`, caseURL), "Under behandling")
	citizen.checkPage("my cases with the next conversation")

	// The case page: the conversation at the top, then the two documents.
	citizen.clickAndWait(fmt.Sprintf(`main section#samtale a[href="%s"]`, caseURL), "open the case from the panel")
	citizen.assertPath(caseURL)
	if first := mustEval[string](citizen, `(document.querySelector("main section, main h2") || {}).id || ""`); first != "samtale" {
		t.Errorf("the first section of the case page is %q, want the next conversation", first)
	}
	citizen.assertText("main section#samtale", when, "legitimasjon med bilde", "Passer ikke tidspunktet for samtalen?", "Legg samtalen i kalenderen din")
	citizen.assertText("main section#dokumentasjon", "NAV-kontoret trenger dokumentasjon fra deg innen "+nb.Date(deadline),
		"Legeerklæring", "Kontoutskrift for mars", "Ikke sendt ennå")
	citizen.assertText(`main section:has(#kontoret)`, "55 55 33 33", "Si at du vil snakke med NAV Kongsvinger.", "Åpningstider på kontoret")
	citizen.checkPage("case with a conversation and a request for two documents")
	citizen.assertHeadingWordsFit("case page")

	// A file that is named .pdf but is not one.
	upload := fmt.Sprintf(`main form[action="%s/dokumentasjon"] button[type=submit]`, caseURL)
	citizen.click("#item-1-1")
	citizen.upload("#file", writeNotAPDF(t, "kontoutskrift mars.pdf"))
	citizen.clickAndWait(upload, "send a file that is not a PDF")
	citizen.assertPath(caseURL + "/dokumentasjon")
	if !citizen.exists(`main .error-summary a[href="#file"]`) {
		t.Fatalf("no error summary linking to #file: %q", citizen.text("main"))
	}
	citizen.assertText("#file-error", "«kontoutskrift mars.pdf»: Filen heter .pdf, men er ikke en PDF.")
	if !mustEval[bool](citizen, `document.querySelector("#item-1-1").checked`) {
		t.Errorf("the chosen document is not kept after the error")
	}
	citizen.checkPage("case with a refused file")

	// The right file for the second document.
	citizen.upload("#file", writeTestPDF(t, "kontoutskrift mars.pdf"))
	citizen.clickAndWait(upload, "send the bank statement")
	citizen.assertPath(caseURL)
	citizen.assertText("main .notice.success", "Dokumentet er sendt til NAV-kontoret.")
	citizen.assertText("main section#dokumentasjon ul.docitems li:nth-child(2)", "Kontoutskrift for mars", "Sendt "+nb.Date(clock.Now()))
	citizen.assertText("main section#dokumentasjon ul.docitems li:nth-child(1)", "Legeerklæring", "Ikke sendt ennå")
	citizen.assertText("main ol.timeline", "Du sendte dokumentasjon: kontoutskrift mars.pdf", "Gjelder: Kontoutskrift for mars")
	citizen.checkPage("case with one of two documents sent")

	// The other cannot be had: say why.
	citizen.click("main details.cannot > summary")
	citizen.waitFor(`document.querySelector("main details.cannot").open`, "the form for a document that cannot be sent to open")
	reason := "Fastlegen min har sluttet, og jeg har ikke fått ny ennå."
	citizen.fill("#reason", reason)
	citizen.clickAndWait(fmt.Sprintf(`main form[action="%s/dokumentasjon/kan-ikke"] button[type=submit]`, caseURL), "explain the missing document")
	citizen.assertPath(caseURL)
	citizen.assertText("main .notice.success", "NAV-kontoret har fått forklaringen din.")
	if citizen.exists("main section#dokumentasjon") {
		t.Errorf("the request is still shown with both documents answered")
	}
	citizen.assertText("main ol.timeline", "Du forklarte hvorfor du ikke kan sende «Legeerklæring»:", reason)
	citizen.checkPage("case with both documents answered")

	// Something the office did not ask for.
	message := "Jeg har fått jobb 20 prosent fra mars. Kontrakten ligger ved."
	citizen.fill("#followUpMessage", message)
	citizen.upload("#followUpFile", writeTestPDF(t, "arbeidskontrakt.pdf"))
	citizen.clickAndWait(fmt.Sprintf(`main form[action="%s/ettersend"] button[type=submit]`, caseURL), "send a message with a document")
	citizen.assertPath(caseURL)
	citizen.assertText("main .notice.success", "Det du sendte, er kommet fram til NAV-kontoret.")
	citizen.assertText("main ol.timeline", "Du sendte dette til NAV-kontoret:", message, "arbeidskontrakt.pdf")
	citizen.checkPage("case after sending something unasked")

	// The caseworker: marked as new, with a count, until the case is opened.
	staff := citizen.otherPerson()
	staff.open("/saksbehandler", 200)
	staff.assertPath("/saksbehandler/logg-inn")
	staffLogIn(staff, caseworkerEmail)
	staff.assertPath("/saksbehandler")
	row := fmt.Sprintf(`main table.inbox tr:has(a[href="/saksbehandler/saker/%s"])`, ref)
	staff.assertText(row+" .tag-news", "Nytt fra søker: 3")
	staff.assertText(`main a[href*="vis=news"]`, "Nytt fra søker (1)")
	staff.checkPage("inbox with something new from the applicant")
	staff.clickAndWait(row+" a", "open the case")
	staff.assertText("main ol.timeline", "Søkeren sendte dokumentasjon: kontoutskrift mars.pdf",
		"Søkeren kan ikke sende «Legeerklæring»:", reason, "Søkeren sendte dette på eget initiativ:", message)
	staff.checkPage("staff case with what the applicant sent")
	staff.open("/saksbehandler", 200)
	if staff.exists(row + " .tag-news") {
		t.Errorf("the inbox still marks the case after it was opened: %q", staff.text(row))
	}
	staff.assertText(`main a[href*="vis=news"]`, "Nytt fra søker (0)")
}

func TestRefusalPageJS(t *testing.T) { refusalPage(t, true) }

func TestRefusalPageNoJS(t *testing.T) { refusalPage(t, false) }

// refusalPage: a refused application says so on «Mine saker», and its
// case page says who decided, what the person can do now and how to reach
// the office. The start of the application lists what to have ready and
// how long it takes, and every step offers help from the office.
func refusalPage(t *testing.T, js bool) {
	clock := testkit.NewClock(testkit.Now())
	s := newSessionClock(t, js, 90*time.Second, clock)
	sd := newSeeder(s)
	me := firstTestPerson(t)
	owner := casework.Person{NationalID: me.NationalID, Name: me.Name}
	now := clock.Now()
	refused := sd.application(owner, now.Add(-72*time.Hour), func(cs *casework.Case) error {
		return cs.Decide(casework.Decision{Outcome: casework.OutcomeRejected, Rules: "Sosialtjenesteloven § 29",
			Facts: "Søkeren er i jobb 80 prosent.", Considerations: "Arbeidsevnen er ikke vesentlig nedsatt."}, sd.tables, nil, false, sd.cal, sd.by, now.Add(-time.Hour))
	})

	s.open("/logg-inn", 200)
	s.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login")
	s.assertPath("/mine-saker")
	s.assertText(fmt.Sprintf(`main ul.cards li:has(a[href="/saker/%s"]) .tag`, refused.ID), "Avslått")
	s.checkPage("my cases with a refusal")

	s.open("/saker/"+refused.ID, 200)
	s.assertText("main .tag", "Avslått")
	s.assertText("main", "Vedtaket er fattet av "+caseworkerName+", saksbehandler ved NAV Kongsvinger.")
	s.assertText("main section:has(#refusal-heading)", "Hva kan du gjøre nå?", "økonomisk sosialhjelp",
		"be om å få snakke med NAV Kongsvinger", "kan du klage", "søke på nytt")
	s.checkPage("refused case")
	s.click(`main section:has(#refusal-heading) a[href="#kontoret"]`)
	s.waitFor(`location.hash === "#kontoret"`, "the link to the office's contact")
	s.assertText("main section:has(#kontoret)", "55 55 33 33", "Åpningstider på kontoret")

	// Applying again: what to have ready, how long it takes, and help.
	s.open("/soknad", 200)
	s.assertText("main", "Har du papirene klare, tar den 8–12 minutter.", "Dette er lurt å ha klart", "55 55 33 33")
	s.checkPage("application start")
	s.clickAndWait(`main form[action="/soknad"] button[type=submit]`, "start the application")
	s.assertPath("/soknad/steg/om-deg")
	s.assertText("main details.help > summary", "Trenger du hjelp med søknaden?")
	s.click("main details.help > summary")
	s.waitFor(`document.querySelector("main details.help").open`, "the help to open")
	s.assertText("main details.help", "55 55 33 33", "hverdager kl. 09.00–15.00", "Se adressen og åpningstidene til NAV-kontoret")
	s.checkPage("step om-deg with the help open")
}
