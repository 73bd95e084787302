package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"talentloket/internal/domain"
)

func decodeJSON(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
}

type apiError struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
		Fields    []struct {
			Field, Message string
		} `json:"fields"`
	} `json:"error"`
}

func TestAPIErrorsAndAuth(t *testing.T) {
	e := newEnv(t)
	w := e.doJSON("GET", "/api/v1/me", "", nil, "")
	var ae apiError
	decodeJSON(t, w.Body.String(), &ae)
	if w.Code != 401 || ae.Error.Code != "unauthenticated" || ae.Error.RequestID == "" || w.Result().Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("anonymous: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("GET", "/api/v1/me", "", nil, "tl_forged"); w.Code != 401 {
		t.Fatalf("forged token: %d", w.Code)
	}
	tok := e.token(e.f.A.Users[domain.RoleCompany])
	w = e.doJSON("GET", "/api/v1/me", "", nil, tok)
	var me struct {
		Role           string `json:"role"`
		OrganisationID int64  `json:"organisation_id"`
	}
	decodeJSON(t, w.Body.String(), &me)
	if w.Code != 200 || me.Role != "company_contact" || me.OrganisationID != e.f.A.Company.ID {
		t.Fatalf("me: %d %s", w.Code, w.Body.String())
	}
	// Unknown API path: JSON 404.
	w = e.doJSON("GET", "/api/v1/nothing", "", nil, tok)
	decodeJSON(t, w.Body.String(), &ae)
	if w.Code != 404 || ae.Error.Code != "not_found" {
		t.Fatalf("unknown path: %d %s", w.Code, w.Body.String())
	}
	// Validation errors name the fields, in the user's language.
	body := `{"kind":"internship","title":"","location_id":` + itoa(e.f.A.CompanyLoc.ID) + `,"capacity":0,"crebos":["2534"],"start":"01-02-2027"}`
	w = e.doJSON("POST", "/api/v1/placements", body, nil, tok)
	decodeJSON(t, w.Body.String(), &ae)
	if w.Code != 422 || ae.Error.Code != "invalid" {
		t.Fatalf("invalid placement: %d %s", w.Code, w.Body.String())
	}
	fields := map[string]string{}
	for _, f := range ae.Error.Fields {
		fields[f.Field] = f.Message
	}
	if fields["start"] != "Vul een datum in als dd-mm-jjjj." {
		t.Fatalf("fields %v", fields)
	}
	w = e.doJSON("POST", "/api/v1/placements", `{"kind":"internship","title":"","location_id":`+itoa(e.f.A.CompanyLoc.ID)+`,"capacity":0,"crebos":["2534"]}`, nil, tok)
	decodeJSON(t, w.Body.String(), &ae)
	fields = map[string]string{}
	for _, f := range ae.Error.Fields {
		fields[f.Field] = f.Message
	}
	if fields["title"] == "" || fields["capacity"] == "" || fields["crebos"] != "Een crebo-code heeft vijf cijfers." {
		t.Fatalf("fields %v", fields)
	}
	for name, bad := range map[string]string{
		"syntax":        `{"kind":`,
		"unknown field": `{"kind":"job","salary":1}`,
		"wrong type":    `{"capacity":"two"}`,
		"trailing":      `{} {}`,
	} {
		w = e.doJSON("POST", "/api/v1/placements", bad, nil, tok)
		decodeJSON(t, w.Body.String(), &ae)
		if w.Code != 422 || len(ae.Error.Fields) == 0 {
			t.Errorf("%s: %d %s", name, w.Code, w.Body.String())
		}
	}
	if w := e.doJSON("GET", "/api/v1/placements?limit=0", "", nil, tok); w.Code != 422 {
		t.Fatalf("limit=0: %d", w.Code)
	}
}

