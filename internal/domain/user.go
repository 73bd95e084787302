package domain

import (
	"strings"
	"time"
)

// Role is what a user is in a region. The permission policy decides by role
// and region.
type Role string

// Roles (see PRODUCT.md).
const (
	RoleStudent     Role = "student"
	RoleCoach       Role = "coach"
	RoleSchoolStaff Role = "school_staff"
	RoleCompany     Role = "company_contact"
	RoleCoordinator Role = "coordinator"
	RoleViewer      Role = "viewer"
	RoleAdmin       Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleStudent, RoleCoach, RoleSchoolStaff, RoleCompany, RoleCoordinator, RoleViewer, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// NeedsOrganisation reports whether users of this role belong to an
// organisation: school staff and coaches to a school, company contacts to a
// company.
func (r Role) NeedsOrganisation() bool {
	return r == RoleSchoolStaff || r == RoleCompany || r == RoleCoach
}

// User is an account.
type User struct {
	ID             int64
	RegionID       int64
	Email          string
	Name           string
	Role           Role
	OrganisationID int64 // 0 when the role has none
	StudentID      int64 // the student profile of a student account, 0 otherwise
	Locale         string
	Disabled       bool
	PasswordHash   string
	CreatedAt      time.Time
	LastLoginAt    time.Time
}

// Normalise validates a user in place (not the password).
func (u *User) Normalise() error {
	var v ValidationError
	if e, err := ParseEmail(u.Email); err != nil {
		v.Add("email", "invalid.email")
	} else {
		u.Email = e
	}
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" || len(u.Name) > 200 {
		v.Add("name", "invalid.required")
	}
	if !u.Role.Valid() {
		v.Add("role", "invalid.choice")
	}
	if u.Role.NeedsOrganisation() && u.OrganisationID == 0 {
		v.Add("organisation", "invalid.organisation_required")
	}
	if u.RegionID == 0 {
		v.Add("region", "invalid.required")
	}
	if u.Locale != "" && u.Locale != "nl" && u.Locale != "en" {
		v.Add("locale", "invalid.choice")
	}
	return v.Err()
}

// Actor is who performs a request: the user, their role, region and
// organisation. A zero Actor is anonymous.
type Actor struct {
	UserID         int64
	RegionID       int64
	Role           Role
	OrganisationID int64
	StudentID      int64
	Name           string
	Email          string
}

// Anonymous reports whether no user is signed in.
func (a Actor) Anonymous() bool { return a.UserID == 0 }

// ActorOf returns the actor for a user.
func ActorOf(u User) Actor {
	return Actor{UserID: u.ID, RegionID: u.RegionID, Role: u.Role, OrganisationID: u.OrganisationID,
		StudentID: u.StudentID, Name: u.Name, Email: u.Email}
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password: at least MinPasswordLength
// characters and at most 256 bytes, not only spaces.
func ValidatePassword(p string) error {
	if len([]rune(p)) < MinPasswordLength || strings.TrimSpace(p) == "" {
		return Errorf(CodeInvalid, "invalid.password_short", MinPasswordLength)
	}
	if len(p) > 256 {
		return Errorf(CodeInvalid, "invalid.password_long")
	}
	return nil
}
