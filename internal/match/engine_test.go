package match

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// randomInstance builds a small random instance: list lengths, capacities
// (some zero), explicit lists for some placements (with unacceptable
// students) and an occasional duplicate entry.
func randomInstance(seed uint64, n, m, maxLen, maxCap int, rankedShare uint32) *Instance {
	r := newRNG(seed)
	in := &Instance{StudentOffsets: make([]int32, n+1), Capacity: make([]int32, m), Seed: seed}
	for p := range in.Capacity {
		in.Capacity[p] = int32(r.uintn(uint32(maxCap + 1)))
	}
	for s := 0; s < n; s++ {
		l := int(r.uintn(uint32(maxLen + 1)))
		used := map[int32]bool{}
		for len(used) < l && len(used) < m {
			p := int32(r.uintn(uint32(m)))
			if used[p] {
				continue
			}
			used[p] = true
			in.StudentPrefs = append(in.StudentPrefs, p)
		}
		if l > 0 && r.uintn(20) == 0 { // a duplicate entry, which is allowed
			in.StudentPrefs = append(in.StudentPrefs, in.StudentPrefs[len(in.StudentPrefs)-1])
		}
		in.StudentOffsets[s+1] = int32(len(in.StudentPrefs))
	}
	if rankedShare == 0 {
		return in
	}
	in.Ranked = make([]bool, m)
	in.PlacementOffsets = make([]int32, m+1)
	for p := 0; p < m; p++ {
		if r.uintn(100) < rankedShare {
			in.Ranked[p] = true
			perm := lottery(r.next(), n)
			order := make([]int32, n)
			for s, pos := range perm {
				order[pos] = int32(s)
			}
			for _, s := range order {
				if r.uintn(5) != 0 { // a fifth of the students are unacceptable
					in.PlacementPrefs = append(in.PlacementPrefs, s)
				}
			}
			if len(in.PlacementPrefs) > 0 && r.uintn(10) == 0 {
				in.PlacementPrefs = append(in.PlacementPrefs, in.PlacementPrefs[len(in.PlacementPrefs)-1])
			}
		}
		in.PlacementOffsets[p+1] = int32(len(in.PlacementPrefs))
	}
	return in
}

// refRank is the reference's view of a placement's ranking: a map from
// student to rank, built directly from the definitions.
func refRanks(in *Instance) []map[int32]int {
	n, m := in.NumStudents(), in.NumPlacements()
	lot := lottery(in.Seed, n)
	ranks := make([]map[int32]int, m)
	for p := 0; p < m; p++ {
		ranks[p] = map[int32]int{}
		if in.Ranked != nil && in.Ranked[p] {
			for r, s := range in.PlacementPrefs[in.PlacementOffsets[p]:in.PlacementOffsets[p+1]] {
				if _, dup := ranks[p][s]; !dup {
					ranks[p][s] = r
				}
			}
			continue
		}
		for s := 0; s < n; s++ {
			ranks[p][int32(s)] = int(lot[s])
		}
	}
	return ranks
}

// referenceDA is the textbook round-based student-proposing deferred
// acceptance of Gale & Shapley (1962), written plainly with maps: in every
// round each free student proposes to the next placement on its list; each
// placement keeps its best proposers up to capacity and rejects the rest.
// It returns per student the placement or -1.
func referenceDA(in *Instance) []int32 {
	n := in.NumStudents()
	ranks := refRanks(in)
	next := make([]int, n)
	held := map[int32][]int32{}
	match := make([]int32, n)
	for s := range match {
		match[s] = -1
	}
	for {
		proposals := map[int32][]int32{}
		any := false
		for s := 0; s < n; s++ {
			if match[s] >= 0 {
				continue
			}
			list := in.StudentPrefs[in.StudentOffsets[s]:in.StudentOffsets[s+1]]
			for next[s] < len(list) {
				p := list[next[s]]
				next[s]++
				if _, ok := ranks[p][int32(s)]; ok && in.Capacity[p] > 0 {
					proposals[p] = append(proposals[p], int32(s))
					any = true
					break
				}
			}
		}
		if !any {
			return match
		}
		for p, props := range proposals {
			all := append(append([]int32{}, held[p]...), props...)
			// selection sort by rank: tiny inputs
			for i := range all {
				for j := i + 1; j < len(all); j++ {
					if ranks[p][all[j]] < ranks[p][all[i]] {
						all[i], all[j] = all[j], all[i]
					}
				}
			}
			keep := min(len(all), int(in.Capacity[p]))
			for _, s := range all[keep:] {
				match[s] = -1
			}
			held[p] = all[:keep]
			for _, s := range held[p] {
				match[s] = p
			}
		}
	}
}

