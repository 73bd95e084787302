package service_test

import (
	"context"

	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

// env is the desk on a fresh database with the two-region fixture and a
// clock the test moves.
type env struct {
	t   *testing.T
	db  *store.DB
	f   *storetest.Fixture
	app *app.App
	s   *service.Service
	mu  sync.Mutex
	now time.Time
}

var amsterdam, _ = time.LoadLocation("Europe/Amsterdam")

func newEnv(t *testing.T, o service.Options) *env {
	t.Helper()
	db := storetest.OpenSQLite(t)
	e := &env{t: t, db: db, f: storetest.NewFixture(t, db, "")}
	e.now = time.Now().UTC().Truncate(time.Second)
	e.app = app.New(db, app.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: e.clock, Desk: o})
	e.s = e.app.Desk
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) set(t time.Time) {
	e.mu.Lock()
	e.now = t
	e.mu.Unlock()
}

func (e *env) as(u domain.User) context.Context { return request.WithActor(context.Background(), u) }

func (e *env) user(r storetest.RegionFixture, role domain.Role) context.Context {
	return e.as(r.Users[role])
}

func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, c domain.Code) {
	t.Helper()
	if got := domain.ErrorCode(err); got != c {
		t.Fatalf("error %v: code %q, want %q", err, got, c)
	}
}

// kinds returns the notification kinds a user has, oldest first.
func (e *env) kinds(u domain.User) []desk.NotifyKind {
	e.t.Helper()
	ns, _, err := e.s.Notifications(e.as(u), false, store.Page{Limit: 100})
	ok(e.t, err)
	var out []desk.NotifyKind
	for i := len(ns) - 1; i >= 0; i-- {
		out = append(out, ns[i].Kind)
	}
	return out
}

func (e *env) file(ctx context.Context, q desk.Question) int64 {
	e.t.Helper()
	id, err := e.s.File(ctx, q)
	ok(e.t, err)
	return id
}

func training(title string) desk.Question {
	return desk.Question{Kind: desk.KindTraining, Title: title, Text: "Siemens S7, liefst in het voorjaar.", Skills: []string{"plc"},
		Field: "elektrotechniek", Sector: "machinebouw", People: 5}
}

