// Package testidp runs a real OpenID provider for tests: zitadel's op
// package (the provider implementation ZITADEL itself is built on) with an
// in-memory storage written here, in the way of zitadel's own example
// (example/server/storage). The provider signs its tokens with its own
// key and publishes it, runs discovery, the authorization code flow with
// PKCE, client authentication by client_secret_basic and private_key_jwt,
// the token endpoint with one-time codes, and end_session. A small login
// page stands in for ID-porten's or Entra ID's: a person is chosen by
// user name.
//
// Tests use it only from _test files; nothing in the portal imports it.
package testidp

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Options configure a provider.
type Options struct {
	// Host names the provider in its issuer ("127.0.0.1" by default;
	// "localhost" makes it another site than a portal on 127.0.0.1).
	Host string
	// Now is the relying party's clock (the portal's test clock): ID
	// tokens are valid for the token lifetime from it. zitadel measures
	// token times from the real clock, so the lifetime it is given is
	// shifted by the difference. Default: the real clock.
	Now func() time.Time
}

// User is a person who can log in.
type User struct {
	// Username is what is typed on the login page.
	Username string
	Subject  string
	// ACR is the level of the login (acr); default
	// idporten-loa-substantial.
	ACR string
	// Claims go into the ID token (pid, name, email, groups, …).
	Claims map[string]any
}

// Client is a registered relying party.
type Client struct {
	ID string
	// Secret: the client authenticates with client_secret_basic.
	Secret string
	// Key and KeyID: the client authenticates with private_key_jwt,
	// signed with the private half of Key.
	Key   crypto.PublicKey
	KeyID string
	// RedirectURIs and PostLogoutRedirectURIs are matched exactly.
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
}

// Authorization is what the provider saw of one authorization request.
type Authorization struct {
	ClientID            string
	Scopes              []string
	ACRValues           []string
	UILocales           []string
	CodeChallengeMethod string
	Nonce               string
}

// Provider is a running OpenID provider.
type Provider struct {
	// Issuer is the provider's issuer identifier (its base URL).
	Issuer string

	op     *op.Provider
	now    func() time.Time
	key    *rsa.PrivateKey
	keyID  string
	server *httptest.Server

	mu             sync.Mutex
	lifetime       time.Duration
	clients        map[string]*client
	users          map[string]User
	requests       map[string]*authRequest
	codes          map[string]string
	sessions       map[string]string // subject → sid of the latest login
	authorized     []Authorization
	clientAuth     []string
	ended          []string
	replaceIDToken func(clientID, idToken string) string
}

// Start runs a provider until the test ends.
func Start(tb testing.TB, opts Options) *Provider {
	tb.Helper()
	host := opts.Host
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	p := &Provider{
		Issuer:   "http://" + net.JoinHostPort(host, port),
		now:      opts.Now,
		key:      key,
		keyID:    randomID(),
		lifetime: time.Hour,
		clients:  map[string]*client{},
		users:    map[string]User{},
		requests: map[string]*authRequest{},
		codes:    map[string]string{},
		sessions: map[string]string{},
	}
	if p.now == nil {
		p.now = time.Now
	}
	var cryptoKey [32]byte
	_, _ = rand.Read(cryptoKey[:])
	p.op, err = op.NewProvider(&op.Config{
		CryptoKey:                cryptoKey,
		DefaultLogoutRedirectURI: "/logged-out",
		CodeMethodS256:           true,
		AuthMethodPrivateKeyJWT:  true,
		SupportedClaims:          append(slices.Clone(op.DefaultSupportedClaims), "pid", "sid", "groups"),
	}, &storage{p}, op.StaticIssuer(p.Issuer), op.WithAllowInsecure())
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", p.login)
	mux.HandleFunc("/logged-out", func(w http.ResponseWriter, _ *http.Request) {
		page(w, http.StatusOK, "Logget ut", `<h1>Du er logget ut</h1>`)
	})
	mux.Handle("/oauth/token", p.tokenFilter(p.op))
	mux.Handle("/", p.op)
	p.server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
	p.server.Start()
	tb.Cleanup(p.server.Close)
	return p
}

// AddClient registers a client.
func (p *Provider) AddClient(c Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clients[c.ID] = &client{Client: c, p: p}
}

// AddUser registers a person.
func (p *Provider) AddUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if u.ACR == "" {
		u.ACR = "idporten-loa-substantial"
	}
	p.users[u.Username] = u
}

// SetTokenLifetime sets how long ID tokens issued from now on are valid,
// measured on Options.Now; a negative lifetime issues expired tokens.
func (p *Provider) SetTokenLifetime(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lifetime = d
}

// ReplaceIDToken makes the token endpoint answer with the ID token f
// returns instead of the one it issued (nil stops it): a way to hand the
// relying party a genuine token of another login.
func (p *Provider) ReplaceIDToken(f func(clientID, idToken string) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.replaceIDToken = f
}

// Authorizations returns the authorization requests seen so far.
func (p *Provider) Authorizations() []Authorization {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.authorized)
}