// stableMatchings enumerates every stable matching of a tiny instance.
func stableMatchings(in *Instance) [][]int32 {
	n, m := in.NumStudents(), in.NumPlacements()
	ranks := refRanks(in)
	pos := func(s int, p int32) int { // position of p on s's list, first occurrence
		for i, q := range in.StudentPrefs[in.StudentOffsets[s]:in.StudentOffsets[s+1]] {
			if q == p {
				return i
			}
		}
		return -1
	}
	var out [][]int32
	cur := make([]int32, n)
	var rec func(s int)
	rec = func(s int) {
		if s == n {
			fill := make([]int, m)
			for _, p := range cur {
				if p >= 0 {
					fill[p]++
				}
			}
			for p := 0; p < m; p++ {
				if fill[p] > int(in.Capacity[p]) {
					return
				}
			}
			for t := 0; t < n; t++ {
				for _, p := range in.StudentPrefs[in.StudentOffsets[t]:in.StudentOffsets[t+1]] {
					if p == cur[t] {
						break
					}
					rt, ok := ranks[p][int32(t)]
					if !ok || in.Capacity[p] == 0 {
						continue
					}
					if fill[p] < int(in.Capacity[p]) {
						return // free seat: blocking
					}
					for u := 0; u < n; u++ {
						if cur[u] == p && ranks[p][int32(u)] > rt {
							return // p prefers t to u: blocking
						}
					}
				}
			}
			out = append(out, append([]int32{}, cur...))
			return
		}
		cur[s] = -1
		rec(s + 1)
		for _, p := range in.StudentPrefs[in.StudentOffsets[s]:in.StudentOffsets[s+1]] {
			if _, ok := ranks[p][int32(s)]; ok && pos(s, p) >= 0 && in.Capacity[p] > 0 {
				cur[s] = p
				rec(s + 1)
			}
		}
		cur[s] = -1
	}
	rec(0)
	_ = pos
	return out
}

func TestRunMatchesReference(t *testing.T) {
	sizes := []struct{ n, m, maxLen, maxCap int }{
		{0, 0, 0, 0}, {1, 1, 1, 1}, {3, 2, 2, 1}, {5, 3, 3, 2}, {10, 4, 4, 3},
		{30, 10, 5, 3}, {60, 20, 8, 4}, {200, 30, 10, 5}, {500, 100, 20, 6},
	}
	for _, sz := range sizes {
		for _, share := range []uint32{0, 50, 100} {
			t.Run(fmt.Sprintf("n%d_m%d_ranked%d", sz.n, sz.m, share), func(t *testing.T) {
				for seed := uint64(1); seed <= 40; seed++ {
					in := randomInstance(seed*1000+uint64(sz.n), sz.n, sz.m, sz.maxLen, sz.maxCap, share)
					res, err := Run(context.Background(), in, Options{})
					if err != nil {
						t.Fatalf("seed %d: %v", seed, err)
					}
					if err := Verify(in, res); err != nil {
						t.Fatalf("seed %d: Verify: %v", seed, err)
					}
					if want := referenceDA(in); !reflect.DeepEqual(res.Placement, want) {
						t.Fatalf("seed %d: got %v, reference %v", seed, res.Placement, want)
					}
				}
			})
		}
	}
}

