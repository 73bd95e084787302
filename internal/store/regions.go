package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"talentloket/internal/domain"
)

// CreateRegion stores a new region and returns its id; a taken slug is
// ErrConflict.
func (q *Queries) CreateRegion(ctx context.Context, r domain.Region) (int64, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	id, err := q.insert(ctx, "INSERT INTO regions (slug, name, created_at) VALUES (?, ?, ?)", r.Slug, r.Name, q.now())
	if err != nil {
		return 0, fmt.Errorf("create region %q: %w", r.Slug, err)
	}
	return id, nil
}

const regionCols = "id, slug, name, created_at"

func scanRegion(s interface{ Scan(...any) error }) (domain.Region, error) {
	var r domain.Region
	err := s.Scan(&r.ID, &r.Slug, &r.Name, utcTime{&r.CreatedAt})
	return r, err
}

// Region returns a region by id, or ErrNotFound.
func (q *Queries) Region(ctx context.Context, id int64) (domain.Region, error) {
	r, err := scanRegion(q.queryRow(ctx, "SELECT "+regionCols+" FROM regions WHERE id = ?", id))
	return r, one(err, "region")
}

// RegionBySlug returns a region by slug, or ErrNotFound.
func (q *Queries) RegionBySlug(ctx context.Context, slug string) (domain.Region, error) {
	r, err := scanRegion(q.queryRow(ctx, "SELECT "+regionCols+" FROM regions WHERE slug = ?", slug))
	return r, one(err, "region "+slug)
}

// Regions lists every region by name.
func (q *Queries) Regions(ctx context.Context) ([]domain.Region, error) {
	rows, err := q.query(ctx, "SELECT "+regionCols+" FROM regions ORDER BY name")
	return collect(rows, err, func(r *sql.Rows) (domain.Region, error) { return scanRegion(r) })
}

// SetRegionMunicipalities replaces the municipalities (GM codes) of a region.
func (q *Queries) SetRegionMunicipalities(ctx context.Context, regionID int64, codes []string) error {
	if _, err := q.exec(ctx, "DELETE FROM region_municipalities WHERE region_id = ?", regionID); err != nil {
		return fmt.Errorf("region municipalities: %w", err)
	}
	for _, c := range codes {
		code, err := domain.ParseCBSCode("GM", c)
		if err != nil {
			return err
		}
		if _, err := q.exec(ctx, "INSERT INTO region_municipalities (region_id, municipality_code) VALUES (?, ?)", regionID, code); err != nil {
			return fmt.Errorf("region municipality %s: %w", code, err)
		}
	}
	return nil
}

// RegionMunicipalities lists the municipalities of a region with their
// reference data where it is known (a code without reference data comes
// back with the code as its name).
func (q *Queries) RegionMunicipalities(ctx context.Context, regionID int64) ([]domain.Municipality, error) {
	rows, err := q.query(ctx, `SELECT rm.municipality_code, COALESCE(m.name, rm.municipality_code), COALESCE(m.year, 0),
		COALESCE(m.labour_market_code, ''), COALESCE(m.labour_market, ''), COALESCE(m.corop_code, ''), COALESCE(m.corop, ''),
		COALESCE(m.province_code, ''), COALESCE(m.province, '')
		FROM region_municipalities rm LEFT JOIN municipalities m ON m.code = rm.municipality_code
		WHERE rm.region_id = ? ORDER BY 2`, regionID)
	return collect(rows, err, scanMunicipality)
}

func scanMunicipality(r *sql.Rows) (domain.Municipality, error) {
	var m domain.Municipality
	err := r.Scan(&m.Code, &m.Name, &m.Year, &m.LabourMarketCode, &m.LabourMarket, &m.CoropCode, &m.Corop, &m.ProvinceCode, &m.Province)
	return m, err
}

// UpsertMunicipality stores or replaces reference data for a municipality.
func (q *Queries) UpsertMunicipality(ctx context.Context, m domain.Municipality) error {
	if err := m.Validate(); err != nil {
		return err
	}
	_, err := q.exec(ctx, `INSERT INTO municipalities (code, name, year, labour_market_code, labour_market, corop_code, corop, province_code, province)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, year = excluded.year,
		labour_market_code = excluded.labour_market_code, labour_market = excluded.labour_market,
		corop_code = excluded.corop_code, corop = excluded.corop, province_code = excluded.province_code, province = excluded.province`,
		m.Code, m.Name, m.Year, m.LabourMarketCode, m.LabourMarket, m.CoropCode, m.Corop, m.ProvinceCode, m.Province)
	if err != nil {
		return fmt.Errorf("municipality %s: %w", m.Code, err)
	}
	return nil
}

// Municipalities lists the municipality reference data by name.
func (q *Queries) Municipalities(ctx context.Context) ([]domain.Municipality, error) {
	rows, err := q.query(ctx, `SELECT code, name, year, labour_market_code, labour_market, corop_code, corop, province_code, province
		FROM municipalities ORDER BY name`)
	return collect(rows, err, scanMunicipality)
}

