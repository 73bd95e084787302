package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"talentloket/internal/domain"
)

const studentCols = `s.id, s.region_id, s.name, s.email, s.school_id, s.programme_id, s.stage, s.crebo, s.level, s.pathway, s.year,
	s.home_postcode, s.max_distance_km, s.skills, s.languages, s.looking_for, s.available_from, s.available_until, s.coach_id,
	s.status, s.created_at, s.updated_at, o.name, COALESCE(p.name, ''), COALESCE(c.name, '')`

const studentFrom = ` FROM students s JOIN organisations o ON o.id = s.school_id
	LEFT JOIN programmes p ON p.id = s.programme_id LEFT JOIN users c ON c.id = s.coach_id`

func scanStudent(r interface{ Scan(...any) error }) (domain.Student, error) {
	var s domain.Student
	var skills, langs, kinds string
	err := r.Scan(&s.ID, &s.RegionID, &s.Name, &s.Email, &s.SchoolID, idOrZero{&s.ProgrammeID}, &s.Stage, &s.Crebo, &s.Level,
		&s.Pathway, &s.Year, &s.HomePostcode, &s.MaxDistanceKm, &skills, &langs, &kinds, timeOrZero{&s.Available.Start},
		timeOrZero{&s.Available.End}, idOrZero{&s.CoachID}, &s.Status, utcTime{&s.CreatedAt}, utcTime{&s.UpdatedAt},
		&s.SchoolName, &s.ProgrammeName, &s.CoachName)
	s.Skills, s.Languages = splitTags(skills), splitTags(langs)
	for _, k := range splitTags(kinds) {
		s.LookingFor = append(s.LookingFor, domain.PlacementKind(k))
	}
	return s, err
}

func kindsText(ks []domain.PlacementKind) string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return joinTags(out)
}

// checkStudentRefs verifies that the school, programme and coach of a
// student belong to its region and have the right kind.
func (q *Queries) checkStudentRefs(ctx context.Context, s domain.Student) error {
	school, err := q.Organisation(ctx, s.RegionID, s.SchoolID)
	if err != nil {
		return fmt.Errorf("student school: %w", err)
	}
	var v domain.ValidationError
	if school.Kind != domain.OrgSchool {
		v.Add("school", "invalid.school_required")
	}
	if s.ProgrammeID != 0 {
		p, err := q.Programme(ctx, s.RegionID, s.ProgrammeID)
		if err != nil || p.SchoolID != s.SchoolID {
			v.Add("programme", "invalid.programme_of_school")
		}
	}
	if s.CoachID != 0 {
		c, err := q.User(ctx, s.CoachID)
		if err != nil || c.RegionID != s.RegionID || c.Role != domain.RoleCoach {
			v.Add("coach", "invalid.coach")
		}
	}
	return v.Err()
}

