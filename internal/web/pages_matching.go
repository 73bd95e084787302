package web

import (
	"net/http"
	"net/url"
	"strconv"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/matching"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Pages of matching: recommendations on the student's pages, the students
// who fit a placement, matching rounds and the region's fit weights.

func init() {
	routeSets = append(routeSets, func(h *Handler) []request.Route {
		return []request.Route{
			pageRoute("GET", "/rounds", auth.ManageRounds, h.rounds),
			pageRoute("GET", "/rounds/new", auth.ManageRounds, h.newRound),
			pageRoute("POST", "/rounds", auth.ManageRounds, h.createRound),
			pageRoute("GET", "/rounds/{id}", auth.ManageRounds, h.round),
			pageRoute("POST", "/rounds/{id}/run", auth.ManageRounds, h.runRound),
			pageRoute("POST", "/rounds/{id}/publish", auth.ManageRounds, h.publishRound),
			pageRoute("GET", "/matching/weights", auth.TuneWeights, h.weights),
			pageRoute("POST", "/matching/weights", auth.TuneWeights, h.saveWeights),
			pageRoute("GET", "/placements/{id}/candidates", auth.ViewCandidates, h.candidates),
		}
	})
	addNav("/rounds", "nav.rounds", auth.ManageRounds, 60)
}

// ExplainFit renders a fit for the page's reader: the student it is about
// reads "je", everyone else reads about "de student".
func (p Page) ExplainFit(f *domain.Fit) *matching.Explanation {
	if f == nil {
		return nil
	}
	aud := matching.ForOthers
	if p.Actor.Role == domain.RoleStudent {
		aud = matching.ForStudent
	}
	e := matching.Explain(p.Lang, *f, aud)
	return &e
}

// fitArgs pairs the page with a rendered fit for the "match-fit" template.
type fitArgs struct {
	P Page
	E *matching.Explanation
}

// FitOf renders a fit (a domain.Fit or *domain.Fit) for the "match-fit"
// template.
func (p Page) FitOf(f any) fitArgs {
	switch x := f.(type) {
	case domain.Fit:
		return fitArgs{P: p, E: p.ExplainFit(&x)}
	case *domain.Fit:
		return fitArgs{P: p, E: p.ExplainFit(x)}
	}
	return fitArgs{P: p}
}

// recArgs pairs the page with recommendations for the
// "match-recommendations" template.
type recArgs struct {
	P Page
	R *Recommendations
}

// RecArgs pairs the page with recommendations.
func (p Page) RecArgs(r *Recommendations) recArgs { return recArgs{P: p, R: r} }

// Recommendations are the placements that fit a student, for the home
// page and the student's profile.
type Recommendations struct {
	Items []matching.Recommendation
	Own   bool // the student reads about themselves
}

// recommendationsFor returns the recommendations for a student the actor
// may see, or nil (a failure is logged: the page works without them).
func (h *Handler) recommendationsFor(r *http.Request, studentID int64) *Recommendations {
	a := request.Actor(r.Context())
	if !auth.Allow(a, auth.ViewRecommendations) {
		return nil
	}
	list, err := h.app.Matching.Recommend(r.Context(), studentID, 5)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeInternal {
			h.log.ErrorContext(r.Context(), "recommendations", "err", err, "request_id", request.MetaOf(r.Context()).ID)
		}
		return nil
	}
	return &Recommendations{Items: list, Own: a.Role == domain.RoleStudent && a.StudentID == studentID}
}

// CandidatesView lists the students who fit a placement.
type CandidatesView struct {
	Page
	Placement domain.Placement
	Items     []matching.Candidate
	Anonymous bool
}

func (h *Handler) candidates(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	pl, list, err := h.app.Matching.Candidates(r.Context(), id, 20)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "cand.title", pl.Title)
	h.render(w, r, http.StatusOK, "candidates.html", CandidatesView{Page: p, Placement: pl, Items: list,
		Anonymous: p.Actor.Role == domain.RoleCompany})
}

// IsAnonymous reports whether a candidate is shown without a name.
func (c CandidatesView) IsAnonymous(v auth.Visibility) bool { return v == auth.Anonymous }

// RoundsView is the list of rounds.
type RoundsView struct {
	Page
	Items []domain.Round
	Pager Pager
}

func (h *Handler) rounds(w http.ResponseWriter, r *http.Request) {
	pg, n := pageOf(r)
	list, total, err := h.app.Matching.Rounds(r.Context(), pg)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "round.list_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "rounds.html", RoundsView{Page: p, Items: list, Pager: pager(r, n, total)})
}

