package forecast

import (
	"fmt"
	"math"
)

// model is a method fitted to a series y[0..n-1]; predict returns the
// point forecast and the half width of the prediction interval h steps
// after the last observation, unclamped.
type model interface {
	predict(h int) (point, half float64)
	params() Params
}

// fit fits method m to y at the given interval level. It fails with
// ErrInvalid for an unknown method or a series shorter than MinPoints.
func fit(m Method, y []float64, level float64) (model, error) {
	if len(y) < MinPoints {
		return nil, fmt.Errorf("fit %s: %d points, need %d: %w", m, len(y), MinPoints, ErrInvalid)
	}
	switch m {
	case LinearTrend:
		return fitLinear(y, level), nil
	case DampedTrend:
		return fitDamped(y, level), nil
	case Drift:
		return fitDrift(y, level), nil
	}
	return nil, fmt.Errorf("fit: unknown method %q: %w", m, ErrInvalid)
}

// linear is y = a + b*t fitted by ordinary least squares on t = 0..n-1,
// with the classical prediction interval
//
//	ŷ ± t(1-(1-level)/2, n-2) · s · sqrt(1 + 1/n + (t0 - t̄)² / Sxx).
type linear struct {
	a, b, s, tbar, sxx, q float64
	n                     int
}

func fitLinear(y []float64, level float64) *linear {
	n := float64(len(y))
	tbar := (n - 1) / 2
	var ybar float64
	for _, v := range y {
		ybar += v
	}
	ybar /= n
	var sxx, sxy float64
	for i, v := range y {
		dt := float64(i) - tbar
		sxx += dt * dt
		sxy += dt * (v - ybar)
	}
	b := sxy / sxx
	a := ybar - b*tbar
	var sse float64
	for i, v := range y {
		e := v - (a + b*float64(i))
		sse += e * e
	}
	df := len(y) - 2
	return &linear{a: a, b: b, s: math.Sqrt(sse / float64(df)), tbar: tbar, sxx: sxx,
		q: tQuantile((1+level)/2, df), n: len(y)}
}

func (l *linear) predict(h int) (float64, float64) {
	t0 := float64(l.n - 1 + h)
	se := l.s * math.Sqrt(1+1/float64(l.n)+(t0-l.tbar)*(t0-l.tbar)/l.sxx)
	return l.a + l.b*t0, l.q * se
}

func (l *linear) params() Params {
	return Params{Intercept: l.a, Slope: l.b, Sigma: l.s, DF: l.n - 2}
}

// drift is the random walk with drift: the last value plus h times the
// average yearly change, d = (y[n-1]-y[0])/(n-1), with interval
// ŷ ± t(·, n-2) · σ · sqrt(h(1 + h/(n-1))), σ the spread of the yearly
// changes around d (Hyndman & Athanasopoulos, FPP3 §5.5).
type drift struct {
	last, d, s, q float64
	n             int
}

func fitDrift(y []float64, level float64) *drift {
	n := len(y)
	d := (y[n-1] - y[0]) / float64(n-1)
	var sse float64
	for i := 1; i < n; i++ {
		e := y[i] - y[i-1] - d
		sse += e * e
	}
	df := n - 2
	return &drift{last: y[n-1], d: d, s: math.Sqrt(sse / float64(df)), q: tQuantile((1+level)/2, df), n: n}
}

func (m *drift) predict(h int) (float64, float64) {
	fh := float64(h)
	return m.last + fh*m.d, m.q * m.s * math.Sqrt(fh*(1+fh/float64(m.n-1)))
}

func (m *drift) params() Params { return Params{Slope: m.d, Sigma: m.s, DF: m.n - 2} }

