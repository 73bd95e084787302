package regionmonitor

import (
	"errors"
	"slices"
	"sort"

	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/monitor/indicator"
	"talentloket/internal/opendata/labour"
)

// Labour-market sources and measures as stored by the importer.
const (
	srcVacancies = "cbs-83599NED"
	srcPrognosis = "wijtechniek-prognose"
	mVacancies   = "vacancies"
	mYearBefore  = "vacancies_year_before"
	mNeed        = "recruitment_need"
	areaCountry  = "NL"
)

// labour sets the labour market beside the education figures: open
// vacancies for the area's province and the country (CBS), the recruitment
// need of the technical installation sector in its landsdeel (Wij
// Techniek), and the gap between expected graduates and demand. The
// geographic mismatch (province or landsdeel against a network or an AM
// region) is stated, never hidden.
func (d *dash) labour(out *trendData) (*Section, error) {
	sec := &Section{ID: "labour", TitleKey: "monitor.section.labour", IntroKey: "monitor.intro.labour"}
	pv := d.n.province(d.f.Area)
	land := labour.Landsdeel(pv)
	var vac, prog []domain.LabourFigure
	for _, f := range d.snap.Labour {
		switch {
		case f.Source == srcVacancies && (f.Area == pv || f.Area == areaCountry):
			vac = append(vac, f)
		case f.Source == srcPrognosis && f.Area == land:
			prog = append(prog, f)
		}
	}
	if len(vac) > 0 {
		tbl := &Table{ID: "vacancies", TitleKey: "monitor.table.vacancies", Columns: []Column{{Key: "monitor.col.area"},
			{Key: "monitor.col.sector"}, {Key: "monitor.col.period"}, {Key: "monitor.col.vacancies", Num: true},
			{Key: "monitor.col.year_before", Num: true}, {Key: "monitor.col.change", Num: true}}}
		type key struct{ area, sector, period string }
		vals := map[key]map[string]domain.LabourFigure{}
		var keys []key
		for _, f := range vac {
			k := key{f.AreaName, f.Sector, f.Period}
			if vals[k] == nil {
				vals[k] = map[string]domain.LabourFigure{}
				keys = append(keys, k)
			}
			vals[k][f.Measure] = f
		}
		sort.SliceStable(keys, func(i, j int) bool {
			if (keys[i].area == "Nederland") != (keys[j].area == "Nederland") {
				return keys[j].area == "Nederland"
			}
			return false
		})
		for _, k := range keys {
			v, yb := vals[k][mVacancies], vals[k][mYearBefore]
			ch := Pct{}
			if yb.Value > 0 {
				ch = Pct{OK: true, Value: v.Value/yb.Value - 1, Signed: true}
			}
			period := k.period
			if v.Provisional {
				period += " *"
			}
			tbl.Rows = append(tbl.Rows, []Cell{textCell(k.area), textCell(k.sector), textCell(period), numberCell(v.Value, 0),
				numberCell(yb.Value, 0), pctCell(ch)})
		}
		tbl.Notes = []string{"monitor.note.vacancies_province", "monitor.note.no_tension"}
		sec.Extra = append(sec.Extra, tbl)
	}
	var need []indicator.YearInterval // monteur + technicus in the landsdeel
	if len(prog) > 0 {
		tbl := &Table{ID: "prognosis", TitleKey: "monitor.table.prognosis", Columns: []Column{{Key: "monitor.col.year"}}}
		functions := []string{"monteur", "technicus", "leerling", "overige_functies", "totaal_functies"}
		for _, fn := range functions {
			tbl.Columns = append(tbl.Columns, Column{Key: "monitor.function." + fn, Num: true})
		}
		byYear := map[int]map[string]float64{}
		for _, f := range prog {
			if f.Measure != mNeed {
				continue
			}
			if byYear[f.Year] == nil {
				byYear[f.Year] = map[string]float64{}
			}
			byYear[f.Year][f.Sector] = f.Value
		}
		var years []int
		for y := range byYear {
			years = append(years, y)
		}
		slices.Sort(years)
		for _, y := range years {
			row := []Cell{yearCell(y)}
			for _, fn := range functions {
				row = append(row, numberCell(byYear[y][fn], 0))
			}
			tbl.Rows = append(tbl.Rows, row)
			v := byYear[y]["monteur"] + byYear[y]["technicus"]
			need = append(need, indicator.YearInterval{Year: y, Interval: indicator.Interval{Value: v, Lower: v, Upper: v}})
		}
		tbl.Notes = []string{"monitor.note.prognosis_scope"}
		sec.Extra = append(sec.Extra, tbl)
	}
	gap, err := d.gap(out, need, pv)
	if err != nil {
		return nil, err
	}
	if gap != nil {
		sec.Table, sec.Chart = gap.table, gap.chart
		sec.Notes = append(sec.Notes, gap.notes...)
	}
	if sec.Table == nil && len(sec.Extra) == 0 {
		sec.Empty = "monitor.empty.labour"
		return sec, nil
	}
	if pv != "" {
		sec.Notes = append(sec.Notes, Note{Key: "monitor.note.geography", Args: []any{d.n.pvNames[pv], Key("monitor.landsdeel." + land), d.n.areaName(d.f.Area)}})
	}
	return sec, nil
}

