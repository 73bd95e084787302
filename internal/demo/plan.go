package demo

import (
	"math/rand/v2"
	"strconv"
	"time"

	"talentloket/internal/domain"
)

// The demo is planned in memory first (plan*.go) and written through the
// store afterwards (insert.go). Planned objects point at each other; the
// store ids are filled in while inserting.

// world is the whole planned demo.
type world struct {
	seed    int64
	now     time.Time
	hash    string
	regions []*regionPlan
	emails  map[string]bool // user e-mail addresses taken (users.email is unique across regions)
}

// regionPlan is one planned region.
type regionPlan struct {
	spec       *regionSpec
	w          *world
	index      int
	created    time.Time
	areas      [][]postcodeArea // per spec.towns
	orgs       []*orgPlan
	progs      []*progPlan
	users      []*userPlan
	students   []*studentPlan
	placements []*placementPlan
	apps       []*appPlan
	names      map[string]bool // organisation names taken (lookup only)
	kvks       map[string]bool
	id         int64

	// The demo journeys.
	demoSchool, demoCompany *orgPlan
	demoStudent             *studentPlan
	accounts                []*userPlan // one per role, in domain.Roles order
}

type orgPlan struct {
	o        domain.Organisation
	locs     []*locPlan
	created  time.Time
	town     *town
	sector   *sector     // companies
	school   *schoolSpec // schools
	domain   string      // e-mail and web domain
	size     int         // relative number of placements
	contact  *userPlan   // company contact
	coaches  []*userPlan // schools
	staff    *userPlan   // schools: the BPV coordinator
	progs    []*progPlan
	scenario bool // its placements belong to a demo journey
}

type locPlan struct {
	l      domain.Location
	fields []string
}

type progPlan struct {
	p      domain.Programme
	school *orgPlan
	loc    *locPlan
	fields []string
	weight float64
}

type userPlan struct {
	u       domain.User
	org     *orgPlan
	student *studentPlan
	created time.Time
	person  person
}

type studentPlan struct {
	s        domain.Student
	school   *orgPlan
	prog     *progPlan
	coach    *userPlan
	user     *userPlan
	person   person
	home     domain.Point
	fields   []string
	inactive bool // planned inactive (no applications)
	placed   bool
	accepted time.Time // when the accepted application was accepted
	created  time.Time
	scenario bool // part of a demo journey: no random applications
}

type placementPlan struct {
	p                 domain.Placement
	company           *orgPlan
	loc               *locPlan
	created           time.Time
	accepted, offered int
	lastAccept        time.Time
	scenario          bool
}

type appPlan struct {
	student    *studentPlan
	placement  *placementPlan
	motivation string
	steps      []step    // the first step is the submission
	t0         time.Time // when it was submitted
}

// step is one state an application reaches, when, by whom and why.
type step struct {
	to    domain.ApplicationStatus
	at    time.Time
	actor *userPlan
	note  string
}

func (a *appPlan) status() domain.ApplicationStatus { return a.steps[len(a.steps)-1].to }

// email reserves a unique address local@domain, numbering the local part
// when it is taken ("s.jansen2@...").
func (w *world) email(local, dom string) string {
	for i := 1; ; i++ {
		l := local
		if i > 1 {
			l += strconv.Itoa(i)
		}
		e := l + "@" + dom
		if !w.emails[e] {
			w.emails[e] = true
			return e
		}
	}
}

// areasOf returns the PC4 areas of a town of the region.
func (rp *regionPlan) areasOf(t *town) []postcodeArea {
	for i, x := range rp.spec.towns {
		if x == t {
			return rp.areas[i]
		}
	}
	panic("demo: town of another region: " + t.name)
}

// pointOf returns the centroid of the PC4 area of a postcode in the region.
func (rp *regionPlan) pointOf(postcode string) (domain.Point, *town) {
	pc4 := domain.PC4(postcode)
	for i, t := range rp.spec.towns {
		for _, a := range rp.areas[i] {
			if a.pc4 == pc4 {
				return a.point, t
			}
		}
	}
	panic("demo: postcode outside the region: " + postcode)
}

