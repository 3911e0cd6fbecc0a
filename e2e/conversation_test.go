package e2e

import (
	"testing"
)

// conversationRequest asks for a conversation without logging in, on a
// small phone: a first post with nothing filled in shows the errors, the
// filled-in request gives a receipt. axe checks every page.
func conversationRequest(t *testing.T, js bool) {
	s := newSession(t, js)
	s.viewport(phoneWidth, viewportHeight)
	s.open("/samtale", 200)
	s.checkPage("conversation form")
	s.clickAndWait(`form[action="/samtale"] button[type="submit"]`, "the form with errors")
	s.assertText(".error-summary", "Skriv navnet ditt", "Velg minst ett tidspunkt")
	s.checkPage("conversation form with errors")
	s.fill("#name", "Kari Nordmann")
	s.fill("#phone", "912 34 567")
	s.fill("#municipality", "3401")
	s.click("#times")
	s.click("#modes-phone")
	s.fill("#message", "Jeg vil vite mer om programmet.")
	s.clickAndWait(`form[action="/samtale"] button[type="submit"]`, "the receipt")
	s.assertText("h1", "Forespørselen om samtale er sendt")
	s.assertText("main", "telefonnummeret eller e-postadressen du oppga", "NAV Kongsvinger")
	s.checkPage("conversation receipt")
}

func TestConversationRequestJS(t *testing.T)   { conversationRequest(t, true) }
func TestConversationRequestNoJS(t *testing.T) { conversationRequest(t, false) }