// ClientAuthentications returns, per token request, how the client
// authenticated: "client_secret_basic" or "private_key_jwt".
func (p *Provider) ClientAuthentications() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.clientAuth)
}

// EndedSessions returns the subjects whose sessions end_session ended.
func (p *Provider) EndedSessions() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.ended)
}

// SessionID returns the session id (sid) of the subject's latest login.
func (p *Provider) SessionID(subject string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sessions[subject]
}

// IDToken issues a genuine ID token for a login of username at clientID
// with nonce, outside any flow.
func (p *Provider) IDToken(clientID, username, nonce string) (string, error) {
	return p.IDTokenAs(p.Issuer, clientID, username, nonce)
}

// IDTokenAs is IDToken with another issuer in the token (a provider
// confusing its identities), signed with this provider's key.
func (p *Provider) IDTokenAs(issuer, clientID, username, nonce string) (string, error) {
	p.mu.Lock()
	u, ok := p.users[username]
	c := p.clients[clientID]
	p.mu.Unlock()
	if !ok || c == nil {
		return "", errors.New("unknown user or client")
	}
	req := &authRequest{ID: randomID(), ClientID: clientID, Nonce: nonce, Scopes: []string{oidc.ScopeOpenID, oidc.ScopeProfile}, user: &u, done: true, authTime: p.now(), sid: randomID()}
	return op.CreateIDToken(context.Background(), issuer, req, c.IDTokenLifetime(), "", "", &storage{p}, c)
}

var loginPage = template.Must(template.New("login").Parse(`<h1>Logg inn</h1>
<form method="post" action="/login"><input type="hidden" name="id" value="{{.ID}}">
<p><label for="username">Brukernavn</label> <input id="username" name="username" autocomplete="off"></p>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<p><button type="submit" id="login">Logg inn</button></p></form>`))

// login is the provider's login page: a user name is typed and the
// authorization request goes on to its callback.
func (p *Provider) login(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	p.mu.Lock()
	req, ok := p.requests[id]
	p.mu.Unlock()
	if !ok {
		page(w, http.StatusBadRequest, "Feil", "<h1>Ukjent innlogging</h1>")
		return
	}
	if r.Method != http.MethodPost {
		var b strings.Builder
		_ = loginPage.Execute(&b, struct{ ID, Error string }{id, ""})
		page(w, http.StatusOK, "Logg inn", b.String())
		return
	}
	p.mu.Lock()
	u, known := p.users[r.FormValue("username")]
	if known {
		req.user, req.done, req.authTime, req.sid = &u, true, p.now(), randomID()
		p.sessions[u.Subject] = req.sid
	}
	p.mu.Unlock()
	if !known {
		var b strings.Builder
		_ = loginPage.Execute(&b, struct{ ID, Error string }{id, "Ukjent brukernavn"})
		page(w, http.StatusOK, "Logg inn", b.String())
		return
	}
	http.Redirect(w, r, p.Issuer+"/authorize/callback?id="+id, http.StatusFound)
}