func TestAPIJourneyAndPagination(t *testing.T) {
	e := newEnv(t)
	company := e.token(e.f.A.Users[domain.RoleCompany])
	student := e.token(e.f.A.StudentUser)
	// The company publishes a placement.
	body := `{"kind":"internship","title":"Stage PLC-programmeren","location_id":` + itoa(e.f.A.CompanyLoc.ID) +
		`,"capacity":1,"crebos":["25340"],"stage":"mbo","pathway":"BOL","languages":["nl","de"],"start":"2027-02-01","end":"2027-06-30"}`
	w := e.doJSON("POST", "/api/v1/placements", body, nil, company)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	var p struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		Start  string `json:"start"`
	}
	decodeJSON(t, w.Body.String(), &p)
	if p.Status != "open" || p.Start != "2027-02-01" {
		t.Fatalf("placement %+v", p)
	}
	// The student finds it within 10 km of home and applies.
	w = e.doJSON("GET", "/api/v1/search?q=plc&postcode=7511AB&radius_km=10", "", nil, student)
	var hits struct {
		Total int `json:"total"`
		Items []struct {
			Placement  struct{ ID int64 } `json:"placement"`
			DistanceKm *float64           `json:"distance_km"`
		} `json:"items"`
	}
	decodeJSON(t, w.Body.String(), &hits)
	if w.Code != 200 || hits.Total != 1 || hits.Items[0].Placement.ID != p.ID || hits.Items[0].DistanceKm == nil {
		t.Fatalf("search: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("POST", "/api/v1/placements/"+itoa(p.ID)+"/applications", `{"motivation":"Ik programmeer graag PLC's."}`, nil, student)
	var app struct {
		ID      int64    `json:"id"`
		Status  string   `json:"status"`
		Actions []string `json:"actions"`
	}
	decodeJSON(t, w.Body.String(), &app)
	if w.Code != 201 || app.Status != "submitted" || strings.Join(app.Actions, ",") != "withdraw" {
		t.Fatalf("apply: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("POST", "/api/v1/placements/"+itoa(p.ID)+"/applications", `{}`, nil, student); w.Code != 409 {
		t.Fatalf("second application: %d", w.Code)
	}
	// The company sees it, skips "invite" and offers; a second offer is a conflict.
	w = e.doJSON("GET", "/api/v1/applications?placement_id="+itoa(p.ID), "", nil, company)
	if !strings.Contains(w.Body.String(), `"total":1`) {
		t.Fatalf("company applications: %s", w.Body.String())
	}
	if w := e.doJSON("POST", "/api/v1/applications/"+itoa(app.ID)+"/accept", `{}`, nil, company); w.Code != 403 {
		t.Fatalf("company accepting for the student: %d", w.Code)
	}
	if w := e.doJSON("POST", "/api/v1/applications/"+itoa(app.ID)+"/offer", `{"note":"Welkom!"}`, nil, company); w.Code != 200 {
		t.Fatalf("offer: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("POST", "/api/v1/applications/"+itoa(app.ID)+"/offer", `{}`, nil, company)
	var ae apiError
	decodeJSON(t, w.Body.String(), &ae)
	if w.Code != 409 || ae.Error.Code != "conflict" {
		t.Fatalf("second offer: %d %s", w.Code, w.Body.String())
	}
	// The student accepts: the only place is taken, the placement is filled
	// and the student placed.
	if w := e.doJSON("POST", "/api/v1/applications/"+itoa(app.ID)+"/accept", `{}`, nil, student); w.Code != 200 {
		t.Fatalf("accept: %d %s", w.Code, w.Body.String())
	}
	got, _ := e.db.Placement(context.Background(), e.f.A.Region.ID, p.ID)
	st, _ := e.db.Student(context.Background(), e.f.A.Region.ID, e.f.A.Student.ID)
	if got.Status != domain.PlacementFilled || got.Accepted != 1 || st.Status != domain.StudentPlaced {
		t.Fatalf("after accept: placement %s (%d accepted), student %s", got.Status, got.Accepted, st.Status)
	}
	w = e.doJSON("GET", "/api/v1/applications/"+itoa(app.ID), "", nil, student)
	if !strings.Contains(w.Body.String(), `"note":"Welkom!"`) || !strings.Contains(w.Body.String(), `"to":"accepted"`) {
		t.Fatalf("history: %s", w.Body.String())
	}
	// Pagination: limit and offset, total of all.
	coord := e.token(e.f.A.Users[domain.RoleCoordinator])
	var page struct {
		Items  []json.RawMessage `json:"items"`
		Total  int               `json:"total"`
		Limit  int               `json:"limit"`
		Offset int               `json:"offset"`
	}
	decodeJSON(t, e.doJSON("GET", "/api/v1/placements?limit=2&offset=1", "", nil, coord).Body.String(), &page)
	if page.Total != 3 || len(page.Items) != 2 || page.Limit != 2 || page.Offset != 1 {
		t.Fatalf("page %+v", page)
	}
}

// TestOpenAPI validates the document and proves it lists exactly the API
// routes the mux serves.
func TestOpenAPI(t *testing.T) {
	e := newEnv(t)
	w := e.doJSON("GET", "/api/v1/openapi.json", "", nil, "")
	if w.Code != 200 {
		t.Fatalf("openapi: %d", w.Code)
	}
	doc, err := openapi3.NewLoader().LoadFromData(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	var documented, served []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	for _, rt := range e.srv.Routes() {
		if strings.HasPrefix(rt.Pattern, "/api/") {
			served = append(served, rt.Method+" "+rt.Pattern)
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Fatalf("documented:\n%s\n\nserved:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
	// Every documented response schema resolves.
	for name, ref := range doc.Components.Schemas {
		if ref.Value == nil {
			t.Errorf("schema %s unresolved", name)
		}
	}
	_ = http.MethodGet
}
