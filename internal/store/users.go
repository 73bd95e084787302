package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"talentloket/internal/domain"
)

const userCols = "id, region_id, email, name, role, organisation_id, student_id, locale, disabled, password_hash, created_at, last_login_at"

func scanUser(s interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	err := s.Scan(&u.ID, &u.RegionID, &u.Email, &u.Name, &u.Role, idOrZero{&u.OrganisationID}, idOrZero{&u.StudentID},
		&u.Locale, &u.Disabled, &u.PasswordHash, utcTime{&u.CreatedAt}, timeOrZero{&u.LastLoginAt})
	return u, err
}

// CreateUser validates and stores an account and returns its id. The
// organisation and student must belong to the user's region; an e-mail
// address already in use is ErrConflict.
func (q *Queries) CreateUser(ctx context.Context, u domain.User) (int64, error) {
	if err := u.Normalise(); err != nil {
		return 0, err
	}
	if u.OrganisationID != 0 {
		org, err := q.Organisation(ctx, u.RegionID, u.OrganisationID)
		if err != nil {
			return 0, fmt.Errorf("user organisation: %w", err)
		}
		if want := orgKindFor(u.Role); want != "" && org.Kind != want {
			return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "organisation", Key: "invalid.organisation_kind"}}}
		}
	}
	if u.StudentID != 0 {
		if _, err := q.Student(ctx, u.RegionID, u.StudentID); err != nil {
			return 0, fmt.Errorf("user student: %w", err)
		}
	}
	if u.Role == domain.RoleStudent && u.StudentID == 0 {
		return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "student", Key: "invalid.student_required"}}}
	}
	id, err := q.insert(ctx, "INSERT INTO users ("+userCols[4:]+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		u.RegionID, u.Email, u.Name, u.Role, nullID(u.OrganisationID), nullID(u.StudentID), u.Locale, u.Disabled,
		u.PasswordHash, q.now(), nil)
	if err != nil {
		return 0, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return id, nil
}

func orgKindFor(r domain.Role) domain.OrgKind {
	switch r {
	case domain.RoleSchoolStaff, domain.RoleCoach:
		return domain.OrgSchool
	case domain.RoleCompany:
		return domain.OrgCompany
	}
	return ""
}

// User returns an account by id (any region: sessions look users up before
// the region is known), or ErrNotFound.
func (q *Queries) User(ctx context.Context, id int64) (domain.User, error) {
	u, err := scanUser(q.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	return u, one(err, "user")
}

// UserByEmail returns an account by e-mail address, or ErrNotFound.
func (q *Queries) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	u, err := scanUser(q.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", email))
	return u, one(err, "user "+email)
}

// UserFilter selects accounts.
type UserFilter struct {
	RegionID int64 // 0 = every region (administration from the command line)
	Role     domain.Role
	OrgID    int64
	Page     Page
}

// Users lists accounts by e-mail address.
func (q *Queries) Users(ctx context.Context, f UserFilter) ([]domain.User, error) {
	where, args := " FROM users WHERE 1 = 1", []any{}
	if f.RegionID != 0 {
		where += " AND region_id = ?"
		args = append(args, f.RegionID)
	}
	if f.Role != "" {
		where += " AND role = ?"
		args = append(args, f.Role)
	}
	if f.OrgID != 0 {
		where += " AND organisation_id = ?"
		args = append(args, f.OrgID)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, "SELECT "+userCols+where+" ORDER BY email"+pg.clause(), args...)
	return collect(rows, err, func(r *sql.Rows) (domain.User, error) { return scanUser(r) })
}

// SetUserDisabled disables or enables an account; disabling also ends its
// sessions and API tokens.
func (q *Queries) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	res, err := q.exec(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, id)
	if err := affected(res, err, "disable user"); err != nil {
		return err
	}
	if disabled {
		if _, err := q.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		if _, err := q.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ?", id); err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
	}
	return nil
}

// SetPasswordHash replaces an account's password hash and ends its sessions.
func (q *Queries) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	res, err := q.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id)
	if err := affected(res, err, "set password"); err != nil {
		return err
	}
	_, err = q.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
	return err
}

// SetUserLocale stores the interface language a user chose ("nl", "en").
func (q *Queries) SetUserLocale(ctx context.Context, id int64, locale string) error {
	res, err := q.exec(ctx, "UPDATE users SET locale = ? WHERE id = ?", locale, id)
	return affected(res, err, "set locale")
}

