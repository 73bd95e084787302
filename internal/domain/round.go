package domain

import (
	"errors"
	"math"
	"strings"
	"time"
)

// RoundStatus is the life cycle of a matching round:
// draft -> queued -> running -> done | failed; done -> published. A done or
// failed round may be queued again (the same seed gives the same result on
// the same data).
type RoundStatus string

// Round statuses.
const (
	RoundDraft     RoundStatus = "draft"
	RoundQueued    RoundStatus = "queued"
	RoundRunning   RoundStatus = "running"
	RoundDone      RoundStatus = "done"
	RoundFailed    RoundStatus = "failed"
	RoundPublished RoundStatus = "published"
)

// RoundStatuses lists every status in life-cycle order.
var RoundStatuses = []RoundStatus{RoundDraft, RoundQueued, RoundRunning, RoundDone, RoundFailed, RoundPublished}

// Valid reports whether s is a known status.
func (s RoundStatus) Valid() bool {
	for _, x := range RoundStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Busy reports whether the round is waiting for or being computed.
func (s RoundStatus) Busy() bool { return s == RoundQueued || s == RoundRunning }

// Placement rankings of a round: how placements order the students who
// list them.
const (
	RankByFit     = "fit"     // by fit score, ties by the round's lottery
	RankByLottery = "lottery" // by the round's lottery alone
)

// RoundParams say which students and placements a round takes and how
// preferences are formed. Lists that are empty do not filter.
type RoundParams struct {
	// Students: of this school, stage and year of study, in one of these
	// statuses (default: looking), looking for one of these kinds.
	SchoolID  int64           `json:"school_id,omitempty"`
	Stage     Stage           `json:"stage,omitempty"`
	Year      int             `json:"year,omitempty"`
	Statuses  []StudentStatus `json:"statuses,omitempty"`
	WantKinds []PlacementKind `json:"want_kinds,omitempty"`
	// Placements: open placements of the region of these kinds.
	Kinds []PlacementKind `json:"kinds,omitempty"`
	// ListLength is how many placements a derived student list ranks
	// (1-50, default 10).
	ListLength int `json:"list_length"`
	// PlacementRanking is RankByFit or RankByLottery for placements
	// without a given list.
	PlacementRanking string `json:"placement_ranking"`
	// Given preferences (through the API): a student's ranked placements
	// and a placement's ranked students replace the derived ones.
	StudentLists   []RankedList `json:"student_lists,omitempty"`
	PlacementLists []RankedList `json:"placement_lists,omitempty"`
}

// RankedList is one side's ranked list: Owner ranks Ranked, best first.
type RankedList struct {
	Owner  int64   `json:"owner"`
	Ranked []int64 `json:"ranked"`
}

// MaxRankedList is the longest list a round accepts per student or
// placement.
const MaxRankedList = 500

// Normalise fills defaults and validates the parameters in place.
func (p *RoundParams) Normalise() error {
	var v ValidationError
	if p.Stage != "" && p.Stage != StageVMBO && p.Stage != StageMBO && p.Stage != StageHBO {
		v.Add("stage", "invalid.choice")
	}
	if p.Year < 0 || p.Year > 6 {
		v.Add("year", "invalid.year")
	}
	if len(p.Statuses) == 0 {
		p.Statuses = []StudentStatus{StudentLooking}
	}
	for _, s := range p.Statuses {
		if !s.Valid() {
			v.Add("statuses", "invalid.choice")
			break
		}
	}
	for _, k := range p.WantKinds {
		if !k.Valid() {
			v.Add("want_kinds", "invalid.choice")
			break
		}
	}
	for _, k := range p.Kinds {
		if !k.Valid() {
			v.Add("kinds", "invalid.choice")
			break
		}
	}
	if p.ListLength == 0 {
		p.ListLength = 10
	}
	if p.ListLength < 1 || p.ListLength > 50 {
		v.Add("list_length", "invalid.list_length", 50)
	}
	if p.PlacementRanking == "" {
		p.PlacementRanking = RankByFit
	}
	if p.PlacementRanking != RankByFit && p.PlacementRanking != RankByLottery {
		v.Add("placement_ranking", "invalid.choice")
	}
	for _, lists := range []struct {
		field string
		l     []RankedList
	}{{"student_lists", p.StudentLists}, {"placement_lists", p.PlacementLists}} {
		seen := map[int64]bool{}
		for _, l := range lists.l {
			if l.Owner <= 0 || seen[l.Owner] || len(l.Ranked) > MaxRankedList {
				v.Add(lists.field, "invalid.ranked_list", MaxRankedList)
				break
			}
			seen[l.Owner] = true
		}
	}
	return v.Err()
}

// RoundStats are the totals of a round's last run.
type RoundStats struct {
	Students   int `json:"students"`
	Placements int `json:"placements"`
	Capacity   int `json:"capacity"`
	Assigned   int `json:"assigned"`
	Unassigned int `json:"unassigned"`
	// Entries is the number of student preference entries.
	Entries int `json:"entries"`
	// RankDistribution[i] is the number of students placed at their
	// (i+1)th choice.
	RankDistribution []int `json:"rank_distribution"`
	// UnplacedReasons counts unplaced students per reason code.
	UnplacedReasons  map[string]int `json:"unplaced_reasons"`
	RankedPlacements int            `json:"ranked_placements"`
	Proposals        int64          `json:"proposals"`
	// Weights are the fit weights the run derived preferences with.
	Weights FitWeights `json:"weights"`
	// ElapsedMS is how long the run took (not part of the result).
	ElapsedMS int64 `json:"elapsed_ms"`
}

// RoundProgress is what a running round reports.
type RoundProgress struct {
	Phase string `json:"phase"` // load, prefs, propose, verify, save
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// Percent returns the progress as a whole percentage (0 when unknown).
func (p RoundProgress) Percent() int {
	if p.Total <= 0 {
		return 0
	}
	return int(min(100, 100*p.Done/p.Total))
}

// Round is a matching round of a region: which students and placements it
// takes, the lottery seed that makes it reproducible, and its last result.
type Round struct {
	ID          int64
	RegionID    int64
	Name        string
	Status      RoundStatus
	Seed        int64
	Params      RoundParams
	Stats       RoundStats
	Progress    RoundProgress
	Error       string
	CreatedBy   int64
	CreatedAt   time.Time
	RanBy       int64
	RanAt       time.Time
	PublishedBy int64
	PublishedAt time.Time
	UpdatedAt   time.Time

	// Read-only, filled by queries.
	CreatedByName string
}

// MaxSeed is the largest lottery seed (seeds are stored as signed 64-bit
// integers).
const MaxSeed = math.MaxInt64

// Normalise validates a round's name, seed and parameters in place.
func (r *Round) Normalise() error {
	var v ValidationError
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" || len(r.Name) > 200 {
		v.Add("name", "invalid.required")
	}
	if r.Seed < 0 {
		v.Add("seed", "invalid.seed")
	}
	if r.Status == "" {
		r.Status = RoundDraft
	}
	if !r.Status.Valid() {
		v.Add("status", "invalid.choice")
	}
	if err := r.Params.Normalise(); err != nil {
		var pv *ValidationError
		if errors.As(err, &pv) {
			v.Fields = append(v.Fields, pv.Fields...)
		}
	}
	return v.Err()
}

// RoundStudent is one student's outcome in a round: the placement (0 when
// unplaced) at the rank of the student's list with its fit score, or the
// reason it is unplaced. Fingerprint records the student's matching data
// at the run, so that publishing can tell a stale round.
type RoundStudent struct {
	RoundID     int64
	StudentID   int64
	PlacementID int64
	Rank        int
	Score       float64
	ListLength  int
	Reason      string // "" when placed; else a match.Unplaced code
	Detail      string // a fit reason code that explains Reason, or ""
	Fingerprint string

	// Read-only, filled by queries.
	StudentName    string
	SchoolName     string
	PlacementTitle string
	CompanyName    string
}

// RoundPlacement is a placement that took part in a round with the seats it
// offered and filled.
type RoundPlacement struct {
	RoundID     int64
	PlacementID int64
	Capacity    int
	Filled      int
	Fingerprint string

	// Read-only, filled by queries.
	Title       string
	CompanyName string
}

// Remaining returns the seats left after the round.
func (p RoundPlacement) Remaining() int { return max(0, p.Capacity-p.Filled) }

// FitWeights are a region's tuning of the fit score (see match.Weights for
// the meaning of each field).
type FitWeights struct {
	Qualification         float64 `json:"qualification"`
	Level                 float64 `json:"level"`
	Distance              float64 `json:"distance"`
	Period                float64 `json:"period"`
	Skills                float64 `json:"skills"`
	Languages             float64 `json:"languages"`
	Wishes                float64 `json:"wishes"`
	DossierCredit         float64 `json:"dossier_credit"`
	DomainCredit          float64 `json:"domain_credit"`
	OpenCredit            float64 `json:"open_credit"`
	MissingLanguageFactor float64 `json:"missing_language_factor"`
	DefaultMaxDistanceKm  float64 `json:"default_max_distance_km"`
}

// Validate checks that weights are between 0 and 100 with a positive sum,
// credits and the language factor between 0 and 1, and the default
// distance between 1 and 300 km. It returns a ValidationError naming every
// bad field.
func (w FitWeights) Validate() error {
	var v ValidationError
	sum := 0.0
	for _, f := range []struct {
		name string
		x    float64
	}{{"qualification", w.Qualification}, {"level", w.Level}, {"distance", w.Distance}, {"period", w.Period},
		{"skills", w.Skills}, {"languages", w.Languages}, {"wishes", w.Wishes}} {
		if math.IsNaN(f.x) || f.x < 0 || f.x > 100 {
			v.Add(f.name, "invalid.weight", 100)
		}
		sum += f.x
	}
	if !(sum > 0) && len(v.Fields) == 0 {
		v.Add("qualification", "invalid.weights_sum")
	}
	for _, f := range []struct {
		name string
		x    float64
	}{{"dossier_credit", w.DossierCredit}, {"domain_credit", w.DomainCredit}, {"open_credit", w.OpenCredit},
		{"missing_language_factor", w.MissingLanguageFactor}} {
		if math.IsNaN(f.x) || f.x < 0 || f.x > 1 {
			v.Add(f.name, "invalid.fraction")
		}
	}
	if math.IsNaN(w.DefaultMaxDistanceKm) || w.DefaultMaxDistanceKm < 1 || w.DefaultMaxDistanceKm > 300 {
		v.Add("default_max_distance_km", "invalid.distance")
	}
	return v.Err()
}

// FitReason is one part of the explanation of a fit score: a stable code
// (see match's Reason codes) and its arguments (int or string).
type FitReason struct {
	Code string `json:"code"`
	Args []any  `json:"args,omitempty"`
}

// Fit is how well a placement fits a student: a score 0-100 and why.
type Fit struct {
	Score    float64     `json:"score"`
	Eligible bool        `json:"eligible"`
	Reasons  []FitReason `json:"reasons"`
}
