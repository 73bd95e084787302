package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// The desk's part of the demo: per region a catalogue of the schools'
// programmes, keuzedelen, masterclasses, tailored courses for 23+,
// post-mbo courses, Skills Lab and equipment time, technicians that
// companies lend and placements for teachers; and 20-40 questions filed
// over the last six months in every state, with their histories, routed to
// the partners the desk's own ranking suggests. The demo company has
// questions in several states; the demo school has a question routed to
// it that waits to be accepted.

func init() { Register("desk", generateDesk) }

var deskLoc = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// deskRegion is what the desk demo knows of one region.
type deskRegion struct {
	r                   domain.Region
	schools, companies  []domain.Organisation
	assocs              []domain.Organisation
	locs                map[int64][]domain.Location
	users               map[int64][]domain.User // desk users (staff, contacts) per organisation
	coords              []domain.User
	demoCompany         domain.Organisation
	demoSchool          domain.Organisation
	demoCompanySector   string
	offers              []desk.Offer
	cat                 *route.Catalogue
	questions           map[desk.QuestionStatus]int
	env                 Env
	q                   *store.Queries
	rnd                 *rand.Rand
	recentNotifications int
}

func generateDesk(ctx context.Context, q *store.Queries, env Env) (string, error) {
	regions, err := q.Regions(ctx)
	if err != nil {
		return "", err
	}
	slices.SortFunc(regions, func(a, b domain.Region) int { return cmp.Compare(a.ID, b.ID) })
	var lines []string
	for _, r := range regions {
		d, err := loadDeskRegion(ctx, q, env, r)
		if err != nil {
			return "", fmt.Errorf("%s: %w", r.Slug, err)
		}
		if err := d.catalogue(ctx); err != nil {
			return "", fmt.Errorf("%s offers: %w", r.Slug, err)
		}
		if err := d.questionsOf(ctx); err != nil {
			return "", fmt.Errorf("%s questions: %w", r.Slug, err)
		}
		// The demo's history is not mailed out when it is served with SMTP.
		if _, err := q.MarkRegionEmailed(ctx, r.ID, env.Now); err != nil {
			return "", err
		}
		var st []string
		total := 0
		for _, s := range desk.QuestionStatuses {
			st = append(st, fmt.Sprintf("%s %d", s, d.questions[s]))
			total += d.questions[s]
		}
		lines = append(lines, fmt.Sprintf("  %s: %d offers; %d questions (%s)", r.Name, len(d.offers), total, strings.Join(st, ", ")))
	}
	env.Clock(env.Now)
	return "Desk:\n" + strings.Join(lines, "\n"), nil
}

func byID[T any](xs []T, id func(T) int64) {
	slices.SortFunc(xs, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
}

func loadDeskRegion(ctx context.Context, q *store.Queries, env Env, r domain.Region) (*deskRegion, error) {
	d := &deskRegion{r: r, locs: map[int64][]domain.Location{}, users: map[int64][]domain.User{}, questions: map[desk.QuestionStatus]int{},
		env: env, q: q, rnd: rand.New(rand.NewPCG(env.Rand.Uint64(), uint64(r.ID)))}
	for offset := 0; ; offset += 500 {
		orgs, total, err := q.Organisations(ctx, store.OrgFilter{RegionID: r.ID, Page: store.Page{Limit: 500, Offset: offset}})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			switch o.Kind {
			case domain.OrgSchool:
				d.schools = append(d.schools, o)
			case domain.OrgCompany:
				d.companies = append(d.companies, o)
			case domain.OrgAssociation:
				d.assocs = append(d.assocs, o)
			}
		}
		if offset+500 >= total {
			break
		}
	}
	// Collations differ between the engines: order by id, which follows
	// the order of creation.
	for _, l := range [][]domain.Organisation{d.schools, d.companies, d.assocs} {
		byID(l, func(o domain.Organisation) int64 { return o.ID })
	}
	for _, role := range []domain.Role{domain.RoleSchoolStaff, domain.RoleCompany, domain.RoleCoordinator} {
		for offset := 0; ; offset += 500 {
			us, err := q.Users(ctx, store.UserFilter{RegionID: r.ID, Role: role, Page: store.Page{Limit: 500, Offset: offset}})
			if err != nil {
				return nil, err
			}
			for _, u := range us {
				if role == domain.RoleCoordinator {
					d.coords = append(d.coords, u)
				} else {
					d.users[u.OrganisationID] = append(d.users[u.OrganisationID], u)
				}
			}
			if len(us) < 500 {
				break
			}
		}
	}
	byID(d.coords, func(u domain.User) int64 { return u.ID })
	for _, us := range d.users {
		byID(us, func(u domain.User) int64 { return u.ID })
	}
	if len(d.coords) == 0 || len(d.schools) == 0 || len(d.companies) < 5 {
		return nil, fmt.Errorf("too few coordinators, schools or companies for the desk")
	}
	company, err := q.UserByEmail(ctx, accountEmail(domain.RoleCompany, r.Slug))
	if err != nil {
		return nil, err
	}
	school, err := q.UserByEmail(ctx, accountEmail(domain.RoleSchoolStaff, r.Slug))
	if err != nil {
		return nil, err
	}
	for _, o := range d.companies {
		if o.ID == company.OrganisationID {
			d.demoCompany = o
		}
	}
	for _, o := range d.schools {
		if o.ID == school.OrganisationID {
			d.demoSchool = o
		}
	}
	for _, rs := range regionSpecs {
		if rs.slug == r.Slug {
			d.demoCompanySector = rs.demo.companySector
		}
	}
	for _, o := range slices.Concat(d.schools, d.companies, d.assocs) {
		ls, err := q.Locations(ctx, r.ID, o.ID)
		if err != nil {
			return nil, err
		}
		byID(ls, func(l domain.Location) int64 { return l.ID })
		d.locs[o.ID] = ls
	}
	return d, nil
}

