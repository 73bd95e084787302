package match

import (
	"context"
	mathbits "math/bits"
	"slices"
)

// engine holds the working data of one run; every slice is flat.
type engine struct {
	in   *Instance
	n, m int
	opt  Options
	lot  []uint32  // lottery number per student (nil when every placement ranks)
	ri   rankIndex // ranks given by placements with their own list
	anyR bool      // some placement ranks with its own list
	pl   []placementState
	st   []studentState
	heap []uint64 // per placement a max-heap of rank<<32 | student

	proposals int64
	sink      uint32
}

// placementState packs what a proposal reads about a placement into 32
// bytes (two per cache line), including the worst student it holds, so a
// rejection never touches the heap.
type placementState struct {
	top    uint64 // the heap's maximum when full
	base   int32  // start of the placement's heap in engine.heap
	seats  int32  // usable capacity
	size   int32  // students held
	ranked int32  // 1 when the placement ranks with its own list
	lo, hi uint32 // the placement's segment of PlacementPrefs when ranked
}

// studentState packs a student's cursor, list end, lottery number and the
// placement its cursor names (read ahead, so a queued student's next
// proposal needs no access to the big preference slice).
type studentState struct {
	next  int32 // next entry of StudentPrefs to propose to
	end   int32 // end of the student's list
	lot   uint32
	nextP int32 // StudentPrefs[next] when next < end
}

func newEngine(in *Instance, opt Options) *engine {
	if opt.ProgressEvery <= 0 {
		opt.ProgressEvery = 1 << 20
	}
	return &engine{in: in, n: in.NumStudents(), m: in.NumPlacements(), opt: opt}
}

func (e *engine) report(phase string) {
	if e.opt.Progress != nil {
		e.opt.Progress(Progress{Phase: phase, Proposals: e.proposals, Entries: int64(len(e.in.StudentPrefs))})
	}
}

// prepare draws the lottery, builds the rank lookup and sizes the heaps.
func (e *engine) prepare() {
	in := e.in
	anyLottery := in.Ranked == nil
	for _, r := range in.Ranked {
		if r {
			e.anyR = true
		} else {
			anyLottery = true
		}
	}
	if anyLottery {
		e.lot = lottery(in.Seed, e.n)
	}
	if e.anyR {
		e.ri = buildRankIndex(in)
	}
	e.st = make([]studentState, e.n)
	off, prefs := in.StudentOffsets, in.StudentPrefs
	for s := range e.st {
		st := &e.st[s]
		st.next, st.end = off[s], off[s+1]
		if st.next < st.end {
			st.nextP = prefs[st.next]
		}
		if e.lot != nil {
			st.lot = e.lot[s]
		}
	}
	e.sizeSeats()
}

// sizeSeats clamps each capacity to what can be used: no more than the
// number of students, or when that still leaves many more seats than
// students, no more than the number of entries naming the placement.
func (e *engine) sizeSeats() {
	in := e.in
	e.pl = make([]placementState, e.m)
	var total int64
	for p, c := range in.Capacity {
		c = min(c, int32(e.n))
		e.pl[p].seats = c
		total += int64(c)
		if in.Ranked != nil && in.Ranked[p] {
			e.pl[p].ranked = 1
			e.pl[p].lo = uint32(in.PlacementOffsets[p])
			e.pl[p].hi = uint32(in.PlacementOffsets[p+1])
		}
	}
	if total > 2*int64(e.n)+1024 {
		count := make([]int32, e.m)
		for _, p := range in.StudentPrefs {
			count[p]++
		}
		total = 0
		for p := range e.pl {
			e.pl[p].seats = min(e.pl[p].seats, count[p])
			total += int64(e.pl[p].seats)
		}
	}
	var o int32
	for p := range e.pl {
		e.pl[p].base = o
		o += e.pl[p].seats
	}
	e.heap = make([]uint64, total)
}

const (
	checkEvery = 1 << 16 // proposals between context checks
	batchSize  = 32      // students whose next proposal is prepared together
)

