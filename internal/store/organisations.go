package store

import (
	"context"
	"database/sql"
	"fmt"

	"talentloket/internal/domain"
)

const orgCols = "id, region_id, kind, name, brin, kvk, website, email, phone, municipality_code, member, created_at, updated_at"

func scanOrg(s interface{ Scan(...any) error }) (domain.Organisation, error) {
	var o domain.Organisation
	err := s.Scan(&o.ID, &o.RegionID, &o.Kind, &o.Name, &o.BRIN, &o.KvK, &o.Website, &o.Email, &o.Phone,
		&o.MunicipalityCode, &o.Member, utcTime{&o.CreatedAt}, utcTime{&o.UpdatedAt})
	return o, err
}

// CreateOrganisation validates and stores an organisation with its
// accreditations and returns its id. A BRIN or KvK number already used in
// the region is ErrConflict.
func (q *Queries) CreateOrganisation(ctx context.Context, o domain.Organisation) (int64, error) {
	if err := o.Normalise(); err != nil {
		return 0, err
	}
	now := q.now()
	id, err := q.insert(ctx, "INSERT INTO organisations ("+orgCols[4:]+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		o.RegionID, o.Kind, o.Name, o.BRIN, o.KvK, o.Website, o.Email, o.Phone, o.MunicipalityCode, o.Member, now, now)
	if err != nil {
		return 0, fmt.Errorf("create organisation %q: %w", o.Name, err)
	}
	return id, q.setAccreditations(ctx, id, o.Accreditations)
}

// UpdateOrganisation validates and saves an organisation of a region; an
// organisation of another region is ErrNotFound.
func (q *Queries) UpdateOrganisation(ctx context.Context, o domain.Organisation) error {
	if err := o.Normalise(); err != nil {
		return err
	}
	res, err := q.exec(ctx, `UPDATE organisations SET kind = ?, name = ?, brin = ?, kvk = ?, website = ?, email = ?, phone = ?,
		municipality_code = ?, member = ?, updated_at = ? WHERE id = ? AND region_id = ?`,
		o.Kind, o.Name, o.BRIN, o.KvK, o.Website, o.Email, o.Phone, o.MunicipalityCode, o.Member, q.now(), o.ID, o.RegionID)
	if err := affected(res, err, "update organisation"); err != nil {
		return err
	}
	return q.setAccreditations(ctx, o.ID, o.Accreditations)
}

func (q *Queries) setAccreditations(ctx context.Context, orgID int64, crebos []string) error {
	if _, err := q.exec(ctx, "DELETE FROM accreditations WHERE organisation_id = ?", orgID); err != nil {
		return fmt.Errorf("accreditations: %w", err)
	}
	for _, c := range crebos {
		if _, err := q.exec(ctx, "INSERT INTO accreditations (organisation_id, crebo) VALUES (?, ?)", orgID, c); err != nil {
			return fmt.Errorf("accreditation %s: %w", c, err)
		}
	}
	return nil
}

// Organisation returns an organisation of a region with its accreditations,
// or ErrNotFound (also when it belongs to another region).
func (q *Queries) Organisation(ctx context.Context, regionID, id int64) (domain.Organisation, error) {
	o, err := scanOrg(q.queryRow(ctx, "SELECT "+orgCols+" FROM organisations WHERE id = ? AND region_id = ?", id, regionID))
	if err := one(err, "organisation"); err != nil {
		return o, err
	}
	rows, err := q.query(ctx, "SELECT crebo FROM accreditations WHERE organisation_id = ? ORDER BY crebo", id)
	o.Accreditations, err = collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	return o, err
}

// OrgFilter selects organisations.
type OrgFilter struct {
	RegionID int64
	Kind     domain.OrgKind // "" = all
	Text     string         // name, BRIN or KvK contains
	Page     Page
}

