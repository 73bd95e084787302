package regionmonitor_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"talentloket/internal/dataimport"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

type bulkDB struct{ *store.DB }

func (d bulkDB) InTx(ctx context.Context, fn func(dataimport.Store) error) error {
	return d.DB.InTxBulk(ctx, func(q *store.Queries) error { return fn(q) })
}

// TestYearsWithoutSector: DUO's current institution file publishes no
// sectors. For its years the technical selection is unknown: shown as
// "–" with a note, never as zero technical students.
func TestYearsWithoutSector(t *testing.T) {
	db := storetest.OpenSQLite(t)
	region, err := db.CreateRegion(ctx, domain.Region{Slug: "fries", Name: "Friesland"})
	if err != nil {
		t.Fatal(err)
	}
	coord := domain.User{RegionID: region, Email: "c@example.nl", Name: "C", Role: domain.RoleCoordinator}
	if coord.ID, err = db.CreateUser(ctx, coord); err != nil {
		t.Fatal(err)
	}
	imp := dataimport.New(bulkDB{db}, quiet, nil)
	data, err := os.ReadFile(filepath.Join("..", "opendata", "testdata", "mbo-studenten-per-instelling_cp1252.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := imp.Import(ctx, region, coord.ID, dataimport.File{Name: "per-instelling.csv", Data: data}); err != nil {
		t.Fatal(err)
	}
	// 2023 from a file with sectors.
	id, err := db.CreateMonitorImport(ctx, domain.MonitorImport{RegionID: region, Source: domain.SourceDUO, Dataset: "mbo-deelnemers-2015",
		SHA256: "old", Status: domain.ImportRunning})
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(q *store.Queries) error {
		if err := q.InsertMonitorRows(ctx, region, id, []domain.MonitorRow{{Row: 1, Line: 2, Stage: "mbo", School: "25PZ", Sector: "techniek"},
			{Row: 2, Line: 3, Stage: "mbo", School: "25PZ", Sector: "economie"}}); err != nil {
			return err
		}
		return q.InsertMonitorFacts(ctx, id, []domain.MonitorCount{{Row: 1, Year: 2023, Kind: "enrolled", Sex: "T", Count: 1200},
			{Row: 2, Year: 2023, Kind: "enrolled", Sex: "T", Count: 2600}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FinishMonitorImport(ctx, domain.MonitorImport{ID: id, RegionID: region, Status: domain.ImportDone, Dataset: "mbo-deelnemers-2015"}); err != nil {
		t.Fatal(err)
	}
	d, err := service(db).Dashboard(request.WithActor(ctx, coord), filters(t, "area=NL"))
	if err != nil {
		t.Fatal(err)
	}
	rows := section(d, "enrolment").Table.Rows
	if len(rows) != 3 || rows[0][0].Text != "2023" || !rows[0][1].Num.OK || rows[1][1].Num.OK || rows[2][1].Num.OK || rows[2][3].Pct.OK {
		t.Fatalf("enrolment rows %+v", rows)
	}
	found := false
	for _, n := range section(d, "enrolment").Notes {
		found = found || n.Key == "monitor.note.no_sector"
	}
	if !found || section(d, "schools").Empty != "monitor.empty.no_sector" {
		t.Fatal("no note about the missing sectors")
	}
}
