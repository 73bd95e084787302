package demo

import (
	"context"
	"fmt"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/domain"
)

// questionSpec is a question companies bring to the desk.
type questionSpec struct {
	kind   desk.QuestionKind
	title  string
	text   string
	skills string
	field  string
	people int
	lang   string
}

var questionSpecs = []questionSpec{
	{desk.KindTraining, "Vijf monteurs moeten PLC leren programmeren", "Onze monteurs kunnen storingen vinden maar niet zelf aanpassen in de besturing. Liefst Siemens S7, in het voorjaar.", "plc, storingzoeken", "elektrotechniek", 5, ""},
	{desk.KindTraining, "Bijscholing TIG-lassen voor drie medewerkers", "Nieuwe klant in de voedingsmiddelenindustrie vraagt RVS-laswerk.", "lassen, tig, rvs", "metaal", 3, ""},
	{desk.KindTraining, "NEN 3140 voor onze installatiemonteurs", "De certificaten van zes monteurs verlopen dit jaar.", "nen3140, veiligheid", "elektrotechniek", 6, ""},
	{desk.KindTraining, "Servicemonteurs opleiden voor warmtepompen", "We willen volgend seizoen zelf warmtepompen installeren en onderhouden.", "warmtepomp, koeltechniek", "installatietechniek", 4, ""},
	{desk.KindTraining, "F-gassen certificaat voor twee koelmonteurs", "", "koeltechniek, f-gassen", "installatietechniek", 2, ""},
	{desk.KindTraining, "Hydrauliek basis voor nieuwe onderhoudsmonteurs", "Drie zij-instromers van 23+ die we intern opleiden.", "hydrauliek, pneumatiek, onderhoud", "onderhoud", 3, ""},
	{desk.KindTraining, "Omscholing zij-instromers tot elektromonteur", "Wij hebben vier mensen uit de logistiek die elektromonteur willen worden; BBL of maatwerk.", "elektrotechniek", "elektrotechniek", 4, ""},
	{desk.KindTraining, "Technisch Duits voor servicemonteurs buitendienst", "Onze monteurs gaan steeds vaker naar klanten in Duitsland.", "duits", "", 4, "de"},
	{desk.KindTraining, "Cobot leren programmeren", "We hebben een cobot gekocht; twee operators moeten hem kunnen instellen.", "robotica, cobots", "mechatronica", 2, ""},
	{desk.KindTraining, "CNC-frezen voor operators", "", "cnc, frezen", "metaal", 3, ""},
	{desk.KindTraining, "Masterclass Industrie 4.0 voor ons team", "Voor engineers en werkvoorbereiders, liefst in het Engels voor onze internationale collega's.", "automatisering, data", "mechatronica", 8, "en"},
	{desk.KindPooling, "Twee onderhoudsmonteurs nodig tijdens de zomerstop", "Drie weken in juli: revisie van de productielijn.", "onderhoud, hydrauliek", "onderhoud", 2, ""},
	{desk.KindPooling, "Elektromonteur te leen voor drie maanden", "Groot project bij een klant; tijdelijk tekort aan mensen.", "elektrotechniek, nen3140", "elektrotechniek", 1, ""},
	{desk.KindPooling, "Lasser nodig voor een spoedklus", "", "lassen, constructie", "metaal", 1, ""},
	{desk.KindPlacement, "Stageplek eerste monteur mechatronica", "Wij zoeken twee BOL-stagiairs voor het nieuwe schooljaar.", "mechatronica", "mechatronica", 2, ""},
	{desk.KindPlacement, "Leerbaan BBL elektrotechniek", "Een leerbaan voor iemand die wil werken en leren.", "elektrotechniek", "elektrotechniek", 1, ""},
	{desk.KindPlacement, "Vacature servicemonteur warmtepompen", "Vaste baan, liefst met mbo 3 of 4.", "warmtepomp, installatie", "installatietechniek", 1, ""},
	{desk.KindHybridTeacher, "Onze engineer wil één dag per week lesgeven", "Ervaren engineer elektrotechniek en PLC; wil zijn vak doorgeven.", "docent, plc", "elektrotechniek", 1, ""},
	{desk.KindHybridTeacher, "Hybride docent werktuigbouw aanbieden", "", "docent, werktuigbouw", "werktuigbouwkunde", 1, ""},
	{desk.KindOutreach, "Excursie voor vmbo-klassen in onze werkplaats", "Wij ontvangen graag twee klassen per jaar.", "excursie", "techniek", 50, ""},
	{desk.KindOutreach, "Gastles over duurzame installaties", "Een installateur vertelt over warmtepompen en zonnepanelen.", "gastles, warmtepomp", "installatietechniek", 30, ""},
	{desk.KindOutreach, "Techlab-middag in onze fabriek", "", "techlab, robotica", "techniek", 25, ""},
	{desk.KindOther, "Hoe werkt de subsidie voor praktijkleren?", "Wij begeleiden drie BBL'ers en willen weten wat we kunnen aanvragen.", "", "", 0, ""},
	{desk.KindOther, "Samen opleiden met andere bedrijven in de regio", "Wij zoeken bedrijven om samen een opleidingsklas te starten.", "", "", 0, ""},
}

