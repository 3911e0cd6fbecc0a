package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"kvp/auth"
	"kvp/identity"
	"kvp/store"
)

// OpenID Connect logins: ID-porten for citizens (/logg-inn/idporten, back
// at /logg-inn/callback) and the staff single sign-on
// (/saksbehandler/logg-inn/sso, back at /saksbehandler/logg-inn/callback).
//
// A login start draws a state, a nonce and a PKCE verifier and keeps them,
// with the address to return to, in a cookie of their own: signed and
// encrypted with keys derived from the session key, HttpOnly, SameSite=Lax
// (so it comes back with the provider's redirect), named after the state
// (so two tabs logging in at once do not disturb each other), and valid
// for loginStateTTL on the portal's clock. The callback must bring the same
// state back in the same browser; the cookie is then cleared and the state
// recorded as used, so a replayed callback fails even with a copy of the
// cookie. The provider's own one-time code and PKCE stop a code from being
// redeemed twice or by anyone without the verifier.

// loginStateTTL is how long a started login may take.
const loginStateTTL = 10 * time.Minute

// pendingLogin is what the login's state cookie carries.
type pendingLogin struct {
	auth.OIDCLogin
	Next    string
	Started time.Time
	Staff   bool
}

// loginStateCodec signs and encrypts the state cookies.
func loginStateCodec(sessionKey []byte) *securecookie.SecureCookie {
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, sessionKey)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	// The cookie's age is checked against the portal's clock (Started),
	// not securecookie's own.
	return securecookie.New(derive("kvp login state signing key v1"), derive("kvp login state encryption key v1")).MaxAge(0)
}

func (h *Handler) loginCookieName(state string) string {
	return h.loginCookiePrefix + auth.StateHash(state)
}

// startLogin sends the browser to the provider with a new login.
func (h *Handler) startLogin(c *fiber.Ctx, client *auth.OIDCClient, staff bool, next string) error {
	l := auth.NewOIDCLogin()
	to, err := client.AuthCodeURL(c.UserContext(), l, h.localizer(c).Lang)
	if err != nil {
		h.log.Error("login start", "err", err, "issuer", client.Issuer(), "request_id", requestID(c))
		return h.loginFailed(c, staff, next, &loginFailure{Status: fiber.StatusBadGateway, Title: "login.failed.provider.title", Text: "login.failed.provider.text"})
	}
	encoded, err := h.loginStates.Encode("kvp_login", pendingLogin{OIDCLogin: l, Next: next, Started: h.cfg.Now(), Staff: staff})
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name:     h.loginCookieName(l.State),
		Value:    encoded,
		Path:     "/",
		MaxAge:   int(loginStateTTL / time.Second),
		Secure:   h.cfg.SecureCookies,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
	c.Set(fiber.HeaderCacheControl, "no-store")
	return redirect(c, to)
}

// loginFailure is the page shown for a login that did not complete: what
// happened and a way to try again. It is a page, not an error: the
// login's steps return it to the callback, which shows it.
type loginFailure struct {
	Status int
	// Title and Text are the message ids of the page's heading and text.
	Title, Text string
	// Retry is where "log in again" goes.
	Retry string
}

func (h *Handler) loginFailed(c *fiber.Ctx, staff bool, next string, f *loginFailure) error {
	f.Retry = "/logg-inn?neste=" + url.QueryEscape(citizenReturn(next))
	if staff {
		f.Retry = "/saksbehandler/logg-inn?neste=" + url.QueryEscape(staffReturn(next))
	}
	p := h.page(c, f.Title)
	p.Data = f
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.render(c, f.Status, "login-failed", p)
}

