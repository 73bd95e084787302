package match

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) Day { return DayOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC)) }

var (
	enschede = Point{52.2215, 6.8937}
	hengelo  = Point{52.2658, 6.7931}
	zwolle   = Point{52.5168, 6.0830}
	elektro  = Qualification{Crebo: "25262", Dossier: "23083", Domain: "Techniek en procesindustrie"}
)

func baseStudent() Student {
	return Student{
		ID: "s1", Qualification: elektro, Level: 3, Pathway: PathwayBOL, Home: enschede,
		MaxDistanceKm: 30, Available: Period{day(2026, 2, 1), day(2026, 6, 30)},
		Skills: []string{"solderen", "PLC", "veiligheid"}, Languages: []string{"nl", "de"},
		Wishes: []string{KindInternship},
	}
}

func basePlacement() Placement {
	return Placement{
		ID: "p1", Kind: KindInternship, Title: "Stagiair elektrotechniek",
		Qualifications: []Qualification{elektro}, Level: 3, Location: hengelo,
		Period: Period{day(2026, 2, 1), day(2026, 6, 30)}, Skills: []string{"PLC", "solderen"},
		RequiredLanguages: []string{"nl"}, Languages: []string{"de"}, AccreditedCrebos: []string{"25262"},
	}
}

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name   string
		a, b   Point
		lo, hi float64
	}{
		{"same point", enschede, enschede, 0, 0},
		{"Enschede-Hengelo", enschede, hengelo, 8, 9},
		{"Enschede-Zwolle", enschede, zwolle, 63.5, 64.5},
		{"Amsterdam-Utrecht", Point{52.3791, 4.9003}, Point{52.0894, 5.1100}, 34.5, 36},
		{"quarter meridian", Point{0, 0}, Point{90, 0}, 10007, 10008},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DistanceKm(tt.a, tt.b)
			if d < tt.lo || d > tt.hi {
				t.Fatalf("%.3f km, want %v..%v", d, tt.lo, tt.hi)
			}
			if back := DistanceKm(tt.b, tt.a); math.Abs(back-d) > 1e-9 {
				t.Fatalf("not symmetric: %v vs %v", d, back)
			}
		})
	}
}

func TestWeightsValidate(t *testing.T) {
	w := DefaultWeights()
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(*Weights)
	}{
		{"negative", func(w *Weights) { w.Skills = -1 }},
		{"NaN", func(w *Weights) { w.Level = math.NaN() }},
		{"all zero", func(w *Weights) { *w = Weights{DefaultMaxDistanceKm: 10} }},
		{"credit above one", func(w *Weights) { w.DossierCredit = 1.5 }},
		{"factor", func(w *Weights) { w.MissingLanguageFactor = -0.1 }},
		{"distance", func(w *Weights) { w.DefaultMaxDistanceKm = 0 }},
		{"infinite", func(w *Weights) { w.Distance = math.Inf(1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := DefaultWeights()
			tt.mutate(&w)
			if err := w.Validate(); !errors.Is(err, ErrInvalidWeights) {
				t.Fatalf("Validate = %v", err)
			}
			if f := Score(&Student{}, &Placement{}, &w); f.Eligible || f.Score != 0 {
				t.Fatalf("invalid weights scored %+v", f)
			}
		})
	}
}

// component returns the named component of a fit.
func component(f Fit, name string) float64 {
	for _, c := range f.Components {
		if c.Name == name {
			return c.Value
		}
	}
	return math.NaN()
}

