// Command ferretdb runs FerretDB's server with its PostgreSQL backend, at
// the version in go.mod, for the tests against a server-mode database
// (scripts/test starts it). FerretDB's own cmd/ferretdb cannot be built
// from the module cache (it panics on a generated version file that is
// not in the module), so this is the same server through its embeddable
// package.
//
//	go run ./internal/tools/ferretdb -listen 127.0.0.1:27018 -postgresql 'postgres://user@127.0.0.1:5432/ferretdb'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	pg := flag.String("postgresql", "postgres://127.0.0.1:5432/ferretdb", "PostgreSQL URL")
	verbose := flag.Bool("v", false, "log FerretDB's own messages")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if *verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       "postgresql",
		PostgreSQLURL: *pg,
		Logger:        logger,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { fmt.Println(f.MongoDBURI()) }()
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}
