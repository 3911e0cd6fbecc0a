package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/gob"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/oauth2"
)

// OpenID Connect logins: ID-porten for citizens and the staff single
// sign-on. One OIDCClient is one registered client at one provider. It
// runs the authorization code flow with PKCE (S256), state and nonce;
// authenticates to the token endpoint with client_secret_basic or
// private_key_jwt; and verifies the ID token's signature, iss, aud, exp,
// nonce and acr before anything in it is believed.

// OIDCConfig describes one client at one OpenID provider.
type OIDCConfig struct {
	// Issuer is the provider's issuer identifier; its discovery document
	// is read from Issuer + "/.well-known/openid-configuration".
	Issuer   string
	ClientID string
	// ClientSecret authenticates the client with client_secret_basic.
	ClientSecret string
	// ClientKey, when set, authenticates the client with private_key_jwt
	// instead: a JWT signed with it (RS256 for RSA, ES256/384/512 for EC).
	ClientKey crypto.Signer
	// ClientKeyID is the key's "kid", as registered with the provider;
	// empty: the key's JWK thumbprint (RFC 7638).
	ClientKeyID string
	// RedirectURL is the callback address registered with the provider.
	RedirectURL string
	// Scopes to ask for; default "openid profile".
	Scopes []string
	// ACRValues is sent as acr_values (the level of assurance asked for);
	// empty sends none.
	ACRValues string
	// AcceptACR are the acr values a token may carry; empty accepts any.
	AcceptACR []string
	// Now is the clock the ID token's expiry is checked against.
	Now func() time.Time
	// HTTPClient talks to the provider; default: a client with a 10 s
	// timeout.
	HTTPClient *http.Client
}

// OIDCClient is a client at one OpenID provider. The provider's discovery
// document is read on first use (or by Discover), and read again on the
// next use if that failed, so a provider that is down at start does not
// stop the portal.
type OIDCClient struct {
	cfg OIDCConfig

	mu         sync.Mutex
	provider   *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	endSession string
}

// NewOIDCClient checks the configuration; it does not contact the provider.
func NewOIDCClient(cfg OIDCConfig) (*OIDCClient, error) {
	switch {
	case cfg.Issuer == "":
		return nil, errors.New("oidc: issuer is required")
	case cfg.ClientID == "":
		return nil, errors.New("oidc: client id is required")
	case cfg.ClientSecret == "" && cfg.ClientKey == nil:
		return nil, errors.New("oidc: a client secret or a client key is required")
	case cfg.RedirectURL == "":
		return nil, errors.New("oidc: redirect URL is required")
	}
	if cfg.ClientKey != nil {
		if _, err := signingAlgorithm(cfg.ClientKey); err != nil {
			return nil, err
		}
		if cfg.ClientKeyID == "" {
			kid, err := KeyThumbprint(cfg.ClientKey)
			if err != nil {
				return nil, err
			}
			cfg.ClientKeyID = kid
		}
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{oidc.ScopeOpenID, "profile"}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &OIDCClient{cfg: cfg}, nil
}

// Issuer returns the provider's issuer identifier.
func (c *OIDCClient) Issuer() string { return c.cfg.Issuer }

// UsesPrivateKeyJWT reports whether the client authenticates with
// private_key_jwt (otherwise client_secret_basic).
func (c *OIDCClient) UsesPrivateKeyJWT() bool { return c.cfg.ClientKey != nil }

func (c *OIDCClient) context(ctx context.Context) context.Context {
	ctx = oidc.ClientContext(ctx, c.cfg.HTTPClient)
	return context.WithValue(ctx, oauth2.HTTPClient, c.cfg.HTTPClient)
}

// Discover reads the provider's discovery document, if it has not been
// read yet.
func (c *OIDCClient) Discover(ctx context.Context) error {
	_, err := c.discovered(ctx)
	return err
}

func (c *OIDCClient) discovered(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	p, err := oidc.NewProvider(c.context(ctx), c.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc discovery at %s: %w", c.cfg.Issuer, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, fmt.Errorf("oidc discovery at %s: %w", c.cfg.Issuer, err)
	}
	c.provider, c.endSession = p, extra.EndSession
	c.verifier = p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.cfg.Now})
	return p, nil
}

func (c *OIDCClient) oauth2Config(p *oidc.Provider) *oauth2.Config {
	ep := p.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInHeader
	secret := c.cfg.ClientSecret
	if c.cfg.ClientKey != nil {
		// client_id in the form and the assertion beside it, no secret.
		ep.AuthStyle, secret = oauth2.AuthStyleInParams, ""
	}
	return &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: secret, Endpoint: ep, RedirectURL: c.cfg.RedirectURL, Scopes: c.cfg.Scopes}
}

