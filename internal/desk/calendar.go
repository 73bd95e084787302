package desk

import (
	"slices"
	"time"
)

// Holiday is a Dutch public holiday.
type Holiday struct {
	Date time.Time // midnight UTC of the day
	Name string    // stable code for the catalogue, e.g. "koningsdag"
}

// LiberationRule says when Liberation Day (Bevrijdingsdag, 5 May) is a day
// off. By law it is a national holiday every year, but most collective
// agreements give the day off only in lustrum years (2025, 2030 ...).
type LiberationRule uint8

// Liberation Day rules; the zero value is the lustrum rule.
const (
	LiberationLustrum LiberationRule = iota
	LiberationYearly
	LiberationNever
)

// EasterSunday returns the date of Easter Sunday in the Gregorian calendar
// (the anonymous Gregorian algorithm of Meeus, Jones and Butcher), as
// midnight UTC. Years before 1583 give the Gregorian computation too.
func EasterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// Holidays returns the Dutch public holidays of a year in date order:
// Nieuwjaarsdag, Eerste en Tweede Paasdag, Koningsdag (27 April, or 26 when
// the 27th is a Sunday; Koninginnedag 30 April before 2014, 29 when a
// Sunday), Bevrijdingsdag by rule, Hemelvaartsdag, Eerste en Tweede
// Pinksterdag and Eerste en Tweede Kerstdag. Goede Vrijdag is not a general
// day off and is left out.
func Holidays(year int, rule LiberationRule) []Holiday {
	easter := EasterSunday(year)
	day := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	king := day(time.April, 27)
	if year < 2014 {
		king = day(time.April, 30)
	}
	if king.Weekday() == time.Sunday {
		king = king.AddDate(0, 0, -1)
	}
	hs := []Holiday{
		{day(time.January, 1), "nieuwjaarsdag"},
		{easter, "eerste_paasdag"},
		{easter.AddDate(0, 0, 1), "tweede_paasdag"},
		{king, "koningsdag"},
	}
	if rule == LiberationYearly || rule == LiberationLustrum && year%5 == 0 {
		hs = append(hs, Holiday{day(time.May, 5), "bevrijdingsdag"})
	}
	hs = append(hs,
		Holiday{easter.AddDate(0, 0, 39), "hemelvaartsdag"},
		Holiday{easter.AddDate(0, 0, 49), "eerste_pinksterdag"},
		Holiday{easter.AddDate(0, 0, 50), "tweede_pinksterdag"},
		Holiday{day(time.December, 25), "eerste_kerstdag"},
		Holiday{day(time.December, 26), "tweede_kerstdag"},
	)
	// Ascension can fall on 5 May (and did in 2016); keep date order.
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
	return hs
}

// Calendar measures working time: the office hours on Dutch working days
// (Monday to Friday without public holidays) in a time zone. The zero
// value is 09:00-17:00 in UTC with holidays and the lustrum rule; the app
// sets Location to Europe/Amsterdam.
type Calendar struct {
	// Location is the zone office hours are in; nil means UTC.
	Location *time.Location
	// DayStart and DayEnd are the office hours as offsets from midnight.
	// When DayEnd is not after DayStart, 09:00-17:00 is used.
	DayStart, DayEnd time.Duration
	// NoHolidays counts public holidays as working days.
	NoHolidays bool
	// Liberation is the rule for Liberation Day.
	Liberation LiberationRule
}

const maxCalendarDays = 20 * 366 // bounds every day walk

func (c Calendar) loc() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

func (c Calendar) hours() (start, end time.Duration) {
	if c.DayEnd <= c.DayStart || c.DayStart < 0 || c.DayEnd > 24*time.Hour {
		return 9 * time.Hour, 17 * time.Hour
	}
	return c.DayStart, c.DayEnd
}

// WorkingDay returns the length of office hours on one working day.
func (c Calendar) WorkingDay() time.Duration {
	s, e := c.hours()
	return e - s
}

// IsHoliday reports whether the calendar day of t (in the calendar's zone)
// is a public holiday, and returns its code.
func (c Calendar) IsHoliday(t time.Time) (string, bool) {
	if c.NoHolidays {
		return "", false
	}
	y, m, d := t.In(c.loc()).Date()
	return holidayOn(y, m, d, c.Liberation)
}

// holidayOn is Holidays for one day, without allocating.
func holidayOn(y int, m time.Month, d int, rule LiberationRule) (string, bool) {
	switch {
	case m == time.January && d == 1:
		return "nieuwjaarsdag", true
	case m == time.December && d == 25:
		return "eerste_kerstdag", true
	case m == time.December && d == 26:
		return "tweede_kerstdag", true
	case m < time.March || m > time.June:
		return "", false
	}
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch int(day.Sub(EasterSunday(y)).Hours()) / 24 {
	case 0:
		return "eerste_paasdag", true
	case 1:
		return "tweede_paasdag", true
	case 39:
		return "hemelvaartsdag", true
	case 49:
		return "eerste_pinksterdag", true
	case 50:
		return "tweede_pinksterdag", true
	}
	if m == time.April {
		king := 27
		if y < 2014 {
			king = 30
		}
		if d == king && day.Weekday() != time.Sunday || d == king-1 && day.Weekday() == time.Saturday {
			return "koningsdag", true
		}
	}
	if m == time.May && d == 5 && (rule == LiberationYearly || rule == LiberationLustrum && y%5 == 0) {
		return "bevrijdingsdag", true
	}
	return "", false
}

