package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"talentloket/internal/domain"
)

// planPlacements plans the generated placements of the region's companies
// (the demo company's placements come from planScenario).
func (rp *regionPlan) planPlacements(r *rand.Rand) {
	var companies []*orgPlan
	var ws []float64
	for _, o := range rp.orgs {
		if o.o.Kind == domain.OrgCompany && !o.scenario {
			companies = append(companies, o)
			ws = append(ws, float64(o.size))
		}
	}
	n := rp.spec.demo.nPlacements + between(r, -25, 25)
	for i := 0; i < n; i++ {
		co := companies[pickWeighted(r, ws)]
		kind, stage := rp.pickKind(r, co)
		rp.newPlacement(r, co, kind, stage, nil, "")
	}
}

// pickKind picks a kind of placement and a stage that the company can
// offer: internships and apprenticeships for mbo need an accreditation.
func (rp *regionPlan) pickKind(r *rand.Rand, co *orgPlan) (domain.PlacementKind, domain.Stage) {
	type ks struct {
		k domain.PlacementKind
		s domain.Stage
	}
	var choices []weighted[ks]
	if len(co.o.Accreditations) > 0 {
		choices = []weighted[ks]{
			{ks{domain.KindInternship, domain.StageMBO}, 32}, {ks{domain.KindInternship, domain.StageHBO}, 6},
			{ks{domain.KindInternship, domain.StageVMBO}, 5}, {ks{domain.KindApprenticeship, domain.StageMBO}, 17},
			{ks{domain.KindGraduation, domain.StageHBO}, 12}, {ks{domain.KindHolidayJob, ""}, 14}, {ks{domain.KindJob, ""}, 14},
		}
	} else {
		choices = []weighted[ks]{
			{ks{domain.KindInternship, domain.StageHBO}, 14}, {ks{domain.KindInternship, domain.StageVMBO}, 8},
			{ks{domain.KindGraduation, domain.StageHBO}, 20}, {ks{domain.KindHolidayJob, ""}, 28}, {ks{domain.KindJob, ""}, 30},
		}
	}
	c := pickW(r, choices)
	switch c.k {
	case domain.KindHolidayJob:
		if chance(r, 0.3) {
			c.s = domain.StageVMBO
		}
	case domain.KindJob:
		c.s = pickW(r, []weighted[domain.Stage]{{domain.StageMBO, 60}, {domain.StageHBO, 25}, {"", 15}})
	}
	return c.k, c.s
}

// newPlacement plans a placement of a kind at a company. crebos, when not
// nil, are the qualifications it is for; otherwise they are drawn from the
// company's accreditations where the kind needs them. title overrides the
// generated title.
func (rp *regionPlan) newPlacement(r *rand.Rand, co *orgPlan, kind domain.PlacementKind, stage domain.Stage, crebos []string, title string) *placementPlan {
	now := rp.w.now
	sec := co.sector
	p := domain.Placement{Kind: kind, Stage: stage, Field: sec.field}
	switch kind {
	case domain.KindInternship, domain.KindApprenticeship:
		if stage == domain.StageMBO {
			if crebos == nil {
				crebos = relatedCrebos(r, co.o.Accreditations, pickW(r, []weighted[int]{{1, 3}, {2, 2}, {3, 1}}))
			}
			p.Crebos = crebos
			p.Level = 4
			for _, c := range crebos {
				p.Level = min(p.Level, qual(c).level)
			}
			p.Pathway = domain.PathwayBOL
			if kind == domain.KindApprenticeship {
				p.Pathway = domain.PathwayBBL
			}
		}
	case domain.KindJob:
		if p.Stage == domain.StageMBO {
			p.Level = between(r, 2, 3)
			if crebos == nil && chance(r, 0.5) {
				var fit []string
				for _, c := range sec.crebos {
					if qual(c).level >= p.Level {
						fit = append(fit, c)
					}
				}
				crebos = sample(r, fit, between(r, 1, 2))
			}
			p.Crebos = crebos
		}
	}
	if title == "" {
		title = placementTitle(r, sec, p)
	}
	p.Title = title
	p.Period = periodFor(r, now, kind, p.Stage)
	p.Capacity = capacityFor(r, kind)
	switch {
	case kind == domain.KindHolidayJob && p.Stage == domain.StageVMBO:
		p.Skills = sample(r, vmboSkills, between(r, 0, 1))
	case kind == domain.KindHolidayJob:
		p.Skills = sample(r, fieldSkills[sec.field], between(r, 0, 2))
	case p.Stage == domain.StageVMBO:
		p.Skills = sample(r, vmboSkills, between(r, 1, 2))
	default:
		p.Skills = sample(r, fieldSkills[sec.field], between(r, 2, 4))
	}
	p.Languages = []string{"nl"}
	german := chance(r, sec.german*rp.spec.germanFactor) && p.Stage != domain.StageVMBO
	if german {
		p.Languages = append(p.Languages, "de")
	}
	if chance(r, sec.english) && p.Stage != domain.StageVMBO {
		p.Languages = append(p.Languages, "en")
	}
	p.Description = describe(r, co, p, german)
	p.Status = pickW(r, []weighted[domain.PlacementStatus]{{domain.PlacementOpen, 86}, {domain.PlacementDraft, 6}, {domain.PlacementClosed, 8}})
	var ageMin, ageMax int
	switch p.Status {
	case domain.PlacementDraft:
		ageMin, ageMax = 1, 20
	case domain.PlacementClosed:
		ageMin, ageMax = 60, 160
		p.CloseReason = pick(r, closeReasons)
	default:
		ageMin, ageMax = 5, 150
	}
	pp := &placementPlan{p: p, company: co, loc: co.locs[r.IntN(len(co.locs))]}
	pp.created = officeTime(r, now.Add(-days(between(r, ageMin, ageMax))))
	if pp.created.Before(co.contact.created) {
		pp.created = co.contact.created.Add(days(1))
	}
	rp.placements = append(rp.placements, pp)
	return pp
}

