package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHarnessReportsProblems makes sure the harness is not blind: a console
// error, a failed asset, a CSP violation, an uncaught exception and an axe
// violation put into a real page are all reported.
func TestHarnessReportsProblems(t *testing.T) {
	s := newSession(t, true)
	s.open("/logg-inn", 200)
	s.assertClean("login page before the self-check")

	mustEval[bool](s, `(() => {
		console.error("e2e self-check");
		const img = document.createElement("img");
		img.alt = "";
		img.src = "/static/e2e-missing.png";
		document.querySelector("main").appendChild(img);
		const sc = document.createElement("script");
		sc.textContent = "void 0";
		document.body.appendChild(sc);
		setTimeout(() => { throw new Error("e2e self-check"); }, 0);
		return true;
	})()`)
	wants := map[string]string{
		"console error":      "console.error",
		"failed asset":       "e2e-missing.png",
		"CSP violation":      "Content Security Policy",
		"uncaught exception": "uncaught exception",
	}
	var got []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		got = append(got, s.takeProblems()...)
		missing := false
		for _, w := range wants {
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, w) }) {
				missing = true
			}
		}
		if !missing || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for what, w := range wants {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, w) }) {
			t.Errorf("the harness did not report the %s (%q); it reported %q", what, w, got)
		}
	}

	mustEval[bool](s, `document.querySelector("main h1").style.color = "#ddd"; true`)
	violations := s.axeViolations("self-check")
	if !slices.ContainsFunc(violations, func(v axeViolation) bool { return v.ID == "color-contrast" }) {
		t.Errorf("axe did not report the low-contrast heading; it reported %+v", violations)
	}
	s.takeProblems()
}
