// Package sqlite is the embedded SQLite engine of the store: a pure-Go driver
// (no cgo) with WAL, foreign keys, a busy timeout, one writer connection and
// a small pool of readers. It owns the SQLite migrations and error mapping.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

type engine struct{}

// Engine is the SQLite engine description.
var Engine store.Engine = engine{}

func (engine) Name() string               { return "sqlite" }
func (engine) Rebind(query string) string { return query }

// timeLayout is how times are stored: UTC with a fixed-width fraction, so
// that text comparison in SQL is time order. The driver reads it back into
// time.Time for TIMESTAMP and DATE columns.
const timeLayout = "2006-01-02 15:04:05.000000000-07:00"

// Time formats a time argument in the stored layout, so that every code
// path (transactions, prepared statements, bulk loads) writes the same
// fixed-width text and comparisons between rows stay in time order.
func (engine) Time(t time.Time) any { return t.UTC().Format(timeLayout) }

func (engine) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

// TranslateError maps constraint violations to domain errors.
func (engine) TranslateError(err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w (%s)", domain.ErrConflict, se.Error())
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w (%s)", domain.Errorf(domain.CodeConflict, "error.reference"), se.Error())
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return fmt.Errorf("%w (%s)", domain.ErrInvalid, se.Error())
	}
	return err
}

// Columns lists the user tables with their column names.
func (engine) Columns(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	for _, cols := range out {
		sort.Strings(cols)
	}
	return out, rows.Err()
}

func dsn(path string, write bool) string {
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	if write {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite database file at path. It does
// not migrate; call CheckSchema or Migrate on the result.
func Open(ctx context.Context, path string) (*store.DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("sqlite: need a plain file path, got %q", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// Creates the file and switches it to WAL before the readers connect.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	return store.New(r, w, Engine), nil
}

// Backup writes a consistent copy of the database to the file to (which
// must not exist) while the database stays in use, with VACUUM INTO.
func Backup(ctx context.Context, db *store.DB, to string) error {
	if db.Engine.Name() != "sqlite" {
		return errors.New("backup: not an SQLite database (use pg_dump for PostgreSQL)")
	}
	if _, err := os.Stat(to); err == nil {
		return fmt.Errorf("backup: %s already exists", to)
	}
	if _, err := db.Read.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