// damped is additive damped-trend exponential smoothing, ETS(A,Ad,N)
// (Gardner & McKenzie; Holt's method with damping), in error-correction
// form:
//
//	ŷ(t) = ℓ + φb,   e = y(t) - ŷ(t),   ℓ ← ℓ + φb + αe,   b ← φb + βe.
//
// The state starts at ℓ = y0, b = y1-y0. α, β (≤ α) and φ are chosen on a
// fixed grid by the smallest sum of squared one-step errors, so the fit is
// deterministic. Forecast: ℓ + (φ + … + φ^h)b. The interval is
// ŷ ± z·σ·sqrt(1 + Σ_{j<h} c_j²), c_j = α + β(φ + … + φ^j), the
// analytical variance of the ETS(A,Ad,N) model (Hyndman et al. 2008, ch. 6),
// with σ² the mean squared one-step error and z the normal quantile. With
// five to ten points σ is estimated from few errors: the backtest coverage
// shows how far to trust the interval.
type damped struct {
	alpha, beta, phi, level, trend, s, z float64
}

var (
	gridAlpha = []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}
	gridBeta  = []float64{0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}
	gridPhi   = []float64{0.8, 0.85, 0.9, 0.95, 0.98}
)

func fitDamped(y []float64, level float64) *damped {
	best := &damped{}
	bestSSE := math.Inf(1)
	for _, phi := range gridPhi {
		for _, a := range gridAlpha {
			for _, b := range gridBeta {
				if b > a {
					break
				}
				l, tr, sse := smooth(y, a, b, phi)
				if sse < bestSSE-1e-9 {
					bestSSE = sse
					*best = damped{alpha: a, beta: b, phi: phi, level: l, trend: tr}
				}
			}
		}
	}
	best.s = math.Sqrt(bestSSE / float64(len(y)-1))
	best.z = normalQuantile((1 + level) / 2)
	return best
}

// smooth runs the recursion and returns the final state and the sum of
// squared one-step errors over y[1:].
func smooth(y []float64, alpha, beta, phi float64) (level, trend, sse float64) {
	level, trend = y[0], y[1]-y[0]
	for _, v := range y[1:] {
		e := v - (level + phi*trend)
		sse += e * e
		level += phi*trend + alpha*e
		trend = phi*trend + beta*e
	}
	return level, trend, sse
}

func (m *damped) predict(h int) (float64, float64) {
	var damp, sumC2 float64 // damp = φ + … + φ^h
	pow := 1.0
	for j := 1; j <= h; j++ {
		pow *= m.phi
		damp += pow
		if j < h {
			c := m.alpha + m.beta*damp
			sumC2 += c * c
		}
	}
	return m.level + damp*m.trend, m.z * m.s * math.Sqrt(1+sumC2)
}

func (m *damped) params() Params {
	return Params{Alpha: m.alpha, Beta: m.beta, Phi: m.phi, Level: m.level, Slope: m.trend, Sigma: m.s}
}

// normalQuantile returns the p-quantile of the standard normal.
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// tQuantile returns the p-quantile (p > 0.5) of Student's t with df
// degrees of freedom, by bisection on the distribution function.
func tQuantile(p float64, df int) float64 {
	lo, hi := 0.0, 1e6
	for range 200 {
		mid := (lo + hi) / 2
		if tCDF(mid, float64(df)) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// tCDF is the distribution function of Student's t at x >= 0.
func tCDF(x, df float64) float64 {
	return 1 - 0.5*regIncBeta(df/2, 0.5, df/(df+x*x))
}

// regIncBeta is the regularized incomplete beta function I_x(a, b),
// evaluated with the continued fraction of Numerical Recipes (§6.4) and
// modified Lentz's method.
func regIncBeta(a, b, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log(1-x))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaCF(b, a, 1-x)/b
	}
	return front * betaCF(a, b, x) / a
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	f := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		for range 2 {
			d = 1 + num*d
			if math.Abs(d) < tiny {
				d = tiny
			}
			c = 1 + num/c
			if math.Abs(c) < tiny {
				c = tiny
			}
			d = 1 / d
			f *= d * c
			num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		}
		if math.Abs(d*c-1) < 1e-15 {
			break
		}
	}
	return f
}
