package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
)

// The desk's offer catalogue: offers with their crebos, locations and start
// moments in child tables.

const offerCols = `f.id, f.region_id, f.provider_id, f.kind, f.title, f.description, f.field, f.level, f.pathway, f.skills, f.languages,
	f.period_start, f.period_end, f.capacity, f.price_cents, f.contact_name, f.contact_email, f.contact_phone, f.active,
	f.created_at, f.updated_at, o.name`

const offerFrom = ` FROM desk_offers f JOIN organisations o ON o.id = f.provider_id`

func scanOffer(r interface{ Scan(...any) error }) (desk.Offer, error) {
	var o desk.Offer
	var skills, langs string
	var price sql.NullInt64
	err := r.Scan(&o.ID, &o.RegionID, &o.ProviderID, &o.Kind, &o.Title, &o.Description, &o.Field, &o.Level, &o.Pathway, &skills, &langs,
		timeOrZero{&o.Period.Start}, timeOrZero{&o.Period.End}, &o.Capacity, &price, &o.Contact.Name, &o.Contact.Email, &o.Contact.Phone,
		&o.Active, utcTime{&o.CreatedAt}, utcTime{&o.UpdatedAt}, &o.ProviderName)
	o.Skills, o.Languages = splitTags(skills), splitTags(langs)
	if price.Valid {
		p := price.Int64
		o.PriceCents = &p
	}
	return o, err
}

func priceArg(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// offerProvider returns the offering organisation of the offer's region.
func (q *Queries) offerProvider(ctx context.Context, o desk.Offer) (domain.Organisation, error) {
	org, err := q.Organisation(ctx, o.RegionID, o.ProviderID)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return org, &domain.ValidationError{Fields: []domain.FieldError{{Field: "provider", Key: "invalid.required"}}}
		}
		return org, fmt.Errorf("offer provider: %w", err)
	}
	return org, nil
}

