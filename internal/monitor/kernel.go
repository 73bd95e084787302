package monitor

import "math"

// The aggregation kernels. A row's group is the sum over the plan's terms
// of lut[code]: the grouped dimensions contribute code*stride, filtered
// dimensions 0, and any rejected code contributes reject (== n, the number
// of groups), so that min(sum, n) is either the group or the trash slot n.
// The accumulator has one slot per group plus the trash slot.
//
// Rows that fall into the same group one after the other would make every
// addition wait for the previous store (a loop-carried dependency through
// memory); the kernels therefore spread consecutive rows over four copies of
// the accumulator ("lanes"), interleaved: group k, lane l is acc[4*k+l].
//
// The kernels are written per count type rather than with generics: a
// generic version (GC-shape stenciling, variable shift) measured about twice
// as slow per row.

// packShift splits an accumulator word: the low bits sum the exact counts,
// the high bits count suppressed cells. A suppressed row holds the all-ones
// sentinel in the count column; contrib16/contrib32 turn it into
// 1<<packShift, branch-free.
const packShift = 40

// unpack splits a packed accumulator word.
func unpack(a uint64) (sum uint64, supp uint32) {
	return a & (1<<packShift - 1), uint32(a >> packShift)
}

// contrib16 returns what a uint16 count adds to an accumulator word.
func contrib16(c uint16) uint64 {
	x := uint64(c)
	return x + ((x+1)>>16)*(1<<packShift-math.MaxUint16)
}

// contrib32 returns what a uint32 count adds to an accumulator word.
func contrib32(c uint32) uint64 {
	x := uint64(c)
	return x + ((x+1)>>32)*(1<<packShift-math.MaxUint32)
}

const (
	blockSize = 1024
	// maxLaneGroups is the largest group count that gets four lanes; larger
	// accumulators would not stay in cache.
	maxLaneGroups = 1 << 14
)

// aggregateDense returns the exact sum and the number of suppressed cells
// per group, both indexed by combined group code.
func (t *Table) aggregateDense(p *plan) (sums []uint64, supp []uint32) {
	n := int(p.n)
	lanes := 4
	if n > maxLaneGroups {
		lanes = 1
	}
	acc := make([]uint64, lanes*(n+1))
	src := t.source(p)
	if !src.fused(p, acc, lanes) {
		src.blocked(p, acc, lanes)
	}
	if lanes == 4 {
		for k := range n {
			a := acc[4*k : 4*k+4]
			acc[k] = a[0] + a[1] + a[2] + a[3]
		}
	}
	sums = acc[:n]
	supp = make([]uint32, n)
	for k, a := range sums {
		sums[k], supp[k] = unpack(a)
	}
	return sums, supp
}

// fused runs a single-pass kernel when one fits: uint16 counts, four
// lanes and one to three terms on uint8 columns. It reports whether it ran.
func (t *Table) fused(p *plan, acc []uint64, lanes int) bool {
	if t.count16 == nil || lanes != 4 || len(p.terms) > 3 {
		return false
	}
	for _, tm := range p.terms {
		if t.cols[tm.dim].u8 == nil {
			return false
		}
	}
	col := func(i int) []uint8 { return t.cols[p.terms[i].dim].u8 }
	lut := func(i int) *[256]uint32 { return (*[256]uint32)(p.terms[i].lut) }
	switch len(p.terms) {
	case 1:
		fused1(acc, p.reject, col(0), lut(0), t.count16)
	case 2:
		fused2(acc, p.reject, col(0), col(1), lut(0), lut(1), t.count16)
	case 3:
		fused3(acc, p.reject, col(0), col(1), col(2), lut(0), lut(1), lut(2), t.count16)
	}
	return true
}

func fused1(acc []uint64, n uint32, c0 []uint8, l0 *[256]uint32, cnt []uint16) {
	c0 = c0[:len(cnt)]
	i := 0
	for ; i+4 <= len(cnt); i += 4 {
		acc[4*min(l0[c0[i]], n)] += contrib16(cnt[i])
		acc[4*min(l0[c0[i+1]], n)+1] += contrib16(cnt[i+1])
		acc[4*min(l0[c0[i+2]], n)+2] += contrib16(cnt[i+2])
		acc[4*min(l0[c0[i+3]], n)+3] += contrib16(cnt[i+3])
	}
	for ; i < len(cnt); i++ {
		acc[4*min(l0[c0[i]], n)] += contrib16(cnt[i])
	}
}

