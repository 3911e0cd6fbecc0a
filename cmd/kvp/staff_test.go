package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// startedOnce gives a data folder where the portal has started once (so
// the office directory is loaded), closed again for a command to use.
func startedOnce(t *testing.T) (context.Context, config, *slog.Logger) {
	t.Helper()
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
	return ctx, cfg, quiet
}

// TestStaffAddAsTheIssueWritesIt: two dashes, no name (the part of the
// e-mail before @ until one is given), offices repeated or comma-separated.
func TestStaffAddAsTheIssueWritesIt(t *testing.T) {
	ctx, cfg, quiet := startedOnce(t)

	var out strings.Builder
	if err := staffCommand(ctx, cfg, []string{"add", "--email", "Kari.Nordmann@nav.no", "--office", "3401", "--role", "caseworker"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "kari.nordmann@nav.no") || !strings.Contains(out.String(), "password: ") {
		t.Errorf("output: %s", out.String())
	}
	if err := staffCommand(ctx, cfg, []string{"add", "--email=ola@nav.no", "--name=Ola Nordmann", "--office=3401,9991", "--role=lead"}, &out); err != nil {
		t.Fatal(err)
	}
	// Again without a name: the account keeps the one it has.
	if err := staffCommand(ctx, cfg, []string{"add", "--email", "ola@nav.no", "--office", "3401", "--office", "9992"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"add", "--email", "@nav.no", "--office", "3401"},
		{"add", "--email", "kari@", "--office", "3401"},
		{"add", "--email", "kari@nav.no", "--office", "3401", "ekstra"},
		{"add", "--email", "kari@nav.no", "--office", "3401", "--colour", "red"},
		{"add", "--email", "kari@nav.no"},
	} {
		if err := staffCommand(ctx, cfg, args, &out); err == nil {
			t.Errorf("%v accepted", args)
		}
	}

	st, closeAll, err := openStore(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	kari, err := st.Staff(ctx, "kari.nordmann@nav.no")
	if err != nil || kari.Name != "kari.nordmann" || kari.Role != "caseworker" || strings.Join(kari.Offices, ",") != "3401" {
		t.Errorf("kari: %+v %v", kari, err)
	}
	ola, err := st.Staff(ctx, "ola@nav.no")
	if err != nil || ola.Name != "Ola Nordmann" || ola.Role != "caseworker" || strings.Join(ola.Offices, ",") != "3401,9992" {
		t.Errorf("ola: %+v %v", ola, err)
	}
	if _, err := st.Staff(ctx, "kari@nav.no"); err == nil {
		t.Error("a refused command created an account")
	}
}
