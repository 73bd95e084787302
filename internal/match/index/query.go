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
	// Level: the placement asks this level or no level.
	Level int
	// Pathway BOL excludes apprenticeships, BBL excludes internships.
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
	none    bool     // a crebo or word the index has never seen: no hits
	crebos  []uint32 // interned
	words   []uint32 // interned
	kinds   []uint32 // interned
	level   int
	noKind  uint32 // kind excluded by the pathway (0: none)
	near    match.Point
	nearU   unit
	hasNear bool
	radius  float64 // 0: none
	period  match.Period
	limit   int
}

func (ix *Index) compileQuery(q *Query) compiled {
	c := compiled{level: q.Level, period: q.Period, limit: q.Limit}
	if c.limit <= 0 {
		c.limit = 20
	}
	c.limit = min(c.limit, 1000)
	if len(q.Crebos) > 0 {
		for _, cr := range q.Crebos {
			if v := ix.lookup("c:" + cr); v != 0 {
				c.crebos = append(c.crebos, v)
			}
		}
		c.none = len(c.crebos) == 0
	}
	for w := range Words(q.Text) {
		v := ix.lookup("w:" + w)
		if v == 0 {
			c.none = true
		}
		c.words = append(c.words, v)
	}
	for _, k := range q.Kinds {
		c.kinds = append(c.kinds, ix.lookup("kind:"+k))
	}
	switch strings.ToUpper(q.Pathway) {
	case match.PathwayBOL:
		c.noKind = ix.lookup("kind:" + match.KindApprenticeship)
	case match.PathwayBBL:
		c.noKind = ix.lookup("kind:" + match.KindInternship)
	}
	if q.Near.Known() {
		c.near, c.nearU, c.hasNear = q.Near, unitOf(q.Near), true
		if q.RadiusKm > 0 {
			c.radius = q.RadiusKm
		}
	}
	return c
}

// accepts applies every filter except the radius.
func (c *compiled) accepts(it *item) bool {
	if len(c.kinds) > 0 && !slices.Contains(c.kinds, it.kind) {
		return false
	}
	if c.noKind != 0 && it.kind == c.noKind {
		return false
	}
	if c.level != 0 && it.p.Level != 0 && it.p.Level != c.level {
		return false
	}
	if c.period.Known() && it.period && c.period.Overlap(it.p.Period) == 0 {
		return false
	}
	if len(c.crebos) > 0 && !c.hasCrebo(it, len(c.crebos)) {
		return false
	}
	for _, w := range c.words {
		if _, ok := slices.BinarySearch(it.words, w); !ok {
			return false
		}
	}
	return true
}

// hasCrebo reports whether the item names one of the first n query crebos.
func (c *compiled) hasCrebo(it *item, n int) bool {
	for _, q := range it.quals {
		if slices.Contains(c.crebos[:n], q.crebo) {
			return true
		}
	}
	return false
}

// within applies the radius exactly as the scans do.
func (c *compiled) within(it *item) (dist float64, ok bool) {
	if !c.hasNear || !it.p.Location.Known() {
		return math.Inf(1), c.radius == 0
	}
	d := match.DistanceKm(c.near, it.p.Location)
	return d, c.radius == 0 || d <= c.radius
}

// Search returns the placements matching q: nearest first when q.Near is
// set (then by ID), else by ID. Queries with a radius touch only the cells
// within it, nearest first, and stop when no farther cell can enter the
// list; a query without Near, crebos or text reads every placement.
func (ix *Index) Search(q Query) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}
	}
	mode := byID
	if c.hasNear {
		mode = byDist
	}
	top := newTop(c.limit, mode)
	sources := ix.sources(&c)
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	visit := func(j int, b *bucket) {
		for _, slot := range b.slots {
			it := &ix.items[slot]
			if j > 0 && len(c.crebos) > 0 && c.hasCrebo(it, j) {
				continue // seen under an earlier crebo
			}
			if !c.accepts(it) {
				continue
			}
			if !c.hasNear {
				top.offer(cand{slot: slot, dist: math.Inf(1), id: it.p.ID})
				continue
			}
			d := math.Inf(1)
			if b.cell != noCell {
				lb := chordLower(chord(c.nearU, it.u))
				if c.radius > 0 && lb > c.radius || top.full() && lb > top.worst().dist {
					continue
				}
				d = match.DistanceKm(c.near, it.p.Location)
				if c.radius > 0 && d > c.radius {
					continue
				}
			}
			top.offer(cand{slot: slot, dist: d, id: it.p.ID})
		}
	}
	if c.hasNear {
		maxKm := math.Inf(1)
		if c.radius > 0 {
			maxKm = c.radius
		}
		sc.cells = cellsWithin(sc.cells, c.near, maxKm)
		for _, cd := range sc.cells {
			if top.full() && cd.lb() > top.worst().dist {
				break
			}
			for j, pst := range sources {
				if b := pst.find(cd.cell); b != nil {
					visit(j, b)
				}
			}
		}
		if c.radius == 0 && !(top.full() && !math.IsInf(top.worst().dist, 1)) {
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
	return ix.hits(top, nil, false)
}

// sources picks the posting lists a search reads: those of its crebos, else
// the rarest of its words, else all placements.
func (ix *Index) sources(c *compiled) []*posting {
	var out []*posting
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
				return nil
			}
			if best == nil || p.n < best.n {
				best = p
			}
		}
		out = append(out, best)
	default:
		if p := ix.post[postKey{keyAll, 0}]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// group is one kind of qualification relation for recommendations.
