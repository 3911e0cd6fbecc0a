package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"kvp/handlers"
	"kvp/internal/testkit"
	"kvp/store"
)

// postFrom posts the form as a request that a proxy forwarded with the
// header X-Forwarded-For: forwardedFor.
func postFrom(c *client, forwardedFor string, form url.Values) *page {
	c.t.Helper()
	if c.csrf() == "" {
		c.get("/")
	}
	form.Set("_csrf", c.csrf())
	req := httptest.NewRequest(http.MethodPost, "/samtale", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", forwardedFor)
	return c.do(req)
}

// proxiedApp builds the portal as it runs behind a proxy. Test requests
// come from 0.0.0.0.
func proxiedApp(t *testing.T, st *store.Store, trusted ...string) *fiber.App {
	t.Helper()
	app, _, err := handlers.New(handlers.Config{
		Development:    true,
		SessionKey:     []byte("0123456789abcdef0123456789abcdef"),
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:            testkit.NewClock(now).Now,
		ProxyHeader:    "X-Forwarded-For",
		TrustedProxies: trusted,
	}, st)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func storedRequests(t *testing.T, st *store.Store) int {
	t.Helper()
	page, err := st.Inbox(context.Background(), store.InboxQuery{Office: "3401", View: "requests"})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// TestMistakesDoNotCountAgainstTheLimit: a person who gets the form wrong
// many times can still send it; only stored requests count (and robots).
func TestMistakesDoNotCountAgainstTheLimit(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	anon := newClient(t, app)
	for i := 0; i < 8; i++ {
		f := conversationForm(anon)
		f.Del("phone")
		p := anon.post("/samtale", f)
		expectStatus(t, p, http.StatusOK)
		if p.Doc.Find("#phone-error").Length() != 1 {
			t.Fatalf("post %d: no error next to the phone", i)
		}
	}
	// An unknown municipality is a mistake too.
	f := conversationForm(anon)
	f.Set("municipality", "0000")
	expectStatus(t, anon.post("/samtale", f), http.StatusOK)
	// A double submit of one form is one request.
	f = conversationForm(anon)
	first := anon.post("/samtale", f)
	expectRedirect(t, first, "/samtale/kvittering/")
	expectRedirect(t, anon.post("/samtale", f), first.Header.Get("Location"))
	for i := 0; i < 4; i++ {
		expectRedirect(t, anon.post("/samtale", conversationForm(anon)), "/samtale/kvittering/")
	}
	p := anon.post("/samtale", conversationForm(anon))
	expectStatus(t, p, http.StatusTooManyRequests)
	if n := storedRequests(t, st); n != 5 {
		t.Errorf("%d requests stored, want 5", n)
	}
}

// TestLimitPerClientBehindAProxy: behind a trusted proxy, each client
// address has its own limit, and what a client writes into the header
// itself does not change its address.
func TestLimitPerClientBehindAProxy(t *testing.T) {
	st := testkit.Store(t)
	app := proxiedApp(t, st, "0.0.0.0", "10.0.0.0/8")
	a, b := newClient(t, app), newClient(t, app)
	for i := 0; i < 5; i++ {
		// A different made-up address in front each time, then a second
		// proxy of our own: the client is 203.0.113.7 every time.
		spoof := "198.51.100." + string(rune('1'+i))
		expectRedirect(t, postFrom(a, spoof+", 203.0.113.7, 10.1.2.3", conversationForm(a)), "/samtale/kvittering/")
	}
	p := postFrom(a, "198.51.100.99, 203.0.113.7", conversationForm(a))
	expectStatus(t, p, http.StatusTooManyRequests)
	// Another person behind the same proxy is not affected.
	expectRedirect(t, postFrom(b, "203.0.113.8", conversationForm(b)), "/samtale/kvittering/")
	if n := storedRequests(t, st); n != 6 {
		t.Errorf("%d requests stored, want 6", n)
	}
}

// TestProxyHeaderFromAnUntrustedPeerIsIgnored: a request that does not come
// from a trusted proxy is limited by its own address, whatever it claims.
func TestProxyHeaderFromAnUntrustedPeerIsIgnored(t *testing.T) {
	st := testkit.Store(t)
	app := proxiedApp(t, st, "10.0.0.1")
	c := newClient(t, app)
	for i := 0; i < 5; i++ {
		expectRedirect(t, postFrom(c, "203.0.113."+string(rune('1'+i)), conversationForm(c)), "/samtale/kvittering/")
	}
	expectStatus(t, postFrom(c, "203.0.113.200", conversationForm(c)), http.StatusTooManyRequests)
}