type gapResult struct {
	table *Table
	chart *Chart
	notes []Note
}

// gap compares expected graduates (observed diplomas, then the forecast)
// with demand: the coordinators' figure when they set one, else the
// landsdeel's recruitment need for monteurs and technici scaled by the
// area's share of the landsdeel's technical enrolment.
func (d *dash) gap(out *trendData, need []indicator.YearInterval, pv string) (*gapResult, error) {
	var supply []indicator.YearInterval
	if out != nil {
		for i, p := range out.points {
			if p.All.IsZero() || out.sel[i].Hidden != "" {
				continue
			}
			c := p.Technical
			supply = append(supply, indicator.YearInterval{Year: p.Year, Interval: indicator.Interval{Value: c.Mid(), Lower: float64(c.Lower), Upper: float64(c.Upper)}})
		}
	}
	if d.fcOut.fc != nil && !d.fcOut.hidden {
		supply = append(supply, indicator.SupplyFromForecast(*d.fcOut.fc)...)
	}
	if len(supply) == 0 {
		return nil, nil
	}
	var demand []indicator.YearInterval
	var notes []Note
	if t := d.n.target; t != nil && t.Demand > 0 && d.f.Area == AreaNetwork {
		for y := t.DemandFrom; y <= t.DemandTo; y++ {
			demand = append(demand, indicator.YearInterval{Year: y, Interval: indicator.Interval{Value: t.Demand, Lower: t.DemandLow, Upper: t.DemandHigh}})
		}
		notes = append(notes, Note{Key: "monitor.note.demand_target", Args: []any{t.DemandNote}})
	} else if len(need) > 0 {
		share, year, ok, err := d.landsdeelShare(pv)
		if err != nil {
			return nil, err
		}
		if ok {
			for _, n := range need {
				v := n.Value * share
				demand = append(demand, indicator.YearInterval{Year: n.Year, Interval: indicator.Interval{Value: v, Lower: v, Upper: v}})
			}
			notes = append(notes, Note{Key: "monitor.note.demand_scaled", Args: []any{Dec{share * 100, 1}, itoa(year)}})
		} else {
			notes = append(notes, Note{Key: "monitor.note.demand_unscaled"})
		}
	}
	if len(demand) == 0 {
		return nil, nil
	}
	// Observed years carry no interval; make them point intervals.
	seen := map[int]bool{}
	var sup []indicator.YearInterval
	for i := len(supply) - 1; i >= 0; i-- { // forecasts win over a nowcast of the same year
		if !seen[supply[i].Year] {
			seen[supply[i].Year] = true
			sup = append(sup, supply[i])
		}
	}
	slices.SortFunc(sup, func(a, b indicator.YearInterval) int { return a.Year - b.Year })
	pts, err := indicator.LabourGap(sup, demand)
	if errors.Is(err, monitor.ErrNoData) {
		return &gapResult{notes: append(notes, Note{Key: "monitor.note.gap_no_overlap"})}, nil
	}
	if err != nil {
		return nil, err
	}
	tbl := &Table{ID: "gap", TitleKey: "monitor.table.gap", Columns: []Column{{Key: "monitor.col.year"}, {Key: "monitor.col.supply", Num: true},
		{Key: "monitor.col.demand", Num: true}, {Key: "monitor.col.gap", Num: true}, {Key: "monitor.col.covered", Num: true}}}
	ch := &Chart{ID: "gap", Kind: "bar", TitleKey: "monitor.table.gap", Table: "gap"}
	var sv, dv []*float64
	for _, p := range pts {
		cov := Cell{Kind: CellNumber}
		if p.CoverageOK {
			cov = intervalCell(p.Coverage.Value*100, p.Coverage.Lower*100, p.Coverage.Upper*100)
			cov.Decimals = 0
		}
		tbl.Rows = append(tbl.Rows, []Cell{yearCell(p.Year), intervalCell(p.Supply.Value, p.Supply.Lower, p.Supply.Upper),
			intervalCell(p.Demand.Value, p.Demand.Lower, p.Demand.Upper), intervalCell(p.Gap.Value, p.Gap.Lower, p.Gap.Upper), cov})
		ch.X = append(ch.X, itoa(p.Year))
		s, dd := p.Supply.Value, p.Demand.Value
		sv, dv = append(sv, &s), append(dv, &dd)
	}
	ch.Series = []ChartSeries{{Key: "monitor.col.supply", Values: sv}, {Key: "monitor.col.demand", Values: dv}}
	// The sentence: the first year from now on, else the last one.
	p := pts[len(pts)-1]
	for _, q := range pts {
		if q.Year >= d.now.Year() {
			p = q
			break
		}
	}
	key, gapLo, gapHi := "monitor.note.gap_sentence", p.Gap.Lower, p.Gap.Upper
	if p.Gap.Upper < 0 {
		key, gapLo, gapHi = "monitor.note.gap_sentence_surplus", -p.Gap.Upper, -p.Gap.Lower
	} else if p.Gap.Lower < 0 {
		key, gapLo, gapHi = "monitor.note.gap_sentence_open", p.Gap.Upper, -p.Gap.Lower // shortage up to, surplus up to
	}
	notes = append([]Note{{Key: key, Args: []any{itoa(p.Year), whole(p.Demand.Value), whole(p.Supply.Lower), whole(p.Supply.Upper),
		whole(gapLo), whole(gapHi), whole(p.Coverage.Lower * 100), whole(p.Coverage.Upper * 100)}}}, notes...)
	return &gapResult{table: tbl, chart: ch, notes: notes}, nil
}

