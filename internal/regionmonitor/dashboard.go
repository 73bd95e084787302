package regionmonitor

import (
	"context"
	"slices"
	"sort"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/monitor/indicator"
	"talentloket/internal/request"
)

// Note is a sentence under a table or chart: a catalogue key and its
// arguments.
type Note struct {
	Key  string
	Args []any
}

// Section is one part of the dashboard: a chart, the table with its data,
// further tables and notes; Empty names (a catalogue key) why there is
// nothing to show.
type Section struct {
	ID       string
	TitleKey string
	IntroKey string
	Chart    *Chart
	Table    *Table
	Extra    []*Table
	Notes    []Note
	Empty    string
}

// Card is a headline figure.
type Card struct {
	Key    string
	Year   int
	Num    Num
	Pct    Pct // growth or share, when HasPct
	PctKey string
	HasPct bool
	// Range is a forecast interval shown instead of a count.
	Range    Cell
	HasRange bool
}

// Dashboard is the monitor's answer for one view.
type Dashboard struct {
	Region    domain.Region
	Filters   Filters
	AreaName  string
	Exact     bool // the viewer sees exact small counts
	Demo      bool // demo data is in use
	Empty     bool // the region has no data at all
	Years     []int
	LastYear  int
	Areas     []Option
	Stages    []Option
	Sectors   []Option
	Domains   []Option
	Schools   []Option
	Quals     []Option
	Levels    []Option
	Pathways  []Option
	Cards     []Card
	Sections  []Section
	Sources   []Source
	CanImport bool
	CanTarget bool
	Built     time.Time
	Facts     int
}

// Table returns the table with the given id from any section, or nil.
func (d *Dashboard) Table(id string) *Table {
	for i := range d.Sections {
		s := &d.Sections[i]
		if s.Table != nil && s.Table.ID == id {
			return s.Table
		}
		for _, t := range s.Extra {
			if t.ID == id {
				return t
			}
		}
	}
	return nil
}

// Tables returns every table in order.
func (d *Dashboard) Tables() []*Table {
	var out []*Table
	for _, s := range d.Sections {
		if s.Table != nil {
			out = append(out, s.Table)
		}
		out = append(out, s.Extra...)
	}
	return out
}

// kinds returns the kinds a stage's inflow, stock and outflow are counted
// in; "" when the data has no such kind for the stage.
func kinds(stage string) (inflow, stock, outflow string) {
	switch stage {
	case monitor.StageVMBO, "havo", "vwo":
		return "", monitor.KindExamCandidate, monitor.KindExamPassed
	}
	return monitor.KindFirstYear, monitor.KindEnrolment, monitor.KindDiploma
}

// dash holds what the sections of one dashboard share.
type dash struct {
	s     *Service
	n     *network
	snap  *Snapshot
	t     *monitor.Table
	sc    scope
	f     Filters
	exact bool
	now   time.Time
	// maxRows cuts long tables (0 = all rows).
	maxRows int

	fcStock, fcOut fitted // the forecasts, for the labour-market gap
}

// pageRows is how many rows the page shows of a long table (schools, school
// locations); the export has them all.
const pageRows = 25

// Dashboard answers the monitor for the actor's region and the filters.
// Long tables are cut to their largest rows (see Export for all). It fails
// with ErrForbidden for actors without the monitor.
func (s *Service) Dashboard(ctx context.Context, f Filters) (*Dashboard, error) {
	return s.dashboard(ctx, f, pageRows)
}

