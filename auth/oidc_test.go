package auth_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kvp/auth"
	"kvp/internal/testidp"
)

const redirectURL = "http://portal.test/logg-inn/callback"

func newProvider(t *testing.T) *testidp.Provider {
	t.Helper()
	idp := testidp.Start(t, testidp.Options{})
	idp.AddClient(testidp.Client{ID: "kvp", Secret: "hemmelig", RedirectURIs: []string{redirectURL}, PostLogoutRedirectURIs: []string{"http://portal.test/logget-ut"}})
	idp.AddClient(testidp.Client{ID: "annen", Secret: "x", RedirectURIs: []string{"http://annen.test/cb"}})
	idp.AddUser(testidp.User{Username: "kari", Subject: "kari-sub", Claims: map[string]any{"pid": "01418012345"}})
	idp.AddUser(testidp.User{Username: "lav", Subject: "lav-sub", ACR: "idporten-loa-low", Claims: map[string]any{"pid": "01418012345"}})
	return idp
}

func newClient(t *testing.T, idp *testidp.Provider, cfg auth.OIDCConfig) *auth.OIDCClient {
	t.Helper()
	cfg.Issuer, cfg.RedirectURL = idp.Issuer, redirectURL
	if cfg.ClientID == "" {
		cfg.ClientID = "kvp"
	}
	if cfg.ClientSecret == "" && cfg.ClientKey == nil {
		cfg.ClientSecret = "hemmelig"
	}
	if cfg.ACRValues == "" {
		cfg.ACRValues, cfg.AcceptACR = auth.LoASubstantial, auth.ACRAccepted(auth.LoASubstantial)
	}
	c, err := auth.NewOIDCClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var loginID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// signIn runs a login at the provider as username, as a browser would,
// and returns the authorization code the provider sends back.
func signIn(t *testing.T, c *auth.OIDCClient, l auth.OIDCLogin, username string) string {
	t.Helper()
	to, err := c.AuthCodeURL(context.Background(), l, "nn")
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, to, nil)
	for i := 0; i < 10; i++ {
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			m := loginID.FindSubmatch(body)
			if m == nil {
				t.Fatalf("no login form: %s", body)
			}
			req, _ = http.NewRequest(http.MethodPost, strings.Split(to, "/authorize")[0]+"/login", strings.NewReader(url.Values{"id": {string(m[1])}, "username": {username}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			continue
		}
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("provider answered %d: %s", resp.StatusCode, body)
		}
		if strings.HasPrefix(loc.String(), redirectURL) {
			if loc.Query().Get("state") != l.State {
				t.Fatalf("state %q came back, want %q", loc.Query().Get("state"), l.State)
			}
			return loc.Query().Get("code")
		}
		req, _ = http.NewRequest(http.MethodGet, loc.String(), nil)
	}
	t.Fatal("too many redirects")
	return ""
}

func TestExchangeVerifiesTheIDToken(t *testing.T) {
	idp := newProvider(t)
	c := newClient(t, idp, auth.OIDCConfig{})
	ctx := context.Background()

	l := auth.NewOIDCLogin()
	res, err := c.Exchange(ctx, signIn(t, c, l, "kari"), l)
	if err != nil {
		t.Fatal(err)
	}
	if res.Subject != "kari-sub" || res.String("pid") != "01418012345" || res.ACR != auth.LoASubstantial || res.SID == "" || res.SID != idp.SessionID("kari-sub") || res.IDToken == "" {
		t.Errorf("result %+v", res)
	}
	a := idp.Authorizations()[0]
	if a.CodeChallengeMethod != "S256" || a.Nonce != l.Nonce || strings.Join(a.UILocales, ",") != "nn" || strings.Join(a.ACRValues, ",") != auth.LoASubstantial {
		t.Errorf("authorization request %+v", a)
	}

	// The code is good once.
	if _, err := c.Exchange(ctx, "x"+signIn(t, c, l, "kari"), l); !errors.Is(err, auth.ErrOIDCProvider) {
		t.Errorf("unknown code: %v", err)
	}
	l = auth.NewOIDCLogin()
	code := signIn(t, c, l, "kari")
	if _, err := c.Exchange(ctx, code, l); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exchange(ctx, code, l); !errors.Is(err, auth.ErrOIDCProvider) {
		t.Errorf("a used code: %v", err)
	}
	// PKCE: the code needs the verifier it was issued for.
	l = auth.NewOIDCLogin()
	code = signIn(t, c, l, "kari")
	other := l
	other.Verifier = auth.NewOIDCLogin().Verifier
	if _, err := c.Exchange(ctx, code, other); !errors.Is(err, auth.ErrOIDCProvider) {
		t.Errorf("a wrong code verifier: %v", err)
	}

	for _, tc := range []struct {
		name    string
		prepare func(l *auth.OIDCLogin)
		want    string
	}{
		{"another nonce", func(l *auth.OIDCLogin) { l.Nonce = "en-annen" }, "nonce"},
		{"expired", func(*auth.OIDCLogin) { idp.SetTokenLifetime(-time.Minute) }, "expired"},
		{"another audience", func(l *auth.OIDCLogin) {
			idp.ReplaceIDToken(func(_, _ string) string {
				tok, err := idp.IDToken("annen", "kari", l.Nonce)
				if err != nil {
					t.Error(err)
				}
				return tok
			})
		}, "audience"},
		{"another issuer", func(l *auth.OIDCLogin) {
			idp.ReplaceIDToken(func(_, _ string) string {
				tok, err := idp.IDTokenAs("https://annen.example", "kvp", "kari", l.Nonce)
				if err != nil {
					t.Error(err)
				}
				return tok
			})
		}, "issued by a different provider"},
		{"a provider that is not the issuer", func(l *auth.OIDCLogin) {
			other := newProvider(t)
			idp.ReplaceIDToken(func(_, _ string) string {
				tok, err := other.IDTokenAs(idp.Issuer, "kvp", "kari", l.Nonce)
				if err != nil {
					t.Error(err)
				}
				return tok
			})
		}, "signature"},
		{"a token not from the provider", func(*auth.OIDCLogin) {
			idp.ReplaceIDToken(func(_, tok string) string {
				parts := strings.Split(tok, ".")
				payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
				payload = []byte(strings.Replace(string(payload), "01418012345", "01418054321", 1))
				return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
			})
		}, "signature"},
	} {
		l := auth.NewOIDCLogin()
		code := signIn(t, c, l, "kari")
		tc.prepare(&l)
		_, err := c.Exchange(ctx, code, l)
		if !errors.Is(err, auth.ErrOIDCToken) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrOIDCToken about %s", tc.name, err, tc.want)
		}
		idp.SetTokenLifetime(time.Hour)
		idp.ReplaceIDToken(nil)
	}

	// The level of assurance.
	l = auth.NewOIDCLogin()
	var acrErr *auth.ACRError
	if _, err := c.Exchange(ctx, signIn(t, c, l, "lav"), l); !errors.As(err, &acrErr) || acrErr.Got != "idporten-loa-low" {
		t.Errorf("a low level: %v", err)
	}
	high := newClient(t, idp, auth.OIDCConfig{ACRValues: auth.LoAHigh, AcceptACR: auth.ACRAccepted(auth.LoAHigh)})
	l = auth.NewOIDCLogin()
	if _, err := high.Exchange(ctx, signIn(t, high, l, "kari"), l); !errors.As(err, &acrErr) || acrErr.Got != auth.LoASubstantial {
		t.Errorf("substantial where high is required: %v", err)
	}
}

