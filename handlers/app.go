// Package handlers is the portal's web layer: routes, middleware and one
// small handler per page or action, on one Handler struct holding what they
// need.
package handlers

import (
	"errors"
	"html/template"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gorilla/securecookie"

	"kvp/auth"
	"kvp/casework"
	"kvp/i18n"
	"kvp/metrics"
	"kvp/notify"
	"kvp/register"
	"kvp/static"
	"kvp/store"
	"kvp/usecase"
	"kvp/views"
)

// Config is what the web layer needs to know about its environment.
type Config struct {
	// Development enables the development login with synthetic persons.
	Development bool
	// SecureCookies sets the Secure flag and __Host- cookie names (production).
	SecureCookies bool
	// SessionKey signs the session cookie (at least 32 bytes).
	SessionKey []byte
	// IdleTimeout ends a session after this long without a request.
	IdleTimeout time.Duration
	// PublicURL is the portal's address as people reach it, for links in
	// notices (no trailing slash).
	PublicURL string
	// Now is the clock; tests set it.
	Now func() time.Time
	// Logger receives request and error logs.
	Logger *slog.Logger
	// ProxyHeader names the header in which a proxy in front of the portal
	// passes the client's address (X-Forwarded-For); "" uses the
	// connection's address. It is read only from TrustedProxies
	// (addresses or CIDR ranges).
	ProxyHeader    string
	TrustedProxies []string
	// Metrics, when set, records every request by route and status.
	Metrics *metrics.Metrics
	// IDPorten is the citizens' login by OpenID Connect (ID-porten); nil
	// leaves only the development login (Development).
	IDPorten *auth.OIDCClient
	// StaffSSO is the staff login by OpenID Connect, with StaffGroups
	// mapping its groups to a role and offices; nil leaves local accounts.
	StaffSSO    *auth.OIDCClient
	StaffGroups *auth.StaffGroups
	// StaffLocalLogin lets local staff accounts (e-mail and password) log
	// in outside development.
	StaffLocalLogin bool
	// Register is the population register asked at every citizen login
	// whether the person's address is protected; nil is the synthetic
	// register in development and no register otherwise (nobody is
	// treated as protected).
	Register register.Register
	// ProtectedOffice is the office number of the office that handles the
	// cases of persons with a strictly confidential address; "" leaves
	// them with the office of the municipality they live in.
	ProtectedOffice string
	// Staff are the staff's use cases (cmd/kvp wires them); when nil, New
	// makes them with the store, the calendar, Now and notices in the
	// outbox (notify.CaseNotices).
	Staff *usecase.Staff
	// Citizen are the use cases of a person who applies (made with the
	// store, the calendar and Now when nil).
	Citizen *usecase.Citizen
}

// Handler holds everything the handlers use. It is built once in cmd/.
type Handler struct {
	cfg      Config
	st       *store.Store
	views    *views.Engine
	msgs     *i18n.Bundle
	assets   *static.Assets
	sessions *auth.MongoStore
	cal      *casework.Calendar
	// staff are the staff's use cases (staff actions on a case).
	staff *usecase.Staff
	// uploads are the routes that take files (routes.go, PostFiles).
	uploads uploadRoutes
	// citizen are the use cases of a person who applies.
	citizen     *usecase.Citizen
	log         *slog.Logger
	testPersons []auth.TestPerson
	register    register.Register
	csrfCookie  string
	csrfKey     []byte
	sessCookie  string
	staffCookie string
	// inspectSlots bounds how many uploads are checked at once.
	inspectSlots chan struct{}
	// trusted are cfg.TrustedProxies, parsed once (see clientAddr).
	trusted proxyList
	// loginStates signs and encrypts the OpenID Connect logins' state
	// cookies, named loginCookiePrefix + a hash of the state; usedStates
	// records the states whose callback came, sidIndex finds a session by
	// the provider's session id (see oidc.go).
	loginStates       *securecookie.SecureCookie
	loginCookiePrefix string
	usedStates        *store.KV
	sidIndex          *store.KV
}