// TestStudentOptimal checks on tiny instances, by enumerating every stable
// matching, that the result is stable and that every student weakly prefers
// it to every other stable matching.
func TestStudentOptimal(t *testing.T) {
	for seed := uint64(1); seed <= 300; seed++ {
		in := randomInstance(seed, 5, 3, 3, 2, uint32(seed%3)*50)
		res, err := Run(context.Background(), in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		all := stableMatchings(in)
		found := false
		for _, sm := range all {
			if reflect.DeepEqual(sm, res.Placement) {
				found = true
			}
			for s := range sm {
				if better(in, s, sm[s], res.Placement[s]) {
					t.Fatalf("seed %d: student %d prefers %d in stable %v to %d in result %v", seed, s, sm[s], sm, res.Placement[s], res.Placement)
				}
			}
		}
		if !found {
			t.Fatalf("seed %d: result %v is not among the stable matchings %v", seed, res.Placement, all)
		}
	}
}

// better reports whether student s strictly prefers a to b (-1 = none).
func better(in *Instance, s int, a, b int32) bool {
	if a == b || a < 0 {
		return false
	}
	for _, p := range in.StudentPrefs[in.StudentOffsets[s]:in.StudentOffsets[s+1]] {
		if p == a {
			return true
		}
		if p == b {
			return false
		}
	}
	return false
}

func TestDeterministic(t *testing.T) {
	in := randomInstance(7, 400, 50, 10, 3, 0)
	a, err := Run(context.Background(), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(context.Background(), in, Options{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different results")
	}
	in2 := *in
	in2.Seed = 8
	c, _ := Run(context.Background(), &in2, Options{})
	if reflect.DeepEqual(a.Placement, c.Placement) {
		t.Error("another seed gave the same lottery outcome (possible, but unlikely here)")
	}
	// The lottery itself is pinned: a change of generator changes results
	// for every stored round, so it must be deliberate.
	if got := lottery(42, 8); !reflect.DeepEqual(got, []uint32{4, 3, 2, 0, 7, 6, 1, 5}) {
		t.Errorf("lottery(42, 8) = %v", got)
	}
}

func TestInvalidInstance(t *testing.T) {
	tests := []struct {
		name string
		in   Instance
	}{
		{"offsets without students", Instance{StudentPrefs: []int32{0}, Capacity: []int32{1}}},
		{"placement out of range", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{3}, Capacity: []int32{1}}},
		{"negative placement", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{-1}, Capacity: []int32{1}}},
		{"offsets decrease", Instance{StudentOffsets: []int32{0, 2, 1, 2}, StudentPrefs: []int32{0, 0}, Capacity: []int32{1}}},
		{"offsets end early", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{0, 0}, Capacity: []int32{1}}},
		{"negative capacity", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{0}, Capacity: []int32{-1}}},
		{"ranked length", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{0}, Capacity: []int32{1}, Ranked: []bool{true, true}}},
		{"placement offsets missing", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{0}, Capacity: []int32{1}, Ranked: []bool{true}}},
		{"student out of range", Instance{StudentOffsets: []int32{0, 1}, StudentPrefs: []int32{0}, Capacity: []int32{1},
			Ranked: []bool{true}, PlacementOffsets: []int32{0, 1}, PlacementPrefs: []int32{5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), &tt.in, Options{})
			if !errors.Is(err, ErrInvalidInstance) {
				t.Fatalf("err = %v, want ErrInvalidInstance", err)
			}
		})
	}
}

func TestVerifyCatchesBadResults(t *testing.T) {
	// Two students, two placements of one seat; both prefer p0; lottery
	// decides who gets it.
	in := &Instance{StudentOffsets: []int32{0, 2, 4}, StudentPrefs: []int32{0, 1, 0, 1}, Capacity: []int32{1, 1}, Seed: 3}
	good, err := Run(context.Background(), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	clone := func() *Result {
		r := *good
		r.Placement = append([]int32{}, good.Placement...)
		r.Rank = append([]int32{}, good.Rank...)
		r.Reason = append([]Unplaced{}, good.Reason...)
		r.Filled = append([]int32{}, good.Filled...)
		r.RankCounts = append([]int64{}, good.RankCounts...)
		return &r
	}
	tests := []struct {
		name   string
		mutate func(r *Result)
	}{
		{"swapped (blocking pair)", func(r *Result) {
			r.Placement[0], r.Placement[1] = r.Placement[1], r.Placement[0]
			r.Rank[0], r.Rank[1] = r.Rank[1], r.Rank[0]
		}},
		{"over capacity", func(r *Result) {
			r.Placement[0], r.Placement[1] = 0, 0
			r.Rank[0], r.Rank[1] = 1, 1
			r.Filled = []int32{2, 0}
		}},
		{"wrong rank", func(r *Result) { r.Rank[0] = r.Rank[0]%2 + 1 }},
		{"dropped student", func(r *Result) {
			s := 0
			if r.Placement[0] == 0 {
				s = 1
			}
			r.Placement[s], r.Rank[s], r.Reason[s] = -1, 0, AllFull
			r.Filled[1] = 0
			r.Assigned = 1
			r.RankCounts = []int64{1, 0}
		}},
		{"wrong seed", func(r *Result) { r.Seed++ }},
		{"wrong counts", func(r *Result) { r.RankCounts[0]++ }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := clone()
			tt.mutate(bad)
			if err := Verify(in, bad); !errors.Is(err, ErrVerification) {
				t.Fatalf("Verify = %v, want ErrVerification", err)
			}
		})
	}
	if err := Verify(in, good); err != nil {
		t.Fatalf("Verify(good) = %v", err)
	}
}

