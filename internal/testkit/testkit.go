// Package testkit starts what tests need: the embedded database (or the
// MongoDB at MONGODB_URI), a fresh database per test, the portal app, and
// the time the tests take as now.
package testkit

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
	"kvp/handlers"
	"kvp/store"
)

var (
	once     sync.Once
	uri      string
	embedded *store.Embedded
	startErr error
)

// URI returns the database to test against: MONGODB_URI when set, or an
// embedded FerretDB started once per test binary in a temporary folder.
func URI(tb testing.TB) string {
	tb.Helper()
	once.Do(func() {
		if u := os.Getenv("MONGODB_URI"); u != "" {
			uri = u
			return
		}
		dir, err := os.MkdirTemp("", "kvp-test-db-")
		if err != nil {
			startErr = err
			return
		}
		embedded, startErr = store.StartEmbedded(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if startErr == nil {
			uri = embedded.URI()
		}
	})
	if startErr != nil {
		tb.Fatalf("start test database: %v", startErr)
	}
	return uri
}

// Shutdown stops the embedded database; call it from TestMain after m.Run.
func Shutdown() {
	if embedded != nil {
		embedded.Close()
	}
}

// Store returns a store on a new, empty database with indexes and the
// office directory (real and demo offices), dropped when the test ends.
func Store(tb testing.TB) *store.Store {
	tb.Helper()
	return StoreMonitored(tb, nil)
}

// NowEnv is the environment variable that sets Now.
const NowEnv = "KVP_TEST_NOW"

var (
	nowOnce sync.Once
	nowTime time.Time
)

// Now returns the time the tests take as now: the start of every test
// clock that needs only "some current time", and the time from which such
// tests compute the dates they expect (with the casework calendar). It is
// Monday 23 November 2026 10:00 in Europe/Oslo, unless the environment
// variable KVP_TEST_NOW gives another: a date ("2027-11-23", at 10:00 Oslo
// time that day) or a time in RFC 3339 ("2036-11-24T10:00:00+01:00").
// The result is in casework.Location(). A value that is neither stops the
// test binary with a message saying so.
//
// Running the tests with KVP_TEST_NOW set years ahead shows that they do
// not depend on the date they run: a test that mixes the real clock with
// the portal's clock, or writes out a date that it should compute, fails.
// Tests that need a particular calendar fact (an Easter week, a change of
// G on 1 May) keep their own fixed dates, and never read the real clock.
func Now() time.Time {
	nowOnce.Do(func() {
		t, err := parseNow(os.Getenv(NowEnv))
		if err != nil {
			panic(err)
		}
		nowTime = t
	})
	return nowTime
}

// parseNow reads a KVP_TEST_NOW value; empty gives the default.
func parseNow(v string) (time.Time, error) {
	loc := casework.Location()
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Date(2026, 11, 23, 10, 0, 0, 0, loc), nil
	}
	if d, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
		return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, loc), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.In(loc), nil
	}
	return time.Time{}, fmt.Errorf("%s=%q is neither a date (2027-11-23) nor a time in RFC 3339 (2027-11-23T10:00:00+01:00)", NowEnv, v)
}

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// App builds the portal in development mode on st with the clock.
func App(tb testing.TB, st *store.Store, clock *Clock) (*fiber.App, *handlers.Handler) {
	tb.Helper()
	cfg := handlers.Config{
		Development: true,
		SessionKey:  []byte("0123456789abcdef0123456789abcdef"),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if clock != nil {
		cfg.Now = clock.Now
	}
	app, h, err := handlers.New(cfg, st)
	if err != nil {
		tb.Fatalf("build app: %v", err)
	}
	return app, h
}

// StaffPassword is the password of accounts made by Staff.
const StaffPassword = "test-passord-123"

// Staff creates a staff account with StaffPassword, created at Now.
func Staff(tb testing.TB, st *store.Store, email, name, role string, offices ...string) {
	tb.Helper()
	hash, err := auth.HashPassword(StaffPassword)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.SaveStaff(context.Background(), &store.StaffRecord{Email: email, Name: name, PasswordHash: hash, Role: role, Offices: offices, CreatedAt: Now()}); err != nil {
		tb.Fatal(err)
	}
}
