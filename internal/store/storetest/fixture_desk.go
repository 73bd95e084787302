package storetest

import (
	"testing"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// The desk's part of the fixture, in every region:
//
//   - Extra["offer"]: a tailored PLC course of School;
//   - Extra["question"]: a training question of Company, taken by the
//     coordinator and routed to School's course (not yet accepted), so that
//     Company's contact is its company side and School's staff its partner;
//   - Extra["notification"]: a notification of that route for School's staff.
func init() {
	RegisterFixture(func(tb testing.TB, db *store.DB, r *RegionFixture) {
		tb.Helper()
		start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		price := int64(145000)
		offer := desk.Offer{RegionID: r.Region.ID, ProviderID: r.School.ID, Kind: desk.OfferTailored, Title: "PLC programmeren voor monteurs " + r.Region.Slug,
			Description: "Maatwerkcursus besturingstechniek voor werkenden van 23 jaar en ouder.", Field: "elektrotechniek",
			Skills: []string{"plc", "storingzoeken"}, Locations: []desk.OfferLocation{{Name: r.SchoolLoc.Name, Postcode: r.SchoolLoc.Postcode,
				Point: r.SchoolLoc.Point}}, Starts: []time.Time{start}, Capacity: 8, PriceCents: &price,
			Contact: desk.Contact{Name: "Cursusbureau", Email: "cursus@" + r.Region.Slug + ".test"}, Active: true}
		offerID := must(db.CreateOffer(ctx, offer, r.Users[domain.RoleSchoolStaff].ID))(tb)
		r.Extra["offer"] = offerID

		now := time.Now().UTC().Truncate(time.Second)
		company := r.Users[domain.RoleCompany]
		dq, ev, err := desk.NewQuestion(desk.Question{RegionID: r.Region.ID, CompanyID: r.Company.ID, FiledBy: company.ID,
			Kind: desk.KindTraining, Title: "Vijf monteurs moeten PLC leren " + r.Region.Slug, Text: "Siemens S7, liefst in het voorjaar.",
			Field: "elektrotechniek", Sector: "machinebouw", Skills: []string{"plc"}, Postcode: r.CompanyLoc.Postcode,
			Point: r.CompanyLoc.Point, People: 5}, now.Add(-2*time.Hour))
		if err != nil {
			tb.Fatal(err)
		}
		dq.ID = must(db.CreateQuestion(ctx, dq, ev))(tb)
		coord := r.Users[domain.RoleCoordinator]
		for _, st := range []desk.Step{
			{Action: desk.ActTake, ActorID: coord.ID, Sides: desk.SideDesk},
			{Action: desk.ActRoute, ActorID: coord.ID, Sides: desk.SideDesk, PartnerID: r.School.ID, OfferID: offerID},
		} {
			ev, err := dq.Apply(st, now.Add(-time.Hour))
			if err != nil {
				tb.Fatal(err)
			}
			if err := db.UpdateQuestion(ctx, dq); err != nil {
				tb.Fatal(err)
			}
			if _, err := db.AddQuestionEvent(ctx, ev); err != nil {
				tb.Fatal(err)
			}
		}
		r.Extra["question"] = dq.ID
		staff := r.Users[domain.RoleSchoolStaff]
		if err := db.AddNotifications(ctx, []desk.Notification{{RegionID: r.Region.ID, UserID: staff.ID, Kind: desk.NotifyRoutedPartner,
			QuestionID: dq.ID, Title: dq.Title, CreatedAt: now.Add(-time.Hour)}}); err != nil {
			tb.Fatal(err)
		}
		ns, _, err := db.Notifications(ctx, r.Region.ID, staff.ID, false, store.Page{Limit: 1})
		if err != nil || len(ns) != 1 {
			tb.Fatalf("fixture notification: %v %v", ns, err)
		}
		r.Extra["notification"] = ns[0].ID
	})
}
