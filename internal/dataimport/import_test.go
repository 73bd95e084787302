package dataimport

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/opendata"
	"talentloket/internal/opendata/duo"
	"talentloket/internal/shareddata"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

// rawTable reads a delimited file with encoding/csv, independently of the
// importer's readers; records that are only "" (download artefacts) are
// dropped.
func rawTable(t *testing.T, path string, sep rune) (map[string]int, [][]string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(h), "_", " "))] = i
	}
	var rows [][]string
	for _, rec := range recs[1:] {
		if len(rec) == 1 && strings.Trim(rec[0], `" `) == "" {
			continue
		}
		rows = append(rows, rec)
	}
	return col, rows
}

// addCell adds a published cell to the expected totals: a number to the
// sum, "<5" to the suppressed count, an empty cell to nothing.
func addCell(t *testing.T, want map[string]int64, key, v string) {
	t.Helper()
	v = strings.TrimSpace(v)
	switch {
	case v == "":
	case v == "<5":
		want[key+" <5"]++
	default:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s: %q", key, v)
		}
		want[key] += int64(f)
	}
}

// TestRealDUOFiles imports every real DUO file into one region and checks
// the stored totals per stage, kind and year against totals computed here
// from the raw file.
func TestRealDUOFiles(t *testing.T) {
	dir := filepath.Dir(shareddata.Path(t, "duo", "mbo_inscriptions_2019.csv"))
	w := newWorld(t, openDB(t))
	loadRealReference(t, w.db)
	want := map[string]int64{}
	type file struct {
		name   string
		sep    rune
		expect func(col map[string]int, rows [][]string)
		layout string
	}
	files := []file{
		{"mbo_inscriptions_2019.csv", ';', func(col map[string]int, rows [][]string) {
			for _, r := range rows {
				for y := 2015; y <= 2019; y++ {
					addCell(t, want, fmt.Sprintf("mbo/enrolled/%d", y), r[col[fmt.Sprintf("TOTAAL%d", y)]])
				}
			}
		}, "mbo-deelnemers-2015"},
		{"mbo_tech_ingeschrevenen_gediplomeerden_2015-2019.csv", ',', func(col map[string]int, rows [][]string) {
			for _, r := range rows {
				for y := 2015; y <= 2019; y++ {
					addCell(t, want, fmt.Sprintf("mbo/enrolled/%d", y), r[col[fmt.Sprintf("%d TOT I", y)]])
					addCell(t, want, fmt.Sprintf("mbo/diploma/%d", y), r[col[fmt.Sprintf("%d TOT D", y)]])
				}
			}
		}, "mbo-tech-afgeleid"},
		{"vo_examenkandidaten_geslaagden_2019-2024.csv", ';', func(col map[string]int, rows [][]string) {
			for _, r := range rows {
				stage := strings.ToLower(r[col["ONDERWIJSTYPE VO"]])
				for y := 2019; y <= 2023; y++ {
					for kind, prefix := range map[string]string{"candidates": "EXAMENKANDIDATEN", "passed": "GESLAAGDEN"} {
						addCell(t, want, fmt.Sprintf("%s/%s/%d", stage, kind, y), r[col[fmt.Sprintf("%s SCHOOLJAAR %d-%d - TOTAAL", prefix, y, y+1)]])
					}
				}
			}
		}, "vo-examenkandidaten-geslaagden"},
	}
	for _, ho := range []struct{ name, stage, kind string }{
		{"hbo_inscriptions_2019.csv", "hbo", "first-year"}, {"hbo_gediplomeerden_2019.csv", "hbo", "diploma"},
		{"wo_inscriptions_2019.csv", "wo", "first-year"}, {"wo_gediplomeerden_2019.csv", "wo", "diploma"},
	} {
		files = append(files, file{ho.name, ';', func(col map[string]int, rows [][]string) {
			for _, r := range rows {
				for y := 2014; y <= 2019; y++ {
					if i, ok := col[strconv.Itoa(y)]; ok {
						addCell(t, want, fmt.Sprintf("%s/%s/%d", ho.stage, ho.kind, y), r[i])
					}
				}
			}
		}, ""})
	}
	// The derived tech file and the enrolment file both count mbo
	// enrolments; the store keeps both (as two datasets), the monitor
	// chooses one per year. Here they add up.
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if _, err := os.Stat(path); err != nil {
			t.Logf("skipping %s: %v", f.name, err)
			continue
		}
		col, rows := rawTable(t, path, f.sep)
		f.expect(col, rows)
		data, _ := os.ReadFile(path)
		imp := w.mustImport(t, f.name, data)
		if f.layout != "" && imp.Layout != f.layout {
			t.Errorf("%s: layout %s", f.name, imp.Layout)
		}
		if imp.Rows != len(rows) || imp.Status != domain.ImportDone {
			t.Errorf("%s: %d rows read, raw file has %d; status %s", f.name, imp.Rows, len(rows), imp.Status)
		}
		t.Logf("%s: %s, %d rows, %d records, %d facts (%d suppressed), %d skipped lines, %d unmapped names",
			f.name, imp.Dataset, imp.Rows, imp.Records, imp.Facts, imp.Suppressed, imp.Skipped, len(imp.Unmapped))
	}
	got := w.totals(t)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: stored %d, raw file %d", k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok && v != 0 {
			t.Errorf("%s: stored %d, not in the raw files", k, v)
		}
	}
	// Nearly every mbo count is placed in a municipality and an AM region.
	var placed, all int
	err := w.db.MonitorFacts(ctx, w.region, func(f *domain.MonitorFact) error {
		if f.Stage == "mbo" && f.Dataset == "mbo-deelnemers-2015" {
			all++
			if f.Municipality != "" && f.LabourMarket != "" {
				placed++
			}
		}
		return nil
	})
	if err != nil || all == 0 || float64(placed) < 0.97*float64(all) {
		t.Fatalf("placed %d of %d mbo facts: %v", placed, all, err)
	}
}

