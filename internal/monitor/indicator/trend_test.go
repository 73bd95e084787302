package indicator

import (
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"talentloket/internal/monitor"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

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

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// series builds a series of exact counts; a negative value -k stands for
// k suppressed cells.
func series(t *testing.T, from int, values ...int64) monitor.Series {
	t.Helper()
	s := make(monitor.Series, len(values))
	for i, v := range values {
		c := monitor.Exact(v)
		if v < 0 {
			c = monitor.NewCount(0, -v)
		}
		s[i] = monitor.Point{Year: from + i, Count: c}
	}
	return s
}

func TestTrend(t *testing.T) {
	tech := series(t, 2016, 100, 110, 99)
	all := series(t, 2015, 900, 1000, 1000, 1100)
	pts, err := Trend(tech, all)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 4 || pts[0].Technical != (monitor.Count{}) || pts[0].HasGrowth {
		t.Fatalf("first year: %+v", pts[0])
	}
	p := pts[2]
	if !near(p.Share.Value, 0.11) || !p.HasGrowth || p.Growth.Abs != 10 || !near(p.Growth.Pct, 0.1) || p.Growth.From != 2016 {
		t.Errorf("2017: %+v", p)
	}
	if g := pts[1].Growth; !pts[1].HasGrowth || g.PctOK {
		t.Errorf("growth from zero has no percentage: %+v", g)
	}
	if !near(pts[3].Growth.Pct, -0.1) || !near(pts[3].Share.Value, 0.09) {
		t.Errorf("2018: %+v", pts[3])
	}

	t.Run("suppressed cells give bounds", func(t *testing.T) {
		tech := monitor.Series{{Year: 2019, Count: monitor.NewCount(20, 2)}} // 22..28
		all := monitor.Series{{Year: 2019, Count: monitor.NewCount(200, 2)}} // 202..208
		pts, err := Trend(tech, all)
		if err != nil {
			t.Fatal(err)
		}
		s := pts[0].Share
		if !near(s.Lower, 22.0/208) || !near(s.Upper, 28.0/202) || !near(s.Value, 25.0/205) {
			t.Errorf("share %+v", s)
		}
	})
	t.Run("gap year breaks growth", func(t *testing.T) {
		pts, err := Trend(monitor.Series{{Year: 2017, Count: monitor.Exact(6)}},
			monitor.Series{{Year: 2015, Count: monitor.Exact(50)}, {Year: 2017, Count: monitor.Exact(60)}})
		if err != nil || len(pts) != 2 || pts[1].HasGrowth {
			t.Errorf("growth across a missing year: %+v", pts[1])
		}
	})
	for name, c := range map[string][2]monitor.Series{
		"technical year without total": {series(t, 2014, 5), series(t, 2015, 50)},
		"technical above total":        {series(t, 2015, 60), series(t, 2015, 50)},
		"years not ascending":          {nil, {{Year: 2016}, {Year: 2015}}},
		"inconsistent count":           {nil, {{Year: 2016, Count: monitor.Count{Sum: 5}}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Trend(c[0], c[1]); !errors.Is(err, monitor.ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// demoTable is a small region: two mbo schools and two vmbo locations,
// 2019-2021, with a few suppressed cells.
func demoTable(t *testing.T) *monitor.Table {
	t.Helper()
	b := monitor.NewBuilder()
	add := func(f monitor.Fact) {
		if err := b.Append(f); err != nil {
			t.Fatal(err)
		}
	}
	for i, y := range []int{2019, 2020, 2021} {
		n := int64(i)
		for _, sex := range []string{"man", "vrouw"} {
			add(monitor.Fact{Region: "AM15", School: "25LX", Year: y, Sector: monitor.SectorTechnology, Level: "4", Sex: sex,
				Stage: monitor.StageMBO, Kind: monitor.KindFirstYear, Count: 100 + 10*n})
			add(monitor.Fact{Region: "AM15", School: "25LX", Year: y, Sector: "economie", Level: "4", Sex: sex,
				Stage: monitor.StageMBO, Kind: monitor.KindFirstYear, Count: 200})
			add(monitor.Fact{Region: "AM15", School: "01OE", Year: y, Sector: monitor.SectorTechnology, Level: "3", Sex: sex,
				Stage: monitor.StageMBO, Kind: monitor.KindFirstYear, Count: 40 + 20*n})
			add(monitor.Fact{Region: "AM15", School: "01OE", Year: y, Sector: "zorg en welzijn", Level: "3", Sex: sex,
				Stage: monitor.StageMBO, Kind: monitor.KindFirstYear, Suppressed: true})
		}
		add(monitor.Fact{Region: "AM15", School: "20DP01", Year: y, Sector: monitor.SectorTechnology,
			Stage: monitor.StageVMBO, Kind: monitor.KindExamCandidate, Count: 30 + 5*n})
		add(monitor.Fact{Region: "AM15", School: "20DP01", Year: y, Sector: "economie",
			Stage: monitor.StageVMBO, Kind: monitor.KindExamCandidate, Count: 60})
		add(monitor.Fact{Region: "AM15", School: "21AB00", Year: y, Sector: monitor.SectorTechnology,
			Stage: monitor.StageVMBO, Kind: monitor.KindExamCandidate, Suppressed: true})
		add(monitor.Fact{Region: "AM15", School: "21AB00", Year: y, Sector: "zorg en welzijn",
			Stage: monitor.StageVMBO, Kind: monitor.KindExamCandidate, Count: 25})
		add(monitor.Fact{Region: "AM02", School: "30XX", Year: y, Sector: monitor.SectorTechnology, Level: "4",
			Stage: monitor.StageMBO, Kind: monitor.KindFirstYear, Count: 500})
	}
	tb, err := b.Freeze()
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestTechnicalTrends(t *testing.T) {
	tb := demoTable(t)
	inflow := []monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageMBO), monitor.Eq(monitor.DimKind, monitor.KindFirstYear)}
	trends, err := TechnicalTrends(tb, TrendSpec{Scope: inflow})
	if err != nil {
		t.Fatal(err)
	}
	if len(trends) != 2 || trends[0].Unit != "AM02" || trends[1].Unit != "AM15" {
		t.Fatalf("units %+v", trends)
	}
	am15 := trends[1].Points
	// 2020: technical 2*(110+60) = 340; all 340 + 400 + 2 suppressed.
	if p := am15[1]; p.Technical != monitor.Exact(340) || p.All != monitor.NewCount(740, 2) || !near(p.Growth.Pct, 340.0/280-1) {
		t.Errorf("AM15 2020: %+v", p)
	}
	bySchool, err := TechnicalTrends(tb, TrendSpec{Unit: monitor.DimSchool, Scope: append(inflow, monitor.Eq(monitor.DimRegion, "AM15")), FromYear: 2020})
	if err != nil {
		t.Fatal(err)
	}
	if len(bySchool) != 2 || len(bySchool[0].Points) != 2 || bySchool[0].Unit != "01OE" {
		t.Fatalf("schools %+v", bySchool)
	}
	if _, err := TechnicalTrends(tb, TrendSpec{Unit: monitor.DimYear}); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("unit year: %v", err)
	}
	if _, err := TechnicalTrends(tb, TrendSpec{FromYear: 2021, ToYear: 2019}); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("inverted years: %v", err)
	}
}

func TestVMBOPipeline(t *testing.T) {
	pipe, err := VMBOPipeline(demoTable(t), []monitor.Filter{monitor.Eq(monitor.DimRegion, "AM15")}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pipe) != 2 || pipe[0].Unit != "20DP01" || len(pipe[0].Points) != 3 {
		t.Fatalf("%+v", pipe)
	}
	if p := pipe[0].Points[2]; p.Technical != monitor.Exact(40) || !near(p.Share.Value, 0.4) {
		t.Errorf("20DP01 2021: %+v", p)
	}
	if p := pipe[1].Points[0]; p.Technical != monitor.NewCount(0, 1) || p.Share.Lower != 1.0/29 || p.Share.Upper != 4.0/26 {
		t.Errorf("21AB00 2019 (suppressed): %+v", p)
	}
}

// TestSpreadNoordVeluwe is the plan "from 8 = 5 + 2 + 1 to 15 = 5 + 5 + 5":
// baseline 500/200/100 students, target 500 each.
func TestSpreadNoordVeluwe(t *testing.T) {
	base := map[string]monitor.Count{"Deltion": monitor.Exact(500), "Techniek Academie": monitor.Exact(200), "Landstede": monitor.Exact(100)}
	now := map[string]monitor.Count{"Deltion": monitor.Exact(510), "Techniek Academie": monitor.Exact(300),
		"Landstede": monitor.Exact(180), "Elders": monitor.Exact(12)}
	target := SpreadTarget{Weights: []SchoolWeight{{"Deltion", 5}, {"Techniek Academie", 5}, {"Landstede", 5}}, GrowthFactor: 15.0 / 8}
	rep, err := Spread(base, now, 2019, 2023, target)
	if err != nil {
		t.Fatal(err)
	}
	if !near(rep.TargetTotal, 1500) || rep.Outside != monitor.Exact(12) || rep.Total != monitor.Exact(990) {
		t.Fatalf("report %+v", rep)
	}
	want := []struct {
		gap, progress float64
		ok            bool
	}{{-10, 0, false}, {200, 1.0 / 3, true}, {320, 0.2, true}}
	for i, w := range want {
		s := rep.Schools[i]
		if !near(s.TargetCount, 500) || !near(s.Gap, w.gap) || s.ProgressOK != w.ok || !near(s.Progress, w.progress) || !near(s.TargetShare, 1.0/3) {
			t.Errorf("%s: %+v", s.School, s)
		}
	}
	// Baseline shares 5/8, 2/8, 1/8 against 1/3 each: distance 7/24.
	if !near(rep.BaselineDistance, 7.0/24) || !rep.ProgressOK || rep.Progress <= 0 || rep.Progress >= 1 {
		t.Errorf("distance %v -> %v, progress %v", rep.BaselineDistance, rep.Distance, rep.Progress)
	}

	for name, tg := range map[string]SpreadTarget{
		"no weights":     {},
		"negative":       {Weights: []SchoolWeight{{"a", -1}}},
		"repeated":       {Weights: []SchoolWeight{{"a", 1}, {"a", 2}}},
		"zero weights":   {Weights: []SchoolWeight{{"a", 0}}},
		"total and grow": {Weights: []SchoolWeight{{"a", 1}}, Total: 10, GrowthFactor: 2},
		"nan weight":     {Weights: []SchoolWeight{{"a", math.NaN()}}},
	} {
		if _, err := Spread(base, now, 2019, 2023, tg); !errors.Is(err, monitor.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Spread(base, now, 2024, 2023, target); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("baseline after year: %v", err)
	}
	if _, err := Spread(nil, nil, 2019, 2023, target); !errors.Is(err, monitor.ErrNoData) {
		t.Errorf("no students: %v", err)
	}
}

func TestSpreadFromTable(t *testing.T) {
	tb := demoTable(t)
	scope := []monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageMBO), monitor.Eq(monitor.DimRegion, "AM15")}
	rep, err := SpreadFromTable(tb, scope, 2019, 2021, SpreadTarget{Weights: []SchoolWeight{{"25LX", 1}, {"01OE", 1}}})
	if err != nil {
		t.Fatal(err)
	}
	// 2019: 25LX 200, 01OE 80; 2021: 240 and 160; target total = current 400.
	if rep.Schools[0].Baseline != monitor.Exact(200) || rep.Schools[1].Actual != monitor.Exact(160) || !near(rep.Schools[1].Gap, 40) {
		t.Errorf("%+v", rep)
	}
	if _, err := SpreadFromTable(tb, scope, 0, 2021, SpreadTarget{Weights: []SchoolWeight{{"25LX", 1}}}); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("year 0: %v", err)
	}
}
