package demo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

var (
	ctx      = context.Background()
	testNow  = time.Date(2026, 3, 16, 10, 30, 0, 0, time.UTC)
	testHash = "$argon2id$v=19$m=19456,t=2,p=1$ZGVtby1zYWx0LWRlbW8$ZGVtby1rZXktZGVtby1rZXktZGVtby1rZXktZGVtbzE"
	testOpt  = Options{Seed: 20260316, PasswordHash: testHash, Now: testNow}
)

// TestGenerate generates the demo into fresh databases at the same time:
// twice into SQLite and, when PostgreSQL is configured, once into
// PostgreSQL. It checks each engine's result, compares the generations row
// by row (the same seed gives the same data, on either engine) and checks
// that a second generation is refused.
func TestGenerate(t *testing.T) {
	type gen struct {
		engine string
		db     *store.DB
		sum    Summary
		err    error
	}
	gens := []*gen{{engine: "sqlite", db: storetest.OpenSQLite(t)}, {engine: "sqlite", db: storetest.OpenSQLite(t)}}
	for _, eng := range storetest.Engines() {
		if eng.Name != "sqlite" {
			gens = append(gens, &gen{engine: eng.Name, db: eng.Open(t)})
		}
	}
	var wg sync.WaitGroup
	for _, g := range gens {
		wg.Go(func() { g.sum, g.err = Generate(ctx, g.db, testOpt) })
	}
	wg.Wait()
	for _, g := range gens {
		if g.err != nil {
			t.Fatalf("%s: %v", g.engine, g.err)
		}
		t.Logf("%s: generated in %s (%d generations at the same time)", g.engine, g.sum.Elapsed.Round(time.Millisecond), len(gens))
	}
	t.Run("deterministic", func(t *testing.T) { checkSame(t, gens[0].db, gens[1].db, gens[0].sum, gens[1].sum) })
	for _, g := range gens[2:] {
		t.Run("same on "+g.engine, func(t *testing.T) { checkSame(t, gens[0].db, g.db, gens[0].sum, g.sum) })
	}
	for i, g := range gens {
		if i == 1 {
			continue // the second SQLite database only serves the comparison
		}
		db, sum := g.db, g.sum
		t.Run(g.engine, func(t *testing.T) {
			t.Run("sizes", func(t *testing.T) { checkSizes(t, db, sum) })
			t.Run("applications", func(t *testing.T) { checkApplications(t, db, sum) })
			t.Run("accounts", func(t *testing.T) { checkAccounts(t, db, sum) })
			t.Run("reference data", func(t *testing.T) { checkReference(t, db) })
			t.Run("refuses a filled database", func(t *testing.T) {
				_, err := Generate(ctx, db, testOpt)
				if !errors.Is(err, ErrNotEmpty) || domain.ErrorCode(err) != domain.CodeConflict {
					t.Fatalf("second generation: %v, want ErrNotEmpty and a conflict", err)
				}
				regions, err := db.Regions(ctx)
				if err != nil || len(regions) != len(sum.Regions) {
					t.Fatalf("regions after refusal: %d, %v", len(regions), err)
				}
				if _, err := db.CreateRegion(ctx, domain.Region{Slug: "clock-check", Name: "x"}); err != nil {
					t.Fatal(err)
				}
				r, err := db.RegionBySlug(ctx, "clock-check")
				if err != nil || time.Since(r.CreatedAt) > time.Minute {
					t.Fatalf("store clock not restored: created %v, %v", r.CreatedAt, err)
				}
			})
		})
	}
}