// CreateSession stores a session and records the login time of its user.
func (q *Queries) CreateSession(ctx context.Context, s domain.Session) error {
	if _, err := q.exec(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		s.TokenHash, s.UserID, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	_, err := q.exec(ctx, "UPDATE users SET last_login_at = ? WHERE id = ?", s.CreatedAt.UTC(), s.UserID)
	return err
}

// SessionByHash returns a session, or ErrNotFound.
func (q *Queries) SessionByHash(ctx context.Context, hash string) (domain.Session, error) {
	var s domain.Session
	err := q.queryRow(ctx, "SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?", hash).
		Scan(&s.TokenHash, &s.UserID, utcTime{&s.CreatedAt}, utcTime{&s.LastSeenAt}, utcTime{&s.ExpiresAt})
	return s, one(err, "session")
}

// TouchSession records activity on a session.
func (q *Queries) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := q.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", at.UTC(), hash)
	return err
}

// DeleteSession ends a session (logout); ending an unknown session is no
// error.
func (q *Queries) DeleteSession(ctx context.Context, hash string) error {
	_, err := q.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hash)
	return err
}

// DeleteExpiredSessions removes sessions past their absolute timeout or idle
// since before idleBefore, and returns how many.
func (q *Queries) DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int64, error) {
	res, err := q.exec(ctx, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", now.UTC(), idleBefore.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// CreateAPIToken stores a token and returns its id.
func (q *Queries) CreateAPIToken(ctx context.Context, t domain.APIToken) (int64, error) {
	id, err := q.insert(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		t.UserID, t.Name, t.TokenHash, t.Prefix, q.now(), nil, nullTime(t.ExpiresAt))
	if err != nil {
		return 0, fmt.Errorf("create token: %w", err)
	}
	return id, nil
}

const tokenCols = "id, user_id, name, token_hash, prefix, created_at, last_used_at, expires_at"

func scanToken(s interface{ Scan(...any) error }) (domain.APIToken, error) {
	var t domain.APIToken
	err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.TokenHash, &t.Prefix, utcTime{&t.CreatedAt}, timeOrZero{&t.LastUsedAt}, timeOrZero{&t.ExpiresAt})
	return t, err
}

// APITokenByHash returns a token, or ErrNotFound.
func (q *Queries) APITokenByHash(ctx context.Context, hash string) (domain.APIToken, error) {
	t, err := scanToken(q.queryRow(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE token_hash = ?", hash))
	return t, one(err, "api token")
}

// APITokens lists a user's tokens, newest first.
func (q *Queries) APITokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	rows, err := q.query(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC", userID)
	return collect(rows, err, func(r *sql.Rows) (domain.APIToken, error) { return scanToken(r) })
}

// TouchAPIToken records that a token was used.
func (q *Queries) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := q.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at.UTC(), id)
	return err
}

// DeleteAPIToken revokes a token of a user; someone else's token is
// ErrNotFound.
func (q *Queries) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	res, err := q.exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", id, userID)
	return affected(res, err, "revoke token")
}

// AddAudit appends an entry to the audit trail.
func (q *Queries) AddAudit(ctx context.Context, e domain.AuditEntry) error {
	if e.At.IsZero() {
		e.At = q.now()
	}
	_, err := q.exec(ctx, "INSERT INTO audit_log (at, region_id, user_id, action, object, detail, ip, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		e.At.UTC(), nullID(e.RegionID), nullID(e.UserID), e.Action, e.Object, e.Detail, e.IP, e.RequestID)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	RegionID int64
	UserID   int64
	Action   string
	Page     Page
}

// Audit lists audit entries of a region, newest first.
func (q *Queries) Audit(ctx context.Context, f AuditFilter) ([]domain.AuditEntry, error) {
	where, args := " FROM audit_log WHERE region_id = ?", []any{f.RegionID}
	if f.UserID != 0 {
		where += " AND user_id = ?"
		args = append(args, f.UserID)
	}
	if f.Action != "" {
		where += " AND action = ?"
		args = append(args, f.Action)
	}
	pg := f.Page.Norm()
	rows, err := q.query(ctx, "SELECT id, at, region_id, user_id, action, object, detail, ip, request_id"+where+" ORDER BY id DESC"+pg.clause(), args...)
	return collect(rows, err, func(r *sql.Rows) (domain.AuditEntry, error) {
		var e domain.AuditEntry
		return e, r.Scan(&e.ID, utcTime{&e.At}, idOrZero{&e.RegionID}, idOrZero{&e.UserID}, &e.Action, &e.Object, &e.Detail, &e.IP, &e.RequestID)
	})
}

// DeleteAuditBefore removes audit entries older than before and returns how
// many (the retention term of the audit trail).
func (q *Queries) DeleteAuditBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := q.exec(ctx, "DELETE FROM audit_log WHERE at < ?", before.UTC())
	if err != nil {
		return 0, fmt.Errorf("audit retention: %w", err)
	}
	return res.RowsAffected()
}
