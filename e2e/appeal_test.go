package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"kvp/casework"
	"kvp/internal/testkit"
)

func TestAppealJourneyJS(t *testing.T) { appealJourney(t, true) }

func TestAppealJourneyNoJS(t *testing.T) { appealJourney(t, false) }

// appealJourney follows an appeal from the rejection to Statsforvalteren's
// result, with the citizen and the caseworker in browser contexts of their
// own. The caseworker rejects the application; the citizen appeals as a
// representative (one empty post first), uploads the power of attorney and
// a document on the check page and sends the appeal. The caseworker finds
// it in the inbox, reassesses and upholds the decision with a summary; the
// citizen comments on it. The portal's clock then moves past the comment
// deadline, both log in again, the caseworker forwards the case and
// records Statsforvalteren's result, and the citizen sees it. Every page on
// the way, for both, must have zero axe-core violations. With js false,
// the same journey runs with script execution disabled.
func appealJourney(t *testing.T, js bool) {
	clock := testkit.NewClock(testkit.Now())
	citizen := newSessionClock(t, js, 180*time.Second, clock)
	testkit.Staff(t, citizen.st, caseworkerEmail, caseworkerName, "caseworker", "3401")
	nb := norwegian(t)
	cal := casework.NorwegianCalendar()
	loc := casework.Location()

	ref := applyForProgramme(citizen)
	caseURL := "/saker/" + ref
	staffCase := "/saksbehandler/saker/" + ref

	// The caseworker rejects the application.
	staff := citizen.otherPerson()
	staff.open(staffCase, 200)
	staff.assertPath("/saksbehandler/logg-inn")
	staffLogIn(staff, caseworkerEmail)
	staff.assertPath(staffCase)
	staff.openAction("vedtak", "Fatt vedtak")
	staff.click("#outcome-rejected")
	staff.fill("#rules", "Sosialtjenesteloven § 29")
	staff.fill("#facts", "Søkeren er i jobb 80 prosent.")
	staff.fill("#considerations", "Arbeidsevnen er ikke vesentlig nedsatt.")
	staff.submitAction("vedtak", "Fatt vedtaket")
	staff.assertText("main .notice.success", "Vedtaket er fattet")
	staff.checkPage("staff case, rejected")

	// The citizen reads the decision letter with the appeal deadline.
	appealDeadline := nb.Date(cal.AppealDeadline(clock.Now()))
	citizen.open(caseURL, 200)
	citizen.assertText("main section.letter", "Vedtak: Avslått", "Sosialtjenesteloven § 29",
		"Arbeidsevnen er ikke vesentlig nedsatt.", "Klagen må være sendt senest "+appealDeadline)
	appealButton := fmt.Sprintf(`main a.button[href="%s/klage"]`, caseURL)
	citizen.assertText(appealButton, "Klag på vedtaket")
	citizen.checkPage("citizen's case, rejected")

	// The appeal form, first sent empty.
	citizen.clickAndWait(appealButton, "open the appeal form")
	citizen.assertPath(caseURL + "/klage")
	citizen.assertText("main h1", "Klag på vedtaket")
	citizen.assertText("main .notice", "Klagefristen er "+appealDeadline)
	if citizen.exists("#lateReason") {
		t.Errorf("an appeal in time is asked why it is late")
	}
	citizen.checkPage("appeal form")
	appealSubmit := fmt.Sprintf(`main form[action="%s/klage"] button[type=submit]`, caseURL)
	citizen.clickAndWait(appealSubmit, "send the empty appeal form")
	citizen.assertPath(caseURL + "/klage")
	if !citizen.exists(`main .error-summary a[href="#change"]`) {
		t.Fatalf("no error summary linking to #change after an empty appeal: %q", citizen.text("main"))
	}
	if got := mustEval[string](citizen, `document.querySelector("#change").getAttribute("aria-invalid") || ""`); got != "true" {
		t.Errorf(`#change aria-invalid = %q after an empty appeal, want "true"`, got)
	}
	if got := mustEval[string](citizen, "document.title"); !strings.HasPrefix(got, "Feil:") {
		t.Errorf("document.title = %q, want it to start with %q when errors show", got, "Feil:")
	}
	citizen.checkPage("appeal form with errors")

	// As a representative, with the counter under the textarea.
	citizen.click("#who-representative")
	citizen.typeInto("#repName", "Rita Rådgiver")
	counter := `main textarea#change ~ p.counter#change-count`
	if !citizen.exists(counter) {
		t.Fatalf("no character counter under #change")
	}
	if got := mustEval[string](citizen, `document.querySelector("#change").getAttribute("aria-describedby") || ""`); !strings.Contains(got, "change-count") {
		t.Errorf("#change aria-describedby = %q, want the counter in it", got)
	}
	change := "Jeg vil at søknaden blir innvilget."
	citizen.typeInto("#change", change)
	if js {
		want := fmt.Sprintf("Du har %d tegn igjen", 500-utf8.RuneCountInString(change))
		citizen.waitFor(fmt.Sprintf(`document.querySelector("#change-count").textContent === %s`, jsString(want)),
			"the counter to say "+want)
	} else if got := citizen.text("#change-count"); got != "Du kan skrive opptil 500 tegn." {
		t.Errorf("#change-count = %q without JavaScript, want the limit", got)
	}
	reasons := "Kontoret har ikke sett på helsen min."
	citizen.typeInto("#reasons", reasons)
	if js {
		citizen.assertText("#reasons-count", fmt.Sprintf("Du har %d tegn igjen", 1000-utf8.RuneCountInString(reasons)))
	}
	citizen.clickAndWait(appealSubmit, "continue to the appeal check page")
	checkURL := caseURL + "/klage/oppsummering"
	citizen.assertPath(checkURL)
	citizen.assertText("main h1", "Se over klagen før du sender")
	citizen.assertText("main dl.summary", "Avslått", "Fullmektig: Rita Rådgiver", change, reasons)
	changeLinks := mustEval[[]string](citizen, `[...document.querySelectorAll('main dl.summary a[href*="/klage#"]')].map(a => a.textContent)`)
	if len(changeLinks) != 3 {
		t.Errorf("the check page has %d change links, want 3: %q", len(changeLinks), changeLinks)
	}
	for _, want := range []string{"Endre Hvem klager?", "Endre Hva vil du ha endret?", "Endre Hvorfor mener du vedtaket er feil?"} {
		if !slices.Contains(changeLinks, want) {
			t.Errorf("the check page has no change link named %q: %q", want, changeLinks)
		}
	}
	citizen.checkPage("appeal check")

	// Sending without the power of attorney is refused next to its field.
	sendButton := fmt.Sprintf(`main form[action="%s/klage/send"] button[type=submit]`, caseURL)
	citizen.assertText(sendButton, "Send klagen")
	citizen.clickAndWait(sendButton, "send the appeal without the power of attorney")
	if !citizen.exists("#poa-error") || !citizen.exists(`main .error-summary a[href="#poa"]`) {
		t.Fatalf("no error for the missing power of attorney: %q", citizen.text("main"))
	}
	citizen.checkPage("appeal check without the power of attorney")

	// The power of attorney and one document.
	citizen.upload("#poa", writeTestPDF(t, "fullmakt.pdf"))
	citizen.assertText(`main form:has(#poa) button[type=submit]`, "Last opp filen")
	citizen.clickAndWait(`main form:has(#poa) button[type=submit]`, "upload the power of attorney")
	citizen.assertPath(checkURL)
	if citizen.exists("#poa") {
		t.Errorf("the check page still asks for the power of attorney after the upload")
	}
	citizen.assertText("main ul.files", "fullmakt.pdf")
	citizen.upload("#file", writeTestPDF(t, "legeerklaering.pdf"))
	citizen.assertText(`main form:has(#file) button[type=submit]`, "Last opp filen")
	citizen.clickAndWait(`main form:has(#file) button[type=submit]`, "upload a document")
	citizen.assertPath(checkURL)
	citizen.assertText("main", "legeerklaering.pdf")
	citizen.assertText("main", "regnes den som underskrevet")
	citizen.checkPage("appeal check with documents")

	// Send, and the receipt.
	citizen.clickAndWait(sendButton, "send the appeal")
	appealID := strings.TrimSpace(citizen.text("main .notice.success strong"))
	if !refPattern.MatchString(appealID) {
		t.Fatalf("appeal receipt reference %q does not match %s: %q", appealID, refPattern, citizen.text("main"))
	}
	appealURL := caseURL + "/klage/" + appealID
	citizen.assertPath(appealURL + "/kvittering")
	citizen.assertText("main h1", "Klagen er sendt")
	citizen.assertText("main", "underskrevet", "Kongsvinger")
	if js && !mustEval[bool](citizen, `!document.querySelector("main [data-print]").hidden`) {
		t.Errorf("the print button is hidden with JavaScript on")
	}
	citizen.checkPage("appeal receipt")
	citizen.assertText(fmt.Sprintf(`main a[href="%s"]`, appealURL), "Følg klagen")
	citizen.clickAndWait(fmt.Sprintf(`main a[href="%s"]`, appealURL), "follow the appeal")
	citizen.assertPath(appealURL)
	citizen.assertText("main h1", "Klagen din")
	citizen.assertText("main .tag", "Mottatt")
	citizen.assertText("main ol.timeline", "Klagen ble sendt.")
	citizen.checkPage("appeal, received")

	// The caseworker sees the appeal on the case page and in the inbox.
	appealSection := "#appeal-" + appealID
	staff.open(staffCase, 200)
	staff.assertText(appealSection, "Klage "+appealID, "I tide", "Fullmektig: Rita Rådgiver", change, reasons)
	if !staff.exists(appealSection + ` a[href^="` + staffCase + `/filer/"]`) {
		t.Errorf("the appeal has no link to the power of attorney")
	}
	staff.checkPage("staff case, appeal received")
	staff.open("/saksbehandler", 200)
	appealsTab := `main ul.tabs a[href*="vis=appeals"]`
	if got := staff.text(appealsTab); !strings.HasPrefix(got, "Klager") {
		t.Errorf("the appeals view link reads %q, want it to start with Klager", got)
	}
	staff.clickAndWait(appealsTab, "the inbox view of appeals")
	staff.assertText(`main ul.tabs a[aria-current="page"]`, "Klager (1)")
	row := fmt.Sprintf(`main table.inbox tbody tr:has(a[href="%s"])`, staffCase)
	if !staff.exists(row) {
		t.Fatalf("the appeals view does not list %s: %q", ref, staff.text("main"))
	}
	staff.assertText(row, "Klage i tide", citizenName)
	staff.checkPage("inbox, appeals")
	staff.clickAndWait(row+" a", "open the case from the appeals view")
	staff.assertPath(staffCase)

	// Reassess, then uphold with a summary (first sent empty).
	startButton := appealSection + ` form[action$="/vurder"] button[type=submit]`
	staff.assertText(startButton, "Start ny vurdering")
	staff.clickAndWait(startButton, "start the reassessment")
	staff.assertText("main .notice.success", "Ny vurdering er startet.")
	staff.assertText(appealSection+" .tag", "Vurderes på nytt")
	staff.checkPage("staff case, reassessing")

	staff.openAction("oppretthold", "Oppretthold vedtaket og lag sammendrag")
	staff.submitAction("oppretthold", "Lagre sammendraget")
	if !staff.exists(`main details.action[open] form[action$="/oppretthold"] #sumFacts[aria-invalid="true"]`) {
		t.Fatalf("the summary form is not open with its errors after an empty post: %q", staff.text("main .error-summary"))
	}
	if !staff.exists(`main .error-summary a[href="#commentDeadline"]`) {
		t.Errorf("no error summary linking to #commentDeadline after an empty summary")
	}
	staff.checkPage("staff case, empty summary")
	today := clock.Now().In(loc)
	commentDeadline := time.Date(today.Year(), today.Month(), today.Day()+8, 0, 0, 0, 0, loc)
	staff.fill("#sumFacts", "Søkeren fikk avslag fordi hun er i jobb 80 prosent.")
	staff.fill("#sumAssessment", "Vilkårene er ikke oppfylt.")
	staff.fill("#sumArguments", "Søkeren mener helsen ikke er vurdert.")
	staff.setValue("commentDeadline", commentDeadline.Format("2006-01-02"))
	staff.submitAction("oppretthold", "Lagre sammendraget")
	staff.assertText("main .notice.success", "Sammendraget er lagret og vist for søkeren.")
	staff.assertText(appealSection, "Frist for kommentarer", nb.Date(commentDeadline))
	staff.checkPage("staff case, summary saved")

	// Forwarding before the comment deadline, with no comment and no word
	// from the party that none is coming, is refused.
	forwardButton := appealSection + ` form[action$="/oversend"] button[type=submit]`
	staff.assertText(forwardButton, "Send saken til Statsforvalteren")
	staff.clickAndWait(forwardButton, "forward before the comment deadline")
	staff.assertText("main .error-summary", "har ikke gått ut")
	staff.checkPage("staff case, forwarded too early")

	// The citizen reads the summary and comments on it.
	citizen.open(appealURL, 200)
	citizen.assertText("main section.letter", "NAV-kontorets sammendrag til Statsforvalteren",
		"Vilkårene er ikke oppfylt.", "Søkeren mener helsen ikke er vurdert.")
	citizen.assertText("main", "Kommenter sammendraget innen "+nb.Date(commentDeadline))
	citizen.checkPage("appeal, summary to comment on")
	comment := "Legen min er ikke spurt."
	citizen.typeInto("#comment", comment)
	commentButton := fmt.Sprintf(`main form[action="%s/kommentar"] button[type=submit]`, appealURL)
	citizen.assertText(commentButton, "Send kommentaren")
	citizen.clickAndWait(commentButton, "send the comment")
	citizen.assertPath(appealURL)
	citizen.assertText("main .notice.success", "Kommentaren er sendt.")
	citizen.assertText("main", comment)
	citizen.assertText("main ol.timeline", "Du kommenterte sammendraget.")
	citizen.checkPage("appeal, commented")

	staff.open(staffCase, 200)
	staff.assertText(appealSection, comment)

	// Nine days later the deadline has passed, and both sessions have
	// ended.
	clock.Advance(9 * 24 * time.Hour)
	staff.open(staffCase, 200)
	staff.assertPath("/saksbehandler/logg-inn")
	staffLogIn(staff, caseworkerEmail)
	staff.assertPath(staffCase)
	staff.clickAndWait(forwardButton, "forward the appeal")
	staff.assertText("main .notice.success", "Saken er sendt til Statsforvalteren.")
	staff.assertText(appealSection+" .tag", "Sendt til Statsforvalteren")
	bundle := appealSection + ` a[href="` + staffCase + `/klage/` + appealID + `/pakke"]`
	staff.assertText(bundle, "Last ned klagesaken")
	if js {
		if got := staff.fetchLink(bundle); got != "200 application/zip" {
			t.Errorf("the appeal bundle answers %q, want 200 application/zip", got)
		}
		poaLink := appealSection + ` a[href^="` + staffCase + `/filer/"]`
		if got := staff.fetchLink(poaLink); got != "200 application/pdf" {
			t.Errorf("the power of attorney answers %q, want 200 application/pdf", got)
		}
	}
	staff.checkPage("staff case, forwarded")

	// Statsforvalteren's result with its letter.
	staff.openAction("sf-resultat", "Registrer Statsforvalterens avgjørelse")
	staff.click("#bodyOutcome")
	if got := mustEval[string](staff, `document.querySelector("#bodyOutcome").value`); got != "confirmed" {
		t.Fatalf("the first result is %q, want confirmed", got)
	}
	staff.assertText(`label[for="bodyOutcome"]`, "Vedtaket er stadfestet")
	staff.upload("#letter", writeTestPDF(t, "brev fra statsforvalteren.pdf"))
	staff.submitAction("sf-resultat", "Registrer avgjørelsen")
	staff.assertText("main .notice.success", "Statsforvalterens avgjørelse er registrert.")
	staff.assertText(appealSection, "Statsforvalterens avgjørelse", "Vedtaket er stadfestet")
	staff.assertText(appealSection+" .tag", "Avgjort")
	staff.checkPage("staff case, appeal decided")

	// The citizen logs in again and sees the result and the timeline.
	citizen.open(appealURL, 200)
	citizen.assertPath("/logg-inn")
	citizen.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login again")
	citizen.assertPath(appealURL)
	citizen.assertText("main", "Statsforvalteren: Vedtaket er stadfestet")
	letterLink := fmt.Sprintf(`main section.letter a[href^="%s/filer/"]`, caseURL)
	if !citizen.exists(letterLink) {
		t.Errorf("the citizen has no link to Statsforvalteren's letter")
	} else if js {
		if got := citizen.fetchLink(letterLink); got != "200 application/pdf" {
			t.Errorf("Statsforvalteren's letter answers %q to the citizen, want 200 application/pdf", got)
		}
	}
	citizen.assertText("main .tag", "Avgjort")
	citizen.assertText("main ol.timeline", "Klagen ble sendt.", "NAV-kontoret vurderer vedtaket på nytt.",
		"NAV-kontoret holder fast ved vedtaket og har laget et sammendrag.", "Du kommenterte sammendraget.",
		"Klagen er sendt til Statsforvalteren.", "Statsforvalteren har avgjort klagen.")
	if citizen.exists(fmt.Sprintf(`main form[action="%s/trekk"]`, appealURL)) {
		t.Errorf("a decided appeal can still be withdrawn")
	}
	citizen.checkPage("appeal, decided")

	citizen.open(caseURL, 200)
	citizen.assertText("main ul.cards", "Klage "+appealID, "Avgjort")
	citizen.checkPage("citizen's case, appeal decided")
}

// fetchLink fetches the href of the link sel with the tab's cookies and
// returns the response's status and content type ("200 application/zip"),
// without a download. It needs scripts on (JS runs only).
func (s *session) fetchLink(sel string) string {
	s.t.Helper()
	expr := fmt.Sprintf(`fetch(document.querySelector(%s).href, {credentials: "same-origin"})
		.then(r => r.status + " " + r.headers.get("content-type"))`, jsString(sel))
	got, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("fetch %s: %v", sel, err)
	}
	return got
}