// PlaceNameKey normalises a place or municipality name for look-ups:
// lower case, letters and digits only ("'S-HERTOGENBOSCH" -> "shertogenbosch").
func PlaceNameKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'â', 'á', 'à', 'ä':
			r = 'a'
		case 'ê', 'é', 'è', 'ë':
			r = 'e'
		case 'î', 'í', 'ï':
			r = 'i'
		case 'ô', 'ó', 'ö':
			r = 'o'
		case 'û', 'ú', 'ü':
			r = 'u'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UpsertPlaceName records that a place (woonplaats) or an old municipality
// name lies in a municipality.
func (q *Queries) UpsertPlaceName(ctx context.Context, name, municipalityCode, kind string) error {
	key := PlaceNameKey(name)
	if key == "" {
		return domain.Errorf(domain.CodeInvalid, "invalid.required")
	}
	_, err := q.exec(ctx, `INSERT INTO place_names (name_key, name, municipality_code, kind) VALUES (?, ?, ?, ?)
		ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, municipality_code = excluded.municipality_code, kind = excluded.kind`,
		key, name, municipalityCode, kind)
	if err != nil {
		return fmt.Errorf("place name %q: %w", name, err)
	}
	return nil
}

// MunicipalityOfPlace returns the municipality code of a place name, or
// ErrNotFound.
func (q *Queries) MunicipalityOfPlace(ctx context.Context, name string) (string, error) {
	var code string
	err := q.queryRow(ctx, "SELECT municipality_code FROM place_names WHERE name_key = ?", PlaceNameKey(name)).Scan(&code)
	return code, one(err, "place "+name)
}

// UpsertPostcode stores or replaces a PC4 centroid.
func (q *Queries) UpsertPostcode(ctx context.Context, p domain.Postcode) error {
	if err := p.Validate(); err != nil {
		return err
	}
	_, err := q.exec(ctx, `INSERT INTO postcodes (pc4, place, municipality, lat, lon, source) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (pc4) DO UPDATE SET place = excluded.place, municipality = excluded.municipality,
		lat = excluded.lat, lon = excluded.lon, source = excluded.source`,
		p.PC4, p.Place, p.Municipality, p.Point.Lat, p.Point.Lon, p.Source)
	if err != nil {
		return fmt.Errorf("postcode %s: %w", p.PC4, err)
	}
	return nil
}

// Postcode returns the centroid of a PC4 area ("7511" or "7511 AB"), or
// ErrNotFound.
func (q *Queries) Postcode(ctx context.Context, code string) (domain.Postcode, error) {
	var p domain.Postcode
	p.PC4 = domain.PC4(code)
	err := q.queryRow(ctx, "SELECT place, municipality, lat, lon, source FROM postcodes WHERE pc4 = ?", p.PC4).
		Scan(&p.Place, &p.Municipality, &p.Point.Lat, &p.Point.Lon, &p.Source)
	return p, one(err, "postcode "+code)
}

// CountPostcodes returns how many PC4 centroids are stored, by source.
func (q *Queries) CountPostcodes(ctx context.Context) (map[string]int, error) {
	rows, err := q.query(ctx, "SELECT source, COUNT(*) FROM postcodes GROUP BY source")
	type pair struct {
		s string
		n int
	}
	ps, err := collect(rows, err, func(r *sql.Rows) (pair, error) {
		var p pair
		return p, r.Scan(&p.s, &p.n)
	})
	out := map[string]int{}
	for _, p := range ps {
		out[p.s] = p.n
	}
	return out, err
}

// UpsertQualification stores or replaces a qualification (crebo).
func (q *Queries) UpsertQualification(ctx context.Context, c domain.Qualification) error {
	if _, err := domain.ParseCrebo(c.Crebo); err != nil {
		return err
	}
	_, err := q.exec(ctx, `INSERT INTO qualifications (crebo, name, level, dossier_crebo, dossier, domain, sector) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (crebo) DO UPDATE SET name = excluded.name, level = excluded.level, dossier_crebo = excluded.dossier_crebo,
		dossier = excluded.dossier, domain = excluded.domain, sector = excluded.sector`,
		c.Crebo, c.Name, c.Level, c.DossierCrebo, c.Dossier, c.Domain, c.Sector)
	if err != nil {
		return fmt.Errorf("qualification %s: %w", c.Crebo, err)
	}
	return nil
}

// Qualifications lists the known qualifications by name.
func (q *Queries) Qualifications(ctx context.Context) ([]domain.Qualification, error) {
	rows, err := q.query(ctx, "SELECT crebo, name, level, dossier_crebo, dossier, domain, sector FROM qualifications ORDER BY name, crebo")
	return collect(rows, err, func(r *sql.Rows) (domain.Qualification, error) {
		var c domain.Qualification
		return c, r.Scan(&c.Crebo, &c.Name, &c.Level, &c.DossierCrebo, &c.Dossier, &c.Domain, &c.Sector)
	})
}
