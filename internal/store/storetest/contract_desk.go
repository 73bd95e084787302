package storetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/store"
)

func init() {
	Register(
		Suite{"desk offers", testDeskOffers},
		Suite{"desk questions", testDeskQuestions},
		Suite{"desk history and comments", testDeskHistory},
		Suite{"desk notifications", testDeskNotifications},
	)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func testDeskOffers(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A
	price := int64(9900)
	o := desk.Offer{RegionID: a.Region.ID, ProviderID: a.School.ID, Kind: desk.OfferKeuzedeel, Title: "  Keuzedeel Robotica  ",
		Description: "Cobots programmeren in de praktijk.", Crebos: []string{"25340", "25297"}, Field: "Mechatronica", Level: 3,
		Pathway: domain.PathwayBBL, Skills: []string{"Robotica", "cobots"}, Languages: []string{"nl", "en"},
		Locations: []desk.OfferLocation{{Name: "Hengelo", Postcode: "7551ab", Point: domain.Point{Lat: 52.26, Lon: 6.79}}, {Name: "Almelo", Postcode: "7607"}},
		Starts:    []time.Time{day(2027, 9, 1), day(2027, 2, 1), day(2027, 2, 1)}, Period: domain.Period{Start: day(2027, 1, 1), End: day(2027, 12, 31)},
		Capacity: 12, PriceCents: &price, Contact: desk.Contact{Name: "Loket", Email: "Loket@School.test", Phone: "053 123 4567"}, Active: true}
	stamp0, err := db.OffersStamp(ctx, a.Region.ID)
	noErr(t, err)
	id, err := db.CreateOffer(ctx, o, a.Users[domain.RoleSchoolStaff].ID)
	noErr(t, err)
	got, err := db.Offer(ctx, a.Region.ID, id)
	noErr(t, err)
	if got.Title != "Keuzedeel Robotica" || got.Field != "mechatronica" || got.ProviderName != a.School.Name || !got.Active ||
		!reflect.DeepEqual(got.Crebos, []string{"25297", "25340"}) || !reflect.DeepEqual(got.Starts, []time.Time{day(2027, 2, 1), day(2027, 9, 1)}) ||
		len(got.Locations) != 2 || got.Locations[0].Postcode != "7551 AB" || got.Locations[1].Name != "Almelo" ||
		got.Locations[0].Point.Lat != 52.26 || got.PriceCents == nil || *got.PriceCents != 9900 || got.Contact.Email != "loket@school.test" ||
		!got.Period.End.Equal(day(2027, 12, 31)) || got.Level != 3 || got.Pathway != domain.PathwayBBL ||
		!reflect.DeepEqual(got.Languages, []string{"nl", "en"}) || got.CreatedAt.IsZero() {
		t.Fatalf("offer %+v", got)
	}
	stamp1, err := db.OffersStamp(ctx, a.Region.ID)
	noErr(t, err)
	if stamp1 == stamp0 {
		t.Fatal("stamp did not change on create")
	}
	// Another region's id is not found; a provider of another region is invalid.
	_, err = db.Offer(ctx, f.B.Region.ID, id)
	wantCode(t, err, domain.CodeNotFound)
	bad := o
	bad.ProviderID = f.B.School.ID
	_, err = db.CreateOffer(ctx, bad, 0)
	wantCode(t, err, domain.CodeInvalid)
	bad = o
	bad.Kind = desk.OfferStaffToLend // a school cannot lend staff
	bad.Title = ""
	_, err = db.CreateOffer(ctx, bad, 0)
	var fields []string
	if ve, ok := err.(*domain.ValidationError); ok {
		for _, fe := range ve.Fields {
			fields = append(fields, fe.Field)
		}
	}
	if !slices.Contains(fields, "kind") || !slices.Contains(fields, "title") {
		t.Fatalf("invalid offer: %v", err)
	}

	// Update: children replaced, price removed.
	got.Title, got.Crebos, got.Starts, got.Locations, got.PriceCents, got.Active = "Keuzedeel Robotica 2", []string{"25340"}, nil, nil, nil, false
	noErr(t, db.UpdateOffer(ctx, got))
	upd, err := db.Offer(ctx, a.Region.ID, id)
	noErr(t, err)
	if upd.Title != "Keuzedeel Robotica 2" || len(upd.Crebos) != 1 || len(upd.Starts) != 0 || len(upd.Locations) != 0 || upd.PriceCents != nil || upd.Active {
		t.Fatalf("updated offer %+v", upd)
	}
	other := got
	other.RegionID = f.B.Region.ID
	other.ProviderID = f.B.School.ID
	wantCode(t, db.UpdateOffer(ctx, other), domain.CodeNotFound)

	// Lists: by provider, kind, active, words (all must match).
	list, total, err := db.Offers(ctx, store.OfferFilter{RegionID: a.Region.ID, Page: store.Page{Limit: 10}})
	noErr(t, err)
	if total != 2 || len(list) != 2 || list[0].ID != id || len(list[1].Skills) == 0 {
		t.Fatalf("offers %d %+v", total, list)
	}
	list, total, err = db.Offers(ctx, store.OfferFilter{RegionID: a.Region.ID, ActiveOnly: true, All: true})
	noErr(t, err)
	if total != 1 || list[0].ID != f.A.Extra["offer"] || len(list[0].Starts) != 1 || len(list[0].Locations) != 1 {
		t.Fatalf("active offers %+v", list)
	}
	for _, c := range []struct {
		f    store.OfferFilter
		want int
	}{
		{store.OfferFilter{Words: []string{"robot"}}, 1},
		{store.OfferFilter{Words: []string{"plc", "storingzoeken"}}, 1},
		{store.OfferFilter{Words: []string{"plc", "robot"}}, 0},
		{store.OfferFilter{Words: []string{"25297"}}, 0},
		{store.OfferFilter{Words: []string{"2534"}}, 1},
		{store.OfferFilter{Words: []string{"school alpha"}}, 2},
		{store.OfferFilter{Words: []string{"50%"}}, 0},
		{store.OfferFilter{Kinds: []desk.OfferKind{desk.OfferTailored, desk.OfferMasterclass}}, 1},
		{store.OfferFilter{ProviderID: a.OtherSchool.ID}, 0},
	} {
		c.f.RegionID = a.Region.ID
		_, n, err := db.Offers(ctx, c.f)
		noErr(t, err)
		if n != c.want {
			t.Errorf("filter %+v: %d, want %d", c.f, n, c.want)
		}
	}
	wantCode(t, db.DeleteOffer(ctx, a.Region.ID, a.OtherSchool.ID, id), domain.CodeNotFound)
	noErr(t, db.DeleteOffer(ctx, a.Region.ID, a.School.ID, id))
	_, err = db.Offer(ctx, a.Region.ID, id)
	wantCode(t, err, domain.CodeNotFound)
	stamp2, err := db.OffersStamp(ctx, a.Region.ID)
	noErr(t, err)
	if stamp2 == stamp1 {
		t.Fatal("stamp did not change on delete")
	}
}

// newQuestion files a question of the fixture's company in region r.
func newQuestion(t *testing.T, db *store.DB, r RegionFixture, kind desk.QuestionKind, title string, at time.Time) desk.Question {
	t.Helper()
	q, ev, err := desk.NewQuestion(desk.Question{RegionID: r.Region.ID, CompanyID: r.Company.ID, FiledBy: r.Users[domain.RoleCompany].ID,
		Kind: kind, Title: title, Text: "Graag snel.", Crebo: "25340", Field: "Mechatronica", Sector: "metaal",
		Skills: []string{"lassen", "TIG"}, Postcode: "7511 ab", Point: domain.Point{Lat: 52.22, Lon: 6.89},
		Period: domain.Period{Start: day(2027, 3, 1), End: day(2027, 6, 30)}, People: 3, Language: "de", Due: at.AddDate(0, 0, 14)}, at)
	if err != nil {
		t.Fatal(err)
	}
	q.ID, err = db.CreateQuestion(ctx, q, ev)
	noErr(t, err)
	return q
}

func step(t *testing.T, db *store.DB, q *desk.Question, st desk.Step, at time.Time) {
	t.Helper()
	ev, err := q.Apply(st, at)
	noErr(t, err)
	noErr(t, db.InTx(ctx, func(tx *store.Queries) error {
		if err := tx.LockQuestion(ctx, q.RegionID, q.ID); err != nil {
			return err
		}
		if err := tx.UpdateQuestion(ctx, *q); err != nil {
			return err
		}
		_, err := tx.AddQuestionEvent(ctx, ev)
		return err
	}))
}

func testDeskQuestions(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A
	t0 := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC) // before the fixture's question
	q := newQuestion(t, db, a, desk.KindTraining, "Lassers bijscholen", t0)
	got, err := db.Question(ctx, a.Region.ID, q.ID)
	noErr(t, err)
	g := got.Question
	if g.Title != "Lassers bijscholen" || g.Status != desk.StatusNew || g.CompanyName != a.Company.Name || g.Postcode != "7511 AB" ||
		g.Field != "mechatronica" || !reflect.DeepEqual(g.Skills, []string{"lassen", "tig"}) || g.Language != "de" || g.People != 3 ||
		!g.Due.Equal(day(2025, 11, 17)) || !g.Period.Start.Equal(day(2027, 3, 1)) || !g.CreatedAt.Equal(t0) || g.Point.Lon != 6.89 ||
		g.HolderID != 0 || g.FiledBy != a.Users[domain.RoleCompany].ID || g.Text != "Graag snel." || g.Sector != "metaal" {
		t.Fatalf("question %+v", g)
	}
	_, err = db.Question(ctx, f.B.Region.ID, q.ID)
	wantCode(t, err, domain.CodeNotFound)
	wantCode(t, db.LockQuestion(ctx, f.B.Region.ID, q.ID), domain.CodeNotFound)

	// A question of another region's company is refused.
	bad, ev, err := desk.NewQuestion(desk.Question{RegionID: a.Region.ID, CompanyID: f.B.Company.ID, FiledBy: 1, Kind: desk.KindOther,
		Title: "x", Text: "y"}, t0)
	noErr(t, err)
	_, err = db.CreateQuestion(ctx, bad, ev)
	wantCode(t, err, domain.CodeInvalid)

	// Steps are stored: take, route (with an offer), decline, route, accept, answer, close.
	coord := a.Users[domain.RoleCoordinator].ID
	step(t, db, &q, desk.Step{Action: desk.ActTake, ActorID: coord, Sides: desk.SideDesk}, t0.Add(time.Hour))
	step(t, db, &q, desk.Step{Action: desk.ActRoute, ActorID: coord, Sides: desk.SideDesk, PartnerID: a.OtherSchool.ID}, t0.Add(2*time.Hour))
	step(t, db, &q, desk.Step{Action: desk.ActDeclineRoute, ActorID: a.SchoolStaffOther.ID, Sides: desk.SidePartner, Note: "Vol"}, t0.Add(3*time.Hour))
	step(t, db, &q, desk.Step{Action: desk.ActRoute, ActorID: coord, Sides: desk.SideDesk, PartnerID: a.School.ID, OfferID: a.Extra["offer"]}, t0.Add(4*time.Hour))
	routed, err := db.Question(ctx, a.Region.ID, q.ID)
	noErr(t, err)
	if routed.Status != desk.StatusRouted || routed.PartnerID != a.School.ID || routed.PartnerName != a.School.Name || routed.HolderName == "" ||
		routed.OfferTitle == "" || routed.OfferID != a.Extra["offer"] || routed.RouteAccepted || !reflect.DeepEqual(routed.DeclinedPartners, []int64{a.OtherSchool.ID}) ||
		!routed.TakenAt.Equal(t0.Add(time.Hour)) || !routed.RoutedAt.Equal(t0.Add(4*time.Hour)) {
		t.Fatalf("routed %+v", routed)
	}
	// A route to another region's organisation is not stored.
	wrong := routed.Question
	wrong.PartnerID = f.B.School.ID
	wantCode(t, db.UpdateQuestion(ctx, wrong), domain.CodeNotFound)

	step(t, db, &q, desk.Step{Action: desk.ActAcceptRoute, ActorID: a.Users[domain.RoleSchoolStaff].ID, Sides: desk.SidePartner}, t0.Add(5*time.Hour))
	step(t, db, &q, desk.Step{Action: desk.ActAnswer, ActorID: a.Users[domain.RoleSchoolStaff].ID, Sides: desk.SidePartner, Note: "Start 1 maart"}, t0.Add(6*time.Hour))
	step(t, db, &q, desk.Step{Action: desk.ActClose, ActorID: coord, Sides: desk.SideDesk, Outcome: desk.OutcomeMatched}, t0.Add(7*time.Hour))
	closed, err := db.Question(ctx, a.Region.ID, q.ID)
	noErr(t, err)
	if closed.Status != desk.StatusClosed || closed.Outcome != desk.OutcomeMatched || closed.Answer != "Start 1 maart" || !closed.RouteAccepted ||
		!closed.ClosedAt.Equal(t0.Add(7*time.Hour)) || !closed.AnsweredAt.Equal(t0.Add(6*time.Hour)) {
		t.Fatalf("closed %+v", closed)
	}
	noErr(t, db.SetQuestionPlacement(ctx, a.Region.ID, q.ID, a.Placement.ID))
	withPl, err := db.Question(ctx, a.Region.ID, q.ID)
	noErr(t, err)
	if withPl.PlacementID != a.Placement.ID {
		t.Fatalf("placement %d", withPl.PlacementID)
	}
	wantCode(t, db.SetQuestionPlacement(ctx, f.B.Region.ID, q.ID, 0), domain.CodeNotFound)

	// Lists.
	q2 := newQuestion(t, db, a, desk.KindPooling, "Monteur lenen", t0.AddDate(0, 1, 0))
	newQuestion(t, db, f.B, desk.KindPooling, "Monteur lenen beta", t0)
	for _, c := range []struct {
		name string
		f    store.QuestionFilter
		want []int64
	}{
		{"region, newest first", store.QuestionFilter{}, []int64{a.Extra["question"], q2.ID, q.ID}},
		{"company", store.QuestionFilter{CompanyID: a.OtherCompany.ID}, nil},
		{"partner", store.QuestionFilter{PartnerID: a.School.ID}, []int64{a.Extra["question"], q.ID}},
		{"party", store.QuestionFilter{Party: a.School.ID}, []int64{a.Extra["question"], q.ID}},
		{"statuses", store.QuestionFilter{Statuses: []desk.QuestionStatus{desk.StatusNew, desk.StatusRouted}}, []int64{a.Extra["question"], q2.ID}},
		{"kinds", store.QuestionFilter{Kinds: []desk.QuestionKind{desk.KindPooling}}, []int64{q2.ID}},
		{"holder", store.QuestionFilter{HolderID: coord}, []int64{a.Extra["question"], q.ID}},
		{"sector", store.QuestionFilter{Sector: "metaal"}, []int64{q2.ID, q.ID}},
		{"text", store.QuestionFilter{Text: "LENEN"}, []int64{q2.ID}},
		{"from", store.QuestionFilter{From: t0.AddDate(0, 0, 1), To: t0.AddDate(0, 2, 0)}, []int64{q2.ID}},
	} {
		c.f.RegionID = a.Region.ID
		c.f.Page = store.Page{Limit: 10}
		list, total, err := db.Questions(ctx, c.f)
		noErr(t, err)
		var ids []int64
		for _, r := range list {
			ids = append(ids, r.ID)
		}
		if !reflect.DeepEqual(ids, c.want) || total != len(c.want) {
			t.Errorf("%s: %v (%d), want %v", c.name, ids, total, c.want)
		}
	}
	lite, total, err := db.Questions(ctx, store.QuestionFilter{RegionID: a.Region.ID, All: true, Lite: true})
	noErr(t, err)
	if total != 3 || lite[2].Text != "" || lite[2].Answer != "" || lite[2].Title == "" || lite[2].CompanyName == "" || lite[2].Outcome != desk.OutcomeMatched {
		t.Fatalf("lite %d %+v", total, lite[2])
	}
	facts, err := db.QuestionFacts(ctx, a.Region.ID, time.Time{}, time.Time{})
	noErr(t, err)
	if len(facts) != 3 || facts[0].ID != a.Extra["question"] || facts[1].ID != q.ID || facts[1].Outcome != desk.OutcomeMatched ||
		facts[1].PartnerID != a.School.ID || !reflect.DeepEqual(facts[1].DeclinedPartners, []int64{a.OtherSchool.ID}) ||
		!facts[1].ClosedAt.Equal(t0.Add(7*time.Hour)) || facts[1].Sector != "metaal" || facts[1].Text != "" {
		t.Fatalf("facts %+v", facts)
	}
	if facts, _ := db.QuestionFacts(ctx, a.Region.ID, t0.AddDate(0, 0, 1), t0.AddDate(0, 2, 0)); len(facts) != 1 || facts[0].ID != q2.ID {
		t.Fatalf("facts in a period %+v", facts)
	}
	stamp, err := db.QuestionsStamp(ctx, a.Region.ID)
	noErr(t, err)
	step(t, db, &q2, desk.Step{Action: desk.ActTake, ActorID: coord, Sides: desk.SideDesk}, time.Now().Add(time.Hour))
	if again, _ := db.QuestionsStamp(ctx, a.Region.ID); again == stamp {
		t.Fatal("questions stamp did not change with a step")
	}
	counts, err := db.CountQuestions(ctx, a.Region.ID)
	noErr(t, err)
	if len(counts) != 3 {
		t.Fatalf("counts %+v", counts)
	}
	sector, err := db.LastSector(ctx, a.Region.ID, a.Company.ID)
	noErr(t, err)
	if sector != "machinebouw" { // the fixture's question is the latest
		t.Fatalf("last sector %q", sector)
	}
	sector, err = db.LastSector(ctx, a.Region.ID, a.OtherCompany.ID)
	if err != nil || sector != "" {
		t.Fatalf("no sector: %q %v", sector, err)
	}
}

