package placements

import (
	"context"
	"errors"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Query is a placement search as a user fills it in.
type Query struct {
	Text     string // crebo, programme name or free text
	Kind     domain.PlacementKind
	Level    int
	Pathway  domain.Pathway
	Postcode string // centre of the radius
	RadiusKm int    // 0 = no limit
	Period   domain.Period
	Page     store.Page
}

// Hit is a placement found, with its distance from the query's postcode
// and, when a student searches, how well it fits them.
type Hit struct {
	Placement  domain.Placement
	DistanceKm float64     // -1 when no postcode was given or the place has no coordinates
	Fit        *domain.Fit // the searching student's fit, nil for others
}

// Result is one page of hits and the total.
type Result struct {
	Hits   []Hit
	Total  int
	Origin *domain.Postcode
}

// Finder answers placement searches from the in-memory index of open
// placements (internal/matching) and hears of every change to a placement
// so that the next search sees it.
type Finder interface {
	// Find returns one page (q.Page) of the open placements of a region
	// that match q — nearest first when origin is set, newest first
	// otherwise — and how many match in all. A student, when not nil, gets
	// the fit of each hit explained.
	Find(ctx context.Context, regionID int64, q Query, origin *domain.Postcode, student *domain.Student) ([]Hit, int, error)
	// PlacementChanged is called after a placement of a region was
	// created, changed, closed or filled.
	PlacementChanged(ctx context.Context, regionID, id int64)
}

// SetFinder connects the search index; call it once while wiring the app.
func (s *Service) SetFinder(f Finder) { s.finder = f }

// changed tells the index about a change of a placement.
func (s *Service) changed(ctx context.Context, regionID, id int64) {
	if s.finder != nil {
		s.finder.PlacementChanged(ctx, regionID, id)
	}
}

// Validate checks the query and returns field errors for the form.
func (q *Query) Validate() error {
	var v domain.ValidationError
	if q.Kind != "" && !q.Kind.Valid() {
		v.Add("kind", "invalid.choice")
	}
	if q.Level < 0 || q.Level > 4 {
		v.Add("level", "invalid.level")
	}
	if q.Pathway != "" && q.Pathway != domain.PathwayBOL && q.Pathway != domain.PathwayBBL {
		v.Add("pathway", "invalid.choice")
	}
	if q.RadiusKm < 0 || q.RadiusKm > 300 {
		v.Add("radius", "invalid.distance")
	}
	if q.Postcode != "" {
		if pc, err := domain.ParsePostcode(q.Postcode); err == nil {
			q.Postcode = pc
		} else if pc4, err := domain.ParsePC4(q.Postcode); err == nil {
			q.Postcode = pc4
		} else {
			v.Add("postcode", "invalid.postcode")
		}
	}
	if q.RadiusKm > 0 && q.Postcode == "" {
		v.Add("postcode", "invalid.postcode_for_radius")
	}
	if !q.Period.Valid() {
		v.Add("until", "invalid.period")
	}
	return v.Err()
}

// Search finds open placements of the actor's region in the search index:
// by crebo (a text that is a crebo) or by words (every word must occur in
// the title, programme, field, company, place or skills), kind, the
// student's level, pathway, radius from a postcode and period; nearest
// first when a postcode is given, newest first otherwise. A student sees
// how well each hit fits them.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.SearchPlacements) {
		return Result{}, s.forbid(ctx, "search")
	}
	if err := q.Validate(); err != nil {
		return Result{}, err
	}
	if s.finder == nil {
		return Result{}, errors.New("placement search: no search index connected")
	}
	var res Result
	if q.Postcode != "" {
		pc, err := s.db.Postcode(ctx, q.Postcode)
		if err != nil {
			return Result{}, &domain.ValidationError{Fields: []domain.FieldError{{Field: "postcode", Key: "invalid.postcode_unknown"}}}
		}
		res.Origin = &pc
	}
	var student *domain.Student
	if a.Role == domain.RoleStudent && a.StudentID != 0 {
		st, err := s.db.Student(ctx, a.RegionID, a.StudentID)
		if err != nil {
			return Result{}, err
		}
		student = &st
	}
	var err error
	res.Hits, res.Total, err = s.finder.Find(ctx, a.RegionID, q, res.Origin, student)
	return res, err
}
