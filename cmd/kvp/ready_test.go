package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestReadyzWaitsForAllStartupWork holds the portal's start-up after its
// work (indexes, office directory, rate tables, demo staff accounts,
// in-memory inbox) and before it turns ready: /healthz answers, /readyz
// answers 503, whatever EnsureIndexes did on the way. Released, /readyz
// answers 200, and a demo staff login made then stays logged in on the
// next request.
func TestReadyzWaitsForAllStartupWork(t *testing.T) {
	addr := freeAddr(t)
	base := "http://" + addr
	cfg := config{Addr: addr, DataDir: t.TempDir(), DBName: "kvp", Env: "development"}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	held, release := make(chan struct{}), make(chan struct{})
	gate := func(ctx context.Context) error {
		close(held)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveGated(ctx, cfg, logger, gate) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})

	select {
	case <-held:
	case err := <-done:
		done <- err // for the clean-up
		t.Fatalf("serve ended before start-up was held: %v", err)
	}

	get := func(path string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Cache-Control"), string(body)
	}
	if code, _, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz during start-up: %d, want 200", code)
	}
	for range 3 {
		code, cache, body := get("/readyz")
		if code != http.StatusServiceUnavailable || cache != "no-store" || body != "starting\n" {
			t.Fatalf("/readyz before start-up is done: %d %q %q, want 503 no-store \"starting\\n\"", code, cache, body)
		}
	}

	close(release)
	waitReady(t, base)
	if code, _, body := get("/readyz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/readyz after start-up: %d %q", code, body)
	}

	// Ready means the demo staff accounts are written: a login now holds.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(base + "/saksbehandler/logg-inn")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	token, _ := doc.Find(`input[name="_csrf"]`).First().Attr("value")
	resp, err = client.PostForm(base+"/saksbehandler/logg-inn", url.Values{
		"_csrf": {token}, "neste": {"/saksbehandler"},
		"email": {"saksbehandler@nav.test"}, "password": {demoStaffPassword},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/saksbehandler" || resp.StatusCode != http.StatusOK {
		t.Fatalf("staff login ended on %s with %d", resp.Request.URL.Path, resp.StatusCode)
	}
	resp, err = client.Get(base + "/saksbehandler")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/saksbehandler" || resp.StatusCode != http.StatusOK {
		t.Errorf("the staff login was lost on the next request: ended on %s with %d", resp.Request.URL.Path, resp.StatusCode)
	}
}
