package storetest

import (
	"testing"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// The regional monitor's part of the fixture: in each region one finished
// import of mbo enrolments (two years, two schools, with a small count and
// a "<5" cell) and its labels; Extra["monitor_import"] is its id.
func init() {
	RegisterFixture(func(tb testing.TB, db *store.DB, r *RegionFixture) {
		tb.Helper()
		gm := map[string]string{"alpha": "GM0153", "beta": "GM0243"}[r.Region.Slug]
		imp := domain.MonitorImport{RegionID: r.Region.ID, Source: domain.SourceDUO, Layout: "mbo-deelnemers-2015", Dataset: "mbo-deelnemers-2015",
			FileName: "fixture.csv", SHA256: "fixture-" + r.Region.Slug, Size: 100, Status: domain.ImportRunning}
		id, err := db.CreateMonitorImport(ctx, imp)
		if err != nil {
			tb.Fatal(err)
		}
		rows := []domain.MonitorRow{
			{Row: 1, Line: 2, Stage: "mbo", School: r.School.BRIN, Municipality: gm, Sector: "techniek", Domain: "Techniek en procesindustrie",
				Qualification: "25340", Level: "3", Pathway: "BOLVT"},
			{Row: 2, Line: 3, Stage: "mbo", School: r.School.BRIN, Municipality: gm, Sector: "economie", Domain: "Economie en administratie",
				Qualification: "25140", Level: "4", Pathway: "BOLVT"},
			{Row: 3, Line: 4, Stage: "mbo", School: r.OtherSchool.BRIN, Municipality: gm, Sector: "techniek", Domain: "Bouw en infra",
				Qualification: "25332", Level: "2", Pathway: "BBL"},
		}
		var counts []domain.MonitorCount
		for _, y := range []int{2022, 2023, 2024} {
			counts = append(counts,
				domain.MonitorCount{Row: 1, Year: y, Kind: "enrolled", Sex: "T", Count: int64(40 + y - 2022)},
				domain.MonitorCount{Row: 1, Year: y, Kind: "first-year", Sex: "T", Count: int64(14 + y - 2022)},
				domain.MonitorCount{Row: 2, Year: y, Kind: "enrolled", Sex: "T", Count: 60},
				domain.MonitorCount{Row: 3, Year: y, Kind: "enrolled", Sex: "T", Count: 3},
				domain.MonitorCount{Row: 3, Year: y, Kind: "first-year", Sex: "T", Suppressed: true},
			)
		}
		err = db.InTx(ctx, func(q *store.Queries) error {
			if err := q.InsertMonitorRows(ctx, r.Region.ID, id, rows); err != nil {
				return err
			}
			if err := q.InsertMonitorFacts(ctx, id, counts); err != nil {
				return err
			}
			return q.UpsertMonitorLabels(ctx, r.Region.ID, []domain.MonitorLabel{
				{Dim: "school", Code: r.School.BRIN, Label: r.School.Name, Municipality: gm},
				{Dim: "school", Code: r.OtherSchool.BRIN, Label: "=HYPERLINK(\"x\") " + r.OtherSchool.Name, Municipality: gm},
			})
		})
		if err != nil {
			tb.Fatal(err)
		}
		imp.ID, imp.Status, imp.Years, imp.Rows, imp.Records, imp.Facts, imp.Suppressed = id, domain.ImportDone, []int{2022, 2023, 2024}, 3, 15, 15, 3
		if err := db.FinishMonitorImport(ctx, imp); err != nil {
			tb.Fatal(err)
		}
		r.Extra["monitor_import"] = id
	})
}
