package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// Suite is one part of the contract suite: it gets a fresh database with
// the fixture.
type Suite struct {
	Name string
	Fn   func(t *testing.T, db *store.DB, f *Fixture)
}

// suites are the contract tests of the product's other parts; each part's
// file adds its own with Register in init.
var suites []Suite

// Register adds contract tests; call it from init in a file of this package.
func Register(s ...Suite) { suites = append(suites, s...) }

// Contract runs every store method against a database opened by open. The
// same suite runs on SQLite and PostgreSQL.
func Contract(t *testing.T, open func(testing.TB) *store.DB) {
	tests := []Suite{
		{"regions", testRegions},
		{"reference data", testReference},
		{"organisations", testOrganisations},
		{"locations and programmes", testProgrammes},
		{"users", testUsers},
		{"sessions and tokens", testSessions},
		{"students", testStudents},
		{"placements", testPlacements},
		{"placement search", testPlacementSearch},
		{"applications", testApplications},
		{"transactions", testTransactions},
		{"audit", testAudit},
		{"erasure", testErasure},
		{"time order across code paths", testTimeOrder},
	}
	for _, tc := range append(tests, suites...) {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			db := open(t)
			tc.Fn(t, db, NewFixture(t, db, "hash"))
		})
	}
}

var ctx = context.Background()

func wantCode(t *testing.T, err error, code domain.Code) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testRegions(t *testing.T, db *store.DB, f *Fixture) {
	got, err := db.RegionBySlug(ctx, "alpha")
	noErr(t, err)
	if got.ID != f.A.Region.ID || got.Name != "Regio Alpha" || got.CreatedAt.IsZero() {
		t.Fatalf("region %+v", got)
	}
	_, err = db.CreateRegion(ctx, domain.Region{Slug: "alpha", Name: "again"})
	wantCode(t, err, domain.CodeConflict)
	_, err = db.CreateRegion(ctx, domain.Region{Slug: "Bad Slug", Name: "x"})
	wantCode(t, err, domain.CodeInvalid)
	_, err = db.Region(ctx, 999999)
	wantCode(t, err, domain.CodeNotFound)
	all, err := db.Regions(ctx)
	noErr(t, err)
	if len(all) != 2 || all[0].Slug != "alpha" {
		t.Fatalf("regions %+v", all)
	}
	noErr(t, db.SetRegionMunicipalities(ctx, f.A.Region.ID, []string{"GM0153", "gm0164"}))
	noErr(t, db.UpsertMunicipality(ctx, domain.Municipality{Code: "GM0153", Name: "Enschede", Year: 2026, LabourMarketCode: "AM05",
		LabourMarket: "Twente", CoropCode: "CR12", Corop: "Twente", ProvinceCode: "PV23", Province: "Overijssel"}))
	ms, err := db.RegionMunicipalities(ctx, f.A.Region.ID)
	noErr(t, err)
	if len(ms) != 2 || ms[0].Name != "Enschede" || ms[0].LabourMarketCode != "AM05" || ms[1].Name != "GM0164" {
		t.Fatalf("municipalities %+v", ms)
	}
	wantCode(t, db.SetRegionMunicipalities(ctx, f.A.Region.ID, []string{"0153"}), domain.CodeInvalid)
}

