package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// catalogue is a region's offers prepared for ranking and search, with the
// stamp of the offers it was built from.
type catalogue struct {
	stamp  string
	offers []desk.Offer
	cat    *route.Catalogue
	byID   map[int64]int
}

// catalogueOf returns the region's prepared catalogue, rebuilding it when
// the offers changed since it was built (any process may have changed
// them: the stamp is read on every call, a single cheap query).
func (s *Service) catalogueOf(ctx context.Context, regionID int64) (*catalogue, error) {
	stamp, err := s.db.OffersStamp(ctx, regionID)
	if err != nil {
		return nil, err
	}
	s.cache.Lock()
	c := s.byReg[regionID]
	s.cache.Unlock()
	if c != nil && c.stamp == stamp {
		return c, nil
	}
	offers, _, err := s.db.Offers(ctx, store.OfferFilter{RegionID: regionID, All: true})
	if err != nil {
		return nil, err
	}
	c = &catalogue{stamp: stamp, offers: offers, cat: route.Prepare(offers), byID: make(map[int64]int, len(offers))}
	for i, o := range offers {
		c.byID[o.ID] = i
	}
	s.cache.Lock()
	s.byReg[regionID] = c
	s.cache.Unlock()
	return c, nil
}

// invalidate drops a region's prepared catalogue after a change.
func (s *Service) invalidate(regionID int64) {
	s.cache.Lock()
	delete(s.byReg, regionID)
	s.cache.Unlock()
}

// Suggest returns at most limit offers of the question's region that could
// answer it, best first, with their reasons (see internal/desk/route).
func (s *Service) Suggest(ctx context.Context, q desk.Question, limit int) ([]Suggestion, error) {
	c, err := s.catalogueOf(ctx, q.RegionID)
	if err != nil {
		return nil, err
	}
	ranked := c.cat.Rank(q, s.now(), route.DefaultWeights(), limit)
	out := make([]Suggestion, len(ranked))
	for i, r := range ranked {
		o := c.offers[r.Index]
		out[i] = Suggestion{Suggestion: r, Title: o.Title, ProviderName: o.ProviderName, OfferKind: o.Kind}
	}
	return out, nil
}

// Suggestions returns the suggestions for a question of the actor's region;
// only the desk sees them. It returns ErrNotFound or ErrForbidden.
func (s *Service) Suggestions(ctx context.Context, id int64, limit int) ([]Suggestion, error) {
	a := request.Actor(ctx)
	row, err := s.db.Question(ctx, a.RegionID, id)
	if err != nil {
		return nil, err
	}
	if !desk.SidesOf(a, row.Question).Has(desk.SideDesk) {
		return nil, s.forbid(ctx, qobj(id))
	}
	return s.Suggest(ctx, row.Question, limit)
}

// OfferQuery selects offers of the catalogue.
type OfferQuery struct {
	Text       string // the words a company uses; "" lists by title
	Kind       desk.OfferKind
	ProviderID int64
	// Inactive includes offers that are switched off or past their
	// dates (for their providers and the desk).
	Inactive bool
	Page     store.Page
}

// Offers searches the region's catalogue. With text, offers are found by
// the desk's text analysis (stemming, synonyms, compounds) and ranked by
// how many of the words they match; without, they are listed by title. It
// returns ErrForbidden for roles that do not see the catalogue.
func (s *Service) Offers(ctx context.Context, f OfferQuery) ([]desk.Offer, int, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewOffers) {
		return nil, 0, s.forbid(ctx, "offers")
	}
	pg := f.Page.Norm()
	if f.Text == "" {
		sf := store.OfferFilter{RegionID: a.RegionID, ProviderID: f.ProviderID, ActiveOnly: !f.Inactive, Page: pg}
		if f.Kind != "" {
			sf.Kinds = []desk.OfferKind{f.Kind}
		}
		return s.db.Offers(ctx, sf)
	}
	c, err := s.catalogueOf(ctx, a.RegionID)
	if err != nil {
		return nil, 0, err
	}
	now := s.now()
	var all []desk.Offer
	for _, h := range c.cat.Search(f.Text) {
		o := c.offers[h.Index]
		if f.Kind != "" && o.Kind != f.Kind || f.ProviderID != 0 && o.ProviderID != f.ProviderID || !f.Inactive && !o.Available(now) {
			continue
		}
		all = append(all, o)
	}
	total := len(all)
	if pg.Offset >= total {
		return []desk.Offer{}, total, nil
	}
	return all[pg.Offset:min(total, pg.Offset+pg.Limit)], total, nil
}

// OfferView is an offer with what the actor may do with it.
type OfferView struct {
	Offer   desk.Offer
	CanEdit bool
}

// Offer returns an offer of the actor's region, or ErrNotFound.
func (s *Service) Offer(ctx context.Context, id int64) (OfferView, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewOffers) {
		return OfferView{}, s.forbid(ctx, fmt.Sprintf("offer:%d", id))
	}
	o, err := s.db.Offer(ctx, a.RegionID, id)
	if err != nil {
		return OfferView{}, err
	}
	return OfferView{Offer: o, CanEdit: auth.CanManageOffer(a, o.RegionID, o.ProviderID)}, nil
}

