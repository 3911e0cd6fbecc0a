package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"kvp/auth"
)

// productionEnv is a complete production configuration: ID-porten by
// client_secret_basic at an https issuer on this machine.
func productionEnv(issuer string) map[string]string {
	return map[string]string{
		"KVP_ENV":                "production",
		"KVP_SESSION_KEY":        strings.Repeat("ab", 32),
		"KVP_PUBLIC_URL":         "https://kvp.example.no",
		"KVP_OIDC_ISSUER":        issuer,
		"KVP_OIDC_CLIENT_ID":     "kvp",
		"KVP_OIDC_CLIENT_SECRET": "hemmelig",
		"KVP_REGISTER":           "none",
	}
}

func load(env map[string]string) (config, error) {
	return loadConfig(func(k string) string { return env[k] })
}

func without(env map[string]string, keys ...string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

func with(env map[string]string, kv ...string) map[string]string {
	out := without(env)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// writeKey writes a new EC key as PKCS #8 PEM and returns the file.
func writeKey(t *testing.T) (string, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "klient.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, key
}

// Production refuses to start without the ID-porten login, naming each
// setting that is missing, and refuses settings that are wrong.
func TestProductionRefusesMissingOrWrongLoginSettings(t *testing.T) {
	full := productionEnv("https://test.idporten.no")
	if _, err := load(full); err != nil {
		t.Fatalf("a complete production configuration was refused: %v", err)
	}
	groups := filepath.Join(t.TempDir(), "grupper.json")
	if err := os.WriteFile(groups, []byte(`{"groups": {"g1": {"role": "caseworker", "offices": ["3401"]}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	keyFile, _ := writeKey(t)
	for _, tc := range []struct {
		env   map[string]string
		wants []string
	}{
		{without(full, "KVP_OIDC_ISSUER", "KVP_OIDC_CLIENT_ID", "KVP_OIDC_CLIENT_SECRET"), []string{"production needs the ID-porten login", "KVP_OIDC_ISSUER", "KVP_OIDC_CLIENT_ID", "KVP_OIDC_CLIENT_SECRET or KVP_OIDC_CLIENT_KEY_FILE"}},
		{without(full, "KVP_OIDC_CLIENT_ID"), []string{"missing: KVP_OIDC_CLIENT_ID"}},
		{without(full, "KVP_OIDC_CLIENT_SECRET"), []string{"missing: KVP_OIDC_CLIENT_SECRET or KVP_OIDC_CLIENT_KEY_FILE"}},
		{without(full, "KVP_OIDC_ISSUER"), []string{"missing: KVP_OIDC_ISSUER"}},
		{without(full, "KVP_PUBLIC_URL"), []string{"KVP_PUBLIC_URL is required in production"}},
		{with(full, "KVP_PUBLIC_URL", "http://kvp.example.no"), []string{"KVP_PUBLIC_URL must be an https address"}},
		{with(full, "KVP_OIDC_ISSUER", "http://127.0.0.1:9"), []string{"KVP_OIDC_ISSUER must be an https address"}},
		{with(full, "KVP_OIDC_CLIENT_KEY_FILE", keyFile), []string{"not both"}},
		{with(without(full, "KVP_OIDC_CLIENT_SECRET"), "KVP_OIDC_CLIENT_KEY_FILE", "/finnes/ikke.pem"), []string{"KVP_OIDC_CLIENT_KEY_FILE"}},
		{with(full, "KVP_OIDC_ACR", "idporten-loa-low"), []string{"KVP_OIDC_ACR must be"}},
		{with(full, "KVP_STAFF_OIDC_ISSUER", "https://login.microsoftonline.com/tenant/v2.0"), []string{"the staff login (KVP_STAFF_OIDC_*) is only partly configured", "KVP_STAFF_OIDC_CLIENT_ID", "KVP_STAFF_GROUPS_FILE"}},
		{with(full, "KVP_STAFF_OIDC_ISSUER", "https://login.microsoftonline.com/tenant/v2.0", "KVP_STAFF_OIDC_CLIENT_ID", "x", "KVP_STAFF_OIDC_CLIENT_SECRET", "y"), []string{"needs KVP_STAFF_GROUPS_FILE"}},
		{with(full, "KVP_STAFF_GROUPS_FILE", filepath.Join(t.TempDir(), "ingen.json")), []string{"KVP_STAFF_GROUPS_FILE"}},
		{with(full, "KVP_STAFF_LOCAL_LOGIN", "ja"), []string{"KVP_STAFF_LOCAL_LOGIN must be 1"}},
		{map[string]string{"KVP_ENV": "production"}, []string{"KVP_SESSION_KEY is required", "ID-porten", "KVP_PUBLIC_URL is required"}},
	} {
		_, err := load(tc.env)
		if err == nil {
			t.Errorf("%v: started", tc.env)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}

	// Accepted: private_key_jwt, level high, the staff login with its
	// group file, local staff accounts.
	c, err := load(with(without(full, "KVP_OIDC_CLIENT_SECRET"), "KVP_OIDC_CLIENT_KEY_FILE", keyFile, "KVP_OIDC_ACR", auth.LoAHigh,
		"KVP_STAFF_OIDC_ISSUER", "https://login.microsoftonline.com/tenant/v2.0", "KVP_STAFF_OIDC_CLIENT_ID", "x", "KVP_STAFF_OIDC_CLIENT_SECRET", "y",
		"KVP_STAFF_GROUPS_FILE", groups, "KVP_STAFF_GROUPS_CLAIM", "roles", "KVP_STAFF_LOCAL_LOGIN", "1"))
	if err != nil {
		t.Fatal(err)
	}
	idporten, staff, err := c.loginClients()
	if err != nil {
		t.Fatal(err)
	}
	if !idporten.UsesPrivateKeyJWT() || staff == nil || staff.UsesPrivateKeyJWT() || c.ACR != auth.LoAHigh || !c.StaffLocalLogin || c.StaffGroups.ClaimName() != "roles" {
		t.Errorf("settings read as %+v", c.logins)
	}
	// Development needs none of it, and takes an http issuer on this
	// machine.
	c, err = load(map[string]string{"KVP_OIDC_ISSUER": "http://localhost:8081", "KVP_OIDC_CLIENT_ID": "kvp", "KVP_OIDC_CLIENT_SECRET": "x"})
	if err != nil || !c.IDPorten.configured() {
		t.Errorf("development with a local issuer: %v", err)
	}
	if _, err := load(map[string]string{"KVP_OIDC_ISSUER": "http://idporten.example"}); err == nil {
		t.Error("a partly configured login was accepted in development")
	}
}

// With the settings, production starts: ready, secure cookies, the login
// page offers ID-porten only, and a login goes to the issuer (which does
// not answer here, so the person gets the page saying so).
func TestProductionStartsWithTheLoginConfigured(t *testing.T) {
	addr := freeAddr(t)
	base := "http://" + addr
	env := with(productionEnv("https://"+freeAddr(t)), "KVP_ADDR", addr, "KVP_DATA_DIR", t.TempDir())
	cfg, err := load(env)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	waitReady(t, base)

	resp, err := http.Get(base + "/logg-inn")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || doc.Find(`a[href^="/logg-inn/idporten"]`).Length() != 1 || doc.Find("ul.persons").Length() != 0 {
		t.Errorf("production login page: %d, ID-porten link %d, test persons %d", resp.StatusCode, doc.Find(`a[href^="/logg-inn/idporten"]`).Length(), doc.Find("ul.persons").Length())
	}
	for _, ck := range resp.Cookies() {
		if !ck.Secure || !strings.HasPrefix(ck.Name, "__Host-") {
			t.Errorf("cookie %s is not secure", ck.Name)
		}
	}
	resp, err = http.Post(base+"/logg-inn", "application/x-www-form-urlencoded", strings.NewReader("person=1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
		t.Errorf("the development login answered %d in production", resp.StatusCode)
	}
	resp, err = http.Get(base + "/logg-inn/idporten")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(doc.Find("h1").Text(), "Innloggingstjenesten svarte ikke") {
		t.Errorf("a login with the issuer away: %d %q", resp.StatusCode, doc.Find("h1").Text())
	}
	// No staff login is configured: the staff login page says so.
	resp, err = http.Get(base + "/saksbehandler/logg-inn")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if doc.Find(`input[name="password"]`).Length() != 0 || !strings.Contains(doc.Find("main").Text(), "ikke satt opp") {
		t.Errorf("staff login page in production without a staff login: %q", doc.Find("main").Text())
	}
}
