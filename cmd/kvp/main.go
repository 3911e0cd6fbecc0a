// Command kvp runs the citizen portal for the qualification programme
// (kvalifiseringsprogrammet). With nothing configured it starts on
// 127.0.0.1:8080 with the embedded database under ./data and the
// development login.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"

	"kvp/casework"
	"kvp/handlers"
	"kvp/i18n"
	"kvp/metrics"
	"kvp/notify"
	"kvp/store"
	"kvp/usecase"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "kvp:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	if cmd == "version" || cmd == "-version" || cmd == "--version" {
		return versionCommand(os.Stdout)
	}
	if cmd == "demo" {
		// Before the configuration, so that production refuses it first.
		return demoCommand(os.Getenv, args, os.Stdout)
	}
	getenv, err := osSecretEnv()
	if err != nil {
		return err
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(logger)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "serve":
		return serve(ctx, cfg, logger)
	case "rates":
		return ratesCommand(ctx, cfg, args, os.Stdout)
	case "staff":
		return staffCommand(ctx, cfg, args, os.Stdout)
	}
	return fmt.Errorf("unknown command %q (commands: serve, rates, staff, demo, version)", cmd)
}

// proxySettings reads KVP_PROXY_HEADER (the header in which a proxy or
// load balancer in front of the portal passes the client's address, such
// as X-Forwarded-For; empty: the connection's address is used) and
// KVP_TRUSTED_PROXIES (comma-separated addresses or CIDR ranges of those
// proxies; the header is believed only from them). A header without
// trusted proxies is refused: anyone could then choose their address.
func proxySettings(getenv func(string) string, problems []string) (header string, proxies []string, _ []string) {
	header = strings.TrimSpace(getenv("KVP_PROXY_HEADER"))
	for _, p := range strings.Split(getenv("KVP_TRUSTED_PROXIES"), ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		_, _, cidrErr := net.ParseCIDR(p)
		if cidrErr != nil && net.ParseIP(p) == nil {
			problems = append(problems, fmt.Sprintf("KVP_TRUSTED_PROXIES: %q is not an IP address or a CIDR range", p))
			continue
		}
		proxies = append(proxies, p)
	}
	if header != "" {
		if strings.Trim(strings.ToLower(header), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			problems = append(problems, fmt.Sprintf("KVP_PROXY_HEADER: %q is not a header name", header))
		}
		if len(proxies) == 0 {
			problems = append(problems, "KVP_PROXY_HEADER needs KVP_TRUSTED_PROXIES: the addresses of the proxies allowed to set it")
		}
	}
	return header, proxies, problems
}

// openStore connects to MONGODB_URI or starts the embedded database; close
// releases both.
func openStore(ctx context.Context, cfg config, logger *slog.Logger) (st *store.Store, closeAll func(), err error) {
	return openStoreMonitored(ctx, cfg, logger, nil)
}

// openStoreMonitored is openStore with the database calls timed in m
// (nil: not timed).
func openStoreMonitored(ctx context.Context, cfg config, logger *slog.Logger, m *metrics.Metrics) (st *store.Store, closeAll func(), err error) {
	uri := cfg.MongoURI
	var embedded *store.Embedded
	if uri == "" {
		dbLogger := slog.New(slog.NewTextHandler(io.Discard, nil))
		if cfg.DBLog {
			dbLogger = logger.With("component", "ferretdb")
		}
		embedded, err = store.StartEmbedded(cfg.DataDir, dbLogger)
		if err != nil {
			return nil, nil, err
		}
		uri = embedded.URI()
		logger.Info("embedded database started", "dir", cfg.DataDir)
	}
	var monitor *event.CommandMonitor
	if m != nil {
		monitor = m.CommandMonitor()
	}
	st, err = store.OpenMonitored(ctx, uri, cfg.DBName, monitor)
	if err == nil && embedded != nil {
		// One process owns the embedded database: add the _id index its
		// SQLite backend lacks and keep hot documents in memory.
		if err = st.UseEmbedded(ctx, embedded, store.DefaultCacheBytes); err != nil {
			_ = st.Close(ctx)
		}
	}
	if err != nil {
		if embedded != nil {
			embedded.Close()
		}
		return nil, nil, err
	}
	return st, func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = st.Close(cctx)
		if embedded != nil {
			embedded.Close()
		}
	}, nil
}

