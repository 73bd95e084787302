package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"talentloket/internal/domain"
)

const placementCols = `pl.id, pl.region_id, pl.company_id, pl.location_id, pl.kind, pl.title, pl.description, pl.field, pl.stage, pl.level,
	pl.pathway, pl.start_date, pl.end_date, pl.capacity, pl.skills, pl.languages, pl.status, pl.close_reason, pl.created_by,
	pl.created_at, pl.updated_at, o.name, l.place, l.postcode, l.lat, l.lon,
	(SELECT COUNT(*) FROM applications a WHERE a.placement_id = pl.id AND a.status = 'accepted')`

const placementFrom = ` FROM placements pl JOIN organisations o ON o.id = pl.company_id JOIN locations l ON l.id = pl.location_id`

func scanPlacement(r interface{ Scan(...any) error }) (domain.Placement, error) {
	var p domain.Placement
	var skills, langs string
	err := r.Scan(&p.ID, &p.RegionID, &p.CompanyID, &p.LocationID, &p.Kind, &p.Title, &p.Description, &p.Field, &p.Stage, &p.Level,
		&p.Pathway, timeOrZero{&p.Period.Start}, timeOrZero{&p.Period.End}, &p.Capacity, &skills, &langs, &p.Status, &p.CloseReason,
		idOrZero{&p.CreatedBy}, utcTime{&p.CreatedAt}, utcTime{&p.UpdatedAt}, &p.CompanyName, &p.Place, &p.Postcode,
		&p.Point.Lat, &p.Point.Lon, &p.Accepted)
	p.Skills, p.Languages = splitTags(skills), splitTags(langs)
	return p, err
}

// placementCompany verifies that the location belongs to the company and
// both to the region; it returns the company for validation.
func (q *Queries) placementCompany(ctx context.Context, p domain.Placement) (domain.Organisation, error) {
	company, err := q.Organisation(ctx, p.RegionID, p.CompanyID)
	if err != nil {
		return company, fmt.Errorf("placement company: %w", err)
	}
	if p.LocationID != 0 {
		loc, err := q.Location(ctx, p.RegionID, p.LocationID)
		if err != nil || loc.OrganisationID != p.CompanyID {
			return company, &domain.ValidationError{Fields: []domain.FieldError{{Field: "location", Key: "invalid.location_of_company"}}}
		}
	}
	return company, nil
}

