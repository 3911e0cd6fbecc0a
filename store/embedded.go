package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded is an in-process FerretDB on SQLite, the default database when no
// MONGODB_URI is configured. It listens on a Unix socket in a folder of its
// own that only this user can open (mode 0700), never on a network port:
// FerretDB asks no password, so no other local user may reach it.
type Embedded struct {
	uri    string
	dir    string
	sock   string
	cancel context.CancelFunc
	done   chan struct{}
}

// StartEmbedded starts FerretDB with its SQLite files under dir and returns
// once it accepts connections. logger receives FerretDB's own logging; pass a
// discarding logger to keep it quiet.
func StartEmbedded(dir string, logger *slog.Logger) (*Embedded, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("embedded database folder: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("create embedded database folder: %w", err)
	}
	// A short path (a socket path has at most 107 bytes), private to us.
	sockDir, err := os.MkdirTemp("", "kvp-db-")
	if err != nil {
		return nil, fmt.Errorf("embedded database socket folder: %w", err)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: filepath.Join(sockDir, "db.sock")},
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(abs) + "/",
		Logger:    logger,
	})
	if err != nil {
		_ = os.RemoveAll(sockDir)
		return nil, fmt.Errorf("start embedded database: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Embedded{dir: abs, sock: sockDir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI blocks until the listener is ready.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case e.uri = <-uriCh:
	case <-time.After(30 * time.Second):
		cancel()
		_ = os.RemoveAll(sockDir)
		return nil, errors.New("embedded database did not start within 30 s")
	}
	// The driver wants the socket's path escaped in the host part.
	e.uri = "mongodb://" + url.PathEscape(filepath.Join(sockDir, "db.sock")) + "/"
	return e, nil
}

// URI is the connection string of the running embedded database.
func (e *Embedded) URI() string { return e.uri }

// Close stops the embedded database and waits until its files are closed.
func (e *Embedded) Close() {
	e.cancel()
	<-e.done
	_ = os.RemoveAll(e.sock)
}
