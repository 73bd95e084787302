package monitor

import (
	"fmt"
	"slices"
	"strconv"
)

// Filter keeps the rows whose value of Dim is one of Values. Several
// filters on one dimension intersect. A value that does not occur matches
// nothing; it is not an error.
type Filter struct {
	Dim    Dim      `json:"dim"`
	Values []string `json:"values"`
}

// Eq returns the filter Dim == v.
func Eq(d Dim, v string) Filter { return Filter{Dim: d, Values: []string{v}} }

// In returns the filter Dim in values.
func In(d Dim, values ...string) Filter { return Filter{Dim: d, Values: values} }

// Query describes one aggregation: sum the counts of the rows that pass
// every filter and the year range, grouped by one to three dimensions.
type Query struct {
	GroupBy []Dim
	Where   []Filter
	// FromYear and ToYear bound the years, inclusive; zero leaves a side open.
	FromYear, ToYear int
	// Rollup maps the values of a grouped dimension to coarser labels, for
	// example municipality -> COROP or province. Rows whose value has no
	// entry are left out. Only grouped dimensions may be rolled up.
	Rollup map[Dim]map[string]string
}

// Group is one group of a [Result]: the labels of the grouped dimensions
// (in the order of Result.Dims; unused positions are "") and its count.
type Group struct {
	Key   [3]string `json:"key"`
	Count Count     `json:"count"`
}

// Result is the outcome of [Table.Aggregate]. Groups are ordered by their
// codes, which order like their labels (years numerically). Groups without
// any count (no rows, or only rows of zero) are left out: a missing group
// means zero.
type Result struct {
	Dims   []Dim   `json:"dims"`
	Groups []Group `json:"groups"`
	Total  Count   `json:"total"`

	keys    []uint64  // combined key per group, ascending
	dicts   [3]*Dict  // per grouped dim: its labels (the table's, or a rollup's)
	strides [3]uint64 // combined key = sum code_i * stride_i
}

// Get returns the count of the group with the given labels, one per
// grouped dimension, and whether that group is in the result.
func (r *Result) Get(key ...string) (Count, bool) {
	if len(key) != len(r.Dims) {
		return Count{}, false
	}
	var k uint64
	for i, v := range key {
		c, ok := r.dicts[i].Code(v)
		if !ok {
			return Count{}, false
		}
		k += uint64(c) * r.strides[i]
	}
	i, ok := slices.BinarySearch(r.keys, k)
	if !ok {
		return Count{}, false
	}
	return r.Groups[i].Count, true
}

// Labeled is one series of a [Result.SeriesByKey] split: the labels of the
// non-year dimensions (in Result.Dims order) and their yearly series.
type Labeled struct {
	Key    []string `json:"key"`
	Series Series   `json:"series"`
}

// SeriesByKey splits a result grouped by DimYear and up to two other
// dimensions into one yearly series per combination of the other labels.
// It fails with ErrInvalid when DimYear is not grouped or a year label is
// not an integer (for example after a rollup of years).
func (r *Result) SeriesByKey() ([]Labeled, error) {
	yi := slices.Index(r.Dims, DimYear)
	if yi < 0 {
		return nil, fmt.Errorf("series: result is not grouped by year: %w", ErrInvalid)
	}
	var out []Labeled
	pos := map[[3]string]int{}
	for _, g := range r.Groups {
		y, err := strconv.Atoi(g.Key[yi])
		if err != nil {
			return nil, fmt.Errorf("series: year label %q: %w", g.Key[yi], ErrInvalid)
		}
		k := g.Key
		k[yi] = ""
		i, ok := pos[k]
		if !ok {
			i = len(out)
			pos[k] = i
			var labels []string
			for j := range r.Dims {
				if j != yi {
					labels = append(labels, g.Key[j])
				}
			}
			out = append(out, Labeled{Key: labels})
		}
		out[i].Series = append(out[i].Series, Point{Year: y, Count: g.Count})
	}
	for i := range out {
		slices.SortFunc(out[i].Series, func(a, b Point) int { return a.Year - b.Year })
	}
	return out, nil
}

// Series returns the yearly series of the groups whose non-year labels are
// key (in Result.Dims order, year left out). It returns an empty series when
// no group matches and fails like [Result.SeriesByKey].
func (r *Result) Series(key ...string) (Series, error) {
	all, err := r.SeriesByKey()
	if err != nil {
		return nil, err
	}
	if len(key) != len(r.Dims)-1 {
		return nil, fmt.Errorf("series: %d labels for %d non-year dimensions: %w", len(key), len(r.Dims)-1, ErrInvalid)
	}
	for _, l := range all {
		if slices.Equal(l.Key, key) {
			return l.Series, nil
		}
	}
	return Series{}, nil
}

