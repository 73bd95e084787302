package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// Contract tests of the regional monitor's tables.
func init() {
	Register(
		Suite{"monitor imports", testMonitorImports},
		Suite{"monitor facts", testMonitorFacts},
		Suite{"monitor replace", testMonitorReplace},
		Suite{"monitor labels, labour and locations", testMonitorReference},
		Suite{"monitor targets", testMonitorTargets},
	)
}

func newImport(region int64, sha string) domain.MonitorImport {
	return domain.MonitorImport{RegionID: region, Source: domain.SourceDUO, Layout: "mbo-deelnemers-2015", Dataset: "mbo-deelnemers-2015",
		FileName: "mbo.csv", SHA256: sha, Size: 123, Status: domain.ImportRunning}
}

func testMonitorImports(t *testing.T, db *store.DB, f *Fixture) {
	a, b := f.A.Region.ID, f.B.Region.ID
	id, err := db.CreateMonitorImport(ctx, newImport(a, "aaa"))
	noErr(t, err)
	// The same file again is a conflict while the first did not fail; in
	// another region it is not.
	_, err = db.CreateMonitorImport(ctx, newImport(a, "aaa"))
	wantCode(t, err, domain.CodeConflict)
	idB, err := db.CreateMonitorImport(ctx, newImport(b, "aaa"))
	noErr(t, err)
	_, err = db.CreateMonitorImport(ctx, domain.MonitorImport{RegionID: a, SHA256: "x", Status: domain.ImportRunning})
	wantCode(t, err, domain.CodeInvalid)

	done := newImport(a, "aaa")
	done.ID, done.Status, done.Years, done.Rows, done.Records, done.Facts = id, domain.ImportDone, []int{2018, 2019}, 10, 30, 25
	done.Encoding, done.Separator, done.Skipped, done.Suppressed = "utf-8", ";", 2, 3
	done.Unmapped = []domain.UnmappedName{{Kind: "place", Name: "NERGENS", Lines: 2, FirstLine: 7}}
	noErr(t, db.FinishMonitorImport(ctx, done))
	got, err := db.MonitorImport(ctx, a, id)
	noErr(t, err)
	if got.Status != domain.ImportDone || !reflect.DeepEqual(got.Years, []int{2018, 2019}) || got.Facts != 25 || got.Skipped != 2 ||
		len(got.Unmapped) != 1 || got.Unmapped[0].Name != "NERGENS" || got.FinishedAt.IsZero() || got.CreatedAt.IsZero() {
		t.Fatalf("import %+v", got)
	}
	// Another region's id is not found, for reading and for finishing.
	_, err = db.MonitorImport(ctx, b, id)
	wantCode(t, err, domain.CodeNotFound)
	done.RegionID = b
	wantCode(t, db.FinishMonitorImport(ctx, done), domain.CodeNotFound)
	if bySHA, err := db.MonitorImportBySHA(ctx, a, "aaa"); err != nil || bySHA.ID != id {
		t.Fatalf("by sha: %+v %v", bySHA, err)
	}
	_, err = db.MonitorImportBySHA(ctx, a, "nope")
	wantCode(t, err, domain.CodeNotFound)

	// A failed import keeps its problems and frees the hash.
	failID, err := db.CreateMonitorImport(ctx, newImport(a, "bbb"))
	noErr(t, err)
	failed := newImport(a, "bbb")
	failed.ID, failed.Status = failID, domain.ImportFailed
	failed.Problems = []domain.ImportProblem{{Code: "not_a_number", Line: 12, Column: "TOTAAL2019", Value: "x"}}
	noErr(t, db.FinishMonitorImport(ctx, failed))
	again, err := db.CreateMonitorImport(ctx, newImport(a, "bbb"))
	noErr(t, err)
	got, err = db.MonitorImport(ctx, a, failID)
	noErr(t, err)
	if got.Status != domain.ImportFailed || len(got.Problems) != 1 || got.Problems[0].Line != 12 {
		t.Fatalf("failed import %+v", got)
	}

	// The fixture holds one import per region already.
	list, total, err := db.MonitorImports(ctx, a, store.Page{Limit: 2})
	noErr(t, err)
	if total != 4 || len(list) != 2 || list[0].ID != again {
		t.Fatalf("list: total %d, %d items, first %d", total, len(list), list[0].ID)
	}
	listB, totalB, err := db.MonitorImports(ctx, b, store.Page{})
	noErr(t, err)
	if totalB != 2 || listB[0].ID != idB {
		t.Fatalf("region B list: %d %+v", totalB, listB)
	}

	// A running import from before a restart is marked failed.
	n, err := db.FailStaleMonitorImports(ctx, time.Now().Add(time.Hour), "interrupted")
	noErr(t, err)
	if n != 2 { // again (region A) and idB
		t.Fatalf("stale: %d", n)
	}
	got, _ = db.MonitorImport(ctx, a, again)
	if got.Status != domain.ImportFailed || got.Note != "interrupted" {
		t.Fatalf("stale import %+v", got)
	}
}

