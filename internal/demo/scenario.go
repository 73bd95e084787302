package demo

import (
	"math/rand/v2"
	"time"

	"talentloket/internal/domain"
)

// planScenario plans the demo journeys of a region:
//
//   - the demo student (mbo BOL, looking for an internship) has applied to
//     four internships: one offered by the demo company (so they can
//     accept it), one invited, one submitted and one rejected;
//   - the demo company has open placements of every kind with applications
//     in every state, several from students of the demo school, plus a
//     filled, a draft and a closed placement.
//
// The students and placements of the journeys get no random applications,
// so the journeys look the same for every seed.
func (rp *regionPlan) planScenario(r *rand.Rand) {
	d := rp.spec.demo
	co := rp.demoCompany
	now := rp.w.now
	c := d.studentCrebo
	c2, c4 := c, c
	for _, x := range co.o.Accreditations {
		switch qual(x).level {
		case 2:
			c2 = x
		case 4:
			c4 = x
		}
	}
	mk := func(co *orgPlan, kind domain.PlacementKind, stage domain.Stage, crebos []string, st domain.PlacementStatus, capacity, age int) *placementPlan {
		p := rp.newPlacement(r, co, kind, stage, crebos, "")
		p.scenario = true
		p.p.Status, p.p.Capacity, p.p.CloseReason = st, capacity, ""
		if st == domain.PlacementClosed {
			p.p.CloseReason = "Intern ingevuld"
		}
		p.created = officeTime(r, now.Add(-days(age)))
		return p
	}
	open := domain.PlacementOpen
	p1 := mk(co, domain.KindInternship, domain.StageMBO, []string{c}, open, 3, 40)
	p2 := mk(co, domain.KindInternship, domain.StageMBO, []string{c4}, open, 2, 60)
	p3 := mk(co, domain.KindApprenticeship, domain.StageMBO, []string{c}, open, 2, 50)
	p4 := mk(co, domain.KindGraduation, domain.StageHBO, nil, open, 1, 45)
	p5 := mk(co, domain.KindHolidayJob, "", nil, open, 4, 30)
	p6 := mk(co, domain.KindJob, domain.StageMBO, []string{c}, open, 1, 20)
	p7 := mk(co, domain.KindInternship, domain.StageMBO, []string{c2}, open, 1, 95)
	mk(co, domain.KindInternship, domain.StageMBO, []string{c}, domain.PlacementDraft, 2, 3)
	p9 := mk(co, domain.KindApprenticeship, domain.StageMBO, []string{c2}, domain.PlacementClosed, 1, 130)

	// Three other companies accredited for the demo student's crebo offer
	// internships too; accredit companies of a fitting sector when fewer
	// than three are.
	var others []*orgPlan
	for _, o := range rp.orgs {
		if o.o.Kind == domain.OrgCompany && o != co && o.o.AccreditedFor(c) && len(others) < 3 {
			others = append(others, o)
		}
	}
	for _, o := range rp.orgs {
		if len(others) >= 3 {
			break
		}
		if o.o.Kind == domain.OrgCompany && o != co && !o.o.AccreditedFor(c) && hasCrebo(o.sector.crebos, c) {
			o.o.Accreditations = append(o.o.Accreditations, c)
			others = append(others, o)
		}
	}
	var xs []*placementPlan
	for i, o := range others {
		xs = append(xs, mk(o, domain.KindInternship, domain.StageMBO, []string{c}, open, 1+i%2, 25+15*i))
	}

	ds := rp.demoStudent
	school := rp.demoSchool.school.key
	other := d.otherSchoolForCompany
	rp.scenarioApp(r, ds, p1, path(sSub, 14, sInv, 10, sOff, 2))
	if len(xs) > 0 {
		rp.scenarioApp(r, ds, xs[0], path(sSub, 9, sInv, 4))
	}
	if len(xs) > 1 {
		rp.scenarioApp(r, ds, xs[1], path(sSub, 3))
	}
	if len(xs) > 2 {
		rp.scenarioApp(r, ds, xs[2], path(sSub, 25, sRej, 18))
	}

	apply := func(p *placementPlan, prefer string, steps ...[]stepAt) {
		for _, s := range rp.scenarioStudents(r, p, len(steps), prefer) {
			rp.scenarioApp(r, s, p, steps[0])
			steps = steps[1:]
		}
	}
	apply(p1, school, path(sSub, 5), path(sSub, 2), path(sSub, 12, sInv, 6), path(sSub, 30, sRej, 20))
	apply(p2, school, path(sSub, 35, sInv, 30, sOff, 25, sAcc, 22), path(sSub, 4), path(sSub, 28, sWdr, 21))
	apply(p3, other, path(sSub, 20, sInv, 15, sOff, 6), path(sSub, 3), path(sSub, 40, sInv, 33, sOff, 25, sDec, 23))
	apply(p4, "hbo", path(sSub, 10, sInv, 5), path(sSub, 2))
	apply(p5, other, path(sSub, 6), path(sSub, 1), path(sSub, 25, sInv, 20, sOff, 14, sAcc, 12))
	apply(p6, school, path(sSub, 4))
	apply(p7, school, path(sSub, 80, sInv, 75, sOff, 70, sAcc, 68), path(sSub, 78, sRej, 66))
	apply(p9, "", path(sSub, 110, sWdr, 100), path(sSub, 115, sRej, 105))
	if last := rp.apps[len(rp.apps)-1]; last.placement == p9 && last.status() == sRej {
		last.steps[len(last.steps)-1].note = closedNote
	}
	for _, a := range rp.apps {
		if a.placement == p7 && a.status() == sRej {
			a.steps[len(a.steps)-1].note = filledNote
		}
	}
}

