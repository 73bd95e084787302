package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one numbered SQL file, e.g. "0001_init.sql".
type Migration struct {
	Version  int
	Name     string
	SQL      string
	Checksum string
}

// Schema errors returned by CheckSchema.
var (
	ErrSchemaOlder  = errors.New("database schema is older than this binary: run `talentloket migrate` (or serve --migrate)")
	ErrSchemaNewer  = errors.New("database schema is newer than this binary: upgrade talentloket")
	ErrSchemaBroken = errors.New("database schema does not match this binary's migrations")
)

// LoadMigrations reads the NNNN_name.sql files of fsys, sorted by number. It
// fails on a malformed name or a duplicate number.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || len(num) != 4 {
			return nil, fmt.Errorf("migration %q: name must be NNNN_name.sql", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %q and %q share number %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", e.Name(), err)
		}
		sum := sha256.Sum256(b)
		out = append(out, Migration{Version: v, Name: name, SQL: string(b), Checksum: hex.EncodeToString(sum[:8])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d missing: numbers must run 1, 2, 3 ...", i+1)
		}
	}
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	checksum TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

type appliedMigration struct {
	version        int
	name, checksum string
}

func (db *DB) applied(ctx context.Context) ([]appliedMigration, error) {
	if _, err := db.Write.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	rows, err := db.Write.QueryContext(ctx, "SELECT version, name, checksum FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	var out []appliedMigration
	for rows.Next() {
		var a appliedMigration
		if err := rows.Scan(&a.version, &a.name, &a.checksum); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SchemaStatus describes a database against the binary's migrations.
type SchemaStatus struct {
	Current, Latest int
}

// CheckSchema compares the database with the embedded migrations. It returns
// ErrSchemaOlder, ErrSchemaNewer or ErrSchemaBroken (wrapped, with detail)
// when the binary must not run on it.
func (db *DB) CheckSchema(ctx context.Context) (SchemaStatus, error) {
	ms, err := LoadMigrations(db.Engine.Migrations())
	if err != nil {
		return SchemaStatus{}, err
	}
	done, err := db.applied(ctx)
	if err != nil {
		return SchemaStatus{}, err
	}
	st := SchemaStatus{Current: len(done), Latest: len(ms)}
	for i, a := range done {
		if a.version != i+1 {
			return st, fmt.Errorf("%w: version %d recorded where %d was expected", ErrSchemaBroken, a.version, i+1)
		}
		if i >= len(ms) {
			return st, fmt.Errorf("%w: database at version %d, binary knows %d", ErrSchemaNewer, len(done), len(ms))
		}
		if ms[i].Name != a.name || ms[i].Checksum != a.checksum {
			return st, fmt.Errorf("%w: migration %04d is %q (%s) in the database but %q (%s) in the binary",
				ErrSchemaBroken, a.version, a.name, a.checksum, ms[i].Name, ms[i].Checksum)
		}
	}
	if len(done) < len(ms) {
		return st, fmt.Errorf("%w (database at version %d, binary at %d)", ErrSchemaOlder, len(done), len(ms))
	}
	return st, nil
}

// Migrate applies every migration the database lacks, each in its own
// transaction, and returns those applied. A newer or broken schema is
// refused before anything changes.
func (db *DB) Migrate(ctx context.Context) ([]Migration, error) {
	st, err := db.CheckSchema(ctx)
	if err != nil && !errors.Is(err, ErrSchemaOlder) {
		return nil, err
	}
	ms, err := LoadMigrations(db.Engine.Migrations())
	if err != nil {
		return nil, err
	}
	var done []Migration
	for _, m := range ms[st.Current:] {
		if err := db.applyOne(ctx, m); err != nil {
			return done, err
		}
		done = append(done, m)
	}
	return done, nil
}

func (db *DB) applyOne(ctx context.Context, m Migration) error {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, db.Engine.Rebind("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"),
		m.Version, m.Name, m.Checksum, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migration %04d_%s: record: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %04d_%s: commit: %w", m.Version, m.Name, err)
	}
	return nil
}