// TestLifecycle walks a question through the whole workflow with the
// parties who may take each step, and checks that no state is skipped,
// that every party hears what concerns it, and that the figures count it.
func TestLifecycle(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	company, coord, staff := a.Users[domain.RoleCompany], a.Users[domain.RoleCoordinator], a.Users[domain.RoleSchoolStaff]
	cc, kc, sc := e.as(company), e.as(coord), e.as(staff)

	id := e.file(cc, training("Vijf monteurs moeten PLC leren"))
	v := must(e.s.Get(cc, id))(t)
	if v.Question.Status != desk.StatusNew || v.Question.CompanyID != a.Company.ID || v.Question.Point.IsZero() || !slices.Equal(v.Actions, []desk.Action{desk.ActWithdraw}) {
		t.Fatalf("filed %+v actions %v", v.Question.Question, v.Actions)
	}
	if got := e.kinds(coord); !slices.Contains(got, desk.NotifyFiled) {
		t.Fatalf("coordinator not told of the new question: %v", got)
	}

	// Nobody skips a state; sides may only take their own steps.
	wantCode(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.School.ID}), domain.CodeConflict)
	wantCode(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActAnswer, Note: "x"}), domain.CodeConflict)
	wantCode(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActClose, Outcome: desk.OutcomeMatched}), domain.CodeConflict)
	wantCode(t, e.s.Step(cc, id, service.StepInput{Action: desk.ActTake}), domain.CodeForbidden)
	wantCode(t, e.s.Step(sc, id, service.StepInput{Action: desk.ActTake}), domain.CodeForbidden) // not a party yet
	wantCode(t, e.s.Step(kc, id, service.StepInput{Action: "jump"}), domain.CodeInvalid)

	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	if !slices.Contains(e.kinds(company), desk.NotifyTaken) {
		t.Fatal("company not told its question was taken")
	}
	sugg := must(e.s.Suggestions(kc, id, 5))(t)
	if len(sugg) == 0 || sugg[0].OfferID != a.Extra["offer"] || len(sugg[0].Reasons) == 0 {
		t.Fatalf("suggestions %+v", sugg)
	}
	if _, err := e.s.Suggestions(cc, id, 5); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("company sees suggestions: %v", err)
	}
	// A route to an offer of another partner is refused; the offer's provider is the default partner.
	err := e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.OtherSchool.ID, OfferID: sugg[0].OfferID})
	wantCode(t, err, domain.CodeInvalid)
	wantCode(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: e.f.B.School.ID}), domain.CodeInvalid)
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, OfferID: sugg[0].OfferID}))
	if !slices.Contains(e.kinds(staff), desk.NotifyRoutedPartner) || !slices.Contains(e.kinds(company), desk.NotifyRoutedCompany) {
		t.Fatal("partner or company not told of the route")
	}

	// The partner sees the question now, and must accept before answering.
	pv := must(e.s.Get(sc, id))(t)
	if pv.Sides != desk.SidePartner || !slices.Equal(pv.Actions, []desk.Action{desk.ActAcceptRoute, desk.ActDeclineRoute}) {
		t.Fatalf("partner view: sides %v actions %v", pv.Sides, pv.Actions)
	}
	if len(pv.History) != 1 || pv.History[0].Action != desk.ActRoute {
		t.Fatalf("partner sees history before its route: %+v", pv.History)
	}
	wantCode(t, e.s.Step(sc, id, service.StepInput{Action: desk.ActAnswer, Note: "Ja"}), domain.CodeConflict)
	ok(t, e.s.Step(sc, id, service.StepInput{Action: desk.ActAcceptRoute}))
	wantCode(t, e.s.Step(sc, id, service.StepInput{Action: desk.ActAnswer}), domain.CodeInvalid) // the answer is required
	ok(t, e.s.Step(sc, id, service.StepInput{Action: desk.ActAnswer, Note: "Cursus start 23 maart, 8 plaatsen."}))
	if !slices.Contains(e.kinds(company), desk.NotifyAnswered) || !slices.Contains(e.kinds(coord), desk.NotifyAnswered) {
		t.Fatal("company or desk not told of the answer")
	}
	// The partner cannot close; the company can.
	wantCode(t, e.s.Step(sc, id, service.StepInput{Action: desk.ActClose, Outcome: desk.OutcomeMatched}), domain.CodeForbidden)
	cv := must(e.s.Get(cc, id))(t)
	if cv.Question.Answer == "" || !cv.May("close") {
		t.Fatalf("company view %+v %v", cv.Question.Question, cv.Actions)
	}
	ok(t, e.s.Step(cc, id, service.StepInput{Action: desk.ActClose, Outcome: desk.OutcomeMatched}))
	closed := must(e.s.Get(kc, id))(t)
	if closed.Question.Status != desk.StatusClosed || closed.Lead.Elapsed < 0 || len(closed.History) != 6 {
		t.Fatalf("closed %+v history %d", closed.Question.Question, len(closed.History))
	}
	// Reopening is the desk's; it goes back to taken, not further.
	wantCode(t, e.s.Step(cc, id, service.StepInput{Action: desk.ActReopen}), domain.CodeForbidden)
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActReopen, Note: "Toch nog drie erbij"}))
	if q := must(e.s.Get(kc, id))(t).Question; q.Status != desk.StatusTaken || q.PartnerID != 0 {
		t.Fatalf("reopened %+v", q.Question)
	}
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActDismiss, Note: "Dubbel"}))

	// The figures count it.
	f := must(e.s.Figures(e.user(a, domain.RoleViewer), time.Time{}, time.Time{}))(t)
	if f.Figures.Questions != 2 || f.Answered != 1 || len(f.Partners) == 0 || f.Partners[0].PartnerID != a.School.ID || f.Partners[0].Answered != 1 ||
		f.PartnerNames[a.School.ID] != a.School.Name {
		t.Fatalf("figures %+v", f)
	}
	if _, err := e.s.Figures(cc, time.Time{}, time.Time{}); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("company sees the figures: %v", err)
	}
}

