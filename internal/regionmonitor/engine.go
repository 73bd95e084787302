package regionmonitor

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/monitor"
)

// EngineStore is what the engine reads to build a region's table.
type EngineStore interface {
	MonitorRowsAndFacts(ctx context.Context, regionID int64, row func(importID int64, dataset string, r *domain.MonitorRow) error,
		fact func(importID int64, c *domain.MonitorCount) error) error
	MonitorLabels(ctx context.Context, regionID int64) ([]domain.MonitorLabel, error)
	LabourFigures(ctx context.Context, regionID int64) ([]domain.LabourFigure, error)
	Regions(ctx context.Context) ([]domain.Region, error)
}

// Engine keeps, per region, an in-memory columnar table of the region's
// stored facts (a monitor.Table) and swaps it atomically when an import
// changes them; pages read a snapshot without locks.
type Engine struct {
	st  EngineStore
	log *slog.Logger
	now func() time.Time

	mu    sync.Mutex
	snaps map[int64]*atomic.Pointer[Snapshot]
	build map[int64]*sync.Mutex // one build per region at a time
}

// NewEngine returns an engine that builds tables from st on first use.
func NewEngine(st EngineStore, log *slog.Logger, now func() time.Time) *Engine {
	if log == nil {
		log = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	return &Engine{st: st, log: log, now: now, snaps: map[int64]*atomic.Pointer[Snapshot]{}, build: map[int64]*sync.Mutex{}}
}

// Source says which stored dataset the monitor uses for a stage, kind and
// year, and which imports it came from. When several datasets hold the
// same counts (an institution file and a derived file, demo data and a
// real file), the most detailed real one is used, so nothing is counted
// twice.
type Source struct {
	Stage, Kind string
	Year        int
	Dataset     string
	Imports     []int64
	Facts       int
	Others      []string // datasets with counts for the same year that were not used
	// NoSector is set when the dataset publishes no sector (DUO's
	// current institution files): the technical selection is unknown.
	NoSector bool
}

// Snapshot is one region's table and what belongs with it.
type Snapshot struct {
	Table   *monitor.Table
	Built   time.Time
	Facts   int
	Sources []Source
	// Labels by dimension ("school", "qualification") and code.
	Labels map[string]map[string]domain.MonitorLabel
	Labour []domain.LabourFigure
	// Demo is set when some of the counts used are the demo's synthetic
	// history.
	Demo bool
}

// NoSector reports whether the counts of a stage, kind and year come from
// a dataset without sectors (the selection is unknown for that year).
func (s *Snapshot) NoSector(stage, kind string, year int) bool {
	for _, src := range s.Sources {
		if src.Stage == stage && src.Kind == kind && src.Year == year {
			return src.NoSector
		}
	}
	return false
}

// Label returns the name of a code of a dimension, or the code itself.
func (s *Snapshot) Label(dim, code string) string {
	if l, ok := s.Labels[dim][code]; ok && l.Label != "" {
		return l.Label
	}
	return code
}

// datasetRank orders datasets that count the same thing: lower is
// preferred. Detailed institution files first, aggregated and derived ones
// later, the demo's synthetic history last.
func datasetRank(ds string) int {
	layout, _, _ := strings.Cut(ds, "/")
	order := []string{
		"mbo-deelnemers-2015", "mbo-gediplomeerden-2015", "gediplomeerde-mbo-studenten", "instromende-mbo-studenten",
		"mbo-studenten-per-instelling", "mbo-tech-afgeleid", "mbo-studenten-per-sectorkamer-en-leerweg",
		"p02ho1ejrs", "ho-eerstejaars-2015", "p04hogdipl", "ho-gediplomeerden-2015", "p01hoinges", "p03hoinschr",
		"vo-examenkandidaten-geslaagden",
	}
	if i := slices.Index(order, layout); i >= 0 {
		return i
	}
	if strings.HasPrefix(ds, domain.SourceDemo) {
		return 1000
	}
	return 500
}

// IsDemoDataset reports whether a dataset is the demo's synthetic history.
func IsDemoDataset(ds string) bool { return strings.HasPrefix(ds, domain.SourceDemo) }

func (e *Engine) slot(regionID int64) (*atomic.Pointer[Snapshot], *sync.Mutex) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, ok := e.snaps[regionID]
	if !ok {
		p = &atomic.Pointer[Snapshot]{}
		e.snaps[regionID] = p
		e.build[regionID] = &sync.Mutex{}
	}
	return p, e.build[regionID]
}

