// Package dataimport imports open data into a region's regional monitor:
// DUO files in every layout the readers know (internal/opendata/duo), CBS
// open vacancies and the Wij Techniek recruitment prognosis
// (internal/opendata/labour), and, as reference data shared by all
// regions, mbo school locations.
//
// An import is all-or-nothing. The file is read and checked whole first; a
// bad file is rejected with its problems by line and column and nothing is
// stored. Then, in one transaction, the facts of earlier imports of the
// same dataset and years are deleted (a newer file replaces an older one),
// the new facts are inserted and the import is marked done. Importing a
// file with the same SHA-256 again changes nothing. Names that cannot be
// placed in a municipality are reported, not fatal: their counts are
// stored without a municipality. Every fact keeps its import and source
// line, so every number of the monitor traces back to a file.
package dataimport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/opendata"
	"talentloket/internal/opendata/duo"
	"talentloket/internal/opendata/labour"
	"talentloket/internal/opendata/refdata"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the import use cases need.
type Store interface {
	mapperStore
	CreateMonitorImport(ctx context.Context, m domain.MonitorImport) (int64, error)
	FinishMonitorImport(ctx context.Context, m domain.MonitorImport) error
	MonitorImport(ctx context.Context, regionID, id int64) (domain.MonitorImport, error)
	MonitorImportBySHA(ctx context.Context, regionID int64, sha string) (domain.MonitorImport, error)
	MonitorImports(ctx context.Context, regionID int64, pg store.Page) ([]domain.MonitorImport, int, error)
	MonitorFactSummary(ctx context.Context, regionID, importID int64) ([]store.FactSummary, error)
	MonitorFactsOf(ctx context.Context, f store.FactFilter) ([]domain.MonitorFact, int, error)
	ReplaceMonitorFacts(ctx context.Context, regionID, importID int64, dataset string, years []int) (int, error)
	InsertMonitorRows(ctx context.Context, regionID, importID int64, rows []domain.MonitorRow) error
	InsertMonitorFacts(ctx context.Context, importID int64, counts []domain.MonitorCount) error
	UpsertMonitorLabels(ctx context.Context, regionID int64, labels []domain.MonitorLabel) error
	ReplaceLabourFigures(ctx context.Context, regionID, importID int64, dataset string, periods []string) (int, error)
	InsertLabourFigures(ctx context.Context, regionID, importID int64, figs []domain.LabourFigure) error
	FailStaleMonitorImports(ctx context.Context, before time.Time, note string) (int64, error)
	UpsertSchoolLocations(ctx context.Context, locs []domain.SchoolLocation) error
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// DB is a Store that can run a function in one transaction.
type DB interface {
	Store
	InTx(ctx context.Context, fn func(Store) error) error
}

// MaxFileSize is the largest file an import accepts (DUO's biggest files
// are a few megabytes).
const MaxFileSize = 64 << 20

// File is a file to import.
type File struct {
	Name string
	Data []byte
	// Year is given to the counts of DUO layouts that carry no year
	// (instromende-mbo-studenten publishes one file per year).
	Year int
	// Stage is "hbo" or "wo" for the layouts both share; "" decides from
	// the file name and contents.
	Stage string
}

// Phases of a running import, for the progress page.
const (
	PhaseQueued  = "queued"
	PhaseReading = "reading"
	PhaseMapping = "mapping"
	PhaseStoring = "storing"
	PhaseIndex   = "indexing"
)

// Progress is how far a running import is: its phase and, while storing,
// the facts stored of the total.
type Progress struct {
	Phase       string
	Done, Total int
	Started     time.Time
}

// Service runs imports.
type Service struct {
	db         DB
	log        *slog.Logger
	now        func() time.Time
	started    time.Time
	onImported func(ctx context.Context, regionID int64)

	mu      sync.Mutex
	running map[int64]*Progress
	wg      sync.WaitGroup
	slot    chan struct{} // one import at a time per process
}

// New returns the import service; now and log may be nil.
func New(db DB, log *slog.Logger, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, log: log, now: now, started: now(), running: map[int64]*Progress{}, slot: make(chan struct{}, 1)}
}

