package handlers_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"kvp/casework"
	"kvp/internal/testkit"
)

// rawKey matches a message id shown instead of its text.
var rawKey = regexp.MustCompile(`\b(info|calc|err|front|nav|common|step|check|files|receipt|case|mycases|office|error)\.[a-z0-9\-]+(\.[a-z0-9\-]+)*\b`)

func TestInformationPages(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(time.Date(2026, 11, 23, 12, 0, 0, 0, casework.Location())))
	c := newClient(t, app)
	want := map[string][]string{
		"/om-programmet":        {"37,5 timer", "278\u00a0697 kroner"},
		"/hvem-kan-fa":          {"minst 18 år"},
		"/hva-du-kan-fa":        {"278\u00a0697 kr i året", "185\u00a0798 kr i året", "38 kr per barn per dag", "9\u00a0880 kr i året per barn", "2,041 ganger grunnbeløpet", "136\u00a0549 kr fra 1. mai 2026"},
		"/varighet":             {"høyst i to år", "opptil ett år"},
		"/slik-soker-du":        {"Søk på nett"},
		"/etter-at-du-har-sokt": {"én måned", "6 måneder", "tre uker", "Statsforvalteren"},
		"/utbetaling":           {"Kongsvinger: den 15. i hver måned"},
		"/kontakt":              {"Rådhusplassen 3", "2212 Kongsvinger", "Postboks 900", "Mandag–tirsdag: 08:00–15:30", "Onsdag: 09:00–15:30"},
	}
	for path, texts := range want {
		p := c.get(path)
		expectStatus(t, p, http.StatusOK)
		text := p.Doc.Find("main").Text()
		for _, w := range texts {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if m := rawKey.FindString(text); m != "" {
			t.Errorf("%s shows a message id: %s", path, m)
		}
		if p.Doc.Find("h1").Length() != 1 {
			t.Errorf("%s has %d h1", path, p.Doc.Find("h1").Length())
		}
		if p.Doc.Find(`.infonav a[aria-current="page"]`).Length() != 1 {
			t.Errorf("%s does not mark itself in the menu", path)
		}
	}
}

func TestAmountsFollowTheGInForce(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(time.Date(2027, 4, 30, 12, 0, 0, 0, casework.Location()))
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	// An administrator adds next year's G with its effective date.
	if err := st.AddRate(context.Background(), "g", casework.Rate{From: time.Date(2027, 5, 1, 0, 0, 0, 0, casework.Location()), Value: 140000}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.get("/hva-du-kan-fa").Doc.Find("main").Text(), "278\u00a0697 kr i året") {
		t.Error("the new G is used before its date")
	}
	clock.Advance(24 * time.Hour)
	text := c.get("/hva-du-kan-fa").Doc.Find("main").Text()
	// 2.041 × 140 000 = 285 740.
	if !strings.Contains(text, "285\u00a0740 kr i året") || !strings.Contains(text, "fra 1. mai 2027") {
		t.Errorf("the new G is not used from its date: %s", text)
	}
}

func TestCalculator(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(time.Date(2026, 11, 23, 12, 0, 0, 0, casework.Location())))
	c := newClient(t, app)

	p := c.get("/kalkulator")
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#result dl").Length() != 0 || p.Doc.Find("main .error-summary").Length() != 0 {
		t.Error("empty calculator shows a result or errors")
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"alder=30&barn=2", []string{"278\u00a0697 kr", "19\u00a0760 kr i året for 2 barn", "298\u00a0457 kr i året"}},
		{"alder=22", []string{"185\u00a0798 kr", "to tredjedeler"}},
		// Demoby (demo) allows the own-home exception; Kongsvinger does not.
		{"alder=22&egen-bolig=ja&kommune=9991", []string{"278\u00a0697 kr"}},
		{"alder=22&egen-bolig=ja&kommune=3401", []string{"185\u00a0798 kr", "Bare noen kommuner gir full stønad"}},
	}
	for _, tc := range cases {
		p := c.get("/kalkulator?" + tc.query)
		expectStatus(t, p, http.StatusOK)
		text := p.Doc.Find("#result").Text()
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: result lacks %q: %s", tc.query, w, text)
			}
		}
		if !strings.Contains(text, "skattepliktig") || !strings.Contains(text, "NAV-kontoret avgjør") {
			t.Errorf("%s: no note that the office decides and it is taxed", tc.query)
		}
	}
	for query, field := range map[string]string{"alder=": "alder", "alder=tolv": "alder", "alder=12": "alder", "alder=30&barn=-1": "barn", "alder=30&kommune=0000": "kommune"} {
		p := c.get("/kalkulator?" + query)
		expectStatus(t, p, http.StatusOK)
		if p.Doc.Find("#"+field+"-error").Length() != 1 || p.Doc.Find("#result dl").Length() != 0 {
			t.Errorf("%s: no error next to %s", query, field)
		}
	}
	// With htmx, the same URL answers and varies on HX-Request.
	c.htmx = true
	p = c.get("/kalkulator?alder=40")
	if !strings.Contains(p.Header.Get("Vary"), "HX-Request") || p.Doc.Find("#result dl").Length() != 1 {
		t.Error("htmx request not answered with the result")
	}
}