// stepAt is a step of a scripted application: a status and how many days
// before today it was reached.
type stepAt struct {
	to      status
	daysAgo int
}

// path builds a script from status, days-ago pairs.
func path(xs ...any) []stepAt {
	var out []stepAt
	for i := 0; i+1 < len(xs); i += 2 {
		out = append(out, stepAt{xs[i].(status), xs[i+1].(int)})
	}
	return out
}

// scenarioApp plans a scripted application.
func (rp *regionPlan) scenarioApp(r *rand.Rand, s *studentPlan, p *placementPlan, script []stepAt) {
	a := &appPlan{student: s, placement: p}
	for _, st := range script {
		at := officeTime(r, rp.w.now.Add(-days(st.daysAgo)))
		if st.daysAgo == 0 || at.After(rp.w.now) {
			at = rp.w.now.Add(-time.Hour).Truncate(time.Minute)
		}
		a.steps = append(a.steps, step{to: st.to, at: at, actor: rp.actor(a, st.to), note: stepNote(r, a, st.to)})
	}
	a.t0 = a.steps[0].at
	a.motivation = motivation(r, a)
	s.scenario = true
	rp.count(a)
	rp.apps = append(rp.apps, a)
}

// scenarioStudents picks k students who could apply to p and are not part
// of a journey yet, students of the school with key prefer first.
func (rp *regionPlan) scenarioStudents(r *rand.Rand, p *placementPlan, k int, prefer string) []*studentPlan {
	var first, rest []*studentPlan
	seen := map[*studentPlan]bool{}
	for _, near := range []bool{true, false} {
		for _, s := range rp.students {
			if s.scenario || s.inactive || seen[s] || !suits(s, p, near) {
				continue
			}
			seen[s] = true
			if prefer != "" && s.school.school.key == prefer {
				first = append(first, s)
			} else {
				rest = append(rest, s)
			}
		}
		if len(first)+len(rest) >= k {
			break
		}
	}
	out := append(sample(r, first, k), sample(r, rest, k)...)
	if len(out) > k {
		out = out[:k]
	}
	for _, s := range out {
		s.scenario = true
	}
	return out
}

func hasCrebo(xs []string, c string) bool {
	for _, x := range xs {
		if x == c {
			return true
		}
	}
	return false
}