// CreatePlacement validates and stores a placement and returns its id.
func (q *Queries) CreatePlacement(ctx context.Context, p domain.Placement) (int64, error) {
	company, err := q.placementCompany(ctx, p)
	if err != nil {
		return 0, err
	}
	if err := p.Normalise(company); err != nil {
		return 0, err
	}
	now := q.now()
	id, err := q.insert(ctx, `INSERT INTO placements (region_id, company_id, location_id, kind, title, description, field, stage, level,
		pathway, start_date, end_date, capacity, skills, languages, status, close_reason, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.RegionID, p.CompanyID, p.LocationID, p.Kind, p.Title, p.Description, p.Field, p.Stage, p.Level, p.Pathway,
		nullTime(p.Period.Start), nullTime(p.Period.End), p.Capacity, joinTags(p.Skills), joinTags(p.Languages), p.Status,
		p.CloseReason, nullID(p.CreatedBy), now, now)
	if err != nil {
		return 0, fmt.Errorf("create placement: %w", err)
	}
	return id, q.setPlacementCrebos(ctx, id, p.Crebos)
}

// UpdatePlacement validates and saves a placement of a region.
func (q *Queries) UpdatePlacement(ctx context.Context, p domain.Placement) error {
	company, err := q.placementCompany(ctx, p)
	if err != nil {
		return err
	}
	if err := p.Normalise(company); err != nil {
		return err
	}
	res, err := q.exec(ctx, `UPDATE placements SET location_id = ?, kind = ?, title = ?, description = ?, field = ?, stage = ?, level = ?,
		pathway = ?, start_date = ?, end_date = ?, capacity = ?, skills = ?, languages = ?, status = ?, close_reason = ?, updated_at = ?
		WHERE id = ? AND region_id = ? AND company_id = ?`,
		p.LocationID, p.Kind, p.Title, p.Description, p.Field, p.Stage, p.Level, p.Pathway, nullTime(p.Period.Start),
		nullTime(p.Period.End), p.Capacity, joinTags(p.Skills), joinTags(p.Languages), p.Status, p.CloseReason, q.now(),
		p.ID, p.RegionID, p.CompanyID)
	if err := affected(res, err, "update placement"); err != nil {
		return err
	}
	return q.setPlacementCrebos(ctx, p.ID, p.Crebos)
}

// SetPlacementStatus changes the status of a placement of a region.
func (q *Queries) SetPlacementStatus(ctx context.Context, regionID, id int64, st domain.PlacementStatus, reason string) error {
	res, err := q.exec(ctx, "UPDATE placements SET status = ?, close_reason = ?, updated_at = ? WHERE id = ? AND region_id = ?",
		st, reason, q.now(), id, regionID)
	return affected(res, err, "placement status")
}

func (q *Queries) setPlacementCrebos(ctx context.Context, id int64, crebos []string) error {
	if _, err := q.exec(ctx, "DELETE FROM placement_crebos WHERE placement_id = ?", id); err != nil {
		return fmt.Errorf("placement crebos: %w", err)
	}
	for _, c := range crebos {
		if _, err := q.exec(ctx, "INSERT INTO placement_crebos (placement_id, crebo) VALUES (?, ?)", id, c); err != nil {
			return fmt.Errorf("placement crebo %s: %w", c, err)
		}
	}
	return nil
}

// Placement returns a placement of a region with its crebos, or ErrNotFound.
func (q *Queries) Placement(ctx context.Context, regionID, id int64) (domain.Placement, error) {
	p, err := scanPlacement(q.queryRow(ctx, "SELECT "+placementCols+placementFrom+" WHERE pl.id = ? AND pl.region_id = ?", id, regionID))
	if err := one(err, "placement"); err != nil {
		return p, err
	}
	list := []domain.Placement{p}
	if err := q.fillCrebos(ctx, list); err != nil {
		return p, err
	}
	return list[0], nil
}

// LockPlacement takes a row lock on a placement for the rest of the
// transaction (PostgreSQL; SQLite serialises writers anyway).
func (q *Queries) LockPlacement(ctx context.Context, regionID, id int64) error {
	res, err := q.exec(ctx, "UPDATE placements SET updated_at = updated_at WHERE id = ? AND region_id = ?", id, regionID)
	return affected(res, err, "lock placement")
}

func (q *Queries) fillCrebos(ctx context.Context, list []domain.Placement) error {
	if len(list) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(list))
	args := make([]any, len(list))
	for i, p := range list {
		idx[p.ID] = i
		args[i] = p.ID
	}
	rows, err := q.query(ctx, "SELECT placement_id, crebo FROM placement_crebos WHERE placement_id IN (?"+
		strings.Repeat(", ?", len(list)-1)+") ORDER BY placement_id, crebo", args...)
	if err != nil {
		return fmt.Errorf("placement crebos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		list[idx[id]].Crebos = append(list[idx[id]].Crebos, c)
	}
	return rows.Err()
}

// PlacementFilter selects placements. Distance is filtered by the caller.
type PlacementFilter struct {
	RegionID  int64
	CompanyID int64
	Statuses  []domain.PlacementStatus // empty = all
	Kind      domain.PlacementKind
	Crebo     string
	Stage     domain.Stage
	Level     int            // the student's level: placements asking for at most this
	Pathway   domain.Pathway // placements open to this pathway
	Text      string         // title, description, company or field contains
	Period    domain.Period  // overlaps
	Page      Page
	All       bool // ignore Page: every match (for distance filtering)
}

func (f PlacementFilter) where() (string, []any) {
	where := " WHERE pl.region_id = ?"
	args := []any{f.RegionID}
	if f.CompanyID != 0 {
		where += " AND pl.company_id = ?"
		args = append(args, f.CompanyID)
	}
	if len(f.Statuses) > 0 {
		where += " AND pl.status IN (?" + strings.Repeat(", ?", len(f.Statuses)-1) + ")"
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if f.Kind != "" {
		where += " AND pl.kind = ?"
		args = append(args, f.Kind)
	}
	if f.Crebo != "" {
		where += " AND EXISTS (SELECT 1 FROM placement_crebos pc WHERE pc.placement_id = pl.id AND pc.crebo = ?)"
		args = append(args, f.Crebo)
	}
	if f.Stage != "" {
		where += " AND (pl.stage = '' OR pl.stage = ?)"
		args = append(args, f.Stage)
	}
	if f.Level > 0 {
		where += " AND pl.level <= ?"
		args = append(args, f.Level)
	}
	if f.Pathway != "" {
		where += " AND (pl.pathway = '' OR pl.pathway = ?)"
		args = append(args, f.Pathway)
	}
	if f.Text != "" {
		pat := likePattern(f.Text)
		where += ` AND (LOWER(pl.title) LIKE ? ESCAPE '\' OR LOWER(pl.description) LIKE ? ESCAPE '\' OR LOWER(o.name) LIKE ? ESCAPE '\'
			OR LOWER(pl.field) LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM placement_crebos pc LEFT JOIN qualifications qu ON qu.crebo = pc.crebo
			WHERE pc.placement_id = pl.id AND (pc.crebo LIKE ? ESCAPE '\' OR LOWER(qu.name) LIKE ? ESCAPE '\')))`
		args = append(args, pat, pat, pat, pat, pat, pat)
	}
	if !f.Period.End.IsZero() {
		where += " AND (pl.start_date IS NULL OR pl.start_date <= ?)"
		args = append(args, f.Period.End.UTC())
	}
	if !f.Period.Start.IsZero() {
		where += " AND (pl.end_date IS NULL OR pl.end_date >= ?)"
		args = append(args, f.Period.Start.UTC())
	}
	return where, args
}

// Placements lists placements (newest first) with their crebos, and the
// total number that match.
func (q *Queries) Placements(ctx context.Context, f PlacementFilter) ([]domain.Placement, int, error) {
	where, args := f.where()
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+placementFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count placements: %w", err)
	}
	query := "SELECT " + placementCols + placementFrom + where + " ORDER BY pl.created_at DESC, pl.id DESC"
	if !f.All {
		pg := f.Page.Norm()
		query += pg.clause()
	}
	rows, err := q.query(ctx, query, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Placement, error) { return scanPlacement(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("placements: %w", err)
	}
	for i := 0; i < len(list); i += 500 {
		if err := q.fillCrebos(ctx, list[i:min(i+500, len(list))]); err != nil {
			return nil, 0, err
		}
	}
	return list, total, nil
}

// CountPlacements returns the number of placements of a region per status.
func (q *Queries) CountPlacements(ctx context.Context, regionID int64) ([]Count, error) {
	return q.counts(ctx, "SELECT status, COUNT(*) FROM placements WHERE region_id = ? GROUP BY status ORDER BY status", regionID)
}

// CountPlacementsByKind returns the number of open placements per kind.
func (q *Queries) CountPlacementsByKind(ctx context.Context, regionID int64) ([]Count, error) {
	return q.counts(ctx, "SELECT kind, COUNT(*) FROM placements WHERE region_id = ? AND status = 'open' GROUP BY kind ORDER BY kind", regionID)
}
