package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"

	"talentloket/internal/domain"
)

// planSchools plans the region's schools with their locations, programmes,
// coaches and BPV coordinators.
func (rp *regionPlan) planSchools(r *rand.Rand) {
	spec := rp.spec
	for si := range spec.schools {
		ss := &spec.schools[si]
		first := spec.town(ss.locs[0].town)
		o := &orgPlan{school: ss, town: first, domain: ss.domain, created: officeTime(r, rp.created.Add(days(between(r, 1, 12))))}
		o.o = domain.Organisation{Kind: domain.OrgSchool, Name: ss.name, BRIN: ss.brin, Website: "https://www." + ss.domain,
			Email: "info@" + ss.domain, Phone: phone(r, first), MunicipalityCode: first.muni, Member: true}
		for _, ls := range ss.locs {
			pt, t := rp.pointOf(ls.postcode)
			o.locs = append(o.locs, &locPlan{fields: ls.fields,
				l: domain.Location{Name: ls.name, Street: ls.street, Postcode: ls.postcode, Place: t.name, Point: pt}})
		}
		rp.orgs = append(rp.orgs, o)
		rp.planProgrammes(o)
		if ss.key == "roc" {
			rp.demoSchool = o
		}
		for i := 0; i < ss.coaches; i++ {
			p := newAdult(r, spec.slug)
			email := rp.w.email(emailLocal(p, true), ss.domain)
			if i == 0 && ss.key == "roc" {
				p, email = spec.demo.coach, accountEmail(domain.RoleCoach, spec.slug)
			}
			u := rp.addUser(p, email, domain.RoleCoach, o, o.created.Add(days(between(r, 1, 30))))
			o.coaches = append(o.coaches, u)
		}
		p := newAdult(r, spec.slug)
		email := rp.w.email(emailLocal(p, true), ss.domain)
		if ss.key == "roc" {
			p, email = spec.demo.staff, accountEmail(domain.RoleSchoolStaff, spec.slug)
		}
		o.staff = rp.addUser(p, email, domain.RoleSchoolStaff, o, o.created.Add(days(between(r, 1, 20))))
	}
}

// planProgrammes plans the programmes a school offers.
func (rp *regionPlan) planProgrammes(o *orgPlan) {
	ss := o.school
	locFor := func(field string) *locPlan {
		for _, l := range o.locs {
			for _, f := range l.fields {
				if f == field {
					return l
				}
			}
		}
		return o.locs[0]
	}
	add := func(p domain.Programme, fields []string, weight float64) {
		pp := &progPlan{p: p, school: o, loc: locFor(fields[0]), fields: fields, weight: weight}
		o.progs = append(o.progs, pp)
		rp.progs = append(rp.progs, pp)
	}
	for _, m := range ss.mbo {
		q := qual(m.crebo)
		for _, pw := range m.pathways {
			w := float64(q.popularity)
			if pw == domain.PathwayBOL {
				w *= 3
			}
			add(domain.Programme{Stage: domain.StageMBO, Crebo: q.crebo, Name: q.name, Field: q.field, Level: q.level, Pathway: pw},
				[]string{q.field}, w)
		}
	}
	for _, v := range ss.vmbo {
		for _, pw := range v.pathways {
			w := map[domain.Pathway]float64{domain.PathwayBB: 3, domain.PathwayKB: 3, domain.PathwayGL: 2, domain.PathwayTL: 2}[pw]
			if v.profile.name == vmboPIE.name {
				w *= 2
			}
			add(domain.Programme{Stage: domain.StageVMBO, Name: v.profile.name, Field: "techniek", Pathway: pw}, v.profile.fields, w)
		}
	}
	for _, h := range ss.hbo {
		for _, pw := range h.pathways {
			w := map[domain.Pathway]float64{domain.PathwayVT: 4, domain.PathwayDT: 1, domain.PathwayDU: 1.5}[pw]
			if h.programme.croho == hboICT.croho {
				w *= 2
			}
			add(domain.Programme{Stage: domain.StageHBO, Croho: h.programme.croho, Name: h.programme.name, Field: h.programme.fields[0],
				Pathway: pw}, h.programme.fields, w)
		}
	}
}

// addUser plans an account without a password (only the demo accounts get
// one, see planAccounts).
func (rp *regionPlan) addUser(p person, email string, role domain.Role, org *orgPlan, created time.Time) *userPlan {
	u := &userPlan{person: p, org: org, created: created,
		u: domain.User{Email: email, Name: p.name(), Role: role, Locale: "nl"}}
	rp.w.emails[email] = true
	rp.users = append(rp.users, u)
	return u
}

