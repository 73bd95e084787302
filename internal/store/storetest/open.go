// Package storetest opens fresh test databases on both engines and holds the
// contract suite every store method must pass on SQLite and PostgreSQL, and
// a fixture of two regions that other packages' tests build on.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"talentloket/internal/store"
	"talentloket/internal/store/postgres"
	"talentloket/internal/store/sqlite"
)

// EnvPostgres holds the DSN of a PostgreSQL server for tests. When it is
// set, every engine test also runs on PostgreSQL, each in a fresh schema.
const EnvPostgres = "TALENTLOKET_TEST_POSTGRES"

// Opener opens a fresh, migrated database for one test.
type Opener struct {
	Name string
	Open func(tb testing.TB) *store.DB
}

// Engines returns SQLite always and PostgreSQL when EnvPostgres is set.
func Engines() []Opener {
	out := []Opener{{"sqlite", OpenSQLite}}
	if os.Getenv(EnvPostgres) != "" {
		out = append(out, Opener{"postgres", OpenPostgres})
	}
	return out
}

// OpenSQLite returns a migrated SQLite database in a temporary file that is
// removed with the test.
func OpenSQLite(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	mustMigrate(tb, db)
	return db
}

// PostgresDSN returns a DSN of a fresh, empty schema on the test server and
// drops the schema when the test ends. It skips when EnvPostgres is unset.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skip(EnvPostgres + " not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "tl_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("postgres at %s: %v", base, err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	return withSearchPath(base, schema)
}

func withSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

// OpenPostgres returns a migrated database in a fresh PostgreSQL schema.
func OpenPostgres(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), PostgresDSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	mustMigrate(tb, db)
	return db
}

func mustMigrate(tb testing.TB, db *store.DB) {
	tb.Helper()
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
}
