package monitor

import (
	"fmt"
	"slices"
)

// Count is a total that may include suppressed cells. Sum adds the exactly
// known cells; every suppressed cell adds 1 to Lower and 4 to Upper, so the
// true total lies in [Lower, Upper] and is "at least Lower".
type Count struct {
	Sum             int64 `json:"sum"`
	SuppressedCells int64 `json:"suppressed_cells"`
	Lower           int64 `json:"lower"`
	Upper           int64 `json:"upper"`
}

// NewCount returns the count of exact sum sum plus suppressed cells of 1..4.
func NewCount(sum, suppressedCells int64) Count {
	return Count{Sum: sum, SuppressedCells: suppressedCells,
		Lower: sum + SuppressedMin*suppressedCells, Upper: sum + SuppressedMax*suppressedCells}
}

// Exact returns the count of an exactly known value v.
func Exact(v int64) Count { return NewCount(v, 0) }

// IsExact reports whether no suppressed cell contributed.
func (c Count) IsExact() bool { return c.SuppressedCells == 0 }

// Mid returns the midpoint of the bounds, the point value indicators use.
func (c Count) Mid() float64 { return float64(c.Lower+c.Upper) / 2 }

// IsZero reports whether the count is exactly zero.
func (c Count) IsZero() bool { return c.Upper == 0 }

// Add returns the total of c and o.
func (c Count) Add(o Count) Count {
	return Count{Sum: c.Sum + o.Sum, SuppressedCells: c.SuppressedCells + o.SuppressedCells,
		Lower: c.Lower + o.Lower, Upper: c.Upper + o.Upper}
}

// Point is the count of one year in a [Series].
type Point struct {
	Year  int   `json:"year"`
	Count Count `json:"count"`
}

// Series is a yearly series of counts, ascending by year and without
// duplicate years. A year that is absent means "no rows", which for a
// filtered aggregate is a count of zero; use [Series.Fill] to make that
// explicit over a known range.
type Series []Point

// NewSeries builds a series from parallel slices of years and exact values.
// It fails with ErrInvalid when the lengths differ, a value is negative or
// the years are not strictly ascending.
func NewSeries(years []int, values []int64) (Series, error) {
	if len(years) != len(values) {
		return nil, fmt.Errorf("series: %d years but %d values: %w", len(years), len(values), ErrInvalid)
	}
	s := make(Series, len(years))
	for i := range years {
		if values[i] < 0 {
			return nil, fmt.Errorf("series: negative value %d in %d: %w", values[i], years[i], ErrInvalid)
		}
		s[i] = Point{Year: years[i], Count: Exact(values[i])}
	}
	return s, s.Validate()
}

// Validate returns an error wrapping ErrInvalid when the years are not
// strictly ascending or a count is inconsistent (negative, or bounds that
// do not match Sum and SuppressedCells).
func (s Series) Validate() error {
	for i, p := range s {
		if i > 0 && p.Year <= s[i-1].Year {
			return fmt.Errorf("series: year %d after %d: %w", p.Year, s[i-1].Year, ErrInvalid)
		}
		c := p.Count
		if c.Sum < 0 || c.SuppressedCells < 0 || c != NewCount(c.Sum, c.SuppressedCells) {
			return fmt.Errorf("series: inconsistent count %+v in %d: %w", c, p.Year, ErrInvalid)
		}
	}
	return nil
}

// At returns the count of year y and whether the series has that year.
func (s Series) At(y int) (Count, bool) {
	i, ok := slices.BinarySearchFunc(s, y, func(p Point, y int) int { return p.Year - y })
	if !ok {
		return Count{}, false
	}
	return s[i].Count, true
}

// Years returns the years of the series.
func (s Series) Years() []int {
	out := make([]int, len(s))
	for i, p := range s {
		out[i] = p.Year
	}
	return out
}

// Fill returns the series over every year from..to, with zero counts for
// the years s lacks; points outside the range are dropped. It returns nil
// when to < from.
func (s Series) Fill(from, to int) Series {
	if to < from {
		return nil
	}
	out := make(Series, 0, to-from+1)
	for y := from; y <= to; y++ {
		c, _ := s.At(y)
		out = append(out, Point{Year: y, Count: c})
	}
	return out
}

// Mids returns the years and midpoint values of s, the input forecasts take.
func (s Series) Mids() (years []int, values []float64) {
	years = make([]int, len(s))
	values = make([]float64, len(s))
	for i, p := range s {
		years[i], values[i] = p.Year, p.Count.Mid()
	}
	return years, values
}
