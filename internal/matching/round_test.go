package matching_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/matching"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	ctx   = context.Background()
	today = time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC)
)

// region is a small Twente region built on the fixture's region A: four
// companies in four towns with accreditations, twelve placements and
// thirty students of four programmes (two of one qualification file),
// drawn from a fixed seed.
type region struct {
	id         int64
	names      map[int64]string // student and placement ids -> names, for the golden file
	titles     map[int64]string
	students   []int64
	placements []int64
}

func buildRegion(t testing.TB, db *store.DB) region {
	t.Helper()
	f := storetest.NewFixture(t, db, "")
	a := f.A
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []domain.Qualification{
		{Crebo: "25340", Name: "Eerste monteur mechatronica", Level: 3, DossierCrebo: "23130", Dossier: "Mechatronica", Domain: "Techniek en procesindustrie"},
		{Crebo: "25339", Name: "Eerste monteur elektrotechnische systemen", Level: 3, DossierCrebo: "23130", Dossier: "Mechatronica", Domain: "Techniek en procesindustrie"},
		{Crebo: "25297", Name: "Technicus engineering", Level: 4, DossierCrebo: "23119", Dossier: "Middenkader Engineering", Domain: "Techniek en procesindustrie"},
		{Crebo: "25187", Name: "Applicatie- en mediaontwikkelaar", Level: 4, DossierCrebo: "23088", Dossier: "Applicatieontwikkeling", Domain: "ICT"},
	} {
		must(db.UpsertQualification(ctx, q))
	}
	towns := []struct {
		pc4, place string
		pt         domain.Point
	}{{"7511", "Enschede", domain.Point{Lat: 52.2208, Lon: 6.8937}}, {"7551", "Hengelo", domain.Point{Lat: 52.2658, Lon: 6.7931}},
		{"7607", "Almelo", domain.Point{Lat: 52.3567, Lon: 6.6625}}, {"7101", "Winterswijk", domain.Point{Lat: 51.9729, Lon: 6.7206}}}
	for _, tw := range towns {
		must(db.UpsertPostcode(ctx, domain.Postcode{PC4: tw.pc4, Place: tw.place, Point: tw.pt, Source: "test"}))
	}
	crebos := []string{"25340", "25339", "25297", "25187"}
	r := region{id: a.Region.ID, names: map[int64]string{}, titles: map[int64]string{}}
	rnd := rand.New(rand.NewPCG(3, 4))
	type company struct {
		id, loc int64
	}
	var companies []company
	for i, tw := range towns {
		o := domain.Organisation{RegionID: a.Region.ID, Kind: domain.OrgCompany, Name: "Bedrijf " + tw.place, KvK: fmt.Sprintf("5000000%d", i),
			Accreditations: crebos[:2+i%3]}
		id, err := db.CreateOrganisation(ctx, o)
		must(err)
		loc, err := db.CreateLocation(ctx, domain.Location{RegionID: a.Region.ID, OrganisationID: id, Street: "Markt 1",
			Postcode: tw.pc4 + " AA", Place: tw.place, Point: tw.pt})
		must(err)
		companies = append(companies, company{id, loc})
	}
	start := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 12; i++ {
		c := companies[i%len(companies)]
		kind := []domain.PlacementKind{domain.KindInternship, domain.KindInternship, domain.KindApprenticeship, domain.KindJob}[i%4]
		cr := crebos[rnd.IntN(2+(i%len(companies))%3)] // one the company is accredited for
		p := domain.Placement{RegionID: a.Region.ID, CompanyID: c.id, LocationID: c.loc, Kind: kind, Title: fmt.Sprintf("Plek %02d", i),
			Crebos: []string{cr}, Stage: domain.StageMBO, Level: 2 + rnd.IntN(2), Capacity: 1 + rnd.IntN(3),
			Period: domain.Period{Start: start.AddDate(0, rnd.IntN(3), 0), End: start.AddDate(0, 4+rnd.IntN(3), 0)},
			Skills: []string{"plc", "lassen", "python"}[:rnd.IntN(3)], Languages: [][]string{{"nl"}, {"nl", "de"}, {"nl", "en"}}[rnd.IntN(3)]}
		if kind == domain.KindJob {
			p.Crebos, p.Period.Start = nil, time.Time{}
		}
		id, err := db.CreatePlacement(ctx, p)
		must(err)
		r.titles[id] = p.Title
		r.placements = append(r.placements, id)
	}
	for i := 0; i < 30; i++ {
		tw := towns[rnd.IntN(3)]
		s := domain.Student{RegionID: a.Region.ID, Name: fmt.Sprintf("Student %02d", i), SchoolID: a.School.ID, Stage: domain.StageMBO,
			Crebo: crebos[rnd.IntN(4)], Level: 2 + rnd.IntN(3), Pathway: []domain.Pathway{domain.PathwayBOL, domain.PathwayBOL, domain.PathwayBBL}[rnd.IntN(3)],
			Year: 1 + rnd.IntN(3), HomePostcode: tw.pc4 + " AB", MaxDistanceKm: 10 + 10*rnd.IntN(4),
			Skills: []string{"plc", "lassen", "python", "tekenen"}[:rnd.IntN(4)], Languages: [][]string{{"nl"}, {"nl", "de"}, {"nl", "en", "de"}}[rnd.IntN(3)],
			Available: domain.Period{Start: start, End: start.AddDate(0, 5, 0)}}
		if i%5 == 0 {
			s.LookingFor = []domain.PlacementKind{domain.KindInternship}
		}
		if i == 7 {
			s.HomePostcode = "7777 ZZ" // unknown area: the school's location
		}
		id, err := db.CreateStudent(ctx, s)
		must(err)
		r.names[id] = s.Name
		r.students = append(r.students, id)
	}
	r.names[a.Student.ID], r.names[a.OtherStudent.ID] = a.Student.Name, a.OtherStudent.Name
	r.titles[a.Placement.ID], r.titles[a.OtherPlacement.ID] = a.Placement.Title, a.OtherPlacement.Title
	return r
}

