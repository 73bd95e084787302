package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"talentloket/internal/domain"
)

type status = domain.ApplicationStatus

const (
	sSub = domain.AppSubmitted
	sInv = domain.AppInvited
	sOff = domain.AppOffered
	sAcc = domain.AppAccepted
	sDec = domain.AppDeclined
	sWdr = domain.AppWithdrawn
	sRej = domain.AppRejected
)

// suits reports whether a student could apply to a placement: the kind is
// one they look for, the hard rules of domain.Placement.Suits hold, the
// qualification or field fits and (when near is set) the placement lies
// within their maximum distance (plus a little slack).
func suits(s *studentPlan, p *placementPlan, near bool) bool {
	if !s.s.Wants(p.p.Kind) || !p.p.Suits(s.s) {
		return false
	}
	if near && domain.DistanceKm(s.home, p.loc.l.Point) > float64(s.s.MaxDistanceKm)+5 {
		return false
	}
	switch {
	case p.p.Kind == domain.KindHolidayJob:
		return true
	case len(p.p.Crebos) > 0:
		return s.s.Stage == domain.StageMBO && slices.Contains(p.p.Crebos, s.s.Crebo)
	default:
		return slices.Contains(s.fields, p.p.Field)
	}
}

// planApplications lets the generated students apply to suitable
// placements near them and plays the applications out in time order:
// companies invite, offer and reject, students accept, decline and
// withdraw, and no placement takes more students than its capacity.
func (rp *regionPlan) planApplications(r *rand.Rand) {
	now := rp.w.now
	var pool []*placementPlan
	for _, p := range rp.placements {
		if !p.scenario && p.p.Status != domain.PlacementDraft {
			pool = append(pool, p)
		}
	}
	var apps []*appPlan
	applicants := map[*placementPlan]int{} // spreads applications over placements
	for _, s := range rp.students {
		if s.scenario || s.inactive {
			continue
		}
		k := pickW(r, []weighted[int]{{0, 28}, {1, 27}, {2, 21}, {3, 14}, {4, 10}})
		if k == 0 {
			continue
		}
		var cands []*placementPlan
		var ws []float64
		for _, p := range pool {
			if suits(s, p, true) {
				cands = append(cands, p)
				w := 1 / float64(1+applicants[p]*applicants[p])
				if p.p.Status == domain.PlacementClosed {
					w *= 0.3
				}
				ws = append(ws, w)
			}
		}
		for ; k > 0 && len(cands) > 0; k-- {
			i := pickWeighted(r, ws)
			if ws[i] == 0 {
				break
			}
			p := cands[i]
			ws[i] = 0
			applicants[p]++
			lo, hi := p.created.Add(days(1)), now.Add(-2*time.Hour)
			if !lo.Before(hi) {
				continue
			}
			t0 := lo.Add(time.Duration(r.Float64() * float64(hi.Sub(lo)))).Truncate(time.Minute)
			apps = append(apps, &appPlan{student: s, placement: p, t0: t0})
		}
	}
	slices.SortStableFunc(apps, func(a, b *appPlan) int { return a.t0.Compare(b.t0) })
	for _, a := range apps {
		if rp.decide(r, a) {
			rp.apps = append(rp.apps, a)
		}
	}
	rp.tidy(r)
}

