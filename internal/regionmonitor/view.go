package regionmonitor

import (
	"math"

	"talentloket/internal/monitor"
	"talentloket/internal/monitor/indicator"
)

// The monitor's answers are tables and charts built from the same numbers,
// so that every chart has its data table beside it and every table can be
// exported. Counts carry their bounds (a total that includes cells DUO
// published as "<5" is a range) and whether they are hidden from the
// viewer: everyone but coordinators sees counts below 5 blanked the way
// DUO publishes them, and derived figures (shares, growth) of a blanked
// count blanked too.

// Hidden reasons.
const (
	HiddenSmall = "small"      // the count is (or may be) below 5
	HiddenPair  = "complement" // blanked so that a small count cannot be computed
)

// Num is a count as shown.
type Num struct {
	OK     bool // there is a count (false: no data)
	Lower  int64
	Upper  int64
	Mid    float64
	Exact  bool   // no suppressed cell contributed
	Hidden string // "", HiddenSmall or HiddenPair
}

// numOf returns the shown form of c; exact viewers see everything.
func numOf(c monitor.Count, exact bool) Num {
	n := Num{OK: true, Lower: c.Lower, Upper: c.Upper, Mid: c.Mid(), Exact: c.IsExact()}
	if !exact && c.Lower < monitor.DisclosureThreshold && c.Upper > 0 {
		n.Hidden = HiddenSmall
	}
	return n
}

// Value returns the point value to plot, or nil for a hidden or missing
// count.
func (n Num) Value() *float64 {
	if !n.OK || n.Hidden != "" {
		return nil
	}
	v := n.Mid
	return &v
}

// Pct is a share or a change as shown; Value 0.05 = 5%.
type Pct struct {
	OK     bool
	Value  float64
	Lower  float64
	Upper  float64
	Hidden bool
	Signed bool // a change: shown with its sign
}

func pctOfRatio(r indicator.Ratio, hidden bool) Pct {
	if !r.OK {
		return Pct{}
	}
	return Pct{OK: true, Value: r.Value, Lower: r.Lower, Upper: r.Upper, Hidden: hidden}
}

func pctOfChange(c indicator.Change, ok, hidden bool) Pct {
	if !ok || !c.PctOK {
		return Pct{}
	}
	from := c.Abs / c.Pct // the earlier value's midpoint
	p := Pct{OK: true, Value: c.Pct, Hidden: hidden, Signed: true}
	if from > 0 {
		p.Lower, p.Upper = float64(c.AbsLower)/from, float64(c.AbsUpper)/from
	}
	return p
}

// Ptr returns the percentage to plot (100 * Value), or nil.
func (p Pct) Ptr() *float64 {
	if !p.OK || p.Hidden || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
		return nil
	}
	v := math.Round(p.Value*10000) / 100
	return &v
}

// CellKind says how a cell is shown and exported.
type CellKind int

// Cell kinds.
const (
	CellText CellKind = iota
	CellCount
	CellPct
	CellNumber // a computed number (forecast, gap) with Decimals
	CellKey    // Text is a catalogue key
	CellYear   // Text is a year or school year, never formatted as a number
)

// Cell is one cell of a table.
type Cell struct {
	Kind     CellKind
	Text     string
	Num      Num
	Pct      Pct
	Value    float64
	Lower    float64 // CellNumber: an interval when Upper > Lower
	Upper    float64
	Decimals int
	OK       bool // CellNumber: there is a value
	Link     string
}

func textCell(s string) Cell { return Cell{Kind: CellText, Text: s} }
func keyCell(k string) Cell  { return Cell{Kind: CellKey, Text: k} }
func yearCell(y int) Cell    { return Cell{Kind: CellYear, Text: itoa(y)} }
func countCell(n Num) Cell   { return Cell{Kind: CellCount, Num: n} }
func pctCell(p Pct) Cell     { return Cell{Kind: CellPct, Pct: p} }
func numberCell(v float64, decimals int) Cell {
	return Cell{Kind: CellNumber, Value: v, Decimals: decimals, OK: !math.IsNaN(v) && !math.IsInf(v, 0)}
}
func intervalCell(v, lo, hi float64) Cell {
	return Cell{Kind: CellNumber, Value: v, Lower: lo, Upper: hi, OK: true}
}

// Column is a table column: a catalogue key for its title, or a literal
// Label (a year).
type Column struct {
	Key   string
	Label string
	Num   bool // right-aligned
}

// Table is a titled table of cells.
type Table struct {
	ID       string
	TitleKey string
	Columns  []Column
	Rows     [][]Cell
	Notes    []string // catalogue keys of notes shown under the table
}

// Chart is what the browser draws, from the same numbers as a table.
type Chart struct {
	ID       string
	Kind     string // line or bar
	TitleKey string
	X        []string
	Series   []ChartSeries
	Percent  bool // the values are percentages
	Table    string
}

// ChartSeries is one line or set of bars; Lower and Upper draw an
// interval band (forecasts).
type ChartSeries struct {
	Key    string // catalogue key of the name
	Label  string // or a literal name
	Values []*float64
	Lower  []*float64
	Upper  []*float64
	Dashed bool
	Kind   string // "" = the chart's kind
}

// suppressLine applies DUO-style secondary suppression to a line of cells
// with a shown total: when exactly one cell of the line (total included)
// is blanked, the smallest other one is blanked too. Cells not OK count
// as zero and are never blanked.
func suppressLine(cells []*Num, total *Num) {
	all := append(append([]*Num{}, cells...), total)
	blank, best := 0, -1
	for i, c := range all {
		if !c.OK {
			continue
		}
		if c.Hidden != "" {
			blank++
		} else if best < 0 || (i < len(cells) && (best == len(cells) || c.Upper < all[best].Upper)) {
			best = i
		}
	}
	if blank == 1 && best >= 0 {
		all[best].Hidden = HiddenPair
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// atoi parses a year label; anything else is 0.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