// landsdeelShare is the area's share of the technical mbo enrolment of the
// landsdeel its province belongs to, in the latest year both have; ok is
// false when the data has no enrolment outside the area (no national
// file imported).
func (d *dash) landsdeelShare(pv string) (share float64, year int, ok bool, err error) {
	land := labour.Landsdeel(pv)
	if land == "" {
		return 0, 0, false, nil
	}
	var munis []string
	for _, gm := range d.t.Dict(monitor.DimMunicipality).Values() {
		if labour.Landsdeel(d.n.pvOfGM[gm]) == land {
			munis = append(munis, gm)
		}
	}
	w := []monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageMBO), monitor.Eq(monitor.DimKind, monitor.KindEnrolment),
		monitor.Eq(monitor.DimSector, monitor.SectorTechnology)}
	q := monitor.Query{GroupBy: []monitor.Dim{monitor.DimYear}, Where: w}
	area, err := aggregate(d.t, d.sc, q)
	if err != nil {
		return 0, 0, false, err
	}
	whole, err := aggregate(d.t, scope{parts: [][]monitor.Filter{{monitor.In(monitor.DimMunicipality, munis...)}}}, q)
	if err != nil {
		return 0, 0, false, err
	}
	as, ws := area.series()[""], whole.series()[""]
	for i := len(ws) - 1; i >= 0; i-- {
		a, okA := as.At(ws[i].Year)
		if okA && ws[i].Count.Mid() > a.Mid()*1.05 {
			return a.Mid() / ws[i].Count.Mid(), ws[i].Year, true, nil
		}
	}
	return 0, 0, false, nil
}
