package forecast

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func years(from, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

func TestQuantiles(t *testing.T) {
	cases := []struct {
		p    float64
		df   int
		want float64
	}{
		{0.9, 1, 3.077684}, {0.975, 5, 2.570582}, {0.9, 10, 1.372184}, {0.95, 30, 1.697261}, {0.9, 2, 1.885618},
	}
	for _, c := range cases {
		if got := tQuantile(c.p, c.df); !near(got, c.want, 1e-5) {
			t.Errorf("tQuantile(%v, %d) = %v, want %v", c.p, c.df, got, c.want)
		}
	}
	if got := normalQuantile(0.9); !near(got, 1.281552, 1e-6) {
		t.Errorf("normalQuantile(0.9) = %v", got)
	}
}

func TestExactSeries(t *testing.T) {
	cases := []struct {
		name   string
		values []float64
		next   []float64 // the exact continuation
		method Method
	}{
		{"linear", []float64{100, 110, 120, 130, 140, 150}, []float64{160, 170, 180, 190, 200}, LinearTrend},
		{"constant", []float64{40, 40, 40, 40, 40}, []float64{40, 40, 40, 40, 40}, LinearTrend},
	}
	for _, c := range cases {
		for _, m := range Methods {
			t.Run(c.name+"/"+string(m), func(t *testing.T) {
				f, err := Fit(m, years(2015, len(c.values)), c.values, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if m == DampedTrend && c.name == "linear" {
					return // damping bends a straight line by design
				}
				if f.Score.N == 0 || !near(f.Score.MAE, 0, 1e-9) || f.Score.Coverage != 1 {
					t.Errorf("backtest %+v, want zero error and full coverage", f.Score)
				}
				for i, p := range f.Points {
					if !near(p.Value, c.next[i], 1e-9) || !near(p.Upper-p.Lower, 0, 1e-9) {
						t.Errorf("%d: %+v, want %v with zero width", p.Year, p, c.next[i])
					}
				}
			})
		}
		t.Run(c.name+"/auto", func(t *testing.T) {
			f, err := Auto(years(2015, len(c.values)), c.values, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if f.Method != c.method || f.Selection != "backtest" {
				t.Errorf("Auto chose %s (%s), want %s", f.Method, f.Selection, c.method)
			}
		})
	}
}

func TestIntervalsWidenWithHorizon(t *testing.T) {
	values := []float64{510, 540, 530, 575, 590, 585, 620, 640}
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			f, err := Fit(m, years(2015, len(values)), values, Options{Horizon: 8})
			if err != nil {
				t.Fatal(err)
			}
			prev := 0.0
			for _, p := range f.Points {
				w := p.Upper - p.Lower
				if w <= prev {
					t.Fatalf("width %v at %d not above %v", w, p.Year, prev)
				}
				if p.Lower <= 0 || p.Lower > p.Value || p.Value > p.Upper {
					t.Fatalf("%+v: bounds do not enclose the value", p)
				}
				prev = w
			}
		})
	}
}