func hasReason(f Fit, code string) bool {
	for _, r := range f.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

func TestComponents(t *testing.T) {
	w := DefaultWeights()
	tests := []struct {
		name     string
		student  func(*Student)
		place    func(*Placement)
		comp     string
		want     float64
		eligible bool
		reason   string
	}{
		{"same crebo", nil, nil, "qualification", 1, true, ReasonSameProgramme},
		{"same dossier", nil, func(p *Placement) { p.Qualifications = []Qualification{{Crebo: "25263", Dossier: "23083"}} },
			"qualification", 0.6, true, ReasonSameDossier},
		{"same domain", nil, func(p *Placement) {
			p.Qualifications = []Qualification{{Crebo: "25400", Dossier: "23100", Domain: "Techniek en procesindustrie"}}
		}, "qualification", 0.3, true, ReasonSameDomain},
		{"best of several", nil, func(p *Placement) {
			p.Qualifications = []Qualification{{Crebo: "1", Domain: "Techniek en procesindustrie"}, {Crebo: "2", Dossier: "23083"}}
		}, "qualification", 0.6, true, ReasonSameDossier},
		{"open", nil, func(p *Placement) { p.Qualifications = nil; p.Kind = KindHolidayJob }, "qualification", 0.5, true, ReasonOpenProgramme},
		{"unrelated", nil, func(p *Placement) { p.Qualifications = []Qualification{{Crebo: "99999", Dossier: "x", Domain: "Zorg"}} },
			"qualification", 0, false, ReasonOtherProgramme},
		{"not accredited", nil, func(p *Placement) { p.AccreditedCrebos = []string{"11111"} }, "qualification", 1, false, ReasonNotAccredited},
		{"accreditation not needed for a job", nil, func(p *Placement) { p.Kind = KindJob; p.AccreditedCrebos = nil },
			"qualification", 1, true, ReasonSameProgramme},
		{"BBL student, internship", func(s *Student) { s.Pathway = PathwayBBL }, nil, "level", 1, false, ReasonPathwayMismatch},
		{"BBL student, apprenticeship", func(s *Student) { s.Pathway = PathwayBBL; s.Wishes = nil },
			func(p *Placement) { p.Kind = KindApprenticeship }, "level", 1, true, ReasonPathwayMatch},
		{"level above", func(s *Student) { s.Level = 4 }, nil, "level", 0.75, true, ReasonLevelAbove},
		{"level one below", func(s *Student) { s.Level = 2 }, nil, "level", 0.4, true, ReasonLevelBelow},
		{"level two below", func(s *Student) { s.Level = 1 }, nil, "level", 0, true, ReasonLevelBelow},
		{"level unknown", func(s *Student) { s.Level = 0 }, nil, "level", 1, true, ""},
		{"distance", nil, nil, "distance", 1 - DistanceKm(enschede, hengelo)/30, true, ReasonDistance},
		{"too far", nil, func(p *Placement) { p.Location = zwolle }, "distance", 0, false, ReasonTooFar},
		{"default maximum", func(s *Student) { s.MaxDistanceKm = 0 }, func(p *Placement) { p.Location = zwolle }, "distance", 0, false, ReasonTooFar},
		{"location unknown", nil, func(p *Placement) { p.Location = Point{} }, "distance", 0.5, true, ReasonDistanceUnknown},
		{"half period", nil, func(p *Placement) { p.Period = Period{day(2026, 4, 16), day(2026, 9, 1)} },
			"period", 76.0 / 150, true, ReasonPeriodOverlap},
		{"no overlap", nil, func(p *Placement) { p.Period = Period{day(2026, 7, 1), day(2026, 8, 31)} }, "period", 0, false, ReasonPeriodNone},
		{"period open", nil, func(p *Placement) { p.Period = Period{} }, "period", 1, true, ReasonPeriodOpen},
		{"skills half", nil, func(p *Placement) { p.Skills = []string{"plc", "lassen"} }, "skills", 0.5, true, ReasonSkillMissing},
		{"no skills asked", nil, func(p *Placement) { p.Skills = nil }, "skills", 1, true, ""},
		{"required language missing", func(s *Student) { s.Languages = []string{"de"} }, nil, "languages", 0.5, true, ReasonLanguageMissing},
		{"welcome language missing", func(s *Student) { s.Languages = []string{"NL"} }, nil, "languages", 0.5, true, ReasonLanguageWelcome},
		{"wish other kind", func(s *Student) { s.Wishes = []string{KindJob} }, nil, "wishes", 0, true, ReasonWishOther},
		{"no wishes", func(s *Student) { s.Wishes = nil }, nil, "wishes", 1, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, p := baseStudent(), basePlacement()
			if tt.student != nil {
				tt.student(&s)
			}
			if tt.place != nil {
				tt.place(&p)
			}
			f := Score(&s, &p, &w)
			if got := component(f, tt.comp); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("%s = %v, want %v", tt.comp, got, tt.want)
			}
			if f.Eligible != tt.eligible {
				t.Errorf("eligible = %v, want %v (%v)", f.Eligible, tt.eligible, f.Reasons)
			}
			if !f.Eligible && f.Score != 0 {
				t.Errorf("ineligible with score %v", f.Score)
			}
			if tt.reason != "" && !hasReason(f, tt.reason) {
				t.Errorf("no reason %s in %v", tt.reason, f.Reasons)
			}
			score, ok := ScoreOnly(&s, &p, &w)
			if score != f.Score || ok != f.Eligible {
				t.Errorf("ScoreOnly = %v %v, Score = %v %v", score, ok, f.Score, f.Eligible)
			}
		})
	}
}

