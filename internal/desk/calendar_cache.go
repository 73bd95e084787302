package desk

// The holidays of the years working time is usually measured in, computed
// once: WorkingTime and AddWorkingTime look them up for every question of
// the board and the figures.

const (
	cacheFirstYear = 1990
	cacheLastYear  = 2100
)

type holidayYear struct {
	hs [11]int64
	k  int
}

var holidayCache = func() (c [3][cacheLastYear - cacheFirstYear + 1]holidayYear) {
	for rule := range c {
		for i := range c[rule] {
			c[rule][i].hs, c[rule][i].k = holidayCivils(cacheFirstYear+i, LiberationRule(rule))
		}
	}
	return c
}()

// yearHolidays is holidayCivils, from the cache for the usual years.
func yearHolidays(y int, rule LiberationRule) ([11]int64, int) {
	if y >= cacheFirstYear && y <= cacheLastYear && int(rule) < len(holidayCache) {
		h := &holidayCache[rule][y-cacheFirstYear]
		return h.hs, h.k
	}
	return holidayCivils(y, rule)
}