// sectorOf guesses a company's sector from the words of its name (the
// demo's sectors name their companies that way).
func sectorOf(name string) string {
	n := strings.ToLower(name)
	for _, s := range []struct{ key, words string }{
		{"energie", "energietechniek zonnestroom energie netwerktechniek warmtenet"},
		{"ict", "ict|it solutions|software|netwerkbeheer|digital|data & cloud"},
		{"elektro", "elektro schakeltechniek"},
		{"installatie", "installatie klimaattechniek warmte"},
		{"machinebouw", "machinefabriek machinebouw automation mechatronics precisietechniek verpakkingsmachines robotics systems"},
		{"metaal", "metaal staalbouw constructie lasbedrijf plaatwerk"},
		{"productie", "kunststof onderhoud maintenance"},
		{"automotive", "autobedrijf garage bedrijfswagens autoservice trucks"},
		{"bouw", "bouw timmerbedrijf aannemers"},
		{"engineering", "ingenieursbureau engineering ontwerp adviesbureau"},
	} {
		sep := " "
		if strings.Contains(s.words, "|") {
			sep = "|"
		}
		for _, w := range strings.Split(s.words, sep) {
			if strings.Contains(n, w) {
				return s.key
			}
		}
	}
	return "overig"
}

func (d *deskRegion) sector(o domain.Organisation) string {
	if o.ID == d.demoCompany.ID && d.demoCompanySector != "" {
		return d.demoCompanySector
	}
	if o.Kind != domain.OrgCompany {
		return ""
	}
	return sectorOf(o.Name)
}

// contactOf returns an address for an organisation's offers.
func contactOf(o domain.Organisation, box string) desk.Contact {
	c := desk.Contact{Name: box, Phone: o.Phone}
	if _, dom, ok := strings.Cut(o.Email, "@"); ok {
		c.Email = strings.ToLower(strings.ReplaceAll(box, " ", "")) + "@" + dom
	}
	return c
}

func (d *deskRegion) offerLocs(o domain.Organisation, n int) []desk.OfferLocation {
	var out []desk.OfferLocation
	for i, l := range d.locs[o.ID] {
		if i == n {
			break
		}
		name := l.Place
		if l.Name != "" {
			name = l.Name + ", " + l.Place
		}
		out = append(out, desk.OfferLocation{Name: name, Postcode: l.Postcode, Point: l.Point})
	}
	return out
}

// nextStarts returns the next start moments on the given days of month
// (month, day) after now, within a year.
func nextStarts(now time.Time, md ...[2]int) []time.Time {
	var out []time.Time
	for _, x := range md {
		t := time.Date(now.Year(), time.Month(x[0]), x[1], 0, 0, 0, 0, time.UTC)
		if !t.After(now) {
			t = t.AddDate(1, 0, 0)
		}
		out = append(out, t)
	}
	return out
}

