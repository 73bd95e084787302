package desk

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkNewBoard10000 builds the desk board from 10,000 questions of
// which about 6% are open (the pure part of the board: ages, deadlines,
// holders), in Europe/Amsterdam working time.
//
//	go test ./internal/desk -run '^$' -bench . -benchmem
func BenchmarkNewBoard10000(b *testing.B) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		b.Skip(err)
	}
	r := rand.New(rand.NewPCG(2, 2))
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, loc)
	qs := make([]Question, 10000)
	for i := range qs {
		c := now.Add(-time.Duration(r.Int64N(int64(5 * 365 * 24 * time.Hour))))
		st := StatusClosed
		if r.IntN(100) < 6 {
			st = QuestionStatuses[r.IntN(4)]
		}
		q := Question{ID: int64(i + 1), Status: st, CreatedAt: c, HolderID: int64(r.IntN(4))}
		if r.IntN(3) == 0 {
			q.Due = c.AddDate(0, 0, 14)
		}
		qs[i] = q
	}
	cal := Calendar{Location: loc}
	b.ReportAllocs()
	for b.Loop() {
		NewBoard(qs, now, cal, SLA{})
	}
}
