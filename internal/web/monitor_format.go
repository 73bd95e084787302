package web

import (
	"encoding/json"
	"math"
	"strings"

	"talentloket/internal/i18n"
	"talentloket/internal/regionmonitor"
)

// monitorText formats the regional monitor's cells, notes, column titles
// and charts in a page's language; monitor views embed it.
type monitorText struct{ lang i18n.Lang }

func (m monitorText) t(key string, args ...any) string { return i18n.T(m.lang, key, args...) }

// Cell formats a table cell: counts with a thousands separator (a range
// when suppressed cells contributed), "<5" or "x" for blanked counts,
// percentages with one decimal, intervals as "value (lower–upper)".
func (m monitorText) Cell(c regionmonitor.Cell) string {
	switch c.Kind {
	case regionmonitor.CellKey:
		return m.t(c.Text)
	case regionmonitor.CellCount:
		return m.count(c.Num)
	case regionmonitor.CellPct:
		return m.pct(c.Pct)
	case regionmonitor.CellNumber:
		if !c.OK {
			return "–"
		}
		if c.Upper > c.Lower {
			dash := "–"
			if c.Lower < 0 || c.Upper < 0 {
				dash = " – " // between negative numbers a dash alone reads as a minus
			}
			return i18n.Number(m.lang, c.Value, c.Decimals) + " (" + i18n.Number(m.lang, c.Lower, c.Decimals) + dash +
				i18n.Number(m.lang, c.Upper, c.Decimals) + ")"
		}
		return i18n.Number(m.lang, c.Value, c.Decimals)
	}
	return c.Text
}

func (m monitorText) count(n regionmonitor.Num) string {
	switch {
	case !n.OK:
		return "–"
	case n.Hidden == regionmonitor.HiddenSmall:
		return "<5"
	case n.Hidden != "":
		return "x"
	case n.Lower == n.Upper:
		return i18n.Int(m.lang, int(n.Lower))
	}
	return i18n.Int(m.lang, int(n.Lower)) + "–" + i18n.Int(m.lang, int(n.Upper))
}

func (m monitorText) pct(p regionmonitor.Pct) string {
	switch {
	case !p.OK || math.IsNaN(p.Value) || math.IsInf(p.Value, 0):
		return "–"
	case p.Hidden:
		return "x"
	}
	s := i18n.Number(m.lang, 100*p.Value, 1) + "%"
	if p.Signed && p.Value > 0 {
		s = "+" + s
	}
	return s
}

// CellTitle explains a blanked cell or a range, for the title attribute.
func (m monitorText) CellTitle(c regionmonitor.Cell) string {
	switch {
	case c.Kind == regionmonitor.CellCount && c.Num.Hidden == regionmonitor.HiddenSmall:
		return m.t("monitor.hidden.small")
	case c.Kind == regionmonitor.CellCount && c.Num.Hidden != "":
		return m.t("monitor.hidden.complement")
	case c.Kind == regionmonitor.CellPct && c.Pct.OK && c.Pct.Hidden:
		return m.t("monitor.hidden.derived")
	case c.Kind == regionmonitor.CellCount && c.Num.OK && c.Num.Lower != c.Num.Upper:
		return m.t("monitor.hidden.range")
	}
	return ""
}

// Numeric reports whether a cell is right-aligned.
func (m monitorText) Numeric(c regionmonitor.Cell) bool {
	return c.Kind == regionmonitor.CellCount || c.Kind == regionmonitor.CellPct || c.Kind == regionmonitor.CellNumber
}

// Col returns a column's title.
func (m monitorText) Col(c regionmonitor.Column) string {
	if c.Label != "" {
		return c.Label
	}
	return m.t(c.Key)
}

// Note translates a note; arguments that are catalogue keys are
// translated first.
func (m monitorText) Note(n regionmonitor.Note) string {
	args := make([]any, len(n.Args))
	for i, a := range n.Args {
		switch v := a.(type) {
		case regionmonitor.Key:
			args[i] = m.t(string(v))
		case regionmonitor.Dec:
			args[i] = i18n.Number(m.lang, v.Value, v.Decimals)
		default:
			args[i] = a
		}
	}
	return m.t(n.Key, args...)
}

// chartJSON is what monitor.js reads from a chart's data-chart attribute.
type chartJSON struct {
	Kind    string       `json:"kind"`
	Title   string       `json:"title"`
	X       []string     `json:"x"`
	Percent bool         `json:"percent"`
	Series  []seriesJSON `json:"series"`
	Lang    string       `json:"lang"`
}

type seriesJSON struct {
	Name   string     `json:"name"`
	Data   []*float64 `json:"data"`
	Lower  []*float64 `json:"lower,omitempty"`
	Upper  []*float64 `json:"upper,omitempty"`
	Dashed bool       `json:"dashed,omitempty"`
	Kind   string     `json:"kind,omitempty"`
}

// Chart returns a chart's data, names translated, as JSON for its
// data-chart attribute (the template escapes it).
func (m monitorText) Chart(c *regionmonitor.Chart) string {
	if c == nil {
		return ""
	}
	out := chartJSON{Kind: c.Kind, Title: m.t(c.TitleKey), X: c.X, Percent: c.Percent, Lang: string(m.lang)}
	for _, s := range c.Series {
		name := s.Label
		if name == "" {
			name = m.t(s.Key)
		}
		out.Series = append(out.Series, seriesJSON{Name: name, Data: s.Values, Lower: s.Lower, Upper: s.Upper, Dashed: s.Dashed, Kind: s.Kind})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// csvNumber writes a number for Dutch Excel: a decimal comma, no
// thousands separator.
func csvNumber(f float64, decimals int) string {
	s := i18n.Number(i18n.EN, f, decimals)
	s = strings.ReplaceAll(s, ",", "")
	return strings.Replace(s, ".", ",", 1)
}

// T translates a catalogue key (for the monitor's partial templates).
func (m monitorText) T(key string, args ...any) string { return m.t(key, args...) }

// tableArgs and chartArgs are what the partial templates "mtable" and
// "mchart" get.
type tableArgs struct {
	M      monitorText
	T      *regionmonitor.Table
	Export string
}

type chartArgs struct {
	M monitorText
	C *regionmonitor.Chart
}

// TableArgs passes a table to the "mtable" template, with its CSV link.
func (v MonitorView) TableArgs(t *regionmonitor.Table) tableArgs {
	return tableArgs{M: v.monitorText, T: t, Export: v.ExportURL("csv", t.ID)}
}

// ChartArgs passes a chart to the "mchart" template.
func (v MonitorView) ChartArgs(c *regionmonitor.Chart) chartArgs {
	return chartArgs{M: v.monitorText, C: c}
}

// TableArgs passes a table to the "mtable" template.
func (v CompareView) TableArgs(t *regionmonitor.Table) tableArgs {
	return tableArgs{M: v.monitorText, T: t}
}

// ChartArgs passes a chart to the "mchart" template.
func (v CompareView) ChartArgs(c *regionmonitor.Chart) chartArgs {
	return chartArgs{M: v.monitorText, C: c}
}

// Count formats a count (see Cell).
func (m monitorText) Count(n regionmonitor.Num) string { return m.count(n) }

// Percent formats a share or change (see Cell).
func (m monitorText) Percent(p regionmonitor.Pct) string { return m.pct(p) }

// Int64 formats a large integer for the page's language.
func (m monitorText) Int64(n int64) string { return i18n.Int(m.lang, int(n)) }
