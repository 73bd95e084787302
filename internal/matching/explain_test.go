package matching

import (
	"math"
	"strings"
	"testing"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/match"
)

// sampleArgs are arguments of the types each reason code carries.
var sampleArgs = map[string][]any{
	match.ReasonSameProgramme: {"Eerste monteur mechatronica"}, match.ReasonSameDossier: {"Mechatronica"},
	match.ReasonSameDomain: {"Techniek"}, match.ReasonAccredited: {"Eerste monteur mechatronica"},
	match.ReasonNotAccredited: {"Eerste monteur mechatronica"}, match.ReasonPathwayMatch: {"BOL"}, match.ReasonPathwayMismatch: {"BBL"},
	match.ReasonLevelMatch: {3}, match.ReasonLevelAbove: {4, 3}, match.ReasonLevelBelow: {2, 3}, match.ReasonDistance: {14},
	match.ReasonTooFar: {41, 25}, match.ReasonPeriodOverlap: {80}, match.ReasonSkills: {2, 3}, match.ReasonSkillMissing: {"plc"},
	match.ReasonLanguageMatch: {"de"}, match.ReasonLanguageMissing: {"en"}, match.ReasonLanguageWelcome: {"en"},
	match.ReasonWishMatch: {"internship"}, match.ReasonWishOther: {"job"}, match.ReasonStageMismatch: {"hbo"},
	ReasonDistanceBand: {"lt25"},
}

// Every reason code has a text in both languages for both audiences that
// uses exactly its arguments.
func TestEveryReasonIsTranslated(t *testing.T) {
	for _, code := range ReasonCodes {
		for _, l := range i18n.Langs {
			for _, aud := range []Audience{ForStudent, ForOthers} {
				got := Phrase(l, domain.FitReason{Code: code, Args: sampleArgs[code]}, aud)
				if got == "" || strings.HasPrefix(got, "fit.") || strings.Contains(got, "%!") || strings.Contains(got, "language.") ||
					strings.Contains(got, "kind.") {
					t.Errorf("%s/%s/%d: %q", code, l, aud, got)
				}
			}
		}
	}
	for _, b := range DistanceBands {
		if !i18n.Has("fit.band." + b) {
			t.Errorf("band %s has no text", b)
		}
	}
	for _, c := range hardOrder {
		if !i18n.Has("round.detail." + c) {
			t.Errorf("detail %s has no text", c)
		}
	}
	for _, c := range []string{ReasonNoPlacements, ReasonNoneEligible, ReasonGivenList} {
		if !i18n.Has("round.detail." + c) {
			t.Errorf("detail %s has no text", c)
		}
	}
	for _, u := range []match.Unplaced{match.NoPreferences, match.NoneAcceptable, match.AllFull} {
		if !i18n.Has("unplaced." + u.String()) {
			t.Errorf("unplaced reason %s has no text", u)
		}
	}
}

func TestExplain(t *testing.T) {
	f := domain.Fit{Score: 81.4, Eligible: true, Reasons: []domain.FitReason{
		{Code: match.ReasonSameProgramme, Args: []any{"Eerste monteur mechatronica"}},
		{Code: match.ReasonDistance, Args: []any{14}},
		{Code: match.ReasonLanguageMatch, Args: []any{"nl"}},
		{Code: match.ReasonLanguageMatch, Args: []any{"de"}},
		{Code: match.ReasonSkillMissing, Args: []any{"lassen"}},
		{Code: match.ReasonSkills, Args: []any{1, 2}},
	}}
	e := Explain(i18n.NL, f, ForStudent)
	if want := "14 km van huis, zelfde opleiding (Eerste monteur mechatronica), vraagt Duits — dat spreek je, je hebt 1 van de 2 gevraagde vaardigheden"; e.Summary != want {
		t.Errorf("summary %q\nwant    %q", e.Summary, want)
	}
	if len(e.Concerns) != 1 || e.Concerns[0] != "vraagt lassen — dat staat nog niet in je profiel" || len(e.Reasons) != 6 {
		t.Errorf("explanation %+v", e)
	}
	en := Explain(i18n.EN, f, ForOthers)
	if !strings.Contains(en.Summary, "asks for German — speaks it") || !strings.HasPrefix(en.Summary, "14 km from home") {
		t.Errorf("English for others: %q", en.Summary)
	}
	// Not eligible: the summary says why first.
	f.Eligible = false
	f.Reasons = append(f.Reasons, domain.FitReason{Code: match.ReasonTooFar, Args: []any{41, 25}})
	e = Explain(i18n.NL, f, ForStudent)
	if !strings.HasPrefix(e.Summary, "vraagt lassen") || !strings.Contains(e.Summary, "41 km van huis, verder dan je maximum van 25 km") {
		t.Errorf("not eligible: %q", e.Summary)
	}
}

