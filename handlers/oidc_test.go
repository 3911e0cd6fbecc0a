package handlers_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/handlers"
	"kvp/internal/testidp"
	"kvp/internal/testkit"
	"kvp/store"
)

// The portal's address in these tests: requests to it go to the app in
// the test process, requests to the provider over HTTP to a real OpenID
// provider (internal/testidp, zitadel's op package).
const portalURL = "http://portal.test"

const (
	citizenClientID = "kvp"
	staffClientID   = "kvp-saksbehandling"
	clientSecret    = "hemmelig-klientpassord"
)

type oidcEnv struct {
	t     *testing.T
	st    *store.Store
	clock *testkit.Clock
	idp   *testidp.Provider
	app   *fiber.App
	pid   string
}

// oidcSetup changes the portal's configuration before it is built.
type oidcSetup func(e *oidcEnv, cfg *handlers.Config)

// newOIDCEnv starts a provider with the portal's two clients and a test
// person (kari, pid of the first test person, level substantial), and the
// portal as in production (no development login) on the test clock, with
// ID-porten by client_secret_basic.
func newOIDCEnv(t *testing.T, setup ...oidcSetup) *oidcEnv {
	t.Helper()
	e := &oidcEnv{t: t, st: testkit.Store(t), clock: testkit.NewClock(now), pid: persons(t)[0].NationalID}
	e.idp = testidp.Start(t, testidp.Options{Now: e.clock.Now})
	e.idp.AddClient(testidp.Client{ID: citizenClientID, Secret: clientSecret, RedirectURIs: []string{portalURL + "/logg-inn/callback"}, PostLogoutRedirectURIs: []string{portalURL + "/logget-ut"}})
	e.idp.AddClient(testidp.Client{ID: staffClientID, Secret: clientSecret, RedirectURIs: []string{portalURL + "/saksbehandler/logg-inn/callback"}})
	e.idp.AddUser(testidp.User{Username: "kari", Subject: "kari-sub", Claims: map[string]any{"pid": e.pid}})
	cfg := handlers.Config{
		SessionKey:  []byte("0123456789abcdef0123456789abcdef"),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:         e.clock.Now,
		PublicURL:   portalURL,
		IDPorten:    e.citizenClient(auth.OIDCConfig{ClientSecret: clientSecret}),
		StaffGroups: staffGroups(t),
	}
	cfg.StaffSSO = e.oidcClient(auth.OIDCConfig{ClientID: staffClientID, ClientSecret: clientSecret, RedirectURL: portalURL + "/saksbehandler/logg-inn/callback", Scopes: []string{"openid", "profile", "email"}})
	for _, s := range setup {
		s(e, &cfg)
	}
	app, _, err := handlers.New(cfg, e.st)
	if err != nil {
		t.Fatal(err)
	}
	e.app = app
	return e
}

// citizenClient is the ID-porten client with cfg's credentials.
func (e *oidcEnv) citizenClient(cfg auth.OIDCConfig) *auth.OIDCClient {
	cfg.ClientID, cfg.RedirectURL = citizenClientID, portalURL+"/logg-inn/callback"
	if cfg.ACRValues == "" {
		cfg.ACRValues = auth.LoASubstantial
	}
	cfg.AcceptACR = auth.ACRAccepted(cfg.ACRValues)
	return e.oidcClient(cfg)
}

