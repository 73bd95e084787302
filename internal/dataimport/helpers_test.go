package dataimport

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"talentloket/internal/domain"
	"talentloket/internal/reference"
	"talentloket/internal/shareddata"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// txDB lets the service run transactions of the store.
type txDB struct{ *store.DB }

func (d txDB) InTx(ctx context.Context, fn func(Store) error) error {
	return d.DB.InTxBulk(ctx, func(q *store.Queries) error { return fn(q) })
}

// world is a fresh database with one region and a little reference data:
// the municipalities and places the small test files name.
type world struct {
	db     *store.DB
	svc    *Service
	region int64
}

func newWorld(t testing.TB, db *store.DB) *world {
	t.Helper()
	id, err := db.CreateRegion(ctx, domain.Region{Slug: "twente", Name: "Twente"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []domain.Municipality{
		{Code: "GM0153", Name: "Enschede", Year: 2026, LabourMarketCode: "AM05", LabourMarket: "Twente", ProvinceCode: "PV23", Province: "Overijssel"},
		{Code: "GM0164", Name: "Hengelo", Year: 2026, LabourMarketCode: "AM05", LabourMarket: "Twente", ProvinceCode: "PV23", Province: "Overijssel"},
		{Code: "GM0599", Name: "Rotterdam", Year: 2026, LabourMarketCode: "AM22", LabourMarket: "Rijnmond", ProvinceCode: "PV28", Province: "Zuid-Holland"},
		{Code: "GM1900", Name: "Súdwest-Fryslân", Year: 2026, LabourMarketCode: "AM01", LabourMarket: "Friesland", ProvinceCode: "PV21", Province: "Fryslân"},
	} {
		if err := db.UpsertMunicipality(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := db.UpsertPlaceName(ctx, m.Name, m.Code, "municipality"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetRegionMunicipalities(ctx, id, []string{"GM0153", "GM0164"}); err != nil {
		t.Fatal(err)
	}
	return &world{db: db, svc: New(txDB{db}, quiet, nil), region: id}
}

// loadRealReference loads the real CBS municipalities and places (skips
// when the shared data is absent).
func loadRealReference(t testing.TB, db *store.DB) {
	t.Helper()
	mf, err := os.Open(shareddata.Path(t, "cbs", "gemeenten_corop_arbeidsmarktregio_provincie.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	pf, err := os.Open(shareddata.Path(t, "cbs", "woonplaatsen_gemeente_corop.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if _, err := reference.Load(ctx, db, reference.Sources{Municipalities: mf, Places: pf}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) mustImport(t testing.TB, name string, data []byte, opts ...func(*File)) domain.MonitorImport {
	t.Helper()
	f := File{Name: name, Data: data}
	for _, o := range opts {
		o(&f)
	}
	imp, dup, err := w.svc.Import(ctx, w.region, 0, f)
	if err != nil || dup {
		t.Fatalf("import %s: dup %v, %v (%+v)", name, dup, err, imp.Problems)
	}
	return imp
}

// totals sums the region's stored facts by stage, kind and year.
func (w *world) totals(t testing.TB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := w.db.MonitorFacts(ctx, w.region, func(f *domain.MonitorFact) error {
		out[fmt.Sprintf("%s/%s/%d", f.Stage, f.Kind, f.Year)] += f.Count
		if f.Suppressed {
			out[fmt.Sprintf("%s/%s/%d <5", f.Stage, f.Kind, f.Year)]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func openDB(t testing.TB) *store.DB { return storetest.OpenSQLite(t) }

// synthMBO writes a DUO file in the 2015-2019 mbo enrolment layout with
// rows rows and 30 columns (the layout's 28, INDICATIEAVG and one column
// the importer ignores), semicolon-separated with CRLF like DUO's: the
// benchmark's and the all-or-nothing test's input.
func synthMBO(rows int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.WriteString("BRIN NUMMER;SOORTINS;INSTELLINGSNAAM;PLAATSNAAM;TYPE MBO;KWALIFICATIENIVEAU;KWALIFICATIE CODE;KWALIFICATIE NAAM;" +
		"MBO SECTOR;DOMEIN;SECTORUNIT SBB;BRIN NUMMER KENNISCENTRUM;NAAM KENNISCENTRUM")
	for y := 2015; y <= 2019; y++ {
		fmt.Fprintf(&b, ";MAN%d;VROUW%d;TOTAAL%d", y, y, y)
	}
	b.WriteString(";INDICATIEAVG;OPMERKING\r\n")
	places := []string{"ENSCHEDE", "HENGELO", "ROTTERDAM", "SNEEK"}
	sectors := []struct{ sector, domain string }{{"techniek", "Techniek en procesindustrie"}, {"economie", "Handel en ondernemerschap"},
		{"zorg en welzijn", "Zorg en welzijn"}, {"techniek", "Bouw en infra"}}
	for i := range rows {
		brin := fmt.Sprintf("%02dX%c", i%97, 'A'+byte(i%23))
		s := sectors[i%len(sectors)]
		fmt.Fprintf(&b, "%s;ROC;Instelling %s;%s;%s;%d;%d;Kwalificatie %d;%s;%s;Sectorunit;    ;                        ",
			brin, brin, places[i%len(places)], []string{"BOLVT", "BOLDT", "BBL"}[i%3], 1+i%4, 25000+i%900, i%900, s.sector, s.domain)
		for range 5 {
			m, v := rng.IntN(60), rng.IntN(40)
			if rng.IntN(10) == 0 {
				b.WriteString(";;;") // empty: no students
				continue
			}
			fmt.Fprintf(&b, ";%d;%d;%d", m, v, m+v)
		}
		b.WriteString(";N;\r\n")
	}
	return []byte(b.String())
}
