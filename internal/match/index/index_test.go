package index

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"talentloket/internal/match"
)

func sameHits(t *testing.T, what string, got, want []Hit) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		n := min(len(got), len(want))
		for i := 0; i < n; i++ {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%s: hit %d: index %+v, scan %+v (index %d hits, scan %d)", what, i, got[i], want[i], len(got), len(want))
			}
		}
		t.Fatalf("%s: index %d hits, scan %d", what, len(got), len(want))
	}
}

// TestIndexMatchesScan runs random searches and recommendations and checks
// that the index returns exactly what the plain scans return, also after
// placements are changed, removed and added.
func TestIndexMatchesScan(t *testing.T) {
	n, queries := 12_000, 200
	if testing.Short() {
		n, queries = 4_000, 100
	}
	ix, g := buildIndex(1, n)
	check := func(round int) {
		for i := 0; i < queries; i++ {
			q := g.query()
			q.Limit = []int{1, 5, 20, 50}[i%4]
			sameHits(t, fmt.Sprintf("round %d search %d %+v", round, i, q), ix.Search(q), ix.SearchScan(q))
			h1, n1 := ix.SearchCount(q)
			h2, n2 := ix.SearchScanCount(q)
			sameHits(t, fmt.Sprintf("round %d search count %d", round, i), h1, h2)
			if n1 != n2 || n1 < len(h1) {
				t.Fatalf("round %d search %d: count %d, scan counts %d, %d hits", round, i, n1, n2, len(h1))
			}
			s := g.student(i)
			rq := Query{Limit: q.Limit}
			switch i % 5 {
			case 1:
				rq.Kinds = []string{match.KindInternship}
			case 2:
				s.Home = match.Point{} // no home: every distance component 0.5
			case 3:
				rq.Near, rq.RadiusKm = s.Home, 10
			case 4:
				s.MaxDistanceKm = 0 // the default maximum
			}
			if i%7 == 6 {
				s.Available = match.Period{} // no availability: every period fits
			}
			if i%11 == 10 {
				s.Available.To = s.Available.From - 1 // an empty availability: no period fits
			}
			sameHits(t, fmt.Sprintf("round %d recommend %d", round, i), ix.Recommend(&s, rq), ix.RecommendScan(&s, rq))
		}
	}
	check(0)
	// Change a third, remove a tenth, add new ones, some without a place.
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < n/3; i++ {
		p := g.placement(r.IntN(n))
		if i%7 == 0 {
			p.Location = match.Point{}
		}
		if err := ix.Upsert(p); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n/10; i++ {
		ix.Remove(fmt.Sprintf("pl-%06d", r.IntN(n)))
	}
	for i := n; i < n+n/10; i++ {
		if err := ix.Upsert(g.placement(i)); err != nil {
			t.Fatal(err)
		}
	}
	check(1)
}

func TestUpdatesVisible(t *testing.T) {
	ix, err := New(match.DefaultWeights())
	if err != nil {
		t.Fatal(err)
	}
	home := match.Point{Lat: 52.2215, Lon: 6.8937}
	s := match.Student{Qualification: match.Qualification{Crebo: "25262"}, Pathway: match.PathwayBOL, Home: home}
	p := match.Placement{ID: "a", Kind: match.KindJob, Title: "Monteur zonnepanelen",
		Qualifications: []match.Qualification{{Crebo: "25262"}}, Location: match.Point{Lat: 52.25, Lon: 6.85}}
	if err := ix.Upsert(p); err != nil {
		t.Fatal(err)
	}
	if hits := ix.Search(Query{Text: "zonnepanelen", Near: home, RadiusKm: 10}); len(hits) != 1 || hits[0].ID != "a" {
		t.Fatalf("after insert: %+v", hits)
	}
	p.Title = "Monteur laadpalen"
	p.Location = match.Point{Lat: 52.5, Lon: 6.1} // moved out of range
	if err := ix.Upsert(p); err != nil {
		t.Fatal(err)
	}
	if hits := ix.Search(Query{Text: "zonnepanelen"}); len(hits) != 0 {
		t.Fatalf("old title still found: %+v", hits)
	}
	if hits := ix.Search(Query{Text: "laadpalen", Near: home, RadiusKm: 10}); len(hits) != 0 {
		t.Fatalf("moved placement still near: %+v", hits)
	}
	if hits := ix.Recommend(&s, Query{Explain: true}); len(hits) != 0 {
		t.Fatalf("too far, still recommended: %+v", hits)
	}
	p.Location = match.Point{Lat: 52.25, Lon: 6.85}
	_ = ix.Upsert(p)
	hits := ix.Recommend(&s, Query{Explain: true})
	if len(hits) != 1 || hits[0].Fit == nil || !hits[0].Fit.Eligible || hits[0].Score != hits[0].Fit.Score {
		t.Fatalf("recommendation: %+v", hits)
	}
	if !ix.Remove("a") || ix.Remove("a") || ix.Len() != 0 {
		t.Fatal("remove")
	}
	if hits := ix.Search(Query{Text: "laadpalen"}); len(hits) != 0 {
		t.Fatalf("removed placement found: %+v", hits)
	}
	if err := ix.Upsert(match.Placement{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("placement without id: %v", err)
	}
	if _, err := New(match.Weights{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("zero weights: %v", err)
	}
}

// TestLoadEqualsUpsert checks that a bulk load answers like one placement
// at a time, also after later updates.
func TestLoadEqualsUpsert(t *testing.T) {
	g := newSynth(4)
	ps := make([]match.Placement, 3000)
	for i := range ps {
		ps[i] = g.placement(i)
	}
	loaded, _ := New(match.DefaultWeights())
	one, _ := New(match.DefaultWeights())
	if err := loaded.Load(ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if err := one.Upsert(p); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range ps {
		if i%5 == 0 {
			p.Level = 4
			_ = loaded.Upsert(p)
			_ = one.Upsert(p)
		}
		if i%7 == 0 {
			loaded.Remove(p.ID)
			one.Remove(p.ID)
		}
	}
	for i := 0; i < 100; i++ {
		q := g.query()
		sameHits(t, fmt.Sprint("search ", i), loaded.Search(q), loaded.SearchScan(q))
		sameHits(t, fmt.Sprint("search vs one by one ", i), loaded.Search(q), one.Search(q))
		s := g.student(i)
		sameHits(t, fmt.Sprint("recommend ", i), loaded.Recommend(&s, Query{}), loaded.RecommendScan(&s, Query{}))
		sameHits(t, fmt.Sprint("recommend vs one by one ", i), loaded.Recommend(&s, Query{}), one.Recommend(&s, Query{}))
	}
	if err := loaded.Load([]match.Placement{{ID: "x"}, {}}); !errors.Is(err, ErrInvalid) || loaded.Search(Query{Text: "x"}) == nil {
		t.Fatalf("Load with a missing id: %v", err)
	}
	// A later placement with the same id in one load replaces the earlier.
	d, _ := New(match.DefaultWeights())
	dup := []match.Placement{g.placement(900_001), g.placement(900_002)}
	dup[1].ID = dup[0].ID
	if err := d.Load(append(dup, ps[:3]...)); err != nil {
		t.Fatal(err)
	}
	if hits := d.Search(Query{Text: dup[1].Title}); d.Len() != 4 || len(hits) == 0 || hits[0].ID != dup[0].ID {
		t.Fatalf("the later duplicate: %d placements, %+v", d.Len(), hits)
	}
	if loaded.Len() != one.Len() {
		t.Fatalf("loaded %d placements, one by one %d", loaded.Len(), one.Len())
	}
}

// TestConcurrent runs queries while placements change (run with -race).
func TestConcurrent(t *testing.T) {
	ix, g := buildIndex(3, 3000)
	queries := make([]Query, 50)
	students := make([]match.Student, 50)
	for i := range queries {
		queries[i], students[i] = g.query(), g.student(i)
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				ix.Search(queries[(i+w)%len(queries)])
				ix.Recommend(&students[(i+w)%len(students)], Query{})
			}
		}(w)
	}
	for i := 0; i < 500; i++ {
		p := g.placement(i % 3000)
		if i%3 == 0 {
			ix.Remove(p.ID)
		} else {
			_ = ix.Upsert(p)
		}
	}
	wg.Wait()
}

func TestCellLowerBound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		p := match.Point{Lat: 49 + r.Float64()*6, Lon: 2 + r.Float64()*7}
		q := match.Point{Lat: 49 + r.Float64()*6, Lon: 2 + r.Float64()*7}
		if i%10 == 0 {
			q = match.Point{Lat: p.Lat + r.NormFloat64()*0.05, Lon: p.Lon + r.NormFloat64()*0.05}
		}
		d := match.DistanceKm(p, q)
		cell := cellOf(q)
		if lb := cellLowerBound(p, cell); lb > d {
			t.Fatalf("cell bound %v > distance %v (p %v q %v)", lb, d, p, q)
		}
		found := false
		cells := cellsWithin(nil, p, d+0.001)
		prev := -1.0
		for {
			cd, ok := popCell(&cells)
			if !ok {
				break
			}
			if cd.h < prev {
				t.Fatalf("cells not popped nearest first")
			}
			prev = cd.h
			if cd.cell == cell {
				found = true
				if cd.lb() > d {
					t.Fatalf("cellsWithin bound %v > distance %v", cd.lb(), d)
				}
			}
		}
		if !found {
			t.Fatalf("cell of %v missing from cellsWithin(%v, %v)", q, p, d)
		}
		c := chord(unitOf(p), unitOf(q))
		if chordLower(c) > d || chordUpper(c) < d {
			t.Fatalf("chord bounds %v..%v around %v", chordLower(c), chordUpper(c), d)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Monteur Elektrotechniek (BBL)", []string{"monteur", "elektrotechniek", "bbl"}},
		{"Café-medewerker, Zuid–Holland", []string{"cafe", "medewerker", "zuid", "holland"}},
		{"  coördinator  ", []string{"coordinator"}},
		{"", nil},
		{"Ĳsselmonde N°3", []string{"ĳsselmonde", "n", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := slices.Collect(Words(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestGridCovers(t *testing.T) {
	if gridRows*gridCols != gridCells || gridCells > 5000 {
		t.Fatalf("grid %dx%d", gridRows, gridCols)
	}
	for _, p := range []match.Point{{Lat: 50.75, Lon: 5.69}, {Lat: 53.47, Lon: 6.15}, {Lat: 51.37, Lon: 3.38}, {Lat: 52.23, Lon: 7.2}, {Lat: 48, Lon: 10}} {
		c := cellOf(p)
		lat0, lat1, lon0, lon1 := cellBox(c)
		if p.Lat < lat0 || p.Lat > lat1 || p.Lon < lon0 || p.Lon > lon1 {
			t.Fatalf("%v not in the box of its cell %d", p, c)
		}
	}
	if cellOf(match.Point{}) != noCell || math.IsNaN(cellLowerBound(match.Point{Lat: 52, Lon: 5}, 0)) {
		t.Fatal("unknown point")
	}
}

// TestIndexMatchesScanUnusual covers the paths where entries cannot answer
// on their own (many qualifications or skills, non-ASCII or mixed-case
// strings, other kinds, accreditation for other crebos) and weights under
// which the relation must be taken from the item.
func TestIndexMatchesScanUnusual(t *testing.T) {
	weights := []match.Weights{match.DefaultWeights(), match.DefaultWeights(), match.DefaultWeights()}
	weights[1].DossierCredit, weights[1].DomainCredit, weights[1].OpenCredit = 0.4, 0.4, 1
	weights[2].DomainCredit, weights[2].DossierCredit, weights[2].Skills, weights[2].MissingLanguageFactor = 0.7, 0.2, 0, 0
	for wi, w := range weights {
		t.Run(fmt.Sprint("weights", wi), func(t *testing.T) {
			ix, err := New(w)
			if err != nil {
				t.Fatal(err)
			}
			g := newSynth(11)
			r := rand.New(rand.NewPCG(7, 8))
			for i := 0; i < 3000; i++ {
				p := g.placement(i)
				switch r.IntN(12) {
				case 0:
					p.Qualifications = append(p.Qualifications, g.crebos[g.crebo()], g.crebos[g.crebo()])
				case 1:
					p.Skills = append(p.Skills, "Lassen", "MIG-lassen", "TIG", "solderen", "PLC")
				case 2:
					p.Skills = append(p.Skills, "Veiligheidsé")
				case 3:
					p.Kind = "traineeship"
				case 4:
					p.AccreditedCrebos = append(p.AccreditedCrebos, g.crebos[g.crebo()].Crebo)
				case 5:
					p.Level = 300
				case 6:
					p.RequiredLanguages = []string{"NL", "de", "en"}
				case 7:
					p.Kind = "Internship"
				case 8:
					p.Stage = []string{match.StageHBO, "VMBO", match.StageMBO, "havo"}[r.IntN(4)]
				case 9:
					p.Pathway = []string{match.PathwayBBL, "bol", "KB"}[r.IntN(3)]
				}
				if err := ix.Upsert(p); err != nil {
					t.Fatal(err)
				}
			}
			hits := 0
			defer func() {
				if hits < 1000 {
					t.Errorf("only %d recommendations in all: the test says little", hits)
				}
			}()
			for i := 0; i < 150; i++ {
				s := g.student(i)
				switch i % 6 {
				case 0:
					s.Skills = append(s.Skills, "VEILIGHEIDSÉ", "lassen")
				case 1:
					s.Pathway = "bol"
					s.Wishes = []string{"INTERNSHIP", "traineeship"}
				case 2:
					s.Languages = []string{"De"}
				case 3:
					s.Qualification.Dossier = ""
				case 4:
					s.Home = match.Point{}
				case 5:
					s.Stage = []string{match.StageHBO, "vmbo", "MBO", "havo"}[i%4]
				}
				q := Query{Limit: 10 + i%20}
				got := ix.Recommend(&s, q)
				hits += len(got)
				sameHits(t, fmt.Sprintf("recommend %d", i), got, ix.RecommendScan(&s, q))
				sq := g.query()
				sq.Kinds = [][]string{nil, {"traineeship"}, {match.KindInternship, "traineeship"}}[i%3]
				sq.Stage = []string{"", match.StageHBO, "havo", "MBO"}[i%4]
				if i%5 == 0 {
					sq.Pathway = []string{match.PathwayBBL, "KB"}[i%2]
				}
				sameHits(t, fmt.Sprintf("search %d", i), ix.Search(sq), ix.SearchScan(sq))
				h1, n1 := ix.SearchCount(sq)
				h2, n2 := ix.SearchScanCount(sq)
				sameHits(t, fmt.Sprintf("search count %d", i), h1, h2)
				if n1 != n2 {
					t.Fatalf("search %d: count %d, scan counts %d", i, n1, n2)
				}
			}
		})
	}
}
