// Package route ranks the offers of the catalogue that could answer a desk
// question, with the reasons for each, so that the coordinator can pick one
// to route the question to. It is pure: no I/O, the time is a parameter.
//
// A suggestion's score is a weighted mean of components in [0, 1]: how well
// the offer's kind fits the question's kind (see KindFit), the same crebo,
// the same field, the skills asked, the words of the question (weighted by
// how rare they are in the catalogue), distance, dates, capacity and
// language. A component the question says nothing about (no crebo, no
// point, no number of people) is left out of the mean; one the offer says
// nothing about (no location, no capacity, no dates) counts as 0.5, so
// missing data neither helps nor sinks an offer. Hard rules leave an
// offer out: another region, inactive or past its period or last start,
// a kind that cannot answer the question, the asking organisation itself, a
// partner that declined the question before, and a location farther than
// Weights.MaxDistanceKm. When the question names a topic (crebo, field,
// skills or words the catalogue knows), an offer must match at least one
// of them; when no offer does, every compatible offer is ranked so the
// coordinator still sees the nearest (not for questions of kind other,
// which every offer fits: those get no suggestions then).
//
// The place, period and reason parts are the matching engine's fit
// components (internal/match): match.DistanceKm and match.DistanceComponent
// between the question's point and the offer's nearest location (the caller
// resolves postcodes to points), match.PeriodComponent for the share of the
// wanted period an offer is available, and match.Reason with the engine's
// reason codes where the fact is the same. Skills and words are matched by
// this package's Dutch-aware text analysis (see Terms), which the engine's
// exact skill comparison does not cover.
package route

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/match"
)

// Reason codes. The app translates each with its Args. Where the matching
// engine has a code for the same fact with the same arguments, the ranking
// uses it, so that one table translates both.
const (
	ReasonSameProgramme    = match.ReasonSameProgramme   // Args: crebo
	ReasonSameField        = "same_field"                // Args: the question's field
	ReasonSkillsMatched    = "skills_matched"            // Args: the skills matched, as the question names them
	ReasonSkillMissing     = match.ReasonSkillMissing    // Args: a skill asked that the offer does not mention
	ReasonWords            = "words"                     // Args: other words matched, as the question writes them (at most 5)
	ReasonDistance         = match.ReasonDistance        // Args: whole kilometres to the nearest location
	ReasonStartsWithin     = "starts_within_days"        // Args: days from today to the next fitting start
	ReasonNoStartInPeriod  = "no_start_in_period"        // Args: none; no start moment falls in the wanted period
	ReasonPeriodOverlap    = match.ReasonPeriodOverlap   // Args: percent of the wanted period the offer is available
	ReasonPeriodNone       = match.ReasonPeriodNone      // Args: none; available only outside the wanted period
	ReasonCapacityFits     = "capacity_fits"             // Args: capacity
	ReasonCapacityShort    = "capacity_short"            // Args: capacity, people asked
	ReasonLanguageMatch    = match.ReasonLanguageMatch   // Args: language code (only for languages other than Dutch)
	ReasonLanguageMissing  = match.ReasonLanguageMissing // Args: language code asked
	ReasonNoTopicalMatches = "no_topic_match"            // Args: none; ranked only by kind, place and dates
)

// Reason is one structured reason for a suggestion: a stable code and its
// arguments (strings and ints). It is the matching engine's type, so the
// app renders desk and placement explanations the same way.
type Reason = match.Reason

// Suggestion is an offer that could answer the question.
type Suggestion struct {
	OfferID    int64          `json:"offer_id"`
	ProviderID int64          `json:"provider_id"`
	Kind       desk.OfferKind `json:"kind"`
	Index      int            `json:"-"`           // position in the offers ranked
	Score      float64        `json:"score"`       // 0 to 1, rounded to 4 decimals
	DistanceKm float64        `json:"distance_km"` // to the nearest location, 1 decimal; -1 when unknown
	Reasons    []Reason       `json:"reasons"`
}

// Weights weigh the score's components. Negative, NaN and infinite
// weights count as 0; when every component weight is 0 (the zero Weights)
// the components of DefaultWeights are used.
type Weights struct {
	Kind, Crebo, Field, Skills, Text float64
	Distance, Dates, Capacity        float64
	Language                         float64
	// MaxDistanceKm leaves out offers all of whose locations are farther;
	// the distance component falls linearly from 1 at 0 km to 0 here.
	// 0 means 75 km.
	MaxDistanceKm float64
	// HorizonDays is how many days ahead a start counts as soon (component
	// 1); later starts fall linearly to 0 at a year. 0 means 60.
	HorizonDays int
}

