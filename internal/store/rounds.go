package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// Matching: the regions' fit weights, matching rounds with their results,
// and the bulk reads the matching service needs (every open placement for
// the search index, every student of a round).

const matchWeightCols = `qualification, level, distance, period, skills, languages, wishes, dossier_credit, domain_credit,
	open_credit, missing_language_factor, default_max_distance_km`

// RegionWeights returns the fit weights a region stored; ok is false (and
// the error nil) when it stored none.
func (q *Queries) RegionWeights(ctx context.Context, regionID int64) (w domain.FitWeights, ok bool, err error) {
	err = q.queryRow(ctx, "SELECT "+matchWeightCols+" FROM match_weights WHERE region_id = ?", regionID).Scan(
		&w.Qualification, &w.Level, &w.Distance, &w.Period, &w.Skills, &w.Languages, &w.Wishes, &w.DossierCredit,
		&w.DomainCredit, &w.OpenCredit, &w.MissingLanguageFactor, &w.DefaultMaxDistanceKm)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.FitWeights{}, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("region weights: %w", err)
	}
	return w, true, nil
}

// SetRegionWeights validates and stores a region's fit weights, replacing
// earlier ones.
func (q *Queries) SetRegionWeights(ctx context.Context, regionID int64, w domain.FitWeights, userID int64) error {
	if err := w.Validate(); err != nil {
		return err
	}
	_, err := q.exec(ctx, `INSERT INTO match_weights (region_id, `+matchWeightCols+`, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (region_id) DO UPDATE SET qualification = excluded.qualification, level = excluded.level,
		distance = excluded.distance, period = excluded.period, skills = excluded.skills, languages = excluded.languages,
		wishes = excluded.wishes, dossier_credit = excluded.dossier_credit, domain_credit = excluded.domain_credit,
		open_credit = excluded.open_credit, missing_language_factor = excluded.missing_language_factor,
		default_max_distance_km = excluded.default_max_distance_km, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		regionID, w.Qualification, w.Level, w.Distance, w.Period, w.Skills, w.Languages, w.Wishes, w.DossierCredit,
		w.DomainCredit, w.OpenCredit, w.MissingLanguageFactor, w.DefaultMaxDistanceKm, nullID(userID), q.now())
	if err != nil {
		return fmt.Errorf("set region weights: %w", err)
	}
	return nil
}

const roundCols = `r.id, r.region_id, r.name, r.status, r.seed, r.params, r.stats, r.progress, r.error, r.created_by, r.created_at,
	r.ran_by, r.ran_at, r.published_by, r.published_at, r.updated_at, COALESCE(u.name, '')`

const roundFrom = ` FROM rounds r LEFT JOIN users u ON u.id = r.created_by`

func scanRound(s interface{ Scan(...any) error }) (domain.Round, error) {
	var r domain.Round
	var params, stats, progress string
	err := s.Scan(&r.ID, &r.RegionID, &r.Name, &r.Status, &r.Seed, &params, &stats, &progress, &r.Error, idOrZero{&r.CreatedBy},
		utcTime{&r.CreatedAt}, idOrZero{&r.RanBy}, timeOrZero{&r.RanAt}, idOrZero{&r.PublishedBy}, timeOrZero{&r.PublishedAt},
		utcTime{&r.UpdatedAt}, &r.CreatedByName)
	if err != nil {
		return r, err
	}
	for _, f := range []struct {
		text string
		v    any
	}{{params, &r.Params}, {stats, &r.Stats}, {progress, &r.Progress}} {
		if f.text == "" {
			continue
		}
		if err := json.Unmarshal([]byte(f.text), f.v); err != nil {
			return r, fmt.Errorf("round %d: %w", r.ID, err)
		}
	}
	return r, nil
}

func roundJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// CreateRound validates and stores a round (as a draft unless its status
// says otherwise) and returns its id.
func (q *Queries) CreateRound(ctx context.Context, r domain.Round) (int64, error) {
	if err := r.Normalise(); err != nil {
		return 0, err
	}
	params, err := roundJSON(r.Params)
	if err != nil {
		return 0, fmt.Errorf("create round: %w", err)
	}
	now := q.now()
	id, err := q.insert(ctx, `INSERT INTO rounds (region_id, name, status, seed, params, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.RegionID, r.Name, r.Status, r.Seed, params, nullID(r.CreatedBy), now, now)
	if err != nil {
		return 0, fmt.Errorf("create round: %w", err)
	}
	return id, nil
}

// Round returns a round of a region, or ErrNotFound.
func (q *Queries) Round(ctx context.Context, regionID, id int64) (domain.Round, error) {
	r, err := scanRound(q.queryRow(ctx, "SELECT "+roundCols+roundFrom+" WHERE r.id = ? AND r.region_id = ?", id, regionID))
	return r, one(err, "round")
}

// Rounds lists a page of a region's rounds, newest first, and the total.
func (q *Queries) Rounds(ctx context.Context, regionID int64, page Page) ([]domain.Round, int, error) {
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM rounds WHERE region_id = ?", regionID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count rounds: %w", err)
	}
	pg := page.Norm()
	rows, err := q.query(ctx, "SELECT "+roundCols+roundFrom+" WHERE r.region_id = ? ORDER BY r.created_at DESC, r.id DESC"+pg.clause(), regionID)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Round, error) { return scanRound(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("rounds: %w", err)
	}
	return list, total, nil
}