func (e *oidcEnv) oidcClient(cfg auth.OIDCConfig) *auth.OIDCClient {
	e.t.Helper()
	cfg.Issuer, cfg.Now = e.idp.Issuer, e.clock.Now
	c, err := auth.NewOIDCClient(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func staffGroups(t *testing.T) *auth.StaffGroups {
	t.Helper()
	g, err := auth.ParseStaffGroups([]byte(`{"groups": {
		"grp-kvp-kongsvinger": {"role": "caseworker", "offices": ["3401"], "note": "KVP Kongsvinger"},
		"grp-kvp-leder": {"role": "lead", "offices": ["3401", "3403"]}
	}}`))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// browser is a browser without JavaScript across the portal and the
// provider: cookies for both, redirects followed as a browser does.
type browser struct {
	*client
	e   *oidcEnv
	idp *http.Client
}

func (e *oidcEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{client: newClient(e.t, e.app), e: e, idp: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// providerGet fetches an address of the provider without following
// redirects.
func (b *browser) providerDo(req *http.Request) (*http.Response, *goquery.Document) {
	b.t.Helper()
	resp, err := b.idp.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	return resp, doc
}

// toProvider follows the portal's redirect to the provider's login page
// and returns the login's id there.
func (b *browser) toProvider(p *page) string {
	b.t.Helper()
	expectStatus(b.t, p, http.StatusSeeOther)
	loc := p.Header.Get("Location")
	if !strings.HasPrefix(loc, b.e.idp.Issuer+"/") {
		b.t.Fatalf("the login went to %q, not to the provider", loc)
	}
	for i := 0; i < 5; i++ {
		req, _ := http.NewRequest(http.MethodGet, loc, nil)
		resp, doc := b.providerDo(req)
		if resp.StatusCode == http.StatusOK {
			id, ok := doc.Find(`input[name="id"]`).Attr("value")
			if !ok {
				b.t.Fatalf("no login form at %s", loc)
			}
			return id
		}
		next, err := resp.Location()
		if err != nil {
			b.t.Fatalf("provider answered %d at %s", resp.StatusCode, loc)
		}
		loc = next.String()
	}
	b.t.Fatal("too many redirects at the provider")
	return ""
}

// signIn logs in at the provider as username and returns the portal's
// callback address (path and query) the provider sends the browser to,
// without going there.
func (b *browser) signIn(id, username string) string {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.idp.Issuer+"/login", strings.NewReader(url.Values{"id": {id}, "username": {username}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i < 5; i++ {
		resp, _ := b.providerDo(req)
		loc, err := resp.Location()
		if err != nil {
			b.t.Fatalf("provider answered %d to the login", resp.StatusCode)
		}
		if strings.HasPrefix(loc.String(), portalURL+"/") {
			return strings.TrimPrefix(loc.String(), portalURL)
		}
		req, _ = http.NewRequest(http.MethodGet, loc.String(), nil)
	}
	b.t.Fatal("too many redirects at the provider")
	return ""
}

// loginTo starts the citizen's login from path (on the portal), signs in
// as username and returns the callback address.
func (b *browser) loginTo(path, username string) string {
	b.t.Helper()
	return b.signIn(b.toProvider(b.get(path)), username)
}

// login logs in as kari through the provider and returns the page the
// portal ends on.
func (b *browser) login() *page {
	b.t.Helper()
	return b.follow(b.get(b.loginTo("/logg-inn/idporten", "kari")))
}

func expectLoginFailed(t *testing.T, p *page, status int, key string) {
	t.Helper()
	expectStatus(t, p, status)
	if p.Doc.Find(`main a.button[href^="/logg-inn"], main a.button[href^="/saksbehandler/logg-inn"]`).Length() != 1 {
		t.Errorf("the refusal page has no way to log in again: %.300s", p.Doc.Find("main").Text())
	}
	want := map[string]string{
		"login.failed.state":        "Innloggingen ble ikke fullført",
		"login.failed.token":        "Vi kunne ikke bekrefte innloggingen",
		"login.failed.acr":          "Du må logge inn med et høyere sikkerhetsnivå",
		"login.failed.provider":     "Innloggingstjenesten svarte ikke",
		"login.failed.cancelled":    "Du avbrøt innloggingen",
		"staff.login.failed.denied": "Du har ikke tilgang til saksbehandlingen",
	}[key]
	if got := strings.TrimSpace(p.Doc.Find("main h1").Text()); got != want {
		t.Errorf("h1 %q, want %q (%s)", got, want, key)
	}
}

func expectLoggedOut(t *testing.T, c *client) {
	t.Helper()
	expectRedirect(t, c.get("/mine-saker"), "/logg-inn?neste=")
}

// The whole flow: the login page offers ID-porten only (production has
// no development login), the provider is asked for PKCE (S256), the
// configured level and the chosen language, the client authenticates with
// client_secret_basic, and «Mine saker» shows the person from pid, back
// where the login started.
func TestOIDCLoginShowsThePersonFromPid(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	p := b.get("/logg-inn?neste=%2Fsoknad")
	expectStatus(t, p, http.StatusOK)
	href, _ := p.Doc.Find(`main a.button[href^="/logg-inn/idporten"]`).Attr("href")
	if href != "/logg-inn/idporten?neste=%2fsoknad" && href != "/logg-inn/idporten?neste=%2Fsoknad" {
		t.Errorf("ID-porten link %q", href)
	}
	if p.Doc.Find(`ul.persons, input[name="nationalId"]`).Length() != 0 {
		t.Error("the development login is offered in production")
	}
	expectStatus(t, b.post("/logg-inn", url.Values{"person": {e.pid}}), http.StatusNotFound)

	expectRedirect(t, b.get("/sprak/en?tilbake=%2F"), "/")
	callback := b.loginTo(href, "kari")
	if !strings.HasPrefix(callback, "/logg-inn/callback?") {
		t.Fatalf("callback %q", callback)
	}
	p = b.get(callback)
	expectRedirect(t, p, "/soknad")
	for _, ck := range p.Cookies() {
		if strings.HasPrefix(ck.Name, "kvp_login_") && ck.Value != "" {
			t.Errorf("the state cookie %s is kept after the callback", ck.Name)
		}
	}
	p = b.get("/mine-saker")
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("header").Text(), e.pid) {
		t.Errorf("«Mine saker» does not show the person from pid %s: %q", e.pid, p.Doc.Find("header").Text())
	}

	auths := e.idp.Authorizations()
	if len(auths) != 1 {
		t.Fatalf("%d authorization requests", len(auths))
	}
	a := auths[0]
	if a.CodeChallengeMethod != "S256" || !slices.Equal(a.ACRValues, []string{auth.LoASubstantial}) || !slices.Equal(a.UILocales, []string{"en"}) || a.Nonce == "" || !slices.Equal(a.Scopes, []string{"openid", "profile"}) {
		t.Errorf("authorization request %+v", a)
	}
	if got := e.idp.ClientAuthentications(); !slices.Equal(got, []string{"client_secret_basic"}) {
		t.Errorf("client authentication %v, want client_secret_basic", got)
	}
}

// A login always gets a new session id, and the session still ends 8
// hours after the login however active the person is.
func TestOIDCLoginGetsANewSessionThatEndsAfterEightHours(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	b.login()
	first := b.cookies["kvp_session"]
	b.login()
	if b.cookies["kvp_session"] == first {
		t.Fatal("the session id did not change at the second login")
	}
	old := newClient(t, e.app)
	old.cookies["kvp_session"] = first
	expectLoggedOut(t, old)
	for i := 0; i < 31; i++ {
		e.clock.Advance(15 * time.Minute)
		expectStatus(t, b.get("/mine-saker"), http.StatusOK)
	}
	e.clock.Advance(16 * time.Minute)
	expectLoggedOut(t, b.client)
}

// A callback whose state is not the one this browser started with, or
// that comes to a browser without the login's state cookie, logs no one
// in.
func TestOIDCRefusesAWrongState(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	callback := b.loginTo("/logg-inn/idporten", "kari")
	u, _ := url.Parse(callback)
	q := u.Query()
	q.Set("state", "feil-"+q.Get("state"))
	expectLoginFailed(t, b.get(u.Path+"?"+q.Encode()), http.StatusBadRequest, "login.failed.state")
	expectLoggedOut(t, b.client)

	// The right state in another browser (login CSRF): no state cookie.
	b = e.browser()
	callback = b.loginTo("/logg-inn/idporten", "kari")
	other := e.browser()
	expectLoginFailed(t, other.get(callback), http.StatusBadRequest, "login.failed.state")
	expectLoggedOut(t, other.client)
	// No state at all.
	expectLoginFailed(t, other.get("/logg-inn/callback?code=x"), http.StatusBadRequest, "login.failed.state")

	// An answer naming another issuer (RFC 9207: a mix-up of providers).
	callback = b.loginTo("/logg-inn/idporten", "kari")
	expectLoginFailed(t, b.get(callback+"&iss="+url.QueryEscape("https://annen.example")), http.StatusBadRequest, "login.failed.state")
	expectLoggedOut(t, b.client)

	// A state older than ten minutes on the portal's clock.
	callback = b.loginTo("/logg-inn/idporten", "kari")
	e.clock.Advance(11 * time.Minute)
	expectLoginFailed(t, b.get(callback), http.StatusBadRequest, "login.failed.state")
	expectLoggedOut(t, b.client)
}

// A callback is good once: replayed, even with a copy of the state
// cookie, it fails; and a used code fails at the provider even with a
// fresh state.
func TestOIDCRefusesAReplayedCallbackAndCode(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	callback := b.loginTo("/logg-inn/idporten", "kari")
	saved := map[string]string{}
	for k, v := range b.cookies {
		saved[k] = v
	}
	expectRedirect(t, b.get(callback), "/mine-saker")
	expectRedirect(t, b.post("/logg-ut", nil), e.idp.Issuer+"/end_session")

	attacker := e.browser()
	for k, v := range saved {
		attacker.cookies[k] = v
	}
	expectLoginFailed(t, attacker.get(callback), http.StatusBadRequest, "login.failed.state")
	expectLoggedOut(t, attacker.client)

	// The used code with a new login's state and state cookie.
	fresh := e.browser()
	newCallback := fresh.loginTo("/logg-inn/idporten", "kari")
	oldCode, _ := url.Parse(callback)
	u, _ := url.Parse(newCallback)
	q := u.Query()
	q.Set("code", oldCode.Query().Get("code"))
	expectLoginFailed(t, fresh.get(u.Path+"?"+q.Encode()), http.StatusBadGateway, "login.failed.provider")
	expectLoggedOut(t, fresh.client)
}

// The ID token's checks: a token with another nonce (a genuine token of
// another login), an expired token, and a token for another audience
// (another client of the same provider) log no one in.
func TestOIDCRefusesTokensThatFailTheirChecks(t *testing.T) {
	e := newOIDCEnv(t)
	e.idp.AddClient(testidp.Client{ID: "annen-tjeneste", Secret: "x", RedirectURIs: []string{"http://annen.test/cb"}})

	b := e.browser()
	e.idp.ReplaceIDToken(func(_, _ string) string {
		tok, err := e.idp.IDToken(citizenClientID, "kari", "en-annen-innlogging")
		if err != nil {
			t.Error(err)
		}
		return tok
	})
	expectLoginFailed(t, b.get(b.loginTo("/logg-inn/idporten", "kari")), http.StatusBadRequest, "login.failed.token")
	expectLoggedOut(t, b.client)

	e.idp.ReplaceIDToken(func(_, _ string) string {
		auths := e.idp.Authorizations()
		tok, err := e.idp.IDToken("annen-tjeneste", "kari", auths[len(auths)-1].Nonce)
		if err != nil {
			t.Error(err)
		}
		return tok
	})
	expectLoginFailed(t, b.get(b.loginTo("/logg-inn/idporten", "kari")), http.StatusBadRequest, "login.failed.token")
	expectLoggedOut(t, b.client)

	e.idp.ReplaceIDToken(nil)
	e.idp.SetTokenLifetime(-time.Minute)
	expectLoginFailed(t, b.get(b.loginTo("/logg-inn/idporten", "kari")), http.StatusBadRequest, "login.failed.token")
	expectLoggedOut(t, b.client)

	// The same flow with a token that is still valid works.
	e.idp.SetTokenLifetime(2 * time.Minute)
	expectRedirect(t, b.get(b.loginTo("/logg-inn/idporten", "kari")), "/mine-saker")
}

// A login at a lower level than asked for is refused with a page in the
// person's language; with idporten-loa-high required, substantial is too
// low and high is enough.
func TestOIDCRefusesALowLevelOfAssurance(t *testing.T) {
	e := newOIDCEnv(t)
	e.idp.AddUser(testidp.User{Username: "lav", Subject: "lav-sub", ACR: "idporten-loa-low", Claims: map[string]any{"pid": e.pid}})
	for _, tc := range []struct{ lang, h1 string }{
		{"nb", "Du må logge inn med et høyere sikkerhetsnivå"},
		{"nn", "Du må logge inn med eit høgare tryggleiksnivå"},
		{"en", "You must log in with a higher security level"},
	} {
		b := e.browser()
		b.get("/sprak/" + tc.lang + "?tilbake=%2F")
		p := b.get(b.loginTo("/logg-inn/idporten", "lav"))
		expectStatus(t, p, http.StatusForbidden)
		if got := strings.TrimSpace(p.Doc.Find("main h1").Text()); got != tc.h1 {
			t.Errorf("%s: h1 %q, want %q", tc.lang, got, tc.h1)
		}
		if lang, _ := p.Doc.Find("html").Attr("lang"); lang != tc.lang {
			t.Errorf("%s: page in %q", tc.lang, lang)
		}
		expectLoggedOut(t, b.client)
	}

	high := newOIDCEnv(t, func(e *oidcEnv, cfg *handlers.Config) {
		cfg.IDPorten = e.citizenClient(auth.OIDCConfig{ClientSecret: clientSecret, ACRValues: auth.LoAHigh})
	})
	high.idp.AddUser(testidp.User{Username: "hoy", Subject: "hoy-sub", ACR: auth.LoAHigh, Claims: map[string]any{"pid": high.pid}})
	b := high.browser()
	expectLoginFailed(t, b.get(b.loginTo("/logg-inn/idporten", "kari")), http.StatusForbidden, "login.failed.acr")
	expectRedirect(t, b.get(b.loginTo("/logg-inn/idporten", "hoy")), "/mine-saker")
	if a := high.idp.Authorizations(); !slices.Equal(a[0].ACRValues, []string{auth.LoAHigh}) {
		t.Errorf("acr_values %v, want idporten-loa-high", a[0].ACRValues)
	}
}

// With private_key_jwt the client authenticates with a JWT signed by its
// key, and a key the provider does not know is refused.
func TestOIDCPrivateKeyJWT(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := auth.KeyThumbprint(key)
	e := newOIDCEnv(t, func(e *oidcEnv, cfg *handlers.Config) {
		e.idp.AddClient(testidp.Client{ID: "kvp-jwt", Key: key.Public(), KeyID: kid, RedirectURIs: []string{portalURL + "/logg-inn/callback"}})
		c := e.citizenClient(auth.OIDCConfig{ClientKey: key})
		if !c.UsesPrivateKeyJWT() {
			t.Fatal("the client does not use private_key_jwt")
		}
		cfg.IDPorten = e.oidcClient(auth.OIDCConfig{ClientID: "kvp-jwt", ClientKey: key, RedirectURL: portalURL + "/logg-inn/callback", AcceptACR: auth.ACRAccepted(auth.LoASubstantial)})
	})
	b := e.browser()
	p := b.login()
	expectStatus(t, p, http.StatusOK)
	if got := e.idp.ClientAuthentications(); !slices.Equal(got, []string{"private_key_jwt"}) {
		t.Errorf("client authentication %v, want private_key_jwt", got)
	}

	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	wrong := newOIDCEnv(t, func(e *oidcEnv, cfg *handlers.Config) {
		e.idp.AddClient(testidp.Client{ID: "kvp-jwt", Key: key.Public(), KeyID: kid, RedirectURIs: []string{portalURL + "/logg-inn/callback"}})
		cfg.IDPorten = e.oidcClient(auth.OIDCConfig{ClientID: "kvp-jwt", ClientKey: other, ClientKeyID: kid, RedirectURL: portalURL + "/logg-inn/callback"})
	})
	b = wrong.browser()
	expectLoginFailed(t, b.get(b.loginTo("/logg-inn/idporten", "kari")), http.StatusBadGateway, "login.failed.provider")
	expectLoggedOut(t, b.client)
}

// Logging out ends the portal session on the server and goes through the
// provider's end_session_endpoint with id_token_hint and the
// post-logout address, which brings the person back to /logget-ut.
func TestOIDCLogoutGoesThroughEndSession(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	b.login()
	saved := b.cookies["kvp_session"]
	p := b.post("/logg-ut", nil)
	expectStatus(t, p, http.StatusSeeOther)
	loc, _ := url.Parse(p.Header.Get("Location"))
	if loc.Scheme+"://"+loc.Host != e.idp.Issuer || loc.Path != "/end_session" || loc.Query().Get("id_token_hint") == "" || loc.Query().Get("post_logout_redirect_uri") != portalURL+"/logget-ut" || loc.Query().Get("ui_locales") != "nb" {
		t.Fatalf("logout went to %s", loc)
	}
	if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' "+e.idp.Issuer) {
		t.Errorf("the CSP does not let the logout form's redirect reach the provider: %q", csp)
	}
	old := newClient(t, e.app)
	old.cookies["kvp_session"] = saved
	expectLoggedOut(t, old)
	expectLoggedOut(t, b.client)

	req, _ := http.NewRequest(http.MethodGet, loc.String(), nil)
	resp, _ := b.providerDo(req)
	if back, err := resp.Location(); err != nil || back.String() != portalURL+"/logget-ut" {
		t.Fatalf("the provider answered %d to %v", resp.StatusCode, back)
	}
	if ended := e.idp.EndedSessions(); !slices.Equal(ended, []string{"kari-sub"}) {
		t.Errorf("ended sessions at the provider: %v", ended)
	}
	expectStatus(t, b.get("/logget-ut"), http.StatusOK)
}

// Logging out of ID-porten elsewhere ends the portal session: ID-porten
// loads /logg-ut/frontchannel with its issuer and the login's sid, without
// the person's cookies.
func TestOIDCFrontChannelLogout(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	b.login()
	other := e.browser()
	other.login()
	sid := e.idp.SessionID("kari-sub")
	if sid == "" {
		t.Fatal("no sid at the provider")
	}

	frame := newClient(t, e.app)
	for _, q := range []string{"iss=" + url.QueryEscape("https://annen.example") + "&sid=" + sid, "iss=" + url.QueryEscape(e.idp.Issuer), "sid=" + sid} {
		expectStatus(t, frame.get("/logg-ut/frontchannel?"+q), http.StatusBadRequest)
	}
	expectStatus(t, b.get("/mine-saker"), http.StatusOK)
	expectStatus(t, other.get("/mine-saker"), http.StatusOK)

	p := frame.get("/logg-ut/frontchannel?iss=" + url.QueryEscape(e.idp.Issuer) + "&sid=" + url.QueryEscape(sid))
	expectStatus(t, p, http.StatusOK)
	if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors "+e.idp.Issuer) || p.Header.Get("X-Frame-Options") != "" {
		t.Errorf("the provider cannot frame the answer: CSP %q, X-Frame-Options %q", csp, p.Header.Get("X-Frame-Options"))
	}
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Error("the answer may be cached")
	}
	// The later login (the provider's sid) ended; the earlier one is a
	// provider session of its own.
	expectLoggedOut(t, other.client)
	expectStatus(t, b.get("/mine-saker"), http.StatusOK)
	// Again: nothing left to end.
	expectStatus(t, frame.get("/logg-ut/frontchannel?iss="+url.QueryEscape(e.idp.Issuer)+"&sid="+url.QueryEscape(sid)), http.StatusOK)
}

// A login cancelled at the provider comes back with error=access_denied.
func TestOIDCCancelledLogin(t *testing.T) {
	e := newOIDCEnv(t)
	b := e.browser()
	start := b.get("/logg-inn/idporten")
	loc, _ := url.Parse(start.Header.Get("Location"))
	p := b.get("/logg-inn/callback?error=access_denied&state=" + url.QueryEscape(loc.Query().Get("state")))
	expectLoginFailed(t, p, http.StatusOK, "login.failed.cancelled")
	expectLoggedOut(t, b.client)
}

// Staff log in with the staff provider: the account is created from the
// claims, its role and offices from the group mapping, and the staff area
// works with it; a person in no mapped group, or with a disabled account,
// is refused. Local accounts are off outside development unless enabled.
func TestOIDCStaffSingleSignOn(t *testing.T) {
	e := newOIDCEnv(t)
	e.idp.AddUser(testidp.User{Username: "siri", Subject: "siri-oid", Claims: map[string]any{"email": "Siri.Saksbehandler@nav.test", "name": "Siri Saksbehandler", "groups": []string{"grp-annet", "grp-kvp-kongsvinger"}}})
	e.idp.AddUser(testidp.User{Username: "lars", Subject: "lars-oid", Claims: map[string]any{"preferred_username": "lars@nav.test", "name": "Lars Leder", "groups": []string{"grp-kvp-kongsvinger", "grp-kvp-leder"}}})
	e.idp.AddUser(testidp.User{Username: "ola", Subject: "ola-oid", Claims: map[string]any{"email": "ola@nav.test", "name": "Ola Utenfor", "groups": []string{"grp-annet"}}})

	b := e.browser()
	p := b.get("/saksbehandler/logg-inn?neste=%2Fsaksbehandler%3Fvisning%3Dnye")
	expectStatus(t, p, http.StatusOK)
	href, ok := p.Doc.Find(`main a.button[href^="/saksbehandler/logg-inn/sso"]`).Attr("href")
	if !ok {
		t.Fatal("no single sign-on on the staff login page")
	}
	if p.Doc.Find(`input[name="password"]`).Length() != 0 {
		t.Error("the local login form is offered in production")
	}
	expectStatus(t, b.post("/saksbehandler/logg-inn", url.Values{"email": {"siri@nav.test"}, "password": {"x"}}), http.StatusNotFound)

	expectRedirect(t, b.get(b.signIn(b.toProvider(b.get(href)), "siri")), "/saksbehandler?visning=nye")
	expectStatus(t, b.get("/saksbehandler"), http.StatusOK)
	rec, err := e.st.Staff(context.Background(), "siri.saksbehandler@nav.test")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Name != "Siri Saksbehandler" || rec.Role != "caseworker" || !slices.Equal(rec.Offices, []string{"3401"}) || rec.PasswordHash != "" {
		t.Errorf("account from the claims: %+v", rec)
	}
	if a := e.idp.Authorizations(); a[0].ClientID != staffClientID || len(a[0].ACRValues) != 0 {
		t.Errorf("staff authorization request %+v", a[0])
	}
	expectRedirect(t, b.post("/saksbehandler/logg-ut", nil), "/saksbehandler/logg-inn")
	expectRedirect(t, b.get("/saksbehandler"), "/saksbehandler/logg-inn")

	// Several groups: the highest role and the offices of all of them.
	l := e.browser()
	expectRedirect(t, l.get(l.signIn(l.toProvider(l.get("/saksbehandler/logg-inn/sso")), "lars")), "/saksbehandler")
	rec, _ = e.st.Staff(context.Background(), "lars@nav.test")
	if rec == nil || rec.Role != "lead" || !slices.Equal(rec.Offices, []string{"3401", "3403"}) {
		t.Errorf("account from several groups: %+v", rec)
	}
	expectStatus(t, l.get("/saksbehandler"), http.StatusOK)

	// No mapped group.
	o := e.browser()
	expectLoginFailed(t, o.get(o.signIn(o.toProvider(o.get("/saksbehandler/logg-inn/sso")), "ola")), http.StatusForbidden, "staff.login.failed.denied")
	if _, err := e.st.Staff(context.Background(), "ola@nav.test"); err == nil {
		t.Error("an account was made for a person in no mapped group")
	}
	expectRedirect(t, o.get("/saksbehandler"), "/saksbehandler/logg-inn")

	// A disabled account stays out, and its open session ends.
	if err := e.st.SetStaffDisabled(context.Background(), "lars@nav.test", true); err != nil {
		t.Fatal(err)
	}
	expectRedirect(t, l.get("/saksbehandler"), "/saksbehandler/logg-inn")
	expectLoginFailed(t, l.get(l.signIn(l.toProvider(l.get("/saksbehandler/logg-inn/sso")), "lars")), http.StatusForbidden, "staff.login.failed.denied")

	// A citizen's ID-porten callback is no staff login, and the other way
	// round.
	c := e.browser()
	expectLoginFailed(t, c.get("/saksbehandler/logg-inn/callback?"+strings.SplitN(c.loginTo("/logg-inn/idporten", "kari"), "?", 2)[1]), http.StatusBadRequest, "login.failed.state")

	// Local accounts when enabled.
	local := newOIDCEnv(t, func(_ *oidcEnv, cfg *handlers.Config) { cfg.StaffLocalLogin = true })
	testkit.Staff(t, local.st, "per@nav.test", "Per", "caseworker", "3401")
	lb := local.browser()
	p = lb.get("/saksbehandler/logg-inn")
	if p.Doc.Find(`input[name="password"]`).Length() != 1 || p.Doc.Find(`a[href^="/saksbehandler/logg-inn/sso"]`).Length() != 1 {
		t.Error("with local accounts enabled the page should offer both logins")
	}
	staffLogin(t, lb.client, "per@nav.test")
}

// In development with an issuer configured, both logins are offered.
func TestOIDCAndTheDevelopmentLoginTogether(t *testing.T) {
	e := newOIDCEnv(t, func(_ *oidcEnv, cfg *handlers.Config) { cfg.Development = true })
	b := e.browser()
	p := b.get("/logg-inn")
	if p.Doc.Find(`a[href^="/logg-inn/idporten"]`).Length() != 1 || p.Doc.Find("ul.persons li").Length() == 0 {
		t.Fatal("development with ID-porten should offer both logins")
	}
	b.login()
	expectStatus(t, b.get("/mine-saker"), http.StatusOK)
	// The development login still logs out locally only.
	d := e.browser()
	d.client.login(persons(t)[1].NationalID)
	expectRedirect(t, d.post("/logg-ut", nil), "/logget-ut")
}
