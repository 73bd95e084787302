package storetest

import (
	"reflect"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

func init() {
	Register(
		Suite{"match weights", testMatchWeights},
		Suite{"rounds", testRounds},
		Suite{"matching reads", testMatchingReads},
	)
}

func testMatchWeights(t *testing.T, db *store.DB, f *Fixture) {
	_, ok, err := db.RegionWeights(ctx, f.A.Region.ID)
	noErr(t, err)
	if ok {
		t.Fatal("weights before any were stored")
	}
	w := domain.FitWeights{Qualification: 30, Level: 10, Distance: 25, Period: 10, Skills: 15, Languages: 5, Wishes: 5,
		DossierCredit: 0.6, DomainCredit: 0.3, OpenCredit: 0.5, MissingLanguageFactor: 0.5, DefaultMaxDistanceKm: 40}
	noErr(t, db.SetRegionWeights(ctx, f.A.Region.ID, w, f.A.Users[domain.RoleCoordinator].ID))
	w.Distance = 35
	noErr(t, db.SetRegionWeights(ctx, f.A.Region.ID, w, f.A.Users[domain.RoleCoordinator].ID))
	got, ok, err := db.RegionWeights(ctx, f.A.Region.ID)
	noErr(t, err)
	if !ok || got != w {
		t.Fatalf("weights %+v, want %+v", got, w)
	}
	if _, ok, _ := db.RegionWeights(ctx, f.B.Region.ID); ok {
		t.Fatal("the other region got weights")
	}
	bad := w
	bad.OpenCredit, bad.Skills = 2, -1
	err = db.SetRegionWeights(ctx, f.A.Region.ID, bad, 0)
	wantCode(t, err, domain.CodeInvalid)
}

func testRounds(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A
	r := domain.Round{RegionID: a.Region.ID, Name: "  Stages 2027  ", Seed: 42, CreatedBy: a.Users[domain.RoleCoordinator].ID,
		Params: domain.RoundParams{Stage: domain.StageMBO, Kinds: []domain.PlacementKind{domain.KindInternship}}}
	id, err := db.CreateRound(ctx, r)
	noErr(t, err)
	got, err := db.Round(ctx, a.Region.ID, id)
	noErr(t, err)
	if got.Name != "Stages 2027" || got.Status != domain.RoundDraft || got.Seed != 42 || got.Params.ListLength != 10 ||
		got.Params.PlacementRanking != domain.RankByFit || !reflect.DeepEqual(got.Params.Statuses, []domain.StudentStatus{domain.StudentLooking}) ||
		got.CreatedByName == "" || got.CreatedAt.IsZero() {
		t.Fatalf("round %+v", got)
	}
	_, err = db.Round(ctx, f.B.Region.ID, id)
	wantCode(t, err, domain.CodeNotFound)
	_, err = db.CreateRound(ctx, domain.Round{RegionID: a.Region.ID, Seed: -1, Params: domain.RoundParams{ListLength: 99}})
	wantCode(t, err, domain.CodeInvalid)

	list, total, err := db.Rounds(ctx, a.Region.ID, store.Page{})
	noErr(t, err)
	if total != 2 || len(list) != 2 || list[0].ID != id || list[1].ID != a.Extra["round"] {
		t.Fatalf("rounds %d %+v", total, list)
	}
	if list, _, _ := db.Rounds(ctx, f.B.Region.ID, store.Page{}); len(list) != 1 || list[0].ID != f.B.Extra["round"] {
		t.Fatal("the other region lists the round")
	}

	// Status transitions are conditional.
	wantCode(t, db.SetRoundStatus(ctx, a.Region.ID, id, []domain.RoundStatus{domain.RoundRunning}, domain.RoundDone, ""), domain.CodeConflict)
	wantCode(t, db.SetRoundStatus(ctx, f.B.Region.ID, id, nil, domain.RoundQueued, ""), domain.CodeNotFound)
	noErr(t, db.SetRoundStatus(ctx, a.Region.ID, id, []domain.RoundStatus{domain.RoundDraft}, domain.RoundQueued, ""))
	wantCode(t, db.SaveRoundResult(ctx, a.Region.ID, id, domain.RoundStats{}, nil, nil, 0, time.Now()), domain.CodeConflict)
	noErr(t, db.SetRoundStatus(ctx, a.Region.ID, id, []domain.RoundStatus{domain.RoundQueued}, domain.RoundRunning, ""))
	noErr(t, db.SetRoundProgress(ctx, a.Region.ID, id, domain.RoundProgress{Phase: "propose", Done: 5, Total: 10}))
	old, err := db.RoundsInStatus(ctx, time.Now().Add(time.Hour), domain.RoundRunning)
	noErr(t, err)
	if len(old) != 1 || old[0].Progress.Percent() != 50 {
		t.Fatalf("running rounds %+v", old)
	}

	stats := domain.RoundStats{Students: 2, Placements: 2, Capacity: 4, Assigned: 1, Unassigned: 1, Entries: 3,
		RankDistribution: []int{1}, UnplacedReasons: map[string]int{"all_full": 1}, Weights: domain.FitWeights{Distance: 20}}
	students := []domain.RoundStudent{
		{StudentID: a.Student.ID, PlacementID: a.Placement.ID, Rank: 1, Score: 81.5, ListLength: 2, Fingerprint: "s1"},
		{StudentID: a.OtherStudent.ID, ListLength: 1, Reason: "all_full", Detail: "too_far", Fingerprint: "s2"},
	}
	placements := []domain.RoundPlacement{
		{PlacementID: a.Placement.ID, Capacity: 2, Filled: 1, Fingerprint: "p1"},
		{PlacementID: a.OtherPlacement.ID, Capacity: 2, Filled: 0, Fingerprint: "p2"},
	}
	ranAt := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	noErr(t, db.InTx(ctx, func(q *store.Queries) error {
		return q.SaveRoundResult(ctx, a.Region.ID, id, stats, students, placements, a.Users[domain.RoleCoordinator].ID, ranAt)
	}))
	got, _ = db.Round(ctx, a.Region.ID, id)
	if got.Status != domain.RoundDone || !got.RanAt.Equal(ranAt) || !reflect.DeepEqual(got.Stats, stats) {
		t.Fatalf("after save %+v", got)
	}
	rs, total, err := db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: a.Region.ID, RoundID: id})
	noErr(t, err)
	if total != 2 || rs[0].PlacementID != a.Placement.ID || rs[0].PlacementTitle == "" || rs[0].CompanyName != "Bedrijf alpha" ||
		rs[0].StudentName != a.Student.Name || rs[1].PlacementID != 0 || rs[1].Reason != "all_full" || rs[1].Detail != "too_far" {
		t.Fatalf("round students %+v", rs)
	}
	if _, n, _ := db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: a.Region.ID, RoundID: id, Placed: "unplaced"}); n != 1 {
		t.Fatalf("unplaced %d", n)
	}
	if _, n, _ := db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: a.Region.ID, RoundID: id, SchoolID: a.School.ID}); n != 1 {
		t.Fatalf("of the school %d", n)
	}
	if _, n, _ := db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: f.B.Region.ID, RoundID: id}); n != 0 {
		t.Fatal("the other region reads the result")
	}
	rp, err := db.RoundPlacements(ctx, a.Region.ID, id)
	noErr(t, err)
	if len(rp) != 2 || rp[0].CompanyName == "" || rp[0].Remaining()+rp[1].Remaining() != 3 {
		t.Fatalf("round placements %+v", rp)
	}
	// Running again replaces the result.
	noErr(t, db.SetRoundStatus(ctx, a.Region.ID, id, []domain.RoundStatus{domain.RoundDone}, domain.RoundRunning, ""))
	noErr(t, db.InTx(ctx, func(q *store.Queries) error {
		return q.SaveRoundResult(ctx, a.Region.ID, id, stats, students[:1], placements[:1], 0, ranAt)
	}))
	if _, n, _ := db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: a.Region.ID, RoundID: id}); n != 1 {
		t.Fatalf("after the second save: %d students", n)
	}
	wantCode(t, db.MarkRoundPublished(ctx, f.B.Region.ID, id, 0), domain.CodeConflict)
	noErr(t, db.MarkRoundPublished(ctx, a.Region.ID, id, a.Users[domain.RoleCoordinator].ID))
	wantCode(t, db.MarkRoundPublished(ctx, a.Region.ID, id, 0), domain.CodeConflict)
	got, _ = db.Round(ctx, a.Region.ID, id)
	if got.Status != domain.RoundPublished || got.PublishedAt.IsZero() || got.PublishedBy == 0 {
		t.Fatalf("published %+v", got)
	}
	// Erasing a student erases its rows of every round.
	noErr(t, db.DeleteStudent(ctx, a.Region.ID, a.Student.ID))
	if _, n, _ := db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: a.Region.ID, RoundID: id}); n != 0 {
		t.Fatalf("erased student still in the round: %d", n)
	}
	wantCode(t, db.DeleteRound(ctx, f.B.Region.ID, id), domain.CodeNotFound)
	noErr(t, db.DeleteRound(ctx, a.Region.ID, id))
	if rp, _ := db.RoundPlacements(ctx, a.Region.ID, id); len(rp) != 0 {
		t.Fatal("placements of a deleted round")
	}
}

