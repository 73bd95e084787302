package desk

import (
	"math/rand/v2"
	"testing"
	"time"
)

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	return loc
}

func TestEasterSunday(t *testing.T) {
	for year, want := range map[int]string{
		1818: "03-22", 1943: "04-25", 2000: "04-23", 2019: "04-21", 2024: "03-31",
		2025: "04-20", 2026: "04-05", 2027: "03-28", 2038: "04-25", 2285: "03-22",
	} {
		if got := EasterSunday(year).Format("01-02"); got != want {
			t.Errorf("Easter %d = %s, want %s", year, got, want)
		}
	}
}

func TestHolidays(t *testing.T) {
	names := func(hs []Holiday) map[string]string {
		m := map[string]string{}
		for _, h := range hs {
			m[h.Date.Format("2006-01-02")] = h.Name
		}
		return m
	}
	got := names(Holidays(2025, LiberationLustrum))
	want := map[string]string{
		"2025-01-01": "nieuwjaarsdag", "2025-04-20": "eerste_paasdag", "2025-04-21": "tweede_paasdag",
		"2025-04-26": "koningsdag", // the 27th is a Sunday
		"2025-05-05": "bevrijdingsdag", "2025-05-29": "hemelvaartsdag", "2025-06-08": "eerste_pinksterdag",
		"2025-06-09": "tweede_pinksterdag", "2025-12-25": "eerste_kerstdag", "2025-12-26": "tweede_kerstdag",
	}
	if len(got) != len(want) {
		t.Errorf("2025: %v", got)
	}
	for d, n := range want {
		if got[d] != n {
			t.Errorf("2025 %s = %q, want %q", d, got[d], n)
		}
	}
	if _, ok := names(Holidays(2026, LiberationLustrum))["2026-05-05"]; ok {
		t.Error("2026 is no lustrum year")
	}
	if names(Holidays(2026, LiberationYearly))["2026-05-05"] != "bevrijdingsdag" {
		t.Error("yearly rule")
	}
	if names(Holidays(2026, LiberationLustrum))["2026-04-27"] != "koningsdag" {
		t.Error("Koningsdag 2026")
	}
	if names(Holidays(2008, LiberationNever))["2008-04-30"] != "koningsdag" {
		t.Error("Koninginnedag 2008")
	}
	// The allocation-free check agrees with the list on every day.
	for _, rule := range []LiberationRule{LiberationLustrum, LiberationYearly, LiberationNever} {
		for y := 1990; y <= 2100; y++ {
			hs := names(Holidays(y, rule))
			for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
				n, ok := holidayOn(y, d.Month(), d.Day(), rule)
				want, wok := hs[d.Format("2006-01-02")]
				if ok != wok || ok && n != want && !(y == 2005 || y == 2008) { // two holidays on one day
					t.Fatalf("%s rule %d: holidayOn = %q %v, list has %q %v", d.Format("2006-01-02"), rule, n, ok, want, wok)
				}
			}
		}
	}
}

func TestWorkingTime(t *testing.T) {
	ams := amsterdam(t)
	c := Calendar{Location: ams}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ams) }
	tests := []struct {
		name     string
		from, to time.Time
		want     time.Duration
	}{
		{"same day", at(2026, 3, 2, 10, 0), at(2026, 3, 2, 12, 30), 150 * time.Minute},
		{"before opening to after closing", at(2026, 3, 2, 6, 0), at(2026, 3, 2, 20, 0), 8 * time.Hour},
		{"over a weekend", at(2026, 3, 6, 16, 0), at(2026, 3, 9, 10, 0), 2 * time.Hour},
		{"over the DST weekend", at(2026, 3, 27, 16, 0), at(2026, 3, 30, 10, 0), 2 * time.Hour},
		{"over Easter (Good Friday is a working day)", at(2026, 4, 2, 16, 0), at(2026, 4, 7, 10, 0), 10 * time.Hour},
		{"weekend only", at(2026, 3, 7, 10, 0), at(2026, 3, 8, 16, 0), 0},
		{"Christmas week", at(2025, 12, 24, 9, 0), at(2025, 12, 29, 11, 0), 10 * time.Hour},
		{"backwards", at(2026, 3, 2, 12, 0), at(2026, 3, 2, 10, 0), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.WorkingTime(tc.from, tc.to); got != tc.want {
				t.Errorf("WorkingTime = %v, want %v", got, tc.want)
			}
		})
	}
	add := []struct {
		name string
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"one working day from Friday afternoon", at(2026, 3, 6, 16, 0), 8 * time.Hour, at(2026, 3, 9, 16, 0)},
		{"from Saturday", at(2026, 3, 7, 11, 0), 8 * time.Hour, at(2026, 3, 9, 17, 0)},
		{"from before opening", at(2026, 3, 2, 7, 0), time.Hour, at(2026, 3, 2, 10, 0)},
		{"over Easter Monday", at(2026, 4, 3, 17, 0), 4 * time.Hour, at(2026, 4, 7, 13, 0)},
		{"zero", at(2026, 3, 7, 11, 0), 0, at(2026, 3, 7, 11, 0)},
	}
	for _, tc := range add {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.AddWorkingTime(tc.from, tc.d); !got.Equal(tc.want) {
				t.Errorf("AddWorkingTime = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("AddWorkingTime inverts WorkingTime", func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		base := at(2025, 1, 1, 0, 0)
		for range 2000 {
			from := base.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
			d := time.Duration(r.Int64N(int64(200 * time.Hour)))
			if got := c.WorkingTime(from, c.AddWorkingTime(from, d)); got != d {
				t.Fatalf("from %v + %v: WorkingTime gives %v", from, d, got)
			}
		}
	})
	if (Calendar{}).WorkingDay() != 8*time.Hour || (Calendar{DayStart: 8 * time.Hour, DayEnd: 16*time.Hour + 30*time.Minute}).WorkingDay() != 510*time.Minute {
		t.Error("WorkingDay")
	}
	if c.IsWorkingDay(at(2026, 4, 27, 12, 0)) || !c.IsWorkingDay(at(2026, 4, 28, 12, 0)) || (Calendar{NoHolidays: true, Location: ams}).IsWorkingDay(at(2026, 4, 25, 12, 0)) {
		t.Error("IsWorkingDay")
	}
}

