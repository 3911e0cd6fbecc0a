package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"kvp/auth"
	"kvp/store"
)

// officesFlag collects repeated -office flags.
type officesFlag []string

func (o *officesFlag) String() string     { return strings.Join(*o, ",") }
func (o *officesFlag) Set(v string) error { *o = append(*o, v); return nil }

// staffCommand creates or updates a staff account and prints its new
// password once: `kvp staff add -email … -name … -office 3401 -role
// caseworker`. With the embedded database, stop the portal first.
func staffCommand(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("usage: kvp staff add -email E -name N -office 3401 [-office …] -role caseworker|lead|admin")
	}
	fs := flag.NewFlagSet("staff add", flag.ContinueOnError)
	fs.SetOutput(out)
	email := fs.String("email", "", "e-mail, used to log in")
	name := fs.String("name", "", "full name")
	role := fs.String("role", string(auth.RoleCaseworker), "caseworker, lead or admin")
	var offices officesFlag
	fs.Var(&offices, "office", "municipality number of an office (repeat for more)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	e := strings.ToLower(strings.TrimSpace(*email))
	switch {
	case !strings.Contains(e, "@") || len(e) > 254:
		return fmt.Errorf("-email must be an e-mail address")
	case strings.TrimSpace(*name) == "":
		return fmt.Errorf("-name is required")
	case !auth.ValidRole(auth.Role(*role)):
		return fmt.Errorf("-role must be caseworker, lead or admin")
	case len(offices) == 0:
		return fmt.Errorf("at least one -office is required")
	}
	st, closeAll, err := openStore(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer closeAll()
	for _, o := range offices {
		if _, err := st.Office(ctx, o); err != nil {
			return fmt.Errorf("office %s: %w (start the portal once so the directory is loaded)", o, err)
		}
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.SaveStaff(ctx, &store.StaffRecord{Email: e, Name: strings.TrimSpace(*name), PasswordHash: hash, Role: *role, Offices: offices, CreatedAt: time.Now()}); err != nil {
		return err
	}
	fmt.Fprintf(out, "staff account %s (%s, offices %s)\npassword: %s\n(shown once; give it to the person through a safe channel)\n", e, *role, offices.String(), password)
	return nil
}

// demoStaffPassword is the password of the development demo accounts.
// They exist only in development and are removed on a production start.
const demoStaffPassword = "demo-passord"

// ensureDemoStaff creates the development demo accounts.
func ensureDemoStaff(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	hash, err := auth.HashPassword(demoStaffPassword)
	if err != nil {
		return err
	}
	accounts := []store.StaffRecord{
		{Email: "saksbehandler@nav.test", Name: "Siri Saksbehandler (demo)", Role: string(auth.RoleCaseworker), Offices: []string{"3401", "9991", "9992"}},
		{Email: "leder@nav.test", Name: "Lars Leder (demo)", Role: string(auth.RoleLead), Offices: []string{"3401", "9991", "9992"}},
		{Email: "admin@nav.test", Name: "Ada Administrator (demo)", Role: string(auth.RoleAdmin), Offices: []string{"3401", "9991", "9992"}},
		{Email: "demoby@nav.test", Name: "Dina Demoby (demo)", Role: string(auth.RoleCaseworker), Offices: []string{"9991"}},
	}
	for _, a := range accounts {
		a.PasswordHash, a.Demo, a.CreatedAt = hash, true, time.Now()
		if err := st.SaveStaff(ctx, &a); err != nil {
			return err
		}
	}
	logger.Info("development staff accounts (demo data)", "login", "/saksbehandler/logg-inn", "accounts", "saksbehandler@nav.test, leder@nav.test, admin@nav.test, demoby@nav.test", "password", demoStaffPassword)
	return nil
}
