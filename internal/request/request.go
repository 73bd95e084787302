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

type key int

const (
	actorKey key = iota
	userKey
	metaKey
	langKey
)

// Meta is request metadata for logs and the audit trail.
type Meta struct {
	ID string
	IP string
}

// WithActor returns ctx carrying the signed-in user.
func WithActor(ctx context.Context, u domain.User) context.Context {
	ctx = context.WithValue(ctx, userKey, u)
	return context.WithValue(ctx, actorKey, domain.ActorOf(u))
}

// Actor returns the actor of the request; the zero Actor is anonymous.
func Actor(ctx context.Context) domain.Actor {
	a, _ := ctx.Value(actorKey).(domain.Actor)
	return a
}

// User returns the signed-in user, if any.
func User(ctx context.Context) (domain.User, bool) {
	u, ok := ctx.Value(userKey).(domain.User)
	return u, ok
}

// WithMeta returns ctx carrying request metadata.
func WithMeta(ctx context.Context, m Meta) context.Context { return context.WithValue(ctx, metaKey, m) }

// MetaOf returns the request metadata.
func MetaOf(ctx context.Context) Meta {
	m, _ := ctx.Value(metaKey).(Meta)
	return m
}

// WithLang returns ctx carrying the interface language.
func WithLang(ctx context.Context, l i18n.Lang) context.Context {
	return context.WithValue(ctx, langKey, l)
}

// Lang returns the interface language (Dutch by default).
func Lang(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
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
