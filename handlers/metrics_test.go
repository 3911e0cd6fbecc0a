package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kvp/handlers"
	"kvp/internal/testkit"
	"kvp/metrics"
)

// Requests are counted by route pattern and status (never by path, which
// holds references), and database commands by name.
func TestMetricsCountRequestsByRouteAndDatabaseCalls(t *testing.T) {
	m := metrics.New("test")
	st := testkit.StoreMonitored(t, m.CommandMonitor())
	app, _, err := handlers.New(handlers.Config{
		Development: true,
		SessionKey:  []byte("0123456789abcdef0123456789abcdef"),
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:         testkit.NewClock(now).Now,
		Metrics:     m,
	}, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/saker/ABCD-EFGH", "/saker/WXYZ-2345", "/finnes-ikke/123", "/"} {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, p, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	out := rec.Body.String()
	for _, want := range []string{
		`kvp_http_request_duration_seconds_count{method="GET",route="/saker/:ref",status="303"} 2`,
		`kvp_http_request_duration_seconds_count{method="GET",route="/",status="200"} 1`,
		`route="unmatched",status="404"`,
		`kvp_db_command_duration_seconds_count{command="find",outcome="ok"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(out, "ABCD") || strings.Contains(out, "finnes-ikke") {
		t.Error("a path became a label")
	}
}