// ByLabel returns, for a result grouped by one dimension, the count per
// label. It fails with ErrInvalid for a result of more than one dimension.
func (r *Result) ByLabel() (map[string]Count, error) {
	if len(r.Dims) != 1 {
		return nil, fmt.Errorf("by label: result has %d dimensions: %w", len(r.Dims), ErrInvalid)
	}
	out := make(map[string]Count, len(r.Groups))
	for _, g := range r.Groups {
		out[g.Key[0]] = g.Count
	}
	return out, nil
}

// maxDenseGroups is the largest number of possible groups (the product of
// the grouped dimensions' cardinalities) aggregated with a dense
// accumulator; larger group-bys use a slower hash map. A variable so that
// tests can force the sparse path.
var maxDenseGroups uint64 = 1 << 20

// plan is a compiled query.
type plan struct {
	dims    []Dim
	n       uint64   // number of possible groups
	dicts   [3]*Dict // labels of the grouped dims
	strides [3]uint64
	mapped  [3][]int32      // grouped dim: code -> label code, -1 = drop
	keep    [NumDims][]bool // filtered, ungrouped dim: code -> keep (nil = all)
	empty   bool            // some filter admits nothing
	// Dense path: per dimension a lookup table from code to its share of
	// the combined group key, or reject (== n) for rows to drop.
	terms  []term
	reject uint32
}

type term struct {
	dim Dim
	lut []uint32 // len >= 256, so uint8 codes index it without bounds checks
}

func (t *Table) compile(q Query) (*plan, error) {
	if len(q.GroupBy) < 1 || len(q.GroupBy) > 3 {
		return nil, fmt.Errorf("aggregate: group by %d dimensions, want 1 to 3: %w", len(q.GroupBy), ErrInvalid)
	}
	for i, d := range q.GroupBy {
		if !d.valid() || slices.Index(q.GroupBy, d) != i {
			return nil, fmt.Errorf("aggregate: group by %v (unknown or repeated): %w", d, ErrInvalid)
		}
	}
	for d := range q.Rollup {
		if !slices.Contains(q.GroupBy, d) {
			return nil, fmt.Errorf("aggregate: rollup of %v, which is not grouped: %w", d, ErrInvalid)
		}
	}
	if q.FromYear != 0 && q.ToYear != 0 && q.ToYear < q.FromYear {
		return nil, fmt.Errorf("aggregate: year range %d-%d: %w", q.FromYear, q.ToYear, ErrInvalid)
	}
	allowed, err := t.allowed(q)
	if err != nil {
		return nil, err
	}
	p := &plan{dims: slices.Clone(q.GroupBy), n: 1}
	for i, d := range q.GroupBy {
		p.dicts[i], p.mapped[i] = groupLabels(t.dicts[d], q.Rollup[d], q.Rollup[d] != nil)
		live := false
		for c := range p.mapped[i] {
			if allowed[d] != nil && !allowed[d][c] {
				p.mapped[i][c] = -1
			}
			live = live || p.mapped[i][c] >= 0
		}
		p.empty = p.empty || !live
		p.n *= uint64(max(1, p.dicts[i].Len()))
	}
	s := uint64(1)
	for i := len(q.GroupBy) - 1; i >= 0; i-- {
		p.strides[i] = s
		s *= uint64(max(1, p.dicts[i].Len()))
	}
	for d := range NumDims {
		if allowed[d] != nil && !slices.Contains(q.GroupBy, Dim(d)) {
			p.keep[d] = allowed[d]
			p.empty = p.empty || !slices.Contains(allowed[d], true)
		}
	}
	if p.n > maxDenseGroups {
		return p, nil
	}
	p.reject = uint32(p.n)
	for i, d := range q.GroupBy {
		lut := p.newLUT(len(p.mapped[i]))
		for c, mc := range p.mapped[i] {
			if mc >= 0 {
				lut[c] = uint32(uint64(mc) * p.strides[i])
			}
		}
		p.terms = append(p.terms, term{dim: d, lut: lut})
	}
	for d, keep := range p.keep {
		if keep == nil {
			continue
		}
		lut := p.newLUT(len(keep))
		for c, ok := range keep {
			if ok {
				lut[c] = 0
			}
		}
		p.terms = append(p.terms, term{dim: Dim(d), lut: lut})
	}
	return p, nil
}

// newLUT returns a lookup table for a dimension of card codes, every entry
// reject; at least 256 long so uint8 codes need no bounds check.
func (p *plan) newLUT(card int) []uint32 {
	lut := make([]uint32, max(card, 256))
	for c := range lut {
		lut[c] = p.reject
	}
	return lut
}