var teacherSpecs = []questionSpec{
	{desk.KindTeacherPlacement, "Docent elektrotechniek zoekt bedrijfsstage", "Een week meelopen om de lessen actueel te houden.", "docent, elektrotechniek", "elektrotechniek", 1, ""},
	{desk.KindTeacherPlacement, "Twee docenten willen meelopen in de maakindustrie", "", "docent, mechatronica", "mechatronica", 2, ""},
}

// stepPlan is a planned step: the action, the working hours after the
// previous one (a range), and for routes which suggestion to take.
type stepPlan struct {
	act        desk.Action
	lo, hi     float64 // working hours after the previous step
	pick       int     // route: index among the suggestions
	byCompany  bool    // close: by the company (else the desk)
	outcome    desk.Outcome
	note       string
	partnerOrg int64 // route: this partner (and its best offer), overriding pick
}

func (d *deskRegion) deskUsersOf(org int64) []int64 {
	var out []int64
	for _, u := range d.users[org] {
		if !u.Disabled {
			out = append(out, u.ID)
		}
	}
	return out
}

// fileQuestion files a question of an organisation at created.
func (d *deskRegion) fileQuestion(ctx context.Context, s questionSpec, asker domain.Organisation, created time.Time) (desk.Question, error) {
	r := d.rnd
	q := desk.Question{RegionID: d.r.ID, CompanyID: asker.ID, Kind: s.kind, Title: s.title, Text: s.text, Skills: domain.NormaliseTags(s.skills),
		Field: s.field, Sector: d.sector(asker), People: s.people, Language: s.lang}
	if ls := d.locs[asker.ID]; len(ls) > 0 {
		q.Postcode, q.Point = ls[0].Postcode, ls[0].Point
	}
	if s.kind == desk.KindPlacement && len(asker.Accreditations) > 0 {
		q.Crebo = pick(r, asker.Accreditations)
	}
	if chance(r, 0.3) {
		q.Due = domain.Day(created.AddDate(0, 0, between(r, 10, 40)))
	}
	side := desk.SideCompany
	if us := d.deskUsersOf(asker.ID); len(us) > 0 {
		q.FiledBy = us[0]
	} else {
		q.FiledBy, side = d.coords[0].ID, desk.SideDesk // filed by phone
	}
	q, ev, err := desk.NewQuestion(q, created)
	if err != nil {
		return q, fmt.Errorf("%s: %w", s.title, err)
	}
	ev.Side = side
	if q.ID, err = d.q.CreateQuestion(ctx, q, ev); err != nil {
		return q, err
	}
	if created.After(d.env.Now.Add(-3 * 24 * time.Hour)) {
		var rs []desk.Recipient
		for _, c := range d.coords {
			rs = append(rs, desk.Recipient{UserID: c.ID, Kind: desk.NotifyFiled})
		}
		if err := d.notify(ctx, q, q.FiledBy, rs, created); err != nil {
			return q, err
		}
	}
	return q, nil
}

