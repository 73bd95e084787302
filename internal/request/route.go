package request

import (
	"net/http"

	"talentloket/internal/auth"
)

// Kind says how a route answers: HTML pages redirect anonymous users to the
// login page; API routes answer JSON; operations routes are for machines.
type Kind int

// Route kinds.
const (
	Page Kind = iota
	API
	Ops
)

// Route is one entry of the route table: a method and path pattern, the
// permission action that guards it, and its handler. Every route names an
// action; the server refuses to start with an unknown one.
type Route struct {
	Method  string
	Pattern string // net/http pattern, e.g. "/placements/{id}"
	Action  auth.Action
	Kind    Kind
	Handler http.HandlerFunc
	Doc     *Doc // API routes: what the OpenAPI document says
	// MaxBody raises the request body limit for this route (file
	// uploads); 0 keeps the server's default of 1 MiB.
	MaxBody int64
}

// Doc describes an API operation for the OpenAPI document.
type Doc struct {
	Summary  string
	Tag      string
	Query    []Param // query parameters
	Body     string  // schema name of the request body, "" for none
	Response string  // schema name of the 2xx response
	List     bool    // the response is a page of Response items
	Status   int     // success status, default 200
}

// Param is a documented query parameter.
type Param struct {
	Name, Type, Description string
}
