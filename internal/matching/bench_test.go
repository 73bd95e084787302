package matching_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"talentloket/internal/demo"
	"talentloket/internal/domain"
	"talentloket/internal/matching"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
)

// BenchmarkRoundDemoRegion computes a matching round through the app's
// conversion on the demo's Twente region (seed 1, generated once into an
// SQLite file outside the timer): every looking mbo student who wants an
// internship, every open internship, lists of ten. Each iteration reads the
// students and placements from the store, converts them, derives the lists
// with the fit score (a search index over the round's placements), draws
// the lottery, runs and verifies deferred acceptance and builds the result
// — everything a run does except saving. The national size runs through
// the compact API in internal/match (BenchmarkRound*).
func BenchmarkRoundDemoRegion(b *testing.B) {
	db, regionID := demoDB(b)
	id, err := db.CreateRound(ctx, domain.Round{RegionID: regionID, Name: "bench", Seed: 1, Params: domain.RoundParams{
		Stage: domain.StageMBO, Kinds: []domain.PlacementKind{domain.KindInternship}, WantKinds: []domain.PlacementKind{domain.KindInternship}}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var stats domain.RoundStats
	for b.Loop() {
		if stats, _, _, err = matching.Compute(ctx, db, regionID, id, today); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.Students), "students")
	b.ReportMetric(float64(stats.Placements), "placements")
	b.ReportMetric(float64(stats.Entries), "entries")
	b.ReportMetric(float64(stats.Assigned), "assigned")
}

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// demoDB generates the demo once per process into a temporary file and
// opens it; it returns the Twente region's id.
func demoDB(b *testing.B) (*store.DB, int64) {
	b.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tl-bench-")
		if err != nil {
			demoErr = err
			return
		}
		demoPath = filepath.Join(dir, "demo.db")
		db, err := sqlite.Open(ctx, demoPath)
		if err != nil {
			demoErr = err
			return
		}
		defer db.Close()
		if _, demoErr = db.Migrate(ctx); demoErr != nil {
			return
		}
		_, demoErr = demo.Generate(ctx, db, demo.Options{Seed: 1, Now: today})
	})
	if demoErr != nil {
		b.Fatal(demoErr)
	}
	db, err := sqlite.Open(ctx, demoPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	r, err := db.RegionBySlug(ctx, "twente")
	if err != nil {
		b.Fatal(err)
	}
	return db, r.ID
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoPath != "" {
		os.RemoveAll(filepath.Dir(demoPath))
	}
	os.Exit(code)
}
