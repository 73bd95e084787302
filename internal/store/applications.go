package store

import (
	"context"
	"database/sql"
	"fmt"

	"talentloket/internal/domain"
)

const appCols = `a.id, a.region_id, a.placement_id, a.student_id, a.status, a.motivation, a.created_at, a.updated_at,
	pl.title, pl.company_id, o.name, s.name, s.school_id, s.coach_id`

const appFrom = ` FROM applications a JOIN placements pl ON pl.id = a.placement_id JOIN organisations o ON o.id = pl.company_id
	JOIN students s ON s.id = a.student_id`

func scanApp(r interface{ Scan(...any) error }) (domain.Application, error) {
	var a domain.Application
	err := r.Scan(&a.ID, &a.RegionID, &a.PlacementID, &a.StudentID, &a.Status, &a.Motivation, utcTime{&a.CreatedAt},
		utcTime{&a.UpdatedAt}, &a.PlacementTitle, &a.CompanyID, &a.CompanyName, &a.StudentName, &a.SchoolID, idOrZero{&a.CoachID})
	return a, err
}

// CreateApplication stores a submitted application with its first history
// event and returns its id. A second application of the same student to the
// same placement is ErrConflict.
func (q *Queries) CreateApplication(ctx context.Context, a domain.Application, actorID int64) (int64, error) {
	if _, err := q.Placement(ctx, a.RegionID, a.PlacementID); err != nil {
		return 0, err
	}
	if _, err := q.Student(ctx, a.RegionID, a.StudentID); err != nil {
		return 0, err
	}
	now := q.now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	id, err := q.insert(ctx, `INSERT INTO applications (region_id, placement_id, student_id, status, motivation, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.RegionID, a.PlacementID, a.StudentID, a.Status, a.Motivation, a.CreatedAt.UTC(), a.CreatedAt.UTC())
	if err != nil {
		return 0, fmt.Errorf("create application: %w", err)
	}
	err = q.AddApplicationEvent(ctx, domain.ApplicationEvent{ApplicationID: id, To: a.Status, ActorID: actorID, At: a.CreatedAt})
	return id, err
}

// AddApplicationEvent appends a step to an application's history.
func (q *Queries) AddApplicationEvent(ctx context.Context, e domain.ApplicationEvent) error {
	if e.At.IsZero() {
		e.At = q.now()
	}
	_, err := q.exec(ctx, "INSERT INTO application_events (application_id, from_status, to_status, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?)",
		e.ApplicationID, e.From, e.To, nullID(e.ActorID), e.Note, e.At.UTC())
	if err != nil {
		return fmt.Errorf("application event: %w", err)
	}
	return nil
}

// Application returns an application of a region, or ErrNotFound.
func (q *Queries) Application(ctx context.Context, regionID, id int64) (domain.Application, error) {
	a, err := scanApp(q.queryRow(ctx, "SELECT "+appCols+appFrom+" WHERE a.id = ? AND a.region_id = ?", id, regionID))
	return a, one(err, "application")
}

// SetApplicationStatus moves an application from status from to status to
// and records the step. When the application is no longer in status from
// (someone else acted first) it returns ErrConflict and changes nothing.
func (q *Queries) SetApplicationStatus(ctx context.Context, regionID, id int64, from, to domain.ApplicationStatus, actorID int64, note string) error {
	now := q.now()
	res, err := q.exec(ctx, "UPDATE applications SET status = ?, updated_at = ? WHERE id = ? AND region_id = ? AND status = ?",
		to, now, id, regionID, from)
	if err != nil {
		return fmt.Errorf("application status: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("application status: %w", domain.Errorf(domain.CodeConflict, "error.changed_meanwhile"))
	}
	return q.AddApplicationEvent(ctx, domain.ApplicationEvent{ApplicationID: id, From: from, To: to, ActorID: actorID, Note: note, At: now})
}

// ApplicationEvents returns an application's history, oldest first.
func (q *Queries) ApplicationEvents(ctx context.Context, applicationID int64) ([]domain.ApplicationEvent, error) {
	rows, err := q.query(ctx, `SELECT e.id, e.application_id, e.from_status, e.to_status, e.actor_id, COALESCE(u.name, ''), e.note, e.at
		FROM application_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.application_id = ? ORDER BY e.at, e.id`, applicationID)
	return collect(rows, err, func(r *sql.Rows) (domain.ApplicationEvent, error) {
		var e domain.ApplicationEvent
		return e, r.Scan(&e.ID, &e.ApplicationID, &e.From, &e.To, idOrZero{&e.ActorID}, &e.ActorName, &e.Note, utcTime{&e.At})
	})
}

// AppFilter selects applications. The permission policy fills the scope
// fields (student, company, school, coach) for roles that see only part of
// a region.
type AppFilter struct {
	RegionID    int64
	StudentID   int64
	CompanyID   int64
	PlacementID int64
	SchoolID    int64
	CoachID     int64
	Status      domain.ApplicationStatus
	Page        Page
}

// Applications lists a page of applications, newest first, and the total.
func (q *Queries) Applications(ctx context.Context, f AppFilter) ([]domain.Application, int, error) {
	where := " WHERE a.region_id = ?"
	args := []any{f.RegionID}
	for _, c := range []struct {
		col string
		v   int64
	}{{"a.student_id", f.StudentID}, {"pl.company_id", f.CompanyID}, {"a.placement_id", f.PlacementID}, {"s.school_id", f.SchoolID}, {"s.coach_id", f.CoachID}} {
		if c.v != 0 {
			where += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	if f.Status != "" {
		where += " AND a.status = ?"
		args = append(args, f.Status)
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+appFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count applications: %w", err)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, "SELECT "+appCols+appFrom+where+" ORDER BY a.updated_at DESC, a.id DESC"+pg.clause(), args...)
	list, err := collect(rows, err, func(r *sql.Rows) (domain.Application, error) { return scanApp(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("applications: %w", err)
	}
	return list, total, nil
}

// CountApplications returns the number of applications of a region per
// status.
func (q *Queries) CountApplications(ctx context.Context, regionID int64) ([]Count, error) {
	return q.counts(ctx, "SELECT status, COUNT(*) FROM applications WHERE region_id = ? GROUP BY status ORDER BY status", regionID)
}