// TestImportFormats: encodings, separators, suppression markers and the
// layouts of the current DUO files.
func TestImportFormats(t *testing.T) {
	w := newWorld(t, openDB(t))
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "opendata", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// UTF-8 with BOM, men and women only: both are stored; "<5" is a
	// suppressed fact, an empty cell nothing.
	imp := w.mustImport(t, "gediplomeerde.csv", read("gediplomeerde-mbo-studenten_utf8bom.csv"))
	if imp.Encoding != "utf-8-bom" || imp.Separator != ";" || imp.Suppressed == 0 || imp.Layout != "gediplomeerde-mbo-studenten" {
		t.Fatalf("utf8bom: %+v", imp)
	}
	col, rows := rawTable(t, filepath.Join("..", "opendata", "testdata", "gediplomeerde-mbo-studenten_utf8bom.csv"), ';')
	want := map[string]int64{}
	for _, r := range rows {
		for y := 2021; y <= 2025; y++ {
			addCell(t, want, fmt.Sprintf("mbo/diploma/%d", y), r[col[fmt.Sprintf("DIPMAN%d", y)]])
			addCell(t, want, fmt.Sprintf("mbo/diploma/%d", y), r[col[fmt.Sprintf("DIPVROUW%d", y)]])
		}
	}
	if got := w.totals(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("diplomas: stored %v, file %v", got, want)
	}
	// Windows-1252 with commas, no year in the file: rejected without one.
	inflow := read("instromende-mbo-studenten_cp1252_comma.csv")
	imp, _, err := w.svc.Import(ctx, w.region, 0, File{Name: "instroom.csv", Data: inflow})
	if err == nil || imp.Status != domain.ImportFailed || len(imp.Problems) != 1 || imp.Problems[0].Column != "JAAR" {
		t.Fatalf("inflow without year: %v %+v", err, imp)
	}
	imp = w.mustImport(t, "instroom.csv", inflow, func(f *File) { f.Year = 2024 })
	if imp.Encoding != "windows-1252" || imp.Separator != "," || !reflect.DeepEqual(imp.Years, []int{2024}) {
		t.Fatalf("cp1252: %+v", imp)
	}
	if got := w.totals(t)["mbo/first-year/2024"]; got == 0 {
		t.Fatalf("inflow not stored as first-years: %v", w.totals(t))
	}
	// Tabs, an artefact line and a suppressed cell.
	imp = w.mustImport(t, "sectorkamer.tsv", read("mbo-studenten-per-sectorkamer-en-leerweg_tab.tsv"))
	if imp.Separator != "\t" || imp.Skipped != 2 || imp.Suppressed != 1 {
		t.Fatalf("tsv: %+v", imp)
	}
	// INDICATIEAVG=J: the published 4 is a suppressed cell, never 4.
	imp = w.mustImport(t, "p01hoinges.csv", read("p01hoinges_indicatieavg.csv"))
	if imp.Suppressed == 0 || imp.Dataset != "p01hoinges/hbo" {
		t.Fatalf("indicatieavg: %+v", imp)
	}
	var four bool
	_ = w.db.MonitorFacts(ctx, w.region, func(f *domain.MonitorFact) error {
		if f.Stage == "hbo" && f.Suppressed && f.Count != 0 {
			four = true
		}
		return nil
	})
	if four {
		t.Fatal("a suppressed cell kept its placeholder")
	}
	// Institution files with a municipality number are placed by it.
	imp = w.mustImport(t, "per-instelling.csv", read("mbo-studenten-per-instelling_cp1252.csv"))
	var placed int
	_ = w.db.MonitorFacts(ctx, w.region, func(f *domain.MonitorFact) error {
		if f.ImportID == imp.ID && f.Municipality == "GM1900" && f.LabourMarket == "AM01" {
			placed++
		}
		return nil
	})
	if placed == 0 {
		t.Fatal("municipality number not used")
	}
}