// TestWhoSeesWhat: a company sees only its own questions, partners only
// what is routed to them, the desk everything of its region, nobody
// anything of another region.
func TestWhoSeesWhat(t *testing.T) {
	e := newEnv(t, service.Options{})
	a, b := e.f.A, e.f.B
	routed := a.Extra["question"] // Company asked, routed to School
	cases := []struct {
		name string
		u    domain.User
		code domain.Code // of Get on the routed question; "" = sees it
	}{
		{"the asking company", a.Users[domain.RoleCompany], ""},
		{"the partner it is routed to", a.Users[domain.RoleSchoolStaff], ""},
		{"the desk", a.Users[domain.RoleCoordinator], ""},
		{"another company", a.CompanyUserOther, domain.CodeForbidden},
		{"another school", a.SchoolStaffOther, domain.CodeForbidden},
		{"a coach of the partner school", a.Users[domain.RoleCoach], domain.CodeForbidden},
		{"a student", a.Users[domain.RoleStudent], domain.CodeForbidden},
		{"a viewer (aggregates only)", a.Users[domain.RoleViewer], domain.CodeForbidden},
		{"an administrator", a.Users[domain.RoleAdmin], domain.CodeForbidden},
		{"the desk of another region", b.Users[domain.RoleCoordinator], domain.CodeNotFound},
		{"the company of another region", b.Users[domain.RoleCompany], domain.CodeNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.Get(e.as(c.u), routed)
			if got := domain.ErrorCode(err); got != c.code {
				t.Fatalf("code %q, want %q (%v)", got, c.code, err)
			}
		})
	}
	// Lists follow the same lines.
	list := func(u domain.User, scope service.Scope) ([]int64, error) {
		rows, _, err := e.s.List(e.as(u), scope, store.QuestionFilter{})
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		return ids, err
	}
	for _, c := range []struct {
		name  string
		u     domain.User
		scope service.Scope
		want  []int64
		code  domain.Code
	}{
		{"company: own", a.Users[domain.RoleCompany], service.ScopeOwn, []int64{routed}, ""},
		{"company: routed to it", a.Users[domain.RoleCompany], service.ScopeRouted, nil, ""},
		{"company: all", a.Users[domain.RoleCompany], service.ScopeAll, nil, domain.CodeForbidden},
		{"partner: routed to it", a.Users[domain.RoleSchoolStaff], service.ScopeRouted, []int64{routed}, ""},
		{"partner: own", a.Users[domain.RoleSchoolStaff], service.ScopeOwn, nil, ""},
		{"other company", a.CompanyUserOther, service.ScopeOwn, nil, ""},
		{"desk: all", a.Users[domain.RoleCoordinator], service.ScopeAll, []int64{routed}, ""},
		{"desk: held", a.Users[domain.RoleCoordinator], service.ScopeOwn, []int64{routed}, ""},
		{"viewer", a.Users[domain.RoleViewer], service.ScopeAll, nil, domain.CodeForbidden},
	} {
		ids, err := list(c.u, c.scope)
		if domain.ErrorCode(err) != c.code || !slices.Equal(ids, c.want) {
			t.Errorf("%s: %v %v, want %v %q", c.name, ids, err, c.want, c.code)
		}
	}
	// Filing for another organisation is the desk's.
	q := training("Voor een ander")
	q.CompanyID = a.OtherCompany.ID
	id := e.file(e.user(a, domain.RoleCompany), q)
	if got := must(e.s.Get(e.user(a, domain.RoleCompany), id))(t).Question.CompanyID; got != a.Company.ID {
		t.Fatalf("company filed for organisation %d", got)
	}
	id = e.file(e.user(a, domain.RoleCoordinator), q)
	if got := must(e.s.Get(e.user(a, domain.RoleCoordinator), id))(t).Question; got.CompanyID != a.OtherCompany.ID {
		t.Fatalf("desk filed for %d", got.CompanyID)
	}
	q.CompanyID = b.Company.ID
	_, err := e.s.File(e.user(a, domain.RoleCoordinator), q)
	wantCode(t, err, domain.CodeInvalid)
	// Schools ask for teacher placements, not for staff to borrow.
	pool := desk.Question{Kind: desk.KindPooling, Title: "Lenen"}
	_, err = e.s.File(e.user(a, domain.RoleSchoolStaff), pool)
	wantCode(t, err, domain.CodeInvalid)
	_, err = e.s.File(e.user(a, domain.RoleStudent), pool)
	wantCode(t, err, domain.CodeForbidden)
}

