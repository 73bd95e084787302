package index

import (
	"slices"
	"sync"
	"testing"
	"time"

	"talentloket/internal/match"
)

// Benchmarks over 500,000 open placements (see gen_test.go for how they are
// generated), built once per process outside the timer. Each benchmark
// cycles through a fixed set of 1,000 queries (the search mix of
// synth.query, or recommendations for 1,000 synthetic students with top
// 20) and measures every query with time.Now; besides ns/op it reports the
// 50th and 99th percentile of those durations (p50-µs, p99-µs). The /scan
// variants answer the same queries with the plain filtered scans
// (SearchScan, RecommendScan) for comparison in the same run.

const benchPlacements = 500_000

var (
	benchOnce     sync.Once
	benchIx       *Index
	benchQueries  []Query
	benchStudents []match.Student
)

func benchSetup(b *testing.B) {
	b.Helper()
	benchOnce.Do(func() {
		var g *synth
		benchIx, g = buildIndex(42, benchPlacements)
		for i := 0; i < 1000; i++ {
			benchQueries = append(benchQueries, g.query())
			benchStudents = append(benchStudents, g.student(i))
		}
	})
}

func percentiles(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	at := func(q float64) float64 {
		return float64(d[min(len(d)-1, int(q*float64(len(d))))].Nanoseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

func runQueries(b *testing.B, run func(i int) []Hit) {
	b.Helper()
	d := make([]time.Duration, 0, 1<<16)
	hits := 0
	b.ResetTimer()
	i := 0
	for b.Loop() {
		t := time.Now()
		hits += len(run(i % 1000))
		d = append(d, time.Since(t))
		i++
	}
	b.StopTimer()
	percentiles(b, d)
	b.ReportMetric(float64(hits)/float64(i), "hits/op")
}

func BenchmarkSearch(b *testing.B) {
	benchSetup(b)
	b.Run("index", func(b *testing.B) {
		runQueries(b, func(i int) []Hit { return benchIx.Search(benchQueries[i]) })
	})
	b.Run("scan", func(b *testing.B) {
		runQueries(b, func(i int) []Hit { return benchIx.SearchScan(benchQueries[i]) })
	})
}

func BenchmarkRecommend(b *testing.B) {
	benchSetup(b)
	b.Run("index", func(b *testing.B) {
		runQueries(b, func(i int) []Hit { return benchIx.Recommend(&benchStudents[i], Query{}) })
	})
	b.Run("index-explain", func(b *testing.B) {
		runQueries(b, func(i int) []Hit { return benchIx.Recommend(&benchStudents[i], Query{Explain: true}) })
	})
	b.Run("scan", func(b *testing.B) {
		runQueries(b, func(i int) []Hit { return benchIx.RecommendScan(&benchStudents[i], Query{}) })
	})
}

// BenchmarkUpsert measures replacing a placement (remove and insert).
func BenchmarkUpsert(b *testing.B) {
	benchSetup(b)
	g := newSynth(99)
	ps := make([]match.Placement, 1000)
	for i := range ps {
		ps[i] = g.placement(i * 397)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		_ = benchIx.Upsert(ps[i%len(ps)])
		i++
	}
}

// BenchmarkSpeedup answers the same queries (the first 100 searches and the
// first 10 recommendations of the sets above) with the index and with the
// scan, and reports how many times faster the index is ("x-search",
// "x-recommend"); ns/op is the time of one such comparison. Run it with
// -benchtime 1x: the scans are slow.
func BenchmarkSpeedup(b *testing.B) {
	benchSetup(b)
	b.ResetTimer()
	var ixS, scS, ixR, scR time.Duration
	for b.Loop() {
		for i := 0; i < 100; i++ {
			t := time.Now()
			benchIx.Search(benchQueries[i])
			ixS += time.Since(t)
			t = time.Now()
			benchIx.SearchScan(benchQueries[i])
			scS += time.Since(t)
		}
		for i := 0; i < 10; i++ {
			t := time.Now()
			benchIx.Recommend(&benchStudents[i], Query{})
			ixR += time.Since(t)
			t = time.Now()
			benchIx.RecommendScan(&benchStudents[i], Query{})
			scR += time.Since(t)
		}
	}
	b.ReportMetric(float64(scS)/float64(ixS), "x-search")
	b.ReportMetric(float64(scR)/float64(ixR), "x-recommend")
}