// finishLogin checks a callback: the state against the browser's state
// cookie (once only), the provider's answer, and the code at the token
// endpoint with the ID token's checks (auth.OIDCClient.Exchange).
func (h *Handler) finishLogin(c *fiber.Ctx, client *auth.OIDCClient, staff bool) (*pendingLogin, *auth.OIDCResult, *loginFailure) {
	state := c.Query("state")
	stale := &loginFailure{Status: fiber.StatusBadRequest, Title: "login.failed.state.title", Text: "login.failed.state.text"}
	if state == "" || len(state) > 200 {
		return nil, nil, stale
	}
	name := h.loginCookieName(state)
	raw := c.Cookies(name)
	// The cookie is used up whatever happens next.
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0), Secure: h.cfg.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	var pl pendingLogin
	if raw == "" || h.loginStates.Decode("kvp_login", raw, &pl) != nil {
		h.log.Info("login callback without its state cookie", "request_id", requestID(c))
		return nil, nil, stale
	}
	if subtle.ConstantTimeCompare([]byte(pl.State), []byte(state)) != 1 || pl.Staff != staff {
		return &pl, nil, stale
	}
	if now := h.cfg.Now(); now.Before(pl.Started.Add(-time.Minute)) || !now.Before(pl.Started.Add(loginStateTTL)) {
		h.log.Info("login callback after its state expired", "request_id", requestID(c))
		return &pl, nil, stale
	}
	used, err := h.usedStates.Get(auth.StateHash(state))
	if err != nil {
		h.log.Error("login state check", "err", err, "request_id", requestID(c))
		return &pl, nil, &loginFailure{Status: fiber.StatusServiceUnavailable, Title: "login.failed.provider.title", Text: "login.failed.provider.text"}
	}
	if used != nil {
		h.log.Warn("login callback replayed", "request_id", requestID(c))
		return &pl, nil, stale
	}
	if err := h.usedStates.Set(auth.StateHash(state), []byte{1}, 2*loginStateTTL); err != nil {
		h.log.Error("login state check", "err", err, "request_id", requestID(c))
		return &pl, nil, &loginFailure{Status: fiber.StatusServiceUnavailable, Title: "login.failed.provider.title", Text: "login.failed.provider.text"}
	}
	// RFC 9207: a provider that names itself must be the one asked.
	if iss := c.Query("iss"); iss != "" && iss != client.Issuer() {
		h.log.Warn("login callback from another issuer", "iss", iss, "request_id", requestID(c))
		return &pl, nil, stale
	}
	if e := c.Query("error"); e != "" {
		h.log.Info("login refused by the provider", "error", e, "request_id", requestID(c))
		if e == "access_denied" {
			return &pl, nil, &loginFailure{Status: fiber.StatusOK, Title: "login.failed.cancelled.title", Text: "login.failed.cancelled.text"}
		}
		return &pl, nil, &loginFailure{Status: fiber.StatusBadGateway, Title: "login.failed.provider.title", Text: "login.failed.provider.text"}
	}
	code := c.Query("code")
	if code == "" {
		return &pl, nil, stale
	}
	res, fail := h.exchangeCode(c, client, code, &pl)
	return &pl, res, fail
}

// exchangeCode redeems the authorization code at the provider's token
// endpoint and checks the ID token it gives.
func (h *Handler) exchangeCode(c *fiber.Ctx, client *auth.OIDCClient, code string, pl *pendingLogin) (*auth.OIDCResult, *loginFailure) {
	ctx, cancel := context.WithTimeout(c.UserContext(), 20*time.Second)
	defer cancel()
	res, err := client.Exchange(ctx, code, pl.OIDCLogin)
	var acrErr *auth.ACRError
	switch {
	case errors.As(err, &acrErr):
		h.log.Info("login refused: level of assurance too low", "acr", acrErr.Got, "request_id", requestID(c))
		return nil, &loginFailure{Status: fiber.StatusForbidden, Title: "login.failed.acr.title", Text: "login.failed.acr.text"}
	case errors.Is(err, auth.ErrOIDCToken):
		h.log.Warn("login refused: ID token", "err", err, "request_id", requestID(c))
		return nil, &loginFailure{Status: fiber.StatusBadRequest, Title: "login.failed.token.title", Text: "login.failed.token.text"}
	case err != nil:
		h.log.Warn("login refused: token endpoint", "err", err, "request_id", requestID(c))
		return nil, &loginFailure{Status: fiber.StatusBadGateway, Title: "login.failed.provider.title", Text: "login.failed.provider.text"}
	}
	return res, nil
}

// startIDPortenLogin starts the citizen's login with ID-porten.
func (h *Handler) startIDPortenLogin(c *fiber.Ctx) error {
	if h.cfg.IDPorten == nil {
		return errNotFound
	}
	return h.startLogin(c, h.cfg.IDPorten, false, citizenReturn(c.Query("neste")))
}

