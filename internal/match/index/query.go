package index

import (
	"math"
	"slices"
	"strings"

	"talentloket/internal/match"
)

// Query filters placements. Empty fields do not filter.
type Query struct {
	// Crebos: the placement names at least one of these crebos.
	Crebos []string
	// Text: every word (see Words) occurs in the title or programme name.
	Text string
	// Kinds: the placement is of one of these kinds.
	Kinds []string
	// Level is the student's level: a placement asking a higher level does
	// not match (placements asking none always do).
	Level int
	// Stage: the placement is for this stage or for any.
	Stage string
	// Pathway: the placement is for this pathway or for any; besides,
	// BOL excludes apprenticeships and BBL excludes internships.
	Pathway string
	// Near orders search hits by distance; with RadiusKm > 0 only
	// placements within that many km of Near match (placements without a
	// location then never match).
	Near     match.Point
	RadiusKm float64
	// Period: the placement's period shares at least one day with it
	// (placements without a period match).
	Period match.Period
	// Limit is the number of hits; 0 means 20, at most 1000.
	Limit int
	// Explain fills Hit.Fit for recommendations (costs a few µs per hit).
	Explain bool
}

// Hit is one result.
type Hit struct {
	ID string `json:"id"`
	// Score is the fit score (recommendations only).
	Score float64 `json:"score,omitempty"`
	// DistanceKm from Query.Near (search) or the student's home
	// (recommendations); -1 when either location is unknown.
	DistanceKm float64 `json:"distance_km"`
	// Fit explains the score when Query.Explain is set.
	Fit *match.Fit `json:"fit,omitempty"`
}

// compiled is a query with its strings interned.
type compiled struct {
	none      bool     // a crebo or word the index has never seen: no hits
	crebos    []uint32 // interned
	words     []uint32 // interned
	wordSig   uint64   // the words' bits, see wordBit
	kinds     []string
	kindMask  uint8 // bit per kind code; kindOther entries check the item
	level     int32
	levelSet  bool
	stage     string // the query's stage, "" for any
	stageCode uint8
	pathway   string
	pathCode  uint8
	notKind   uint8 // kind code excluded by the pathway, or kindOther+1
	near      match.Point
	cosNear   float64
	hasNear   bool
	radius    float64 // 0: none
	period    match.Period
	hasPeriod bool
	limit     int
}

func (ix *Index) compileQuery(q *Query) compiled {
	c := compiled{period: q.Period, hasPeriod: q.Period.Known(), limit: q.Limit, notKind: kindOther + 1, kinds: q.Kinds,
		stage: q.Stage, stageCode: stageCode(q.Stage), pathway: q.Pathway, pathCode: pathCode(q.Pathway)}
	if c.limit <= 0 {
		c.limit = 20
	}
	c.limit = min(c.limit, 1000)
	if q.Level != 0 {
		c.level, c.levelSet = int32(q.Level), true
		if int(c.level) != q.Level {
			c.none = true
		}
	}
	if len(q.Crebos) > 0 {
		for _, cr := range q.Crebos {
			if v := ix.lookup("c:" + cr); v != 0 {
				c.crebos = append(c.crebos, v)
			}
		}
		c.none = c.none || len(c.crebos) == 0
	}
	for w := range Words(q.Text) {
		v := ix.lookup("w:" + w)
		if v == 0 {
			c.none = true
		}
		c.words = append(c.words, v)
		c.wordSig |= wordBit(v)
	}
	for _, k := range q.Kinds {
		if code := kindCode(k); code != kindOther {
			c.kindMask |= 1 << code
		}
	}
	switch strings.ToUpper(q.Pathway) {
	case match.PathwayBOL:
		c.notKind = kindApprenticeship
	case match.PathwayBBL:
		c.notKind = kindInternship
	}
	if q.Near.Known() {
		c.near, c.hasNear = q.Near, true
		c.cosNear = math.Cos(q.Near.Lat * math.Pi / 180)
		if q.RadiusKm > 0 {
			c.radius = q.RadiusKm
		}
	}
	return c
}