// RoundFormView is the form of a new round.
type RoundFormView struct {
	FormPage
	Schools []Option
}

func (h *Handler) roundForm(w http.ResponseWriter, r *http.Request, status int, f Form) {
	p := h.page(r, "round.new_title")
	f.lang = p.Lang
	v := RoundFormView{FormPage: FormPage{Page: p, Form: f}}
	schools, _, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Kind: domain.OrgSchool, Page: store.Page{Limit: 500}})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, s := range schools {
		v.Schools = append(v.Schools, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name})
	}
	h.render(w, r, status, "round_form.html", v)
}

func (h *Handler) newRound(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	v.Set("seed", strconv.FormatInt(matching.NewSeed(), 10))
	v.Set("list_length", "10")
	v.Set("placement_ranking", domain.RankByFit)
	v.Add("statuses", string(domain.StudentLooking))
	v.Add("kinds", string(domain.KindInternship))
	v.Add("want_kinds", string(domain.KindInternship))
	h.roundForm(w, r, http.StatusOK, newForm(request.Lang(r.Context()), v))
}

func readRound(v url.Values) (domain.Round, *formReader) {
	fr := &formReader{v: v}
	rd := domain.Round{Name: fr.str("name"), Params: domain.RoundParams{SchoolID: fr.id("school"), Stage: domain.Stage(fr.str("stage")),
		Year: fr.int("year", "invalid.year"), ListLength: fr.int("list_length", "invalid.number"),
		PlacementRanking: fr.str("placement_ranking")}}
	if s := fr.str("seed"); s == "" {
		rd.Seed = matching.NewSeed()
	} else if n, err := strconv.ParseInt(s, 10, 64); err != nil || n < 0 {
		fr.errs.Add("seed", "invalid.seed")
	} else {
		rd.Seed = n
	}
	for _, s := range fr.list("statuses") {
		rd.Params.Statuses = append(rd.Params.Statuses, domain.StudentStatus(s))
	}
	for _, k := range fr.list("want_kinds") {
		rd.Params.WantKinds = append(rd.Params.WantKinds, domain.PlacementKind(k))
	}
	for _, k := range fr.list("kinds") {
		rd.Params.Kinds = append(rd.Params.Kinds, domain.PlacementKind(k))
	}
	return rd, fr
}

func (h *Handler) createRound(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	rd, fr := readRound(v)
	var err error
	if len(fr.errs.Fields) == 0 {
		rd.ID, err = h.app.Matching.CreateRound(r.Context(), rd)
	} else {
		err = rd.Normalise() // report every problem of the form at once; nothing is stored
	}
	if err := fr.merge(err); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.roundForm(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/rounds/"+strconv.FormatInt(rd.ID, 10), "flash.round_created")
}

// RoundView is a round with its progress or report.
type RoundView struct {
	FormPage
	matching.Report
	Pager       Pager
	Bars        []RankBar
	FirstChoice float64 // share of the assigned placed at their first choice, %
	ChartH      int
	CanRun      bool
	School      string
	Reasons     []ReasonCount
}

// RankBar is one bar of the rank distribution chart.
type RankBar struct {
	Rank, N, Y, Width int
	Percent           float64
}

// ReasonCount is an unplaced reason with its number of students.
type ReasonCount struct {
	Code string
	N    int
}

const chartWidth = 280

func rankBars(dist []int, assigned int) ([]RankBar, int) {
	most := 1
	for _, n := range dist {
		most = max(most, n)
	}
	bars := make([]RankBar, len(dist))
	for i, n := range dist {
		bars[i] = RankBar{Rank: i + 1, N: n, Y: 8 + 26*i, Width: max(1, n*chartWidth/most)}
		if assigned > 0 {
			bars[i].Percent = 100 * float64(n) / float64(assigned)
		}
	}
	return bars, 16 + 26*len(dist)
}

func (h *Handler) round(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	h.renderRound(w, r, id, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) renderRound(w http.ResponseWriter, r *http.Request, id int64, status int, f Form) {
	pg, n := pageOf(r)
	pg.Limit = 50
	pg.Offset = (n - 1) * 50
	rep, err := h.app.Matching.Report(r.Context(), id, pg)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "round.title", rep.Round.Name)
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	v := RoundView{FormPage: FormPage{Page: p, Form: f}, Report: rep}
	v.Pager = roundPager(r, n, rep.AssignedTotal, 50)
	v.Bars, v.ChartH = rankBars(rep.Round.Stats.RankDistribution, rep.Round.Stats.Assigned)
	if len(v.Bars) > 0 {
		v.FirstChoice = v.Bars[0].Percent
	}
	for _, code := range []string{"no_preferences", "none_acceptable", "all_full"} {
		if n := rep.Round.Stats.UnplacedReasons[code]; n > 0 {
			v.Reasons = append(v.Reasons, ReasonCount{code, n})
		}
	}
	st := rep.Round.Status
	v.CanRun = st == domain.RoundDraft || st == domain.RoundDone || st == domain.RoundFailed
	if sid := rep.Round.Params.SchoolID; sid != 0 {
		if o, err := h.app.Partners.Organisation(r.Context(), sid); err == nil {
			v.School = o.Org.Name
		}
	}
	if st.Busy() {
		w.Header().Set("Refresh", "2") // the progress page reloads itself, without script
	}
	h.render(w, r, status, "round.html", v)
}

// roundPager describes the pages of a list with size items per page.
func roundPager(r *http.Request, n, total, size int) Pager {
	pg := Pager{Page: n, Pages: (total + size - 1) / size, Total: total}
	link := func(k int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(k))
		return r.URL.Path + "?" + q.Encode()
	}
	if n > 1 {
		pg.Prev = link(n - 1)
	}
	if n < pg.Pages {
		pg.Next = link(n + 1)
	}
	return pg
}

