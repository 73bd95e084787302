// Package students holds the use cases of student profiles: lists scoped to
// a coach's caseload or a school, profile changes, and the privacy rights
// (a full export and erasure on request).
package students

import (
	"context"
	"fmt"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the student use cases need.
type Store interface {
	CreateStudent(ctx context.Context, s domain.Student) (int64, error)
	UpdateStudent(ctx context.Context, s domain.Student) error
	Student(ctx context.Context, regionID, id int64) (domain.Student, error)
	Students(ctx context.Context, f store.StudentFilter) ([]domain.Student, int, error)
	DeleteStudent(ctx context.Context, regionID, id int64) error
	Applications(ctx context.Context, f store.AppFilter) ([]domain.Application, int, error)
	ApplicationEvents(ctx context.Context, applicationID int64) ([]domain.ApplicationEvent, error)
	Users(ctx context.Context, f store.UserFilter) ([]domain.User, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Service runs the student use cases.
type Service struct{ st Store }

// New returns the student service.
func New(st Store) *Service { return &Service{st: st} }

func (s *Service) forbid(ctx context.Context, what string) error {
	request.Audit(ctx, s.st, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

// List returns the students the actor may see, filtered.
func (s *Service) List(ctx context.Context, f store.StudentFilter) ([]domain.Student, int, error) {
	a := request.Actor(ctx)
	school, coach, ok := auth.StudentScope(a)
	if !ok {
		return nil, 0, s.forbid(ctx, "students")
	}
	f.RegionID = a.RegionID
	if school != 0 {
		f.SchoolID = school
	}
	if coach != 0 {
		f.CoachID = coach
	}
	return s.st.Students(ctx, f)
}

// Get returns a student the actor may see. A student outside the actor's
// scope within the region is ErrForbidden; outside the region ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (domain.Student, error) {
	a := request.Actor(ctx)
	st, err := s.st.Student(ctx, a.RegionID, id)
	if err != nil {
		return st, err
	}
	if !auth.CanViewStudent(a, st) {
		return domain.Student{}, s.forbid(ctx, fmt.Sprintf("student:%d", id))
	}
	return st, nil
}

// Create adds a student at a school the actor may manage.
func (s *Service) Create(ctx context.Context, st domain.Student) (int64, error) {
	a := request.Actor(ctx)
	if st.SchoolID == 0 && a.Role == domain.RoleSchoolStaff {
		st.SchoolID = a.OrganisationID
	}
	if !auth.CanCreateStudentAt(a, st.SchoolID) {
		return 0, s.forbid(ctx, fmt.Sprintf("school:%d", st.SchoolID))
	}
	st.RegionID = a.RegionID
	id, err := s.st.CreateStudent(ctx, st)
	if err != nil {
		return 0, err
	}
	request.Audit(ctx, s.st, domain.AuditCreate, fmt.Sprintf("student:%d", id), "")
	return id, nil
}

// Update saves a student profile. Students change only what they look for
// and where they live; staff may not move a student to another school.
func (s *Service) Update(ctx context.Context, next domain.Student) error {
	cur, err := s.Get(ctx, next.ID)
	if err != nil {
		return err
	}
	a := request.Actor(ctx)
	if !auth.CanEditStudent(a, cur) {
		return s.forbid(ctx, fmt.Sprintf("student:%d", cur.ID))
	}
	next.RegionID = cur.RegionID
	switch a.Role {
	case domain.RoleStudent:
		own := cur
		own.HomePostcode, own.MaxDistanceKm = next.HomePostcode, next.MaxDistanceKm
		own.Skills, own.Languages, own.LookingFor, own.Available = next.Skills, next.Languages, next.LookingFor, next.Available
		next = own
	case domain.RoleSchoolStaff, domain.RoleCoach:
		next.SchoolID = cur.SchoolID
		if a.Role == domain.RoleCoach {
			next.CoachID = cur.CoachID
		}
	}
	if err := s.st.UpdateStudent(ctx, next); err != nil {
		return err
	}
	request.Audit(ctx, s.st, domain.AuditUpdate, fmt.Sprintf("student:%d", cur.ID), "")
	return nil
}

// Coaches lists the coaches of the region (for assigning a caseload).
func (s *Service) Coaches(ctx context.Context, schoolID int64) ([]domain.User, error) {
	a := request.Actor(ctx)
	return s.st.Users(ctx, store.UserFilter{RegionID: a.RegionID, Role: domain.RoleCoach, OrgID: schoolID, Page: store.Page{Limit: 500}})
}

// Export is everything Talentloket holds about a student, for a request
// under article 15 of the GDPR.
type Export struct {
	Student      domain.Student
	Applications []ExportedApplication
}

// ExportedApplication is an application with its history.
type ExportedApplication struct {
	Application domain.Application
	History     []domain.ApplicationEvent
}

// Export returns all data of a student for the student or a coordinator,
// and records the export in the audit trail.
func (s *Service) Export(ctx context.Context, id int64) (Export, error) {
	a := request.Actor(ctx)
	st, err := s.st.Student(ctx, a.RegionID, id)
	if err != nil {
		return Export{}, err
	}
	if !auth.Allow(a, auth.ExportStudent) || !auth.CanViewStudent(a, st) {
		return Export{}, s.forbid(ctx, fmt.Sprintf("student:%d", id))
	}
	out := Export{Student: st}
	apps, _, err := s.st.Applications(ctx, store.AppFilter{RegionID: a.RegionID, StudentID: id, Page: store.Page{Limit: 500}})
	if err != nil {
		return out, err
	}
	for _, app := range apps {
		h, err := s.st.ApplicationEvents(ctx, app.ID)
		if err != nil {
			return out, err
		}
		out.Applications = append(out.Applications, ExportedApplication{Application: app, History: h})
	}
	request.Audit(ctx, s.st, domain.AuditExport, fmt.Sprintf("student:%d", id), "personal data export")
	return out, nil
}

// Erase deletes a student with their account, applications and history
// (the right to erasure), and records it without personal data.
func (s *Service) Erase(ctx context.Context, id int64) error {
	a := request.Actor(ctx)
	st, err := s.st.Student(ctx, a.RegionID, id)
	if err != nil {
		return err
	}
	if !auth.Allow(a, auth.EraseStudent) || !auth.CanViewStudent(a, st) {
		return s.forbid(ctx, fmt.Sprintf("student:%d", id))
	}
	if err := s.st.DeleteStudent(ctx, a.RegionID, id); err != nil {
		return err
	}
	request.Audit(ctx, s.st, domain.AuditDelete, fmt.Sprintf("student:%d", id), "erased on request")
	return nil
}
