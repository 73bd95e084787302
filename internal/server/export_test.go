package server

import (
	"net/http"

	"talentloket/internal/auth"
	"talentloket/internal/request"
)

// AddTestRoute registers a public route behind the full middleware stack,
// for tests that need a handler of their own (a slow one, say).
func (s *Server) AddTestRoute(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, s.guard(request.Route{Method: "GET", Pattern: pattern, Action: auth.Public, Kind: request.Ops, Handler: h}))
}