// IsWorkingDay reports whether the calendar day of t (in the calendar's
// zone) is a working day: Monday to Friday and not a public holiday.
func (c Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(c.loc())
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, h := c.IsHoliday(t)
	return !h
}

// office returns the office hours of the day of t.
func (c Calendar) office(y int, m time.Month, d int) (open, close time.Time) {
	s, e := c.hours()
	mid := time.Date(y, m, d, 0, 0, 0, 0, c.loc())
	return mid.Add(s), mid.Add(e)
}

// WorkingTime returns the office hours on working days between from and
// to; it is 0 when to is not after from. Spans longer than twenty years
// are cut there.
func (c Calendar) WorkingTime(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	loc := c.loc()
	from, to = from.In(loc), to.In(loc)
	fy, fm, fd := from.Date()
	ty, tm, td := to.Date()
	first, last := civil(fy, fm, fd), civil(ty, tm, td)
	total := c.overlap(fy, fm, fd, from, to)
	if last == first {
		return total
	}
	if last-first > maxCalendarDays {
		last = first + maxCalendarDays
		ty, tm, td = fromCivil(last)
	}
	total += c.overlap(ty, tm, td, from, to)
	// Days in between count in full. Office hours on a working day have
	// the same length every day: daylight saving time changes on Sundays.
	return total + time.Duration(c.workingDays(first+1, last-1))*c.WorkingDay()
}

// workingDays counts the working days among the calendar dates a to b
// (days since 1970, both included) without visiting each day: the weekdays
// by whole weeks, less the holidays that fall on a weekday.
func (c Calendar) workingDays(a, b int64) int {
	if b < a {
		return 0
	}
	total := b - a + 1
	n := int(total/7) * 5
	for d := a + total/7*7; d <= b; d++ {
		if isWeekday(d) {
			n++
		}
	}
	if c.NoHolidays {
		return n
	}
	ya, _, _ := fromCivil(a)
	yb, _, _ := fromCivil(b)
	for y := ya; y <= yb; y++ {
		hs, k := yearHolidays(y, c.Liberation)
		for i, h := range hs[:k] {
			if h >= a && h <= b && isWeekday(h) && (i == 0 || h != hs[i-1]) {
				n--
			}
		}
	}
	return n
}

func isWeekday(n int64) bool {
	// 1970-01-01 was a Thursday.
	wd := time.Weekday((n%7 + 7 + 4) % 7)
	return wd != time.Saturday && wd != time.Sunday
}

// holidayCivils returns the holidays of Holidays(y, rule) as days since
// 1970, sorted, without allocating.
func holidayCivils(y int, rule LiberationRule) (out [11]int64, k int) {
	e := civil(y, time.January, 1)
	easter := EasterSunday(y).Unix() / 86400
	add := func(n int64) { out[k] = n; k++ }
	add(e)
	add(easter)
	add(easter + 1)
	king := time.Date(y, time.April, 27, 0, 0, 0, 0, time.UTC)
	if y < 2014 {
		king = king.AddDate(0, 0, 3)
	}
	if king.Weekday() == time.Sunday {
		king = king.AddDate(0, 0, -1)
	}
	add(king.Unix() / 86400)
	if rule == LiberationYearly || rule == LiberationLustrum && y%5 == 0 {
		add(civil(y, time.May, 5))
	}
	add(easter + 39)
	add(easter + 49)
	add(easter + 50)
	add(civil(y, time.December, 25))
	add(civil(y, time.December, 26))
	slices.Sort(out[:k])
	return out, k
}