// courseSpec is an offer of the catalogue the demo gives out.
type courseSpec struct {
	kind   desk.OfferKind
	title  string
	field  string
	skills string
	desc   string
	days   int      // duration, for the description
	price  int64    // euro; 0 = no price
	langs  string   // "" = Dutch
	fields []string // the schools' programme fields it suits ("" = any school)
}

var courseSpecs = []courseSpec{
	{desk.OfferTailored, "PLC programmeren (Siemens S7) voor monteurs", "elektrotechniek", "plc, besturingstechniek, storingzoeken, siemens",
		"Maatwerkcursus voor werkenden van 23 jaar en ouder: besturingstechniek, storingzoeken en programmeren in TIA Portal, op de eigen praktijkkast.", 6, 1450, "", nil},
	{desk.OfferKeuzedeel, "Keuzedeel PLC-programmeren", "mechatronica", "plc, besturingstechniek, automatisering",
		"Het keuzedeel PLC-programmeren (K0071) als losse module voor werkenden, met examen en certificaat.", 10, 895, "", nil},
	{desk.OfferTailored, "Lassen MIG/MAG voor zij-instromers", "metaal", "lassen, mig, mag, constructie",
		"Van nul naar lasser in twaalf praktijkdagen: MIG/MAG-lassen op plaat en pijp, met lascertificaat NEN-EN-ISO 9606-1.", 12, 2450, "", nil},
	{desk.OfferTailored, "TIG-lassen RVS voor gevorderden", "metaal", "lassen, tig, rvs",
		"Verdieping voor lassers die RVS voor de voedingsmiddelenindustrie gaan lassen.", 5, 1250, "nl, de", nil},
	{desk.OfferMasterclass, "Masterclass Industrie 4.0 en slimme sensoren", "mechatronica", "automatisering, sensoren, data, robotica",
		"Twee dagdelen over het koppelen van machines, sensoren en dashboards, met een demonstratie in het Smart Factory-lab.", 1, 395, "nl, en", nil},
	{desk.OfferMasterclass, "Masterclass warmtepompen installeren en onderhouden", "installatietechniek", "warmtepomp, koeltechniek, installatie",
		"Voor servicemonteurs die lucht-water-warmtepompen gaan installeren: ontwerp, inbedrijfstelling en storingzoeken.", 2, 595, "", nil},
	{desk.OfferPostMBO, "Post-mbo Servicetechnicus Industrie", "mechatronica", "onderhoud, storingzoeken, hydrauliek, pneumatiek",
		"Een jaar lang één dag per week: preventief en correctief onderhoud, hydrauliek, pneumatiek en elektrotechniek voor de industrie.", 40, 3950, "", nil},
	{desk.OfferTailored, "NEN 3140: voldoend en vakbekwaam persoon (VP/VOP)", "elektrotechniek", "nen3140, veiligheid, elektrotechniek",
		"Veilig werken aan en met elektrische installaties; afgesloten met een examen.", 2, 475, "", nil},
	{desk.OfferTailored, "F-gassen en koeltechniek: STEK-certificering", "installatietechniek", "koeltechniek, warmtepomp, f-gassen",
		"Voorbereiding op het F-gassenexamen voor monteurs die met koelmiddelen werken.", 4, 1150, "", nil},
	{desk.OfferKeuzedeel, "Keuzedeel Robotica en cobots", "mechatronica", "robotica, cobots, programmeren",
		"Cobots programmeren en veilig inzetten naast mensen; ook voor werkenden als losse module.", 8, 795, "", nil},
	{desk.OfferKeuzedeel, "Keuzedeel Duits voor de techniek", "", "duits, communicatie",
		"Technisch Duits voor servicemonteurs die in Duitsland werken: gesprekken, rapporten en veiligheid.", 8, 495, "nl, de", nil},
	{desk.OfferTailored, "Hydrauliek en pneumatiek basis", "onderhoud", "hydrauliek, pneumatiek, onderhoud",
		"Schema's lezen, componenten vervangen en storingen vinden in hydraulische en pneumatische systemen.", 4, 980, "", nil},
	{desk.OfferTailored, "CNC-frezen voor operators", "metaal", "cnc, frezen, verspanen",
		"Instellen en programmeren van een 3-assige CNC-freesbank, voor operators die verder willen.", 6, 1650, "", nil},
	{desk.OfferMasterclass, "Masterclass waterstof in de installatietechniek", "installatietechniek", "waterstof, energie, veiligheid",
		"Wat komt er kijken bij waterstof in gebouwen en industrie: techniek, regels en veiligheid.", 1, 295, "", nil},
	{desk.OfferTailored, "Zonnepanelen en laadpalen aansluiten", "elektrotechniek", "zonnepanelen, laadpalen, elektrotechniek",
		"Praktijkcursus voor elektromonteurs: omvormers, laadpalen en de aansluiting volgens NEN 1010.", 3, 690, "", nil},
}