// idportenCallback completes the citizen's login: the national identity
// number from the pid claim, the level from acr, a new session (new id),
// and the provider's session id indexed for front-channel logout.
func (h *Handler) idportenCallback(c *fiber.Ctx) error {
	if h.cfg.IDPorten == nil {
		return errNotFound
	}
	pl, res, fail := h.finishLogin(c, h.cfg.IDPorten, false)
	next := "/mine-saker"
	if pl != nil {
		next = citizenReturn(pl.Next)
	}
	if fail != nil {
		return h.loginFailed(c, false, next, fail)
	}
	nid, err := identity.ParseNationalID(res.String("pid"))
	if err != nil {
		h.log.Warn("login refused: no valid pid claim", "err", err, "request_id", requestID(c))
		return h.loginFailed(c, false, next, &loginFailure{Status: fiber.StatusForbidden, Title: "login.failed.person.title", Text: "login.failed.person.text"})
	}
	who := auth.Identity{NationalID: string(nid), Name: personName(res), LoA: res.ACR, AuthTime: h.cfg.Now()}
	// The population register gives the address protection, and the name
	// that ID-porten does not.
	if fail := h.lookUpPerson(c, &who); fail != nil {
		return h.loginFailed(c, false, next, fail)
	}
	if who.Name == "" {
		// ID-porten gives no name; the number is what the person and the
		// office can both recognise until the name is looked up.
		who.Name = string(nid)
	}
	s := session(c)
	if err := h.sessions.Discard(c.UserContext(), s); err != nil {
		return err
	}
	auth.SetIdentity(s, who)
	s.Values[oidcSessionKey] = auth.OIDCSession{Issuer: h.cfg.IDPorten.Issuer(), SID: res.SID, IDToken: res.IDToken}
	if err := h.saveSession(c, s); err != nil {
		return err
	}
	if res.SID != "" {
		if err := h.sidIndex.Set(sidKey(h.cfg.IDPorten.Issuer(), res.SID), []byte(s.ID), auth.DefaultAbsoluteTimeout); err != nil {
			h.log.Error("index the login's sid", "err", err, "request_id", requestID(c))
		}
	}
	h.log.Info("login", "method", "idporten", "acr", res.ACR, "request_id", requestID(c))
	h.protectExistingCases(c, who)
	return redirect(c, next)
}

// oidcSessionKey holds a session's auth.OIDCSession.
const oidcSessionKey = "oidc"

// sidKey is the index entry of a provider session (front-channel logout).
func sidKey(issuer, sid string) string { return auth.StateHash(issuer + "\x00" + sid) }

func personName(res *auth.OIDCResult) string {
	if n := strings.TrimSpace(res.String("name")); n != "" {
		return n
	}
	return strings.TrimSpace(res.String("given_name") + " " + res.String("family_name"))
}

// endCitizenSession deletes the session record and its sid index entry,
// and returns the ID token for the provider's logout, if the login was
// one.
func (h *Handler) endCitizenSession(c *fiber.Ctx, s *sessions.Session) (idToken string, err error) {
	if o, ok := s.Values[oidcSessionKey].(auth.OIDCSession); ok {
		idToken = o.IDToken
		if o.SID != "" {
			if err := h.sidIndex.Delete(sidKey(o.Issuer, o.SID)); err != nil {
				h.log.Warn("remove the login's sid", "err", err, "request_id", requestID(c))
			}
		}
	}
	s.Options.MaxAge = -1
	return idToken, h.saveSession(c, s)
}

// frontchannelLogout ends the portal session of a person who logged out
// of ID-porten elsewhere. ID-porten loads it in an iframe with its issuer
// and the session id (sid) of the login; the browser sends no cookie
// there, so the session is found through the sid index.
func (h *Handler) frontchannelLogout(c *fiber.Ctx) error {
	if h.cfg.IDPorten == nil {
		return errNotFound
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	// The provider's logout page frames this answer.
	c.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors "+origin(h.cfg.IDPorten.Issuer()))
	c.Response().Header.Del(fiber.HeaderXFrameOptions)
	c.Set(fiber.HeaderCrossOriginResourcePolicy, "cross-origin")
	iss, sid := c.Query("iss"), c.Query("sid")
	if iss != h.cfg.IDPorten.Issuer() || sid == "" {
		h.log.Info("front-channel logout refused", "iss", iss, "request_id", requestID(c))
		return c.Status(fiber.StatusBadRequest).SendString("unknown issuer or session\n")
	}
	key := sidKey(iss, sid)
	id, err := h.sidIndex.Get(key)
	if err != nil {
		return err
	}
	if id != nil {
		if err := h.st.DeleteSession(c.UserContext(), string(id)); err != nil {
			return err
		}
		if err := h.sidIndex.Delete(key); err != nil {
			return err
		}
		h.log.Info("logout", "method", "frontchannel", "request_id", requestID(c))
	}
	return c.SendString("logged out\n")
}

// origin is the scheme, host and port of an address.
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "'none'"
	}
	return u.Scheme + "://" + u.Host
}