// TestIdempotentAndNewer: the same file twice changes nothing; a newer file
// for the same years replaces the older one's facts.
func TestIdempotentAndNewer(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { idempotentAndNewer(t, newWorld(t, e.Open(t))) })
	}
}

func idempotentAndNewer(t *testing.T, w *world) {
	data := synthMBO(300, 1)
	first := w.mustImport(t, "mbo.csv", data)
	before := w.totals(t)
	again, dup, err := w.svc.Import(ctx, w.region, 0, File{Name: "copy-of-mbo.csv", Data: data})
	if err != nil || !dup || again.ID != first.ID {
		t.Fatalf("second import: %v dup %v id %d", err, dup, again.ID)
	}
	if after := w.totals(t); !reflect.DeepEqual(before, after) {
		t.Fatal("importing the same file twice changed the facts")
	}
	_, total, _ := w.db.MonitorImports(ctx, w.region, store.Page{})
	if total != 1 {
		t.Fatalf("%d imports recorded", total)
	}
	// A newer publication of 2017-2019 (different numbers) replaces those
	// years and keeps 2015-2016 of the first file.
	newer := []byte(strings.NewReplacer("2015", "2020", "2016", "2021").Replace(string(synthMBO(200, 2))))
	second := w.mustImport(t, "mbo-2017-2021.csv", newer)
	if second.Replaced == 0 || !reflect.DeepEqual(second.Years, []int{2017, 2018, 2019, 2020, 2021}) {
		t.Fatalf("newer: %+v", second)
	}
	after := w.totals(t)
	if after["mbo/enrolled/2015"] != before["mbo/enrolled/2015"] || after["mbo/enrolled/2017"] == before["mbo/enrolled/2017"] {
		t.Fatalf("before %v\nafter %v", before, after)
	}
	f, _ := w.db.MonitorImport(ctx, w.region, first.ID)
	if f.ReplacedBy != second.ID || f.Status != domain.ImportDone {
		t.Fatalf("first import after partial replacement: %+v", f)
	}
}

