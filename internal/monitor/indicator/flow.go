package indicator

import (
	"fmt"
	"math"

	"talentloket/internal/monitor"
	"talentloket/internal/monitor/forecast"
)

// Caveat is a stable code for a limitation of an estimate; the interface
// translates it.
type Caveat string

// Caveats of the flow estimators.
const (
	// CaveatNotCohortTracked: numerator and denominator are counts of
	// different years, not the same students followed over time.
	CaveatNotCohortTracked Caveat = "not_cohort_tracked"
	// CaveatAllYearsDenominator: the denominator counts every year of
	// study, not one cohort; the ratio understates a cohort yield.
	CaveatAllYearsDenominator Caveat = "all_years_denominator"
	// CaveatSuppressed: suppressed cells ("<5") widen the bounds.
	CaveatSuppressed Caveat = "suppressed_cells"
	// CaveatZeroDenominator: no estimate, the denominator is zero.
	CaveatZeroDenominator Caveat = "zero_denominator"
	// CaveatPriorEducationMixed: hbo first-years include havo, vwo and
	// other entrants, not only mbo graduates; the ratio overstates
	// progression from mbo.
	CaveatPriorEducationMixed Caveat = "prior_education_mixed"
	// CaveatNationalShare: the mbo share of hbo entrants applied to the
	// numerator is a national figure, not the region's.
	CaveatNationalShare Caveat = "national_share_applied"
	// CaveatProgrammeLocation: hbo enrolments are counted where the
	// programme is, not where the student lived or went to mbo; students
	// leaving the region are missed and incoming ones counted.
	CaveatProgrammeLocation Caveat = "programme_location"
	// CaveatSectorSwitch: mbo technical graduates entering a non-technical
	// hbo programme are missed; hbo technical entrants from other mbo
	// sectors are counted.
	CaveatSectorSwitch Caveat = "sector_switch"
	// CaveatDirectOnly: only entry in the year after the diploma is
	// matched; later entry (after work or a gap year) is not.
	CaveatDirectOnly Caveat = "direct_progression_only"
	// CaveatProxyDenominator: level-4 enrolment divided by the nominal
	// programme length stands in for the missing diploma count.
	CaveatProxyDenominator Caveat = "proxy_denominator"
	// CaveatAboveOne: the estimate exceeds 1, a sign that the numerator
	// holds more than this region's mbo graduates.
	CaveatAboveOne Caveat = "above_one"
)

// Source says which facts a number came from.
type Source struct {
	Stage string `json:"stage"`
	Kind  string `json:"kind"`
	Note  string `json:"note,omitempty"`
}

// Explanation shows how an [Estimate] was made: the method, the counts
// and years divided, where they came from, the factor applied to the
// numerator and the caveats that apply.
type Explanation struct {
	Method            string        `json:"method"`
	Numerator         monitor.Count `json:"numerator"`
	Denominator       monitor.Count `json:"denominator"`
	NumeratorYear     int           `json:"numerator_year"`
	DenominatorYear   int           `json:"denominator_year"`
	NumeratorSource   Source        `json:"numerator_source"`
	DenominatorSource Source        `json:"denominator_source"`
	Scale             float64       `json:"scale"`
	Caveats           []Caveat      `json:"caveats"`
}

// Estimate is a ratio for one year with bounds (see [Ratio]) and its
// explanation. When Value.OK is false there is no estimate (zero
// denominator); the explanation says so.
type Estimate struct {
	Year        int         `json:"year"`
	Value       Ratio       `json:"value"`
	Explanation Explanation `json:"explanation"`
}

// Method codes of the estimators.
const (
	// MethodLaggedRatio: diplomas in year t divided by the cohort count
	// (first-years, or enrolment) in year t-lag.
	MethodLaggedRatio = "lagged_ratio"
	// MethodProgressionRatio: hbo technical first-years in year t divided
	// by mbo level-4 technical diplomas (or a proxy) in year t-1.
	MethodProgressionRatio = "progression_ratio"
)