// RoundsInStatus lists the rounds of every region in one of the statuses
// whose last change is before the given time, oldest first (for the
// worker that picks up rounds left behind).
func (q *Queries) RoundsInStatus(ctx context.Context, before time.Time, statuses ...domain.RoundStatus) ([]domain.Round, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	args := []any{before.UTC()}
	for _, s := range statuses {
		args = append(args, s)
	}
	rows, err := q.query(ctx, "SELECT "+roundCols+roundFrom+" WHERE r.updated_at < ? AND r.status IN (?"+
		strings.Repeat(", ?", len(statuses)-1)+") ORDER BY r.updated_at, r.id", args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Round, error) { return scanRound(r) })
	if err != nil {
		return nil, fmt.Errorf("rounds in status: %w", err)
	}
	return list, nil
}

// SetRoundStatus moves a round of a region to status to when it is in one
// of the statuses from, with an error text ("" to clear it). A round in
// another status gives a conflict and changes nothing; another region's
// round is ErrNotFound.
func (q *Queries) SetRoundStatus(ctx context.Context, regionID, id int64, from []domain.RoundStatus, to domain.RoundStatus, errText string) error {
	if _, err := q.Round(ctx, regionID, id); err != nil {
		return err
	}
	args := []any{to, errText, q.now(), id, regionID}
	for _, s := range from {
		args = append(args, s)
	}
	where := ""
	if len(from) > 0 {
		where = " AND status IN (?" + strings.Repeat(", ?", len(from)-1) + ")"
	}
	res, err := q.exec(ctx, "UPDATE rounds SET status = ?, error = ?, updated_at = ? WHERE id = ? AND region_id = ?"+where, args...)
	if err != nil {
		return fmt.Errorf("round status: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("round status: %w", domain.Errorf(domain.CodeConflict, "error.round_status"))
	}
	return nil
}

// SetRoundProgress records how far a running round is.
func (q *Queries) SetRoundProgress(ctx context.Context, regionID, id int64, p domain.RoundProgress) error {
	text, err := roundJSON(p)
	if err != nil {
		return err
	}
	res, err := q.exec(ctx, "UPDATE rounds SET progress = ?, updated_at = ? WHERE id = ? AND region_id = ?", text, q.now(), id, regionID)
	return affected(res, err, "round progress")
}

// SaveRoundResult replaces the result of a running round (its students and
// placements) and marks it done, run by ranBy at ranAt. Run it in a
// transaction: the old result is deleted first.
func (q *Queries) SaveRoundResult(ctx context.Context, regionID, id int64, stats domain.RoundStats, students []domain.RoundStudent,
	placements []domain.RoundPlacement, ranBy int64, ranAt time.Time) error {
	statsText, err := roundJSON(stats)
	if err != nil {
		return err
	}
	res, err := q.exec(ctx, `UPDATE rounds SET status = ?, stats = ?, error = '', ran_by = ?, ran_at = ?, updated_at = ?
		WHERE id = ? AND region_id = ? AND status = ?`, domain.RoundDone, statsText, nullID(ranBy), ranAt.UTC(), q.now(), id, regionID, domain.RoundRunning)
	if err != nil {
		return fmt.Errorf("save round: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("save round: %w", domain.Errorf(domain.CodeConflict, "error.round_status"))
	}
	for _, table := range []string{"round_students", "round_placements"} {
		if _, err := q.exec(ctx, "DELETE FROM "+table+" WHERE round_id = ?", id); err != nil {
			return fmt.Errorf("save round: %w", err)
		}
	}
	const chunk = 200
	for i := 0; i < len(students); i += chunk {
		part := students[i:min(i+chunk, len(students))]
		args := make([]any, 0, 9*len(part))
		for _, s := range part {
			args = append(args, id, s.StudentID, nullID(s.PlacementID), s.Rank, s.Score, s.ListLength, s.Reason, s.Detail, s.Fingerprint)
		}
		if _, err := q.exec(ctx, `INSERT INTO round_students (round_id, student_id, placement_id, rank, score, list_length, reason, detail, fingerprint)
			VALUES `+roundValues(9, len(part)), args...); err != nil {
			return fmt.Errorf("save round students: %w", err)
		}
	}
	for i := 0; i < len(placements); i += chunk {
		part := placements[i:min(i+chunk, len(placements))]
		args := make([]any, 0, 5*len(part))
		for _, p := range part {
			args = append(args, id, p.PlacementID, p.Capacity, p.Filled, p.Fingerprint)
		}
		if _, err := q.exec(ctx, `INSERT INTO round_placements (round_id, placement_id, capacity, filled, fingerprint)
			VALUES `+roundValues(5, len(part)), args...); err != nil {
			return fmt.Errorf("save round placements: %w", err)
		}
	}
	return nil
}

// rowsOf returns n value tuples of k placeholders: "(?, ?), (?, ?)".
func roundValues(k, n int) string {
	tuple := "(?" + strings.Repeat(", ?", k-1) + ")"
	return tuple + strings.Repeat(", "+tuple, n-1)
}

// MarkRoundPublished marks a done round of a region published by userID.
// A round that is not done gives a conflict.
func (q *Queries) MarkRoundPublished(ctx context.Context, regionID, id, userID int64) error {
	now := q.now()
	res, err := q.exec(ctx, "UPDATE rounds SET status = ?, published_by = ?, published_at = ?, updated_at = ? WHERE id = ? AND region_id = ? AND status = ?",
		domain.RoundPublished, nullID(userID), now, now, id, regionID, domain.RoundDone)
	if err != nil {
		return fmt.Errorf("publish round: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("publish round: %w", domain.Errorf(domain.CodeConflict, "error.round_status"))
	}
	return nil
}

// DeleteRound deletes a round of a region with its result.
func (q *Queries) DeleteRound(ctx context.Context, regionID, id int64) error {
	res, err := q.exec(ctx, "DELETE FROM rounds WHERE id = ? AND region_id = ?", id, regionID)
	return affected(res, err, "delete round")
}

// RoundStudentFilter selects the students of a round's result.
type RoundStudentFilter struct {
	RegionID, RoundID int64
	// Placed: "placed", "unplaced" or "" for both.
	Placed string
	// SchoolID, CoachID limit the list to a school or a caseload.
	SchoolID, CoachID int64
	Page              Page
	All               bool // ignore Page
}

const roundStudentCols = `rs.round_id, rs.student_id, rs.placement_id, rs.rank, rs.score, rs.list_length, rs.reason, rs.detail,
	rs.fingerprint, s.name, o.name, COALESCE(pl.title, ''), COALESCE(co.name, '')`

const roundStudentFrom = ` FROM round_students rs JOIN rounds r ON r.id = rs.round_id JOIN students s ON s.id = rs.student_id
	JOIN organisations o ON o.id = s.school_id LEFT JOIN placements pl ON pl.id = rs.placement_id
	LEFT JOIN organisations co ON co.id = pl.company_id`

// RoundStudents lists the students of a round's result of a region (placed
// by rank then name, unplaced by name) and the total.
func (q *Queries) RoundStudents(ctx context.Context, f RoundStudentFilter) ([]domain.RoundStudent, int, error) {
	where := " WHERE r.region_id = ? AND rs.round_id = ?"
	args := []any{f.RegionID, f.RoundID}
	switch f.Placed {
	case "placed":
		where += " AND rs.placement_id IS NOT NULL"
	case "unplaced":
		where += " AND rs.placement_id IS NULL"
	}
	if f.SchoolID != 0 {
		where += " AND s.school_id = ?"
		args = append(args, f.SchoolID)
	}
	if f.CoachID != 0 {
		where += " AND s.coach_id = ?"
		args = append(args, f.CoachID)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+roundStudentFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count round students: %w", err)
	}
	query := "SELECT " + roundStudentCols + roundStudentFrom + where +
		" ORDER BY CASE WHEN rs.placement_id IS NULL THEN 1 ELSE 0 END, rs.rank, s.name, s.id"
	if !f.All {
		query += f.Page.Norm().clause()
	}
	rows, err := q.query(ctx, query, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.RoundStudent, error) {
		var s domain.RoundStudent
		return s, r.Scan(&s.RoundID, &s.StudentID, idOrZero{&s.PlacementID}, &s.Rank, &s.Score, &s.ListLength, &s.Reason, &s.Detail,
			&s.Fingerprint, &s.StudentName, &s.SchoolName, &s.PlacementTitle, &s.CompanyName)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("round students: %w", err)
	}
	return list, total, nil
}

// RoundPlacements lists the placements of a round's result of a region, by
// company and title.
func (q *Queries) RoundPlacements(ctx context.Context, regionID, roundID int64) ([]domain.RoundPlacement, error) {
	rows, err := q.query(ctx, `SELECT rp.round_id, rp.placement_id, rp.capacity, rp.filled, rp.fingerprint, pl.title, o.name
		FROM round_placements rp JOIN rounds r ON r.id = rp.round_id JOIN placements pl ON pl.id = rp.placement_id
		JOIN organisations o ON o.id = pl.company_id WHERE r.region_id = ? AND rp.round_id = ? ORDER BY o.name, pl.title, pl.id`, regionID, roundID)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.RoundPlacement, error) {
		var p domain.RoundPlacement
		return p, r.Scan(&p.RoundID, &p.PlacementID, &p.Capacity, &p.Filled, &p.Fingerprint, &p.Title, &p.CompanyName)
	})
	if err != nil {
		return nil, fmt.Errorf("round placements: %w", err)
	}
	return list, nil
}

// Postcodes returns every PC4 centroid, by code.
func (q *Queries) Postcodes(ctx context.Context) ([]domain.Postcode, error) {
	rows, err := q.query(ctx, "SELECT pc4, place, municipality, lat, lon, source FROM postcodes ORDER BY pc4")
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Postcode, error) {
		var p domain.Postcode
		return p, r.Scan(&p.PC4, &p.Place, &p.Municipality, &p.Point.Lat, &p.Point.Lon, &p.Source)
	})
	if err != nil {
		return nil, fmt.Errorf("postcodes: %w", err)
	}
	return list, nil
}