// accepts applies every filter except the radius. The words are checked on
// the item unless skip says the posting read already guarantees them.
func (c *compiled) accepts(ix *Index, e *entry, wordsDone bool) bool {
	if len(c.kinds) > 0 {
		if e.kind == kindOther {
			if !slices.Contains(c.kinds, ix.items[e.slot].p.Kind) {
				return false
			}
		} else if c.kindMask&(1<<e.kind) == 0 {
			return false
		}
	}
	if e.kind == c.notKind {
		return false
	}
	if c.levelSet && e.level > c.level {
		return false
	}
	if c.stage != "" && e.stage() != stageAny {
		es := e.stage()
		if es == stageOther || c.stageCode == stageOther {
			if !strings.EqualFold(ix.items[e.slot].p.Stage, c.stage) {
				return false
			}
		} else if es != c.stageCode {
			return false
		}
	}
	if c.pathway != "" && e.pathway() != pathAny {
		ep := e.pathway()
		if ep == pathOther || c.pathCode == pathOther {
			if !strings.EqualFold(ix.items[e.slot].p.Pathway, c.pathway) {
				return false
			}
		} else if ep != c.pathCode {
			return false
		}
	}
	if c.hasPeriod && e.flags&flagPeriod != 0 && c.period.Overlap(match.Period{From: e.from, To: e.to}) == 0 {
		return false
	}
	if len(c.crebos) > 0 && !c.hasCrebo(ix, e, len(c.crebos)) {
		return false
	}
	if len(c.words) > 0 && !wordsDone {
		if e.wordSig&c.wordSig != c.wordSig {
			return false
		}
		it := &ix.items[e.slot]
		for _, w := range c.words {
			if _, ok := slices.BinarySearch(it.words, w); !ok {
				return false
			}
		}
	}
	return true
}

// hasCrebo reports whether the placement names one of the first n query
// crebos.
func (c *compiled) hasCrebo(ix *Index, e *entry, n int) bool {
	if int(e.nq) > len(e.crebo) {
		for _, q := range ix.items[e.slot].quals {
			if slices.Contains(c.crebos[:n], q.crebo) {
				return true
			}
		}
		return false
	}
	for i := 0; i < int(e.nq); i++ {
		if slices.Contains(c.crebos[:n], e.crebo[i]) {
			return true
		}
	}
	return false
}

// within applies the radius exactly as the scans do; it returns the
// distance from Near (+Inf when unknown).
func (c *compiled) within(e *entry) (float64, bool) {
	if !c.hasNear || e.flags&flagLoc == 0 {
		return math.Inf(1), c.radius == 0
	}
	d := match.DistanceKm(c.near, match.Point{Lat: e.lat, Lon: e.lon})
	return d, c.radius == 0 || d <= c.radius
}

// distLower is a cheap lower bound of match.DistanceKm(p, e's location)
// without trigonometry: with a = |Δφ|/2 and b = |Δλ|/2, sin x >= x - x³/6,
// cos φe >= cos φp - |Δφ| and asin x >= x give
// d >= 2R √((a - a³/6)² + cos φp (cos φp - |Δφ|) (b - b³/6)²).
// A small margin covers rounding.
func distLower(p match.Point, cosP float64, e *entry) float64 {
	return distLowerPoint(p, cosP, e.lat, e.lon)
}

// distLowerPoint is distLower for a point given by its coordinates.
func distLowerPoint(p match.Point, cosP, lat, lon float64) float64 {
	const rad = math.Pi / 180
	dLat := math.Abs(lat-p.Lat) * rad
	dLon := math.Abs(lon - p.Lon)
	if dLon > 180 {
		dLon = 360 - dLon
	}
	dLon *= rad
	a, b := dLat/2, dLon/2
	sa := max(0, a-a*a*a/6)
	sb := max(0, b-b*b*b/6)
	cosProd := max(0, cosP*(cosP-dLat))
	h := sa*sa + cosProd*sb*sb
	return max(0, 2*earthRadiusKm*math.Sqrt(h)*(1-1e-9)-1e-9)
}

