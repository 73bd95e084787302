package demo

import (
	"math/rand/v2"

	"talentloket/internal/domain"
)

// planStudents plans the region's students: the demo student first, then
// generated students spread over the schools by their share.
func (rp *regionPlan) planStudents(r *rand.Rand) {
	spec := rp.spec
	d := spec.demo
	var schools []*orgPlan
	var shares []float64
	for _, o := range rp.orgs {
		if o.school != nil {
			schools = append(schools, o)
			shares = append(shares, o.school.share)
		}
	}

	// The demo student: mbo BOL, level 3 or 4, looking for an internship,
	// coached by the demo coach at the demo school.
	var demoProg *progPlan
	for _, p := range rp.demoSchool.progs {
		if p.p.Crebo == d.studentCrebo && p.p.Pathway == domain.PathwayBOL {
			demoProg = p
		}
	}
	s := rp.newStudent(r, rp.demoSchool, demoProg, d.student)
	s.s.Year, s.coach, s.scenario, s.inactive = d.studentYear, rp.demoSchool.coaches[0], true, false
	s.s.LookingFor = []domain.PlacementKind{domain.KindInternship}
	s.s.Available = periodFor(r, rp.w.now, domain.KindInternship, domain.StageMBO)
	s.s.Email = accountEmail(domain.RoleStudent, spec.slug)
	if s.user == nil {
		s.user = rp.addUser(d.student, s.s.Email, domain.RoleStudent, nil, s.created)
		s.user.student = s
	}
	s.user.u.Email = s.s.Email
	rp.w.emails[s.s.Email] = true
	s.s.MaxDistanceKm = 25
	s.s.Languages = []string{"nl", "en", "de"}
	t := spec.town(d.studentTown)
	a := rp.areasOf(t)[0]
	s.s.HomePostcode, s.home = postcodeIn(r, a.pc4), a.point
	rp.demoStudent = s

	n := d.nStudents + between(r, -d.jitterSt, d.jitterSt)
	for i := 1; i < n; i++ {
		school := schools[pickWeighted(r, shares)]
		ws := make([]float64, len(school.progs))
		for j, p := range school.progs {
			ws[j] = p.weight
		}
		prog := school.progs[pickWeighted(r, ws)]
		rp.newStudent(r, school, prog, newPerson(r, backgroundsFor(spec.slug)))
	}
}

