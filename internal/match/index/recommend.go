package index

import (
	"math"
	"slices"
	"strings"

	"talentloket/internal/match"
)

// studentQuery is a student prepared for scoring entries.
type studentQuery struct {
	s                      *match.Student
	crebo, dossier, domain uint32
	credits                [4]float64
	fastRelation           bool       // credits strictly decrease: crebo > dossier > domain
	wish                   [6]float64 // wishes component per kind code
	pathOK                 [2]bool    // pathway fits an internship, an apprenticeship
	mbo                    bool       // the internship and apprenticeship rules apply
	stage                  string     // match.StudentStage
	stageCode              uint8
	skills, langs          []uint16 // interned; exact says whether complete
	exact                  bool
	skillSet               [4]uint64 // skillHash of every skill held (when exact)
	fast                   fast
	unit                   unit    // the home as a unit vector
	wsum                   float64 // the weights' sum, for TotalSum
	home                   bool
	cosHome                float64
	maxKm                  float64
}

func (ix *Index) prepareStudent(s *match.Student) *studentQuery {
	w := &ix.w
	q := s.Qualification
	st := &studentQuery{
		s: s, crebo: ix.lookup("c:" + q.Crebo), dossier: ix.lookup("d:" + q.Dossier), domain: ix.lookup("m:" + q.Domain),
		credits: [4]float64{1, w.DossierCredit, w.DomainCredit, w.OpenCredit},
		exact:   true, home: s.Home.Known(), maxKm: s.MaxDistanceKm,
	}
	if q.Crebo == "" {
		st.crebo = 0
	}
	if q.Dossier == "" {
		st.dossier = 0
	}
	if q.Domain == "" {
		st.domain = 0
	}
	if st.maxKm <= 0 {
		st.maxKm = w.DefaultMaxDistanceKm
	}
	st.fastRelation = 1 > w.DossierCredit && w.DossierCredit > w.DomainCredit
	st.wsum = w.Sum()
	for code := range st.wish {
		st.wish[code] = 1
		if len(s.Wishes) > 0 && (code == int(kindOther) || !containsFold(s.Wishes, kindNames[code])) {
			st.wish[code] = 0
		}
	}
	if len(s.Wishes) > 0 {
		st.wish[kindOther] = 1 // unknown: bound only
	}
	st.pathOK = [2]bool{strings.EqualFold(s.Pathway, match.PathwayBOL), strings.EqualFold(s.Pathway, match.PathwayBBL)}
	st.stage = match.StudentStage(s)
	st.stageCode = stageCode(st.stage)
	st.mbo = st.stageCode == stageMBO
	for _, sk := range s.Skills {
		id, ok := ix.smallID(sk)
		st.exact = st.exact && ok
		st.skills = append(st.skills, id)
	}
	for _, l := range s.Languages {
		id, ok := ix.smallID(l)
		st.exact = st.exact && ok
		st.langs = append(st.langs, id)
	}
	for _, id := range st.skills {
		if id != 0 {
			h := skillHash(id)
			st.skillSet[h>>6] |= 1 << (h & 63)
		}
	}
	if st.home {
		st.cosHome = math.Cos(s.Home.Lat * math.Pi / 180)
		st.unit = unitOf(s.Home)
	}
	st.prepareBound(w)
	return st
}

// fast holds per-query constants of the per-entry bound.
type fast struct {
	level       [7]float64 // the level component for asked levels 0-6
	availKnown  bool
	from, to    match.Day
	invDays     float64 // 1 / days of availability (0: none, nothing overlaps)
	invMax      float64 // 1 / maxKm
	scale       float64 // 100 / the weights' sum, raised by 1e-9 against rounding
	wq, wl, wd  float64
	wp, ws, wla float64
	ww          float64
}

