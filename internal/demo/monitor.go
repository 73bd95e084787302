package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// The regional monitor's demo data: a synthetic, clearly labelled DUO-like
// history (2015 to last year) for each demo region's schools, a few
// fictional neighbouring schools, and national totals per labour-market
// region so that comparisons have something to compare. Every number is
// generated; the import is named as demo data and the monitor shows a
// "demo data" notice while it is in use. Real DUO files imported later
// take precedence for the years they cover.
func init() { Register("monitor", monitorPart) }

// amRegions are the 35 labour-market regions (CBS 2026) for the national
// synthetic totals.
var amRegions = [][2]string{
	{"AM01", "Groningen"}, {"AM02", "Friesland"}, {"AM03", "Drenthe"}, {"AM05", "Twente"}, {"AM06", "Veluwe Stedendriehoek"},
	{"AM07", "Midden-Gelderland"}, {"AM08", "Rijk van Nijmegen"}, {"AM09", "Achterhoek"}, {"AM10", "Rivierenland"}, {"AM11", "Flevoland"},
	{"AM12", "Gooi en Vechtstreek"}, {"AM13", "Midden-Utrecht"}, {"AM14", "Amersfoort"}, {"AM15", "Noord-Holland Noord"},
	{"AM17", "Zaanstreek/Waterland"}, {"AM18", "Groot Amsterdam"}, {"AM19", "Holland Rijnland"}, {"AM20", "Midden-Holland"},
	{"AM21", "Haaglanden"}, {"AM22", "Rijnmond"}, {"AM23", "Drechtsteden"}, {"AM24", "Zeeland"}, {"AM25", "West-Brabant"},
	{"AM26", "Midden-Brabant"}, {"AM27", "Noordoost-Brabant"}, {"AM28", "Zuidoost-Brabant"}, {"AM29", "Noord-Limburg"},
	{"AM30", "Zuid-Limburg"}, {"AM32", "Helmond-De Peel"}, {"AM33", "Midden-Limburg"}, {"AM34", "Zuid-Holland Centraal"},
	{"AM35", "Gorinchem"}, {"AM36", "Regio Zwolle"}, {"AM37", "Zuid-Kennemerland en IJmond"}, {"AM38", "FoodValley"},
}

// neighbour is a fictional school outside a demo region whose students the
// region's spread target counts ("of every 8 technical students, 5 study
// in Zwolle ...").
type neighbour struct {
	brin, name, place, gm, am string
	size                      float64 // technical enrolment in the first year
	drift                     float64 // growth a year
}

// Noord-Veluwe's target is the spread over three technical colleges its
// students go to: 5 : 2 : 1 in 2019, 5 : 5 : 5 aimed for.
var demoNeighbours = map[string][]neighbour{
	"noord-veluwe": {
		{"34ZW", "Vakcollege IJsseldelta (demo)", "ZWOLLE", "GM0193", "AM36", 1000, 0.002},
		{"35AP", "Techniekacademie Apeldoorn (demo)", "APELDOORN", "GM0200", "AM06", 330, 0.07},
		{"36RM", "Campus Randmeer Techniek (demo)", "HARDERWIJK", "GM0243", "AM06", 150, 0.11},
	},
}

// demoGen accumulates one region's rows and counts.
type demoGen struct {
	rng    *rand.Rand
	years  []int
	rows   []domain.MonitorRow
	counts []domain.MonitorCount
	labels []domain.MonitorLabel
	supp   int
}

// path returns yearly values around base growing by drift a year, with a
// little noise.
func (g *demoGen) path(base, drift, noise float64) []float64 {
	out := make([]float64, len(g.years))
	v := base
	for i := range out {
		out[i] = math.Max(0, v*(1+noise*(g.rng.Float64()*2-1)))
		v *= 1 + drift + 0.01*(g.rng.Float64()*2-1)
	}
	return out
}

// add stores a row with its counts per year (DUO-style: below 5 published
// as "<5", zeros left out).
func (g *demoGen) add(row domain.MonitorRow, kind string, values []float64) {
	first := true
	for i, v := range values {
		n := int64(math.Round(v))
		if n <= 0 {
			continue
		}
		if first {
			row.Row, row.Line = len(g.rows)+1, len(g.rows)+2
			g.rows = append(g.rows, row)
			first = false
		}
		c := domain.MonitorCount{Row: row.Row, Year: g.years[i], Kind: kind, Sex: "T", Count: n}
		if n < 5 {
			c.Count, c.Suppressed = 0, true
			g.supp++
		}
		g.counts = append(g.counts, c)
	}
}