// CreateOffer validates and stores an offer of the catalogue with its
// crebos, locations and start moments, and returns its id. It returns a
// *domain.ValidationError when a field is invalid or the provider is not an
// organisation of the offer's region that may offer this kind.
func (q *Queries) CreateOffer(ctx context.Context, o desk.Offer, createdBy int64) (int64, error) {
	provider, err := q.offerProvider(ctx, o)
	if err != nil {
		return 0, err
	}
	if err := o.Normalise(provider); err != nil {
		return 0, err
	}
	now := q.now()
	id, err := q.insert(ctx, `INSERT INTO desk_offers (region_id, provider_id, kind, title, description, field, level, pathway, skills,
		languages, period_start, period_end, capacity, price_cents, contact_name, contact_email, contact_phone, active, created_by,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.RegionID, o.ProviderID, o.Kind, o.Title, o.Description, o.Field, o.Level, o.Pathway, joinTags(o.Skills), joinTags(o.Languages),
		nullTime(o.Period.Start), nullTime(o.Period.End), o.Capacity, priceArg(o.PriceCents), o.Contact.Name, o.Contact.Email,
		o.Contact.Phone, o.Active, nullID(createdBy), now, now)
	if err != nil {
		return 0, fmt.Errorf("create offer: %w", err)
	}
	return id, q.setOfferChildren(ctx, id, o)
}

// UpdateOffer validates and saves an offer of a region; the provider does
// not change. It returns ErrNotFound for an offer of another region or
// provider and a *domain.ValidationError for invalid fields.
func (q *Queries) UpdateOffer(ctx context.Context, o desk.Offer) error {
	provider, err := q.offerProvider(ctx, o)
	if err != nil {
		return err
	}
	if err := o.Normalise(provider); err != nil {
		return err
	}
	res, err := q.exec(ctx, `UPDATE desk_offers SET kind = ?, title = ?, description = ?, field = ?, level = ?, pathway = ?, skills = ?,
		languages = ?, period_start = ?, period_end = ?, capacity = ?, price_cents = ?, contact_name = ?, contact_email = ?,
		contact_phone = ?, active = ?, updated_at = ? WHERE id = ? AND region_id = ? AND provider_id = ?`,
		o.Kind, o.Title, o.Description, o.Field, o.Level, o.Pathway, joinTags(o.Skills), joinTags(o.Languages), nullTime(o.Period.Start),
		nullTime(o.Period.End), o.Capacity, priceArg(o.PriceCents), o.Contact.Name, o.Contact.Email, o.Contact.Phone, o.Active,
		q.now(), o.ID, o.RegionID, o.ProviderID)
	if err := affected(res, err, "update offer"); err != nil {
		return err
	}
	return q.setOfferChildren(ctx, o.ID, o)
}

func (q *Queries) setOfferChildren(ctx context.Context, id int64, o desk.Offer) error {
	for _, t := range []string{"desk_offer_crebos", "desk_offer_locations", "desk_offer_starts"} {
		if _, err := q.exec(ctx, "DELETE FROM "+t+" WHERE offer_id = ?", id); err != nil {
			return fmt.Errorf("offer %s: %w", t, err)
		}
	}
	for _, c := range o.Crebos {
		if _, err := q.exec(ctx, "INSERT INTO desk_offer_crebos (offer_id, crebo) VALUES (?, ?)", id, c); err != nil {
			return fmt.Errorf("offer crebo %s: %w", c, err)
		}
	}
	for i, l := range o.Locations {
		if _, err := q.exec(ctx, "INSERT INTO desk_offer_locations (offer_id, seq, name, postcode, lat, lon) VALUES (?, ?, ?, ?, ?, ?)",
			id, i, l.Name, l.Postcode, l.Point.Lat, l.Point.Lon); err != nil {
			return fmt.Errorf("offer location: %w", err)
		}
	}
	for _, s := range o.Starts {
		if _, err := q.exec(ctx, "INSERT INTO desk_offer_starts (offer_id, start_date) VALUES (?, ?)", id, s.UTC()); err != nil {
			return fmt.Errorf("offer start: %w", err)
		}
	}
	return nil
}

// DeleteOffer removes an offer of a region and provider; questions routed
// to it keep their partner. It returns ErrNotFound when there is none.
func (q *Queries) DeleteOffer(ctx context.Context, regionID, providerID, id int64) error {
	res, err := q.exec(ctx, "DELETE FROM desk_offers WHERE id = ? AND region_id = ? AND provider_id = ?", id, regionID, providerID)
	return affected(res, err, "delete offer")
}

// Offer returns an offer of a region with its crebos, locations and starts,
// or ErrNotFound.
func (q *Queries) Offer(ctx context.Context, regionID, id int64) (desk.Offer, error) {
	o, err := scanOffer(q.queryRow(ctx, "SELECT "+offerCols+offerFrom+" WHERE f.id = ? AND f.region_id = ?", id, regionID))
	if err := one(err, "offer"); err != nil {
		return o, err
	}
	list := []desk.Offer{o}
	if err := q.fillOffers(ctx, list); err != nil {
		return o, err
	}
	return list[0], nil
}

// fillOffers loads the child rows of the offers in batches.
func (q *Queries) fillOffers(ctx context.Context, list []desk.Offer) error {
	for i := 0; i < len(list); i += 500 {
		if err := q.fillOfferBatch(ctx, list[i:min(i+500, len(list))]); err != nil {
			return err
		}
	}
	return nil
}

func (q *Queries) fillOfferBatch(ctx context.Context, list []desk.Offer) error {
	if len(list) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(list))
	args := make([]any, len(list))
	for i, o := range list {
		idx[o.ID] = i
		args[i] = o.ID
	}
	in := " IN (?" + strings.Repeat(", ?", len(list)-1) + ")"
	rows, err := q.query(ctx, "SELECT offer_id, crebo FROM desk_offer_crebos WHERE offer_id"+in+" ORDER BY offer_id, crebo", args...)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var id int64
		var c string
		if err := r.Scan(&id, &c); err != nil {
			return err
		}
		list[idx[id]].Crebos = append(list[idx[id]].Crebos, c)
		return nil
	}); err != nil {
		return fmt.Errorf("offer crebos: %w", err)
	}
	rows, err = q.query(ctx, "SELECT offer_id, name, postcode, lat, lon FROM desk_offer_locations WHERE offer_id"+in+" ORDER BY offer_id, seq", args...)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var id int64
		var l desk.OfferLocation
		if err := r.Scan(&id, &l.Name, &l.Postcode, &l.Point.Lat, &l.Point.Lon); err != nil {
			return err
		}
		list[idx[id]].Locations = append(list[idx[id]].Locations, l)
		return nil
	}); err != nil {
		return fmt.Errorf("offer locations: %w", err)
	}
	rows, err = q.query(ctx, "SELECT offer_id, start_date FROM desk_offer_starts WHERE offer_id"+in+" ORDER BY offer_id, start_date", args...)
	if err := eachRow(rows, err, func(r *sql.Rows) error {
		var id int64
		var t time.Time
		if err := r.Scan(&id, utcTime{&t}); err != nil {
			return err
		}
		list[idx[id]].Starts = append(list[idx[id]].Starts, domain.Day(t))
		return nil
	}); err != nil {
		return fmt.Errorf("offer starts: %w", err)
	}
	return nil
}

// eachRow calls fn for every row and closes the rows.
func eachRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// OfferFilter selects offers of a region.
type OfferFilter struct {
	RegionID   int64
	ProviderID int64            // 0 = every provider
	Kinds      []desk.OfferKind // empty = every kind
	ActiveOnly bool
	// Text: every word must occur in the title, description, field,
	// skills, provider name or a crebo. The use case passes the words of
	// the desk's text analysis so that companies' words find offers.
	Words []string
	Page  Page
	All   bool // ignore Page: every match (for the ranking catalogue)
}

func (f OfferFilter) where() (string, []any) {
	where := " WHERE f.region_id = ?"
	args := []any{f.RegionID}
	if f.ProviderID != 0 {
		where += " AND f.provider_id = ?"
		args = append(args, f.ProviderID)
	}
	if len(f.Kinds) > 0 {
		where += " AND f.kind IN (?" + strings.Repeat(", ?", len(f.Kinds)-1) + ")"
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	if f.ActiveOnly {
		where += " AND f.active = ?"
		args = append(args, true)
	}
	for _, w := range f.Words {
		pat := likePattern(w)
		where += ` AND (LOWER(f.title) LIKE ? ESCAPE '\' OR LOWER(f.description) LIKE ? ESCAPE '\' OR LOWER(f.field) LIKE ? ESCAPE '\'
			OR LOWER(f.skills) LIKE ? ESCAPE '\' OR LOWER(o.name) LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM desk_offer_crebos c WHERE c.offer_id = f.id AND c.crebo LIKE ? ESCAPE '\'))`
		args = append(args, pat, pat, pat, pat, pat, pat)
	}
	return where, args
}

// Offers lists offers (by title) with their child rows, and the total
// number that match.
func (q *Queries) Offers(ctx context.Context, f OfferFilter) ([]desk.Offer, int, error) {
	where, args := f.where()
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+offerFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count offers: %w", err)
	}
	query := "SELECT " + offerCols + offerFrom + where + " ORDER BY f.title, f.id"
	if !f.All {
		query += f.Page.Norm().clause()
	}
	rows, err := q.query(ctx, query, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (desk.Offer, error) { return scanOffer(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("offers: %w", err)
	}
	if err := q.fillOffers(ctx, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// OffersStamp returns a value that changes whenever an offer of the region
// is created, changed or deleted: the number of offers and the latest
// change. The ranking cache compares it to know when to rebuild.
func (q *Queries) OffersStamp(ctx context.Context, regionID int64) (string, error) {
	var n int
	var last sql.NullString // a timestamp; text on SQLite, formatted by database/sql on PostgreSQL
	err := q.queryRow(ctx, "SELECT COUNT(*), MAX(updated_at) FROM desk_offers WHERE region_id = ?", regionID).Scan(&n, &last)
	if err != nil {
		return "", fmt.Errorf("offers stamp: %w", err)
	}
	return fmt.Sprintf("%d/%s", n, last.String), nil
}
