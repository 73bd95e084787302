package monitor

import (
	"fmt"
	"math"
	"slices"
)

// Grid is a two-dimensional table of counts meant for publication: Cells
// is indexed [row][col]. A list is a grid of one row.
type Grid struct {
	Rows  []string  `json:"rows"`
	Cols  []string  `json:"cols"`
	Cells [][]Count `json:"cells"`
}

// GridFromResult lays out a result of one dimension (one row, a column per
// label) or two dimensions (rows by the first, columns by the second);
// absent groups become exact zeros. It fails with ErrInvalid for a result
// of three dimensions.
func GridFromResult(r *Result) (Grid, error) {
	if len(r.Dims) < 1 || len(r.Dims) > 2 {
		return Grid{}, fmt.Errorf("grid: result has %d dimensions, want 1 or 2: %w", len(r.Dims), ErrInvalid)
	}
	var g Grid
	rowOf, colOf := map[string]int{}, map[string]int{}
	if len(r.Dims) == 1 {
		g.Rows, rowOf[""] = []string{""}, 0
	}
	for _, gr := range r.Groups {
		row, col := "", gr.Key[0]
		if len(r.Dims) == 2 {
			row, col = gr.Key[0], gr.Key[1]
		}
		if _, ok := rowOf[row]; !ok {
			rowOf[row] = len(g.Rows)
			g.Rows = append(g.Rows, row)
		}
		if _, ok := colOf[col]; !ok {
			colOf[col] = len(g.Cols)
			g.Cols = append(g.Cols, col)
		}
	}
	g.Cells = make([][]Count, len(g.Rows))
	for i := range g.Cells {
		g.Cells[i] = make([]Count, len(g.Cols))
	}
	for _, gr := range r.Groups {
		row, col := "", gr.Key[0]
		if len(r.Dims) == 2 {
			row, col = gr.Key[0], gr.Key[1]
		}
		g.Cells[rowOf[row]][colOf[col]] = gr.Count
	}
	return g, nil
}

// Policy is a disclosure rule. The zero value is DUO's: counts below 5
// are suppressed, zeros are published.
type Policy struct {
	// Threshold is the smallest publishable count; default 5.
	Threshold int64
	// SuppressZeros also blanks exact zeros.
	SuppressZeros bool
}

// Reason says why a cell was suppressed.
type Reason string

// Reasons for suppression.
const (
	// ReasonPrimary: the cell itself is (or may be) below the threshold.
	ReasonPrimary Reason = "primary"
	// ReasonSecondary: the cell was blanked so that a primary cell cannot
	// be computed from the published totals by subtraction.
	ReasonSecondary Reason = "secondary"
)

// Cell is a published cell: its value, or a blank (Suppressed, Value zero).
type Cell struct {
	Value      Count  `json:"value"`
	Suppressed bool   `json:"suppressed"`
	Reason     Reason `json:"reason,omitempty"`
}

// Position locates a cell of a [Published] table; -1 is the totals row or
// column ({Row: 2, Col: -1} is the total of row 2).
type Position struct {
	Row int `json:"row"`
	Col int `json:"col"`
}

// Published is a grid with row, column and grand totals after
// suppression. Suppressed lists every blanked cell, totals included.
type Published struct {
	Rows       []string   `json:"rows"`
	Cols       []string   `json:"cols"`
	Cells      [][]Cell   `json:"cells"`
	RowTotals  []Cell     `json:"row_totals"`
	ColTotals  []Cell     `json:"col_totals"`
	Total      Cell       `json:"total"`
	Suppressed []Position `json:"suppressed"`
}

