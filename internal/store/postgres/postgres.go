// Package postgres is the PostgreSQL engine of the store, through pgx. It
// owns the PostgreSQL migrations, the $n placeholder form and error mapping.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

type engine struct{}

// Engine is the PostgreSQL engine description.
var Engine store.Engine = engine{}

func (engine) Name() string { return "postgres" }

// Time passes times through: timestamptz keeps them exactly.
func (engine) Time(t time.Time) any { return t }

func (engine) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

var rebound sync.Map // query -> rewritten query

// Rebind turns "?" placeholders into $1, $2 ... outside quoted strings. The
// result is cached: the store's queries are a fixed set.
func (engine) Rebind(query string) string {
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	s := b.String()
	rebound.Store(query, s)
	return s
}

// TranslateError maps constraint violations to domain errors.
func (engine) TranslateError(err error) error {
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "23505":
		return fmt.Errorf("%w (%s)", domain.ErrConflict, pe.ConstraintName)
	case "23503":
		return fmt.Errorf("%w (%s)", domain.Errorf(domain.CodeConflict, "error.reference"), pe.ConstraintName)
	case "23514", "23502":
		return fmt.Errorf("%w (%s)", domain.ErrInvalid, pe.ConstraintName)
	}
	return err
}

// Columns lists the tables of the current schema with their column names.
func (engine) Columns(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema()`)
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

// Open connects to PostgreSQL at dsn (a postgres:// URL or key=value
// string). It does not migrate.
func Open(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return store.New(db, db, Engine), nil
}

// IsDSN reports whether s names a PostgreSQL database rather than a file.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") ||
		strings.Contains(s, "host=") || strings.Contains(s, "dbname=")
}
