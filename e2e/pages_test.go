package e2e

import "testing"

// TestPublicPagesAccessible runs axe-core on the pages a person sees
// before logging in: the login page, the front page, the page for an
// office that does not take applications in the portal, and the 404 page
// (for an unknown municipality, and for an unknown address once logged
// in: logged out, an unknown address leads to the login page). The 404
// page's own "failed to load" log entry for the main document is expected;
// any other browser error still fails the test.
func TestPublicPagesAccessible(t *testing.T) {
	s := newSession(t, true)
	pages := []struct {
		name, path string
		status     int
		heading    string
	}{
		{"login", "/logg-inn", 200, "Logg inn"},
		{"front page", "/", 200, "Kvalifiseringsprogrammet"},
		{"no digital application", "/kommune/9992", 200, "Slik søker du i kommunen din"},
		{"not found, logged out", "/kommune/0000", 404, "Vi fant ikke siden"},
	}
	for _, p := range pages {
		s.open(p.path, p.status)
		s.assertText("main h1", p.heading)
		if p.path == "/kommune/9992" {
			s.assertText("main", "NAV Papirvik (demo)", "Torget 2")
		}
		s.checkPage(p.name)
	}

	s.open("/logg-inn", 200)
	s.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login")
	s.assertPath("/mine-saker")
	s.open("/finnes-ikke", 404)
	s.assertText("main h1", "Vi fant ikke siden")
	s.checkPage("not found, logged in")
}
