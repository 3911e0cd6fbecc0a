package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kvp/casework"
)

// publicPages are the pages anyone can see without logging in, with what
// each must show beyond the common checks.
var publicPages = []struct {
	path string
	// must is a CSS selector that must match on the page ("" for none).
	must string
}{
	{"/", ""},
	{"/om-programmet", ""},
	{"/hvem-kan-fa", ""},
	{"/hva-du-kan-fa", ""},
	{"/varighet", ""},
	{"/slik-soker-du", ""},
	{"/etter-at-du-har-sokt", ""},
	{"/utbetaling", ""},
	{"/kontakt", ""},
	{"/kalkulator", "#alder"},
	{"/kalkulator?alder=22&barn=1", "#result dl.summary"},
	{"/kalkulator?alder=tolv", `.error-summary a[href="#alder"]`},
	{"/logg-inn", ""},
	{"/kommune/9992", ""},
	{"/samtale", "#times"},
}

// languageNames are the languages of the portal with the name the header's
// language switch shows for each.
var languageNames = []struct{ code, name string }{
	{"nb", "Bokmål"},
	{"nn", "Nynorsk"},
	{"en", "English"},
}

// Viewport widths for the reflow checks (WCAG 1.4.10), in CSS pixels.
const (
	// phoneWidth is a small phone.
	phoneWidth = 360
	// zoomWidth is what a 1280 px wide window shows at 200 % browser zoom:
	// 1280 / 2 = 640 CSS pixels.
	zoomWidth = 640
	// viewportHeight goes with both.
	viewportHeight = 740
)

// TestPublicPagesAllLanguages checks every public page in Bokmål, Nynorsk
// and English: zero axe-core violations, no horizontal scrolling on a
// small phone or at 200 % zoom, exactly one h1, and a skip link that the
// first Tab reaches and shows. Each language has its own browser context
// (and so its own language cookie), and navigates between the pages.
func TestPublicPagesAllLanguages(t *testing.T) {
	for _, lang := range languageNames {
		t.Run(lang.code, func(t *testing.T) {
			s := newSessionTimeout(t, true, 90*time.Second)
			s.open("/", 200)
			switchLink := fmt.Sprintf(`header nav.langs a[hreflang=%q]`, lang.code)
			if got := s.text(switchLink); got != lang.name {
				t.Fatalf("the header's link to %s reads %q, want %q", lang.code, got, lang.name)
			}
			s.open("/sprak/"+lang.code+"?tilbake=/", 200)
			s.assertPath("/")
			s.assertLang(lang.code)
			if !s.exists(switchLink + `[aria-current="true"]`) {
				t.Errorf("%s: the header does not mark %s as the current language", lang.code, lang.name)
			}

			for _, p := range publicPages {
				s.open(p.path, 200)
				where := lang.code + " " + p.path
				s.assertLang(lang.code)
				if p.must != "" && !s.exists(p.must) {
					t.Errorf("%s: nothing matches %s", where, p.must)
				}
				s.assertOneH1(where)
				s.checkPage(where)
				s.assertSkipLinkFirst(where)

				s.viewport(phoneWidth, viewportHeight)
				s.assertNoHorizontalScroll(where)
				// 640 CSS px is what a 1280 px wide window shows at 200 % zoom.
				s.viewport(zoomWidth, viewportHeight)
				s.assertNoHorizontalScroll(where)
				s.resetViewport()
			}
		})
	}
}