// DefaultWeights returns the weights the desk uses: topic first (crebo and
// skills), then words, distance and language.
func DefaultWeights() Weights {
	return Weights{Kind: 1, Crebo: 3, Field: 1.5, Skills: 3, Text: 2, Distance: 2, Dates: 1, Capacity: 1, Language: 1.5,
		MaxDistanceKm: 75, HorizonDays: 60}
}

func (w Weights) normalised() Weights {
	comps := []*float64{&w.Kind, &w.Crebo, &w.Field, &w.Skills, &w.Text, &w.Distance, &w.Dates, &w.Capacity, &w.Language}
	sum := 0.0
	for _, f := range comps {
		if !(*f > 0) || math.IsInf(*f, 1) { // also NaN
			*f = 0
		}
		sum += *f
	}
	if sum == 0 {
		d := DefaultWeights()
		d.MaxDistanceKm, d.HorizonDays = w.MaxDistanceKm, w.HorizonDays
		w = d
	}
	if !(w.MaxDistanceKm > 0) {
		w.MaxDistanceKm = 75
	}
	if w.HorizonDays <= 0 {
		w.HorizonDays = 60
	}
	w.HorizonDays = min(w.HorizonDays, 364)
	return w
}

var kindFit = map[desk.QuestionKind]map[desk.OfferKind]float64{
	desk.KindPlacement: {desk.OfferProgramme: 1},
	desk.KindTraining: {desk.OfferTailored: 1, desk.OfferMasterclass: 0.9, desk.OfferPostMBO: 0.9, desk.OfferKeuzedeel: 0.8,
		desk.OfferProgramme: 0.7, desk.OfferSkillsLab: 0.6, desk.OfferEquipmentTime: 0.4},
	desk.KindPooling:          {desk.OfferStaffToLend: 1},
	desk.KindHybridTeacher:    {desk.OfferTeachingNeed: 1},
	desk.KindTeacherPlacement: {desk.OfferTeacherHosting: 1},
	desk.KindOutreach:         {desk.OfferProgramme: 0.8, desk.OfferSkillsLab: 0.7},
}

// KindFit returns how well an offer of kind o can answer a question of
// kind q, from 0 (it cannot; the offer is left out) to 1:
//
//   - placement: programmes (schools that train for the crebo);
//   - training: tailored courses, masterclasses, post-mbo, keuzedelen,
//     programmes (BBL for staff), Skills Lab sessions, equipment time;
//   - pooling: other companies' staff to lend;
//   - hybrid_teacher: schools' teaching needs;
//   - teacher_placement: companies hosting teachers;
//   - outreach: schools' programmes and Skills Lab sessions (the pupils);
//   - other: every kind, at 0.5.
func KindFit(q desk.QuestionKind, o desk.OfferKind) float64 {
	if q == desk.KindOther && o.Valid() {
		return 0.5
	}
	return kindFit[q][o]
}

// Rank returns the offers that could answer q at now, best first (then by
// offer id), with their reasons. It prepares the offers on every call: to
// rank many questions against one catalogue, Prepare it once. It never
// fails; a question nothing fits gives an empty slice.
func Rank(q desk.Question, offers []desk.Offer, now time.Time, w Weights) []Suggestion {
	return Prepare(offers).Rank(q, now, w, 0)
}

// Catalogue is a set of offers prepared for ranking: their words analysed
// and indexed. It is immutable and safe for concurrent use.
type Catalogue struct {
	offers   []desk.Offer
	meta     []offerMeta
	terms    [][]uint32 // per offer, sorted term ids
	fields   []string   // per offer, the field's terms joined by spaces
	vocab    map[string]uint32
	sorted   []string // the vocabulary in byte order, for prefix search
	sortedID []uint32
	postings [][]int32          // per term, offers that contain it
	crebos   map[string][]int32 // per crebo, offers
	scratch  sync.Pool
}

