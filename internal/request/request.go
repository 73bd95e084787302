// Package request carries what the HTTP layers know about a request — the
// signed-in actor, the request id, the client address and the language —
// and holds the one table from error codes to HTTP status.
package request

import (
	"context"
	"net"
	"net/http"
	"strings"

	"talentloket/internal/domain"
	"talentloket/internal/i18n"
)

// Meta is request metadata for logs and the audit trail.
type Meta struct {
	ID string
	IP string
}

type stateKey struct{}

// State is everything the HTTP layers learn about one request. The first
// middleware puts one State in the context and later ones fill it in, so
// that a request is not copied for every value.
type State struct {
	Meta    Meta
	Lang    i18n.Lang
	Actor   domain.Actor
	User    domain.User
	HasUser bool
	Pattern string // the matched route, for logs and metrics
}

// WithState returns ctx carrying a fresh State, and the State.
func WithState(ctx context.Context) (context.Context, *State) {
	st := &State{Lang: i18n.NL}
	return context.WithValue(ctx, stateKey{}, st), st
}

// StateOf returns the request's State, or nil outside a request.
func StateOf(ctx context.Context) *State {
	st, _ := ctx.Value(stateKey{}).(*State)
	return st
}

func ensure(ctx context.Context) (context.Context, *State) {
	if st := StateOf(ctx); st != nil {
		return ctx, st
	}
	return WithState(ctx)
}

// WithActor returns ctx carrying the signed-in user.
func WithActor(ctx context.Context, u domain.User) context.Context {
	ctx, st := ensure(ctx)
	st.User, st.HasUser, st.Actor = u, true, domain.ActorOf(u)
	return ctx
}

// Actor returns the actor of the request; the zero Actor is anonymous.
func Actor(ctx context.Context) domain.Actor {
	if st := StateOf(ctx); st != nil {
		return st.Actor
	}
	return domain.Actor{}
}

// User returns the signed-in user, if any.
func User(ctx context.Context) (domain.User, bool) {
	if st := StateOf(ctx); st != nil {
		return st.User, st.HasUser
	}
	return domain.User{}, false
}

// WithMeta returns ctx carrying request metadata.
func WithMeta(ctx context.Context, m Meta) context.Context {
	ctx, st := ensure(ctx)
	st.Meta = m
	return ctx
}

// MetaOf returns the request metadata.
func MetaOf(ctx context.Context) Meta {
	if st := StateOf(ctx); st != nil {
		return st.Meta
	}
	return Meta{}
}

// WithLang returns ctx carrying the interface language.
func WithLang(ctx context.Context, l i18n.Lang) context.Context {
	ctx, st := ensure(ctx)
	st.Lang = l
	return ctx
}

// Lang returns the interface language (Dutch by default).
func Lang(ctx context.Context) i18n.Lang {
	if st := StateOf(ctx); st != nil && st.Lang != "" {
		return st.Lang
	}
	return i18n.NL
}

// ClientIP returns the client's address: the connection's remote address,
// or the first X-Forwarded-For entry when trustProxy is set.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// statusOf is the one table from error codes to HTTP status. An unknown
// error is a 500.
var statusOf = map[domain.Code]int{
	domain.CodeInvalid:         http.StatusUnprocessableEntity,
	domain.CodeNotFound:        http.StatusNotFound,
	domain.CodeConflict:        http.StatusConflict,
	domain.CodeForbidden:       http.StatusForbidden,
	domain.CodeUnauthenticated: http.StatusUnauthorized,
	domain.CodeRateLimited:     http.StatusTooManyRequests,
	domain.CodeTooLarge:        http.StatusRequestEntityTooLarge,
	domain.CodeInternal:        http.StatusInternalServerError,
}

// Status returns the HTTP status for err.
func Status(err error) int {
	if s, ok := statusOf[domain.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}