// mbo adds enrolment, first-years and diplomas of one programme.
func (g *demoGen) mbo(base domain.MonitorRow, enrolled []float64, duration float64) {
	first := make([]float64, len(enrolled))
	dip := make([]float64, len(enrolled))
	d := int(math.Round(duration))
	for i, e := range enrolled {
		first[i] = e * 1.15 / duration
		if i >= d {
			dip[i] = first[i-d] * 0.68
		} else {
			dip[i] = e / duration * 0.66
		}
	}
	g.add(base, "enrolled", enrolled)
	g.add(base, "first-year", first)
	g.add(base, "diploma", dip)
}

func monitorPart(ctx context.Context, q *store.Queries, env Env) (string, error) {
	last := env.Now.Year() - 1
	var years []int
	for y := 2015; y <= last; y++ {
		years = append(years, y)
	}
	env.Clock(env.Now.Add(-2 * time.Hour))
	facts := 0
	for ri, rs := range regionSpecs {
		region, err := q.RegionBySlug(ctx, rs.slug)
		if err != nil {
			return "", err
		}
		g := &demoGen{rng: env.Rand, years: years}
		muniAM := map[string]string{}
		for _, m := range rs.municipalities {
			muniAM[m.code] = m.amCode
		}
		// The region's own drift: Twente grows a little faster.
		drift := []float64{0.022, 0.012}[ri%2]
		for _, sch := range rs.schools {
			t := rs.town(sch.locs[0].town)
			gm := t.muni
			g.labels = append(g.labels, domain.MonitorLabel{Dim: "school", Code: sch.brin, Label: sch.name, Place: t.name, Municipality: gm})
			base := domain.MonitorRow{School: sch.brin, Municipality: gm, LabourMarket: muniAM[gm]}
			switch sch.typ {
			case schoolMBO, schoolCompany:
				scale := sch.share / 0.5
				for _, off := range sch.mbo {
					ql := qual(off.crebo)
					g.labels = append(g.labels, domain.MonitorLabel{Dim: "qualification", Code: ql.crebo, Label: ql.name})
					for _, pw := range off.pathways {
						r := base
						r.Stage, r.Sector, r.Domain, r.Qualification, r.Level = "mbo", ql.sector, ql.domain, ql.crebo, itoa(ql.level)
						size := float64(ql.popularity) * 4.5 * scale
						r.Pathway = "BOLVT"
						if pw == domain.PathwayBBL {
							r.Pathway, size = "BBL", size*0.45
						}
						dr := drift
						if ql.sector != "techniek" {
							dr = 0.01
						}
						g.mbo(r, g.path(size, dr, 0.06), math.Max(1, math.Min(3.5, float64(ql.level)-0.3)))
					}
				}
				if sch.typ == schoolMBO { // the school's other sectors, for the technical share
					for _, o := range []struct{ sector, domain string }{{"economie", "Economie en administratie"},
						{"economie", "Handel en ondernemerschap"}, {"zorg en welzijn", "Zorg en welzijn"}} {
						for level := 2; level <= 4; level++ {
							r := base
							r.Stage, r.Sector, r.Domain, r.Level, r.Pathway = "mbo", o.sector, o.domain, itoa(level), "BOLVT"
							g.mbo(r, g.path(130*scale, 0.004, 0.05), math.Min(3.5, float64(level)-0.3))
						}
					}
				}
			case schoolVMBO:
				for li, loc := range sch.locs {
					code := fmt.Sprintf("%s%02d", sch.brin, li)
					lt := rs.town(loc.town)
					g.labels = append(g.labels, domain.MonitorLabel{Dim: "school", Code: code, Label: sch.name + " – " + loc.name, Place: lt.name, Municipality: lt.muni})
					for _, track := range []string{"B", "K", "G", "T"} {
						for _, sector := range []string{"techniek", "economie", "zorg en welzijn"} {
							size := map[string]float64{"techniek": 16, "economie": 22, "zorg en welzijn": 19}[sector] * sch.share / 0.12
							if sector == "techniek" && !vmboOffers(sch, track) {
								continue
							}
							r := domain.MonitorRow{Stage: "vmbo", School: code, Municipality: lt.muni, LabourMarket: muniAM[lt.muni],
								Sector: sector, Level: track, Qualification: "VMBO " + track + " - " + sector}
							cand := g.path(size, map[bool]float64{true: drift, false: 0}[sector == "techniek"], 0.12)
							g.add(r, "candidates", cand)
							passed := make([]float64, len(cand))
							for i, c := range cand {
								passed[i] = c * 0.93
							}
							g.add(r, "passed", passed)
						}
					}
				}
			case schoolHBO:
				for _, off := range sch.hbo {
					g.labels = append(g.labels, domain.MonitorLabel{Dim: "qualification", Code: off.programme.croho, Label: off.programme.name})
					for _, pw := range off.pathways {
						r := base
						r.Stage, r.Sector, r.Domain, r.Qualification = "hbo", "techniek", "techniek", off.programme.croho
						r.Level, r.Pathway = "bachelor", map[domain.Pathway]string{domain.PathwayVT: "voltijd", domain.PathwayDT: "deeltijd", domain.PathwayDU: "duaal"}[pw]
						if off.programme.croho == hboAdEng.croho {
							r.Level = "associate degree"
						}
						size := 14 * sch.share / 0.2
						if pw != domain.PathwayVT {
							size *= 0.25
						}
						first := g.path(size, drift*0.8, 0.08)
						g.add(r, "first-year", first)
						dip := make([]float64, len(first))
						for i := range first {
							dip[i] = first[max(0, i-4)] * 0.6
						}
						g.add(r, "diploma", dip)
					}
				}
				r := base
				r.Stage, r.Sector, r.Domain, r.Level, r.Pathway = "hbo", "economie", "economie", "bachelor", "voltijd"
				g.add(r, "first-year", g.path(320*sch.share/0.2, 0.005, 0.05))
			}
		}
		for _, nb := range demoNeighbours[rs.slug] {
			g.labels = append(g.labels, domain.MonitorLabel{Dim: "school", Code: nb.brin, Label: nb.name, Place: nb.place, Municipality: nb.gm})
			for _, o := range []struct{ sector, domain string }{{"techniek", "Techniek en procesindustrie"}, {"economie", "Economie en administratie"}} {
				r := domain.MonitorRow{Stage: "mbo", School: nb.brin, Municipality: nb.gm, LabourMarket: nb.am, Sector: o.sector, Domain: o.domain,
					Level: "3", Pathway: "BOLVT"}
				dr, size := nb.drift, nb.size
				if o.sector != "techniek" {
					dr, size = 0.005, size*1.2
				}
				g.mbo(r, g.path(size, dr, 0.03), 3)
			}
		}
		// National synthetic totals per labour-market region, outside the
		// network's municipalities, for the comparison of regions.
		own := map[string]bool{}
		for _, m := range rs.municipalities {
			own[m.amCode] = true
		}
		for _, am := range amRegions {
			g.labels = append(g.labels, domain.MonitorLabel{Dim: "region", Code: am[0], Label: am[1]})
			if own[am[0]] {
				continue
			}
			size := 600 + g.rng.Float64()*2400
			growth := 0.004 + g.rng.Float64()*0.02
			for _, o := range []string{"techniek", "economie", "zorg en welzijn"} {
				dr := growth
				if o != "techniek" {
					dr = 0.005
				}
				r := domain.MonitorRow{Stage: "mbo", LabourMarket: am[0], Sector: o, Level: "3", Pathway: "BOLVT"}
				g.mbo(r, g.path(size, dr, 0.03), 3)
				v := domain.MonitorRow{Stage: "vmbo", LabourMarket: am[0], Sector: o, Level: "K"}
				g.add(v, "candidates", g.path(size*0.2, dr, 0.04))
			}
		}
		sum := sha256.Sum256([]byte("talentloket demo monitor " + rs.slug))
		imp := domain.MonitorImport{RegionID: region.ID, Source: domain.SourceDemo, Layout: "demo", Dataset: domain.SourceDemo + "/duo",
			FileName: "demo-synthetische-duo-reeks.csv", SHA256: hex.EncodeToString(sum[:]), Status: domain.ImportRunning,
			Note: "synthetic demo data, not DUO figures", CreatedAt: env.Now.Add(-2 * time.Hour)}
		id, err := q.CreateMonitorImport(ctx, imp)
		if err != nil {
			return "", err
		}
		if err := q.InsertMonitorRows(ctx, region.ID, id, g.rows); err != nil {
			return "", err
		}
		if err := q.InsertMonitorFacts(ctx, id, g.counts); err != nil {
			return "", err
		}
		if err := q.UpsertMonitorLabels(ctx, region.ID, g.labels); err != nil {
			return "", err
		}
		imp.ID, imp.Status, imp.Years, imp.Rows, imp.Records, imp.Facts, imp.Suppressed = id, domain.ImportDone, years, len(g.rows),
			len(g.counts), len(g.counts), g.supp
		imp.FinishedAt = env.Now.Add(-2 * time.Hour)
		if err := q.FinishMonitorImport(ctx, imp); err != nil {
			return "", err
		}
		if err := demoLabour(ctx, q, region.ID, rs.slug, env); err != nil {
			return "", err
		}
		if err := q.SetMonitorTarget(ctx, demoTarget(region.ID, rs.slug, env.Now.Year())); err != nil {
			return "", err
		}
		facts += len(g.counts)
	}
	return fmt.Sprintf("monitor: %d synthetic facts (%d-%d) with spread targets and demand", facts, years[0], last), nil
}

