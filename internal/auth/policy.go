package auth

import "talentloket/internal/domain"

// The permission policy: the one place that decides what each role may do.
// Routes name an Action; Allow decides it by role. Records are always read
// within the actor's region (another region's id is simply not found);
// the Can... functions below decide on the record itself, and the Scope
// functions narrow lists to what a role may see.

// Action is something a request does.
type Action string

// Actions, one per kind of request.
const (
	Public            Action = "public"     // anyone, signed in or not
	SignedIn          Action = "signed_in"  // any signed-in user: home, own account, tokens
	ViewOrganisations Action = "org.view"   // organisations and their programmes
	ManageOrgs        Action = "org.manage" // create organisations (coordinator, admin)
	EditOrganisation  Action = "org.edit"   // edit one organisation, add locations
	ManageProgrammes  Action = "programme.manage"
	ListStudents      Action = "student.list"
	ViewStudent       Action = "student.view"
	CreateStudent     Action = "student.create"
	EditStudent       Action = "student.edit"
	EraseStudent      Action = "student.erase"
	ExportStudent     Action = "student.export"
	ViewPlacements    Action = "placement.view"
	CreatePlacement   Action = "placement.create"
	EditPlacement     Action = "placement.edit"
	SearchPlacements  Action = "placement.search"
	Apply             Action = "application.create"
	ViewApplications  Action = "application.view"
	ActOnApplication  Action = "application.act"
	ViewAggregates    Action = "region.aggregates"
	ManageUsers       Action = "user.manage"
	ViewAudit         Action = "audit.view"
)

type roleSet map[domain.Role]bool

func roles(rs ...domain.Role) roleSet {
	s := roleSet{}
	for _, r := range rs {
		s[r] = true
	}
	return s
}

var everyone = roles(domain.Roles...)

const (
	student     = domain.RoleStudent
	coach       = domain.RoleCoach
	schoolStaff = domain.RoleSchoolStaff
	company     = domain.RoleCompany
	coordinator = domain.RoleCoordinator
	viewer      = domain.RoleViewer
	admin       = domain.RoleAdmin
)

// rules: which roles may take each action at all. Viewers see aggregates
// only; administrators manage accounts and organisations, not students.
var rules = map[Action]roleSet{
	SignedIn:          everyone,
	ViewOrganisations: everyone,
	ManageOrgs:        roles(coordinator, admin),
	EditOrganisation:  roles(schoolStaff, company, coordinator, admin),
	ManageProgrammes:  roles(schoolStaff, coordinator, admin),
	ListStudents:      roles(coach, schoolStaff, coordinator),
	ViewStudent:       roles(student, coach, schoolStaff, coordinator),
	CreateStudent:     roles(schoolStaff, coordinator),
	EditStudent:       roles(student, coach, schoolStaff, coordinator),
	EraseStudent:      roles(coordinator),
	ExportStudent:     roles(student, coordinator),
	ViewPlacements:    roles(student, coach, schoolStaff, company, coordinator),
	CreatePlacement:   roles(company, coordinator),
	EditPlacement:     roles(company, coordinator),
	SearchPlacements:  roles(student, coach, schoolStaff, coordinator),
	Apply:             roles(student),
	ViewApplications:  roles(student, coach, schoolStaff, company, coordinator),
	ActOnApplication:  roles(student, company, coordinator),
	ViewAggregates:    roles(coordinator, viewer, admin),
	ManageUsers:       roles(admin),
	ViewAudit:         roles(admin),
}

// Known reports whether an action has a rule. Routes with an unknown action
// are refused at start-up.
func Known(act Action) bool {
	_, ok := rules[act]
	return ok || act == Public
}

// Allow reports whether the actor's role may take the action at all. It is
// false for anonymous actors except on Public, and for unknown actions
// (deny by default).
func Allow(a domain.Actor, act Action) bool {
	if act == Public {
		return true
	}
	if a.Anonymous() {
		return false
	}
	return rules[act][a.Role]
}

// CanViewStudent decides on one student of the actor's region: students see
// themselves, coaches their caseload, school staff their school, and
// coordinators everyone.
func CanViewStudent(a domain.Actor, s domain.Student) bool {
	if a.RegionID != s.RegionID {
		return false
	}
	switch a.Role {
	case student:
		return a.StudentID == s.ID
	case coach:
		return s.CoachID == a.UserID
	case schoolStaff:
		return s.SchoolID == a.OrganisationID
	case coordinator:
		return true
	}
	return false
}

// CanEditStudent: a student edits their own profile (what they look for),
// school staff their school's students, coaches their caseload,
// coordinators everyone.
func CanEditStudent(a domain.Actor, s domain.Student) bool {
	return Allow(a, EditStudent) && CanViewStudent(a, s)
}

// StudentOwnFields are the fields a student may change on their own profile.
var StudentOwnFields = []string{"home_postcode", "max_distance_km", "skills", "languages", "looking_for", "available_from", "available_until"}

