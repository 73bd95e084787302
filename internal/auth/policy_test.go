package auth_test

import (
	"testing"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
)

func TestPolicyRecords(t *testing.T) {
	const region = 1
	stud := domain.Student{ID: 10, RegionID: region, SchoolID: 100, CoachID: 7}
	actor := func(role domain.Role, user, org, studentID int64) domain.Actor {
		return domain.Actor{UserID: user, RegionID: region, Role: role, OrganisationID: org, StudentID: studentID}
	}
	cases := []struct {
		name string
		a    domain.Actor
		want bool
	}{
		{"the student", actor(domain.RoleStudent, 1, 0, 10), true},
		{"another student", actor(domain.RoleStudent, 2, 0, 11), false},
		{"their coach", actor(domain.RoleCoach, 7, 100, 0), true},
		{"another coach of the school", actor(domain.RoleCoach, 8, 100, 0), false},
		{"staff of the school", actor(domain.RoleSchoolStaff, 3, 100, 0), true},
		{"staff of another school", actor(domain.RoleSchoolStaff, 4, 101, 0), false},
		{"a company", actor(domain.RoleCompany, 5, 200, 0), false},
		{"the coordinator", actor(domain.RoleCoordinator, 6, 0, 0), true},
		{"a coordinator of another region", domain.Actor{UserID: 9, RegionID: 2, Role: domain.RoleCoordinator}, false},
		{"a viewer", actor(domain.RoleViewer, 12, 0, 0), false},
		{"an administrator", actor(domain.RoleAdmin, 13, 0, 0), false},
		{"anonymous", domain.Actor{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.CanViewStudent(tc.a, stud); got != tc.want {
				t.Fatalf("CanViewStudent = %v", got)
			}
		})
	}

	app := domain.Application{ID: 1, RegionID: region, StudentID: 10, CompanyID: 200, SchoolID: 100, CoachID: 7}
	acts := []struct {
		name string
		a    domain.Actor
		act  domain.AppAction
		want bool
	}{
		{"company invites", actor(domain.RoleCompany, 5, 200, 0), domain.ActInvite, true},
		{"company cannot accept for the student", actor(domain.RoleCompany, 5, 200, 0), domain.ActAccept, false},
		{"other company cannot invite", actor(domain.RoleCompany, 5, 201, 0), domain.ActInvite, false},
		{"student accepts", actor(domain.RoleStudent, 1, 0, 10), domain.ActAccept, true},
		{"student cannot offer", actor(domain.RoleStudent, 1, 0, 10), domain.ActOffer, false},
		{"another student cannot withdraw", actor(domain.RoleStudent, 2, 0, 11), domain.ActWithdraw, false},
		{"coordinator offers", actor(domain.RoleCoordinator, 6, 0, 0), domain.ActOffer, true},
		{"coach only watches", actor(domain.RoleCoach, 7, 100, 0), domain.ActWithdraw, false},
		{"school only watches", actor(domain.RoleSchoolStaff, 3, 100, 0), domain.ActInvite, false},
	}
	for _, tc := range acts {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.CanAct(tc.a, app, tc.act); got != tc.want {
				t.Fatalf("CanAct = %v", got)
			}
		})
	}

	open := domain.Placement{ID: 1, RegionID: region, CompanyID: 200, Status: domain.PlacementOpen}
	draft := open
	draft.Status = domain.PlacementDraft
	if !auth.CanViewPlacement(actor(domain.RoleStudent, 1, 0, 10), open) || auth.CanViewPlacement(actor(domain.RoleStudent, 1, 0, 10), draft) {
		t.Fatal("students see open placements only")
	}
	if !auth.CanViewPlacement(actor(domain.RoleCompany, 5, 200, 0), draft) || auth.CanViewPlacement(actor(domain.RoleCompany, 5, 201, 0), draft) {
		t.Fatal("companies see their own drafts only")
	}
	if auth.CanViewPlacement(actor(domain.RoleViewer, 12, 0, 0), open) {
		t.Fatal("viewers see aggregates only")
	}
	if !auth.CanEditPlacement(actor(domain.RoleCompany, 5, 200, 0), open) || auth.CanEditPlacement(actor(domain.RoleCompany, 5, 201, 0), open) {
		t.Fatal("edit placement")
	}
	if auth.Allow(domain.Actor{}, auth.SignedIn) || !auth.Allow(domain.Actor{}, auth.Public) {
		t.Fatal("anonymous")
	}
	if auth.Allow(actor(domain.RoleCoordinator, 6, 0, 0), auth.Action("made.up")) {
		t.Fatal("unknown action allowed")
	}
}
