package monitor

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func factValue(f Fact, d Dim) string {
	switch d {
	case DimRegion:
		return f.Region
	case DimMunicipality:
		return f.Municipality
	case DimYear:
		return fmt.Sprint(f.Year)
	case DimSchool:
		return f.School
	case DimSector:
		return f.Sector
	case DimDomain:
		return f.Domain
	case DimQualification:
		return f.Qualification
	case DimLevel:
		return f.Level
	case DimPathway:
		return f.Pathway
	case DimSex:
		return f.Sex
	case DimStage:
		return f.Stage
	}
	return f.Kind
}

// reference aggregates row by row through Table.Row: the obvious version.
func reference(tb *Table, q Query) map[[3]string]Count {
	out := map[[3]string]Count{}
rows:
	for i := range tb.Len() {
		f, _ := tb.Row(i)
		for _, flt := range q.Where {
			if !slices.Contains(flt.Values, factValue(f, flt.Dim)) {
				continue rows
			}
		}
		if (q.FromYear != 0 && f.Year < q.FromYear) || (q.ToYear != 0 && f.Year > q.ToYear) {
			continue
		}
		var k [3]string
		for j, d := range q.GroupBy {
			v := factValue(f, d)
			if m, ok := q.Rollup[d]; ok {
				if v, ok = m[v]; !ok {
					continue rows
				}
			}
			k[j] = v
		}
		c := NewCount(f.Count, 0)
		if f.Suppressed {
			c = NewCount(0, 1)
		}
		out[k] = out[k].Add(c)
	}
	for k, c := range out {
		if c.Sum == 0 && c.SuppressedCells == 0 {
			delete(out, k)
		}
	}
	return out
}

// randomTable builds rows random facts; school has 300 values (a uint16
// column) and bigCounts adds counts above 65,535 (a uint32 count column).
func randomTable(t *testing.T, rows int, seed uint64, bigCounts bool) *Table {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	b := NewBuilder()
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	for range rows {
		f := Fact{
			Region: pick("AM01", "AM02", "AM15", "AM21"), Municipality: fmt.Sprintf("GM%04d", rng.IntN(12)),
			Year: 2015 + rng.IntN(5), School: fmt.Sprintf("S%03d", rng.IntN(300)),
			Sector: pick(SectorTechnology, "economie", "zorg en welzijn"), Domain: pick("d1", "d2"),
			Qualification: fmt.Sprint(25000 + rng.IntN(20)), Level: pick("2", "3", "4"),
			Pathway: pick("BOL", "BBL"), Sex: pick("man", "vrouw"), Stage: pick(StageMBO, StageHBO),
			Kind: pick(KindEnrolment, KindDiploma), Count: int64(rng.IntN(60)), Suppressed: rng.IntN(10) == 0,
		}
		if bigCounts && rng.IntN(50) == 0 {
			f.Count = 70000 + int64(rng.IntN(1000))
		}
		if err := b.Append(f); err != nil {
			t.Fatal(err)
		}
	}
	tb, err := b.Freeze()
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

var provinceOf = map[string]string{"GM0000": "PV21", "GM0001": "PV21", "GM0002": "PV23", "GM0003": "PV23",
	"GM0004": "PV25", "GM0005": "PV25", "GM0006": "PV25"} // GM0007.. left out on purpose

var testQueries = map[string]Query{
	"region":                {GroupBy: []Dim{DimRegion}},
	"region-year":           {GroupBy: []Dim{DimRegion, DimYear}},
	"year-region":           {GroupBy: []Dim{DimYear, DimRegion}},
	"region-year-techniek":  {GroupBy: []Dim{DimRegion, DimYear}, Where: []Filter{Eq(DimSector, SectorTechnology)}},
	"region-year-level":     {GroupBy: []Dim{DimRegion, DimYear, DimLevel}},
	"school-year":           {GroupBy: []Dim{DimSchool, DimYear}},
	"school-qual-year":      {GroupBy: []Dim{DimSchool, DimQualification, DimYear}},
	"years 2016-2018":       {GroupBy: []Dim{DimYear}, FromYear: 2016, ToYear: 2018},
	"from 2017":             {GroupBy: []Dim{DimSector, DimYear}, FromYear: 2017},
	"four filters":          {GroupBy: []Dim{DimRegion, DimYear}, Where: []Filter{Eq(DimStage, StageMBO), Eq(DimKind, KindEnrolment), In(DimLevel, "3", "4"), Eq(DimSex, "vrouw")}},
	"filter on grouped dim": {GroupBy: []Dim{DimRegion, DimYear}, Where: []Filter{In(DimRegion, "AM01", "AM15")}},
	"filter on school":      {GroupBy: []Dim{DimYear}, Where: []Filter{In(DimSchool, "S001", "S123", "S299")}},
	"intersecting filters":  {GroupBy: []Dim{DimYear}, Where: []Filter{In(DimLevel, "2", "3"), In(DimLevel, "3", "4")}},
	"unknown value":         {GroupBy: []Dim{DimYear}, Where: []Filter{Eq(DimSector, "landbouw")}},
	"rollup province":       {GroupBy: []Dim{DimMunicipality, DimYear}, Rollup: map[Dim]map[string]string{DimMunicipality: provinceOf}},
	"rollup with filter":    {GroupBy: []Dim{DimYear, DimMunicipality}, Where: []Filter{Eq(DimSector, SectorTechnology)}, Rollup: map[Dim]map[string]string{DimMunicipality: provinceOf}},
}

func checkAgainstReference(t *testing.T, tb *Table, q Query) {
	t.Helper()
	r, err := tb.Aggregate(q)
	if err != nil {
		t.Fatal(err)
	}
	want := reference(tb, q)
	if len(r.Groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(r.Groups), len(want))
	}
	var total Count
	for i, g := range r.Groups {
		if w, ok := want[g.Key]; !ok || w != g.Count {
			t.Fatalf("group %v = %+v, want %+v (present %v)", g.Key, g.Count, w, ok)
		}
		if got, ok := r.Get(g.Key[:len(q.GroupBy)]...); !ok || got != g.Count {
			t.Fatalf("Get(%v) = %+v, %v", g.Key, got, ok)
		}
		if i > 0 && r.keys[i] <= r.keys[i-1] {
			t.Fatalf("groups out of order at %d", i)
		}
		total = total.Add(g.Count)
	}
	if total != r.Total {
		t.Fatalf("Total %+v, sum of groups %+v", r.Total, total)
	}
}

