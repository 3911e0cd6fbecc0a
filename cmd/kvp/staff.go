package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"kvp/auth"
	"kvp/store"
)

// officesFlag collects repeated -office flags; one flag may also list
// several offices separated by commas (-office 3401,3403).
type officesFlag []string

func (o *officesFlag) String() string { return strings.Join(*o, ",") }
func (o *officesFlag) Set(v string) error {
	for _, m := range strings.Split(v, ",") {
		if m = strings.TrimSpace(m); m != "" && !slices.Contains(*o, m) {
			*o = append(*o, m)
		}
	}
	return nil
}

const staffUsage = "usage: kvp staff add --email E [--name N] --office 3401 [--office …] --role caseworker|lead|admin [--protected]\n       kvp staff disable --email E\n       kvp staff enable --email E"

// staffCommand creates or updates a staff account and prints its new
// password once: `kvp staff add --email … --office 3401 --role
// caseworker`. Flags take one dash or two (Go's flag package accepts
// both); the name is optional and defaults to the part of the e-mail
// before @. With the embedded database, stop the portal first.
func staffCommand(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) > 0 && (args[0] == "disable" || args[0] == "enable") {
		return staffSetDisabled(ctx, cfg, args, out)
	}
	if len(args) == 0 || args[0] != "add" {
		return errors.New(staffUsage)
	}
	fs := flag.NewFlagSet("staff add", flag.ContinueOnError)
	fs.SetOutput(out)
	email := fs.String("email", "", "e-mail, used to log in")
	name := fs.String("name", "", "full name (default: the part of the e-mail before @)")
	role := fs.String("role", string(auth.RoleCaseworker), "caseworker, lead or admin")
	var offices officesFlag
	fs.Var(&offices, "office", "municipality number of an office (repeat for more)")
	protected := fs.Bool("protected", false, "may see the cases of persons with a protected address (left out: may not)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected %q; %s", fs.Arg(0), staffUsage)
	}
	e := strings.ToLower(strings.TrimSpace(*email))
	local, domain, _ := strings.Cut(e, "@")
	fullName := strings.TrimSpace(*name)
	switch {
	case local == "" || domain == "" || strings.ContainsAny(e, " \t\r\n") || len(e) > 254:
		return fmt.Errorf("--email must be an e-mail address")
	case !auth.ValidRole(auth.Role(*role)):
		return fmt.Errorf("--role must be caseworker, lead or admin")
	case len(offices) == 0:
		return fmt.Errorf("at least one --office is required")
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
	if fullName == "" {
		// An existing account keeps its name; a new one is named after
		// its e-mail until someone gives a name.
		fullName = local
		prev, err := st.Staff(ctx, e)
		switch {
		case err == nil && prev.Name != "":
			fullName = prev.Name
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.SaveStaff(ctx, &store.StaffRecord{Email: e, Name: fullName, PasswordHash: hash, Role: *role, Offices: offices, CreatedAt: time.Now(), MayHandleProtected: *protected}); err != nil {
		return err
	}
	access := ""
	if *protected {
		access = ", may see protected addresses"
	}
	fmt.Fprintf(out, "staff account %s, name %q (%s, offices %s%s)\npassword: %s\n(shown once; give it to the person through a safe channel)\n", e, fullName, *role, offices.String(), access, password)
	return nil
}

// staffSetDisabled disables an account (it cannot log in, and its open
// sessions end at their next request) or enables it again. Accounts are
// disabled rather than deleted, so the audit log keeps naming a known
// account.
func staffSetDisabled(ctx context.Context, cfg config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("staff "+args[0], flag.ContinueOnError)
	fs.SetOutput(out)
	email := fs.String("email", "", "e-mail of the account")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	e := strings.ToLower(strings.TrimSpace(*email))
	if e == "" || fs.NArg() > 0 {
		return errors.New(staffUsage)
	}
	st, closeAll, err := openStore(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer closeAll()
	disable := args[0] == "disable"
	if err := st.SetStaffDisabled(ctx, e, disable); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no staff account %s", e)
		}
		return err
	}
	state := "enabled"
	if disable {
		state = "disabled; its open sessions end at their next request"
	}
	fmt.Fprintf(out, "staff account %s %s\n", e, state)
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
		// The one demo account that may see protected addresses; a lead,
		// so that it can read their audit logs too.
		{Email: "skjermet@nav.test", Name: "Vera Varsom (demo)", Role: string(auth.RoleLead), Offices: []string{"3401", "9991", "9992"}, MayHandleProtected: true},
	}
	for _, a := range accounts {
		a.PasswordHash, a.Demo, a.CreatedAt = hash, true, time.Now()
		// An account that is already as it should be is left alone: a new
		// hash (a new salt) would end its open sessions at every restart.
		if old, err := st.Staff(ctx, a.Email); err == nil && old.Demo && !old.Disabled &&
			old.Name == a.Name && old.Role == a.Role && slices.Equal(old.Offices, a.Offices) && old.MayHandleProtected == a.MayHandleProtected {
			if ok, _ := auth.CheckPassword(old.PasswordHash, demoStaffPassword); ok {
				continue
			}
		}
		if err := st.SaveStaff(ctx, &a); err != nil {
			return err
		}
	}
	logger.Info("development staff accounts (demo data)", "login", "/saksbehandler/logg-inn", "accounts", "saksbehandler@nav.test, leder@nav.test, admin@nav.test, demoby@nav.test, skjermet@nav.test (may see protected addresses)", "password", demoStaffPassword)
	return nil
}