// TestBadFileRejectedWhole: one bad cell rejects the file with its line and
// column, and what was stored before stays.
func TestBadFileRejectedWhole(t *testing.T) {
	w := newWorld(t, openDB(t))
	w.mustImport(t, "mbo.csv", synthMBO(300, 1))
	before := w.totals(t)
	lines := strings.Split(string(synthMBO(300, 3)), "\r\n")
	cells := strings.Split(lines[150], ";")
	cells[15] = "veertig"
	lines[150] = strings.Join(cells, ";")
	imp, dup, err := w.svc.Import(ctx, w.region, 0, File{Name: "bad.csv", Data: []byte(strings.Join(lines, "\r\n"))})
	var ve *opendata.ValidationError
	if dup || !errors.As(err, &ve) || imp.Status != domain.ImportFailed {
		t.Fatalf("bad file: dup %v err %v status %s", dup, err, imp.Status)
	}
	p := imp.Problems[0]
	if p.Line != 151 || p.Column != "TOTAAL2015" || p.Code != string(opendata.CodeNotANumber) || p.Value != "veertig" {
		t.Fatalf("problem %+v", p)
	}
	stored, _ := w.db.MonitorImport(ctx, w.region, imp.ID)
	if stored.Status != domain.ImportFailed || len(stored.Problems) != 1 {
		t.Fatalf("stored failed import %+v", stored)
	}
	if after := w.totals(t); !reflect.DeepEqual(before, after) {
		t.Fatal("a rejected file changed the facts")
	}
	// An unreadable file and an empty one.
	imp, _, err = w.svc.Import(ctx, w.region, 0, File{Name: "x.csv", Data: []byte("hallo;wereld\n1;2\n")})
	if err == nil || imp.Problems[0].Code != string(opendata.CodeUnknownLayout) {
		t.Fatalf("unknown layout: %v %+v", err, imp.Problems)
	}
	_, _, err = w.svc.Import(ctx, w.region, 0, File{Name: "empty.csv"})
	if domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("empty: %v", err)
	}
}

// failingStore fails the second chunk of facts, in the middle of the
// import's transaction.
type failingStore struct {
	Store
	calls *int
}

func (f failingStore) InsertMonitorFacts(ctx context.Context, importID int64, counts []domain.MonitorCount) error {
	*f.calls++
	if *f.calls == 2 {
		return errors.New("disk full")
	}
	return f.Store.InsertMonitorFacts(ctx, importID, counts)
}

type failingDB struct {
	txDB
	calls *int
}

func (d failingDB) InTx(ctx context.Context, fn func(Store) error) error {
	return d.txDB.InTx(ctx, func(s Store) error { return fn(failingStore{s, d.calls}) })
}

// TestAllOrNothingMidway: a failure after part of the facts was inserted
// (and after the older facts of the same years were deleted) leaves the
// database as it was.
func TestAllOrNothingMidway(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { allOrNothingMidway(t, newWorld(t, e.Open(t))) })
	}
}

func allOrNothingMidway(t *testing.T, w *world) {
	w.mustImport(t, "old.csv", synthMBO(3000, 1))
	before := w.totals(t)
	calls := 0
	svc := New(failingDB{txDB{w.db}, &calls}, quiet, nil)
	imp, _, err := svc.Import(ctx, w.region, 0, File{Name: "new.csv", Data: synthMBO(20000, 2)})
	if err == nil || calls != 2 || imp.Status != domain.ImportFailed || imp.Note != "internal" {
		t.Fatalf("midway failure: %v calls %d %+v", err, calls, imp)
	}
	if after := w.totals(t); !reflect.DeepEqual(before, after) {
		t.Fatal("a failure in the middle left facts behind or lost the old ones")
	}
	imps, _, _ := w.db.MonitorImports(ctx, w.region, store.Page{})
	if len(imps) != 2 || imps[1].Status != domain.ImportDone || imps[0].Status != domain.ImportFailed {
		t.Fatalf("imports %+v", imps)
	}
	// The file imports fine afterwards.
	w.mustImport(t, "new.csv", synthMBO(20000, 2))
}

