package index

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/match"
)

// Synthetic, realistic-looking data for tests and benchmarks:
//
//   - placements cluster around the 432 town centres of townData, a town
//     chosen in proportion to its weight, at a normal offset of 2 km plus
//     0.3 km per square root of the weight (Amsterdam ≈ 4.7 km);
//   - 1,500 crebos in 300 qualification files (5 each) and 16 domains;
//     crebo popularity is skewed: crebo floor(1500·u^2.5) for uniform u, so
//     the 15 most popular crebos hold about 16% of the placements;
//   - kinds: 45% internship, 20% apprenticeship, 10% graduation, 10%
//     holiday job, 15% job; holiday jobs mostly and jobs partly ask no
//     qualification; 15% name a second crebo of the same file;
//   - companies are accredited for the placement's crebos (95% of
//     internships and apprenticeships);
//   - levels, periods in 2026, 0–4 skills from the 8 typical of the
//     qualification file (students hold 2–5 of their own file's and 1–2
//     others; 200 skills in all), Dutch mostly required,
//     German or English sometimes; titles and programme names built from
//     a vocabulary of technical words.

type town struct {
	lat, lon, weight float64
}

func towns() ([]town, []float64) {
	var ts []town
	var cum []float64
	total := 0.0
	for _, rec := range strings.Split(strings.TrimSuffix(townData, ";"), ";") {
		f := strings.Fields(rec)
		lat, _ := strconv.Atoi(f[0])
		lon, _ := strconv.Atoi(f[1])
		w, _ := strconv.Atoi(f[2])
		ts = append(ts, town{float64(lat) / 1000, float64(lon) / 1000, float64(w)})
		total += float64(w)
		cum = append(cum, total)
	}
	return ts, cum
}

var vocab = strings.Fields(`elektrotechniek installatietechniek werktuigbouw mechatronica metaal lassen
	constructie onderhoud monteur technicus engineer procestechniek automatisering plc besturing
	koudetechniek klimaat sanitair warmte energie zonnepanelen laadpalen netwerk data ict software
	infra wegenbouw grondwerk bouwkunde timmeren metselen tegelzetten schilderen glas hout meubel
	interieur scheepsbouw vliegtuig luchtvaart auto bedrijfsauto motor fiets tweewieler landbouw
	mechanisatie hydrauliek pneumatiek robot productie operator logistiek maritiem offshore
	laboratorium chemie kwaliteit veiligheid tekenaar werkvoorbereider calculator uitvoerder
	middenkader service storing drone`)

var kindTitle = map[string]string{
	match.KindInternship: "Stage", match.KindApprenticeship: "Leerbaan", match.KindGraduation: "Afstudeeropdracht",
	match.KindHolidayJob: "Vakantiewerk", match.KindJob: "Vacature",
}

type synth struct {
	r      *rand.Rand
	towns  []town
	cum    []float64
	crebos []match.Qualification
	names  []string
	skills []string
}

func newSynth(seed uint64) *synth {
	g := &synth{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	g.towns, g.cum = towns()
	for i := 0; i < 1500; i++ {
		dossier := i / 5
		g.crebos = append(g.crebos, match.Qualification{
			Crebo:   strconv.Itoa(25000 + i),
			Dossier: strconv.Itoa(23000 + dossier),
			Domain:  "domein-" + strconv.Itoa(dossier%16),
		})
		g.names = append(g.names, vocab[(i*7)%len(vocab)]+" "+vocab[(i*13+dossier)%len(vocab)])
	}
	for i := 0; i < 200; i++ {
		g.skills = append(g.skills, "skill-"+strconv.Itoa(i))
	}
	return g
}

func (g *synth) crebo() int { return int(1500 * math.Pow(g.r.Float64(), 2.5)) }

func (g *synth) place() match.Point {
	x := g.r.Float64() * g.cum[len(g.cum)-1]
	i := 0
	for g.cum[i] < x {
		i++
	}
	t := g.towns[i]
	sigma := 2 + 0.3*math.Sqrt(t.weight) // km
	return match.Point{
		Lat: t.lat + g.r.NormFloat64()*sigma/111.2,
		Lon: t.lon + g.r.NormFloat64()*sigma/(111.2*math.Cos(t.lat*math.Pi/180)),
	}
}

func (g *synth) period() match.Period {
	start := match.DayOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) + match.Day(g.r.IntN(330))
	return match.Period{From: start, To: start + match.Day(14+g.r.IntN(280))}
}

// dossierSkills returns the 8 skills typical of crebo c's qualification
// file: skills correlate with the programme.
func (g *synth) dossierSkills(c int) []string {
	d := c / 5
	return []string{g.skills[(d*8)%200], g.skills[(d*8+1)%200], g.skills[(d*8+2)%200], g.skills[(d*8+3)%200],
		g.skills[(d*8+4)%200], g.skills[(d*8+5)%200], g.skills[(d*8+6)%200], g.skills[(d*8+7)%200]}
}

