package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
)

func TestLanguageSwitch(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(time.Date(2026, 11, 23, 12, 0, 0, 0, casework.Location())))
	c := newClient(t, app)

	p := c.get("/hva-du-kan-fa?x=1")
	if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "nb" {
		t.Fatalf("default lang %q", lang)
	}
	href, _ := p.Doc.Find(`a[hreflang="nn"]`).Attr("href")
	if href != "/sprak/nn?tilbake=%2fhva-du-kan-fa%3fx%3d1" && href != "/sprak/nn?tilbake=%2Fhva-du-kan-fa%3Fx%3D1" {
		t.Errorf("switch link %q does not return to the same page", href)
	}
	for _, tc := range []struct {
		lang, title, amount string
	}{
		{"nn", "Kva du kan få", "278\u00a0697"},
		{"en", "What you can get", "278,697"},
		{"nb", "Hva du kan få", "278\u00a0697"},
	} {
		expectRedirect(t, c.get("/sprak/"+tc.lang+"?tilbake=%2Fhva-du-kan-fa"), "/hva-du-kan-fa")
		p := c.get("/hva-du-kan-fa")
		expectStatus(t, p, http.StatusOK)
		if lang, _ := p.Doc.Find("html").Attr("lang"); lang != tc.lang {
			t.Errorf("%s: html lang %q", tc.lang, lang)
		}
		if got := strings.TrimSpace(p.Doc.Find("h1").Text()); got != tc.title {
			t.Errorf("%s: h1 %q, want %q", tc.lang, got, tc.title)
		}
		if !strings.Contains(p.Doc.Find("main").Text(), tc.amount) {
			t.Errorf("%s: amount not formatted as %q", tc.lang, tc.amount)
		}
		if cur := p.Doc.Find(`.langs a[aria-current]`).AttrOr("lang", ""); cur != tc.lang {
			t.Errorf("%s: current language marked %q", tc.lang, cur)
		}
		if m := rawKey.FindString(p.Doc.Find("body").Text()); m != "" {
			t.Errorf("%s shows a message id: %s", tc.lang, m)
		}
	}
	// Unknown languages and foreign return addresses are refused.
	expectStatus(t, c.get("/sprak/de"), http.StatusNotFound)
	expectRedirect(t, c.get("/sprak/en?tilbake=https%3A%2F%2Fevil.example"), "/mine-saker")
}

func TestValidationMessagesInEveryLanguage(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	seen := map[string]bool{}
	for _, lang := range []string{"nb", "nn", "en"} {
		c.get("/sprak/" + lang)
		p := c.post("/soknad/steg/om-deg", nil)
		if p.Doc.Find("#phone-error").Text() == "" {
			t.Errorf("%s: no phone error", lang)
		}
		msg := p.Doc.Find(".error-summary").Text()
		if seen[msg] {
			t.Errorf("%s: error summary not translated: %q", lang, msg)
		}
		seen[msg] = true
		if lang == "en" && !strings.HasPrefix(p.Doc.Find("title").Text(), "Error:") {
			t.Errorf("en title %q", p.Doc.Find("title").Text())
		}
	}
}
