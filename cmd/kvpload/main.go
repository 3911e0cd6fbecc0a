// Command kvpload puts load on a running portal: simulated citizens go
// through the whole application (or read their status pages) for a while,
// every request is timed per step, and afterwards every reference the
// portal acknowledged is checked to be stored exactly once.
//
//	go run ./cmd/kvpload -url http://127.0.0.1:8080 -citizens 200 -duration 3m
//
// The portal must run in development mode (the development login).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kvpload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	var jsonFile string
	var allowErrors bool
	var pdfKB int
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the portal's address")
	fs.StringVar(&cfg.Mode, "mode", "journey", "journey: every citizen applies again and again, a new person each time; pages: every citizen logs in once and reads «Mine saker» and its case page in a loop")
	fs.IntVar(&cfg.Citizens, "citizens", 10, "simulated citizens at once (each has its own cookies and one request at a time)")
	fs.DurationVar(&cfg.Duration, "duration", time.Minute, "how long the measured phase lasts (0: until -requests or -journeys)")
	fs.Int64Var(&cfg.MaxRequests, "requests", 0, "stop after this many requests (0: no limit)")
	fs.Int64Var(&cfg.MaxJourneys, "journeys", 0, "journey mode: stop after this many journeys (0: no limit)")
	fs.BoolVar(&cfg.Prepare, "prepare", false, "pages mode: every citizen submits one application before the measured phase, so there is a case page to read")
	fs.DurationVar(&cfg.Timeout, "timeout", time.Minute, "time limit of one request")
	fs.IntVar(&pdfKB, "pdf-kb", 40, "size of the PDF uploaded in each journey, in KB")
	fs.Uint64Var(&cfg.Seed, "seed", 0, "where the synthetic national ids start (0: random, so runs against the same database use other persons)")
	fs.BoolVar(&cfg.Verify, "verify", true, "check afterwards that every acknowledged reference is stored exactly once")
	fs.BoolVar(&allowErrors, "allow-errors", false, "exit 0 even if requests failed (missing or duplicated references still fail)")
	fs.StringVar(&jsonFile, "json", "", "also write the report as JSON to this file")
	fs.IntVar(&cfg.MemPID, "mem-pid", 0, "sample this process's resident memory (the portal's pid) and report its peak")
	fs.DurationVar(&cfg.Progress, "progress", 10*time.Second, "print a progress line this often to stderr (0: never)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "kvpload: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if cfg.Duration <= 0 && cfg.MaxRequests <= 0 && (cfg.MaxJourneys <= 0 || cfg.Mode != "journey") {
		fmt.Fprintln(stderr, "kvpload: give a -duration, -requests or -journeys, or it never stops")
		return 2
	}
	cfg.PDFSize = pdfKB << 10
	cfg.Log = stderr

	// The first signal ends the measured phase (the check afterwards still
	// runs); the second ends the check as well.
	stop, stopRun := context.WithCancel(context.Background())
	abort, abortAll := context.WithCancel(context.Background())
	defer stopRun()
	defer abortAll()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-sigs:
			case <-abort.Done():
				return
			}
			if i == 0 {
				fmt.Fprintln(stderr, "kvpload: stopping; checking the references (again to abort)")
				stopRun()
			} else {
				abortAll()
				return
			}
		}
	}()

	rep, err := Run(stop, abort, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "kvpload:", err)
		return 2
	}
	rep.Write(stdout)
	if jsonFile != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err == nil {
			err = os.WriteFile(jsonFile, append(b, '\n'), 0o644)
		}
		if err != nil {
			fmt.Fprintln(stderr, "kvpload: write report:", err)
			return 2
		}
	}
	if rep.Failed(allowErrors) {
		return 1
	}
	return 0
}
