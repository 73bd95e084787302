package server_test

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

type recPage struct {
	Items []struct {
		Placement struct {
			ID int64 `json:"id"`
		} `json:"placement"`
		DistanceKm *float64 `json:"distance_km"`
		Fit        struct {
			Score    float64  `json:"score"`
			Eligible bool     `json:"eligible"`
			Summary  string   `json:"summary"`
			Texts    []string `json:"texts"`
			Reasons  []struct {
				Code string `json:"code"`
				Args []any  `json:"args"`
			} `json:"reasons"`
		} `json:"fit"`
	} `json:"items"`
}

// A student's recommendations carry the explanation in the user's
// language; the coach sees them too, in the third person.
func TestRecommendations(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	if err := e.db.UpsertQualification(context.Background(), domain.Qualification{Crebo: "25340", Name: "Eerste monteur mechatronica",
		Level: 3, DossierCrebo: "23130", Dossier: "Mechatronica", Domain: "Techniek en procesindustrie"}); err != nil {
		t.Fatal(err)
	}
	w := e.doJSON("GET", "/api/v1/students/"+itoa(a.Student.ID)+"/recommendations", "", nil, e.token(a.StudentUser))
	var recs recPage
	decodeJSON(t, w.Body.String(), &recs)
	if w.Code != 200 || len(recs.Items) != 2 {
		t.Fatalf("student: %d %s", w.Code, w.Body.String())
	}
	top := recs.Items[0]
	if !top.Fit.Eligible || top.Fit.Score <= 50 || top.DistanceKm == nil ||
		!strings.Contains(top.Fit.Summary, "0 km van huis") || !strings.Contains(top.Fit.Summary, "zelfde opleiding (Eerste monteur mechatronica)") {
		t.Fatalf("top recommendation %+v", top.Fit)
	}
	texts := strings.Join(top.Fit.Texts, "; ")
	for _, want := range []string{"erkend leerbedrijf voor Eerste monteur mechatronica", "past bij je leerweg (BOL)", "vraagt Nederlands — dat spreek je"} {
		if !strings.Contains(texts, want) {
			t.Errorf("explanation misses %q: %s", want, texts)
		}
	}
	// The coach reads about "de student", in English on request.
	tok := e.token(a.Users[domain.RoleCoach])
	r := e.doJSONWith("GET", "/api/v1/students/"+itoa(a.Student.ID)+"/recommendations?limit=1", "", nil, "Authorization", "Bearer "+tok, "Accept-Language", "en")
	decodeJSON(t, r.Body.String(), &recs)
	if r.Code != 200 || len(recs.Items) != 1 || !strings.Contains(strings.Join(recs.Items[0].Fit.Texts, ";"), "asks for Dutch — speaks it") {
		t.Fatalf("coach: %d %s", r.Code, r.Body.String())
	}
	// Staff of another school may not see the student's recommendations.
	if w := e.doJSON("GET", "/api/v1/students/"+itoa(a.Student.ID)+"/recommendations", "", nil, e.token(a.SchoolStaffOther)); w.Code != 403 {
		t.Fatalf("other school: %d", w.Code)
	}
	if w := e.doJSON("GET", "/api/v1/students/"+itoa(a.Student.ID)+"/recommendations?limit=99", "", nil, e.token(a.StudentUser)); w.Code != 422 {
		t.Fatalf("limit 99: %d", w.Code)
	}
	// The pages: the student's home and profile show them.
	c := e.session(a.StudentUser)
	for _, p := range []string{"/home", "/students/" + itoa(a.Student.ID)} {
		w := e.do("GET", p, nil, c)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Plekken die bij je passen") || !strings.Contains(w.Body.String(), "Waarom deze score?") {
			t.Fatalf("%s: %d", p, w.Code)
		}
	}
	// A student who searches sees how each hit fits; others do not.
	w = e.doJSON("GET", "/api/v1/search?q=25340", "", nil, e.token(a.StudentUser))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"fit":{"score"`) {
		t.Fatalf("student search: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("GET", "/api/v1/search?q=25340", "", nil, e.token(a.Users[domain.RoleCoordinator]))
	if w.Code != 200 || strings.Contains(w.Body.String(), `"fit"`) || !strings.Contains(w.Body.String(), `"total":2`) {
		t.Fatalf("coordinator search: %d %s", w.Code, w.Body.String())
	}
}

type candPage struct {
	Items []struct {
		Anonymous    bool     `json:"anonymous"`
		StudentID    int64    `json:"student_id"`
		Name         string   `json:"name"`
		School       string   `json:"school"`
		DistanceBand string   `json:"distance_band"`
		DistanceKm   *float64 `json:"distance_km"`
		Fit          struct {
			Score   float64 `json:"score"`
			Reasons []struct {
				Code string `json:"code"`
			} `json:"reasons"`
		} `json:"fit"`
	} `json:"items"`
}

// Companies see anonymised candidates; coordinators see names; school staff
// and coaches only the students of their scope.
func TestCandidatesPrivacy(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	path := "/api/v1/placements/" + itoa(a.Placement.ID) + "/candidates"
	w := e.doJSON("GET", path, "", nil, e.token(a.Users[domain.RoleCompany]))
	var got candPage
	decodeJSON(t, w.Body.String(), &got)
	if w.Code != 200 || len(got.Items) != 2 {
		t.Fatalf("company: %d %s", w.Code, w.Body.String())
	}
	body := w.Body.String()
	for _, secret := range []string{a.Student.Name, a.OtherStudent.Name, "7511", "student_id", `"name"`, "distance_km", "home_"} {
		if strings.Contains(body, secret) {
			t.Errorf("the company's view contains %q: %s", secret, body)
		}
	}
	for _, c := range got.Items {
		if !c.Anonymous || c.DistanceBand != "lt10" || int(c.Fit.Score)%5 != 0 || c.School == "" {
			t.Errorf("anonymised candidate %+v", c)
		}
		for _, r := range c.Fit.Reasons {
			if r.Code == "distance_km" {
				t.Errorf("exact distance in the company's view")
			}
		}
	}
	// Another company's contact may not see the candidates of this placement.
	if w := e.doJSON("GET", path, "", nil, e.token(a.CompanyUserOther)); w.Code != 403 {
		t.Fatalf("other company: %d", w.Code)
	}
	w = e.doJSON("GET", path, "", nil, e.token(a.Users[domain.RoleCoordinator]))
	decodeJSON(t, w.Body.String(), &got)
	if w.Code != 200 || len(got.Items) != 2 || got.Items[0].Anonymous || got.Items[0].Name == "" || got.Items[0].DistanceKm == nil {
		t.Fatalf("coordinator: %d %s", w.Code, w.Body.String())
	}
	for who, u := range map[string]domain.User{"school staff": a.Users[domain.RoleSchoolStaff], "coach": a.Users[domain.RoleCoach]} {
		w = e.doJSON("GET", path, "", nil, e.token(u))
		decodeJSON(t, w.Body.String(), &got)
		if w.Code != 200 || len(got.Items) != 1 || got.Items[0].StudentID != a.Student.ID || got.Items[0].Anonymous {
			t.Fatalf("%s: %d %s", who, w.Code, w.Body.String())
		}
	}
	// The page says why there are no names.
	page := e.do("GET", "/placements/"+itoa(a.Placement.ID)+"/candidates", nil, e.session(a.Users[domain.RoleCompany]))
	if page.Code != 200 || !strings.Contains(page.Body.String(), "Student (anoniem)") || strings.Contains(page.Body.String(), a.Student.Name) ||
		!strings.Contains(page.Body.String(), "minderjarig") {
		t.Fatalf("candidates page: %d", page.Code)
	}
}

type roundJSON struct {
	ID               int64          `json:"id"`
	Status           string         `json:"status"`
	Seed             int64          `json:"seed"`
	Students         int            `json:"students"`
	Assigned         int            `json:"assigned"`
	RankDistribution []int          `json:"rank_distribution"`
	UnplacedReasons  map[string]int `json:"unplaced_reasons"`
	Error            string         `json:"error"`
}

type reportJSON struct {
	Round       roundJSON `json:"round"`
	Assignments []struct {
		StudentID   int64   `json:"student_id"`
		PlacementID int64   `json:"placement_id"`
		Rank        int     `json:"rank"`
		Score       float64 `json:"score"`
	} `json:"assignments"`
	Unplaced []struct {
		StudentID  int64  `json:"student_id"`
		Reason     string `json:"reason"`
		ReasonText string `json:"reason_text"`
	} `json:"unplaced"`
	OpenPlacements []struct {
		PlacementID int64 `json:"placement_id"`
		Remaining   int   `json:"remaining"`
	} `json:"open_placements"`
	StaleStudents int `json:"stale_students"`
}

// runRound creates a round through the API with run set, waits for it and
// returns its report.
func (e *env) runRound(tok, body string) reportJSON {
	e.t.Helper()
	w := e.doJSON("POST", "/api/v1/rounds", body, nil, tok)
	var r roundJSON
	decodeJSON(e.t.(*testing.T), w.Body.String(), &r)
	if w.Code != 201 || (r.Status != "queued" && r.Status != "running" && r.Status != "done") {
		e.t.Fatalf("create round: %d %s", w.Code, w.Body.String())
	}
	e.app.Matching.Wait()
	w = e.doJSON("GET", "/api/v1/rounds/"+itoa(r.ID)+"/report", "", nil, tok)
	var rep reportJSON
	decodeJSON(e.t.(*testing.T), w.Body.String(), &rep)
	if w.Code != 200 || rep.Round.Status != "done" {
		e.t.Fatalf("report: %d %s", w.Code, w.Body.String())
	}
	return rep
}

// A coordinator runs a round, reviews it, publishes it; the student accepts
// the offer. The same seed gives the same round; a stale round is refused.
func TestRoundLifecycle(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	tok := e.token(a.Users[domain.RoleCoordinator])
	t.Cleanup(e.app.Matching.Wait)

	// Validation names the fields.
	w := e.doJSON("POST", "/api/v1/rounds", `{"name":"","list_length":99,"placement_ranking":"best","seed":-4}`, nil, tok)
	var ae apiError
	decodeJSON(t, w.Body.String(), &ae)
	fields := map[string]string{}
	for _, f := range ae.Error.Fields {
		fields[f.Field] = f.Message
	}
	if w.Code != 422 || fields["list_length"] != "Vul een lengte in van 1 tot 50." || fields["name"] == "" ||
		fields["seed"] != "Vul een geheel getal van 0 of hoger in." || fields["placement_ranking"] == "" {
		t.Fatalf("invalid round: %d %s", w.Code, w.Body.String())
	}

	body := `{"name":"Stages alpha","seed":12345,"kinds":["internship"],"run":true}`
	rep := e.runRound(tok, body)
	if rep.Round.Students != 2 || rep.Round.Assigned != 2 || len(rep.Assignments) != 2 || !reflect.DeepEqual(rep.Round.RankDistribution, []int{2}) {
		t.Fatalf("report %+v", rep)
	}
	// Capacity: two placements of two seats, two students: two seats left in all.
	left := 0
	for _, p := range rep.OpenPlacements {
		left += p.Remaining
	}
	if left != 2 {
		t.Fatalf("seats left %d: %+v", left, rep.OpenPlacements)
	}
	// The same seed and data give the same assignments, in a new round and
	// when the round runs again.
	again := e.runRound(tok, body)
	if !reflect.DeepEqual(again.Assignments, rep.Assignments) {
		t.Fatalf("same seed, different result:\n%+v\n%+v", again.Assignments, rep.Assignments)
	}
	if w := e.doJSON("POST", "/api/v1/rounds/"+itoa(again.Round.ID)+"/run", "", nil, tok); w.Code != 202 {
		t.Fatalf("run again: %d %s", w.Code, w.Body.String())
	}
	e.app.Matching.Wait()
	w = e.doJSON("GET", "/api/v1/rounds/"+itoa(again.Round.ID)+"/report", "", nil, tok)
	var third reportJSON
	decodeJSON(t, w.Body.String(), &third)
	if !reflect.DeepEqual(third.Assignments, rep.Assignments) {
		t.Fatalf("run again, different result")
	}

	// A change of a student's matching data makes the round stale.
	st := a.OtherStudent
	st.MaxDistanceKm = 30
	if err := e.db.UpdateStudent(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	w = e.doJSON("POST", "/api/v1/rounds/"+itoa(rep.Round.ID)+"/publish", "", nil, tok)
	decodeJSON(t, w.Body.String(), &ae)
	if w.Code != 409 || !strings.Contains(ae.Error.Message, "1 student(en) en 0 plek(ken) gewijzigd") {
		t.Fatalf("stale publish: %d %s", w.Code, w.Body.String())
	}
	// Run again and publish: the assignments become offers.
	if w := e.doJSON("POST", "/api/v1/rounds/"+itoa(rep.Round.ID)+"/run", "{}", nil, tok); w.Code != 202 {
		t.Fatalf("run: %d %s", w.Code, w.Body.String())
	}
	e.app.Matching.Wait()
	w = e.doJSON("POST", "/api/v1/rounds/"+itoa(rep.Round.ID)+"/publish", "", nil, tok)
	var pub struct {
		Round   roundJSON `json:"round"`
		Offers  int       `json:"offers"`
		Updated int       `json:"updated"`
		Already bool      `json:"already"`
	}
	decodeJSON(t, w.Body.String(), &pub)
	if w.Code != 200 || pub.Round.Status != "published" || pub.Offers+pub.Updated != 2 || pub.Already {
		t.Fatalf("publish: %d %s", w.Code, w.Body.String())
	}
	// Publishing again changes nothing.
	w = e.doJSON("POST", "/api/v1/rounds/"+itoa(rep.Round.ID)+"/publish", "", nil, tok)
	decodeJSON(t, w.Body.String(), &pub)
	if w.Code != 200 || !pub.Already || pub.Offers != 0 {
		t.Fatalf("publish again: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("POST", "/api/v1/rounds/"+itoa(rep.Round.ID)+"/run", "", nil, tok); w.Code != 409 {
		t.Fatalf("run a published round: %d", w.Code)
	}
	// The student has an offer that names the round, and accepts it.
	var mine int64
	for _, x := range rep.Assignments {
		if x.StudentID == a.Student.ID {
			mine = x.PlacementID
		}
	}
	app, err := e.db.ApplicationOf(context.Background(), a.Region.ID, mine, a.Student.ID)
	if err != nil || app.Status != domain.AppOffered {
		t.Fatalf("the student's application %+v (%v)", app, err)
	}
	page := e.do("GET", "/applications/"+itoa(app.ID), nil, e.session(a.StudentUser))
	if page.Code != 200 || !strings.Contains(page.Body.String(), "Aanbod uit matchingronde “Stages alpha”") {
		t.Fatalf("application page: %d", page.Code)
	}
	w = e.doJSON("POST", "/api/v1/applications/"+itoa(app.ID)+"/accept", "{}", nil, e.token(a.StudentUser))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"status":"accepted"`) {
		t.Fatalf("accept: %d %s", w.Code, w.Body.String())
	}
	s, _ := e.db.Student(context.Background(), a.Region.ID, a.Student.ID)
	if s.Status != domain.StudentPlaced {
		t.Fatalf("student %s after accepting", s.Status)
	}
	// The audit trail has the round's steps, without personal data.
	entries, err := e.db.Audit(context.Background(), store.AuditFilter{RegionID: a.Region.ID, Page: store.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	var published bool
	for _, en := range entries {
		if en.Object == "round:"+itoa(rep.Round.ID) && strings.HasPrefix(en.Detail, "published:") {
			published = true
			if strings.Contains(en.Detail, a.Student.Name) {
				t.Fatal("personal data in the audit detail")
			}
		}
	}
	if !published {
		t.Fatal("publishing left no audit entry")
	}
}

// The round pages: the form with its messages, the progress page that
// reloads itself, the report, publishing; the weights page validates.
func TestRoundPages(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	t.Cleanup(e.app.Matching.Wait)
	c := e.session(a.Users[domain.RoleCoordinator])
	w := e.do("GET", "/rounds/new", nil, c)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `name="seed"`) {
		t.Fatalf("form: %d", w.Code)
	}
	w = e.do("POST", "/rounds", url.Values{"name": {""}, "seed": {"x"}, "list_length": {"80"}}, c)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Vul een geheel getal van 0 of hoger in.") ||
		!strings.Contains(w.Body.String(), "Vul een lengte in van 1 tot 50.") {
		t.Fatalf("invalid form: %d %s", w.Code, w.Body.String())
	}
	w = e.do("POST", "/rounds", url.Values{"name": {"Stages voorjaar"}, "seed": {"99"}, "list_length": {"5"}, "placement_ranking": {"lottery"},
		"statuses": {"looking"}, "kinds": {"internship"}}, c)
	if w.Code != 303 {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	loc := w.Result().Header.Get("Location")
	// A queued round's page shows progress and reloads itself.
	id := strings.TrimPrefix(loc, "/rounds/")
	var rid int64
	fmt.Sscan(id, &rid)
	if err := e.db.SetRoundStatus(context.Background(), a.Region.ID, rid, nil, domain.RoundQueued, ""); err != nil {
		t.Fatal(err)
	}
	w = e.do("GET", loc, nil, c)
	if w.Code != 200 || w.Result().Header.Get("Refresh") == "" || !strings.Contains(w.Body.String(), "<progress") {
		t.Fatalf("progress page: %d %v", w.Code, w.Result().Header)
	}
	if err := e.db.SetRoundStatus(context.Background(), a.Region.ID, rid, nil, domain.RoundDraft, ""); err != nil {
		t.Fatal(err)
	}
	if w := e.do("POST", loc+"/run", url.Values{}, c); w.Code != 303 {
		t.Fatalf("run: %d", w.Code)
	}
	e.app.Matching.Wait()
	w = e.do("GET", loc, nil, c)
	body := w.Body.String()
	for _, want := range []string{"uitgevoerd", "Op welke keus kwamen studenten terecht?", "<svg", "Plaatsingen (2)", "Plekken met vrije plaatsen", "Publiceer en bied de plekken aan", a.Student.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("report misses %q", want)
		}
	}
	if w.Result().Header.Get("Refresh") != "" {
		t.Error("a done round's page reloads itself")
	}
	w = e.do("POST", loc+"/publish", url.Values{}, c)
	if w.Code != 303 {
		t.Fatalf("publish: %d", w.Code)
	}
	w = e.do("GET", loc, nil, c)
	if !strings.Contains(w.Body.String(), `<span class="badge published">gepubliceerd</span>`) || strings.Contains(w.Body.String(), "Publiceer en bied") {
		t.Fatalf("after publishing: %s", w.Body.String())
	}
	w = e.do("GET", "/rounds", nil, c)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Stages voorjaar") {
		t.Fatalf("list: %d", w.Code)
	}

	// Weights: a bad value is named, a good one is used at once.
	w = e.do("POST", "/matching/weights", url.Values{"qualification": {"300"}, "level": {"x"}}, c)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Vul een getal in.") {
		t.Fatalf("bad weights: %d", w.Code)
	}
	good := url.Values{}
	for k, v := range map[string]string{"qualification": "10", "level": "0", "distance": "90", "period": "0", "skills": "0", "languages": "0",
		"wishes": "0", "dossier_credit": "0.5", "domain_credit": "0.25", "open_credit": "0.5", "missing_language_factor": "1", "default_max_distance_km": "30"} {
		good.Set(k, v)
	}
	good.Set("open_credit", "1.5")
	w = e.do("POST", "/matching/weights", good, c)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Vul een getal in van 0 tot 1") {
		t.Fatalf("credit 1.5: %d", w.Code)
	}
	good.Set("open_credit", "0.5")
	if w := e.do("POST", "/matching/weights", good, c); w.Code != 303 {
		t.Fatalf("weights: %d %s", w.Code, w.Body.String())
	}
	wt := e.doJSON("GET", "/api/v1/matching/weights", "", nil, e.token(a.Users[domain.RoleCoordinator]))
	if !strings.Contains(wt.Body.String(), `"distance":90`) || !strings.Contains(wt.Body.String(), `"custom":true`) {
		t.Fatalf("weights: %s", wt.Body.String())
	}
	// With distance weighing 90, a placement next door scores over 90.
	rec := e.doJSON("GET", "/api/v1/students/"+itoa(a.Student.ID)+"/recommendations", "", nil, e.token(a.StudentUser))
	var recs recPage
	decodeJSON(t, rec.Body.String(), &recs)
	if len(recs.Items) == 0 || recs.Items[0].Fit.Score < 90 {
		t.Fatalf("recommendations after the weights: %s", rec.Body.String())
	}
}

