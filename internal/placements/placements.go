// Package placements holds the use cases of places and applications:
// companies publish placements of every kind, students search and apply,
// and both sides move applications through their workflow.
package placements

import (
	"context"
	"fmt"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the placement use cases need.
type Store interface {
	Organisation(ctx context.Context, regionID, id int64) (domain.Organisation, error)
	Locations(ctx context.Context, regionID, orgID int64) ([]domain.Location, error)
	Postcode(ctx context.Context, code string) (domain.Postcode, error)
	Student(ctx context.Context, regionID, id int64) (domain.Student, error)
	UpdateStudent(ctx context.Context, s domain.Student) error
	CreatePlacement(ctx context.Context, p domain.Placement) (int64, error)
	UpdatePlacement(ctx context.Context, p domain.Placement) error
	SetPlacementStatus(ctx context.Context, regionID, id int64, st domain.PlacementStatus, reason string) error
	LockPlacement(ctx context.Context, regionID, id int64) error
	Placement(ctx context.Context, regionID, id int64) (domain.Placement, error)
	Placements(ctx context.Context, f store.PlacementFilter) ([]domain.Placement, int, error)
	CreateApplication(ctx context.Context, a domain.Application, actorID int64) (int64, error)
	Application(ctx context.Context, regionID, id int64) (domain.Application, error)
	Applications(ctx context.Context, f store.AppFilter) ([]domain.Application, int, error)
	SetApplicationStatus(ctx context.Context, regionID, id int64, from, to domain.ApplicationStatus, actorID int64, note string) error
	ApplicationEvents(ctx context.Context, applicationID int64) ([]domain.ApplicationEvent, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// DB is a Store that can run a function in one transaction.
type DB interface {
	Store
	InTx(ctx context.Context, fn func(Store) error) error
}

// Service runs the placement use cases.
type Service struct {
	db     DB
	now    func() time.Time
	finder Finder
}

// New returns the placement service; now may be nil.
func New(db DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

func (s *Service) forbid(ctx context.Context, what string) error {
	request.Audit(ctx, s.db, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

// List returns the placements the actor may list: a company its own (any
// status), a coordinator all, others only open ones.
func (s *Service) List(ctx context.Context, f store.PlacementFilter) ([]domain.Placement, int, error) {
	a := request.Actor(ctx)
	company, openOnly, ok := auth.PlacementScope(a)
	if !ok {
		return nil, 0, s.forbid(ctx, "placements")
	}
	f.RegionID = a.RegionID
	if company != 0 {
		f.CompanyID = company
	}
	if openOnly {
		f.Statuses = []domain.PlacementStatus{domain.PlacementOpen}
	}
	return s.db.Placements(ctx, f)
}

// PlacementView is a placement with what the actor may do with it.
type PlacementView struct {
	Placement  domain.Placement
	CanEdit    bool
	CanApply   bool
	Applied    *domain.Application // the student's own application, if any
	Applicants []domain.Application
}

// Get returns a placement the actor may see, or ErrNotFound/ErrForbidden.
func (s *Service) Get(ctx context.Context, id int64) (PlacementView, error) {
	a := request.Actor(ctx)
	p, err := s.db.Placement(ctx, a.RegionID, id)
	if err != nil {
		return PlacementView{}, err
	}
	if !auth.CanViewPlacement(a, p) {
		return PlacementView{}, s.forbid(ctx, fmt.Sprintf("placement:%d", id))
	}
	v := PlacementView{Placement: p, CanEdit: auth.CanEditPlacement(a, p)}
	if v.CanEdit {
		v.Applicants, _, err = s.db.Applications(ctx, store.AppFilter{RegionID: a.RegionID, PlacementID: id, Page: store.Page{Limit: 500}})
		if err != nil {
			return v, err
		}
	}
	if a.Role == domain.RoleStudent {
		apps, _, err := s.db.Applications(ctx, store.AppFilter{RegionID: a.RegionID, PlacementID: id, StudentID: a.StudentID})
		if err != nil {
			return v, err
		}
		if len(apps) > 0 {
			v.Applied = &apps[0]
		}
		v.CanApply = len(apps) == 0 && p.Open() && auth.CanApply(a, a.StudentID)
	}
	return v, nil
}

// Create publishes a placement for a company the actor may act for.
func (s *Service) Create(ctx context.Context, p domain.Placement) (int64, error) {
	a := request.Actor(ctx)
	if a.Role == domain.RoleCompany {
		p.CompanyID = a.OrganisationID
	}
	if !auth.CanCreatePlacementFor(a, p.CompanyID) {
		return 0, s.forbid(ctx, fmt.Sprintf("company:%d", p.CompanyID))
	}
	if p.CompanyID == 0 {
		return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "company", Key: "invalid.company_required"}}}
	}
	p.RegionID, p.CreatedBy = a.RegionID, a.UserID
	if p.Status == "" {
		p.Status = domain.PlacementOpen
	}
	if p.Status != domain.PlacementOpen && p.Status != domain.PlacementDraft {
		return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "status", Key: "invalid.choice"}}}
	}
	id, err := s.db.CreatePlacement(ctx, p)
	if err != nil {
		return 0, err
	}
	request.Audit(ctx, s.db, domain.AuditCreate, fmt.Sprintf("placement:%d", id), p.Title)
	s.changed(ctx, a.RegionID, id)
	return id, nil
}

