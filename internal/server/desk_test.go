package server_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/auth"
	"talentloket/internal/config"
	"talentloket/internal/desk"
	deskservice "talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/mail/mailtest"
	"talentloket/internal/server"
	"talentloket/internal/store"
)

var questionURL = regexp.MustCompile(`^/questions/(\d+)$`)

// TestDeskPages walks the desk through the pages: a company files a
// question (first with mistakes), the coordinator routes it from the
// suggestions, the school accepts and answers, the company closes it and
// the figures count it.
func TestDeskPages(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	company := e.session(a.Users[domain.RoleCompany])
	coord := e.session(a.Users[domain.RoleCoordinator])
	staff := e.session(a.Users[domain.RoleSchoolStaff])

	w := e.do("POST", "/questions", url.Values{"kind": {"training"}, "title": {""}, "crebo": {"123"}, "people": {"veel"},
		"start": {"31-02-2027"}, "sector": {"ruimtevaart"}}, company)
	body := w.Body.String()
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid question: %d", w.Code)
	}
	for _, want := range []string{`href="#f-title"`, "Vul dit veld in.", "Een crebo-code heeft vijf cijfers.", "Vul een datum in als dd-mm-jjjj.",
		`aria-invalid="true"`, `id="e-people"`, `id="e-sector"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form errors lack %q", want)
		}
	}
	w = e.do("POST", "/questions", url.Values{"kind": {"training"}, "title": {"Vijf monteurs moeten PLC leren"},
		"text": {"Siemens S7"}, "skills": {"plc, storingzoeken"}, "people": {"5"}, "sector": {"machinebouw"}}, company)
	loc := w.Result().Header.Get("Location")
	m := questionURL.FindStringSubmatch(loc)
	if w.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("file: %d %q %s", w.Code, loc, w.Body.String())
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	page := e.do("GET", loc, nil, company).Body.String()
	if !strings.Contains(page, "Vijf monteurs moeten PLC leren") || !strings.Contains(page, "Nieuw") || !strings.Contains(page, "Vraag intrekken") {
		t.Fatal("question page lacks the question or the withdraw step")
	}
	// The coordinator sees it on the board, with an unread count in the header.
	board := e.do("GET", "/desk", nil, coord).Body.String()
	if !strings.Contains(board, "/questions/"+m[1]) || !strings.Contains(board, `class="unread"`) {
		t.Fatal("board lacks the question or the unread count")
	}
	if w := e.do("POST", "/questions/"+m[1]+"/steps", url.Values{"action": {"take"}}, coord); w.Code != http.StatusSeeOther {
		t.Fatalf("take: %d %s", w.Code, w.Body.String())
	}
	page = e.do("GET", loc, nil, coord).Body.String()
	if !strings.Contains(page, "Gevraagde vaardigheden: plc") || !strings.Contains(page, `name="route_offer" value="`+itoa(a.Extra["offer"])+`"`) {
		t.Fatalf("suggestions with Dutch reasons missing:\n%s", page)
	}
	en := e.do("GET", loc, nil, coord, "Cookie", "tl_lang=en; "+coord.Name+"="+coord.Value).Body.String()
	if !strings.Contains(en, "Skills asked: plc") {
		t.Fatal("English reasons missing")
	}
	// A failed step shows its message beside the step's own field.
	w = e.do("POST", "/questions/"+m[1]+"/steps", url.Values{"action": {"dismiss"}, "dismiss_note": {""}}, coord)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="e-dismiss_note"`) {
		t.Fatalf("dismiss without reason: %d", w.Code)
	}
	if w := e.do("POST", "/questions/"+m[1]+"/steps", url.Values{"action": {"route"}, "route_offer": {itoa(a.Extra["offer"])}}, coord); w.Code != http.StatusSeeOther {
		t.Fatalf("route: %d %s", w.Code, w.Body.String())
	}
	// The school sees it among the questions routed to it, accepts and answers.
	routed := e.do("GET", "/questions?scope=routed", nil, staff).Body.String()
	if !strings.Contains(routed, "Vijf monteurs moeten PLC leren") {
		t.Fatal("school does not see the routed question")
	}
	if w := e.do("POST", "/questions/"+m[1]+"/steps", url.Values{"action": {"accept_route"}}, staff); w.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d", w.Code)
	}
	if w := e.do("POST", "/questions/"+m[1]+"/steps", url.Values{"action": {"answer"}, "answer_note": {"Cursus start 23 maart."}}, staff); w.Code != http.StatusSeeOther {
		t.Fatalf("answer: %d", w.Code)
	}
	// The company sees the answer and closes.
	page = e.do("GET", loc, nil, company).Body.String()
	if !strings.Contains(page, "Cursus start 23 maart.") {
		t.Fatal("company does not see the answer")
	}
	if w := e.do("POST", "/questions/"+m[1]+"/steps", url.Values{"action": {"close"}, "close_outcome": {"matched"}}, company); w.Code != http.StatusSeeOther {
		t.Fatalf("close: %d", w.Code)
	}
	// Comments: the company's is posted, the desk's internal one stays at the desk.
	e.do("POST", "/questions/"+m[1]+"/comments", url.Values{"text": {"Dank!"}}, company)
	e.do("POST", "/questions/"+m[1]+"/comments", url.Values{"text": {"Intern: goed gegaan"}, "internal": {"on"}}, coord)
	if page := e.do("GET", loc, nil, company).Body.String(); !strings.Contains(page, "Dank!") || strings.Contains(page, "Intern: goed gegaan") {
		t.Fatal("comments shown wrongly to the company")
	}
	// The figures count it, and the CSV opens in Dutch Excel.
	viewer := e.session(a.Users[domain.RoleViewer])
	fig := e.do("GET", "/desk-figures", nil, viewer).Body.String()
	if !strings.Contains(fig, `id="fig-questions">2<`) || !strings.Contains(fig, `id="fig-answered">1<`) { // with the fixture's unanswered one
		t.Fatalf("figures do not count the answer:\n%s", fig)
	}
	w = e.do("GET", "/desk-figures.csv", nil, viewer)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "\uFEFFNummer;") || !strings.Contains(w.Header().Get("Content-Disposition"), ".csv") {
		t.Fatalf("csv: %d %q", w.Code, w.Body.String()[:min(40, w.Body.Len())])
	}
	w = e.do("GET", "/desk-figures.xlsx?from=2026-01-01", nil, viewer)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "PK") {
		t.Fatalf("xlsx: %d", w.Code)
	}
	if w := e.do("GET", "/desk-figures?from=2027-01-01&to=2026-01-01", nil, viewer); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("inverted period: %d", w.Code)
	}
	if q, err := e.db.Question(context.Background(), a.Region.ID, id); err != nil || q.Status != desk.StatusClosed || q.Outcome != desk.OutcomeMatched {
		t.Fatalf("stored %+v %v", q.Question, err)
	}
}