func fact(line, year int, school string, count int64, supp bool) domain.MonitorFact {
	return domain.MonitorFact{Line: line, Year: year, Stage: "mbo", Kind: "enrolled", School: school, Municipality: "GM0153",
		LabourMarket: "AM05", Sector: "techniek", Domain: "Techniek en procesindustrie", Qualification: "25340", Level: "3",
		Pathway: "BOLVT", Sex: "T", Count: count, Suppressed: supp}
}

// split turns facts into source rows (one per fact) and their counts.
func split(facts []domain.MonitorFact) ([]domain.MonitorRow, []domain.MonitorCount) {
	rows := make([]domain.MonitorRow, len(facts))
	counts := make([]domain.MonitorCount, len(facts))
	for i, f := range facts {
		rows[i] = domain.MonitorRow{Row: i + 1, Line: f.Line, Stage: f.Stage, School: f.School, Municipality: f.Municipality,
			LabourMarket: f.LabourMarket, Sector: f.Sector, Domain: f.Domain, Qualification: f.Qualification, Level: f.Level, Pathway: f.Pathway}
		counts[i] = domain.MonitorCount{Row: i + 1, Year: f.Year, Kind: f.Kind, Sex: f.Sex, Count: f.Count, Suppressed: f.Suppressed}
	}
	return rows, counts
}

func insertFacts(q *store.Queries, region, importID int64, facts []domain.MonitorFact) error {
	rows, counts := split(facts)
	if err := q.InsertMonitorRows(ctx, region, importID, rows); err != nil {
		return err
	}
	return q.InsertMonitorFacts(ctx, importID, counts)
}

func finishDone(t *testing.T, db *store.DB, region, id int64, dataset string) {
	t.Helper()
	m := newImport(region, "")
	m.ID, m.Status, m.Dataset = id, domain.ImportDone, dataset
	noErr(t, db.FinishMonitorImport(ctx, m))
}

