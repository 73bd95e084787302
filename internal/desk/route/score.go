package route

import (
	"math"
	"math/bits"
	"slices"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/match"
)

// evaluator scores the offers of a catalogue for one question.
type evaluator struct {
	c     *Catalogue
	q     *desk.Question
	qu    *query
	w     Weights
	total float64 // sum of the weights of the components that apply to q
	now   time.Time
	today time.Time
	// window of wanted dates: from today or the wanted start, to the wanted
	// end (zero: open).
	winStart, winEnd time.Time
	textIDF          float64
	textMask         uint64 // the groups of the title and text
	lang             string
	langBit          uint32    // the bit of lang in offerMeta.langs; 0 when it has none
	rs               *[]Reason // where eval appends reasons; nil while scoring
	todayNum         int64
	point            match.Point     // the question's point
	wanted           match.Period    // the wanted period with both ends known
	kindFit          [noKind]float64 // per offer kind index
	s                *scratch
}

func newEvaluator(c *Catalogue, q *desk.Question, qu *query, w Weights, now time.Time, s *scratch) *evaluator {
	e := &evaluator{c: c, q: q, qu: qu, w: w, now: now, today: domain.Day(now), s: s, lang: q.Language}
	if e.lang == "" {
		e.lang = "nl"
	}
	e.todayNum = dayNum(now)
	e.langBit = langBit(e.lang)
	e.point = match.Point{Lat: q.Point.Lat, Lon: q.Point.Lon}
	for k, ok := range desk.OfferKinds {
		e.kindFit[k] = KindFit(q.Kind, ok)
	}
	e.winStart, e.winEnd = e.today, domain.Day(q.Period.End)
	if st := domain.Day(q.Period.Start); st.After(e.winStart) {
		e.winStart = st
	}
	e.wanted = closed(domain.Period{Start: e.winStart, End: e.winEnd}, e.winStart)
	for _, g := range qu.text {
		e.textIDF += qu.groups[g].idf
		e.textMask |= 1 << g
	}
	e.total = w.Kind + w.Dates + w.Language
	if q.Crebo != "" {
		e.total += w.Crebo
	}
	if qu.field != "" {
		e.total += w.Field
	}
	if len(qu.skills) > 0 {
		e.total += w.Skills
	}
	if len(qu.text) > 0 {
		e.total += w.Text
	}
	if !q.Point.IsZero() {
		e.total += w.Distance
	}
	if q.People > 0 {
		e.total += w.Capacity
	}
	return e
}

// consider scores offer i and keeps it as a candidate when it passes the
// hard rules and, if requireTopic, matches the question's topic.
func (e *evaluator) consider(i int32, requireTopic bool) {
	score, dist, topical, ok := e.eval(i, nil)
	if !ok || requireTopic && !topical {
		return
	}
	e.s.cands = append(e.s.cands, cand{score: score, dist: dist, i: i})
}

// reasons returns the reasons of offer i.
func (e *evaluator) reasons(i int32, noTopic bool) []Reason {
	rs := make([]Reason, 0, 8)
	if noTopic {
		rs = append(rs, Reason{Code: ReasonNoTopicalMatches})
	}
	e.eval(i, &rs)
	return rs
}

