// Package forecast projects short annual series (five to ten years of
// enrolments or diplomas) a few years ahead with a prediction interval, and
// says which method it used and how well that method did on the past.
//
// Three simple, defensible methods are implemented (see [Method]): a linear
// trend by ordinary least squares with the t-based prediction interval,
// damped-trend exponential smoothing (Holt, damped; ETS(A,Ad,N)) with the
// model's analytical interval, and the naive drift method as a baseline.
// [Auto] chooses per series by rolling-origin backtest error (mean absolute
// error over every origin and horizon), and reports MAE, MAPE and interval
// coverage per method so the interface can state them. Forecasts and bounds
// are clamped at zero: counts are never negative.
//
// The package is pure: no I/O, no clock; the "current year" is an option.
// It takes plain years and values; [talentloket/internal/monitor/indicator.ForecastSeries]
// adapts a [monitor.Series].
package forecast

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"talentloket/internal/monitor"
)

// ErrInvalid is wrapped by every error about input the caller should fix:
// too few points, mismatched lengths, years that are not consecutive,
// values that are not finite, options out of range. It is
// [monitor.ErrInvalid], so one errors.Is test covers the whole monitor.
var ErrInvalid = monitor.ErrInvalid

// MinPoints is the shortest series a method can be fitted to: three points
// leave one degree of freedom for the interval.
const MinPoints = 3

// Method names a forecasting method.
type Method string

// The methods. Their order is the default candidate order, which also
// breaks ties in [Auto] (the simpler explanation first).
const (
	// LinearTrend: ordinary least squares line through the years, with the
	// t-based prediction interval of regression.
	LinearTrend Method = "linear_trend"
	// DampedTrend: Holt's exponential smoothing with a damped trend,
	// ETS(A,Ad,N), parameters by grid search on one-step errors.
	DampedTrend Method = "damped_trend"
	// Drift: the last value plus the average yearly change (naive baseline).
	Drift Method = "drift"
)

// Methods lists every method in the default candidate order.
var Methods = []Method{LinearTrend, DampedTrend, Drift}

var labels = map[Method][2]string{
	LinearTrend: {"lineaire trend (kleinste kwadraten)", "linear trend (least squares)"},
	DampedTrend: {"gedempte trend (Holt, exponentiële afvlakking)", "damped trend (Holt exponential smoothing)"},
	Drift:       {"drift (laatste waarde plus gemiddelde groei)", "drift (last value plus average change)"},
}