// OnImported sets a function called after every import that stored
// something, with the region (the monitor rebuilds its table there).
func (s *Service) OnImported(fn func(ctx context.Context, regionID int64)) { s.onImported = fn }

// Kinds of file.
const (
	KindDUO       = "duo"
	KindVacancies = "vacancies"
	KindPrognosis = "prognosis"
)

// DetectKind tells a DUO file from the labour-market files by content: a
// JSON object is the Wij Techniek prognosis, a CSV with a waarde_x1000
// column the CBS vacancies, anything else is read as DUO.
func DetectKind(data []byte) string {
	d := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(d) > 0 && d[0] == '{' {
		return KindPrognosis
	}
	head := d
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if bytes.Contains(bytes.ToLower(head), []byte("waarde_x1000")) {
		return KindVacancies
	}
	return KindDUO
}

func checkFile(f File) error {
	var v domain.ValidationError
	if len(f.Data) == 0 {
		v.Add("file", "invalid.monitor_file_empty")
	} else if len(f.Data) > MaxFileSize {
		v.Add("file", "invalid.monitor_file_large")
	}
	if f.Year != 0 && (f.Year < 1990 || f.Year > 2100) {
		v.Add("year", "invalid.year")
	}
	if f.Stage != "" && f.Stage != "hbo" && f.Stage != "wo" {
		v.Add("stage", "invalid.choice")
	}
	return v.Err()
}

// Start begins importing a file into the actor's region and returns the
// import at once; the work runs in the background (see Progress). A file
// the region imported before is not imported again: Start returns that
// import and duplicate = true. It fails with ErrForbidden for actors who
// may not import and with a ValidationError for an empty or too large file.
func (s *Service) Start(ctx context.Context, f File) (imp domain.MonitorImport, duplicate bool, err error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ImportMonitor) {
		request.Audit(ctx, s.db, domain.AuditPermissionDeny, "monitor_import", "")
		return imp, false, domain.ErrForbidden
	}
	if err := checkFile(f); err != nil {
		return imp, false, err
	}
	imp, duplicate, err = s.begin(ctx, a.RegionID, a.UserID, f)
	if err != nil || duplicate {
		return imp, duplicate, err
	}
	request.Audit(ctx, s.db, domain.AuditCreate, fmt.Sprintf("monitor_import:%d", imp.ID), fmt.Sprintf("%d bytes", len(f.Data)))
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_, _ = s.run(context.WithoutCancel(ctx), imp, f)
	}()
	return imp, false, nil
}

// Import imports a file into a region and waits for it (the command line
// and tests). It returns the finished import, or the earlier import of
// the same file with duplicate = true. A rejected file gives the failed
// import and an error wrapping the *opendata.ValidationError.
func (s *Service) Import(ctx context.Context, regionID, userID int64, f File) (imp domain.MonitorImport, duplicate bool, err error) {
	if err := checkFile(f); err != nil {
		return imp, false, err
	}
	imp, duplicate, err = s.begin(ctx, regionID, userID, f)
	if err != nil || duplicate {
		return imp, duplicate, err
	}
	imp, err = s.run(ctx, imp, f)
	return imp, false, err
}

