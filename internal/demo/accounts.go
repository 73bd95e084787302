package demo

import (
	"time"

	"talentloket/internal/domain"
)

// Account is a demo account that can sign in with the demo password.
type Account struct {
	Email  string
	Role   domain.Role
	Region string // region slug
	Name   string
}

// Accounts lists the demo accounts Generate creates: one per role per
// region, <role>@<region>.demo (the school staff account is school@...,
// the company contact company@...). It needs no database.
func Accounts() []Account {
	var out []Account
	for _, rs := range regionSpecs {
		d := rs.demo
		people := map[domain.Role]person{
			domain.RoleStudent: d.student, domain.RoleCoach: d.coach, domain.RoleSchoolStaff: d.staff, domain.RoleCompany: d.contact,
			domain.RoleCoordinator: d.coordinator, domain.RoleViewer: d.viewer, domain.RoleAdmin: d.admin,
		}
		for _, role := range domain.Roles {
			out = append(out, Account{Email: accountEmail(role, rs.slug), Role: role, Region: rs.slug, Name: people[role].name()})
		}
	}
	return out
}

// accountEmail returns the address of a region's demo account of a role.
func accountEmail(role domain.Role, slug string) string {
	local := map[domain.Role]string{domain.RoleSchoolStaff: "school", domain.RoleCompany: "company"}[role]
	if local == "" {
		local = string(role)
	}
	return local + "@" + slug + ".demo"
}

// planAccounts adds the region-wide demo accounts (coordinator, viewer,
// administrator) and gives every demo account the demo password.
func (rp *regionPlan) planAccounts() {
	d := rp.spec.demo
	at := rp.created.Add(2 * time.Hour)
	byRole := map[domain.Role]*userPlan{
		domain.RoleStudent:     rp.demoStudent.user,
		domain.RoleCoach:       rp.demoSchool.coaches[0],
		domain.RoleSchoolStaff: rp.demoSchool.staff,
		domain.RoleCompany:     rp.demoCompany.contact,
		domain.RoleCoordinator: rp.addUser(d.coordinator, accountEmail(domain.RoleCoordinator, rp.spec.slug), domain.RoleCoordinator, nil, at),
		domain.RoleViewer:      rp.addUser(d.viewer, accountEmail(domain.RoleViewer, rp.spec.slug), domain.RoleViewer, nil, at),
		domain.RoleAdmin:       rp.addUser(d.admin, accountEmail(domain.RoleAdmin, rp.spec.slug), domain.RoleAdmin, nil, at),
	}
	for _, role := range domain.Roles {
		u := byRole[role]
		u.u.PasswordHash = rp.w.hash
		rp.accounts = append(rp.accounts, u)
	}
}

// settle derives the final statuses and makes the creation times agree with
// the history: a placement whose accepted applications reach its capacity
// is filled, a student with an accepted application is placed, and nobody
// applies before their profile exists.
func (rp *regionPlan) settle() {
	for _, p := range rp.placements {
		if p.p.Status == domain.PlacementOpen && p.accepted >= p.p.Capacity {
			p.p.Status = domain.PlacementFilled
		}
	}
	for _, a := range rp.apps {
		s := a.student
		if limit := a.t0.Add(-days(2)); s.created.After(limit) {
			s.created = domain.Day(limit).Add(9 * time.Hour)
		}
	}
	for _, s := range rp.students {
		switch {
		case s.placed:
			s.s.Status = domain.StudentPlaced
		case s.inactive:
			s.s.Status = domain.StudentInactive
		default:
			s.s.Status = domain.StudentLooking
		}
		if s.user != nil {
			s.user.created = s.created.Add(2 * time.Hour)
		}
	}
}
