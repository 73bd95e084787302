package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
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

// Request ids: a random prefix per process and a counter, unique across
// restarts and cheap to make.
var (
	idPrefix = func() string {
		var b [4]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:])
	}()
	idCounter atomic.Uint64
)

func newRequestID() string {
	return idPrefix + "-" + strconv.FormatUint(idCounter.Add(1), 36)
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
		ctx, st := request.WithState(r.Context())
		st.Meta = request.Meta{ID: id, IP: request.ClientIP(r, s.cfg.TrustProxy)}
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
			s.metrics.observe(st.Pattern, r.Method, sw.status, d)
			lvl := slog.LevelInfo
			if sw.status >= 500 {
				lvl = slog.LevelError
			}
			if st.Pattern == "GET /static/{file}" || st.Pattern == "GET /healthz" {
				lvl = slog.LevelDebug
			}
			s.log.Log(ctx, lvl, "request", "request_id", id, "method", r.Method, "route", st.Pattern, "path", r.URL.Path,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "user_id", st.Actor.UserID)
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders sets the headers every answer carries. Pages with
// personal data are never cached: everything but static assets is no-store.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	// The value slices are shared by every response; Header.Set replaces
	// a slice and never writes into it.
	fixed := http.Header{
		"Content-Security-Policy":    {csp},
		"X-Content-Type-Options":     {"nosniff"},
		"X-Frame-Options":            {"DENY"},
		"Referrer-Policy":            {"same-origin"},
		"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
	}
	noStore := []string{"no-store"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range fixed {
			h[k] = v
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h["Cache-Control"] = noStore
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
			request.WithActor(ctx, u) // fills the request's state
		} else if domain.ErrorCode(err) != domain.CodeUnauthenticated {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
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
		w.Header()["Content-Language"] = []string{string(l)}
		request.WithLang(r.Context(), l) // fills the request's state
		next.ServeHTTP(w, r)
	})
}

// guard wraps one route: it records the pattern, caps the body and applies
// the permission policy before the handler runs. Anonymous users are sent to
// the login page (pages) or get 401 (API); signed-in users without the
// permission get 403 and an audit row.
func (s *Server) guard(rt request.Route) http.HandlerFunc {
	pattern := rt.Method + " " + rt.Pattern
	// Request bodies (forms, JSON) are capped at 1 MiB, or at the route's
	// larger MaxBody (file uploads).
	limit := int64(1 << 20)
	if rt.MaxBody > limit {
		limit = rt.MaxBody
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if st := request.StateOf(r.Context()); st != nil {
			st.Pattern = pattern
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
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		rt.Handler(w, r)
	}
}
