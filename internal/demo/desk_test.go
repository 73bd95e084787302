package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/domain"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

// TestDeskDemo: the desk's demo looks alive (every state, a catalogue,
// fresh work on the board), the demo journeys have what they need, and two
// generations with the same seed and today give the same questions.
func TestDeskDemo(t *testing.T) {
	dbs := []*store.DB{storetest.OpenSQLite(t), storetest.OpenSQLite(t)}
	sums := make([]Summary, 2)
	for i, db := range dbs {
		var err error
		if sums[i], err = Generate(ctx, db, testOpt); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.ContainsFunc(sums[0].Parts, func(s string) bool { return strings.HasPrefix(s, "Desk:") }) {
		t.Fatalf("no desk line in the summary: %q", sums[0].Parts)
	}
	for _, slug := range []string{"twente", "noord-veluwe"} {
		t.Run(slug, func(t *testing.T) {
			r := region(t, dbs[0], slug)
			qs, total, err := dbs[0].Questions(ctx, store.QuestionFilter{RegionID: r.ID, All: true})
			if err != nil {
				t.Fatal(err)
			}
			inRange(t, "questions", total, 20, 40)
			states := map[desk.QuestionStatus]int{}
			for _, q := range qs {
				states[q.Status]++
				if !q.CreatedAt.Before(testOpt.Now) || q.CreatedAt.Before(testOpt.Now.AddDate(0, -7, 0)) {
					t.Errorf("question %q filed %v", q.Title, q.CreatedAt)
				}
			}
			for _, s := range desk.QuestionStatuses {
				if states[s] == 0 {
					t.Errorf("no question %s: %v", s, states)
				}
			}
			offers, n, err := dbs[0].Offers(ctx, store.OfferFilter{RegionID: r.ID, All: true})
			if err != nil {
				t.Fatal(err)
			}
			inRange(t, "offers", n, 25, 80)
			kinds := map[desk.OfferKind]bool{}
			for _, o := range offers {
				kinds[o.Kind] = true
			}
			for _, k := range desk.OfferKinds {
				if !kinds[k] {
					t.Errorf("no offer of kind %s", k)
				}
			}
			// The demo company has questions in several states.
			cu, _ := dbs[0].UserByEmail(ctx, accountEmail(domain.RoleCompany, slug))
			mine, _, _ := dbs[0].Questions(ctx, store.QuestionFilter{RegionID: r.ID, CompanyID: cu.OrganisationID, All: true})
			own := map[desk.QuestionStatus]bool{}
			for _, q := range mine {
				own[q.Status] = true
			}
			if len(own) < 4 {
				t.Errorf("demo company's questions in %d states: %v", len(own), own)
			}
			// The demo school has a routed question to accept, and is told.
			su, _ := dbs[0].UserByEmail(ctx, accountEmail(domain.RoleSchoolStaff, slug))
			routed, _, _ := dbs[0].Questions(ctx, store.QuestionFilter{RegionID: r.ID, PartnerID: su.OrganisationID, Statuses: []desk.QuestionStatus{desk.StatusRouted}, All: true})
			waiting := slices.IndexFunc(routed, func(q store.QuestionRow) bool { return !q.RouteAccepted })
			if waiting < 0 {
				t.Fatal("no routed question waits for the demo school")
			}
			if n, _ := dbs[0].UnreadNotifications(ctx, su.ID); n == 0 {
				t.Error("the demo school staff has no unread notification")
			}
			// A company asking for PLC training is offered the demo school's course.
			cat := route.Prepare(offers)
			q := desk.Question{RegionID: r.ID, CompanyID: cu.OrganisationID, Kind: desk.KindTraining, Title: "Monteurs moeten PLC leren", Skills: []string{"plc"}}
			found := false
			for _, s := range cat.Rank(q, testOpt.Now, route.DefaultWeights(), 5) {
				found = found || s.ProviderID == su.OrganisationID
			}
			if !found {
				t.Error("the demo school's PLC course is not among the first suggestions")
			}
			// Deterministic.
			r2 := region(t, dbs[1], slug)
			qs2, _, _ := dbs[1].Questions(ctx, store.QuestionFilter{RegionID: r2.ID, All: true})
			sameRows(t, slug+" questions", questionRows(qs), questionRows(qs2))
		})
	}
}

func questionRows(qs []store.QuestionRow) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", q.Title, q.CompanyName, q.Kind, q.Status, q.Outcome, q.PartnerName, q.HolderName,
			q.CreatedAt.Format(time.RFC3339), q.UpdatedAt.Format(time.RFC3339), q.Answer)
	}
	return out
}