// Limits on request bodies. Uploads are one file per request; the server
// reads bodies up to uploadBodyLimit so that a file over the 10 MB file
// limit still reaches the handler and gets a message next to the field.
const (
	uploadBodyLimit = 32 << 20
	formBodyLimit   = 256 << 10
)

// New builds the Handler and the Fiber app with every route.
func New(cfg Config, st *store.Store) (*fiber.App, *Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://127.0.0.1:8080"
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if len(cfg.SessionKey) < 32 {
		return nil, nil, errors.New("session key must be at least 32 bytes")
	}
	msgs, err := i18n.Load()
	if err != nil {
		return nil, nil, err
	}
	assets, err := static.Load()
	if err != nil {
		return nil, nil, err
	}
	h := &Handler{
		trusted:  parseProxies(cfg.TrustedProxies),
		cfg:      cfg,
		st:       st,
		msgs:     msgs,
		assets:   assets,
		cal:      casework.NorwegianCalendar(),
		log:      cfg.Logger,
		sessions: auth.NewMongoStore(st, cfg.SessionKey, cfg.SecureCookies, cfg.IdleTimeout),

		inspectSlots: make(chan struct{}, runtime.NumCPU()),
	}
	h.sessions.Now = cfg.Now
	h.staff = cfg.Staff
	if h.staff == nil {
		h.staff = usecase.NewStaff(st, h.cal, cfg.Now, notify.CaseNotices{Store: st, Texts: h.msgs.For(i18n.Default),
			PublicURL: cfg.PublicURL, ReceiptLink: ReceiptLinks(cfg.SessionKey, cfg.PublicURL), Now: cfg.Now})
	}
	if h.citizen = cfg.Citizen; h.citizen == nil {
		h.citizen = usecase.NewCitizen(st, h.cal, cfg.Now)
	}
	h.register = cfg.Register
	if h.register == nil {
		h.register = register.NoRegister{}
		if cfg.Development {
			h.register = register.Synthetic()
		}
	}
	h.csrfKey = csrfKeyFrom(cfg.SessionKey)
	h.csrfCookie, h.sessCookie, h.staffCookie = "kvp_csrf", "kvp_session", "kvp_staff"
	h.loginCookiePrefix = "kvp_login_"
	if cfg.SecureCookies {
		h.csrfCookie, h.sessCookie, h.staffCookie = "__Host-kvp_csrf", "__Host-kvp_session", "__Host-kvp_staff"
		h.loginCookiePrefix = "__Host-kvp_login_"
	}
	h.loginStates = loginStateCodec(cfg.SessionKey)
	h.usedStates, h.sidIndex = st.KV("login-state"), st.KV("login-sid")
	if cfg.Development {
		if h.testPersons, err = auth.TestPersons(cfg.Now()); err != nil {
			return nil, nil, err
		}
	}
	funcs := template.FuncMap{"asset": assets.URL, "field": field, "list": func(s ...string) []string { return s }, "appealOf": appealOf, "appealResult": appealResult}
	for name, f := range templFuncs {
		funcs[name] = f
	}
	h.views, err = views.New(funcs)
	if err != nil {
		return nil, nil, err
	}

	app := fiber.New(fiber.Config{
		AppName:               "kvp",
		BodyLimit:             uploadBodyLimit,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
		ErrorHandler:          h.handleError,
		ReadBufferSize:        16 << 10,
		// c.IP() reads ProxyHeader only from trusted proxies, and only
		// valid addresses; limits use clientAddr (conversation.go).
		ProxyHeader:             cfg.ProxyHeader,
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          cfg.TrustedProxies,
		EnableIPValidation:      cfg.ProxyHeader != "",
	})
	app.Use(recover.New())
	app.Use(requestid.New())
	app.Use(h.logRequests)
	app.Use(helmet.New(helmet.Config{
		// The logout form's redirect goes on to the login providers.
		ContentSecurityPolicy:     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action " + formActionSources(cfg.IDPorten, cfg.StaffSSO) + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
		ReferrerPolicy:            "same-origin",
		XFrameOptions:             "DENY",
		CrossOriginEmbedderPolicy: "require-corp",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=(), payment=()",
		HSTSMaxAge:                31536000,
	}))
	// Static files are compressed once at start (serveAsset). Pages are
	// compressed per request with gzip at its fastest level: Brotli's
	// fastest level came out larger than that, and its default level cost
	// a third of a page view's CPU (measured on «Mine saker»).
	app.Use(pagesInGzip, compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: func(c *fiber.Ctx) bool {
		return strings.HasPrefix(c.Path(), static.Prefix)
	}}))
	app.Use(pushURL)
	h.routes(app)
	return app, h, nil
}

