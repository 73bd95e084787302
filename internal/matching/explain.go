package matching

import (
	"fmt"
	"strings"

	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/match"
)

// Audience says who reads an explanation: the student it is about ("14 km
// van huis, vraagt Duits — dat spreek je") or someone else (a coach, a
// coordinator, a company: "spreekt Duits").
type Audience int

// Audiences of an explanation.
const (
	ForStudent Audience = iota
	ForOthers
)

// Explanation is a fit rendered in a language: the score, a summary of
// what fits best, what does not fit, and every reason.
type Explanation struct {
	Score    float64  `json:"score"`
	Eligible bool     `json:"eligible"`
	Summary  string   `json:"summary"`
	Concerns []string `json:"concerns"`
	Reasons  []string `json:"reasons"`
}

// ReasonCodes lists every reason code an explanation can hold: the
// engine's and the app's. Each has a text in the catalogue (see Phrase).
var ReasonCodes = []string{
	match.ReasonSameProgramme, match.ReasonSameDossier, match.ReasonSameDomain, match.ReasonOpenProgramme,
	match.ReasonOtherProgramme, match.ReasonAccredited, match.ReasonNotAccredited, match.ReasonPathwayMatch,
	match.ReasonPathwayMismatch, match.ReasonLevelMatch, match.ReasonLevelAbove, match.ReasonLevelBelow,
	match.ReasonDistance, match.ReasonTooFar, match.ReasonDistanceUnknown, match.ReasonPeriodOverlap,
	match.ReasonPeriodNone, match.ReasonPeriodOpen, match.ReasonSkills, match.ReasonSkillMissing,
	match.ReasonLanguageMatch, match.ReasonLanguageMissing, match.ReasonLanguageWelcome, match.ReasonWishMatch,
	match.ReasonWishOther, match.ReasonStageMismatch,
	ReasonHomeNearby, ReasonHomeSchool, ReasonPlaceTown, ReasonLevelTooLow, ReasonDistanceBand,
	ReasonNoPlacements, ReasonNotSuitable, ReasonNoneEligible, ReasonGivenList, ReasonTieLottery, ReasonNoCrebo,
}

// Distance bands of anonymised candidates.
var DistanceBands = []string{"lt10", "lt25", "lt50", "ge50", "unknown"}

// band returns the distance band of km (-1: unknown).
func band(km float64) string {
	switch {
	case km < 0:
		return "unknown"
	case km < 10:
		return "lt10"
	case km < 25:
		return "lt25"
	case km < 50:
		return "lt50"
	}
	return "ge50"
}

// reasonKey returns the catalogue key of a reason for an audience: some
// reasons are said differently to others than to the student.
func reasonKey(code string, aud Audience) string {
	if aud == ForOthers {
		k := "fit.other." + code
		if i18n.Has(k) {
			return k
		}
	}
	return "fit." + code
}

// Phrase translates one reason: language codes, kinds, stages and bands in
// its arguments become words of the language.
func Phrase(l i18n.Lang, r domain.FitReason, aud Audience) string {
	args := make([]any, len(r.Args))
	copy(args, r.Args)
	word := func(group string) {
		if len(args) == 1 {
			args[0] = i18n.T(l, group+"."+fmt.Sprint(args[0]))
		}
	}
	switch r.Code {
	case match.ReasonLanguageMatch, match.ReasonLanguageMissing, match.ReasonLanguageWelcome:
		word("language")
	case match.ReasonWishMatch, match.ReasonWishOther:
		word("kind")
	case match.ReasonStageMismatch:
		word("stage")
	case ReasonDistanceBand:
		if len(args) == 1 {
			args[0] = i18n.T(l, "fit.band."+fmt.Sprint(args[0]))
		}
	case match.ReasonLevelBelow:
		if len(args) == 2 {
			args[0], args[1] = args[1], args[0] // said as: asks level %d, you have %d
		}
	}
	return i18n.T(l, reasonKey(r.Code, aud), args...)
}

// The reasons that can enter a summary, in the order they are said.
var summaryOrder = []string{
	match.ReasonDistance, ReasonDistanceBand, match.ReasonSameProgramme, match.ReasonSameDossier, match.ReasonSameDomain,
	match.ReasonOpenProgramme, match.ReasonLanguageMatch, match.ReasonSkills, match.ReasonWishMatch, match.ReasonAccredited,
}

// concern reports whether a reason says something that does not fit.
func concern(r domain.FitReason) bool {
	switch r.Code {
	case match.ReasonOtherProgramme, match.ReasonNotAccredited, match.ReasonPathwayMismatch, match.ReasonLevelBelow,
		match.ReasonTooFar, match.ReasonPeriodNone, match.ReasonSkillMissing, match.ReasonLanguageMissing,
		match.ReasonWishOther, match.ReasonStageMismatch, ReasonLevelTooLow, ReasonNotSuitable, ReasonNoCrebo:
		return true
	case match.ReasonPeriodOverlap:
		return len(r.Args) == 1 && toInt(r.Args[0]) < 50
	}
	return false
}

func toInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		return int(x)
	}
	return 0
}

// Explain renders a fit in a language: the summary names up to four things
// that fit (distance, programme, a language other than Dutch that is
// asked and spoken, skills, the kind wished for), the concerns what does
// not. For a placement that is not eligible the summary says why first.
func Explain(l i18n.Lang, f domain.Fit, aud Audience) Explanation {
	e := Explanation{Score: f.Score, Eligible: f.Eligible, Concerns: []string{}, Reasons: make([]string, 0, len(f.Reasons))}
	var summary []string
	for _, code := range summaryOrder {
		for _, r := range f.Reasons {
			if r.Code != code || len(summary) >= 4 {
				continue
			}
			if code == match.ReasonLanguageMatch && len(r.Args) == 1 && fmt.Sprint(r.Args[0]) == "nl" {
				continue // most places ask Dutch: not worth saying first
			}
			if code == match.ReasonSkills && len(r.Args) == 2 && toInt(r.Args[0]) == 0 {
				continue
			}
			summary = append(summary, Phrase(l, r, aud))
		}
	}
	for _, r := range f.Reasons {
		p := Phrase(l, r, aud)
		e.Reasons = append(e.Reasons, p)
		if concern(r) {
			e.Concerns = append(e.Concerns, p)
		}
	}
	if !f.Eligible && len(e.Concerns) > 0 {
		// Say first why it does not fit.
		n := min(2, len(e.Concerns))
		summary, e.Concerns = e.Concerns[:n], e.Concerns[n:]
	}
	e.Summary = strings.Join(summary, ", ")
	return e
}
