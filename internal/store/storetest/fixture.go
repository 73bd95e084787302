package storetest

import (
	"context"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// RegionFixture holds the ids of one region's fixture objects.
type RegionFixture struct {
	Region                             domain.Region
	School, OtherSchool                domain.Organisation
	Company, OtherCompany              domain.Organisation
	SchoolLoc, CompanyLoc, OtherLoc    domain.Location
	Programme                          domain.Programme
	Student, OtherStudent              domain.Student // Student is coached by Coach and at School
	Placement, OtherPlacement          domain.Placement
	Application, OtherApplication      domain.Application // Application: Student -> Placement (of Company)
	Users                              map[domain.Role]domain.User
	StudentUser, OtherStudentUser      domain.User
	CompanyUserOther, SchoolStaffOther domain.User
	// Extra holds the ids of objects that other parts of the product add
	// to the fixture (see RegisterFixture), e.g. Extra["question"].
	Extra map[string]int64
}

// fixtureParts add objects of other parts of the product to every region
// of the fixture, in registration order.
var fixtureParts []func(tb testing.TB, db *store.DB, r *RegionFixture)

// RegisterFixture adds a part to every fixture; it gets each region after
// the core objects exist and records ids in r.Extra. Call it from init in a
// file of this package.
func RegisterFixture(fn func(tb testing.TB, db *store.DB, r *RegionFixture)) {
	fixtureParts = append(fixtureParts, fn)
}

// Fixture is two regions with one of everything, so that tests can check
// what crosses regions, schools and companies.
type Fixture struct {
	A, B RegionFixture
}

// Password is the password of every fixture account when the caller passes
// its hash to NewFixture.
const Password = "fixture-password-1"

// NewFixture fills db with two regions ("alpha", "beta"). passwordHash is
// stored for every account (pass "" for accounts that cannot log in).
func NewFixture(tb testing.TB, db *store.DB, passwordHash string) *Fixture {
	tb.Helper()
	ctx := context.Background()
	f := &Fixture{}
	f.A = newRegionFixture(tb, ctx, db, "alpha", "Regio Alpha", 0, passwordHash)
	f.B = newRegionFixture(tb, ctx, db, "beta", "Regio Beta", 1, passwordHash)
	for _, part := range fixtureParts {
		part(tb, db, &f.A)
		part(tb, db, &f.B)
	}
	return f
}

// must turns (value, error) into a function that fails the test on error:
// must(db.CreateRegion(ctx, r))(tb).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

func newRegionFixture(tb testing.TB, ctx context.Context, db *store.DB, slug, name string, n int, hash string) RegionFixture {
	tb.Helper()
	r := RegionFixture{Extra: map[string]int64{}}
	r.Region = domain.Region{Slug: slug, Name: name}
	r.Region.ID = must(db.CreateRegion(ctx, r.Region))(tb)
	if err := db.SetRegionMunicipalities(ctx, r.Region.ID, []string{[]string{"GM0153", "GM0243"}[n]}); err != nil {
		tb.Fatal(err)
	}
	org := func(o domain.Organisation) domain.Organisation {
		o.RegionID = r.Region.ID
		o.ID = must(db.CreateOrganisation(ctx, o))(tb)
		return must(db.Organisation(ctx, r.Region.ID, o.ID))(tb)
	}
	brin := []string{"11AA", "22BB"}[n]
	r.School = org(domain.Organisation{Kind: domain.OrgSchool, Name: "School " + slug, BRIN: brin})
	r.OtherSchool = org(domain.Organisation{Kind: domain.OrgSchool, Name: "Andere school " + slug, BRIN: brin[:3] + "C"})
	kvk := []string{"12345678", "87654321"}[n]
	r.Company = org(domain.Organisation{Kind: domain.OrgCompany, Name: "Bedrijf " + slug, KvK: kvk, Accreditations: []string{"25340", "25297"}})
	r.OtherCompany = org(domain.Organisation{Kind: domain.OrgCompany, Name: "Ander bedrijf " + slug, KvK: kvk[:7] + "9", Accreditations: []string{"25340"}})
	pc := []string{"7511 AB", "3841 AA"}[n]
	place := []string{"Enschede", "Harderwijk"}[n]
	pt := []domain.Point{{Lat: 52.2208, Lon: 6.8937}, {Lat: 52.3506, Lon: 5.6214}}[n]
	if err := db.UpsertPostcode(ctx, domain.Postcode{PC4: pc[:4], Place: place, Point: pt, Source: "fixture"}); err != nil {
		tb.Fatal(err)
	}
	loc := func(orgID int64) domain.Location {
		l := domain.Location{RegionID: r.Region.ID, OrganisationID: orgID, Name: "Hoofdvestiging", Street: "Markt 1", Postcode: pc, Place: place, Point: pt}
		l.ID = must(db.CreateLocation(ctx, l))(tb)
		return must(db.Location(ctx, r.Region.ID, l.ID))(tb)
	}
	r.SchoolLoc, r.CompanyLoc, r.OtherLoc = loc(r.School.ID), loc(r.Company.ID), loc(r.OtherCompany.ID)
	r.Programme = domain.Programme{RegionID: r.Region.ID, SchoolID: r.School.ID, LocationID: r.SchoolLoc.ID, Stage: domain.StageMBO,
		Crebo: "25340", Name: "Eerste monteur mechatronica", Field: "mechatronica", Level: 3, Pathway: domain.PathwayBOL}
	r.Programme.ID = must(db.CreateProgramme(ctx, r.Programme))(tb)
	r.Programme = must(db.Programme(ctx, r.Region.ID, r.Programme.ID))(tb)

	r.Users = map[domain.Role]domain.User{}
	user := func(role domain.Role, email string, orgID, studentID int64) domain.User {
		u := domain.User{RegionID: r.Region.ID, Email: email, Name: string(role) + " " + slug, Role: role,
			OrganisationID: orgID, StudentID: studentID, PasswordHash: hash}
		u.ID = must(db.CreateUser(ctx, u))(tb)
		return must(db.User(ctx, u.ID))(tb)
	}
	r.Users[domain.RoleCoach] = user(domain.RoleCoach, "coach@"+slug+".test", r.School.ID, 0)
	r.Users[domain.RoleSchoolStaff] = user(domain.RoleSchoolStaff, "school@"+slug+".test", r.School.ID, 0)
	r.Users[domain.RoleCompany] = user(domain.RoleCompany, "company@"+slug+".test", r.Company.ID, 0)
	r.Users[domain.RoleCoordinator] = user(domain.RoleCoordinator, "coordinator@"+slug+".test", 0, 0)
	r.Users[domain.RoleViewer] = user(domain.RoleViewer, "viewer@"+slug+".test", 0, 0)
	r.Users[domain.RoleAdmin] = user(domain.RoleAdmin, "admin@"+slug+".test", 0, 0)
	r.CompanyUserOther = user(domain.RoleCompany, "company2@"+slug+".test", r.OtherCompany.ID, 0)
	r.SchoolStaffOther = user(domain.RoleSchoolStaff, "school2@"+slug+".test", r.OtherSchool.ID, 0)

	student := func(nm string, schoolID, progID, coachID int64) domain.Student {
		s := domain.Student{RegionID: r.Region.ID, Name: nm, SchoolID: schoolID, ProgrammeID: progID, Stage: domain.StageMBO,
			Crebo: "25340", Level: 3, Pathway: domain.PathwayBOL, Year: 2, HomePostcode: pc, MaxDistanceKm: 25,
			Skills: []string{"plc", "lassen"}, Languages: []string{"nl", "de"}, LookingFor: []domain.PlacementKind{domain.KindInternship},
			CoachID: coachID}
		s.ID = must(db.CreateStudent(ctx, s))(tb)
		return must(db.Student(ctx, r.Region.ID, s.ID))(tb)
	}
	r.Student = student("Student "+slug, r.School.ID, r.Programme.ID, r.Users[domain.RoleCoach].ID)
	r.OtherStudent = student("Andere student "+slug, r.OtherSchool.ID, 0, 0)
	r.StudentUser = user(domain.RoleStudent, "student@"+slug+".test", 0, r.Student.ID)
	r.Users[domain.RoleStudent] = r.StudentUser
	r.OtherStudentUser = user(domain.RoleStudent, "student2@"+slug+".test", 0, r.OtherStudent.ID)

	start := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	placement := func(companyID, locID int64, title string) domain.Placement {
		p := domain.Placement{RegionID: r.Region.ID, CompanyID: companyID, LocationID: locID, Kind: domain.KindInternship,
			Title: title, Description: "Meewerken aan machinebouw.", Crebos: []string{"25340"}, Field: "mechatronica",
			Stage: domain.StageMBO, Level: 2, Pathway: domain.PathwayBOL, Period: domain.Period{Start: start, End: start.AddDate(0, 5, 0)},
			Capacity: 2, Skills: []string{"plc"}, Languages: []string{"nl"}, CreatedBy: r.Users[domain.RoleCompany].ID}
		p.ID = must(db.CreatePlacement(ctx, p))(tb)
		return must(db.Placement(ctx, r.Region.ID, p.ID))(tb)
	}
	r.Placement = placement(r.Company.ID, r.CompanyLoc.ID, "Stage mechatronica "+slug)
	r.OtherPlacement = placement(r.OtherCompany.ID, r.OtherLoc.ID, "Stage onderhoud "+slug)
	app := func(placementID, studentID, actor int64) domain.Application {
		a := domain.Application{RegionID: r.Region.ID, PlacementID: placementID, StudentID: studentID, Status: domain.AppSubmitted, Motivation: "Graag!"}
		a.ID = must(db.CreateApplication(ctx, a, actor))(tb)
		return must(db.Application(ctx, r.Region.ID, a.ID))(tb)
	}
	r.Application = app(r.Placement.ID, r.Student.ID, r.StudentUser.ID)
	r.OtherApplication = app(r.OtherPlacement.ID, r.OtherStudent.ID, r.OtherStudentUser.ID)
	return r
}
