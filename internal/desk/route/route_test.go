package route

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type goldenSuggestion struct {
	Offer      int64    `json:"offer"`
	Title      string   `json:"title"`
	Score      float64  `json:"score"`
	DistanceKm float64  `json:"distance_km"`
	Reasons    []Reason `json:"reasons"`
}

type goldenQuestion struct {
	Question    int64              `json:"question"`
	Title       string             `json:"title"`
	Suggestions []goldenSuggestion `json:"suggestions"`
}

// TestRankGolden ranks the fixture questions against the fixture catalogue
// and compares with testdata/rank.golden.json; run with -update to accept
// a change after reading the diff.
func TestRankGolden(t *testing.T) {
	offers := fixtureCatalogue()
	cat := Prepare(offers)
	var got []goldenQuestion
	for _, q := range fixtureQuestions() {
		gq := goldenQuestion{Question: q.ID, Title: q.Title, Suggestions: []goldenSuggestion{}}
		for _, s := range cat.Rank(q, fixtureNow, DefaultWeights(), 0) {
			gq.Suggestions = append(gq.Suggestions, goldenSuggestion{Offer: s.OfferID, Title: offers[s.Index].Title,
				Score: s.Score, DistanceKm: s.DistanceKm, Reasons: s.Reasons})
		}
		got = append(got, gq)
	}
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	path := filepath.Join("testdata", "rank.golden.json")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("ranking differs from %s; run go test ./internal/desk/route -update and review the diff\n%s", path, firstDiff(want, data))
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + itoa(i+1) + ":\n  want " + string(w) + "\n  got  " + string(g)
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// rankIDs returns the offer ids Rank suggests.
func rankIDs(q desk.Question, offers []desk.Offer) []int64 {
	var ids []int64
	for _, s := range Rank(q, offers, fixtureNow, Weights{}) {
		ids = append(ids, s.OfferID)
	}
	return ids
}

func reasonOf(s Suggestion, code string) (Reason, bool) {
	for _, r := range s.Reasons {
		if r.Code == code {
			return r, true
		}
	}
	return Reason{}, false
}

func TestRankRules(t *testing.T) {
	offers := fixtureCatalogue()
	qs := fixtureQuestions()
	byID := func(id int64) desk.Question { return qs[id-1] }
	tests := []struct {
		name    string
		q       desk.Question
		want    []int64 // must be suggested
		notWant []int64 // must not be suggested
		first   int64   // the best suggestion, 0 = do not check
	}{
		{"training PLC: tailored course first, synonyms match the masterclass", byID(1), []int64{2, 3}, nil, 2},
		{"inactive, other region, started and far offers are left out", byID(1), nil, []int64{15, 16, 17, 18}, 0},
		{"only compatible kinds for training", byID(1), nil, []int64{1, 8, 9, 10, 11, 12}, 0},
		{"German welding: the German-speaking course first", byID(2), []int64{14, 4}, nil, 14},
		{"pooling: the asking company's own staff is not suggested", byID(3), nil, []int64{8}, 0},
		{"pooling from another company: staff to lend", byID(4), []int64{8}, []int64{2, 19}, 8},
		{"hybrid teacher: teaching needs", byID(5), []int64{10}, []int64{2, 3}, 10},
		{"placement by crebo", byID(6), []int64{1}, nil, 1},
		{"teacher placement: companies hosting teachers", byID(7), []int64{12}, nil, 12},
		{"outreach: schools' programmes and labs", byID(8), []int64{20}, []int64{2, 8}, 20},
		{"declined partner is left out", byID(10), []int64{3}, []int64{2}, 3},
		{"compound word matches its head: warmtepompinstallateurs", byID(11), []int64{5}, nil, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ids := rankIDs(tc.q, offers)
			for _, id := range tc.want {
				if !slices.Contains(ids, id) {
					t.Errorf("offer %d not suggested; got %v", id, ids)
				}
			}
			for _, id := range tc.notWant {
				if slices.Contains(ids, id) {
					t.Errorf("offer %d suggested; got %v", id, ids)
				}
			}
			if tc.first != 0 && (len(ids) == 0 || ids[0] != tc.first) {
				t.Errorf("first suggestion: got %v, want %d first", ids, tc.first)
			}
		})
	}
}