func TestDeadlines(t *testing.T) {
	ams := amsterdam(t)
	c := Calendar{Location: ams}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, ams) }
	friday := at(3, 6, 16)
	q := Question{Status: StatusNew, CreatedAt: friday}
	tests := []struct {
		name    string
		q       func(Question) Question
		now     time.Time
		kind    DeadlineKind
		at      time.Time
		overdue bool
	}{
		{"new: one working day", func(q Question) Question { return q }, at(3, 9, 15), DeadlineResponse, at(3, 9, 16), false},
		{"new: overdue after it", func(q Question) Question { return q }, at(3, 9, 17), DeadlineResponse, at(3, 9, 16), true},
		{"new with an earlier due date", func(q Question) Question { q.Due = date(2026, 3, 6); return q }, at(3, 7, 1), DeadlineDue, at(3, 7, 0), true},
		{"new with a later due date", func(q Question) Question { q.Due = date(2026, 3, 20); return q }, at(3, 9, 15), DeadlineResponse, at(3, 9, 16), false},
		{"taken: ten working days", func(q Question) Question { q.Status = StatusTaken; return q }, at(3, 20, 15), DeadlineAnswer, at(3, 20, 16), false},
		{"routed with due date", func(q Question) Question { q.Status, q.Due = StatusRouted, date(2026, 3, 31); return q }, at(4, 1, 0).Add(time.Minute), DeadlineDue, at(4, 1, 0), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dl, over := c.Overdue(tc.q(q), tc.now, SLA{})
			if dl.Kind != tc.kind || !dl.At.Equal(tc.at) || over != tc.overdue {
				t.Errorf("got %v %v overdue=%v, want %v %v overdue=%v", dl.Kind, dl.At, over, tc.kind, tc.at, tc.overdue)
			}
		})
	}
	for _, s := range []QuestionStatus{StatusAnswered, StatusClosed} {
		if _, ok := c.Deadline(Question{Status: s, CreatedAt: friday}, SLA{}); ok {
			t.Errorf("%s has no deadline", s)
		}
	}
	if dl, _ := c.Deadline(q, SLA{Response: 2 * time.Hour}); !dl.At.Equal(at(3, 9, 10)) {
		t.Errorf("custom SLA: %v", dl.At)
	}
}

func TestDurations(t *testing.T) {
	c := Calendar{}
	q := Question{Status: StatusClosed, CreatedAt: t0, TakenAt: t0.Add(3 * time.Hour), ClosedAt: t0.Add(48 * time.Hour)}
	if s, ok := c.ResponseTime(q); !ok || s.Working != 3*time.Hour || s.Elapsed != 3*time.Hour {
		t.Errorf("response %v %v", s, ok)
	}
	if s, ok := c.LeadTime(q); !ok || s.Working != 16*time.Hour || s.Elapsed != 48*time.Hour {
		t.Errorf("lead %v %v", s, ok)
	}
	q.Status = StatusTaken
	if _, ok := c.LeadTime(q); ok {
		t.Error("an open question has no lead time")
	}
	if a := c.Age(q, t0.Add(time.Hour)); a.Elapsed != time.Hour {
		t.Errorf("age %v", a)
	}
	if _, ok := c.ResponseTime(Question{CreatedAt: t0}); ok {
		t.Error("untaken question has no response time")
	}
}

func TestWorkingDaysCountsLikeADayWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []Calendar{{}, {NoHolidays: true}, {Liberation: LiberationYearly}} {
		for range 500 {
			a := civil(1995, 1, 1) + r.Int64N(40*365)
			b := a + r.Int64N(800) - 5
			want := 0
			for d := a; d <= b; d++ {
				if c.workingCivil(d) {
					want++
				}
			}
			if got := c.workingDays(a, b); got != want {
				y, m, d := fromCivil(a)
				t.Fatalf("%+v from %d-%d-%d, %d days: %d, want %d", c, y, m, d, b-a+1, got, want)
			}
		}
	}
}