func page(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>%s</title><link rel="icon" href="data:,"></head><body><main>%s</main></body></html>`, template.HTMLEscapeString(title), body)
}

// tokenFilter lets ReplaceIDToken change the token endpoint's answers.
func (p *Provider) tokenFilter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		replace := p.replaceIDToken
		p.mu.Unlock()
		if replace == nil {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			copyResponse(w, rec, rec.Body.Bytes())
			return
		}
		idToken, _ := body["id_token"].(string)
		body["id_token"] = replace(r.FormValue("client_id"), idToken)
		b, _ := json.Marshal(body)
		copyResponse(w, rec, b)
	})
}

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder, body []byte) {
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// authRequest is one authorization request (op.AuthRequest).
type authRequest struct {
	ID            string
	ClientID      string
	RedirectURI   string
	State         string
	Nonce         string
	Scopes        []string
	ResponseType  oidc.ResponseType
	ResponseMode  oidc.ResponseMode
	CodeChallenge *oidc.CodeChallenge

	user     *User
	done     bool
	authTime time.Time
	sid      string
}

func (a *authRequest) GetID() string { return a.ID }
func (a *authRequest) GetACR() string {
	if a.user == nil {
		return ""
	}
	return a.user.ACR
}
func (a *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string                 { return []string{a.ClientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.CodeChallenge }
func (a *authRequest) GetNonce() string                      { return a.Nonce }
func (a *authRequest) GetRedirectURI() string                { return a.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.ResponseMode }
func (a *authRequest) GetScopes() []string                   { return a.Scopes }
func (a *authRequest) GetState() string                      { return a.State }
func (a *authRequest) Done() bool                            { return a.done }
func (a *authRequest) GetSubject() string {
	if a.user == nil {
		return ""
	}
	return a.user.Subject
}

// client is a registered client (op.Client).
type client struct {
	Client
	p *Provider
}

func (c *client) GetID() string                       { return c.ID }
func (c *client) RedirectURIs() []string              { return c.Client.RedirectURIs }
func (c *client) PostLogoutRedirectURIs() []string    { return c.Client.PostLogoutRedirectURIs }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string            { return c.p.Issuer + "/login?id=" + id }
func (c *client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *client) DevMode() bool                        { return true } // http redirect URIs in tests
func (c *client) IsScopeAllowed(string) bool           { return true }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) AuthMethod() oidc.AuthMethod {
	if c.Key != nil {
		return oidc.AuthMethodPrivateKeyJWT
	}
	return oidc.AuthMethodBasic
}

// IDTokenLifetime makes tokens valid for the lifetime from Options.Now:
// zitadel adds it to the real clock.
func (c *client) IDTokenLifetime() time.Duration {
	c.p.mu.Lock()
	lifetime := c.p.lifetime
	c.p.mu.Unlock()
	return time.Until(c.p.now()) + lifetime
}

// storage is the provider's in-memory storage (op.Storage).
type storage struct{ p *Provider }

func (s *storage) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	req := &authRequest{ID: randomID(), ClientID: r.ClientID, RedirectURI: r.RedirectURI, State: r.State, Nonce: r.Nonce, Scopes: r.Scopes, ResponseType: r.ResponseType, ResponseMode: r.ResponseMode}
	if r.CodeChallenge != "" {
		req.CodeChallenge = &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod}
	}
	seen := Authorization{ClientID: r.ClientID, Scopes: r.Scopes, ACRValues: r.ACRValues, CodeChallengeMethod: string(r.CodeChallengeMethod), Nonce: r.Nonce}
	for _, l := range r.UILocales {
		seen.UILocales = append(seen.UILocales, l.String())
	}
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.requests[req.ID] = req
	s.p.authorized = append(s.p.authorized, seen)
	return req, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if r, ok := s.p.requests[id]; ok {
		return r, nil
	}
	return nil, errors.New("auth request not found")
}

func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if r, ok := s.p.requests[s.p.codes[code]]; ok {
		return r, nil
	}
	return nil, errors.New("code not found")
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.codes[code] = id
	return nil
}

// DeleteAuthRequest is called once a code is redeemed: the code is gone.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	delete(s.p.requests, id)
	for code, rid := range s.p.codes {
		if rid == id {
			delete(s.p.codes, code)
		}
	}
	return nil
}

func (s *storage) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return randomID(), time.Now().Add(5 * time.Minute), nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("refresh tokens are not supported")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, errors.New("refresh tokens are not supported")
}

func (s *storage) TerminateSession(_ context.Context, userID, _ string) error {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.ended = append(s.p.ended, userID)
	delete(s.p.sessions, userID)
	return nil
}

func (s *storage) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

type signingKey struct{ p *Provider }

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.p.key }
func (k signingKey) ID() string                                  { return k.p.keyID }

type publicKey struct{ p *Provider }

func (k publicKey) ID() string                         { return k.p.keyID }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.p.key.PublicKey }

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return signingKey{s.p}, nil }
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}
func (s *storage) KeySet(context.Context) ([]op.Key, error) { return []op.Key{publicKey{s.p}}, nil }

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if c, ok := s.p.clients[id]; ok {
		return c, nil
	}
	return nil, errors.New("client not found")
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.clientAuth = append(s.p.clientAuth, "client_secret_basic")
	c, ok := s.p.clients[id]
	if !ok || c.Secret == "" || sha256.Sum256([]byte(c.Secret)) != sha256.Sum256([]byte(secret)) {
		return errors.New("wrong client credentials")
	}
	return nil
}

func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest puts the person's claims and the session id
// into the ID token.
func (s *storage) SetUserinfoFromRequest(_ context.Context, ui *oidc.UserInfo, r op.IDTokenRequest, _ []string) error {
	a, ok := r.(*authRequest)
	if !ok || a.user == nil {
		return errors.New("no person for the request")
	}
	ui.Subject = a.user.Subject
	for k, v := range a.user.Claims {
		ui.AppendClaims(k, v)
	}
	if a.sid != "" {
		ui.AppendClaims("sid", a.sid)
	}
	return nil
}

func (s *storage) SetUserinfoFromToken(context.Context, *oidc.UserInfo, string, string, string) error {
	return errors.New("the userinfo endpoint is not supported")
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("introspection is not supported")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(_ context.Context, keyID, clientID string) (*jose.JSONWebKey, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.clientAuth = append(s.p.clientAuth, "private_key_jwt")
	c, ok := s.p.clients[clientID]
	if !ok || c.Key == nil || c.KeyID != keyID {
		return nil, errors.New("key not found")
	}
	return &jose.JSONWebKey{KeyID: keyID, Use: "sig", Key: c.Key}, nil
}

func (s *storage) ValidateJWTProfileScopes(_ context.Context, _ string, scopes []string) ([]string, error) {
	return scopes, nil
}

func (s *storage) Health(context.Context) error { return nil }