// Providers returns the organisations the actor may keep offers for: its
// own, or for a coordinator every school, company and association.
func (s *Service) Providers(ctx context.Context) ([]domain.Organisation, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ManageOffers) {
		return nil, s.forbid(ctx, "offers")
	}
	if a.Role != domain.RoleCoordinator {
		o, err := s.db.Organisation(ctx, a.RegionID, a.OrganisationID)
		if err != nil {
			return nil, err
		}
		return []domain.Organisation{o}, nil
	}
	orgs, _, err := s.db.Organisations(ctx, store.OrgFilter{RegionID: a.RegionID, Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(orgs, func(o domain.Organisation) bool {
		return o.Kind != domain.OrgSchool && o.Kind != domain.OrgCompany && o.Kind != domain.OrgAssociation
	}), nil
}

// locate fills the points of an offer's locations from their postcodes.
func (s *Service) locate(ctx context.Context, o *desk.Offer) {
	for i := range o.Locations {
		if o.Locations[i].Point.IsZero() {
			o.Locations[i].Point = s.point(ctx, s.db, o.Locations[i].Postcode)
		}
	}
}

// CreateOffer adds an offer to the catalogue for the actor's organisation
// (school staff, company contacts) or, for a coordinator, for
// o.ProviderID. It returns ErrForbidden or a *domain.ValidationError.
func (s *Service) CreateOffer(ctx context.Context, o desk.Offer) (int64, error) {
	a := request.Actor(ctx)
	if a.Role != domain.RoleCoordinator {
		o.ProviderID = a.OrganisationID
	}
	if o.ProviderID == 0 && auth.Allow(a, auth.ManageOffers) {
		return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "provider", Key: "invalid.required"}}}
	}
	if !auth.CanManageOffer(a, a.RegionID, o.ProviderID) {
		return 0, s.forbid(ctx, "offer:new")
	}
	o.RegionID = a.RegionID
	s.locate(ctx, &o)
	id, err := s.db.CreateOffer(ctx, o, a.UserID)
	if err != nil {
		return 0, err
	}
	s.invalidate(a.RegionID)
	request.Audit(ctx, s.db, domain.AuditCreate, fmt.Sprintf("offer:%d", id), string(o.Kind))
	return id, nil
}

// UpdateOffer saves an offer the actor may manage; its provider does not
// change. It returns ErrNotFound, ErrForbidden or a
// *domain.ValidationError.
func (s *Service) UpdateOffer(ctx context.Context, o desk.Offer) error {
	a := request.Actor(ctx)
	cur, err := s.db.Offer(ctx, a.RegionID, o.ID)
	if err != nil {
		return err
	}
	if !auth.CanManageOffer(a, cur.RegionID, cur.ProviderID) {
		return s.forbid(ctx, fmt.Sprintf("offer:%d", o.ID))
	}
	o.RegionID, o.ProviderID = cur.RegionID, cur.ProviderID
	s.locate(ctx, &o)
	if err := s.db.UpdateOffer(ctx, o); err != nil {
		return err
	}
	s.invalidate(a.RegionID)
	request.Audit(ctx, s.db, domain.AuditUpdate, fmt.Sprintf("offer:%d", o.ID), "")
	return nil
}

// DeleteOffer removes an offer the actor may manage. It returns
// ErrNotFound or ErrForbidden.
func (s *Service) DeleteOffer(ctx context.Context, id int64) error {
	a := request.Actor(ctx)
	cur, err := s.db.Offer(ctx, a.RegionID, id)
	if err != nil {
		return err
	}
	if !auth.CanManageOffer(a, cur.RegionID, cur.ProviderID) {
		return s.forbid(ctx, fmt.Sprintf("offer:%d", id))
	}
	if err := s.db.DeleteOffer(ctx, a.RegionID, cur.ProviderID, id); err != nil {
		return err
	}
	s.invalidate(a.RegionID)
	request.Audit(ctx, s.db, domain.AuditDelete, fmt.Sprintf("offer:%d", id), "")
	return nil
}

// ReasonText words a suggestion's reason in language l through the
// catalogue ("dreason.<code>"): the lists of skills and words are joined,
// language codes named.
func ReasonText(l i18n.Lang, r route.Reason) string {
	args := r.Args
	switch r.Code {
	case route.ReasonSkillsMatched, route.ReasonWords:
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i], _ = a.(string)
		}
		args = []any{strings.Join(parts, ", ")}
	case route.ReasonLanguageMatch, route.ReasonLanguageMissing:
		if len(args) == 1 {
			code, _ := args[0].(string)
			args = []any{i18n.T(l, "language."+code)}
		}
	}
	return i18n.T(l, "dreason."+r.Code, args...)
}