func TestRankReasons(t *testing.T) {
	offers := fixtureCatalogue()
	qs := fixtureQuestions()
	sug := Rank(qs[0], offers, fixtureNow, Weights{})
	if len(sug) == 0 || sug[0].OfferID != 2 {
		t.Fatalf("want offer 2 first, got %+v", sug)
	}
	top := sug[0]
	for _, tc := range []struct {
		code string
		args []any
	}{
		{ReasonSkillsMatched, []any{"plc"}},
		{ReasonDistance, []any{0}},
		{ReasonStartsWithin, []any{21}},
		{ReasonCapacityFits, []any{8}},
	} {
		t.Run(tc.code, func(t *testing.T) {
			r, ok := reasonOf(top, tc.code)
			if !ok {
				t.Fatalf("no reason %q in %+v", tc.code, top.Reasons)
			}
			if !reflect.DeepEqual(r.Args, tc.args) {
				t.Errorf("args %v, want %v", r.Args, tc.args)
			}
		})
	}
	// The German question gets the language reason, and a missing one for
	// Dutch-only offers.
	for _, s := range Rank(qs[1], offers, fixtureNow, Weights{}) {
		_, has := reasonOf(s, ReasonLanguageMatch)
		_, missing := reasonOf(s, ReasonLanguageMissing)
		if s.OfferID == 14 && !has || s.OfferID == 4 && !missing {
			t.Errorf("offer %d: reasons %+v", s.OfferID, s.Reasons)
		}
	}
	// Availability: staff lent from March to June covers all of May.
	for _, s := range Rank(qs[3], offers, fixtureNow, Weights{}) {
		if r, ok := reasonOf(s, ReasonPeriodOverlap); s.OfferID == 8 && (!ok || !reflect.DeepEqual(r.Args, []any{100})) {
			t.Errorf("offer 8: reasons %+v", s.Reasons)
		}
	}
	// Capacity short: 20 people against 16 seats.
	for _, s := range Rank(qs[10], offers, fixtureNow, Weights{}) {
		if s.OfferID == 5 {
			r, ok := reasonOf(s, ReasonCapacityShort)
			if !ok || !reflect.DeepEqual(r.Args, []any{16, 20}) {
				t.Errorf("offer 5: reasons %+v", s.Reasons)
			}
		}
	}
}

func TestRankFallbackAndEdges(t *testing.T) {
	offers := fixtureCatalogue()
	t.Run("no topic match ranks compatible offers", func(t *testing.T) {
		q := desk.Question{RegionID: region, CompanyID: askingCompany, Kind: desk.KindPooling, Title: "robotica", Point: hengelo}
		sug := Rank(q, offers, fixtureNow, Weights{})
		if len(sug) != 2 {
			t.Fatalf("want the two staff offers, got %+v", sug)
		}
		if _, ok := reasonOf(sug[0], ReasonNoTopicalMatches); !ok {
			t.Errorf("want reason %s, got %+v", ReasonNoTopicalMatches, sug[0].Reasons)
		}
	})
	t.Run("empty catalogue", func(t *testing.T) {
		if got := Rank(fixtureQuestions()[0], nil, fixtureNow, Weights{}); got == nil || len(got) != 0 {
			t.Errorf("got %v, want an empty slice", got)
		}
	})
	t.Run("other kind without a topic gets nothing", func(t *testing.T) {
		if got := Rank(fixtureQuestions()[8], offers, fixtureNow, Weights{}); len(got) != 0 {
			t.Errorf("got %d suggestions, want none", len(got))
		}
	})
	t.Run("limit", func(t *testing.T) {
		got := Prepare(offers).Rank(fixtureQuestions()[0], fixtureNow, Weights{}, 3)
		if len(got) != 3 {
			t.Errorf("got %d suggestions, want 3", len(got))
		}
	})
	t.Run("scores in [0,1] and sorted", func(t *testing.T) {
		for _, q := range fixtureQuestions() {
			sug := Rank(q, offers, fixtureNow, Weights{})
			for i, s := range sug {
				if s.Score < 0 || s.Score > 1 {
					t.Errorf("q%d offer %d: score %v", q.ID, s.OfferID, s.Score)
				}
				if i > 0 && (sug[i-1].Score < s.Score || sug[i-1].Score == s.Score && sug[i-1].OfferID > s.OfferID) {
					t.Errorf("q%d: not sorted at %d", q.ID, i)
				}
			}
		}
	})
	t.Run("odd weights never give NaN", func(t *testing.T) {
		w := Weights{Crebo: 1, Kind: -3}
		for _, s := range Rank(fixtureQuestions()[0], offers, fixtureNow, w) {
			if s.Score != s.Score {
				t.Fatalf("NaN score for offer %d", s.OfferID)
			}
		}
	})
	t.Run("only a distance limit set keeps the default weights", func(t *testing.T) {
		q := fixtureQuestions()[0]
		near := Rank(q, offers, fixtureNow, Weights{MaxDistanceKm: 5})
		all := Rank(q, offers, fixtureNow, Weights{})
		if len(near) == 0 || len(near) >= len(all) || near[0].Score == 0 {
			t.Errorf("near %+v, all %d", near, len(all))
		}
	})
	t.Run("catalogue is safe for concurrent use", func(t *testing.T) {
		cat := Prepare(offers)
		want := cat.Rank(fixtureQuestions()[0], fixtureNow, Weights{}, 0)
		done := make(chan []Suggestion)
		for range 8 {
			go func() { done <- cat.Rank(fixtureQuestions()[0], fixtureNow, Weights{}, 0) }()
		}
		for range 8 {
			if got := <-done; !reflect.DeepEqual(got, want) {
				t.Errorf("concurrent rank differs")
			}
		}
	})
}