func TestAggregateMatchesReference(t *testing.T) {
	small := randomTable(t, 3000, 1, false)
	big := randomTable(t, 3000, 2, true)
	defer func(r int, g uint64) { minRollupRows, maxDenseGroups = r, g }(minRollupRows, maxDenseGroups)
	minRollupRows = 0
	rolled := randomTable(t, 20000, 3, false)
	minRollupRows = 1 << 16
	if dims, n := rolled.RollupDims(); len(dims) == 0 || n == 0 {
		t.Fatal("expected a rollup on the 20,000-row table")
	}
	if p, _ := rolled.compile(testQueries["region-year-techniek"]); rolled.source(p) != rolled.rollup {
		t.Fatal("region x year x sector should be answered from the rollup")
	}
	if big.count32 == nil {
		t.Fatal("expected a uint32 count column")
	}
	if small.cols[DimSchool].u16 == nil {
		t.Fatal("expected a uint16 school column")
	}
	tables := map[string]*Table{"uint16 counts": small, "uint32 counts": big, "with rollup": rolled}
	for tname, tb := range tables {
		for qname, q := range testQueries {
			t.Run(tname+"/"+qname, func(t *testing.T) { checkAgainstReference(t, tb, q) })
		}
	}
	maxDenseGroups = 10 // every query with more possible groups takes the hash-map path
	for qname, q := range testQueries {
		t.Run("sparse/"+qname, func(t *testing.T) { checkAgainstReference(t, small, q) })
	}
}