// TestDeskOfferPages: the catalogue's forms and search.
func TestDeskOfferPages(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	staff := e.session(a.Users[domain.RoleSchoolStaff])
	w := e.do("POST", "/offers", url.Values{"kind": {"masterclass"}, "title": {""}, "price": {"veel"}, "starts": {"01-13-2027"},
		"locations": {"Hengelo; 12"}}, staff)
	body := w.Body.String()
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid offer: %d", w.Code)
	}
	for _, want := range []string{`id="e-title"`, `id="e-price"`, `id="e-starts"`, `id="e-locations"`, `id="e-contact_email"`} {
		if !strings.Contains(body, want) {
			t.Errorf("offer form errors lack %s", want)
		}
	}
	w = e.do("POST", "/offers", url.Values{"kind": {"masterclass"}, "title": {"Masterclass warmtepompen"}, "skills": {"warmtepomp, koeltechniek"},
		"price": {"1.450,50"}, "starts": {"01-09-2027, 01-02-2027"}, "locations": {"Hengelo; 7551 AB"}, "contact_email": {"cursus@school.test"},
		"languages": {"nl", "de"}, "active": {"on"}}, staff)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("create offer: %d %s", w.Code, w.Body.String())
	}
	loc := w.Result().Header.Get("Location")
	page := e.do("GET", loc, nil, staff).Body.String()
	for _, want := range []string{"Masterclass warmtepompen", "€ 1.450,50", "01-02-2027, 01-09-2027", "Duits", "/edit"} {
		if !strings.Contains(page, want) {
			t.Errorf("offer page lacks %q", want)
		}
	}
	company := e.session(a.Users[domain.RoleCompany])
	res := e.do("GET", "/offers?q="+url.QueryEscape("warmtepompen installateurs"), nil, company).Body.String()
	if !strings.Contains(res, "Masterclass warmtepompen") || strings.Contains(res, "PLC programmeren") {
		t.Fatal("search by the company's words")
	}
	if w := e.do("GET", loc+"/edit", nil, company); w.Code != http.StatusForbidden {
		t.Fatalf("company edits a school's offer: %d", w.Code)
	}
	edit := e.do("GET", loc+"/edit", nil, staff).Body.String()
	if !strings.Contains(edit, `value="1450.50"`) || !strings.Contains(edit, "Hengelo; 7551 AB") {
		t.Fatal("edit form not filled")
	}
}