// serveMetrics serves the metrics on their own address until the returned
// function is called.
func serveMetrics(addr string, m *metrics.Metrics, logger *slog.Logger) func() {
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		logger.Info("metrics listening", "addr", addr)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics", "err", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
}

// serve runs the portal until ctx is cancelled, then shuts down in order:
// stop taking requests and let in-flight ones finish, stop background
// work, disconnect, and close the embedded database.
//
// It listens as soon as the web layer is built, so /healthz answers during
// start-up, but /readyz answers 503 until every piece of start-up work is
// done: the indexes, the office directory, the rate tables, the demo staff
// accounts (development), the in-memory inbox (embedded database), the
// messages and the background jobs started.
func serve(ctx context.Context, cfg config, logger *slog.Logger) error {
	return serveGated(ctx, cfg, logger, nil)
}

// serveGated is serve with gate, when not nil, run after the start-up work
// and before the background jobs start and the portal turns ready: a test
// holds it to see /readyz answer 503 until start-up is done.
func serveGated(ctx context.Context, cfg config, logger *slog.Logger, gate func(context.Context) error) error {
	var m *metrics.Metrics
	if cfg.MetricsAddr != "" {
		m = metrics.New(buildVersion())
	}
	st, closeAll, err := openStoreMonitored(ctx, cfg, logger, m)
	if err != nil {
		return err
	}
	defer closeAll()
	if m != nil {
		m.WatchOutbox(func(ctx context.Context) (metrics.OutboxStats, error) {
			w, oldest, gaveUp, err := st.OutboxStats(ctx)
			return metrics.OutboxStats{Waiting: w, Oldest: oldest, GivenUp: gaveUp}, err
		})
		stopMetrics := serveMetrics(cfg.MetricsAddr, m, logger)
		defer stopMetrics()
	}
	// Not ready until all start-up work below is done, whatever part of it
	// (such as EnsureIndexes) would otherwise mark the store ready.
	markReady := st.HoldReady()

	key := cfg.SessionKey
	if key == nil {
		// Development only (production refuses to start without a key):
		// keep one key in the database so sessions survive restarts.
		hexKey, err := st.InitSetting(ctx, "dev-session-key", randomKey())
		if err != nil {
			return err
		}
		if key, err = decodeKey(hexKey); err != nil {
			return err
		}
	}
	idporten, staffSSO, err := cfg.loginClients()
	if err != nil {
		return err
	}
	if cfg.production() && staffSSO == nil && !cfg.StaffLocalLogin {
		logger.Warn("no staff login: set KVP_STAFF_OIDC_* (single sign-on) or KVP_STAFF_LOCAL_LOGIN=1")
	}
	discoverLogins(ctx, logger, idporten, staffSSO)
	warnAboutProtection(cfg, logger)
	msgs, err := i18n.Load()
	if err != nil {
		return err
	}
	// The staff's use cases: the store, the calendar, the clock, and
	// notices to the person in the outbox (sent by the sweeper below).
	staff := usecase.NewStaff(st, casework.NorwegianCalendar(), time.Now, notify.CaseNotices{Store: st, Texts: msgs.For(i18n.Default),
		PublicURL: cfg.PublicURL, ReceiptLink: handlers.ReceiptLinks(key, cfg.PublicURL), Now: time.Now})
	app, _, err := handlers.New(handlers.Config{
		Development:     !cfg.production(),
		SecureCookies:   cfg.production(),
		SessionKey:      key,
		PublicURL:       cfg.PublicURL,
		Logger:          logger,
		ProxyHeader:     cfg.ProxyHeader,
		TrustedProxies:  cfg.TrustedProxies,
		IDPorten:        idporten,
		StaffSSO:        staffSSO,
		StaffGroups:     cfg.StaffGroups,
		StaffLocalLogin: cfg.StaffLocalLogin,
		Metrics:         m,
		Register:        cfg.register,
		ProtectedOffice: cfg.ProtectedOffice,
		Staff:           staff,
		Citizen:         usecase.NewCitizen(st, casework.NorwegianCalendar(), time.Now),
	}, st)
	if err != nil {
		return err
	}

	listenErr := make(chan error, 1)
	go func() { listenErr <- app.Listen(cfg.Addr) }()
	logger.Info("listening", "addr", cfg.Addr, "env", cfg.Env, "version", buildVersion())

	stopStarting := func(err error) error {
		_ = app.ShutdownWithTimeout(30 * time.Second)
		if ctx.Err() != nil {
			return nil // stopped while starting: not an error
		}
		return err
	}
	if err := startup(ctx, st, cfg, logger); err != nil {
		return stopStarting(err)
	}
	var senders []notify.Sender
	if cfg.SMTPAddr != "" {
		senders = append(senders, &notify.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUser, Password: cfg.SMTPPassword, TLS: cfg.SMTPTLS})
	}
	if gate != nil {
		if err := gate(ctx); err != nil {
			return stopStarting(err)
		}
	}
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		runSweeper(ctx, st, jobs{staff: staff, metrics: m, msgs: msgs, senders: senders, publicURL: cfg.PublicURL}, logger)
	}()
	markReady()
	logger.Info("ready")

	select {
	case err := <-listenErr:
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	if err := app.ShutdownWithTimeout(30 * time.Second); err != nil {
		logger.Error("shutdown", "err", err)
	}
	<-jobsDone
	logger.Info("stopped")
	return nil
}