// TestCalculatorWithKeyboardOnly uses the calculator on a small phone with
// the keyboard alone: Tab from the top of the page to the age field, type,
// Tab to the children field, type, see the result update in place without
// losing focus, and press Enter to submit. Every element Tab reaches must
// show a focus indicator.
func TestCalculatorWithKeyboardOnly(t *testing.T) {
	s := newSession(t, true)
	s.viewport(phoneWidth, viewportHeight)
	s.open("/kalkulator", 200)
	s.assertNoHorizontalScroll("calculator")

	const maxTabs = 40
	tabs := 0
	for mustEval[string](s, `document.activeElement ? document.activeElement.id : ""`) != "alder" {
		if tabs == maxTabs {
			t.Fatalf("the age field was not reached after %d Tabs; focus is on %s", maxTabs, s.activeElement())
		}
		s.press(kb.Tab)
		tabs++
		s.assertFocusIndicator(fmt.Sprintf("Tab %d", tabs))
	}
	t.Logf("the age field is reached after %d Tabs", tabs)

	s.press("30")
	s.press(kb.Tab)
	if id := mustEval[string](s, `document.activeElement.id`); id != "barn" {
		t.Fatalf("Tab from the age field focused %s, want the children field", s.activeElement())
	}
	s.assertFocusIndicator("children field")
	s.press("2")

	// The htmx live update replaces #result while focus stays in the field.
	s.waitForWithin(`(() => {
		const dl = document.querySelector("#result dl.summary");
		return !!dl && dl.innerText.includes("Barnetillegg") && location.search.includes("barn=2");
	})()`, "the live result with the child supplement", 5*time.Second)
	s.assertCalcResult(30, 2)
	if id := mustEval[string](s, `document.activeElement.id`); id != "barn" {
		t.Errorf("focus moved to %s during the live update, want it to stay in the children field", s.activeElement())
	}
	if got := mustEval[string](s, `document.querySelector("#barn").value`); got != "2" {
		t.Errorf("#barn = %q after the live update, want %q", got, "2")
	}
	s.assertClean("live update")

	// Enter in the field submits the form.
	if swapped := s.pressAndWait(kb.Enter, "submit the calculator with Enter"); !swapped {
		t.Errorf("Enter submitted the calculator without htmx (a full page load)")
	}
	s.assertPath("/kalkulator")
	if search := mustEval[string](s, "location.search"); !strings.Contains(search, "alder=30") || !strings.Contains(search, "barn=2") {
		t.Errorf("location.search = %q after Enter, want alder=30 and barn=2", search)
	}
	s.assertCalcResult(30, 2)
	s.assertNoHorizontalScroll("calculator result")
	s.checkPage("calculator result after Enter")
}

// TestCalculatorWithoutJavaScript fills in and submits the calculator as a
// plain GET form with scripts disabled.
func TestCalculatorWithoutJavaScript(t *testing.T) {
	s := newSession(t, false)
	s.open("/kalkulator", 200)
	s.typeInto("#alder", "30")
	s.typeInto("#barn", "2")
	s.clickAndWait(`main form[action="/kalkulator"] button[type=submit]`, "submit the calculator")
	s.assertPath("/kalkulator")
	if search := mustEval[string](s, "location.search"); !strings.Contains(search, "alder=30") || !strings.Contains(search, "barn=2") {
		t.Errorf("location.search = %q, want alder=30 and barn=2", search)
	}
	s.assertCalcResult(30, 2)
	if got := mustEval[string](s, `document.querySelector("#alder").value`); got != "30" {
		t.Errorf("#alder = %q on the result page, want what was typed", got)
	}
	s.checkPage("calculator result without JavaScript")
}

// TestLanguageSwitchKeepsPage switches to English from the header and
// stays on the same page; the choice is remembered on the next page.
func TestLanguageSwitchKeepsPage(t *testing.T) {
	s := newSession(t, true)
	s.open("/hva-du-kan-fa", 200)
	s.assertLang("nb")
	s.assertText("main h1", "Hva du kan få")
	s.clickAndWait(`header nav.langs a[hreflang="en"]`, "switch to English")
	s.assertPath("/hva-du-kan-fa")
	s.assertLang("en")
	if got := strings.TrimSpace(s.text("main h1")); got != "What you can get" {
		t.Errorf("h1 = %q after switching to English, want %q", got, "What you can get")
	}
	s.checkPage("info-pay in English")

	s.open("/kontakt", 200)
	s.assertLang("en")
	if _, err := chromedp.Run(s.ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload /kontakt: %v", err)
	}
	s.waitFor(s.pageReady(), "/kontakt to load again")
	s.assertPath("/kontakt")
	s.assertLang("en")
	if got := strings.TrimSpace(s.text("main h1")); got != "Contact the NAV office" {
		t.Errorf("h1 = %q on /kontakt after reloading, want %q", got, "Contact the NAV office")
	}
}

// assertCalcResult checks the calculator's result (in Bokmål) against the
// rate tables the test database is seeded with, for today: the portal
// computes with the real clock, so the G in force changes every May.
func (s *session) assertCalcResult(age, children int) {
	s.t.Helper()
	tables, err := casework.DefaultRateTables()
	if err != nil {
		s.t.Fatal(err)
	}
	b, err := tables.ComputeBenefit(casework.BenefitInput{On: time.Now(), Age: age, Children: children})
	if err != nil {
		s.t.Fatal(err)
	}
	got := strings.ReplaceAll(s.text("#result dl.summary"), "\u00a0", " ")
	for _, want := range []string{
		nbAmount(b.Yearly) + " kr",
		"Barnetillegg",
		fmt.Sprintf("%s kr i året for %d barn", nbAmount(b.ChildYearly), children),
		nbAmount(b.TotalYearly) + " kr i året",
	} {
		if !strings.Contains(got, want) {
			s.t.Errorf("%s: the result %q does not contain %q", s.path(), got, want)
		}
	}
}

