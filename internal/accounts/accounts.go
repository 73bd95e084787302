// Package accounts holds the administration of user accounts: listing,
// creating with a password, disabling and enabling. The web pages of the
// administrator and the `talentloket user` command share it.
package accounts

import (
	"context"
	"errors"
	"fmt"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what account administration needs.
type Store interface {
	CreateUser(ctx context.Context, u domain.User) (int64, error)
	User(ctx context.Context, id int64) (domain.User, error)
	Users(ctx context.Context, f store.UserFilter) ([]domain.User, error)
	SetUserDisabled(ctx context.Context, id int64, disabled bool) error
	Audit(ctx context.Context, f store.AuditFilter) ([]domain.AuditEntry, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Service runs account administration.
type Service struct {
	st     Store
	params auth.Params
}

// New returns the account service hashing passwords with params.
func New(st Store, params auth.Params) *Service { return &Service{st: st, params: params} }

func (s *Service) forbid(ctx context.Context, what string) error {
	request.Audit(ctx, s.st, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

// Trusted is a context for the command line: it acts as an administrator
// of every region (the operator has the database file anyway).
func Trusted(ctx context.Context) context.Context {
	return context.WithValue(ctx, trustedKey{}, true)
}

type trustedKey struct{}

func (s *Service) allowed(ctx context.Context) bool {
	if t, _ := ctx.Value(trustedKey{}).(bool); t {
		return true
	}
	return auth.Allow(request.Actor(ctx), auth.ManageUsers)
}

func (s *Service) regionScope(ctx context.Context, regionID int64) int64 {
	if t, _ := ctx.Value(trustedKey{}).(bool); t {
		return regionID
	}
	return request.Actor(ctx).RegionID
}

// List returns the accounts of the actor's region (every region from the
// command line when regionID is 0).
func (s *Service) List(ctx context.Context, f store.UserFilter) ([]domain.User, error) {
	if !s.allowed(ctx) {
		return nil, s.forbid(ctx, "users")
	}
	f.RegionID = s.regionScope(ctx, f.RegionID)
	return s.st.Users(ctx, f)
}

// Create adds an account with a password and returns its id.
func (s *Service) Create(ctx context.Context, u domain.User, password string) (int64, error) {
	if !s.allowed(ctx) {
		return 0, s.forbid(ctx, "users")
	}
	u.RegionID = s.regionScope(ctx, u.RegionID)
	if err := domain.ValidatePassword(password); err != nil {
		var e *domain.Error
		errors.As(err, &e)
		verr := &domain.ValidationError{}
		if uerr := u.Normalise(); uerr != nil {
			errors.As(uerr, &verr)
		}
		verr.Add("password", e.Key, e.Args...)
		return 0, verr
	}
	h, err := auth.HashPassword(password, s.params)
	if err != nil {
		return 0, err
	}
	u.PasswordHash = h
	id, err := s.st.CreateUser(ctx, u)
	if err != nil {
		return 0, err
	}
	request.Audit(ctx, s.st, domain.AuditCreate, fmt.Sprintf("user:%d", id), string(u.Role))
	return id, nil
}

// SetDisabled disables or enables an account of the actor's region. An
// administrator cannot disable their own account.
func (s *Service) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	if !s.allowed(ctx) {
		return s.forbid(ctx, "users")
	}
	u, err := s.st.User(ctx, id)
	if err != nil {
		return err
	}
	if u.RegionID != s.regionScope(ctx, u.RegionID) {
		return fmt.Errorf("user: %w", domain.ErrNotFound)
	}
	if disabled && u.ID == request.Actor(ctx).UserID {
		return domain.Errorf(domain.CodeConflict, "error.disable_self")
	}
	if err := s.st.SetUserDisabled(ctx, id, disabled); err != nil {
		return err
	}
	detail := "enabled"
	if disabled {
		detail = "disabled"
	}
	request.Audit(ctx, s.st, domain.AuditUpdate, fmt.Sprintf("user:%d", id), detail)
	return nil
}

// Audit returns the audit trail of the actor's region.
func (s *Service) Audit(ctx context.Context, f store.AuditFilter) ([]domain.AuditEntry, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewAudit) {
		return nil, s.forbid(ctx, "audit")
	}
	f.RegionID = a.RegionID
	return s.st.Audit(ctx, f)
}
