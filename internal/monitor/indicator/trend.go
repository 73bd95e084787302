package indicator

import (
	"fmt"
	"math"
	"slices"

	"talentloket/internal/monitor"
)

// TrendPoint is one year of a technical trend: the technical count, the
// count of all students in the same scope, the technical share and the
// change of the technical count since the previous year (HasGrowth is false
// for the first year and after a year without data).
type TrendPoint struct {
	Year      int           `json:"year"`
	Technical monitor.Count `json:"technical"`
	All       monitor.Count `json:"all"`
	Share     Ratio         `json:"share"`
	Growth    Change        `json:"growth"`
	HasGrowth bool          `json:"has_growth"`
}

// Trend combines the technical series with the series of all students of
// the same scope (same stage, kind, unit and filters). The years of all
// are the covered years; a covered year the technical series lacks counts
// as zero technical students. It fails with monitor.ErrInvalid when a series is
// invalid, technical has a year all lacks, or a technical count exceeds
// its total even at the bounds.
func Trend(technical, all monitor.Series) ([]TrendPoint, error) {
	if err := technical.Validate(); err != nil {
		return nil, fmt.Errorf("trend: technical: %w", err)
	}
	if err := all.Validate(); err != nil {
		return nil, fmt.Errorf("trend: all: %w", err)
	}
	for _, p := range technical {
		if _, ok := all.At(p.Year); !ok {
			return nil, fmt.Errorf("trend: technical count in %d but no total: %w", p.Year, monitor.ErrInvalid)
		}
	}
	out := make([]TrendPoint, len(all))
	for i, a := range all {
		tech, _ := technical.At(a.Year)
		if tech.Lower > a.Count.Upper {
			return nil, fmt.Errorf("trend: %d technical above %d in all in %d: %w", tech.Lower, a.Count.Upper, a.Year, monitor.ErrInvalid)
		}
		out[i] = TrendPoint{Year: a.Year, Technical: tech, All: a.Count, Share: ratioOf(tech, a.Count, true)}
		if i > 0 && all[i-1].Year == a.Year-1 {
			out[i].Growth, out[i].HasGrowth = changeOf(a.Year-1, a.Year, out[i-1].Technical, tech), true
		}
	}
	return out, nil
}

// TrendSpec selects what [TechnicalTrends] counts.
type TrendSpec struct {
	// Unit is the dimension to report per: DimRegion (the zero value),
	// DimSchool, DimQualification, DimMunicipality ...
	Unit monitor.Dim
	// Scope restricts all students, e.g. stage mbo and kind first_year for
	// technical inflow, kind enrolment for enrolment.
	Scope []monitor.Filter
	// Technical are the extra filters that make a student technical;
	// default sector = techniek.
	Technical []monitor.Filter
	// FromYear and ToYear bound the years (inclusive; zero = open).
	FromYear, ToYear int
}

// UnitTrend is the trend of one unit (region, school, qualification).
type UnitTrend struct {
	Unit   string       `json:"unit"`
	Points []TrendPoint `json:"points"`
}

// TechnicalTrends computes [Trend] per unit from the fact table with two
// aggregations (all students, and technical students, per unit and year).
// Units are ordered by label. It fails with monitor.ErrInvalid when the unit is
// DimYear or unknown, or the query is invalid.
//
// Technical inflow per region: Scope = {stage mbo, kind first_year}.
// Technical enrolment per school: Unit = DimSchool, Scope = {stage mbo,
// kind enrolment}.
func TechnicalTrends(t *monitor.Table, spec TrendSpec) ([]UnitTrend, error) {
	if spec.Unit == monitor.DimYear || int(spec.Unit) >= monitor.NumDims {
		return nil, fmt.Errorf("technical trends: unit %v: %w", spec.Unit, monitor.ErrInvalid)
	}
	technical := spec.Technical
	if len(technical) == 0 {
		technical = []monitor.Filter{monitor.Eq(monitor.DimSector, monitor.SectorTechnology)}
	}
	q := monitor.Query{GroupBy: []monitor.Dim{spec.Unit, monitor.DimYear}, Where: spec.Scope, FromYear: spec.FromYear, ToYear: spec.ToYear}
	allRes, err := t.Aggregate(q)
	if err != nil {
		return nil, fmt.Errorf("technical trends: %w", err)
	}
	q.Where = append(slices.Clone(spec.Scope), technical...)
	techRes, err := t.Aggregate(q)
	if err != nil {
		return nil, fmt.Errorf("technical trends: %w", err)
	}
	all, _ := allRes.SeriesByKey() // grouped by year: cannot fail
	tech, _ := techRes.SeriesByKey()
	techOf := make(map[string]monitor.Series, len(tech))
	for _, l := range tech {
		techOf[l.Key[0]] = l.Series
	}
	out := make([]UnitTrend, 0, len(all))
	for _, l := range all {
		pts, err := Trend(techOf[l.Key[0]], l.Series)
		if err != nil {
			return nil, fmt.Errorf("technical trends: %s: %w", l.Key[0], err)
		}
		out = append(out, UnitTrend{Unit: l.Key[0], Points: pts})
	}
	return out, nil
}

