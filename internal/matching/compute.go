package matching

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/match"
	"talentloket/internal/match/index"
	"talentloket/internal/store"
)

// How a round is computed from the store (computeRound):
//
//  1. the students: those of the region the parameters select (school,
//     stage, year, statuses), who look for one of the kinds asked (a
//     student who named no kinds looks for every kind), by id;
//  2. the placements: the region's open placements of the kinds asked, by
//     id, each with the seats it still has: capacity minus accepted
//     applications minus pending offers (a placement without seats left
//     does not take part);
//  3. each student's list: the list given for the student (through the
//     API), else the ListLength placements that fit the student best by
//     the fit score under the region's weights, among the eligible ones
//     the placement's rules allow (stage, level, pathway) — best first,
//     equal scores nearer first, then by id;
//  4. each placement's list: the list given for it, else the students who
//     list it and for whom it is eligible, by fit score (or by lottery
//     alone when the round says so), equal scores by the round's lottery
//     (match.Lottery with the round's seed);
//  5. student-proposing deferred acceptance with capacities (match.Run,
//     which verifies its own result);
//  6. per student the outcome, with the fit score and the rank on its
//     list, or why it is unplaced — for a student without any eligible
//     placement the most common hard reason across the round's
//     placements.
//
// The same round on the same data gives the same result: every order is
// fixed and the lottery is drawn from the recorded seed.

// result is a computed round before it is saved.
type result struct {
	stats      domain.RoundStats
	students   []domain.RoundStudent
	placements []domain.RoundPlacement
}

// roundInput is a round's students and placements converted.
type roundInput struct {
	students   []domain.Student
	ms         []match.Student
	homeSrc    []source
	placements []domain.Placement
	mp         []match.Placement
	seats      []int
	accr       [][]string
}

// loadRound reads and converts the students and placements of a round.
func loadRound(ctx context.Context, st Store, rd *refData, r domain.Round, now time.Time) (*roundInput, error) {
	p := r.Params
	students, err := st.MatchStudents(ctx, store.MatchStudentFilter{RegionID: r.RegionID, SchoolID: p.SchoolID, Stage: p.Stage,
		Year: p.Year, Statuses: p.Statuses})
	if err != nil {
		return nil, err
	}
	in := &roundInput{}
	for _, s := range students {
		if wantsAny(s, p.WantKinds) {
			in.students = append(in.students, s)
		}
	}
	ps, err := st.IndexPlacements(ctx, store.IndexFilter{RegionID: r.RegionID, OpenOnly: true})
	if err != nil {
		return nil, err
	}
	acc, err := st.Accreditations(ctx, r.RegionID)
	if err != nil {
		return nil, err
	}
	pending, err := st.PendingOffers(ctx, r.RegionID)
	if err != nil {
		return nil, err
	}
	for _, pl := range ps {
		if len(p.Kinds) > 0 && !slices.Contains(p.Kinds, pl.Kind) {
			continue
		}
		seats := pl.Remaining() - pending[pl.ID]
		if seats <= 0 {
			continue
		}
		mp, _ := rd.toPlacement(pl, acc[pl.CompanyID], now)
		in.placements = append(in.placements, pl)
		in.mp = append(in.mp, mp)
		in.seats = append(in.seats, seats)
		in.accr = append(in.accr, acc[pl.CompanyID])
	}
	var schools map[int64]domain.Point
	for _, s := range in.students {
		if _, src := rd.postcode(s.HomePostcode); src == srcUnknown && schools == nil {
			if schools, err = st.SchoolPoints(ctx, r.RegionID); err != nil {
				return nil, err
			}
		}
		ms, src := rd.toStudent(s, schools[s.SchoolID], now)
		in.ms = append(in.ms, ms)
		in.homeSrc = append(in.homeSrc, src)
	}
	return in, nil
}

func wantsAny(s domain.Student, kinds []domain.PlacementKind) bool {
	if len(kinds) == 0 {
		return true
	}
	for _, k := range kinds {
		if s.Wants(k) {
			return true
		}
	}
	return false
}

// studentQuery returns the index filters that stand for the placement
// rules a student must meet (domain.Placement.Suits); the caller checks
// Suits as well.
func studentQuery(s domain.Student, limit int) index.Query {
	q := index.Query{Limit: limit, Stage: string(s.Stage)}
	if s.Stage == domain.StageMBO {
		q.Level, q.Pathway = s.Level, string(s.Pathway)
	}
	return q
}