// Label returns the human name of the method in Dutch ("nl", the default)
// or English ("en"), or the method code itself when it is unknown.
func (m Method) Label(lang string) string {
	l, ok := labels[m]
	if !ok {
		return string(m)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// Options tune a forecast. The zero value is usable.
type Options struct {
	// Horizon is how many years beyond the current year to forecast
	// (default 5, at most 30).
	Horizon int
	// CurrentYear is "now". When the data end before it, the years in
	// between are forecast too and marked Nowcast. Zero means the last
	// observed year.
	CurrentYear int
	// Level is the coverage of the prediction interval, in (0, 1);
	// default 0.8.
	Level float64
	// Methods are the candidates for [Auto]; default [Methods].
	Methods []Method
	// MinTrain is the number of points of the first backtest origin
	// (default and minimum MinPoints).
	MinTrain int
}

func (o Options) withDefaults() (Options, error) {
	if o.Horizon == 0 {
		o.Horizon = 5
	}
	if o.Level == 0 {
		o.Level = 0.8
	}
	if len(o.Methods) == 0 {
		o.Methods = Methods
	}
	if o.MinTrain == 0 {
		o.MinTrain = MinPoints
	}
	switch {
	case o.Horizon < 1 || o.Horizon > 30:
		return o, fmt.Errorf("horizon %d not in 1..30: %w", o.Horizon, ErrInvalid)
	case !(o.Level > 0 && o.Level < 1):
		return o, fmt.Errorf("level %v not in (0, 1): %w", o.Level, ErrInvalid)
	case o.MinTrain < MinPoints:
		return o, fmt.Errorf("min train %d below %d: %w", o.MinTrain, MinPoints, ErrInvalid)
	}
	for _, m := range o.Methods {
		if _, ok := labels[m]; !ok {
			return o, fmt.Errorf("unknown method %q: %w", m, ErrInvalid)
		}
	}
	return o, nil
}

// Point is the forecast of one year: the point value and the bounds of the
// prediction interval, all clamped at zero. Step counts years after the last
// observation; Nowcast marks years up to the current year.
type Point struct {
	Year    int     `json:"year"`
	Step    int     `json:"step"`
	Value   float64 `json:"value"`
	Lower   float64 `json:"lower"`
	Upper   float64 `json:"upper"`
	Nowcast bool    `json:"nowcast,omitempty"`
}

// Params are the fitted parameters; only those of the method are set.
type Params struct {
	Intercept float64 `json:"intercept,omitempty"` // linear: value in the first year
	Slope     float64 `json:"slope,omitempty"`     // linear, drift: change per year; damped: final trend
	Alpha     float64 `json:"alpha,omitempty"`     // damped: level smoothing
	Beta      float64 `json:"beta,omitempty"`      // damped: trend smoothing
	Phi       float64 `json:"phi,omitempty"`       // damped: damping
	Level     float64 `json:"level,omitempty"`     // damped: final level
	Sigma     float64 `json:"sigma"`               // residual standard deviation
	DF        int     `json:"df,omitempty"`        // degrees of freedom of the t quantile; 0 = normal
}

// Score is a method's rolling-origin backtest: fitted on the first k points
// for every k from MinTrain to n-1 and scored on each later year up to the
// horizon. N is the number of forecasts scored; when it is 0 the other
// fields are meaningless. MAPE (a fraction: 0.063 = 6.3%) skips actual
// values of zero and is only valid when MAPEOK. Coverage is the share of
// actual values inside the prediction interval.
type Score struct {
	Method   Method  `json:"method"`
	N        int     `json:"n"`
	MAE      float64 `json:"mae"`
	MAPE     float64 `json:"mape"`
	MAPEOK   bool    `json:"mape_ok"`
	Coverage float64 `json:"coverage"`
}

// Forecast is the outcome of [Auto] or [Fit].
type Forecast struct {
	Method       Method  `json:"method"`
	Params       Params  `json:"params"`
	Level        float64 `json:"level"`
	FirstYear    int     `json:"first_year"`
	LastYear     int     `json:"last_year"`
	Observations int     `json:"observations"`
	Points       []Point `json:"points"`
	// Score is the chosen method's backtest, Backtest every candidate's.
	Score    Score   `json:"score"`
	Backtest []Score `json:"backtest"`
	// Selection says how the method was chosen: "backtest" (lowest MAE),
	// "fixed" (Fit) or "default" (too short to backtest: the first candidate).
	Selection string `json:"selection"`
}

func check(years []int, values []float64) error {
	if len(years) != len(values) {
		return fmt.Errorf("%d years but %d values: %w", len(years), len(values), ErrInvalid)
	}
	if len(values) < MinPoints {
		return fmt.Errorf("%d points, need at least %d: %w", len(values), MinPoints, ErrInvalid)
	}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("value %v in %d is not finite: %w", v, years[i], ErrInvalid)
		}
		if i > 0 && years[i] != years[i-1]+1 {
			return fmt.Errorf("years %d and %d are not consecutive: %w", years[i-1], years[i], ErrInvalid)
		}
	}
	return nil
}

// Auto backtests every candidate method on the series, chooses the one
// with the lowest mean absolute error (ties go to the earlier candidate)
// and forecasts with it. years must be consecutive and ascending. It fails
// with ErrInvalid for fewer than MinPoints points, mismatched lengths,
// gaps, values that are not finite or bad options.
func Auto(years []int, values []float64, opt Options) (Forecast, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Forecast{}, err
	}
	if err := check(years, values); err != nil {
		return Forecast{}, err
	}
	scores := make([]Score, len(opt.Methods))
	best, selection := 0, "default"
	for i, m := range opt.Methods {
		scores[i] = backtest(m, values, opt)
		if scores[i].N > 0 && (selection == "default" || scores[i].MAE < scores[best].MAE-1e-9*(1+scores[best].MAE)) {
			best, selection = i, "backtest"
		}
	}
	f, err := forecast(opt.Methods[best], years, values, opt)
	if err != nil {
		return Forecast{}, err
	}
	f.Score, f.Backtest, f.Selection = scores[best], scores, selection
	return f, nil
}

