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

// Notifications of the desk and each user's choice of how to receive them
// by mail.

const notificationCols = "n.id, n.region_id, n.user_id, n.kind, n.question_id, n.title, n.created_at, n.read_at, n.emailed_at"

func scanNotification(r interface{ Scan(...any) error }) (desk.Notification, error) {
	var n desk.Notification
	err := r.Scan(&n.ID, &n.RegionID, &n.UserID, &n.Kind, idOrZero{&n.QuestionID}, &n.Title, utcTime{&n.CreatedAt},
		timeOrZero{&n.ReadAt}, timeOrZero{&n.EmailedAt})
	return n, err
}

// AddNotifications stores notifications for users of their region. A user
// of another region is ErrNotFound and nothing is stored for it.
func (q *Queries) AddNotifications(ctx context.Context, ns []desk.Notification) error {
	for _, n := range ns {
		if !n.Kind.Valid() {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "kind", Key: "invalid.choice"}}}
		}
		if n.CreatedAt.IsZero() {
			n.CreatedAt = q.now()
		}
		var x int
		if err := q.queryRow(ctx, "SELECT 1 FROM users WHERE id = ? AND region_id = ?", n.UserID, n.RegionID).Scan(&x); err != nil {
			return one(err, "notification recipient")
		}
		if _, err := q.exec(ctx, `INSERT INTO desk_notifications (region_id, user_id, kind, question_id, title, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, n.RegionID, n.UserID, n.Kind, nullID(n.QuestionID), n.Title, n.CreatedAt.UTC()); err != nil {
			return fmt.Errorf("notification: %w", err)
		}
	}
	return nil
}

// Notifications lists a user's notifications of a region, newest first,
// and the total number (all or only the unread ones).
func (q *Queries) Notifications(ctx context.Context, regionID, userID int64, unreadOnly bool, pg Page) ([]desk.Notification, int, error) {
	where := " FROM desk_notifications n WHERE n.region_id = ? AND n.user_id = ?"
	if unreadOnly {
		where += " AND n.read_at IS NULL"
	}
	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*)"+where, regionID, userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count notifications: %w", err)
	}
	rows, err := q.query(ctx, "SELECT "+notificationCols+where+" ORDER BY n.created_at DESC, n.id DESC"+pg.Norm().clause(), regionID, userID)
	list, err := collect(rows, err, func(r *sql.Rows) (desk.Notification, error) { return scanNotification(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("notifications: %w", err)
	}
	return list, total, nil
}

// UnreadNotifications returns how many notifications a user has not read.
func (q *Queries) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM desk_notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("unread notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks a user's notifications read: the ones given,
// or every unread one when ids is empty. It returns how many changed.
func (q *Queries) MarkNotificationsRead(ctx context.Context, regionID, userID int64, ids []int64, at time.Time) (int64, error) {
	query := "UPDATE desk_notifications SET read_at = ? WHERE region_id = ? AND user_id = ? AND read_at IS NULL"
	args := []any{at.UTC(), regionID, userID}
	if len(ids) > 0 {
		query += " AND id IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	res, err := q.exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("mark read: %w", err)
	}
	return res.RowsAffected()
}

// MarkQuestionRead marks a user's notifications about one question read
// (when they open it).
func (q *Queries) MarkQuestionRead(ctx context.Context, userID, questionID int64, at time.Time) error {
	_, err := q.exec(ctx, "UPDATE desk_notifications SET read_at = ? WHERE user_id = ? AND question_id = ? AND read_at IS NULL",
		at.UTC(), userID, questionID)
	if err != nil {
		return fmt.Errorf("mark question read: %w", err)
	}
	return nil
}

// MailMode is how a user wants notifications by mail: "immediate",
// "digest" or "off". Users who never chose get DefaultMailMode.
const DefaultMailMode = "immediate"

// NotificationMode returns the user's mail mode and the time of their last
// digest (zero when none was sent).
func (q *Queries) NotificationMode(ctx context.Context, userID int64) (string, time.Time, error) {
	var mode string
	var last time.Time
	err := q.queryRow(ctx, "SELECT mode, last_digest_at FROM desk_notification_prefs WHERE user_id = ?", userID).Scan(&mode, timeOrZero{&last})
	if err == sql.ErrNoRows {
		return DefaultMailMode, time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("notification mode: %w", err)
	}
	return mode, last, nil
}

// SetNotificationMode stores a user's mail mode; an unknown mode is a
// *domain.ValidationError.
func (q *Queries) SetNotificationMode(ctx context.Context, userID int64, mode string) error {
	switch mode {
	case "immediate", "digest", "off":
	default:
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "mode", Key: "invalid.choice"}}}
	}
	res, err := q.exec(ctx, "UPDATE desk_notification_prefs SET mode = ? WHERE user_id = ?", mode, userID)
	if err != nil {
		return fmt.Errorf("notification mode: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	if _, err := q.exec(ctx, "INSERT INTO desk_notification_prefs (user_id, mode) VALUES (?, ?)", userID, mode); err != nil {
		return fmt.Errorf("notification mode: %w", err)
	}
	return nil
}

// PendingMail is a notification waiting to be mailed with what the mail
// needs of its recipient.
type PendingMail struct {
	desk.Notification
	Email, Locale, Mode string
	LastDigest          time.Time
}

// PendingMails returns up to limit notifications of every region not yet
// mailed, created at or after since, of enabled users whose mode is mode
// ("immediate" or "digest"), oldest first.
func (q *Queries) PendingMails(ctx context.Context, mode string, since time.Time, limit int) ([]PendingMail, error) {
	if limit <= 0 {
		limit = 500
	}
	modeCond := "p.mode = ?"
	if mode == DefaultMailMode {
		modeCond = "(p.mode = ? OR p.mode IS NULL)"
	}
	rows, err := q.query(ctx, "SELECT "+notificationCols+`, u.email, u.locale, COALESCE(p.mode, '`+DefaultMailMode+`'), p.last_digest_at
		FROM desk_notifications n JOIN users u ON u.id = n.user_id LEFT JOIN desk_notification_prefs p ON p.user_id = n.user_id
		WHERE n.emailed_at IS NULL AND n.created_at >= ? AND u.disabled = ? AND `+modeCond+`
		ORDER BY n.created_at, n.id LIMIT `+fmt.Sprint(limit), since.UTC(), false, mode)
	return collect(rows, err, func(r *sql.Rows) (PendingMail, error) {
		var p PendingMail
		n := &p.Notification
		err := r.Scan(&n.ID, &n.RegionID, &n.UserID, &n.Kind, idOrZero{&n.QuestionID}, &n.Title, utcTime{&n.CreatedAt},
			timeOrZero{&n.ReadAt}, timeOrZero{&n.EmailedAt}, &p.Email, &p.Locale, &p.Mode, timeOrZero{&p.LastDigest})
		return p, err
	})
}

// MarkEmailed records that notifications were mailed at at.
func (q *Queries) MarkEmailed(ctx context.Context, ids []int64, at time.Time) error {
	for i := 0; i < len(ids); i += 500 {
		batch := ids[i:min(i+500, len(ids))]
		args := []any{at.UTC()}
		for _, id := range batch {
			args = append(args, id)
		}
		if _, err := q.exec(ctx, "UPDATE desk_notifications SET emailed_at = ? WHERE emailed_at IS NULL AND id IN (?"+
			strings.Repeat(", ?", len(batch)-1)+")", args...); err != nil {
			return fmt.Errorf("mark emailed: %w", err)
		}
	}
	return nil
}

// MarkRegionEmailed records every notification of a region that was not
// mailed as mailed at at, and returns how many (the demo's history is not
// to be mailed out).
func (q *Queries) MarkRegionEmailed(ctx context.Context, regionID int64, at time.Time) (int64, error) {
	res, err := q.exec(ctx, "UPDATE desk_notifications SET emailed_at = ? WHERE region_id = ? AND emailed_at IS NULL", at.UTC(), regionID)
	if err != nil {
		return 0, fmt.Errorf("mark region emailed: %w", err)
	}
	return res.RowsAffected()
}

// SetDigestSent records when a user's last digest went out.
func (q *Queries) SetDigestSent(ctx context.Context, userID int64, at time.Time) error {
	res, err := q.exec(ctx, "UPDATE desk_notification_prefs SET last_digest_at = ? WHERE user_id = ?", at.UTC(), userID)
	return affected(res, err, "digest sent")
}