func testReference(t *testing.T, db *store.DB, _ *Fixture) {
	m := domain.Municipality{Code: "GM0243", Name: "Harderwijk", Year: 2026, LabourMarketCode: "AM06", ProvinceCode: "PV25"}
	noErr(t, db.UpsertMunicipality(ctx, m))
	m.Name = "Harderwijk (nieuw)"
	noErr(t, db.UpsertMunicipality(ctx, m))
	wantCode(t, db.UpsertMunicipality(ctx, domain.Municipality{Code: "X", Name: "x"}), domain.CodeInvalid)
	all, err := db.Municipalities(ctx)
	noErr(t, err)
	if len(all) != 1 || all[0].Name != "Harderwijk (nieuw)" {
		t.Fatalf("municipalities %+v", all)
	}
	noErr(t, db.UpsertPlaceName(ctx, "'S-HERTOGENBOSCH", "GM0796", "place"))
	code, err := db.MunicipalityOfPlace(ctx, "'s-Hertogenbosch")
	noErr(t, err)
	if code != "GM0796" {
		t.Fatalf("place code %q", code)
	}
	_, err = db.MunicipalityOfPlace(ctx, "Nergenshuizen")
	wantCode(t, err, domain.CodeNotFound)

	noErr(t, db.UpsertPostcode(ctx, domain.Postcode{PC4: "7511", Place: "Enschede", Point: domain.Point{Lat: 52.22, Lon: 6.90}, Source: "demo"}))
	noErr(t, db.UpsertPostcode(ctx, domain.Postcode{PC4: "7511", Place: "Enschede", Point: domain.Point{Lat: 52.2208, Lon: 6.9044}, Source: "4pp"}))
	wantCode(t, db.UpsertPostcode(ctx, domain.Postcode{PC4: "7511", Point: domain.Point{Lat: 48, Lon: 2}}), domain.CodeInvalid)
	p, err := db.Postcode(ctx, "7511 AB")
	noErr(t, err)
	if p.Point.Lat != 52.2208 || p.Source != "4pp" {
		t.Fatalf("postcode %+v", p)
	}
	counts, err := db.CountPostcodes(ctx)
	noErr(t, err)
	if counts["4pp"] != 1 || counts["fixture"] != 1 || len(counts) != 2 {
		t.Fatalf("counts %v", counts)
	}
	noErr(t, db.UpsertQualification(ctx, domain.Qualification{Crebo: "25340", Name: "Eerste monteur mechatronica", Level: 3, DossierCrebo: "23130", Dossier: "Mechatronica"}))
	wantCode(t, db.UpsertQualification(ctx, domain.Qualification{Crebo: "2534", Name: "x"}), domain.CodeInvalid)
	qs, err := db.Qualifications(ctx)
	noErr(t, err)
	if len(qs) != 1 || qs[0].DossierCrebo != "23130" {
		t.Fatalf("qualifications %+v", qs)
	}
}

func testOrganisations(t *testing.T, db *store.DB, f *Fixture) {
	o, err := db.Organisation(ctx, f.A.Region.ID, f.A.Company.ID)
	noErr(t, err)
	if !reflect.DeepEqual(o.Accreditations, []string{"25297", "25340"}) || o.KvK != "12345678" {
		t.Fatalf("company %+v", o)
	}
	// Region isolation: B's company is not found from A.
	_, err = db.Organisation(ctx, f.A.Region.ID, f.B.Company.ID)
	wantCode(t, err, domain.CodeNotFound)
	// Same KvK in the same region is a conflict; in another region it is fine.
	_, err = db.CreateOrganisation(ctx, domain.Organisation{RegionID: f.A.Region.ID, Kind: domain.OrgCompany, Name: "Dubbel", KvK: "12345678"})
	wantCode(t, err, domain.CodeConflict)
	_, err = db.CreateOrganisation(ctx, domain.Organisation{RegionID: f.B.Region.ID, Kind: domain.OrgCompany, Name: "Zelfde KvK", KvK: "12345678"})
	noErr(t, err)
	_, err = db.CreateOrganisation(ctx, domain.Organisation{RegionID: f.A.Region.ID, Kind: domain.OrgSchool, Name: "Geen BRIN"})
	wantCode(t, err, domain.CodeInvalid)

	o.Name = "Bedrijf alpha BV"
	o.Accreditations = []string{"25340"}
	noErr(t, db.UpdateOrganisation(ctx, o))
	o2, err := db.Organisation(ctx, f.A.Region.ID, o.ID)
	noErr(t, err)
	if o2.Name != "Bedrijf alpha BV" || !reflect.DeepEqual(o2.Accreditations, []string{"25340"}) {
		t.Fatalf("updated %+v", o2)
	}
	o.RegionID = f.B.Region.ID
	wantCode(t, db.UpdateOrganisation(ctx, o), domain.CodeNotFound)

	list, total, err := db.Organisations(ctx, store.OrgFilter{RegionID: f.A.Region.ID, Kind: domain.OrgCompany})
	noErr(t, err)
	if total != 2 || len(list) != 2 {
		t.Fatalf("companies %d %+v", total, list)
	}
	list, total, err = db.Organisations(ctx, store.OrgFilter{RegionID: f.A.Region.ID, Text: "11aa"})
	noErr(t, err)
	if total != 1 || list[0].ID != f.A.School.ID {
		t.Fatalf("by brin %d %+v", total, list)
	}
	list, _, err = db.Organisations(ctx, store.OrgFilter{RegionID: f.A.Region.ID, Text: "100%_"})
	noErr(t, err)
	if len(list) != 0 {
		t.Fatalf("like escape: %+v", list)
	}
	list, total, err = db.Organisations(ctx, store.OrgFilter{RegionID: f.A.Region.ID, Page: store.Page{Limit: 1, Offset: 1}})
	noErr(t, err)
	if total != 4 || len(list) != 1 {
		t.Fatalf("page %d %d", total, len(list))
	}
}

