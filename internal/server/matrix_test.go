package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store/storetest"
)

// The route x role x region matrix. Every route of the mux must have a row
// here: which roles the route lets in (route), and which of those succeed
// on the record the row picks in their own region (own; default: route).
// Roles: S student, C coach, T school staff, B company contact,
// K coordinator, V viewer, A administrator. "*" = public.
//
// Expectations:
//   - a role outside route gets 403; anonymous users are sent to the login
//     page (GET pages) or get 401 (everything else), unless the route is
//     public;
//   - a role in own gets a non-error answer (2xx, 3xx, or 409/422 for the
//     empty bodies the matrix sends);
//   - a role in route but not in own gets 403 (the record is outside its
//     scope);
//   - with the ids of the other region, every role in route gets 404.
type row struct {
	route, own string
	id         func(r storetest.RegionFixture, u domain.User, e *env) int64
	action     string // for {action}
}

var (
	orgID  = func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Company.ID }
	stuID  = func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Student.ID }
	plID   = func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Placement.ID }
	appID  = func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Application.ID }
	userID = func(r storetest.RegionFixture, _ domain.User, _ *env) int64 { return r.Users[domain.RoleViewer].ID }
	// tokID is a token of the acting user in its own region, and of the
	// other region's coordinator otherwise.
	tokID = func(r storetest.RegionFixture, u domain.User, e *env) int64 {
		owner := u
		if u.RegionID != r.Region.ID || u.ID == 0 {
			owner = r.Users[domain.RoleCoordinator]
		}
		_, t, err := e.app.Auth.CreateAPIToken(context.Background(), domain.ActorOf(owner), "matrix", 0, auth.Meta{})
		if err != nil {
			e.t.Fatal(err)
		}
		return t.ID
	}
)

var matrix = map[string]row{
	"GET /healthz":                              {route: "*"},
	"GET /readyz":                               {route: "*"},
	"GET /metrics":                              {route: "*"},
	"GET /{$}":                                  {route: "*"},
	"GET /static/{file}":                        {route: "*"},
	"GET /login":                                {route: "*"},
	"POST /login":                               {route: "*"},
	"POST /language":                            {route: "*"},
	"GET /api/v1/openapi.json":                  {route: "*"},
	"POST /logout":                              {route: "SCTBKVA"},
	"GET /home":                                 {route: "SCTBKVA"},
	"GET /account":                              {route: "SCTBKVA"},
	"POST /account/password":                    {route: "SCTBKVA"},
	"POST /account/tokens":                      {route: "SCTBKVA"},
	"POST /account/tokens/{id}/revoke":          {route: "SCTBKVA", id: tokID},
	"GET /api/v1/me":                            {route: "SCTBKVA"},
	"GET /organisations":                        {route: "SCTBKVA"},
	"GET /organisations/{id}":                   {route: "SCTBKVA", id: orgID},
	"GET /programmes":                           {route: "SCTBKVA"},
	"GET /api/v1/organisations":                 {route: "SCTBKVA"},
	"GET /api/v1/organisations/{id}":            {route: "SCTBKVA", id: orgID},
	"GET /api/v1/programmes":                    {route: "SCTBKVA"},
	"GET /organisations/new":                    {route: "KA"},
	"POST /organisations":                       {route: "KA"},
	"POST /api/v1/organisations":                {route: "KA"},
	"GET /organisations/{id}/edit":              {route: "TBKA", own: "BKA", id: orgID},
	"POST /organisations/{id}":                  {route: "TBKA", own: "BKA", id: orgID},
	"POST /organisations/{id}/locations":        {route: "TBKA", own: "BKA", id: orgID},
	"GET /programmes/new":                       {route: "TKA"},
	"POST /programmes":                          {route: "TKA"},
	"GET /students":                             {route: "CTK"},
	"GET /api/v1/students":                      {route: "CTK"},
	"GET /students/new":                         {route: "TK"},
	"POST /students":                            {route: "TK"},
	"POST /api/v1/students":                     {route: "TK"},
	"GET /students/{id}":                        {route: "SCTK", id: stuID},
	"GET /api/v1/students/{id}":                 {route: "SCTK", id: stuID},
	"GET /students/{id}/edit":                   {route: "SCTK", id: stuID},
	"POST /students/{id}":                       {route: "SCTK", id: stuID},
	"PUT /api/v1/students/{id}":                 {route: "SCTK", id: stuID},
	"GET /students/{id}/export":                 {route: "SK", id: stuID},
	"POST /students/{id}/erase":                 {route: "K", id: stuID},
	"GET /placements":                           {route: "SCTBK"},
	"GET /api/v1/placements":                    {route: "SCTBK"},
	"GET /placements/{id}":                      {route: "SCTBK", id: plID},
	"GET /api/v1/placements/{id}":               {route: "SCTBK", id: plID},
	"GET /placements/new":                       {route: "BK"},
	"POST /placements":                          {route: "BK"},
	"POST /api/v1/placements":                   {route: "BK"},
	"GET /placements/{id}/edit":                 {route: "BK", id: plID},
	"POST /placements/{id}":                     {route: "BK", id: plID},
	"POST /placements/{id}/close":               {route: "BK", id: plID},
	"PUT /api/v1/placements/{id}":               {route: "BK", id: plID},
	"POST /api/v1/placements/{id}/close":        {route: "BK", id: plID},
	"POST /placements/{id}/apply":               {route: "S", id: plID},
	"POST /api/v1/placements/{id}/applications": {route: "S", id: plID},
	"GET /search":                               {route: "SCTK"},
	"GET /api/v1/search":                        {route: "SCTK"},
	"GET /applications":                         {route: "SCTBK"},
	"GET /api/v1/applications":                  {route: "SCTBK"},
	"GET /applications/{id}":                    {route: "SCTBK", id: appID},
	"GET /api/v1/applications/{id}":             {route: "SCTBK", id: appID},
	"POST /applications/{id}/{action}":          {route: "SBK", own: "BK", id: appID, action: "invite"},
	"POST /api/v1/applications/{id}/{action}":   {route: "SBK", own: "BK", id: appID, action: "invite"},
	"GET /api/v1/stats":                         {route: "KVA"},
	"GET /admin/users":                          {route: "A"},
	"POST /admin/users":                         {route: "A"},
	"POST /admin/users/{id}/disable":            {route: "A", id: userID},
	"POST /admin/users/{id}/enable":             {route: "A", id: userID},
	"GET /admin/audit":                          {route: "A"},
}