func (st *studentQuery) prepareBound(w *match.Weights) {
	f := &st.fast
	for l := range f.level {
		f.level[l] = match.LevelComponent(st.s.Level, l)
	}
	f.availKnown = st.s.Available.Known()
	f.from, f.to = st.s.Available.From, st.s.Available.To
	if d := st.s.Available.Days(); d > 0 {
		f.invDays = 1 / float64(d)
	}
	f.invMax = 1 / st.maxKm
	f.scale = 100 / st.wsum * (1 + 1e-9)
	f.wq, f.wl, f.wd, f.wp, f.ws, f.wla, f.ww = w.Qualification, w.Level, w.Distance, w.Period, w.Skills, w.Languages, w.Wishes
}

// bound returns an upper bound of the score of an entry from its hot part
// (with credit and the cell's distance component), or -1 when the entry
// cannot be eligible (too far, no shared day). Every component is exact or
// larger than the entry's, and the sum is rounded up, so the bound is
// never below the entry's score.
func (st *studentQuery) bound(h *hot, credit, cdCell float64) float64 {
	f := &st.fast
	cd := cdCell
	if st.home && h.flags&hotLoc != 0 {
		// The chord between the unit vectors: d = 2R asin(c/2) >= R c. The
		// float32 vectors are off by less than a metre: 10 m of margin.
		dx, dy, dz := float64(h.x)-st.unit.x, float64(h.y)-st.unit.y, float64(h.z)-st.unit.z
		lb := earthRadiusKm*math.Sqrt(dx*dx+dy*dy+dz*dz)*(1-1e-9) - 0.01
		if lb > st.maxKm {
			return -1
		}
		cd = 1 - max(0, lb)*f.invMax
	}
	cl, cp, cs := 1.0, 1.0, 1.0
	if h.flags&hotLevel != 0 {
		if l := int(h.level); l >= 0 && l < len(f.level) {
			cl = f.level[l]
		} else {
			cl = match.LevelComponent(st.s.Level, l)
		}
	}
	if h.flags&hotPeriod != 0 && f.availKnown {
		lo, hi := max(f.from, h.from), min(f.to, h.to)
		if hi < lo || f.invDays == 0 {
			return -1 // no shared day
		}
		cp = float64(hi-lo+1) * f.invDays
	}
	if st.exact && h.flags&hotSkills != 0 && h.nSkills > 0 {
		n := 0
		for _, x := range h.skill[:h.nSkills] {
			n += int(st.skillSet[x>>6] >> (x & 63) & 1)
		}
		cs = float64(n) / float64(h.nSkills)
	}
	return f.scale * (f.wq*credit + f.wl*cl + f.wd*cd + f.wp*cp + f.ws*cs + f.wla + f.ww*st.wish[h.kind])
}

// groupOrder returns the groups by credit, highest first.
func (st *studentQuery) groupOrder() []int {
	order := []int{0, 1, 2, 3}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case st.credits[a] > st.credits[b]:
			return -1
		case st.credits[a] < st.credits[b]:
			return 1
		}
		return 0
	})
	return order
}