type group struct {
	post   *posting
	credit float64
}

// Recommend returns the placements with the best fit for s, best first
// (ties: nearer, then by ID), among the eligible ones that pass q's
// filters. Only placements whose qualification relates to the student's
// (or that ask none) can be eligible, so only those posting lists are
// read, cell by cell from the student's home outwards, until the upper
// bound of the fit score in a cell is below the k-th score found.
func (ix *Index) Recommend(s *match.Student, q Query) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}
	}
	w := &ix.w
	top := newTop(c.limit, byScore)
	maxKm := s.MaxDistanceKm
	if maxKm <= 0 {
		maxKm = w.DefaultMaxDistanceKm
	}
	sq := s.Qualification
	keys := [4]postKey{
		{keyCrebo, ix.lookup("c:" + sq.Crebo)}, {keyDossier, ix.lookup("d:" + sq.Dossier)},
		{keyDomain, ix.lookup("m:" + sq.Domain)}, {keyOpen, 0},
	}
	credits := [4]float64{1, w.DossierCredit, w.DomainCredit, w.OpenCredit}
	var groups [4]group
	maxCredit := 0.0
	for g, k := range keys {
		if k.kind != keyOpen && k.v == 0 {
			continue
		}
		if p := ix.post[k]; p != nil {
			groups[g] = group{p, credits[g]}
			maxCredit = max(maxCredit, credits[g])
		}
	}
	st := studentKeys{crebo: keys[0].v, dossier: keys[1].v, domain: keys[2].v, credits: credits}
	home := s.Home.Known()
	homeU := unitOf(s.Home)
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)

	visit := func(g int, b *bucket, cdCell float64) {
		for _, slot := range b.slots {
			it := &ix.items[slot]
			if st.relation(it) != g || !c.accepts(it) {
				continue
			}
			if (it.p.Kind == match.KindInternship || it.p.Kind == match.KindApprenticeship) && !st.bpv(s, it) {
				continue
			}
			cp := match.PeriodComponent(s.Available, it.p.Period)
			if cp == 0 {
				continue // no shared day: not eligible
			}
			cd := cdCell
			if home && b.cell != noCell {
				lb := chordLower(chord(homeU, it.u))
				if lb > maxKm {
					continue // too far: not eligible
				}
				cd = match.DistanceComponent(lb, maxKm)
			}
			cw := 1.0
			if len(s.Wishes) > 0 && !containsFold(s.Wishes, it.p.Kind) {
				cw = 0
			}
			if top.full() && w.UpperBound(credits[g], match.LevelComponent(s.Level, it.p.Level), cd, cp, 1, 1, cw) < top.worst().score {
				continue
			}
			if _, ok := c.within(it); !ok {
				continue
			}
			score, ok := match.ScoreOnly(s, &it.p, w)
			if !ok {
				continue
			}
			d := math.Inf(1)
			if home && b.cell != noCell {
				d = match.DistanceKm(s.Home, it.p.Location)
			}
			top.offer(cand{slot: slot, score: score, dist: d, id: it.p.ID})
		}
	}
	// Placements without a location, or a student without a home: the
	// distance component is 0.5 for them.
	visitCell := func(cell int32, cd float64) bool {
		if top.full() && w.UpperBound(maxCredit, 1, cd, 1, 1, 1, 1) < top.worst().score {
			return false
		}
		for g := range groups {
			gr := &groups[g]
			if gr.post == nil || top.full() && w.UpperBound(gr.credit, 1, cd, 1, 1, 1, 1) < top.worst().score {
				continue
			}
			if b := gr.post.find(cell); b != nil {
				visit(g, b, cd)
			}
		}
		return true
	}
	visitCell(noCell, 0.5)
	if home {
		sc.cells = cellsWithin(sc.cells, s.Home, maxKm)
		for _, cd := range sc.cells {
			if !visitCell(cd.cell, match.DistanceComponent(cd.lb(), maxKm)) {
				break
			}
		}
	} else {
		for cell := int32(0); cell < int32(gridCells); cell++ {
			visitCell(cell, 0.5)
		}
	}
	return ix.hits(top, s, q.Explain)
}

