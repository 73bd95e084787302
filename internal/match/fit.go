package match

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Kinds of placement, as the app stores them.
const (
	KindInternship     = "internship"     // stage / BPV, for BOL students
	KindApprenticeship = "apprenticeship" // leerbaan, for BBL students
	KindGraduation     = "graduation"     // afstudeerplek
	KindHolidayJob     = "holiday_job"    // vakantiewerk
	KindJob            = "job"
)

// Pathways (leerwegen) of mbo students.
const (
	PathwayBOL = "BOL" // school-based, with internships
	PathwayBBL = "BBL" // work-based, with an apprenticeship
)

// Stages of education. A student whose stage is unknown ("") counts as an
// mbo student: the engine was built for mbo (crebos, BOL/BBL).
const (
	StageVMBO = "vmbo"
	StageMBO  = "mbo"
	StageHBO  = "hbo"
)

// Qualification identifies an mbo qualification as the caller knows it:
// its crebo, the crebo of its qualification file (kwalificatiedossier) and
// its domain (opleidingsdomein). Empty strings never match.
type Qualification struct {
	Crebo   string `json:"crebo"`
	Dossier string `json:"dossier,omitempty"`
	Domain  string `json:"domain,omitempty"`
}

// Point is a WGS84 position in degrees; the zero Point means unknown.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Known reports whether the point was set.
func (p Point) Known() bool { return p.Lat != 0 || p.Lon != 0 }

// Day is a calendar day counted from 1970-01-01 (day 0).
type Day int32

// DayOf returns the calendar day of t (in t's own location).
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Period is a range of days, both ends included. The zero Period means
// unknown or open.
type Period struct {
	From Day `json:"from"`
	To   Day `json:"to"`
}

// Known reports whether the period was set.
func (p Period) Known() bool { return p.From != 0 || p.To != 0 }

// Days returns the number of days in the period (0 when To < From).
func (p Period) Days() int { return max(0, int(p.To)-int(p.From)+1) }

// Overlap returns the number of days both periods share.
func (p Period) Overlap(q Period) int {
	return Period{From: max(p.From, q.From), To: min(p.To, q.To)}.Days()
}

// Student is what the fit score knows of a student. The app converts its
// domain types into it.
type Student struct {
	ID            string
	Qualification Qualification
	// Stage is StageVMBO, StageMBO or StageHBO; "" counts as StageMBO.
	Stage   string
	Level   int    // mbo level 1-4; 0 unknown
	Pathway string // PathwayBOL or PathwayBBL; "" unknown
	Home    Point
	// MaxDistanceKm is how far the student will travel; 0 means
	// Weights.DefaultMaxDistanceKm.
	MaxDistanceKm float64
	Available     Period
	Skills        []string
	Languages     []string // ISO 639-1 codes the student speaks, e.g. "nl", "de"
	// Wishes are the kinds the student looks for; empty means any.
	Wishes []string
}

// Placement is what the fit score knows of an open placement.
type Placement struct {
	ID        string
	Kind      string // one of the Kind constants
	Title     string
	Programme string // name of the programme it is meant for, for search
	// Stage is the stage the placement is for; "" means any.
	Stage string
	// Pathway is the pathway the placement is for (PathwayBOL or
	// PathwayBBL); "" means any. Only search filters on it: for the fit
	// score the kind decides (see Score).
	Pathway string
	// Qualifications the placement suits; empty means open to anyone.
	Qualifications []Qualification
	Level          int // mbo level asked; 0 any
	Location       Point
	Period         Period
	Skills         []string // skills wanted
	// RequiredLanguages must be spoken; Languages are welcome.
	RequiredLanguages []string
	Languages         []string
	// AccreditedCrebos are the crebos for which the company is an
	// accredited training company (erkend leerbedrijf).
	AccreditedCrebos []string
}

// Weights are the region's tuning of the fit score: the weight of each
// component (relative; they need not sum to 100) and a few credits.
type Weights struct {
	Qualification float64 `json:"qualification"`
	Level         float64 `json:"level"`
	Distance      float64 `json:"distance"`
	Period        float64 `json:"period"`
	Skills        float64 `json:"skills"`
	Languages     float64 `json:"languages"`
	Wishes        float64 `json:"wishes"`
	// Credits in [0,1] for a qualification that is not the same crebo.
	DossierCredit float64 `json:"dossier_credit"`
	DomainCredit  float64 `json:"domain_credit"`
	OpenCredit    float64 `json:"open_credit"` // placement names no qualification
	// MissingLanguageFactor in [0,1] multiplies the score once per
	// required language the student does not speak.
	MissingLanguageFactor float64 `json:"missing_language_factor"`
	// DefaultMaxDistanceKm (> 0) applies to students who set no maximum.
	DefaultMaxDistanceKm float64 `json:"default_max_distance_km"`
}