// notify stores the notifications of a recent step (generateDesk marks
// them as mailed at the end: the demo's past is not mailed out).
func (d *deskRegion) notify(ctx context.Context, q desk.Question, actor int64, rs []desk.Recipient, at time.Time) error {
	ns := desk.Notifications(d.r.ID, q.ID, q.Title, actor, rs, at)
	if len(ns) == 0 {
		return nil
	}
	if err := d.q.AddNotifications(ctx, ns); err != nil {
		return err
	}
	d.recentNotifications += len(ns)
	return nil
}

// play takes the planned steps of a question as far as the demo's today
// allows, each at a working-time distance from the previous one.
func (d *deskRegion) play(ctx context.Context, q *desk.Question, plan []stepPlan) error {
	r, cal := d.rnd, desk.Calendar{Location: deskLoc}
	t := q.CreatedAt
	limit := d.env.Now.Add(-20 * time.Minute)
	for _, p := range plan {
		h := p.lo + r.Float64()*(p.hi-p.lo)
		t = cal.AddWorkingTime(t, time.Duration(h*float64(time.Hour))).Truncate(time.Minute)
		if t.After(limit) {
			break
		}
		st := desk.Step{Action: p.act, Outcome: p.outcome, Note: p.note}
		switch p.act {
		case desk.ActTake, desk.ActRoute, desk.ActDismiss, desk.ActReopen, desk.ActHandOver, desk.ActSetDue:
			st.ActorID, st.Sides = d.coords[int(q.ID)%len(d.coords)].ID, desk.SideDesk
			if q.HolderID != 0 {
				st.ActorID = q.HolderID
			}
		case desk.ActAcceptRoute, desk.ActDeclineRoute, desk.ActAnswer:
			if us := d.deskUsersOf(q.PartnerID); len(us) > 0 {
				st.ActorID, st.Sides = us[0], desk.SidePartner
			} else {
				st.ActorID, st.Sides = q.HolderID, desk.SideDesk // the partner called the desk
			}
		case desk.ActClose, desk.ActWithdraw:
			st.ActorID, st.Sides = q.HolderID, desk.SideDesk
			if us := d.deskUsersOf(q.CompanyID); (p.byCompany || p.act == desk.ActWithdraw) && len(us) > 0 {
				st.ActorID, st.Sides = us[0], desk.SideCompany
			}
		}
		if p.act == desk.ActRoute {
			st.PartnerID, st.OfferID = d.routeTo(*q, t, p)
		}
		prevPartner := q.PartnerID
		ev, err := q.Apply(st, t)
		if err != nil {
			return fmt.Errorf("%q %s: %w", q.Title, p.act, err)
		}
		if err := d.q.UpdateQuestion(ctx, *q); err != nil {
			return err
		}
		if _, err := d.q.AddQuestionEvent(ctx, ev); err != nil {
			return err
		}
		if t.After(d.env.Now.Add(-3 * 24 * time.Hour)) {
			partner := q.PartnerID
			if partner == 0 {
				partner = prevPartner
			}
			if err := d.notify(ctx, *q, st.ActorID, desk.StepRecipients(*q, ev, d.deskUsersOf(q.CompanyID), d.deskUsersOf(partner)), t); err != nil {
				return err
			}
		}
	}
	return nil
}

// routeTo picks where the desk routes a question at t: the suggestion the
// plan names from the desk's own ranking, or a school when nothing fits.
func (d *deskRegion) routeTo(q desk.Question, t time.Time, p stepPlan) (partner, offer int64) {
	sugg := d.cat.Rank(q, t, route.DefaultWeights(), 5)
	if p.partnerOrg != 0 {
		for _, s := range sugg {
			if s.ProviderID == p.partnerOrg {
				return s.ProviderID, s.OfferID
			}
		}
		return p.partnerOrg, 0
	}
	if len(sugg) > 0 {
		s := sugg[min(p.pick, len(sugg)-1)]
		return s.ProviderID, s.OfferID
	}
	for _, s := range d.schools {
		if s.ID != q.CompanyID && !q.Declined(s.ID) {
			return s.ID, 0
		}
	}
	return d.schools[0].ID, 0
}

