package route

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
)

// Benchmarks at the sizes a large region reaches: a catalogue of 5,000
// offers (every school, training company and lending company of a province
// with all their start moments), one question at a time as the desk page
// asks, and 1,000 questions at once (a year of questions re-ranked after an
// import). The baseline is a bare scan of the same offers computing only
// the distance: what any ranking must at least pay.
//
//	go test ./internal/desk/route -run '^$' -bench . -benchmem

var benchWords = strings.Fields(`plc besturingstechniek lassen tig mig lastechniek elektrotechniek installatietechniek
	mechatronica cnc frezen verspanen onderhoud hydrauliek pneumatiek warmtepomp koeltechniek robotica
	cobots zonnepanelen storingzoeken tekeninglezen vca nen3140 engels duits veiligheid kwaliteit lean
	procestechniek werktuigbouw metaal constructie plaatwerk kanten zetten programmeren python sensoren
	meten regelen motoren aandrijvingen frequentieregelaars pompen compressoren koelmiddelen f-gassen
	industrie machinebouw service monteur technicus engineer leidinggeven planning logistiek`)

var benchTitles = strings.Fields(`Basis Gevorderd Praktijk Masterclass Workshop Cursus Training Module Verdieping Opfris`)

var benchPlaces = []domain.Point{enschede, hengelo, almelo, oldenzaal, rijssen, zwolle,
	{Lat: 52.3620, Lon: 6.4640}, {Lat: 52.1567, Lon: 6.7381}, {Lat: 52.2552, Lon: 6.1639}}

func jitter(r *rand.Rand, p domain.Point) domain.Point {
	return domain.Point{Lat: p.Lat + (r.Float64()-0.5)*0.1, Lon: p.Lon + (r.Float64()-0.5)*0.15}
}

// sparseWords adds 3,000 rarer words to benchWords: a catalogue where a
// question's words occur in a few offers each, as in a real one.
var sparseWords = func() []string {
	ws := slices.Clone(benchWords)
	for i := range 3000 {
		ws = append(ws, fmt.Sprintf("vakterm%04d", i))
	}
	return ws
}()

func pick(r *rand.Rand, words []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = words[r.IntN(len(words))]
	}
	return out
}

func genOffers(n int, seed uint64, words []string) []desk.Offer {
	r := rand.New(rand.NewPCG(seed, 1))
	offers := make([]desk.Offer, n)
	for i := range offers {
		skills := pick(r, words, 2+r.IntN(4))
		o := desk.Offer{ID: int64(i + 1), RegionID: region, ProviderID: int64(1000 + r.IntN(300)), Active: r.IntN(10) > 0,
			Kind:        desk.OfferKinds[r.IntN(len(desk.OfferKinds))],
			Title:       benchTitles[r.IntN(len(benchTitles))] + " " + strings.Join(skills[:2], " en "),
			Description: "In deze " + strings.Join(pick(r, words, 12), " ") + " voor medewerkers in de regio.",
			Skills:      skills, Field: words[r.IntN(len(words))], Capacity: r.IntN(30),
			Languages: []string{"nl"}}
		if r.IntN(5) == 0 {
			o.Languages = append(o.Languages, "de")
		}
		if r.IntN(3) > 0 {
			o.Crebos = []string{fmt.Sprintf("25%03d", r.IntN(400))}
		}
		for range 1 + r.IntN(2) {
			o.Locations = append(o.Locations, desk.OfferLocation{Point: jitter(r, benchPlaces[r.IntN(len(benchPlaces))])})
		}
		switch r.IntN(3) {
		case 0:
			d := fixtureNow.AddDate(0, 0, r.IntN(300))
			o.Starts = []time.Time{domain.Day(d), domain.Day(d.AddDate(0, 4, 0))}
		case 1:
			o.Period = domain.Period{Start: domain.Day(fixtureNow.AddDate(0, 0, r.IntN(100))), End: domain.Day(fixtureNow.AddDate(0, 6, 0))}
		}
		offers[i] = o
	}
	return offers
}