func (s *Service) dashboard(ctx context.Context, f Filters, maxRows int) (*Dashboard, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewMonitor) {
		return nil, s.forbid(ctx, "monitor")
	}
	if f.Stage == "" {
		f.Stage = monitor.StageMBO
	}
	if f.Sector == "" {
		f.Sector = monitor.SectorTechnology
	}
	n, err := s.network(ctx, a.RegionID)
	if err != nil {
		return nil, err
	}
	snap, err := s.eng.Snapshot(ctx, a.RegionID)
	if err != nil {
		return nil, err
	}
	n.nameRegions(snap)
	d := &dash{s: s, n: n, snap: snap, t: snap.Table, f: f, exact: auth.CanSeeExactCounts(a), now: s.now(), maxRows: maxRows}
	d.sc = n.scopeOf(d.t, f.Area)
	out := &Dashboard{Region: n.region, Filters: f, AreaName: n.areaName(f.Area), Exact: d.exact, Demo: snap.Demo,
		Empty: d.t.Len() == 0, Sources: snap.Sources, CanImport: auth.Allow(a, auth.ImportMonitor),
		CanTarget: auth.Allow(a, auth.SetMonitorGoal), Built: snap.Built, Facts: snap.Facts}
	if err := d.options(out); err != nil {
		return nil, err
	}
	if out.Empty {
		return out, nil
	}
	inflow, stock, outflow := kinds(f.Stage)
	add := func(sec *Section, err error) error {
		if err != nil {
			return err
		}
		if sec != nil {
			out.Sections = append(out.Sections, *sec)
		}
		return nil
	}
	var trendIn, trendStock, trendOut *trendData
	if inflow != "" {
		trendIn, err = d.trend(inflow)
		if err != nil {
			return nil, err
		}
		if err := add(d.trendSection("inflow", "monitor.section.inflow", "monitor.intro.inflow", trendIn), nil); err != nil {
			return nil, err
		}
	}
	if trendStock, err = d.trend(stock); err != nil {
		return nil, err
	}
	if err := add(d.trendSection("enrolment", "monitor.section.enrolment."+stageGroup(f.Stage), "monitor.intro.enrolment", trendStock), nil); err != nil {
		return nil, err
	}
	out.LastYear = trendStock.last()
	if err := add(d.schools(stock, inflow, out.LastYear)); err != nil {
		return nil, err
	}
	if err := add(d.spread()); err != nil {
		return nil, err
	}
	if trendOut, err = d.trend(outflow); err != nil {
		return nil, err
	}
	if err := add(d.outflow(trendOut, trendIn, trendStock)); err != nil {
		return nil, err
	}
	if err := add(d.levels(stock, outflow, out.LastYear)); err != nil {
		return nil, err
	}
	if f.Stage == monitor.StageMBO || f.Stage == monitor.StageHBO {
		if err := add(d.progression()); err != nil {
			return nil, err
		}
	}
	if err := add(d.pipeline()); err != nil {
		return nil, err
	}
	fc, err := d.forecasts(trendStock, trendOut)
	if err := add(fc, err); err != nil {
		return nil, err
	}
	if err := add(d.labour(trendOut)); err != nil {
		return nil, err
	}
	out.Cards = d.cards(trendIn, trendStock, trendOut, fc)
	return out, nil
}

// yearsText writes years as "2021, 2022".
func yearsText(ys []int) string {
	out := ""
	for i, y := range ys {
		if i > 0 {
			out += ", "
		}
		out += itoa(y)
	}
	return out
}

func stageGroup(stage string) string {
	switch stage {
	case monitor.StageVMBO, "havo", "vwo":
		return "vo"
	}
	return "students"
}