// computeRound computes a round (see above). progress may be nil.
func computeRound(ctx context.Context, st Store, rd *refData, r domain.Round, w domain.FitWeights, now time.Time,
	progress func(domain.RoundProgress)) (*result, error) {
	report := func(phase string, done, total int64) {
		if progress != nil {
			progress(domain.RoundProgress{Phase: phase, Done: done, Total: total})
		}
	}
	start := time.Now()
	report("load", 0, 0)
	in, err := loadRound(ctx, st, rd, r, now)
	if err != nil {
		return nil, err
	}
	mw := weightsOf(w)
	ix, err := index.New(mw)
	if err != nil {
		return nil, fmt.Errorf("round weights: %w", err)
	}
	if err := ix.Load(in.mp); err != nil {
		return nil, err
	}
	n, m := len(in.students), len(in.placements)
	pidx := make(map[int64]int32, m)
	for j, p := range in.placements {
		pidx[p.ID] = int32(j)
	}
	sidx := make(map[int64]int32, n)
	for i, s := range in.students {
		sidx[s.ID] = int32(i)
	}
	given := map[int64][]int64{}
	for _, l := range r.Params.StudentLists {
		given[l.Owner] = l.Ranked
	}

	// Student lists (CSR) with the fit score of every entry; -1 marks an
	// entry the placement's rules or the fit score exclude.
	inst := &match.Instance{StudentOffsets: make([]int32, n+1), Capacity: make([]int32, m), Seed: uint64(r.Seed)}
	var scores []float64
	for j, seats := range in.seats {
		inst.Capacity[j] = int32(min(seats, math.MaxInt32))
	}
	report("prefs", 0, int64(n))
	L := r.Params.ListLength
	for i, s := range in.students {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			report("prefs", int64(i), int64(n))
		}
		ms := &in.ms[i]
		if list, ok := given[s.ID]; ok {
			seen := map[int32]bool{}
			for _, pid := range list {
				j, ok := pidx[pid]
				if !ok || seen[j] {
					continue
				}
				seen[j] = true
				score := -1.0
				if in.placements[j].Suits(s) {
					if sc, ok := match.ScoreOnly(ms, &in.mp[j], &mw); ok {
						score = sc
					}
				}
				inst.StudentPrefs = append(inst.StudentPrefs, j)
				scores = append(scores, score)
			}
		} else {
			hits := ix.Recommend(ms, studentQuery(s, L+8))
			k := 0
			for _, h := range hits {
				j := pidx[placementID(h.ID)]
				if k == L || !in.placements[j].Suits(s) {
					continue
				}
				inst.StudentPrefs = append(inst.StudentPrefs, j)
				scores = append(scores, h.Score)
				k++
			}
		}
		inst.StudentOffsets[i+1] = int32(len(inst.StudentPrefs))
	}

	// Placement lists.
	lot := match.Lottery(uint64(r.Seed), n)
	givenP := map[int64][]int64{}
	for _, l := range r.Params.PlacementLists {
		givenP[l.Owner] = l.Ranked
	}
	type cand struct {
		s     int32
		score float64
	}
	byP := make([][]cand, m)
	for i := 0; i < n; i++ {
		for k := inst.StudentOffsets[i]; k < inst.StudentOffsets[i+1]; k++ {
			if scores[k] >= 0 {
				j := inst.StudentPrefs[k]
				byP[j] = append(byP[j], cand{int32(i), scores[k]})
			}
		}
	}
	inst.Ranked = make([]bool, m)
	inst.PlacementOffsets = make([]int32, m+1)
	for j, p := range in.placements {
		inst.Ranked[j] = true
		if list, ok := givenP[p.ID]; ok {
			seen := map[int32]bool{}
			for _, sid := range list {
				if i, ok := sidx[sid]; ok && !seen[i] {
					seen[i] = true
					inst.PlacementPrefs = append(inst.PlacementPrefs, i)
				}
			}
		} else {
			cs := byP[j]
			slices.SortFunc(cs, func(a, b cand) int {
				if r.Params.PlacementRanking == domain.RankByFit && a.score != b.score {
					return cmp.Compare(b.score, a.score)
				}
				return cmp.Compare(lot[a.s], lot[b.s])
			})
			for _, c := range cs {
				inst.PlacementPrefs = append(inst.PlacementPrefs, c.s)
			}
		}
		inst.PlacementOffsets[j+1] = int32(len(inst.PlacementPrefs))
	}

	// The round.
	entries := int64(len(inst.StudentPrefs))
	res, err := match.Run(ctx, inst, match.Options{ProgressEvery: 1 << 14, Progress: func(p match.Progress) {
		report(p.Phase, p.Proposals, entries)
	}})
	if err != nil {
		if errors.Is(err, match.ErrVerification) {
			return nil, domain.Errorf(domain.CodeInternal, "round.failed_verify")
		}
		return nil, err
	}

	out := &result{}
	out.stats = domain.RoundStats{Students: n, Placements: m, Assigned: res.Assigned, Unassigned: n - res.Assigned,
		Entries: int(entries), UnplacedReasons: map[string]int{}, RankedPlacements: m, Proposals: res.Proposals, Weights: w}
	for _, c := range inst.Capacity {
		out.stats.Capacity += int(c)
	}
	worst := len(res.RankCounts)
	for worst > 0 && res.RankCounts[worst-1] == 0 {
		worst--
	}
	out.stats.RankDistribution = make([]int, worst)
	for k := range worst {
		out.stats.RankDistribution[k] = int(res.RankCounts[k])
	}
	out.students = make([]domain.RoundStudent, n)
	for i, s := range in.students {
		rs := domain.RoundStudent{StudentID: s.ID, ListLength: int(inst.StudentOffsets[i+1] - inst.StudentOffsets[i]),
			Fingerprint: studentFingerprint(s)}
		if j := res.Placement[i]; j >= 0 {
			rs.PlacementID = in.placements[j].ID
			rs.Rank = int(res.Rank[i])
			rs.Score = math.Round(scores[inst.StudentOffsets[i]+res.Rank[i]-1]*10) / 10
		} else {
			rs.Reason = res.Reason[i].String()
			out.stats.UnplacedReasons[rs.Reason]++
			if _, own := given[s.ID]; own {
				rs.Detail = ReasonGivenList
			} else if res.Reason[i] == match.NoPreferences {
				rs.Detail = whyNone(in, i, &mw)
			}
		}
		out.students[i] = rs
	}
	out.placements = make([]domain.RoundPlacement, m)
	for j, p := range in.placements {
		out.placements[j] = domain.RoundPlacement{PlacementID: p.ID, Capacity: in.seats[j], Filled: int(res.Filled[j]),
			Fingerprint: placementFingerprint(p, in.accr[j], in.seats[j])}
	}
	out.stats.ElapsedMS = time.Since(start).Milliseconds()
	return out, nil
}