// Suppress prepares a grid for open publication the way DUO does: every
// cell and total that is, or may be (given upstream suppressed cells),
// below the threshold is blanked (primary suppression); then further cells
// are blanked until no blanked value can be computed exactly from the
// published cells and totals (secondary suppression).
//
// For a single row or column that means no line with exactly one blank.
// For a larger grid it is the exact condition: with the totals as an extra
// row and column, a blank is computable iff it is a bridge of the
// bipartite graph of blanks (rows and columns as nodes); every such bridge
// is closed into a cycle along the cheapest path of published cells,
// preferring small interior cells of at least the threshold over zeros and
// totals. Intervals (bounds a blank must lie in) are not protected beyond
// that.
//
// It fails with ErrInvalid for ragged cells or inconsistent counts and
// with ErrNoData for an empty grid.
func Suppress(g Grid, p Policy) (Published, error) {
	R, C := len(g.Rows), len(g.Cols)
	if R == 0 || C == 0 {
		return Published{}, fmt.Errorf("suppress: empty grid: %w", ErrNoData)
	}
	if len(g.Cells) != R || p.Threshold < 0 {
		return Published{}, fmt.Errorf("suppress: %d rows of cells for %d rows, threshold %d: %w", len(g.Cells), R, p.Threshold, ErrInvalid)
	}
	if p.Threshold == 0 {
		p.Threshold = DisclosureThreshold
	}
	// e is the extended grid: row R holds the column totals, column C the
	// row totals, e[R][C] the grand total.
	e := make([][]Count, R+1)
	for r := range e {
		e[r] = make([]Count, C+1)
	}
	for r, row := range g.Cells {
		if len(row) != C {
			return Published{}, fmt.Errorf("suppress: row %d has %d cells, want %d: %w", r, len(row), C, ErrInvalid)
		}
		for c, v := range row {
			if v.Sum < 0 || v.SuppressedCells < 0 || v != NewCount(v.Sum, v.SuppressedCells) {
				return Published{}, fmt.Errorf("suppress: cell %d,%d: inconsistent count %+v: %w", r, c, v, ErrInvalid)
			}
			e[r][c] = v
			e[r][C] = e[r][C].Add(v)
			e[R][c] = e[R][c].Add(v)
			e[R][C] = e[R][C].Add(v)
		}
	}
	s := &suppressor{e: e, R: R, C: C, threshold: p.Threshold}
	s.blank = make([][]Reason, R+1)
	for r := range s.blank {
		s.blank[r] = make([]Reason, C+1)
		for c := range s.blank[r] {
			v := e[r][c]
			if v.Lower < p.Threshold && (v.Upper > 0 || p.SuppressZeros) {
				s.blank[r][c] = ReasonPrimary
			}
		}
	}
	if R == 1 || C == 1 {
		s.protectLine()
	} else {
		s.protectGrid()
	}
	return s.publish(g), nil
}

type suppressor struct {
	e         [][]Count
	blank     [][]Reason
	R, C      int
	threshold int64
}

// cost of blanking published cell (r, c) as a complement.
func (s *suppressor) cost(r, c int) float64 {
	v := s.e[r][c]
	switch {
	case r == s.R || c == s.C:
		return 1e9 + float64(v.Upper)
	case v.Lower < s.threshold:
		return 1e6 + float64(v.Upper) // a zero: a weak complement
	}
	return 1 + float64(v.Upper)
}

// protectLine handles a single row (or column): one equation, cells plus
// total; the other totals repeat the cells and follow them.
func (s *suppressor) protectLine() {
	type pos struct{ r, c int }
	var line []pos
	if s.R == 1 {
		for c := 0; c <= s.C; c++ {
			line = append(line, pos{0, c})
		}
	} else {
		for r := 0; r <= s.R; r++ {
			line = append(line, pos{r, 0})
		}
	}
	// A single row's column totals equal its cells (and the other way).
	mirror := func(p pos) pos {
		if s.R == 1 {
			return pos{1, p.c}
		}
		return pos{p.r, 1}
	}
	for _, p := range line {
		if m := mirror(p); s.blank[m.r][m.c] != "" && s.blank[p.r][p.c] == "" {
			s.blank[p.r][p.c] = s.blank[m.r][m.c]
		}
	}
	blanks, best, bestCost := 0, pos{-1, -1}, math.Inf(1)
	for _, p := range line {
		if s.blank[p.r][p.c] != "" {
			blanks++
		} else if c := s.cost(p.r, p.c); c < bestCost {
			best, bestCost = p, c
		}
	}
	if blanks == 1 && best.r >= 0 {
		s.blank[best.r][best.c] = ReasonSecondary
	}
	for _, p := range line {
		m := mirror(p)
		s.blank[m.r][m.c] = s.blank[p.r][p.c]
	}
}

// protectGrid closes every bridge of the graph of blanks into a cycle.
func (s *suppressor) protectGrid() {
	for {
		r, c, ok := s.bridge()
		if !ok {
			return
		}
		for _, e := range s.cheapestPath(r, c) {
			if s.blank[e[0]][e[1]] == "" {
				s.blank[e[0]][e[1]] = ReasonSecondary
			}
		}
	}
}

