package matching

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/match"
	"talentloket/internal/match/index"
	"talentloket/internal/placements"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Recommendation is an open placement for a student with its fit.
type Recommendation struct {
	Placement  domain.Placement
	Fit        domain.Fit
	DistanceKm float64 // from the student's home; -1 when unknown
}

// MaxRecommendations bounds the list a caller may ask for.
const MaxRecommendations = 50

// student converts a student of a region for the fit score, with the
// school's location as the fallback for an unknown home.
func (s *Service) student(ctx context.Context, rd *refData, st domain.Student) (match.Student, source, error) {
	var school domain.Point
	if _, src := rd.postcode(st.HomePostcode); src == srcUnknown {
		pts, err := s.db.SchoolPoints(ctx, st.RegionID)
		if err != nil {
			return match.Student{}, srcUnknown, err
		}
		school = pts[st.SchoolID]
	}
	ms, src := rd.toStudent(st, school, s.now())
	return ms, src, nil
}

// Recommend returns the open placements of the region that fit a student
// best (at most limit, default 10), best first, each with its explanation.
// Only eligible placements the student may apply to are recommended. The
// actor must be allowed to see the student.
func (s *Service) Recommend(ctx context.Context, studentID int64, limit int) ([]Recommendation, error) {
	a := request.Actor(ctx)
	st, err := s.db.Student(ctx, a.RegionID, studentID)
	if err != nil {
		return nil, err
	}
	if !auth.CanViewRecommendations(a, st) {
		return nil, s.forbid(ctx, fmt.Sprintf("student:%d", studentID))
	}
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, MaxRecommendations)
	rd, err := s.refData(ctx)
	if err != nil {
		return nil, err
	}
	ix, err := s.index(ctx, a.RegionID)
	if err != nil {
		return nil, err
	}
	ms, homeSrc, err := s.student(ctx, rd, st)
	if err != nil {
		return nil, err
	}
	q := studentQuery(st, limit+8)
	q.Explain = true
	hits := ix.Recommend(&ms, q)
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = placementID(h.ID)
	}
	ps, err := s.db.PlacementsByIDs(ctx, a.RegionID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]domain.Placement, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]Recommendation, 0, limit)
	for i, h := range hits {
		p, ok := byID[ids[i]]
		if !ok || !p.Open() || !p.Suits(st) || len(out) == limit {
			continue
		}
		_, placeSrc := rd.placementPoint(p)
		out = append(out, Recommendation{Placement: p, Fit: rd.fitOf(*h.Fit, homeSrc, placeSrc), DistanceKm: h.DistanceKm})
	}
	return out, nil
}

// Candidate is a student who fits a placement, as the actor may see them
// (see auth.CandidateVisibility): Named candidates carry the profile,
// Anonymous ones only programme, level, year, school, skills and
// languages, a distance band instead of the distance, and no id.
type Candidate struct {
	Visibility   auth.Visibility
	Student      domain.Student
	DistanceBand string
	DistanceKm   float64 // Named only; -1 otherwise or when unknown
	Fit          domain.Fit
}

// anonymous keeps what a company may see of a candidate.
func anonymous(s domain.Student) domain.Student {
	return domain.Student{SchoolName: s.SchoolName, ProgrammeName: s.ProgrammeName, Crebo: s.Crebo, Stage: s.Stage, Level: s.Level,
		Pathway: s.Pathway, Year: s.Year, Skills: s.Skills, Languages: s.Languages}
}

// anonymousFit replaces the distance with its band, drops the reasons that
// say where the student lives and rounds the score.
func anonymousFit(f domain.Fit, km float64) domain.Fit {
	// The score is rounded to a multiple of 5: it depends on the distance,
	// and an exact score would tell the distance more precisely than the
	// band does.
	out := domain.Fit{Score: math.Round(f.Score/5) * 5, Eligible: f.Eligible, Reasons: make([]domain.FitReason, 0, len(f.Reasons))}
	for _, r := range f.Reasons {
		switch r.Code {
		case match.ReasonDistance, match.ReasonTooFar:
			out.Reasons = append(out.Reasons, domain.FitReason{Code: ReasonDistanceBand, Args: []any{band(km)}})
		case ReasonHomeNearby, ReasonHomeSchool:
		default:
			out.Reasons = append(out.Reasons, r)
		}
	}
	return out
}