// vmboOffers reports whether a vmbo school offers technology in a track.
func vmboOffers(s schoolSpec, track string) bool {
	want := map[string]domain.Pathway{"B": domain.PathwayBB, "K": domain.PathwayKB, "G": domain.PathwayGL, "T": domain.PathwayTL}[track]
	for _, o := range s.vmbo {
		for _, p := range o.pathways {
			if p == want {
				return true
			}
		}
	}
	return false
}

// demoTarget is each demo region's target: Noord-Veluwe's "from 8 = 5 + 2
// + 1 to 15 = 5 + 5 + 5" and Twente's 700 vacancies a year.
func demoTarget(regionID int64, slug string, year int) domain.MonitorTarget {
	t := domain.MonitorTarget{RegionID: regionID, Stage: "mbo", Kind: "enrolled", BaselineYear: 2019, TargetYear: year + 4}
	switch slug {
	case "noord-veluwe":
		t.GrowthFactor = 15.0 / 8
		t.Schools = []domain.TargetSchool{{School: "34ZW", BaselineWeight: 5, Weight: 5}, {School: "35AP", BaselineWeight: 2, Weight: 5},
			{School: "36RM", BaselineWeight: 1, Weight: 5}}
		t.Demand, t.DemandLow, t.DemandHigh, t.DemandFrom, t.DemandTo = 600, 550, 650, year, year+4
		t.DemandNote = "Demo: verwachte vraag uit de regionale werkgeversenquête"
		t.NetworkAreas = []string{"AM06", "AM36"}
	default:
		t.Schools = []domain.TargetSchool{{School: "31TP", BaselineWeight: 6, Weight: 5}, {School: "33BT", BaselineWeight: 1, Weight: 2}}
		t.Demand, t.DemandLow, t.DemandHigh, t.DemandFrom, t.DemandTo = 700, 650, 750, year, year+4
		t.DemandNote = "Demo: \"700 vacatures, 300-400 gediplomeerden per jaar\""
		// A network of regions to compare with the rest, like Toptechniek
		// in bedrijf's (demo: the choice of regions is illustrative).
		t.NetworkAreas = []string{"AM02", "AM03", "AM05", "AM09", "AM24", "AM29"}
	}
	return t
}

