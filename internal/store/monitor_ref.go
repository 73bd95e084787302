package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"talentloket/internal/domain"
)

// The regional monitor's smaller tables: labels of codes, labour-market
// figures, the coordinators' targets and (shared reference data) mbo
// school locations and place names.

var labelCols = []string{"region_id", "dim", "code", "label", "place", "municipality"}

// UpsertMonitorLabels stores or replaces labels of the region's codes
// (with multi-row upserts; of a code given twice the last one counts).
func (q *Queries) UpsertMonitorLabels(ctx context.Context, regionID int64, labels []domain.MonitorLabel) error {
	at := map[[2]string]int{}
	var list []domain.MonitorLabel
	for _, l := range labels {
		if l.Dim == "" || l.Code == "" {
			return fmt.Errorf("monitor label: dimension and code are required: %w", domain.ErrInvalid)
		}
		k := [2]string{l.Dim, l.Code}
		if i, dup := at[k]; dup {
			list[i] = l
			continue
		}
		at[k] = len(list)
		list = append(list, l)
	}
	err := q.bulkInsert(ctx, "monitor_labels", labelCols, len(list),
		" ON CONFLICT (region_id, dim, code) DO UPDATE SET label = excluded.label, place = excluded.place, municipality = excluded.municipality",
		func(i int, dst []any) []any {
			l := &list[i]
			return append(dst, regionID, l.Dim, l.Code, l.Label, l.Place, l.Municipality)
		})
	if err != nil {
		return fmt.Errorf("monitor labels: %w", err)
	}
	return nil
}

// MonitorLabels lists the region's labels by dimension and code.
func (q *Queries) MonitorLabels(ctx context.Context, regionID int64) ([]domain.MonitorLabel, error) {
	rows, err := q.query(ctx, "SELECT dim, code, label, place, municipality FROM monitor_labels WHERE region_id = ? ORDER BY dim, code", regionID)
	return collect(rows, err, func(r *sql.Rows) (domain.MonitorLabel, error) {
		var l domain.MonitorLabel
		return l, r.Scan(&l.Dim, &l.Code, &l.Label, &l.Place, &l.Municipality)
	})
}

var labourCols = []string{"import_id", "region_id", "line", "source", "area", "area_name", "sector", "period", "year", "measure", "value", "provisional"}

// InsertLabourFigures stores labour-market figures of an import of the
// region.
func (q *Queries) InsertLabourFigures(ctx context.Context, regionID, importID int64, figs []domain.LabourFigure) error {
	return q.bulkInsert(ctx, "monitor_labour", labourCols, len(figs), "", func(i int, dst []any) []any {
		f := &figs[i]
		return append(dst, importID, regionID, f.Line, f.Source, f.Area, f.AreaName, f.Sector, f.Period, f.Year, f.Measure, f.Value, f.Provisional)
	})
}

// LabourFigures lists the region's labour-market figures of imports that
// are done, by source, area, sector, year and measure.
func (q *Queries) LabourFigures(ctx context.Context, regionID int64) ([]domain.LabourFigure, error) {
	rows, err := q.query(ctx, `SELECT l.import_id, l.line, l.source, l.area, l.area_name, l.sector, l.period, l.year, l.measure, l.value, l.provisional
		FROM monitor_labour l JOIN monitor_imports i ON i.id = l.import_id
		WHERE l.region_id = ? AND i.region_id = ? AND i.status = 'done' ORDER BY l.source, l.area, l.sector, l.year, l.measure, l.line`, regionID, regionID)
	return collect(rows, err, func(r *sql.Rows) (domain.LabourFigure, error) {
		var f domain.LabourFigure
		return f, r.Scan(&f.ImportID, &f.Line, &f.Source, &f.Area, &f.AreaName, &f.Sector, &f.Period, &f.Year, &f.Measure, &f.Value, &f.Provisional)
	})
}

// ReplaceLabourFigures deletes the region's figures of earlier imports of
// the same dataset for the given periods and marks imports left without
// figures replaced. It returns the number deleted.
func (q *Queries) ReplaceLabourFigures(ctx context.Context, regionID, importID int64, dataset string, periods []string) (int, error) {
	if len(periods) == 0 {
		return 0, nil
	}
	rows, err := q.query(ctx, "SELECT id FROM monitor_imports WHERE region_id = ? AND dataset = ? AND id <> ? AND status = 'done'", regionID, dataset, importID)
	ids, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("replace labour figures: %w", err)
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(periods)), ", ")
	deleted := 0
	for _, id := range ids {
		args := []any{id, regionID}
		for _, p := range periods {
			args = append(args, p)
		}
		res, err := q.exec(ctx, "DELETE FROM monitor_labour WHERE import_id = ? AND region_id = ? AND period IN ("+ph+")", args...)
		if err != nil {
			return 0, fmt.Errorf("replace labour figures: %w", err)
		}
		n, _ := res.RowsAffected()
		if n == 0 {
			continue
		}
		deleted += int(n)
		var left int
		if err := q.queryRow(ctx, "SELECT COUNT(*) FROM monitor_labour WHERE import_id = ?", id).Scan(&left); err != nil {
			return 0, fmt.Errorf("replace labour figures: %w", err)
		}
		status := domain.ImportDone
		if left == 0 {
			status = domain.ImportReplaced
		}
		if _, err := q.exec(ctx, "UPDATE monitor_imports SET status = ?, replaced_by = ?, facts = ? WHERE id = ? AND region_id = ?",
			status, importID, left, id, regionID); err != nil {
			return 0, fmt.Errorf("replace labour figures: %w", err)
		}
	}
	return deleted, nil
}

