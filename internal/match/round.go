package match

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Round is a matching round over string IDs, as read from ROUND.json or the
// CSV pair and as built by the app. Compile turns it into an Instance.
type Round struct {
	Students   []RoundStudent   `json:"students"`
	Placements []RoundPlacement `json:"placements"`
	// Seed drives the lottery; the same round and seed give the same result.
	Seed uint64 `json:"seed"`
}

// RoundStudent is one student and the placements it ranks, best first.
type RoundStudent struct {
	ID          string   `json:"id"`
	Preferences []string `json:"preferences"`

	line int // source line in a CSV file, 0 for JSON
}

// RoundPlacement is one placement with its capacity and, optionally, the
// students it ranks, best first. Without a list (omitted, null or empty)
// every student who lists it is acceptable, ordered by the lottery; with a
// list, students missing from it are unacceptable.
type RoundPlacement struct {
	ID          string   `json:"id"`
	Capacity    int      `json:"capacity"`
	Preferences []string `json:"preferences,omitempty"`

	line int
}

// Sentinel errors that InputError wraps, for errors.Is.
var (
	ErrMissingID        = errors.New("missing id")
	ErrDuplicateID      = errors.New("duplicate id")
	ErrUnknownPlacement = errors.New("unknown placement")
	ErrUnknownStudent   = errors.New("unknown student")
	ErrDuplicateEntry   = errors.New("listed twice")
	ErrNegativeCapacity = errors.New("negative capacity")
	ErrBadCapacity      = errors.New("capacity is not a whole number")
	ErrTooLarge         = errors.New("round too large")
)

// InputError names the record of a round that is wrong, e.g.
// `student "s3" (record 3): preference "p9": unknown placement`.
type InputError struct {
	Kind   string // "student" or "placement"
	ID     string // the record's id, "" when missing
	Record int    // 1-based position among the records of its kind
	Line   int    // line in the CSV file, 0 when not from CSV
	Field  string // e.g. `preference "p9"`, "" for the record as a whole
	Err    error  // one of the sentinels above
}

