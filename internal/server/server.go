// Package server assembles the HTTP server: the route table of pages, API
// and operations, the middleware every request passes (request id, logs,
// metrics, security headers, cross-origin protection, authentication,
// language, the permission guard), and the server's life cycle with
// graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"talentloket/internal/api"
	"talentloket/internal/app"
	"talentloket/internal/auth"
	"talentloket/internal/config"
	"talentloket/internal/request"
	"talentloket/internal/retention"
	"talentloket/internal/web"
)

// Server is the HTTP server of Talentloket.
type Server struct {
	app     *app.App
	cfg     config.Config
	log     *slog.Logger
	web     *web.Handler
	api     *api.Handler
	metrics *metrics
	routes  []request.Route
	mux     *http.ServeMux
	handler http.Handler
	jobs    sync.WaitGroup
}

// New builds the server; it fails when a template does not parse or a route
// names no known permission.
func New(a *app.App, cfg config.Config) (*Server, error) {
	s := &Server{app: a, cfg: cfg, log: a.Log, metrics: newMetrics()}
	var err error
	if s.web, err = web.New(a, web.Options{SecureCookies: cfg.Secure(), SessionCookie: SessionCookie, LangCookie: LangCookie}); err != nil {
		return nil, err
	}
	s.api = api.New(a)
	s.routes = append(s.routes, s.opsRoutes()...)
	s.routes = append(s.routes, s.web.Routes()...)
	s.routes = append(s.routes, s.api.Routes()...)
	mux := http.NewServeMux()
	s.mux = mux
	seen := map[string]bool{}
	for _, rt := range s.routes {
		if !auth.Known(rt.Action) {
			return nil, fmt.Errorf("route %s %s: unknown permission %q", rt.Method, rt.Pattern, rt.Action)
		}
		p := rt.Method + " " + rt.Pattern
		if seen[p] {
			return nil, fmt.Errorf("route %s registered twice", p)
		}
		seen[p] = true
		mux.HandleFunc(p, s.guard(rt))
	}
	mux.HandleFunc("/", s.notFound)
	s.api.SetDocument(api.Document(s.routes))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := request.Page
		if strings.HasPrefix(r.URL.Path, "/api/") {
			kind = request.API
		}
		s.failKind(w, r, kind, errCrossOrigin)
	}))
	var h http.Handler = mux
	h = language(h)
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.observe(h)
	s.handler = h
	return s, nil
}

var errCrossOrigin = errors.New("cross-origin request refused")

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes returns the route table (for tests and the OpenAPI document).
func (s *Server) Routes() []request.Route { return s.routes }

func (s *Server) opsRoutes() []request.Route {
	return []request.Route{
		{Method: "GET", Pattern: "/healthz", Action: auth.Public, Kind: request.Ops, Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintln(w, "ok")
		}},
		{Method: "GET", Pattern: "/readyz", Action: auth.Public, Kind: request.Ops, Handler: func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			if err := s.app.DB.Ping(ctx); err != nil {
				s.log.WarnContext(ctx, "readiness: database", "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprintln(w, "database unreachable")
				return
			}
			fmt.Fprintln(w, "ready")
		}},
		{Method: "GET", Pattern: "/metrics", Action: auth.Public, Kind: request.Ops, Handler: s.metrics.handler(s.cfg.MetricsToken)},
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	kind := request.Page
	if strings.HasPrefix(r.URL.Path, "/api/") {
		kind = request.API
	}
	s.failKind(w, r, kind, fmt.Errorf("%s: %w", r.URL.Path, errNoRoute))
}

var errNoRoute = errors.New("no such page")

// fail answers an error in the form the request expects.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	kind := request.Page
	if strings.HasPrefix(r.URL.Path, "/api/") {
		kind = request.API
	}
	s.failKind(w, r, kind, err)
}

func (s *Server) failKind(w http.ResponseWriter, r *http.Request, kind request.Kind, err error) {
	switch {
	case errors.Is(err, errNoRoute):
		err = fmt.Errorf("%w", errNotFound)
	case errors.Is(err, errCrossOrigin):
		err = errForbiddenOrigin
	}
	if kind == request.API || kind == request.Ops {
		s.api.Fail(w, r, err)
		return
	}
	s.web.Fail(w, r, err)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// Run serves on ln until ctx is cancelled, then shuts down gracefully:
// requests in flight complete (up to the shutdown timeout) and background
// jobs stop. It returns nil after a clean shutdown.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	jobCtx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	s.jobs.Add(1)
	go s.retentionJob(jobCtx)
	for _, job := range s.app.Background {
		s.jobs.Add(1)
		go func() {
			defer s.jobs.Done()
			job(jobCtx)
		}()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stopJobs()
		s.jobs.Wait()
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	stopJobs()
	s.jobs.Wait()
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// retentionJob sweeps expired sessions every ten minutes and deletes what
// is past its retention term once a day.
func (s *Server) retentionJob(ctx context.Context) {
	defer s.jobs.Done()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	var lastFull time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		p := retention.Policy{SessionIdle: s.cfg.SessionIdle}
		if time.Since(lastFull) >= 24*time.Hour {
			p.Audit = time.Duration(s.cfg.RetainAuditDays) * 24 * time.Hour
			p.InactiveStudents = time.Duration(s.cfg.RetainInactive) * 24 * time.Hour
			lastFull = time.Now()
		}
		r, err := retention.Sweep(ctx, s.app.DB, p, s.app.Now().UTC())
		if err != nil {
			s.log.Warn("retention", "err", err)
		} else if r != (retention.Report{}) {
			s.log.Info("retention", "sessions", r.Sessions, "audit_entries", r.AuditEntries, "students", r.Students)
		}
	}
}

// sessionCookie returns the session cookie with the given value; maxAge -1
// deletes it.
func (s *Server) sessionCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, Secure: s.cfg.Secure(),
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge}
}
