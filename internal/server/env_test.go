package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/auth"
	"talentloket/internal/config"
	"talentloket/internal/domain"
	"talentloket/internal/server"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
	"talentloket/internal/store/storetest"
)

// fast argon2 parameters keep logins in tests cheap.
var fast = auth.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// env is a server on a database holding the two-region fixture.
type env struct {
	t   testing.TB
	db  *store.DB
	f   *storetest.Fixture
	app *app.App
	srv *server.Server
	h   http.Handler
}

var (
	templateOnce sync.Once
	templateDir  string
	templateFix  *storetest.Fixture
)

// fixtureTemplate builds the fixture once per test binary and keeps a copy
// of the SQLite file; every env starts from a fresh copy of it.
func fixtureTemplate(t testing.TB) (string, *storetest.Fixture) {
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tl-fixture-")
		if err != nil {
			t.Fatal(err)
		}
		db, err := sqlite.Open(context.Background(), filepath.Join(dir, "build.db"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		h, _ := auth.HashPassword(storetest.Password, fast)
		templateFix = storetest.NewFixture(t, db, h)
		if err := sqlite.Backup(context.Background(), db, filepath.Join(dir, "template.db")); err != nil {
			t.Fatal(err)
		}
		db.Close()
		templateDir = dir
	})
	return filepath.Join(templateDir, "template.db"), templateFix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if templateDir != "" {
		os.RemoveAll(templateDir)
	}
	os.Exit(code)
}

type envOption func(*config.Config)

func newEnv(t testing.TB, opts ...envOption) *env {
	t.Helper()
	tpl, f := fixtureTemplate(t)
	path := filepath.Join(t.TempDir(), "env.db")
	b, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newEnvOn(t, db, f, opts...)
}

func newEnvOn(t testing.TB, db *store.DB, f *storetest.Fixture, opts ...envOption) *env {
	cfg := config.Default()
	for _, o := range opts {
		o(&cfg)
	}
	a := app.New(db, app.Options{Log: quiet, Auth: auth.Config{Params: fast, IdleTimeout: cfg.SessionIdle, AbsoluteTimeout: cfg.SessionAbsolute}})
	srv, err := server.New(a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, f: f, app: a, srv: srv, h: srv.Handler()}
}

// session logs a user in through the auth service and returns the cookie.
func (e *env) session(u domain.User) *http.Cookie {
	e.t.Helper()
	tok, _, err := e.app.Auth.Login(context.Background(), u.Email, storetest.Password, auth.Meta{IP: "192.0.2.1"})
	if err != nil {
		e.t.Fatalf("login %s: %v", u.Email, err)
	}
	return &http.Cookie{Name: server.SessionCookie, Value: tok}
}

// do sends a request through the whole handler stack.
func (e *env) do(method, target string, body url.Values, cookie *http.Cookie, hdr ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	var r *http.Request
	if body != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(body.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// doJSON sends a JSON request with a bearer token or cookie.
func (e *env) doJSON(method, target, body string, cookie *http.Cookie, token string) *httptest.ResponseRecorder {
	e.t.Helper()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func (e *env) token(u domain.User) string {
	e.t.Helper()
	tok, _, err := e.app.Auth.CreateAPIToken(context.Background(), domain.ActorOf(u), "test", time.Hour, auth.Meta{})
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (e *env) doJSONWith(method, target, body string, cookie *http.Cookie, hdr ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if cookie != nil {
		r.AddCookie(cookie)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}
