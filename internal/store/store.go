// Package store keeps Talentloket's data in SQL. The queries here are
// portable SQL written once with "?" placeholders; each engine package
// (store/sqlite, store/postgres) owns what differs: its connection setup,
// its migrations (DDL), its error translation and its placeholder syntax.
// No query contains a dialect switch.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"talentloket/internal/domain"
)

// Engine is what a database engine contributes.
type Engine interface {
	// Name returns "sqlite" or "postgres".
	Name() string
	// Rebind rewrites the "?" placeholders of a query into the engine's form.
	Rebind(query string) string
	// Time turns a time argument into what the engine stores: SQLite keeps
	// text that must sort in time order whatever path binds it.
	Time(t time.Time) any
	// TranslateError maps engine errors (unique and foreign-key violations)
	// to domain errors; other errors are returned unchanged.
	TranslateError(err error) error
	// Migrations returns the engine's numbered SQL migration files.
	Migrations() fs.FS
	// Columns lists every table of the schema with its columns, sorted, for
	// the test that proves both engines reach the same schema.
	Columns(ctx context.Context, db *sql.DB) (map[string][]string, error)
}

type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queries holds every store method. Reads go to r, writes to w; inside a
// transaction both are the transaction. Statements are prepared once per
// query text and reused (SQLite otherwise parses every query again).
type Queries struct {
	r, w         runner
	rstmt, wstmt *stmts
	tx           *sql.Tx
	eng          Engine
	clock        *clock
}

// stmts caches prepared statements of one pool by query text.
type stmts struct {
	db *sql.DB
	m  sync.Map // string -> *sql.Stmt
	n  atomic.Int32
}

// maxStmts bounds the cache: queries with variable IN lists make many
// variants; past the bound they run unprepared.
const maxStmts = 2000

func (c *stmts) get(ctx context.Context, query string, prepare bool) *sql.Stmt {
	if v, ok := c.m.Load(query); ok {
		return v.(*sql.Stmt)
	}
	if !prepare || c.n.Load() >= maxStmts {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the unprepared call reports the error
	}
	if v, loaded := c.m.LoadOrStore(query, st); loaded {
		st.Close()
		return v.(*sql.Stmt)
	}
	c.n.Add(1)
	return st
}

// prepared returns the cached statement for query on pool c, bound to the
// transaction when there is one, or nil to run the query unprepared. Inside
// a transaction it only uses statements already cached: preparing a new
// one needs a connection of the pool, and SQLite's only writer connection
// is the transaction's.
func (q *Queries) prepared(ctx context.Context, c *stmts, query string) *sql.Stmt {
	st := c.get(ctx, query, q.tx == nil)
	if st == nil || q.tx == nil {
		return st
	}
	return q.tx.StmtContext(ctx, st)
}

// clock is the store's source of created/updated times, swappable while
// requests run.
type clock struct {
	fn atomic.Pointer[func() time.Time]
}

func (c *clock) now() time.Time { return (*c.fn.Load())().UTC().Truncate(time.Microsecond) }

// DB is an open database: a pool for reads, a pool for writes (a single
// connection for SQLite) and the engine.
type DB struct {
	*Queries
	Read, Write *sql.DB
	Engine      Engine
}

// New wraps opened pools. read and write may be the same pool.
func New(read, write *sql.DB, eng Engine) *DB {
	db := &DB{Read: read, Write: write, Engine: eng}
	c := &clock{}
	fn := time.Now
	c.fn.Store(&fn)
	ws := &stmts{db: write}
	rs := ws
	if read != write {
		rs = &stmts{db: read}
	}
	db.Queries = &Queries{r: read, w: write, rstmt: rs, wstmt: ws, eng: eng, clock: c}
	return db
}

// SetClock replaces the clock used for created/updated times and returns
// the previous one, so that a caller can restore it.
func (db *DB) SetClock(now func() time.Time) (previous func() time.Time) {
	return *db.clock.fn.Swap(&now)
}