// civil returns the number of days since 1970-01-01 of a calendar date.
func civil(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func fromCivil(n int64) (int, time.Month, int) { return time.Unix(n*86400, 0).UTC().Date() }

// workingCivil reports whether the calendar date n (days since 1970) is a
// working day.
func (c Calendar) workingCivil(n int64) bool {
	if !isWeekday(n) {
		return false
	}
	if c.NoHolidays {
		return true
	}
	y, _, _ := fromCivil(n)
	hs, k := yearHolidays(y, c.Liberation)
	for _, h := range hs[:k] {
		if h == n {
			return false
		}
	}
	return true
}

// overlap returns the office hours of day y-m-d inside [from, to], or 0
// when it is not a working day.
func (c Calendar) overlap(y int, m time.Month, d int, from, to time.Time) time.Duration {
	if !c.workingCivil(civil(y, m, d)) {
		return 0
	}
	lo, hi := c.office(y, m, d)
	if from.After(lo) {
		lo = from
	}
	if to.Before(hi) {
		hi = to
	}
	if hi.After(lo) {
		return hi.Sub(lo)
	}
	return 0
}

// AddWorkingTime returns the moment at which d of working time has passed
// since from. A moment outside office hours counts from the next opening;
// d <= 0 returns from.
func (c Calendar) AddWorkingTime(from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	from = from.In(c.loc())
	y, m, dd := from.Date()
	day := civil(y, m, dd)
	whole := c.WorkingDay()
	for i := 0; i < maxCalendarDays; i, day = i+1, day+1 {
		if !c.workingCivil(day) {
			continue
		}
		open, close := c.office(fromCivil(day))
		if from.After(open) {
			open = from
		}
		if !close.After(open) {
			continue
		}
		if left := close.Sub(open); d <= left {
			return open.Add(d)
		} else {
			d -= left
		}
		// Skip whole working days by their dates alone: every working
		// day has the same office hours.
		for d > whole && i < maxCalendarDays {
			day, i = day+1, i+1
			if c.workingCivil(day) {
				d -= whole
			}
		}
	}
	return from.Add(d) // not reached for sane calendars
}

// Span is a duration measured two ways.
type Span struct {
	Working time.Duration // office hours on working days
	Elapsed time.Duration // wall-clock time
}

func (c Calendar) span(from, to time.Time) Span {
	return Span{Working: c.WorkingTime(from, to), Elapsed: max(0, to.Sub(from))}
}

// ResponseTime returns the time from filing to the first take, and false
// while the question has not been taken.
func (c Calendar) ResponseTime(q Question) (Span, bool) {
	if q.TakenAt.IsZero() || q.CreatedAt.IsZero() {
		return Span{}, false
	}
	return c.span(q.CreatedAt, q.TakenAt), true
}

// LeadTime returns the time from filing to closing, and false while the
// question is open.
func (c Calendar) LeadTime(q Question) (Span, bool) {
	if q.Status != StatusClosed || q.ClosedAt.IsZero() || q.CreatedAt.IsZero() {
		return Span{}, false
	}
	return c.span(q.CreatedAt, q.ClosedAt), true
}

// Age returns how long a question has been at the desk at now: up to now
// while open, up to its closing when closed.
func (c Calendar) Age(q Question, now time.Time) Span {
	end := now
	if q.Status == StatusClosed && !q.ClosedAt.IsZero() {
		end = q.ClosedAt
	}
	return c.span(q.CreatedAt, end)
}

// SLA is the service level of the desk, in working time since filing.
// Zero fields take the defaults.
type SLA struct {
	Response time.Duration // to take a new question; default one working day
	Answer   time.Duration // to have it answered; default ten working days
}

// DeadlineKind says which rule set a deadline.
type DeadlineKind string

// Deadline kinds.
const (
	DeadlineDue      DeadlineKind = "due"      // the due date of the question
	DeadlineResponse DeadlineKind = "response" // SLA.Response for a new question
	DeadlineAnswer   DeadlineKind = "answer"   // SLA.Answer for a question being handled
)

// Deadline is when the desk must have moved a question on.
type Deadline struct {
	Kind DeadlineKind
	At   time.Time
}

// Deadline returns the deadline that applies to q now, and false when none
// does (the question is answered or closed). A new question must be taken
// within SLA.Response; a taken or routed one answered within SLA.Answer;
// a due date, which ends at midnight after the due day in the calendar's
// zone, takes precedence when it is earlier, and always for a question
// being handled.
func (c Calendar) Deadline(q Question, sla SLA) (Deadline, bool) {
	if sla.Response <= 0 {
		sla.Response = c.WorkingDay()
	}
	if sla.Answer <= 0 {
		sla.Answer = 10 * c.WorkingDay()
	}
	var dl Deadline
	switch q.Status {
	case StatusNew:
		dl = Deadline{DeadlineResponse, c.AddWorkingTime(q.CreatedAt, sla.Response)}
	case StatusTaken, StatusRouted:
		dl = Deadline{DeadlineAnswer, c.AddWorkingTime(q.CreatedAt, sla.Answer)}
	default:
		return Deadline{}, false
	}
	if !q.Due.IsZero() {
		y, m, d := q.Due.Date()
		due := time.Date(y, m, d+1, 0, 0, 0, 0, c.loc())
		if q.Status != StatusNew || due.Before(dl.At) {
			dl = Deadline{DeadlineDue, due}
		}
	}
	return dl, true
}

// Overdue reports whether q's deadline has passed at now, and returns the
// deadline.
func (c Calendar) Overdue(q Question, now time.Time, sla SLA) (Deadline, bool) {
	dl, ok := c.Deadline(q, sla)
	return dl, ok && now.After(dl.At)
}