func TestConversion(t *testing.T) {
	today := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	rd := newRefData([]domain.Postcode{
		{PC4: "7511", Place: "Enschede", Point: domain.Point{Lat: 52.22, Lon: 6.89}},
		{PC4: "7514", Place: "Enschede", Point: domain.Point{Lat: 52.24, Lon: 6.91}},
		{PC4: "7551", Place: "Hengelo", Point: domain.Point{Lat: 52.26, Lon: 6.79}},
	}, []domain.Qualification{{Crebo: "25340", Name: "Eerste monteur mechatronica", DossierCrebo: "23130", Dossier: "Mechatronica", Domain: "Techniek"}}, today)
	for _, c := range []struct {
		pc  string
		src source
		lat float64
	}{{"7511 AB", srcExact, 52.22}, {"7512 XY", srcNearby, 52.22}, {"7513", srcNearby, 52.24}, {"7599 AA", srcUnknown, 0}, {"9999", srcUnknown, 0}} {
		p, src := rd.postcode(c.pc)
		if src != c.src || p.Lat != c.lat {
			t.Errorf("%s: %v %v, want %v %v", c.pc, p, src, c.lat, c.src)
		}
	}
	// A placement without coordinates or a known postcode: its town.
	pt, src := rd.placementPoint(domain.Placement{Postcode: "1000 AA", Place: "ENSCHEDE"})
	if src != srcTown || math.Abs(pt.Lat-52.23) > 1e-9 {
		t.Errorf("town centre %v %v", pt, src)
	}
	// A student without a known home: the school.
	school := domain.Point{Lat: 52.3, Lon: 6.6}
	ms, src := rd.toStudent(domain.Student{ID: 4, HomePostcode: "9999 ZZ", Crebo: "25340", Stage: domain.StageMBO}, school, today)
	if src != srcSchool || ms.Home.Lat != 52.3 || ms.Qualification.Dossier != "23130" || ms.Qualification.Domain != "Techniek" {
		t.Errorf("student %+v %v", ms, src)
	}
	f := rd.fitOf(match.Fit{Eligible: true, Reasons: []match.Reason{{Code: match.ReasonSameDossier, Args: []any{"23130"}},
		{Code: match.ReasonNotAccredited, Args: []any{""}}}}, src, srcExact)
	if f.Reasons[0].Args[0] != "Mechatronica" || f.Reasons[1].Code != ReasonNoCrebo || f.Reasons[2].Code != ReasonHomeSchool {
		t.Errorf("fit %+v", f)
	}
	// Periods: open start is today, open end a year on.
	p := period(domain.Period{End: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}, today)
	if p.From != match.DayOf(today) || p.To != match.DayOf(time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("period %+v", p)
	}
	if p := period(domain.Period{Start: today}, today); p.To-p.From != yearSpan {
		t.Errorf("open end %+v", p)
	}
	if p := period(domain.Period{}, today); p.Known() {
		t.Errorf("unknown period %+v", p)
	}
	for _, id := range []int64{1, 255, 1 << 40} {
		if placementID(indexID(id)) != id || indexID(id) >= indexID(id-1) {
			t.Errorf("index id of %d", id)
		}
	}
}