// Update saves a placement the actor may edit. The company and the status
// of a filled or closed placement do not change here.
func (s *Service) Update(ctx context.Context, p domain.Placement) error {
	a := request.Actor(ctx)
	cur, err := s.db.Placement(ctx, a.RegionID, p.ID)
	if err != nil {
		return err
	}
	if !auth.CanEditPlacement(a, cur) {
		return s.forbid(ctx, fmt.Sprintf("placement:%d", p.ID))
	}
	p.RegionID, p.CompanyID, p.CloseReason = cur.RegionID, cur.CompanyID, cur.CloseReason
	switch {
	case cur.Status == domain.PlacementClosed || cur.Status == domain.PlacementFilled:
		p.Status = cur.Status
	case p.Status != domain.PlacementOpen && p.Status != domain.PlacementDraft:
		p.Status = cur.Status
	}
	if p.Capacity < cur.Accepted {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "capacity", Key: "invalid.capacity_below_accepted", Args: []any{cur.Accepted}}}}
	}
	if err := s.db.UpdatePlacement(ctx, p); err != nil {
		return err
	}
	request.Audit(ctx, s.db, domain.AuditUpdate, fmt.Sprintf("placement:%d", p.ID), p.Title)
	s.changed(ctx, a.RegionID, p.ID)
	return nil
}

// Close closes a placement the actor may edit, with a reason.
func (s *Service) Close(ctx context.Context, id int64, reason string) error {
	a := request.Actor(ctx)
	p, err := s.db.Placement(ctx, a.RegionID, id)
	if err != nil {
		return err
	}
	if !auth.CanEditPlacement(a, p) {
		return s.forbid(ctx, fmt.Sprintf("placement:%d", id))
	}
	if err := p.Close(reason, s.now()); err != nil {
		return err
	}
	if err := s.db.SetPlacementStatus(ctx, a.RegionID, id, p.Status, p.CloseReason); err != nil {
		return err
	}
	request.Audit(ctx, s.db, domain.AuditStatusChange, fmt.Sprintf("placement:%d", id), "closed")
	s.changed(ctx, a.RegionID, id)
	return nil
}

// Locations returns the locations of the company a placement form is for.
func (s *Service) Locations(ctx context.Context, companyID int64) ([]domain.Location, error) {
	a := request.Actor(ctx)
	if a.Role == domain.RoleCompany {
		companyID = a.OrganisationID
	}
	if !auth.CanCreatePlacementFor(a, companyID) {
		return nil, s.forbid(ctx, fmt.Sprintf("company:%d", companyID))
	}
	return s.db.Locations(ctx, a.RegionID, companyID)
}