// Prepare analyses and indexes offers for ranking. The slice is kept, not
// copied: do not change it while the Catalogue is in use.
func Prepare(offers []desk.Offer) *Catalogue {
	c := &Catalogue{offers: offers, meta: make([]offerMeta, len(offers)), terms: make([][]uint32, len(offers)),
		fields: make([]string, len(offers)), vocab: map[string]uint32{}, crebos: map[string][]int32{}}
	var ws []word
	for i := range offers {
		o := &offers[i]
		ws = ws[:0]
		ws = analyseTerms(o.Title, ws)
		ws = analyseTerms(o.Field, ws)
		for _, s := range o.Skills {
			ws = analyseTerms(s, ws)
		}
		ws = analyseTerms(o.Description, ws)
		ids := make([]uint32, 0, len(ws))
		for _, w := range ws {
			id, ok := c.vocab[w.term]
			if !ok {
				id = uint32(len(c.postings))
				c.vocab[w.term] = id
				c.postings = append(c.postings, nil)
			}
			ids = append(ids, id)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		c.terms[i] = ids
		for _, id := range ids {
			c.postings[id] = append(c.postings[id], int32(i))
		}
		c.fields[i] = joinTerms(o.Field)
		c.meta[i] = newMeta(o)
		for _, cr := range o.Crebos {
			c.crebos[cr] = append(c.crebos[cr], int32(i))
		}
	}
	c.sorted = make([]string, 0, len(c.vocab))
	for t := range c.vocab {
		c.sorted = append(c.sorted, t)
	}
	slices.Sort(c.sorted)
	c.sortedID = make([]uint32, len(c.sorted))
	for i, t := range c.sorted {
		c.sortedID[i] = c.vocab[t]
	}
	return c
}

// offerMeta is what the hard rules need of an offer, in compact form.
type offerMeta struct {
	kind   uint8 // index in desk.OfferKinds; noKind when unknown
	active bool
	until  int64  // last day (days since 1970) it can be taken up
	langs  uint32 // bit i: works in domain.Languages[i] (Dutch when none are named)
}

// langBit returns the bit of a language code in offerMeta.langs, or 0 for
// a language outside domain.Languages ("" is Dutch).
func langBit(l string) uint32 {
	if l == "" {
		l = "nl"
	}
	if i := slices.Index(domain.Languages, l); i >= 0 && i < 32 {
		return 1 << i
	}
	return 0
}

const noKind = 255

func dayNum(t time.Time) int64 { return domain.Day(t).Unix() / 86400 }

// newMeta mirrors desk.Offer.Available: the offer is available up to the
// end of its period and its last start, whichever comes first.
func newMeta(o *desk.Offer) offerMeta {
	m := offerMeta{kind: noKind, active: o.Active, until: math.MaxInt64}
	if len(o.Languages) == 0 {
		m.langs = langBit("nl")
	}
	for _, l := range o.Languages {
		m.langs |= langBit(l)
	}
	if k := slices.Index(desk.OfferKinds, o.Kind); k >= 0 {
		m.kind = uint8(k)
	}
	if !o.Period.End.IsZero() {
		m.until = dayNum(o.Period.End)
	}
	if last := lastStart(o); last != math.MinInt64 {
		m.until = min(m.until, last)
	}
	return m
}

// lastStart returns the day of the latest start moment, or MinInt64.
func lastStart(o *desk.Offer) int64 {
	last := int64(math.MinInt64)
	for _, st := range o.Starts {
		if !st.IsZero() {
			last = max(last, dayNum(st))
		}
	}
	return last
}

// Len returns the number of offers.
func (c *Catalogue) Len() int { return len(c.offers) }

func joinTerms(s string) string {
	ts := Terms(s)
	out := ""
	for i, t := range ts {
		if i > 0 {
			out += " "
		}
		out += t
	}
	return out
}

// maxPrefixExpansion bounds the catalogue terms one question word matches
// by prefix.
const maxPrefixExpansion = 64

// group is one term of the question with the catalogue terms it matches.
type group struct {
	surface string
	ids     []uint32
	idf     float64
}

// query is a question analysed against a catalogue.
type query struct {
	groups   []group // at most 64
	text     []int   // groups from the title and text
	skills   [][]int // per skill of the question, its groups
	skillRaw []string
	field    string   // the question's field as terms joined by spaces
	fieldIDs []uint32 // their ids; nil when a term is not in the catalogue
	topical  bool
}

func (c *Catalogue) analyseQuestion(q desk.Question) query {
	var qu query
	index := map[string]int{}
	addWords := func(ws []word) []int {
		var gs []int
		for _, w := range ws {
			if g, ok := index[w.term]; ok {
				if !slices.Contains(gs, g) {
					gs = append(gs, g)
				}
				continue
			}
			if len(qu.groups) == 64 {
				break
			}
			ids := c.expand(w.term)
			if len(ids) == 0 {
				continue // the catalogue never uses it: it cannot match or discriminate
			}
			index[w.term] = len(qu.groups)
			gs = append(gs, len(qu.groups))
			qu.groups = append(qu.groups, group{surface: w.surface, ids: ids})
		}
		return gs
	}
	for _, s := range q.Skills {
		if gs := addWords(analyse(s, nil)); len(gs) > 0 {
			qu.skills = append(qu.skills, gs)
			qu.skillRaw = append(qu.skillRaw, s)
		}
	}
	ws := analyse(q.Title, nil)
	ws = analyse(q.Text, ws)
	qu.text = addWords(ws)
	qu.field = joinTerms(q.Field)
	for _, t := range Terms(q.Field) {
		id, ok := c.vocab[t]
		if !ok {
			qu.fieldIDs = nil
			break
		}
		qu.fieldIDs = append(qu.fieldIDs, id)
	}
	qu.topical = len(qu.groups) > 0 || q.Crebo != "" && len(c.crebos[q.Crebo]) > 0 || qu.field != ""
	return qu
}

// expand returns the catalogue terms a question term matches: itself and,
// for terms of at least minHead letters, the terms that start with it.
func (c *Catalogue) expand(t string) []uint32 {
	var ids []uint32
	if id, ok := c.vocab[t]; ok {
		ids = append(ids, id)
	}
	if len(t) < minHead {
		return ids
	}
	i, _ := slices.BinarySearch(c.sorted, t)
	for ; i < len(c.sorted) && len(ids) < maxPrefixExpansion; i++ {
		s := c.sorted[i]
		if len(s) < len(t) || s[:len(t)] != t {
			break
		}
		if s != t {
			ids = append(ids, c.sortedID[i])
		}
	}
	return ids
}

// scratch is per-Rank working memory, pooled.
type scratch struct {
	mask    []uint64 // per offer, the question groups it contains
	crebo   []bool   // per offer, has the question's crebo
	touched []int32
	cands   []cand
}

type cand struct {
	score float64
	dist  float64
	i     int32
}

func (c *Catalogue) getScratch() *scratch {
	if s, ok := c.scratch.Get().(*scratch); ok {
		return s
	}
	return &scratch{mask: make([]uint64, len(c.offers)), crebo: make([]bool, len(c.offers))}
}

// Rank returns at most limit offers (all when limit <= 0) that could answer
// q at now, best first (then by offer id), with their reasons. It never
// fails; a question nothing fits gives an empty slice.
func (c *Catalogue) Rank(q desk.Question, now time.Time, w Weights, limit int) []Suggestion {
	w = w.normalised()
	if len(c.offers) == 0 {
		return []Suggestion{}
	}
	qu := c.analyseQuestion(q)
	s := c.getScratch()
	defer func() {
		for _, i := range s.touched {
			s.mask[i], s.crebo[i] = 0, false
		}
		s.touched, s.cands = s.touched[:0], s.cands[:0]
		c.scratch.Put(s)
	}()
	// Mark the offers that share a topic with the question.
	for g := range qu.groups {
		gr := &qu.groups[g]
		df := 0
		for _, id := range gr.ids {
			for _, i := range c.postings[id] {
				if s.mask[i] == 0 && !s.crebo[i] {
					s.touched = append(s.touched, i)
				}
				if s.mask[i]&(1<<g) == 0 {
					df++
				}
				s.mask[i] |= 1 << g
			}
		}
		gr.idf = math.Log(1 + float64(len(c.offers))/float64(max(df, 1)))
	}
	if q.Crebo != "" {
		for _, i := range c.crebos[q.Crebo] {
			if s.mask[i] == 0 && !s.crebo[i] {
				s.touched = append(s.touched, i)
			}
			s.crebo[i] = true
		}
	}
	e := newEvaluator(c, &q, &qu, w, now, s)
	if qu.field != "" {
		// Field matches are cheap to test but not indexed: scan.
		for i := range c.offers {
			if s.mask[i] == 0 && !s.crebo[i] {
				e.consider(int32(i), true)
			}
		}
	}
	for _, i := range s.touched {
		e.consider(i, true)
	}
	fallback := false
	if len(s.cands) == 0 && q.Kind != desk.KindOther {
		fallback = true
		for i := range c.offers {
			e.consider(int32(i), false)
		}
	}
	better := func(a, b cand) int { // < 0 when a ranks before b
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(c.offers[a.i].ID, c.offers[b.i].ID), cmp.Compare(a.i, b.i))
	}
	cands := s.cands
	if limit > 0 && len(cands) > limit {
		cands = topK(cands, limit, better)
	}
	slices.SortFunc(cands, better)
	out := make([]Suggestion, len(cands))
	for k, cd := range cands {
		o := &c.offers[cd.i]
		out[k] = Suggestion{OfferID: o.ID, ProviderID: o.ProviderID, Kind: o.Kind, Index: int(cd.i), Score: cd.score,
			DistanceKm: cd.dist, Reasons: e.reasons(cd.i, fallback && qu.topical)}
	}
	return out
}

// topK moves the k best candidates (by cmp, negative = better) to the
// front of cs, in no particular order, and returns them. It keeps a heap
// of the k best seen whose root is the worst of them.
func topK(cs []cand, k int, cmp func(a, b cand) int) []cand {
	h := cs[:k]
	worse := func(i, j int) bool { return cmp(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= k {
				return
			}
			if r := l + 1; r < k && worse(r, l) {
				l = r
			}
			if !worse(l, i) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, x := range cs[k:] {
		if cmp(x, h[0]) < 0 {
			h[0] = x
			down(0)
		}
	}
	return h
}