// decide plays out one application submitted at a.t0. It reports false
// for an application that cannot exist: to a placement already filled or by
// a student already placed at that time.
func (rp *regionPlan) decide(r *rand.Rand, a *appPlan) bool {
	p, s := a.placement, a.student
	switch {
	case s.placed && !a.t0.Before(s.accepted), p.accepted >= p.p.Capacity && !a.t0.Before(p.lastAccept):
		return false
	case p.p.Status == domain.PlacementClosed:
		if chance(r, 0.6) {
			rp.play(r, a, []status{sSub, sRej}, time.Time{}, closedNote)
		} else {
			rp.play(r, a, []status{sSub, sWdr}, time.Time{}, "")
		}
		return true
	case s.placed:
		rp.play(r, a, []status{sSub, sWdr}, s.accepted, placedElsewhereNote)
		return true
	case p.accepted+p.offered >= p.p.Capacity:
		// Every place is taken or offered: the company keeps the
		// application waiting, invites or turns it down (tidy rejects
		// what is still open once the placement is filled).
		path := pickW(r, []weighted[[]status]{{[]status{sSub}, 40}, {[]status{sSub, sInv}, 25}, {[]status{sSub, sRej}, 25},
			{[]status{sSub, sWdr}, 10}})
		rp.play(r, a, path, time.Time{}, "")
		return true
	}
	age := rp.w.now.Sub(a.t0)
	var outcome status
	switch {
	case age < days(7):
		outcome = pickW(r, []weighted[status]{{sSub, 70}, {sInv, 15}, {sRej, 8}, {sWdr, 4}, {sOff, 3}})
	case age < days(21):
		outcome = pickW(r, []weighted[status]{{sSub, 30}, {sInv, 25}, {sOff, 12}, {sAcc, 8}, {sRej, 14}, {sWdr, 6}, {sDec, 5}})
	default:
		outcome = pickW(r, []weighted[status]{{sSub, 12}, {sInv, 12}, {sOff, 8}, {sAcc, 22}, {sRej, 22}, {sWdr, 8}, {sDec, 6}})
	}
	offerPath := []status{sSub, sInv, sOff}
	if chance(r, 0.2) {
		offerPath = []status{sSub, sOff}
	}
	var path []status
	switch outcome {
	case sSub:
		path = []status{sSub}
	case sInv:
		path = []status{sSub, sInv}
	case sOff, sAcc, sDec:
		path = offerPath
		if outcome != sOff {
			path = append(path, outcome)
		}
	case sWdr:
		path = pickW(r, []weighted[[]status]{{[]status{sSub, sWdr}, 50}, {[]status{sSub, sInv, sWdr}, 35}, {append(offerPath, sWdr), 15}})
	case sRej:
		path = pickW(r, []weighted[[]status]{{[]status{sSub, sRej}, 60}, {[]status{sSub, sInv, sRej}, 40}})
	}
	rp.play(r, a, path, time.Time{}, "")
	return true
}

// play gives an application its steps along path, starting at a.t0; the
// last step comes after notBefore and carries lastNote when they are set.
// It updates the counts of the placement and the student.
func (rp *regionPlan) play(r *rand.Rand, a *appPlan, path []status, notBefore time.Time, lastNote string) {
	now := rp.w.now
	limit := now.Add(-time.Hour)
	gaps := make([]time.Duration, len(path))
	var total time.Duration
	for i := 1; i < len(path); i++ {
		gaps[i] = gap(r, path[i])
		total += gaps[i]
	}
	if avail := limit.Sub(a.t0); total > avail {
		for i := range gaps {
			gaps[i] = time.Duration(float64(gaps[i]) * float64(avail) / float64(total) * 0.9)
		}
	}
	at := a.t0
	for i, st := range path {
		at = at.Add(gaps[i])
		if i == len(path)-1 && i > 0 && !notBefore.IsZero() {
			at = maxTime(at, notBefore.Add(time.Duration(between(r, 2, 72))*time.Hour))
		}
		if i > 0 {
			at = minTime(at, limit)
			prev := a.steps[i-1].at.Add(time.Minute)
			at = maxTime(at, prev)
			if st == sInv || st == sOff || st == sRej {
				at = officeHours(at, prev, limit)
			}
		}
		at = at.Truncate(time.Minute)
		note := ""
		if i == len(path)-1 && lastNote != "" {
			note = lastNote
		} else {
			note = stepNote(r, a, st)
		}
		a.steps = append(a.steps, step{to: st, at: at, actor: rp.actor(a, st), note: note})
	}
	if a.motivation == "" && chance(r, 0.75) {
		a.motivation = motivation(r, a)
	}
	rp.count(a)
}

// count updates the placement and student after the last step of a.
func (rp *regionPlan) count(a *appPlan) {
	last := a.steps[len(a.steps)-1]
	p, s := a.placement, a.student
	switch last.to {
	case sOff:
		p.offered++
	case sAcc:
		p.accepted++
		p.lastAccept = maxTime(p.lastAccept, last.at)
		s.placed, s.accepted = true, last.at
	}
}

