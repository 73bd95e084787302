package regionmonitor

import (
	"errors"
	"slices"
	"sort"

	"talentloket/internal/monitor"
	"talentloket/internal/monitor/indicator"
)

// spread compares the technical students per school with the target the
// coordinators set ("from 8 = 5 + 2 + 1 to 15 = 5 + 5 + 5"). The target's
// schools are counted wherever they are (a network's students may study
// in the next region); the network's other schools are "outside".
func (d *dash) spread() (*Section, error) {
	sec := &Section{ID: "spread", TitleKey: "monitor.section.spread", IntroKey: "monitor.intro.spread"}
	tg := d.n.target
	if tg == nil || len(tg.Schools) == 0 {
		sec.Empty = "monitor.empty.target"
		return sec, nil
	}
	var codes []string
	var weights []indicator.SchoolWeight
	for _, s := range tg.Schools {
		codes = append(codes, s.School)
		weights = append(weights, indicator.SchoolWeight{School: s.School, Weight: s.Weight})
	}
	where := []monitor.Filter{monitor.Eq(monitor.DimStage, tg.Stage), monitor.Eq(monitor.DimKind, tg.Kind),
		monitor.Eq(monitor.DimSector, monitor.SectorTechnology)}
	perSchool := func(sc scope, year int) (map[string]monitor.Count, error) {
		r, err := aggregate(d.t, sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimSchool}, Where: where, FromYear: year, ToYear: year})
		if err != nil {
			return nil, err
		}
		return r.byLabel(), nil
	}
	targetScope := scope{parts: [][]monitor.Filter{{monitor.In(monitor.DimSchool, codes...)}}}
	years, err := aggregate(d.t, targetScope, monitor.Query{GroupBy: []monitor.Dim{monitor.DimYear}, Where: where})
	if err != nil {
		return nil, err
	}
	year := 0
	for y := range years.byLabel() {
		if yy := atoi(y); yy <= tg.TargetYear && yy > year {
			year = yy
		}
	}
	if year == 0 || year < tg.BaselineYear {
		sec.Empty = "monitor.empty.spread_data"
		return sec, nil
	}
	base, err := perSchool(targetScope, tg.BaselineYear)
	if err != nil {
		return nil, err
	}
	act, err := perSchool(targetScope, year)
	if err != nil {
		return nil, err
	}
	outside, err := perSchool(networkScope(d.t, d.n.munis, d.n.brins), year)
	if err != nil {
		return nil, err
	}
	for s, c := range outside {
		if !slices.Contains(codes, s) {
			act[s] = c
		}
	}
	rep, err := indicator.Spread(base, act, tg.BaselineYear, year, indicator.SpreadTarget{Weights: weights, Total: tg.Total, GrowthFactor: tg.GrowthFactor})
	if errors.Is(err, monitor.ErrNoData) {
		sec.Empty = "monitor.empty.spread_data"
		return sec, nil
	}
	if err != nil {
		return nil, err
	}
	tbl := &Table{ID: "spread", TitleKey: "monitor.section.spread", Columns: []Column{{Key: "monitor.col.school"},
		{Label: itoa(tg.BaselineYear), Num: true}, {Key: "monitor.col.baseline_share", Num: true}, {Label: itoa(year), Num: true},
		{Key: "monitor.col.actual_share", Num: true}, {Key: "monitor.col.target_share", Num: true}, {Key: "monitor.col.target_count", Num: true},
		{Key: "monitor.col.gap", Num: true}}}
	ch := &Chart{ID: "spread", Kind: "bar", TitleKey: "monitor.section.spread", Percent: true, Table: "spread"}
	var bs, as, ts []*float64
	for _, s := range rep.Schools {
		bn, an := numOf(s.Baseline, d.exact), numOf(s.Actual, d.exact)
		bShare := Pct{OK: true, Value: s.BaselineShare, Hidden: bn.Hidden != ""}
		aShare := Pct{OK: true, Value: s.ActualShare, Hidden: an.Hidden != ""}
		tShare := Pct{OK: true, Value: s.TargetShare}
		gap := numberCell(s.Gap, 0)
		if an.Hidden != "" {
			gap = Cell{Kind: CellNumber}
		}
		name := d.snap.Label("school", s.School)
		tbl.Rows = append(tbl.Rows, []Cell{textCell(name + " (" + s.School + ")"), countCell(bn), pctCell(bShare), countCell(an),
			pctCell(aShare), pctCell(tShare), numberCell(s.TargetCount, 0), gap})
		ch.X = append(ch.X, name)
		bs, as, ts = append(bs, bShare.Ptr()), append(as, aShare.Ptr()), append(ts, tShare.Ptr())
	}
	tbl.Rows = append(tbl.Rows, []Cell{keyCell("monitor.col.total"), countCell(numOf(rep.BaselineTotal, d.exact)), pctCell(Pct{}),
		countCell(numOf(rep.Total, d.exact)), pctCell(Pct{}), pctCell(Pct{}), numberCell(rep.TargetTotal, 0),
		numberCell(rep.TargetTotal-rep.Total.Mid(), 0)})
	ch.Series = []ChartSeries{{Label: itoa(tg.BaselineYear), Values: bs}, {Label: itoa(year), Values: as}, {Key: "monitor.col.target_share", Values: ts}}
	sec.Table, sec.Chart = tbl, ch
	sec.Notes = append(sec.Notes, Note{Key: "monitor.note.spread_distance", Args: []any{Dec{rep.Distance * 100, 1}, Dec{rep.BaselineDistance * 100, 1}}})
	if rep.ProgressOK {
		sec.Notes = append(sec.Notes, Note{Key: "monitor.note.spread_progress", Args: []any{whole(rep.Progress * 100)}})
	}
	if !rep.Outside.IsZero() {
		out := numOf(rep.Outside, d.exact)
		arg := any(whole(out.Mid))
		if out.Hidden != "" {
			arg = "<5"
		}
		sec.Notes = append(sec.Notes, Note{Key: "monitor.note.spread_outside", Args: []any{arg}})
	}
	sec.Notes = append(sec.Notes, Note{Key: "monitor.note.spread_scope", Args: []any{tg.Stage, Key("mkind." + tg.Kind)}})
	return sec, nil
}