// YieldOptions parameterise [DiplomaYield].
type YieldOptions struct {
	// Lag is the number of years between entry and diploma (nominal
	// length: 3 or 4 for mbo level 4, 4 for an hbo bachelor), 0..20.
	Lag int
	// Stage and CohortKind describe the denominator: KindFirstYear (the
	// preferred inflow cohort) or KindEnrolment (all years of study).
	Stage, CohortKind string
}

// DiplomaYield estimates the diploma yield with the lagged ratio
// ("vertraagde verhouding"): diplomas awarded in year t divided by the
// cohort count in year t-Lag, for every t where both are known. It is a
// cross-sectional proxy for the cohort yield DUO computes from individual
// records: switchers, repeaters and students entering later are mixed in.
// With CohortKind KindEnrolment the denominator holds all years of study
// and the ratio is "diplomas per enrolled student". It fails with
// monitor.ErrInvalid for invalid series or a lag outside 0..20 and with monitor.ErrNoData
// when no year pairs up.
func DiplomaYield(diplomas, cohort monitor.Series, opt YieldOptions) ([]Estimate, error) {
	if opt.Lag < 0 || opt.Lag > 20 {
		return nil, fmt.Errorf("diploma yield: lag %d not in 0..20: %w", opt.Lag, monitor.ErrInvalid)
	}
	if err := diplomas.Validate(); err != nil {
		return nil, fmt.Errorf("diploma yield: diplomas: %w", err)
	}
	if err := cohort.Validate(); err != nil {
		return nil, fmt.Errorf("diploma yield: cohort: %w", err)
	}
	var out []Estimate
	for _, d := range diplomas {
		c, ok := cohort.At(d.Year - opt.Lag)
		if !ok {
			continue
		}
		ex := Explanation{Method: MethodLaggedRatio, Numerator: d.Count, Denominator: c,
			NumeratorYear: d.Year, DenominatorYear: d.Year - opt.Lag, Scale: 1,
			NumeratorSource:   Source{Stage: opt.Stage, Kind: monitor.KindDiploma},
			DenominatorSource: Source{Stage: opt.Stage, Kind: opt.CohortKind},
			Caveats:           []Caveat{CaveatNotCohortTracked}}
		if opt.CohortKind == monitor.KindEnrolment {
			ex.Caveats = append(ex.Caveats, CaveatAllYearsDenominator)
		}
		out = append(out, finish(d.Year, ratioOf(d.Count, c, false), ex))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("diploma yield: no diploma year has a cohort %d years earlier: %w", opt.Lag, monitor.ErrNoData)
	}
	return out, nil
}

// finish adds the caveats every estimate shares.
func finish(year int, r Ratio, ex Explanation) Estimate {
	if !ex.Numerator.IsExact() || !ex.Denominator.IsExact() {
		ex.Caveats = append(ex.Caveats, CaveatSuppressed)
	}
	if !r.OK {
		ex.Caveats = append(ex.Caveats, CaveatZeroDenominator)
	} else if r.Value > 1 {
		ex.Caveats = append(ex.Caveats, CaveatAboveOne)
	}
	return Estimate{Year: year, Value: r, Explanation: ex}
}

// ProgressionInput holds the series [Progression] divides.
type ProgressionInput struct {
	// HBOFirstYear: hbo technical first-year enrolments at programmes
	// located in the region's municipalities.
	HBOFirstYear monitor.Series
	// MBODiplomas: mbo level-4 technical diplomas of the region's
	// institutions; used for every year it covers.
	MBODiplomas monitor.Series
	// MBOLevel4: mbo level-4 technical enrolment, the fallback for years
	// without diplomas, divided by FinalYearDivisor (default 3, the
	// nominal length of a level-4 programme) as a final-year proxy.
	MBOLevel4        monitor.Series
	FinalYearDivisor float64
	// MBOShare, when set (0 < MBOShare <= 1), scales the numerator by the
	// share of hbo first-years whose prior education is mbo (a national
	// figure). Zero leaves the numerator as is.
	MBOShare float64
}

