package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/i18n"
)

// pdfToText reads a PDF's text back with pdftotext (Debian
// poppler-utils), with every run of white space as one space. Without
// pdftotext the test is skipped, unless CI or E2E_REQUIRED is set.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		msg := "pdftotext is not installed (Debian: apt-get install poppler-utils; ./scripts/test installs it)"
		if os.Getenv("CI") != "" || os.Getenv("E2E_REQUIRED") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.80q", pdf)
	}
	f := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return oneLine(string(out))
}

// havePDFToText reports whether pdftotext is installed; in CI, or with
// E2E_REQUIRED set, its absence fails the test.
func havePDFToText(t *testing.T) bool {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err == nil {
		return true
	}
	if os.Getenv("CI") != "" || os.Getenv("E2E_REQUIRED") != "" {
		t.Fatal("pdftotext is not installed (Debian: apt-get install poppler-utils)")
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// expectPDF checks a letter download's headers and returns its text.
func expectPDF(t *testing.T, p *page, file string) string {
	t.Helper()
	expectStatus(t, p, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := p.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`+file+`"`) {
		t.Errorf("Content-Disposition %q, want the file %s", cd, file)
	}
	if cc := p.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	return pdfToText(t, []byte(p.Body))
}

func expectIn(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, oneLine(w)) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// grantedCase is a case with a grant for a year from two weeks ahead, and
// the notice about it sent (so the appeal deadline runs).
func grantedCase(t *testing.T) (*staffEnv, *client) {
	t.Helper()
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	start := day(14)
	p := sb.post("/saksbehandler/saker/"+e.ref+"/vedtak", url.Values{"version": {caseVersion(t, e.st, e.ref)}, "outcome": {"granted"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"Søkeren har nedsatt arbeidsevne."}, "considerations": {"Programmet passer for søkeren."}, "start": {iso(start)}, "end": {iso(cal.AddMonths(start, 12))}})
	expectRedirect(t, p, "/saksbehandler/saker/"+e.ref)
	sendNotices(t, e)
	return e, sb
}

// TestCitizenDownloadsLettersAsPDF: the case page links each letter; the
// receipt and the decision come as PDF files in the page's language with
// the name, the reference, the dates, the amounts and the deadline; no one
// else gets them.
func TestCitizenDownloadsLettersAsPDF(t *testing.T) {
	e, _ := grantedCase(t)
	base := "/saker/" + e.ref
	cs, err := e.st.Case(context.Background(), e.ref)
	if err != nil {
		t.Fatal(err)
	}
	d := cs.LatestDecision()
	owner := persons(t)[1].Name
	cp := e.citizen.get(base)
	for _, href := range []string{base + "/brev/kvittering.pdf", base + "/brev/soknad.pdf", base + "/brev/vedtak/1.pdf"} {
		if cp.Doc.Find(`a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("the case page does not link %s", href)
		}
	}
	if cp.Doc.Find(`a[href$="/brev/oversikt/"]`).Length() != 0 {
		t.Error("the citizen is offered Statsforvalteren's overview")
	}
	if e.citizen.get(base+"/kvittering").Doc.Find(`a[href="`+base+`/brev/kvittering.pdf"]`).Length() != 1 {
		t.Error("the receipt page has no PDF of the receipt")
	}

	text := expectPDF(t, e.citizen.get(base+"/brev/kvittering.pdf"), "kvittering-"+e.ref+".pdf")
	expectIn(t, "receipt", text, owner, e.ref, nb.DateTime(cs.SubmittedAt), nb.Date(cs.InterimReplyDue), "lege.pdf", "Side 1 av 1")

	b, _ := i18n.Load()
	for _, lang := range []string{"nb", "nn", "en"} {
		l := b.For(lang)
		e.citizen.get("/sprak/" + lang)
		text := expectPDF(t, e.citizen.get(base+"/brev/vedtak/1.pdf"), "vedtak-"+e.ref+"-1.pdf")
		want := []string{owner, e.ref, l.T("decision.heading", "Outcome", l.T("outcome.granted")), l.T("letter.ref", "Ref", e.ref),
			"Sosialtjenesteloven § 29", "Søkeren har nedsatt arbeidsevne.",
			l.T("decision.appeal.text", "Date", langDate(l, d.AppealDeadline), "Body", l.T("decision.appeal.body")),
			l.T("decision.period.text", "Start", langDate(l, d.Start), "End", langDate(l, d.End)),
			l.T("letter.decidedby", "Name", "Siri Saksbehandler", "Role", l.T("letter.role.caseworker"), "Office", cs.Office.Name)}
		for _, p := range d.Periods {
			want = append(want, langAmount(lang, p.Yearly), langAmount(lang, p.Monthly), langDate(l, p.From))
		}
		expectIn(t, lang+" decision", text, want...)
	}
	e.citizen.get("/sprak/nb")

	// Another person, a letter the case does not have, the overview.
	other := e.newC()
	other.login(persons(t)[3].NationalID)
	for _, path := range []string{base + "/brev/kvittering.pdf", base + "/brev/vedtak/1.pdf"} {
		expectStatus(t, other.get(path), http.StatusNotFound)
	}
	for _, path := range []string{base + "/brev/vedtak/2.pdf", base + "/brev/vedtak/1", base + "/brev/annet.pdf", base + "/brev/oversikt/" + e.ref + ".pdf", "/saker/AAAA-AAAA/brev/kvittering.pdf"} {
		expectStatus(t, e.citizen.get(path), http.StatusNotFound)
	}
	// Logged out, it is the login.
	if p := e.newC().get(base + "/brev/kvittering.pdf"); p.StatusCode != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/logg-inn") {
		t.Errorf("logged out: %d %s", p.StatusCode, p.Header.Get("Location"))
	}
}

// TestStaffDownloadLettersAreAudited: staff get the letters of their
// offices' cases, each download in the audit log; staff of another office
// get 404 and leave no entry.
func TestStaffDownloadLettersAreAudited(t *testing.T) {
	e, sb := grantedCase(t)
	base := "/saksbehandler/saker/" + e.ref
	sp := sb.get(base)
	for _, href := range []string{base + "/brev/kvittering.pdf", base + "/brev/soknad.pdf", base + "/brev/vedtak/1.pdf"} {
		if sp.Doc.Find(`a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("the staff case page does not link %s", href)
		}
	}
	text := expectPDF(t, sb.get(base+"/brev/soknad.pdf"), "soknad-"+e.ref+".pdf")
	expectIn(t, "application", text, persons(t)[1].Name, e.ref, "Om søkeren", "lege.pdf")
	expectPDF(t, sb.get(base+"/brev/vedtak/1.pdf"), "vedtak-"+e.ref+"-1.pdf")

	other := e.newC()
	staffLogin(t, other, "dina@nav.test")
	expectStatus(t, other.get(base+"/brev/vedtak/1.pdf"), http.StatusNotFound)
	expectStatus(t, sb.get(base+"/brev/vedtak/7.pdf"), http.StatusNotFound)

	entries, err := e.st.AuditForCase(context.Background(), e.ref)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range entries {
		if a.Action == "brev" {
			got[a.Detail] = a.Staff
		}
	}
	if len(got) != 2 || got["soknad-"+e.ref+".pdf"] != "siri@nav.test" || got["vedtak-"+e.ref+"-1.pdf"] != "siri@nav.test" {
		t.Errorf("audit entries for letters: %v", got)
	}
	if text := sb.get(base + "/logg").Doc.Find("main").Text(); strings.Contains(text, "staff.audit.action") {
		t.Error("the audit log shows a message id")
	}
}

// TestAppealBundleHoldsTheLettersAsPDF: the bundle for Statsforvalteren
// has the overview, the application, the decision, the appeal, the
// summary and the comments as PDF files, and every document.
func TestAppealBundleHoldsTheLettersAsPDF(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Jeg vil at søknaden innvilges."}, "reasons": {"Kontoret har ikke sett på helsen min."}}), base+"/klage/oppsummering")
	expectRedirect(t, e.citizen.uploadTo(base+"/klage/vedlegg", "helse.png", pngBytes(t), nil), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	p := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}})
	expectRedirect(t, p, base+"/klage/")
	appealID := strings.Split(strings.TrimPrefix(p.Header.Get("Location"), base+"/klage/"), "/")[0]
	// The appeal receipt as a PDF, linked from the receipt page.
	rp := e.citizen.get(base + "/klage/" + appealID + "/kvittering")
	if rp.Doc.Find(`a[href="`+base+`/brev/klage-kvittering/`+appealID+`.pdf"]`).Length() != 1 {
		t.Error("the appeal receipt page has no PDF")
	}
	text := expectPDF(t, e.citizen.get(base+"/brev/klage-kvittering/"+appealID+".pdf"), "klage-kvittering-"+e.ref+"-"+appealID+".pdf")
	expectIn(t, "appeal receipt", text, appealID, e.ref, "Jeg vil at søknaden innvilges.", "helse.png", nb.Date(cal.InterimReplyDue(now)))

	act := func(action string, form url.Values) {
		form.Set("version", caseVersion(t, e.st, e.ref))
		expectRedirect(t, sb.post("/saksbehandler/saker/"+e.ref+"/klage/"+appealID+"/"+action, form), "/saksbehandler/saker/"+e.ref)
	}
	act("vurder", url.Values{})
	act("oppretthold", url.Values{"sumFacts": {"Søkeren fikk avslag."}, "sumAssessment": {"Vilkårene er ikke oppfylt."}, "sumArguments": {"Søkeren mener helsen ikke er vurdert."}, "commentDeadline": {iso(day(14))}})
	// The summary for comments, on the appeal page.
	ap := e.citizen.get(base + "/klage/" + appealID)
	if ap.Doc.Find(`a[href="`+base+`/brev/sammendrag/`+appealID+`.pdf"]`).Length() != 1 {
		t.Error("the appeal page does not link the summary")
	}
	text = expectPDF(t, e.citizen.get(base+"/brev/sammendrag/"+appealID+".pdf"), "sammendrag-"+e.ref+"-"+appealID+".pdf")
	expectIn(t, "summary", text, "Vilkårene er ikke oppfylt.", nb.Date(day(14)), "Siri Saksbehandler")
	expectRedirect(t, e.citizen.post(base+"/klage/"+appealID+"/kommentar", url.Values{"comment": {"Legen min er ikke spurt."}}), base+"/klage/"+appealID)

	bundle := sb.get("/saksbehandler/saker/" + e.ref + "/klage/" + appealID + "/pakke")
	expectStatus(t, bundle, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader([]byte(bundle.Body)), int64(len(bundle.Body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = b
		names = append(names, f.Name)
	}
	if names[0] != "00-oversikt.pdf" {
		t.Errorf("the overview is not first: %v", names)
	}
	want := map[string][]string{
		"00-oversikt.pdf":    {e.ref, appealID, persons(t)[1].Name, persons(t)[1].NationalID, "01-soknad.pdf", "02-vedtak.pdf", "03-klage.pdf", "04-sammendrag.pdf", "05-kommentarer.pdf", "dokumenter/01-lege.pdf", "dokumenter/02-helse.png", "Statsforvalteren"},
		"01-soknad.pdf":      {persons(t)[1].Name, e.ref, "Om søkeren", "lege.pdf"},
		"02-vedtak.pdf":      {"Sosialtjenesteloven § 29", nb.Date(cal.AppealDeadline(now)), "Siri Saksbehandler"},
		"03-klage.pdf":       {"Jeg vil at søknaden innvilges.", "Kontoret har ikke sett på helsen min.", "helse.png"},
		"04-sammendrag.pdf":  {"Søkeren fikk avslag.", "Vilkårene er ikke oppfylt.", "Søkeren mener helsen ikke er vurdert."},
		"05-kommentarer.pdf": {"Legen min er ikke spurt."},
	}
	for name, w := range want {
		b, ok := files[name]
		if !ok {
			t.Errorf("the bundle lacks %s: %v", name, names)
			continue
		}
		expectIn(t, name, pdfToText(t, b), w...)
	}
	for _, doc := range []string{"dokumenter/01-lege.pdf", "dokumenter/02-helse.png"} {
		if len(files[doc]) == 0 {
			t.Errorf("the bundle lacks the document %s: %v", doc, names)
		}
	}
	if len(files) != len(want)+2 {
		t.Errorf("bundle files: %v", names)
	}
}

// langDate writes a date as the letters do in l's language.
func langDate(l *i18n.Localizer, t time.Time) string {
	t = t.In(casework.Location())
	return l.T("date.format", "Day", t.Day(), "Month", l.T(fmt.Sprintf("month.%d", int(t.Month()))), "Year", t.Year())
}

// langAmount writes kroner as the letters do (read back with a space
// between thousands in Norwegian, a comma in English).
func langAmount(lang string, n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	sep := " "
	if lang == "en" {
		sep = ","
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestInterimReplyIsALetterOnTheCasePage(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	expectRedirect(t, staffPost(t, e, sb, "/forelopig-svar", url.Values{"interimReason": {"Vi venter på legeerklæringen."}, "expectedBy": {iso(day(53))}}), "/saksbehandler/saker/"+e.ref)
	cs, _ := e.st.Case(context.Background(), e.ref)
	letter := e.citizen.get("/saker/" + e.ref).Doc.Find("section.letter")
	if letter.Length() != 1 {
		t.Fatalf("%d letters on the case page", letter.Length())
	}
	text := letter.Text()
	for _, want := range []string{"Foreløpig svar: Søknaden din tar lengre tid", "Sendt " + nb.Date(now) + " fra " + cs.Office.Name, "forvaltningsloven § 11 a", "Hvorfor det tar lengre tid", "Vi venter på legeerklæringen.", nb.Date(day(53))} {
		if !strings.Contains(text, want) {
			t.Errorf("the interim letter lacks %q: %s", want, text)
		}
	}
}