// Organisations lists a page of a region's organisations by name and the
// total number that match.
func (q *Queries) Organisations(ctx context.Context, f OrgFilter) ([]domain.Organisation, int, error) {
	where := " FROM organisations WHERE region_id = ?"
	args := []any{f.RegionID}
	if f.Kind != "" {
		where += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.Text != "" {
		where += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR LOWER(brin) LIKE ? ESCAPE '\' OR kvk LIKE ? ESCAPE '\')`
		p := likePattern(f.Text)
		args = append(args, p, p, p)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count organisations: %w", err)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, "SELECT "+orgCols+where+" ORDER BY name, id"+pg.clause(), args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Organisation, error) { return scanOrg(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("organisations: %w", err)
	}
	return list, total, nil
}

const locCols = "id, region_id, organisation_id, name, street, postcode, place, lat, lon"

func scanLoc(s interface{ Scan(...any) error }) (domain.Location, error) {
	var l domain.Location
	err := s.Scan(&l.ID, &l.RegionID, &l.OrganisationID, &l.Name, &l.Street, &l.Postcode, &l.Place, &l.Point.Lat, &l.Point.Lon)
	return l, err
}

// CreateLocation validates and stores a location of an organisation of the
// same region, and returns its id.
func (q *Queries) CreateLocation(ctx context.Context, l domain.Location) (int64, error) {
	if err := l.Normalise(); err != nil {
		return 0, err
	}
	if _, err := q.Organisation(ctx, l.RegionID, l.OrganisationID); err != nil {
		return 0, err
	}
	id, err := q.insert(ctx, "INSERT INTO locations ("+locCols[4:]+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		l.RegionID, l.OrganisationID, l.Name, l.Street, l.Postcode, l.Place, l.Point.Lat, l.Point.Lon)
	if err != nil {
		return 0, fmt.Errorf("create location: %w", err)
	}
	return id, nil
}

// Location returns a location of a region, or ErrNotFound.
func (q *Queries) Location(ctx context.Context, regionID, id int64) (domain.Location, error) {
	l, err := scanLoc(q.queryRow(ctx, "SELECT "+locCols+" FROM locations WHERE id = ? AND region_id = ?", id, regionID))
	return l, one(err, "location")
}

// Locations lists the locations of an organisation of a region.
func (q *Queries) Locations(ctx context.Context, regionID, orgID int64) ([]domain.Location, error) {
	rows, err := q.query(ctx, "SELECT "+locCols+" FROM locations WHERE region_id = ? AND organisation_id = ? ORDER BY place, name, id", regionID, orgID)
	return collect(rows, err, func(r *sql.Rows) (domain.Location, error) { return scanLoc(r) })
}

const progCols = "p.id, p.region_id, p.school_id, p.location_id, p.stage, p.crebo, p.croho, p.name, p.field, p.level, p.pathway, o.name"

func scanProg(s interface{ Scan(...any) error }) (domain.Programme, error) {
	var p domain.Programme
	err := s.Scan(&p.ID, &p.RegionID, &p.SchoolID, idOrZero{&p.LocationID}, &p.Stage, &p.Crebo, &p.Croho, &p.Name, &p.Field,
		&p.Level, &p.Pathway, &p.SchoolName)
	return p, err
}

// CreateProgramme validates and stores a programme of a school of the
// region and returns its id.
func (q *Queries) CreateProgramme(ctx context.Context, p domain.Programme) (int64, error) {
	if err := p.Normalise(); err != nil {
		return 0, err
	}
	school, err := q.Organisation(ctx, p.RegionID, p.SchoolID)
	if err != nil {
		return 0, err
	}
	if school.Kind != domain.OrgSchool {
		return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "school", Key: "invalid.school_required"}}}
	}
	id, err := q.insert(ctx, `INSERT INTO programmes (region_id, school_id, location_id, stage, crebo, croho, name, field, level, pathway)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.RegionID, p.SchoolID, nullID(p.LocationID), p.Stage, p.Crebo, p.Croho, p.Name, p.Field, p.Level, p.Pathway)
	if err != nil {
		return 0, fmt.Errorf("create programme: %w", err)
	}
	return id, nil
}

// Programme returns a programme of a region, or ErrNotFound.
func (q *Queries) Programme(ctx context.Context, regionID, id int64) (domain.Programme, error) {
	p, err := scanProg(q.queryRow(ctx, "SELECT "+progCols+" FROM programmes p JOIN organisations o ON o.id = p.school_id WHERE p.id = ? AND p.region_id = ?", id, regionID))
	return p, one(err, "programme")
}

// ProgFilter selects programmes.
type ProgFilter struct {
	RegionID int64
	SchoolID int64
	Stage    domain.Stage
	Text     string // name or crebo contains
	Page     Page
}

// Programmes lists a page of a region's programmes and the total count.
func (q *Queries) Programmes(ctx context.Context, f ProgFilter) ([]domain.Programme, int, error) {
	where := " FROM programmes p JOIN organisations o ON o.id = p.school_id WHERE p.region_id = ?"
	args := []any{f.RegionID}
	if f.SchoolID != 0 {
		where += " AND p.school_id = ?"
		args = append(args, f.SchoolID)
	}
	if f.Stage != "" {
		where += " AND p.stage = ?"
		args = append(args, f.Stage)
	}
	if f.Text != "" {
		where += ` AND (LOWER(p.name) LIKE ? ESCAPE '\' OR p.crebo LIKE ? ESCAPE '\' OR LOWER(p.field) LIKE ? ESCAPE '\')`
		pat := likePattern(f.Text)
		args = append(args, pat, pat, pat)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count programmes: %w", err)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, "SELECT "+progCols+where+" ORDER BY p.stage, p.name, p.level, p.id"+pg.clause(), args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Programme, error) { return scanProg(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("programmes: %w", err)
	}
	return list, total, nil
}