// OIDCLogin is what a login keeps from its start to its callback: the
// state (the callback must bring it back), the nonce (the ID token must
// carry it) and the PKCE code verifier. All three are random.
type OIDCLogin struct {
	State    string
	Nonce    string
	Verifier string
}

// NewOIDCLogin draws the random values of a new login.
func NewOIDCLogin() OIDCLogin {
	return OIDCLogin{State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier()}
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthCodeURL returns the provider's address to send the browser to, for
// the login l; uiLocale is the language of the provider's pages.
func (c *OIDCClient) AuthCodeURL(ctx context.Context, l OIDCLogin, uiLocale string) (string, error) {
	p, err := c.discovered(ctx)
	if err != nil {
		return "", err
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(l.Nonce), oauth2.S256ChallengeOption(l.Verifier)}
	if c.cfg.ACRValues != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", c.cfg.ACRValues))
	}
	if uiLocale != "" {
		opts = append(opts, oauth2.SetAuthURLParam("ui_locales", uiLocale))
	}
	return c.oauth2Config(p).AuthCodeURL(l.State, opts...), nil
}

// OIDCResult is a verified login: the raw ID token (kept for the logout's
// id_token_hint) and its claims.
type OIDCResult struct {
	IDToken string
	Subject string
	// SID is the provider's session id (the sid claim), for front-channel
	// logout.
	SID    string
	ACR    string
	Expiry time.Time
	Claims map[string]any
}

// String returns a claim that is a string, or "".
func (r *OIDCResult) String(name string) string {
	s, _ := r.Claims[name].(string)
	return s
}

// Strings returns a claim that is a list of strings (or one string).
func (r *OIDCResult) Strings(name string) []string {
	switch v := r.Claims[name].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Errors of a callback, for the page the person gets.
var (
	// ErrOIDCProvider: the provider could not be reached or refused the
	// code (a used or expired code, a wrong client credential).
	ErrOIDCProvider = errors.New("oidc: the provider did not complete the login")
	// ErrOIDCToken: the ID token failed a check (signature, iss, aud,
	// exp, nonce).
	ErrOIDCToken = errors.New("oidc: the ID token is not valid")
)

// ACRError is a valid login at a lower level of assurance than asked for.
type ACRError struct{ Got string }

func (e *ACRError) Error() string {
	return fmt.Sprintf("oidc: the login's level of assurance %q is lower than required", e.Got)
}

// Exchange redeems the authorization code of login l at the token
// endpoint and verifies the ID token: its signature with the provider's
// published keys, iss, aud (this client), exp (on the configured clock),
// the nonce of l, and acr. A failure wraps ErrOIDCProvider or
// ErrOIDCToken, or is an *ACRError.
func (c *OIDCClient) Exchange(ctx context.Context, code string, l OIDCLogin) (*OIDCResult, error) {
	p, err := c.discovered(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOIDCProvider, err)
	}
	opts := []oauth2.AuthCodeOption{oauth2.VerifierOption(l.Verifier)}
	if c.cfg.ClientKey != nil {
		assertion, err := c.clientAssertion()
		if err != nil {
			return nil, err
		}
		opts = append(opts,
			oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
			oauth2.SetAuthURLParam("client_assertion", assertion))
	}
	tok, err := c.oauth2Config(p).Exchange(c.context(ctx), code, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOIDCProvider, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: no id_token in the token response", ErrOIDCToken)
	}
	return c.verify(ctx, raw, l.Nonce)
}

func (c *OIDCClient) verify(ctx context.Context, raw, nonce string) (*OIDCResult, error) {
	c.mu.Lock()
	v := c.verifier
	c.mu.Unlock()
	idt, err := v.Verify(c.context(ctx), raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOIDCToken, err)
	}
	if idt.Nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, fmt.Errorf("%w: the nonce does not match", ErrOIDCToken)
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOIDCToken, err)
	}
	r := &OIDCResult{IDToken: raw, Subject: idt.Subject, Expiry: idt.Expiry, Claims: claims}
	r.SID, r.ACR = r.String("sid"), r.String("acr")
	if len(c.cfg.AcceptACR) > 0 && !slices.Contains(c.cfg.AcceptACR, r.ACR) {
		return nil, &ACRError{Got: r.ACR}
	}
	return r, nil
}