func testDeskHistory(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A
	id := a.Extra["question"]
	evs, err := db.QuestionEvents(ctx, a.Region.ID, id)
	noErr(t, err)
	if len(evs) != 3 || evs[0].Action != desk.ActFile || evs[0].Side != desk.SideCompany || evs[0].ActorName == "" ||
		evs[1].Action != desk.ActTake || evs[1].HolderName == "" || evs[2].Action != desk.ActRoute || evs[2].PartnerName != a.School.Name ||
		evs[2].OfferTitle == "" || evs[2].From != desk.StatusTaken || evs[2].To != desk.StatusRouted || evs[2].Side != desk.SideDesk {
		t.Fatalf("events %+v", evs)
	}
	if other, err := db.QuestionEvents(ctx, f.B.Region.ID, id); err != nil || len(other) != 0 {
		t.Fatalf("other region's history: %v %v", other, err)
	}
	pcs, err := db.PartnerCounts(ctx, a.Region.ID, time.Time{}, time.Time{})
	noErr(t, err)
	if len(pcs) != 1 || pcs[0] != (desk.PartnerCount{PartnerID: a.School.ID, Routed: 1}) {
		t.Fatalf("partner counts %+v", pcs)
	}
	pcs, err = db.PartnerCounts(ctx, a.Region.ID, time.Now().Add(time.Hour), time.Time{})
	noErr(t, err)
	if len(pcs) != 0 {
		t.Fatalf("partner counts after now %+v", pcs)
	}
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	_, err = db.AddQuestionComment(ctx, desk.Comment{QuestionID: id, AuthorID: a.Users[domain.RoleCoordinator].ID, Side: desk.SideDesk, Internal: true, Text: "Bel ze even", At: at})
	noErr(t, err)
	_, err = db.AddQuestionComment(ctx, desk.Comment{QuestionID: id, AuthorID: a.Users[domain.RoleCompany].ID, Side: desk.SideCompany, Text: "Liever in april", At: at.Add(time.Minute)})
	noErr(t, err)
	cs, err := db.QuestionComments(ctx, a.Region.ID, id)
	noErr(t, err)
	if len(cs) != 2 || !cs[0].Internal || cs[0].Side != desk.SideDesk || cs[1].AuthorName == "" || cs[1].Text != "Liever in april" || !cs[1].At.Equal(at.Add(time.Minute)) {
		t.Fatalf("comments %+v", cs)
	}
	if other, err := db.QuestionComments(ctx, f.B.Region.ID, id); err != nil || len(other) != 0 {
		t.Fatalf("other region's comments: %v %v", other, err)
	}
}