// DefaultWeights returns the weights used when a region has not tuned them.
func DefaultWeights() Weights {
	return Weights{
		Qualification: 30, Level: 10, Distance: 20, Period: 10, Skills: 15, Languages: 5, Wishes: 10,
		DossierCredit: 0.6, DomainCredit: 0.3, OpenCredit: 0.5,
		MissingLanguageFactor: 0.5, DefaultMaxDistanceKm: 40,
	}
}

// ErrInvalidWeights marks weights that Validate refuses.
var ErrInvalidWeights = errors.New("invalid weights")

// Validate checks that weights are finite and non-negative with a positive
// sum, credits and the factor lie in [0,1] and the default distance is
// positive. It returns an error wrapping ErrInvalidWeights naming the first
// bad field, or nil.
func (w *Weights) Validate() error {
	fields := []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"qualification", w.Qualification, 0, math.MaxFloat64}, {"level", w.Level, 0, math.MaxFloat64},
		{"distance", w.Distance, 0, math.MaxFloat64}, {"period", w.Period, 0, math.MaxFloat64},
		{"skills", w.Skills, 0, math.MaxFloat64}, {"languages", w.Languages, 0, math.MaxFloat64},
		{"wishes", w.Wishes, 0, math.MaxFloat64},
		{"dossier_credit", w.DossierCredit, 0, 1}, {"domain_credit", w.DomainCredit, 0, 1},
		{"open_credit", w.OpenCredit, 0, 1}, {"missing_language_factor", w.MissingLanguageFactor, 0, 1},
	}
	for _, f := range fields {
		if math.IsNaN(f.v) || f.v < f.lo || f.v > f.hi {
			return fmt.Errorf("%w: %s = %v, want %v..%v", ErrInvalidWeights, f.name, f.v, f.lo, f.hi)
		}
	}
	if s := w.sum(); !(s > 0) || math.IsInf(s, 0) {
		return fmt.Errorf("%w: the component weights must have a positive, finite sum", ErrInvalidWeights)
	}
	if !(w.DefaultMaxDistanceKm > 0) || math.IsInf(w.DefaultMaxDistanceKm, 0) {
		return fmt.Errorf("%w: default_max_distance_km = %v, want > 0", ErrInvalidWeights, w.DefaultMaxDistanceKm)
	}
	return nil
}

func (w *Weights) sum() float64 {
	return w.Qualification + w.Level + w.Distance + w.Period + w.Skills + w.Languages + w.Wishes
}

// Reason is one structured part of a score's explanation: a stable code
// and its arguments (int, float64 or string). The app turns it into a
// sentence, e.g. {distance_km [14]} -> "14 km van huis".
type Reason struct {
	Code string `json:"code"`
	Args []any  `json:"args,omitempty"`
}

// Reason codes. Those marked hard make a placement not eligible.
const (
	ReasonSameProgramme   = "same_programme"    // [crebo]
	ReasonSameDossier     = "same_dossier"      // [dossier]
	ReasonSameDomain      = "same_domain"       // [domain]
	ReasonOpenProgramme   = "open_to_all"       // placement asks no qualification
	ReasonOtherProgramme  = "other_programme"   // hard: no related qualification
	ReasonAccredited      = "accredited"        // [crebo]
	ReasonNotAccredited   = "not_accredited"    // hard: [crebo]
	ReasonPathwayMatch    = "pathway_match"     // [pathway]
	ReasonPathwayMismatch = "pathway_mismatch"  // hard: [wanted pathway]
	ReasonStageMismatch   = "stage_mismatch"    // hard: [stage the placement is for]
	ReasonLevelMatch      = "level_match"       // [level]
	ReasonLevelAbove      = "level_above"       // [student level, asked level]
	ReasonLevelBelow      = "level_below"       // [student level, asked level]
	ReasonDistance        = "distance_km"       // [km, rounded]
	ReasonTooFar          = "too_far"           // hard: [km, max km]
	ReasonDistanceUnknown = "distance_unknown"  // a location is missing
	ReasonPeriodOverlap   = "period_overlap"    // [percent of availability covered]
	ReasonPeriodNone      = "period_no_overlap" // hard
	ReasonPeriodOpen      = "period_open"       // a period is missing
	ReasonSkills          = "skills"            // [held, wanted]
	ReasonSkillMissing    = "skill_missing"     // [skill]
	ReasonLanguageMatch   = "language_match"    // [code]
	ReasonLanguageMissing = "language_missing"  // [code], required: strong penalty
	ReasonLanguageWelcome = "language_welcome"  // [code], welcome but not spoken
	ReasonWishMatch       = "wish_match"        // [kind]
	ReasonWishOther       = "wish_other_kind"   // [kind]
)