func (g *synth) pick(list []string, n int) []string {
	var out []string
	for range n {
		out = append(out, list[g.r.IntN(len(list))])
	}
	return out
}

func (g *synth) placement(i int) match.Placement {
	kinds := []string{match.KindInternship, match.KindApprenticeship, match.KindGraduation, match.KindHolidayJob, match.KindJob}
	cum := []int{45, 65, 75, 85, 100}
	x, k := g.r.IntN(100), 0
	for x >= cum[k] {
		k++
	}
	p := match.Placement{ID: fmt.Sprintf("pl-%06d", i), Kind: kinds[k], Location: g.place()}
	c := g.crebo()
	open := p.Kind == match.KindHolidayJob && g.r.IntN(5) != 0 || p.Kind == match.KindJob && g.r.IntN(10) < 3
	if !open {
		p.Qualifications = []match.Qualification{g.crebos[c]}
		p.Programme = g.names[c]
		if g.r.IntN(100) < 15 {
			c2 := c/5*5 + g.r.IntN(5)
			if c2 != c {
				p.Qualifications = append(p.Qualifications, g.crebos[c2])
			}
		}
		if (p.Kind == match.KindInternship || p.Kind == match.KindApprenticeship) && g.r.IntN(100) < 95 {
			for _, q := range p.Qualifications {
				p.AccreditedCrebos = append(p.AccreditedCrebos, q.Crebo)
			}
		}
	}
	p.Title = kindTitle[p.Kind] + " " + vocab[g.r.IntN(len(vocab))]
	if p.Programme != "" {
		p.Title += " " + strings.Fields(p.Programme)[0]
	}
	if l := g.r.IntN(100); l >= 15 {
		p.Level = 1 + min(3, l/22)
	}
	if p.Kind != match.KindJob || g.r.IntN(2) == 0 {
		p.Period = g.period()
	}
	p.Skills = g.pick(g.dossierSkills(c), g.r.IntN(5))
	if g.r.IntN(10) < 7 {
		p.RequiredLanguages = []string{"nl"}
	}
	if p.Location.Lon > 6.3 && g.r.IntN(10) == 0 {
		p.RequiredLanguages = append(p.RequiredLanguages, "de")
	}
	if g.r.IntN(5) == 0 {
		p.Languages = []string{"en"}
	}
	return p
}

func (g *synth) student(i int) match.Student {
	c := g.crebo()
	s := match.Student{
		ID: fmt.Sprintf("st-%06d", i), Qualification: g.crebos[c], Level: 2 + g.r.IntN(3),
		Pathway: match.PathwayBOL, Home: g.place(), MaxDistanceKm: float64(15 + g.r.IntN(40)),
		Available: g.period(), Languages: []string{"nl", "en"},
	}
	s.Skills = append(g.pick(g.dossierSkills(g.crebo()), 1+g.r.IntN(2)), g.pick(g.dossierSkills(c), 2+g.r.IntN(4))...)
	if g.r.IntN(10) < 3 {
		s.Pathway = match.PathwayBBL
	}
	if g.r.IntN(2) == 0 {
		s.Wishes = []string{match.KindInternship, match.KindApprenticeship}
	}
	return s
}

// query returns a search query from the benchmark mix: 40% crebo within
// 25 km, 20% words within 30 km, 15% kind and level within 10 km, 10%
// crebo without a place, 15% words with period and pathway, nearest first.
func (g *synth) query() Query {
	s := g.student(0)
	near := s.Home
	switch x := g.r.IntN(100); {
	case x < 40:
		return Query{Crebos: []string{s.Qualification.Crebo}, Near: near, RadiusKm: 25}
	case x < 60:
		return Query{Text: g.names[g.crebo()], Near: near, RadiusKm: 30}
	case x < 75:
		return Query{Kinds: []string{match.KindInternship}, Level: s.Level, Near: near, RadiusKm: 10}
	case x < 85:
		return Query{Crebos: []string{s.Qualification.Crebo}}
	default:
		return Query{Text: strings.Fields(g.names[g.crebo()])[0], Period: s.Available, Pathway: s.Pathway, Near: near}
	}
}

// buildIndex returns an index over n synthetic placements, bulk-loaded.
func buildIndex(seed uint64, n int) (*Index, *synth) {
	g := newSynth(seed)
	ix, err := New(match.DefaultWeights())
	if err != nil {
		panic(err)
	}
	ps := make([]match.Placement, n)
	for i := range ps {
		ps[i] = g.placement(i)
	}
	if err := ix.Load(ps); err != nil {
		panic(err)
	}
	return ix, g
}
