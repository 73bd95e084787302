package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// Store is what the auth service needs from the database.
type Store interface {
	UserByEmail(ctx context.Context, email string) (domain.User, error)
	User(ctx context.Context, id int64) (domain.User, error)
	SetPasswordHash(ctx context.Context, id int64, hash string) error
	CreateSession(ctx context.Context, s domain.Session) error
	SessionByHash(ctx context.Context, hash string) (domain.Session, error)
	TouchSession(ctx context.Context, hash string, at time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int64, error)
	CreateAPIToken(ctx context.Context, t domain.APIToken) (int64, error)
	APITokenByHash(ctx context.Context, hash string) (domain.APIToken, error)
	APITokens(ctx context.Context, userID int64) ([]domain.APIToken, error)
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error
	DeleteAPIToken(ctx context.Context, userID, id int64) error
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Config sets timeouts and limits. Zero fields take the defaults.
type Config struct {
	IdleTimeout        time.Duration // default 2 h
	AbsoluteTimeout    time.Duration // default 12 h
	Params             Params        // default DefaultParams
	MaxAccountFailures int           // per account per window, default 5
	MaxAddressFailures int           // per address per window, default 20
	FailureWindow      time.Duration // default 15 min
}

func (c Config) withDefaults() Config {
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 2 * time.Hour
	}
	if c.AbsoluteTimeout == 0 {
		c.AbsoluteTimeout = 12 * time.Hour
	}
	if c.Params.Memory == 0 {
		c.Params = DefaultParams
	}
	if c.MaxAccountFailures == 0 {
		c.MaxAccountFailures = 5
	}
	if c.MaxAddressFailures == 0 {
		c.MaxAddressFailures = 20
	}
	if c.FailureWindow == 0 {
		c.FailureWindow = 15 * time.Minute
	}
	return c
}

// Meta describes the request behind an auth event, for the audit trail.
type Meta struct {
	IP        string
	RequestID string
}

// Service signs users in and out and recognises their sessions and tokens.
type Service struct {
	store     Store
	cfg       Config
	now       func() time.Time
	log       *slog.Logger
	byAccount *Limiter
	byAddress *Limiter
}

// NewService returns an auth service. now may be nil (time.Now).
func NewService(st Store, cfg Config, now func() time.Time, log *slog.Logger) *Service {
	cfg = cfg.withDefaults()
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: st, cfg: cfg, now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }, log: log,
		byAccount: NewLimiter(cfg.MaxAccountFailures, cfg.FailureWindow, now),
		byAddress: NewLimiter(cfg.MaxAddressFailures, cfg.FailureWindow, now)}
}

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

var errLogin = domain.Errorf(domain.CodeUnauthenticated, "error.login_failed")

