package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	// The SQLite driver FerretDB itself uses (database/sql name "sqlite").
	_ "modernc.org/sqlite"
)

// The one workaround for FerretDB v1.24's SQLite backend lives in this file.
//
// FerretDB pushes a filter {_id: v} down to SQLite as
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// and writes every update and delete by _id the same way, but the unique
// index it creates for _id is on the expression _ferretdb_sjson->"_id".
// SQLite's planner does not see the two as the same expression, so without
// help every lookup, update and delete by _id scans and parses the whole
// table (55 ms a lookup at 10,000 cases, measured; 0.9 ms with the index
// below). FerretDB v1 gets no more releases, so the portal adds, for every
// collection, one SQLite index on exactly the pushed-down expression, and
// checks at start, through FerretDB's own explain, that a lookup by _id
// uses it. If an upgrade of FerretDB changes the expression, the check
// fails and the portal refuses to start instead of silently scanning
// (TestIDLookupUsesIndex fails the same way).

// idIndexSuffix names the index this file adds to each collection's table.
const idIndexSuffix = "_kvp_id_pushdown"

// idPushdownExpr is the expression FerretDB v1.24 compares _id with
// (metadata.IDColumn in its SQLite backend).
const idPushdownExpr = `_ferretdb_sjson->'$._id'`

// knownCollections are every collection the portal uses. They are created
// at start so that each has its table, and its index, before the first
// request: a collection missing here would be made by its first insert,
// without the index (TestEveryCollectionIsKnown checks the list).
func knownCollections() []string {
	return []string{colPeople, colCases, colSessions, colKV, colOffices, colLeases, colSettings,
		colIndex, colOutbox, colNoticePrefs, colRates, colStaff, colAudit, colClaims, colDocLocks, colCaseViews, "fs.files", "fs.chunks"}
}

// UseEmbedded tells the store that it runs on the embedded database e,
// which this process alone uses: it adds the _id index FerretDB's SQLite
// backend lacks (see above) and checks that lookups by _id use it, and it
// turns on the write-through document cache (cacheBytes at most) so that
// a page view needs no database call.
func (s *Store) UseEmbedded(ctx context.Context, e *Embedded, cacheBytes int64) error {
	if err := s.fixIDLookups(ctx, e.dir); err != nil {
		return err
	}
	s.docs = newDocCache(cacheBytes)
	return nil
}

func (s *Store) fixIDLookups(ctx context.Context, dir string) error {
	for _, name := range knownCollections() {
		err := s.db.CreateCollection(ctx, name)
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.Code == 48) { // 48: NamespaceExists
			return fmt.Errorf("create collection %s: %w", name, err)
		}
	}
	path := filepath.Join(dir, s.db.Name()+".sqlite")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open embedded database file: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name, table_name FROM _ferretdb_collections`)
	if err != nil {
		return fmt.Errorf("list embedded database tables: %w", err)
	}
	tables := map[string]string{}
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			rows.Close()
			return fmt.Errorf("list embedded database tables: %w", err)
		}
		tables[name] = table
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list embedded database tables: %w", err)
	}
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+idIndexSuffix, table, idPushdownExpr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("add _id index to %s: %w", table, err)
		}
	}
	for name, table := range tables {
		if err := s.checkIDLookup(ctx, name, table+idIndexSuffix); err != nil {
			return err
		}
	}
	return nil
}

// checkIDLookup asks FerretDB how it runs a find by _id on col, and
// fails unless SQLite uses the index this file added.
func (s *Store) checkIDLookup(ctx context.Context, col, index string) error {
	plan, err := s.explainIDLookup(ctx, col)
	if err != nil {
		return err
	}
	if !strings.Contains(plan, "USING INDEX "+index) && !strings.Contains(plan, "USING COVERING INDEX "+index) {
		return fmt.Errorf("the embedded database would scan the whole %q collection for every lookup by _id (query plan: %s); "+
			"this FerretDB version pushes _id down differently from v1.24: update store/embedded_index.go", col, plan)
	}
	return nil
}

// explainIDLookup returns FerretDB's SQLite query plan for a find by _id.
func (s *Store) explainIDLookup(ctx context.Context, col string) (string, error) {
	// A real lookup first: SQLite compiles EXPLAIN with the schema the
	// connection last loaded, and only a real statement notices the new
	// index.
	err := s.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: "kvp-probe"}}).Err()
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return "", fmt.Errorf("look up by _id on %s: %w", col, err)
	}
	var res struct {
		QueryPlanner struct {
			Plan []string `bson:"Plan"`
		} `bson:"queryPlanner"`
	}
	err = s.db.RunCommand(ctx, bson.D{
		{Key: "explain", Value: bson.D{{Key: "find", Value: col}, {Key: "filter", Value: bson.D{{Key: "_id", Value: "kvp-probe"}}}}},
		{Key: "verbosity", Value: "queryPlanner"},
	}).Decode(&res)
	if err != nil {
		return "", fmt.Errorf("explain a lookup by _id on %s: %w", col, err)
	}
	return strings.Join(res.QueryPlanner.Plan, "; "), nil
}