func TestAggregateErrors(t *testing.T) {
	tb := randomTable(t, 100, 1, false)
	cases := map[string]Query{
		"no dims":           {},
		"four dims":         {GroupBy: []Dim{DimRegion, DimYear, DimSex, DimStage}},
		"repeated dim":      {GroupBy: []Dim{DimYear, DimYear}},
		"unknown dim":       {GroupBy: []Dim{Dim(NumDims)}},
		"unknown filter":    {GroupBy: []Dim{DimYear}, Where: []Filter{{Dim: 99, Values: []string{"x"}}}},
		"rollup ungrouped":  {GroupBy: []Dim{DimYear}, Rollup: map[Dim]map[string]string{DimRegion: {}}},
		"inverted years":    {GroupBy: []Dim{DimYear}, FromYear: 2019, ToYear: 2016},
		"unknown dim again": {GroupBy: []Dim{DimYear, 200}},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := tb.Aggregate(q); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestBuilder(t *testing.T) {
	b := NewBuilder()
	facts := []Fact{
		{Region: "AM15", Year: 2019, Sector: SectorTechnology, Count: 12},
		{Region: "AM15", Year: 999, Sector: SectorTechnology, Count: 3},
		{Region: "AM02", Year: 2016, Sector: "economie", Count: 77, Suppressed: true},
	}
	for _, f := range facts {
		if err := b.Append(f); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("bad input", func(t *testing.T) {
		for name, err := range map[string]error{
			"negative count": b.Append(Fact{Year: 2019, Count: -1}),
			"huge count":     b.Append(Fact{Year: 2019, Count: 1 << 32}),
			"unknown dim":    func() error { _, err := b.Intern(Dim(40), "x"); return err }(),
			"code not known": b.AppendCodes(Codes{DimRegion: 500}, 1, false),
		} {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: err = %v, want ErrInvalid", name, err)
			}
		}
		if b.Len() != 3 {
			t.Errorf("failed appends changed the builder: Len = %d", b.Len())
		}
	})
	tb, err := b.Freeze()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("dictionaries sorted, years numerically", func(t *testing.T) {
		if got := tb.Years(); !slices.Equal(got, []int{999, 2016, 2019}) {
			t.Errorf("Years = %v", got)
		}
		if got := tb.Dict(DimRegion).Values(); !slices.Equal(got, []string{"AM02", "AM15"}) {
			t.Errorf("regions = %v", got)
		}
		if tb.Dict(Dim(99)) != nil {
			t.Error("Dict of unknown dim is not nil")
		}
	})
	t.Run("rows round trip; suppressed count ignored", func(t *testing.T) {
		for i, want := range facts {
			got, ok := tb.Row(i)
			if want.Suppressed {
				want.Count = 0
			}
			if !ok || got != want {
				t.Errorf("Row(%d) = %+v, want %+v", i, got, want)
			}
		}
		if _, ok := tb.Row(3); ok {
			t.Error("Row out of range reported ok")
		}
		if tb.SuppressedRows() != 1 || tb.Len() != 3 || tb.Bytes() == 0 {
			t.Errorf("SuppressedRows %d Len %d Bytes %d", tb.SuppressedRows(), tb.Len(), tb.Bytes())
		}
	})
	t.Run("year that is not a number", func(t *testing.T) {
		b := NewBuilder()
		var c Codes
		for d := range NumDims {
			c[d], _ = b.Intern(Dim(d), "")
		}
		c[DimYear], _ = b.Intern(DimYear, "2019/20")
		if err := b.AppendCodes(c, 1, false); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Freeze(); !errors.Is(err, ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty table", func(t *testing.T) {
		empty, err := NewBuilder().Freeze()
		if err != nil {
			t.Fatal(err)
		}
		r, err := empty.Aggregate(Query{GroupBy: []Dim{DimYear}})
		if err != nil || len(r.Groups) != 0 {
			t.Fatalf("%v %v", r, err)
		}
	})
}

func TestResultSeries(t *testing.T) {
	b := NewBuilder()
	add := func(region string, year int, count int64, supp bool) {
		if err := b.Append(Fact{Region: region, Year: year, Count: count, Suppressed: supp}); err != nil {
			t.Fatal(err)
		}
	}
	add("AM15", 2016, 10, false)
	add("AM15", 2015, 7, false)
	add("AM15", 2015, 0, true)
	add("AM02", 2017, 0, true)
	add("AM02", 2016, 0, false) // zero rows do not make a group
	tb, _ := b.Freeze()
	r, err := tb.Aggregate(Query{GroupBy: []Dim{DimRegion, DimYear}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Series("AM15")
	if err != nil {
		t.Fatal(err)
	}
	want := Series{{2015, NewCount(7, 1)}, {2016, Exact(10)}}
	if !slices.Equal(s, want) {
		t.Errorf("Series(AM15) = %+v", s)
	}
	if s, _ := r.Series("AM02"); len(s) != 1 || s[0].Count != NewCount(0, 1) {
		t.Errorf("Series(AM02) = %+v", s)
	}
	if s, _ := r.Series("AM99"); len(s) != 0 {
		t.Errorf("Series(AM99) = %+v", s)
	}
	if _, err := r.Series(); !errors.Is(err, ErrInvalid) {
		t.Errorf("Series() err = %v", err)
	}
	if c, ok := r.Get("AM15", "2015"); !ok || c.Lower != 8 || c.Upper != 11 {
		t.Errorf("Get = %+v %v", c, ok)
	}
	if _, ok := r.Get("AM02", "2016"); ok {
		t.Error("zero group present")
	}
	byRegion, _ := tb.Aggregate(Query{GroupBy: []Dim{DimRegion}})
	m, err := byRegion.ByLabel()
	if err != nil || m["AM15"] != NewCount(17, 1) {
		t.Errorf("ByLabel = %v, %v", m, err)
	}
	if _, err := r.ByLabel(); !errors.Is(err, ErrInvalid) {
		t.Errorf("ByLabel on 2 dims: %v", err)
	}
	if _, err := byRegion.SeriesByKey(); !errors.Is(err, ErrInvalid) {
		t.Errorf("SeriesByKey without year: %v", err)
	}
}

// TestAggregateGolden pins the full output of a small deterministic table.
func TestAggregateGolden(t *testing.T) {
	tb := randomTable(t, 500, 11, false)
	var sb strings.Builder
	for _, name := range []string{"region-year-techniek", "rollup province", "years 2016-2018"} {
		r, err := tb.Aggregate(testQueries[name])
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sb, "# %s: %v\n", name, r.Dims)
		for _, g := range r.Groups {
			fmt.Fprintf(&sb, "%-24s sum=%-5d suppressed=%-3d bounds=%d..%d\n",
				strings.Join(g.Key[:len(r.Dims)], " "), g.Count.Sum, g.Count.SuppressedCells, g.Count.Lower, g.Count.Upper)
		}
		fmt.Fprintf(&sb, "total sum=%d suppressed=%d bounds=%d..%d\n\n", r.Total.Sum, r.Total.SuppressedCells, r.Total.Lower, r.Total.Upper)
	}
	golden(t, "aggregate.golden", sb.String())
}
