// Package partners holds the use cases of a region's partners:
// organisations (schools, companies, associations, governments), their
// locations, the schools' programmes and the region's municipalities.
package partners

import (
	"context"
	"fmt"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the partner use cases need.
type Store interface {
	Region(ctx context.Context, id int64) (domain.Region, error)
	RegionMunicipalities(ctx context.Context, regionID int64) ([]domain.Municipality, error)
	CreateOrganisation(ctx context.Context, o domain.Organisation) (int64, error)
	UpdateOrganisation(ctx context.Context, o domain.Organisation) error
	Organisation(ctx context.Context, regionID, id int64) (domain.Organisation, error)
	Organisations(ctx context.Context, f store.OrgFilter) ([]domain.Organisation, int, error)
	CreateLocation(ctx context.Context, l domain.Location) (int64, error)
	Locations(ctx context.Context, regionID, orgID int64) ([]domain.Location, error)
	CreateProgramme(ctx context.Context, p domain.Programme) (int64, error)
	Programme(ctx context.Context, regionID, id int64) (domain.Programme, error)
	Programmes(ctx context.Context, f store.ProgFilter) ([]domain.Programme, int, error)
	Postcode(ctx context.Context, code string) (domain.Postcode, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Service runs the partner use cases.
type Service struct {
	st Store
}

// New returns the partner service.
func New(st Store) *Service { return &Service{st: st} }

func forbid(ctx context.Context, st Store, what string) error {
	request.Audit(ctx, st, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

// Region returns the actor's region and its municipalities.
func (s *Service) Region(ctx context.Context) (domain.Region, []domain.Municipality, error) {
	a := request.Actor(ctx)
	r, err := s.st.Region(ctx, a.RegionID)
	if err != nil {
		return r, nil, err
	}
	ms, err := s.st.RegionMunicipalities(ctx, a.RegionID)
	return r, ms, err
}

// Organisations lists the organisations of the actor's region.
func (s *Service) Organisations(ctx context.Context, f store.OrgFilter) ([]domain.Organisation, int, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewOrganisations) {
		return nil, 0, forbid(ctx, s.st, "organisations")
	}
	f.RegionID = a.RegionID
	return s.st.Organisations(ctx, f)
}

// OrganisationView is an organisation with its locations and programmes.
type OrganisationView struct {
	Org        domain.Organisation
	Locations  []domain.Location
	Programmes []domain.Programme
	CanEdit    bool
}

// Organisation returns one organisation of the actor's region, or
// ErrNotFound.
func (s *Service) Organisation(ctx context.Context, id int64) (OrganisationView, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewOrganisations) {
		return OrganisationView{}, forbid(ctx, s.st, "organisation")
	}
	o, err := s.st.Organisation(ctx, a.RegionID, id)
	if err != nil {
		return OrganisationView{}, err
	}
	v := OrganisationView{Org: o, CanEdit: auth.CanEditOrganisation(a, o)}
	if v.Locations, err = s.st.Locations(ctx, a.RegionID, id); err != nil {
		return v, err
	}
	if o.Kind == domain.OrgSchool {
		v.Programmes, _, err = s.st.Programmes(ctx, store.ProgFilter{RegionID: a.RegionID, SchoolID: id, Page: store.Page{Limit: 500}})
	}
	return v, err
}

// CreateOrganisation adds an organisation (with a first location when one
// is given) to the actor's region and returns its id.
func (s *Service) CreateOrganisation(ctx context.Context, o domain.Organisation, first *domain.Location) (int64, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ManageOrgs) {
		return 0, forbid(ctx, s.st, "organisation")
	}
	o.RegionID = a.RegionID
	if err := o.Normalise(); err != nil {
		return 0, err
	}
	if first != nil {
		first.RegionID = a.RegionID
		if err := s.locate(ctx, first); err != nil {
			return 0, err
		}
	}
	id, err := s.st.CreateOrganisation(ctx, o)
	if err != nil {
		return 0, err
	}
	if first != nil {
		first.OrganisationID = id
		if _, err := s.st.CreateLocation(ctx, *first); err != nil {
			return id, fmt.Errorf("first location: %w", err)
		}
	}
	request.Audit(ctx, s.st, domain.AuditCreate, fmt.Sprintf("organisation:%d", id), o.Name)
	return id, nil
}

// UpdateOrganisation saves an organisation the actor may edit. Only
// coordinators and administrators change accreditations and membership.
func (s *Service) UpdateOrganisation(ctx context.Context, o domain.Organisation) error {
	a := request.Actor(ctx)
	cur, err := s.st.Organisation(ctx, a.RegionID, o.ID)
	if err != nil {
		return err
	}
	if !auth.CanEditOrganisation(a, cur) {
		return forbid(ctx, s.st, fmt.Sprintf("organisation:%d", o.ID))
	}
	o.RegionID = a.RegionID
	if a.Role != domain.RoleCoordinator && a.Role != domain.RoleAdmin {
		o.Kind, o.Accreditations, o.Member = cur.Kind, cur.Accreditations, cur.Member
		o.BRIN, o.KvK = cur.BRIN, cur.KvK
	}
	if err := s.st.UpdateOrganisation(ctx, o); err != nil {
		return err
	}
	request.Audit(ctx, s.st, domain.AuditUpdate, fmt.Sprintf("organisation:%d", o.ID), o.Name)
	return nil
}

// locate validates a location and fills its coordinates from the PC4
// centroid when none are given.
func (s *Service) locate(ctx context.Context, l *domain.Location) error {
	if err := l.Normalise(); err != nil {
		return err
	}
	if l.Point.IsZero() {
		if pc, err := s.st.Postcode(ctx, l.Postcode); err == nil {
			l.Point = pc.Point
		}
	}
	return nil
}

// AddLocation adds a location to an organisation the actor may edit.
func (s *Service) AddLocation(ctx context.Context, l domain.Location) (int64, error) {
	a := request.Actor(ctx)
	o, err := s.st.Organisation(ctx, a.RegionID, l.OrganisationID)
	if err != nil {
		return 0, err
	}
	if !auth.CanEditOrganisation(a, o) {
		return 0, forbid(ctx, s.st, fmt.Sprintf("organisation:%d", o.ID))
	}
	l.RegionID = a.RegionID
	if err := s.locate(ctx, &l); err != nil {
		return 0, err
	}
	id, err := s.st.CreateLocation(ctx, l)
	if err != nil {
		return 0, err
	}
	request.Audit(ctx, s.st, domain.AuditCreate, fmt.Sprintf("location:%d", id), l.Postcode)
	return id, nil
}

// Locations lists the locations of an organisation of the actor's region.
func (s *Service) Locations(ctx context.Context, orgID int64) ([]domain.Location, error) {
	a := request.Actor(ctx)
	return s.st.Locations(ctx, a.RegionID, orgID)
}

// Programmes lists programmes of the actor's region.
func (s *Service) Programmes(ctx context.Context, f store.ProgFilter) ([]domain.Programme, int, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewOrganisations) {
		return nil, 0, forbid(ctx, s.st, "programmes")
	}
	f.RegionID = a.RegionID
	return s.st.Programmes(ctx, f)
}

// CreateProgramme adds a programme to a school the actor may manage.
func (s *Service) CreateProgramme(ctx context.Context, p domain.Programme) (int64, error) {
	a := request.Actor(ctx)
	if p.SchoolID == 0 && a.Role == domain.RoleSchoolStaff {
		p.SchoolID = a.OrganisationID
	}
	if !auth.CanManageProgrammesOf(a, p.SchoolID) {
		return 0, forbid(ctx, s.st, fmt.Sprintf("school:%d", p.SchoolID))
	}
	p.RegionID = a.RegionID
	if p.LocationID != 0 {
		locs, err := s.st.Locations(ctx, a.RegionID, p.SchoolID)
		if err != nil {
			return 0, err
		}
		found := false
		for _, l := range locs {
			found = found || l.ID == p.LocationID
		}
		if !found {
			return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "location", Key: "invalid.location_of_school"}}}
		}
	}
	id, err := s.st.CreateProgramme(ctx, p)
	if err != nil {
		return 0, err
	}
	request.Audit(ctx, s.st, domain.AuditCreate, fmt.Sprintf("programme:%d", id), p.Name)
	return id, nil
}