func testProgrammes(t *testing.T, db *store.DB, f *Fixture) {
	locs, err := db.Locations(ctx, f.A.Region.ID, f.A.Company.ID)
	noErr(t, err)
	if len(locs) != 1 || locs[0].Postcode != "7511 AB" || locs[0].Point.Lat == 0 {
		t.Fatalf("locations %+v", locs)
	}
	_, err = db.CreateLocation(ctx, domain.Location{RegionID: f.A.Region.ID, OrganisationID: f.B.Company.ID, Postcode: "7511AB", Place: "X"})
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.CreateLocation(ctx, domain.Location{RegionID: f.A.Region.ID, OrganisationID: f.A.Company.ID, Postcode: "751 AB", Place: "X"})
	wantCode(t, err, domain.CodeInvalid)
	_, err = db.Location(ctx, f.B.Region.ID, f.A.CompanyLoc.ID)
	wantCode(t, err, domain.CodeNotFound)

	p := f.A.Programme
	if p.SchoolName != "School alpha" || p.LocationID != f.A.SchoolLoc.ID || p.Level != 3 {
		t.Fatalf("programme %+v", p)
	}
	_, err = db.CreateProgramme(ctx, domain.Programme{RegionID: f.A.Region.ID, SchoolID: f.A.Company.ID, Stage: domain.StageMBO,
		Crebo: "25340", Name: "X", Level: 2, Pathway: domain.PathwayBBL})
	wantCode(t, err, domain.CodeInvalid)
	_, err = db.CreateProgramme(ctx, domain.Programme{RegionID: f.A.Region.ID, SchoolID: f.A.School.ID, Stage: domain.StageVMBO,
		Name: "Produceren, installeren en energie", Field: "techniek", Pathway: domain.PathwayKB})
	noErr(t, err)
	list, total, err := db.Programmes(ctx, store.ProgFilter{RegionID: f.A.Region.ID, Stage: domain.StageVMBO})
	noErr(t, err)
	if total != 1 || list[0].Stage != domain.StageVMBO || list[0].LocationID != 0 {
		t.Fatalf("vmbo programmes %+v", list)
	}
	list, total, err = db.Programmes(ctx, store.ProgFilter{RegionID: f.A.Region.ID, Text: "25340"})
	noErr(t, err)
	if total != 1 || list[0].ID != p.ID {
		t.Fatalf("by crebo %+v", list)
	}
	_, err = db.Programme(ctx, f.B.Region.ID, p.ID)
	wantCode(t, err, domain.CodeNotFound)
}

func testUsers(t *testing.T, db *store.DB, f *Fixture) {
	u, err := db.UserByEmail(ctx, "company@alpha.test")
	noErr(t, err)
	if u.Role != domain.RoleCompany || u.OrganisationID != f.A.Company.ID || u.PasswordHash != "hash" || !u.LastLoginAt.IsZero() {
		t.Fatalf("user %+v", u)
	}
	if su := f.A.StudentUser; su.StudentID != f.A.Student.ID {
		t.Fatalf("student user %+v", su)
	}
	_, err = db.CreateUser(ctx, domain.User{RegionID: f.A.Region.ID, Email: "COMPANY@alpha.test", Name: "x", Role: domain.RoleViewer})
	wantCode(t, err, domain.CodeConflict)
	// A company contact needs a company of the same region.
	_, err = db.CreateUser(ctx, domain.User{RegionID: f.A.Region.ID, Email: "x@alpha.test", Name: "x", Role: domain.RoleCompany, OrganisationID: f.B.Company.ID})
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.CreateUser(ctx, domain.User{RegionID: f.A.Region.ID, Email: "y@alpha.test", Name: "y", Role: domain.RoleCompany, OrganisationID: f.A.School.ID})
	wantCode(t, err, domain.CodeInvalid)
	_, err = db.CreateUser(ctx, domain.User{RegionID: f.A.Region.ID, Email: "z@alpha.test", Name: "z", Role: domain.RoleStudent})
	wantCode(t, err, domain.CodeInvalid)
	_, err = db.CreateUser(ctx, domain.User{RegionID: f.A.Region.ID, Email: "not-an-email", Name: "z", Role: domain.RoleViewer})
	wantCode(t, err, domain.CodeInvalid)

	list, err := db.Users(ctx, store.UserFilter{RegionID: f.A.Region.ID})
	noErr(t, err)
	if len(list) != 10 {
		t.Fatalf("users in A: %d", len(list))
	}
	list, err = db.Users(ctx, store.UserFilter{Role: domain.RoleCoordinator})
	noErr(t, err)
	if len(list) != 2 {
		t.Fatalf("coordinators: %d", len(list))
	}
	noErr(t, db.SetUserLocale(ctx, u.ID, "en"))
	noErr(t, db.SetUserDisabled(ctx, u.ID, true))
	u, err = db.User(ctx, u.ID)
	noErr(t, err)
	if !u.Disabled || u.Locale != "en" {
		t.Fatalf("disabled %+v", u)
	}
	wantCode(t, db.SetUserDisabled(ctx, 987654, true), domain.CodeNotFound)
}

