package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
)

// Cookie names.
const (
	SessionCookie = "tl_session"
	LangCookie    = "tl_lang"
)

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// routeInfo is filled by the matched route so that outer middleware can
// label logs and metrics with the pattern.
type routeInfo struct{ pattern string }

type routeInfoKey struct{}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// observe assigns a request id, recovers panics, and logs and counts every
// request by route pattern.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !validRequestID(id) {
			id = newRequestID()
		}
		info := &routeInfo{}
		ctx := context.WithValue(r.Context(), routeInfoKey{}, info)
		ctx = request.WithMeta(ctx, request.Meta{ID: id, IP: request.ClientIP(r, s.cfg.TrustProxy)})
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w}
		s.metrics.inflight.Add(1)
		defer func() {
			s.metrics.inflight.Add(-1)
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(ctx, "panic", "request_id", id, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.fail(sw, r, errors.New("panic"))
				}
			}
			d := time.Since(start)
			s.metrics.observe(info.pattern, r.Method, sw.status, d)
			lvl := slog.LevelInfo
			if sw.status >= 500 {
				lvl = slog.LevelError
			}
			if info.pattern == "GET /static/{file}" || info.pattern == "GET /healthz" {
				lvl = slog.LevelDebug
			}
			a := request.Actor(ctx)
			s.log.Log(ctx, lvl, "request", "request_id", id, "method", r.Method, "route", info.pattern, "path", r.URL.Path,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "user_id", a.UserID)
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders sets the headers every answer carries. Pages with
// personal data are never cached: everything but static assets is no-store.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies (forms and JSON) at 1 MiB.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate recognises a session cookie or a bearer API token and puts
// the user in the context. A bad credential is simply ignored here: the
// route's permission decides whether anonymous access is enough.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var u domain.User
		var err error = domain.ErrUnauthenticated
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err = s.app.Auth.APIUser(ctx, strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
		} else if c, cerr := r.Cookie(SessionCookie); cerr == nil {
			u, err = s.app.Auth.Session(ctx, c.Value)
			if err != nil && domain.ErrorCode(err) == domain.CodeUnauthenticated {
				http.SetCookie(w, s.sessionCookie("", -1))
			}
		}
		if err == nil {
			ctx = request.WithActor(ctx, u)
		} else if domain.ErrorCode(err) != domain.CodeUnauthenticated {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// language picks the interface language: the language cookie, else the
// user's saved choice, else the browser's Accept-Language, else Dutch.
func language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var l i18n.Lang
		if c, err := r.Cookie(LangCookie); err == nil && c.Value != "" {
			l = i18n.Parse(c.Value)
		} else if u, ok := request.User(r.Context()); ok && u.Locale != "" {
			l = i18n.Parse(u.Locale)
		} else {
			l = i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
		}
		w.Header().Set("Content-Language", string(l))
		next.ServeHTTP(w, r.WithContext(request.WithLang(r.Context(), l)))
	})
}

// guard wraps one route: it records the pattern and applies the
// permission policy before the handler runs. Anonymous users are sent to
// the login page (pages) or get 401 (API); signed-in users without the
// permission get 403 and an audit row.
func (s *Server) guard(rt request.Route) http.HandlerFunc {
	pattern := rt.Method + " " + rt.Pattern
	return func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(routeInfoKey{}).(*routeInfo); ok {
			info.pattern = pattern
		}
		a := request.Actor(r.Context())
		if !auth.Allow(a, rt.Action) {
			if a.Anonymous() {
				if rt.Kind == request.Page && r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.failKind(w, r, rt.Kind, domain.ErrUnauthenticated)
				return
			}
			request.Audit(r.Context(), s.app.DB, domain.AuditPermissionDeny, pattern, string(rt.Action))
			s.failKind(w, r, rt.Kind, domain.ErrForbidden)
			return
		}
		rt.Handler(w, r)
	}
}