// options fills the filters' choices from the data in scope.
func (d *dash) options(out *Dashboard) error {
	out.Areas = d.n.areaOptions(d.t)
	stages, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimStage}})
	if err != nil {
		return err
	}
	for _, v := range sortedLabels(stages.byLabel()) {
		out.Stages = append(out.Stages, Option{Value: v, Label: v})
	}
	if !slices.ContainsFunc(out.Stages, func(o Option) bool { return o.Value == d.f.Stage }) {
		out.Stages = append(out.Stages, Option{Value: d.f.Stage, Label: d.f.Stage})
	}
	inStage := []monitor.Filter{monitor.Eq(monitor.DimStage, d.f.Stage)}
	// list returns the values of a dimension in scope, the largest
	// maxOptions when there are more (a select of thousands of schools
	// helps nobody; the URL takes any code).
	list := func(dim monitor.Dim, where []monitor.Filter, label func(string) string) ([]Option, error) {
		r, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{dim}, Where: where})
		if err != nil {
			return nil, err
		}
		counts := r.byLabel()
		values := sortedLabels(counts)
		if len(values) > maxOptions {
			sort.SliceStable(values, func(i, j int) bool { return counts[values[i]].Mid() > counts[values[j]].Mid() })
			values = values[:maxOptions]
			sort.Strings(values)
		}
		var opts []Option
		for _, v := range values {
			if v == "" {
				continue
			}
			l := v
			if label != nil {
				l = label(v)
			}
			opts = append(opts, Option{Value: v, Label: l})
		}
		return opts, nil
	}
	if out.Sectors, err = list(monitor.DimSector, inStage, nil); err != nil {
		return err
	}
	if out.Domains, err = list(monitor.DimDomain, append(slices.Clone(inStage), monitor.Eq(monitor.DimSector, d.f.Sector)), nil); err != nil {
		return err
	}
	if out.Levels, err = list(monitor.DimLevel, inStage, nil); err != nil {
		return err
	}
	if out.Pathways, err = list(monitor.DimPathway, inStage, nil); err != nil {
		return err
	}
	named := func(dim string) func(string) string {
		return func(code string) string {
			if l := d.snap.Label(dim, code); l != code {
				return l + " (" + code + ")"
			}
			return code
		}
	}
	if out.Schools, err = list(monitor.DimSchool, inStage, named("school")); err != nil {
		return err
	}
	sort.SliceStable(out.Schools, func(i, j int) bool { return out.Schools[i].Label < out.Schools[j].Label })
	qw := append(slices.Clone(inStage), monitor.Eq(monitor.DimSector, d.f.Sector))
	if d.f.Domain != "" {
		qw = append(qw, monitor.Eq(monitor.DimDomain, d.f.Domain))
	}
	if out.Quals, err = list(monitor.DimQualification, qw, named("qualification")); err != nil {
		return err
	}
	sort.SliceStable(out.Quals, func(i, j int) bool { return out.Quals[i].Label < out.Quals[j].Label })
	years, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimYear}, Where: inStage})
	if err != nil {
		return err
	}
	for _, y := range sortedLabels(years.byLabel()) {
		out.Years = append(out.Years, atoi(y))
	}
	slices.Sort(out.Years)
	return nil
}

// maxOptions bounds the choices of a filter.
const maxOptions = 300

func sortedLabels(m map[string]monitor.Count) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// trendData is a selection's yearly trend against all students of the
// scope, with the counts as shown.
type trendData struct {
	kind   string
	points []indicator.TrendPoint
	sel    []Num
	all    []Num
	tech   monitor.Series // the selection's series (all years of the scope)
	// noSector are the years whose file has no sectors.
	noSector []int
}

func (t *trendData) last() int {
	if t == nil {
		return 0
	}
	for i := len(t.points) - 1; i >= 0; i-- {
		if !t.points[i].All.IsZero() {
			return t.points[i].Year
		}
	}
	return 0
}

func (t *trendData) empty() bool { return t == nil || t.last() == 0 }

// series aggregates one kind per year in scope, optionally restricted to
// the selection, and returns the series.
func (d *dash) series(kind string, selection bool, extra ...monitor.Filter) (monitor.Series, error) {
	w := append(d.f.common(d.f.Stage), monitor.Eq(monitor.DimKind, kind))
	if selection {
		w = append(w, d.f.selection()...)
	}
	w = append(w, extra...)
	r, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimYear}, Where: w, FromYear: d.f.From, ToYear: d.f.To})
	if err != nil {
		return nil, err
	}
	return r.series()[""], nil
}

