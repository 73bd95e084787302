package desk

import (
	"math/rand/v2"
	"testing"
	"time"
)

// naiveAdd is AddWorkingTime the slow way, day by day, for the test of the
// fast one.
func naiveAdd(c Calendar, from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	from = from.In(c.loc())
	y, m, dd := from.Date()
	for i := 0; i < maxCalendarDays; i++ {
		day := time.Date(y, m, dd+i, 12, 0, 0, 0, c.loc())
		if !c.IsWorkingDay(day) {
			continue
		}
		open, close := c.office(day.Date())
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
	}
	return from.Add(d)
}

// TestAddWorkingTimeFast: skipping whole days gives what walking every
// day gives, over holidays, weekends and daylight saving time, for every
// Liberation Day rule.
func TestAddWorkingTimeFast(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	base := time.Date(2024, 12, 1, 0, 0, 0, 0, ams)
	for _, c := range []Calendar{{Location: ams}, {Location: ams, Liberation: LiberationYearly}, {Location: ams, NoHolidays: true},
		{Location: ams, DayStart: 8 * time.Hour, DayEnd: 16*time.Hour + 30*time.Minute}} {
		for range 3000 {
			from := base.Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
			d := time.Duration(r.Int64N(int64(400 * time.Hour)))
			if r.IntN(10) == 0 {
				d = time.Duration(r.IntN(60)) * c.WorkingDay() // whole days exactly
			}
			if got, want := c.AddWorkingTime(from, d), naiveAdd(c, from, d); !got.Equal(want) {
				t.Fatalf("%+v: from %v + %v = %v, want %v", c, from, d, got, want)
			}
		}
	}
}