// Login checks an e-mail address and password and starts a new session.
// It returns the session token for the cookie. Wrong credentials, unknown
// and disabled accounts all give the same unauthenticated error; too many
// failures give ErrRateLimited.
func (s *Service) Login(ctx context.Context, email, password string, m Meta) (string, domain.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if blocked, wait := s.byAddress.Blocked(m.IP); blocked {
		s.audit(ctx, domain.AuditEntry{Action: domain.AuditLoginFailed, Object: email, Detail: "rate limited (address)", IP: m.IP, RequestID: m.RequestID})
		return "", domain.User{}, domain.Errorf(domain.CodeRateLimited, "error.rate_limited", minutes(wait))
	}
	if blocked, wait := s.byAccount.Blocked(email); blocked {
		s.audit(ctx, domain.AuditEntry{Action: domain.AuditLoginFailed, Object: email, Detail: "rate limited (account)", IP: m.IP, RequestID: m.RequestID})
		return "", domain.User{}, domain.Errorf(domain.CodeRateLimited, "error.rate_limited", minutes(wait))
	}
	fail := func(u domain.User, why string) (string, domain.User, error) {
		s.byAccount.Fail(email)
		s.byAddress.Fail(m.IP)
		s.audit(ctx, domain.AuditEntry{RegionID: u.RegionID, UserID: u.ID, Action: domain.AuditLoginFailed, Object: email, Detail: why, IP: m.IP, RequestID: m.RequestID})
		return "", domain.User{}, errLogin
	}
	u, err := s.store.UserByEmail(ctx, email)
	if errors.Is(err, domain.ErrNotFound) {
		_, _ = VerifyPassword(password, dummyHash)
		return fail(domain.User{}, "unknown account")
	}
	if err != nil {
		return "", domain.User{}, fmt.Errorf("login: %w", err)
	}
	if u.PasswordHash == "" {
		_, _ = VerifyPassword(password, dummyHash)
		return fail(u, "no password set")
	}
	ok, err := VerifyPassword(password, u.PasswordHash)
	if err != nil {
		s.log.ErrorContext(ctx, "stored password hash unreadable", "user_id", u.ID, "err", err)
		return fail(u, "unreadable hash")
	}
	if !ok {
		return fail(u, "wrong password")
	}
	if u.Disabled {
		return fail(u, "account disabled")
	}
	s.byAccount.Reset(email)
	if NeedsRehash(u.PasswordHash, s.cfg.Params) {
		if h, err := HashPassword(password, s.cfg.Params); err == nil {
			if err := s.store.SetPasswordHash(ctx, u.ID, h); err != nil {
				s.log.WarnContext(ctx, "rehash password", "user_id", u.ID, "err", err)
			}
		}
	}
	token := NewToken("")
	now := s.now()
	if err := s.store.CreateSession(ctx, domain.Session{TokenHash: HashToken(token), UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.AbsoluteTimeout)}); err != nil {
		return "", domain.User{}, fmt.Errorf("login: %w", err)
	}
	s.audit(ctx, domain.AuditEntry{RegionID: u.RegionID, UserID: u.ID, Action: domain.AuditLogin, IP: m.IP, RequestID: m.RequestID})
	return token, u, nil
}

func minutes(d time.Duration) int {
	m := int((d + time.Minute - 1) / time.Minute)
	if m < 1 {
		m = 1
	}
	return m
}

// Logout ends the session of token on the server; an unknown token is no
// error.
func (s *Service) Logout(ctx context.Context, token string, m Meta) error {
	if token == "" {
		return nil
	}
	hash := HashToken(token)
	sess, err := s.store.SessionByHash(ctx, hash)
	if err == nil {
		if u, err := s.store.User(ctx, sess.UserID); err == nil {
			s.audit(ctx, domain.AuditEntry{RegionID: u.RegionID, UserID: u.ID, Action: domain.AuditLogout, IP: m.IP, RequestID: m.RequestID})
		}
	}
	return s.store.DeleteSession(ctx, hash)
}

// touchEvery limits how often activity is written for one session/token.
const touchEvery = time.Minute

// Session returns the user of a session token. An unknown, expired (idle or
// absolute) or disabled session returns ErrUnauthenticated; an expired one
// is deleted.
func (s *Service) Session(ctx context.Context, token string) (domain.User, error) {
	if token == "" {
		return domain.User{}, domain.ErrUnauthenticated
	}
	hash := HashToken(token)
	sess, err := s.store.SessionByHash(ctx, hash)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.User{}, domain.ErrUnauthenticated
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("session: %w", err)
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.cfg.IdleTimeout {
		_ = s.store.DeleteSession(ctx, hash)
		return domain.User{}, domain.Errorf(domain.CodeUnauthenticated, "error.session_expired")
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil || u.Disabled {
		_ = s.store.DeleteSession(ctx, hash)
		return domain.User{}, domain.ErrUnauthenticated
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			s.log.WarnContext(ctx, "touch session", "err", err)
		}
	}
	return u, nil
}

// APITokenPrefix starts every personal API token.
const APITokenPrefix = "tl_"

