package match

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Instance is the compact form of a matching round: students and placements
// are numbered 0..n-1 and 0..m-1, and every ranked list lives in one flat
// int32 slice indexed by an offsets slice (CSR layout). This is the form the
// engine and the benchmarks use; Round.Compile produces it from string IDs.
//
// Offsets are int32, so a round holds at most 2^31-1 preference entries on
// each side.
type Instance struct {
	// StudentOffsets has one entry per student plus one: student s ranks
	// StudentPrefs[StudentOffsets[s]:StudentOffsets[s+1]], best first.
	// A nil or empty slice means no students.
	StudentOffsets []int32
	// StudentPrefs holds placement indexes.
	StudentPrefs []int32
	// Capacity holds one seat count (>= 0) per placement; its length is the
	// number of placements.
	Capacity []int32
	// Ranked says per placement whether it ranks students with its own list
	// (PlacementPrefs[PlacementOffsets[p]:PlacementOffsets[p+1]], best first;
	// students missing from it are unacceptable to p). A placement that is
	// not ranked accepts every student who lists it, ordered by the lottery.
	// Nil means no placement has a list; then the placement slices may be nil.
	Ranked []bool
	// PlacementOffsets has len(Capacity)+1 entries when Ranked is not nil.
	PlacementOffsets []int32
	// PlacementPrefs holds student indexes.
	PlacementPrefs []int32
	// Seed drives the single lottery that orders students at placements
	// without their own list (SplitMix64; see Run).
	Seed uint64
}

// NumStudents returns the number of students.
func (in *Instance) NumStudents() int {
	if len(in.StudentOffsets) == 0 {
		return 0
	}
	return len(in.StudentOffsets) - 1
}

// NumPlacements returns the number of placements.
func (in *Instance) NumPlacements() int { return len(in.Capacity) }

// Errors returned (wrapped) by Validate, Run and Verify.
var (
	// ErrInvalidInstance marks a compact instance whose slices do not fit
	// together (bad offsets, an index out of range, a negative capacity).
	ErrInvalidInstance = errors.New("invalid instance")
	// ErrVerification marks a result that failed the engine's own check;
	// it means a bug in the engine, never bad input.
	ErrVerification = errors.New("matching verification failed")
)

// Validate checks that the slices fit together and every index is in range.
// It returns an error wrapping ErrInvalidInstance that names the first
// problem, or nil. Duplicates inside one list are allowed: a later
// repetition of a placement on a student's list can never be reached with a
// different outcome, and on a placement's list the first occurrence counts.
func (in *Instance) Validate() error {
	if in == nil {
		return fmt.Errorf("%w: no instance", ErrInvalidInstance)
	}
	n, m := in.NumStudents(), in.NumPlacements()
	if err := checkCSR("student", in.StudentOffsets, len(in.StudentPrefs), n); err != nil {
		return err
	}
	if n >= math.MaxInt32 || m >= math.MaxInt32 {
		return fmt.Errorf("%w: too many students or placements", ErrInvalidInstance)
	}
	// One sequential pass; the maximum as uint32 catches negatives too.
	var mx uint32
	for _, p := range in.StudentPrefs {
		mx = max(mx, uint32(p))
	}
	if len(in.StudentPrefs) > 0 && mx >= uint32(m) {
		return fmt.Errorf("%w: a student preference names placement %d, there are %d placements", ErrInvalidInstance, int32(mx), m)
	}
	for p, c := range in.Capacity {
		if c < 0 {
			return fmt.Errorf("%w: placement %d has negative capacity %d", ErrInvalidInstance, p, c)
		}
	}
	if in.Ranked == nil {
		return nil
	}
	if len(in.Ranked) != m {
		return fmt.Errorf("%w: Ranked has %d entries for %d placements", ErrInvalidInstance, len(in.Ranked), m)
	}
	if len(in.PlacementOffsets) != m+1 {
		return fmt.Errorf("%w: PlacementOffsets has %d entries, want %d", ErrInvalidInstance, len(in.PlacementOffsets), m+1)
	}
	if err := checkCSR("placement", in.PlacementOffsets, len(in.PlacementPrefs), m); err != nil {
		return err
	}
	mx = 0
	for _, s := range in.PlacementPrefs {
		mx = max(mx, uint32(s))
	}
	if len(in.PlacementPrefs) > 0 && mx >= uint32(n) {
		return fmt.Errorf("%w: a placement preference names student %d, there are %d students", ErrInvalidInstance, int32(mx), n)
	}
	return nil
}