// Candidates returns the students looking for a place who fit a placement
// best (at most limit, default 10), best first, as the actor may see them.
// Only students the placement's rules allow and for whom it is eligible
// are listed.
func (s *Service) Candidates(ctx context.Context, placementID int64, limit int) (domain.Placement, []Candidate, error) {
	a := request.Actor(ctx)
	p, err := s.db.Placement(ctx, a.RegionID, placementID)
	if err != nil {
		return p, nil, err
	}
	if !auth.CanViewCandidates(a, p) {
		return p, nil, s.forbid(ctx, fmt.Sprintf("placement:%d", placementID))
	}
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, MaxRecommendations)
	rd, err := s.refData(ctx)
	if err != nil {
		return p, nil, err
	}
	w, err := regionWeights(ctx, s.db, a.RegionID)
	if err != nil {
		return p, nil, err
	}
	mw := weightsOf(w)
	company, err := s.db.Organisation(ctx, a.RegionID, p.CompanyID)
	if err != nil {
		return p, nil, err
	}
	now := s.now()
	mp, placeSrc := rd.toPlacement(p, company.Accreditations, now)
	school, coach := auth.CandidateScope(a)
	students, err := s.db.MatchStudents(ctx, store.MatchStudentFilter{RegionID: a.RegionID, SchoolID: school, CoachID: coach,
		Statuses: []domain.StudentStatus{domain.StudentLooking}})
	if err != nil {
		return p, nil, err
	}
	pts, err := s.db.SchoolPoints(ctx, a.RegionID)
	if err != nil {
		return p, nil, err
	}
	type scored struct {
		i     int
		ms    match.Student
		src   source
		score float64
		km    float64
	}
	var top []scored
	for i, st := range students {
		if !p.Suits(st) || auth.CandidateVisibility(a, st) == auth.Hidden {
			continue
		}
		ms, src := rd.toStudent(st, pts[st.SchoolID], now)
		score, ok := match.ScoreOnly(&ms, &mp, &mw)
		if !ok {
			continue
		}
		km := -1.0
		if ms.Home.Known() && mp.Location.Known() {
			km = match.DistanceKm(ms.Home, mp.Location)
		}
		top = append(top, scored{i, ms, src, score, km})
	}
	slices.SortFunc(top, func(x, y scored) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		return cmp.Compare(students[x.i].ID, students[y.i].ID)
	})
	top = top[:min(limit, len(top))]
	out := make([]Candidate, len(top))
	for k, c := range top {
		st := students[c.i]
		f := rd.fitOf(match.Score(&c.ms, &mp, &mw), c.src, placeSrc)
		cand := Candidate{Visibility: auth.CandidateVisibility(a, st), Student: st, DistanceBand: band(c.km), DistanceKm: math.Round(c.km*10) / 10, Fit: f}
		if cand.Visibility == auth.Anonymous {
			cand.Student, cand.DistanceKm, cand.Fit = anonymous(st), -1, anonymousFit(f, c.km)
		}
		out[k] = cand
	}
	return p, out, nil
}

// Find answers a placement search from the region's index (see
// placements.Finder): one page of hits, the total, and for a student the
// fit of every hit.
func (s *Service) Find(ctx context.Context, regionID int64, q placements.Query, origin *domain.Postcode, student *domain.Student) ([]placements.Hit, int, error) {
	ix, err := s.index(ctx, regionID)
	if err != nil {
		return nil, 0, err
	}
	pg := q.Page.Norm()
	const maxHits = 1000
	if pg.Offset >= maxHits {
		return []placements.Hit{}, 0, nil
	}
	iq := index.Query{Level: q.Level, Pathway: string(q.Pathway), Limit: min(pg.Offset+pg.Limit, maxHits)}
	if q.Kind != "" {
		iq.Kinds = []string{string(q.Kind)}
	}
	if c, err := domain.ParseCrebo(q.Text); err == nil {
		iq.Crebos = []string{c}
	} else {
		iq.Text = q.Text
	}
	if origin != nil {
		iq.Near, iq.RadiusKm = match.Point{Lat: origin.Point.Lat, Lon: origin.Point.Lon}, float64(q.RadiusKm)
	}
	if !q.Period.Start.IsZero() || !q.Period.End.IsZero() {
		iq.Period = period(q.Period, s.now())
	}
	hits, total := ix.SearchCount(iq)
	hits = hits[min(pg.Offset, len(hits)):]
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = placementID(h.ID)
	}
	ps, err := s.db.PlacementsByIDs(ctx, regionID, ids)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]domain.Placement, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	var rd *refData
	var ms match.Student
	var homeSrc source
	var mw match.Weights
	if student != nil {
		if rd, err = s.refData(ctx); err != nil {
			return nil, 0, err
		}
		if ms, homeSrc, err = s.student(ctx, rd, *student); err != nil {
			return nil, 0, err
		}
		mw = ix.Weights()
	}
	out := make([]placements.Hit, 0, len(hits))
	for i, h := range hits {
		p, ok := byID[ids[i]]
		if !ok {
			continue // deleted since the index saw it
		}
		hit := placements.Hit{Placement: p, DistanceKm: h.DistanceKm}
		if student != nil {
			mp, placeSrc := rd.toPlacement(p, nil, s.now())
			if item, ok := ix.Placement(h.ID); ok {
				mp = item
			}
			f := rd.fitOf(match.Score(&ms, &mp, &mw), homeSrc, placeSrc)
			if !p.Suits(*student) {
				f.Eligible, f.Score = false, 0
				f.Reasons = append([]domain.FitReason{{Code: ReasonNotSuitable}}, f.Reasons...)
			}
			hit.Fit = &f
		}
		out = append(out, hit)
	}
	return out, total, nil
}