// CreateStudent validates and stores a student profile and returns its id.
func (q *Queries) CreateStudent(ctx context.Context, s domain.Student) (int64, error) {
	if err := s.Normalise(); err != nil {
		return 0, err
	}
	if err := q.checkStudentRefs(ctx, s); err != nil {
		return 0, err
	}
	now := q.now()
	id, err := q.insert(ctx, `INSERT INTO students (region_id, name, email, school_id, programme_id, stage, crebo, level, pathway, year,
		home_postcode, max_distance_km, skills, languages, looking_for, available_from, available_until, coach_id, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.RegionID, s.Name, s.Email, s.SchoolID, nullID(s.ProgrammeID), s.Stage, s.Crebo, s.Level, s.Pathway, s.Year,
		s.HomePostcode, s.MaxDistanceKm, joinTags(s.Skills), joinTags(s.Languages), kindsText(s.LookingFor),
		nullTime(s.Available.Start), nullTime(s.Available.End), nullID(s.CoachID), s.Status, now, now)
	if err != nil {
		return 0, fmt.Errorf("create student: %w", err)
	}
	return id, nil
}

// UpdateStudent validates and saves a student profile of a region.
func (q *Queries) UpdateStudent(ctx context.Context, s domain.Student) error {
	if err := s.Normalise(); err != nil {
		return err
	}
	if err := q.checkStudentRefs(ctx, s); err != nil {
		return err
	}
	res, err := q.exec(ctx, `UPDATE students SET name = ?, email = ?, school_id = ?, programme_id = ?, stage = ?, crebo = ?, level = ?,
		pathway = ?, year = ?, home_postcode = ?, max_distance_km = ?, skills = ?, languages = ?, looking_for = ?, available_from = ?,
		available_until = ?, coach_id = ?, status = ?, updated_at = ? WHERE id = ? AND region_id = ?`,
		s.Name, s.Email, s.SchoolID, nullID(s.ProgrammeID), s.Stage, s.Crebo, s.Level, s.Pathway, s.Year, s.HomePostcode,
		s.MaxDistanceKm, joinTags(s.Skills), joinTags(s.Languages), kindsText(s.LookingFor), nullTime(s.Available.Start),
		nullTime(s.Available.End), nullID(s.CoachID), s.Status, q.now(), s.ID, s.RegionID)
	return affected(res, err, "update student")
}

// Student returns a student of a region, or ErrNotFound.
func (q *Queries) Student(ctx context.Context, regionID, id int64) (domain.Student, error) {
	s, err := scanStudent(q.queryRow(ctx, "SELECT "+studentCols+studentFrom+" WHERE s.id = ? AND s.region_id = ?", id, regionID))
	return s, one(err, "student")
}

// StudentFilter selects students. The permission policy fills SchoolID or
// CoachID for roles that may see only part of a region.
type StudentFilter struct {
	RegionID int64
	SchoolID int64
	CoachID  int64
	Stage    domain.Stage
	Status   domain.StudentStatus
	Text     string // name or crebo contains
	Page     Page
}

// Students lists a page of students by name and the total count.
func (q *Queries) Students(ctx context.Context, f StudentFilter) ([]domain.Student, int, error) {
	where := " WHERE s.region_id = ?"
	args := []any{f.RegionID}
	if f.SchoolID != 0 {
		where += " AND s.school_id = ?"
		args = append(args, f.SchoolID)
	}
	if f.CoachID != 0 {
		where += " AND s.coach_id = ?"
		args = append(args, f.CoachID)
	}
	if f.Stage != "" {
		where += " AND s.stage = ?"
		args = append(args, f.Stage)
	}
	if f.Status != "" {
		where += " AND s.status = ?"
		args = append(args, f.Status)
	}
	if f.Text != "" {
		where += ` AND (LOWER(s.name) LIKE ? ESCAPE '\' OR s.crebo LIKE ? ESCAPE '\')`
		pat := likePattern(f.Text)
		args = append(args, pat, pat)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM students s"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count students: %w", err)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, "SELECT "+studentCols+studentFrom+where+" ORDER BY s.name, s.id"+pg.clause(), args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Student, error) { return scanStudent(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("students: %w", err)
	}
	return list, total, nil
}

// DeleteStudent erases a student of a region with everything that hangs on
// it (account, sessions, applications and their history).
func (q *Queries) DeleteStudent(ctx context.Context, regionID, id int64) error {
	res, err := q.exec(ctx, "DELETE FROM students WHERE id = ? AND region_id = ?", id, regionID)
	return affected(res, err, "delete student")
}

// Count is a labelled number for aggregate figures.
type Count struct {
	Key string
	N   int
}

// CountStudents returns the number of students of a region per status.
func (q *Queries) CountStudents(ctx context.Context, regionID int64) ([]Count, error) {
	return q.counts(ctx, "SELECT status, COUNT(*) FROM students WHERE region_id = ? GROUP BY status ORDER BY status", regionID)
}

// CountStudentsByStage returns the number of students of a region per stage.
func (q *Queries) CountStudentsByStage(ctx context.Context, regionID int64) ([]Count, error) {
	return q.counts(ctx, "SELECT stage, COUNT(*) FROM students WHERE region_id = ? GROUP BY stage ORDER BY stage", regionID)
}

func (q *Queries) counts(ctx context.Context, query string, args ...any) ([]Count, error) {
	rows, err := q.query(ctx, query, args...)
	return collect(rows, err, func(r *sql.Rows) (Count, error) {
		var c Count
		return c, r.Scan(&c.Key, &c.N)
	})
}

// DeleteInactiveStudents erases students whose status is inactive and whose
// profile has not changed since before, with everything that hangs on them,
// and returns how many per region.
func (q *Queries) DeleteInactiveStudents(ctx context.Context, before time.Time) (map[int64]int64, error) {
	rows, err := q.query(ctx, "SELECT region_id, COUNT(*) FROM students WHERE status = ? AND updated_at < ? GROUP BY region_id",
		domain.StudentInactive, before.UTC())
	type pair struct{ region, n int64 }
	ps, err := collect(rows, err, func(r *sql.Rows) (pair, error) {
		var p pair
		return p, r.Scan(&p.region, &p.n)
	})
	if err != nil {
		return nil, fmt.Errorf("student retention: %w", err)
	}
	if _, err := q.exec(ctx, "DELETE FROM students WHERE status = ? AND updated_at < ?", domain.StudentInactive, before.UTC()); err != nil {
		return nil, fmt.Errorf("student retention: %w", err)
	}
	out := map[int64]int64{}
	for _, p := range ps {
		out[p.region] = p.n
	}
	return out, nil
}
