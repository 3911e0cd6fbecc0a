package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"
)

// BenchmarkColdStart measures the time from start (new, empty data folder,
// embedded database) to the first 200 from /healthz. The target is 1 s.
func BenchmarkColdStart(b *testing.B) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		addr := freeAddr(&testing.T{})
		cfg := config{Addr: addr, DataDir: b.TempDir(), DBName: "kvp", Env: "development"}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		b.StartTimer()
		start := time.Now()
		go func() { done <- serve(ctx, cfg, logger) }()
		for {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
		total += time.Since(start)
		b.StopTimer()
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-healthz")
}