// startup does the store's part of the start-up work /readyz waits for:
// the office directory (demo offices only in development), the rate
// tables, the indexes, the demo staff accounts (development) and the
// in-memory inbox (embedded database).
func startup(ctx context.Context, st *store.Store, cfg config, logger *slog.Logger) error {
	offices, err := casework.RealOffices()
	if err != nil {
		return err
	}
	if cfg.production() {
		if err := st.RemoveDemoOffices(ctx); err != nil {
			return err
		}
		if err := st.RemoveDemoStaff(ctx); err != nil {
			return err
		}
	} else {
		demo, err := casework.DemoOffices()
		if err != nil {
			return err
		}
		offices = append(offices, demo...)
	}
	if cfg.OfficesFile != "" {
		b, err := os.ReadFile(cfg.OfficesFile)
		if err != nil {
			return fmt.Errorf("KVP_OFFICES_FILE: %w", err)
		}
		extra, err := casework.ParseOffices(b)
		if err != nil {
			return fmt.Errorf("KVP_OFFICES_FILE: %w", err)
		}
		offices = append(offices, extra...)
	}
	// Offices from the data files are only added: a municipality already
	// in the directory keeps what is stored, since administrators change
	// offices in the staff area and a restart must not undo that.
	added, err := st.AddMissingOffices(ctx, mergeOffices(offices))
	if err != nil {
		return err
	}
	if err := checkProtectedOffice(ctx, st, cfg); err != nil {
		return err
	}
	rates, err := casework.DefaultRateTables()
	if err != nil {
		return err
	}
	if err := st.SeedRateTables(ctx, rates); err != nil {
		return err
	}
	if err := st.EnsureIndexes(ctx); err != nil {
		return err
	}
	if !cfg.production() {
		if err := ensureDemoStaff(ctx, st, logger); err != nil {
			return err
		}
	}
	if cfg.MongoURI == "" {
		// The embedded database serves this process only, so the inbox can
		// be kept in memory (it scans collections for any other filter).
		if err := st.EnableInboxCache(ctx); err != nil {
			return err
		}
	}
	logger.Info("start-up work done", "offices_in_files", len(offices), "offices_added", added)
	return nil
}

// mergeOffices keeps one office per municipality number, the last one
// given: a KVP_OFFICES_FILE entry wins over the built-in one for the same
// municipality (when it is not stored yet), in the order of the list.
func mergeOffices(offices []casework.Office) []casework.Office {
	pos := map[string]int{}
	var out []casework.Office
	for _, o := range offices {
		if i, ok := pos[o.Municipality]; ok {
			out[i] = o
			continue
		}
		pos[o.Municipality] = len(out)
		out = append(out, o)
	}
	return out
}