func testSessions(t *testing.T, db *store.DB, f *Fixture) {
	uid := f.A.Users[domain.RoleCoordinator].ID
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	s := domain.Session{TokenHash: "h1", UserID: uid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	noErr(t, db.CreateSession(ctx, s))
	got, err := db.SessionByHash(ctx, "h1")
	noErr(t, err)
	if !got.ExpiresAt.Equal(s.ExpiresAt) || got.UserID != uid {
		t.Fatalf("session %+v", got)
	}
	u, _ := db.User(ctx, uid)
	if !u.LastLoginAt.Equal(now) {
		t.Fatalf("last login %v", u.LastLoginAt)
	}
	noErr(t, db.TouchSession(ctx, "h1", now.Add(time.Hour)))
	got, _ = db.SessionByHash(ctx, "h1")
	if !got.LastSeenAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("touched %+v", got)
	}
	noErr(t, db.CreateSession(ctx, domain.Session{TokenHash: "h2", UserID: uid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Minute)}))
	n, err := db.DeleteExpiredSessions(ctx, now.Add(2*time.Minute), now.Add(-time.Hour))
	noErr(t, err)
	if n != 1 {
		t.Fatalf("expired %d", n)
	}
	noErr(t, db.DeleteSession(ctx, "h1"))
	_, err = db.SessionByHash(ctx, "h1")
	wantCode(t, err, domain.CodeNotFound)

	id, err := db.CreateAPIToken(ctx, domain.APIToken{UserID: uid, Name: "script", TokenHash: "t1", Prefix: "tl_abc"})
	noErr(t, err)
	tok, err := db.APITokenByHash(ctx, "t1")
	noErr(t, err)
	if tok.ID != id || tok.Name != "script" || !tok.LastUsedAt.IsZero() || !tok.ExpiresAt.IsZero() {
		t.Fatalf("token %+v", tok)
	}
	noErr(t, db.TouchAPIToken(ctx, id, now))
	toks, err := db.APITokens(ctx, uid)
	noErr(t, err)
	if len(toks) != 1 || !toks[0].LastUsedAt.Equal(now) {
		t.Fatalf("tokens %+v", toks)
	}
	wantCode(t, db.DeleteAPIToken(ctx, f.A.Users[domain.RoleViewer].ID, id), domain.CodeNotFound)
	// Disabling a user ends sessions and tokens.
	noErr(t, db.CreateSession(ctx, domain.Session{TokenHash: "h3", UserID: uid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}))
	noErr(t, db.SetUserDisabled(ctx, uid, true))
	_, err = db.SessionByHash(ctx, "h3")
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.APITokenByHash(ctx, "t1")
	wantCode(t, err, domain.CodeNotFound)
	// A new password ends sessions too.
	vid := f.A.Users[domain.RoleViewer].ID
	noErr(t, db.CreateSession(ctx, domain.Session{TokenHash: "h4", UserID: vid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}))
	noErr(t, db.SetPasswordHash(ctx, vid, "new"))
	_, err = db.SessionByHash(ctx, "h4")
	wantCode(t, err, domain.CodeNotFound)
}

