package placements

import (
	"context"
	"sort"

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

// Hit is a placement found, with its distance from the query's postcode.
type Hit struct {
	Placement  domain.Placement
	DistanceKm float64 // -1 when no postcode was given or the place has no coordinates
}

// Result is one page of hits and the total.
type Result struct {
	Hits   []Hit
	Total  int
	Origin *domain.Postcode
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

// Search finds open placements of the actor's region, nearest first when a
// postcode is given, newest first otherwise.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.SearchPlacements) {
		return Result{}, s.forbid(ctx, "search")
	}
	if err := q.Validate(); err != nil {
		return Result{}, err
	}
	var res Result
	if q.Postcode != "" {
		pc, err := s.db.Postcode(ctx, q.Postcode)
		if err != nil {
			return Result{}, &domain.ValidationError{Fields: []domain.FieldError{{Field: "postcode", Key: "invalid.postcode_unknown"}}}
		}
		res.Origin = &pc
	}
	f := store.PlacementFilter{RegionID: a.RegionID, Statuses: []domain.PlacementStatus{domain.PlacementOpen},
		Kind: q.Kind, Level: q.Level, Pathway: q.Pathway, Period: q.Period, All: true}
	if c, err := domain.ParseCrebo(q.Text); err == nil {
		f.Crebo = c
	} else {
		f.Text = q.Text
	}
	list, _, err := s.db.Placements(ctx, f)
	if err != nil {
		return Result{}, err
	}
	for _, p := range list {
		h := Hit{Placement: p, DistanceKm: -1}
		if res.Origin != nil && !p.Point.IsZero() {
			h.DistanceKm = domain.DistanceKm(res.Origin.Point, p.Point)
			if q.RadiusKm > 0 && h.DistanceKm > float64(q.RadiusKm) {
				continue
			}
		} else if q.RadiusKm > 0 {
			continue
		}
		res.Hits = append(res.Hits, h)
	}
	if res.Origin != nil {
		sort.SliceStable(res.Hits, func(i, j int) bool { return res.Hits[i].DistanceKm < res.Hits[j].DistanceKm })
	}
	res.Total = len(res.Hits)
	pg := q.Page.Norm()
	lo, hi := min(pg.Offset, len(res.Hits)), min(pg.Offset+pg.Limit, len(res.Hits))
	res.Hits = res.Hits[lo:hi]
	return res, nil
}