// tidy closes what the later events left open: a student who accepted a
// place withdraws their other applications (or declines other offers), and
// a company whose placement is full rejects the remaining applicants.
func (rp *regionPlan) tidy(r *rand.Rand) {
	for _, a := range rp.apps {
		s, last := a.student, a.status()
		if !s.placed || last.Final() {
			continue
		}
		if last == sOff {
			a.placement.offered--
			rp.extend(r, a, sDec, s.accepted, declinePlacedNote)
		} else {
			rp.extend(r, a, sWdr, s.accepted, placedElsewhereNote)
		}
	}
	for _, a := range rp.apps {
		p, last := a.placement, a.status()
		if p.accepted < p.p.Capacity || last.Final() {
			continue
		}
		rp.extend(r, a, sRej, p.lastAccept, filledNote)
	}
}

// extend appends a final step after notBefore.
func (rp *regionPlan) extend(r *rand.Rand, a *appPlan, to status, notBefore time.Time, note string) {
	prev := a.steps[len(a.steps)-1].at
	at := maxTime(prev, notBefore).Add(time.Duration(between(r, 2, 72)) * time.Hour)
	at = minTime(at, rp.w.now.Add(-10*time.Minute))
	at = maxTime(at, prev.Add(time.Minute)).Truncate(time.Minute)
	a.steps = append(a.steps, step{to: to, at: at, actor: rp.actor(a, to), note: note})
}

// gap is the time a step usually takes after the previous one.
func gap(r *rand.Rand, to status) time.Duration {
	d := map[status][2]int{sInv: {2, 10}, sOff: {3, 12}, sAcc: {1, 6}, sDec: {1, 6}, sWdr: {2, 20}, sRej: {1, 14}}[to]
	return days(between(r, d[0], d[1])) + time.Duration(r.IntN(8*60))*time.Minute
}

// actor returns who takes a step: the company contact for the placement's
// side, the student (or, without an account, their coach) for theirs.
func (rp *regionPlan) actor(a *appPlan, to status) *userPlan {
	switch to {
	case sInv, sOff, sRej:
		return a.placement.company.contact
	}
	if a.student.user != nil {
		return a.student.user
	}
	return a.student.coach
}

// stepNote returns the note of a step.
func stepNote(r *rand.Rand, a *appPlan, to status) string {
	switch to {
	case sSub:
		if a.student.user == nil {
			return onBehalfNote
		}
		return ""
	case sInv:
		switch i := r.IntN(len(inviteNotes)); i {
		case 0:
			return fmt.Sprintf(inviteNotes[0], pick(r, weekdays), between(r, 9, 16))
		case 1:
			return fmt.Sprintf(inviteNotes[1], pick(r, weekdays))
		default:
			return inviteNotes[i]
		}
	case sOff:
		return pick(r, offerNotes)
	case sRej:
		return pick(r, rejectNotes)
	case sAcc:
		return pick(r, acceptNotes)
	case sDec:
		return pick(r, declineNotes)
	case sWdr:
		return pick(r, withdrawNotes)
	}
	return ""
}

// motivation writes the short letter a student sends with an application.
func motivation(r *rand.Rand, a *appPlan) string {
	s, p := a.student, a.placement
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", p.company.contact.person.first)
	fmt.Fprintf(&b, "Ik ben %s, %de-jaars %s bij %s. ", s.person.first, s.s.Year, lowerFirst(s.prog.p.Name), s.school.o.Name)
	why := pick(r, motivationWhy)
	if strings.Contains(why, "%s") {
		why = fmt.Sprintf(why, p.p.Field)
	}
	b.WriteString(why)
	if len(s.s.Skills) >= 2 {
		fmt.Fprintf(&b, " Ik heb al ervaring met %s en %s.", s.s.Skills[0], s.s.Skills[1])
	}
	fmt.Fprintf(&b, "\n\nMet vriendelijke groet,\n%s", s.s.Name)
	return b.String()
}

// officeHours moves t into office hours (08:00-18:00) on its day or the
// next morning when that stays within [lo, hi]; otherwise it returns t.
func officeHours(t, lo, hi time.Time) time.Time {
	day := domain.Day(t)
	c := t
	switch h := t.Hour(); {
	case h < 8:
		c = day.Add(8*time.Hour + time.Duration(t.Minute())*time.Minute)
	case h >= 18:
		c = day.Add(32*time.Hour + time.Duration(t.Minute())*time.Minute)
	}
	if c.Before(lo) || c.After(hi) {
		return t
	}
	return c
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
