// Package metrics holds the portal's Prometheus metrics: requests by route
// and status with their latency, database calls with their latency and
// errors, background job runs and failures, which lease this instance
// holds, and the outbox (its size and its oldest unsent notice). They are
// served on their own listen address (KVP_METRICS_ADDR), never on the
// portal's.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.mongodb.org/mongo-driver/v2/event"
)

// OutboxStats is what the outbox gauges report.
type OutboxStats struct {
	// Waiting is the number of notices not yet sent (and not given up).
	Waiting int
	// Oldest is when the oldest waiting notice was made (zero: none).
	Oldest time.Time
	// GivenUp is the number of notices given up after every retry.
	GivenUp int
}

// Metrics is the portal's registry and its instruments.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.HistogramVec
	dbCalls   *prometheus.HistogramVec
	jobRuns   *prometheus.CounterVec
	leaseHeld *prometheus.GaugeVec
	info      *prometheus.GaugeVec
}

// New makes the registry with the Go runtime and process collectors and
// the portal's own metrics. version is reported in kvp_build_info.
func New(version string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kvp_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method", "status"})
	m.dbCalls = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kvp_db_command_duration_seconds",
		Help:    "Time of a database command, by command name and outcome (ok or error).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
	}, []string{"command", "outcome"})
	m.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kvp_job_runs_total",
		Help: "Background job runs by job and outcome (ok, error, or skipped when another instance holds the lease).",
	}, []string{"job", "outcome"})
	m.leaseHeld = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "kvp_lease_held",
		Help: "1 while this instance holds the lease for background work, else 0.",
	}, []string{"lease"})
	m.info = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "kvp_build_info",
		Help: "The running version, always 1.",
	}, []string{"version"})
	m.info.WithLabelValues(version).Set(1)
	m.reg.MustRegister(m.requests, m.dbCalls, m.jobRuns, m.leaseHeld, m.info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveRequest records one answered request. route is the route
// pattern (such as /saker/:ref), never the path, so that references and
// ids do not become labels.
func (m *Metrics) ObserveRequest(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

// JobRun records one run of a background job: err nil is "ok".
func (m *Metrics) JobRun(job string, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.jobRuns.WithLabelValues(job, outcome).Inc()
}

// JobSkipped records a run left to the instance holding the lease.
func (m *Metrics) JobSkipped(job string) {
	if m == nil {
		return
	}
	m.jobRuns.WithLabelValues(job, "skipped").Inc()
}

// LeaseHeld records whether this instance holds the lease.
func (m *Metrics) LeaseHeld(lease string, held bool) {
	if m == nil {
		return
	}
	v := 0.0
	if held {
		v = 1
	}
	m.leaseHeld.WithLabelValues(lease).Set(v)
}

// WatchOutbox registers gauges read from stats on every scrape (with a
// timeout of a few seconds; a failed read reports nothing).
func (m *Metrics) WatchOutbox(stats func(context.Context) (OutboxStats, error)) {
	m.reg.MustRegister(&outboxCollector{stats: stats,
		waiting: prometheus.NewDesc("kvp_outbox_waiting", "Notices in the outbox not yet sent.", nil, nil),
		oldest:  prometheus.NewDesc("kvp_outbox_oldest_age_seconds", "Age of the oldest notice not yet sent (0 when none).", nil, nil),
		givenUp: prometheus.NewDesc("kvp_outbox_given_up", "Notices given up after every retry.", nil, nil),
	})
}

type outboxCollector struct {
	stats                    func(context.Context) (OutboxStats, error)
	waiting, oldest, givenUp *prometheus.Desc
}

func (o *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- o.waiting
	ch <- o.oldest
	ch <- o.givenUp
}

func (o *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := o.stats(ctx)
	if err != nil {
		return
	}
	age := 0.0
	if !s.Oldest.IsZero() {
		age = time.Since(s.Oldest).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(o.waiting, prometheus.GaugeValue, float64(s.Waiting))
	ch <- prometheus.MustNewConstMetric(o.oldest, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(o.givenUp, prometheus.GaugeValue, float64(s.GivenUp))
}

// CommandMonitor times every database command the driver sends. Pass it
// to the store (store.OpenMonitored).
func (m *Metrics) CommandMonitor() *event.CommandMonitor {
	return &event.CommandMonitor{
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) {
			m.dbCalls.WithLabelValues(e.CommandName, "ok").Observe(e.Duration.Seconds())
		},
		Failed: func(_ context.Context, e *event.CommandFailedEvent) {
			m.dbCalls.WithLabelValues(e.CommandName, "error").Observe(e.Duration.Seconds())
		},
	}
}
