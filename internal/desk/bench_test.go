package desk

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkComputeFigures10000 computes the desk figures over 10,000
// questions (a large region's five years), most of them closed after a few
// weeks, in Europe/Amsterdam working time.
//
//	go test ./internal/desk -run '^$' -bench . -benchmem
func BenchmarkComputeFigures10000(b *testing.B) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		b.Skip(err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, loc)
	qs := make([]Question, 10000)
	for i := range qs {
		c := start.Add(time.Duration(r.Int64N(int64(5 * 365 * 24 * time.Hour))))
		q := Question{ID: int64(i + 1), Kind: QuestionKinds[r.IntN(len(QuestionKinds))], Sector: []string{"metaal", "installatie", "elektro", ""}[r.IntN(4)],
			Status: StatusClosed, Outcome: Outcomes[r.IntN(len(Outcomes))], CreatedAt: c,
			TakenAt: c.Add(time.Duration(r.Int64N(int64(72 * time.Hour)))), PartnerID: int64(r.IntN(60) + 1)}
		q.AnsweredAt = q.TakenAt.Add(time.Duration(r.Int64N(int64(20 * 24 * time.Hour))))
		q.ClosedAt = q.AnsweredAt.Add(time.Duration(r.Int64N(int64(10 * 24 * time.Hour))))
		qs[i] = q
	}
	cal := Calendar{Location: loc}
	b.ReportAllocs()
	for b.Loop() {
		ComputeFigures(qs, cal)
	}
}