// VMBOPipeline returns per school location the technical vmbo exam
// candidates per year and their share of all candidates: [TechnicalTrends]
// with stage vmbo and kind exam_candidate, within the extra filters (for
// example the region's municipalities). It fails like TechnicalTrends.
func VMBOPipeline(t *monitor.Table, where []monitor.Filter, fromYear, toYear int) ([]UnitTrend, error) {
	scope := append([]monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageVMBO), monitor.Eq(monitor.DimKind, monitor.KindExamCandidate)}, where...)
	return TechnicalTrends(t, TrendSpec{Unit: monitor.DimSchool, Scope: scope, FromYear: fromYear, ToYear: toYear})
}

// SchoolWeight is one school's weight in a target distribution.
type SchoolWeight struct {
	School string  `json:"school"`
	Weight float64 `json:"weight"`
}

// SpreadTarget is the distribution of technical students over the
// region's schools that coordinators aim for. Weights are relative: the
// Noord-Veluwe plan "from 8 = 5 + 2 + 1 to 15 = 5 + 5 + 5" is the weights
// 5, 5, 5 with GrowthFactor 15/8 (the total grows from 8 to 15 units).
type SpreadTarget struct {
	Weights []SchoolWeight `json:"weights"`
	// Total is the target number of students at these schools. When zero,
	// GrowthFactor times the baseline total is used, and when that is zero
	// too, the current total (a pure redistribution).
	Total        float64 `json:"total"`
	GrowthFactor float64 `json:"growth_factor"`
}

// SchoolSpread is one school's position against the target. Gap is the
// number of students still missing (target count minus actual midpoint;
// negative when above target), GapLower..GapUpper with the actual bounds.
// Progress is (actual - baseline) / (target - baseline) on midpoints: 0 at
// the baseline, 1 on target; ProgressOK is false when the target equals the
// baseline.
type SchoolSpread struct {
	School        string        `json:"school"`
	Baseline      monitor.Count `json:"baseline"`
	Actual        monitor.Count `json:"actual"`
	BaselineShare float64       `json:"baseline_share"`
	ActualShare   float64       `json:"actual_share"`
	TargetShare   float64       `json:"target_share"`
	TargetCount   float64       `json:"target_count"`
	Gap           float64       `json:"gap"`
	GapLower      float64       `json:"gap_lower"`
	GapUpper      float64       `json:"gap_upper"`
	Progress      float64       `json:"progress"`
	ProgressOK    bool          `json:"progress_ok"`
}

// SpreadReport compares the spread over schools with the target. Shares
// are taken among the target's schools; students elsewhere are in Outside.
// Distance is the total variation distance between actual and target
// shares (half the sum of absolute differences: 0 = on target, 1 = no
// overlap) and Progress = 1 - Distance/BaselineDistance (ProgressOK false
// when the baseline was already on target).
type SpreadReport struct {
	BaselineYear     int            `json:"baseline_year"`
	Year             int            `json:"year"`
	Schools          []SchoolSpread `json:"schools"`
	BaselineTotal    monitor.Count  `json:"baseline_total"`
	Total            monitor.Count  `json:"total"`
	Outside          monitor.Count  `json:"outside"`
	TargetTotal      float64        `json:"target_total"`
	Distance         float64        `json:"distance"`
	BaselineDistance float64        `json:"baseline_distance"`
	Progress         float64        `json:"progress"`
	ProgressOK       bool           `json:"progress_ok"`
}