func testMonitorFacts(t *testing.T, db *store.DB, f *Fixture) {
	a, b := f.A.Region.ID, f.B.Region.ID
	id, err := db.CreateMonitorImport(ctx, newImport(a, "f1"))
	noErr(t, err)
	var facts []domain.MonitorFact
	var sum int64
	for i := range 600 { // more than two batches
		c := int64(5 + i%40)
		facts = append(facts, fact(2+i, 2015+i%5, []string{"11AA", "22BB"}[i%2], c, i%50 == 0))
		if i%50 != 0 {
			sum += c
		}
	}
	noErr(t, db.InTx(ctx, func(q *store.Queries) error { return insertFacts(q, a, id, facts) }))

	fixture := map[int64]bool{f.A.Extra["monitor_import"]: true, f.B.Extra["monitor_import"]: true}
	count := func(region int64) (n int, total int64, supp int) {
		t.Helper()
		noErr(t, db.MonitorFacts(ctx, region, func(f *domain.MonitorFact) error {
			if fixture[f.ImportID] {
				return nil
			}
			n++
			total += f.Count
			if f.Suppressed {
				supp++
			}
			return nil
		}))
		return
	}
	// Facts of an import that is still running are not read.
	if n, _, _ := count(a); n != 0 {
		t.Fatalf("running import's facts read: %d", n)
	}
	finishDone(t, db, a, id, "mbo-deelnemers-2015")
	n, total, supp := count(a)
	if n != 600 || total != sum || supp != 12 {
		t.Fatalf("facts: %d, sum %d (want %d), %d suppressed", n, total, sum, supp)
	}
	// The fast read gives the same rows and facts.
	rowsSeen, factsSeen := 0, 0
	var fastSum int64
	noErr(t, db.MonitorRowsAndFacts(ctx, a, func(imp int64, ds string, r *domain.MonitorRow) error {
		if fixture[imp] {
			return nil
		}
		if imp != id || ds != "mbo-deelnemers-2015" || r.Municipality != "GM0153" {
			t.Fatalf("row %d %s %+v", imp, ds, r)
		}
		rowsSeen++
		return nil
	}, func(imp int64, c *domain.MonitorCount) error {
		if fixture[imp] {
			return nil
		}
		factsSeen++
		fastSum += c.Count
		return nil
	}))
	if rowsSeen != 600 || factsSeen != 600 || fastSum != sum {
		t.Fatalf("fast read: %d rows, %d facts, sum %d", rowsSeen, factsSeen, fastSum)
	}
	noErr(t, db.MonitorRowsAndFacts(ctx, b, func(imp int64, _ string, _ *domain.MonitorRow) error {
		if imp == id {
			t.Fatal("region B reads region A's rows")
		}
		return nil
	}, func(imp int64, _ *domain.MonitorCount) error {
		if imp == id {
			t.Fatal("region B reads region A's facts")
		}
		return nil
	}))
	var first domain.MonitorFact
	stop := errors.New("stop")
	err = db.MonitorFacts(ctx, a, func(f *domain.MonitorFact) error {
		if fixture[f.ImportID] {
			return nil
		}
		first = *f
		return stop
	})
	if !errors.Is(err, stop) || first.Dataset != "mbo-deelnemers-2015" || first.ImportID != id || first.Municipality != "GM0153" {
		t.Fatalf("first fact %+v, %v", first, err)
	}
	if n, _, _ := count(b); n != 0 {
		t.Fatalf("region B sees %d facts of region A", n)
	}

	// Tracing: the facts of an import by school and year, in line order.
	list, tot, err := db.MonitorFactsOf(ctx, store.FactFilter{RegionID: a, ImportID: id, Year: 2016, School: "22BB", Page: store.Page{Limit: 10}})
	noErr(t, err)
	if tot != 60 || len(list) != 10 || list[0].Line != 3 || list[0].School != "22BB" || list[0].Year != 2016 {
		t.Fatalf("facts of import: %d %+v", tot, list[0])
	}
	list, tot, err = db.MonitorFactsOf(ctx, store.FactFilter{RegionID: b, ImportID: id})
	noErr(t, err)
	if tot != 0 || len(list) != 0 {
		t.Fatalf("region B traces region A's import: %d", tot)
	}
	sums, err := db.MonitorFactSummary(ctx, a, id)
	noErr(t, err)
	if len(sums) != 5 || sums[0].Year != 2015 || sums[0].Facts != 120 {
		t.Fatalf("summary %+v", sums)
	}
	var ssum int64
	for _, s := range sums {
		ssum += s.Sum
	}
	if ssum != sum {
		t.Fatalf("summary sum %d, want %d", ssum, sum)
	}
	if sums, _ := db.MonitorFactSummary(ctx, b, id); len(sums) != 0 {
		t.Fatalf("region B summary of A's import: %+v", sums)
	}

	// All or nothing: a failing insert in a transaction leaves no facts,
	// also with the engine's bulk load (COPY on PostgreSQL).
	id2, err := db.CreateMonitorImport(ctx, newImport(a, "f2"))
	noErr(t, err)
	bad := append([]domain.MonitorFact(nil), facts[:300]...)
	for _, inTx := range []func(context.Context, func(*store.Queries) error) error{db.InTx, db.InTxBulk} {
		err = inTx(ctx, func(q *store.Queries) error {
			if err := insertFacts(q, a, id2, bad); err != nil {
				return err
			}
			return errors.New("failure in the middle")
		})
		if err == nil || err.Error() != "failure in the middle" {
			t.Fatalf("transaction did not fail as it should: %v", err)
		}
	}
	finishDone(t, db, a, id2, "other")
	if n, _, _ := count(a); n != 600 {
		t.Fatalf("after a failed transaction %d facts, want 600", n)
	}
	var left int
	noErr(t, db.Read.QueryRow(db.Engine.Rebind("SELECT COUNT(*) FROM monitor_facts WHERE import_id = ?"), id).Scan(&left))
	if left != 600 {
		t.Fatalf("facts stored: %d", left)
	}
	// Rows and facts go only into a running import of the region.
	id3, err := db.CreateMonitorImport(ctx, newImport(b, "f3"))
	noErr(t, err)
	rows, counts := split(facts[:2])
	wantCode(t, db.InsertMonitorRows(ctx, a, id3, rows), domain.CodeNotFound)
	wantCode(t, db.InsertMonitorRows(ctx, a, id, rows), domain.CodeConflict)
	wantCode(t, db.InsertMonitorFacts(ctx, id, counts), domain.CodeConflict)
	wantCode(t, db.InsertMonitorFacts(ctx, 999999, counts), domain.CodeNotFound)
	// Deleting the region deletes its imports with their rows and facts.
	_, err = db.Write.Exec(db.Engine.Rebind("DELETE FROM regions WHERE id = ?"), a)
	noErr(t, err)
	for _, tbl := range []string{"monitor_facts", "monitor_rows"} {
		noErr(t, db.Read.QueryRow(db.Engine.Rebind("SELECT COUNT(*) FROM "+tbl+" WHERE import_id IN (?, ?)"), id, f.A.Extra["monitor_import"]).Scan(&left))
		if left != 0 {
			t.Fatalf("%s: %d left of a deleted region", tbl, left)
		}
	}
	noErr(t, db.Read.QueryRow(db.Engine.Rebind("SELECT COUNT(*) FROM monitor_facts WHERE import_id = ?"), f.B.Extra["monitor_import"]).Scan(&left))
	if left == 0 {
		t.Fatal("the other region's facts went too")
	}
}