// relatedCrebos picks up to k crebos of the same field from a company's
// accreditations: one placement is for one kind of work.
func relatedCrebos(r *rand.Rand, acc []string, k int) []string {
	first := pick(r, acc)
	out := []string{first}
	for _, c := range sample(r, acc, len(acc)) {
		if len(out) < k && c != first && qual(c).field == qual(first).field {
			out = append(out, c)
		}
	}
	return out
}

func capacityFor(r *rand.Rand, k domain.PlacementKind) int {
	switch k {
	case domain.KindHolidayJob:
		return between(r, 2, 4)
	case domain.KindGraduation:
		return pickW(r, []weighted[int]{{1, 5}, {2, 1}})
	case domain.KindApprenticeship, domain.KindJob:
		return pickW(r, []weighted[int]{{1, 3}, {2, 2}})
	default:
		return pickW(r, []weighted[int]{{1, 40}, {2, 35}, {3, 17}, {4, 8}})
	}
}

// placementTitle returns a Dutch title for a placement.
func placementTitle(r *rand.Rand, sec *sector, p domain.Placement) string {
	switch p.Kind {
	case domain.KindInternship:
		switch p.Stage {
		case domain.StageVMBO:
			return pick(r, sec.vmbo)
		case domain.StageHBO:
			return fmt.Sprintf(pick(r, []string{"Meewerkstage %s", "Stage %s (hbo)", "Hbo-stage %s"}), pick(r, sec.hboJobs))
		}
		q := qual(p.Crebos[0])
		switch r.IntN(4) {
		case 0:
			return "Stage " + q.short
		case 1:
			return "BPV-plaats " + q.short
		case 2:
			return "Stagiair " + q.short
		}
		return fmt.Sprintf("Stageplaats %s (niveau %d)", q.short, q.level)
	case domain.KindApprenticeship:
		q := qual(p.Crebos[0])
		return fmt.Sprintf(pick(r, []string{"BBL-leerbaan %s", "Leerwerkplek %s", "Werken en leren: %s (BBL)"}), q.short)
	case domain.KindGraduation:
		return "Afstudeeropdracht: " + pick(r, sec.topics)
	case domain.KindHolidayJob:
		t := pick(r, sec.holiday)
		if p.Stage == domain.StageVMBO {
			t += " (15+)"
		}
		return t
	default:
		return pick(r, sec.jobs) + " (m/v/x)"
	}
}

// describe writes a placement's description: the company, the place, the
// work, what the company offers and asks.
func describe(r *rand.Rand, co *orgPlan, p domain.Placement, german bool) string {
	sec := co.sector
	var b strings.Builder
	fmt.Fprintf(&b, "%s uit %s %s.", strings.TrimSuffix(co.o.Name, " B.V."), co.town.name, pick(r, sec.intros))
	b.WriteString(" ")
	switch p.Kind {
	case domain.KindInternship:
		switch p.Stage {
		case domain.StageVMBO:
			b.WriteString("Voor leerlingen uit het vmbo bieden we een korte stage waarin je meekijkt en meewerkt in de werkplaats.")
		case domain.StageHBO:
			b.WriteString("Voor een hbo-student zoeken we een stagiair(e) die meewerkt aan lopende projecten en een eigen verbeteropdracht uitvoert.")
		default:
			q := qual(p.Crebos[0])
			fmt.Fprintf(&b, "Voor het komende schooljaar zoeken we een BOL-stagiair(e) %s (niveau %d). Wij zijn erkend leerbedrijf (SBB).", q.short, q.level)
		}
	case domain.KindApprenticeship:
		q := qual(p.Crebos[0])
		fmt.Fprintf(&b, "Wil je werken en leren tegelijk? Als BBL'er %s krijg je een arbeidsovereenkomst en ga je één dag per week naar school.", q.short)
	case domain.KindGraduation:
		b.WriteString("Voor een hbo-student zoeken we een afstudeerder die deze opdracht zelfstandig oppakt, met begeleiding van een ervaren engineer.")
	case domain.KindHolidayJob:
		b.WriteString("In de zomervakantie zoeken we extra handen. Je werkt minimaal drie weken, overdag.")
	default:
		b.WriteString("We zoeken een nieuwe collega voor 32 tot 40 uur per week, met goede doorgroeimogelijkheden.")
	}
	b.WriteString("\n\nWat ga je doen?\n")
	for _, t := range sample(r, sec.tasks, between(r, 2, 3)) {
		b.WriteString("- " + t + "\n")
	}
	b.WriteString("\nWat bieden we?\n")
	for _, o := range sample(r, offers, between(r, 2, 3)) {
		switch {
		case strings.Contains(o, "€"):
			if p.Kind != domain.KindInternship && p.Kind != domain.KindGraduation || p.Stage == domain.StageVMBO {
				continue
			}
			o = fmt.Sprintf(o, pick(r, []int{200, 250, 300, 350, 400, 500}))
		case strings.Contains(o, "%d"):
			o = fmt.Sprintf(o, co.size*between(r, 8, 30))
		}
		b.WriteString("- " + o + "\n")
	}
	b.WriteString("\nWat vragen we?\n")
	for _, q := range sample(r, requirements, 2) {
		b.WriteString("- " + q + "\n")
	}
	if german {
		b.WriteString("- " + germanRequirement + "\n")
	}
	if len(p.Languages) > 0 && p.Languages[len(p.Languages)-1] == "en" {
		b.WriteString("\n" + englishNote + "\n")
	}
	return strings.TrimSpace(b.String())
}
