package dataimport

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"talentloket/internal/domain"
	"talentloket/internal/opendata/duo"
	"talentloket/internal/store"
	"talentloket/internal/store/storetest"
)

// BenchmarkImport20k imports a DUO file of 20,000 rows x 30 columns end to
// end: read, detect, validate, map places, and store every fact in one
// transaction. Baselines in the same run: parse is the reader alone (no
// database), and postgres-copy is PostgreSQL's COPY of the same file into a
// table of 30 text columns (no validation, no long form, no mapping).
//
//	go test ./internal/dataimport -run '^$' -bench Import20k -benchmem -cpu 1
func BenchmarkImport20k(b *testing.B) {
	data := synthMBO(20000, 1)
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := duo.Read(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			db := e.Open(b)
			w := newWorld(b, db)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			facts := 0
			n := 0
			for b.Loop() {
				// A new region each time: the same file in the same region
				// would be recognised and skipped.
				b.StopTimer()
				n++
				region, err := db.CreateRegion(ctx, domain.Region{Slug: fmt.Sprintf("r%d", n), Name: "R"})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				imp, dup, err := w.svc.Import(ctx, region, 0, File{Name: "mbo.csv", Data: data})
				if err != nil || dup {
					b.Fatal(err, dup)
				}
				facts = imp.Facts
			}
			b.ReportMetric(float64(facts), "facts/op")
		})
	}
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres-copy", func(b *testing.B) {
			conn, err := pgx.Connect(ctx, storetest.PostgresDSN(b))
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close(ctx)
			cols := make([]string, 30)
			for i := range cols {
				cols[i] = fmt.Sprintf("c%d text", i)
			}
			if _, err := conn.Exec(ctx, "CREATE TABLE staging ("+strings.Join(cols, ", ")+")"); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				tx, err := conn.Begin(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(data),
					"COPY staging FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"); err != nil {
					b.Fatal(err)
				}
				if err := tx.Commit(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStoreFacts is the storing step alone: 20,000 source rows and
// 90,000 facts in one transaction, with multi-row INSERTs (insert) and
// with the engine's bulk path (bulk: COPY on PostgreSQL, the same
// multi-row INSERTs on SQLite).
func BenchmarkStoreFacts(b *testing.B) {
	for _, e := range storetest.Engines() {
		for _, mode := range []string{"insert", "bulk"} {
			b.Run(e.Name+"/"+mode, func(b *testing.B) { storeFacts(b, e.Open(b), mode == "bulk") })
		}
	}
}

func storeFacts(b *testing.B, db *store.DB, bulk bool) {
	w := newWorld(b, db)
	inTx := db.InTx
	if bulk {
		inTx = db.InTxBulk
	}
	rows := make([]domain.MonitorRow, 20000)
	for i := range rows {
		rows[i] = domain.MonitorRow{Row: i + 1, Line: i + 2, Stage: "mbo", School: "25LX", Municipality: "GM0153",
			LabourMarket: "AM05", Sector: "techniek", Domain: "Techniek en procesindustrie", Qualification: "25340", Level: "3", Pathway: "BOLVT"}
	}
	counts := make([]domain.MonitorCount, 90000)
	for i := range counts {
		counts[i] = domain.MonitorCount{Row: 1 + i%20000, Year: 2015 + i/20000, Kind: "enrolled", Sex: "T", Count: int64(1 + i%90)}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		id, err := db.CreateMonitorImport(ctx, domain.MonitorImport{RegionID: w.region, Source: domain.SourceDUO, SHA256: fmt.Sprint(b.N, b.Elapsed()),
			Status: domain.ImportRunning})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := inTx(ctx, func(q *store.Queries) error {
			if err := q.InsertMonitorRows(ctx, w.region, id, rows); err != nil {
				return err
			}
			return q.InsertMonitorFacts(ctx, id, counts)
		}); err != nil {
			b.Fatal(err)
		}
	}
}
