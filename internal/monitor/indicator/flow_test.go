package indicator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"talentloket/internal/monitor"
	"talentloket/internal/monitor/forecast"
)

func TestDiplomaYield(t *testing.T) {
	inflow := series(t, 2012, 400, 420, 450, 460, 480)
	diplomas := series(t, 2015, 280, 300, -2, 330) // 2017: two suppressed cells
	est, err := DiplomaYield(diplomas, inflow, YieldOptions{Lag: 3, Stage: monitor.StageMBO, CohortKind: monitor.KindFirstYear})
	if err != nil {
		t.Fatal(err)
	}
	if len(est) != 4 { // diplomas 2015-2018, cohorts 2012-2015
		t.Fatalf("%d estimates", len(est))
	}
	e := est[0]
	if e.Year != 2015 || !near(e.Value.Value, 0.7) || e.Explanation.DenominatorYear != 2012 ||
		e.Explanation.Method != MethodLaggedRatio || !slices.Contains(e.Explanation.Caveats, CaveatNotCohortTracked) {
		t.Errorf("2015: %+v", e)
	}
	if e := est[2]; !slices.Contains(e.Explanation.Caveats, CaveatSuppressed) || !near(e.Value.Lower, 2.0/450) || !near(e.Value.Upper, 8.0/450) {
		t.Errorf("2017 (suppressed): %+v", e)
	}
	all, _ := DiplomaYield(diplomas, inflow, YieldOptions{Lag: 0, CohortKind: monitor.KindEnrolment})
	if len(all) != 2 || !slices.Contains(all[0].Explanation.Caveats, CaveatAllYearsDenominator) {
		t.Errorf("enrolment denominator: %+v", all)
	}
	zero, _ := DiplomaYield(series(t, 2015, 10), series(t, 2015, 0), YieldOptions{})
	if zero[0].Value.OK || !slices.Contains(zero[0].Explanation.Caveats, CaveatZeroDenominator) {
		t.Errorf("zero denominator: %+v", zero)
	}
	if _, err := DiplomaYield(diplomas, inflow, YieldOptions{Lag: 9}); !errors.Is(err, monitor.ErrNoData) {
		t.Errorf("no pairs: %v", err)
	}
	if _, err := DiplomaYield(diplomas, inflow, YieldOptions{Lag: -1}); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("negative lag: %v", err)
	}
}

