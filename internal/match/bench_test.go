package match

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// The national round of the quality bar: 250,000 students each ranking 100
// distinct placements out of 100,000 (25,000,000 preference entries).
//
// How the input is generated (once per process, outside the timer, by
// genNational): placements get a capacity drawn uniformly from 1..4 (about
// 250,000 seats, as many as students). A student's 100 distinct choices are
// drawn one after another, best first. In the "skewed" variant a choice is
// placement floor(m*u*u) for uniform u, so the first 1% of placements draw
// 10% of all choices (about ten times the average demand) and the first 10%
// draw 32%; in the "uniform" variant every placement is equally likely.
// The "explicit" variant adds a ranked list to every placement: the students
// who listed it, minus a random 10% it finds unacceptable, ordered by a
// common student quality plus placement-specific noise (companies agree
// roughly on who is strong).
//
// What is counted: b.N runs of Run, each including validation, the lottery,
// the rank lookup (explicit variant), the proposals, building the Result and
// the verification. B/op is every byte Run allocates; the metric "B/entry"
// divides it by the 25,000,000 student preference entries. The input slices
// themselves (100 MB of student lists, plus 90 MB of placement lists in the
// explicit variant) are built before the timer and not counted.

const (
	benchStudents   = 250_000
	benchPlacements = 100_000
	benchListLen    = 100
)

var (
	benchOnce              sync.Once
	benchSkewed, benchUnif *Instance
	benchExplicit          *Instance
)

func benchInstances(b *testing.B) (skewed, uniform, explicit *Instance) {
	b.Helper()
	benchOnce.Do(func() {
		benchSkewed = genNational(1, benchStudents, benchPlacements, benchListLen, true)
		benchUnif = genNational(2, benchStudents, benchPlacements, benchListLen, false)
		benchExplicit = withExplicitLists(benchSkewed, 3)
		runtime.GC()
	})
	return benchSkewed, benchUnif, benchExplicit
}

// genNational builds a lottery-only instance as described above.
func genNational(seed uint64, n, m, listLen int, skewed bool) *Instance {
	r := newRNG(seed)
	in := &Instance{
		StudentOffsets: make([]int32, n+1),
		StudentPrefs:   make([]int32, 0, n*listLen),
		Capacity:       make([]int32, m),
		Seed:           seed,
	}
	for p := range in.Capacity {
		in.Capacity[p] = int32(1 + r.uintn(4))
	}
	seen := make([]int32, m)
	for i := range seen {
		seen[i] = -1
	}
	for s := 0; s < n; s++ {
		for c := 0; c < listLen; {
			var p int32
			if skewed {
				u := float64(r.next()>>11) / (1 << 53)
				p = int32(float64(m) * u * u)
			} else {
				p = int32(r.uintn(uint32(m)))
			}
			if seen[p] == int32(s) {
				continue
			}
			seen[p] = int32(s)
			in.StudentPrefs = append(in.StudentPrefs, p)
			c++
		}
		in.StudentOffsets[s+1] = int32(len(in.StudentPrefs))
	}
	return in
}

// withExplicitLists returns a copy of in where every placement ranks the
// students who listed it, as described above.
func withExplicitLists(in *Instance, seed uint64) *Instance {
	n, m := in.NumStudents(), in.NumPlacements()
	r := newRNG(seed)
	quality := make([]uint32, n)
	for s := range quality {
		quality[s] = r.uintn(1 << 20)
	}
	out := *in
	out.Ranked = make([]bool, m)
	for p := range out.Ranked {
		out.Ranked[p] = true
	}
	out.PlacementOffsets = make([]int32, m+1)
	for _, p := range in.StudentPrefs {
		out.PlacementOffsets[p+1]++
	}
	for p := 0; p < m; p++ {
		out.PlacementOffsets[p+1] += out.PlacementOffsets[p]
	}
	keys := make([]uint64, len(in.StudentPrefs))
	pos := slices.Clone(out.PlacementOffsets[:m])
	for s := 0; s < n; s++ {
		for _, p := range in.StudentPrefs[in.StudentOffsets[s]:in.StudentOffsets[s+1]] {
			noise := r.uintn(1 << 18)
			keys[pos[p]] = uint64(quality[s]+noise)<<32 | uint64(s)
			pos[p]++
		}
	}
	out.PlacementPrefs = make([]int32, 0, len(keys)*9/10)
	newOff := make([]int32, m+1)
	for p := 0; p < m; p++ {
		seg := keys[out.PlacementOffsets[p]:out.PlacementOffsets[p+1]]
		slices.Sort(seg)
		for _, key := range seg {
			if r.uintn(10) == 0 {
				continue // unacceptable to this placement
			}
			out.PlacementPrefs = append(out.PlacementPrefs, int32(uint32(key)))
		}
		newOff[p+1] = int32(len(out.PlacementPrefs))
	}
	out.PlacementOffsets = newOff
	return &out
}

func benchRun(b *testing.B, in *Instance) {
	b.Helper()
	ctx := context.Background()
	var res *Result
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		var err error
		if res, err = Run(ctx, in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	entries := float64(len(in.StudentPrefs))
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/entries, "B/entry")
	b.ReportMetric(float64(res.Proposals), "proposals")
	b.ReportMetric(100*float64(res.Assigned)/float64(in.NumStudents()), "%placed")
}

// BenchmarkRoundSkewed is the national round with popular placements.
func BenchmarkRoundSkewed(b *testing.B) {
	skewed, _, _ := benchInstances(b)
	benchRun(b, skewed)
}

// BenchmarkRoundUniform is the national round with uniform choices.
func BenchmarkRoundUniform(b *testing.B) {
	_, uniform, _ := benchInstances(b)
	benchRun(b, uniform)
}

// BenchmarkRoundExplicit is the skewed round where every placement ranks
// its applicants with its own list.
func BenchmarkRoundExplicit(b *testing.B) {
	_, _, explicit := benchInstances(b)
	benchRun(b, explicit)
}

var benchSink int64

// BenchmarkBaselineScan reads every student preference entry once (a
// sequential sum): the floor any engine that looks at its input pays. Compare
// the round benchmarks against it, measured in the same run.
func BenchmarkBaselineScan(b *testing.B) {
	skewed, _, _ := benchInstances(b)
	b.ResetTimer()
	for b.Loop() {
		var sum int64
		for _, p := range skewed.StudentPrefs {
			sum += int64(p)
		}
		benchSink += sum
	}
}

// BenchmarkBaselineGather reads every entry and the capacity of the
// placement it names (one dependent random access per entry, as a proposal
// makes): a second, stricter floor.
func BenchmarkBaselineGather(b *testing.B) {
	skewed, _, _ := benchInstances(b)
	b.ResetTimer()
	for b.Loop() {
		var sum int64
		capacity := skewed.Capacity
		for _, p := range skewed.StudentPrefs {
			sum += int64(capacity[p])
		}
		benchSink += sum
	}
}
