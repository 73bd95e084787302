package monitor

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// The benchmarks run on 10,000,000 synthetic enrolment rows generated once
// per process (never in the default test run). The baseline is the code one
// writes first: a []struct of int32 fields and a map keyed by the group.

const benchRows = 10_000_000

var (
	benchOnce  sync.Once
	benchTable *Table
	benchNaive []naiveFact
)

// naiveFact is the baseline's row: one int32 per dimension.
type naiveFact struct {
	Region, Municipality, Year, School, Sector, Domain, Qualification int32
	Level, Pathway, Sex, Stage, Kind                                  int32
	Count                                                             int32
	Suppressed                                                        bool
}

var benchSectors = []string{"combinatie", "economie", "groen", SectorTechnology, "zorg en welzijn"}

// synthTable generates rows facts with a fixed seed: 35 regions, 342
// municipalities, 10 years, 600 schools, 5 sectors, 16 domains, 1,400
// qualifications, 4 levels, 3 pathways, 2 sexes, 3 stages, 4 kinds; about
// 8% of the cells suppressed.
func synthTable(tb testing.TB, rows int, seed uint64) *Table {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 42))
	b := NewBuilder()
	intern := func(d Dim, n int, name func(int) string) []uint16 {
		codes := make([]uint16, n)
		for i := range codes {
			c, err := b.Intern(d, name(i))
			if err != nil {
				tb.Fatal(err)
			}
			codes[i] = c
		}
		return codes
	}
	regions := intern(DimRegion, 35, func(i int) string { return fmt.Sprintf("AM%02d", i+1) })
	munis := intern(DimMunicipality, 342, func(i int) string { return fmt.Sprintf("GM%04d", 3+i*5) })
	years := intern(DimYear, 10, func(i int) string { return fmt.Sprint(2015 + i) })
	schools := intern(DimSchool, 600, func(i int) string { return fmt.Sprintf("%02dX%c", i%100, 'A'+i/100) })
	sectors := intern(DimSector, len(benchSectors), func(i int) string { return benchSectors[i] })
	domains := intern(DimDomain, 16, func(i int) string { return fmt.Sprintf("domein %02d", i) })
	quals := intern(DimQualification, 1400, func(i int) string { return fmt.Sprint(25000 + i) })
	levels := intern(DimLevel, 4, func(i int) string { return fmt.Sprint(i + 1) })
	paths := intern(DimPathway, 3, func(i int) string { return []string{"BBL", "BOLDT", "BOLVT"}[i] })
	sexes := intern(DimSex, 2, func(i int) string { return []string{"man", "vrouw"}[i] })
	stages := intern(DimStage, 3, func(i int) string { return []string{StageHBO, StageMBO, StageVMBO}[i] })
	kinds := intern(DimKind, 4, func(i int) string {
		return []string{KindDiploma, KindEnrolment, KindExamCandidate, KindFirstYear}[i]
	})
	for range rows {
		m := rng.IntN(len(munis))
		q := rng.IntN(len(quals))
		c := Codes{
			DimRegion: regions[m%len(regions)], DimMunicipality: munis[m], DimYear: years[rng.IntN(len(years))],
			DimSchool: schools[rng.IntN(len(schools))], DimSector: sectors[q%len(sectors)],
			DimDomain: domains[q%len(domains)], DimQualification: quals[q], DimLevel: levels[rng.IntN(4)],
			DimPathway: paths[rng.IntN(3)], DimSex: sexes[rng.IntN(2)], DimStage: stages[rng.IntN(3)],
			DimKind: kinds[rng.IntN(4)],
		}
		supp := rng.IntN(100) < 8
		count := int64(5 + rng.IntN(40)*rng.IntN(8))
		if err := b.AppendCodes(c, count, supp); err != nil {
			tb.Fatal(err)
		}
	}
	t, err := b.Freeze()
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func benchData(b *testing.B) (*Table, []naiveFact) {
	benchOnce.Do(func() {
		benchTable = synthTable(b, benchRows, 1)
		t := benchTable
		benchNaive = make([]naiveFact, t.n)
		for i := range benchNaive {
			c := func(d Dim) int32 { return int32(t.cols[d].at(i)) }
			benchNaive[i] = naiveFact{Region: c(DimRegion), Municipality: c(DimMunicipality), Year: c(DimYear),
				School: c(DimSchool), Sector: c(DimSector), Domain: c(DimDomain), Qualification: c(DimQualification),
				Level: c(DimLevel), Pathway: c(DimPathway), Sex: c(DimSex), Stage: c(DimStage), Kind: c(DimKind),
				Count: int32(t.count(i)), Suppressed: t.suppressed(i)}
		}
	})
	b.ResetTimer()
	return benchTable, benchNaive
}

