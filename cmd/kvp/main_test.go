package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.MongoURI != "" || c.Env != "development" || c.production() {
		t.Errorf("defaults: %+v", c)
	}
}

func TestProductionRefusesShortcutsAndMissingSecrets(t *testing.T) {
	env := map[string]string{"KVP_ENV": "production"}
	_, err := loadConfig(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("production started without a session key")
	}
	for _, want := range []string{"KVP_SESSION_KEY is required", "ID-porten"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	env = map[string]string{"KVP_ENV": "staging"}
	if _, err := loadConfig(func(k string) string { return env[k] }); err == nil {
		t.Error("unknown environment accepted")
	}
	env = map[string]string{"KVP_SESSION_KEY": "too-short"}
	if _, err := loadConfig(func(k string) string { return env[k] }); err == nil {
		t.Error("short session key accepted")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("portal not ready within 30 s")
}

// TestShutdownKeepsWhatWasWritten starts the portal on the embedded
// database, logs in (a session is written), shuts down by cancelling (as
// SIGTERM does), starts again on the same folder, and finds the session.
func TestShutdownKeepsWhatWasWritten(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	cfg := config{Addr: addr, DataDir: dir, DBName: "kvp", Env: "development"}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	start := func() (context.CancelFunc, chan error) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- serve(ctx, cfg, logger) }()
		waitReady(t, base)
		return cancel, done
	}
	stop := func(cancel context.CancelFunc, done chan error) {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("shutdown took longer than 30 s")
		}
	}

	cancel, done := start()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(base + "/logg-inn")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	token, _ := doc.Find(`input[name="_csrf"]`).First().Attr("value")
	person, _ := doc.Find(`input[name="person"]`).First().Attr("value")
	resp, err = client.PostForm(base+"/logg-inn", url.Values{"_csrf": {token}, "person": {person}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/mine-saker" || resp.StatusCode != http.StatusOK {
		t.Fatalf("login ended on %s with %d", resp.Request.URL.Path, resp.StatusCode)
	}
	// A demo staff member logs in too (staff sessions have a cookie and a
	// check of their own: the account's password stamp).
	resp, err = client.Get(base + "/saksbehandler/logg-inn")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	token, _ = doc.Find(`input[name="_csrf"]`).First().Attr("value")
	resp, err = client.PostForm(base+"/saksbehandler/logg-inn", url.Values{"_csrf": {token}, "email": {"saksbehandler@nav.test"}, "password": {demoStaffPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/saksbehandler" || resp.StatusCode != http.StatusOK {
		t.Fatalf("staff login ended on %s with %d", resp.Request.URL.Path, resp.StatusCode)
	}
	stop(cancel, done)

	cancel, done = start()
	defer stop(cancel, done)
	resp, err = client.Get(base + "/mine-saker")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/mine-saker" || resp.StatusCode != http.StatusOK {
		t.Errorf("after a restart the session was lost: ended on %s", resp.Request.URL.Path)
	}
	resp, err = client.Get(base + "/saksbehandler")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/saksbehandler" || resp.StatusCode != http.StatusOK {
		t.Errorf("after a restart the staff session was lost: ended on %s", resp.Request.URL.Path)
	}
}

func TestRatesCommandAddsARow(t *testing.T) {
	cfg := config{DataDir: t.TempDir(), DBName: "kvp", Env: "development"}
	ctx := context.Background()
	var out strings.Builder
	if err := ratesCommand(ctx, cfg, []string{"add", "-table", "g", "-from", "2027-05-01", "-value", "140000"}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := ratesCommand(ctx, cfg, []string{"list"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "g           2027-05-01 140000") || !strings.Contains(out.String(), "g           2026-05-01 136549") {
		t.Errorf("list after add:\n%s", out.String())
	}
	// The same date twice is refused; so is a bad table or value.
	for _, args := range [][]string{
		{"add", "-table", "g", "-from", "2027-05-01", "-value", "1"},
		{"add", "-table", "x", "-from", "2027-06-01", "-value", "1"},
		{"add", "-table", "g", "-from", "1. mai", "-value", "1"},
		{"add", "-table", "g", "-from", "2027-06-01", "-value", "-5"},
		{"add", "-table", "under25", "-from", "2027-06-01", "-value", "3"},
		{"add", "-table", "under25", "-from", "2027-06-01", "-value", "4/3"},
		{"add", "-table", "latestStart", "-from", "2027-06-01", "-value", "2/3"},
	} {
		if err := ratesCommand(ctx, cfg, args, &out); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// The under-25 share and the start limit are rules in the tables too.
func TestRatesCommandAddsRuleRows(t *testing.T) {
	cfg := config{DataDir: t.TempDir(), DBName: "kvp", Env: "development"}
	ctx := context.Background()
	var out strings.Builder
	for _, args := range [][]string{
		{"add", "-table", "under25", "-from", "2028-01-01", "-value", "3/4"},
		{"add", "-table", "latestStart", "-from", "2028-01-01", "-value", "4"},
		{"list"},
	} {
		if err := ratesCommand(ctx, cfg, args, &out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	for _, want := range []string{"under25     2019-01-01 2/3", "under25     2028-01-01 3/4", "latestStart 2019-01-01 6", "latestStart 2028-01-01 4"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list lacks %q:\n%s", want, out.String())
		}
	}
}

func TestStaffCommand(t *testing.T) {
	cfg := config{DataDir: t.TempDir(), DBName: "kvp", Env: "development"}
	ctx := context.Background()
	// The office directory must be loaded first.
	st, closeAll, err := openStore(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := startup(ctx, st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	closeAll()
	var out strings.Builder
	err = staffCommand(ctx, cfg, []string{"add", "-email", "Ola@Nav.no", "-name", "Ola Normann", "-office", "3401", "-role", "lead"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ola@nav.no") || !strings.Contains(out.String(), "password: ") {
		t.Errorf("output: %s", out.String())
	}
	for _, args := range [][]string{
		{"add", "-email", "x", "-name", "X", "-office", "3401"},
		{"add", "-email", "x@y", "-name", "X", "-office", "3401", "-role", "boss"},
		{"add", "-email", "x@y", "-name", "X"},
		{"add", "-email", "x@y", "-name", "X", "-office", "0000"},
	} {
		if err := staffCommand(ctx, cfg, args, &out); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