// covers reports whether year lies within the series' first and last year;
// inside that range a missing year means zero.
func covers(s monitor.Series, year int) bool {
	return len(s) > 0 && year >= s[0].Year && year <= s[len(s)-1].Year
}

// Progression estimates progression from mbo to hbo in technology per
// year t as
//
//	hbo technical first-years in year t (programmes in the region)
//	÷ mbo level-4 technical diplomas in year t-1 (the region's schools).
//
// When year t-1 has no diploma data, level-4 technical enrolment in t-1
// divided by FinalYearDivisor is used and the estimate carries
// CaveatProxyDenominator. The ratio is not a transition rate: the
// numerator counts all entrants (havo, vwo, mbo, from elsewhere) where the
// programme is, so it overstates progression unless MBOShare is given; it
// misses sector switchers and late entrants. Every estimate lists these
// caveats. For comparison, about 19% of mbo graduates nationally go on to
// hbo. It fails with monitor.ErrInvalid for invalid series or options and with
// monitor.ErrNoData when no year has a denominator.
func Progression(in ProgressionInput) ([]Estimate, error) {
	for name, s := range map[string]monitor.Series{"hbo first-years": in.HBOFirstYear, "mbo diplomas": in.MBODiplomas, "mbo level 4": in.MBOLevel4} {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("progression: %s: %w", name, err)
		}
	}
	div := in.FinalYearDivisor
	if div == 0 {
		div = 3
	}
	if div < 1 || math.IsNaN(div) || math.IsInf(div, 0) || in.MBOShare < 0 || in.MBOShare > 1 || math.IsNaN(in.MBOShare) {
		return nil, fmt.Errorf("progression: divisor %v or mbo share %v out of range: %w", div, in.MBOShare, monitor.ErrInvalid)
	}
	var out []Estimate
	for _, h := range in.HBOFirstYear {
		prev := h.Year - 1
		ex := Explanation{Method: MethodProgressionRatio, Numerator: h.Count, NumeratorYear: h.Year,
			DenominatorYear: prev, Scale: 1,
			NumeratorSource: Source{Stage: monitor.StageHBO, Kind: monitor.KindFirstYear, Note: "sector techniek, programmes in the region"},
			Caveats:         []Caveat{CaveatProgrammeLocation, CaveatSectorSwitch, CaveatDirectOnly}}
		var r Ratio
		switch {
		case covers(in.MBODiplomas, prev):
			ex.Denominator, _ = in.MBODiplomas.At(prev)
			ex.DenominatorSource = Source{Stage: monitor.StageMBO, Kind: monitor.KindDiploma, Note: "level 4, sector techniek"}
			r = ratioOf(h.Count, ex.Denominator, false)
		case covers(in.MBOLevel4, prev):
			ex.Denominator, _ = in.MBOLevel4.At(prev)
			ex.DenominatorSource = Source{Stage: monitor.StageMBO, Kind: monitor.KindEnrolment,
				Note: fmt.Sprintf("level 4, sector techniek, divided by %g as final-year proxy", div)}
			ex.Caveats = append(ex.Caveats, CaveatProxyDenominator)
			r = ratioOf(h.Count, ex.Denominator, false)
			r.Value, r.Lower, r.Upper = r.Value*div, r.Lower*div, r.Upper*div
		default:
			continue
		}
		if in.MBOShare > 0 {
			ex.Scale = in.MBOShare
			r.Value, r.Lower, r.Upper = r.Value*in.MBOShare, r.Lower*in.MBOShare, r.Upper*in.MBOShare
			ex.Caveats = append(ex.Caveats, CaveatNationalShare)
		} else {
			ex.Caveats = append(ex.Caveats, CaveatPriorEducationMixed)
		}
		out = append(out, finish(h.Year, r, ex))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("progression: no hbo year has mbo data for the year before: %w", monitor.ErrNoData)
	}
	return out, nil
}