func TestLanguagePenaltyAndTotal(t *testing.T) {
	w := DefaultWeights()
	s, p := baseStudent(), basePlacement()
	full := Score(&s, &p, &w)
	if !full.Eligible || full.Score < 90 {
		t.Fatalf("ideal pair scores %v: %+v", full.Score, full)
	}
	s.Languages = []string{"de"}
	p.RequiredLanguages = []string{"nl"}
	missing := Score(&s, &p, &w)
	// languages component 0.5 instead of 1, then the whole score halves.
	want := combine(&w, 1, 1, component(full, "distance"), 1, 1, 0.5, 1) * 0.5
	if math.Abs(missing.Score-want) > 1e-9 || missing.Score > full.Score/2 {
		t.Fatalf("score with a missing required language %v, want %v", missing.Score, want)
	}
}

func TestScoreOnlyDoesNotAllocate(t *testing.T) {
	w := DefaultWeights()
	s, p := baseStudent(), basePlacement()
	p.Skills = append(p.Skills, "lassen")
	if n := testing.AllocsPerRun(100, func() { ScoreOnly(&s, &p, &w) }); n != 0 {
		t.Fatalf("ScoreOnly allocates %v times", n)
	}
}

// TestGoldenExplanations pins the structured explanations the app
// translates ("14 km van huis, zelfde opleiding, vraagt Duits — dat heb je").
func TestGoldenExplanations(t *testing.T) {
	w := DefaultWeights()
	type pair struct {
		Name string `json:"name"`
		Fit  Fit    `json:"fit"`
	}
	var out []pair
	add := func(name string, ms func(*Student), mp func(*Placement)) {
		s, p := baseStudent(), basePlacement()
		if ms != nil {
			ms(&s)
		}
		if mp != nil {
			mp(&p)
		}
		f := Score(&s, &p, &w)
		f.Score = math.Round(f.Score*1000) / 1000
		for i := range f.Components {
			f.Components[i].Value = math.Round(f.Components[i].Value*1000) / 1000
		}
		out = append(out, pair{name, f})
	}
	add("ideal internship", nil, nil)
	add("apprenticeship for a BOL student", nil, func(p *Placement) { p.Kind = KindApprenticeship })
	add("holiday job in Zwolle, German required", func(s *Student) { s.MaxDistanceKm = 80; s.Wishes = []string{KindHolidayJob} },
		func(p *Placement) {
			p.Kind, p.Location, p.Qualifications, p.AccreditedCrebos = KindHolidayJob, zwolle, nil, nil
			p.RequiredLanguages, p.Languages, p.Skills = []string{"de", "en"}, nil, []string{"heftruck"}
			p.Period = Period{day(2026, 6, 1), day(2026, 7, 31)}
		})
	add("job in a related dossier, level asked higher", func(s *Student) { s.Wishes = nil },
		func(p *Placement) {
			p.Kind, p.Level = KindJob, 4
			p.Qualifications = []Qualification{{Crebo: "25263", Dossier: "23083", Domain: "Techniek en procesindustrie"}}
		})
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "fit_explanations.json", append(data, '\n'))
}

// TestScoreStage: a placement for a stage takes only students of that
// stage, and the internship rules (accreditation, pathway) are mbo rules.
func TestScoreStage(t *testing.T) {
	w := DefaultWeights()
	has := func(f Fit, code string) bool {
		for _, r := range f.Reasons {
			if r.Code == code {
				return true
			}
		}
		return false
	}
	s, p := baseStudent(), basePlacement()
	if f := Score(&s, &p, &w); !f.Eligible || has(f, ReasonStageMismatch) {
		t.Fatalf("unknown stages: %+v", f)
	}
	p.Stage = StageMBO
	if f := Score(&s, &p, &w); !f.Eligible {
		t.Fatalf("a student of unknown stage counts as mbo: %+v", f)
	}
	p.Stage = StageHBO
	if f := Score(&s, &p, &w); f.Eligible || !has(f, ReasonStageMismatch) {
		t.Fatalf("mbo student, hbo placement: %+v", f)
	}
	// An hbo student at an hbo internship: no crebo, no accreditation, no
	// BOL, still eligible.
	hbo := Student{ID: "h", Stage: StageHBO, Pathway: "VT", Home: enschede, MaxDistanceKm: 30}
	p.Qualifications, p.AccreditedCrebos = nil, nil
	if f := Score(&hbo, &p, &w); !f.Eligible || has(f, ReasonNotAccredited) || has(f, ReasonPathwayMismatch) {
		t.Fatalf("hbo student, hbo internship: %+v", f)
	}
	p.Stage = ""
	if f := Score(&hbo, &p, &w); !f.Eligible {
		t.Fatalf("hbo student, internship for any stage: %+v", f)
	}
	p.Stage = StageVMBO
	if f := Score(&hbo, &p, &w); f.Eligible {
		t.Fatalf("hbo student, vmbo placement: %+v", f)
	}
}
