package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestLanguageLinksFollowHTMX types in the calculator (htmx replaces the
// result and the address without reloading the header), then switches to
// English: the person stays on the calculator with what they typed.
func TestLanguageLinksFollowHTMX(t *testing.T) {
	s := newSession(t, true)
	s.open("/kalkulator", 200)
	s.typeInto("#alder", "30")
	s.waitForWithin(`location.search.includes("alder=30")`, "the address to carry the typed age", 5*time.Second)
	href := mustEval[string](s, `document.querySelector('header nav.langs a[hreflang="en"]').getAttribute("href")`)
	if !strings.Contains(href, "tilbake=%2Fkalkulator%3F") || !strings.Contains(href, "alder%3D30") {
		t.Errorf("the English link is %q, want it to lead back to the calculator with the age", href)
	}
	s.clickAndWait(`header nav.langs a[hreflang="en"]`, "switch to English")
	s.assertPath("/kalkulator")
	s.assertLang("en")
	if got := mustEval[string](s, `document.querySelector("#alder").value`); got != "30" {
		t.Errorf("#alder = %q after switching language, want the typed 30", got)
	}
	s.assertClean("language switch after a live update")
}

// TestHTMXShowsErrorPages makes an htmx request that the portal answers
// with an error page (404): the page's message is swapped in, instead of
// nothing happening.
func TestHTMXShowsErrorPages(t *testing.T) {
	s := newSession(t, true)
	s.open("/kalkulator", 200)
	mustEval[bool](s, `(() => {
		const f = document.querySelector('main form[action="/kalkulator"]');
		f.setAttribute("hx-get", "/kalkulator-finnes-ikke");
		f.removeAttribute("hx-push-url");
		htmx.process(f);
		return true;
	})()`)
	s.typeInto("#alder", "30")
	if swapped := s.clickAndWait(`main form[action="/kalkulator"] button[type=submit]`, "the error page"); !swapped {
		t.Errorf("the form was not sent by htmx")
	}
	if got := strings.TrimSpace(s.text("main h1")); got != "Vi fant ikke siden" {
		t.Errorf("main h1 = %q after an htmx request answered with 404, want the not-found page", got)
	}
	// The browser and htmx log the 404 answer; that is expected here.
	for _, p := range s.takeProblems() {
		if !strings.Contains(p, "404") && !strings.Contains(p, "responseError") {
			t.Errorf("unexpected browser problem: %s", p)
		}
	}
}
