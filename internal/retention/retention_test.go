package retention_test

import (
	"context"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/retention"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

func TestSweep(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			db := e.Open(t)
			past := time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC)
			db.SetClock(func() time.Time { return past })
			f := storetest.NewFixture(t, db, "x")
			// One student went inactive long ago, another recently.
			old := f.A.OtherStudent
			old.Status = domain.StudentInactive
			if err := db.UpdateStudent(ctx, old); err != nil {
				t.Fatal(err)
			}
			if err := db.AddAudit(ctx, domain.AuditEntry{RegionID: f.A.Region.ID, Action: domain.AuditLogin}); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
			db.SetClock(func() time.Time { return now })
			recent := f.B.OtherStudent
			recent.Status = domain.StudentInactive
			if err := db.UpdateStudent(ctx, recent); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateSession(ctx, domain.Session{TokenHash: "old", UserID: f.A.Users[domain.RoleViewer].ID, CreatedAt: past, LastSeenAt: past, ExpiresAt: past.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			r, err := retention.Sweep(ctx, db, retention.DefaultPolicy, now)
			if err != nil {
				t.Fatal(err)
			}
			if r.Students != 1 || r.AuditEntries != 1 || r.Sessions != 1 {
				t.Fatalf("report %+v", r)
			}
			if _, err := db.Student(ctx, f.A.Region.ID, old.ID); domain.ErrorCode(err) != domain.CodeNotFound {
				t.Fatal("old inactive student kept")
			}
			if _, err := db.Student(ctx, f.B.Region.ID, recent.ID); err != nil {
				t.Fatal("recently inactive student erased")
			}
			if _, err := db.Student(ctx, f.A.Region.ID, f.A.Student.ID); err != nil {
				t.Fatal("active student erased")
			}
			entries, _ := db.Audit(ctx, store.AuditFilter{RegionID: f.A.Region.ID})
			if len(entries) != 1 || entries[0].Object != "students" {
				t.Fatalf("audit after sweep: %+v", entries)
			}
		})
	}
}