// The search index follows changes at once: a new placement is found, a
// closed one is not.
func TestSearchFollowsChanges(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	student := e.token(a.StudentUser)
	find := func(q string) int {
		w := e.doJSON("GET", "/api/v1/search?q="+url.QueryEscape(q), "", nil, student)
		var res struct {
			Total int `json:"total"`
		}
		decodeJSON(t, w.Body.String(), &res)
		return res.Total
	}
	if n := find("onderhoud"); n != 1 {
		t.Fatalf("before: %d", n)
	}
	company := e.token(a.Users[domain.RoleCompany])
	w := e.doJSON("POST", "/api/v1/placements/"+itoa(a.Placement.ID)+"/close", `{"reason":"vol"}`, nil, company)
	if w.Code != 200 {
		t.Fatalf("close: %d %s", w.Code, w.Body.String())
	}
	if n := find("mechatronica"); n != 1 {
		t.Fatalf("after closing one of two: %d", n)
	}
	body := `{"kind":"job","title":"Monteur zonnepanelen","location_id":` + itoa(a.CompanyLoc.ID) + `,"capacity":1,"languages":["nl"]}`
	if w := e.doJSON("POST", "/api/v1/placements", body, nil, company); w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	if n := find("zonnepanelen"); n != 1 {
		t.Fatalf("new placement: %d", n)
	}
}