// outflow is the diplomas' trend with the diploma yield estimated from the
// inflow (or the enrolment) of earlier years.
func (d *dash) outflow(out, in, stock *trendData) (*Section, error) {
	sec := d.trendSection("outflow", "monitor.section.outflow", "monitor.intro.outflow", out)
	sec.Notes = nil
	if out.empty() {
		sec.Empty = "monitor.empty.diplomas"
		return sec, nil
	}
	lag := 3
	if d.f.Stage == monitor.StageHBO || d.f.Stage == monitor.StageWO {
		lag = 4
	}
	opt := indicator.YieldOptions{Lag: lag, Stage: d.f.Stage, CohortKind: monitor.KindFirstYear}
	cohort := monitor.Series(nil)
	if !in.empty() {
		cohort = in.tech
	}
	var est []indicator.Estimate
	var err error
	if len(cohort) > 0 {
		est, err = indicator.DiplomaYield(out.tech, cohort, opt)
	}
	if len(est) == 0 && stock != nil && len(stock.tech) > 0 {
		opt = indicator.YieldOptions{Lag: 0, Stage: d.f.Stage, CohortKind: monitor.KindEnrolment}
		est, err = indicator.DiplomaYield(out.tech, stock.tech, opt)
	}
	if err != nil && !errors.Is(err, monitor.ErrNoData) {
		return nil, err
	}
	byYear := map[int]indicator.Estimate{}
	caveats := map[indicator.Caveat]bool{}
	for _, e := range est {
		byYear[e.Year] = e
		for _, c := range e.Explanation.Caveats {
			caveats[c] = true
		}
	}
	sec.Table.Columns = append(sec.Table.Columns, Column{Key: "monitor.col.yield", Num: true})
	hiddenCohort := func(year int) bool {
		src := stock
		if opt.CohortKind == monitor.KindFirstYear {
			src = in
		}
		for i, p := range src.points {
			if p.Year == year {
				return src.sel[i].Hidden != ""
			}
		}
		return false
	}
	for i, p := range out.points {
		cell := pctCell(Pct{})
		if e, ok := byYear[p.Year]; ok {
			cell = pctCell(pctOfRatio(e.Value, out.sel[i].Hidden != "" || hiddenCohort(e.Explanation.DenominatorYear)))
		}
		sec.Table.Rows[i] = append(sec.Table.Rows[i], cell)
	}
	if len(est) > 0 {
		key := "monitor.note.yield_first_year"
		if opt.CohortKind == monitor.KindEnrolment {
			key = "monitor.note.yield_enrolment"
		}
		sec.Notes = append(sec.Notes, Note{Key: key, Args: []any{itoa(opt.Lag)}})
		for _, c := range sortedCaveats(caveats) {
			sec.Notes = append(sec.Notes, Note{Key: "monitor.caveat." + string(c)})
		}
	}
	sec.Notes = append(sec.Notes, Note{Key: "monitor.note.selection", Args: []any{d.f.Sector}})
	return sec, nil
}