// Component is one weighted part of a fit score.
type Component struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"` // 0..1
	Weight float64 `json:"weight"`
}

// Fit is the score of a placement for a student with its explanation.
type Fit struct {
	// Score is 0..100; 0 when not eligible.
	Score      float64     `json:"score"`
	Eligible   bool        `json:"eligible"`
	Components []Component `json:"components"`
	Reasons    []Reason    `json:"reasons"`
}

// Score returns the fit of placement p for student s under weights w with
// its explanation. The weights must be valid (see Validate); invalid
// weights give an ineligible zero Fit rather than a panic.
//
// Hard constraints, which make a placement not eligible:
//   - a placement for a stage (vmbo, mbo, hbo) takes only students of that
//     stage (a student of unknown stage counts as mbo);
//   - a placement naming qualifications needs one related to the student's
//     (same crebo, dossier or domain);
//   - for mbo students, internships and apprenticeships need the company
//     to be accredited for the student's crebo, and the pathway that the
//     contract type requires: BOL for an internship, BBL for an
//     apprenticeship (a BOL student cannot sign a leerarbeidsovereenkomst
//     without changing pathway, so this is hard rather than a penalty);
//   - the distance from home may not exceed the student's maximum;
//   - when both periods are known they must share at least one day.
//
// Everything else is soft: the score is 100 x the weighted mean of the
// components, times MissingLanguageFactor per required language the student
// does not speak.
func Score(s *Student, p *Placement, w *Weights) Fit {
	var f Fit
	if err := w.Validate(); err != nil {
		return f
	}
	var ex explainer
	ex.on = true
	score, eligible, comps := fit(s, p, w, &ex)
	f.Eligible = eligible
	if eligible {
		f.Score = score
	}
	f.Components = comps[:]
	f.Reasons = ex.reasons
	return f
}

// ScoreOnly returns what Score(s, p, w).Score and .Eligible return, without
// building the explanation and without allocating. It does not validate w.
func ScoreOnly(s *Student, p *Placement, w *Weights) (float64, bool) {
	score, eligible, _ := fit(s, p, w, &explainer{})
	if !eligible {
		return 0, false
	}
	return score, true
}

// explainer collects reasons only when on.
type explainer struct {
	on      bool
	reasons []Reason
}

// The helpers build the argument slice only when explaining, so that
// ScoreOnly does not allocate.
func (e *explainer) code(code string) {
	if e.on {
		e.reasons = append(e.reasons, Reason{Code: code})
	}
}

func (e *explainer) str(code, arg string) {
	if e.on {
		e.reasons = append(e.reasons, Reason{Code: code, Args: []any{arg}})
	}
}

func (e *explainer) num(code string, args ...int) {
	if e.on {
		r := Reason{Code: code, Args: make([]any, len(args))}
		for i, a := range args {
			r.Args[i] = a
		}
		e.reasons = append(e.reasons, r)
	}
}

// Component values for the parts that have nothing to compare.
const (
	levelAbove    = 0.75 // the student has a higher level than asked
	levelOneBelow = 0.4  // one level below what is asked
)