// relation returns the group (0 crebo, 1 dossier, 2 domain, 3 open) that
// gives the placement its qualification credit as match.Score picks it (the
// highest credit, the earliest group on ties), or -1 when unrelated.
func (st *studentQuery) relation(it *item) int {
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

// inGroup reports whether an entry read from group g's posting list gets
// its credit from g, so that each placement is scored once.
func (st *studentQuery) inGroup(ix *Index, e *entry, g int) bool {
	if g == 0 || g == 3 {
		return true
	}
	if !st.fastRelation || int(e.nq) > len(e.crebo) {
		return st.relation(&ix.items[e.slot]) == g
	}
	for i := 0; i < int(e.nq); i++ {
		if st.crebo != 0 && e.crebo[i] == st.crebo || g == 2 && st.dossier != 0 && e.dossier[i] == st.dossier {
			return false
		}
	}
	return true
}

// stageOK applies the stage rule to an entry for a stage (not stageAny).
func (st *studentQuery) stageOK(ix *Index, e *entry) bool {
	es := e.stage()
	if es == stageOther || st.stageCode == stageOther {
		return strings.EqualFold(ix.items[e.slot].p.Stage, st.stage)
	}
	return es == st.stageCode
}

// accredited applies the accreditation rule of internships and
// apprenticeships.
func (st *studentQuery) accredited(ix *Index, e *entry) bool {
	if st.crebo == 0 {
		return false
	}
	for i := 0; i < int(e.nq) && i < len(e.crebo); i++ {
		if e.accr&(1<<i) != 0 && e.crebo[i] == st.crebo {
			return true
		}
	}
	if e.flags&flagAccrOther != 0 {
		for _, a := range ix.items[e.slot].accr {
			if a == st.crebo {
				return true
			}
		}
	}
	return false
}

func hasSmall(list []uint16, v uint16) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// skillsAndLanguages returns the skills and languages components and the
// language factor exactly as match.Score computes them, from an exact
// entry and student.
func (st *studentQuery) skillsAndLanguages(e *entry, missFactor float64) (cs, cla, factor float64) {
	cs, cla, factor = 1, 1, 1
	if e.nSkills > 0 {
		have := 0
		for _, sk := range e.skills[:e.nSkills] {
			if hasSmall(st.skills, sk) {
				have++
			}
		}
		cs = float64(have) / float64(e.nSkills)
	}
	if asked := int(e.nReq) + int(e.nWel); asked > 0 {
		have := 0
		for _, l := range e.req[:e.nReq] {
			if hasSmall(st.langs, l) {
				have++
			} else {
				factor *= missFactor
			}
		}
		for _, l := range e.wel[:e.nWel] {
			if hasSmall(st.langs, l) {
				have++
			}
		}
		cla = float64(have) / float64(asked)
	}
	return cs, cla, factor
}

// Recommend returns the placements with the best fit for s, best first
// (ties: nearer, then by ID), among the eligible ones that pass q's
// filters, as RecommendScan would. Only placements whose qualification
// relates to the student's (or that ask none) can be eligible, so only those
// posting lists are read, cell by cell from the student's home outwards.
// Each candidate first gets an upper bound of its score from its entry
// (exact components, a cheap lower bound of the distance); only when that
// can beat the k-th score is the score computed exactly, and reading stops
// when a cell's bound cannot.
func (ix *Index) Recommend(s *match.Student, q Query) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.compileQuery(&q)
	if c.none {
		return []Hit{}
	}
	w := &ix.w
	st := ix.prepareStudent(s)
	top := newTop(ix, c.limit, byScore)
	keys := [4]postKey{{keyCrebo, st.crebo}, {keyDossier, st.dossier}, {keyDomain, st.domain}, {keyOpen, 0}}
	var groups [4]*posting
	maxCredit := 0.0
	for g, k := range keys {
		if k.kind != keyOpen && k.v == 0 {
			continue
		}
		if p := ix.post[k]; p != nil {
			groups[g] = p
			maxCredit = max(maxCredit, st.credits[g])
		}
	}
	maxWish := 0.0
	for _, v := range st.wish {
		maxWish = max(maxWish, v)
	}
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)

	var visitRange func(g int, credit float64, b *bucket, lo, hi int32, cdCell float64)
	visit := func(g int, b *bucket, cdCell float64) {
		credit := st.credits[g]
		for kind := uint8(0); kind <= kindOther; kind++ {
			lo, hi := b.kindStart(kind), b.end[kind]
			// For an mbo student every entry that can be eligible here gets
			// the pathway rule (an entry for another stage is not eligible).
			if lo == hi || st.mbo && kind <= kindApprenticeship && !st.pathOK[kind] {
				continue
			}
			if top.full() && w.TotalSum(st.wsum, credit, 1, cdCell, 1, 1, 1, st.wish[kind]) < top.worst().score {
				continue
			}
			visitRange(g, credit, b, lo, hi, cdCell)
		}
	}
	visitRange = func(g int, credit float64, b *bucket, lo, hi int32, cdCell float64) {
		hs, entries := b.hot[lo:hi], b.entries[lo:hi]
		for i := range hs {
			// First a bound from the hot part alone: most entries end here.
			if ub := st.bound(&hs[i], credit, cdCell); ub < 0 || top.full() && ub < top.worst().score {
				continue
			}
			e := &entries[i]
			loc := st.home && e.flags&flagLoc != 0
			cd := cdCell
			if loc {
				lb := distLower(s.Home, st.cosHome, e)
				if lb > st.maxKm {
					continue // too far: not eligible
				}
				cd = match.DistanceComponent(lb, st.maxKm)
			}
			cw := st.wish[e.kind]
			full := top.full()
			if !st.inGroup(ix, e, g) || !c.accepts(ix, e, false) {
				continue
			}
			if e.stage() != stageAny && !st.stageOK(ix, e) {
				continue
			}
			if st.mbo && e.kind <= kindApprenticeship && !st.accredited(ix, e) {
				continue
			}
			cp := 1.0
			if e.flags&flagPeriod != 0 {
				if cp = match.PeriodComponent(s.Available, match.Period{From: e.from, To: e.to}); cp == 0 {
					continue // no shared day: not eligible
				}
			}
			cl := match.LevelComponent(s.Level, int(e.level))
			exact := st.exact && e.flags&flagExact != 0
			cs, cla, factor := 1.0, 1.0, 1.0
			if exact {
				cs, cla, factor = st.skillsAndLanguages(e, w.MissingLanguageFactor)
				if full && w.TotalSum(st.wsum, credit, cl, cd, cp, cs, cla, cw)*factor < top.worst().score {
					continue
				}
			}
			if _, ok := c.within(e); !ok {
				continue
			}
			var score float64
			d := math.Inf(1)
			if exact {
				if loc {
					d = match.DistanceKm(s.Home, match.Point{Lat: e.lat, Lon: e.lon})
					if d > st.maxKm {
						continue
					}
					cd = match.DistanceComponent(d, st.maxKm)
				}
				score = w.TotalSum(st.wsum, credit, cl, cd, cp, cs, cla, cw) * factor
			} else {
				it := &ix.items[e.slot]
				var ok bool
				if score, ok = match.ScoreOnly(s, &it.p, w); !ok {
					continue
				}
				if loc {
					d = match.DistanceKm(s.Home, it.p.Location)
				}
			}
			top.offer(cand{slot: e.slot, key: e.idKey, score: score, dist: d})
		}
	}
	// Placements without a location (and all, for a student without a
	// home) get the distance component 0.5; read them first.
	for _, g := range st.groupOrder() {
		pst := groups[g]
		if pst == nil || top.full() && w.Total(st.credits[g], 1, 0.5, 1, 1, 1, maxWish) < top.worst().score {
			continue
		}
		if b := pst.find(noCell); b != nil {
			visit(g, b, 0.5)
		}
		if !st.home {
			for i := range pst.buckets {
				if pst.buckets[i].cell != noCell {
					visit(g, &pst.buckets[i], 0.5)
				}
			}
		}
	}
	if st.home {
		// Cells nearest first; then (group, cell) pairs in order of their
		// upper bound, merging the groups' streams, until the best pair
		// left cannot reach the k-th score.
		heap := cellsWithin(sc.cells, s.Home, st.maxKm)
		sc.sorted = sc.sorted[:0]
		for {
			cd, ok := popCell(&heap)
			if !ok {
				break
			}
			sc.sorted = append(sc.sorted, cellBound{cd.cell, match.DistanceComponent(cd.lb(), st.maxKm)})
		}
		sc.cells = heap[:0]
		var pos [4]int
		for {
			best, bestUB := -1, math.Inf(-1)
			for g, pst := range groups {
				if pst == nil || pos[g] >= len(sc.sorted) {
					continue
				}
				if ub := w.Total(st.credits[g], 1, sc.sorted[pos[g]].cd, 1, 1, 1, maxWish); ub > bestUB {
					best, bestUB = g, ub
				}
			}
			if best < 0 || top.full() && bestUB < top.worst().score {
				break
			}
			cb := sc.sorted[pos[best]]
			pos[best]++
			if b := groups[best].find(cb.cell); b != nil {
				visit(best, b, cb.cd)
			}
		}
	}
	return ix.hits(top, s, q.Explain)
}

func containsFold(list []string, x string) bool {
	for _, v := range list {
		if strings.EqualFold(v, x) {
			return true
		}
	}
	return false
}