func genQuestions(n int, seed uint64, words []string) []desk.Question {
	r := rand.New(rand.NewPCG(seed, 2))
	qs := make([]desk.Question, n)
	for i := range qs {
		q := desk.Question{ID: int64(i + 1), RegionID: region, CompanyID: int64(2000 + r.IntN(500)),
			Kind:   desk.QuestionKinds[r.IntN(len(desk.QuestionKinds)-1)],
			Title:  "Wij zoeken " + strings.Join(pick(r, words, 3), " "),
			Text:   "Onze " + strings.Join(pick(r, words, 15), " ") + " graag zo snel mogelijk.",
			Skills: pick(r, words, r.IntN(3)), Point: jitter(r, benchPlaces[r.IntN(len(benchPlaces))]), People: r.IntN(8)}
		if r.IntN(3) == 0 {
			q.Crebo = fmt.Sprintf("25%03d", r.IntN(400))
		}
		if r.IntN(4) == 0 {
			q.Language = "de"
		}
		qs[i] = q
	}
	return qs
}

var (
	benchOnce           sync.Once
	benchOffers         []desk.Offer
	benchQs, sparseQs   []desk.Question
	benchCat, sparseCat *Catalogue
)

// benchData returns the dense data set (60 trade words: every question
// shares words with nearly every offer, the worst case for the index) and
// prepares the sparse one.
func benchData(b *testing.B) ([]desk.Offer, []desk.Question, *Catalogue) {
	b.Helper()
	benchOnce.Do(func() {
		benchOffers = genOffers(5000, 1, benchWords)
		benchQs = genQuestions(1000, 2, benchWords)
		benchCat = Prepare(benchOffers)
		sparseCat = Prepare(genOffers(5000, 1, sparseWords))
		sparseQs = genQuestions(1000, 2, sparseWords)
	})
	return benchOffers, benchQs, benchCat
}

func BenchmarkPrepare5000(b *testing.B) {
	offers, _, _ := benchData(b)
	b.ReportAllocs()
	for b.Loop() {
		Prepare(offers)
	}
}

// BenchmarkBaselineScan5000 is the floor: one pass over 5,000 offers
// computing the distance to each location, nothing else.
func BenchmarkBaselineScan5000(b *testing.B) {
	offers, qs, _ := benchData(b)
	b.ReportAllocs()
	i := 0
	var sink float64
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		for k := range offers {
			for _, l := range offers[k].Locations {
				sink += domain.DistanceKm(q.Point, l.Point)
			}
		}
	}
	_ = sink
}

// BenchmarkRank1x5000 ranks one question against a prepared catalogue of
// 5,000 offers, top 20, cycling over 1,000 different questions.
func BenchmarkRank1x5000(b *testing.B) {
	_, qs, cat := benchData(b)
	w := DefaultWeights()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		cat.Rank(qs[i%len(qs)], fixtureNow, w, 20)
		i++
	}
}

// BenchmarkRank1x5000Sparse is Rank1x5000 on the sparse catalogue, where
// the index narrows the candidates.
func BenchmarkRank1x5000Sparse(b *testing.B) {
	benchData(b)
	w := DefaultWeights()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sparseCat.Rank(sparseQs[i%len(sparseQs)], fixtureNow, w, 20)
		i++
	}
}

// BenchmarkRank1x5000All is Rank1x5000 returning every suggestion with its
// reasons instead of the top 20.
func BenchmarkRank1x5000All(b *testing.B) {
	_, qs, cat := benchData(b)
	w := DefaultWeights()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		cat.Rank(qs[i%len(qs)], fixtureNow, w, 0)
		i++
	}
}

// BenchmarkRankUnprepared1x5000 is the convenience function Rank: it
// prepares the 5,000 offers on every call.
func BenchmarkRankUnprepared1x5000(b *testing.B) {
	offers, qs, _ := benchData(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Rank(qs[i%len(qs)], offers, fixtureNow, Weights{})
		i++
	}
}

// BenchmarkRank1000x5000 ranks 1,000 questions against 5,000 offers (top 20
// each), preparing the catalogue once inside the timed loop.
func BenchmarkRank1000x5000(b *testing.B) {
	offers, qs, _ := benchData(b)
	w := DefaultWeights()
	b.ReportAllocs()
	for b.Loop() {
		cat := Prepare(offers)
		for _, q := range qs {
			cat.Rank(q, fixtureNow, w, 20)
		}
	}
}
