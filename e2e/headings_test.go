package e2e

import (
	"testing"
	"time"
)

// headingWords finds, on the page as it is laid out now, every heading in
// main that would have to break a word to fit: a word wider than the
// heading's line. It also reports headings that are not hyphenated by the
// page's language or that may break words anywhere, and a page without a
// language.
const headingWords = `(() => {
	const out = [];
	if (!document.documentElement.lang) out.push("the page has no lang");
	for (const h of document.querySelectorAll("main h1, main h2, main h3")) {
		const cs = getComputedStyle(h);
		const text = h.textContent.trim().replace(/\s+/g, " ");
		if (cs.hyphens !== "auto") out.push("hyphens: " + cs.hyphens + " on «" + text + "»");
		if (cs.overflowWrap !== "break-word") out.push("overflow-wrap: " + cs.overflowWrap + " on «" + text + "»");
		if (cs.wordBreak !== "normal") out.push("word-break: " + cs.wordBreak + " on «" + text + "»");
		const line = h.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		const probe = document.createElement("span");
		probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap";
		h.appendChild(probe);
		for (const w of text.split(" ")) {
			probe.textContent = w;
			const width = probe.getBoundingClientRect().width;
			if (w && width > line + 0.5) out.push("«" + w + "» is " + Math.round(width) + " px wide in the " + Math.round(line) + " px of «" + text + "»");
		}
		probe.remove();
	}
	return out;
})()`

// TestHeadingsKeepWordsWhole: on a small phone (360 px), every word of
// every heading on the public pages fits on a line, so no heading breaks
// in the middle of a word («Kvalifiseringsprogra/mmet»); headings are
// hyphenated by the page's language and break a word only when nothing
// else fits. In Bokmål and Nynorsk, which have the longest words.
func TestHeadingsKeepWordsWhole(t *testing.T) {
	s := newSessionTimeout(t, true, 90*time.Second)
	for _, lang := range []string{"nb", "nn"} {
		s.open("/sprak/"+lang+"?tilbake=/", 200)
		for _, p := range publicPages {
			s.open(p.path, 200)
			s.assertLang(lang)
			s.assertHeadingWordsFit(lang + " " + p.path)
		}
	}
}

// assertHeadingWordsFit fails the test for every heading on the page that
// would break a word at 360 px (see headingWords).
func (s *session) assertHeadingWordsFit(where string) {
	s.t.Helper()
	if !s.js {
		// Measuring needs page timers, as axe does (see axeViolations).
		if err := s.setScripts(true); err != nil {
			s.t.Fatalf("%s: enable scripts to measure: %v", where, err)
		}
		defer func() {
			if err := s.setScripts(false); err != nil {
				s.t.Fatalf("%s: disable scripts after measuring: %v", where, err)
			}
		}()
	}
	s.viewport(phoneWidth, viewportHeight)
	for _, problem := range mustEval[[]string](s, headingWords) {
		s.t.Errorf("%s at %d px: %s", where, phoneWidth, problem)
	}
	s.resetViewport()
}
