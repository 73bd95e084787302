package csvx

import (
	"errors"
	"strconv"
	"strings"

	"talentloket/internal/opendata"
)

// Cell helpers read column col of the current record. A col < 0 (a column
// the header lacks) reads as "". On failure they report a problem naming the
// line and column and return the zero value and false.

// Str returns the value of column col, or "" when col < 0.
func (r *Reader) Str(col int) string {
	if col < 0 || col >= len(r.fields) {
		return ""
	}
	return r.fields[col]
}

// Required returns the value of column col and reports CodeRequired when it
// is empty.
func (r *Reader) Required(col int) (string, bool) {
	v := r.Str(col)
	if v == "" {
		r.Problem(opendata.CodeRequired, col, "", "")
		return "", false
	}
	return v, true
}

// Count parses column col with opendata.ParseCount. An empty cell is 0 when
// emptyIsZero, else CodeRequired.
func (r *Reader) Count(col int, emptyIsZero bool) (opendata.Count, bool) {
	v := r.Str(col)
	if v == "" && emptyIsZero {
		return opendata.Count{}, true
	}
	c, err := opendata.ParseCount(v)
	if err != nil {
		var p *opendata.Problem
		if errors.As(err, &p) {
			r.Problem(p.Code, col, p.Value, p.Expected)
		} else {
			r.Problem(opendata.CodeNotANumber, col, v, "")
		}
		return opendata.Count{}, false
	}
	return c, true
}

// Int parses column col as a whole number in [lo, hi].
func (r *Reader) Int(col, lo, hi int) (int, bool) {
	v, ok := r.Required(col)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.Problem(opendata.CodeNotANumber, col, v, "")
		return 0, false
	}
	if n < lo || n > hi {
		r.Problem(opendata.CodeOutOfRange, col, v, strconv.Itoa(lo)+".."+strconv.Itoa(hi))
		return 0, false
	}
	return n, true
}

// Float parses column col as a decimal number in [lo, hi]; a decimal comma
// is accepted when the value has no point.
func (r *Reader) Float(col int, lo, hi float64) (float64, bool) {
	v, ok := r.Required(col)
	if !ok {
		return 0, false
	}
	f, err := ParseDecimal(v)
	if err != nil {
		r.Problem(opendata.CodeNotANumber, col, v, "")
		return 0, false
	}
	if f < lo || f > hi {
		r.Problem(opendata.CodeOutOfRange, col, v,
			strconv.FormatFloat(lo, 'f', -1, 64)+".."+strconv.FormatFloat(hi, 'f', -1, 64))
		return 0, false
	}
	return f, true
}

// ParseDecimal parses a decimal number written with a point or, when there
// is no point, a decimal comma ("1,30"). NaN and infinities are refused.
// It returns strconv's error on failure.
func ParseDecimal(v string) (float64, error) {
	if strings.IndexByte(v, '.') < 0 {
		v = strings.Replace(v, ",", ".", 1)
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			return 0, &strconv.NumError{Func: "ParseDecimal", Num: v, Err: strconv.ErrSyntax}
		}
	}
	return strconv.ParseFloat(v, 64)
}

// Match reports CodeBadFormat (with expected as the format) when the value
// of column col is non-empty and ok returns false for it, or CodeRequired
// when it is empty and required.
func (r *Reader) Match(col int, required bool, ok func(string) bool, expected string) (string, bool) {
	v := r.Str(col)
	if v == "" {
		if required {
			r.Problem(opendata.CodeRequired, col, "", "")
			return "", false
		}
		return "", true
	}
	if !ok(v) {
		r.Problem(opendata.CodeBadFormat, col, v, expected)
		return "", false
	}
	return v, true
}

// Digits reports whether s is between min and max ASCII digits long and
// nothing else.
func Digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PrefixedCode normalises a CBS area code: "GM0363", "gm0363", "0363" and
// "363" all give "GM0363" for prefix "GM" and width 4. It returns "" and
// false when v is not such a code.
func PrefixedCode(v, prefix string, width int) (string, bool) {
	if len(v) > len(prefix) && strings.EqualFold(v[:len(prefix)], prefix) {
		v = v[len(prefix):]
		if len(v) != width || !Digits(v, width, width) {
			return "", false
		}
		return prefix + v, true
	}
	if !Digits(v, 1, width) {
		return "", false
	}
	return prefix + strings.Repeat("0", width-len(v)) + v, true
}

// Check remembers whether every cell read of one record succeeded. Its
// methods pass the value of a cell helper through, so a record reads as
// m.Name = chk.Str(rd.Required(col)); then chk.Failed says whether to drop
// the record (its problems are already reported).
type Check struct{ Failed bool }

// Str passes v through and records !ok.
func (c *Check) Str(v string, ok bool) string { c.Failed = c.Failed || !ok; return v }

// Int passes v through and records !ok.
func (c *Check) Int(v int, ok bool) int { c.Failed = c.Failed || !ok; return v }

// Float passes v through and records !ok.
func (c *Check) Float(v float64, ok bool) float64 { c.Failed = c.Failed || !ok; return v }

// Count passes v through and records !ok.
func (c *Check) Count(v opendata.Count, ok bool) opendata.Count {
	c.Failed = c.Failed || !ok
	return v
}