func (h *Handler) runRound(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	if err := h.app.Matching.StartRound(r.Context(), id); err != nil {
		h.retry(w, r, nil, err, func(status int, f Form) { h.renderRound(w, r, id, status, f) })
		return
	}
	h.redirect(w, r, "/rounds/"+strconv.FormatInt(id, 10), "flash.round_queued")
}

func (h *Handler) publishRound(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	res, err := h.app.Matching.PublishRound(r.Context(), id)
	if err != nil {
		h.retry(w, r, nil, err, func(status int, f Form) { h.renderRound(w, r, id, status, f) })
		return
	}
	flash := "flash.round_published"
	if res.Already {
		flash = "flash.round_already_published"
	}
	h.redirect(w, r, "/rounds/"+strconv.FormatInt(id, 10), flash)
}

// WeightsView is the form of the region's fit weights.
type WeightsView struct {
	FormPage
	matching.WeightsView
}

var weightFields = []string{"qualification", "level", "distance", "period", "skills", "languages", "wishes",
	"dossier_credit", "domain_credit", "open_credit", "missing_language_factor", "default_max_distance_km"}

func weightValues(w domain.FitWeights) url.Values {
	v := url.Values{}
	for i, x := range []float64{w.Qualification, w.Level, w.Distance, w.Period, w.Skills, w.Languages, w.Wishes,
		w.DossierCredit, w.DomainCredit, w.OpenCredit, w.MissingLanguageFactor, w.DefaultMaxDistanceKm} {
		v.Set(weightFields[i], strconv.FormatFloat(x, 'f', -1, 64))
	}
	return v
}

func (h *Handler) weightsForm(w http.ResponseWriter, r *http.Request, status int, f Form) {
	wv, err := h.app.Matching.Weights(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "weights.title")
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	if f.Values == nil || len(f.Values) == 0 {
		f.Values = weightValues(wv.Weights)
	}
	h.render(w, r, status, "weights.html", WeightsView{FormPage: FormPage{Page: p, Form: f}, WeightsView: wv})
}

func (h *Handler) weights(w http.ResponseWriter, r *http.Request) {
	h.weightsForm(w, r, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) saveWeights(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	var wt domain.FitWeights
	if v.Get("reset") != "" {
		wt = matching.DefaultWeights()
	} else {
		fr := &formReader{v: v}
		vals := make([]float64, len(weightFields))
		for i, name := range weightFields {
			s := fr.str(name)
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				fr.errs.Add(name, "invalid.number")
			}
			vals[i] = x
		}
		if err := fr.merge(nil); err != nil {
			h.retry(w, r, v, err, func(status int, f Form) { h.weightsForm(w, r, status, f) })
			return
		}
		wt = domain.FitWeights{Qualification: vals[0], Level: vals[1], Distance: vals[2], Period: vals[3], Skills: vals[4],
			Languages: vals[5], Wishes: vals[6], DossierCredit: vals[7], DomainCredit: vals[8], OpenCredit: vals[9],
			MissingLanguageFactor: vals[10], DefaultMaxDistanceKm: vals[11]}
	}
	if err := h.app.Matching.SetWeights(r.Context(), wt); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.weightsForm(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/matching/weights", "flash.weights_saved")
}
