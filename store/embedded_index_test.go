package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// embeddedStore starts an embedded database of its own and a store on it
// with the workaround applied.
func embeddedStore(t *testing.T) (*Store, string) {
	t.Helper()
	if os.Getenv("MONGODB_URI") != "" {
		t.Skip("the _id index workaround is for the embedded database only")
	}
	ctx := context.Background()
	dir := t.TempDir()
	e, err := StartEmbedded(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	st, err := Open(ctx, e.URI(), "idx")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(ctx); e.Close() })
	if err := st.UseEmbedded(ctx, e, 1<<20); err != nil {
		t.Fatal(err)
	}
	return st, filepath.Join(dir, "idx.sqlite")
}

// Every lookup by _id uses the index store/embedded_index.go adds. This
// fails if a FerretDB upgrade pushes _id down as another expression.
func TestIDLookupUsesIndex(t *testing.T) {
	st, _ := embeddedStore(t)
	for _, col := range knownCollections() {
		plan, err := st.explainIDLookup(context.Background(), col)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING INDEX") || !strings.Contains(plan, idIndexSuffix) {
			t.Errorf("%s: a lookup by _id does not use the added index: %s", col, plan)
		}
	}
}

// Without the added index FerretDB v1.24 scans the table for a lookup by
// _id, although it made a unique index on _id itself: the reason for the
// workaround. If this fails, FerretDB looks _id up by its own index and
// the workaround can go.
func TestWithoutTheAddedIndexIDLookupsScan(t *testing.T) {
	st, file := embeddedStore(t)
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, colCases).Scan(&table); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`DROP INDEX %q`, table+idIndexSuffix)); err != nil {
		t.Fatal(err)
	}
	plan, err := st.explainIDLookup(ctx, colCases)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "SCAN") || strings.Contains(plan, "USING") {
		t.Errorf("without the added index, FerretDB no longer scans for a lookup by _id: %s", plan)
	}
	// The start-up check refuses such a database, naming the collection.
	if err := st.checkIDLookup(ctx, colCases, table+idIndexSuffix); err == nil || !strings.Contains(err.Error(), `"cases"`) {
		t.Errorf("check without the index: %v", err)
	}
	// Applying the workaround again restores it.
	if err := st.fixIDLookups(ctx, filepath.Dir(file)); err != nil {
		t.Fatal(err)
	}
}

// Every collection the store's code names is created at start with the
// _id index: a collection made later by its first insert would lack it.
func TestEveryCollectionIsKnown(t *testing.T) {
	known := map[string]bool{}
	for _, c := range knownCollections() {
		known[c] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*(?:const\s+)?col[A-Z]\w*\s*=\s*"([^"]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			if !known[m[1]] {
				t.Errorf("collection %q (%s) is not in knownCollections", m[1], f)
			}
		}
	}
	if found < 10 {
		t.Fatalf("found only %d collection names: the pattern no longer matches", found)
	}
}

// The embedded database listens on a Unix socket in a folder only this
// user can open, never on a network port.
func TestEmbeddedDatabaseListensOnAPrivateSocket(t *testing.T) {
	if os.Getenv("MONGODB_URI") != "" {
		t.Skip("the embedded database is not used with MONGODB_URI")
	}
	e, err := StartEmbedded(t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if strings.Contains(e.URI(), "127.0.0.1") || strings.Contains(e.URI(), "localhost") || !strings.Contains(e.URI(), ".sock") {
		t.Fatalf("embedded database URI %q is not a Unix socket", e.URI())
	}
	fi, err := os.Stat(e.sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("socket folder mode %v, want 0700", fi.Mode().Perm())
	}
	sock := e.sock
	e.Close()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Error("socket folder left behind after Close")
	}
}