func TestProgression(t *testing.T) {
	in := ProgressionInput{
		HBOFirstYear: series(t, 2016, 90, 95, 100, 104),
		MBODiplomas:  series(t, 2015, 400, 410),         // covers 2015-2016
		MBOLevel4:    series(t, 2015, 1300, 1320, 1350), // fallback for 2017
	}
	est, err := Progression(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(est) != 3 { // 2019 needs 2018: no data
		t.Fatalf("%d estimates: %+v", len(est), est)
	}
	if e := est[0]; !near(e.Value.Value, 90.0/400) || e.Explanation.DenominatorSource.Kind != monitor.KindDiploma ||
		!slices.Contains(e.Explanation.Caveats, CaveatPriorEducationMixed) || !slices.Contains(e.Explanation.Caveats, CaveatProgrammeLocation) {
		t.Errorf("2016: %+v", e)
	}
	if e := est[2]; !near(e.Value.Value, 100.0/(1350.0/3)) || !slices.Contains(e.Explanation.Caveats, CaveatProxyDenominator) {
		t.Errorf("2018 (proxy): %+v", e)
	}
	in.MBOShare = 0.3
	scaled, _ := Progression(in)
	if e := scaled[0]; !near(e.Value.Value, 0.3*90.0/400) || e.Explanation.Scale != 0.3 || !slices.Contains(e.Explanation.Caveats, CaveatNationalShare) ||
		slices.Contains(e.Explanation.Caveats, CaveatPriorEducationMixed) {
		t.Errorf("with mbo share: %+v", e)
	}
	over, _ := Progression(ProgressionInput{HBOFirstYear: series(t, 2016, 500), MBODiplomas: series(t, 2015, 100)})
	if !slices.Contains(over[0].Explanation.Caveats, CaveatAboveOne) {
		t.Errorf("above one: %+v", over[0])
	}
	for name, bad := range map[string]ProgressionInput{
		"share above one":   {HBOFirstYear: in.HBOFirstYear, MBODiplomas: in.MBODiplomas, MBOShare: 1.5},
		"divisor below one": {HBOFirstYear: in.HBOFirstYear, MBOLevel4: in.MBOLevel4, FinalYearDivisor: 0.5},
		"bad series":        {HBOFirstYear: monitor.Series{{Year: 2016}, {Year: 2016}}},
	} {
		if _, err := Progression(bad); !errors.Is(err, monitor.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Progression(ProgressionInput{HBOFirstYear: in.HBOFirstYear}); !errors.Is(err, monitor.ErrNoData) {
		t.Errorf("no mbo data: %v", err)
	}
}

// TestLabourGapTwente is "700 vacancies soon, 300-400 mbo graduates a year".
func TestLabourGapTwente(t *testing.T) {
	supply := []YearInterval{{2026, Interval{350, 300, 400}}, {2027, Interval{360, 300, 420}}}
	demand := []YearInterval{{2026, Interval{700, 700, 700}}, {2028, Interval{720, 650, 800}}}
	gap, err := LabourGap(supply, demand)
	if err != nil {
		t.Fatal(err)
	}
	if len(gap) != 1 {
		t.Fatalf("%+v", gap)
	}
	g := gap[0]
	if g.Gap != (Interval{350, 300, 400}) || !g.CoverageOK || !near(g.Coverage.Value, 0.5) ||
		!near(g.Coverage.Lower, 300.0/700) || !near(g.Coverage.Upper, 400.0/700) {
		t.Errorf("%+v", g)
	}
	zeroDemand, _ := LabourGap(supply[:1], []YearInterval{{2026, Interval{10, 0, 20}}})
	if zeroDemand[0].CoverageOK {
		t.Errorf("coverage with demand possibly zero: %+v", zeroDemand[0])
	}
	for name, c := range map[string][2][]YearInterval{
		"unordered": {{{2026, Interval{350, 400, 300}}}, demand},
		"negative":  {{{2026, Interval{-1, -2, 0}}}, demand},
		"repeated":  {supply, {{2026, Interval{1, 1, 1}}, {2026, Interval{1, 1, 1}}}},
	} {
		if _, err := LabourGap(c[0], c[1]); !errors.Is(err, monitor.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := LabourGap(supply, []YearInterval{{2030, Interval{1, 1, 1}}}); !errors.Is(err, monitor.ErrNoData) {
		t.Errorf("no common year: %v", err)
	}
}

func TestForecastIntoGap(t *testing.T) {
	grads := series(t, 2017, 310, 325, 340, 335, 350, 365, 372)
	f, err := ForecastSeries(grads, forecast.Options{CurrentYear: 2025, Horizon: 3})
	if err != nil {
		t.Fatal(err)
	}
	supply := SupplyFromForecast(f)
	if len(supply) != 5 || supply[0].Year != 2024 || supply[4].Year != 2028 {
		t.Fatalf("supply %+v", supply)
	}
	demand := []YearInterval{{2026, Interval{700, 650, 750}}, {2027, Interval{710, 650, 770}}}
	gap, err := LabourGap(supply, demand)
	if err != nil || len(gap) != 2 || gap[0].Gap.Lower > gap[0].Gap.Value || gap[0].Gap.Value > gap[0].Gap.Upper {
		t.Fatalf("%+v %v", gap, err)
	}
	if _, err := ForecastSeries(series(t, 2017, 1, 2), forecast.Options{}); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("short series: %v", err)
	}
}

// TestReportGolden pins a whole indicator report on the demo table.
func TestReportGolden(t *testing.T) {
	tb := demoTable(t)
	var b strings.Builder
	inflow := []monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageMBO), monitor.Eq(monitor.DimKind, monitor.KindFirstYear)}
	for _, spec := range []TrendSpec{{Scope: inflow}, {Unit: monitor.DimSchool, Scope: inflow}} {
		trends, err := TechnicalTrends(tb, spec)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "# technical inflow per %v\n", spec.Unit)
		for _, u := range trends {
			for _, p := range u.Points {
				fmt.Fprintf(&b, "%-6s %d tech=%d..%d all=%d..%d share=%.4f (%.4f..%.4f)", u.Unit, p.Year,
					p.Technical.Lower, p.Technical.Upper, p.All.Lower, p.All.Upper, p.Share.Value, p.Share.Lower, p.Share.Upper)
				if p.HasGrowth {
					fmt.Fprintf(&b, " growth=%+.1f (%+d..%+d) %+.2f%%", p.Growth.Abs, p.Growth.AbsLower, p.Growth.AbsUpper, 100*p.Growth.Pct)
				}
				b.WriteByte('\n')
			}
		}
	}
	pipe, err := VMBOPipeline(tb, nil, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("# vmbo pipeline\n")
	for _, u := range pipe {
		for _, p := range u.Points {
			fmt.Fprintf(&b, "%-6s %d candidates=%d..%d of %d..%d share=%.4f\n", u.Unit, p.Year, p.Technical.Lower, p.Technical.Upper, p.All.Lower, p.All.Upper, p.Share.Value)
		}
	}
	golden(t, "report.golden", b.String())
}