// recorder keeps the form of every token request.
type recorder struct {
	mu    sync.Mutex
	forms []url.Values
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/oauth/token") {
		b, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(strings.NewReader(string(b)))
		form, _ := url.ParseQuery(string(b))
		r.mu.Lock()
		r.forms = append(r.forms, form)
		r.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

// private_key_jwt: the client assertion is a JWT signed with the client
// key, iss = sub = the client id, aud = the issuer, a new jti each time,
// and a short life; no secret is sent.
func TestPrivateKeyJWT(t *testing.T) {
	idp := newProvider(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	key, err := auth.ParseClientKey(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}))
	if err != nil {
		t.Fatal(err)
	}
	idp.AddClient(testidp.Client{ID: "kvp-jwt", Key: key.Public(), KeyID: "nokkel-1", RedirectURIs: []string{redirectURL}})
	rec := &recorder{}
	c := newClient(t, idp, auth.OIDCConfig{ClientID: "kvp-jwt", ClientKey: key, ClientKeyID: "nokkel-1", HTTPClient: &http.Client{Transport: rec, Timeout: 10 * time.Second}})
	for range 2 {
		l := auth.NewOIDCLogin()
		if _, err := c.Exchange(context.Background(), signIn(t, c, l, "kari"), l); err != nil {
			t.Fatal(err)
		}
	}
	if got := idp.ClientAuthentications(); strings.Join(got, ",") != "private_key_jwt,private_key_jwt" {
		t.Errorf("client authentication %v", got)
	}
	var jtis []string
	for _, form := range rec.forms {
		if form.Get("client_secret") != "" || form.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || form.Get("client_id") != "kvp-jwt" {
			t.Errorf("token request %v", form)
		}
		parts := strings.Split(form.Get("client_assertion"), ".")
		if len(parts) != 3 {
			t.Fatalf("assertion %q", form.Get("client_assertion"))
		}
		var header struct{ Alg, Kid, Typ string }
		var claims struct {
			Iss, Sub, Jti string
			Aud           any
			Iat, Exp      int64
		}
		h, _ := base64.RawURLEncoding.DecodeString(parts[0])
		p, _ := base64.RawURLEncoding.DecodeString(parts[1])
		if json.Unmarshal(h, &header) != nil || json.Unmarshal(p, &claims) != nil {
			t.Fatalf("assertion %s.%s", h, p)
		}
		if header.Alg != "RS256" || header.Kid != "nokkel-1" || header.Typ != "JWT" {
			t.Errorf("assertion header %+v", header)
		}
		if claims.Iss != "kvp-jwt" || claims.Sub != "kvp-jwt" || claims.Aud != idp.Issuer || claims.Jti == "" || claims.Exp-claims.Iat != 120 {
			t.Errorf("assertion claims %+v", claims)
		}
		jtis = append(jtis, claims.Jti)
	}
	if len(jtis) != 2 || jtis[0] == jtis[1] {
		t.Errorf("jti %v", jtis)
	}

	// The default key id is the key's JWK thumbprint.
	kid, err := auth.KeyThumbprint(key)
	if err != nil || len(kid) != 43 {
		t.Errorf("thumbprint %q %v", kid, err)
	}
}

