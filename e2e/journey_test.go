package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// refPattern is a case reference as shown on the receipt.
var refPattern = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`)

// stepSubmit is the save-and-continue button of a step's form (not a
// remove-file form on the same page). On the documents step it is the main
// button of the form that also holds the file field and posts to the upload
// route, so that a chosen file goes with it.
const stepSubmit = `main form[action^="/soknad/steg/"] button[type=submit], main form[action="/soknad/vedlegg"] button[type=submit][name="videre"]`

func TestApplicationJourneyJS(t *testing.T) { applicationJourney(t, true) }

func TestApplicationJourneyNoJS(t *testing.T) { applicationJourney(t, false) }

// applicationJourney logs in as a test person, fills in every step of the
// application (with one validation error on the way), changes one answer
// from the check page, submits, and finds the case in "my cases". Every
// page it passes must have zero axe-core violations. With js false, the
// same journey runs with script execution disabled.
func applicationJourney(t *testing.T, js bool) {
	s := newSession(t, js)
	pdf := writeTestPDF(t, "kontoutskrift mars.pdf")

	// Log in: the first test person; without ?neste the portal goes to
	// "my cases".
	s.open("/logg-inn", 200)
	s.checkPage("login")
	s.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login")
	s.assertPath("/mine-saker")
	s.assertText("main h1", "Mine saker")
	s.checkPage("my cases, empty")

	// Start the application.
	s.open("/soknad", 200)
	s.assertText("main h1", "Søk om kvalifiseringsprogrammet")
	s.checkPage("application start")
	s.clickAndWait(`main form[action="/soknad"] button[type=submit]`, "start the application")
	s.assertPath("/soknad/steg/om-deg")
	s.checkPage("step om-deg")

	// About you, first with the phone missing.
	s.fill("#email", "kari@example.no")
	s.fill("#street", "Storgata 1")
	s.fill("#postalCode", "2212")
	s.fill("#postalTown", "Kongsvinger")
	s.submitStep("om-deg with an error")
	s.assertPath("/soknad/steg/om-deg")
	if !s.exists(`main .error-summary a[href="#phone"]`) {
		t.Fatalf("no error summary linking to #phone after posting om-deg without a phone")
	}
	if got := s.text("#phone-error"); !strings.Contains(got, "Feil:") {
		t.Errorf("#phone-error = %q, want the field's error message", got)
	}
	if got := mustEval[string](s, `document.querySelector("#phone").getAttribute("aria-invalid") || ""`); got != "true" {
		t.Errorf(`#phone aria-invalid = %q, want "true"`, got)
	}
	if got := mustEval[string](s, "document.title"); !strings.HasPrefix(got, "Feil:") {
		t.Errorf("document.title = %q, want it to start with %q when errors show", got, "Feil:")
	}
	if js {
		if !mustEval[bool](s, `document.activeElement && document.activeElement.classList.contains("error-summary")`) {
			got := mustEval[string](s, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"`)
			t.Errorf("focus is on %s, want the error summary", got)
		}
	}
	// What was typed is kept.
	if got := mustEval[string](s, `document.querySelector("#street").value`); got != "Storgata 1" {
		t.Errorf("#street = %q after the error, want what was typed", got)
	}
	s.checkPage("step om-deg with errors")

	s.fill("#phone", "912 34 567")
	s.submitStep("om-deg")
	s.assertPath("/soknad/steg/bosted")
	if js {
		// A successful step moves focus to the new page's heading.
		if !mustEval[bool](s, `document.activeElement === document.querySelector("main h1")`) {
			t.Errorf("focus is not on the heading after a step was saved")
		}
	}
	s.checkPage("step bosted")

	// Where you live.
	s.fill("#municipality", "3401")
	s.submitStep("bosted")
	s.assertPath("/soknad/steg/situasjon")
	s.checkPage("step situasjon")

	// Your situation.
	s.click("#incomeSources-arbeid")
	s.fill("#workExperience", "Lagerarbeid i to år, og butikk i sommerferiene.")
	s.click("#education-videregaende")
	s.submitStep("situasjon")
	s.assertPath("/soknad/steg/mal")
	s.checkPage("step mal")

	// Your goal.
	s.fill("#goal", "Jeg vil få fast jobb som lagermedarbeider.")
	s.submitStep("mal")
	s.assertPath("/soknad/steg/barn")
	s.checkPage("step barn")

	// Children.
	s.click("#hasChildren")
	s.fill("#ages", "4, 9")
	s.submitStep("barn")
	s.assertPath("/soknad/steg/bolig")
	s.checkPage("step bolig")

	// Housing.
	s.click("#housing-leier")
	s.fill("#monthlyCost", "8500")
	s.submitStep("bolig")
	s.assertPath("/soknad/steg/vedlegg")
	s.checkPage("step vedlegg")

	// Attachments: upload one PDF, then continue.
	s.upload("#file", pdf)
	if swapped := s.clickAndWait(`main form[action="/soknad/vedlegg"] button[type=submit]`, "upload"); js && !swapped {
		t.Errorf("the upload was posted without htmx (a full page load)")
	}
	s.assertPath("/soknad/steg/vedlegg")
	s.assertText("main .notice.success", "kontoutskrift mars.pdf")
	s.assertText("main ul.files", "kontoutskrift mars.pdf")
	s.checkPage("step vedlegg with a file")
	s.submitStep("vedlegg")
	s.assertPath("/soknad/steg/samtykke")
	s.checkPage("step samtykke")

	// Consent.
	s.click("#obtainInformation")
	s.click("#declaration")
	s.submitStep("samtykke")
	s.assertPath("/soknad/oppsummering")

	// Check your answers.
	s.assertText("main",
		"912 34 567", "kari@example.no", "Storgata 1", "2212 Kongsvinger",
		"Kongsvinger (3401)", "Lønn fra arbeid", "Lagerarbeid i to år",
		"Videregående skole", "Jeg vil få fast jobb", "2 barn, alder: 4, 9",
		"Jeg leier", "8\u00a0500 kr i måneden", "kontoutskrift mars.pdf")
	if s.exists("main .notice.warning") {
		t.Errorf("the check page lists missing steps: %q", s.text("main .notice.warning"))
	}
	s.checkPage("check answers")

	// Change the phone number from the check page.
	s.clickAndWait(`main a[href^="/soknad/steg/om-deg?fra=oppsummering#phone"]`, "change the phone")
	s.assertPath("/soknad/steg/om-deg")
	if got := mustEval[string](s, `document.querySelector("#phone").value`); got != "912 34 567" {
		t.Errorf("#phone = %q on the change page, want the saved value", got)
	}
	s.assertText(stepSubmit, "Lagre og gå tilbake til oppsummeringen")
	s.checkPage("change om-deg")
	s.fill("#phone", "400 00 000")
	s.submitStep("save the new phone")
	s.assertPath("/soknad/oppsummering")
	s.assertText("main dl.summary", "400 00 000")
	if strings.Contains(s.text("main dl.summary"), "912 34 567") {
		t.Errorf("the check page still shows the old phone number")
	}
	s.checkPage("check answers after a change")

	// Send.
	s.clickAndWait(`main form[action="/soknad/send"] button[type=submit]`, "send the application")
	ref := strings.TrimSpace(s.text("main .notice.success strong"))
	if !refPattern.MatchString(ref) {
		t.Fatalf("receipt reference %q does not match %s", ref, refPattern)
	}
	s.assertPath("/saker/" + ref + "/kvittering")
	s.assertText("main h1", "Søknaden er sendt")
	s.checkPage("receipt")

	// My cases lists the case; the case page has the file and the timeline.
	s.open("/mine-saker", 200)
	s.assertText("main ul.cards", "Søknad "+ref)
	s.checkPage("my cases with the case")
	s.clickAndWait(fmt.Sprintf(`main a[href="/saker/%s"]`, ref), "open the case")
	s.assertPath("/saker/" + ref)
	s.assertText("main ul.files", "kontoutskrift mars.pdf")
	if !s.exists(fmt.Sprintf(`main ul.files a[href^="/saker/%s/filer/"]`, ref)) {
		t.Errorf("the case page has no download link for the file")
	}
	if n := mustEval[int](s, `document.querySelectorAll("main ol.timeline li").length`); n < 1 {
		t.Errorf("the case timeline has %d entries, want at least 1", n)
	}
	s.assertText("main ol.timeline", "Du sendte søknaden.")
	s.assertText("main", "400 00 000")
	s.checkPage("case")
}

// writeTestPDF writes a small, valid one-page PDF (correct cross-reference
// table) under the given name in a temporary folder.
func writeTestPDF(t *testing.T, name string) string {
	t.Helper()
	content := "BT /F1 18 Tf 72 760 Td (Kontoutskrift for testing) Tj ET"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)

	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
