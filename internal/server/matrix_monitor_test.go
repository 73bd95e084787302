package server_test

import (
	"talentloket/internal/domain"
	"talentloket/internal/store/storetest"
)

// The regional monitor's routes: every signed-in role but students sees
// the monitor; only coordinators import files and set targets; the open
// API of aggregates is public.
func init() {
	monImp := func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Extra["monitor_import"] }
	for k, v := range map[string]row{
		"GET /monitor":                   {route: "CTBKVA"},
		"GET /monitor/compare":           {route: "CTBKVA"},
		"GET /monitor/export":            {route: "CTBKVA"},
		"GET /monitor/imports":           {route: "CTBKVA"},
		"GET /monitor/imports/{id}":      {route: "CTBKVA", id: monImp},
		"GET /monitor/import":            {route: "K"},
		"POST /monitor/import":           {route: "K"},
		"GET /monitor/targets":           {route: "K"},
		"POST /monitor/targets":          {route: "K"},
		"GET /api/v1/monitor/aggregates": {route: "*"},
	} {
		matrix[k] = v
	}
}