// clientAssertion is the JWT that authenticates the client under
// private_key_jwt (RFC 7523): iss and sub are the client id, aud the
// issuer (as ID-porten asks), a random jti, and a lifetime of two
// minutes. Its times are the
// real clock's, never a test clock: the provider checks them against its
// own.
func (c *OIDCClient) clientAssertion() (string, error) {
	alg, err := signingAlgorithm(c.cfg.ClientKey)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: c.cfg.ClientKey, KeyID: c.cfg.ClientKeyID}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("oidc client assertion: %w", err)
	}
	now := time.Now()
	claims := jwt.Claims{
		Issuer:   c.cfg.ClientID,
		Subject:  c.cfg.ClientID,
		Audience: jwt.Audience{c.cfg.Issuer},
		ID:       randomToken(),
		IssuedAt: jwt.NewNumericDate(now),
		Expiry:   jwt.NewNumericDate(now.Add(2 * time.Minute)),
	}
	s, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("oidc client assertion: %w", err)
	}
	return s, nil
}

// LogoutURL returns the provider's end_session_endpoint with the
// id_token_hint and the address to come back to afterwards, or false when
// the provider has no such endpoint.
func (c *OIDCClient) LogoutURL(ctx context.Context, idToken, postLogout, uiLocale string) (string, bool) {
	if _, err := c.discovered(ctx); err != nil {
		return "", false
	}
	c.mu.Lock()
	end := c.endSession
	c.mu.Unlock()
	u, err := url.Parse(end)
	if end == "" || err != nil {
		return "", false
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	q.Set("post_logout_redirect_uri", postLogout)
	if uiLocale != "" {
		q.Set("ui_locales", uiLocale)
	}
	u.RawQuery = q.Encode()
	return u.String(), true
}

// OIDCSession is what a session keeps of an OpenID Connect login besides
// the identity: the ID token for the logout's id_token_hint, and the
// provider's issuer and session id for front-channel logout.
type OIDCSession struct {
	Issuer  string
	SID     string
	IDToken string
}

func init() { gob.Register(OIDCSession{}) }

// LoadClientKey reads a private key for private_key_jwt from a PEM file:
// PKCS #8 ("PRIVATE KEY"), PKCS #1 ("RSA PRIVATE KEY") or SEC 1 ("EC
// PRIVATE KEY"); RSA of at least 2048 bits, or EC on P-256, P-384 or
// P-521.
func LoadClientKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseClientKey(b)
}

// ParseClientKey parses what LoadClientKey reads.
func ParseClientKey(pemBytes []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, pemBytes = pem.Decode(pemBytes)
		if block == nil {
			return nil, errors.New("no private key in the PEM file")
		}
		var key any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		default:
			continue // a certificate or EC parameters beside the key
		}
		if err != nil {
			return nil, fmt.Errorf("read private key: %w", err)
		}
		signer, ok := key.(crypto.Signer)
		if !ok {
			return nil, errors.New("the private key cannot sign")
		}
		if _, err := signingAlgorithm(signer); err != nil {
			return nil, err
		}
		return signer, nil
	}
}

// signingAlgorithm is the JWS algorithm for a client key.
func signingAlgorithm(k crypto.Signer) (jose.SignatureAlgorithm, error) {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return "", errors.New("an RSA client key must have at least 2048 bits")
		}
		return jose.RS256, nil
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			return jose.ES256, nil
		case elliptic.P384():
			return jose.ES384, nil
		case elliptic.P521():
			return jose.ES512, nil
		}
		return "", errors.New("an EC client key must be on P-256, P-384 or P-521")
	}
	return "", fmt.Errorf("a client key must be RSA or EC, not %T", k)
}

// KeyThumbprint is the JWK thumbprint (RFC 7638, SHA-256, base64url) of a
// key's public part: the default key id of a client key.
func KeyThumbprint(k crypto.Signer) (string, error) {
	jwk := jose.JSONWebKey{Key: k.Public()}
	sum, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// StateHash is a short, fixed-length name for a state value (cookie names,
// keys of used states); the state itself stays secret.
func StateHash(state string) string {
	sum := sha256.Sum256([]byte(state))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// ACRAccepted returns the acr values a login may have when required is
// asked for: the level itself and those above it.
func ACRAccepted(required string) []string {
	if strings.TrimSpace(required) == LoAHigh {
		return []string{LoAHigh}
	}
	return []string{LoASubstantial, LoAHigh}
}
