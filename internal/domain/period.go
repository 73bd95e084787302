package domain

import (
	"strings"
	"time"
)

// Period is a span of calendar days; a zero End means open-ended and a zero
// Start means "from now".
type Period struct {
	Start, End time.Time
}

// DateLayout is how dates are shown to Dutch users: dd-mm-jjjj.
const DateLayout = "02-01-2006"

// ParseDate reads a date as a Dutch user writes it (dd-mm-jjjj, also with
// slashes) or as an HTML date input sends it (jjjj-mm-dd). It returns
// midnight UTC of that day.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				break
			}
			return t, nil
		}
	}
	return time.Time{}, Errorf(CodeInvalid, "invalid.date")
}

// Day truncates t to midnight UTC of its calendar day.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Valid reports whether the period does not end before it starts.
func (p Period) Valid() bool {
	return p.Start.IsZero() || p.End.IsZero() || !p.End.Before(p.Start)
}

// Overlaps reports whether two periods share at least one day. Open ends
// overlap everything on their side.
func (p Period) Overlaps(q Period) bool {
	if !p.End.IsZero() && !q.Start.IsZero() && p.End.Before(q.Start) {
		return false
	}
	if !q.End.IsZero() && !p.Start.IsZero() && q.End.Before(p.Start) {
		return false
	}
	return true
}
