package demo

import (
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"talentloket/internal/domain"
)

// pcgStream is the second PCG word; the seed is the first. Each region and
// each part of the demo draws from its own stream so that adding data to one
// part does not reshuffle the others.
const pcgStream = 0x7a1e_47105_1e7

func newRand(seed int64, part uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), pcgStream^(part*0x9e3779b97f4a7c15)))
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a random integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pickWeighted returns an index with probability proportional to ws.
func pickWeighted(r *rand.Rand, ws []float64) int {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	x := r.Float64() * total
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

// weighted is a choice with a weight.
type weighted[T any] struct {
	v T
	w float64
}

func pickW[T any](r *rand.Rand, xs []weighted[T]) T {
	ws := make([]float64, len(xs))
	for i, x := range xs {
		ws[i] = x.w
	}
	return xs[pickWeighted(r, ws)].v
}

// sample returns k distinct elements of xs in random order (all of them
// when k >= len(xs)); xs is not changed.
func sample[T any](r *rand.Rand, xs []T, k int) []T {
	idx := r.Perm(len(xs))
	if k > len(xs) {
		k = len(xs)
	}
	out := make([]T, k)
	for i := 0; i < k; i++ {
		out[i] = xs[idx[i]]
	}
	return out
}

// days returns a duration of n days.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// officeTime returns a random whole minute between 07:00 and 17:00 UTC
// (08:00-18:00 in the Netherlands in winter) on the day of t: when people
// work.
func officeTime(r *rand.Rand, day time.Time) time.Time {
	d := domain.Day(day)
	return d.Add(time.Duration(7*60+r.IntN(10*60)) * time.Minute)
}

// slug turns a name into a lower-case domain label: letters and digits only.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'é', 'è', 'ë', 'ê':
			r = 'e'
		case 'ü', 'ú', 'û':
			r = 'u'
		case 'ö', 'ó', 'ô':
			r = 'o'
		case 'ï', 'í', 'ı', 'î':
			r = 'i'
		case 'ä', 'á', 'à', 'â':
			r = 'a'
		case 'ç':
			r = 'c'
		case 'ş', 'ś':
			r = 's'
		case 'ğ':
			r = 'g'
		case 'ł':
			r = 'l'
		case 'ń':
			r = 'n'
		case 'ż', 'ź':
			r = 'z'
		case 'ą':
			r = 'a'
		case 'ę':
			r = 'e'
		}
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lowerFirst lower-cases the first letter of s.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	rs := []rune(s)
	rs[0] = unicode.ToLower(rs[0])
	return string(rs)
}