func TestKindFit(t *testing.T) {
	for _, k := range desk.QuestionKinds {
		n := 0
		for _, o := range desk.OfferKinds {
			if KindFit(k, o) > 0 {
				n++
			}
		}
		if n == 0 {
			t.Errorf("question kind %s fits no offer kind", k)
		}
	}
	if KindFit(desk.KindPooling, desk.OfferProgramme) != 0 {
		t.Error("pooling must not fit programmes")
	}
	if KindFit(desk.KindOther, "bogus") != 0 {
		t.Error("unknown offer kind must not fit")
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"PLC programmeren", []string{"plc", "programmer"}},
		{"Besturingstechniek", []string{"plc"}},
		{"lastechniek, lassers en lassen", []string{"lassen"}},
		{"Wij zoeken medewerkers voor een opleiding", nil},
		{"Technieken en monteurs", []string{"techniek", "monteur"}},
		{"Elektrotechnische installaties", []string{"elektrotechniek", "installatietechniek"}},
		{"Schweißen, café, één", []string{"schweis", "cafe"}},
		{"onderhoudsploeg", []string{"onderhoudsploeg", "onderhoud"}},
		{"warmtepompinstallateurs", []string{"warmtepompinstallateur", "warmtepomp"}},
		{"NEN 3140 en 5 lassers", []string{"nen", "3140", "5", "lassen"}},
		{"", nil},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := Terms(tc.in)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Terms(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"PLC programmeren", "Schweißen", "\xff\xfe", "onderhoudsmonteurs", "a-b-c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range Terms(s) {
			if term == "" {
				t.Fatalf("empty term from %q", s)
			}
		}
	})
}

func TestSoonAndDates(t *testing.T) {
	offers := fixtureCatalogue()
	q := desk.Question{RegionID: region, CompanyID: askingCompany, Kind: desk.KindTraining, Skills: []string{"lassen"},
		Period: domain.Period{Start: day(2026, 7, 1), End: day(2026, 7, 31)}}
	for _, s := range Rank(q, offers, fixtureNow, Weights{}) {
		if s.OfferID == 4 {
			if _, ok := reasonOf(s, ReasonNoStartInPeriod); !ok {
				t.Errorf("offer 4 starts in May, wanted July: reasons %+v", s.Reasons)
			}
		}
	}
	// Half of the wanted period: staff available until 15 May, wanted all
	// of May.
	lend := offers[7]
	lend.Period.End = day(2026, 5, 16)
	q = fixtureQuestions()[3]
	sug := Rank(q, []desk.Offer{lend}, fixtureNow, Weights{})
	if len(sug) != 1 {
		t.Fatalf("got %+v", sug)
	}
	if r, ok := reasonOf(sug[0], ReasonPeriodOverlap); !ok || !reflect.DeepEqual(r.Args, []any{52}) {
		t.Errorf("reasons %+v", sug[0].Reasons)
	}
}