// fit computes the score; the expression order in the sum is fixed so that
// bounds computed the same way with larger component values (the search
// index's pruning) are never below the score.
func fit(s *Student, p *Placement, w *Weights, ex *explainer) (float64, bool, [7]Component) {
	eligible := true
	stage := StudentStage(s)
	if p.Stage != "" && !strings.EqualFold(p.Stage, stage) {
		eligible = false
		ex.str(ReasonStageMismatch, p.Stage)
	}
	cq := qualificationFit(s, p, w, ex)
	if cq < 0 {
		eligible, cq = false, 0
	}
	if (p.Kind == KindInternship || p.Kind == KindApprenticeship) && strings.EqualFold(stage, StageMBO) {
		if !eligibleBPV(s, p, ex) {
			eligible = false
		}
	}
	cl := levelFit(s.Level, p.Level, ex)
	maxKm := s.MaxDistanceKm
	if maxKm <= 0 {
		maxKm = w.DefaultMaxDistanceKm
	}
	cd := 0.5
	if s.Home.Known() && p.Location.Known() {
		d := DistanceKm(s.Home, p.Location)
		if d > maxKm {
			eligible = false
			ex.num(ReasonTooFar, int(math.Round(d)), int(math.Round(maxKm)))
			cd = 0
		} else {
			cd = distanceFit(d, maxKm)
			ex.num(ReasonDistance, int(math.Round(d)))
		}
	} else {
		ex.code(ReasonDistanceUnknown)
	}
	cp := 1.0
	if s.Available.Known() && p.Period.Known() {
		cp = periodFit(s.Available, p.Period)
		if cp == 0 {
			eligible = false
			ex.code(ReasonPeriodNone)
		} else {
			ex.num(ReasonPeriodOverlap, int(math.Round(100*cp)))
		}
	} else {
		ex.code(ReasonPeriodOpen)
	}
	cs := skillsFit(s.Skills, p.Skills, ex)
	cla, factor := languagesFit(s.Languages, p, w.MissingLanguageFactor, ex)
	cw := 1.0
	if len(s.Wishes) > 0 {
		if containsFold(s.Wishes, p.Kind) {
			ex.str(ReasonWishMatch, p.Kind)
		} else {
			cw = 0
			ex.str(ReasonWishOther, p.Kind)
		}
	}
	score := combine(w, cq, cl, cd, cp, cs, cla, cw) * factor
	comps := [7]Component{
		{"qualification", cq, w.Qualification}, {"level", cl, w.Level}, {"distance", cd, w.Distance},
		{"period", cp, w.Period}, {"skills", cs, w.Skills}, {"languages", cla, w.Languages},
		{"wishes", cw, w.Wishes},
	}
	return score, eligible, comps
}

// combine is the weighted mean times 100, in a fixed order of operations.
func combine(w *Weights, cq, cl, cd, cp, cs, cla, cw float64) float64 {
	return combineSum(w, w.sum(), cq, cl, cd, cp, cs, cla, cw)
}

func combineSum(w *Weights, sum, cq, cl, cd, cp, cs, cla, cw float64) float64 {
	total := w.Qualification*cq + w.Level*cl + w.Distance*cd + w.Period*cp +
		w.Skills*cs + w.Languages*cla + w.Wishes*cw
	return 100 * total / sum
}

// Sum returns the sum of the component weights, for TotalSum.
func (w *Weights) Sum() float64 { return w.sum() }

// TotalSum returns exactly what Total returns, given sum = w.Sum(): a
// caller computing many totals with the same weights adds them up once.
func (w *Weights) TotalSum(sum, cq, cl, cd, cp, cs, cla, cw float64) float64 {
	return combineSum(w, sum, cq, cl, cd, cp, cs, cla, cw)
}

// Total returns the score before the language factor for the given
// component values: 100 times their weighted mean, in the order of
// operations Score uses. Score is Total(...) times the language factor
// (MissingLanguageFactor multiplied in once per missing required language),
// so a caller with the exact components reproduces Score bit for bit, and
// with larger components gets an upper bound (floating-point addition and
// multiplication by non-negative numbers are monotone), which search uses to
// skip placements that cannot enter a top list.
func (w *Weights) Total(cq, cl, cd, cp, cs, cla, cw float64) float64 {
	return combine(w, cq, cl, cd, cp, cs, cla, cw)
}

// DistanceComponent returns the distance component for d km with maximum
// maxKm (0 beyond it). It is non-increasing in d.
func DistanceComponent(d, maxKm float64) float64 {
	if d > maxKm {
		return 0
	}
	return distanceFit(d, maxKm)
}

func distanceFit(d, maxKm float64) float64 { return 1 - d/maxKm }

// qualificationFit returns the credit of the best related qualification,
// or -1 when the placement names qualifications and none is related.
func qualificationFit(s *Student, p *Placement, w *Weights, ex *explainer) float64 {
	if len(p.Qualifications) == 0 {
		ex.code(ReasonOpenProgramme)
		return w.OpenCredit
	}
	q := s.Qualification
	best, code, arg := -1.0, "", ""
	for _, pq := range p.Qualifications {
		switch {
		case q.Crebo != "" && pq.Crebo == q.Crebo:
			best, code, arg = 1, ReasonSameProgramme, q.Crebo
		case q.Dossier != "" && pq.Dossier == q.Dossier && w.DossierCredit > best:
			best, code, arg = w.DossierCredit, ReasonSameDossier, q.Dossier
		case q.Domain != "" && pq.Domain == q.Domain && w.DomainCredit > best:
			best, code, arg = w.DomainCredit, ReasonSameDomain, q.Domain
		}
		if best == 1 {
			break
		}
	}
	if best < 0 {
		ex.code(ReasonOtherProgramme)
		return -1
	}
	ex.str(code, arg)
	return best
}