// Error formats the record, the field and the problem.
func (e *InputError) Error() string {
	where := fmt.Sprintf("record %d", e.Record)
	if e.Line > 0 {
		where += fmt.Sprintf(", line %d", e.Line)
	}
	msg := e.Kind
	if e.ID != "" {
		msg += fmt.Sprintf(" %q", e.ID)
	}
	msg += " (" + where + "): "
	if e.Field != "" {
		msg += e.Field + ": "
	}
	return msg + e.Err.Error()
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// Compile checks the round and converts it to the compact Instance:
// students and placements are numbered in their order in the round. It
// returns an *InputError naming the first bad record: a missing or
// duplicate id, a negative capacity, an unknown id or an entry listed twice
// in one list.
func (r *Round) Compile() (*Instance, error) {
	n, m := len(r.Students), len(r.Placements)
	if n >= math.MaxInt32 || m >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d students, %d placements", ErrTooLarge, n, m)
	}
	pidx := make(map[string]int32, m)
	in := &Instance{
		Capacity: make([]int32, m),
		Seed:     r.Seed,
	}
	ranked := false
	for i := range r.Placements {
		pl := &r.Placements[i]
		bad := func(field string, err error) error {
			return &InputError{Kind: "placement", ID: pl.ID, Record: i + 1, Line: pl.line, Field: field, Err: err}
		}
		if pl.ID == "" {
			return nil, bad("", ErrMissingID)
		}
		if first, dup := pidx[pl.ID]; dup {
			return nil, bad("", fmt.Errorf("%w (first at record %d)", ErrDuplicateID, first+1))
		}
		pidx[pl.ID] = int32(i)
		if pl.Capacity < 0 {
			return nil, bad(fmt.Sprintf("capacity %d", pl.Capacity), ErrNegativeCapacity)
		}
		in.Capacity[i] = int32(min(pl.Capacity, math.MaxInt32))
		ranked = ranked || len(pl.Preferences) > 0
	}
	sidx := make(map[string]int32, n)
	in.StudentOffsets = make([]int32, n+1)
	total := 0
	for i := range r.Students {
		st := &r.Students[i]
		if st.ID == "" {
			return nil, &InputError{Kind: "student", Record: i + 1, Line: st.line, Err: ErrMissingID}
		}
		if first, dup := sidx[st.ID]; dup {
			return nil, &InputError{Kind: "student", ID: st.ID, Record: i + 1, Line: st.line,
				Err: fmt.Errorf("%w (first at record %d)", ErrDuplicateID, first+1)}
		}
		sidx[st.ID] = int32(i)
		total += len(st.Preferences)
	}
	if total >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d student preferences", ErrTooLarge, total)
	}
	in.StudentPrefs = make([]int32, 0, total)
	seen := make([]int32, m) // seen[p] == i+1: student i listed p
	for i := range r.Students {
		st := &r.Students[i]
		for _, id := range st.Preferences {
			p, ok := pidx[id]
			if !ok {
				return nil, &InputError{Kind: "student", ID: st.ID, Record: i + 1, Line: st.line,
					Field: fmt.Sprintf("preference %q", id), Err: ErrUnknownPlacement}
			}
			if seen[p] == int32(i+1) {
				return nil, &InputError{Kind: "student", ID: st.ID, Record: i + 1, Line: st.line,
					Field: fmt.Sprintf("preference %q", id), Err: ErrDuplicateEntry}
			}
			seen[p] = int32(i + 1)
			in.StudentPrefs = append(in.StudentPrefs, p)
		}
		in.StudentOffsets[i+1] = int32(len(in.StudentPrefs))
	}
	if !ranked {
		return in, nil
	}
	in.Ranked = make([]bool, m)
	in.PlacementOffsets = make([]int32, m+1)
	seenS := make([]int32, n)
	for i := range r.Placements {
		pl := &r.Placements[i]
		in.Ranked[i] = len(pl.Preferences) > 0
		if len(in.PlacementPrefs)+len(pl.Preferences) >= math.MaxInt32 {
			return nil, fmt.Errorf("%w: too many placement preferences", ErrTooLarge)
		}
		for _, id := range pl.Preferences {
			s, ok := sidx[id]
			if !ok {
				return nil, &InputError{Kind: "placement", ID: pl.ID, Record: i + 1, Line: pl.line,
					Field: fmt.Sprintf("preference %q", id), Err: ErrUnknownStudent}
			}
			if seenS[s] == int32(i+1) {
				return nil, &InputError{Kind: "placement", ID: pl.ID, Record: i + 1, Line: pl.line,
					Field: fmt.Sprintf("preference %q", id), Err: ErrDuplicateEntry}
			}
			seenS[s] = int32(i + 1)
			in.PlacementPrefs = append(in.PlacementPrefs, s)
		}
		in.PlacementOffsets[i+1] = int32(len(in.PlacementPrefs))
	}
	return in, nil
}

// Report is the outcome of a round for a coordinator and for RESULT.json:
// every student is either in Assignments or in Unassigned (with its reason
// in Unplaced), in the order of the round. It holds no timings, so the same
// round and seed give byte-identical JSON.
type Report struct {
	Assignments []ReportAssignment `json:"assignments"`
	Unassigned  []string           `json:"unassigned"`
	Unplaced    []ReportUnplaced   `json:"unplaced"`
	// OpenPlacements lists, in round order, placements with seats left.
	OpenPlacements []ReportOpen `json:"open_placements"`
	Stats          Stats        `json:"stats"`
}

// ReportAssignment is one placed student; Rank is the 1-based position of
// the placement on the student's own list.
type ReportAssignment struct {
	Student   string `json:"student"`
	Placement string `json:"placement"`
	Rank      int    `json:"rank"`
}