// runSweeper deletes expired drafts, orphaned files and sessions, marks
// cases whose interim reply is due soon or overdue, queues reminders
// (documentation deadlines, booked conversations) and second notices
// about unopened decisions and sends the outbox, every minute, on one
// instance at a time (a lease in the database).
// jobs is what the background work needs beside the store.
type jobs struct {
	// staff runs the deadline job (usecase.Staff.MarkDeadlines).
	staff     *usecase.Staff
	metrics   *metrics.Metrics
	msgs      *i18n.Bundle
	senders   []notify.Sender
	publicURL string
}

func runSweeper(ctx context.Context, st *store.Store, j jobs, logger *slog.Logger) {
	host, _ := os.Hostname()
	holder := fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano())
	// Hand the lease over at once on a clean stop, so that another
	// instance takes over within a poll instead of after the lease's term.
	defer func() {
		rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := st.ReleaseLease(rctx, sweeperLease, holder, time.Now()); err != nil {
			logger.Warn("release lease", "err", err)
		}
		j.metrics.LeaseHeld(sweeperLease, false)
	}()
	tick := time.NewTicker(leasePoll)
	defer tick.Stop()
	var lastRun time.Time
	round := 0
	for {
		now := time.Now()
		ok, err := st.AcquireLease(ctx, sweeperLease, holder, now, leaseTerm)
		if err != nil && !errors.Is(err, context.Canceled) {
			logger.Error("sweeper lease", "err", err)
		}
		j.metrics.LeaseHeld(sweeperLease, ok)
		if now.Sub(lastRun) >= time.Minute {
			if ok {
				sweepOnce(ctx, st, j, round%10 == 0, logger)
				round++
			} else {
				j.metrics.JobSkipped("sweeper") // a run left to the holder
			}
			lastRun = now
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// The background work's lease: renewed every leasePoll by its holder, and
// tried as often by the others, so that when the holder stops cleanly
// (it releases the lease) another instance takes over within seconds, and
// within leaseTerm when it stops without saying so.
const (
	sweeperLease = "sweeper"
	leasePoll    = 5 * time.Second
	leaseTerm    = 5 * time.Minute
)

// sweepOnce sends the outbox, and with full set also sweeps and scans
// deadlines (every tenth round: they read whole collections).
func sweepOnce(ctx context.Context, st *store.Store, j jobs, full bool, logger *slog.Logger) {
	now := time.Now()
	if full {
		res, err := st.Sweep(ctx, now)
		j.metrics.JobRun("sweep", err)
		if err != nil && !errors.Is(err, context.Canceled) {
			logger.Error("sweep", "err", err)
			return
		}
		if res != (store.SweepResult{}) {
			logger.Info("swept", "drafts", res.Drafts, "files", res.Files, "sessions", res.Sessions, "kv", res.KV)
		}
		marked, err := j.staff.MarkDeadlines(ctx)
		j.metrics.JobRun("deadlines", err)
		if err != nil && !errors.Is(err, context.Canceled) {
			logger.Error("deadline scan", "err", err)
			return
		}
		if marked > 0 {
			logger.Info("deadline states changed", "cases", marked)
		}
		// Each reminder is queued once (its id is derived from what it is
		// about), so a second run, or a second instance, adds nothing.
		reminded, err := notify.Reminders(ctx, st, j.msgs, j.publicURL, now)
		j.metrics.JobRun("reminders", err)
		if err != nil && !errors.Is(err, context.Canceled) {
			logger.Error("reminders", "err", err)
			return
		}
		if reminded > 0 {
			logger.Info("reminders queued", "notices", reminded)
		}
	}
	second, err := notify.SecondNotices(ctx, st, j.msgs, j.publicURL, now)
	j.metrics.JobRun("second-notices", err)
	if err != nil && !errors.Is(err, context.Canceled) {
		logger.Error("second notices", "err", err)
		return
	}
	sent, err := notify.Dispatch(ctx, st, j.senders, casework.NorwegianCalendar(), now, logger)
	j.metrics.JobRun("outbox", err)
	if err != nil && !errors.Is(err, context.Canceled) {
		logger.Error("send notices", "err", err)
		return
	}
	if second > 0 || sent > 0 {
		logger.Info("notices", "second_notices", second, "sent", sent)
	}
}
