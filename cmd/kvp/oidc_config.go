package main

import (
	"context"
	"crypto"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"kvp/auth"
)

// logins are the login settings: ID-porten for citizens (KVP_OIDC_*), the
// staff single sign-on (KVP_STAFF_OIDC_*, KVP_STAFF_GROUPS_*) and whether
// local staff accounts may log in outside development.
type logins struct {
	IDPorten oidcSettings
	// ACR is the level of assurance asked of ID-porten (KVP_OIDC_ACR).
	ACR      string
	StaffSSO oidcSettings
	// StaffGroups maps the staff provider's groups to a role and offices
	// (KVP_STAFF_GROUPS_FILE, claim KVP_STAFF_GROUPS_CLAIM).
	StaffGroups *auth.StaffGroups
	// StaffLocalLogin lets local staff accounts log in outside
	// development (KVP_STAFF_LOCAL_LOGIN=1).
	StaffLocalLogin bool
}

// oidcSettings is one OpenID Connect client of the portal.
type oidcSettings struct {
	prefix        string
	Issuer        string
	ClientID      string
	ClientSecret  string
	ClientKeyFile string
	ClientKeyID   string
	// ClientKey is read from ClientKeyFile.
	ClientKey crypto.Signer
}

func readOIDC(getenv func(string) string, prefix string) oidcSettings {
	get := func(name string) string { return strings.TrimSpace(getenv(prefix + name)) }
	return oidcSettings{
		prefix:        prefix,
		Issuer:        strings.TrimSuffix(get("ISSUER"), "/"),
		ClientID:      get("CLIENT_ID"),
		ClientSecret:  getenv(prefix + "CLIENT_SECRET"),
		ClientKeyFile: get("CLIENT_KEY_FILE"),
		ClientKeyID:   get("CLIENT_KEY_ID"),
	}
}

// configured reports whether any of the client's settings is given.
func (o oidcSettings) configured() bool {
	return o.Issuer != "" || o.ClientID != "" || o.ClientSecret != "" || o.ClientKeyFile != "" || o.ClientKeyID != ""
}

// missing names the settings a client needs that are not given.
func (o oidcSettings) missing() []string {
	var m []string
	if o.Issuer == "" {
		m = append(m, o.prefix+"ISSUER")
	}
	if o.ClientID == "" {
		m = append(m, o.prefix+"CLIENT_ID")
	}
	if o.ClientSecret == "" && o.ClientKeyFile == "" {
		m = append(m, o.prefix+"CLIENT_SECRET or "+o.prefix+"CLIENT_KEY_FILE")
	}
	return m
}

// check validates a configured client: nothing missing, one way of client
// authentication, an https issuer (http only for a provider on this
// machine, outside production), and a readable key file.
func (o *oidcSettings) check(what string, production bool, problems []string) []string {
	if m := o.missing(); len(m) > 0 {
		return append(problems, fmt.Sprintf("%s is only partly configured; missing: %s", what, strings.Join(m, ", ")))
	}
	if o.ClientSecret != "" && o.ClientKeyFile != "" {
		problems = append(problems, fmt.Sprintf("%s: set %sCLIENT_SECRET (client_secret_basic) or %sCLIENT_KEY_FILE (private_key_jwt), not both", what, o.prefix, o.prefix))
	}
	if o.ClientKeyID != "" && o.ClientKeyFile == "" {
		problems = append(problems, fmt.Sprintf("%sCLIENT_KEY_ID needs %sCLIENT_KEY_FILE", o.prefix, o.prefix))
	}
	u, err := url.Parse(o.Issuer)
	switch {
	case err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "":
		problems = append(problems, fmt.Sprintf("%sISSUER must be the provider's issuer address, not %q", o.prefix, o.Issuer))
	case u.Scheme == "https":
	case u.Scheme == "http" && !production && localHost(u.Hostname()):
	default:
		problems = append(problems, fmt.Sprintf("%sISSUER must be an https address, not %q", o.prefix, o.Issuer))
	}
	if o.ClientKeyFile != "" {
		key, err := auth.LoadClientKey(o.ClientKeyFile)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%sCLIENT_KEY_FILE: %v", o.prefix, err))
		}
		o.ClientKey = key
	}
	return problems
}

func localHost(h string) bool { return h == "localhost" || h == "127.0.0.1" || h == "::1" }