// demoLabour stores the CBS open vacancies of the region's province and
// the country for 2026 Q2 (published CBS figures, table 83599NED, CC BY
// 4.0) as the demo's labour-market figures.
func demoLabour(ctx context.Context, q *store.Queries, regionID int64, slug string, env Env) error {
	prov, pv := "Overijssel", "PV23"
	rows := [][4]float64{{25.5, 24.9, 25.9, 0}, {2.6, 2.7, 2.8, 0}, {2.8, 2.7, 2.8, 0}}
	if slug == "noord-veluwe" {
		prov, pv = "Gelderland", "PV25"
		rows = [][4]float64{{43.9, 42.9, 45.6, 0}, {4.1, 4.0, 4.1, 0}, {3.9, 3.8, 4.1, 0}}
	}
	nl := [][4]float64{{387.3, 380.1, 402.7, 0}, {28.6, 28.5, 30.0, 0}, {30.4, 29.1, 30.5, 0}}
	sum := sha256.Sum256([]byte("talentloket demo labour " + slug))
	imp := domain.MonitorImport{RegionID: regionID, Source: domain.SourceDemo, Layout: "cbs-83599NED", Dataset: "cbs-83599NED",
		FileName: "demo-cbs-83599NED-2026Q2.csv", SHA256: hex.EncodeToString(sum[:]), Status: domain.ImportRunning,
		Note: "CBS 83599NED, 2026 Q2, copied into the demo", CreatedAt: env.Now.Add(-2 * time.Hour)}
	id, err := q.CreateMonitorImport(ctx, imp)
	if err != nil {
		return err
	}
	var figs []domain.LabourFigure
	line := 2
	for _, a := range []struct {
		code, name string
		rows       [][4]float64
	}{{pv, prov, rows}, {"NL", "Nederland", nl}} {
		for i, sector := range []string{"alle sectoren", "bouw", "industrie"} {
			for j, m := range []string{"vacancies", "vacancies_previous_quarter", "vacancies_year_before"} {
				figs = append(figs, domain.LabourFigure{Line: line, Source: "cbs-83599NED", Area: a.code, AreaName: a.name, Sector: sector,
					Period: "2026 2e kwartaal", Year: 2026, Measure: m, Value: a.rows[i][j] * 1000})
			}
			line++
		}
	}
	if err := q.InsertLabourFigures(ctx, regionID, id, figs); err != nil {
		return err
	}
	imp.ID, imp.Status, imp.Years, imp.Rows, imp.Records, imp.Facts = id, domain.ImportDone, []int{2026}, line-2, len(figs), len(figs)
	imp.Encoding, imp.FinishedAt = "utf-8", env.Now.Add(-2*time.Hour)
	return q.FinishMonitorImport(ctx, imp)
}

func itoa(n int) string { return fmt.Sprint(n) }