func testStudents(t *testing.T, db *store.DB, f *Fixture) {
	s := f.A.Student
	if s.SchoolName != "School alpha" || s.ProgrammeName != "Eerste monteur mechatronica" || s.CoachName != "coach alpha" ||
		!reflect.DeepEqual(s.Languages, []string{"nl", "de"}) || s.Status != domain.StudentLooking ||
		!reflect.DeepEqual(s.LookingFor, []domain.PlacementKind{domain.KindInternship}) {
		t.Fatalf("student %+v", s)
	}
	_, err := db.Student(ctx, f.B.Region.ID, s.ID)
	wantCode(t, err, domain.CodeNotFound)
	s.Available = domain.Period{Start: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}
	s.Skills = []string{"Solderen", "plc"}
	s.HomePostcode = "7512cd"
	noErr(t, db.UpdateStudent(ctx, s))
	got, err := db.Student(ctx, f.A.Region.ID, s.ID)
	noErr(t, err)
	if !got.Available.Start.Equal(s.Available.Start) || !got.Available.End.Equal(s.Available.End) ||
		!reflect.DeepEqual(got.Skills, []string{"solderen", "plc"}) || got.HomePostcode != "7512 CD" {
		t.Fatalf("updated %+v", got)
	}
	// A programme of another school, or a coach of another region, is refused.
	bad := s
	bad.SchoolID = f.A.OtherSchool.ID
	wantCode(t, db.UpdateStudent(ctx, bad), domain.CodeInvalid)
	bad = s
	bad.CoachID = f.B.Users[domain.RoleCoach].ID
	wantCode(t, db.UpdateStudent(ctx, bad), domain.CodeInvalid)
	bad = s
	bad.HomePostcode = "ABCD 12"
	wantCode(t, db.UpdateStudent(ctx, bad), domain.CodeInvalid)

	list, total, err := db.Students(ctx, store.StudentFilter{RegionID: f.A.Region.ID, CoachID: f.A.Users[domain.RoleCoach].ID})
	noErr(t, err)
	if total != 1 || list[0].ID != s.ID {
		t.Fatalf("caseload %+v", list)
	}
	_, total, err = db.Students(ctx, store.StudentFilter{RegionID: f.A.Region.ID, SchoolID: f.A.OtherSchool.ID})
	noErr(t, err)
	if total != 1 {
		t.Fatalf("other school %d", total)
	}
	_, total, err = db.Students(ctx, store.StudentFilter{RegionID: f.A.Region.ID, Text: "andere", Status: domain.StudentLooking, Stage: domain.StageMBO})
	noErr(t, err)
	if total != 1 {
		t.Fatalf("text %d", total)
	}
	counts, err := db.CountStudents(ctx, f.A.Region.ID)
	noErr(t, err)
	if len(counts) != 1 || counts[0] != (store.Count{Key: "looking", N: 2}) {
		t.Fatalf("counts %+v", counts)
	}
	byStage, err := db.CountStudentsByStage(ctx, f.A.Region.ID)
	noErr(t, err)
	if len(byStage) != 1 || byStage[0].N != 2 {
		t.Fatalf("by stage %+v", byStage)
	}
}

func testPlacements(t *testing.T, db *store.DB, f *Fixture) {
	p := f.A.Placement
	if p.CompanyName != "Bedrijf alpha" || p.Place != "Enschede" || !reflect.DeepEqual(p.Crebos, []string{"25340"}) ||
		p.Status != domain.PlacementOpen || p.Period.Start.IsZero() || p.Point.Lat == 0 || p.Accepted != 0 {
		t.Fatalf("placement %+v", p)
	}
	_, err := db.Placement(ctx, f.B.Region.ID, p.ID)
	wantCode(t, err, domain.CodeNotFound)
	// Not accredited for the crebo: refused with a message naming it.
	bad := p
	bad.ID = 0
	bad.Crebos = []string{"25344"}
	_, err = db.CreatePlacement(ctx, bad)
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want validation error, got %v", err)
	}
	if fe, ok := ve.For("crebos"); !ok || fe.Key != "invalid.not_accredited" {
		t.Fatalf("field errors %+v", ve.Fields)
	}
	// The location must belong to the company.
	bad = p
	bad.ID = 0
	bad.LocationID = f.A.OtherLoc.ID
	_, err = db.CreatePlacement(ctx, bad)
	wantCode(t, err, domain.CodeInvalid)
	// A job needs no accreditation.
	job := p
	job.ID, job.Kind, job.Crebos, job.Title = 0, domain.KindJob, nil, "Monteur (vaste baan)"
	job.Period = domain.Period{}
	jid, err := db.CreatePlacement(ctx, job)
	noErr(t, err)
	p.Title = "Stage mechatronica (bijgewerkt)"
	p.Crebos = []string{"25297", "25340"}
	p.Capacity = 3
	noErr(t, db.UpdatePlacement(ctx, p))
	got, err := db.Placement(ctx, f.A.Region.ID, p.ID)
	noErr(t, err)
	if got.Title != p.Title || !reflect.DeepEqual(got.Crebos, []string{"25297", "25340"}) || got.Capacity != 3 {
		t.Fatalf("updated %+v", got)
	}
	// Another company cannot update it by changing the company id.
	other := got
	other.CompanyID, other.LocationID, other.Crebos = f.A.OtherCompany.ID, f.A.OtherLoc.ID, []string{"25340"}
	wantCode(t, db.UpdatePlacement(ctx, other), domain.CodeNotFound)
	noErr(t, db.SetPlacementStatus(ctx, f.A.Region.ID, jid, domain.PlacementClosed, "vervuld buiten Talentloket"))
	j, _ := db.Placement(ctx, f.A.Region.ID, jid)
	if j.Status != domain.PlacementClosed || j.CloseReason == "" {
		t.Fatalf("closed %+v", j)
	}
	wantCode(t, db.SetPlacementStatus(ctx, f.B.Region.ID, jid, domain.PlacementOpen, ""), domain.CodeNotFound)
	counts, err := db.CountPlacements(ctx, f.A.Region.ID)
	noErr(t, err)
	if !reflect.DeepEqual(counts, []store.Count{{Key: "closed", N: 1}, {Key: "open", N: 2}}) {
		t.Fatalf("counts %+v", counts)
	}
	byKind, err := db.CountPlacementsByKind(ctx, f.A.Region.ID)
	noErr(t, err)
	if !reflect.DeepEqual(byKind, []store.Count{{Key: "internship", N: 2}}) {
		t.Fatalf("by kind %+v", byKind)
	}
	noErr(t, db.LockPlacement(ctx, f.A.Region.ID, p.ID))
	wantCode(t, db.LockPlacement(ctx, f.B.Region.ID, p.ID), domain.CodeNotFound)
}