var roleLetter = map[domain.Role]string{
	domain.RoleStudent: "S", domain.RoleCoach: "C", domain.RoleSchoolStaff: "T", domain.RoleCompany: "B",
	domain.RoleCoordinator: "K", domain.RoleViewer: "V", domain.RoleAdmin: "A",
}

func TestRouteMatrix(t *testing.T) {
	base := newEnv(t)
	routes := base.srv.Routes()
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		exp, ok := matrix[key]
		if !ok {
			t.Errorf("route %s has no row in the permission matrix: add one", key)
			continue
		}
		if exp.own == "" {
			exp.own = exp.route
		}
		// The policy and the matrix must agree on who passes the route.
		for role, l := range roleLetter {
			if got, want := auth.Allow(domain.Actor{UserID: 1, Role: role}, rt.Action), exp.route == "*" || strings.Contains(exp.route, l); got != want {
				t.Errorf("%s: policy lets %s in = %v, matrix says %v", key, role, got, want)
			}
		}
		actors := append([]domain.Role{""}, domain.Roles...)
		for _, role := range actors {
			regions := []string{"own"}
			if exp.id != nil {
				regions = append(regions, "other")
			}
			for _, region := range regions {
				name := key + "/" + string(role) + "/" + region
				if role == "" {
					name = key + "/anonymous/" + region
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					checkCell(t, rt, exp, role, region)
				})
			}
		}
	}
	for key := range matrix {
		if !seen[key] {
			t.Errorf("matrix row %s matches no route", key)
		}
	}
}

func checkCell(t *testing.T, rt request.Route, exp row, role domain.Role, region string) {
	e := newEnv(t)
	var user domain.User
	var cookie *http.Cookie
	if role != "" {
		user = e.f.A.Users[role]
		cookie = e.session(user)
	}
	target := rt.Pattern
	if exp.id != nil {
		rf := e.f.A
		if region == "other" {
			rf = e.f.B
		}
		target = strings.Replace(target, "{id}", strconv.FormatInt(exp.id(rf, user, e), 10), 1)
	}
	target = strings.Replace(target, "{action}", exp.action, 1)
	target = strings.Replace(target, "{$}", "", 1)
	if strings.Contains(target, "{file}") {
		target = strings.Replace(target, "{file}", strings.TrimPrefix(assetURL(e), "/static/"), 1)
	}
	var w interface{ Result() *http.Response }
	if rt.Kind == request.API {
		body := ""
		if rt.Method != http.MethodGet {
			body = "{}"
		}
		token := ""
		if role != "" {
			token = e.token(user)
		}
		w = e.doJSON(rt.Method, target, body, nil, token)
	} else {
		var form url.Values
		if rt.Method != http.MethodGet {
			form = url.Values{}
		}
		w = e.do(rt.Method, target, form, cookie)
	}
	res := w.Result()
	status := res.StatusCode
	letter := roleLetter[role]
	inRoute := exp.route == "*" || (role != "" && strings.Contains(exp.route, letter))
	inOwn := exp.route == "*" || (role != "" && strings.Contains(exp.own, letter))
	switch {
	case !inRoute && role == "":
		if rt.Kind == request.Page && rt.Method == http.MethodGet {
			if status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				t.Fatalf("anonymous: %d to %q, want a redirect to /login", status, res.Header.Get("Location"))
			}
		} else if status != http.StatusUnauthorized {
			t.Fatalf("anonymous: %d, want 401", status)
		}
	case !inRoute:
		if status != http.StatusForbidden {
			t.Fatalf("status %d, want 403", status)
		}
	case region == "other":
		if status != http.StatusNotFound {
			t.Fatalf("other region's record: status %d, want 404", status)
		}
	case !inOwn:
		if status != http.StatusForbidden {
			t.Fatalf("record outside the role's scope: status %d, want 403", status)
		}
	default:
		allowed := status < 400 || status == http.StatusConflict || status == http.StatusUnprocessableEntity
		if rt.Pattern == "/login" && rt.Method == http.MethodPost {
			allowed = allowed || status == http.StatusUnauthorized // empty credentials
		}
		if !allowed {
			t.Fatalf("status %d, want success (or 409/422 for the empty body)", status)
		}
	}
}

func assetURL(e *env) string {
	w := e.do("GET", "/login", nil, nil)
	body := w.Body.String()
	i := strings.Index(body, "/static/")
	j := strings.Index(body[i:], `"`)
	return body[i : i+j]
}