// Interval is a value with the bounds of an interval around it.
type Interval struct {
	Value float64 `json:"value"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// YearInterval is an interval for one year: expected graduates from a
// forecast, or demand (vacancies, recruitment need) from the caller.
type YearInterval struct {
	Year int `json:"year"`
	Interval
}

// GapPoint compares supply and demand in one year. Gap = demand - supply,
// its bounds the extremes (Lower = demand.Lower - supply.Upper). Coverage =
// supply / demand with Lower = supply.Lower / demand.Upper; CoverageOK is
// false when demand can be zero.
type GapPoint struct {
	Year       int      `json:"year"`
	Supply     Interval `json:"supply"`
	Demand     Interval `json:"demand"`
	Gap        Interval `json:"gap"`
	Coverage   Interval `json:"coverage"`
	CoverageOK bool     `json:"coverage_ok"`
}

// LabourGap compares expected graduates with demand for every year both
// have: "700 vacancies, 300-400 graduates" is a demand of 700 against a
// supply of 350 (300..400), a gap of 350 (300..400) and a coverage of 0.50
// (0.43..0.57). The intervals are carried through as extremes, which is
// conservative. It fails with monitor.ErrInvalid for a repeated year, negative or
// non-finite values or bounds that do not enclose the value, and with
// monitor.ErrNoData when no year is in both.
func LabourGap(supply, demand []YearInterval) ([]GapPoint, error) {
	dem := map[int]Interval{}
	for _, list := range [][]YearInterval{supply, demand} {
		seen := map[int]bool{}
		for _, y := range list {
			v := y.Interval
			if seen[y.Year] || !(v.Lower >= 0 && v.Lower <= v.Value && v.Value <= v.Upper) || math.IsInf(v.Upper, 0) {
				return nil, fmt.Errorf("labour gap: year %d: %+v (repeated, negative or unordered): %w", y.Year, v, monitor.ErrInvalid)
			}
			seen[y.Year] = true
		}
	}
	for _, d := range demand {
		dem[d.Year] = d.Interval
	}
	var out []GapPoint
	for _, s := range supply {
		d, ok := dem[s.Year]
		if !ok {
			continue
		}
		p := GapPoint{Year: s.Year, Supply: s.Interval, Demand: d,
			Gap: Interval{Value: d.Value - s.Value, Lower: d.Lower - s.Upper, Upper: d.Upper - s.Lower}}
		if d.Lower > 0 {
			p.Coverage = Interval{Value: s.Value / d.Value, Lower: s.Lower / d.Upper, Upper: s.Upper / d.Lower}
			p.CoverageOK = true
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("labour gap: supply and demand share no year: %w", monitor.ErrNoData)
	}
	return out, nil
}

// SupplyFromForecast turns a forecast of graduates into the supply input
// of [LabourGap], keeping its prediction interval.
func SupplyFromForecast(f forecast.Forecast) []YearInterval {
	out := make([]YearInterval, len(f.Points))
	for i, p := range f.Points {
		out[i] = YearInterval{Year: p.Year, Interval: Interval{Value: p.Value, Lower: p.Lower, Upper: p.Upper}}
	}
	return out
}

// ForecastSeries forecasts a count series with [forecast.Auto], using the
// midpoints of suppressed counts. It fails with an error wrapping
// monitor.ErrInvalid when the series is too short, has gaps or the options
// are invalid; use [monitor.Series.Fill] first when missing years mean zero.
func ForecastSeries(s monitor.Series, opt forecast.Options) (forecast.Forecast, error) {
	if err := s.Validate(); err != nil {
		return forecast.Forecast{}, fmt.Errorf("forecast series: %w", err)
	}
	years, values := s.Mids()
	f, err := forecast.Auto(years, values, opt)
	if err != nil {
		return forecast.Forecast{}, fmt.Errorf("forecast series: %w", err)
	}
	return f, nil
}