func testPlacementSearch(t *testing.T, db *store.DB, f *Fixture) {
	noErr(t, db.UpsertQualification(ctx, domain.Qualification{Crebo: "25340", Name: "Eerste monteur mechatronica", Level: 3}))
	r := f.A.Region.ID
	cases := []struct {
		name string
		f    store.PlacementFilter
		want int
	}{
		{"all", store.PlacementFilter{RegionID: r}, 2},
		{"company", store.PlacementFilter{RegionID: r, CompanyID: f.A.Company.ID}, 1},
		{"open", store.PlacementFilter{RegionID: r, Statuses: []domain.PlacementStatus{domain.PlacementOpen}}, 2},
		{"closed", store.PlacementFilter{RegionID: r, Statuses: []domain.PlacementStatus{domain.PlacementClosed, domain.PlacementFilled}}, 0},
		{"kind", store.PlacementFilter{RegionID: r, Kind: domain.KindJob}, 0},
		{"crebo", store.PlacementFilter{RegionID: r, Crebo: "25340"}, 2},
		{"other crebo", store.PlacementFilter{RegionID: r, Crebo: "25297"}, 0},
		{"level too low", store.PlacementFilter{RegionID: r, Level: 1}, 0},
		{"level ok", store.PlacementFilter{RegionID: r, Level: 4, Stage: domain.StageMBO}, 2},
		{"pathway BBL", store.PlacementFilter{RegionID: r, Pathway: domain.PathwayBBL}, 0},
		{"text title", store.PlacementFilter{RegionID: r, Text: "onderhoud"}, 1},
		{"text company", store.PlacementFilter{RegionID: r, Text: "ander bedrijf"}, 1},
		{"text programme name", store.PlacementFilter{RegionID: r, Text: "monteur mechatronica"}, 2},
		{"text crebo", store.PlacementFilter{RegionID: r, Text: "2534"}, 2},
		{"period overlaps", store.PlacementFilter{RegionID: r, Period: domain.Period{Start: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC)}}, 2},
		{"period after", store.PlacementFilter{RegionID: r, Period: domain.Period{Start: time.Date(2027, 8, 1, 0, 0, 0, 0, time.UTC)}}, 0},
		{"period before", store.PlacementFilter{RegionID: r, Period: domain.Period{End: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}}, 0},
		{"other region", store.PlacementFilter{RegionID: f.B.Region.ID, Text: "alpha"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list, total, err := db.Placements(ctx, tc.f)
			noErr(t, err)
			if total != tc.want || len(list) != tc.want {
				t.Fatalf("got %d (%d listed), want %d", total, len(list), tc.want)
			}
			for _, p := range list {
				if len(p.Crebos) == 0 {
					t.Fatalf("placement %d without crebos", p.ID)
				}
			}
		})
	}
	list, total, err := db.Placements(ctx, store.PlacementFilter{RegionID: r, Page: store.Page{Limit: 1}})
	noErr(t, err)
	if total != 2 || len(list) != 1 {
		t.Fatalf("page: %d %d", total, len(list))
	}
}