// ReportUnplaced is one unplaced student and why, as a stable code:
// "no_preferences", "none_acceptable" or "all_full".
type ReportUnplaced struct {
	Student string   `json:"student"`
	Reason  Unplaced `json:"reason"`
}

// ReportOpen is a placement with seats left after the round.
type ReportOpen struct {
	Placement string `json:"placement"`
	Capacity  int    `json:"capacity"`
	Filled    int    `json:"filled"`
	Remaining int    `json:"remaining"`
}

// Stats are the totals of a round.
type Stats struct {
	Seed       uint64 `json:"seed"`
	Students   int    `json:"students"`
	Placements int    `json:"placements"`
	Assigned   int    `json:"assigned"`
	Unassigned int    `json:"unassigned"`
	// Capacity is the sum of all capacities; Filled the seats taken.
	Capacity int64 `json:"capacity"`
	Filled   int64 `json:"filled"`
	// RankDistribution[i] is the number of students placed at their
	// (i+1)th choice, up to the worst rank anyone got.
	RankDistribution []int64 `json:"rank_distribution"`
	// UnplacedReasons counts unplaced students per reason code.
	UnplacedReasons map[string]int `json:"unplaced_reasons"`
	// RankedPlacements counts placements that rank with their own list;
	// the others use the lottery.
	RankedPlacements int   `json:"ranked_placements"`
	Proposals        int64 `json:"proposals"`
}

// MatchRound compiles the round, runs it (with r.Seed) and builds the
// report. It returns the errors of Compile and Run.
func MatchRound(ctx context.Context, r *Round, opt Options) (*Report, error) {
	in, err := r.Compile()
	if err != nil {
		return nil, err
	}
	res, err := Run(ctx, in, opt)
	if err != nil {
		return nil, err
	}
	return BuildReport(r, in, res), nil
}

// BuildReport names the compact result with the round's IDs. The round,
// instance and result must belong together (as from MatchRound).
func BuildReport(r *Round, in *Instance, res *Result) *Report {
	rep := &Report{
		Assignments:    make([]ReportAssignment, 0, res.Assigned),
		Unassigned:     make([]string, 0, len(r.Students)-res.Assigned),
		Unplaced:       make([]ReportUnplaced, 0, len(r.Students)-res.Assigned),
		OpenPlacements: []ReportOpen{},
		Stats: Stats{
			Seed:            res.Seed,
			Students:        len(r.Students),
			Placements:      len(r.Placements),
			Assigned:        res.Assigned,
			Unassigned:      len(r.Students) - res.Assigned,
			UnplacedReasons: map[string]int{},
			Proposals:       res.Proposals,
		},
	}
	for s := range r.Students {
		if p := res.Placement[s]; p >= 0 {
			rep.Assignments = append(rep.Assignments, ReportAssignment{
				Student: r.Students[s].ID, Placement: r.Placements[p].ID, Rank: int(res.Rank[s]),
			})
			continue
		}
		rep.Unassigned = append(rep.Unassigned, r.Students[s].ID)
		rep.Unplaced = append(rep.Unplaced, ReportUnplaced{Student: r.Students[s].ID, Reason: res.Reason[s]})
		rep.Stats.UnplacedReasons[res.Reason[s].String()]++
	}
	for p := range r.Placements {
		c, f := int64(in.Capacity[p]), int64(res.Filled[p])
		rep.Stats.Capacity += c
		rep.Stats.Filled += f
		if f < c {
			rep.OpenPlacements = append(rep.OpenPlacements, ReportOpen{
				Placement: r.Placements[p].ID, Capacity: int(c), Filled: int(f), Remaining: int(c - f),
			})
		}
		if in.Ranked != nil && in.Ranked[p] {
			rep.Stats.RankedPlacements++
		}
	}
	worst := len(res.RankCounts)
	for worst > 0 && res.RankCounts[worst-1] == 0 {
		worst--
	}
	rep.Stats.RankDistribution = append([]int64{}, res.RankCounts[:worst]...)
	return rep
}