func region(t *testing.T, db *store.DB, slug string) domain.Region {
	t.Helper()
	r, err := db.RegionBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func countOf(cs []store.Count, key string) int {
	for _, c := range cs {
		if c.Key == key {
			return c.N
		}
	}
	return 0
}

func summaryCount(cs []Count, key string) int {
	for _, c := range cs {
		if c.Key == key {
			return c.N
		}
	}
	return 0
}

func inRange(t *testing.T, what string, n, lo, hi int) {
	t.Helper()
	if n < lo || n > hi {
		t.Errorf("%s: %d, want %d-%d", what, n, lo, hi)
	}
}

// checkSizes checks the required sizes and that the summary tells the
// truth about the database.
func checkSizes(t *testing.T, db *store.DB, sum Summary) {
	if len(sum.Regions) != 2 || sum.Regions[0].Slug != "twente" || sum.Regions[1].Slug != "noord-veluwe" {
		t.Fatalf("regions %+v", sum.Regions)
	}
	quals, err := db.Qualifications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inRange(t, "qualifications", len(quals), 15, 25)
	for _, rs := range sum.Regions {
		r := region(t, db, rs.Slug)
		inRange(t, rs.Slug+" schools", rs.Schools, 3, 5)
		inRange(t, rs.Slug+" companies", rs.Companies, 110, 150)
		inRange(t, rs.Slug+" students", rs.Students, 1000, 1400)
		inRange(t, rs.Slug+" placements", rs.Placements, 300, 500)
		for _, c := range rs.PlacementsByKind {
			inRange(t, rs.Slug+" placements of kind "+c.Key, c.N, 10, 500)
		}
		for _, c := range rs.StudentsByStage {
			inRange(t, rs.Slug+" students in "+c.Key, c.N, 100, 1400)
		}
		if looking := summaryCount(rs.StudentsByStatus, "looking"); looking*2 < rs.Students {
			t.Errorf("%s: only %d of %d students looking", rs.Slug, looking, rs.Students)
		}

		// The database holds what the summary says.
		for _, k := range []struct {
			kind domain.OrgKind
			want int
		}{{domain.OrgSchool, rs.Schools}, {domain.OrgCompany, rs.Companies}, {domain.OrgAssociation, rs.Associations}, {domain.OrgGovernment, rs.Governments}} {
			_, n, err := db.Organisations(ctx, store.OrgFilter{RegionID: r.ID, Kind: k.kind})
			if err != nil || n != k.want {
				t.Errorf("%s %s: %d in the database, %d in the summary (%v)", rs.Slug, k.kind, n, k.want, err)
			}
		}
		students, err := db.CountStudents(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rs.StudentsByStatus {
			if got := countOf(students, c.Key); got != c.N {
				t.Errorf("%s students %s: %d in the database, %d in the summary", rs.Slug, c.Key, got, c.N)
			}
		}
		placements, err := db.CountPlacements(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rs.PlacementsByStatus {
			if got := countOf(placements, c.Key); got != c.N {
				t.Errorf("%s placements %s: %d in the database, %d in the summary", rs.Slug, c.Key, got, c.N)
			}
		}

		// Schools: programmes of every stage, 2-4 coaches each with a
		// caseload.
		schools, _, err := db.Organisations(ctx, store.OrgFilter{RegionID: r.ID, Kind: domain.OrgSchool})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range schools {
			locs, err := db.Locations(ctx, r.ID, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			inRange(t, s.Name+" locations", len(locs), 1, 3)
			coaches, err := db.Users(ctx, store.UserFilter{RegionID: r.ID, Role: domain.RoleCoach, OrgID: s.ID})
			if err != nil {
				t.Fatal(err)
			}
			inRange(t, s.Name+" coaches", len(coaches), 2, 4)
			for _, c := range coaches {
				_, n, err := db.Students(ctx, store.StudentFilter{RegionID: r.ID, CoachID: c.ID})
				if err != nil || n == 0 {
					t.Errorf("coach %s of %s has no caseload (%v)", c.Name, s.Name, err)
				}
			}
		}
		stages := map[domain.Stage]int{}
		progs, _, err := db.Programmes(ctx, store.ProgFilter{RegionID: r.ID, Page: store.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range progs {
			stages[p.Stage]++
		}
		if stages[domain.StageVMBO] == 0 || stages[domain.StageMBO] == 0 || stages[domain.StageHBO] == 0 {
			t.Errorf("%s programmes per stage: %v", rs.Slug, stages)
		}
	}
}

// allPlacements returns every placement of a region.
func allPlacements(t *testing.T, db *store.DB, regionID int64) []domain.Placement {
	t.Helper()
	ps, _, err := db.Placements(ctx, store.PlacementFilter{RegionID: regionID, All: true})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// allStudents returns every student of a region, by name.
func allStudents(t *testing.T, db *store.DB, regionID int64) []domain.Student {
	t.Helper()
	var out []domain.Student
	for off := 0; ; off += 500 {
		page, total, err := db.Students(ctx, store.StudentFilter{RegionID: regionID, Page: store.Page{Limit: 500, Offset: off}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(out) >= total || len(page) == 0 {
			return out
		}
	}
}

// allApplications returns every application of a region matching f.
func allApplications(t *testing.T, db *store.DB, f store.AppFilter) []domain.Application {
	t.Helper()
	var out []domain.Application
	for off := 0; ; off += 500 {
		f.Page = store.Page{Limit: 500, Offset: off}
		page, total, err := db.Applications(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(out) >= total || len(page) == 0 {
			return out
		}
	}
}

// checkApplications checks that every state occurs and that capacities,
// filled placements and placed students agree.
func checkApplications(t *testing.T, db *store.DB, sum Summary) {
	for _, rs := range sum.Regions {
		r := region(t, db, rs.Slug)
		counts, err := db.CountApplications(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, st := range domain.ApplicationStatuses {
			n := countOf(counts, string(st))
			if n == 0 {
				t.Errorf("%s: no %s applications", rs.Slug, st)
			}
			if n != summaryCount(rs.ApplicationsByStatus, string(st)) {
				t.Errorf("%s %s applications: %d in the database, summary says %d", rs.Slug, st, n, summaryCount(rs.ApplicationsByStatus, string(st)))
			}
			total += n
		}
		if total != rs.Applications {
			t.Errorf("%s: %d applications, summary says %d", rs.Slug, total, rs.Applications)
		}

		byID := map[int64]domain.Placement{}
		for _, p := range allPlacements(t, db, r.ID) {
			byID[p.ID] = p
			if p.Accepted > p.Capacity {
				t.Errorf("placement %q: %d accepted, capacity %d", p.Title, p.Accepted, p.Capacity)
			}
			if (p.Status == domain.PlacementFilled) != (p.Accepted == p.Capacity) {
				t.Errorf("placement %q: status %s with %d of %d accepted", p.Title, p.Status, p.Accepted, p.Capacity)
			}
			if p.Capacity < 1 || p.Capacity > 4 {
				t.Errorf("placement %q: capacity %d", p.Title, p.Capacity)
			}
		}
		students := map[int64]domain.Student{}
		for _, s := range allStudents(t, db, r.ID) {
			students[s.ID] = s
		}
		apps := allApplications(t, db, store.AppFilter{RegionID: r.ID})
		accepted := map[int64]int{}
		for _, a := range apps {
			p, s := byID[a.PlacementID], students[a.StudentID]
			if p.Status == domain.PlacementDraft {
				t.Errorf("application to draft placement %q", p.Title)
			}
			if !s.Wants(p.Kind) || !p.Suits(s) {
				t.Errorf("%s (%s %d %s, wants %v) applied to %q (%s %s %d %s)", s.Name, s.Stage, s.Level, s.Pathway, s.LookingFor,
					p.Title, p.Kind, p.Stage, p.Level, p.Pathway)
			}
			if a.Status == domain.AppAccepted {
				accepted[a.StudentID]++
				if s.Status != domain.StudentPlaced {
					t.Errorf("%s has an accepted application but is %s", s.Name, s.Status)
				}
			}
			if (a.Status == domain.AppSubmitted || a.Status == domain.AppInvited || a.Status == domain.AppOffered) &&
				(p.Status == domain.PlacementFilled || p.Status == domain.PlacementClosed) {
				t.Errorf("pending application (%s) to a %s placement %q", a.Status, p.Status, p.Title)
			}
		}
		for id, n := range accepted {
			if n > 1 {
				t.Errorf("%s accepted %d places", students[id].Name, n)
			}
		}
		for _, s := range students {
			if s.Status == domain.StudentPlaced && accepted[s.ID] == 0 {
				t.Errorf("%s is placed without an accepted application", s.Name)
			}
		}

		// Histories follow the workflow, in time, before today.
		for i, a := range apps {
			if i%7 != 0 {
				continue
			}
			evs, err := db.ApplicationEvents(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) == 0 || evs[0].To != domain.AppSubmitted || evs[len(evs)-1].To != a.Status || !evs[0].At.Equal(a.CreatedAt) {
				t.Fatalf("history of %d (%s): %+v", a.ID, a.Status, evs)
			}
			for j, e := range evs {
				if e.ActorID == 0 || e.ActorName == "" || e.At.After(testNow) {
					t.Errorf("event %+v", e)
				}
				if j > 0 {
					if e.From != evs[j-1].To || !e.At.After(evs[j-1].At) {
						t.Errorf("history of %d: %+v after %+v", a.ID, e, evs[j-1])
					}
					if !validStep(e.From, e.To) {
						t.Errorf("history of %d: step %s -> %s", a.ID, e.From, e.To)
					}
				}
			}
		}
	}
}

func validStep(from, to domain.ApplicationStatus) bool {
	for _, act := range domain.AppActions {
		if got, err := from.Next(act); err == nil && got == to {
			return true
		}
	}
	return false
}

// checkAccounts checks the demo accounts and their journeys.
func checkAccounts(t *testing.T, db *store.DB, sum Summary) {
	if !reflect.DeepEqual(sum.Accounts, Accounts()) {
		t.Errorf("summary accounts %+v\nAccounts() %+v", sum.Accounts, Accounts())
	}
	if len(Accounts()) != 2*len(domain.Roles) {
		t.Fatalf("%d accounts", len(Accounts()))
	}
	users := map[string]domain.User{}
	for _, a := range Accounts() {
		u, err := db.UserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		r, err := db.Region(ctx, u.RegionID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != a.Role || r.Slug != a.Region || u.Name != a.Name || u.PasswordHash != testHash || u.Disabled {
			t.Errorf("account %+v: user %+v in %s", a, u, r.Slug)
		}
		if !strings.HasSuffix(a.Email, "@"+a.Region+".demo") {
			t.Errorf("account e-mail %s", a.Email)
		}
		users[a.Region+"/"+string(a.Role)] = u
	}
	for _, rs := range sum.Regions {
		u := func(role domain.Role) domain.User { return users[rs.Slug+"/"+string(role)] }
		regionID := u(domain.RoleStudent).RegionID
		st, err := db.Student(ctx, regionID, u(domain.RoleStudent).StudentID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Stage != domain.StageMBO || st.Pathway != domain.PathwayBOL || st.Level < 3 || !st.Wants(domain.KindInternship) ||
			st.Status != domain.StudentLooking || st.Email != u(domain.RoleStudent).Email || st.ProgrammeID == 0 {
			t.Errorf("demo student %+v", st)
		}
		if st.CoachID != u(domain.RoleCoach).ID || st.SchoolID != u(domain.RoleSchoolStaff).OrganisationID ||
			u(domain.RoleCoach).OrganisationID != st.SchoolID {
			t.Errorf("demo student at school %d with coach %d; coach %+v, school staff %+v", st.SchoolID, st.CoachID, u(domain.RoleCoach), u(domain.RoleSchoolStaff))
		}
		caseload, _, err := db.Students(ctx, store.StudentFilter{RegionID: regionID, CoachID: u(domain.RoleCoach).ID, Page: store.Page{Limit: 500}})
		if err != nil || !slices.ContainsFunc(caseload, func(s domain.Student) bool { return s.ID == st.ID }) || len(caseload) < 10 {
			t.Errorf("demo coach caseload: %d students, demo student in it: %v (%v)", len(caseload),
				slices.ContainsFunc(caseload, func(s domain.Student) bool { return s.ID == st.ID }), err)
		}
		mine := allApplications(t, db, store.AppFilter{RegionID: regionID, StudentID: st.ID})
		statuses := map[domain.ApplicationStatus]int{}
		for _, a := range mine {
			statuses[a.Status]++
		}
		if len(mine) < 3 || statuses[domain.AppOffered] == 0 {
			t.Errorf("demo student applications: %v", statuses)
		}

		company := u(domain.RoleCompany).OrganisationID
		open, _, err := db.Placements(ctx, store.PlacementFilter{RegionID: regionID, CompanyID: company, Statuses: []domain.PlacementStatus{domain.PlacementOpen}})
		if err != nil {
			t.Fatal(err)
		}
		if len(open) < 3 {
			t.Errorf("demo company has %d open placements", len(open))
		}
		theirs := allApplications(t, db, store.AppFilter{RegionID: regionID, CompanyID: company})
		statuses = map[domain.ApplicationStatus]int{}
		fromSchool := 0
		for _, a := range theirs {
			statuses[a.Status]++
			if a.SchoolID == st.SchoolID && a.Status == domain.AppSubmitted {
				fromSchool++
			}
		}
		if len(statuses) < len(domain.ApplicationStatuses) || statuses[domain.AppSubmitted] < 3 || fromSchool < 2 {
			t.Errorf("demo company applications %v, %d submitted from the demo school", statuses, fromSchool)
		}
		for _, role := range []domain.Role{domain.RoleCoordinator, domain.RoleViewer, domain.RoleAdmin} {
			if u(role).OrganisationID != 0 {
				t.Errorf("%s has an organisation", role)
			}
		}
	}
}

// checkReference checks the municipalities, place names and postcodes.
func checkReference(t *testing.T, db *store.DB) {
	tw := region(t, db, "twente")
	ms, err := db.RegionMunicipalities(ctx, tw.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 14 {
		t.Errorf("Twente has %d municipalities", len(ms))
	}
	for _, m := range ms {
		if m.LabourMarketCode != "AM05" || m.CoropCode != "CR12" || m.ProvinceCode != "PV23" || m.Year != 2026 {
			t.Errorf("municipality %+v", m)
		}
	}
	if code, err := db.MunicipalityOfPlace(ctx, "Goor"); err != nil || code != "GM1735" {
		t.Errorf("Goor lies in %q (%v)", code, err)
	}
	if code, err := db.MunicipalityOfPlace(ctx, "Nunspeet"); err != nil || code != "GM0302" {
		t.Errorf("Nunspeet lies in %q (%v)", code, err)
	}
	for _, c := range []struct {
		pc4   string
		place string
		near  domain.Point
	}{{"7511", "Enschede", domain.Point{Lat: 52.2215, Lon: 6.8937}}, {"3841", "Harderwijk", domain.Point{Lat: 52.3417, Lon: 5.6208}},
		{"8091", "Wezep", domain.Point{Lat: 52.4611, Lon: 6.0028}}} {
		p, err := db.Postcode(ctx, c.pc4)
		if err != nil || p.Place != c.place || p.Source != "demo" || domain.DistanceKm(p.Point, c.near) > 3.1 {
			t.Errorf("postcode %s: %+v (%v)", c.pc4, p, err)
		}
	}
	n, err := db.CountPostcodes(ctx)
	if err != nil || n["demo"] < 80 {
		t.Errorf("postcodes %v (%v)", n, err)
	}
}

// checkSame compares two generations with the same options: summaries and
// the rows of students, placements and applications by their fields.
func checkSame(t *testing.T, a, b *store.DB, sa, sb Summary) {
	sa.Elapsed, sb.Elapsed = 0, 0
	if !reflect.DeepEqual(sa, sb) {
		t.Fatalf("summaries differ:\n%v\n%v", sa, sb)
	}
	for _, rs := range sa.Regions {
		ra, rb := region(t, a, rs.Slug), region(t, b, rs.Slug)
		if !ra.CreatedAt.Equal(rb.CreatedAt) {
			t.Errorf("region created %v and %v", ra.CreatedAt, rb.CreatedAt)
		}
		sameRows(t, rs.Slug+" students", studentRows(allStudents(t, a, ra.ID)), studentRows(allStudents(t, b, rb.ID)))
		sameRows(t, rs.Slug+" placements", placementRows(allPlacements(t, a, ra.ID)), placementRows(allPlacements(t, b, rb.ID)))
		sameRows(t, rs.Slug+" applications", appRows(t, a, allApplications(t, a, store.AppFilter{RegionID: ra.ID})),
			appRows(t, b, allApplications(t, b, store.AppFilter{RegionID: rb.ID})))
	}
}

// sameRows compares two lists of rows as sets: the engines sort names by
// different collations.
func sameRows(t *testing.T, what string, a, b []string) {
	t.Helper()
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	if len(a) != len(b) {
		t.Fatalf("%s: %d and %d rows", what, len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("%s differ at row %d:\n%s\n%s", what, i, a[i], b[i])
		}
	}
}

func studentRows(ss []domain.Student) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%s|%s|%s|%s|%s|%s|%d|%s|%d|%s|%d|%v|%v|%v|%s|%s|%s|%s|%s", s.Name, s.Email, s.SchoolName, s.ProgrammeName,
			s.Stage, s.Crebo, s.Level, s.Pathway, s.Year, s.HomePostcode, s.MaxDistanceKm, s.Skills, s.Languages, s.LookingFor,
			s.Available.Start.Format(time.DateOnly), s.Available.End.Format(time.DateOnly), s.CoachName, s.Status,
			s.CreatedAt.Format(time.RFC3339Nano))
	}
	return out
}

func placementRows(ps []domain.Placement) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s|%s|%s|%s|%v|%s|%s|%d|%s|%s|%s|%d|%v|%v|%s|%s|%d|%s|%s|%s", p.CompanyName, p.Kind, p.Title, p.Description,
			p.Crebos, p.Field, p.Stage, p.Level, p.Pathway, p.Period.Start.Format(time.DateOnly), p.Period.End.Format(time.DateOnly),
			p.Capacity, p.Skills, p.Languages, p.Status, p.CloseReason, p.Accepted, p.Place, p.Postcode, p.CreatedAt.Format(time.RFC3339Nano))
	}
	return out
}

func appRows(t *testing.T, db *store.DB, as []domain.Application) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = fmt.Sprintf("%s|%s|%s|%s|%s|%s", a.StudentName, a.PlacementTitle, a.CompanyName, a.Status, a.Motivation,
			a.UpdatedAt.Format(time.RFC3339Nano))
		if i%25 == 0 {
			evs, err := db.ApplicationEvents(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				out[i] += fmt.Sprintf("|%s>%s %s %s %s", e.From, e.To, e.ActorName, e.Note, e.At.Format(time.RFC3339))
			}
		}
	}
	return out
}

// TestPlan checks the in-memory plan without a database: another seed gives
// other people, the same seed the same ones.
func TestPlan(t *testing.T) {
	a, b, c := plan(1, testNow, ""), plan(1, testNow, ""), plan(2, testNow, "")
	names := func(w *world) []string {
		var out []string
		for _, rp := range w.regions {
			for _, s := range rp.students {
				out = append(out, s.s.Name+"/"+s.s.HomePostcode)
			}
			for _, p := range rp.placements {
				out = append(out, p.p.Title)
			}
		}
		return out
	}
	if !slices.Equal(names(a), names(b)) {
		t.Error("same seed, different plans")
	}
	if slices.Equal(names(a), names(c)) {
		t.Error("different seeds, same plans")
	}
	if a.summary().Accounts[0] != Accounts()[0] {
		t.Errorf("accounts %+v", a.summary().Accounts[0])
	}
	if s := a.summary().String(); !strings.Contains(s, "student@twente.demo") || !strings.Contains(s, "Noord-Veluwe") {
		t.Errorf("summary text:\n%s", s)
	}
}

// TestPlanSeeds checks the invariants of the plan for several seeds and
// several days of the year, without a database: every object passes the
// domain validation, every application state occurs, capacities hold and
// the demo journeys are complete.
func TestPlanSeeds(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		now := time.Date(2026, time.Month(1+seed*5%12), int(1+seed*3), 9, 0, 0, 0, time.UTC)
		w := plan(seed, now, "hash")
		for _, rp := range w.regions {
			where := fmt.Sprintf("seed %d, %s, %s", seed, now.Format(time.DateOnly), rp.spec.slug)
			rs := rp.summary()
			inRange(t, where+" students", rs.Students, 1000, 1400)
			inRange(t, where+" companies", rs.Companies, 110, 150)
			inRange(t, where+" placements", rs.Placements, 300, 500)
			for _, o := range rp.orgs {
				o := o.o
				if err := o.Normalise(); err != nil {
					t.Errorf("%s: %s: %v", where, o.Name, err)
				}
			}
			for _, s := range rp.students {
				st := s.s
				st.SchoolID = 1
				if err := st.Normalise(); err != nil {
					t.Errorf("%s: %s: %v", where, st.Name, err)
				}
			}
			for _, p := range rp.placements {
				pl := p.p
				pl.LocationID = 1
				if err := pl.Normalise(p.company.o); err != nil {
					t.Errorf("%s: %s: %v", where, pl.Title, err)
				}
				if p.accepted > p.p.Capacity || (p.p.Status == domain.PlacementFilled) != (p.accepted == p.p.Capacity) {
					t.Errorf("%s: %s: %s with %d of %d accepted", where, pl.Title, p.p.Status, p.accepted, p.p.Capacity)
				}
			}
			statuses := map[domain.ApplicationStatus]int{}
			company := map[domain.ApplicationStatus]int{}
			accepted := map[*studentPlan]int{}
			for _, a := range rp.apps {
				statuses[a.status()]++
				if a.placement.company == rp.demoCompany {
					company[a.status()]++
				}
				if a.status() == domain.AppAccepted {
					accepted[a.student]++
				}
				if st := a.placement.p.Status; !a.status().Final() && (st == domain.PlacementFilled || st == domain.PlacementClosed) {
					t.Errorf("%s: %s application to a %s placement", where, a.status(), st)
				}
				if !suits(a.student, a.placement, false) {
					t.Errorf("%s: %s applied to %s", where, a.student.s.Name, a.placement.p.Title)
				}
				for i, st := range a.steps {
					if st.at.After(now) || st.actor == nil || i > 0 && (!validStep(a.steps[i-1].to, st.to) || !st.at.After(a.steps[i-1].at)) {
						t.Errorf("%s: application of %s: step %d %+v", where, a.student.s.Name, i, st)
					}
				}
				if a.steps[0].at.Before(a.placement.created) || a.steps[0].at.Before(a.student.created) {
					t.Errorf("%s: application of %s before its placement or student exists", where, a.student.s.Name)
				}
			}
			if len(statuses) != len(domain.ApplicationStatuses) || len(company) != len(domain.ApplicationStatuses) {
				t.Errorf("%s: statuses %v, demo company %v", where, statuses, company)
			}
			for _, s := range rp.students {
				if accepted[s] > 1 || (accepted[s] == 1) != (s.s.Status == domain.StudentPlaced) {
					t.Errorf("%s: %s is %s with %d accepted", where, s.s.Name, s.s.Status, accepted[s])
				}
			}
			mine := 0
			for _, a := range rp.apps {
				if a.student == rp.demoStudent && a.status() == domain.AppOffered {
					mine++
				}
			}
			if mine == 0 || rp.demoStudent.s.Status != domain.StudentLooking {
				t.Errorf("%s: demo student has no offer to accept", where)
			}
		}
	}
}
