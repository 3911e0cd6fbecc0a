package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/internal/testkit"
)

// A conversation form's token used by another person gives them a request
// of their own, never the first request's receipt; the same browser
// sending it twice still makes one request.
func TestConversationTokenOfAnotherPersonIsNotTheirReceipt(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	first, other := newClient(t, app), newClient(t, app)
	form := conversationForm(first)
	p := first.post("/samtale", form)
	expectRedirect(t, p, "/samtale/kvittering/")
	receipt := p.Header.Get("Location")
	if again := first.post("/samtale", form).Header.Get("Location"); again != receipt {
		t.Errorf("double submit from the same browser: %s vs %s", again, receipt)
	}
	stolen := url.Values{}
	for k, v := range form {
		if k != "_csrf" {
			stolen[k] = v
		}
	}
	p = other.post("/samtale", stolen)
	expectRedirect(t, p, "/samtale/kvittering/")
	if got := p.Header.Get("Location"); got == receipt {
		t.Fatal("another person got the first request's receipt")
	}
	// Logged in, two people with one token also get a request each.
	a, b := newClient(t, app), newClient(t, app)
	a.login(persons(t)[0].NationalID)
	b.login(persons(t)[1].NationalID)
	fa := conversationForm(a)
	ra := a.post("/samtale", fa).Header.Get("Location")
	fb := url.Values{}
	for k, v := range fa {
		if k != "_csrf" {
			fb[k] = v
		}
	}
	if rb := b.post("/samtale", fb).Header.Get("Location"); rb == ra || rb == "" {
		t.Errorf("logged-in reuse of a token: %q and %q", ra, rb)
	}
}

// A logged-in person can send at most five conversation requests an hour,
// as people who are not logged in; the sixth is shown again with what was
// typed and a message.
func TestConversationRequestsLoggedInAreLimited(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	for i := 0; i < 5; i++ {
		expectRedirect(t, c.post("/samtale", conversationForm(c)), "/samtale/kvittering/")
	}
	form := conversationForm(c)
	form.Set("message", "Den sjette")
	p := c.post("/samtale", form)
	expectStatus(t, p, http.StatusTooManyRequests)
	if p.Doc.Find("#message").Text() != "Den sjette" || p.Doc.Find("#message-error").Length() != 1 {
		t.Errorf("the sixth request lost what was typed or has no message: %q", p.Doc.Find("#message-error").Text())
	}
	if n := storedRequests(t, st); n != 5 {
		t.Errorf("%d requests stored, want 5", n)
	}
}

// Bidirectional override characters typed into a form are removed before
// anything is stored, so a caseworker never reads text shown reversed.
func TestBidiControlsAreRemovedFromInput(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	anon := newClient(t, app)
	form := conversationForm(anon)
	form.Set("name", "Kari \u202Enamron\u202C Nordmann")
	form.Set("message", "Ring meg \u2067etter kl. 12\u2069.")
	expectRedirect(t, anon.post("/samtale", form), "/samtale/kvittering/")
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	inbox := sb.get("/saksbehandler?vis=requests")
	for _, r := range []string{"\u202E", "\u202C", "\u2067", "\u2069"} {
		if strings.Contains(inbox.Body, r) {
			t.Errorf("%U reached the staff inbox", []rune(r)[0])
		}
	}
	href, _ := inbox.Doc.Find(`a[href^="/saksbehandler/saker/"]`).First().Attr("href")
	page := sb.get(href)
	if strings.ContainsAny(page.Body, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") || !strings.Contains(page.Body, "etter kl. 12") || !strings.Contains(page.Body, "Kari namron Nordmann") {
		t.Error("the staff case page shows bidirectional controls, or lost the name or message")
	}
}
