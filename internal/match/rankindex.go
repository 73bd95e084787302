package match

// rankIndex answers "which rank does ranked placement p give student s"
// without a table per preference entry. Every entry of the placements' lists
// has a global position i in PlacementPrefs; the positions are transposed
// once into per-student runs, ascending. Because a placement's list is one
// contiguous segment [PlacementOffsets[p], PlacementOffsets[p+1]), a lookup
// is a lower-bound search for the segment start in the student's run: a hit
// inside the segment gives the rank as i - start (see find). The runs cost
// 4 bytes per placement-list entry and are built in place (see
// buildRankIndex); only proposals and the verification of the same entries
// look anything up, a small share of all entries in a national round.
type rankIndex struct {
	poff  []int32  // Instance.PlacementOffsets
	off   []int32  // per student the start of its run; len n+1
	pos   []uint32 // global positions in PlacementPrefs, ascending per run
	total uint64   // len(PlacementPrefs), for guessing where a position lies
}

const (
	groupBits  = 10 // students per group: 1024
	chunkBits  = 32 - groupBits
	chunkMask  = 1<<chunkBits - 1
	maxEntries = 1<<31 - 1
)

// buildRankIndex transposes the lists of the ranked placements. A student
// listed twice by one placement has two positions in the segment, and the
// lookup finds the first (the better rank).
//
// A direct scatter into per-student runs writes one random cache line per
// entry, which is slow on large rounds. Instead:
//
//  1. count the entries per group of 1024 students;
//  2. partition the positions by group into the final slice, each as
//     (student mod 1024) << 22 | (position mod 2^22) — one write stream per
//     group, in increasing position, noting where each 2^22-position chunk
//     ends in each group;
//  3. per group, copy its segment aside and counting-sort it by student
//     back into place, decoding the full position.
//
// Every step reads and writes memory sequentially or within one group's
// segment, and the only extra memory is the largest group's segment.
func buildRankIndex(in *Instance) rankIndex {
	n, m := in.NumStudents(), in.NumPlacements()
	poff, pprefs := in.PlacementOffsets, in.PlacementPrefs
	groups := (n + 1<<groupBits - 1) >> groupBits
	gstart := make([]int32, groups+1)
	for p := 0; p < m; p++ {
		if in.Ranked[p] {
			for _, s := range pprefs[poff[p]:poff[p+1]] {
				gstart[(s>>groupBits)+1]++
			}
		}
	}
	biggest := int32(0)
	for g := 0; g < groups; g++ {
		biggest = max(biggest, gstart[g+1])
		gstart[g+1] += gstart[g]
	}
	pos := make([]uint32, gstart[groups])

	// Step 2. chunkEnd[c*groups+g] is where chunk c ends inside group g.
	chunks := len(pprefs)>>chunkBits + 1
	chunkEnd := make([]int32, chunks*groups)
	cur := make([]int32, groups)
	copy(cur, gstart[:groups])
	chunk, limit := 0, int32(min(1<<chunkBits, maxEntries))
	for p := 0; p < m; p++ {
		lo, hi := poff[p], poff[p+1]
		for lo < hi || lo == limit {
			if lo == limit {
				copy(chunkEnd[chunk*groups:], cur)
				chunk++
				limit = int32(min(int64(limit)+1<<chunkBits, maxEntries))
				continue
			}
			end := min(hi, limit)
			if in.Ranked[p] {
				for i := lo; i < end; i++ {
					s := pprefs[i]
					g := s >> groupBits
					pos[cur[g]] = uint32(s)<<chunkBits | uint32(i)&chunkMask
					cur[g]++
				}
			}
			lo = end
		}
	}
	for ; chunk < chunks; chunk++ {
		copy(chunkEnd[chunk*groups:], cur)
	}

	// Step 3.
	ri := rankIndex{poff: poff, off: make([]int32, n+1), pos: pos, total: uint64(max(len(pprefs), 1))}
	tmp := make([]uint32, biggest)
	var count [1<<groupBits + 1]int32
	for g := 0; g < groups; g++ {
		base := gstart[g]
		seg := tmp[:gstart[g+1]-base]
		copy(seg, pos[base:gstart[g+1]])
		count = [1<<groupBits + 1]int32{}
		for _, v := range seg {
			count[(v>>chunkBits)+1]++
		}
		first := g << groupBits
		for j := 0; j < 1<<groupBits; j++ {
			if first+j < n {
				ri.off[first+j] = base + count[j]
			}
			count[j+1] += count[j]
		}
		c := 0
		for idx, v := range seg {
			for int32(idx)+base >= chunkEnd[c*groups+g] {
				c++
			}
			j := v >> chunkBits
			pos[base+count[j]] = uint32(c)<<chunkBits | v&chunkMask
			count[j]++
		}
	}
	ri.off[n] = gstart[groups]
	return ri
}

// guess returns where in a run of length n position lo would be if the
// run's positions were spread evenly over PlacementPrefs.
func (ri *rankIndex) guess(lo uint32, n int) int {
	return min(int(uint64(lo)*uint64(n)/ri.total), n-1)
}

// find returns the rank a placement whose list is the segment [lo, hi) of
// PlacementPrefs gives student s, or unacceptable. It searches from the
// guessed place outwards (galloping), then by bisection: with positions
// spread evenly the answer is within a few entries of the guess, so a
// lookup usually reads one cache line of the run.
func (ri *rankIndex) find(s int32, lo, hi uint32) uint32 {
	run := ri.pos[ri.off[s]:ri.off[s+1]]
	n := len(run)
	if n == 0 {
		return unacceptable
	}
	// Bracket the first element >= lo in [a, b].
	g := ri.guess(lo, n)
	a, b := 0, n
	if run[g] < lo {
		step := 1
		a = g + 1
		for a < n && run[min(g+step, n-1)] < lo && g+step < n-1 {
			a = g + step + 1
			step *= 2
		}
		b = min(g+step, n)
	} else {
		step := 1
		b = g
		for g-step >= 0 && run[g-step] >= lo {
			b = g - step
			step *= 2
		}
		a = max(g-step+1, 0)
	}
	for a < b {
		m := int(uint(a+b) >> 1)
		if run[m] < lo {
			a = m + 1
		} else {
			b = m
		}
	}
	if a < n && run[a] >= lo && run[a] < hi {
		return run[a] - lo
	}
	return unacceptable
}

// touch loads the cache lines of student s's run around where the next
// lookup for position lo is guessed to land, so that find does not wait on
// memory; it returns a value to keep the loads.
func (ri *rankIndex) touch(s int32, lo uint32) uint32 {
	start, end := ri.off[s], ri.off[s+1]
	n := int(end - start)
	if n == 0 {
		return 0
	}
	g := int(start) + ri.guess(lo, n)
	return ri.pos[max(g-4, int(start))] + ri.pos[min(g+4, int(end)-1)]
}