// newStudent plans a student of a programme with everything derived from
// it: year, home, skills, languages, what they look for and when.
func (rp *regionPlan) newStudent(r *rand.Rand, school *orgPlan, prog *progPlan, p person) *studentPlan {
	now := rp.w.now
	pp := prog.p
	s := &studentPlan{school: school, prog: prog, person: p, fields: prog.fields}
	st := domain.Student{Name: p.name(), Stage: pp.Stage, Crebo: pp.Crebo, Level: pp.Level, Pathway: pp.Pathway}

	// Year of study and the size of the world they look in.
	switch pp.Stage {
	case domain.StageVMBO:
		st.Year = pickW(r, []weighted[int]{{2, 1}, {3, 3}, {4, 3}})
		st.MaxDistanceKm = between(r, 2, 3) * 5
	case domain.StageMBO:
		st.Year = between(r, 1, pp.Level)
		if pp.Level == 2 {
			st.Year = between(r, 1, 2)
		}
		st.MaxDistanceKm = between(r, 3, 6) * 5
	default:
		st.Year = pickW(r, []weighted[int]{{1, 3}, {2, 3}, {3, 3}, {4, 2}})
		st.MaxDistanceKm = between(r, 4, 8) * 5
	}

	// Home: a postcode in a town near the school's location.
	t := pickTownNear(r, rp.spec.towns, prog.loc.l.Point)
	areas := rp.areasOf(t)
	a := areas[r.IntN(len(areas))]
	st.HomePostcode, s.home = postcodeIn(r, a.pc4), a.point

	// Skills.
	switch pp.Stage {
	case domain.StageVMBO:
		st.Skills = sample(r, vmboSkills, between(r, 1, 3))
	case domain.StageMBO:
		st.Skills = sample(r, fieldSkills[prog.fields[0]], between(r, 2, 4))
	default:
		pool := append(append([]string{}, fieldSkills[prog.fields[0]]...), fieldSkills[prog.fields[min(1, len(prog.fields)-1)]]...)
		st.Skills = sample(r, domain.NormaliseTagList(pool), between(r, 3, 5))
	}
	older := pp.Stage == domain.StageHBO || pp.Stage == domain.StageMBO && st.Year >= 2
	if older && chance(r, 0.35) {
		st.Skills = append(st.Skills, "rijbewijs-b")
	}
	if pp.Stage != domain.StageVMBO && chance(r, 0.2) {
		st.Skills = append(st.Skills, "vca")
	}

	// Languages: Dutch, often English, German near the border, and the
	// language of home.
	st.Languages = []string{"nl"}
	pEN := map[domain.Stage]float64{domain.StageVMBO: 0.25, domain.StageMBO: 0.2 + 0.12*float64(pp.Level), domain.StageHBO: 0.9}[pp.Stage]
	if chance(r, pEN) {
		st.Languages = append(st.Languages, "en")
	}
	pDE := 0.12
	if rp.spec.slug == "twente" {
		pDE = 0.4
	}
	if chance(r, pDE) {
		st.Languages = append(st.Languages, "de")
	}
	if chance(r, p.bg.pLanguage) {
		st.Languages = append(st.Languages, p.bg.languages...)
	}

	// What they look for, consistent with stage and pathway.
	var kinds []domain.PlacementKind
	switch {
	case pp.Stage == domain.StageVMBO:
		kinds = pickW(r, []weighted[[]domain.PlacementKind]{
			{[]domain.PlacementKind{domain.KindHolidayJob}, 2},
			{[]domain.PlacementKind{domain.KindInternship}, 1},
			{[]domain.PlacementKind{domain.KindInternship, domain.KindHolidayJob}, 1},
		})
	case pp.Pathway == domain.PathwayBBL:
		kinds = []domain.PlacementKind{domain.KindApprenticeship}
		if chance(r, 0.15) {
			kinds = append(kinds, domain.KindJob)
		}
	case pp.Stage == domain.StageMBO:
		kinds = []domain.PlacementKind{domain.KindInternship}
		if st.Year == pp.Level && pp.Level > 2 || pp.Level == 2 && st.Year == 2 {
			if chance(r, 0.3) {
				kinds = append(kinds, domain.KindJob)
			}
		} else if chance(r, 0.2) {
			kinds = append(kinds, domain.KindHolidayJob)
		}
	default: // hbo
		switch {
		case st.Year == 4 || pp.Croho == hboAdEng.croho && st.Year >= 2:
			kinds = []domain.PlacementKind{domain.KindGraduation}
			if chance(r, 0.4) {
				kinds = append(kinds, domain.KindJob)
			}
		case st.Year == 1:
			kinds = []domain.PlacementKind{domain.KindHolidayJob}
			if chance(r, 0.4) {
				kinds = []domain.PlacementKind{domain.KindInternship}
			}
		default:
			kinds = []domain.PlacementKind{domain.KindInternship}
			if chance(r, 0.3) {
				kinds = append(kinds, domain.KindHolidayJob)
			}
		}
	}
	st.LookingFor = kinds
	st.Available = periodFor(r, now, kinds[0], pp.Stage)
	for _, k := range kinds[1:] {
		st.Available = union(st.Available, periodFor(r, now, k, pp.Stage))
	}

	// Contact, coach and status.
	pEmail := map[domain.Stage]float64{domain.StageVMBO: 0.1, domain.StageMBO: 0.45, domain.StageHBO: 0.8}[pp.Stage]
	if chance(r, pEmail) {
		st.Email = rp.w.email(emailLocal(p, false), "student."+school.domain)
	}
	s.coach = pick(r, school.coaches)
	s.inactive = chance(r, 0.06)
	s.created = officeTime(r, now.Add(-days(between(r, 20, 380))))
	s.s = st
	if st.Email != "" {
		s.user = rp.addUser(p, st.Email, domain.RoleStudent, nil, s.created)
		s.user.student = s
	}
	rp.students = append(rp.students, s)
	return s
}
