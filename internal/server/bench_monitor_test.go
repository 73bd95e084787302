package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/dataimport"
	"talentloket/internal/demo"
	"talentloket/internal/server"
	"talentloket/internal/shareddata"
	"talentloket/internal/store/sqlite"
)

// BenchmarkMonitorPages renders the monitor's pages server-side through
// the whole stack (middleware, session, use case, templates) for a signed-
// in coordinator, with the region's table already in memory:
//
//   - demo/...: the generated demo (Twente, about 15,000 facts);
//   - national/...: every real DUO file of the shared data imported into
//     the region (about 270,000 facts; skipped when the data is absent),
//     the monitor for the whole country and for one AM region.
//
// The baseline in the same run is /home, the lightest signed-in page.
//
//	go test ./internal/server -run '^$' -bench MonitorPages -benchmem -cpu 1
func BenchmarkMonitorPages(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	hash, _ := auth.HashPassword("bench-password-1", fast)
	if _, err := demo.Generate(ctx, db, demo.Options{Seed: 7, PasswordHash: hash, Now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}); err != nil {
		b.Fatal(err)
	}
	e := newEnvOn(b, db, nil)
	u, err := db.UserByEmail(ctx, "coordinator@twente.demo")
	if err != nil {
		b.Fatal(err)
	}
	tok, _, err := e.app.Auth.Login(ctx, u.Email, "bench-password-1", auth.Meta{IP: "192.0.2.1"})
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: server.SessionCookie, Value: tok}
	page := func(path string) func(b *testing.B) {
		return func(b *testing.B) {
			get := func() int {
				r := httptest.NewRequest("GET", path, nil)
				r.AddCookie(cookie)
				w := httptest.NewRecorder()
				e.h.ServeHTTP(w, r)
				return w.Code
			}
			if code := get(); code != 200 { // builds the table once
				b.Fatalf("%s: %d", path, code)
			}
			b.ReportAllocs()
			for b.Loop() {
				if code := get(); code != 200 {
					b.Fatal(code)
				}
			}
		}
	}
	b.Run("home", page("/home"))
	b.Run("demo/dashboard", page("/monitor"))
	b.Run("demo/dashboard-filtered", page("/monitor?area=AM05&sector=techniek&level=4&from=2018"))
	b.Run("demo/compare", page("/monitor/compare"))
	b.Run("demo/api-aggregates", page("/api/v1/monitor/aggregates?group=school,year"))

	dir := shareddata.Dir()
	if dir == "" {
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "duo", "*.csv"))
	if len(files) == 0 {
		return
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := e.app.Imports.Import(ctx, u.RegionID, u.ID, dataimport.File{Name: filepath.Base(f), Data: data}); err != nil {
			b.Fatal(err)
		}
	}
	if err := e.app.Monitor.Engine().Rebuild(ctx, u.RegionID); err != nil {
		b.Fatal(err)
	}
	b.Run("national/table-build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := e.app.Monitor.Engine().Rebuild(ctx, u.RegionID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("national/dashboard-NL", page("/monitor?area=NL"))
	b.Run("national/dashboard-AM05", page("/monitor?area=AM05&from=2015"))
	b.Run("national/compare", page("/monitor/compare?stage=vmbo&kind=candidates"))
}