// IndexFilter selects placements for the search index.
type IndexFilter struct {
	RegionID int64 // 0: every region
	OpenOnly bool
	// Since: only placements changed after it, or whose company changed
	// after it (accreditations); zero: all.
	Since time.Time
	IDs   []int64 // only these (with RegionID)
}

// IndexPlacements returns the placements the filter selects with their
// crebos, by id.
func (q *Queries) IndexPlacements(ctx context.Context, f IndexFilter) ([]domain.Placement, error) {
	where := " WHERE 1 = 1"
	var args []any
	if f.RegionID != 0 {
		where += " AND pl.region_id = ?"
		args = append(args, f.RegionID)
	}
	if f.OpenOnly {
		where += " AND pl.status = ?"
		args = append(args, domain.PlacementOpen)
	}
	if !f.Since.IsZero() {
		where += " AND (pl.updated_at > ? OR o.updated_at > ?)"
		args = append(args, f.Since.UTC(), f.Since.UTC())
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, nil
		}
		where += " AND pl.id IN (?" + strings.Repeat(", ?", len(f.IDs)-1) + ")"
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	rows, err := q.query(ctx, "SELECT "+placementCols+placementFrom+where+" ORDER BY pl.id", args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Placement, error) { return scanPlacement(r) })
	if err != nil {
		return nil, fmt.Errorf("index placements: %w", err)
	}
	for i := 0; i < len(list); i += 500 {
		if err := q.fillCrebos(ctx, list[i:min(i+500, len(list))]); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// PlacementsByIDs returns the placements of a region with the given ids
// (those that exist), by id.
func (q *Queries) PlacementsByIDs(ctx context.Context, regionID int64, ids []int64) ([]domain.Placement, error) {
	if ids == nil {
		ids = []int64{}
	}
	var out []domain.Placement
	for i := 0; i < len(ids); i += 500 {
		part, err := q.IndexPlacements(ctx, IndexFilter{RegionID: regionID, IDs: ids[i:min(i+500, len(ids))]})
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

// Accreditations returns the accredited crebos of the companies of a region
// (0: every region) by organisation id.
func (q *Queries) Accreditations(ctx context.Context, regionID int64) (map[int64][]string, error) {
	query := "SELECT a.organisation_id, a.crebo FROM accreditations a"
	var args []any
	if regionID != 0 {
		query += " JOIN organisations o ON o.id = a.organisation_id WHERE o.region_id = ?"
		args = append(args, regionID)
	}
	rows, err := q.query(ctx, query+" ORDER BY a.organisation_id, a.crebo", args...)
	if err != nil {
		return nil, fmt.Errorf("accreditations: %w", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return nil, err
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}

// SchoolPoints returns per school organisation of a region the coordinates
// of its first location that has them (the fallback for a student's home).
func (q *Queries) SchoolPoints(ctx context.Context, regionID int64) (map[int64]domain.Point, error) {
	rows, err := q.query(ctx, `SELECT l.organisation_id, l.lat, l.lon FROM locations l JOIN organisations o ON o.id = l.organisation_id
		WHERE l.region_id = ? AND o.kind = ? AND (l.lat <> 0 OR l.lon <> 0) ORDER BY l.organisation_id, l.id`, regionID, domain.OrgSchool)
	if err != nil {
		return nil, fmt.Errorf("school points: %w", err)
	}
	defer rows.Close()
	out := map[int64]domain.Point{}
	for rows.Next() {
		var id int64
		var p domain.Point
		if err := rows.Scan(&id, &p.Lat, &p.Lon); err != nil {
			return nil, err
		}
		if _, seen := out[id]; !seen {
			out[id] = p
		}
	}
	return out, rows.Err()
}

// MatchStudentFilter selects students for matching: no paging.
type MatchStudentFilter struct {
	RegionID int64
	SchoolID int64
	CoachID  int64
	Stage    domain.Stage
	Year     int
	Statuses []domain.StudentStatus
	IDs      []int64 // nil: any; empty: none
}

// MatchStudents returns every student of a region the filter selects, by id.
func (q *Queries) MatchStudents(ctx context.Context, f MatchStudentFilter) ([]domain.Student, error) {
	where := " WHERE s.region_id = ?"
	args := []any{f.RegionID}
	for _, c := range []struct {
		col string
		v   int64
	}{{"s.school_id", f.SchoolID}, {"s.coach_id", f.CoachID}, {"s.year", int64(f.Year)}} {
		if c.v != 0 {
			where += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	if f.Stage != "" {
		where += " AND s.stage = ?"
		args = append(args, f.Stage)
	}
	if len(f.Statuses) > 0 {
		where += " AND s.status IN (?" + strings.Repeat(", ?", len(f.Statuses)-1) + ")"
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	var out []domain.Student
	chunks := [][]int64{nil}
	if f.IDs != nil {
		chunks = nil
		for i := 0; i < len(f.IDs); i += 500 {
			chunks = append(chunks, f.IDs[i:min(i+500, len(f.IDs))])
		}
	}
	for _, ids := range chunks {
		w, a := where, args
		if ids != nil {
			w += " AND s.id IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
			a = append(append([]any{}, args...), roundIDArgs(ids)...)
		}
		rows, err := q.query(ctx, "SELECT "+studentCols+studentFrom+w+" ORDER BY s.id", a...)
		list, err := collect(rows, err, func(r *sql.Rows) (domain.Student, error) { return scanStudent(r) })
		if err != nil {
			return nil, fmt.Errorf("match students: %w", err)
		}
		out = append(out, list...)
	}
	return out, nil
}

func roundIDArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// PendingOffers returns per placement of a region the number of
// applications in status offered (seats promised but not yet taken).
func (q *Queries) PendingOffers(ctx context.Context, regionID int64) (map[int64]int, error) {
	rows, err := q.query(ctx, "SELECT placement_id, COUNT(*) FROM applications WHERE region_id = ? AND status = ? GROUP BY placement_id",
		regionID, domain.AppOffered)
	if err != nil {
		return nil, fmt.Errorf("pending offers: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ApplicationOf returns the application of a student to a placement of a
// region, or ErrNotFound.
func (q *Queries) ApplicationOf(ctx context.Context, regionID, placementID, studentID int64) (domain.Application, error) {
	a, err := scanApp(q.queryRow(ctx, "SELECT "+appCols+appFrom+" WHERE a.region_id = ? AND a.placement_id = ? AND a.student_id = ?",
		regionID, placementID, studentID))
	return a, one(err, "application")
}

// CreateRoundOffer stores an application of a student to a placement of a
// region made directly in status offered (by a matching round), with one
// history event carrying note, and returns its id. A second application of
// the same student to the same placement is ErrConflict.
func (q *Queries) CreateRoundOffer(ctx context.Context, regionID, placementID, studentID, actorID int64, note string) (int64, error) {
	if _, err := q.Placement(ctx, regionID, placementID); err != nil {
		return 0, err
	}
	if _, err := q.Student(ctx, regionID, studentID); err != nil {
		return 0, err
	}
	now := q.now()
	id, err := q.insert(ctx, `INSERT INTO applications (region_id, placement_id, student_id, status, motivation, created_at, updated_at)
		VALUES (?, ?, ?, ?, '', ?, ?)`, regionID, placementID, studentID, domain.AppOffered, now, now)
	if err != nil {
		return 0, fmt.Errorf("create offer: %w", err)
	}
	err = q.AddApplicationEvent(ctx, domain.ApplicationEvent{ApplicationID: id, To: domain.AppOffered, ActorID: actorID, Note: note, At: now})
	return id, err
}