// TestBacktestKnownSeries checks the rolling-origin figures against a
// hand computation (1, 2, 4, 7, 11; origins 3 and 4; horizon up to 2):
// drift forecasts 5.5 and 7 from origin 3 and 9 from origin 4.
func TestBacktestKnownSeries(t *testing.T) {
	y := []float64{1, 2, 4, 7, 11}
	s, err := Backtest(Drift, y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.N != 3 || !near(s.MAE, 2.5, 1e-12) || !near(s.MAPE, (1.5/7+4.0/11+2.0/11)/3, 1e-12) || s.Coverage != 1 {
		t.Errorf("drift backtest %+v", s)
	}
	s, _ = Backtest(LinearTrend, y, Options{})
	if s.N != 3 || !near(s.MAE, (5.0/3+25.0/6+2.5)/3, 1e-9) {
		t.Errorf("linear backtest %+v", s)
	}
	f, err := Auto(years(2020, 5), y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range f.Backtest {
		if sc.MAE < f.Score.MAE {
			t.Errorf("Auto chose %s (MAE %v) but %s has %v", f.Method, f.Score.MAE, sc.Method, sc.MAE)
		}
	}
	if f.Score.Method != f.Method || len(f.Backtest) != 3 {
		t.Errorf("score %+v for %s", f.Score, f.Method)
	}
}

func TestNeverNegative(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range 300 {
		n := 3 + rng.IntN(8)
		y := make([]float64, n)
		v := rng.Float64() * 200
		step := (rng.Float64() - 0.7) * 80 // mostly falling
		for j := range y {
			y[j] = max(0, v+float64(j)*step+rng.NormFloat64()*20)
		}
		f, err := Auto(years(2010, n), y, Options{Horizon: 10, Level: 0.95})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Points {
			if p.Value < 0 || p.Lower < 0 || p.Upper < 0 || p.Lower > p.Value || p.Value > p.Upper {
				t.Fatalf("series %d (%v): %+v", i, y, p)
			}
		}
	}
}

func TestCurrentYear(t *testing.T) {
	f, err := Auto(years(2015, 5), []float64{10, 12, 13, 15, 16}, Options{CurrentYear: 2022, Horizon: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Points) != 8 || f.Points[0].Year != 2020 || f.Points[7].Year != 2027 || f.Points[7].Step != 8 {
		t.Fatalf("points %+v", f.Points)
	}
	for _, p := range f.Points {
		if p.Nowcast != (p.Year <= 2022) {
			t.Errorf("%d nowcast %v", p.Year, p.Nowcast)
		}
	}
}

func TestErrors(t *testing.T) {
	ok := []float64{1, 2, 3, 4}
	cases := map[string]func() error{
		"too short":      func() error { _, err := Auto(years(2015, 2), []float64{1, 2}, Options{}); return err },
		"empty":          func() error { _, err := Auto(nil, nil, Options{}); return err },
		"mismatched":     func() error { _, err := Auto(years(2015, 3), ok, Options{}); return err },
		"gap":            func() error { _, err := Auto([]int{2015, 2016, 2018, 2019}, ok, Options{}); return err },
		"descending":     func() error { _, err := Auto([]int{2019, 2018, 2017, 2016}, ok, Options{}); return err },
		"nan":            func() error { _, err := Auto(years(2015, 4), []float64{1, math.NaN(), 3, 4}, Options{}); return err },
		"level":          func() error { _, err := Auto(years(2015, 4), ok, Options{Level: 1}); return err },
		"horizon":        func() error { _, err := Auto(years(2015, 4), ok, Options{Horizon: -1}); return err },
		"min train":      func() error { _, err := Auto(years(2015, 4), ok, Options{MinTrain: 2}); return err },
		"unknown method": func() error { _, err := Fit("arima", years(2015, 4), ok, Options{}); return err },
		"backtest inf":   func() error { _, err := Backtest(Drift, []float64{1, math.Inf(1), 2}, Options{}); return err },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			if err := f(); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	f := Forecast{Method: LinearTrend, Level: 0.8, Score: Score{N: 4, MAPE: 0.063, MAPEOK: true}}
	if got, want := f.Describe("nl"), "Methode: lineaire trend (kleinste kwadraten), 80%-voorspelinterval; gemiddelde fout in terugtoets: 6,3%"; got != want {
		t.Errorf("nl:\n got %q\nwant %q", got, want)
	}
	if got, want := f.Describe("en"), "Method: linear trend (least squares), 80% prediction interval; mean error in backtest: 6.3%"; got != want {
		t.Errorf("en:\n got %q\nwant %q", got, want)
	}
	f.Score = Score{}
	if got := f.Describe("nl"); got != "Methode: lineaire trend (kleinste kwadraten), 80%-voorspelinterval; geen terugtoets mogelijk (te weinig jaren)" {
		t.Errorf("no backtest: %q", got)
	}
	if got := Method("x").Label("nl"); got != "x" {
		t.Errorf("unknown label %q", got)
	}
}

// TestGolden pins Auto on a realistic series: technical mbo enrolments of a
// region, 2015-2024. Figures are rounded so that the file does not depend
// on the platform's floating-point contractions.
func TestGolden(t *testing.T) {
	y := []float64{2710, 2655, 2690, 2760, 2805, 2790, 2850, 2935, 2980, 3010}
	f, err := Auto(years(2015, len(y)), y, Options{CurrentYear: 2025})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nmethod=%s selection=%s level=%.2f observations=%d %d-%d\n",
		f.Describe("nl"), f.Method, f.Selection, f.Level, f.Observations, f.FirstYear, f.LastYear)
	p := f.Params
	fmt.Fprintf(&b, "params intercept=%.3f slope=%.3f alpha=%.2f beta=%.2f phi=%.2f level=%.3f sigma=%.3f df=%d\n",
		p.Intercept, p.Slope, p.Alpha, p.Beta, p.Phi, p.Level, p.Sigma, p.DF)
	for _, pt := range f.Points {
		fmt.Fprintf(&b, "%d step=%d value=%.2f interval=%.2f..%.2f nowcast=%v\n", pt.Year, pt.Step, pt.Value, pt.Lower, pt.Upper, pt.Nowcast)
	}
	for _, s := range f.Backtest {
		fmt.Fprintf(&b, "backtest %-12s n=%d mae=%.3f mape=%.4f coverage=%.2f\n", s.Method, s.N, s.MAE, s.MAPE, s.Coverage)
	}
	got := b.String()
	path := filepath.Join("testdata", "auto.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s:\n%s", path, got)
	}
}
