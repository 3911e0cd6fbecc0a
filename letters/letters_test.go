package letters_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/internal/testkit"
	"kvp/letters"
)

var bundle = func() *i18n.Bundle {
	b, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	return b
}()

// tool returns the path of a poppler-utils program (pdftotext, pdfinfo,
// pdffonts). Without it the test is skipped, unless CI or E2E_REQUIRED
// is set: then it fails.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := name + " is not installed (Debian: apt-get install poppler-utils; ./scripts/test installs it)"
	if os.Getenv("CI") != "" || os.Getenv("E2E_REQUIRED") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// run runs a poppler tool on pdf and returns what it printed.
func run(t *testing.T, name string, pdf []byte, args ...string) string {
	t.Helper()
	bin := tool(t, name)
	f := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, f)...).Output()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(out)
}

// pdfText is the letter's text as pdftotext reads it, with every run of
// white space (line breaks, non-breaking spaces) as one space.
func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin := tool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), f, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return flat(string(out))
}

// pageCount is the number of pages pdfinfo finds.
func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	info := run(t, "pdfinfo", pdf)
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: %s", info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func flat(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// date writes a date as the letters (and pages) do.
func date(l *i18n.Localizer, t time.Time) string {
	t = t.In(casework.Location())
	return l.T("date.format", "Day", t.Day(), "Month", l.T(fmt.Sprintf("month.%d", int(t.Month()))), "Year", t.Year())
}

// amount writes kroner as the letters do (the thousands separator is a
// space in Norwegian, read back as a space; a comma in English).
func amount(l *i18n.Localizer, s string) string {
	if l.Lang == "en" {
		return strings.ReplaceAll(s, " ", ",")
	}
	return s
}

// rawID finds a message id printed instead of its text.
var rawID = regexp.MustCompile(`\b(letter|decision|receipt|appeal|bundle|interim|case|conv|check|event|staff|staffview|outcome|opt|files|meeting|status|date|month)\.[a-z0-9]`)

func input(lang string, cs *casework.Case, o *casework.Office, staff bool) letters.Input {
	return letters.Input{
		L: bundle.For(lang), Case: cs, Office: o, Staff: staff, Now: testkit.Now(), StartMonths: 6,
		Roles: map[string]string{staffEmail: "lead"},
		Documents: []letters.Document{
			{Name: "00-oversikt.pdf", Title: "Oversikt"},
			{Name: "dokumenter/01-legeerklæring.pdf", Title: "Dokument"},
		},
		Sender: &letters.Signer{Name: "Siri Saksbehandler", Role: "caseworker"},
	}
}