// plan builds the whole demo in memory.
func plan(seed int64, now time.Time, hash string) *world {
	w := &world{seed: seed, now: now, hash: hash, emails: map[string]bool{}}
	for i, spec := range regionSpecs {
		rp := &regionPlan{spec: spec, w: w, index: i, names: map[string]bool{}, kvks: map[string]bool{}}
		for _, t := range spec.towns {
			rp.areas = append(rp.areas, pc4Centroids(t))
		}
		w.regions = append(w.regions, rp)
	}
	for _, rp := range w.regions {
		part := uint64(rp.index+1) << 8
		rp.created = officeTime(newRand(seed, part), now.Add(-days(430+rp.index*12)))
		rp.planSchools(newRand(seed, part|1))
		rp.planCompanies(newRand(seed, part|2))
		rp.planStudents(newRand(seed, part|3))
		rp.planPlacements(newRand(seed, part|4))
		rp.planScenario(newRand(seed, part|5))
		rp.planApplications(newRand(seed, part|6))
		rp.planAccounts()
		rp.settle()
	}
	return w
}

// Dates relative to the demo's today.

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// termStart returns the first start of a school term (1 February or
// 1 September) on or after t.
func termStart(t time.Time) time.Time {
	t = domain.Day(t)
	y := t.Year()
	for _, c := range []time.Time{date(y, 2, 1), date(y, 9, 1), date(y+1, 2, 1), date(y+1, 9, 1)} {
		if !c.Before(t) {
			return c
		}
	}
	return date(y+2, 2, 1)
}

// summer returns the coming summer holiday (or the current one).
func summer(now time.Time) domain.Period {
	y := now.Year()
	if now.After(date(y, 8, 1)) {
		y++
	}
	return domain.Period{Start: date(y, 7, 6), End: date(y, 8, 16)}
}

// monday returns the first Monday on or after t.
func monday(t time.Time) time.Time {
	t = domain.Day(t)
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// firstOfMonth returns the first day of the month after t (or t's when t is
// the first).
func firstOfMonth(t time.Time) time.Time {
	t = domain.Day(t)
	if t.Day() == 1 {
		return t
	}
	return date(t.Year(), t.Month()+1, 1)
}

// periodFor returns a plausible period for a kind of placement at a stage,
// relative to now.
func periodFor(r *rand.Rand, now time.Time, k domain.PlacementKind, st domain.Stage) domain.Period {
	switch k {
	case domain.KindInternship:
		if st == domain.StageVMBO {
			s := monday(now.Add(days(between(r, 14, 100))))
			return domain.Period{Start: s, End: s.AddDate(0, 0, pick(r, []int{4, 4, 11}))}
		}
		s := termStart(now.Add(days(21)))
		if chance(r, 0.3) {
			s = termStart(s.AddDate(0, 0, 1))
		}
		weeks := pickW(r, []weighted[int]{{20, 6}, {10, 2}, {40, 1}})
		if st == domain.StageHBO {
			weeks = 20
		}
		return domain.Period{Start: s, End: s.AddDate(0, 0, weeks*7-3)}
	case domain.KindApprenticeship:
		s := firstOfMonth(now.Add(days(between(r, 7, 100))))
		return domain.Period{Start: s, End: s.AddDate(between(r, 1, 2), 0, -1)}
	case domain.KindGraduation:
		s := termStart(now.Add(days(30)))
		return domain.Period{Start: s, End: s.AddDate(0, 0, 20*7-3)}
	case domain.KindHolidayJob:
		return summer(now)
	default: // job
		return domain.Period{Start: domain.Day(now.Add(days(between(r, 14, 90))))}
	}
}

// union returns the smallest period covering a and b; an open end stays
// open.
func union(a, b domain.Period) domain.Period {
	out := a
	if b.Start.Before(out.Start) {
		out.Start = b.Start
	}
	if out.End.IsZero() || b.End.IsZero() {
		out.End = time.Time{}
	} else if b.End.After(out.End) {
		out.End = b.End
	}
	return out
}