// StudentStage returns the student's stage, StageMBO when unknown.
func StudentStage(s *Student) string {
	if s.Stage == "" {
		return StageMBO
	}
	return s.Stage
}

// eligibleBPV checks accreditation and pathway for internships and
// apprenticeships of mbo students.
func eligibleBPV(s *Student, p *Placement, ex *explainer) bool {
	ok := true
	crebo := s.Qualification.Crebo
	if crebo != "" && contains(p.AccreditedCrebos, crebo) {
		ex.str(ReasonAccredited, crebo)
	} else {
		ex.str(ReasonNotAccredited, crebo)
		ok = false
	}
	want := PathwayBOL
	if p.Kind == KindApprenticeship {
		want = PathwayBBL
	}
	if strings.EqualFold(s.Pathway, want) {
		ex.str(ReasonPathwayMatch, want)
	} else {
		ex.str(ReasonPathwayMismatch, want)
		ok = false
	}
	return ok
}

// LevelComponent returns the level component for a student level and an
// asked level (0 = unknown or any).
func LevelComponent(student, asked int) float64 { return levelFit(student, asked, &explainer{}) }

func levelFit(student, asked int, ex *explainer) float64 {
	switch {
	case student == 0 || asked == 0:
		return 1
	case student == asked:
		ex.num(ReasonLevelMatch, asked)
		return 1
	case student > asked:
		ex.num(ReasonLevelAbove, student, asked)
		return levelAbove
	case student == asked-1:
		ex.num(ReasonLevelBelow, student, asked)
		return levelOneBelow
	default:
		ex.num(ReasonLevelBelow, student, asked)
		return 0
	}
}

// PeriodComponent returns the share of the student's availability that the
// placement's period covers (1 when either is unknown).
func PeriodComponent(available, period Period) float64 {
	if !available.Known() || !period.Known() {
		return 1
	}
	return periodFit(available, period)
}

func periodFit(available, period Period) float64 {
	days := available.Days()
	if days == 0 {
		return 0
	}
	return float64(available.Overlap(period)) / float64(days)
}

func skillsFit(held, wanted []string, ex *explainer) float64 {
	if len(wanted) == 0 {
		return 1
	}
	have := 0
	for _, sk := range wanted {
		if containsFold(held, sk) {
			have++
		} else {
			ex.str(ReasonSkillMissing, sk)
		}
	}
	ex.num(ReasonSkills, have, len(wanted))
	return float64(have) / float64(len(wanted))
}

// languagesFit returns the share of asked languages spoken and the penalty
// factor for required languages not spoken.
func languagesFit(spoken []string, p *Placement, missFactor float64, ex *explainer) (float64, float64) {
	asked := len(p.RequiredLanguages) + len(p.Languages)
	if asked == 0 {
		return 1, 1
	}
	have, factor := 0, 1.0
	for _, l := range p.RequiredLanguages {
		if containsFold(spoken, l) {
			have++
			ex.str(ReasonLanguageMatch, l)
		} else {
			factor *= missFactor
			ex.str(ReasonLanguageMissing, l)
		}
	}
	for _, l := range p.Languages {
		if containsFold(spoken, l) {
			have++
			ex.str(ReasonLanguageMatch, l)
		} else {
			ex.str(ReasonLanguageWelcome, l)
		}
	}
	return float64(have) / float64(asked), factor
}

func contains(list []string, x string) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

func containsFold(list []string, x string) bool {
	for _, v := range list {
		if strings.EqualFold(v, x) {
			return true
		}
	}
	return false
}

// earthRadiusKm is the mean Earth radius (IUGG).
const earthRadiusKm = 6371.0088

// DistanceKm returns the great-circle distance between a and b in km by
// the haversine formula.
func DistanceKm(a, b Point) float64 {
	const rad = math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	sLat, sLon := math.Sin(dLat/2), math.Sin(dLon/2)
	h := sLat*sLat + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*sLon*sLon
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
}