// add appends a reason; call it only when e.rs is not nil, so that the
// arguments are not allocated while scoring.
func (e *evaluator) add(code string, args ...any) {
	*e.rs = append(*e.rs, Reason{Code: code, Args: args})
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// eval applies the hard rules to offer i and scores it. It appends the
// reasons to rs when rs is not nil. topical reports a match on crebo,
// field, skills or words.
func (e *evaluator) eval(i int32, rs *[]Reason) (score, dist float64, topical, ok bool) {
	o, q, w, m := &e.c.offers[i], e.q, &e.w, e.c.meta[i]
	if !m.active || m.until < e.todayNum || m.kind == noKind || o.RegionID != q.RegionID {
		return 0, 0, false, false
	}
	kf := e.kindFit[m.kind]
	if kf == 0 || o.ProviderID == q.CompanyID || q.Declined(o.ProviderID) {
		return 0, 0, false, false
	}
	dist = -1
	if !q.Point.IsZero() {
		for _, l := range o.Locations {
			if l.Point.IsZero() {
				continue
			}
			if d := match.DistanceKm(e.point, match.Point{Lat: l.Point.Lat, Lon: l.Point.Lon}); dist < 0 || d < dist {
				dist = d
			}
		}
		if dist > w.MaxDistanceKm {
			return 0, 0, false, false
		}
	}
	e.rs = rs
	add := e.add
	sum := w.Kind * kf

	// Topic: crebo, field, skills, words.
	if e.s.crebo[i] {
		sum += w.Crebo
		topical = true
		if e.rs != nil {
			add(ReasonSameProgramme, q.Crebo)
		}
	}
	if e.qu.field != "" {
		f := 0.0
		if e.c.fields[i] == e.qu.field {
			f = 1
		} else if e.qu.fieldIDs != nil && containsAll(e.c.terms[i], e.qu.fieldIDs) {
			f = 0.6
		}
		if f > 0 {
			sum += w.Field * f
			topical = true
			if e.rs != nil {
				add(ReasonSameField, q.Field)
			}
		}
	}
	mask := e.s.mask[i]
	if len(e.qu.skills) > 0 {
		matched := 0
		for _, gs := range e.qu.skills {
			if e.skillHit(mask, gs) {
				matched++
			}
		}
		if matched > 0 {
			sum += w.Skills * float64(matched) / float64(len(e.qu.skills))
			topical = true
		}
		if e.rs != nil {
			var names []any
			for k, gs := range e.qu.skills {
				if e.skillHit(mask, gs) {
					names = append(names, e.qu.skillRaw[k])
				}
			}
			if len(names) > 0 {
				add(ReasonSkillsMatched, names...)
			}
			for k, gs := range e.qu.skills {
				if !e.skillHit(mask, gs) {
					add(ReasonSkillMissing, e.qu.skillRaw[k])
				}
			}
		}
	}
	if tm := mask & e.textMask; tm != 0 && e.textIDF > 0 {
		var got float64
		for m := tm; m != 0; m &= m - 1 {
			got += e.qu.groups[bits.TrailingZeros64(m)].idf
		}
		sum += w.Text * got / e.textIDF
		topical = true
		if e.rs != nil {
			var words []any
			for _, g := range e.qu.text {
				if tm&(1<<g) != 0 && len(words) < 5 && !e.inSkills(g) {
					words = append(words, e.qu.groups[g].surface)
				}
			}
			if len(words) > 0 {
				add(ReasonWords, words...)
			}
		}
	}

	// Place, dates, capacity, language.
	if !q.Point.IsZero() {
		if dist >= 0 {
			sum += w.Distance * match.DistanceComponent(dist, w.MaxDistanceKm)
			if e.rs != nil {
				add(ReasonDistance, int(math.Round(dist)))
			}
		} else {
			sum += w.Distance * 0.5
		}
	}
	sum += w.Dates * e.dates(o)
	if q.People > 0 {
		switch {
		case o.Capacity == 0:
			sum += w.Capacity * 0.5
		case o.Capacity >= q.People:
			sum += w.Capacity
			if e.rs != nil {
				add(ReasonCapacityFits, o.Capacity)
			}
		default:
			sum += w.Capacity * float64(o.Capacity) / float64(q.People)
			if e.rs != nil {
				add(ReasonCapacityShort, o.Capacity, q.People)
			}
		}
	}
	if m.langs&e.langBit != 0 || e.langBit == 0 && o.OffersLanguage(e.lang) {
		sum += w.Language
		if e.lang != "nl" {
			if e.rs != nil {
				add(ReasonLanguageMatch, e.lang)
			}
		}
	} else {
		if e.rs != nil {
			add(ReasonLanguageMissing, e.lang)
		}
	}
	if e.total > 0 {
		score = round4(sum / e.total)
	}
	if dist >= 0 {
		dist = math.Round(dist*10) / 10
	}
	return score, dist, topical, true
}

// skillHit reports whether a skill of the question (its groups) is in the
// offer: at least half of its words.
func (e *evaluator) skillHit(mask uint64, gs []int) bool {
	hit := 0
	for _, g := range gs {
		if mask&(1<<g) != 0 {
			hit++
		}
	}
	return 2*hit >= len(gs)
}

func (e *evaluator) inSkills(g int) bool {
	for _, gs := range e.qu.skills {
		if slices.Contains(gs, g) {
			return true
		}
	}
	return false
}

// dates returns the dates component of offer o and adds its reason.
func (e *evaluator) dates(o *desk.Offer) float64 {
	add := e.add
	wanted := !e.q.Period.Start.IsZero() || !e.q.Period.End.IsZero()
	if len(o.Starts) > 0 {
		j, _ := slices.BinarySearchFunc(o.Starts, e.winStart, func(a, b time.Time) int { return a.Compare(b) })
		if j < len(o.Starts) && (e.winEnd.IsZero() || !o.Starts[j].After(e.winEnd)) {
			days := int(o.Starts[j].Sub(e.today).Hours()+0.5) / 24
			if e.rs != nil {
				add(ReasonStartsWithin, days)
			}
			return e.soon(days)
		}
		if e.rs != nil {
			add(ReasonNoStartInPeriod)
		}
		return 0
	}
	if o.Period.Start.IsZero() && o.Period.End.IsZero() {
		return 0.5
	}
	if !wanted {
		start := o.Period.Start
		if start.Before(e.today) {
			start = e.today
		}
		return e.soon(int(start.Sub(e.today).Hours()+0.5) / 24)
	}
	// Share of the wanted period the offer is available, as the matching
	// engine computes it; open ends reach a year past the other end.
	share := match.PeriodComponent(e.wanted, closed(o.Period, e.today))
	if share == 0 {
		if e.rs != nil {
			add(ReasonPeriodNone)
		}
		return 0
	}
	if e.rs != nil {
		add(ReasonPeriodOverlap, int(math.Round(100*share)))
	}
	return share
}

// closed returns p as a match.Period with both ends known: an open start is
// from, an open end a year after the start.
func closed(p domain.Period, from time.Time) match.Period {
	mp := match.Period{From: match.DayOf(from), To: 0}
	if !p.Start.IsZero() {
		mp.From = match.DayOf(p.Start)
	}
	mp.To = mp.From + 365
	if !p.End.IsZero() {
		mp.To = match.DayOf(p.End)
	}
	return mp
}

// soon maps days until a start to [0, 1]: 1 within the horizon, falling
// linearly to 0 at a year.
func (e *evaluator) soon(days int) float64 {
	h := e.w.HorizonDays
	if days <= h {
		return 1
	}
	return max(0, 1-float64(days-h)/float64(365-h))
}

// containsAll reports whether the sorted ids hold every id of want.
func containsAll(ids, want []uint32) bool {
	for _, x := range want {
		if _, ok := slices.BinarySearch(ids, x); !ok {
			return false
		}
	}
	return true
}
