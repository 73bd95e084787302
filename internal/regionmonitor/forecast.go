package regionmonitor

import (
	"errors"
	"math"
	"slices"

	"talentloket/internal/monitor"
	"talentloket/internal/monitor/forecast"
	"talentloket/internal/monitor/indicator"
)

// Key is a note argument that is itself a catalogue key (a method name,
// a caveat): the interface translates it before it fills the note.
type Key string

// Dec is a note argument shown as a decimal number with the given
// decimals in the interface's language (0,012 or 12,5).
type Dec struct {
	Value    float64
	Decimals int
}

// whole rounds a number for a note (counts, people).
func whole(f float64) int { return int(math.Round(f)) }

// Horizon is how many years after the current year the monitor forecasts.
const Horizon = 5

// fitted is a forecast of one observed series, or why there is none.
type fitted struct {
	kind     string
	observed monitor.Series
	fc       *forecast.Forecast
	hidden   bool   // an observed value is hidden from the viewer
	why      string // catalogue key when there is no forecast
}

// lastRun returns the selection's counts over the trailing run of
// consecutive years that have data.
func lastRun(td *trendData) monitor.Series {
	if td == nil {
		return nil
	}
	var out monitor.Series
	for i := len(td.points) - 1; i >= 0; i-- {
		p := td.points[i]
		if p.All.IsZero() || !td.sel[i].OK || (len(out) > 0 && out[0].Year != p.Year+1) {
			if len(out) > 0 {
				break
			}
			continue
		}
		out = append(monitor.Series{{Year: p.Year, Count: p.Technical}}, out...)
	}
	return out
}

func (d *dash) fit(td *trendData) fitted {
	f := fitted{observed: lastRun(td)}
	if td != nil {
		f.kind = td.kind
		for _, n := range td.sel {
			f.hidden = f.hidden || n.Hidden != ""
		}
	}
	if len(f.observed) < forecast.MinPoints {
		f.why = "monitor.empty.forecast_short"
		return f
	}
	fc, err := indicator.ForecastSeries(f.observed, forecast.Options{Horizon: Horizon, CurrentYear: max(d.now.Year(), f.observed[len(f.observed)-1].Year)})
	if errors.Is(err, monitor.ErrInvalid) {
		f.why = "monitor.empty.forecast_short"
		return f
	}
	if err == nil {
		f.fc = &fc
	}
	return f
}