// propose runs deferred acceptance (Gale & Shapley 1962) in rounds: in
// each round every free student makes its next proposal; a student
// rejected, or displaced from a full placement, proposes again in the next
// round. The student-optimal stable matching does not depend on the order
// of proposals (McVitie & Wilson 1970), so any order within a round gives
// the textbook result.
//
// The order is chosen for memory: a round's students are taken in
// increasing number, so their state, preference entries and rank runs are
// read in memory order; and each batch of batchSize students first loads
// the state, then the placements, the next entries and the runs for the
// whole batch, so the cache misses of a batch overlap instead of following
// each other.
func (e *engine) propose(ctx context.Context) error {
	prefs := e.in.StudentPrefs
	pls, sts, heap := e.pl, e.st, e.heap
	ranks := e.anyR
	round := make([]int32, 0, e.n)
	for s := range sts {
		if sts[s].next < sts[s].end {
			round = append(round, int32(s))
		}
	}
	next := make([]int32, 0, e.n)
	var mark []uint64
	var sink uint32
	var props int64
	nextCheck := min(checkEvery, e.opt.ProgressEvery)
	nextReport := e.opt.ProgressEvery
	for len(round) > 0 {
		for i := 0; i < len(round); i += batchSize {
			batch := round[i:min(i+batchSize, len(round))]
			// Load the students' state (and their run bounds).
			for _, s := range batch {
				sink += uint32(sts[s].next)
				if ranks {
					sink += uint32(e.ri.off[s])
				}
			}
			// Load the placements, the entry after the next and the runs.
			for _, s := range batch {
				st := &sts[s]
				sink += uint32(pls[st.nextP].size)
				if st.next+1 < st.end {
					sink += uint32(prefs[st.next+1])
				}
				if ranks && pls[st.nextP].ranked != 0 {
					sink += e.ri.touch(s, pls[st.nextP].lo)
				}
			}
			for _, s := range batch {
				st := &sts[s]
				k, p := st.next, st.nextP
				pl := &pls[p]
				st.next = k + 1
				if k+1 < st.end {
					st.nextP = prefs[k+1]
				}
				again := s
				if pl.seats > 0 {
					r := st.lot
					if pl.ranked != 0 {
						r = e.ri.find(s, pl.lo, pl.hi)
					}
					if r != unacceptable {
						props++
						key := uint64(r)<<32 | uint64(uint32(s))
						if sz := pl.size; sz < pl.seats {
							h := heap[pl.base : pl.base+sz+1]
							h[sz] = key
							siftUp(h, int(sz))
							pl.size = sz + 1
							pl.top = h[0]
							again = -1
						} else if key < pl.top {
							h := heap[pl.base : pl.base+sz]
							h[0] = key
							siftDown(h)
							again = int32(uint32(pl.top))
							pl.top = h[0]
						}
					}
				}
				if again >= 0 && sts[again].next < sts[again].end {
					next = append(next, again)
				}
			}
			if props >= nextCheck {
				if err := e.checkpoint(ctx, props, &nextCheck, &nextReport); err != nil {
					return err
				}
			}
		}
		round, next = next, round[:0]
		mark = sortStudents(round, mark, e.n)
	}
	e.proposals = props
	e.sink = sink // keeps the touching loads alive
	return nil
}

// sortStudents sorts a round's distinct student numbers (all below n):
// a large round through a bitmap, which costs n/64 words; a small one by
// comparison. It returns the bitmap for reuse.
func sortStudents(list []int32, mark []uint64, n int) []uint64 {
	if len(list) < n/256 {
		slices.Sort(list)
		return mark
	}
	if mark == nil {
		mark = make([]uint64, (n+63)/64)
	}
	for _, s := range list {
		mark[s>>6] |= 1 << (s & 63)
	}
	list = list[:0]
	for w, bits := range mark {
		for bits != 0 {
			list = append(list, int32(w<<6+mathbits.TrailingZeros64(bits)))
			bits &= bits - 1
		}
		mark[w] = 0
	}
	return mark
}

func (e *engine) checkpoint(ctx context.Context, props int64, nextCheck, nextReport *int64) error {
	*nextCheck = props + min(checkEvery, e.opt.ProgressEvery)
	if err := ctx.Err(); err != nil {
		return err
	}
	if props >= *nextReport {
		*nextReport = props + e.opt.ProgressEvery
		e.proposals = props
		e.report("propose")
	}
	return nil
}

// siftUp restores the max-heap after h[i] was set.
func siftUp(h []uint64, i int) {
	x := h[i]
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent] >= x {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = x
}

// siftDown restores the max-heap after h[0] was lowered.
func siftDown(h []uint64) {
	n := len(h)
	x := h[0]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1] > h[c] {
			c++
		}
		if h[c] <= x {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = x
}

// collect turns the heaps into a Result.
func (e *engine) collect() *Result {
	res := &Result{
		Seed:      e.in.Seed,
		Placement: make([]int32, e.n),
		Rank:      make([]int32, e.n),
		Reason:    make([]Unplaced, e.n),
		Filled:    make([]int32, e.m),
		Proposals: e.proposals,
	}
	for s := range res.Placement {
		res.Placement[s] = -1
	}
	off := e.in.StudentOffsets
	longest := int32(0)
	for s := 0; s < e.n; s++ {
		longest = max(longest, off[s+1]-off[s])
	}
	res.RankCounts = make([]int64, longest)
	for p := range e.pl {
		pl := &e.pl[p]
		res.Filled[p] = pl.size
		res.Assigned += int(pl.size)
		for _, key := range e.heap[pl.base : pl.base+pl.size] {
			s := int32(uint32(key))
			res.Placement[s] = int32(p)
			r := e.st[s].next - off[s]
			res.Rank[s] = r
			res.RankCounts[r-1]++
		}
	}
	return res
}
