package monitor

import "math"

// A rollup is a pre-aggregated copy of the table over the low-cardinality
// dimensions the monitor asks for most (year, region, stage, kind, sector,
// level, pathway, sex, domain): one row per distinct combination, holding
// the packed sum and suppressed-cell count of the base rows it replaces.
// A query whose grouped and filtered dimensions are all in the rollup is
// answered from it with the same kernels, touching far fewer rows; any
// other query scans the base table. This is the "aggregate projection" of
// column stores, built once at [Builder.Freeze].

// rollupPriority is the order in which dimensions are tried for the rollup.
var rollupPriority = []Dim{DimYear, DimRegion, DimStage, DimKind, DimSector, DimLevel, DimPathway, DimSex, DimDomain}

// minRollupRows: smaller tables are scanned directly. A variable so that
// tests can build rollups of small tables.
var minRollupRows = 1 << 16

const (
	// rollupShrink: a dimension joins the rollup only while the rollup
	// keeps at most 1/rollupShrink of the base rows.
	rollupShrink = 8
	// maxRollupKeys bounds the dense relabelling array per step.
	maxRollupKeys = 1 << 24
)

// buildRollup returns the rollup of t, or nil when no useful one exists.
// Each priority dimension (with at most 256 values) is added when the
// number of distinct combinations stays within len/rollupShrink; the test is
// exact, one pass per candidate dimension.
func buildRollup(t *Table) *Table {
	if t.n < minRollupRows || t.n > math.MaxInt32 || !t.packed {
		return nil
	}
	ids := make([]int32, t.n)
	next := make([]int32, t.n)
	numIDs := 1
	var dims []Dim
	for _, d := range rollupPriority {
		col := t.cols[d].u8
		card := t.dicts[d].Len()
		if col == nil || numIDs*card > maxRollupKeys {
			continue
		}
		remap := make([]int32, numIDs*card)
		for i := range remap {
			remap[i] = -1
		}
		n := int32(0)
		limit := int32(t.n / rollupShrink)
		ok := true
		for i, id := range ids {
			k := int(id)*card + int(col[i])
			if remap[k] < 0 {
				if n == limit {
					ok = false
					break
				}
				remap[k] = n
				n++
			}
			next[i] = remap[k]
		}
		if !ok {
			continue
		}
		ids, next = next, ids
		numIDs = int(n)
		dims = append(dims, d)
	}
	if len(dims) == 0 {
		return nil
	}
	r := &Table{n: numIDs, dicts: t.dicts, years: t.years, packed: true}
	r.count64 = make([]uint64, numIDs)
	rep := next[:numIDs] // a base row of each rollup row
	for i := range rep {
		rep[i] = -1
	}
	for i, id := range ids {
		if rep[id] < 0 {
			rep[id] = int32(i)
		}
		if t.count16 != nil {
			r.count64[id] += contrib16(t.count16[i])
		} else {
			r.count64[id] += contrib32(t.count32[i])
		}
	}
	for _, d := range dims {
		col := make([]uint8, numIDs)
		for id, i := range rep {
			col[id] = t.cols[d].u8[i]
		}
		r.cols[d] = column{u8: col}
		r.inRollup[d] = true
	}
	return r
}

// RollupDims returns the dimensions of the table's rollup and its number of
// rows, or nil and 0 when the table has none (small tables, or no
// dimension that shrinks it enough).
func (t *Table) RollupDims() ([]Dim, int) {
	if t.rollup == nil {
		return nil, 0
	}
	var out []Dim
	for d := range NumDims {
		if t.rollup.inRollup[d] {
			out = append(out, Dim(d))
		}
	}
	return out, t.rollup.n
}

// source returns the table a plan should scan: the rollup when it holds
// every dimension the plan touches, else t itself.
func (t *Table) source(p *plan) *Table {
	if t.rollup == nil || t.noRollup {
		return t
	}
	for _, tm := range p.terms {
		if !t.rollup.inRollup[tm.dim] {
			return t
		}
	}
	return t.rollup
}