func testMonitorReplace(t *testing.T, db *store.DB, f *Fixture) {
	a, b := f.A.Region.ID, f.B.Region.ID
	store2 := func(region int64, sha, dataset string, years []int) int64 {
		id, err := db.CreateMonitorImport(ctx, newImport(region, sha))
		noErr(t, err)
		var facts []domain.MonitorFact
		for _, y := range years {
			facts = append(facts, fact(2, y, "11AA", 10, false), fact(3, y, "22BB", 20, false))
		}
		noErr(t, db.InTxBulk(ctx, func(q *store.Queries) error {
			if _, err := q.ReplaceMonitorFacts(ctx, region, id, dataset, years); err != nil {
				return err
			}
			return insertFacts(q, region, id, facts)
		}))
		finishDone(t, db, region, id, dataset)
		return id
	}
	old := store2(a, "old", "mbo", []int{2015, 2016, 2017})
	otherRegion := store2(b, "old", "mbo", []int{2016})
	other := store2(a, "hbo", "hbo", []int{2016})
	newer := store2(a, "new", "mbo", []int{2016, 2017, 2018})
	byYear := func(region int64) map[int]int64 {
		out := map[int]int64{}
		noErr(t, db.MonitorFacts(ctx, region, func(f *domain.MonitorFact) error {
			if f.Dataset == "mbo" || f.Dataset == "hbo" { // not the fixture's
				out[f.Year] += f.Count
			}
			return nil
		}))
		return out
	}
	// 2016 and 2017 came from the newer file only; the other dataset and
	// region keep theirs.
	if got := byYear(a); !reflect.DeepEqual(got, map[int]int64{2015: 30, 2016: 60, 2017: 30, 2018: 30}) {
		t.Fatalf("region A by year %v", got)
	}
	if got := byYear(b); !reflect.DeepEqual(got, map[int]int64{2016: 30}) {
		t.Fatalf("region B by year %v", got)
	}
	o, _ := db.MonitorImport(ctx, a, old)
	if o.Status != domain.ImportDone || o.ReplacedBy != newer || o.Facts != 2 {
		t.Fatalf("partly replaced import %+v", o)
	}
	// A file covering all of the older one's years replaces it wholly.
	newest := store2(a, "newest", "mbo", []int{2015, 2016, 2017, 2018})
	o, _ = db.MonitorImport(ctx, a, old)
	n, _ := db.MonitorImport(ctx, a, newer)
	if o.Status != domain.ImportReplaced || o.ReplacedBy != newest || n.Status != domain.ImportReplaced || o.Facts != 0 {
		t.Fatalf("replaced: old %+v new %+v", o, n)
	}
	if got := byYear(a); !reflect.DeepEqual(got, map[int]int64{2015: 30, 2016: 60, 2017: 30, 2018: 30}) {
		t.Fatalf("region A by year after full replacement %v", got)
	}
	h, _ := db.MonitorImport(ctx, a, other)
	r, _ := db.MonitorImport(ctx, b, otherRegion)
	if h.Status != domain.ImportDone || r.Status != domain.ImportDone {
		t.Fatalf("other dataset or region touched: %+v %+v", h, r)
	}
}