func fused2(acc []uint64, n uint32, c0, c1 []uint8, l0, l1 *[256]uint32, cnt []uint16) {
	c0, c1 = c0[:len(cnt)], c1[:len(cnt)]
	i := 0
	for ; i+4 <= len(cnt); i += 4 {
		acc[4*min(l0[c0[i]]+l1[c1[i]], n)] += contrib16(cnt[i])
		acc[4*min(l0[c0[i+1]]+l1[c1[i+1]], n)+1] += contrib16(cnt[i+1])
		acc[4*min(l0[c0[i+2]]+l1[c1[i+2]], n)+2] += contrib16(cnt[i+2])
		acc[4*min(l0[c0[i+3]]+l1[c1[i+3]], n)+3] += contrib16(cnt[i+3])
	}
	for ; i < len(cnt); i++ {
		acc[4*min(l0[c0[i]]+l1[c1[i]], n)] += contrib16(cnt[i])
	}
}

func fused3(acc []uint64, n uint32, c0, c1, c2 []uint8, l0, l1, l2 *[256]uint32, cnt []uint16) {
	c0, c1, c2 = c0[:len(cnt)], c1[:len(cnt)], c2[:len(cnt)]
	i := 0
	for ; i+4 <= len(cnt); i += 4 {
		acc[4*min(l0[c0[i]]+l1[c1[i]]+l2[c2[i]], n)] += contrib16(cnt[i])
		acc[4*min(l0[c0[i+1]]+l1[c1[i+1]]+l2[c2[i+1]], n)+1] += contrib16(cnt[i+1])
		acc[4*min(l0[c0[i+2]]+l1[c1[i+2]]+l2[c2[i+2]], n)+2] += contrib16(cnt[i+2])
		acc[4*min(l0[c0[i+3]]+l1[c1[i+3]]+l2[c2[i+3]], n)+3] += contrib16(cnt[i+3])
	}
	for ; i < len(cnt); i++ {
		acc[4*min(l0[c0[i]]+l1[c1[i]]+l2[c2[i]], n)] += contrib16(cnt[i])
	}
}

// blocked is the general kernel: it builds the group codes of a block of
// rows term by term, then accumulates the block.
func (t *Table) blocked(p *plan, acc []uint64, lanes int) {
	var keys [blockSize]uint32
	shift := uint(0)
	if lanes == 4 {
		shift = 2
	}
	for start := 0; start < t.n; start += blockSize {
		end := min(start+blockSize, t.n)
		ks := keys[:end-start]
		for ti, tm := range p.terms {
			if col := t.cols[tm.dim]; col.u8 != nil {
				addTerm8(ks, col.u8[start:end], (*[256]uint32)(tm.lut), ti == 0)
			} else {
				addTerm16(ks, col.u16[start:end], tm.lut, ti == 0)
			}
		}
		switch {
		case t.count64 != nil:
			accumulate64(acc, ks, t.count64[start:end], p.reject, shift)
		case t.count16 != nil:
			accumulate16(acc, ks, t.count16[start:end], p.reject, shift)
		default:
			accumulate32(acc, ks, t.count32[start:end], p.reject, shift)
		}
	}
}

func addTerm8(ks []uint32, col []uint8, lut *[256]uint32, first bool) {
	col = col[:len(ks)]
	if first {
		for j, c := range col {
			ks[j] = lut[c]
		}
		return
	}
	for j, c := range col {
		ks[j] += lut[c]
	}
}

func addTerm16(ks []uint32, col []uint16, lut []uint32, first bool) {
	col = col[:len(ks)]
	if first {
		for j, c := range col {
			ks[j] = lut[c]
		}
		return
	}
	for j, c := range col {
		ks[j] += lut[c]
	}
}

// The accumulate functions add a block's counts into group min(k, n); with
// shift 2 row j goes to lane j%4, with shift 0 there is one lane.

func accumulate16(acc []uint64, ks []uint32, cnt []uint16, n uint32, shift uint) {
	cnt = cnt[:len(ks)]
	mask := uint32(1)<<shift - 1
	for j, k := range ks {
		acc[min(k, n)<<shift+uint32(j)&mask] += contrib16(cnt[j])
	}
}

func accumulate32(acc []uint64, ks []uint32, cnt []uint32, n uint32, shift uint) {
	cnt = cnt[:len(ks)]
	mask := uint32(1)<<shift - 1
	for j, k := range ks {
		acc[min(k, n)<<shift+uint32(j)&mask] += contrib32(cnt[j])
	}
}

func accumulate64(acc []uint64, ks []uint32, cnt []uint64, n uint32, shift uint) {
	cnt = cnt[:len(ks)]
	mask := uint32(1)<<shift - 1
	for j, k := range ks {
		acc[min(k, n)<<shift+uint32(j)&mask] += cnt[j]
	}
}