// Spread compares the technical students per school in year with the
// baseline year and the target. baseline and actual map school -> count
// (see [monitor.Result.ByLabel]); schools absent from a map count zero. It fails
// with monitor.ErrInvalid for an empty target, a negative, non-finite or repeated
// weight, all-zero weights, a negative Total or GrowthFactor, both set, or
// a baseline year after year, and with monitor.ErrNoData when the target total
// comes out as zero.
func Spread(baseline, actual map[string]monitor.Count, baselineYear, year int, target SpreadTarget) (SpreadReport, error) {
	rep := SpreadReport{BaselineYear: baselineYear, Year: year}
	if baselineYear > year {
		return rep, fmt.Errorf("spread: baseline %d after %d: %w", baselineYear, year, monitor.ErrInvalid)
	}
	if len(target.Weights) == 0 || target.Total < 0 || target.GrowthFactor < 0 || (target.Total > 0 && target.GrowthFactor > 0) {
		return rep, fmt.Errorf("spread: target needs weights and at most one of Total, GrowthFactor (non-negative): %w", monitor.ErrInvalid)
	}
	var wsum float64
	seen := map[string]bool{}
	for _, w := range target.Weights {
		if w.Weight < 0 || math.IsNaN(w.Weight) || math.IsInf(w.Weight, 0) || seen[w.School] {
			return rep, fmt.Errorf("spread: weight %v for %q (negative, not finite or repeated): %w", w.Weight, w.School, monitor.ErrInvalid)
		}
		seen[w.School] = true
		wsum += w.Weight
	}
	if wsum == 0 {
		return rep, fmt.Errorf("spread: all weights zero: %w", monitor.ErrInvalid)
	}
	for _, w := range target.Weights {
		rep.BaselineTotal = rep.BaselineTotal.Add(baseline[w.School])
		rep.Total = rep.Total.Add(actual[w.School])
	}
	for s, c := range actual {
		if !seen[s] {
			rep.Outside = rep.Outside.Add(c)
		}
	}
	switch {
	case target.Total > 0:
		rep.TargetTotal = target.Total
	case target.GrowthFactor > 0:
		rep.TargetTotal = target.GrowthFactor * rep.BaselineTotal.Mid()
	default:
		rep.TargetTotal = rep.Total.Mid()
	}
	if rep.TargetTotal == 0 {
		return rep, fmt.Errorf("spread: target total is zero: %w", monitor.ErrNoData)
	}
	share := func(c, total monitor.Count) float64 {
		if total.Mid() == 0 {
			return 0
		}
		return c.Mid() / total.Mid()
	}
	for _, w := range target.Weights {
		s := SchoolSpread{School: w.School, Baseline: baseline[w.School], Actual: actual[w.School],
			TargetShare: w.Weight / wsum}
		s.BaselineShare, s.ActualShare = share(s.Baseline, rep.BaselineTotal), share(s.Actual, rep.Total)
		s.TargetCount = s.TargetShare * rep.TargetTotal
		s.Gap = s.TargetCount - s.Actual.Mid()
		s.GapLower, s.GapUpper = s.TargetCount-float64(s.Actual.Upper), s.TargetCount-float64(s.Actual.Lower)
		if d := s.TargetCount - s.Baseline.Mid(); d != 0 {
			s.Progress, s.ProgressOK = (s.Actual.Mid()-s.Baseline.Mid())/d, true
		}
		rep.Distance += math.Abs(s.ActualShare-s.TargetShare) / 2
		rep.BaselineDistance += math.Abs(s.BaselineShare-s.TargetShare) / 2
		rep.Schools = append(rep.Schools, s)
	}
	if rep.BaselineDistance > 0 {
		rep.Progress, rep.ProgressOK = 1-rep.Distance/rep.BaselineDistance, true
	}
	return rep, nil
}

// SpreadFromTable runs [Spread] on the table: technical students (sector
// techniek) per school within scope, in the baseline year and in year. It
// fails like Spread and [monitor.Table.Aggregate], and with monitor.ErrInvalid for a year
// that is not positive.
func SpreadFromTable(t *monitor.Table, scope []monitor.Filter, baselineYear, year int, target SpreadTarget) (SpreadReport, error) {
	if baselineYear <= 0 || year <= 0 {
		return SpreadReport{}, fmt.Errorf("spread: years %d and %d: %w", baselineYear, year, monitor.ErrInvalid)
	}
	per := func(y int) (map[string]monitor.Count, error) {
		where := append(slices.Clone(scope), monitor.Eq(monitor.DimSector, monitor.SectorTechnology))
		r, err := t.Aggregate(monitor.Query{GroupBy: []monitor.Dim{monitor.DimSchool}, Where: where, FromYear: y, ToYear: y})
		if err != nil {
			return nil, fmt.Errorf("spread: %w", err)
		}
		return r.ByLabel()
	}
	base, err := per(baselineYear)
	if err != nil {
		return SpreadReport{}, err
	}
	cur, err := per(year)
	if err != nil {
		return SpreadReport{}, err
	}
	return Spread(base, cur, baselineYear, year, target)
}