// TestDeskNotificationPages: the list, marking read and the mail choice.
func TestDeskNotificationPages(t *testing.T) {
	e := newEnv(t)
	staff := e.session(e.f.A.Users[domain.RoleSchoolStaff])
	page := e.do("GET", "/notifications", nil, staff).Body.String()
	if !strings.Contains(page, "Een vraag is aan jouw organisatie voorgelegd") || !strings.Contains(page, "Meldingen: 1 nieuw") ||
		!strings.Contains(page, "nog geen mailserver") {
		t.Fatalf("notifications page:\n%s", page)
	}
	if w := e.do("POST", "/notifications/mode", url.Values{"mode": {"hourly"}}, staff); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad mode: %d", w.Code)
	}
	if w := e.do("POST", "/notifications/mode", url.Values{"mode": {"digest"}}, staff); w.Code != http.StatusSeeOther {
		t.Fatalf("mode: %d", w.Code)
	}
	if w := e.do("POST", "/notifications/read", url.Values{}, staff); w.Code != http.StatusSeeOther {
		t.Fatalf("read: %d", w.Code)
	}
	page = e.do("GET", "/notifications", nil, staff).Body.String()
	if strings.Contains(page, `class="unread"`) || !strings.Contains(page, `value="digest" checked`) {
		t.Fatal("still unread, or the mode not kept")
	}
}