// TestLongPagesHaveATableOfContents: the contact page (every office) and
// every page with four sections or more start with a table of contents
// whose links lead to the page's own headings, in every language.
func TestLongPagesHaveATableOfContents(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(time.Date(2026, 11, 23, 12, 0, 0, 0, casework.Location())))
	c := newClient(t, app)
	offices, err := st.Offices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"nb": "På denne siden", "nn": "På denne sida", "en": "On this page"}
	for _, lang := range []string{"nb", "nn", "en"} {
		c.get("/sprak/" + lang)
		for _, path := range []string{"/om-programmet", "/hvem-kan-fa", "/hva-du-kan-fa", "/varighet", "/slik-soker-du", "/etter-at-du-har-sokt", "/utbetaling", "/kontakt"} {
			p := c.get(path)
			sections := p.Doc.Find("main h2").Length()
			toc := p.Doc.Find("main nav.toc")
			if sections < 4 && path != "/kontakt" {
				continue
			}
			if toc.Length() != 1 {
				t.Errorf("%s (%s, %d sections) has no table of contents", path, lang, sections)
				continue
			}
			if l, _ := toc.Attr("aria-label"); l != labels[lang] {
				t.Errorf("%s (%s): table of contents labelled %q", path, lang, l)
			}
			links := toc.Find("a")
			if links.Length() != sections {
				t.Errorf("%s (%s): %d links for %d sections", path, lang, links.Length(), sections)
			}
			links.Each(func(_ int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				target := p.Doc.Find(`main h2[id="` + strings.TrimPrefix(href, "#") + `"]`)
				if !strings.HasPrefix(href, "#") || target.Length() != 1 {
					t.Errorf("%s (%s): link %q leads to no heading", path, lang, href)
				} else if strings.TrimSpace(target.Text()) != strings.TrimSpace(a.Text()) {
					t.Errorf("%s (%s): link %q says %q, heading says %q", path, lang, href, a.Text(), target.Text())
				}
			})
			if path == "/kontakt" {
				for _, o := range offices {
					if toc.Find(`a[href="#office-`+o.Municipality+`"]`).Length() != 1 {
						t.Errorf("%s: %s not in the table of contents", lang, o.Name)
					}
				}
			}
		}
	}
}

// TestCalculatorAmountsInEachLanguage: the currency is written the way
// each language writes it, never "kr" next to English text.
func TestCalculatorAmountsInEachLanguage(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(time.Date(2026, 11, 23, 12, 0, 0, 0, casework.Location())))
	c := newClient(t, app)
	for _, tc := range []struct{ lang, yearly, monthly string }{
		{"nb", "278\u00a0697 kr", "23\u00a0225 kr"},
		{"nn", "278\u00a0697 kr", "23\u00a0225 kr"},
		{"en", "NOK 278,697", "NOK 23,225"},
	} {
		c.get("/sprak/" + tc.lang)
		p := c.get("/kalkulator?alder=30")
		dd := p.Doc.Find("#result dl dd")
		if got := strings.TrimSpace(dd.Eq(0).Text()); got != tc.yearly {
			t.Errorf("%s: yearly %q, want %q", tc.lang, got, tc.yearly)
		}
		if got := strings.TrimSpace(dd.Eq(1).Text()); got != tc.monthly {
			t.Errorf("%s: monthly %q, want %q", tc.lang, got, tc.monthly)
		}
		if tc.lang == "en" && regexp.MustCompile(`\d kr\b`).MatchString(p.Doc.Find("#result").Text()) {
			t.Errorf("English result shows kr: %s", p.Doc.Find("#result").Text())
		}
	}
}