// Now returns the store's current time (UTC, microseconds).
func (q *Queries) Now() time.Time { return q.now() }

func (q *Queries) now() time.Time { return q.clock.now() }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.Write.Close()
	if db.Read != db.Write {
		err = errors.Join(err, db.Read.Close())
	}
	return err
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.Read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// InTx runs fn in one write transaction: all of it is stored, or none.
func (db *DB) InTx(ctx context.Context, fn func(q *Queries) error) (err error) {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(&Queries{r: tx, w: tx, rstmt: db.wstmt, wstmt: db.wstmt, tx: tx, eng: db.Engine, clock: db.clock}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", db.Engine.TranslateError(err))
	}
	return nil
}

// bind converts time arguments into the engine's stored form, in place.
func (q *Queries) bind(args []any) []any {
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = q.eng.Time(t)
		}
	}
	return args
}

func (q *Queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = q.eng.Rebind(query)
	args = q.bind(args)
	var res sql.Result
	var err error
	if st := q.prepared(ctx, q.wstmt, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = q.w.ExecContext(ctx, query, args...)
	}
	return res, q.eng.TranslateError(err)
}

// insert runs an INSERT ... RETURNING id and returns the id.
func (q *Queries) insert(ctx context.Context, query string, args ...any) (int64, error) {
	query = q.eng.Rebind(query + " RETURNING id")
	args = q.bind(args)
	var row *sql.Row
	if st := q.prepared(ctx, q.wstmt, query); st != nil {
		row = st.QueryRowContext(ctx, args...)
	} else {
		row = q.w.QueryRowContext(ctx, query, args...)
	}
	var id int64
	err := row.Scan(&id)
	return id, q.eng.TranslateError(err)
}

func (q *Queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = q.eng.Rebind(query)
	args = q.bind(args)
	var rows *sql.Rows
	var err error
	if st := q.prepared(ctx, q.rstmt, query); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = q.r.QueryContext(ctx, query, args...)
	}
	return rows, q.eng.TranslateError(err)
}

func (q *Queries) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = q.eng.Rebind(query)
	args = q.bind(args)
	if st := q.prepared(ctx, q.rstmt, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.r.QueryRowContext(ctx, query, args...)
}

// one scans a single row, turning sql.ErrNoRows into domain.ErrNotFound.
func one(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// affected returns ErrNotFound when an UPDATE or DELETE touched no row.
func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	}
	return nil
}

// collect scans every row with scan.
func collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Page asks for one page of a list.
type Page struct {
	Limit, Offset int
}

// Norm returns a page with a sane limit (1..500, default 50).
func (p Page) Norm() Page {
	if p.Limit <= 0 {
		p.Limit = 50
	}
	if p.Limit > 500 {
		p.Limit = 500
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// clause returns the LIMIT/OFFSET of a normalised page as literals: a bound
// LIMIT makes SQLite re-plan the statement at every execution, which
// defeats the statement cache. The values are integers, never user text.
func (p Page) clause() string {
	return " LIMIT " + strconv.Itoa(p.Limit) + " OFFSET " + strconv.Itoa(p.Offset)
}

// Row helpers: nullable ids and times, tag lists.

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

type idOrZero struct{ p *int64 }

func (s idOrZero) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	*s.p = n.Int64
	return nil
}

type timeOrZero struct{ p *time.Time }

func (s timeOrZero) Scan(v any) error {
	var n sql.NullTime
	if err := n.Scan(v); err != nil {
		return err
	}
	if n.Valid {
		*s.p = n.Time.UTC()
	} else {
		*s.p = time.Time{}
	}
	return nil
}

type utcTime struct{ p *time.Time }

func (s utcTime) Scan(v any) error {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	default:
		var n sql.NullTime
		if err := n.Scan(v); err != nil {
			return err
		}
		t = n.Time
	}
	*s.p = t.UTC()
	return nil
}

func joinTags(tags []string) string { return strings.Join(tags, ",") }

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// likePattern escapes a user's search text for LIKE ... ESCAPE '\'.
func likePattern(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