func testApplications(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A.Application
	if a.Status != domain.AppSubmitted || a.PlacementTitle != f.A.Placement.Title || a.StudentName != f.A.Student.Name ||
		a.CompanyID != f.A.Company.ID || a.SchoolID != f.A.School.ID || a.CoachID != f.A.Users[domain.RoleCoach].ID {
		t.Fatalf("application %+v", a)
	}
	_, err := db.Application(ctx, f.B.Region.ID, a.ID)
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.CreateApplication(ctx, domain.Application{RegionID: f.A.Region.ID, PlacementID: a.PlacementID, StudentID: a.StudentID, Status: domain.AppSubmitted}, 0)
	wantCode(t, err, domain.CodeConflict)
	_, err = db.CreateApplication(ctx, domain.Application{RegionID: f.A.Region.ID, PlacementID: f.B.Placement.ID, StudentID: a.StudentID, Status: domain.AppSubmitted}, 0)
	wantCode(t, err, domain.CodeNotFound)

	company := f.A.Users[domain.RoleCompany].ID
	noErr(t, db.SetApplicationStatus(ctx, f.A.Region.ID, a.ID, domain.AppSubmitted, domain.AppInvited, company, "Kom langs op dinsdag"))
	// Someone acting on a stale status gets a conflict and nothing changes.
	wantCode(t, db.SetApplicationStatus(ctx, f.A.Region.ID, a.ID, domain.AppSubmitted, domain.AppRejected, company, ""), domain.CodeConflict)
	noErr(t, db.SetApplicationStatus(ctx, f.A.Region.ID, a.ID, domain.AppInvited, domain.AppOffered, company, ""))
	noErr(t, db.SetApplicationStatus(ctx, f.A.Region.ID, a.ID, domain.AppOffered, domain.AppAccepted, f.A.StudentUser.ID, ""))
	evs, err := db.ApplicationEvents(ctx, a.ID)
	noErr(t, err)
	if len(evs) != 4 || evs[0].To != domain.AppSubmitted || evs[0].From != "" || evs[1].Note != "Kom langs op dinsdag" ||
		evs[1].ActorName != "company_contact alpha" || evs[3].To != domain.AppAccepted {
		t.Fatalf("events %+v", evs)
	}
	p, _ := db.Placement(ctx, f.A.Region.ID, a.PlacementID)
	if p.Accepted != 1 || p.Remaining() != 1 {
		t.Fatalf("accepted %d remaining %d", p.Accepted, p.Remaining())
	}
	cases := []struct {
		name string
		f    store.AppFilter
		want int
	}{
		{"region", store.AppFilter{RegionID: f.A.Region.ID}, 2},
		{"student", store.AppFilter{RegionID: f.A.Region.ID, StudentID: a.StudentID}, 1},
		{"company", store.AppFilter{RegionID: f.A.Region.ID, CompanyID: f.A.OtherCompany.ID}, 1},
		{"placement", store.AppFilter{RegionID: f.A.Region.ID, PlacementID: a.PlacementID}, 1},
		{"school", store.AppFilter{RegionID: f.A.Region.ID, SchoolID: f.A.OtherSchool.ID}, 1},
		{"coach", store.AppFilter{RegionID: f.A.Region.ID, CoachID: f.A.Users[domain.RoleCoach].ID}, 1},
		{"status", store.AppFilter{RegionID: f.A.Region.ID, Status: domain.AppAccepted}, 1},
		{"other region", store.AppFilter{RegionID: f.B.Region.ID, StudentID: a.StudentID}, 0},
	}
	for _, tc := range cases {
		_, total, err := db.Applications(ctx, tc.f)
		noErr(t, err)
		if total != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, total, tc.want)
		}
	}
	counts, err := db.CountApplications(ctx, f.A.Region.ID)
	noErr(t, err)
	if !reflect.DeepEqual(counts, []store.Count{{Key: "accepted", N: 1}, {Key: "submitted", N: 1}}) {
		t.Fatalf("counts %+v", counts)
	}
}

