package api

import (
	"net/http"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/matching"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Matching: recommendations, the students who fit a placement, matching
// rounds (create, run, status, report, publish) and the region's fit
// weights.

func init() {
	registerSchema("Fit", Fit{})
	registerSchema("FitReason", FitReason{})
	registerSchema("Recommendation", Recommendation{})
	registerSchema("Candidate", Candidate{})
	registerSchema("Round", Round{})
	registerSchema("RoundInput", RoundInput{})
	registerSchema("RankedList", RankedList{})
	registerSchema("RoundReport", RoundReport{})
	registerSchema("RoundStudent", RoundStudent{})
	registerSchema("RoundPlacement", RoundPlacement{})
	registerSchema("PublishResult", PublishResult{})
	registerSchema("Weights", Weights{})
	registerSchema("RunInput", RunInput{})
	routeSets = append(routeSets, func(h *Handler) []request.Route {
		limit := request.Param{Name: "limit", Type: "integer", Description: "how many, 1-50 (default 10)"}
		return []request.Route{
			apiRoute("GET", "/students/{id}/recommendations", auth.ViewRecommendations, h.recommendations, request.Doc{
				Summary: "The open placements that fit a student best, with the explanation of each fit", Tag: "matching",
				Query: []request.Param{limit}, Response: "Recommendation", List: true}),
			apiRoute("GET", "/placements/{id}/candidates", auth.ViewCandidates, h.candidates, request.Doc{
				Summary: "The students looking for a place who fit a placement best (anonymised for companies)", Tag: "matching",
				Query: []request.Param{limit}, Response: "Candidate", List: true}),
			apiRoute("GET", "/rounds", auth.ManageRounds, h.roundsList, request.Doc{Summary: "List matching rounds, newest first",
				Tag: "matching", Query: withPage(), Response: "Round", List: true}),
			apiRoute("POST", "/rounds", auth.ManageRounds, h.createRound, request.Doc{Summary: "Create a matching round (a draft); with run, queue it at once",
				Tag: "matching", Body: "RoundInput", Response: "Round", Status: 201}),
			apiRoute("GET", "/rounds/{id}", auth.ManageRounds, h.roundStatus, request.Doc{Summary: "A round with its status, progress and totals",
				Tag: "matching", Response: "Round"}),
			apiRoute("POST", "/rounds/{id}/run", auth.ManageRounds, h.runRound, request.Doc{Summary: "Queue a round for computing in the background; poll GET /rounds/{id}",
				Tag: "matching", Body: "RunInput", Response: "Round", Status: 202}),
			apiRoute("GET", "/rounds/{id}/report", auth.ManageRounds, h.roundReport, request.Doc{Summary: "The result of a round: assignments with rank and score, unplaced students with the reason, placements with seats left",
				Tag: "matching", Response: "RoundReport"}),
			apiRoute("POST", "/rounds/{id}/publish", auth.ManageRounds, h.publishRound, request.Doc{Summary: "Publish a round: its assignments become offers (idempotent; a stale round is refused)",
				Tag: "matching", Body: "RunInput", Response: "PublishResult"}),
			apiRoute("GET", "/matching/weights", auth.TuneWeights, h.weights, request.Doc{Summary: "The region's fit weights", Tag: "matching", Response: "Weights"}),
			apiRoute("PUT", "/matching/weights", auth.TuneWeights, h.setWeights, request.Doc{Summary: "Replace the region's fit weights", Tag: "matching",
				Body: "Weights", Response: "Weights"}),
		}
	})
}

// FitReason is one structured reason of a fit: a stable code and its
// arguments.
type FitReason struct {
	Code string `json:"code"`
	Args []any  `json:"args,omitempty"`
}

// Fit is how well a placement fits a student: the score 0-100, whether it
// is eligible, the structured reasons and the same in words (in the
// request's language).
type Fit struct {
	Score    float64     `json:"score"`
	Eligible bool        `json:"eligible"`
	Summary  string      `json:"summary"`
	Concerns []string    `json:"concerns"`
	Texts    []string    `json:"texts"`
	Reasons  []FitReason `json:"reasons"`
}

func fitDTO(r *http.Request, f domain.Fit, aud matching.Audience) *Fit {
	e := matching.Explain(request.Lang(r.Context()), f, aud)
	out := &Fit{Score: f.Score, Eligible: f.Eligible, Summary: e.Summary, Concerns: e.Concerns, Texts: e.Reasons,
		Reasons: make([]FitReason, len(f.Reasons))}
	for i, x := range f.Reasons {
		out.Reasons[i] = FitReason{Code: x.Code, Args: x.Args}
	}
	return out
}

func audience(r *http.Request) matching.Audience {
	if request.Actor(r.Context()).Role == domain.RoleStudent {
		return matching.ForStudent
	}
	return matching.ForOthers
}

// Recommendation is an open placement that fits a student.
type Recommendation struct {
	Placement  Placement `json:"placement"`
	DistanceKm *float64  `json:"distance_km,omitempty"`
	Fit        *Fit      `json:"fit"`
}

func (h *Handler) matchLimit(p *params) int {
	n := p.int("limit")
	if n < 0 || n > matching.MaxRecommendations {
		p.v.Add("limit", "invalid.limit")
	}
	return n
}

func (h *Handler) recommendations(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	p := &params{q: r.URL.Query()}
	n := h.matchLimit(p)
	if p.failed(h, w, r) {
		return
	}
	list, err := h.app.Matching.Recommend(r.Context(), id, n)
	out := Page[Recommendation]{Items: make([]Recommendation, 0, len(list)), Total: len(list), Limit: max(n, len(list))}
	for _, x := range list {
		rec := Recommendation{Placement: placementDTO(x.Placement), Fit: fitDTO(r, x.Fit, audience(r))}
		if x.DistanceKm >= 0 {
			d := x.DistanceKm
			rec.DistanceKm = &d
		}
		out.Items = append(out.Items, rec)
	}
	h.respond(w, r, http.StatusOK, out, err)
}

// Candidate is a student who fits a placement. Anonymous candidates (for
// companies) carry no id, name or exact distance.
type Candidate struct {
	Anonymous    bool     `json:"anonymous"`
	StudentID    int64    `json:"student_id,omitempty"`
	Name         string   `json:"name,omitempty"`
	School       string   `json:"school"`
	Programme    string   `json:"programme"`
	Crebo        string   `json:"crebo,omitempty"`
	Stage        string   `json:"stage"`
	Level        int      `json:"level,omitempty"`
	Pathway      string   `json:"pathway,omitempty"`
	Year         int      `json:"year"`
	Skills       []string `json:"skills"`
	Languages    []string `json:"languages"`
	DistanceBand string   `json:"distance_band"`
	DistanceKm   *float64 `json:"distance_km,omitempty"`
	Fit          *Fit     `json:"fit"`
}

func (h *Handler) candidates(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	p := &params{q: r.URL.Query()}
	n := h.matchLimit(p)
	if p.failed(h, w, r) {
		return
	}
	_, list, err := h.app.Matching.Candidates(r.Context(), id, n)
	out := Page[Candidate]{Items: make([]Candidate, 0, len(list)), Total: len(list), Limit: max(n, len(list))}
	for _, c := range list {
		s := c.Student
		dto := Candidate{Anonymous: c.Visibility == auth.Anonymous, School: s.SchoolName, Programme: s.ProgrammeName, Crebo: s.Crebo,
			Stage: string(s.Stage), Level: s.Level, Pathway: string(s.Pathway), Year: s.Year, Skills: nonNil(s.Skills),
			Languages: nonNil(s.Languages), DistanceBand: c.DistanceBand, Fit: fitDTO(r, c.Fit, matching.ForOthers)}
		if !dto.Anonymous {
			dto.StudentID, dto.Name = s.ID, s.Name
			if c.DistanceKm >= 0 {
				d := c.DistanceKm
				dto.DistanceKm = &d
			}
		}
		out.Items = append(out.Items, dto)
	}
	h.respond(w, r, http.StatusOK, out, err)
}

// RankedList is a ranked list of one student (placement ids) or one
// placement (student ids), best first.
type RankedList struct {
	Owner  int64   `json:"owner"`
	Ranked []int64 `json:"ranked"`
}

// RoundInput creates a matching round. Lists left out do not filter;
// student_lists and placement_lists replace the preferences derived from
// the fit score for the students and placements they name.
type RoundInput struct {
	Name             string       `json:"name"`
	Seed             *int64       `json:"seed,omitempty"`
	SchoolID         int64        `json:"school_id,omitempty"`
	Stage            string       `json:"stage,omitempty"`
	Year             int          `json:"year,omitempty"`
	Statuses         []string     `json:"statuses,omitempty"`
	WantKinds        []string     `json:"want_kinds,omitempty"`
	Kinds            []string     `json:"kinds,omitempty"`
	ListLength       int          `json:"list_length,omitempty"`
	PlacementRanking string       `json:"placement_ranking,omitempty"`
	StudentLists     []RankedList `json:"student_lists,omitempty"`
	PlacementLists   []RankedList `json:"placement_lists,omitempty"`
	Run              bool         `json:"run,omitempty"`
}

// RunInput is the (empty) body of run and publish.
type RunInput struct{}

// Round is a matching round with its status, progress and totals.
type Round struct {
	ID               int64          `json:"id"`
	Name             string         `json:"name"`
	Status           string         `json:"status"`
	Seed             int64          `json:"seed"`
	SchoolID         int64          `json:"school_id,omitempty"`
	Stage            string         `json:"stage,omitempty"`
	Year             int            `json:"year,omitempty"`
	Statuses         []string       `json:"statuses"`
	WantKinds        []string       `json:"want_kinds"`
	Kinds            []string       `json:"kinds"`
	ListLength       int            `json:"list_length"`
	PlacementRanking string         `json:"placement_ranking"`
	ProgressPhase    string         `json:"progress_phase,omitempty"`
	ProgressPercent  int            `json:"progress_percent"`
	Error            string         `json:"error,omitempty"`
	Students         int            `json:"students"`
	Placements       int            `json:"placements"`
	Capacity         int            `json:"capacity"`
	Assigned         int            `json:"assigned"`
	Unassigned       int            `json:"unassigned"`
	RankDistribution []int          `json:"rank_distribution"`
	UnplacedReasons  map[string]int `json:"unplaced_reasons"`
	CreatedAt        time.Time      `json:"created_at"`
	RanAt            *time.Time     `json:"ran_at,omitempty"`
	PublishedAt      *time.Time     `json:"published_at,omitempty"`
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func roundDTO(r *http.Request, x domain.Round) Round {
	out := Round{ID: x.ID, Name: x.Name, Status: string(x.Status), Seed: x.Seed, SchoolID: x.Params.SchoolID, Stage: string(x.Params.Stage),
		Year: x.Params.Year, Statuses: strs(x.Params.Statuses), WantKinds: strs(x.Params.WantKinds), Kinds: strs(x.Params.Kinds),
		ListLength: x.Params.ListLength, PlacementRanking: x.Params.PlacementRanking, Students: x.Stats.Students,
		Placements: x.Stats.Placements, Capacity: x.Stats.Capacity, Assigned: x.Stats.Assigned, Unassigned: x.Stats.Unassigned,
		RankDistribution: x.Stats.RankDistribution, UnplacedReasons: x.Stats.UnplacedReasons, CreatedAt: x.CreatedAt,
		RanAt: timePtr(x.RanAt), PublishedAt: timePtr(x.PublishedAt)}
	if out.RankDistribution == nil {
		out.RankDistribution = []int{}
	}
	if out.UnplacedReasons == nil {
		out.UnplacedReasons = map[string]int{}
	}
	if x.Status.Busy() {
		out.ProgressPhase, out.ProgressPercent = x.Progress.Phase, x.Progress.Percent()
	}
	if x.Error != "" {
		out.Error = matchingText(r, x.Error)
	}
	return out
}

func (h *Handler) roundsList(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Matching.Rounds(r.Context(), p.page)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, func(x domain.Round) Round { return roundDTO(r, x) }), err)
}

