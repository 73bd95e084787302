// Package overview builds each role's home: the figures and lists a user
// sees first after signing in. Viewers get aggregates only.
package overview

import (
	"context"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the overview needs.
type Store interface {
	Region(ctx context.Context, id int64) (domain.Region, error)
	CountStudents(ctx context.Context, regionID int64) ([]store.Count, error)
	CountStudentsByStage(ctx context.Context, regionID int64) ([]store.Count, error)
	CountPlacements(ctx context.Context, regionID int64) ([]store.Count, error)
	CountPlacementsByKind(ctx context.Context, regionID int64) ([]store.Count, error)
	CountApplications(ctx context.Context, regionID int64) ([]store.Count, error)
	Organisations(ctx context.Context, f store.OrgFilter) ([]domain.Organisation, int, error)
	Organisation(ctx context.Context, regionID, id int64) (domain.Organisation, error)
	Student(ctx context.Context, regionID, id int64) (domain.Student, error)
	Students(ctx context.Context, f store.StudentFilter) ([]domain.Student, int, error)
	Placements(ctx context.Context, f store.PlacementFilter) ([]domain.Placement, int, error)
	Applications(ctx context.Context, f store.AppFilter) ([]domain.Application, int, error)
}

// Figures are a region's aggregate numbers: no personal data.
type Figures struct {
	Region                 domain.Region
	Schools, Companies     int
	StudentsByStatus       []store.Count
	StudentsByStage        []store.Count
	PlacementsByStatus     []store.Count
	OpenPlacementsByKind   []store.Count
	ApplicationsByStatus   []store.Count
	Students, OpenPlaces   int
	Applications, Accepted int
}

// Home is what a role sees on its home page; only the parts for the role
// are filled.
type Home struct {
	Figures      *Figures
	Organisation *domain.Organisation
	Student      *domain.Student
	Students     []domain.Student // a coach's caseload, a school's newest
	StudentTotal int
	Placements   []domain.Placement
	Applications []domain.Application
	AppTotal     int
}

// Service builds overviews.
type Service struct{ st Store }

// New returns the overview service.
func New(st Store) *Service { return &Service{st: st} }

// Figures returns the aggregates of the actor's region.
func (s *Service) Figures(ctx context.Context) (Figures, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewAggregates) {
		return Figures{}, domain.ErrForbidden
	}
	return s.figures(ctx, a.RegionID)
}

func (s *Service) figures(ctx context.Context, regionID int64) (Figures, error) {
	var f Figures
	var err error
	if f.Region, err = s.st.Region(ctx, regionID); err != nil {
		return f, err
	}
	if _, f.Schools, err = s.st.Organisations(ctx, store.OrgFilter{RegionID: regionID, Kind: domain.OrgSchool, Page: store.Page{Limit: 1}}); err != nil {
		return f, err
	}
	if _, f.Companies, err = s.st.Organisations(ctx, store.OrgFilter{RegionID: regionID, Kind: domain.OrgCompany, Page: store.Page{Limit: 1}}); err != nil {
		return f, err
	}
	for _, q := range []struct {
		dst *[]store.Count
		fn  func(context.Context, int64) ([]store.Count, error)
	}{
		{&f.StudentsByStatus, s.st.CountStudents}, {&f.StudentsByStage, s.st.CountStudentsByStage},
		{&f.PlacementsByStatus, s.st.CountPlacements}, {&f.OpenPlacementsByKind, s.st.CountPlacementsByKind},
		{&f.ApplicationsByStatus, s.st.CountApplications},
	} {
		if *q.dst, err = q.fn(ctx, regionID); err != nil {
			return f, err
		}
	}
	for _, c := range f.StudentsByStatus {
		f.Students += c.N
	}
	for _, c := range f.OpenPlacementsByKind {
		f.OpenPlaces += c.N
	}
	for _, c := range f.ApplicationsByStatus {
		f.Applications += c.N
		if c.Key == string(domain.AppAccepted) {
			f.Accepted = c.N
		}
	}
	return f, nil
}

// Home returns the actor's home page data.
func (s *Service) Home(ctx context.Context) (Home, error) {
	a := request.Actor(ctx)
	var h Home
	var err error
	recent := store.Page{Limit: 8}
	if auth.Allow(a, auth.ViewAggregates) {
		f, err := s.figures(ctx, a.RegionID)
		if err != nil {
			return h, err
		}
		h.Figures = &f
	}
	if a.OrganisationID != 0 {
		o, err := s.st.Organisation(ctx, a.RegionID, a.OrganisationID)
		if err != nil {
			return h, err
		}
		h.Organisation = &o
	}
	switch a.Role {
	case domain.RoleStudent:
		st, err := s.st.Student(ctx, a.RegionID, a.StudentID)
		if err != nil {
			return h, err
		}
		h.Student = &st
		h.Applications, h.AppTotal, err = s.st.Applications(ctx, store.AppFilter{RegionID: a.RegionID, StudentID: a.StudentID, Page: recent})
	case domain.RoleCoach:
		h.Students, h.StudentTotal, err = s.st.Students(ctx, store.StudentFilter{RegionID: a.RegionID, CoachID: a.UserID, Page: recent})
		if err == nil {
			h.Applications, h.AppTotal, err = s.st.Applications(ctx, store.AppFilter{RegionID: a.RegionID, CoachID: a.UserID, Page: recent})
		}
	case domain.RoleSchoolStaff:
		h.Students, h.StudentTotal, err = s.st.Students(ctx, store.StudentFilter{RegionID: a.RegionID, SchoolID: a.OrganisationID,
			Status: domain.StudentLooking, Page: recent})
		if err == nil {
			h.Applications, h.AppTotal, err = s.st.Applications(ctx, store.AppFilter{RegionID: a.RegionID, SchoolID: a.OrganisationID, Page: recent})
		}
	case domain.RoleCompany:
		h.Placements, _, err = s.st.Placements(ctx, store.PlacementFilter{RegionID: a.RegionID, CompanyID: a.OrganisationID, Page: recent})
		if err == nil {
			h.Applications, h.AppTotal, err = s.st.Applications(ctx, store.AppFilter{RegionID: a.RegionID, CompanyID: a.OrganisationID,
				Status: domain.AppSubmitted, Page: recent})
		}
	case domain.RoleCoordinator:
		h.Placements, _, err = s.st.Placements(ctx, store.PlacementFilter{RegionID: a.RegionID, Page: recent})
		if err == nil {
			h.Applications, h.AppTotal, err = s.st.Applications(ctx, store.AppFilter{RegionID: a.RegionID, Page: recent})
		}
	}
	return h, err
}