// StudentScope returns the school and coach a student list must be limited
// to for the actor; ok is false when the actor may not list students.
func StudentScope(a domain.Actor) (schoolID, coachID int64, ok bool) {
	if !Allow(a, ListStudents) {
		return 0, 0, false
	}
	switch a.Role {
	case coach:
		return 0, a.UserID, true
	case schoolStaff:
		return a.OrganisationID, 0, true
	}
	return 0, 0, true
}

// CanViewPlacement: open placements are visible to every role that sees
// placements; a company sees all of its own; coordinators see all.
func CanViewPlacement(a domain.Actor, p domain.Placement) bool {
	if a.RegionID != p.RegionID || !Allow(a, ViewPlacements) {
		return false
	}
	switch a.Role {
	case coordinator:
		return true
	case company:
		return p.CompanyID == a.OrganisationID || p.Status == domain.PlacementOpen
	}
	return p.Status == domain.PlacementOpen
}

// CanEditPlacement: the company's own contacts and coordinators.
func CanEditPlacement(a domain.Actor, p domain.Placement) bool {
	if a.RegionID != p.RegionID || !Allow(a, EditPlacement) {
		return false
	}
	return a.Role == coordinator || (a.Role == company && p.CompanyID == a.OrganisationID)
}

// CanCreatePlacementFor: companies for themselves, coordinators for any
// company of the region.
func CanCreatePlacementFor(a domain.Actor, companyID int64) bool {
	if !Allow(a, CreatePlacement) {
		return false
	}
	return a.Role == coordinator || a.OrganisationID == companyID
}

// PlacementScope returns the company a placement list is limited to (0 =
// none) and whether only open placements may be listed.
func PlacementScope(a domain.Actor) (companyID int64, openOnly bool, ok bool) {
	if !Allow(a, ViewPlacements) {
		return 0, false, false
	}
	switch a.Role {
	case coordinator:
		return 0, false, true
	case company:
		return a.OrganisationID, false, true
	}
	return 0, true, true
}

// CanEditOrganisation: coordinators and administrators edit any
// organisation of their region, contacts their own.
func CanEditOrganisation(a domain.Actor, o domain.Organisation) bool {
	if a.RegionID != o.RegionID || !Allow(a, EditOrganisation) {
		return false
	}
	return a.Role == coordinator || a.Role == admin || o.ID == a.OrganisationID
}

// CanManageProgrammesOf: school staff for their school, coordinators and
// administrators for any school.
func CanManageProgrammesOf(a domain.Actor, schoolID int64) bool {
	if !Allow(a, ManageProgrammes) {
		return false
	}
	return a.Role != schoolStaff || a.OrganisationID == schoolID
}

// CanCreateStudentAt: school staff at their school, coordinators anywhere.
func CanCreateStudentAt(a domain.Actor, schoolID int64) bool {
	if !Allow(a, CreateStudent) {
		return false
	}
	return a.Role == coordinator || a.OrganisationID == schoolID
}

// CanViewApplication: the student, their coach and school, the placement's
// company and coordinators.
func CanViewApplication(a domain.Actor, app domain.Application) bool {
	if a.RegionID != app.RegionID || !Allow(a, ViewApplications) {
		return false
	}
	switch a.Role {
	case student:
		return app.StudentID == a.StudentID
	case coach:
		return app.CoachID == a.UserID
	case schoolStaff:
		return app.SchoolID == a.OrganisationID
	case company:
		return app.CompanyID == a.OrganisationID
	case coordinator:
		return true
	}
	return false
}

// ApplicationScope returns the filter a list of applications must carry for
// the actor; ok is false when the actor may not see applications.
func ApplicationScope(a domain.Actor) (studentID, companyID, schoolID, coachID int64, ok bool) {
	if !Allow(a, ViewApplications) {
		return 0, 0, 0, 0, false
	}
	switch a.Role {
	case student:
		return a.StudentID, 0, 0, 0, true
	case company:
		return 0, a.OrganisationID, 0, 0, true
	case schoolStaff:
		return 0, 0, a.OrganisationID, 0, true
	case coach:
		return 0, 0, 0, a.UserID, true
	}
	return 0, 0, 0, 0, true
}

// SideOf returns which side of an application the actor may act for: the
// placement's side (its company, a coordinator) or the student's side (the
// student). 0 means neither.
func SideOf(a domain.Actor, app domain.Application) domain.Side {
	if a.RegionID != app.RegionID || !Allow(a, ActOnApplication) {
		return 0
	}
	switch {
	case a.Role == student && app.StudentID == a.StudentID:
		return domain.SideStudent
	case a.Role == company && app.CompanyID == a.OrganisationID, a.Role == coordinator:
		return domain.SidePlacement
	}
	return 0
}

// CanAct reports whether the actor may take step act on the application.
func CanAct(a domain.Actor, app domain.Application, act domain.AppAction) bool {
	side := SideOf(a, app)
	return side != 0 && act.SideOf() == side
}

// CanApply: students for themselves.
func CanApply(a domain.Actor, studentID int64) bool {
	return Allow(a, Apply) && a.StudentID == studentID && studentID != 0
}