// TestEveryLetterInEveryLanguage makes each letter of a case with every
// kind in Bokmål, Nynorsk and English, reads it back with pdftotext and
// checks the names (with æ, ø, å and other letters), the reference, the
// dates, the amounts, the deadline and the page numbers.
func TestEveryLetterInEveryLanguage(t *testing.T) {
	clock := testkit.NewClock(testkit.Now())
	now := clock.Now()
	cs, office := fullCase(now)
	d := cs.Decisions()[0]
	a := &cs.Appeals[0]
	kinds := map[letters.Kind]bool{}
	for _, lang := range []string{"nb", "nn", "en"} {
		l := bundle.For(lang)
		g := "2,041"
		if lang == "en" {
			g = "2.041"
		}
		for _, ref := range letters.List(cs, true) {
			kinds[ref.Kind] = true
			t.Run(lang+"/"+ref.Path(), func(t *testing.T) {
				lt, err := letters.Make(input(lang, cs, office, true), ref)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(string(lt.PDF), "%PDF-") {
					t.Fatal("not a PDF")
				}
				text := pdfText(t, lt.PDF)
				pages := pageCount(t, lt.PDF)
				want := []string{officeName, "Postboks 1000", "2226 Kongsvinger", l.T("letter.ref", "Ref", cs.ID), l.T("letter.page", "Page", 1, "Pages", pages), l.T("letter.page", "Page", pages, "Pages", pages)}
				switch ref.Kind {
				case letters.Receipt:
					want = append(want, ownerName, "Storgata 1", date(l, now), date(l, cs.InterimReplyDue), "legeerklæring.pdf", l.T("receipt.next.decision", "Months", 6))
				case letters.Application:
					want = append(want, ownerName, "91234567", amount(l, "8 500"), "Fast jobb", "legeerklæring.pdf", l.T("staffview.check.section.you"))
				case letters.DocumentRequest:
					want = append(want, ownerName, "Kontoutskrift for de siste tre månedene", "Vi må se hva du lever av.", date(l, cs.Events[1].Request.Deadline), staffName, l.T("letter.role.lead"))
				case letters.InterimReply:
					want = append(want, ownerName, "Vi venter på opplysninger fra fastlegen.", date(l, cs.Events[2].Interim.ExpectedBy), "11 a", staffName)
				case letters.Decision:
					want = append(want, ownerName, l.T("outcome.granted"), date(l, d.MadeAvailableAt), date(l, d.Start), date(l, d.End),
						date(l, d.Periods[1].From), amount(l, "265 657"), amount(l, "22 138"), amount(l, "278 697"), amount(l, "9 880"), amount(l, "130 160"), g,
						"Sosialtjenesteloven §§ 29 og 30", "Legeerklæring fra fastlegen.", "Behovet for tett oppfølging veide tyngst.",
						l.T("decision.appeal.text", "Date", date(l, d.AppealDeadline), "Body", l.T("decision.appeal.body")), "§§ 18",
						l.T("letter.decidedby", "Name", staffName, "Role", l.T("letter.role.lead"), "Office", officeName))
				case letters.AppealReceipt:
					want = append(want, ownerName, repName, a.ID, date(l, a.SubmittedAt), date(l, a.InterimDue), "Jeg vil ha programmet i to år.", "fullmakt.pdf", "uttalelse.png")
				case letters.Appeal:
					want = append(want, ownerName, repName, a.ID, "Ett år er for kort for meg.", date(l, d.MadeAvailableAt))
				case letters.AppealInterim:
					want = append(want, ownerName, "Klagen trenger en ny samtale.", date(l, cs.AppealInterim(a.ID).Interim.ExpectedBy), staffName)
				case letters.AppealSummary:
					want = append(want, ownerName, "Ett år er nok til å nå målet.", "Parten mener ett år er for kort.", date(l, a.Summary.CommentDeadline), staffName)
				case letters.AppealComments:
					want = append(want, ownerName, "Jeg trenger mer tid på grunn av helsen – Ŧ.")
				case letters.AppealOverview:
					want = append(want, ownerName, cs.Owner.NationalID, repName, date(l, a.Deadline), date(l, a.Summary.CommentDeadline), "dokumenter/01-legeerklæring.pdf", "Siri Saksbehandler", l.T("decision.appeal.body"))
				}
				for _, w := range want {
					if !strings.Contains(text, flat(w)) {
						t.Errorf("%s lacks %q:\n%s", ref.Path(), w, text)
					}
				}
				if m := rawID.FindString(text); m != "" {
					t.Errorf("%s shows a message id %q", ref.Path(), m)
				}
			})
		}
	}
	for _, k := range []letters.Kind{letters.Receipt, letters.Application, letters.DocumentRequest, letters.InterimReply, letters.Decision, letters.AppealReceipt, letters.Appeal, letters.AppealInterim, letters.AppealSummary, letters.AppealComments, letters.AppealOverview} {
		if !kinds[k] {
			t.Errorf("no %s letter made", k)
		}
	}
}

// TestConversationReceipt is the receipt for a request for a conversation,
// with the booked time.
func TestConversationReceipt(t *testing.T) {
	now := testkit.NewClock(testkit.Now()).Now()
	_, office := fullCase(now)
	cs := casework.NewConversationCase("CONV-2345", casework.ConversationRequest{Name: ownerName, Phone: "91234567", PreferredTimes: []string{"morning"}, Modes: []string{"phone"}, LoggedIn: true}, casework.Person{NationalID: "14830212345", Name: ownerName}, *office, now)
	at := now.Add(50 * time.Hour)
	if err := cs.BookConversation(casework.Meeting{At: at, Mode: "office", Place: "Rådhusplassen 3"}, casework.Staff{Email: staffEmail, Name: staffName}, now); err != nil {
		t.Fatal(err)
	}
	if got := letters.List(cs, false); len(got) != 1 || got[0].Kind != letters.Receipt {
		t.Fatalf("a conversation request has the letters %v", got)
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		l := bundle.For(lang)
		lt, err := letters.Make(input(lang, cs, office, false), letters.Ref{Kind: letters.Receipt})
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, lt.PDF)
		for _, w := range []string{ownerName, cs.ID, date(l, now), date(l, at), at.In(casework.Location()).Format("15:04"), "Rådhusplassen 3", l.T("conv.receipt.heading"), l.T("letter.page", "Page", 1, "Pages", 1)} {
			if !strings.Contains(text, flat(w)) {
				t.Errorf("%s: conversation receipt lacks %q:\n%s", lang, w, text)
			}
		}
	}
}