func testMatchingReads(t *testing.T, db *store.DB, f *Fixture) {
	a := f.A
	pcs, err := db.Postcodes(ctx)
	noErr(t, err)
	if len(pcs) != 2 || pcs[0].PC4 != "3841" || pcs[0].Point.Lat == 0 {
		t.Fatalf("postcodes %+v", pcs)
	}
	all, err := db.IndexPlacements(ctx, store.IndexFilter{OpenOnly: true})
	noErr(t, err)
	if len(all) != 4 || len(all[0].Crebos) == 0 {
		t.Fatalf("open placements of every region: %d", len(all))
	}
	mine, err := db.IndexPlacements(ctx, store.IndexFilter{RegionID: a.Region.ID})
	noErr(t, err)
	if len(mine) != 2 {
		t.Fatalf("placements of region A: %d", len(mine))
	}
	later := time.Now().Add(time.Hour)
	if ch, _ := db.IndexPlacements(ctx, store.IndexFilter{Since: later}); len(ch) != 0 {
		t.Fatalf("changed after the future: %d", len(ch))
	}
	since := db.Now()
	time.Sleep(2 * time.Millisecond)
	noErr(t, db.SetPlacementStatus(ctx, a.Region.ID, a.OtherPlacement.ID, domain.PlacementClosed, ""))
	ch, err := db.IndexPlacements(ctx, store.IndexFilter{Since: since})
	noErr(t, err)
	if len(ch) != 1 || ch[0].ID != a.OtherPlacement.ID || ch[0].Status != domain.PlacementClosed {
		t.Fatalf("changed since: %+v", ch)
	}
	// A change of the company (its accreditations) counts as a change.
	since = db.Now()
	time.Sleep(2 * time.Millisecond)
	co := a.Company
	co.Accreditations = append(co.Accreditations, "25344")
	noErr(t, db.UpdateOrganisation(ctx, co))
	if ch, _ := db.IndexPlacements(ctx, store.IndexFilter{Since: since}); len(ch) != 1 || ch[0].ID != a.Placement.ID {
		t.Fatalf("changed through the company: %+v", ch)
	}
	byID, err := db.PlacementsByIDs(ctx, a.Region.ID, []int64{a.Placement.ID, f.B.Placement.ID})
	noErr(t, err)
	if len(byID) != 1 || byID[0].ID != a.Placement.ID {
		t.Fatalf("by ids across regions: %+v", byID)
	}
	if none, _ := db.PlacementsByIDs(ctx, a.Region.ID, nil); len(none) != 0 {
		t.Fatal("no ids, still placements")
	}
	acc, err := db.Accreditations(ctx, a.Region.ID)
	noErr(t, err)
	if !reflect.DeepEqual(acc[a.Company.ID], []string{"25297", "25340", "25344"}) || acc[f.B.Company.ID] != nil {
		t.Fatalf("accreditations %+v", acc)
	}
	pts, err := db.SchoolPoints(ctx, a.Region.ID)
	noErr(t, err)
	if pts[a.School.ID].Lat == 0 || len(pts) != 1 {
		t.Fatalf("school points %+v", pts)
	}
	st, err := db.MatchStudents(ctx, store.MatchStudentFilter{RegionID: a.Region.ID, Stage: domain.StageMBO, Year: 2,
		Statuses: []domain.StudentStatus{domain.StudentLooking}})
	noErr(t, err)
	if len(st) != 2 {
		t.Fatalf("students %d", len(st))
	}
	for _, flt := range []store.MatchStudentFilter{
		{RegionID: a.Region.ID, SchoolID: a.School.ID},
		{RegionID: a.Region.ID, CoachID: a.Users[domain.RoleCoach].ID},
		{RegionID: a.Region.ID, IDs: []int64{a.Student.ID, f.B.Student.ID}},
	} {
		if st, _ := db.MatchStudents(ctx, flt); len(st) != 1 || st[0].ID != a.Student.ID {
			t.Fatalf("filter %+v: %+v", flt, st)
		}
	}
	if st, _ := db.MatchStudents(ctx, store.MatchStudentFilter{RegionID: a.Region.ID, Year: 3}); len(st) != 0 {
		t.Fatal("year 3")
	}
	if st, _ := db.MatchStudents(ctx, store.MatchStudentFilter{RegionID: a.Region.ID, IDs: []int64{}}); len(st) != 0 {
		t.Fatal("empty ids")
	}
	noErr(t, db.SetApplicationStatus(ctx, a.Region.ID, a.Application.ID, domain.AppSubmitted, domain.AppOffered, 0, ""))
	offers, err := db.PendingOffers(ctx, a.Region.ID)
	noErr(t, err)
	if offers[a.Placement.ID] != 1 || len(offers) != 1 {
		t.Fatalf("pending offers %+v", offers)
	}
	app, err := db.ApplicationOf(ctx, a.Region.ID, a.Placement.ID, a.Student.ID)
	noErr(t, err)
	if app.ID != a.Application.ID {
		t.Fatalf("application of %+v", app)
	}
	_, err = db.ApplicationOf(ctx, f.B.Region.ID, a.Placement.ID, a.Student.ID)
	wantCode(t, err, domain.CodeNotFound)
}