// Search returns the placements matching q: nearest first when q.Near is
// set (then by ID), else by ID. With Near it reads the cells around it
// nearest first and stops when no farther cell can enter the list; a query
// without Near reads all placements of its crebos or rarest word (all
// placements when it has neither).
func (ix *Index) Search(q Query) []Hit {
	hits, _ := ix.search(q, false)
	return hits
}

// SearchCount returns what Search returns and the number of placements
// that match q in all (for paging). Counting reads every candidate of the
// query's posting lists and cells within its radius, without the early
// stops of Search: use it on a region's index, not on a national one
// without filters.
func (ix *Index) SearchCount(q Query) ([]Hit, int) { return ix.search(q, true) }

func (ix *Index) search(q Query, count bool) ([]Hit, int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}, 0
	}
	total := 0
	mode := byID
	if c.hasNear {
		mode = byDist
	}
	top := newTop(ix, c.limit, mode)
	sources, wordsDone := ix.sources(&c)
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	var visitRange func(j int, entries []entry)
	visit := func(j int, b *bucket) {
		for k := uint8(0); k <= kindOther; k++ {
			if len(c.kinds) > 0 && k != kindOther && c.kindMask&(1<<k) == 0 || k == c.notKind {
				continue
			}
			visitRange(j, b.entries[b.kindStart(k):b.end[k]])
		}
	}
	visitRange = func(j int, entries []entry) {
		for i := range entries {
			e := &entries[i]
			if !count && !c.hasNear && top.full() && e.idKey > top.worst().key {
				break // ordered by ID, and so is the kind range: nothing after enters
			}
			if j > 0 && len(c.crebos) > 0 && c.hasCrebo(ix, e, j) {
				continue // seen under an earlier crebo
			}
			if !c.accepts(ix, e, wordsDone) {
				continue
			}
			d := math.Inf(1)
			if c.hasNear && e.flags&flagLoc != 0 {
				lb := distLower(c.near, c.cosNear, e)
				if c.radius > 0 && lb > c.radius || !count && top.full() && lb > top.worst().dist {
					continue
				}
				d = match.DistanceKm(c.near, match.Point{Lat: e.lat, Lon: e.lon})
				if c.radius > 0 && d > c.radius {
					continue
				}
			} else if c.radius > 0 {
				continue
			}
			total++
			top.offer(cand{slot: e.slot, key: e.idKey, dist: d})
		}
	}
	if c.hasNear {
		maxKm := math.Inf(1)
		if c.radius > 0 {
			maxKm = c.radius
		}
		sc.cells = cellsWithin(sc.cells, c.near, maxKm)
		for cells := sc.cells; ; {
			cd, ok := popCell(&cells)
			if !ok || !count && top.full() && cd.lb() > top.worst().dist {
				break
			}
			for j, pst := range sources {
				if b := pst.find(cd.cell); b != nil {
					visit(j, b)
				}
			}
		}
		if c.radius == 0 && (count || !(top.full() && !math.IsInf(top.worst().dist, 1))) {
			for j, pst := range sources {
				if b := pst.find(noCell); b != nil {
					visit(j, b)
				}
			}
		}
	} else {
		for j, pst := range sources {
			for i := range pst.buckets {
				visit(j, &pst.buckets[i])
			}
		}
	}
	return ix.hits(top, nil, false), total
}

// sources picks the posting lists a search reads: those of its crebos, else
// the rarest of its words (wordsDone is then true when it has only that
// word), else all placements.
func (ix *Index) sources(c *compiled) (out []*posting, wordsDone bool) {
	switch {
	case len(c.crebos) > 0:
		for _, v := range c.crebos {
			if p := ix.post[postKey{keyCrebo, v}]; p != nil {
				out = append(out, p)
			} else {
				out = append(out, &posting{})
			}
		}
	case len(c.words) > 0:
		var best *posting
		for _, v := range c.words {
			p := ix.post[postKey{keyWord, v}]
			if p == nil {
				return nil, false
			}
			if best == nil || p.n < best.n {
				best = p
			}
		}
		out = append(out, best)
		wordsDone = len(c.words) == 1
	default:
		if p := ix.post[postKey{keyAll, 0}]; p != nil {
			out = append(out, p)
		}
	}
	return out, wordsDone
}