// groupLabels returns the labels of a grouped dimension and the map from
// code to label code (-1 for values the rollup leaves out).
func groupLabels(dict *Dict, rollup map[string]string, rolled bool) (*Dict, []int32) {
	mapped := make([]int32, dict.Len())
	if !rolled {
		for c := range mapped {
			mapped[c] = int32(c)
		}
		return dict, mapped
	}
	labels := newDict()
	for _, v := range dict.values {
		if l, ok := rollup[v]; ok {
			_, _ = labels.intern(l) // at most as many labels as values
		}
	}
	labels, _, _ = sortedDict(labels, false)
	for c, v := range dict.values {
		mapped[c] = -1
		if l, ok := rollup[v]; ok {
			lc, _ := labels.Code(l)
			mapped[c] = int32(lc)
		}
	}
	return labels, mapped
}

// allowed returns per filtered dimension the admitted codes (nil = all).
func (t *Table) allowed(q Query) ([NumDims][]bool, error) {
	var a [NumDims][]bool
	restrict := func(d Dim, ok func(code int) bool) {
		card := t.dicts[d].Len()
		next := make([]bool, card)
		for c := range card {
			next[c] = ok(c) && (a[d] == nil || a[d][c])
		}
		a[d] = next
	}
	for _, f := range q.Where {
		if !f.Dim.valid() {
			return a, fmt.Errorf("aggregate: filter on unknown dimension %d: %w", f.Dim, ErrInvalid)
		}
		codes := map[int]bool{}
		for _, v := range f.Values {
			if c, ok := t.dicts[f.Dim].Code(v); ok {
				codes[int(c)] = true
			}
		}
		restrict(f.Dim, func(c int) bool { return codes[c] })
	}
	if q.FromYear != 0 || q.ToYear != 0 {
		restrict(DimYear, func(c int) bool {
			y := t.years[c]
			return (q.FromYear == 0 || y >= q.FromYear) && (q.ToYear == 0 || y <= q.ToYear)
		})
	}
	return a, nil
}

// Aggregate runs q over the table. It fails with ErrInvalid when q groups by
// no or more than three dimensions, repeats or names an unknown dimension,
// rolls up an ungrouped dimension or has an inverted year range. Filters on
// values that do not occur give an empty result, not an error.
//
// The work is one pass over the code and count columns of the rollup (when
// it holds every grouped and filtered dimension) or of the whole table,
// with a dense accumulator indexed by the combined group code that sums
// exact counts and suppressed cells in one word; it allocates the lookup
// tables, the accumulator and the result. Group-bys with more than 2^20
// possible groups fall back to a hash map.
func (t *Table) Aggregate(q Query) (*Result, error) {
	p, err := t.compile(q)
	if err != nil {
		return nil, err
	}
	r := &Result{Dims: p.dims, dicts: p.dicts, strides: p.strides}
	if p.empty || t.n == 0 {
		return r, nil
	}
	if p.n > maxDenseGroups || !t.packed {
		t.aggregateSparse(p, r)
		return r, nil
	}
	sums, supp := t.aggregateDense(p)
	live := 0
	for k, s := range sums {
		if s != 0 || supp[k] != 0 {
			live++
		}
	}
	r.keys = make([]uint64, 0, live)
	r.Groups = make([]Group, 0, live)
	for k, s := range sums {
		if s != 0 || supp[k] != 0 {
			r.keys = append(r.keys, uint64(k))
			r.Groups = append(r.Groups, Group{Key: p.key(uint64(k)), Count: NewCount(int64(s), int64(supp[k]))})
		}
	}
	r.finish()
	return r, nil
}

func (p *plan) key(k uint64) [3]string {
	var out [3]string
	for i := range p.dims {
		n := uint64(max(1, p.dicts[i].Len()))
		out[i] = p.dicts[i].values[(k/p.strides[i])%n]
	}
	return out
}

func (r *Result) finish() {
	for _, g := range r.Groups {
		r.Total = r.Total.Add(g.Count)
	}
}

// aggregateSparse handles group-bys with more than maxDenseGroups possible
// groups with a hash map; it is correct but several times slower.
func (t *Table) aggregateSparse(p *plan, r *Result) {
	type acc struct{ sum, supp int64 }
	m := map[uint64]*acc{}
rows:
	for i := 0; i < t.n; i++ {
		for d, keep := range p.keep {
			if keep != nil && !keep[t.cols[d].at(i)] {
				continue rows
			}
		}
		var k uint64
		for gi, d := range p.dims {
			mc := p.mapped[gi][t.cols[d].at(i)]
			if mc < 0 {
				continue rows
			}
			k += uint64(mc) * p.strides[gi]
		}
		a := m[k]
		if a == nil {
			a = &acc{}
			m[k] = a
		}
		if t.suppressed(i) {
			a.supp++
		} else {
			a.sum += int64(t.count(i))
		}
	}
	r.keys = make([]uint64, 0, len(m))
	for k, a := range m {
		if a.sum != 0 || a.supp != 0 {
			r.keys = append(r.keys, k)
		}
	}
	slices.Sort(r.keys)
	for _, k := range r.keys {
		r.Groups = append(r.Groups, Group{Key: p.key(k), Count: NewCount(m[k].sum, m[k].supp)})
	}
	r.finish()
}