// planCompanies plans the demo company and the generated companies, each
// with a contact, and the employer associations and governments.
func (rp *regionPlan) planCompanies(r *rand.Rand) {
	spec := rp.spec
	d := spec.demo
	latest := rp.w.now.Add(-days(170))
	createdAt := func() time.Time {
		span := int(latest.Sub(rp.created).Hours()/24) - 20
		return officeTime(r, rp.created.Add(days(15+r.IntN(max(span, 1)))))
	}
	demoCo := rp.addCompany(r, sectorByKey(d.companySector), spec.town(d.companyTown), d.companyName, createdAt())
	demoCo.o.Accreditations = append([]string(nil), d.companyCrebos...)
	demoCo.o.Member, demoCo.size, demoCo.scenario = true, 4, true
	c := demoCo.contact
	delete(rp.w.emails, c.u.Email)
	c.person, c.u.Name, c.u.Email = d.contact, d.contact.name(), accountEmail(domain.RoleCompany, spec.slug)
	rp.w.emails[c.u.Email] = true
	rp.demoCompany = demoCo

	n := d.nCompanies + between(r, -6, 6)
	ws := make([]float64, len(sectors))
	for i, s := range sectors {
		ws[i] = s.weight
	}
	for i := 1; i < n; i++ {
		sec := sectors[pickWeighted(r, ws)]
		t := pickTownPow(r, spec.towns, 0.8)
		name := rp.companyName(r, sec, t)
		co := rp.addCompany(r, sec, t, name, createdAt())
		co.o.Member = chance(r, 0.3)
		co.size = pickW(r, []weighted[int]{{1, 35}, {2, 30}, {3, 20}, {4, 10}, {5, 5}})
		if chance(r, 0.87) {
			k := pickW(r, []weighted[int]{{1, 25}, {2, 35}, {3, 25}, {4, 10}, {5, 5}})
			co.o.Accreditations = sample(r, sec.crebos, k)
		}
	}
	for _, os := range spec.orgs {
		t := spec.town(os.town)
		o := &orgPlan{town: t, domain: slug(os.name) + ".example", created: officeTime(r, rp.created.Add(days(between(r, 1, 30))))}
		o.o = domain.Organisation{Kind: os.kind, Name: os.name, Website: "https://www." + o.domain, Email: "info@" + o.domain,
			Phone: phone(r, t), MunicipalityCode: t.muni, Member: os.kind == domain.OrgAssociation}
		if os.kind == domain.OrgAssociation {
			o.o.KvK = rp.newKvK(r)
		}
		street, pc, pt := address(r, rp.areasOf(t), homeStreets)
		if os.kind == domain.OrgGovernment {
			street = "Markt " + strconv.Itoa(between(r, 1, 20))
		}
		o.locs = []*locPlan{{l: domain.Location{Name: "Kantoor", Street: street, Postcode: pc, Place: t.name, Point: pt}}}
		rp.names[os.name] = true
		rp.orgs = append(rp.orgs, o)
	}
}

// pickTownPow picks a town with weight^p: p < 1 spreads companies more
// evenly over small towns than people.
func pickTownPow(r *rand.Rand, towns []*town, p float64) *town {
	ws := make([]float64, len(towns))
	for i, t := range towns {
		ws[i] = math.Pow(float64(t.weight), p)
	}
	return towns[pickWeighted(r, ws)]
}

// addCompany plans a company with one or two locations and a contact.
func (rp *regionPlan) addCompany(r *rand.Rand, sec *sector, t *town, name string, created time.Time) *orgPlan {
	rp.names[name] = true
	dom := slug(strings.TrimSuffix(name, " B.V.")) + ".example"
	o := &orgPlan{sector: sec, town: t, domain: dom, created: created, size: 1}
	o.o = domain.Organisation{Kind: domain.OrgCompany, Name: name, KvK: rp.newKvK(r), Website: "https://www." + dom,
		Email: pick(r, []string{"info@", "info@", "stage@", "hr@"}) + dom, Phone: phone(r, t), MunicipalityCode: t.muni}
	street, pc, pt := address(r, rp.areasOf(t), businessStreets)
	o.locs = append(o.locs, &locPlan{l: domain.Location{Name: "Hoofdvestiging", Street: street, Postcode: pc, Place: t.name, Point: pt}})
	if chance(r, 0.15) {
		t2 := pickTownNear(r, rp.spec.towns, t.centre)
		if t2 != t {
			street, pc, pt := address(r, rp.areasOf(t2), businessStreets)
			o.locs = append(o.locs, &locPlan{l: domain.Location{Name: "Vestiging " + t2.name, Street: street, Postcode: pc, Place: t2.name, Point: pt}})
		}
	}
	p := newAdult(r, rp.spec.slug)
	o.contact = rp.addUser(p, rp.w.email(emailLocal(p, true), dom), domain.RoleCompany, o, created.Add(days(between(r, 1, 10))))
	rp.orgs = append(rp.orgs, o)
	return o
}

// companyName builds a name from the sector's patterns that is not taken
// in the region yet.
func (rp *regionPlan) companyName(r *rand.Rand, sec *sector, t *town) string {
	bgs := backgroundsFor(rp.spec.slug)
	for try := 0; ; try++ {
		pat := pick(r, sec.names)
		sur := pick(r, bgs[0].v.surnames)
		if chance(r, 0.08) {
			sur = pick(r, pickW(r, bgs[1:]).surnames)
		}
		name := strings.NewReplacer("{S}", upperFirst(sur), "{A}", t.adj, "{R}", pick(r, rp.spec.demo.regionalWords), "{T}", t.name).Replace(pat)
		if try > 20 {
			name += " " + t.name
		}
		if chance(r, 0.35) {
			name += " B.V."
		}
		if !rp.names[name] && !rp.names[strings.TrimSuffix(name, " B.V.")] {
			return name
		}
	}
}

// newKvK returns an 8-digit Chamber of Commerce number unique in the region.
func (rp *regionPlan) newKvK(r *rand.Rand) string {
	for {
		k := strconv.Itoa(between(r, 1_000_000, 99_999_999))
		for len(k) < 8 {
			k = "0" + k
		}
		if !rp.kvks[k] {
			rp.kvks[k] = true
			return k
		}
	}
}

// upperFirst capitalises a surname that starts a company name
// ("van den Berg" -> "Van den Berg").
func upperFirst(s string) string {
	rs := []rune(s)
	for i, c := range rs {
		if unicode.IsLetter(c) {
			rs[i] = unicode.ToUpper(c)
			break
		}
	}
	return string(rs)
}
