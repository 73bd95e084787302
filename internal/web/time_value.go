package web

import "time"

// timeValue wraps a parsed date so that form readers can return "unset".
type timeValue struct{ time.Time }

// Input formats a date for an <input type="date"> (jjjj-mm-dd).
func dateInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