// report is what the golden file holds of a computed round: names instead
// of ids, no timings.
type report struct {
	Stats      domain.RoundStats `json:"stats"`
	Students   []string          `json:"students"`
	Placements []string          `json:"placements"`
}

func compute(t testing.TB, db *store.DB, reg region, r domain.Round) report {
	t.Helper()
	r.RegionID = reg.id
	id, err := db.CreateRound(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	stats, students, placements, err := matching.Compute(ctx, db, reg.id, id, today)
	if err != nil {
		t.Fatal(err)
	}
	stats.ElapsedMS = 0
	out := report{Stats: stats}
	for _, s := range students {
		line := reg.names[s.StudentID] + ": "
		if s.PlacementID != 0 {
			line += fmt.Sprintf("%s, choice %d of %d, score %.1f", reg.titles[s.PlacementID], s.Rank, s.ListLength, s.Score)
		} else {
			line += fmt.Sprintf("unplaced (%s %s), list of %d", s.Reason, s.Detail, s.ListLength)
		}
		out.Students = append(out.Students, line)
	}
	for _, p := range placements {
		out.Placements = append(out.Placements, fmt.Sprintf("%s: %d of %d", reg.titles[p.PlacementID], p.Filled, p.Capacity))
	}
	return out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended)\ngot:\n%s", name, got)
	}
}

// TestRoundGolden computes rounds of the small region on every engine and
// compares them with the golden files: the same data and seed give the same
// report, on SQLite and PostgreSQL alike.
func TestRoundGolden(t *testing.T) {
	rounds := []struct {
		file string
		r    domain.Round
	}{
		{"round_fit.golden.json", domain.Round{Name: "fit", Seed: 42, Params: domain.RoundParams{ListLength: 5}}},
		{"round_lottery.golden.json", domain.Round{Name: "lottery", Seed: 42, Params: domain.RoundParams{ListLength: 5, PlacementRanking: domain.RankByLottery,
			Kinds: []domain.PlacementKind{domain.KindInternship, domain.KindApprenticeship}}}},
		{"round_lottery_seed7.golden.json", domain.Round{Name: "other seed", Seed: 7, Params: domain.RoundParams{ListLength: 5, PlacementRanking: domain.RankByLottery,
			Kinds: []domain.PlacementKind{domain.KindInternship, domain.KindApprenticeship}}}},
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			reg := buildRegion(t, db)
			for _, rc := range rounds {
				rep := compute(t, db, reg, rc.r)
				b, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				golden(t, rc.file, append(b, '\n'))
				if again := compute(t, db, reg, rc.r); fmt.Sprint(again) != fmt.Sprint(rep) {
					t.Errorf("%s: a second computation differs", rc.file)
				}
			}
		})
	}
}

// TestRoundGivenLists: lists given through the API replace the derived
// ones; a placement's list leaves out the students it does not name.
func TestRoundGivenLists(t *testing.T) {
	db := storetest.OpenSQLite(t)
	reg := buildRegion(t, db)
	s0, s1, s2 := reg.students[0], reg.students[1], reg.students[2]
	p0 := reg.placements[0]
	rep := compute(t, db, reg, domain.Round{Name: "given", Seed: 1, Params: domain.RoundParams{
		StudentLists:   []domain.RankedList{{Owner: s0, Ranked: []int64{p0}}, {Owner: s1, Ranked: []int64{p0}}, {Owner: s2, Ranked: []int64{}}},
		PlacementLists: []domain.RankedList{{Owner: p0, Ranked: []int64{s1}}},
	}})
	want := map[string]string{
		reg.names[s0]: reg.names[s0] + ": unplaced (none_acceptable given_list), list of 1",
		reg.names[s2]: reg.names[s2] + ": unplaced (no_preferences given_list), list of 0",
	}
	for _, line := range rep.Students {
		for name, w := range want {
			if len(line) > len(name) && line[:len(name)+1] == name+":" && line != w {
				t.Errorf("got %q, want %q", line, w)
			}
		}
		if name := reg.names[s1]; len(line) > len(name) && line[:len(name)+1] == name+":" {
			if line[:len(name)+2+len(reg.titles[p0])] != name+": "+reg.titles[p0] {
				t.Errorf("the placement's own choice: %q", line)
			}
		}
	}
}
