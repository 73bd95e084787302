package service

import (
	"context"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/mail"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Notifications returns a page of the actor's notifications, newest first,
// and the total. It returns ErrForbidden for roles without notifications.
func (s *Service) Notifications(ctx context.Context, unreadOnly bool, pg store.Page) ([]desk.Notification, int, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewNotifications) {
		return nil, 0, s.forbid(ctx, "notifications")
	}
	return s.db.Notifications(ctx, a.RegionID, a.UserID, unreadOnly, pg)
}

// Unread returns how many notifications the actor has not read; 0 for
// roles without notifications and on any failure (it only feeds a badge).
func (s *Service) Unread(ctx context.Context) int {
	a := request.Actor(ctx)
	if a.Anonymous() || !auth.Allow(a, auth.ViewNotifications) {
		return 0
	}
	n, err := s.db.UnreadNotifications(ctx, a.UserID)
	if err != nil {
		s.log.WarnContext(ctx, "unread notifications", "err", err)
		return 0
	}
	return n
}

// MarkRead marks the actor's notifications read: the ones given, or all
// when ids is empty. It returns ErrForbidden for roles without
// notifications.
func (s *Service) MarkRead(ctx context.Context, ids []int64) error {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewNotifications) {
		return s.forbid(ctx, "notifications")
	}
	_, err := s.db.MarkNotificationsRead(ctx, a.RegionID, a.UserID, ids, s.now())
	return err
}

// MailMode returns how the actor receives notifications by mail.
func (s *Service) MailMode(ctx context.Context) (mail.Mode, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewNotifications) {
		return "", s.forbid(ctx, "notifications")
	}
	m, _, err := s.db.NotificationMode(ctx, a.UserID)
	return mail.Mode(m), err
}

// SetMailMode stores how the actor wants notifications by mail:
// immediately, as a daily digest or not at all (they stay in the app). It
// returns ErrForbidden or a *domain.ValidationError for an unknown mode.
func (s *Service) SetMailMode(ctx context.Context, m mail.Mode) error {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewNotifications) {
		return s.forbid(ctx, "notifications")
	}
	if !m.Valid() {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "mode", Key: "invalid.choice"}}}
	}
	if err := s.db.SetNotificationMode(ctx, a.UserID, string(m)); err != nil {
		return err
	}
	request.Audit(ctx, s.db, domain.AuditUpdate, "notification-mode", string(m))
	return nil
}

// MailEnabled reports whether notifications go out by mail at all (an SMTP
// server is configured and valid).
func (s *Service) MailEnabled() bool { return s.smtp != nil }