// forecasts projects the selection's stock and outflow five years past the
// current year with an 80% prediction interval, names the method and shows
// every candidate method's error on past years (rolling-origin backtest).
func (d *dash) forecasts(stock, out *trendData) (*Section, error) {
	sec := &Section{ID: "forecast", TitleKey: "monitor.section.forecast", IntroKey: "monitor.intro.forecast"}
	d.fcStock, d.fcOut = d.fit(stock), d.fit(out)
	if d.fcStock.fc == nil && d.fcOut.fc == nil {
		sec.Empty = "monitor.empty.forecast_short"
		return sec, nil
	}
	ch := &Chart{ID: "forecast", Kind: "line", TitleKey: "monitor.section.forecast", Table: "forecast"}
	years := map[int]bool{}
	for _, f := range []fitted{d.fcStock, d.fcOut} {
		for _, p := range f.observed {
			years[p.Year] = true
		}
		if f.fc != nil {
			for _, p := range f.fc.Points {
				years[p.Year] = true
			}
		}
	}
	var xs []int
	for y := range years {
		xs = append(xs, y)
	}
	slices.Sort(xs)
	for _, y := range xs {
		ch.X = append(ch.X, itoa(y))
	}
	tbl := &Table{ID: "forecast", TitleKey: "monitor.section.forecast", Columns: []Column{{Key: "monitor.col.year"},
		{Key: "monitor.col.observed_stock", Num: true}, {Key: "monitor.col.forecast_stock", Num: true},
		{Key: "monitor.col.observed_outflow", Num: true}, {Key: "monitor.col.forecast_outflow", Num: true}}}
	cells := func(f fitted, y int) (Cell, Cell, *float64, *float64, *float64, *float64) {
		obs, fc := countCell(Num{}), Cell{Kind: CellNumber}
		var ov, fv, lo, hi *float64
		if c, ok := f.observed.At(y); ok {
			n := numOf(c, d.exact)
			obs, ov = countCell(n), n.Value()
		}
		if f.fc != nil && !f.hidden {
			for _, p := range f.fc.Points {
				if p.Year == y {
					fc = intervalCell(p.Value, p.Lower, p.Upper)
					v, l, h := p.Value, p.Lower, p.Upper
					fv, lo, hi = &v, &l, &h
				}
			}
		}
		return obs, fc, ov, fv, lo, hi
	}
	series := make([][]*float64, 8)
	for _, y := range xs {
		so, sf, a, b, c, e := cells(d.fcStock, y)
		oo, of, g, h, i, j := cells(d.fcOut, y)
		tbl.Rows = append(tbl.Rows, []Cell{yearCell(y), so, sf, oo, of})
		for k, v := range []*float64{a, b, c, e, g, h, i, j} {
			series[k] = append(series[k], v)
		}
	}
	ch.Series = []ChartSeries{
		{Key: "monitor.col.observed_stock", Values: series[0]},
		{Key: "monitor.col.forecast_stock", Values: series[1], Lower: series[2], Upper: series[3], Dashed: true},
		{Key: "monitor.col.observed_outflow", Values: series[4]},
		{Key: "monitor.col.forecast_outflow", Values: series[5], Lower: series[6], Upper: series[7], Dashed: true},
	}
	sec.Table, sec.Chart = tbl, ch
	back := &Table{ID: "backtest", TitleKey: "monitor.table.backtest", Columns: []Column{{Key: "monitor.col.series"},
		{Key: "monitor.col.method"}, {Key: "monitor.col.chosen"}, {Key: "monitor.col.forecasts", Num: true}, {Key: "monitor.col.mae", Num: true},
		{Key: "monitor.col.mape", Num: true}, {Key: "monitor.col.coverage", Num: true}}}
	for _, f := range []struct {
		key string
		f   fitted
	}{{"monitor.col.forecast_stock", d.fcStock}, {"monitor.col.forecast_outflow", d.fcOut}} {
		if f.f.fc == nil {
			continue
		}
		for _, s := range f.f.fc.Backtest {
			chosen := "common.no"
			if s.Method == f.f.fc.Method {
				chosen = "common.yes"
			}
			mape := Pct{OK: s.MAPEOK, Value: s.MAPE}
			cov := Pct{OK: s.N > 0, Value: s.Coverage}
			mae := numberCell(s.MAE, 1)
			mae.OK = s.N > 0
			back.Rows = append(back.Rows, []Cell{keyCell(f.key), keyCell("monitor.method." + string(s.Method)), keyCell(chosen),
				numberCell(float64(s.N), 0), mae, pctCell(mape), pctCell(cov)})
		}
		sc := f.f.fc.Score
		if sc.N > 0 {
			sec.Notes = append(sec.Notes, Note{Key: "monitor.note.forecast_method", Args: []any{Key(f.key), Key("monitor.method." + string(f.f.fc.Method)),
				whole(f.f.fc.Level * 100), itoa(f.f.fc.FirstYear), itoa(f.f.fc.LastYear), Dec{sc.MAE, 1}, whole(sc.Coverage * 100)}})
		} else {
			sec.Notes = append(sec.Notes, Note{Key: "monitor.note.forecast_no_backtest", Args: []any{Key(f.key), Key("monitor.method." + string(f.f.fc.Method))}})
		}
		if f.f.fc.LastYear < d.now.Year()-1 {
			sec.Notes = append(sec.Notes, Note{Key: "monitor.note.forecast_nowcast", Args: []any{itoa(f.f.fc.LastYear + 1), itoa(d.now.Year())}})
		}
	}
	if d.fcStock.hidden || d.fcOut.hidden {
		sec.Notes = append(sec.Notes, Note{Key: "monitor.note.forecast_hidden"})
	}
	sec.Extra = []*Table{back}
	return sec, nil
}

// cards are the headline figures of the latest year.
func (d *dash) cards(in, stock, out *trendData, fc *Section) []Card {
	var cards []Card
	latest := func(td *trendData, key string, share bool) {
		if td.empty() {
			return
		}
		i := len(td.points) - 1
		for i > 0 && td.points[i].All.IsZero() {
			i--
		}
		p := td.points[i]
		c := Card{Key: key, Year: p.Year, Num: td.sel[i]}
		selHidden, allHidden := td.hiddenAt(i)
		if share {
			c.Pct, c.PctKey, c.HasPct = pctOfRatio(p.Share, selHidden || allHidden), "monitor.card.share", true
		} else if p.HasGrowth {
			prevHidden := i > 0 && td.sel[i-1].Hidden != ""
			c.Pct, c.PctKey, c.HasPct = pctOfChange(p.Growth, true, selHidden || prevHidden), "monitor.card.growth", true
		}
		cards = append(cards, c)
	}
	latest(in, "monitor.card.inflow", false)
	latest(stock, "monitor.card.stock", true)
	latest(out, "monitor.card.outflow", false)
	if f := d.fcStock.fc; f != nil && !d.fcStock.hidden && len(f.Points) > 0 {
		p := f.Points[len(f.Points)-1]
		cards = append(cards, Card{Key: "monitor.card.forecast", Year: p.Year, Range: intervalCell(p.Value, p.Lower, p.Upper), HasRange: true})
	}
	_ = fc
	return cards
}
