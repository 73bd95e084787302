package service_test

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
	"talentloket/internal/store/storetest"
)

// Benchmarks of the desk's pages at the size a large region reaches in
// five years: 10,000 questions (of which about 600 open), their histories
// and the partners' routes, on SQLite. The baseline reads the same rows
// without doing anything with them: what any board or figures page must at
// least pay.
//
//	go test ./internal/desk/service -run '^$' -bench . -benchmem

type benchEnv struct {
	db    *store.DB
	s     *service.Service
	coord context.Context
}

func newBenchEnv(b *testing.B, n int) benchEnv {
	b.Helper()
	dir, err := os.MkdirTemp("", "tl-desk-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDir = dir
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	f := storetest.NewFixture(b, db, "")
	a := f.A
	r := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	start := now.AddDate(-5, 0, 0)
	coord := a.Users[domain.RoleCoordinator].ID
	partners := []int64{a.School.ID, a.OtherSchool.ID, a.OtherCompany.ID}
	sectors := service.Sectors
	err = db.InTx(context.Background(), func(q *store.Queries) error {
		for range n {
			created := start.Add(time.Duration(r.Int64N(int64(now.Sub(start)))))
			dq, first, err := desk.NewQuestion(desk.Question{RegionID: a.Region.ID, CompanyID: a.Company.ID, FiledBy: a.Users[domain.RoleCompany].ID,
				Kind: desk.QuestionKinds[r.IntN(len(desk.QuestionKinds))], Title: "Vraag", Text: "Een langere toelichting bij de vraag.",
				Sector: sectors[r.IntN(len(sectors))], Field: "techniek"}, created)
			if err != nil {
				return err
			}
			// Take the steps in memory, then store the question as it ends
			// up with its whole history.
			steps := []desk.Step{{Action: desk.ActTake}, {Action: desk.ActRoute, PartnerID: partners[r.IntN(len(partners))]},
				{Action: desk.ActAcceptRoute}, {Action: desk.ActAnswer, Note: "Antwoord"}, {Action: desk.ActClose, Outcome: desk.OutcomeMatched}}
			last := len(steps)
			if now.Sub(created) < 60*24*time.Hour { // recent: work in progress
				last = r.IntN(len(steps) + 1)
			}
			var evs []desk.Event
			t := created
			for _, st := range steps[:last] {
				t = t.Add(time.Duration(r.Int64N(int64(48 * time.Hour))))
				if t.After(now) {
					break
				}
				st.ActorID, st.Sides = coord, desk.SideDesk
				ev, err := dq.Apply(st, t)
				if err != nil {
					return err
				}
				evs = append(evs, ev)
			}
			if dq.ID, err = q.CreateQuestion(context.Background(), dq, first); err != nil {
				return err
			}
			for _, ev := range evs {
				ev.QuestionID = dq.ID
				if _, err := q.AddQuestionEvent(context.Background(), ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	ap := app.New(db, app.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }})
	return benchEnv{db: db, s: ap.Desk, coord: request.WithActor(context.Background(), a.Users[domain.RoleCoordinator])}
}

// benchDir holds the benchmarks' database, shared by all of them and
// removed by TestMain.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

var benchOnce struct {
	env benchEnv
	ok  bool
}

func benchEnvOf(b *testing.B) benchEnv {
	if !benchOnce.ok {
		benchOnce.env, benchOnce.ok = newBenchEnv(b, 10000), true
	}
	return benchOnce.env
}

// BenchmarkScan10000 is the baseline: read the 10,000 questions' facts
// as the figures do, and nothing else.
func BenchmarkScan10000(b *testing.B) {
	e := benchEnvOf(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.db.QuestionFacts(ctx, 1, time.Time{}, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBoard10000 renders the desk board's data: the open questions of
// 10,000 with their age, deadline and holder.
func BenchmarkBoard10000(b *testing.B) {
	e := benchEnvOf(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.s.Board(e.coord, service.BoardFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFigures10000 computes the desk's figures over all 10,000
// questions and their partner events, as after every change (the cache
// dropped each time).
func BenchmarkFigures10000(b *testing.B) {
	e := benchEnvOf(b)
	regionID := int64(1)
	b.ReportAllocs()
	for b.Loop() {
		e.s.DropFiguresCache(regionID)
		if _, err := e.s.Figures(e.coord, time.Time{}, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFiguresCached10000 is the figures page while nothing changed:
// a check of the questions' stamp and the cached figures.
func BenchmarkFiguresCached10000(b *testing.B) {
	e := benchEnvOf(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.s.Figures(e.coord, time.Time{}, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}