// pagesInGzip offers the page compressor gzip only (see New): the
// compressor would otherwise choose Brotli whenever the browser takes it.
func pagesInGzip(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Path(), static.Prefix) {
		if ae := c.Get(fiber.HeaderAcceptEncoding); strings.Contains(ae, "br") {
			if static.Accepts(ae, "gzip") {
				c.Request().Header.Set(fiber.HeaderAcceptEncoding, "gzip")
			} else {
				c.Request().Header.Del(fiber.HeaderAcceptEncoding)
			}
		}
	}
	return c.Next()
}

// uploadRoutes are the route patterns that take files, split into
// segments (":ref" matches any one segment).
type uploadRoutes [][]string

func (u *uploadRoutes) add(pattern string) { *u = append(*u, strings.Split(pattern, "/")) }

// match reports whether path is one of the routes.
func (u uploadRoutes) match(path string) bool {
	segs := strings.Split(path, "/")
	for _, r := range u {
		if segmentsMatch(r, segs) {
			return true
		}
	}
	return false
}

func segmentsMatch(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, s := range pattern {
		if !strings.HasPrefix(s, ":") && s != segs[i] {
			return false
		}
	}
	return true
}

// bodyLimit refuses ordinary form posts larger than formBodyLimit; only the
// routes registered with PostFiles (routes.go) take files.
func (h *Handler) bodyLimit(c *fiber.Ctx) error {
	if c.Method() == fiber.MethodPost && h.uploads.match(c.Path()) {
		return c.Next()
	}
	if len(c.Request().Body()) > formBodyLimit {
		return &casework.Error{Code: casework.ETOOLARGE, Message: "error.toolarge.text"}
	}
	return c.Next()
}

// pushURL tells htmx which URL a page it fetched has, so the address bar
// and history are right after a form post that redirected: the browser
// follows the redirect inside htmx's request, and htmx cannot see it.
func pushURL(c *fiber.Ctx) error {
	err := c.Next()
	if c.Get("HX-Request") == "true" && c.Method() == fiber.MethodGet && c.Response().StatusCode() == fiber.StatusOK && len(c.Response().Header.Peek("HX-Push-Url")) == 0 {
		c.Set("HX-Push-Url", c.OriginalURL())
	}
	c.Vary("HX-Request")
	return err
}

func (h *Handler) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = errorStatus(err)
	}
	elapsed := time.Since(start)
	h.log.Info("request", "method", c.Method(), "path", c.Path(), "status", status,
		"duration_ms", float64(elapsed.Microseconds())/1000, "request_id", requestID(c))
	h.cfg.Metrics.ObserveRequest(routeLabel(c, status), c.Method(), status, elapsed)
	return err
}

// routeLabel is the route pattern that answered (never the path, which
// holds references and ids); requests no route took are "unmatched".
func routeLabel(c *fiber.Ctx, status int) string {
	r := c.Route()
	if r == nil || r.Path == "" || r.Path == "/" && c.Path() != "/" || status == fiber.StatusNotFound && strings.Contains(r.Path, "*") {
		return "unmatched"
	}
	return r.Path
}

func requestID(c *fiber.Ctx) string {
	s, _ := c.Locals("requestid").(string)
	return s
}