// Graph of blanks: node r (0..R) is a row line, node R+1+c a column line;
// blank (r, c) is an edge between them.

// bridge returns a blank whose edge is a bridge, scanning row-major.
func (s *suppressor) bridge() (int, int, bool) {
	n := s.R + s.C + 2
	disc, low := make([]int, n), make([]int, n)
	timer := 0
	var br [][2]int
	var dfs func(u, parentEdge int)
	neighbours := func(u int) (out [][3]int) { // node, r, c
		if u <= s.R {
			for c := 0; c <= s.C; c++ {
				if s.blank[u][c] != "" {
					out = append(out, [3]int{s.R + 1 + c, u, c})
				}
			}
			return out
		}
		c := u - s.R - 1
		for r := 0; r <= s.R; r++ {
			if s.blank[r][c] != "" {
				out = append(out, [3]int{r, r, c})
			}
		}
		return out
	}
	dfs = func(u, parentEdge int) {
		timer++
		disc[u], low[u] = timer, timer
		for _, nb := range neighbours(u) {
			v, edge := nb[0], nb[1]*(s.C+1)+nb[2]
			if edge == parentEdge {
				continue
			}
			if disc[v] == 0 {
				dfs(v, edge)
				low[u] = min(low[u], low[v])
				if low[v] > disc[u] {
					br = append(br, [2]int{nb[1], nb[2]})
				}
			} else {
				low[u] = min(low[u], disc[v])
			}
		}
	}
	for u := range n {
		if disc[u] == 0 {
			dfs(u, -1)
		}
	}
	if len(br) == 0 {
		return 0, 0, false
	}
	slices.SortFunc(br, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	return br[0][0], br[0][1], true
}

// cheapestPath returns the entries of the cheapest path from row node r to
// column node c that avoids entry (r, c) itself (Dijkstra; blanks cost 0).
func (s *suppressor) cheapestPath(r0, c0 int) [][2]int {
	n := s.R + s.C + 2
	dist := make([]float64, n)
	prev := make([]int, n)
	done := make([]bool, n)
	for i := range dist {
		dist[i], prev[i] = math.Inf(1), -1
	}
	dist[r0] = 0
	entry := func(u, v int) (int, int) { // u, v are a row and a column node in either order
		if u > s.R {
			u, v = v, u
		}
		return u, v - s.R - 1
	}
	target := s.R + 1 + c0
	for {
		u := -1
		for i := range n {
			if !done[i] && !math.IsInf(dist[i], 1) && (u < 0 || dist[i] < dist[u]) {
				u = i
			}
		}
		if u < 0 || u == target {
			break
		}
		done[u] = true
		lo, hi := s.R+1, n // a row node's neighbours are the column nodes
		if u > s.R {
			lo, hi = 0, s.R+1
		}
		for v := lo; v < hi; v++ {
			r, c := entry(u, v)
			if r == r0 && c == c0 {
				continue
			}
			w := 0.0
			if s.blank[r][c] == "" {
				w = s.cost(r, c)
			}
			if d := dist[u] + w; d < dist[v] {
				dist[v], prev[v] = d, u
			}
		}
	}
	var path [][2]int
	for v := target; prev[v] >= 0; v = prev[v] {
		r, c := entry(v, prev[v])
		path = append(path, [2]int{r, c})
	}
	return path
}

func (s *suppressor) publish(g Grid) Published {
	out := Published{Rows: slices.Clone(g.Rows), Cols: slices.Clone(g.Cols)}
	cell := func(r, c int) Cell {
		if reason := s.blank[r][c]; reason != "" {
			pr, pc := r, c
			if r == s.R {
				pr = -1
			}
			if c == s.C {
				pc = -1
			}
			out.Suppressed = append(out.Suppressed, Position{Row: pr, Col: pc})
			return Cell{Suppressed: true, Reason: reason}
		}
		return Cell{Value: s.e[r][c]}
	}
	out.Cells = make([][]Cell, s.R)
	for r := range s.R {
		out.Cells[r] = make([]Cell, s.C)
		for c := range s.C {
			out.Cells[r][c] = cell(r, c)
		}
		out.RowTotals = append(out.RowTotals, cell(r, s.C))
	}
	for c := range s.C {
		out.ColTotals = append(out.ColTotals, cell(s.R, c))
	}
	out.Total = cell(s.R, s.C)
	return out
}