// randomPlan draws the course of a question: most are taken within a
// working day and routed to the best suggestion; some partners decline,
// some questions are dismissed or withdrawn; most end matched.
func (d *deskRegion) randomPlan() []stepPlan {
	r := d.rnd
	take := stepPlan{act: desk.ActTake, lo: 0.3, hi: 6}
	if chance(r, 0.15) {
		take.hi = 20
	}
	plan := []stepPlan{take}
	if chance(r, 0.07) {
		return append(plan, stepPlan{act: desk.ActDismiss, lo: 2, hi: 16, note: "Geen partner in de regio die dit kan bieden."})
	}
	plan = append(plan, stepPlan{act: desk.ActRoute, lo: 1, hi: 14, pick: pickW(r, []weighted[int]{{0, 7}, {1, 2}, {2, 1}})})
	if chance(r, 0.15) {
		plan = append(plan, stepPlan{act: desk.ActDeclineRoute, lo: 2, hi: 16, note: pick(r, []string{"Geen docent beschikbaar in die periode.",
			"De groep is al vol.", "Dit past niet bij ons aanbod."})}, stepPlan{act: desk.ActRoute, lo: 1, hi: 8, pick: 0})
	}
	if chance(r, 0.05) {
		return append(plan, stepPlan{act: desk.ActWithdraw, lo: 4, hi: 30, note: "Intern opgelost."})
	}
	plan = append(plan, stepPlan{act: desk.ActAcceptRoute, lo: 1, hi: 16}, stepPlan{act: desk.ActAnswer, lo: 4, hi: 48,
		note: pick(r, []string{"We kunnen in de volgende groep starten; de data staan in het aanbod.", "Ja, dat kan. We nemen contact op om een intake te plannen.",
			"We kunnen een deel bieden; de rest zoeken we samen met een collega-school.", "Twee mensen zijn beschikbaar in de gevraagde periode."})})
	o := pickW(r, []weighted[desk.Outcome]{{desk.OutcomeMatched, 65}, {desk.OutcomePartly, 22}, {desk.OutcomeNotPossible, 13}})
	note := ""
	switch o {
	case desk.OutcomePartly:
		note = "Deels: niet alle medewerkers konden mee."
	case desk.OutcomeNotPossible:
		note = "Uiteindelijk te duur voor ons."
	}
	return append(plan, stepPlan{act: desk.ActClose, lo: 4, hi: 40, byCompany: chance(r, 0.6), outcome: o, note: note})
}

// questionsOf files the region's questions: 26-34 over the last six
// months and the scripted ones of the demo company and school.
func (d *deskRegion) questionsOf(ctx context.Context) error {
	r, now := d.rnd, d.env.Now
	askers := make([]domain.Organisation, 0, len(d.companies))
	for _, c := range d.companies {
		if c.ID != d.demoCompany.ID {
			askers = append(askers, c)
		}
	}
	n := between(r, 26, 34)
	for i := 0; i < n; i++ {
		var s questionSpec
		asker := pick(r, askers)
		if chance(r, 0.08) {
			s, asker = pick(r, teacherSpecs), pick(r, d.schools)
		} else {
			s = pick(r, questionSpecs)
		}
		// Older questions are more often filed: the desk grew.
		age := int(180 * (1 - r.Float64()*r.Float64()))
		fresh := i%3 == 0
		if fresh {
			age = between(r, 1, 15) // the board has work in progress
		}
		created := workMoment(r, now.Add(-days(max(age, 1))))
		q, err := d.fileQuestion(ctx, s, asker, created)
		if err != nil {
			return err
		}
		plan := d.randomPlan()
		if fresh {
			// Work in progress: the plan stops somewhere, the first
			// steps more often (some questions wait to be taken).
			plan = plan[:min(len(plan), pickW(r, []weighted[int]{{0, 2}, {1, 2}, {2, 3}, {3, 3}, {4, 2}, {5, 1}}))]
		}
		if err := d.play(ctx, &q, plan); err != nil {
			return err
		}
		if chance(r, 0.25) && q.Status != desk.StatusNew {
			c := desk.Comment{QuestionID: q.ID, AuthorID: d.coords[0].ID, Side: desk.SideDesk, Internal: true,
				Text: "Gebeld met de contactpersoon: de vraag is helder.", At: q.TakenAt}
			if _, err := d.q.AddQuestionComment(ctx, c); err != nil {
				return err
			}
		}
		d.questions[q.Status]++
	}
	return d.scripted(ctx)
}