// benchAggregate runs q; with scan set it bypasses the rollup and scans
// all rows, which is what any query on a high-cardinality dimension costs.
func benchAggregate(b *testing.B, q Query, scan bool) {
	t, _ := benchData(b)
	if scan {
		c := *t
		c.noRollup = true
		t = &c
	}
	b.ReportAllocs()
	var r *Result
	for b.Loop() {
		var err error
		if r, err = t.Aggregate(q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(t.Len()), "ns/row")
	b.ReportMetric(float64(len(r.Groups)), "groups")
	if p, err := t.compile(q); err == nil && t.source(p) != t {
		b.ReportMetric(float64(t.rollup.Len()), "rollup-rows")
	}
}

var (
	qRegionYear         = Query{GroupBy: []Dim{DimRegion, DimYear}}
	qRegionYearTechniek = Query{GroupBy: []Dim{DimRegion, DimYear}, Where: []Filter{Eq(DimSector, SectorTechnology)}}
	qRegionYearLevel    = Query{GroupBy: []Dim{DimRegion, DimYear, DimLevel}}
	qRegionYearMBO      = Query{GroupBy: []Dim{DimRegion, DimYear}, FromYear: 2017, ToYear: 2022,
		Where: []Filter{Eq(DimSector, SectorTechnology), Eq(DimStage, StageMBO), Eq(DimKind, KindEnrolment)}}
)

func BenchmarkGroupByRegionYear(b *testing.B)         { benchAggregate(b, qRegionYear, false) }
func BenchmarkGroupByRegionYearScan(b *testing.B)     { benchAggregate(b, qRegionYear, true) }
func BenchmarkGroupByRegionYearTechniek(b *testing.B) { benchAggregate(b, qRegionYearTechniek, false) }
func BenchmarkGroupByRegionYearTechniekScan(b *testing.B) {
	benchAggregate(b, qRegionYearTechniek, true)
}
func BenchmarkGroupByRegionYearLevel(b *testing.B)     { benchAggregate(b, qRegionYearLevel, false) }
func BenchmarkGroupByRegionYearLevelScan(b *testing.B) { benchAggregate(b, qRegionYearLevel, true) }
func BenchmarkGroupByRegionYearMBOTechniek(b *testing.B) {
	benchAggregate(b, qRegionYearMBO, false)
}

// The three-dimension group-bys on a dimension outside the rollup always
// scan: domain (16 values, uint8 column) and qualification (1,400 values,
// uint16 column, 490,000 possible groups).
func BenchmarkGroupByRegionYearDomain(b *testing.B) {
	benchAggregate(b, Query{GroupBy: []Dim{DimRegion, DimYear, DimDomain}}, false)
}

func BenchmarkGroupByRegionYearQualification(b *testing.B) {
	benchAggregate(b, Query{GroupBy: []Dim{DimRegion, DimYear, DimQualification}}, false)
}

type naiveKey struct{ region, year int32 }

func naiveRegionYear(rows []naiveFact, keep func(*naiveFact) bool) (map[naiveKey]int, map[naiveKey]int) {
	sums, supp := map[naiveKey]int{}, map[naiveKey]int{}
	for i := range rows {
		r := &rows[i]
		if keep != nil && !keep(r) {
			continue
		}
		k := naiveKey{r.Region, r.Year}
		if r.Suppressed {
			supp[k]++
		} else {
			sums[k] += int(r.Count)
		}
	}
	return sums, supp
}

func benchNaiveRun(b *testing.B, keep func(*naiveFact) bool) {
	_, rows := benchData(b)
	b.ReportAllocs()
	var sums map[naiveKey]int
	for b.Loop() {
		sums, _ = naiveRegionYear(rows, keep)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(rows)), "ns/row")
	b.ReportMetric(float64(len(sums)), "groups")
}

func BenchmarkGroupByRegionYearNaive(b *testing.B) { benchNaiveRun(b, nil) }

func BenchmarkGroupByRegionYearTechniekNaive(b *testing.B) {
	t, _ := benchData(b)
	code, _ := t.Dict(DimSector).Code(SectorTechnology)
	benchNaiveRun(b, func(r *naiveFact) bool { return r.Sector == int32(code) })
}

// BenchmarkFreeze1M measures Freeze (dictionary sort, narrowing, rollup)
// of one million rows; building is outside the timer.
func BenchmarkFreeze1M(b *testing.B) {
	src := synthTable(b, 1_000_000, 3)
	bl := NewBuilder()
	for d := range NumDims {
		for _, v := range src.dicts[d].values {
			if _, err := bl.Intern(Dim(d), v); err != nil {
				b.Fatal(err)
			}
		}
	}
	for i := range src.Len() {
		var c Codes
		for d := range NumDims {
			c[d] = src.cols[d].at(i)
		}
		if err := bl.AppendCodes(c, int64(src.count(i)), src.suppressed(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var t *Table
	for b.Loop() {
		var err error
		if t, err = bl.Freeze(); err != nil {
			b.Fatal(err)
		}
	}
	_, n := t.RollupDims()
	b.ReportMetric(float64(n), "rollup-rows")
	b.ReportMetric(float64(t.Bytes())/1e6, "MB")
}
