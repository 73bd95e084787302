package opendata

import "strconv"

// SuppressionLimit is DUO's threshold: counts below it are not published
// exactly ("<5", or a placeholder with INDICATIEAVG="J").
const SuppressionLimit = 5

// Count is a published count. Suppressed means DUO withheld the exact value
// because it is below SuppressionLimit; N is then 0 (published as "<5") or
// the placeholder DUO printed (e.g. 4 with INDICATIEAVG="J") and must not be
// summed as if it were exact. Because DUO publishes zeros as 0, a suppressed
// count lies between 1 and SuppressionLimit-1.
type Count struct {
	N          int
	Suppressed bool
}

// Exact returns an exact (not suppressed) count of n.
func Exact(n int) Count { return Count{N: n} }

// Value returns the exact count and true, or 0 and false when suppressed.
func (c Count) Value() (int, bool) {
	if c.Suppressed {
		return 0, false
	}
	return c.N, true
}

// Bounds returns the smallest and largest value the true count can have.
func (c Count) Bounds() (lo, hi int) {
	if c.Suppressed {
		return 1, SuppressionLimit - 1
	}
	return c.N, c.N
}

// String returns the count as DUO publishes it: the number, or "<5".
func (c Count) String() string {
	if c.Suppressed {
		return "<" + strconv.Itoa(SuppressionLimit)
	}
	return strconv.Itoa(c.N)
}

// Total sums counts without pretending suppressed ones are exact: Exact is
// the sum of the exact counts, Suppressed the number of suppressed cells.
type Total struct {
	Exact      int
	Suppressed int
}

// Add adds one count to the total.
func (t *Total) Add(c Count) {
	if c.Suppressed {
		t.Suppressed++
		return
	}
	t.Exact += c.N
}

// Bounds returns the smallest and largest value the true total can have.
func (t Total) Bounds() (lo, hi int) {
	return t.Exact + t.Suppressed, t.Exact + t.Suppressed*(SuppressionLimit-1)
}

// maxCount bounds parsed counts so sums of millions of cells cannot overflow.
const maxCount = 1_000_000_000

// ParseCount parses a published count: digits ("12"), a float with a zero
// fraction as written by pandas ("70.0"), or the suppression marker "<5"
// (spaces allowed after "<"). An empty string is not a count: callers decide
// whether an empty cell means 0. On failure it returns a *Problem with Code
// CodeRequired, CodeNotANumber, CodeNotWhole, CodeNegative or
// CodeOutOfRange and Value set (Line and Column are left for the caller).
func ParseCount(s string) (Count, error) {
	if s == "" {
		return Count{}, &Problem{Code: CodeRequired}
	}
	// Fast path: plain digits.
	n := 0
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			break
		}
		if n >= maxCount {
			return Count{}, &Problem{Code: CodeOutOfRange, Value: s, Expected: "0.." + strconv.Itoa(maxCount)}
		}
		n = n*10 + int(c-'0')
	}
	if i == len(s) {
		if n > maxCount {
			return Count{}, &Problem{Code: CodeOutOfRange, Value: s, Expected: "0.." + strconv.Itoa(maxCount)}
		}
		return Count{N: n}, nil
	}
	switch {
	case s[0] == '<':
		rest := s[1:]
		for len(rest) > 0 && rest[0] == ' ' {
			rest = rest[1:]
		}
		if rest == strconv.Itoa(SuppressionLimit) {
			return Count{Suppressed: true}, nil
		}
		return Count{}, &Problem{Code: CodeNotANumber, Value: s}
	case s[i] == '.' && i > 0:
		frac := s[i+1:]
		if frac == "" {
			return Count{}, &Problem{Code: CodeNotANumber, Value: s}
		}
		for j := 0; j < len(frac); j++ {
			if frac[j] < '0' || frac[j] > '9' {
				return Count{}, &Problem{Code: CodeNotANumber, Value: s}
			}
			if frac[j] != '0' {
				return Count{}, &Problem{Code: CodeNotWhole, Value: s}
			}
		}
		if n > maxCount {
			return Count{}, &Problem{Code: CodeOutOfRange, Value: s, Expected: "0.." + strconv.Itoa(maxCount)}
		}
		return Count{N: n}, nil
	case s[0] == '-' && len(s) > 1:
		if _, err := ParseCount(s[1:]); err == nil {
			return Count{}, &Problem{Code: CodeNegative, Value: s}
		}
	}
	return Count{}, &Problem{Code: CodeNotANumber, Value: s}
}