// hardOrder is the order in which hard reasons explain why a placement is
// not eligible: the first that applies counts.
var hardOrder = []string{ReasonNotSuitable, match.ReasonStageMismatch, match.ReasonOtherProgramme, match.ReasonPathwayMismatch,
	match.ReasonNotAccredited, match.ReasonTooFar, match.ReasonPeriodNone}

// whyNone returns the most common reason why the round's placements are
// not eligible for student i (ties: the earlier in hardOrder), or
// ReasonNoPlacements when the round has none.
func whyNone(in *roundInput, i int, w *match.Weights) string {
	if len(in.placements) == 0 {
		return ReasonNoPlacements
	}
	count := make([]int, len(hardOrder))
	for j := range in.placements {
		if !in.placements[j].Suits(in.students[i]) {
			count[0]++
			continue
		}
		f := match.Score(&in.ms[i], &in.mp[j], w)
		if f.Eligible {
			continue // eligible but not in the top of its list: cannot happen for derived lists
		}
		for k, code := range hardOrder {
			if slices.ContainsFunc(f.Reasons, func(r match.Reason) bool { return r.Code == code }) {
				count[k]++
				break
			}
		}
	}
	best := 0
	for k := range count {
		if count[k] > count[best] {
			best = k
		}
	}
	if count[best] == 0 {
		return ReasonNoneEligible
	}
	return hardOrder[best]
}

// RunRound computes a running round of a region from the store's data and
// saves the result: the round is then done, run by ranBy at now. Call it
// in a transaction (the demo does); the background worker uses the same
// steps with progress. It records no run time, so that the same data and
// seed give the same rows. It returns domain errors (not found, a round
// that is not running) or the store's.
func RunRound(ctx context.Context, st Store, regionID, roundID, ranBy int64, now time.Time) error {
	r, err := st.Round(ctx, regionID, roundID)
	if err != nil {
		return err
	}
	rd, err := loadRefData(ctx, st, now)
	if err != nil {
		return err
	}
	w, err := regionWeights(ctx, st, regionID)
	if err != nil {
		return err
	}
	res, err := computeRound(ctx, st, rd, r, w, now, nil)
	if err != nil {
		return err
	}
	res.stats.ElapsedMS = 0 // no timing: the same data and seed give the same rows
	return st.SaveRoundResult(ctx, regionID, roundID, res.stats, res.students, res.placements, ranBy, now)
}