func (h *Handler) createRound(w http.ResponseWriter, r *http.Request) {
	var in RoundInput
	if !h.body(w, r, &in) {
		return
	}
	rd := domain.Round{Name: in.Name, Seed: matching.NewSeed(), Params: domain.RoundParams{SchoolID: in.SchoolID,
		Stage: domain.Stage(in.Stage), Year: in.Year, ListLength: in.ListLength, PlacementRanking: in.PlacementRanking}}
	if in.Seed != nil {
		rd.Seed = *in.Seed
	}
	for _, s := range in.Statuses {
		rd.Params.Statuses = append(rd.Params.Statuses, domain.StudentStatus(s))
	}
	for _, k := range in.WantKinds {
		rd.Params.WantKinds = append(rd.Params.WantKinds, domain.PlacementKind(k))
	}
	for _, k := range in.Kinds {
		rd.Params.Kinds = append(rd.Params.Kinds, domain.PlacementKind(k))
	}
	for _, l := range in.StudentLists {
		rd.Params.StudentLists = append(rd.Params.StudentLists, domain.RankedList{Owner: l.Owner, Ranked: l.Ranked})
	}
	for _, l := range in.PlacementLists {
		rd.Params.PlacementLists = append(rd.Params.PlacementLists, domain.RankedList{Owner: l.Owner, Ranked: l.Ranked})
	}
	id, err := h.app.Matching.CreateRound(r.Context(), rd)
	if err == nil && in.Run {
		err = h.app.Matching.StartRound(r.Context(), id)
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	got, err := h.app.Matching.Round(r.Context(), id)
	h.respond(w, r, http.StatusCreated, roundDTO(r, got), err)
}

func (h *Handler) roundStatus(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	got, err := h.app.Matching.Round(r.Context(), id)
	h.respond(w, r, http.StatusOK, roundDTO(r, got), err)
}

func (h *Handler) runRound(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var in RunInput
	if r.ContentLength != 0 && !h.body(w, r, &in) {
		return
	}
	if err := h.app.Matching.StartRound(r.Context(), id); err != nil {
		h.Fail(w, r, err)
		return
	}
	got, err := h.app.Matching.Round(r.Context(), id)
	h.respond(w, r, http.StatusAccepted, roundDTO(r, got), err)
}

// RoundStudent is a student's outcome in a round: placed (placement, rank
// on the student's list of list_length, fit score) or not (reason, detail
// and their texts).
type RoundStudent struct {
	StudentID   int64   `json:"student_id"`
	StudentName string  `json:"student_name"`
	School      string  `json:"school"`
	PlacementID int64   `json:"placement_id,omitempty"`
	Placement   string  `json:"placement,omitempty"`
	Company     string  `json:"company,omitempty"`
	Rank        int     `json:"rank,omitempty"`
	ListLength  int     `json:"list_length"`
	Score       float64 `json:"score,omitempty"`
	Reason      string  `json:"reason,omitempty"`
	Detail      string  `json:"detail,omitempty"`
	ReasonText  string  `json:"reason_text,omitempty"`
	DetailText  string  `json:"detail_text,omitempty"`
}

// RoundPlacement is a placement of a round with its seats.
type RoundPlacement struct {
	PlacementID int64  `json:"placement_id"`
	Title       string `json:"title"`
	Company     string `json:"company"`
	Capacity    int    `json:"capacity"`
	Filled      int    `json:"filled"`
	Remaining   int    `json:"remaining"`
}

// RoundReport is the result of a round: every assignment, every unplaced
// student and the placements with seats left.
type RoundReport struct {
	Round            Round            `json:"round"`
	Assignments      []RoundStudent   `json:"assignments"`
	Unplaced         []RoundStudent   `json:"unplaced"`
	OpenPlacements   []RoundPlacement `json:"open_placements"`
	StaleStudents    int              `json:"stale_students"`
	StalePlacements  int              `json:"stale_placements"`
	AssignmentsTotal int              `json:"assignments_total"`
}

func matchingText(r *http.Request, key string) string {
	return i18n.T(request.Lang(r.Context()), key)
}

func roundStudentDTO(r *http.Request, x domain.RoundStudent) RoundStudent {
	out := RoundStudent{StudentID: x.StudentID, StudentName: x.StudentName, School: x.SchoolName, PlacementID: x.PlacementID,
		Placement: x.PlacementTitle, Company: x.CompanyName, Rank: x.Rank, ListLength: x.ListLength, Score: x.Score,
		Reason: x.Reason, Detail: x.Detail}
	if x.Reason != "" {
		out.ReasonText = matchingText(r, "unplaced."+x.Reason)
	}
	if x.Detail != "" {
		out.DetailText = matchingText(r, "round.detail."+x.Detail)
	}
	return out
}

func (h *Handler) roundReport(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	rep, err := h.app.Matching.Report(r.Context(), id, store.Page{Limit: 500})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	out := RoundReport{Round: roundDTO(r, rep.Round), Assignments: []RoundStudent{}, Unplaced: []RoundStudent{}, OpenPlacements: []RoundPlacement{},
		StaleStudents: rep.Stale.Students, StalePlacements: rep.Stale.Placements, AssignmentsTotal: rep.AssignedTotal}
	for off := 0; ; {
		for _, x := range rep.Assigned {
			out.Assignments = append(out.Assignments, roundStudentDTO(r, x))
		}
		off += len(rep.Assigned)
		if len(rep.Assigned) == 0 || off >= rep.AssignedTotal {
			break
		}
		if rep, err = h.app.Matching.Report(r.Context(), id, store.Page{Limit: 500, Offset: off}); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	for _, x := range rep.Unplaced {
		out.Unplaced = append(out.Unplaced, roundStudentDTO(r, x))
	}
	for _, p := range rep.Open {
		out.OpenPlacements = append(out.OpenPlacements, RoundPlacement{PlacementID: p.PlacementID, Title: p.Title, Company: p.CompanyName,
			Capacity: p.Capacity, Filled: p.Filled, Remaining: p.Remaining()})
	}
	writeJSON(w, http.StatusOK, out)
}

// PublishResult says what publishing did: new offers, applications moved
// to offered, those already offered, those left alone because they were
// decided; already is true when the round had been published before.
type PublishResult struct {
	Round     Round `json:"round"`
	Offers    int   `json:"offers"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
	Skipped   int   `json:"skipped"`
	Already   bool  `json:"already"`
}

func (h *Handler) publishRound(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var in RunInput
	if r.ContentLength != 0 && !h.body(w, r, &in) {
		return
	}
	res, err := h.app.Matching.PublishRound(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	got, err := h.app.Matching.Round(r.Context(), id)
	h.respond(w, r, http.StatusOK, PublishResult{Round: roundDTO(r, got), Offers: res.Offers, Updated: res.Updated,
		Unchanged: res.Unchanged, Skipped: res.Skipped, Already: res.Already}, err)
}

// Weights are the region's fit weights (see the weights page for their
// meaning).
type Weights struct {
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
	Custom                bool    `json:"custom"`
}

func (h *Handler) weights(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Matching.Weights(r.Context())
	x := v.Weights
	h.respond(w, r, http.StatusOK, Weights{x.Qualification, x.Level, x.Distance, x.Period, x.Skills, x.Languages, x.Wishes,
		x.DossierCredit, x.DomainCredit, x.OpenCredit, x.MissingLanguageFactor, x.DefaultMaxDistanceKm, v.Custom}, err)
}

func (h *Handler) setWeights(w http.ResponseWriter, r *http.Request) {
	var in Weights
	if !h.body(w, r, &in) {
		return
	}
	fw := domain.FitWeights{Qualification: in.Qualification, Level: in.Level, Distance: in.Distance, Period: in.Period, Skills: in.Skills,
		Languages: in.Languages, Wishes: in.Wishes, DossierCredit: in.DossierCredit, DomainCredit: in.DomainCredit, OpenCredit: in.OpenCredit,
		MissingLanguageFactor: in.MissingLanguageFactor, DefaultMaxDistanceKm: in.DefaultMaxDistanceKm}
	if err := h.app.Matching.SetWeights(r.Context(), fw); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.weights(w, r)
}
