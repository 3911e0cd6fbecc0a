package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kvp/register"
)

// Production names the population register or refuses to start: none is
// a choice someone makes, never a default. Development uses the synthetic
// persons unless told otherwise.
func TestRegisterSettings(t *testing.T) {
	full := productionEnv("https://test.idporten.no")
	file := filepath.Join(t.TempDir(), "personer.json")
	if err := os.WriteFile(file, []byte(`{"persons": [{"nationalId": "03828532072", "protection": "FORTROLIG"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{without(full, "KVP_REGISTER"), "KVP_REGISTER is required in production"},
		{with(full, "KVP_REGISTER", "synthetic"), "KVP_REGISTER=synthetic is refused in production"},
		{with(full, "KVP_REGISTER", "pdl"), "KVP_REGISTER must be synthetic, file or none"},
		{with(full, "KVP_REGISTER", "file"), "KVP_REGISTER=file needs KVP_REGISTER_FILE"},
		{with(full, "KVP_REGISTER", "file", "KVP_REGISTER_FILE", "/finnes/ikke.json"), "KVP_REGISTER_FILE"},
		{with(full, "KVP_REGISTER_FILE", file), "KVP_REGISTER_FILE is only for KVP_REGISTER=file"},
		{with(full, "KVP_PROTECTED_OFFICE", "Vikafossen"), "KVP_PROTECTED_OFFICE must be a four-digit office number"},
	} {
		if _, err := load(tc.env); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.env, err, tc.want)
		}
	}
	c, err := load(full)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.register.Lookup(context.Background(), "12869121000"); c.Register != "none" || !errors.Is(err, register.ErrNotFound) {
		t.Errorf("KVP_REGISTER=none: %q finds %v", c.Register, err)
	}
	c, err = load(with(without(full, "KVP_REGISTER"), "KVP_REGISTER_FILE", file, "KVP_PROTECTED_OFFICE", "9991"))
	if err != nil {
		t.Fatal(err)
	}
	if p, err := c.register.Lookup(context.Background(), "03828532072"); c.Register != "file" || err != nil || p.Protection != register.Fortrolig || c.ProtectedOffice != "9991" {
		t.Errorf("file register: %q, %+v, %v", c.Register, p, err)
	}
	c, err = load(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := c.register.Lookup(context.Background(), "12869121000"); c.Register != "synthetic" || err != nil || !p.Protection.Strict() {
		t.Errorf("development register: %q, %+v, %v", c.Register, p, err)
	}
}

// The designated office must be in the office directory and take
// applications in the portal; the development start makes one demo
// account that may see protected addresses, and only one.
func TestProtectedOfficeAndDemoAccount(t *testing.T) {
	ctx, cfg, quiet := startedOnce(t)
	st, closeAll, err := openStore(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	for office, want := range map[string]string{"3401": "", "9991": "", "9992": "does not take applications", "1234": "not in the office directory"} {
		cfg.ProtectedOffice = office
		err := checkProtectedOffice(ctx, st, cfg)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("KVP_PROTECTED_OFFICE=%s: %v", office, err)
		}
	}
	for _, email := range []string{"saksbehandler@nav.test", "leder@nav.test", "admin@nav.test", "demoby@nav.test", "skjermet@nav.test"} {
		rec, err := st.Staff(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		if rec.MayHandleProtected != (email == "skjermet@nav.test") {
			t.Errorf("%s may see protected addresses: %v", email, rec.MayHandleProtected)
		}
	}
}

// kvp staff add --protected gives the permission; the same command
// without it takes it away.
func TestStaffAddProtected(t *testing.T) {
	ctx, cfg, quiet := startedOnce(t)
	var out strings.Builder
	if err := staffCommand(ctx, cfg, []string{"add", "--email", "vera@nav.no", "--office", "3401", "--protected"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "may see protected addresses") {
		t.Errorf("output: %s", out.String())
	}
	may := func() bool {
		t.Helper()
		st, closeAll, err := openStore(ctx, cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer closeAll()
		rec, err := st.Staff(ctx, "vera@nav.no")
		if err != nil {
			t.Fatal(err)
		}
		return rec.MayHandleProtected
	}
	if !may() {
		t.Error("--protected did not give the permission")
	}
	if err := staffCommand(ctx, cfg, []string{"add", "--email", "vera@nav.no", "--office", "3401"}, &out); err != nil {
		t.Fatal(err)
	}
	if may() {
		t.Error("the permission stayed without --protected")
	}
}