// SearchScan is Search done the plain way: every placement is tested with
// the same filters. It is the reference for tests and the baseline for
// benchmarks.
func (ix *Index) SearchScan(q Query) []Hit {
	hits, _ := ix.SearchScanCount(q)
	return hits
}

// SearchScanCount is SearchCount done the plain way.
func (ix *Index) SearchScanCount(q Query) ([]Hit, int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}, 0
	}
	total := 0
	mode := byID
	if c.hasNear {
		mode = byDist
	}
	top := newTop(ix, c.limit, mode)
	for slot := range ix.items {
		it := &ix.items[slot]
		if !it.alive || !c.accepts(ix, &it.ent, false) {
			continue
		}
		d, ok := c.within(&it.ent)
		if !ok {
			continue
		}
		total++
		top.offer(cand{slot: int32(slot), key: it.ent.idKey, dist: d})
	}
	return ix.hits(top, nil, false), total
}

// RecommendScan is Recommend done the plain way: every placement that
// passes q's filters is scored with match.ScoreOnly.
func (ix *Index) RecommendScan(s *match.Student, q Query) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}
	}
	top := newTop(ix, c.limit, byScore)
	for slot := range ix.items {
		it := &ix.items[slot]
		if !it.alive || !c.accepts(ix, &it.ent, false) {
			continue
		}
		if _, ok := c.within(&it.ent); !ok {
			continue
		}
		score, ok := match.ScoreOnly(s, &it.p, &ix.w)
		if !ok {
			continue
		}
		d := math.Inf(1)
		if s.Home.Known() && it.p.Location.Known() {
			d = match.DistanceKm(s.Home, it.p.Location)
		}
		top.offer(cand{slot: int32(slot), key: it.ent.idKey, score: score, dist: d})
	}
	return ix.hits(top, s, q.Explain)
}

func (ix *Index) hits(top *topK, s *match.Student, explain bool) []Hit {
	out := make([]Hit, len(top.list))
	for i, c := range top.list {
		d := c.dist
		if math.IsInf(d, 1) {
			d = -1
		}
		it := &ix.items[c.slot]
		out[i] = Hit{ID: it.p.ID, Score: c.score, DistanceKm: d}
		if explain && s != nil {
			f := match.Score(s, &it.p, &ix.w)
			out[i].Fit = &f
		}
	}
	return out
}

// scratch is per-query working memory, pooled.
type scratch struct {
	cells  []cellDist
	sorted []cellBound
}

// cellBound is a cell with the distance component's bound for it.
type cellBound struct {
	cell int32
	cd   float64
}

type order uint8

const (
	byID    order = iota // id ascending
	byDist               // distance, then id
	byScore              // score descending, then distance, then id
)

type cand struct {
	slot  int32
	key   uint64 // idKey
	score float64
	dist  float64
}

// topK keeps the best k candidates sorted, best first.
type topK struct {
	ix   *Index
	k    int
	mode order
	list []cand
}

func newTop(ix *Index, k int, mode order) *topK {
	return &topK{ix: ix, k: k, mode: mode, list: make([]cand, 0, k)}
}

func (t *topK) full() bool   { return len(t.list) == t.k }
func (t *topK) worst() *cand { return &t.list[len(t.list)-1] }

func (t *topK) offer(c cand) {
	if t.full() && !t.better(&c, t.worst()) {
		return
	}
	i := len(t.list)
	for i > 0 && t.better(&c, &t.list[i-1]) {
		i--
	}
	if t.full() {
		t.list = t.list[:len(t.list)-1]
	}
	t.list = slices.Insert(t.list, i, c)
}

// better reports whether a ranks before b.
func (t *topK) better(a, b *cand) bool {
	switch t.mode {
	case byScore:
		if a.score != b.score {
			return a.score > b.score
		}
		fallthrough
	case byDist:
		if a.dist != b.dist {
			return a.dist < b.dist
		}
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return t.ix.items[a.slot].p.ID < t.ix.items[b.slot].p.ID
}