// begin records a running import, unless the region has the file already.
func (s *Service) begin(ctx context.Context, regionID, userID int64, f File) (domain.MonitorImport, bool, error) {
	sum := sha256.Sum256(f.Data)
	sha := hex.EncodeToString(sum[:])
	if prev, err := s.db.MonitorImportBySHA(ctx, regionID, sha); err == nil {
		return prev, true, nil
	} else if !errors.Is(err, domain.ErrNotFound) {
		return prev, false, err
	}
	name := path.Base(strings.ReplaceAll(f.Name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	if len(name) > 200 {
		name = name[:200]
	}
	source := domain.SourceDUO
	if DetectKind(f.Data) != KindDUO {
		source = domain.SourceLabour
	}
	imp := domain.MonitorImport{RegionID: regionID, Source: source, FileName: name, SHA256: sha, Size: int64(len(f.Data)),
		Status: domain.ImportRunning, CreatedBy: userID, CreatedAt: s.now()}
	id, err := s.db.CreateMonitorImport(ctx, imp)
	if errors.Is(err, domain.ErrConflict) { // the same file, started just now
		prev, err := s.db.MonitorImportBySHA(ctx, regionID, sha)
		return prev, err == nil, err
	}
	if err != nil {
		return imp, false, err
	}
	imp.ID = id
	s.setProgress(id, PhaseQueued, 0, 0)
	return imp, false, nil
}

func (s *Service) setProgress(id int64, phase string, done, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.running[id]
	if p == nil {
		p = &Progress{Started: s.now()}
		s.running[id] = p
	}
	p.Phase, p.Done, p.Total = phase, done, total
}

// Progress returns how far a running import of this process is; ok is
// false when it is not running here.
func (s *Service) Progress(id int64) (Progress, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.running[id]
	if !ok {
		return Progress{}, false
	}
	return *p, true
}

// Wait blocks until the imports running in the background have finished
// or ctx ends (graceful shutdown).
func (s *Service) Wait(ctx context.Context) {
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// Recover marks imports left running by a process that stopped before
// this one started as failed: their transaction never committed, so
// nothing of them is stored.
func (s *Service) Recover(ctx context.Context) error {
	n, err := s.db.FailStaleMonitorImports(ctx, s.started, "interrupted")
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Warn("imports interrupted by a restart marked failed", "imports", n)
	}
	return nil
}

// problemsOf returns the problems of a validation error.
func problemsOf(err error) []domain.ImportProblem {
	var ve *opendata.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := make([]domain.ImportProblem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = domain.ImportProblem{Code: string(p.Code), Line: p.Line, Column: p.Column, Value: p.Value, Expected: p.Expected}
	}
	return out
}

// errFailed wraps a rejection whose problems are in the import.
var errFailed = errors.New("import failed")

// run reads, maps and stores one import; it always finishes the import
// row (done or failed) and returns it.
func (s *Service) run(ctx context.Context, imp domain.MonitorImport, f File) (domain.MonitorImport, error) {
	defer func() {
		s.mu.Lock()
		delete(s.running, imp.ID)
		s.mu.Unlock()
	}()
	select {
	case s.slot <- struct{}{}:
		defer func() { <-s.slot }()
	case <-ctx.Done():
		return s.fail(imp, nil, "cancelled", ctx.Err())
	}
	s.setProgress(imp.ID, PhaseReading, 0, 0)
	var (
		conv    converted
		figs    []domain.LabourFigure
		periods []string
		ds      *duo.Dataset
		vs      []labour.Vacancy
		err     error
	)
	kind := DetectKind(f.Data)
	switch kind {
	case KindVacancies:
		if vs, err = labour.ReadVacancies(bytes.NewReader(f.Data)); err == nil {
			imp.Layout, imp.Dataset, imp.Rows = SourceVacancies, SourceVacancies, len(vs)
		}
	case KindPrognosis:
		var ps []labour.Prognosis
		if ps, err = labour.ReadPrognosis(bytes.NewReader(f.Data)); err == nil {
			imp.Layout, imp.Dataset, imp.Rows = SourcePrognosis, SourcePrognosis, len(ps)
			figs, periods = convertPrognosis(ps)
		}
	default:
		ds, err = duo.ReadWith(bytes.NewReader(f.Data), duo.Options{Year: f.Year})
		if err == nil {
			err = checkYears(ds)
		}
	}
	if err != nil {
		return s.fail(imp, problemsOf(err), "", err)
	}
	s.setProgress(imp.ID, PhaseMapping, 0, 0)
	m, err := newMapper(ctx, s.db, imp.RegionID)
	if err != nil {
		return s.fail(imp, nil, "internal", err)
	}
	if kind == KindVacancies {
		figs, periods = convertVacancies(vs, m)
	}
	if ds != nil {
		conv = convertDUO(ds, m, f.Stage, imp.FileName)
		imp.Layout, imp.Dataset = string(ds.Layout), dataset(ds.Layout, conv.stage)
		imp.Encoding, imp.Separator = string(ds.Encoding), string(ds.Separator)
		imp.Years, imp.Rows, imp.Skipped = ds.Years, ds.Rows, ds.Skipped
		imp.Records, imp.Facts, imp.Suppressed = conv.records, len(conv.counts), conv.suppressed
		imp.Unmapped = m.unmappedList()
		if len(imp.Unmapped) > maxUnmapped {
			imp.Unmapped = imp.Unmapped[:maxUnmapped]
		}
	} else {
		imp.Records, imp.Facts = len(figs), len(figs)
		years := map[int]bool{}
		for _, fg := range figs {
			years[fg.Year] = true
		}
		for y := range years {
			imp.Years = append(imp.Years, y)
		}
		slices.Sort(imp.Years)
		imp.Encoding = "utf-8"
	}
	total := imp.Facts
	s.setProgress(imp.ID, PhaseStoring, 0, total)
	err = s.db.InTx(ctx, func(tx Store) error {
		if ds != nil {
			n, err := tx.ReplaceMonitorFacts(ctx, imp.RegionID, imp.ID, imp.Dataset, imp.Years)
			if err != nil {
				return err
			}
			imp.Replaced = n
			if err := tx.InsertMonitorRows(ctx, imp.RegionID, imp.ID, conv.rows); err != nil {
				return err
			}
			const chunk = 10000
			for start := 0; start < len(conv.counts); start += chunk {
				end := min(start+chunk, len(conv.counts))
				if err := tx.InsertMonitorFacts(ctx, imp.ID, conv.counts[start:end]); err != nil {
					return err
				}
				s.setProgress(imp.ID, PhaseStoring, end, total)
			}
			if err := tx.UpsertMonitorLabels(ctx, imp.RegionID, conv.labels); err != nil {
				return err
			}
		} else {
			n, err := tx.ReplaceLabourFigures(ctx, imp.RegionID, imp.ID, imp.Dataset, periods)
			if err != nil {
				return err
			}
			imp.Replaced = n
			if err := tx.InsertLabourFigures(ctx, imp.RegionID, imp.ID, figs); err != nil {
				return err
			}
		}
		imp.Status, imp.FinishedAt = domain.ImportDone, s.now()
		return tx.FinishMonitorImport(ctx, imp)
	})
	if err != nil {
		imp.Status = domain.ImportRunning
		return s.fail(imp, nil, "internal", err)
	}
	s.log.Info("monitor import done", "import", imp.ID, "region", imp.RegionID, "layout", imp.Layout, "facts", imp.Facts,
		"replaced", imp.Replaced, "unmapped", len(imp.Unmapped))
	if s.onImported != nil {
		s.setProgress(imp.ID, PhaseIndex, total, total)
		s.onImported(ctx, imp.RegionID)
	}
	return imp, nil
}

// checkYears rejects a DUO file whose counts have no year (a layout
// without a year column imported without one).
func checkYears(ds *duo.Dataset) error {
	missing := ds.Len() > 0 && len(ds.Years) == 0
	for i := 0; i < len(ds.MBO) && !missing; i++ {
		missing = ds.MBO[i].Year == 0
	}
	if !missing {
		return nil
	}
	return opendata.Invalid(opendata.Problem{Code: opendata.CodeRequired, Line: 1, Column: "JAAR", Expected: "year"})
}

// fail records a failed import with its problems (or a note) and returns
// it with an error.
func (s *Service) fail(imp domain.MonitorImport, problems []domain.ImportProblem, note string, cause error) (domain.MonitorImport, error) {
	imp.Status, imp.Problems, imp.Note, imp.FinishedAt = domain.ImportFailed, problems, note, s.now()
	imp.Facts, imp.Replaced = 0, 0
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.db.FinishMonitorImport(ctx, imp); err != nil {
		s.log.Error("monitor import: recording the failure failed", "import", imp.ID, "err", err)
	}
	if len(problems) == 0 {
		s.log.Error("monitor import failed", "import", imp.ID, "region", imp.RegionID, "err", cause)
	}
	return imp, fmt.Errorf("%w: %w", errFailed, cause)
}

// List returns a page of the actor's region's imports, newest first.
func (s *Service) List(ctx context.Context, pg store.Page) ([]domain.MonitorImport, int, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewMonitor) {
		request.Audit(ctx, s.db, domain.AuditPermissionDeny, "monitor_imports", "")
		return nil, 0, domain.ErrForbidden
	}
	return s.db.MonitorImports(ctx, a.RegionID, pg)
}

// Detail is one import with what it stored and, for coordinators, its
// facts line by line.
type Detail struct {
	Import   domain.MonitorImport
	Summary  []store.FactSummary
	Progress *Progress // while it runs in this process
	CanTrace bool
	Facts    []domain.MonitorFact
	Total    int
}

// Get returns an import of the actor's region (ErrNotFound for another
// region's). When trace is not nil and the actor may trace, the facts that
// match it are listed too.
func (s *Service) Get(ctx context.Context, id int64, trace *store.FactFilter) (Detail, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewMonitor) {
		request.Audit(ctx, s.db, domain.AuditPermissionDeny, fmt.Sprintf("monitor_import:%d", id), "")
		return Detail{}, domain.ErrForbidden
	}
	imp, err := s.db.MonitorImport(ctx, a.RegionID, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Import: imp, CanTrace: auth.CanTraceMonitor(a)}
	if p, ok := s.Progress(id); ok {
		d.Progress = &p
	}
	if imp.Status == domain.ImportRunning {
		return d, nil
	}
	if d.Summary, err = s.db.MonitorFactSummary(ctx, a.RegionID, id); err != nil {
		return d, err
	}
	if trace != nil && d.CanTrace && imp.Source != domain.SourceLabour {
		f := *trace
		f.RegionID, f.ImportID = a.RegionID, id
		if d.Facts, d.Total, err = s.db.MonitorFactsOf(ctx, f); err != nil {
			return d, err
		}
	}
	return d, nil
}

// ImportLocations loads the mbo school locations list (reference data for
// every region) and places each location's town in a municipality. It is
// all-or-nothing and returns how many locations were stored and how many
// towns did not resolve.
func (s *Service) ImportLocations(ctx context.Context, data []byte) (stored, unmapped int, err error) {
	locs, err := refdata.ReadSchoolLocations(bytes.NewReader(data))
	if err != nil {
		return 0, 0, err
	}
	m, err := newMapper(ctx, s.db, 0)
	if err != nil {
		return 0, 0, err
	}
	out := make([]domain.SchoolLocation, len(locs))
	for i, l := range locs {
		gm, _ := m.resolver.Resolve(l.City)
		if gm == "" {
			unmapped++
		}
		out[i] = domain.SchoolLocation{Code: l.BRINVest, BRIN: l.BRIN, Name: l.Name, Street: l.Street, Postcode: l.Postcode, Place: l.City,
			MunicipalityCode: gm}
	}
	err = s.db.InTx(ctx, func(tx Store) error { return tx.UpsertSchoolLocations(ctx, out) })
	if err != nil {
		return 0, 0, err
	}
	return len(out), unmapped, nil
}