// CreateAPIToken makes a personal API token for the actor and returns the
// token text, shown once. ttl 0 means no expiry.
func (s *Service) CreateAPIToken(ctx context.Context, a domain.Actor, name string, ttl time.Duration, m Meta) (string, domain.APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", domain.APIToken{}, &domain.ValidationError{Fields: []domain.FieldError{{Field: "name", Key: "invalid.required"}}}
	}
	if ttl < 0 || ttl > 366*24*time.Hour {
		return "", domain.APIToken{}, &domain.ValidationError{Fields: []domain.FieldError{{Field: "days", Key: "invalid.token_days"}}}
	}
	token := NewToken(APITokenPrefix)
	t := domain.APIToken{UserID: a.UserID, Name: name, TokenHash: HashToken(token), Prefix: token[:len(APITokenPrefix)+6]}
	if ttl > 0 {
		t.ExpiresAt = s.now().Add(ttl)
	}
	id, err := s.store.CreateAPIToken(ctx, t)
	if err != nil {
		return "", t, err
	}
	t.ID = id
	s.audit(ctx, domain.AuditEntry{RegionID: a.RegionID, UserID: a.UserID, Action: domain.AuditTokenCreated, Object: t.Prefix, Detail: name, IP: m.IP, RequestID: m.RequestID})
	return token, t, nil
}

// APITokens lists the actor's tokens.
func (s *Service) APITokens(ctx context.Context, a domain.Actor) ([]domain.APIToken, error) {
	return s.store.APITokens(ctx, a.UserID)
}

// RevokeAPIToken deletes one of the actor's tokens; another user's token
// is ErrNotFound.
func (s *Service) RevokeAPIToken(ctx context.Context, a domain.Actor, id int64, m Meta) error {
	if err := s.store.DeleteAPIToken(ctx, a.UserID, id); err != nil {
		return err
	}
	s.audit(ctx, domain.AuditEntry{RegionID: a.RegionID, UserID: a.UserID, Action: domain.AuditTokenRevoked, Object: fmt.Sprint(id), IP: m.IP, RequestID: m.RequestID})
	return nil
}

// APIUser returns the user of a bearer token. Unknown, expired and disabled
// give ErrUnauthenticated.
func (s *Service) APIUser(ctx context.Context, token string) (domain.User, error) {
	if !strings.HasPrefix(token, APITokenPrefix) {
		return domain.User{}, domain.ErrUnauthenticated
	}
	t, err := s.store.APITokenByHash(ctx, HashToken(token))
	if errors.Is(err, domain.ErrNotFound) {
		return domain.User{}, domain.ErrUnauthenticated
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("api token: %w", err)
	}
	now := s.now()
	if !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt) {
		return domain.User{}, domain.Errorf(domain.CodeUnauthenticated, "error.token_expired")
	}
	u, err := s.store.User(ctx, t.UserID)
	if err != nil || u.Disabled {
		return domain.User{}, domain.ErrUnauthenticated
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		_ = s.store.TouchAPIToken(ctx, t.ID, now)
	}
	return u, nil
}

// ChangePassword sets a new password for the actor after checking the
// current one, and ends all their sessions.
func (s *Service) ChangePassword(ctx context.Context, a domain.Actor, current, next string, m Meta) error {
	u, err := s.store.User(ctx, a.UserID)
	if err != nil {
		return err
	}
	if ok, _ := VerifyPassword(current, u.PasswordHash); !ok {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "current", Key: "invalid.current_password"}}}
	}
	if err := domain.ValidatePassword(next); err != nil {
		var e *domain.Error
		errors.As(err, &e)
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "password", Key: e.Key, Args: e.Args}}}
	}
	h, err := HashPassword(next, s.cfg.Params)
	if err != nil {
		return err
	}
	if err := s.store.SetPasswordHash(ctx, u.ID, h); err != nil {
		return err
	}
	s.audit(ctx, domain.AuditEntry{RegionID: u.RegionID, UserID: u.ID, Action: domain.AuditPasswordChanged, IP: m.IP, RequestID: m.RequestID})
	return nil
}

// Sweep deletes expired sessions; run it periodically.
func (s *Service) Sweep(ctx context.Context) (int64, error) {
	now := s.now()
	return s.store.DeleteExpiredSessions(ctx, now, now.Add(-s.cfg.IdleTimeout))
}

// Audit records an event; a failure to write it is logged, not returned,
// so that it never hides the outcome of the request itself.
func (s *Service) Audit(ctx context.Context, e domain.AuditEntry) { s.audit(ctx, e) }

func (s *Service) audit(ctx context.Context, e domain.AuditEntry) {
	if err := s.store.AddAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log.ErrorContext(ctx, "audit write failed", "action", e.Action, "err", err)
	}
}