// TestDeskAPI: the JSON API files, steps and lists with the same rules.
func TestDeskAPI(t *testing.T) {
	e := newEnv(t)
	a := e.f.A
	ctok, ktok, stok := e.token(a.Users[domain.RoleCompany]), e.token(a.Users[domain.RoleCoordinator]), e.token(a.Users[domain.RoleSchoolStaff])
	w := e.doJSON("POST", "/api/v1/questions", `{"kind":"training","title":"","due":"morgen"}`, nil, ctok)
	var ae apiError
	decodeJSON(t, w.Body.String(), &ae)
	if w.Code != 422 || len(ae.Error.Fields) == 0 || ae.Error.Fields[0].Field != "due" {
		t.Fatalf("invalid: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("POST", "/api/v1/questions", `{"kind":"training","title":"Lassers bijscholen","skills":["lassen"]}`, nil, ctok)
	var d struct {
		Question struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"question"`
		Actions []string `json:"actions"`
		History []struct {
			Action string `json:"action"`
		} `json:"history"`
	}
	decodeJSON(t, w.Body.String(), &d)
	if w.Code != 201 || d.Question.Status != "new" || len(d.History) != 1 || d.Actions[0] != "withdraw" {
		t.Fatalf("file: %d %s", w.Code, w.Body.String())
	}
	qid := itoa(d.Question.ID)
	if w := e.doJSON("POST", "/api/v1/questions/"+qid+"/steps", `{"action":"route","partner_id":`+itoa(a.School.ID)+`}`, nil, ktok); w.Code != 409 {
		t.Fatalf("route before take: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("POST", "/api/v1/questions/"+qid+"/steps", `{"action":"take"}`, nil, ktok); w.Code != 200 {
		t.Fatalf("take: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("GET", "/api/v1/questions/"+qid+"/suggestions", "", nil, ktok)
	var sugg struct {
		Items []struct {
			OfferID int64 `json:"offer_id"`
			Reasons []struct {
				Code, Text string
			} `json:"reasons"`
		} `json:"items"`
	}
	decodeJSON(t, w.Body.String(), &sugg)
	if w.Code != 200 {
		t.Fatalf("suggestions: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("POST", "/api/v1/questions/"+qid+"/steps", `{"action":"route","partner_id":`+itoa(a.School.ID)+`}`, nil, ktok); w.Code != 200 {
		t.Fatalf("route: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("POST", "/api/v1/questions/"+qid+"/steps", `{"action":"decline_route","note":"Vol"}`, nil, stok); w.Code != 200 {
		t.Fatalf("decline: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("GET", "/api/v1/questions/"+qid, "", nil, stok); w.Code != 403 {
		t.Fatalf("partner after declining: %d", w.Code)
	}
	w = e.doJSON("GET", "/api/v1/questions?scope=own", "", nil, ctok)
	var list struct {
		Total int `json:"total"`
	}
	decodeJSON(t, w.Body.String(), &list)
	if w.Code != 200 || list.Total != 2 {
		t.Fatalf("own questions: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("GET", "/api/v1/questions?scope=all", "", nil, ctok); w.Code != 403 {
		t.Fatalf("company lists all: %d", w.Code)
	}
	if w := e.doJSON("GET", "/api/v1/questions?status=lost", "", nil, ctok); w.Code != 422 {
		t.Fatalf("bad status: %d", w.Code)
	}
	w = e.doJSON("GET", "/api/v1/desk/board", "", nil, ktok)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"holders"`) {
		t.Fatalf("board: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("GET", "/api/v1/desk/figures?from=2020-01-01", "", nil, e.token(a.Users[domain.RoleViewer]))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"questions":2`) {
		t.Fatalf("figures: %d %s", w.Code, w.Body.String())
	}
	// Offers over the API.
	w = e.doJSON("POST", "/api/v1/offers", `{"kind":"staff_to_lend","title":"Twee onderhoudsmonteurs","skills":["onderhoud"],"contact_phone":"053 123"}`, nil, ctok)
	if w.Code != 201 {
		t.Fatalf("company lends staff: %d %s", w.Code, w.Body.String())
	}
	w = e.doJSON("GET", "/api/v1/offers?q=onderhoudsmonteur", "", nil, stok)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Twee onderhoudsmonteurs") {
		t.Fatalf("offer search: %d %s", w.Code, w.Body.String())
	}
	if w := e.doJSON("PUT", "/api/v1/offers/"+itoa(a.Extra["offer"]), `{"kind":"masterclass","title":"x","contact_phone":"1"}`, nil, ctok); w.Code != 403 {
		t.Fatalf("company edits a school's offer: %d", w.Code)
	}
	w = e.doJSON("GET", "/api/v1/notifications?unread=true", "", nil, stok)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"text":"Een vraag is aan jouw organisatie voorgelegd`) {
		t.Fatalf("notifications: %d %s", w.Code, w.Body.String())
	}
}

// TestDeskMailEndToEnd: the server's background job mails the partner a
// question routed through the pages, through a real SMTP listener the
// test starts; the mail carries the title and a link, nothing else of the
// question.
func TestDeskMailEndToEnd(t *testing.T) {
	srv := mailtest.Start(t)
	base := newEnv(t)
	a := base.f.A
	ap := app.New(base.db, app.Options{Log: quiet, Auth: auth.Config{Params: fast, IdleTimeout: time.Hour, AbsoluteTimeout: 2 * time.Hour},
		Desk: deskservice.Options{Mail: srv.Config(), BaseURL: "https://talentloket.test", MailEvery: 50 * time.Millisecond}})
	cfg := config.Default()
	s, err := server.New(ap, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: base.db, f: base.f, app: ap, srv: s, h: s.Handler()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})

	company, coord := e.session(a.Users[domain.RoleCompany]), e.session(a.Users[domain.RoleCoordinator])
	w := e.do("POST", "/questions", url.Values{"kind": {"training"}, "title": {"Warmtepompmonteurs bijscholen"},
		"text": {"Bel Jan Jansen op 06-12345678"}, "skills": {"warmtepomp"}}, company)
	id := strings.TrimPrefix(w.Result().Header.Get("Location"), "/questions/")
	e.do("POST", "/questions/"+id+"/steps", url.Values{"action": {"take"}}, coord)
	if w := e.do("POST", "/questions/"+id+"/steps", url.Values{"action": {"route"}, "route_partner": {itoa(a.OtherSchool.ID)}}, coord); w.Code != http.StatusSeeOther {
		t.Fatalf("route: %d", w.Code)
	}
	partner := a.SchoolStaffOther.Email
	var got *mailtest.Message
	deadline := time.Now().Add(10 * time.Second)
	for got == nil && time.Now().Before(deadline) {
		for _, m := range srv.Messages() {
			if len(m.To) == 1 && m.To[0] == partner && strings.Contains(m.Subject, "Warmtepompmonteurs bijscholen") {
				got = &m
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got == nil {
		t.Fatalf("no mail for %s; got %d messages", partner, len(srv.Messages()))
	}
	if !strings.Contains(got.Text, "https://talentloket.test/questions/"+id) {
		t.Fatalf("no link in\n%s", got.Text)
	}
	for _, secret := range []string{"Jan Jansen", "06-12345678", a.Company.Name, a.Users[domain.RoleCompany].Email} {
		if strings.Contains(string(got.Data), secret) {
			t.Errorf("mail carries %q", secret)
		}
	}
	// The notification is marked as mailed.
	ns, _, err := e.db.Notifications(context.Background(), a.Region.ID, a.SchoolStaffOther.ID, false, store.Page{Limit: 10})
	if err != nil || len(ns) != 1 || ns[0].Kind != desk.NotifyRoutedPartner {
		t.Fatalf("notifications %+v %v", ns, err)
	}
	for time.Now().Before(deadline) && ns[0].EmailedAt.IsZero() {
		time.Sleep(20 * time.Millisecond)
		ns, _, _ = e.db.Notifications(context.Background(), a.Region.ID, a.SchoolStaffOther.ID, false, store.Page{Limit: 10})
	}
	if ns[0].EmailedAt.IsZero() {
		t.Fatal("not marked as mailed")
	}
}