// startStaffSSO starts a staff login at the staff provider.
func (h *Handler) startStaffSSO(c *fiber.Ctx) error {
	if h.cfg.StaffSSO == nil {
		return errNotFound
	}
	return h.startLogin(c, h.cfg.StaffSSO, true, staffReturn(c.Query("neste")))
}

// staffSSOCallback completes a staff login: the account (store.StaffRecord)
// is created or updated from the claims (e-mail, name) and the group
// mapping (role, offices), so that the staff area, which reads the account
// on every request, works as with a local account.
func (h *Handler) staffSSOCallback(c *fiber.Ctx) error {
	if h.cfg.StaffSSO == nil {
		return errNotFound
	}
	pl, res, fail := h.finishLogin(c, h.cfg.StaffSSO, true)
	next := "/saksbehandler"
	if pl != nil {
		next = staffReturn(pl.Next)
	}
	if fail != nil {
		return h.loginFailed(c, true, next, fail)
	}
	email := staffEmail(res)
	role, offices, ok := h.cfg.StaffGroups.Resolve(res.Strings(h.cfg.StaffGroups.ClaimName()))
	if email == "" || !ok {
		h.log.Warn("staff login refused: no e-mail or no mapped group", "email", email, "request_id", requestID(c))
		return h.loginFailed(c, true, next, &loginFailure{Status: fiber.StatusForbidden, Title: "staff.login.failed.denied.title", Text: "staff.login.failed.denied.text"})
	}
	ctx := c.UserContext()
	rec, err := h.st.Staff(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rec = &store.StaffRecord{Email: email, CreatedAt: h.cfg.Now()}
	case err != nil:
		return err
	case rec.Disabled:
		h.log.Warn("staff login refused: account disabled", "staff", email, "request_id", requestID(c))
		return h.loginFailed(c, true, next, &loginFailure{Status: fiber.StatusForbidden, Title: "staff.login.failed.denied.title", Text: "staff.login.failed.denied.text"})
	}
	rec.Name = personName(res)
	if rec.Name == "" {
		rec.Name, _, _ = strings.Cut(email, "@")
	}
	rec.Role, rec.Offices = string(role), offices
	rec.MayHandleProtected = h.cfg.StaffGroups.MayHandleProtected(res.Strings(h.cfg.StaffGroups.ClaimName()))
	if err := h.st.SaveStaff(ctx, rec); err != nil {
		return err
	}
	s, _ := c.Locals("staffSession").(*sessions.Session)
	if err := h.sessions.Discard(ctx, s); err != nil {
		return err
	}
	auth.SetStaffIdentity(s, staffIdentity(rec))
	if err := h.saveSession(c, s); err != nil {
		return err
	}
	h.log.Info("staff login", "method", "sso", "staff", rec.Email, "role", rec.Role, "request_id", requestID(c))
	return redirect(c, next)
}

// staffEmail is the staff member's e-mail from the claims: email, or
// preferred_username or upn where the provider (Entra ID) gives the
// address there.
func staffEmail(res *auth.OIDCResult) string {
	for _, claim := range []string{"email", "preferred_username", "upn"} {
		e := strings.ToLower(strings.TrimSpace(res.String(claim)))
		local, domain, ok := strings.Cut(e, "@")
		if ok && local != "" && domain != "" && !strings.ContainsAny(e, " \t\r\n/\\") && len(e) <= 254 {
			return e
		}
	}
	return ""
}

// staffLocalLogin reports whether local staff accounts (e-mail and
// password) may log in: in development, or when enabled.
func (h *Handler) staffLocalLogin() bool { return h.cfg.Development || h.cfg.StaffLocalLogin }

// formActionSources are the origins the CSP lets forms go to besides the
// portal: the providers, whose logout a form's redirect leads to.
func formActionSources(clients ...*auth.OIDCClient) string {
	src := "'self'"
	for _, c := range clients {
		if c != nil {
			if o := origin(c.Issuer()); o != "'none'" && !strings.Contains(src, " "+o) {
				src += " " + o
			}
		}
	}
	return src
}
