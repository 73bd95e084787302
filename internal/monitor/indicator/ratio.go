// Package indicator computes the regional monitor's indicators from
// aggregated series of the fact table ([monitor.Table]): technical share
// and growth per region, school or qualification ([Trend],
// [TechnicalTrends], [VMBOPipeline]); the spread of students over schools
// against a target ([Spread]); outflow and diploma yield ([DiplomaYield]);
// progression from mbo to hbo ([Progression]); the labour-market gap
// between expected graduates and demand ([LabourGap]); and the comparison
// of a network's regions with the rest ([CompareGrowth], [RankGrowth]).
//
// Every function is pure. Counts that include DUO-suppressed cells carry
// bounds ([monitor.Count]); point values use their midpoints and every
// ratio and change carries the bounds through. Errors wrap
// [monitor.ErrInvalid] (input to fix) or [monitor.ErrNoData] (nothing to
// compute with); nothing panics on bad input.
package indicator

import "talentloket/internal/monitor"

// Ratio is a quotient of two counts with bounds that hold whatever the
// suppressed cells hide. OK is false when the denominator is zero or
// missing; then Value, Lower and Upper are zero.
type Ratio struct {
	Value float64 `json:"value"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	OK    bool    `json:"ok"`
}

// ratioOf divides num by den: the value on midpoints, the bounds as
// num.Lower/den.Upper .. num.Upper/den.Lower (conservative: it ignores that
// a part's suppressed cells are also in the whole). When part is set the
// upper bound is capped at 1.
func ratioOf(num, den monitor.Count, part bool) Ratio {
	if den.Mid() == 0 {
		return Ratio{}
	}
	// den.Mid() > 0 implies den.Lower >= 1: a sum of at least 1 or at
	// least one suppressed cell counted as 1.
	r := Ratio{Value: num.Mid() / den.Mid(), Lower: float64(num.Lower) / float64(den.Upper),
		Upper: float64(num.Upper) / float64(den.Lower), OK: true}
	if part {
		r.Value, r.Upper = min(r.Value, 1), min(r.Upper, 1)
	}
	return r
}

// Change is the change of a count between two years: Abs on midpoints with
// bounds, and Pct (relative change, 0.05 = +5%) when the earlier value is
// not zero.
type Change struct {
	From     int     `json:"from"`
	To       int     `json:"to"`
	Abs      float64 `json:"abs"`
	AbsLower int64   `json:"abs_lower"`
	AbsUpper int64   `json:"abs_upper"`
	Pct      float64 `json:"pct"`
	PctOK    bool    `json:"pct_ok"`
}

func changeOf(fromYear, toYear int, a, b monitor.Count) Change {
	c := Change{From: fromYear, To: toYear, Abs: b.Mid() - a.Mid(),
		AbsLower: b.Lower - a.Upper, AbsUpper: b.Upper - a.Lower}
	if a.Mid() > 0 {
		c.Pct, c.PctOK = c.Abs/a.Mid(), true
	}
	return c
}

// ShareOf returns num as a share of den, with the upper bound capped at 1
// (num is part of den); OK is false when den is zero.
func ShareOf(num, den monitor.Count) Ratio { return ratioOf(num, den, true) }

// RatioOf returns num / den with bounds that hold whatever the suppressed
// cells hide; OK is false when den is zero.
func RatioOf(num, den monitor.Count) Ratio { return ratioOf(num, den, false) }

// ChangeOf returns the change of a count from a (in fromYear) to b (in
// toYear), absolute with bounds and relative when a is not zero.
func ChangeOf(fromYear, toYear int, a, b monitor.Count) Change {
	return changeOf(fromYear, toYear, a, b)
}