func (d *deskRegion) add(ctx context.Context, o desk.Offer, at time.Time) error {
	d.env.Clock(at)
	o.RegionID, o.Active = d.r.ID, true
	id, err := d.q.CreateOffer(ctx, o, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", o.Title, err)
	}
	got, err := d.q.Offer(ctx, d.r.ID, id)
	if err != nil {
		return err
	}
	d.offers = append(d.offers, got)
	return nil
}

// catalogue creates the region's offers, backdated over the last year.
func (d *deskRegion) catalogue(ctx context.Context) error {
	now, r := d.env.Now, d.rnd
	created := func() time.Time { return workMoment(r, now.Add(-days(between(r, 30, 330)))) }
	// Programmes of the mbo schools, up to five per school.
	for _, s := range d.schools {
		progs, _, err := d.q.Programmes(ctx, store.ProgFilter{RegionID: d.r.ID, SchoolID: s.ID, Stage: domain.StageMBO, Page: store.Page{Limit: 500}})
		if err != nil {
			return err
		}
		byID(progs, func(p domain.Programme) int64 { return p.ID })
		seen := map[string]bool{}
		n := 0
		for _, p := range progs {
			if n == 5 || seen[p.Crebo] || p.Crebo == "" {
				continue
			}
			seen[p.Crebo] = true
			n++
			o := desk.Offer{ProviderID: s.ID, Kind: desk.OfferProgramme, Title: p.Name, Crebos: []string{p.Crebo}, Field: p.Field, Level: p.Level,
				Pathway: p.Pathway, Description: "Mbo-opleiding " + p.Name + " (niveau " + fmt.Sprint(p.Level) + "). Ook als leerbaan (BBL) voor nieuwe medewerkers.",
				Locations: d.offerLocs(s, 1), Starts: nextStarts(now, [2]int{9, 1}, [2]int{2, 1}), Capacity: between(r, 16, 32),
				Contact: contactOf(s, "Bureau Praktijkleren")}
			if err := d.add(ctx, o, created()); err != nil {
				return err
			}
		}
	}
	// Courses: the demo school offers the PLC course (the journeys route to
	// it); the others spread over the schools and, for masterclasses and
	// tailored courses, a training company or association now and then.
	for i, c := range courseSpecs {
		provider := d.schools[i%len(d.schools)]
		if i == 0 && d.demoSchool.ID != 0 {
			provider = d.demoSchool
		} else if c.kind != desk.OfferKeuzedeel && c.kind != desk.OfferPostMBO && len(d.assocs) > 0 && chance(r, 0.25) {
			provider = pick(r, d.assocs)
		}
		var price *int64
		if c.price > 0 {
			p := c.price * 100
			price = &p
		}
		starts := []time.Time{now.AddDate(0, 0, between(r, 7, 40)), now.AddDate(0, 0, between(r, 60, 150))}
		if i == 0 {
			starts[0] = now.AddDate(0, 0, 21)
		}
		o := desk.Offer{ProviderID: provider.ID, Kind: c.kind, Title: c.title, Field: c.field, Skills: domain.NormaliseTags(c.skills),
			Description: c.desc + fmt.Sprintf(" Duur: %d dagdelen.", c.days), Locations: d.offerLocs(provider, 1), Starts: starts,
			Capacity: between(r, 8, 16), PriceCents: price, Languages: domain.NormaliseTags(c.langs), Contact: contactOf(provider, "Cursusbureau")}
		if err := d.add(ctx, o, created()); err != nil {
			return err
		}
	}
	// Skills Lab sessions and equipment time.
	labs := d.assocs
	if len(labs) == 0 {
		labs = d.schools
	}
	for i, l := range labs {
		if i == 2 {
			break
		}
		o := desk.Offer{ProviderID: l.ID, Kind: desk.OfferSkillsLab, Title: "Techlab-middag voor vmbo-klassen", Field: "techniek",
			Skills: []string{"techlab", "excursie", "robotica"}, Description: "Een middag bouwen, programmeren en solderen in het Techlab, voor groepen tot 28 leerlingen.",
			Locations: d.offerLocs(l, 1), Period: domain.Period{End: domain.Day(now.AddDate(1, 0, 0))}, Capacity: 28, Contact: contactOf(l, "Techlab")}
		if err := d.add(ctx, o, created()); err != nil {
			return err
		}
	}
	s := d.schools[len(d.schools)-1]
	if err := d.add(ctx, desk.Offer{ProviderID: s.ID, Kind: desk.OfferEquipmentTime, Title: "Machinetijd CNC-draaibank en freesbank",
		Field: "metaal", Skills: []string{"cnc", "verspanen", "frezen"}, Description: "Bedrijven huren op woensdag en vrijdag machinetijd in de werkplaats, met begeleiding.",
		Locations: d.offerLocs(s, 1), Capacity: 16, Contact: contactOf(s, "Werkplaats")}, created()); err != nil {
		return err
	}
	// Teaching needs of the schools (answered by hybrid teachers).
	for i, s := range d.schools {
		if i == 3 {
			break
		}
		topic := []string{"elektrotechniek en PLC", "werktuigbouwkunde", "installatietechniek"}[i]
		if err := d.add(ctx, desk.Offer{ProviderID: s.ID, Kind: desk.OfferTeachingNeed, Title: "Hybride docent " + topic + " gezocht",
			Field: strings.Fields(topic)[0], Skills: []string{"docent", "lesgeven"}, Description: "Eén of twee dagen per week lesgeven naast je baan in de techniek; wij begeleiden je didactisch.",
			Locations: d.offerLocs(s, 1), Capacity: 2, Contact: contactOf(s, "Personeelszaken")}, created()); err != nil {
			return err
		}
	}
	// Companies lending technicians and hosting teachers.
	lenders := sample(r, d.companies, min(8, len(d.companies)))
	byID(lenders, func(o domain.Organisation) int64 { return o.ID })
	for i, c := range lenders {
		sec := d.sector(c)
		skill := map[string]string{"machinebouw": "mechatronica, plc, onderhoud", "elektro": "elektrotechniek, nen3140", "installatie": "installatietechniek, warmtepomp",
			"metaal": "lassen, constructie", "productie": "onderhoud, hydrauliek", "energie": "zonnepanelen, elektrotechniek"}[sec]
		if skill == "" {
			skill = "onderhoud, monteur"
		}
		if i < 5 {
			o := desk.Offer{ProviderID: c.ID, Kind: desk.OfferStaffToLend, Title: fmt.Sprintf("%d %s te leen", between(r, 1, 3), []string{"onderhoudsmonteurs", "servicemonteurs", "allround monteurs"}[i%3]),
				Field: sec, Skills: domain.NormaliseTags(skill), Description: "Bij onderbezetting in de zomer en na grote projecten lenen wij ervaren technici uit aan andere bedrijven in de regio.",
				Locations: d.offerLocs(c, 1), Period: domain.Period{Start: domain.Day(now.AddDate(0, 0, between(r, 0, 30))), End: domain.Day(now.AddDate(0, between(r, 3, 8), 0))},
				Capacity: between(r, 1, 3), Contact: contactOf(c, "Planning")}
			if err := d.add(ctx, o, created()); err != nil {
				return err
			}
		} else {
			o := desk.Offer{ProviderID: c.ID, Kind: desk.OfferTeacherHosting, Title: "Bedrijfsstage voor docenten techniek", Field: sec,
				Skills: domain.NormaliseTags(skill + ", docent"), Description: "Docenten lopen een week mee in werkplaats en engineering om hun lessen actueel te houden.",
				Locations: d.offerLocs(c, 1), Capacity: 2, Contact: contactOf(c, "HR")}
			if err := d.add(ctx, o, created()); err != nil {
				return err
			}
		}
	}
	d.cat = route.Prepare(d.offers)
	return nil
}

// workMoment moves t into office hours (09:00-16:59) on a weekday, keeping
// its day when it is one and going back to the Friday from a weekend (so
// that a moment in the past stays in the past).
func workMoment(r *rand.Rand, t time.Time) time.Time {
	t = t.In(deskLoc)
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	y, m, dd := t.Date()
	return time.Date(y, m, dd, between(r, 9, 16), between(r, 0, 59), 0, 0, deskLoc).UTC()
}