func (d *dash) trend(kind string) (*trendData, error) {
	if kind == "" {
		return nil, nil
	}
	all, err := d.series(kind, false)
	if err != nil {
		return nil, err
	}
	sel, err := d.series(kind, true)
	if err != nil {
		return nil, err
	}
	td := &trendData{kind: kind, tech: sel}
	if len(all) == 0 {
		return td, nil
	}
	if td.points, err = indicator.Trend(sel, all); err != nil {
		return nil, err
	}
	for i, p := range td.points {
		sel := numOf(p.Technical, d.exact)
		if d.snap.NoSector(d.f.Stage, kind, p.Year) {
			// The file of this year has no sectors: the selection is
			// unknown, not zero.
			sel = Num{}
			td.points[i].Share, td.points[i].HasGrowth = indicator.Ratio{}, false
			td.noSector = append(td.noSector, p.Year)
			if i+1 < len(td.points) {
				td.points[i+1].HasGrowth = false
			}
		}
		td.sel = append(td.sel, sel)
		td.all = append(td.all, numOf(p.All, d.exact))
	}
	if len(td.noSector) > 0 {
		var known monitor.Series
		for _, p := range td.tech {
			if !slices.Contains(td.noSector, p.Year) {
				known = append(known, p)
			}
		}
		td.tech = known
	}
	return td, nil
}

// hiddenAt reports whether the selection or total of point i is hidden.
func (t *trendData) hiddenAt(i int) (sel, all bool) {
	return t.sel[i].Hidden != "", t.all[i].Hidden != ""
}

func (d *dash) trendSection(id, title, intro string, td *trendData) *Section {
	sec := &Section{ID: id, TitleKey: title, IntroKey: intro}
	if td.empty() {
		sec.Empty = "monitor.empty.kind"
		return sec
	}
	tbl := &Table{ID: id, TitleKey: title, Columns: []Column{{Key: "monitor.col.year"},
		{Key: "monitor.col.selection", Num: true}, {Key: "monitor.col.all", Num: true}, {Key: "monitor.col.share", Num: true},
		{Key: "monitor.col.growth", Num: true}}}
	ch := &Chart{ID: id, Kind: "line", TitleKey: title, Table: id}
	selVals, allVals := []*float64{}, []*float64{}
	for i, p := range td.points {
		selHidden, allHidden := td.hiddenAt(i)
		prevHidden := i > 0 && td.sel[i-1].Hidden != ""
		tbl.Rows = append(tbl.Rows, []Cell{yearCell(p.Year), countCell(td.sel[i]), countCell(td.all[i]),
			pctCell(pctOfRatio(p.Share, selHidden || allHidden)), pctCell(pctOfChange(p.Growth, p.HasGrowth, selHidden || prevHidden))})
		ch.X = append(ch.X, itoa(p.Year))
		selVals = append(selVals, td.sel[i].Value())
		allVals = append(allVals, td.all[i].Value())
	}
	ch.Series = []ChartSeries{{Key: "monitor.col.selection", Values: selVals}, {Key: "monitor.col.all", Values: allVals, Dashed: true}}
	sec.Table, sec.Chart = tbl, ch
	sec.Notes = append(sec.Notes, Note{Key: "monitor.note.selection", Args: []any{d.f.Sector}})
	if len(td.noSector) > 0 {
		sec.Notes = append(sec.Notes, Note{Key: "monitor.note.no_sector", Args: []any{yearsText(td.noSector)}})
	}
	if !d.exact {
		sec.Notes = append(sec.Notes, Note{Key: "monitor.note.suppressed"})
	}
	return sec
}

