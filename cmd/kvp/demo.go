package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kvp/internal/demo"
)

const demoUsage = "usage: kvp demo seed --cases N [--seed S]"

// errDemoInProduction refuses the demo data wherever real people's cases
// may be.
var errDemoInProduction = errors.New("kvp demo makes made-up cases and is refused in production (KVP_ENV=production); run it against a development database")

// maxDemoCases bounds one seed.
const maxDemoCases = 1_000_000

// demoCommand fills a development database with made-up cases: `kvp demo
// seed --cases 10000`. It is refused in production before anything else
// is read or opened. With the embedded database, stop the portal first
// (one process owns the files); the portal loads the new cases at start.
func demoCommand(getenv func(string) string, args []string, out io.Writer) error {
	if getenv("KVP_ENV") == "production" {
		return errDemoInProduction
	}
	if len(args) == 0 || args[0] != "seed" {
		return errors.New(demoUsage)
	}
	fs := flag.NewFlagSet("demo seed", flag.ContinueOnError)
	fs.SetOutput(out)
	n := fs.Int("cases", 0, "how many cases to make")
	seed := fs.Uint64("seed", 0, "seed for the choices (default: from the clock); the same seed on an empty database makes the same cases")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected %q; %s", fs.Arg(0), demoUsage)
	}
	if *n <= 0 || *n > maxDemoCases {
		return fmt.Errorf("--cases must be from 1 to %d; %s", maxDemoCases, demoUsage)
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if cfg.production() {
		return errDemoInProduction
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, closeAll, err := openStore(ctx, cfg, quiet)
	if err != nil {
		return err
	}
	defer closeAll()
	// The portal's own start-up work: the office directory, the rate
	// tables and the demo staff accounts the cases are spread over.
	if err := startup(ctx, st, cfg, quiet); err != nil {
		return err
	}
	if *seed == 0 {
		*seed = uint64(time.Now().UnixNano())
	}
	start := time.Now()
	sum, err := demo.Seed(ctx, st, *n, time.Now(), rand.New(rand.NewPCG(*seed, 0x6b7670)))
	took := time.Since(start)
	if err != nil {
		return fmt.Errorf("after %d cases: %w", sum.Cases, err)
	}
	fmt.Fprintf(out, "made %d demo cases in %s (%.0f cases/s, seed %d)\n", sum.Cases, took.Round(time.Millisecond), float64(sum.Cases)/took.Seconds(), *seed)
	fmt.Fprint(out, sum)
	fmt.Fprintln(out, "log in at /logg-inn with one of these numbers to see their case:")
	shown := map[string]bool{}
	for _, s := range sum.Samples {
		if shown[s.State] || len(shown) == 8 {
			continue
		}
		shown[s.State] = true
		fmt.Fprintf(out, "  %s  %-24s %s (%s, office %s)\n", s.NationalID, s.State, s.Ref, s.Name, s.Office)
	}
	return nil
}