func testMonitorReference(t *testing.T, db *store.DB, f *Fixture) {
	a, b := f.A.Region.ID, f.B.Region.ID
	noErr(t, db.UpsertMonitorLabels(ctx, a, []domain.MonitorLabel{
		{Dim: "school", Code: "11AA", Label: "School Alpha", Place: "ENSCHEDE", Municipality: "GM0153"},
		{Dim: "qualification", Code: "25340", Label: "Eerste monteur mechatronica"},
	}))
	noErr(t, db.UpsertMonitorLabels(ctx, a, []domain.MonitorLabel{{Dim: "school", Code: "11AA", Label: "School Alpha (nieuw)"}}))
	labels, err := db.MonitorLabels(ctx, a)
	noErr(t, err)
	byCode := map[string]domain.MonitorLabel{}
	for _, l := range labels {
		byCode[l.Dim+" "+l.Code] = l
	}
	if byCode["school 11AA"].Label != "School Alpha (nieuw)" || byCode["qualification 25340"].Label != "Eerste monteur mechatronica" {
		t.Fatalf("labels %+v", labels)
	}
	lb, _ := db.MonitorLabels(ctx, b)
	for _, l := range lb {
		if l.Code == "25340" || l.Label == "School Alpha (nieuw)" {
			t.Fatalf("region B sees region A's labels %+v", l)
		}
	}
	wantCode(t, db.UpsertMonitorLabels(ctx, a, []domain.MonitorLabel{{Dim: "school"}}), domain.CodeInvalid)

	id, err := db.CreateMonitorImport(ctx, domain.MonitorImport{RegionID: a, Source: domain.SourceLabour, Dataset: "cbs-83599NED",
		FileName: "v.csv", SHA256: "lab", Status: domain.ImportRunning})
	noErr(t, err)
	figs := []domain.LabourFigure{
		{Line: 2, Source: "cbs-83599NED", Area: "PV23", AreaName: "Overijssel", Sector: "alle sectoren", Period: "2026 2e kwartaal", Year: 2026, Measure: "vacancies", Value: 21300, Provisional: true},
		{Line: 3, Source: "cbs-83599NED", Area: "PV23", AreaName: "Overijssel", Sector: "industrie", Period: "2026 2e kwartaal", Year: 2026, Measure: "vacancies", Value: 3100},
	}
	noErr(t, db.InsertLabourFigures(ctx, a, id, figs))
	if l, _ := db.LabourFigures(ctx, a); len(l) != 0 {
		t.Fatalf("figures of a running import listed: %d", len(l))
	}
	m := domain.MonitorImport{ID: id, RegionID: a, Source: domain.SourceLabour, Dataset: "cbs-83599NED", Status: domain.ImportDone}
	noErr(t, db.FinishMonitorImport(ctx, m))
	got, err := db.LabourFigures(ctx, a)
	noErr(t, err)
	if len(got) != 2 || got[0].Value != 21300 || !got[0].Provisional || got[1].Provisional || got[0].ImportID != id {
		t.Fatalf("labour %+v", got)
	}
	if l, _ := db.LabourFigures(ctx, b); len(l) != 0 {
		t.Fatalf("region B sees labour figures")
	}
	id2, err := db.CreateMonitorImport(ctx, domain.MonitorImport{RegionID: a, Source: domain.SourceLabour, Dataset: "cbs-83599NED",
		FileName: "v2.csv", SHA256: "lab2", Status: domain.ImportRunning})
	noErr(t, err)
	var deleted int
	noErr(t, db.InTx(ctx, func(q *store.Queries) error {
		var err error
		deleted, err = q.ReplaceLabourFigures(ctx, a, id2, "cbs-83599NED", []string{"2026 2e kwartaal"})
		return err
	}))
	if old, _ := db.MonitorImport(ctx, a, id); deleted != 2 || old.Status != domain.ImportReplaced {
		t.Fatalf("labour replaced %d, old %+v", deleted, old)
	}

	noErr(t, db.UpsertSchoolLocations(ctx, []domain.SchoolLocation{
		{Code: "25LX00", BRIN: "25LX", Name: "ROC", Place: "Ede", MunicipalityCode: "GM0228"},
		{Code: "25LX01", BRIN: "25LX", Name: "ROC locatie", Place: "Wageningen"},
	}))
	noErr(t, db.UpsertSchoolLocations(ctx, []domain.SchoolLocation{{Code: "25LX01", BRIN: "25LX", Name: "ROC locatie", Place: "Wageningen", MunicipalityCode: "GM0289"}}))
	locs, err := db.SchoolLocations(ctx)
	noErr(t, err)
	if len(locs) != 2 || locs[1].MunicipalityCode != "GM0289" {
		t.Fatalf("locations %+v", locs)
	}
	wantCode(t, db.UpsertSchoolLocations(ctx, []domain.SchoolLocation{{Code: "25LX0", BRIN: "25LX"}}), domain.CodeInvalid)

	noErr(t, db.UpsertPlaceName(ctx, "Enschede", "GM0153", "municipality"))
	noErr(t, db.UpsertPlaceName(ctx, "Glanerbrug", "GM0153", "place"))
	names, err := db.PlaceNames(ctx)
	noErr(t, err)
	if len(names) != 2 || names[0].Name != "Enschede" || names[1].Kind != "place" {
		t.Fatalf("place names %+v", names)
	}
}

