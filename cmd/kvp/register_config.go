package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"kvp/register"
	"kvp/store"
)

// The population register, asked at every citizen login whether the
// person's address is protected (see the README's «Protected addresses»):
//
//   - KVP_REGISTER=synthetic: the synthetic persons built into the portal
//     (development only; the default there);
//   - KVP_REGISTER=file with KVP_REGISTER_FILE: a JSON file of persons in
//     the same shape (a test environment with its own test persons);
//   - KVP_REGISTER=none: no register; nobody is treated as protected.
//
// Production must say which: there is no default, so that running without
// the protection is a decision someone made. Folkeregisteret (through
// NAV's PDL) is to be added as another value behind register.Register.
//
// KVP_PROTECTED_OFFICE is the office number (in the office directory) of
// the office that handles the cases of persons with a strictly
// confidential address; unset, they stay with their municipality's office.

// Register settings.
const (
	registerSynthetic = "synthetic"
	registerFile      = "file"
	registerNone      = "none"
)

var fourDigits = regexp.MustCompile(`^[0-9]{4}$`)

// registerSettings reads and checks KVP_REGISTER, KVP_REGISTER_FILE and
// KVP_PROTECTED_OFFICE; a file register is read here, so that a bad file
// stops the start with the other problems.
func (c *config) registerSettings(getenv func(string) string, problems []string) []string {
	c.Register = strings.ToLower(strings.TrimSpace(getenv("KVP_REGISTER")))
	c.RegisterFile = strings.TrimSpace(getenv("KVP_REGISTER_FILE"))
	c.ProtectedOffice = strings.TrimSpace(getenv("KVP_PROTECTED_OFFICE"))
	if c.Register == "" && c.RegisterFile != "" {
		c.Register = registerFile
	}
	if c.Register == "" && !c.production() {
		c.Register = registerSynthetic
	}
	switch c.Register {
	case "":
		problems = append(problems, "KVP_REGISTER is required in production: the population register that tells which addresses are protected (none: treat no address as protected; see the README)")
	case registerSynthetic:
		if c.production() {
			problems = append(problems, "KVP_REGISTER=synthetic is refused in production: use file (a test environment) or none")
		}
		c.register = register.Synthetic()
	case registerFile:
		if c.RegisterFile == "" {
			problems = append(problems, "KVP_REGISTER=file needs KVP_REGISTER_FILE")
			break
		}
		f, err := register.Load(c.RegisterFile)
		if err != nil {
			problems = append(problems, "KVP_REGISTER_FILE: "+err.Error())
		}
		c.register = f
	case registerNone:
		c.register = register.NoRegister{}
	default:
		problems = append(problems, fmt.Sprintf("KVP_REGISTER must be synthetic, file or none, not %q", c.Register))
	}
	if c.RegisterFile != "" && c.Register != registerFile {
		problems = append(problems, "KVP_REGISTER_FILE is only for KVP_REGISTER=file")
	}
	if c.ProtectedOffice != "" && !fourDigits.MatchString(c.ProtectedOffice) {
		problems = append(problems, fmt.Sprintf("KVP_PROTECTED_OFFICE must be a four-digit office number, not %q", c.ProtectedOffice))
	}
	return problems
}

// warnAboutProtection logs, at every start, what the register settings
// leave unprotected.
func warnAboutProtection(cfg config, logger *slog.Logger) {
	if cfg.Register == registerNone {
		logger.Warn("KVP_REGISTER=none: no population register, so no address is treated as protected; the case of a person with a protected address is shown to every caseworker at the office, with the address")
	}
	if cfg.production() && cfg.ProtectedOffice == "" {
		logger.Warn("KVP_PROTECTED_OFFICE is not set: the cases of persons with a strictly confidential address stay with the office of their municipality (seen there only by staff with the permission)")
	}
}

// checkProtectedOffice refuses a start whose designated office for
// strictly confidential addresses is not in the office directory or does
// not take applications in the portal.
func checkProtectedOffice(ctx context.Context, st *store.Store, cfg config) error {
	if cfg.ProtectedOffice == "" {
		return nil
	}
	o, err := st.Office(ctx, cfg.ProtectedOffice)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("KVP_PROTECTED_OFFICE: office %s is not in the office directory (add it in the staff area or with KVP_OFFICES_FILE)", cfg.ProtectedOffice)
	}
	if err != nil {
		return err
	}
	if !o.DigitalApply {
		return fmt.Errorf("KVP_PROTECTED_OFFICE: office %s does not take applications in the portal", cfg.ProtectedOffice)
	}
	return nil
}