// UpsertSchoolLocations stores or replaces mbo school locations (shared
// reference data).
func (q *Queries) UpsertSchoolLocations(ctx context.Context, locs []domain.SchoolLocation) error {
	for _, l := range locs {
		if len(l.Code) != 6 || l.BRIN != l.Code[:4] {
			return fmt.Errorf("school location %q: %w", l.Code, domain.Errorf(domain.CodeInvalid, "invalid.brin"))
		}
		if _, err := q.exec(ctx, `INSERT INTO school_locations (code, brin, name, street, postcode, place, municipality_code)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET brin = excluded.brin, name = excluded.name,
			street = excluded.street, postcode = excluded.postcode, place = excluded.place, municipality_code = excluded.municipality_code`,
			l.Code, l.BRIN, l.Name, l.Street, l.Postcode, l.Place, l.MunicipalityCode); err != nil {
			return fmt.Errorf("school location %s: %w", l.Code, err)
		}
	}
	return nil
}

// SchoolLocations lists the mbo school locations by code.
func (q *Queries) SchoolLocations(ctx context.Context) ([]domain.SchoolLocation, error) {
	rows, err := q.query(ctx, "SELECT code, brin, name, street, postcode, place, municipality_code FROM school_locations ORDER BY code")
	return collect(rows, err, func(r *sql.Rows) (domain.SchoolLocation, error) {
		var l domain.SchoolLocation
		return l, r.Scan(&l.Code, &l.BRIN, &l.Name, &l.Street, &l.Postcode, &l.Place, &l.MunicipalityCode)
	})
}

// PlaceName is a stored place or municipality name with its municipality.
type PlaceName struct {
	Name, MunicipalityCode, Kind string
}

// PlaceNames lists every stored place and municipality name (reference
// data), to build a place-name resolver.
func (q *Queries) PlaceNames(ctx context.Context) ([]PlaceName, error) {
	rows, err := q.query(ctx, "SELECT name, municipality_code, kind FROM place_names ORDER BY name_key")
	return collect(rows, err, func(r *sql.Rows) (PlaceName, error) {
		var p PlaceName
		return p, r.Scan(&p.Name, &p.MunicipalityCode, &p.Kind)
	})
}

// SetMonitorTarget stores the region's target, replacing the previous one
// and its schools. It validates the target first.
func (q *Queries) SetMonitorTarget(ctx context.Context, t domain.MonitorTarget) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if _, err := q.exec(ctx, "DELETE FROM monitor_targets WHERE region_id = ?", t.RegionID); err != nil {
		return fmt.Errorf("monitor target: %w", err)
	}
	_, err := q.exec(ctx, `INSERT INTO monitor_targets (region_id, stage, kind, baseline_year, target_year, total, growth_factor, demand,
		demand_low, demand_high, demand_from, demand_to, demand_note, network_areas, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.RegionID, t.Stage, t.Kind, t.BaselineYear, t.TargetYear, t.Total, t.GrowthFactor, t.Demand, t.DemandLow, t.DemandHigh,
		t.DemandFrom, t.DemandTo, t.DemandNote, strings.Join(t.NetworkAreas, ","), nullID(t.UpdatedBy), q.now())
	if err != nil {
		return fmt.Errorf("monitor target: %w", err)
	}
	for _, s := range t.Schools {
		if _, err := q.exec(ctx, "INSERT INTO monitor_target_schools (region_id, school, baseline_weight, weight) VALUES (?, ?, ?, ?)",
			t.RegionID, s.School, s.BaselineWeight, s.Weight); err != nil {
			return fmt.Errorf("monitor target school %s: %w", s.School, err)
		}
	}
	return nil
}

// MonitorTarget returns the region's target, or ErrNotFound when none is
// set.
func (q *Queries) MonitorTarget(ctx context.Context, regionID int64) (domain.MonitorTarget, error) {
	var t domain.MonitorTarget
	var areas string
	err := q.queryRow(ctx, `SELECT region_id, stage, kind, baseline_year, target_year, total, growth_factor, demand, demand_low, demand_high,
		demand_from, demand_to, demand_note, network_areas, updated_by, updated_at FROM monitor_targets WHERE region_id = ?`, regionID).
		Scan(&t.RegionID, &t.Stage, &t.Kind, &t.BaselineYear, &t.TargetYear, &t.Total, &t.GrowthFactor, &t.Demand, &t.DemandLow,
			&t.DemandHigh, &t.DemandFrom, &t.DemandTo, &t.DemandNote, &areas, idOrZero{&t.UpdatedBy}, utcTime{&t.UpdatedAt})
	if err := one(err, "monitor target"); err != nil {
		return t, err
	}
	if areas != "" {
		t.NetworkAreas = strings.Split(areas, ",")
	}
	rows, err := q.query(ctx, "SELECT school, baseline_weight, weight FROM monitor_target_schools WHERE region_id = ? ORDER BY school", regionID)
	t.Schools, err = collect(rows, err, func(r *sql.Rows) (domain.TargetSchool, error) {
		var s domain.TargetSchool
		return s, r.Scan(&s.School, &s.BaselineWeight, &s.Weight)
	})
	if err != nil {
		return t, fmt.Errorf("monitor target schools: %w", err)
	}
	return t, nil
}
