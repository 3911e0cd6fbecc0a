package e2e

import (
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"kvp/auth"
	"kvp/handlers"
	"kvp/internal/testidp"
	"kvp/internal/testkit"
)

func TestOIDCLoginJS(t *testing.T) { oidcLogin(t, true) }

func TestOIDCLoginNoJS(t *testing.T) { oidcLogin(t, false) }

// oidcLogin logs in through a real OpenID provider (internal/testidp) in
// the browser, as a person does with ID-porten: the portal's login page,
// the provider's login page on another site, back to «Mine saker» with
// the person from pid, and out again through the provider's logout. The
// portal runs as in production (no development login) on the test clock.
func oidcLogin(t *testing.T, js bool) {
	if _, err := os.Stat(chromiumPath); err != nil {
		skipOrFail(t, "Chromium not found at %s (apt-get install -y --no-install-recommends chromium fonts-liberation)", chromiumPath)
	}
	if _, path, err := loadAxe(); err != nil {
		skipOrFail(t, "axe-core not found at %s (run npm ci in the module root): %v", path, err)
	}
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		if required() {
			t.Fatalf("browser: %v", browserErr)
		}
		t.Skipf("browser could not start: %v; set E2E_REQUIRED=1 to make this a failure", browserErr)
	}

	clock := testkit.NewClock(testkit.Now())
	st := testkit.Store(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	// The provider on "localhost", the portal on 127.0.0.1: two sites, as
	// ID-porten and the portal are, so the state cookie must come back on
	// a cross-site redirect.
	idp := testidp.Start(t, testidp.Options{Host: "localhost", Now: clock.Now})
	idp.AddClient(testidp.Client{ID: "kvp", Secret: "hemmelig", RedirectURIs: []string{base + "/logg-inn/callback"}, PostLogoutRedirectURIs: []string{base + "/logget-ut"}})
	pid := testPersonID(t, clock)
	idp.AddUser(testidp.User{Username: "kari", Subject: "kari-sub", Claims: map[string]any{"pid": pid}})
	client, err := auth.NewOIDCClient(auth.OIDCConfig{
		Issuer: idp.Issuer, ClientID: "kvp", ClientSecret: "hemmelig", RedirectURL: base + "/logg-inn/callback",
		ACRValues: auth.LoASubstantial, AcceptACR: auth.ACRAccepted(auth.LoASubstantial), Now: clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	app, _, err := handlers.New(handlers.Config{
		SessionKey: []byte("0123456789abcdef0123456789abcdef"),
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:        clock.Now,
		PublicURL:  base,
		IDPorten:   client,
	}, st)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	s := openTab(t, st, base, js, time.Now().Add(testTimeout))

	s.open("/logg-inn?neste=%2Fmine-saker", 200)
	s.assertText("main h1", "Logg inn")
	if s.exists("ul.persons") {
		t.Error("the development login is offered")
	}
	s.checkPage("login with ID-porten")
	s.clickAndWait(`main a.button[href^="/logg-inn/idporten"]`, "the provider's login page")
	if got := mustEval[string](s, "location.origin"); got != idp.Issuer {
		t.Fatalf("the login went to %s, not to the provider %s", got, idp.Issuer)
	}
	s.fill("#username", "kari")
	s.clickAndWait("#login", "back at the portal")
	if got := mustEval[string](s, "location.origin"); got != base {
		t.Fatalf("after the login the browser is at %s (%s)", got, s.text("main"))
	}
	s.assertPath("/mine-saker")
	s.assertText("main h1", "Mine saker")
	s.assertText("header", pid)
	s.checkPage("my cases after the ID-porten login")

	// Logging out goes through the provider's logout and back.
	s.clickAndWait(`header form[action="/logg-ut"] button[type=submit]`, "logged out")
	if got := mustEval[string](s, "location.origin"); got != base {
		t.Fatalf("after the logout the browser is at %s", got)
	}
	s.assertPath("/logget-ut")
	s.assertText("main h1", "Du er logget ut")
	s.checkPage("logged out after ID-porten")
	if ended := idp.EndedSessions(); !slices.Equal(ended, []string{"kari-sub"}) {
		t.Errorf("the provider's session was not ended: %v", ended)
	}
	s.open("/mine-saker", 200)
	s.assertPath("/logg-inn")
}

// testPersonID is the national identity number of the first development
// test person on the clock's date: a synthetic number the portal accepts.
func testPersonID(t *testing.T, clock *testkit.Clock) string {
	t.Helper()
	ps, err := auth.TestPersons(clock.Now())
	if err != nil || len(ps) == 0 {
		t.Fatalf("test persons: %v", err)
	}
	return ps[0].NationalID
}