func TestParseClientKey(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	sec1, _ := x509.MarshalECPrivateKey(ec)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(ec)
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	smallDER, _ := x509.MarshalPKCS8PrivateKey(small)
	good := [][]byte{
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		append(pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{6, 5, 43, 129, 4, 0, 34}}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})...),
	}
	for i, b := range good {
		if _, err := auth.ParseClientKey(b); err != nil {
			t.Errorf("key %d: %v", i, err)
		}
	}
	for name, b := range map[string][]byte{
		"small RSA": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: smallDER}),
		"no PEM":    []byte("not a key"),
		"damaged":   pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}}),
	} {
		if _, err := auth.ParseClientKey(b); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestLogoutURL(t *testing.T) {
	idp := newProvider(t)
	c := newClient(t, idp, auth.OIDCConfig{})
	to, ok := c.LogoutURL(context.Background(), "id.token.x", "http://portal.test/logget-ut", "en")
	u, _ := url.Parse(to)
	if !ok || u.Path != "/end_session" || u.Query().Get("id_token_hint") != "id.token.x" || u.Query().Get("post_logout_redirect_uri") != "http://portal.test/logget-ut" || u.Query().Get("ui_locales") != "en" {
		t.Errorf("logout URL %q", to)
	}
}

func TestStaffGroups(t *testing.T) {
	g, err := auth.ParseStaffGroups([]byte(`{"groups": {"a": {"role": "caseworker", "offices": ["3403", "3401"]}, "b": {"role": "admin", "offices": ["3401"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	role, offices, ok := g.Resolve([]string{"x", "a", "b"})
	if !ok || role != auth.RoleAdmin || strings.Join(offices, ",") != "3401,3403" {
		t.Errorf("resolve: %s %v %v", role, offices, ok)
	}
	if _, _, ok := g.Resolve([]string{"x"}); ok {
		t.Error("an unmapped group resolved")
	}
	for _, bad := range []string{`{}`, `{"groups": {"a": {"role": "boss", "offices": ["3401"]}}}`, `{"groups": {"a": {"role": "lead", "offices": []}}}`, `{"groups": {"a": {"role": "lead", "offices": ["34"]}}}`, `{"groups": {"a": {"role": "lead", "offices": ["3401"], "extra": 1}}}`} {
		if _, err := auth.ParseStaffGroups([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