func sortedCaveats(m map[indicator.Caveat]bool) []indicator.Caveat {
	out := make([]indicator.Caveat, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// levels splits the latest year by level (mbo 1-4, bachelor/master, vmbo
// track): the selection's stock and outflow.
func (d *dash) levels(stock, outflow string, last int) (*Section, error) {
	sec := &Section{ID: "levels", TitleKey: "monitor.section.levels"}
	if last == 0 {
		sec.Empty = "monitor.empty.kind"
		return sec, nil
	}
	if d.snap.NoSector(d.f.Stage, stock, last) {
		sec.Empty = "monitor.empty.no_sector"
		return sec, nil
	}
	get := func(kind string, selection bool) (map[string]monitor.Count, error) {
		w := append(d.f.common(d.f.Stage), monitor.Eq(monitor.DimKind, kind))
		if selection {
			w = append(w, d.f.selection()...)
		}
		r, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimLevel}, Where: w, FromYear: last, ToYear: last})
		if err != nil {
			return nil, err
		}
		return r.byLabel(), nil
	}
	sel, err := get(stock, true)
	if err != nil {
		return nil, err
	}
	all, err := get(stock, false)
	if err != nil {
		return nil, err
	}
	dip, err := get(outflow, true)
	if err != nil {
		return nil, err
	}
	levels := sortedLabels(all)
	tbl := &Table{ID: "levels", TitleKey: "monitor.section.levels", Columns: []Column{{Key: "monitor.col.level"},
		{Key: "monitor.col.selection", Num: true}, {Key: "monitor.col.all", Num: true}, {Key: "monitor.col.share", Num: true},
		{Key: "monitor.col.outflow", Num: true}}}
	ch := &Chart{ID: "levels", Kind: "bar", TitleKey: "monitor.section.levels", Table: "levels"}
	var selNums, dipNums []*Num
	rows := make([][]Num, len(levels))
	for i, l := range levels {
		rows[i] = []Num{numOf(sel[l], d.exact), numOf(all[l], d.exact), numOf(dip[l], d.exact)}
		if _, ok := dip[l]; !ok {
			rows[i][2] = Num{}
		}
		selNums, dipNums = append(selNums, &rows[i][0]), append(dipNums, &rows[i][2])
	}
	var totSel, totDip monitor.Count
	for _, l := range levels {
		totSel, totDip = totSel.Add(sel[l]), totDip.Add(dip[l])
	}
	ts, td := numOf(totSel, d.exact), numOf(totDip, d.exact)
	if !d.exact {
		suppressLine(selNums, &ts)
		suppressLine(dipNums, &td)
	}
	var vals []*float64
	for i, l := range levels {
		label := l
		if label == "" {
			label = "–"
		}
		hidden := rows[i][0].Hidden != "" || rows[i][1].Hidden != ""
		tbl.Rows = append(tbl.Rows, []Cell{textCell(label), countCell(rows[i][0]), countCell(rows[i][1]),
			pctCell(pctOfRatio(ratio(sel[l], all[l]), hidden)), countCell(rows[i][2])})
		ch.X = append(ch.X, label)
		vals = append(vals, rows[i][0].Value())
	}
	ch.Series = []ChartSeries{{Key: "monitor.col.selection", Values: vals}}
	sec.Table, sec.Chart = tbl, ch
	sec.Notes = []Note{{Key: "monitor.note.levels_year", Args: []any{itoa(last)}}}
	return sec, nil
}