func testDeskNotifications(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A
	staff := a.Users[domain.RoleSchoolStaff]
	comp := a.Users[domain.RoleCompany]
	at := time.Now().UTC().Truncate(time.Second)
	noErr(t, db.AddNotifications(ctx, []desk.Notification{
		{RegionID: a.Region.ID, UserID: comp.ID, Kind: desk.NotifyRoutedCompany, QuestionID: a.Extra["question"], Title: "Vraag", CreatedAt: at},
		{RegionID: a.Region.ID, UserID: comp.ID, Kind: desk.NotifyTaken, QuestionID: a.Extra["question"], Title: "Vraag", CreatedAt: at.Add(time.Second)},
	}))
	wantCode(t, db.AddNotifications(ctx, []desk.Notification{{RegionID: a.Region.ID, UserID: f.B.Users[domain.RoleCompany].ID, Kind: desk.NotifyTaken}}), domain.CodeNotFound)
	wantCode(t, db.AddNotifications(ctx, []desk.Notification{{RegionID: a.Region.ID, UserID: comp.ID, Kind: "nonsense"}}), domain.CodeInvalid)
	n, err := db.UnreadNotifications(ctx, comp.ID)
	noErr(t, err)
	if n != 2 {
		t.Fatalf("unread %d", n)
	}
	list, total, err := db.Notifications(ctx, a.Region.ID, comp.ID, false, store.Page{Limit: 10})
	noErr(t, err)
	if total != 2 || list[0].Kind != desk.NotifyTaken || list[0].QuestionID != a.Extra["question"] || !list[0].Unread() {
		t.Fatalf("notifications %+v", list)
	}
	if _, total, _ := db.Notifications(ctx, f.B.Region.ID, comp.ID, false, store.Page{}); total != 0 {
		t.Fatal("notifications seen from another region")
	}
	changed, err := db.MarkNotificationsRead(ctx, a.Region.ID, comp.ID, []int64{list[0].ID}, at)
	noErr(t, err)
	if changed != 1 {
		t.Fatalf("marked %d", changed)
	}
	// Another user's notification is not marked.
	changed, err = db.MarkNotificationsRead(ctx, a.Region.ID, comp.ID, []int64{a.Extra["notification"]}, at)
	noErr(t, err)
	if changed != 0 {
		t.Fatal("marked another user's notification")
	}
	noErr(t, db.MarkQuestionRead(ctx, comp.ID, a.Extra["question"], at))
	if n, _ := db.UnreadNotifications(ctx, comp.ID); n != 0 {
		t.Fatalf("unread after opening the question: %d", n)
	}
	_, unread, err := db.Notifications(ctx, a.Region.ID, staff.ID, true, store.Page{})
	noErr(t, err)
	if unread != 1 {
		t.Fatalf("staff unread %d", unread)
	}

	// Modes and pending mail.
	mode, last, err := db.NotificationMode(ctx, staff.ID)
	noErr(t, err)
	if mode != store.DefaultMailMode || !last.IsZero() {
		t.Fatalf("default mode %q %v", mode, last)
	}
	since := at.Add(-24 * time.Hour)
	pend, err := db.PendingMails(ctx, "immediate", since, 100)
	noErr(t, err)
	if len(pend) != 4 { // the fixture's notification in each region, and the two above
		t.Fatalf("pending %d %+v", len(pend), pend)
	}
	noErr(t, db.SetNotificationMode(ctx, comp.ID, "digest"))
	noErr(t, db.SetNotificationMode(ctx, comp.ID, "digest"))
	wantCode(t, db.SetNotificationMode(ctx, comp.ID, "hourly"), domain.CodeInvalid)
	pend, err = db.PendingMails(ctx, "immediate", since, 100)
	noErr(t, err)
	if len(pend) != 2 {
		t.Fatalf("pending immediate after digest choice %d", len(pend))
	}
	dig, err := db.PendingMails(ctx, "digest", since, 100)
	noErr(t, err)
	if len(dig) != 2 || dig[0].Email != comp.Email || dig[0].Mode != "digest" || dig[0].Kind != desk.NotifyRoutedCompany {
		t.Fatalf("digest pending %+v", dig)
	}
	noErr(t, db.MarkEmailed(ctx, []int64{dig[0].ID, dig[1].ID}, at))
	noErr(t, db.SetDigestSent(ctx, comp.ID, at))
	if dig, _ := db.PendingMails(ctx, "digest", since, 100); len(dig) != 0 {
		t.Fatalf("mailed notifications still pending: %+v", dig)
	}
	mode, last, err = db.NotificationMode(ctx, comp.ID)
	noErr(t, err)
	if mode != "digest" || !last.Equal(at) {
		t.Fatalf("mode %q %v", mode, last)
	}
	if p, _ := db.PendingMails(ctx, "immediate", at.Add(time.Hour), 100); len(p) != 0 {
		t.Fatal("old notifications are not mailed")
	}
	noErr(t, db.SetNotificationMode(ctx, staff.ID, "off"))
	if p, _ := db.PendingMails(ctx, "immediate", since, 100); len(p) != 1 || p[0].RegionID != f.B.Region.ID {
		t.Fatalf("pending with mail off: %+v", p)
	}
	// A region's history can be marked as mailed at once.
	if n, err := db.MarkRegionEmailed(ctx, f.B.Region.ID, at); err != nil || n != 1 {
		t.Fatalf("mark region emailed: %d %v", n, err)
	}
	if p, _ := db.PendingMails(ctx, "immediate", since, 100); len(p) != 0 {
		t.Fatalf("pending after marking the region: %+v", p)
	}
	// Disabled users get no mail.
	other := f.B.Users[domain.RoleCompany]
	noErr(t, db.AddNotifications(ctx, []desk.Notification{{RegionID: f.B.Region.ID, UserID: other.ID, Kind: desk.NotifyTaken, CreatedAt: at}}))
	if p, _ := db.PendingMails(ctx, "immediate", since, 100); len(p) != 1 {
		t.Fatalf("pending for an enabled user: %+v", p)
	}
	noErr(t, db.SetUserDisabled(ctx, other.ID, true))
	if p, _ := db.PendingMails(ctx, "immediate", since, 100); len(p) != 0 {
		t.Fatalf("pending for a disabled user: %+v", p)
	}
}