// Snapshot returns the region's current snapshot, building it on first
// use. It fails when the store cannot be read.
func (e *Engine) Snapshot(ctx context.Context, regionID int64) (*Snapshot, error) {
	p, mu := e.slot(regionID)
	if s := p.Load(); s != nil {
		return s, nil
	}
	mu.Lock()
	defer mu.Unlock()
	if s := p.Load(); s != nil {
		return s, nil
	}
	s, err := e.load(ctx, regionID)
	if err != nil {
		return nil, err
	}
	p.Store(s)
	return s, nil
}

// Rebuild reads the region's facts again and swaps in the new table;
// readers keep the old one until the new one is ready.
func (e *Engine) Rebuild(ctx context.Context, regionID int64) error {
	p, mu := e.slot(regionID)
	mu.Lock()
	defer mu.Unlock()
	s, err := e.load(ctx, regionID)
	if err != nil {
		return err
	}
	p.Store(s)
	return nil
}

// Warm builds every region's table (at start-up), logging failures.
func (e *Engine) Warm(ctx context.Context) {
	regions, err := e.st.Regions(ctx)
	if err != nil {
		e.log.Warn("monitor: regions", "err", err)
		return
	}
	for _, r := range regions {
		if ctx.Err() != nil {
			return
		}
		if _, err := e.Snapshot(ctx, r.ID); err != nil {
			e.log.Warn("monitor: building a region's table", "region", r.ID, "err", err)
		}
	}
}

// pending is a fact read from the store, dimension values interned.
type pending struct {
	codes   monitor.Codes
	count   int64
	supp    bool
	dataset uint16
	key     uint32 // index into the stage/kind/year keys
	impID   int64
}

type sourceKey struct {
	stage, kind string
	year        int
}