// progression estimates mbo -> hbo progression in technology: hbo
// technical first-years where the programmes are, divided by mbo level-4
// technical diplomas (or a proxy) of the year before, with the method and
// its caveats stated.
func (d *dash) progression() (*Section, error) {
	sec := &Section{ID: "progression", TitleKey: "monitor.section.progression", IntroKey: "monitor.intro.progression"}
	tech := monitor.Eq(monitor.DimSector, monitor.SectorTechnology)
	get := func(stage, kind string, extra ...monitor.Filter) (monitor.Series, error) {
		w := append([]monitor.Filter{monitor.Eq(monitor.DimStage, stage), monitor.Eq(monitor.DimKind, kind), tech}, extra...)
		r, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimYear}, Where: w, FromYear: d.f.From, ToYear: d.f.To})
		if err != nil {
			return nil, err
		}
		return r.series()[""], nil
	}
	hbo, err := get(monitor.StageHBO, monitor.KindFirstYear)
	if err != nil {
		return nil, err
	}
	dip, err := get(monitor.StageMBO, monitor.KindDiploma, monitor.Eq(monitor.DimLevel, "4"))
	if err != nil {
		return nil, err
	}
	l4, err := get(monitor.StageMBO, monitor.KindEnrolment, monitor.Eq(monitor.DimLevel, "4"))
	if err != nil {
		return nil, err
	}
	est, err := indicator.Progression(indicator.ProgressionInput{HBOFirstYear: hbo, MBODiplomas: dip, MBOLevel4: l4})
	if errors.Is(err, monitor.ErrNoData) || len(hbo) == 0 {
		sec.Empty = "monitor.empty.progression"
		return sec, nil
	}
	if err != nil {
		return nil, err
	}
	tbl := &Table{ID: "progression", TitleKey: "monitor.section.progression", Columns: []Column{{Key: "monitor.col.year"},
		{Key: "monitor.col.hbo_first_year", Num: true}, {Key: "monitor.col.mbo_base", Num: true}, {Key: "monitor.col.basis"},
		{Key: "monitor.col.estimate", Num: true}, {Key: "monitor.col.range", Num: true}}}
	ch := &Chart{ID: "progression", Kind: "line", TitleKey: "monitor.section.progression", Percent: true, Table: "progression"}
	var vals, lo, hi []*float64
	caveats := map[indicator.Caveat]bool{}
	for _, e := range est {
		num, den := numOf(e.Explanation.Numerator, d.exact), numOf(e.Explanation.Denominator, d.exact)
		hidden := num.Hidden != "" || den.Hidden != ""
		basis := "monitor.basis.diplomas"
		if e.Explanation.DenominatorSource.Kind == monitor.KindEnrolment {
			basis = "monitor.basis.proxy"
		}
		p := pctOfRatio(e.Value, hidden)
		rng := Cell{Kind: CellNumber}
		if p.OK && !hidden {
			rng = intervalCell(e.Value.Value*100, e.Value.Lower*100, e.Value.Upper*100)
			rng.Decimals = 1
		}
		tbl.Rows = append(tbl.Rows, []Cell{yearCell(e.Year), countCell(num), countCell(den), keyCell(basis), pctCell(p), rng})
		ch.X = append(ch.X, itoa(e.Year))
		vals = append(vals, p.Ptr())
		if rng.OK {
			l, h := rng.Lower, rng.Upper
			lo, hi = append(lo, &l), append(hi, &h)
		} else {
			lo, hi = append(lo, nil), append(hi, nil)
		}
		for _, c := range e.Explanation.Caveats {
			caveats[c] = true
		}
	}
	ch.Series = []ChartSeries{{Key: "monitor.col.estimate", Values: vals, Lower: lo, Upper: hi}}
	sec.Table, sec.Chart = tbl, ch
	sec.Notes = append(sec.Notes, Note{Key: "monitor.note.progression_method"}, Note{Key: "monitor.note.progression_national"})
	for _, c := range sortedCaveats(caveats) {
		sec.Notes = append(sec.Notes, Note{Key: "monitor.caveat." + string(c)})
	}
	return sec, nil
}

