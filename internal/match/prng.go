package match

// rng is the one pseudo-random generator of the package: SplitMix64
// (Steele, Lea & Flood 2014, as published by Vigna). It is implemented here,
// not taken from math/rand, so that a seed gives byte-identical lotteries on
// every Go version and platform: the state is a single uint64 advanced by the
// golden-ratio increment and finalised by the variant-13 mixer.
type rng struct{ state uint64 }

func newRNG(seed uint64) rng { return rng{state: seed} }

// next returns the next 64 pseudo-random bits.
func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// uintn returns a uniform value in [0, n) for n > 0, using Lemire's
// multiply-and-reject method (no modulo bias).
func (r *rng) uintn(n uint32) uint32 {
	m := (r.next() >> 32) * uint64(n)
	if low := uint32(m); low < n {
		t := -n % n
		for low < t {
			m = (r.next() >> 32) * uint64(n)
			low = uint32(m)
		}
	}
	return uint32(m >> 32)
}

// lottery returns a uniformly random permutation of 0..n-1 (Fisher–Yates,
// drawing from the last position down). Student s gets lottery number
// perm[s]; a lower number wins a tie.
func lottery(seed uint64, n int) []uint32 {
	perm := make([]uint32, n)
	for i := range perm {
		perm[i] = uint32(i)
	}
	r := newRNG(seed)
	for i := n - 1; i > 0; i-- {
		j := r.uintn(uint32(i + 1))
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm
}

// Lottery returns the lottery numbers Run draws for a round of n students
// with seed: a uniformly random permutation of 0..n-1, where student s gets
// number perm[s] and a lower number wins a tie. The app uses it to break
// ties in the lists it derives for placements with the same lottery the
// round records.
func Lottery(seed uint64, n int) []uint32 { return lottery(seed, n) }