// TestDecline: a partner that declines must say why, loses sight of the
// question, and the company never learns who declined or why.
func TestDecline(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	kc, other := e.user(a, domain.RoleCoordinator), e.as(a.SchoolStaffOther)
	id := e.file(e.user(a, domain.RoleCompany), training("Lassers bijscholen"))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.OtherSchool.ID}))
	wantCode(t, e.s.Step(other, id, service.StepInput{Action: desk.ActDeclineRoute}), domain.CodeInvalid)
	ok(t, e.s.Step(other, id, service.StepInput{Action: desk.ActDeclineRoute, Note: "Geen docent beschikbaar"}))
	if _, err := e.s.Get(other, id); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("the declining partner still sees it: %v", err)
	}
	if !slices.Contains(e.kinds(a.Users[domain.RoleCoordinator]), desk.NotifyDeclined) {
		t.Fatal("the desk is not told of the decline")
	}
	cv := must(e.s.Get(e.user(a, domain.RoleCompany), id))(t)
	for _, ev := range cv.History {
		if ev.Note == "Geen docent beschikbaar" || ev.PartnerName == a.OtherSchool.Name {
			t.Fatalf("the company sees the decline: %+v", ev)
		}
	}
	// The desk cannot route to it again; the suggestions leave it out.
	wantCode(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.OtherSchool.ID}), domain.CodeConflict)
	for _, s := range must(e.s.Suggestions(kc, id, 0))(t) {
		if s.ProviderID == a.OtherSchool.ID {
			t.Fatal("a declined partner is suggested")
		}
	}
}

// TestComments: internal comments stay at the desk.
func TestComments(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	id := a.Extra["question"]
	kc, cc := e.user(a, domain.RoleCoordinator), e.user(a, domain.RoleCompany)
	ok(t, e.s.Comment(kc, id, "Ze bellen liever", true))
	ok(t, e.s.Comment(cc, id, "Liever in april", false))
	wantCode(t, e.s.Comment(cc, id, "stiekem", true), domain.CodeForbidden)
	wantCode(t, e.s.Comment(cc, id, "   ", false), domain.CodeInvalid)
	wantCode(t, e.s.Comment(e.as(a.CompanyUserOther), id, "hallo", false), domain.CodeForbidden)
	if n := len(must(e.s.Get(kc, id))(t).Comments); n != 2 {
		t.Fatalf("desk sees %d comments", n)
	}
	cs := must(e.s.Get(cc, id))(t).Comments
	if len(cs) != 1 || cs[0].Internal {
		t.Fatalf("company sees %+v", cs)
	}
	if !slices.Contains(e.kinds(a.Users[domain.RoleSchoolStaff]), desk.NotifyComment) {
		t.Fatal("partner not told of the company's comment")
	}
}

// TestMatchedPlacementQuestion: a placement question closed as matched
// gives the company a draft placement.
func TestMatchedPlacementQuestion(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	cc, kc := e.user(a, domain.RoleCompany), e.user(a, domain.RoleCoordinator)
	id := e.file(cc, desk.Question{Kind: desk.KindPlacement, Title: "Stageplek mechatronica", Crebo: "25340", People: 2})
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.School.ID}))
	ok(t, e.s.Step(e.user(a, domain.RoleSchoolStaff), id, service.StepInput{Action: desk.ActAcceptRoute}))
	ok(t, e.s.Step(e.user(a, domain.RoleSchoolStaff), id, service.StepInput{Action: desk.ActAnswer, Note: "Twee studenten melden zich."}))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActClose, Outcome: desk.OutcomeMatched}))
	q := must(e.s.Get(cc, id))(t).Question
	if q.PlacementID == 0 {
		t.Fatal("no draft placement")
	}
	p := must(e.db.Placement(context.Background(), a.Region.ID, q.PlacementID))(t)
	if p.Status != domain.PlacementDraft || p.CompanyID != a.Company.ID || p.Kind != domain.KindInternship || p.Capacity != 2 || p.Title != q.Title {
		t.Fatalf("placement %+v", p)
	}
	if !slices.Contains(e.kinds(a.Users[domain.RoleCompany]), desk.NotifyPlacementDraft) {
		t.Fatal("company not told of the draft")
	}
}

