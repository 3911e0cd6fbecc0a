package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoSeedRefusedInProduction: with KVP_ENV=production the command
// says why it refuses, before it reads any other setting or opens the
// database (no data folder appears).
func TestDemoSeedRefusedInProduction(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	t.Setenv("KVP_ENV", "production")
	t.Setenv("KVP_DATA_DIR", dir)
	t.Setenv("KVP_SESSION_KEY", strings.Repeat("ab", 32))
	for _, args := range [][]string{
		{"demo", "seed", "--cases", "10"},
		{"demo", "seed", "-cases=10"},
		{"demo"},
	} {
		err := run(args)
		if !errors.Is(err, errDemoInProduction) {
			t.Errorf("%v: %v, want the production refusal", args, err)
			continue
		}
		if !strings.Contains(err.Error(), "refused in production") {
			t.Errorf("message %q does not say it is refused in production", err)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the data folder was created (%v)", err)
	}
}

// TestDemoSeed makes a few cases in a new development data folder, with
// flags of one dash or two.
func TestDemoSeed(t *testing.T) {
	env := map[string]string{"KVP_DATA_DIR": t.TempDir()}
	getenv := func(k string) string { return env[k] }
	var out strings.Builder
	if err := demoCommand(getenv, []string{"seed", "--cases", "25", "-seed", "7"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"made 25 demo cases in ", "status:", "received", "log in at /logg-inn"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, args := range [][]string{{"seed"}, {"seed", "--cases", "0"}, {"seed", "--cases", "5", "extra"}, {"grow", "--cases", "5"}} {
		if err := demoCommand(getenv, args, &out); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