// TestLongLetterNumbersEveryPage sets a decision long enough for several
// pages: each has the letterhead and «Side n av N».
func TestLongLetterNumbersEveryPage(t *testing.T) {
	now := testkit.NewClock(testkit.Now()).Now()
	cs, office := fullCase(now)
	d := cs.Decisions()[0]
	d.Facts = strings.Repeat("Opplysningene i saken er gjennomgått linje for linje, og de er vurdert samlet. ", 180)
	lt, err := letters.Make(input("nb", cs, office, false), letters.Ref{Kind: letters.Decision, ID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	pages := pageCount(t, lt.PDF)
	if pages < 2 {
		t.Fatalf("%d page(s); want several", pages)
	}
	for p := 1; p <= pages; p++ {
		text := pdfText(t, lt.PDF, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p))
		for _, w := range []string{fmt.Sprintf("Side %d av %d", p, pages), "Vår referanse: " + cs.ID, officeName, "Dato: " + date(bundle.For("nb"), d.MadeAvailableAt)} {
			if !strings.Contains(text, w) {
				t.Errorf("page %d lacks %q", p, w)
			}
		}
	}
}

// TestMetadataAndFonts checks the PDF's title, author, language and
// subject, and that its fonts are embedded.
func TestMetadataAndFonts(t *testing.T) {
	now := testkit.NewClock(testkit.Now()).Now()
	cs, office := fullCase(now)
	for lang, title := range map[string]string{"nb": "Vedtak: Innvilget", "nn": "Vedtak: Innvilga", "en": "Decision: Granted"} {
		l := bundle.For(lang)
		if got := l.T("decision.heading", "Outcome", l.T("outcome.granted")); got != title {
			title = got // the wording is the message file's
		}
		lt, err := letters.Make(input(lang, cs, office, false), letters.Ref{Kind: letters.Decision, ID: "1"})
		if err != nil {
			t.Fatal(err)
		}
		info := run(t, "pdfinfo", lt.PDF)
		for _, w := range []string{"Title:" + title, "Author:" + officeName, "Subject:" + l.T("letter.subject", "Ref", cs.ID), "Pagesize:595.28x841.89pts(A4)"} {
			if !strings.Contains(strings.ReplaceAll(info, " ", ""), strings.ReplaceAll(w, " ", "")) {
				t.Errorf("%s: pdfinfo lacks %q:\n%s", lang, w, info)
			}
		}
		if !strings.Contains(string(lt.PDF), "/Lang ("+lang+")") {
			t.Errorf("%s: no /Lang in the catalog", lang)
		}
		fonts := run(t, "pdffonts", lt.PDF)
		lines := strings.Split(strings.TrimSpace(fonts), "\n")
		if len(lines) < 4 {
			t.Fatalf("pdffonts: %s", fonts)
		}
		for _, line := range lines[2:] {
			if f := strings.Fields(line); len(f) < 5 || !strings.Contains(line, " yes ") {
				t.Errorf("%s: a font is not embedded: %s", lang, line)
			}
		}
	}
}

// TestDecisionVariants: a rejection has no amounts; a decision that has
// not reached the person yet says the deadline is three weeks from when
// they learned of it; a decision from before periods existed shows its
// one amount.
func TestDecisionVariants(t *testing.T) {
	now := testkit.NewClock(testkit.Now()).Now()
	cs, office := fullCase(now)
	d := cs.Decisions()[0]
	l := bundle.For("nb")
	letterText := func() string {
		lt, err := letters.Make(input("nb", cs, office, false), letters.Ref{Kind: letters.Decision, ID: "1"})
		if err != nil {
			t.Fatal(err)
		}
		return pdfText(t, lt.PDF)
	}
	d.Periods = nil
	if one := letterText(); !strings.Contains(one, "265 657") || strings.Contains(one, "278 697") {
		t.Errorf("a decision without periods does not show its one amount: %s", one)
	}
	d.Benefit = nil
	d.Outcome, d.AppealDeadline, d.ReachedAt = casework.OutcomeRejected, time.Time{}, time.Time{}
	d.Start, d.End = time.Time{}, time.Time{}
	rejection := letterText()
	if strings.Contains(rejection, "kr i året") || strings.Contains(rejection, l.T("decision.period")) {
		t.Errorf("a rejection shows amounts or a period: %s", rejection)
	}
	for _, w := range []string{l.T("outcome.rejected"), flat(l.T("decision.appeal.text.notstarted", "Body", "Statsforvalteren"))} {
		if !strings.Contains(rejection, w) {
			t.Errorf("rejection lacks %q", w)
		}
	}
}

// TestWhatEachReaderGets: the overview, the appeal itself and the
// comments are for staff; a letter the case does not have is ErrNotFound.
func TestWhatEachReaderGets(t *testing.T) {
	now := testkit.NewClock(testkit.Now()).Now()
	cs, office := fullCase(now)
	for _, ref := range []letters.Ref{{Kind: letters.AppealOverview, ID: "KLAG-EABC"}, {Kind: letters.Appeal, ID: "KLAG-EABC"}, {Kind: letters.AppealComments, ID: "KLAG-EABC"}, {Kind: letters.Decision, ID: "2"}, {Kind: letters.Decision, ID: "0"}, {Kind: letters.Decision, ID: "x"}, {Kind: letters.AppealSummary, ID: "NONE-NONE"}, {Kind: "annet"}} {
		if _, err := letters.Make(input("nb", cs, office, false), ref); !errors.Is(err, letters.ErrNotFound) {
			t.Errorf("citizen gets %v: %v", ref, err)
		}
	}
	if _, err := letters.Make(input("nb", cs, office, true), letters.Ref{Kind: letters.AppealOverview, ID: "KLAG-EABC"}); err != nil {
		t.Errorf("staff do not get the overview: %v", err)
	}
	for _, ref := range letters.List(cs, true) {
		kind, name := "", ref.Path()
		if k, n, ok := strings.Cut(name, "/"); ok {
			kind, name = k, n
		}
		if back, ok := letters.ParseRef(kind, name); !ok || back != ref {
			t.Errorf("%s reads back as %v", ref.Path(), back)
		}
		for _, lang := range []string{"nb", "nn", "en"} {
			if title := letters.Title(bundle.For(lang), cs, ref); rawID.MatchString(title) || title == string(ref.Kind) {
				t.Errorf("%s: title of %s is %q", lang, ref.Path(), title)
			}
		}
	}
	if _, ok := letters.ParseRef("", "vedtak"); ok {
		t.Error("an address without .pdf is taken")
	}
	// A name the font has no glyph for, and one outside the Basic
	// Multilingual Plane, still make a letter with the text kept.
	cs.Owner.Name = "王秀英 🙂 Ødegård"
	lt, err := letters.Make(input("nb", cs, office, false), letters.Ref{Kind: letters.Application})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, lt.PDF); !strings.Contains(text, "王秀英") || !strings.Contains(text, "Ødegård") {
		t.Errorf("name lost: %s", text)
	}
}

// TestLetterMessagesExist checks that every message id the letters use is
// in every language.
func TestLetterMessagesExist(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	id := regexp.MustCompile(`T\("([a-z0-9]+(?:\.[a-zA-Z0-9\-]+)+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range id.FindAllStringSubmatch(string(src), -1) {
			seen++
			for _, lang := range bundle.Languages() {
				if !bundle.Keys(lang)[m[1]] {
					t.Errorf("%s lacks %s (%s)", lang, m[1], f)
				}
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d message ids; the scan is broken", seen)
	}
	for _, k := range []letters.Kind{letters.DocumentRequest, letters.InterimReply, letters.Decision, letters.AppealReceipt, letters.Appeal, letters.AppealInterim, letters.AppealSummary, letters.AppealComments, letters.AppealOverview} {
		for _, lang := range bundle.Languages() {
			if !bundle.Keys(lang)["letter.link."+string(k)] {
				t.Errorf("%s lacks letter.link.%s", lang, k)
			}
		}
	}
}