// scripted files the questions of the demo journeys: the demo company's
// in several states, and one routed to the demo school that waits to be
// accepted.
func (d *deskRegion) scripted(ctx context.Context) error {
	now, cal := d.env.Now, desk.Calendar{Location: deskLoc}
	ago := func(workingHours float64) time.Time {
		// The moment that many working hours before now (roughly: step
		// back whole days, then within the day).
		t := now
		for left := workingHours; left > 0; {
			t = t.Add(-time.Hour)
			if cal.WorkingTime(t, t.Add(time.Hour)) > 0 {
				left--
			}
		}
		return t.Truncate(time.Minute)
	}
	specOf := func(title string) questionSpec {
		for _, s := range questionSpecs {
			if s.title == title {
				return s
			}
		}
		panic("demo desk: no question " + title)
	}
	type scripted struct {
		spec    questionSpec
		asker   domain.Organisation
		created time.Time
		plan    []stepPlan
	}
	lend := stepPlan{act: desk.ActRoute, lo: 1, hi: 2}
	demoSchoolRoute := stepPlan{act: desk.ActRoute, lo: 0.5, hi: 1, partnerOrg: d.demoSchool.ID}
	other := d.companies[0]
	if other.ID == d.demoCompany.ID {
		other = d.companies[1]
	}
	items := []scripted{
		{specOf("Servicemonteurs opleiden voor warmtepompen"), d.demoCompany, ago(2), nil},
		{specOf("Twee onderhoudsmonteurs nodig tijdens de zomerstop"), d.demoCompany, ago(30),
			[]stepPlan{{act: desk.ActTake, lo: 1, hi: 2}, lend, {act: desk.ActAcceptRoute, lo: 2, hi: 4}}},
		{specOf("Cobot leren programmeren"), d.demoCompany, ago(60),
			[]stepPlan{{act: desk.ActTake, lo: 1, hi: 2}, {act: desk.ActRoute, lo: 1, hi: 3}, {act: desk.ActAcceptRoute, lo: 2, hi: 4},
				{act: desk.ActAnswer, lo: 8, hi: 16, note: "De module Robotica en cobots start over drie weken; er zijn nog twee plaatsen."}}},
		{specOf("Stageplek eerste monteur mechatronica"), d.demoCompany, ago(400),
			[]stepPlan{{act: desk.ActTake, lo: 1, hi: 3}, {act: desk.ActRoute, lo: 2, hi: 6}, {act: desk.ActAcceptRoute, lo: 2, hi: 8},
				{act: desk.ActAnswer, lo: 8, hi: 24, note: "Twee studenten solliciteren deze week."}, {act: desk.ActClose, lo: 8, hi: 16, byCompany: true, outcome: desk.OutcomeMatched}}},
		{specOf("Excursie voor vmbo-klassen in onze werkplaats"), d.demoCompany, ago(700),
			[]stepPlan{{act: desk.ActTake, lo: 1, hi: 3}, {act: desk.ActRoute, lo: 2, hi: 6}, {act: desk.ActAcceptRoute, lo: 2, hi: 8},
				{act: desk.ActAnswer, lo: 8, hi: 24, note: "Eén klas in maart; de tweede past pas volgend jaar."},
				{act: desk.ActClose, lo: 8, hi: 16, byCompany: true, outcome: desk.OutcomePartly, note: "Eén van de twee klassen."}}},
		{specOf("Vijf monteurs moeten PLC leren programmeren"), other, ago(4),
			[]stepPlan{{act: desk.ActTake, lo: 0.5, hi: 1}, demoSchoolRoute}},
	}
	for _, it := range items {
		if it.asker.ID == 0 {
			continue
		}
		q, err := d.fileQuestion(ctx, it.spec, it.asker, it.created)
		if err != nil {
			return err
		}
		if err := d.play(ctx, &q, it.plan); err != nil {
			return err
		}
		d.questions[q.Status]++
	}
	return nil
}