// schools is the latest year per school: the selection, all students,
// the share and the growth since the year before.
func (d *dash) schools(stock, inflow string, last int) (*Section, error) {
	sec := &Section{ID: "schools", TitleKey: "monitor.section.schools", IntroKey: "monitor.intro.schools"}
	if last == 0 {
		sec.Empty = "monitor.empty.kind"
		return sec, nil
	}
	if d.snap.NoSector(d.f.Stage, stock, last) {
		sec.Empty = "monitor.empty.no_sector"
		return sec, nil
	}
	q := func(kind string, selection bool) (map[string]monitor.Series, error) {
		w := append(d.f.common(d.f.Stage), monitor.Eq(monitor.DimKind, kind))
		if selection {
			w = append(w, d.f.selection()...)
		}
		r, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimSchool, monitor.DimYear}, Where: w,
			FromYear: last - 1, ToYear: last})
		if err != nil {
			return nil, err
		}
		return r.series(), nil
	}
	sel, err := q(stock, true)
	if err != nil {
		return nil, err
	}
	all, err := q(stock, false)
	if err != nil {
		return nil, err
	}
	type row struct {
		school          string
		sel, all, prev  monitor.Count
		selN, allN, pvN Num
	}
	var rows []*row
	var totSel, totAll monitor.Count
	for school, s := range all {
		r := &row{school: school}
		r.all, _ = s.At(last)
		if r.all.IsZero() {
			continue
		}
		r.sel, _ = sel[school].At(last)
		r.prev, _ = sel[school].At(last - 1)
		totSel, totAll = totSel.Add(r.sel), totAll.Add(r.all)
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		sec.Empty = "monitor.empty.kind"
		return sec, nil
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].sel.Mid() != rows[j].sel.Mid() {
			return rows[i].sel.Mid() > rows[j].sel.Mid()
		}
		return rows[i].school < rows[j].school
	})
	selNums := make([]*Num, len(rows))
	for i, r := range rows {
		r.selN, r.allN, r.pvN = numOf(r.sel, d.exact), numOf(r.all, d.exact), numOf(r.prev, d.exact)
		selNums[i] = &rows[i].selN
	}
	totSelN, totAllN := numOf(totSel, d.exact), numOf(totAll, d.exact)
	if !d.exact {
		suppressLine(selNums, &totSelN)
	}
	tbl := &Table{ID: "schools", TitleKey: "monitor.section.schools", Columns: []Column{{Key: "monitor.col.school"},
		{Key: "monitor.col.selection", Num: true}, {Key: "monitor.col.all", Num: true}, {Key: "monitor.col.share", Num: true},
		{Key: "monitor.col.share_of_area", Num: true}, {Key: "monitor.col.growth", Num: true}}}
	ch := &Chart{ID: "schools", Kind: "bar", TitleKey: "monitor.section.schools", Table: "schools"}
	var vals []*float64
	shown := rows
	if d.maxRows > 0 && len(rows) > d.maxRows {
		shown = rows[:d.maxRows]
		tbl.Notes = append(tbl.Notes, "monitor.note.top_rows")
	}
	for i, r := range shown {
		hidden := r.selN.Hidden != ""
		share := pctOfRatio(ratio(r.sel, r.all), hidden || r.allN.Hidden != "")
		ofArea := pctOfRatio(ratio(r.sel, totSel), hidden || totSelN.Hidden != "")
		growth := pctOfChange(change(r.prev, r.sel), !r.prev.IsZero(), hidden || r.pvN.Hidden != "")
		name := d.snap.Label("school", r.school)
		tbl.Rows = append(tbl.Rows, []Cell{textCell(name + " (" + r.school + ")"), countCell(r.selN), countCell(r.allN),
			pctCell(share), pctCell(ofArea), pctCell(growth)})
		if i < 15 {
			ch.X = append(ch.X, name)
			vals = append(vals, r.selN.Value())
		}
	}
	tbl.Rows = append(tbl.Rows, []Cell{keyCell("monitor.col.total"), countCell(totSelN), countCell(totAllN),
		pctCell(pctOfRatio(ratio(totSel, totAll), totSelN.Hidden != "" || totAllN.Hidden != "")), pctCell(Pct{}), pctCell(Pct{})})
	ch.Series = []ChartSeries{{Key: "monitor.col.selection", Values: vals}}
	sec.Table, sec.Chart = tbl, ch
	sec.Notes = []Note{{Key: "monitor.note.schools_year", Args: []any{itoa(last)}}, {Key: "monitor.note.school_seat"}}
	return sec, nil
}

// ratio and change are the indicator's share and change of two counts.
func ratio(num, den monitor.Count) indicator.Ratio { return indicator.ShareOf(num, den) }

func change(from, to monitor.Count) indicator.Change { return indicator.ChangeOf(0, 0, from, to) }