// loginSettings reads and checks the login settings. Production needs the
// ID-porten login and a public https address (its redirect URI is built
// from it); without them it refuses to start, naming what is missing.
// Local staff accounts log in only in development, unless
// KVP_STAFF_LOCAL_LOGIN=1.
func (c *config) loginSettings(getenv func(string) string, problems []string) []string {
	c.IDPorten = readOIDC(getenv, "KVP_OIDC_")
	c.StaffSSO = readOIDC(getenv, "KVP_STAFF_OIDC_")
	c.ACR = or(strings.TrimSpace(getenv("KVP_OIDC_ACR")), auth.LoASubstantial)
	if c.ACR != auth.LoASubstantial && c.ACR != auth.LoAHigh {
		problems = append(problems, fmt.Sprintf("KVP_OIDC_ACR must be %s or %s, not %q", auth.LoASubstantial, auth.LoAHigh, c.ACR))
	}
	switch getenv("KVP_STAFF_LOCAL_LOGIN") {
	case "", "0":
	case "1":
		c.StaffLocalLogin = true
	default:
		problems = append(problems, "KVP_STAFF_LOCAL_LOGIN must be 1 (local staff accounts may log in) or unset")
	}

	switch {
	case c.IDPorten.configured():
		problems = c.IDPorten.check("the ID-porten login (KVP_OIDC_*)", c.production(), problems)
	case c.production():
		problems = append(problems, "production needs the ID-porten login; missing: "+strings.Join(c.IDPorten.missing(), ", ")+" (issuer https://idporten.no, or https://test.idporten.no for ID-porten's test environment)")
	}
	if c.production() {
		u, err := url.Parse(getenv("KVP_PUBLIC_URL"))
		switch {
		case getenv("KVP_PUBLIC_URL") == "":
			problems = append(problems, "KVP_PUBLIC_URL is required in production: the https address people reach the portal at (the login's redirect URI is it + /logg-inn/callback)")
		case err != nil || u.Scheme != "https" || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "":
			problems = append(problems, fmt.Sprintf("KVP_PUBLIC_URL must be an https address without a path in production, not %q", getenv("KVP_PUBLIC_URL")))
		}
	}

	groupsFile := strings.TrimSpace(getenv("KVP_STAFF_GROUPS_FILE"))
	if c.StaffSSO.configured() {
		problems = c.StaffSSO.check("the staff login (KVP_STAFF_OIDC_*)", c.production(), problems)
		if groupsFile == "" {
			problems = append(problems, "the staff login (KVP_STAFF_OIDC_*) needs KVP_STAFF_GROUPS_FILE: the mapping of groups to roles and offices")
		}
	}
	if groupsFile != "" {
		g, err := auth.LoadStaffGroups(groupsFile)
		if err != nil {
			problems = append(problems, "KVP_STAFF_GROUPS_FILE: "+err.Error())
		} else {
			g.Claim = or(strings.TrimSpace(getenv("KVP_STAFF_GROUPS_CLAIM")), "groups")
			c.StaffGroups = g
		}
	}
	return problems
}

// loginClients builds the OpenID Connect clients the settings describe
// (nil where none is configured).
func (c config) loginClients() (idporten, staff *auth.OIDCClient, err error) {
	if c.IDPorten.configured() {
		idporten, err = auth.NewOIDCClient(auth.OIDCConfig{
			Issuer:       c.IDPorten.Issuer,
			ClientID:     c.IDPorten.ClientID,
			ClientSecret: c.IDPorten.ClientSecret,
			ClientKey:    c.IDPorten.ClientKey,
			ClientKeyID:  c.IDPorten.ClientKeyID,
			RedirectURL:  c.PublicURL + "/logg-inn/callback",
			Scopes:       []string{"openid", "profile"},
			ACRValues:    c.ACR,
			AcceptACR:    auth.ACRAccepted(c.ACR),
		})
		if err != nil {
			return nil, nil, fmt.Errorf("ID-porten login: %w", err)
		}
	}
	if c.StaffSSO.configured() {
		staff, err = auth.NewOIDCClient(auth.OIDCConfig{
			Issuer:       c.StaffSSO.Issuer,
			ClientID:     c.StaffSSO.ClientID,
			ClientSecret: c.StaffSSO.ClientSecret,
			ClientKey:    c.StaffSSO.ClientKey,
			ClientKeyID:  c.StaffSSO.ClientKeyID,
			RedirectURL:  c.PublicURL + "/saksbehandler/logg-inn/callback",
			Scopes:       []string{"openid", "profile", "email"},
		})
		if err != nil {
			return nil, nil, fmt.Errorf("staff login: %w", err)
		}
	}
	return idporten, staff, nil
}

// discoverLogins reads the providers' discovery documents in the
// background at start, so that a wrong issuer shows in the log at once;
// a provider that does not answer is tried again at the first login.
func discoverLogins(ctx context.Context, logger *slog.Logger, clients ...*auth.OIDCClient) {
	for _, c := range clients {
		if c == nil {
			continue
		}
		go func() {
			dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := c.Discover(dctx); err != nil {
				logger.Warn("login provider not reached; tried again at the first login", "issuer", c.Issuer(), "err", err)
				return
			}
			logger.Info("login provider found", "issuer", c.Issuer(), "private_key_jwt", c.UsesPrivateKeyJWT())
		}()
	}
}
