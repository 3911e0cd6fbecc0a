package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kvp/metrics"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetricsAreExposed(t *testing.T) {
	m := metrics.New("v1.2.3")
	m.ObserveRequest("/saker/:ref", "GET", 200, 3*time.Millisecond)
	m.JobRun("sweep", nil)
	m.JobRun("outbox", errors.New("smtp down"))
	m.JobSkipped("sweep")
	m.LeaseHeld("background", true)
	m.WatchOutbox(func(context.Context) (metrics.OutboxStats, error) {
		return metrics.OutboxStats{Waiting: 3, Oldest: time.Now().Add(-time.Minute), GivenUp: 1}, nil
	})
	out := scrape(t, m)
	for _, want := range []string{
		`kvp_http_request_duration_seconds_count{method="GET",route="/saker/:ref",status="200"} 1`,
		`kvp_job_runs_total{job="sweep",outcome="ok"} 1`,
		`kvp_job_runs_total{job="outbox",outcome="error"} 1`,
		`kvp_job_runs_total{job="sweep",outcome="skipped"} 1`,
		`kvp_lease_held{lease="background"} 1`,
		`kvp_outbox_waiting 3`,
		`kvp_outbox_given_up 1`,
		`kvp_build_info{version="v1.2.3"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	if !strings.Contains(out, "kvp_outbox_oldest_age_seconds 6") && !strings.Contains(out, "kvp_outbox_oldest_age_seconds 5") {
		t.Errorf("oldest notice's age not about a minute:\n%s", grep(out, "oldest"))
	}
	// A nil Metrics (metrics off) is safe to call.
	var off *metrics.Metrics
	off.ObserveRequest("/", "GET", 200, time.Millisecond)
	off.JobRun("x", nil)
	off.LeaseHeld("x", false)
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
