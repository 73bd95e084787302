package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

// fast parameters keep the tests quick; production uses DefaultParams.
var fast = auth.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("correct horse", auth.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not carry OWASP minimum parameters", h)
	}
	if ok, err := auth.VerifyPassword("correct horse", h); !ok || err != nil {
		t.Fatalf("verify: %v %v", ok, err)
	}
	if ok, _ := auth.VerifyPassword("correct horsE", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := auth.HashPassword("correct horse", auth.DefaultParams)
	if h2 == h {
		t.Fatal("same salt twice")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=19456,t=2,p=1$!!$!!"} {
		if _, err := auth.VerifyPassword("x", bad); !errors.Is(err, auth.ErrBadHash) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	weak, _ := auth.HashPassword("x", fast)
	if !auth.NeedsRehash(weak, auth.DefaultParams) || auth.NeedsRehash(h, auth.DefaultParams) {
		t.Fatal("NeedsRehash")
	}
}

func TestTokens(t *testing.T) {
	a, b := auth.NewToken("tl_"), auth.NewToken("tl_")
	if a == b || !strings.HasPrefix(a, "tl_") || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if auth.HashToken(a) == a || auth.HashToken(a) != auth.HashToken(a) {
		t.Fatal("hash")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := auth.NewLimiter(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if b, _ := l.Blocked("k"); b {
			t.Fatalf("blocked after %d", i)
		}
		l.Fail("k")
	}
	if b, wait := l.Blocked("k"); !b || wait != time.Minute {
		t.Fatalf("not blocked: %v %v", b, wait)
	}
	if b, _ := l.Blocked("other"); b {
		t.Fatal("other key blocked")
	}
	now = now.Add(time.Minute)
	if b, _ := l.Blocked("k"); b {
		t.Fatal("window did not slide")
	}
	l.Fail("k")
	l.Reset("k")
	if b, _ := l.Blocked("k"); b {
		t.Fatal("reset")
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*auth.Service, *store.DB, *storetest.Fixture, *clock) {
	db := storetest.OpenSQLite(t)
	h, _ := auth.HashPassword(storetest.Password, fast)
	f := storetest.NewFixture(t, db, h)
	c := &clock{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	s := auth.NewService(db, auth.Config{Params: fast, IdleTimeout: time.Hour, AbsoluteTimeout: 8 * time.Hour}, c.now, nil)
	return s, db, f, c
}

func TestLoginAndSession(t *testing.T) {
	s, db, f, c := newService(t)
	ctx := context.Background()
	m := auth.Meta{IP: "192.0.2.1", RequestID: "req-1"}
	tok, u, err := s.Login(ctx, " Coordinator@Alpha.test ", storetest.Password, m)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != f.A.Users[domain.RoleCoordinator].ID {
		t.Fatalf("user %+v", u)
	}
	tok2, _, err := s.Login(ctx, "coordinator@alpha.test", storetest.Password, m)
	if err != nil || tok2 == tok {
		t.Fatalf("second login must renew the token: %v", err)
	}
	got, err := s.Session(ctx, tok)
	if err != nil || got.ID != u.ID {
		t.Fatalf("session: %v", err)
	}
	// Idle timeout.
	c.t = c.t.Add(59 * time.Minute)
	if _, err := s.Session(ctx, tok); err != nil {
		t.Fatalf("within idle timeout: %v", err)
	}
	c.t = c.t.Add(59 * time.Minute) // touched at +59m, so still alive
	if _, err := s.Session(ctx, tok); err != nil {
		t.Fatalf("activity must extend the idle timeout: %v", err)
	}
	c.t = c.t.Add(61 * time.Minute)
	if _, err := s.Session(ctx, tok); domain.ErrorCode(err) != domain.CodeUnauthenticated {
		t.Fatalf("idle session accepted: %v", err)
	}
	// Absolute timeout, even when active.
	tok3, _, _ := s.Login(ctx, "coordinator@alpha.test", storetest.Password, m)
	for i := 0; i < 9; i++ {
		c.t = c.t.Add(55 * time.Minute)
		_, err = s.Session(ctx, tok3)
	}
	if domain.ErrorCode(err) != domain.CodeUnauthenticated {
		t.Fatalf("session lived past the absolute timeout: %v", err)
	}
	// Logout invalidates server-side.
	tok4, _, _ := s.Login(ctx, "coordinator@alpha.test", storetest.Password, m)
	if err := s.Logout(ctx, tok4, m); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, tok4); err == nil {
		t.Fatal("session alive after logout")
	}
	// Audit rows: logins and logout with request id.
	entries, _ := db.Audit(ctx, store.AuditFilter{RegionID: f.A.Region.ID, Page: store.Page{Limit: 100}})
	var logins, logouts int
	for _, e := range entries {
		switch e.Action {
		case domain.AuditLogin:
			logins++
			if e.RequestID != "req-1" || e.IP != "192.0.2.1" {
				t.Fatalf("audit entry %+v", e)
			}
		case domain.AuditLogout:
			logouts++
		}
	}
	if logins != 4 || logouts != 1 {
		t.Fatalf("audit: %d logins, %d logouts", logins, logouts)
	}
}

func TestLoginFailures(t *testing.T) {
	s, db, f, _ := newService(t)
	ctx := context.Background()
	m := auth.Meta{IP: "192.0.2.9"}
	for _, tc := range []struct{ email, pw string }{
		{"coordinator@alpha.test", "wrong-password"},
		{"nobody@alpha.test", storetest.Password},
	} {
		_, _, err := s.Login(ctx, tc.email, tc.pw, m)
		var e *domain.Error
		if !errors.As(err, &e) || e.Key != "error.login_failed" {
			t.Fatalf("%s: %v", tc.email, err)
		}
	}
	// Disabled accounts cannot log in and get the same message.
	if err := db.SetUserDisabled(ctx, f.A.Users[domain.RoleViewer].ID, true); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.Login(ctx, "viewer@alpha.test", storetest.Password, auth.Meta{IP: "192.0.2.10"})
	var e *domain.Error
	if !errors.As(err, &e) || e.Key != "error.login_failed" {
		t.Fatalf("disabled: %v", err)
	}
	// Five failures per account lock it for the window, even with the right
	// password and from another address.
	for i := 0; i < 5; i++ {
		_, _, _ = s.Login(ctx, "company@alpha.test", "nope-nope-nope", auth.Meta{IP: "198.51.100.1"})
	}
	_, _, err = s.Login(ctx, "company@alpha.test", storetest.Password, auth.Meta{IP: "198.51.100.2"})
	if domain.ErrorCode(err) != domain.CodeRateLimited {
		t.Fatalf("account limit: %v", err)
	}
	// Twenty failures from one address block that address for all accounts.
	for i := 0; i < 20; i++ {
		_, _, _ = s.Login(ctx, "x"+string(rune('a'+i))+"@alpha.test", "nope", auth.Meta{IP: "203.0.113.5"})
	}
	_, _, err = s.Login(ctx, "school@alpha.test", storetest.Password, auth.Meta{IP: "203.0.113.5"})
	if domain.ErrorCode(err) != domain.CodeRateLimited {
		t.Fatalf("address limit: %v", err)
	}
	if _, _, err := s.Login(ctx, "school@alpha.test", storetest.Password, auth.Meta{IP: "203.0.113.6"}); err != nil {
		t.Fatalf("other address: %v", err)
	}
	entries, _ := db.Audit(ctx, store.AuditFilter{RegionID: f.A.Region.ID, Action: domain.AuditLoginFailed, Page: store.Page{Limit: 500}})
	if len(entries) < 7 {
		t.Fatalf("failed logins audited: %d", len(entries))
	}
	for _, e := range entries {
		if strings.Contains(e.Detail, storetest.Password) || strings.Contains(e.Detail, "nope") {
			t.Fatalf("password in audit: %+v", e)
		}
	}
}

func TestAPITokens(t *testing.T) {
	s, _, f, c := newService(t)
	ctx := context.Background()
	a := domain.ActorOf(f.A.Users[domain.RoleCoordinator])
	tok, meta, err := s.CreateAPIToken(ctx, a, "rapportage", 24*time.Hour, auth.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, "tl_") || !strings.HasPrefix(tok, meta.Prefix) {
		t.Fatalf("token %q prefix %q", tok, meta.Prefix)
	}
	u, err := s.APIUser(ctx, tok)
	if err != nil || u.ID != a.UserID {
		t.Fatalf("api user: %v", err)
	}
	if _, err := s.APIUser(ctx, tok+"x"); domain.ErrorCode(err) != domain.CodeUnauthenticated {
		t.Fatalf("forged: %v", err)
	}
	other := domain.ActorOf(f.A.Users[domain.RoleViewer])
	if err := s.RevokeAPIToken(ctx, other, meta.ID, auth.Meta{}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("revoke someone else's: %v", err)
	}
	c.t = c.t.Add(25 * time.Hour)
	if _, err := s.APIUser(ctx, tok); domain.ErrorCode(err) != domain.CodeUnauthenticated {
		t.Fatalf("expired token accepted: %v", err)
	}
	if err := s.RevokeAPIToken(ctx, a, meta.ID, auth.Meta{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateAPIToken(ctx, a, " ", 0, auth.Meta{}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("empty name: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	s, _, f, _ := newService(t)
	ctx := context.Background()
	a := domain.ActorOf(f.A.Users[domain.RoleCoach])
	tok, _, _ := s.Login(ctx, "coach@alpha.test", storetest.Password, auth.Meta{})
	if err := s.ChangePassword(ctx, a, "wrong", "a-new-long-password", auth.Meta{}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("wrong current: %v", err)
	}
	if err := s.ChangePassword(ctx, a, storetest.Password, "short", auth.Meta{}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("short: %v", err)
	}
	if err := s.ChangePassword(ctx, a, storetest.Password, "a-new-long-password", auth.Meta{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, tok); err == nil {
		t.Fatal("old session survived a password change")
	}
	if _, _, err := s.Login(ctx, "coach@alpha.test", "a-new-long-password", auth.Meta{}); err != nil {
		t.Fatal(err)
	}
}
