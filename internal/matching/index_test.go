package matching_test

import (
	"context"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/matching"
	"talentloket/internal/placements"
	"talentloket/internal/request"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

type txDB struct{ *store.DB }

func (d txDB) InTx(ctx context.Context, fn func(matching.Store) error) error {
	return d.DB.InTx(ctx, func(q *store.Queries) error { return fn(q) })
}

// Another instance's changes reach this instance's index through the
// catch-up pass (placements changed since the last pass, and placements of
// companies that changed), without a rebuild; a rebuild sees deletions.
func TestCatchUp(t *testing.T) {
	db := storetest.OpenSQLite(t)
	f := storetest.NewFixture(t, db, "")
	a := f.A
	svc := matching.New(txDB{db}, nil, nil, matching.Options{})
	find := func(text string) int {
		_, n, err := svc.Find(ctx, a.Region.ID, placements.Query{Text: text}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := find("mechatronica"); n != 2 {
		t.Fatalf("before: %d", n)
	}
	// Another instance closes a placement and publishes one: this index
	// does not know yet.
	time.Sleep(2 * time.Millisecond)
	if err := db.SetPlacementStatus(ctx, a.Region.ID, a.Placement.ID, domain.PlacementClosed, ""); err != nil {
		t.Fatal(err)
	}
	p := a.OtherPlacement
	p.ID, p.Title = 0, "Stage zonnepanelen"
	id, err := db.CreatePlacement(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if n := find("zonnepanelen"); n != 0 {
		t.Fatalf("seen before the pass: %d", n)
	}
	if err := svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if find("mechatronica") != 2 || find("zonnepanelen") != 1 || find("alpha") != 2 {
		t.Fatalf("after the pass: mechatronica %d, zonnepanelen %d, alpha %d", find("mechatronica"), find("zonnepanelen"), find("alpha"))
	}
	// A company that loses its accreditation: its internships (both open
	// ones now) are no longer recommended once the pass has run.
	actx := request.WithActor(ctx, a.StudentUser)
	recs, err := svc.Recommend(actx, a.Student.ID, 10)
	if err != nil || len(recs) != 2 {
		t.Fatalf("recommendations %d (%v)", len(recs), err)
	}
	co := a.OtherCompany
	co.Accreditations = []string{"25297"}
	time.Sleep(2 * time.Millisecond)
	if err := db.UpdateOrganisation(ctx, co); err != nil {
		t.Fatal(err)
	}
	if err := svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if recs, _ := svc.Recommend(actx, a.Student.ID, 10); len(recs) != 0 {
		t.Fatalf("after losing the accreditation: %d recommendations", len(recs))
	}
	// Deleted rows leave with the next rebuild.
	if err := db.DeleteStudent(ctx, a.Region.ID, a.OtherStudent.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.ExecContext(ctx, "DELETE FROM placements WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	if err := svc.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if n := find("zonnepanelen"); n != 0 {
		t.Fatalf("deleted placement after the rebuild: %d", n)
	}
}