func TestReasons(t *testing.T) {
	// s0 lists nothing; s1 lists only p1 (capacity 0); s2 lists p2, which
	// ranks only s3; s3 and s4 compete for p2's one seat... s3 is ranked.
	in := &Instance{
		StudentOffsets:   []int32{0, 0, 1, 2, 3, 5},
		StudentPrefs:     []int32{1, 2, 2, 2, 0},
		Capacity:         []int32{0, 0, 1},
		Ranked:           []bool{false, false, true},
		PlacementOffsets: []int32{0, 0, 0, 2},
		PlacementPrefs:   []int32{3, 4},
	}
	res, err := Run(context.Background(), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Unplaced{NoPreferences, NoneAcceptable, NoneAcceptable, Placed, AllFull}
	if !reflect.DeepEqual(res.Reason, want) {
		t.Fatalf("reasons %v, want %v", res.Reason, want)
	}
	if res.Placement[3] != 2 || res.Rank[3] != 1 {
		t.Fatalf("s3 got %d at rank %d", res.Placement[3], res.Rank[3])
	}
}

func TestCancelAndProgress(t *testing.T) {
	in := genNational(5, 20_000, 8_000, 30, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, in, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	_, err := Run(ctx, in, Options{ProgressEvery: 1000, Progress: func(p Progress) {
		calls++
		if p.Phase == "propose" && p.Proposals > 5000 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run cancelled from progress: %v", err)
	}
	if calls < 3 {
		t.Fatalf("progress called %d times", calls)
	}
	var phases []string
	res, err := Run(context.Background(), in, Options{Progress: func(p Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	}})
	if err != nil || res.Assigned == 0 {
		t.Fatalf("run: %v", err)
	}
	if !reflect.DeepEqual(phases, []string{"prepare", "propose", "verify"}) {
		t.Fatalf("phases %v", phases)
	}
}

// TestLargeRandom runs bigger instances (many rounds, long chains of
// displacements) against Verify; skipped with -short.
func TestLargeRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("large instance")
	}
	for _, skewed := range []bool{false, true} {
		in := genNational(9, 30_000, 10_000, 40, skewed)
		ex := withExplicitLists(in, 4)
		for _, x := range []*Instance{in, ex} {
			res, err := Run(context.Background(), x, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(x, res); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRankIndexFind checks the guessed-and-galloping search against a plain
// scan on runs whose positions are spread evenly, bunched at either end or
// duplicated.
func TestRankIndexFind(t *testing.T) {
	r := newRNG(3)
	for trial := 0; trial < 2000; trial++ {
		total := uint64(1 + r.uintn(1<<20))
		n := int(r.uintn(200))
		run := make([]uint32, n)
		for i := range run {
			switch trial % 3 {
			case 0:
				run[i] = r.uintn(uint32(total))
			case 1:
				run[i] = r.uintn(uint32(total/50 + 1))
			default:
				run[i] = uint32(total) - 1 - r.uintn(uint32(total/50+1))
			}
		}
		slices.Sort(run)
		ri := rankIndex{off: []int32{0, int32(n)}, pos: run, total: total}
		for q := 0; q < 50; q++ {
			lo := r.uintn(uint32(total))
			if n > 0 && q%3 == 0 {
				lo = run[r.uintn(uint32(n))]
			}
			hi := lo + r.uintn(1000)
			want := uint32(unacceptable)
			for _, v := range run {
				if v >= lo {
					if v < hi {
						want = v - lo
					}
					break
				}
			}
			if got := ri.find(0, lo, hi); got != want {
				t.Fatalf("run %v: find(%d, %d) = %d, want %d", run, lo, hi, got, want)
			}
		}
	}
}

func TestNilInstance(t *testing.T) {
	if _, err := Run(context.Background(), nil, Options{}); !errors.Is(err, ErrInvalidInstance) {
		t.Fatalf("Run(nil) = %v", err)
	}
	if err := Verify(nil, nil); !errors.Is(err, ErrInvalidInstance) {
		t.Fatalf("Verify(nil) = %v", err)
	}
}