func testMonitorTargets(t *testing.T, db *store.DB, f *Fixture) {
	a, b := f.A.Region.ID, f.B.Region.ID
	_, err := db.MonitorTarget(ctx, a)
	wantCode(t, err, domain.CodeNotFound)
	tg := domain.MonitorTarget{RegionID: a, BaselineYear: 2019, TargetYear: 2030, GrowthFactor: 15.0 / 8,
		Schools: []domain.TargetSchool{{School: "11aa", BaselineWeight: 5, Weight: 5}, {School: "22BB", BaselineWeight: 2, Weight: 5}, {School: "33CC", BaselineWeight: 1, Weight: 5}},
		Demand:  700, DemandLow: 650, DemandHigh: 750, DemandFrom: 2026, DemandTo: 2030, DemandNote: "Werkgeversenquête 2025",
		NetworkAreas: []string{"am05", "AM06"}, UpdatedBy: f.A.Users[domain.RoleCoordinator].ID}
	noErr(t, db.SetMonitorTarget(ctx, tg))
	got, err := db.MonitorTarget(ctx, a)
	noErr(t, err)
	if got.Stage != "mbo" || got.Kind != "enrolled" || got.GrowthFactor != 15.0/8 || len(got.Schools) != 3 || got.Schools[0].School != "11AA" ||
		got.Demand != 700 || got.DemandTo != 2030 || !reflect.DeepEqual(got.NetworkAreas, []string{"AM05", "AM06"}) || got.UpdatedAt.IsZero() {
		t.Fatalf("target %+v", got)
	}
	_, err = db.MonitorTarget(ctx, b)
	wantCode(t, err, domain.CodeNotFound)
	// Replacing keeps only the new schools.
	tg.Schools = tg.Schools[:1]
	noErr(t, db.SetMonitorTarget(ctx, tg))
	got, _ = db.MonitorTarget(ctx, a)
	if len(got.Schools) != 1 {
		t.Fatalf("schools after replace: %+v", got.Schools)
	}
	for name, bad := range map[string]domain.MonitorTarget{
		"both total and growth": {RegionID: a, BaselineYear: 2019, TargetYear: 2030, Total: 100, GrowthFactor: 2, Schools: tg.Schools},
		"target before base":    {RegionID: a, BaselineYear: 2030, TargetYear: 2019, Schools: tg.Schools},
		"no positive weight":    {RegionID: a, BaselineYear: 2019, TargetYear: 2030, Schools: []domain.TargetSchool{{School: "X", Weight: 0}}},
		"repeated school":       {RegionID: a, BaselineYear: 2019, TargetYear: 2030, Schools: []domain.TargetSchool{{School: "X", Weight: 1}, {School: "x", Weight: 1}}},
		"demand outside range":  {RegionID: a, Demand: 700, DemandLow: 800, DemandHigh: 900, DemandFrom: 2026, DemandTo: 2030},
		"demand without years":  {RegionID: a, Demand: 700},
		"bad area":              {RegionID: a, NetworkAreas: []string{"GM0153"}},
	} {
		if err := db.SetMonitorTarget(ctx, bad); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}