func testTransactions(t *testing.T, db *store.DB, f *Fixture) {
	boom := errors.New("boom")
	err := db.InTx(ctx, func(q *store.Queries) error {
		if _, err := q.CreateRegion(ctx, domain.Region{Slug: "gamma", Name: "Gamma"}); err != nil {
			return err
		}
		if _, err := q.RegionBySlug(ctx, "gamma"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	_, err = db.RegionBySlug(ctx, "gamma")
	wantCode(t, err, domain.CodeNotFound)
	noErr(t, db.InTx(ctx, func(q *store.Queries) error {
		_, err := q.CreateRegion(ctx, domain.Region{Slug: "gamma", Name: "Gamma"})
		return err
	}))
	_, err = db.RegionBySlug(ctx, "gamma")
	noErr(t, err)
	noErr(t, db.Ping(ctx))
}

func testAudit(t *testing.T, db *store.DB, f *Fixture) {
	uid := f.A.Users[domain.RoleCoordinator].ID
	noErr(t, db.AddAudit(ctx, domain.AuditEntry{RegionID: f.A.Region.ID, UserID: uid, Action: domain.AuditLogin, IP: "127.0.0.1", RequestID: "r1"}))
	noErr(t, db.AddAudit(ctx, domain.AuditEntry{RegionID: f.A.Region.ID, UserID: uid, Action: domain.AuditExport, Object: "students"}))
	noErr(t, db.AddAudit(ctx, domain.AuditEntry{Action: domain.AuditLoginFailed, Detail: "unknown account"}))
	list, err := db.Audit(ctx, store.AuditFilter{RegionID: f.A.Region.ID})
	noErr(t, err)
	if len(list) != 2 || list[0].Action != domain.AuditExport || list[1].RequestID != "r1" || list[1].At.IsZero() {
		t.Fatalf("audit %+v", list)
	}
	list, err = db.Audit(ctx, store.AuditFilter{RegionID: f.A.Region.ID, Action: domain.AuditLogin, UserID: uid})
	noErr(t, err)
	if len(list) != 1 {
		t.Fatalf("filtered audit %+v", list)
	}
}

func testErasure(t *testing.T, db *store.DB, f *Fixture) {
	wantCode(t, db.DeleteStudent(ctx, f.B.Region.ID, f.A.Student.ID), domain.CodeNotFound)
	noErr(t, db.DeleteStudent(ctx, f.A.Region.ID, f.A.Student.ID))
	_, err := db.Student(ctx, f.A.Region.ID, f.A.Student.ID)
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.Application(ctx, f.A.Region.ID, f.A.Application.ID)
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.User(ctx, f.A.StudentUser.ID)
	wantCode(t, err, domain.CodeNotFound)
	evs, err := db.ApplicationEvents(ctx, f.A.Application.ID)
	noErr(t, err)
	if len(evs) != 0 {
		t.Fatalf("events left: %+v", evs)
	}
	// The other student and the placement stay.
	_, err = db.Student(ctx, f.A.Region.ID, f.A.OtherStudent.ID)
	noErr(t, err)
	_, err = db.Placement(ctx, f.A.Region.ID, f.A.Placement.ID)
	noErr(t, err)
}

// testTimeOrder stores times through every code path (a transaction, a
// prepared statement, a first-time query) and checks that SQL comparisons
// on them follow time order.
func testTimeOrder(t *testing.T, db *store.DB, f *Fixture) {
	uid := f.A.Users[domain.RoleViewer].ID
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	mk := func(q interface {
		CreateSession(context.Context, domain.Session) error
	}, hash string, at time.Time) {
		t.Helper()
		noErr(t, q.CreateSession(ctx, domain.Session{TokenHash: hash, UserID: uid, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(time.Hour)}))
	}
	// The first writes happen in a transaction, before any statement is
	// prepared; the later ones through prepared statements.
	noErr(t, db.InTx(ctx, func(q *store.Queries) error {
		mk(q, "tx-later", base.Add(20*time.Minute))
		mk(q, "tx-early", base)
		return nil
	}))
	mk(db, "plain-mid", base.Add(90*time.Second))
	mk(db, "plain-late", base.Add(10*time.Minute+123456*time.Microsecond))
	// Idle since before base+2m: only the first two go.
	n, err := db.DeleteExpiredSessions(ctx, base, base.Add(2*time.Minute))
	noErr(t, err)
	if n != 2 {
		t.Fatalf("deleted %d sessions, want 2", n)
	}
	for hash, alive := range map[string]bool{"tx-early": false, "plain-mid": false, "plain-late": true, "tx-later": true} {
		_, err := db.SessionByHash(ctx, hash)
		if (err == nil) != alive {
			t.Errorf("session %s alive = %v", hash, err == nil)
		}
	}
}