func (e *Engine) load(ctx context.Context, regionID int64) (*Snapshot, error) {
	start := time.Now()
	b := monitor.NewBuilder()
	var facts []pending
	datasets := []string{}
	dsIndex := map[string]uint16{}
	hasSector := map[uint16]bool{}
	var keys []sourceKey
	keyIndex := map[sourceKey]uint32{}
	intern := func(d monitor.Dim, v string) uint16 {
		c, err := b.Intern(d, v)
		if err != nil {
			panic(err) // more than 65,536 values in a dimension: reported below
		}
		return c
	}
	var buildErr error
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("monitor: %v", p)
			}
		}()
		// A source row's dimensions, interned once.
		type rowCodes struct {
			codes   monitor.Codes
			stage   string
			dataset uint16
		}
		type rowKey struct {
			imp int64
			row int
		}
		byRow := map[rowKey]rowCodes{}
		kindCode := map[string]uint16{}
		sexCode := map[string]uint16{}
		yearCode := map[int]uint16{}
		return e.st.MonitorRowsAndFacts(ctx, regionID, func(imp int64, ds string, r *domain.MonitorRow) error {
			di, ok := dsIndex[ds]
			if !ok {
				di = uint16(len(datasets))
				datasets = append(datasets, ds)
				dsIndex[ds] = di
			}
			var c monitor.Codes
			c[monitor.DimRegion] = intern(monitor.DimRegion, r.LabourMarket)
			c[monitor.DimMunicipality] = intern(monitor.DimMunicipality, r.Municipality)
			c[monitor.DimSchool] = intern(monitor.DimSchool, r.School)
			c[monitor.DimSector] = intern(monitor.DimSector, r.Sector)
			c[monitor.DimDomain] = intern(monitor.DimDomain, r.Domain)
			c[monitor.DimQualification] = intern(monitor.DimQualification, r.Qualification)
			c[monitor.DimLevel] = intern(monitor.DimLevel, r.Level)
			c[monitor.DimPathway] = intern(monitor.DimPathway, r.Pathway)
			c[monitor.DimStage] = intern(monitor.DimStage, r.Stage)
			byRow[rowKey{imp, r.Row}] = rowCodes{codes: c, stage: r.Stage, dataset: di}
			if r.Sector != "" {
				hasSector[di] = true
			}
			return nil
		}, func(imp int64, f *domain.MonitorCount) error {
			rc, ok := byRow[rowKey{imp, f.Row}]
			if !ok {
				return nil // a fact without its row: cannot happen with the foreign keys
			}
			c := rc.codes
			kc, ok := kindCode[f.Kind]
			if !ok {
				kc = intern(monitor.DimKind, f.Kind)
				kindCode[f.Kind] = kc
			}
			sc, ok := sexCode[f.Sex]
			if !ok {
				sc = intern(monitor.DimSex, f.Sex)
				sexCode[f.Sex] = sc
			}
			yc, ok := yearCode[f.Year]
			if !ok {
				yc = intern(monitor.DimYear, strconv.Itoa(f.Year))
				yearCode[f.Year] = yc
			}
			c[monitor.DimKind], c[monitor.DimSex], c[monitor.DimYear] = kc, sc, yc
			sk := sourceKey{stage: rc.stage, kind: f.Kind, year: f.Year}
			ki, ok := keyIndex[sk]
			if !ok {
				ki = uint32(len(keys))
				keys = append(keys, sk)
				keyIndex[sk] = ki
			}
			facts = append(facts, pending{codes: c, count: f.Count, supp: f.Suppressed, dataset: rc.dataset, key: ki, impID: imp})
			return nil
		})
	}()
	if err != nil {
		return nil, fmt.Errorf("monitor: reading facts: %w", err)
	}
	// Choose one dataset per stage, kind and year.
	type acc struct {
		facts   map[uint16]int
		imports map[uint16]map[int64]bool
	}
	choice := map[sourceKey]*acc{}
	keyOf := func(p *pending) sourceKey { return keys[p.key] }
	for i := range facts {
		k := keyOf(&facts[i])
		a := choice[k]
		if a == nil {
			a = &acc{facts: map[uint16]int{}, imports: map[uint16]map[int64]bool{}}
			choice[k] = a
		}
		d := facts[i].dataset
		a.facts[d]++
		if a.imports[d] == nil {
			a.imports[d] = map[int64]bool{}
		}
		a.imports[d][facts[i].impID] = true
	}
	chosen := map[sourceKey]uint16{}
	snap := &Snapshot{Built: e.now(), Labels: map[string]map[string]domain.MonitorLabel{}}
	for k, a := range choice {
		var ds []uint16
		for d := range a.facts {
			ds = append(ds, d)
		}
		slices.SortFunc(ds, func(x, y uint16) int {
			if r := datasetRank(datasets[x]) - datasetRank(datasets[y]); r != 0 {
				return r
			}
			if a.facts[x] != a.facts[y] {
				return a.facts[y] - a.facts[x]
			}
			return strings.Compare(datasets[x], datasets[y])
		})
		chosen[k] = ds[0]
		src := Source{Stage: k.stage, Kind: k.kind, Year: k.year, Dataset: datasets[ds[0]], Facts: a.facts[ds[0]], NoSector: !hasSector[ds[0]]}
		for id := range a.imports[ds[0]] {
			src.Imports = append(src.Imports, id)
		}
		slices.Sort(src.Imports)
		for _, d := range ds[1:] {
			src.Others = append(src.Others, datasets[d])
		}
		snap.Sources = append(snap.Sources, src)
		snap.Demo = snap.Demo || IsDemoDataset(src.Dataset)
	}
	slices.SortFunc(snap.Sources, func(x, y Source) int {
		if c := strings.Compare(x.Stage, y.Stage); c != 0 {
			return c
		}
		if c := strings.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		return x.Year - y.Year
	})
	for i := range facts {
		p := &facts[i]
		if chosen[keyOf(p)] != p.dataset {
			continue
		}
		if err := b.AppendCodes(p.codes, p.count, p.supp); err != nil {
			return nil, fmt.Errorf("monitor: %w", err)
		}
		snap.Facts++
	}
	facts = nil
	if snap.Table, buildErr = b.Freeze(); buildErr != nil {
		return nil, fmt.Errorf("monitor: %w", buildErr)
	}
	labels, err := e.st.MonitorLabels(ctx, regionID)
	if err != nil {
		return nil, fmt.Errorf("monitor: labels: %w", err)
	}
	for _, l := range labels {
		if snap.Labels[l.Dim] == nil {
			snap.Labels[l.Dim] = map[string]domain.MonitorLabel{}
		}
		snap.Labels[l.Dim][l.Code] = l
	}
	if snap.Labour, err = e.st.LabourFigures(ctx, regionID); err != nil {
		return nil, fmt.Errorf("monitor: labour figures: %w", err)
	}
	e.log.Info("monitor table built", "region", regionID, "facts", snap.Facts, "ms", time.Since(start).Milliseconds())
	return snap, nil
}