// TestOffers: providers keep their own offers; search speaks the
// companies' words; suggestions see new offers at once.
func TestOffers(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	sc, cc, kc := e.user(a, domain.RoleSchoolStaff), e.user(a, domain.RoleCompany), e.user(a, domain.RoleCoordinator)
	o := desk.Offer{Kind: desk.OfferMasterclass, Title: "Masterclass lastechniek TIG", Skills: []string{"lassen", "tig"}, Field: "metaal",
		Locations: []desk.OfferLocation{{Name: "Enschede", Postcode: "7511 AB"}}, Contact: desk.Contact{Email: "lassen@school.test"}, Active: true}
	id := must(e.s.CreateOffer(sc, o))(t)
	got := must(e.s.Offer(cc, id))(t)
	if got.Offer.ProviderID != a.School.ID || got.CanEdit || got.Offer.Locations[0].Point.IsZero() {
		t.Fatalf("offer %+v can edit %v", got.Offer, got.CanEdit)
	}
	if !must(e.s.Offer(sc, id))(t).CanEdit || !must(e.s.Offer(kc, id))(t).CanEdit {
		t.Fatal("provider or desk cannot edit")
	}
	got.Offer.Title = "Overgenomen"
	wantCode(t, e.s.UpdateOffer(cc, got.Offer), domain.CodeForbidden)
	wantCode(t, e.s.UpdateOffer(e.as(a.SchoolStaffOther), got.Offer), domain.CodeForbidden)
	_, err := e.s.Offer(e.user(e.f.B, domain.RoleSchoolStaff), id)
	wantCode(t, err, domain.CodeNotFound)
	_, _, err = e.s.Offers(e.user(a, domain.RoleStudent), service.OfferQuery{})
	wantCode(t, err, domain.CodeForbidden)
	// A company lends staff; it cannot offer a programme.
	_, err = e.s.CreateOffer(cc, desk.Offer{Kind: desk.OfferProgramme, Title: "x", Contact: desk.Contact{Phone: "1"}, Active: true})
	wantCode(t, err, domain.CodeInvalid)

	for _, c := range []struct {
		text string
		want int64
	}{
		{"lasser", id},                           // stem and synonym of lassen
		{"besturingstechniek", a.Extra["offer"]}, // synonym of plc
		{"Lastechniek voor onze lassers", id},
	} {
		list, _, err := e.s.Offers(cc, service.OfferQuery{Text: c.text})
		ok(t, err)
		if len(list) == 0 || list[0].ID != c.want {
			t.Errorf("search %q: %+v", c.text, list)
		}
	}
	q := training("Onze lassers moeten TIG leren")
	q.Skills = []string{"lassen"}
	qid := e.file(cc, q)
	ok(t, e.s.Step(kc, qid, service.StepInput{Action: desk.ActTake}))
	if s := must(e.s.Suggestions(kc, qid, 3))(t); len(s) == 0 || s[0].OfferID != id {
		t.Fatalf("new offer not suggested first: %+v", s)
	}
	ok(t, e.s.DeleteOffer(sc, id))
	for _, s := range must(e.s.Suggestions(kc, qid, 0))(t) {
		if s.OfferID == id {
			t.Fatal("deleted offer still suggested")
		}
	}
}

// TestBoard: open questions oldest first with their holder and whether
// they are overdue, filtered as the coordinator asks.
func TestBoard(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	cc, kc := e.user(a, domain.RoleCompany), e.user(a, domain.RoleCoordinator)
	e.set(time.Date(2026, 3, 2, 9, 0, 0, 0, amsterdam)) // a Monday
	old := e.file(cc, training("Oud"))
	e.set(time.Date(2026, 3, 4, 10, 0, 0, 0, amsterdam))
	fresh := e.file(cc, training("Vers"))
	b := must(e.s.Board(kc, service.BoardFilter{}))(t)
	var ids []int64
	for _, r := range b.Rows {
		ids = append(ids, r.Question.ID)
	}
	// The fixture's question was filed now (real time, later than 2026-03).
	if len(ids) < 2 || ids[0] != old || ids[1] != fresh || !b.Rows[0].Overdue || b.Rows[1].Overdue || b.Overdue < 1 {
		t.Fatalf("board %v overdue %d rows %+v", ids, b.Overdue, b.Rows[:2])
	}
	if b.Names[a.Users[domain.RoleCoordinator].ID] == "" {
		t.Fatal("holder names missing")
	}
	only := must(e.s.Board(kc, service.BoardFilter{Unheld: true, OverdueOnly: true}))(t)
	if len(only.Rows) != 1 || only.Rows[0].Question.ID != old || only.Open != b.Open {
		t.Fatalf("filtered board %+v", only.Rows)
	}
	_, err := e.s.Board(cc, service.BoardFilter{})
	wantCode(t, err, domain.CodeForbidden)
}

var pageAll = store.Page{Limit: 500}
