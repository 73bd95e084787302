package monitor

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func exactGrid(rows [][]int64) Grid {
	g := Grid{}
	for r, row := range rows {
		g.Rows = append(g.Rows, fmt.Sprintf("r%d", r))
		cells := make([]Count, len(row))
		for c, v := range row {
			cells[c] = Exact(v)
		}
		g.Cells = append(g.Cells, cells)
	}
	for c := range rows[0] {
		g.Cols = append(g.Cols, fmt.Sprintf("c%d", c))
	}
	return g
}

// entries returns the published table with its totals as an (R+1)x(C+1)
// matrix of cells.
func entries(p Published) [][]Cell {
	R, C := len(p.Rows), len(p.Cols)
	e := make([][]Cell, R+1)
	for r := range R {
		e[r] = append(append([]Cell{}, p.Cells[r]...), p.RowTotals[r])
	}
	e[R] = append(append([]Cell{}, p.ColTotals...), p.Total)
	_ = C
	return e
}

// recoverable returns the blanks that the published values determine
// exactly, by linear algebra on every line equation of the table (each row
// and column, totals row and column included): blank k is determined iff
// the unit vector e_k lies in the row space of the equations restricted to
// the blanks. It is independent of the bridge argument Suppress relies on.
func recoverable(p Published) []Position {
	e := entries(p)
	R, C := len(p.Rows), len(p.Cols)
	idx := map[[2]int]int{}
	var unknowns [][2]int
	for r := 0; r <= R; r++ {
		for c := 0; c <= C; c++ {
			if e[r][c].Suppressed {
				idx[[2]int{r, c}] = len(unknowns)
				unknowns = append(unknowns, [2]int{r, c})
			}
		}
	}
	var rows [][]float64
	line := func(cells [][2]int, total [2]int) {
		v := make([]float64, len(unknowns))
		for _, rc := range cells {
			if k, ok := idx[rc]; ok {
				v[k]++
			}
		}
		if k, ok := idx[total]; ok {
			v[k]--
		}
		rows = append(rows, v)
	}
	for r := 0; r <= R; r++ {
		var cells [][2]int
		for c := range C {
			cells = append(cells, [2]int{r, c})
		}
		line(cells, [2]int{r, C})
	}
	for c := 0; c <= C; c++ {
		var cells [][2]int
		for r := range R {
			cells = append(cells, [2]int{r, c})
		}
		line(cells, [2]int{R, c})
	}
	base := rank(rows)
	var out []Position
	for k, rc := range unknowns {
		unit := make([]float64, len(unknowns))
		unit[k] = 1
		if rank(append(rows[:len(rows):len(rows)], unit)) == base {
			out = append(out, Position{rc[0], rc[1]})
		}
	}
	return out
}

func rank(m [][]float64) int {
	a := make([][]float64, len(m))
	for i := range m {
		a[i] = append([]float64{}, m[i]...)
	}
	r := 0
	for c := 0; len(a) > 0 && c < len(a[0]) && r < len(a); c++ {
		p := -1
		for i := r; i < len(a); i++ {
			if math.Abs(a[i][c]) > 1e-9 && (p < 0 || math.Abs(a[i][c]) > math.Abs(a[p][c])) {
				p = i
			}
		}
		if p < 0 {
			continue
		}
		a[r], a[p] = a[p], a[r]
		for i := range a {
			if i != r && math.Abs(a[i][c]) > 1e-9 {
				f := a[i][c] / a[r][c]
				for j := range a[i] {
					a[i][j] -= f * a[r][j]
				}
			}
		}
		r++
	}
	return r
}

func checkPublished(t *testing.T, g Grid, p Published, pol Policy) {
	t.Helper()
	th := pol.Threshold
	if th == 0 {
		th = DisclosureThreshold
	}
	e := entries(p)
	n := 0
	for r := range e {
		for c, cell := range e[r] {
			if cell.Suppressed {
				n++
				if cell.Value != (Count{}) || cell.Reason == "" {
					t.Fatalf("blank %d,%d shows %+v", r, c, cell)
				}
				continue
			}
			v := cell.Value
			if v.Lower < th && (v.Upper > 0 || pol.SuppressZeros) {
				t.Fatalf("published %d,%d = %+v is below %d\n%s", r, c, v, th, render(p))
			}
		}
	}
	if n != len(p.Suppressed) {
		t.Fatalf("%d blanks but %d positions listed", n, len(p.Suppressed))
	}
	if rec := recoverable(p); len(rec) > 0 {
		t.Fatalf("blanks %v can be computed from the published values:\n%s", rec, render(p))
	}
}

