package server_test

import (
	"talentloket/internal/domain"
	"talentloket/internal/store/storetest"
)

// roundID is the fixture's draft round; a run it starts is waited for
// before the test's database closes.
var roundID = func(r storetest.RegionFixture, _ domain.User, e *env) int64 {
	e.t.Cleanup(e.app.Matching.Wait)
	return r.Extra["round"]
}

func init() {
	for k, v := range map[string]row{
		"GET /rounds":                               {route: "K"},
		"GET /rounds/new":                           {route: "K"},
		"POST /rounds":                              {route: "K"},
		"GET /rounds/{id}":                          {route: "K", id: roundID},
		"POST /rounds/{id}/run":                     {route: "K", id: roundID},
		"POST /rounds/{id}/publish":                 {route: "K", id: roundID},
		"GET /matching/weights":                     {route: "K"},
		"POST /matching/weights":                    {route: "K"},
		"GET /placements/{id}/candidates":           {route: "CTBK", id: plID},
		"GET /api/v1/students/{id}/recommendations": {route: "SCTK", id: stuID},
		"GET /api/v1/placements/{id}/candidates":    {route: "CTBK", id: plID},
		"GET /api/v1/rounds":                        {route: "K"},
		"POST /api/v1/rounds":                       {route: "K"},
		"GET /api/v1/rounds/{id}":                   {route: "K", id: roundID},
		"POST /api/v1/rounds/{id}/run":              {route: "K", id: roundID},
		"GET /api/v1/rounds/{id}/report":            {route: "K", id: roundID},
		"POST /api/v1/rounds/{id}/publish":          {route: "K", id: roundID},
		"GET /api/v1/matching/weights":              {route: "K"},
		"PUT /api/v1/matching/weights":              {route: "K"},
	} {
		matrix[k] = v
	}
}
