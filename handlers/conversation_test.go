package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

func conversationForm(c *client) url.Values {
	token, _ := c.get("/samtale").Doc.Find(`input[name="token"]`).Attr("value")
	return url.Values{"name": {"Kari Nordmann"}, "phone": {"912 34 567"}, "municipality": {"3401"}, "times": {"morning", "afternoon"}, "modes": {"phone"}, "message": {"Jeg vil vite mer."}, "token": {token}}
}

func TestConversationRequestWithoutLogin(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	anon := newClient(t, app)

	// Validation: name, a way to reach the person, a time and a mode.
	p := anon.post("/samtale", url.Values{"token": {"0123456789abcdef0123456789abcdef"}, "message": {"hei"}})
	expectStatus(t, p, http.StatusOK)
	for _, f := range []string{"name", "phone", "municipality", "times", "modes"} {
		if p.Doc.Find("#"+f+"-error").Length() != 1 {
			t.Errorf("no error next to %s", f)
		}
	}
	if p.Doc.Find("#message").Text() != "hei" {
		t.Error("typed message lost")
	}

	form := conversationForm(anon)
	p = anon.post("/samtale", form)
	expectRedirect(t, p, "/samtale/kvittering/")
	receipt := p.Header.Get("Location")
	// A double submit of the same form gives the same request.
	if again := anon.post("/samtale", form).Header.Get("Location"); again != receipt {
		t.Errorf("double submit: %s vs %s", again, receipt)
	}
	r := anon.get(receipt)
	expectStatus(t, r, http.StatusOK)
	if !strings.Contains(r.Body, "telefonnummeret eller e-postadressen du oppga") {
		t.Error("receipt does not say how the office will answer")
	}
	ref := strings.TrimPrefix(strings.Split(receipt, "?")[0], "/samtale/kvittering/")
	// The receipt needs its signature.
	expectStatus(t, anon.get("/samtale/kvittering/"+ref+"?s=0000"), http.StatusNotFound)

	// Staff see it among the conversation requests and book it.
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	inbox := sb.get("/saksbehandler?vis=requests")
	if !strings.Contains(inbox.Body, ref) {
		t.Fatal("request not in the office's inbox")
	}
	sp := sb.get("/saksbehandler/saker/" + ref)
	if !strings.Contains(sp.Body, "912 34 567") || !strings.Contains(sp.Body, "ikke innlogget") {
		t.Error("staff do not see the contact and that the person was not logged in")
	}
	v := caseVersion(t, st, ref)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {v}, "meetingDate": {iso(day(3))}, "meetingTime": {"09:30"}, "mode": {"phone"}, "place": {"Vi ringer deg"}}), "/saksbehandler/saker/"+ref)
	cs, _ := st.Case(context.Background(), ref)
	if cs.Status != casework.StatusBooked {
		t.Errorf("status %s", cs.Status)
	}
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/gjennomfort", url.Values{"version": {caseVersion(t, st, ref)}}), "/saksbehandler/saker/"+ref)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/avslutt", url.Values{"version": {caseVersion(t, st, ref)}, "closeNote": {"Takk for praten."}}), "/saksbehandler/saker/"+ref)
	cs, _ = st.Case(context.Background(), ref)
	if cs.Status != casework.StatusClosed {
		t.Errorf("status %s", cs.Status)
	}
	// Application-only actions do not apply to a request.
	expectStatus(t, sb.post("/saksbehandler/saker/"+ref+"/vedtak", url.Values{"version": {caseVersion(t, st, ref)}}), http.StatusNotFound)
}

func TestConversationRequestLoggedIn(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	c := newClient(t, app)
	me := persons(t)[0]
	c.login(me.NationalID)
	p := c.get("/samtale")
	if p.Doc.Find("#name").Length() != 0 || !strings.Contains(p.Doc.Find("main").Text(), me.Name) {
		t.Error("the name is asked for although it comes from the login")
	}
	form := conversationForm(c)
	form.Del("name")
	loc := c.post("/samtale", form).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")
	my := c.get("/mine-saker")
	if !strings.Contains(my.Body, "Samtale "+ref) || !strings.Contains(my.Body, "Ønsket") {
		t.Error("request not on Mine saker with its status")
	}
	// It does not block an application.
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	if rec, _ := st.Person(context.Background(), me.NationalID); rec.Draft == nil {
		t.Error("a conversation request blocked the application")
	}
	// The booking shows on the person's page.
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	meeting := dayAt(4, 13, 0)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {caseVersion(t, st, ref)}, "meetingDate": {iso(meeting)}, "meetingTime": {"13:00"}, "mode": {"office"}, "place": {"Servicetorget"}}), "/saksbehandler/saker/"+ref)
	cp := c.get("/saker/" + ref)
	if !strings.Contains(cp.Doc.Find("main").Text(), meetingText(nb, meeting)) {
		t.Errorf("booking not shown: %s", cp.Doc.Find("main").Text())
	}
	// «Mine saker» shows the booking with its time and place, not only
	// the status.
	card := c.get("/mine-saker").Doc.Find(`.cards li:contains("Samtale ` + ref + `")`).Text()
	for _, want := range []string{"Avtalt", "Tid: " + meetingText(nb, meeting), "Oppmøte på NAV-kontoret: Servicetorget"} {
		if !strings.Contains(card, want) {
			t.Errorf("Mine saker lacks %q: %s", want, card)
		}
	}
	c.get("/sprak/en")
	if card := c.get("/mine-saker").Doc.Find(".cards li").Text(); !strings.Contains(card, "Time: "+en.Weekday(meeting)+" "+en.Date(meeting)) {
		t.Errorf("Mine saker in English: %s", card)
	}
	c.get("/sprak/nb")
	// Another person cannot see it.
	other := newClient(t, app)
	other.login(persons(t)[1].NationalID)
	expectStatus(t, other.get("/saker/"+ref), http.StatusNotFound)
}

func TestConversationRateLimitKeepsTheRequest(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	anon := newClient(t, app)
	// A robot filling the hidden field is refused with a message.
	f := conversationForm(anon)
	f.Set("website", "http://spam.example")
	p := anon.post("/samtale", f)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#message-error").Length() != 1 {
		t.Error("robot request accepted")
	}
	// Five requests an hour from one address (the robot's counted too).
	for i := 0; i < 4; i++ {
		expectRedirect(t, anon.post("/samtale", conversationForm(anon)), "/samtale/kvittering/")
	}
	form := conversationForm(anon)
	form.Set("message", "Viktig melding")
	p = anon.post("/samtale", form)
	expectStatus(t, p, http.StatusTooManyRequests)
	if p.Doc.Find("#message").Text() != "Viktig melding" || !strings.Contains(p.Doc.Find("#message-error").Text(), "55 55 33 33") {
		t.Error("the limited request was not shown again with its text and a way out")
	}
	page, _ := st.Inbox(context.Background(), store.InboxQuery{Office: "3401", View: "requests"})
	if page.Total != 4 {
		t.Errorf("%d requests stored, want 4", page.Total)
	}
	// A logged-in person is not limited.
	anon.login(persons(t)[0].NationalID)
	g := conversationForm(anon)
	g.Del("name")
	expectRedirect(t, anon.post("/samtale", g), "/samtale/kvittering/")
}