func checkCSR(what string, off []int32, entries, rows int) error {
	if len(off) == 0 {
		if entries != 0 {
			return fmt.Errorf("%w: %s offsets are empty but there are %d entries", ErrInvalidInstance, what, entries)
		}
		return nil
	}
	if off[0] != 0 || int(off[rows]) != entries {
		return fmt.Errorf("%w: %s offsets must run from 0 to %d", ErrInvalidInstance, what, entries)
	}
	for i := 1; i <= rows; i++ {
		if off[i] < off[i-1] {
			return fmt.Errorf("%w: %s offsets decrease at %s %d", ErrInvalidInstance, what, what, i-1)
		}
	}
	return nil
}

// Progress is what the engine reports while a round runs.
type Progress struct {
	// Phase is "prepare", "propose" or "verify".
	Phase string
	// Proposals made so far.
	Proposals int64
	// Entries is the number of student preference entries, an upper bound
	// on the proposals a round can make.
	Entries int64
}

// Options tune a run; the zero value is fine.
type Options struct {
	// Progress, when not nil, is called at the start of each phase and
	// every ProgressEvery proposals. It runs on the engine's goroutine and
	// must be quick.
	Progress func(Progress)
	// ProgressEvery is the number of proposals between progress calls;
	// zero means 1<<20.
	ProgressEvery int64
}

// Unplaced says why a student ended without a placement.
type Unplaced uint8

// The reasons a student is unplaced. Their String forms are stable codes
// for the UI to translate.
const (
	// Placed: the student has a placement.
	Placed Unplaced = iota
	// NoPreferences: the student listed no placement.
	NoPreferences
	// NoneAcceptable: no listed placement accepts the student, or every
	// listed placement has capacity 0.
	NoneAcceptable
	// AllFull: some listed placement accepts the student, but each is
	// filled with students it prefers.
	AllFull
)

var unplacedCodes = [...]string{"placed", "no_preferences", "none_acceptable", "all_full"}

// String returns the stable reason code, e.g. "all_full".
func (u Unplaced) String() string {
	if int(u) < len(unplacedCodes) {
		return unplacedCodes[u]
	}
	return fmt.Sprintf("unplaced(%d)", uint8(u))
}

// MarshalText encodes the reason as its stable code.
func (u Unplaced) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// Result is the outcome of Run in compact form.
type Result struct {
	// Seed is the lottery seed the round used.
	Seed uint64
	// Placement holds per student the placement index, or -1.
	Placement []int32
	// Rank holds per student the 1-based position of the placement on the
	// student's own list, or 0 when unplaced.
	Rank []int32
	// Reason holds per student why it is unplaced (Placed when placed).
	Reason []Unplaced
	// Filled holds per placement the number of students assigned.
	Filled []int32
	// RankCounts[i] is the number of students placed at their (i+1)th
	// choice; its length is the longest student list.
	RankCounts []int64
	// Assigned is the number of placed students.
	Assigned int
	// Proposals is the number of proposals the round made.
	Proposals int64
}

const unacceptable = math.MaxUint32

// Run computes the student-optimal stable matching of in by student-proposing
// deferred acceptance (Gale & Shapley 1962) with capacities, verifies it
// (Verify's checks) and returns it. Ties in lottery placements are broken by
// one lottery over all students drawn from in.Seed, so the same instance
// gives the same result. It returns an error wrapping ErrInvalidInstance for
// malformed input, ctx.Err() when cancelled (checked every 65,536 proposals,
// or every Options.ProgressEvery if smaller), or an error wrapping
// ErrVerification.
func Run(ctx context.Context, in *Instance, opt Options) (*Result, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	e := newEngine(in, opt)
	e.report("prepare")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.prepare()
	e.report("propose")
	if err := e.propose(ctx); err != nil {
		return nil, err
	}
	res := e.collect()
	e.report("verify")
	if err := e.verify(res); err != nil {
		return nil, err
	}
	return res, nil
}