// Fit forecasts with method m and backtests only m. It fails like [Auto]
// and for an unknown method.
func Fit(m Method, years []int, values []float64, opt Options) (Forecast, error) {
	opt.Methods = []Method{m}
	opt, err := opt.withDefaults()
	if err != nil {
		return Forecast{}, err
	}
	if err := check(years, values); err != nil {
		return Forecast{}, err
	}
	f, err := forecast(m, years, values, opt)
	if err != nil {
		return Forecast{}, err
	}
	f.Score = backtest(m, values, opt)
	f.Backtest, f.Selection = []Score{f.Score}, "fixed"
	return f, nil
}

// Backtest returns the rolling-origin backtest of method m on values (see
// [Score]). It fails with ErrInvalid for bad options or an unknown method;
// a series too short to backtest gives a Score with N = 0.
func Backtest(m Method, values []float64, opt Options) (Score, error) {
	opt.Methods = []Method{m}
	opt, err := opt.withDefaults()
	if err != nil {
		return Score{}, err
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Score{}, fmt.Errorf("backtest: value %v is not finite: %w", v, ErrInvalid)
		}
	}
	return backtest(m, values, opt), nil
}

func backtest(m Method, y []float64, opt Options) Score {
	s := Score{Method: m}
	var absErr, pctErr float64
	var nPct, inside int
	for origin := opt.MinTrain; origin < len(y); origin++ {
		mod, err := fit(m, y[:origin], opt.Level)
		if err != nil {
			continue
		}
		for h := 1; h <= opt.Horizon && origin+h-1 < len(y); h++ {
			actual := y[origin+h-1]
			p := point(mod, h)
			e := math.Abs(actual - p.Value)
			absErr += e
			if actual != 0 {
				pctErr += e / math.Abs(actual)
				nPct++
			}
			if actual >= p.Lower-1e-9 && actual <= p.Upper+1e-9 {
				inside++
			}
			s.N++
		}
	}
	if s.N > 0 {
		s.MAE = absErr / float64(s.N)
		s.Coverage = float64(inside) / float64(s.N)
	}
	if nPct > 0 {
		s.MAPE, s.MAPEOK = pctErr/float64(nPct), true
	}
	return s
}

func point(mod model, h int) Point {
	v, half := mod.predict(h)
	return Point{Step: h, Value: max(0, v), Lower: max(0, v-half), Upper: max(0, v+half)}
}

func forecast(m Method, years []int, values []float64, opt Options) (Forecast, error) {
	mod, err := fit(m, values, opt.Level)
	if err != nil {
		return Forecast{}, err
	}
	last := years[len(years)-1]
	now := opt.CurrentYear
	if now == 0 {
		now = last
	}
	f := Forecast{Method: m, Params: mod.params(), Level: opt.Level, FirstYear: years[0], LastYear: last,
		Observations: len(values)}
	for y := last + 1; y <= max(last, now)+opt.Horizon; y++ {
		p := point(mod, y-last)
		p.Year, p.Nowcast = y, y <= now
		f.Points = append(f.Points, p)
	}
	return f, nil
}

// Describe returns one sentence for the interface in Dutch ("nl", the
// default) or English ("en"), such as "Methode: lineaire trend (kleinste
// kwadraten), 80%-voorspelinterval; gemiddelde fout in terugtoets: 6,3%".
func (f Forecast) Describe(lang string) string {
	en := lang == "en"
	pct := strconv.FormatFloat(100*f.Level, 'f', -1, 64)
	var b strings.Builder
	if en {
		fmt.Fprintf(&b, "Method: %s, %s%% prediction interval; ", f.Method.Label(lang), pct)
	} else {
		fmt.Fprintf(&b, "Methode: %s, %s%%-voorspelinterval; ", f.Method.Label(lang), pct)
	}
	switch {
	case f.Score.N == 0 && en:
		b.WriteString("no backtest possible (too few years)")
	case f.Score.N == 0:
		b.WriteString("geen terugtoets mogelijk (te weinig jaren)")
	case f.Score.MAPEOK && en:
		fmt.Fprintf(&b, "mean error in backtest: %.1f%%", 100*f.Score.MAPE)
	case f.Score.MAPEOK:
		fmt.Fprintf(&b, "gemiddelde fout in terugtoets: %s%%", dutch(100*f.Score.MAPE))
	case en:
		fmt.Fprintf(&b, "mean absolute error in backtest: %.1f", f.Score.MAE)
	default:
		fmt.Fprintf(&b, "gemiddelde afwijking in terugtoets: %s", dutch(f.Score.MAE))
	}
	return b.String()
}

// dutch formats v with one decimal and a decimal comma.
func dutch(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
}