// TestLabourFiles imports the real CBS vacancies and Wij Techniek files.
func TestLabourFiles(t *testing.T) {
	w := newWorld(t, openDB(t))
	loadRealReference(t, w.db)
	vac, err := os.ReadFile(shareddata.Path(t, "arbeidsmarkt", "cbs_83599NED_openstaande_vacatures_provincie_2026Q2.csv"))
	if err != nil {
		t.Fatal(err)
	}
	imp := w.mustImport(t, "vacatures.csv", vac)
	if imp.Source != domain.SourceLabour || imp.Layout != SourceVacancies || imp.Rows != 24 || imp.Facts != 72 {
		t.Fatalf("vacancies: %+v", imp)
	}
	prog, err := os.ReadFile(shareddata.Path(t, "arbeidsmarkt", "wijtechniek_prognose_wervingsbehoefte.json"))
	if err != nil {
		t.Fatal(err)
	}
	imp = w.mustImport(t, "prognose.json", prog)
	if imp.Layout != SourcePrognosis || imp.Rows != 210 || !reflect.DeepEqual(imp.Years, []int{2015, 2016, 2017, 2018, 2019, 2020}) {
		t.Fatalf("prognosis: %+v", imp)
	}
	figs, err := w.db.LabourFigures(ctx, w.region)
	if err != nil {
		t.Fatal(err)
	}
	var overijssel float64
	for _, f := range figs {
		if f.Source == SourceVacancies && f.Area == "PV23" && f.Sector == "alle sectoren" && f.Measure == MeasureVacancies {
			overijssel = f.Value
		}
	}
	if overijssel < 1000 {
		t.Fatalf("Overijssel vacancies %v (province name not mapped?)", overijssel)
	}
}

func TestDetectKind(t *testing.T) {
	for in, want := range map[string]string{
		"\xef\xbb\xbf {\"jaar_2018\": {}}":              KindPrognosis,
		"regio,sector,periode,voorlopig,waarde_x1000\n": KindVacancies,
		"BRIN NUMMER;SOORTINS\n":                        KindDUO,
		"":                                              KindDUO,
	} {
		if got := DetectKind([]byte(in)); got != want {
			t.Errorf("%q: %s", in, got)
		}
	}
}

var emptyDataset duo.Dataset

func TestHOStage(t *testing.T) {
	for name, want := range map[string]string{"wo_inscriptions_2019.csv": "wo", "data/hbo_x.csv": "hbo", "p01hoinges.csv": "hbo", `C:\dl\wo-gediplomeerden.csv`: "wo"} {
		if got := hoStage("", name, &emptyDataset); got != want {
			t.Errorf("%s: %s", name, got)
		}
	}
	if got := hoStage("wo", "hbo.csv", &emptyDataset); got != "wo" {
		t.Errorf("option ignored: %s", got)
	}
}

// TestRecoverInterrupted: an import left running by a process that was
// killed is marked failed at the next start; nothing of it was stored
// (its transaction never committed).
func TestRecoverInterrupted(t *testing.T) {
	w := newWorld(t, openDB(t))
	w.mustImport(t, "mbo.csv", synthMBO(100, 1))
	before := w.totals(t)
	id, err := w.db.CreateMonitorImport(ctx, domain.MonitorImport{RegionID: w.region, Source: domain.SourceDUO, FileName: "killed.csv",
		SHA256: "killed", Status: domain.ImportRunning})
	if err != nil {
		t.Fatal(err)
	}
	// A transaction that inserted rows but never committed: the process
	// died before the commit.
	tx, err := w.db.Write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(w.db.Engine.Rebind("INSERT INTO monitor_rows (import_id, row_no, region_id, line, stage, school, municipality, labour_market, sector, domain, qualification, level, pathway) VALUES (?, 1, ?, 2, 'mbo', 'X', '', '', '', '', '', '', '')"), id, w.region); err != nil {
		t.Fatal(err)
	}
	_ = tx.Rollback()
	svc := New(txDB{w.db}, quiet, func() time.Time { return time.Now().Add(time.Minute) })
	if err := svc.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	imp, err := w.db.MonitorImport(ctx, w.region, id)
	if err != nil || imp.Status != domain.ImportFailed || imp.Note != "interrupted" {
		t.Fatalf("interrupted import: %+v %v", imp, err)
	}
	if after := w.totals(t); !reflect.DeepEqual(before, after) {
		t.Fatal("facts changed")
	}
	// The file can be imported again.
	if _, dup, err := svc.Import(ctx, w.region, 0, File{Name: "killed.csv", Data: synthMBO(50, 9)}); err != nil || dup {
		t.Fatalf("after recovery: %v %v", dup, err)
	}
}