// studentKeys are a student's interned qualification strings.
type studentKeys struct {
	crebo, dossier, domain uint32
	credits                [4]float64
}

// relation returns the group (0 crebo, 1 dossier, 2 domain, 3 open) that
// gives an item its qualification credit, as match.Score picks it: the
// highest credit, the earliest group on ties; -1 when unrelated.
func (st *studentKeys) relation(it *item) int {
	if len(it.quals) == 0 {
		return 3
	}
	best := -1
	for _, q := range it.quals {
		switch {
		case st.crebo != 0 && q.crebo == st.crebo:
			return 0
		case st.dossier != 0 && q.dossier == st.dossier && (best < 0 || st.credits[1] > st.credits[best]):
			best = 1
		case st.domain != 0 && q.domain == st.domain && (best < 0 || st.credits[2] > st.credits[best]):
			best = 2
		}
	}
	return best
}

// bpv applies the accreditation and pathway rules of internships and
// apprenticeships.
func (st *studentKeys) bpv(s *match.Student, it *item) bool {
	if st.crebo == 0 || !slices.Contains(it.accr, st.crebo) {
		return false
	}
	want := match.PathwayBOL
	if it.p.Kind == match.KindApprenticeship {
		want = match.PathwayBBL
	}
	return strings.EqualFold(s.Pathway, want)
}

func containsFold(list []string, x string) bool {
	for _, v := range list {
		if strings.EqualFold(v, x) {
			return true
		}
	}
	return false
}

// SearchScan is Search done the plain way: every placement is tested with
// the same filters. It is the reference for tests and the baseline for
// benchmarks.
func (ix *Index) SearchScan(q Query) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}
	}
	mode := byID
	if c.hasNear {
		mode = byDist
	}
	top := newTop(c.limit, mode)
	for slot := range ix.items {
		it := &ix.items[slot]
		if !it.alive || !c.accepts(it) {
			continue
		}
		d, ok := c.within(it)
		if !ok {
			continue
		}
		top.offer(cand{slot: int32(slot), dist: d, id: it.p.ID})
	}
	return ix.hits(top, nil, false)
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
	top := newTop(c.limit, byScore)
	for slot := range ix.items {
		it := &ix.items[slot]
		if !it.alive || !c.accepts(it) {
			continue
		}
		if _, ok := c.within(it); !ok {
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
		top.offer(cand{slot: int32(slot), score: score, dist: d, id: it.p.ID})
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
		out[i] = Hit{ID: c.id, Score: c.score, DistanceKm: d}
		if explain && s != nil {
			f := match.Score(s, &ix.items[c.slot].p, &ix.w)
			out[i].Fit = &f
		}
	}
	return out
}

// scratch is per-query working memory, pooled.
type scratch struct {
	cells []cellDist
}

type order uint8

const (
	byID    order = iota // id ascending
	byDist               // distance, then id
	byScore              // score descending, then distance, then id
)

type cand struct {
	slot  int32
	score float64
	dist  float64
	id    string
}

// topK keeps the best k candidates sorted, best first.
type topK struct {
	k    int
	mode order
	list []cand
}

func newTop(k int, mode order) *topK { return &topK{k: k, mode: mode, list: make([]cand, 0, k)} }

func (t *topK) full() bool   { return len(t.list) == t.k }
func (t *topK) worst() *cand { return &t.list[len(t.list)-1] }
func (t *topK) offer(c cand) {
	if t.full() && !t.better(&c, t.worst()) {
		return
	}
	i, _ := slices.BinarySearchFunc(t.list, c, func(a, b cand) int {
		if t.better(&a, &b) {
			return -1
		}
		return 1
	})
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
	return a.id < b.id
}