// pipeline is the vmbo pipeline: technical exam candidates per school
// location per school year, and their share of all candidates.
func (d *dash) pipeline() (*Section, error) {
	sec := &Section{ID: "pipeline", TitleKey: "monitor.section.pipeline", IntroKey: "monitor.intro.pipeline"}
	base := []monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageVMBO), monitor.Eq(monitor.DimKind, monitor.KindExamCandidate)}
	get := func(selection bool) (map[string]monitor.Series, error) {
		w := slices.Clone(base)
		if selection {
			w = append(w, monitor.Eq(monitor.DimSector, monitor.SectorTechnology))
		}
		r, err := aggregate(d.t, d.sc, monitor.Query{GroupBy: []monitor.Dim{monitor.DimSchool, monitor.DimYear}, Where: w,
			FromYear: d.f.From, ToYear: d.f.To})
		if err != nil {
			return nil, err
		}
		return r.series(), nil
	}
	tech, err := get(true)
	if err != nil {
		return nil, err
	}
	all, err := get(false)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		sec.Empty = "monitor.empty.pipeline"
		return sec, nil
	}
	yearSet := map[int]bool{}
	for _, s := range all {
		for _, p := range s {
			yearSet[p.Year] = true
		}
	}
	var years []int
	for y := range yearSet {
		years = append(years, y)
	}
	slices.Sort(years)
	if len(years) > 5 {
		years = years[len(years)-5:]
	}
	last := years[len(years)-1]
	schools := make([]string, 0, len(all))
	for s := range all {
		schools = append(schools, s)
	}
	lastOf := func(s string) float64 { c, _ := tech[s].At(last); return c.Mid() }
	sort.Slice(schools, func(i, j int) bool {
		if lastOf(schools[i]) != lastOf(schools[j]) {
			return lastOf(schools[i]) > lastOf(schools[j])
		}
		return schools[i] < schools[j]
	})
	tbl := &Table{ID: "pipeline", TitleKey: "monitor.section.pipeline", Columns: []Column{{Key: "monitor.col.school_location"}}}
	for _, y := range years {
		tbl.Columns = append(tbl.Columns, Column{Label: itoa(y) + "/" + itoa((y+1)%100), Num: true})
	}
	tbl.Columns = append(tbl.Columns, Column{Key: "monitor.col.share_last", Num: true})
	grid := make([][]Num, len(schools))
	cols := make([][]*Num, len(years))
	totals := make([]Num, len(years))
	for i, s := range schools {
		grid[i] = make([]Num, len(years))
		for j, y := range years {
			c, _ := tech[s].At(y)
			grid[i][j] = numOf(c, d.exact)
			cols[j] = append(cols[j], &grid[i][j])
		}
	}
	for j, y := range years {
		var tot monitor.Count
		for _, s := range schools {
			c, _ := tech[s].At(y)
			tot = tot.Add(c)
		}
		totals[j] = numOf(tot, d.exact)
		if !d.exact {
			suppressLine(cols[j], &totals[j])
		}
	}
	ch := &Chart{ID: "pipeline", Kind: "bar", TitleKey: "monitor.section.pipeline", Table: "pipeline"}
	var vals []*float64
	shown := schools
	if d.maxRows > 0 && len(schools) > d.maxRows {
		shown = schools[:d.maxRows]
		tbl.Notes = append(tbl.Notes, "monitor.note.top_rows")
	}
	for i, s := range shown {
		row := []Cell{textCell(d.snap.Label("school", s) + " (" + s + ")")}
		for j := range years {
			row = append(row, countCell(grid[i][j]))
		}
		cl, _ := tech[s].At(last)
		al, _ := all[s].At(last)
		row = append(row, pctCell(pctOfRatio(ratio(cl, al), grid[i][len(years)-1].Hidden != "" || numOf(al, d.exact).Hidden != "")))
		tbl.Rows = append(tbl.Rows, row)
		if i < 15 {
			ch.X = append(ch.X, d.snap.Label("school", s))
			vals = append(vals, grid[i][len(years)-1].Value())
		}
	}
	total := []Cell{keyCell("monitor.col.total")}
	for j := range years {
		total = append(total, countCell(totals[j]))
	}
	tbl.Rows = append(tbl.Rows, append(total, pctCell(Pct{})))
	ch.Series = []ChartSeries{{Label: itoa(last) + "/" + itoa((last+1)%100), Values: vals}}
	sec.Table, sec.Chart = tbl, ch
	sec.Notes = []Note{{Key: "monitor.note.pipeline"}}
	return sec, nil
}