// nbAmount formats whole kroner as the Bokmål pages do, with a space
// between groups of three digits ("278 697").
func nbAmount(n int) string {
	d := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// assertLang checks <html lang>.
func (s *session) assertLang(want string) {
	s.t.Helper()
	if got := mustEval[string](s, "document.documentElement.lang"); got != want {
		s.t.Errorf("%s: <html lang=%q>, want %q", s.path(), got, want)
	}
}

// assertOneH1 checks that the page has exactly one h1, with text.
func (s *session) assertOneH1(where string) {
	s.t.Helper()
	n := mustEval[int](s, `document.querySelectorAll("h1").length`)
	if n != 1 {
		s.t.Errorf("%s: %d h1 elements, want exactly one", where, n)
		return
	}
	if strings.TrimSpace(s.text("h1")) == "" {
		s.t.Errorf("%s: the h1 is empty", where)
	}
}

// assertSkipLinkFirst presses Tab once on a freshly loaded page and checks
// that the skip link to <main> has focus, shows a focus indicator and is
// visible inside the viewport.
func (s *session) assertSkipLinkFirst(where string) {
	s.t.Helper()
	if mustEval[bool](s, `document.activeElement !== document.body && document.activeElement !== null`) {
		s.t.Fatalf("%s: focus is on %s before the first Tab, want the page top", where, s.activeElement())
	}
	s.press(kb.Tab)
	if !mustEval[bool](s, `(() => { const e = document.activeElement;
		return !!e && e.matches("a.skip[href='#main']") && !!document.getElementById("main"); })()`) {
		s.t.Errorf("%s: the first Tab focused %s, want the skip link to #main", where, s.activeElement())
		return
	}
	visible := mustEval[string](s, `(() => {
		const e = document.activeElement, r = e.getBoundingClientRect(), st = getComputedStyle(e);
		const problems = [];
		if (r.width < 1 || r.height < 1) problems.push("it has no size");
		if (r.left < 0 || r.top < 0 || r.right > window.innerWidth || r.bottom > window.innerHeight)
			problems.push("it is outside the viewport (" + [r.left, r.top, r.right, r.bottom].map(Math.round).join(", ") + ")");
		if (st.visibility !== "visible" || st.opacity === "0") problems.push("it is not visible");
		if (e.innerText.trim() === "") problems.push("it has no text");
		return problems.join("; ");
	})()`)
	if visible != "" {
		s.t.Errorf("%s: the focused skip link is not shown: %s", where, visible)
	}
	s.assertFocusIndicator(where + ", skip link")
}

// assertFocusIndicator checks that the focused element shows an outline.
func (s *session) assertFocusIndicator(where string) {
	s.t.Helper()
	ok := mustEval[bool](s, `(() => { const e = document.activeElement;
		if (!e || e === document.body) return false;
		const st = getComputedStyle(e);
		return st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0; })()`)
	if !ok {
		s.t.Errorf("%s: %s has focus but no visible focus outline", where, s.activeElement())
	}
}

// assertNoHorizontalScroll checks that the page fits the viewport's width
// (WCAG 1.4.10 Reflow). On failure it names the elements that stick out.
func (s *session) assertNoHorizontalScroll(where string) {
	s.t.Helper()
	res := mustEval[struct {
		ScrollWidth int      `json:"scrollWidth"`
		ClientWidth int      `json:"clientWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}](s, `(() => {
		const d = document.documentElement, w = d.clientWidth;
		const wide = [];
		for (const e of document.body.querySelectorAll("*")) {
			const r = e.getBoundingClientRect();
			if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !e.closest(".skip, .visually-hidden"))
				wide.push(e.outerHTML.replace(/>[\s\S]*$/, ">").slice(0, 120) + " [" + Math.round(r.left) + ".." + Math.round(r.right) + "]");
			if (wide.length >= 5) break;
		}
		return {scrollWidth: d.scrollWidth, clientWidth: w, innerWidth: window.innerWidth, wide};
	})()`)
	// scrollWidth <= innerWidth is the rule; <= clientWidth (the viewport
	// without a vertical scrollbar) is what it means when a scrollbar shows.
	if res.ScrollWidth > res.InnerWidth || res.ScrollWidth > res.ClientWidth {
		s.t.Errorf("%s at %d px: horizontal scroll (scrollWidth %d, clientWidth %d); wide elements: %s",
			where, res.InnerWidth, res.ScrollWidth, res.ClientWidth, strings.Join(res.Wide, "; "))
	}
}
