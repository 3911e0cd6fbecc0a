package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kvp/casework"
	"kvp/store"
)

// officesFile writes offices as a KVP_OFFICES_FILE and returns its path.
func officesFile(t *testing.T, offices ...casework.Office) string {
	t.Helper()
	b, err := json.Marshal(offices)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "offices.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func hamar() casework.Office {
	return casework.Office{
		Municipality: "3403", MunicipalityName: "Hamar", Name: "NAV Hamar",
		Visiting:     casework.Address{Line1: "Torggata 1", PostalCode: "2317", Town: "Hamar"},
		Postal:       casework.Address{Line1: "Postboks 4", PostalCode: "2301", Town: "Hamar"},
		OpeningHours: []casework.Hours{{FromDay: 1, ToDay: 5, Opens: "09:00", Closes: "15:00"}},
		PaymentDay:   12, DigitalApply: true, Source: "test file",
	}
}

// TestStartupKeepsOfficesChangedByAnAdministrator starts, changes offices
// the way the staff area does, and starts again (with a directory file
// that has its own version of one of them and a new office): the changes
// survive, the new office is added, and a production start still removes
// the demo offices, changed or not.
func TestStartupKeepsOfficesChangedByAnAdministrator(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config{DataDir: t.TempDir(), DBName: "kvp", Env: "development"}
	st, closeAll, err := openStore(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if err := startup(ctx, st, cfg, quiet); err != nil {
		t.Fatal(err)
	}
	kongsvinger, err := st.Office(ctx, "3401")
	if err != nil || kongsvinger.PaymentDay != 15 {
		t.Fatalf("first start: %+v %v", kongsvinger, err)
	}
	kongsvinger.PaymentDay, kongsvinger.Name = 18, "NAV Kongsvinger (endret)"
	if err := st.ReplaceOffice(ctx, *kongsvinger); err != nil {
		t.Fatal(err)
	}
	demo, err := st.Office(ctx, "9991")
	if err != nil {
		t.Fatal(err)
	}
	demo.PaymentDay = 3
	if err := st.ReplaceOffice(ctx, *demo); err != nil {
		t.Fatal(err)
	}

	fileVersion := *kongsvinger
	fileVersion.PaymentDay, fileVersion.Name = 20, "NAV Kongsvinger (fra fil)"
	cfg.OfficesFile = officesFile(t, fileVersion, hamar())
	if err := startup(ctx, st, cfg, quiet); err != nil {
		t.Fatal(err)
	}
	if o, err := st.Office(ctx, "3401"); err != nil || o.PaymentDay != 18 || o.Name != "NAV Kongsvinger (endret)" {
		t.Errorf("a restart undid the change to 3401: %+v %v", o, err)
	}
	if o, err := st.Office(ctx, "9991"); err != nil || o.PaymentDay != 3 || !o.Demo {
		t.Errorf("a restart undid the change to the demo office: %+v %v", o, err)
	}
	if o, err := st.Office(ctx, "3403"); err != nil || o.Name != "NAV Hamar" || o.Source != "test file" {
		t.Errorf("the new office in the file was not added: %+v %v", o, err)
	}

	cfg.Env = "production"
	if err := startup(ctx, st, cfg, quiet); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Office(ctx, "9991"); err != store.ErrNotFound {
		t.Errorf("a changed demo office survived a production start: %v", err)
	}
	if o, err := st.Office(ctx, "3401"); err != nil || o.PaymentDay != 18 {
		t.Errorf("production start changed 3401: %+v %v", o, err)
	}
}

// TestStartupFileOfficeWinsOnAnEmptyDirectory: on the first start, an
// office in KVP_OFFICES_FILE replaces the built-in one with its number.
func TestStartupFileOfficeWinsOnAnEmptyDirectory(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	real, err := casework.RealOffices()
	if err != nil {
		t.Fatal(err)
	}
	own := real[0]
	own.PaymentDay = 20
	cfg := config{DataDir: t.TempDir(), DBName: "kvp", Env: "development", OfficesFile: officesFile(t, own)}
	st, closeAll, err := openStore(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if err := startup(ctx, st, cfg, quiet); err != nil {
		t.Fatal(err)
	}
	if o, err := st.Office(ctx, "3401"); err != nil || o.PaymentDay != 20 {
		t.Errorf("the file's version was not used: %+v %v", o, err)
	}
}

func TestMergeOfficesKeepsTheLastOfEachNumber(t *testing.T) {
	a, b, c := hamar(), hamar(), hamar()
	b.Municipality = "3405"
	c.PaymentDay = 30
	got := mergeOffices([]casework.Office{a, b, c})
	if len(got) != 2 || got[0].Municipality != "3403" || got[0].PaymentDay != 30 || got[1].Municipality != "3405" {
		t.Errorf("merged: %+v", got)
	}
}

func TestProxySettings(t *testing.T) {
	load := func(env map[string]string) (config, error) {
		return loadConfig(func(k string) string { return env[k] })
	}
	c, err := load(nil)
	if err != nil || c.ProxyHeader != "" || c.TrustedProxies != nil {
		t.Errorf("defaults: %q %v %v", c.ProxyHeader, c.TrustedProxies, err)
	}
	c, err = load(map[string]string{"KVP_PROXY_HEADER": "X-Forwarded-For", "KVP_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.1 ,,2001:db8::/32"})
	if err != nil || c.ProxyHeader != "X-Forwarded-For" || strings.Join(c.TrustedProxies, "|") != "10.0.0.0/8|192.0.2.1|2001:db8::/32" {
		t.Errorf("settings: %q %v %v", c.ProxyHeader, c.TrustedProxies, err)
	}
	for name, env := range map[string]map[string]string{
		"header without proxies": {"KVP_PROXY_HEADER": "X-Forwarded-For"},
		"bad proxy":              {"KVP_PROXY_HEADER": "X-Forwarded-For", "KVP_TRUSTED_PROXIES": "10.0.0.1,lastbalanserer"},
		"bad range":              {"KVP_TRUSTED_PROXIES": "10.0.0.0/99"},
		"bad header":             {"KVP_PROXY_HEADER": "X Forwarded: For", "KVP_TRUSTED_PROXIES": "10.0.0.1"},
	} {
		if _, err := load(env); err == nil || !strings.Contains(err.Error(), "KVP_") {
			t.Errorf("%s accepted (%v)", name, err)
		}
	}
}
