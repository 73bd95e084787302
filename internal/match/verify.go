package match

import "fmt"

// Verify checks that res is a valid, stable matching of in and that its
// counts and unplaced reasons are right: every placed student is placed at a
// placement on its list that accepts it, at the rank given; no placement
// holds more students than its capacity; and no student–placement pair
// blocks (a student listing a placement above its own outcome which accepts
// it and has a free seat or holds a student it ranks lower). It rebuilds
// the lottery and rank lookup from in, so it costs about as much as Run.
// It returns an error wrapping ErrInvalidInstance or ErrVerification, or nil.
func Verify(in *Instance, res *Result) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if res == nil || res.Seed != in.Seed {
		return fmt.Errorf("%w: result is missing or was drawn with another seed", ErrVerification)
	}
	e := newEngine(in, Options{})
	e.prepare()
	return e.check(res, false)
}

// verify checks res and fills in its unplaced reasons.
func (e *engine) verify(res *Result) error { return e.check(res, true) }

// vstate is what the verification keeps per placement, packed so that a
// check touches one cache line.
type vstate struct {
	filled   int32
	capacity int32
	worst    uint32 // worst (largest) rank held
	ranked   bool
}

// check runs in time linear in the number of students and placements plus
// the entries each student ranks above its outcome (all entries for the
// unplaced): about the work of the proposals themselves.
func (e *engine) check(res *Result, setReasons bool) error {
	in := e.in
	n, m := e.n, e.m
	off, prefs := in.StudentOffsets, in.StudentPrefs
	if len(res.Placement) != n || len(res.Rank) != n || len(res.Reason) != n || len(res.Filled) != m {
		return fmt.Errorf("%w: result sizes do not match the instance", ErrVerification)
	}
	vs := make([]vstate, m)
	for p := range vs {
		vs[p].capacity = in.Capacity[p]
		vs[p].ranked = e.pl[p].ranked != 0
	}
	rank := func(s, p int32) uint32 {
		if vs[p].ranked {
			pl := &e.pl[p]
			return e.ri.find(s, pl.lo, pl.hi)
		}
		return e.lot[s]
	}
	longest := int32(0)
	assigned := 0
	for s := 0; s < n; s++ {
		longest = max(longest, off[s+1]-off[s])
		p, r := res.Placement[s], res.Rank[s]
		if p < 0 {
			if p != -1 || r != 0 {
				return fmt.Errorf("%w: unplaced student %d has placement %d rank %d", ErrVerification, s, p, r)
			}
			continue
		}
		if p >= int32(m) || r < 1 || r > off[s+1]-off[s] || prefs[off[s]+r-1] != p {
			return fmt.Errorf("%w: student %d is placed at %d with rank %d, which its list does not say", ErrVerification, s, p, r)
		}
		if res.Reason[s] != Placed {
			return fmt.Errorf("%w: placed student %d has unplaced reason %v", ErrVerification, s, res.Reason[s])
		}
		v := &vs[p]
		rk := rank(int32(s), p)
		if rk == unacceptable || v.capacity == 0 {
			return fmt.Errorf("%w: student %d is placed at %d, which does not accept it", ErrVerification, s, p)
		}
		v.filled++
		if v.filled == 1 || rk > v.worst {
			v.worst = rk
		}
		assigned++
	}
	if assigned != res.Assigned {
		return fmt.Errorf("%w: %d students placed, result says %d", ErrVerification, assigned, res.Assigned)
	}
	for p := range vs {
		if v := &vs[p]; v.filled > v.capacity || v.filled != res.Filled[p] {
			return fmt.Errorf("%w: placement %d holds %d students (result says %d) for capacity %d", ErrVerification, p, v.filled, res.Filled[p], v.capacity)
		}
	}
	if int32(len(res.RankCounts)) != longest {
		return fmt.Errorf("%w: rank distribution has %d entries, longest list has %d", ErrVerification, len(res.RankCounts), longest)
	}
	counts := make([]int64, longest)
	for s := 0; s < n; s++ {
		end := off[s+1]
		if r := res.Rank[s]; r > 0 {
			counts[r-1]++
			end = off[s] + r - 1
		}
		acceptable := false
		for k := off[s]; k < end; k++ {
			p := prefs[k]
			v := &vs[p]
			if v.capacity == 0 {
				continue
			}
			rk := rank(int32(s), p)
			if rk == unacceptable {
				continue
			}
			acceptable = true
			if v.filled < v.capacity || rk < v.worst {
				return fmt.Errorf("%w: student %d and placement %d block the matching", ErrVerification, s, p)
			}
		}
		if res.Placement[s] >= 0 {
			continue
		}
		reason := AllFull
		switch {
		case off[s+1] == off[s]:
			reason = NoPreferences
		case !acceptable:
			reason = NoneAcceptable
		}
		if setReasons {
			res.Reason[s] = reason
		} else if res.Reason[s] != reason {
			return fmt.Errorf("%w: unplaced student %d has reason %v, want %v", ErrVerification, s, res.Reason[s], reason)
		}
	}
	for i, c := range counts {
		if res.RankCounts[i] != c {
			return fmt.Errorf("%w: rank distribution says %d students at rank %d, found %d", ErrVerification, res.RankCounts[i], i+1, c)
		}
	}
	return nil
}
