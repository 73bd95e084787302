package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// The regional monitor's tables: imports of open-data files, their facts in
// long form, labels, labour-market figures, targets and (shared reference
// data) mbo school locations. Every method that reads or writes a region's
// data takes the region id and filters on it.

const importCols = `id, region_id, source, layout, dataset, file_name, sha256, size_bytes, encoding, separator, years,
	rows_read, records, facts, suppressed, skipped_lines, replaced, unmapped, problems, note, status, replaced_by,
	created_by, created_at, finished_at`

func scanImport(s interface{ Scan(...any) error }) (domain.MonitorImport, error) {
	var m domain.MonitorImport
	var years, unmapped, problems string
	err := s.Scan(&m.ID, &m.RegionID, &m.Source, &m.Layout, &m.Dataset, &m.FileName, &m.SHA256, &m.Size, &m.Encoding, &m.Separator,
		&years, &m.Rows, &m.Records, &m.Facts, &m.Suppressed, &m.Skipped, &m.Replaced, &unmapped, &problems, &m.Note, &m.Status,
		idOrZero{&m.ReplacedBy}, idOrZero{&m.CreatedBy}, utcTime{&m.CreatedAt}, timeOrZero{&m.FinishedAt})
	if err != nil {
		return m, err
	}
	m.Years = splitYears(years)
	if unmapped != "" {
		if err := json.Unmarshal([]byte(unmapped), &m.Unmapped); err != nil {
			return m, fmt.Errorf("import %d: unmapped names: %w", m.ID, err)
		}
	}
	if problems != "" {
		if err := json.Unmarshal([]byte(problems), &m.Problems); err != nil {
			return m, fmt.Errorf("import %d: problems: %w", m.ID, err)
		}
	}
	return m, nil
}

func joinYears(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ",")
}

func splitYears(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, p := range strings.Split(s, ",") {
		if y, err := strconv.Atoi(p); err == nil {
			out = append(out, y)
		}
	}
	return out
}