func render(p Published) string {
	var b strings.Builder
	for _, row := range entries(p) {
		for _, c := range row {
			if c.Suppressed {
				fmt.Fprintf(&b, "%6s", "x"+string(c.Reason[0]))
			} else {
				fmt.Fprintf(&b, "%6d", c.Value.Sum)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestSuppressCases(t *testing.T) {
	cases := []struct {
		name  string
		rows  [][]int64
		pol   Policy
		blank []Position // exact expected blanks, when given
	}{
		{"nothing small", [][]int64{{10, 20}, {30, 40}}, Policy{}, nil},
		{"one small cell: a 2x2 cycle", [][]int64{{3, 20, 30}, {25, 40, 50}, {60, 70, 80}}, Policy{},
			[]Position{{0, 0}, {0, 1}, {1, 0}, {1, 1}}},
		{"list with one small cell", [][]int64{{3, 12, 7, 40}}, Policy{}, []Position{{0, 0}, {0, 2}, {-1, 0}, {-1, 2}}},
		{"column with one small cell", [][]int64{{9}, {2}, {30}}, Policy{}, []Position{{0, 0}, {0, -1}, {1, 0}, {1, -1}}},
		{"small total", [][]int64{{1, 2}, {6, 9}}, Policy{}, nil},
		{"zeros published", [][]int64{{0, 12}, {7, 0}}, Policy{}, nil},
		{"zeros suppressed", [][]int64{{0, 12, 6}, {7, 0, 30}, {8, 9, 10}}, Policy{SuppressZeros: true}, nil},
		{"threshold 10", [][]int64{{8, 12, 40}, {15, 30, 60}, {11, 22, 33}}, Policy{Threshold: 10}, nil},
		{"single cell", [][]int64{{3}}, Policy{}, []Position{{0, 0}, {0, -1}, {-1, 0}, {-1, -1}}},
		{"all small", [][]int64{{1, 2}, {3, 4}}, Policy{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := exactGrid(c.rows)
			p, err := Suppress(g, c.pol)
			if err != nil {
				t.Fatal(err)
			}
			checkPublished(t, g, p, c.pol)
			if c.blank != nil && fmt.Sprint(p.Suppressed) != fmt.Sprint(c.blank) {
				t.Errorf("blanks %v, want %v\n%s", p.Suppressed, c.blank, render(p))
			}
		})
	}
}

// TestSuppressRandom is the property test: on random grids with many
// small counts (and some upstream-suppressed cells) no published number is
// below the threshold and no blank is computable from the rest.
func TestSuppressRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 400 {
		R, C := 1+rng.IntN(6), 1+rng.IntN(6)
		g := Grid{Cells: make([][]Count, R)}
		for r := range R {
			g.Rows = append(g.Rows, fmt.Sprint(r))
			g.Cells[r] = make([]Count, C)
			for c := range C {
				switch k := rng.IntN(10); {
				case k < 3:
					g.Cells[r][c] = Exact(int64(rng.IntN(5)))
				case k == 3:
					g.Cells[r][c] = NewCount(int64(rng.IntN(3)), 1+int64(rng.IntN(2)))
				default:
					g.Cells[r][c] = Exact(int64(5 + rng.IntN(60)))
				}
			}
		}
		for c := range C {
			g.Cols = append(g.Cols, fmt.Sprint(c))
		}
		pol := Policy{SuppressZeros: i%3 == 0}
		p, err := Suppress(g, pol)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("%dx%d#%d", R, C, i), func(t *testing.T) { checkPublished(t, g, p, pol) })
	}
}

// TestRecoverableCatchesLoneBlank shows that the checker used above does
// find a computable blank: primary suppression alone leaves one.
func TestRecoverableCatchesLoneBlank(t *testing.T) {
	p := Published{Rows: []string{"a", "b"}, Cols: []string{"x", "y"},
		Cells:     [][]Cell{{{Suppressed: true, Reason: ReasonPrimary}, {Value: Exact(10)}}, {{Value: Exact(7)}, {Value: Exact(9)}}},
		RowTotals: []Cell{{Value: Exact(13)}, {Value: Exact(16)}}, ColTotals: []Cell{{Value: Exact(10)}, {Value: Exact(19)}},
		Total: Cell{Value: Exact(29)}}
	if got := recoverable(p); len(got) != 1 || got[0] != (Position{0, 0}) {
		t.Fatalf("recoverable = %v", got)
	}
}

func TestSuppressErrors(t *testing.T) {
	for name, g := range map[string]Grid{
		"ragged":        {Rows: []string{"a", "b"}, Cols: []string{"x"}, Cells: [][]Count{{Exact(1)}, {}}},
		"rows mismatch": {Rows: []string{"a"}, Cols: []string{"x"}, Cells: nil},
		"inconsistent":  {Rows: []string{"a"}, Cols: []string{"x"}, Cells: [][]Count{{{Sum: 3, Lower: 1}}}},
	} {
		if _, err := Suppress(g, Policy{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Suppress(Grid{}, Policy{}); !errors.Is(err, ErrNoData) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Suppress(exactGrid([][]int64{{1}}), Policy{Threshold: -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative threshold: %v", err)
	}
}

func TestGridFromResult(t *testing.T) {
	tb := randomTable(t, 400, 4, false)
	r, err := tb.Aggregate(Query{GroupBy: []Dim{DimRegion, DimLevel}, Where: []Filter{Eq(DimYear, "2017"), Eq(DimSex, "vrouw")}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := GridFromResult(r)
	if err != nil {
		t.Fatal(err)
	}
	for ri, row := range g.Rows {
		for ci, col := range g.Cols {
			want, _ := r.Get(row, col)
			if g.Cells[ri][ci] != want {
				t.Errorf("%s/%s = %+v, want %+v", row, col, g.Cells[ri][ci], want)
			}
		}
	}
	p, err := Suppress(g, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	checkPublished(t, g, p, Policy{})
	one, _ := tb.Aggregate(Query{GroupBy: []Dim{DimSector}})
	if g, err := GridFromResult(one); err != nil || len(g.Rows) != 1 || len(g.Cols) != 3 {
		t.Errorf("one dim: %+v %v", g, err)
	}
	three, _ := tb.Aggregate(Query{GroupBy: []Dim{DimSector, DimYear, DimSex}})
	if _, err := GridFromResult(three); !errors.Is(err, ErrInvalid) {
		t.Errorf("three dims: %v", err)
	}
}

// FuzzSuppress checks the two guarantees on grids decoded from bytes: the
// first two bytes give the shape (1..6 x 1..6), the rest the counts (a
// byte b >= 250 is an upstream-suppressed cell).
func FuzzSuppress(f *testing.F) {
	f.Add([]byte{2, 2, 3, 20, 25, 40})
	f.Add([]byte{0, 4, 1, 2, 3, 4, 9})
	f.Add([]byte{3, 3, 0, 0, 7, 251, 30, 2, 9, 9, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		R, C := 1+int(data[0]%6), 1+int(data[1]%6)
		g := Grid{Cells: make([][]Count, R)}
		k := 2
		for r := range R {
			g.Rows = append(g.Rows, fmt.Sprint(r))
			g.Cells[r] = make([]Count, C)
			for c := range C {
				var b byte
				if k < len(data) {
					b = data[k]
					k++
				}
				if b >= 250 {
					g.Cells[r][c] = NewCount(0, int64(b-249))
				} else {
					g.Cells[r][c] = Exact(int64(b % 40))
				}
			}
		}
		for c := range C {
			g.Cols = append(g.Cols, fmt.Sprint(c))
		}
		pol := Policy{SuppressZeros: data[0]&0x80 != 0}
		p, err := Suppress(g, pol)
		if err != nil {
			t.Fatal(err)
		}
		checkPublished(t, g, p, pol)
	})
}