func jsonText(v any, empty bool) (string, error) {
	if empty {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// CreateMonitorImport records an import in the state it is given (normally
// running) and returns its id. A file with the same hash that the region
// imported before (and that did not fail) is ErrConflict.
func (q *Queries) CreateMonitorImport(ctx context.Context, m domain.MonitorImport) (int64, error) {
	if m.RegionID == 0 || m.Source == "" || m.SHA256 == "" || !m.Status.Valid() {
		return 0, fmt.Errorf("create monitor import: region, source, hash and status are required: %w", domain.ErrInvalid)
	}
	unmapped, err := jsonText(m.Unmapped, len(m.Unmapped) == 0)
	if err != nil {
		return 0, err
	}
	problems, err := jsonText(m.Problems, len(m.Problems) == 0)
	if err != nil {
		return 0, err
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = q.now()
	}
	id, err := q.insert(ctx, `INSERT INTO monitor_imports (region_id, source, layout, dataset, file_name, sha256, size_bytes, encoding,
		separator, years, rows_read, records, facts, suppressed, skipped_lines, replaced, unmapped, problems, note, status, created_by,
		created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.RegionID, m.Source, m.Layout, m.Dataset, m.FileName, m.SHA256, m.Size, m.Encoding, m.Separator, joinYears(m.Years),
		m.Rows, m.Records, m.Facts, m.Suppressed, m.Skipped, m.Replaced, unmapped, problems, m.Note, m.Status,
		nullID(m.CreatedBy), m.CreatedAt.UTC(), nullTime(m.FinishedAt))
	if err != nil {
		return 0, fmt.Errorf("create monitor import: %w", err)
	}
	return id, nil
}

// FinishMonitorImport stores the outcome of an import of the region: its
// status, what it contained and (for a failed one) the problems. It is
// ErrNotFound for an import of another region.
func (q *Queries) FinishMonitorImport(ctx context.Context, m domain.MonitorImport) error {
	if !m.Status.Valid() {
		return fmt.Errorf("finish monitor import: status %q: %w", m.Status, domain.ErrInvalid)
	}
	unmapped, err := jsonText(m.Unmapped, len(m.Unmapped) == 0)
	if err != nil {
		return err
	}
	problems, err := jsonText(m.Problems, len(m.Problems) == 0)
	if err != nil {
		return err
	}
	if m.FinishedAt.IsZero() {
		m.FinishedAt = q.now()
	}
	res, err := q.exec(ctx, `UPDATE monitor_imports SET layout = ?, dataset = ?, encoding = ?, separator = ?, years = ?, rows_read = ?,
		records = ?, facts = ?, suppressed = ?, skipped_lines = ?, replaced = ?, unmapped = ?, problems = ?, note = ?, status = ?,
		finished_at = ? WHERE id = ? AND region_id = ?`,
		m.Layout, m.Dataset, m.Encoding, m.Separator, joinYears(m.Years), m.Rows, m.Records, m.Facts, m.Suppressed, m.Skipped,
		m.Replaced, unmapped, problems, m.Note, m.Status, m.FinishedAt.UTC(), m.ID, m.RegionID)
	return affected(res, err, "finish monitor import")
}

// MonitorImport returns an import of the region, or ErrNotFound.
func (q *Queries) MonitorImport(ctx context.Context, regionID, id int64) (domain.MonitorImport, error) {
	m, err := scanImport(q.queryRow(ctx, "SELECT "+importCols+" FROM monitor_imports WHERE id = ? AND region_id = ?", id, regionID))
	return m, one(err, "monitor import")
}

// MonitorImportBySHA returns the region's import of a file with this hash
// that did not fail, or ErrNotFound.
func (q *Queries) MonitorImportBySHA(ctx context.Context, regionID int64, sha string) (domain.MonitorImport, error) {
	m, err := scanImport(q.queryRow(ctx, "SELECT "+importCols+" FROM monitor_imports WHERE region_id = ? AND sha256 = ? AND status <> 'failed'",
		regionID, sha))
	return m, one(err, "monitor import")
}

// MonitorImports lists a page of the region's imports, newest first, and
// the total.
func (q *Queries) MonitorImports(ctx context.Context, regionID int64, pg Page) ([]domain.MonitorImport, int, error) {
	pg = pg.Norm()
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM monitor_imports WHERE region_id = ?", regionID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("monitor imports: %w", err)
	}
	rows, err := q.query(ctx, "SELECT "+importCols+" FROM monitor_imports WHERE region_id = ? ORDER BY created_at DESC, id DESC"+pg.clause(), regionID)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.MonitorImport, error) { return scanImport(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("monitor imports: %w", err)
	}
	return list, total, nil
}

// FailStaleMonitorImports marks imports still running that started before
// the given time as failed (the process that ran them stopped); their
// facts were never committed. It returns how many it marked.
func (q *Queries) FailStaleMonitorImports(ctx context.Context, before time.Time, note string) (int64, error) {
	res, err := q.exec(ctx, "UPDATE monitor_imports SET status = 'failed', note = ?, finished_at = ? WHERE status = 'running' AND created_at < ?",
		note, q.now(), before.UTC())
	if err != nil {
		return 0, fmt.Errorf("fail stale imports: %w", err)
	}
	return res.RowsAffected()
}

// ReplaceMonitorFacts deletes the facts that earlier imports of the region
// stored for the same dataset in the given years, so that the import
// replaces them; an earlier import left without facts is marked replaced
// by this one (and its rows go). It returns the number of facts deleted.
func (q *Queries) ReplaceMonitorFacts(ctx context.Context, regionID, importID int64, dataset string, years []int) (int, error) {
	if len(years) == 0 {
		return 0, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(years)), ", ")
	rows, err := q.query(ctx, "SELECT id FROM monitor_imports WHERE region_id = ? AND dataset = ? AND id <> ? AND status = 'done'",
		regionID, dataset, importID)
	ids, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("replace monitor facts: %w", err)
	}
	deleted := 0
	for _, id := range ids {
		args := []any{id}
		for _, y := range years {
			args = append(args, y)
		}
		res, err := q.exec(ctx, "DELETE FROM monitor_facts WHERE import_id = ? AND year IN ("+ph+")", args...)
		if err != nil {
			return 0, fmt.Errorf("replace monitor facts: %w", err)
		}
		n, _ := res.RowsAffected()
		deleted += int(n)
		if n == 0 {
			continue
		}
		var left int
		if err := q.queryRow(ctx, "SELECT COUNT(*) FROM monitor_facts WHERE import_id = ?", id).Scan(&left); err != nil {
			return 0, fmt.Errorf("replace monitor facts: %w", err)
		}
		status := domain.ImportDone
		if left == 0 {
			status = domain.ImportReplaced
			if _, err := q.exec(ctx, "DELETE FROM monitor_rows WHERE import_id = ?", id); err != nil {
				return 0, fmt.Errorf("replace monitor facts: %w", err)
			}
		}
		if _, err := q.exec(ctx, "UPDATE monitor_imports SET status = ?, replaced_by = ?, facts = ? WHERE id = ? AND region_id = ?",
			status, importID, left, id, regionID); err != nil {
			return 0, fmt.Errorf("replace monitor facts: %w", err)
		}
	}
	return deleted, nil
}

// factBatch is the number of rows per multi-row INSERT: large enough to
// amortise the statement, small enough for every engine's parameter limit.
const factBatch = 250

// preparer is a pool or a transaction.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// copier is what an engine offers when it can load rows faster than
// multi-row INSERTs on a raw connection (PostgreSQL's COPY).
type copier interface {
	CopyFrom(ctx context.Context, driverConn any, table string, cols []string, n int, row func(i int, dst []any) []any) (int64, error)
}

// connTx is a transaction that knows its connection, so that an engine's
// bulk load can use the connection's driver while the transaction runs.
type connTx struct {
	*sql.Tx
	conn *sql.Conn
}

// InTxBulk is InTx for transactions that load many rows (imports): the
// bulk inserts of the monitor's tables use the engine's fast path when it
// has one (COPY on PostgreSQL), inside the same transaction; everything
// else behaves as in InTx.
func (db *DB) InTxBulk(ctx context.Context, fn func(q *Queries) error) (err error) {
	if _, ok := db.Engine.(copier); !ok {
		return db.InTx(ctx, fn)
	}
	conn, err := db.Write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
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
	w := connTx{Tx: tx, conn: conn}
	if err = fn(&Queries{r: w, w: w, rstmt: db.wstmt, wstmt: db.wstmt, tx: tx, eng: db.Engine, clock: db.clock}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", db.Engine.TranslateError(err))
	}
	return nil
}

// bulkInsert inserts n rows of cols columns with multi-row INSERTs of up
// to factBatch rows, each statement prepared once; row(i, dst) appends the
// values of row i. suffix follows the VALUES (an ON CONFLICT clause).
func (q *Queries) bulkInsert(ctx context.Context, table string, cols []string, n int, suffix string, row func(i int, dst []any) []any) error {
	if n == 0 {
		return nil
	}
	if ct, ok := q.w.(connTx); ok && suffix == "" {
		if cp, ok := q.eng.(copier); ok {
			return ct.conn.Raw(func(dc any) error {
				_, err := cp.CopyFrom(ctx, dc, table, cols, n, row)
				return err
			})
		}
	}
	p, ok := q.w.(preparer)
	if !ok {
		return fmt.Errorf("bulk insert %s: no statement preparation", table)
	}
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	stmtFor := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmtFor {
			st.Close()
		}
	}()
	args := make([]any, 0, factBatch*len(cols))
	for start := 0; start < n; start += factBatch {
		end := min(start+factBatch, n)
		size := end - start
		st := stmtFor[size]
		if st == nil {
			query := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(tuple+", ", size), ", ") + suffix
			var err error
			if st, err = p.PrepareContext(ctx, q.eng.Rebind(query)); err != nil {
				return fmt.Errorf("bulk insert %s: %w", table, q.eng.TranslateError(err))
			}
			stmtFor[size] = st
		}
		args = args[:0]
		for i := start; i < end; i++ {
			args = row(i, args)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("bulk insert %s: %w", table, q.eng.TranslateError(err))
		}
	}
	return nil
}

var rowCols = []string{"import_id", "row_no", "region_id", "line", "stage", "school", "municipality", "labour_market", "sector", "domain",
	"qualification", "level", "pathway"}

// runningImport checks that an import of the region is running: rows and
// facts are only added to an import that is being stored (ErrNotFound for
// another region's import, ErrConflict for a finished one).
func (q *Queries) runningImport(ctx context.Context, regionID, importID int64) error {
	var status domain.ImportStatus
	where, args := "id = ?", []any{importID}
	if regionID != 0 {
		where, args = "id = ? AND region_id = ?", []any{importID, regionID}
	}
	if err := one(q.queryRow(ctx, "SELECT status FROM monitor_imports WHERE "+where, args...).Scan(&status), "monitor import"); err != nil {
		return err
	}
	if status != domain.ImportRunning {
		return fmt.Errorf("monitor import %d is %s: %w", importID, status, domain.ErrConflict)
	}
	return nil
}

// InsertMonitorRows stores source rows of a running import of the region
// with multi-row INSERTs (or the engine's bulk path in InTxBulk); run it in
// a transaction with the facts. It is ErrNotFound for another region's
// import and ErrConflict for one that is not running.
func (q *Queries) InsertMonitorRows(ctx context.Context, regionID, importID int64, rows []domain.MonitorRow) error {
	if err := q.runningImport(ctx, regionID, importID); err != nil {
		return err
	}
	return q.bulkInsert(ctx, "monitor_rows", rowCols, len(rows), "", func(i int, dst []any) []any {
		r := &rows[i]
		return append(dst, importID, r.Row, regionID, r.Line, r.Stage, r.School, r.Municipality, r.LabourMarket, r.Sector, r.Domain,
			r.Qualification, r.Level, r.Pathway)
	})
}

var factCols = []string{"import_id", "row_no", "year", "kind", "sex", "count", "suppressed"}

// InsertMonitorFacts stores counts of a running import's rows with
// multi-row INSERTs (or the engine's bulk path in InTxBulk); run it in a
// transaction for all-or-nothing. A suppressed count is stored as 0,
// whatever placeholder it held. It is ErrNotFound for an unknown import
// and ErrConflict for one that is not running.
func (q *Queries) InsertMonitorFacts(ctx context.Context, importID int64, counts []domain.MonitorCount) error {
	if err := q.runningImport(ctx, 0, importID); err != nil {
		return err
	}
	return q.bulkInsert(ctx, "monitor_facts", factCols, len(counts), "", func(i int, dst []any) []any {
		c := &counts[i]
		n := c.Count
		if c.Suppressed {
			n = 0
		}
		return append(dst, importID, c.Row, c.Year, c.Kind, c.Sex, n, c.Suppressed)
	})
}

const factSelect = `SELECT f.import_id, f.row_no, r.line, f.year, r.stage, f.kind, r.school, r.municipality, r.labour_market, r.sector,
	r.domain, r.qualification, r.level, r.pathway, f.sex, f.count, f.suppressed`

const factFrom = ` FROM monitor_facts f JOIN monitor_rows r ON r.import_id = f.import_id AND r.row_no = f.row_no`

func scanFact(r *sql.Rows, f *domain.MonitorFact, extra ...any) error {
	return r.Scan(append([]any{&f.ImportID, &f.Row, &f.Line, &f.Year, &f.Stage, &f.Kind, &f.School, &f.Municipality, &f.LabourMarket,
		&f.Sector, &f.Domain, &f.Qualification, &f.Level, &f.Pathway, &f.Sex, &f.Count, &f.Suppressed}, extra...)...)
}

// MonitorFacts calls fn with every fact of the region whose import is
// done, together with the import's dataset, in no particular order; it
// stops at the first error fn returns. fn must not keep the pointer.
func (q *Queries) MonitorFacts(ctx context.Context, regionID int64, fn func(f *domain.MonitorFact) error) error {
	rows, err := q.query(ctx, factSelect+", i.dataset"+factFrom+` JOIN monitor_imports i ON i.id = f.import_id
		WHERE r.region_id = ? AND i.region_id = ? AND i.status = 'done'`, regionID, regionID)
	if err != nil {
		return fmt.Errorf("monitor facts: %w", err)
	}
	defer rows.Close()
	var f domain.MonitorFact
	for rows.Next() {
		if err := scanFact(rows, &f, &f.Dataset); err != nil {
			return fmt.Errorf("monitor facts: %w", err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FactFilter selects facts of one import for tracing numbers to lines.
type FactFilter struct {
	RegionID, ImportID int64
	Year               int
	School             string
	Qualification      string
	Kind               string
	Page               Page
}

// MonitorFactsOf lists a page of an import's facts in line order and the
// total that match. Another region's import gives no rows.
func (q *Queries) MonitorFactsOf(ctx context.Context, f FactFilter) ([]domain.MonitorFact, int, error) {
	where := " WHERE r.region_id = ? AND f.import_id = ?"
	args := []any{f.RegionID, f.ImportID}
	if f.Year != 0 {
		where += " AND f.year = ?"
		args = append(args, f.Year)
	}
	if f.School != "" {
		where += " AND r.school = ?"
		args = append(args, f.School)
	}
	if f.Qualification != "" {
		where += " AND r.qualification = ?"
		args = append(args, f.Qualification)
	}
	if f.Kind != "" {
		where += " AND f.kind = ?"
		args = append(args, f.Kind)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+factFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("monitor facts of import: %w", err)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, factSelect+factFrom+where+" ORDER BY r.line, f.row_no, f.year, f.kind, f.sex"+pg.clause(), args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.MonitorFact, error) {
		var x domain.MonitorFact
		return x, scanFact(r, &x)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("monitor facts of import: %w", err)
	}
	return list, total, nil
}

// FactSummary is the number of facts and their exact sum for one stage,
// kind and year of an import.
type FactSummary struct {
	Stage, Kind      string
	Year             int
	Facts            int
	Sum              int64
	SuppressedFacts  int
	WithMunicipality int
}

// MonitorFactSummary summarises an import's stored facts by stage, kind
// and year. Another region's import gives no rows.
func (q *Queries) MonitorFactSummary(ctx context.Context, regionID, importID int64) ([]FactSummary, error) {
	rows, err := q.query(ctx, `SELECT r.stage, f.kind, f.year, COUNT(*), CAST(COALESCE(SUM(f.count), 0) AS BIGINT),
		SUM(CASE WHEN f.suppressed THEN 1 ELSE 0 END), SUM(CASE WHEN r.municipality <> '' THEN 1 ELSE 0 END)`+factFrom+`
		WHERE r.region_id = ? AND f.import_id = ? GROUP BY r.stage, f.kind, f.year ORDER BY r.stage, f.kind, f.year`, regionID, importID)
	return collect(rows, err, func(r *sql.Rows) (FactSummary, error) {
		var s FactSummary
		return s, r.Scan(&s.Stage, &s.Kind, &s.Year, &s.Facts, &s.Sum, &s.SuppressedFacts, &s.WithMunicipality)
	})
}

// QualificationSector is the sector and domain a qualification was stored
// with, and how many source rows say so.
type QualificationSector struct {
	Qualification, Sector, Domain string
	Facts                         int
}

// MonitorQualificationSectors lists, for the region's mbo rows that name
// a sector, each qualification's sector and domain with the number of
// rows, most frequent first; importers of layouts without a sector learn
// from it.
func (q *Queries) MonitorQualificationSectors(ctx context.Context, regionID int64) ([]QualificationSector, error) {
	rows, err := q.query(ctx, `SELECT qualification, sector, domain, COUNT(*) FROM monitor_rows
		WHERE region_id = ? AND stage = 'mbo' AND sector <> '' AND qualification <> ''
		GROUP BY qualification, sector, domain ORDER BY 4 DESC, 1, 2, 3`, regionID)
	return collect(rows, err, func(r *sql.Rows) (QualificationSector, error) {
		var s QualificationSector
		return s, r.Scan(&s.Qualification, &s.Sector, &s.Domain, &s.Facts)
	})
}

// MonitorRowsAndFacts streams the region's source rows of imports that
// are done, each with its import's dataset, and then their facts; it is
// the fast way to read everything (each row's dimensions are read once,
// not once per fact). It stops at the first error a callback returns.
// The callbacks must not keep the pointers.
func (q *Queries) MonitorRowsAndFacts(ctx context.Context, regionID int64,
	row func(importID int64, dataset string, r *domain.MonitorRow) error, fact func(importID int64, c *domain.MonitorCount) error) error {
	rows, err := q.query(ctx, `SELECT r.import_id, i.dataset, r.row_no, r.line, r.stage, r.school, r.municipality, r.labour_market, r.sector,
		r.domain, r.qualification, r.level, r.pathway FROM monitor_rows r JOIN monitor_imports i ON i.id = r.import_id
		WHERE r.region_id = ? AND i.region_id = ? AND i.status = 'done'`, regionID, regionID)
	if err != nil {
		return fmt.Errorf("monitor rows: %w", err)
	}
	var (
		id      int64
		dataset string
		r       domain.MonitorRow
	)
	for rows.Next() {
		if err := rows.Scan(&id, &dataset, &r.Row, &r.Line, &r.Stage, &r.School, &r.Municipality, &r.LabourMarket, &r.Sector, &r.Domain,
			&r.Qualification, &r.Level, &r.Pathway); err != nil {
			rows.Close()
			return fmt.Errorf("monitor rows: %w", err)
		}
		if err := row(id, dataset, &r); err != nil {
			rows.Close()
			return err
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("monitor rows: %w", err)
	}
	rows.Close()
	facts, err := q.query(ctx, `SELECT f.import_id, f.row_no, f.year, f.kind, f.sex, f.count, f.suppressed
		FROM monitor_facts f JOIN monitor_imports i ON i.id = f.import_id WHERE i.region_id = ? AND i.status = 'done'`, regionID)
	if err != nil {
		return fmt.Errorf("monitor facts: %w", err)
	}
	defer facts.Close()
	var c domain.MonitorCount
	for facts.Next() {
		if err := facts.Scan(&id, &c.Row, &c.Year, &c.Kind, &c.Sex, &c.Count, &c.Suppressed); err != nil {
			return fmt.Errorf("monitor facts: %w", err)
		}
		if err := fact(id, &c); err != nil {
			return err
		}
	}
	return facts.Err()
}
