// Package index is an in-memory index over open placements for a student's
// recommendations (top placements by fit score) and for placement search
// with filters (crebos or free text, kind, level, pathway, radius, period).
//
// Placements are kept in posting lists per key — a crebo, a qualification
// file (dossier), a domain, "no qualification asked", a word of the title
// or programme, or "all" — each split by cell of a ~10 km grid over the
// Netherlands. A query walks the cells within its radius nearest first and
// stops as soon as no farther cell can enter its top list: for search by
// distance when a cell's distance bound passes the k-th hit, for
// recommendations when a cell's upper bound on the fit score (from
// match.Weights.Total) falls below the k-th score. Every bound is
// conservative and exact scores are computed as match.Score does, so
// results are identical to the plain filtered scans (SearchScan,
// RecommendScan), which the tests check. Within a cell a recommendation
// first reads each candidate's hot part (32 bytes beside the 88-byte entry:
// position as a unit vector, period, level, kind, hashes of the wanted
// skills) for a bound with those components, and reads the entry only when
// the bound can enter the top list — for about one candidate in twenty.
//
// An index knows no regions or tenants: the app keeps one per region
// (internal/matching), so that a query never sees another region.
//
// Upsert and Remove change the index in place (no rebuild) and are visible
// to the next query. The index is safe for concurrent use: queries share a
// read lock, updates take the write lock.
package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"

	"talentloket/internal/match"
)

// ErrInvalid marks a placement the index refuses (no ID) or weights that
// do not validate.
var ErrInvalid = errors.New("invalid")

// Index holds open placements. The zero value is not usable; call New.
type Index struct {
	mu    sync.RWMutex
	w     match.Weights
	items []item // by slot; a removed slot has alive false
	free  []int32
	byID  map[string]int32
	strs  map[string]uint32 // interned crebos, dossiers, domains, words, kinds
	small map[string]uint16 // interned lower-case ASCII skills and languages
	post  map[postKey]*posting
	alive int
	pool  sync.Pool // *scratch
}

// item is a placement as given, with its interned strings, for the scans
// and for the rare entries that cannot answer a query on their own.
type item struct {
	p     match.Placement
	alive bool
	kind  uint32 // interned kind
	quals []qual
	accr  []uint32 // interned accredited crebos
	words []uint32 // interned words of title and programme, sorted
	ent   entry
}

type qual struct{ crebo, dossier, domain uint32 } // 0 = empty

// entry is what a query needs of a placement, 88 bytes, stored inline in
// every posting list that holds the placement so that a query reads its
// candidates sequentially. For a placement flagged exact it reproduces
// match.Score bit for bit (see Recommend); otherwise queries fall back to
// the item.
type entry struct {
	lat, lon float64 // location; flagLoc says whether known
	idKey    uint64  // first 8 bytes of the ID, big-endian, for ordering
	wordSig  uint64  // bit wordBit(w) set for each word w of the item
	from, to match.Day
	level    int32
	slot     int32
	crebo    [2]uint32 // interned crebos of the first two qualifications
	dossier  [2]uint32
	skills   [4]uint16 // wanted skills, interned lower-case
	req, wel [2]uint16 // required and welcome languages
	kind     uint8     // kindInternship ... kindOther
	flags    uint8
	class    uint8 // stage code (low 3 bits, see stageCode) | pathway code << 3
	accr     uint8 // bit i: accredited for crebo[i]
	nq       uint8 // number of qualifications
	nSkills  uint8
	nReq     uint8
	nWel     uint8
}

const (
	flagLoc       = 1 << iota // location known
	flagPeriod                // period known
	flagExact                 // the entry holds all the score needs
	flagAccrOther             // accredited for a crebo that is not one of its qualifications
	flagSkills                // skills holds every wanted skill (interned)
)

// Kind codes of entries; kindOther is any other string.
const (
	kindInternship uint8 = iota
	kindApprenticeship
	kindGraduation
	kindHolidayJob
	kindJob
	kindOther
)

var kindNames = [...]string{match.KindInternship, match.KindApprenticeship, match.KindGraduation, match.KindHolidayJob, match.KindJob}

// Stage codes of entries and students: stageAny for a placement open to
// every stage, stageOther for a stage string the index does not know (then
// the item's string decides).
const (
	stageAny uint8 = iota
	stageVMBO
	stageMBO
	stageHBO
	stageOther
)

func stageCode(s string) uint8 {
	switch {
	case s == "":
		return stageAny
	case strings.EqualFold(s, match.StageVMBO):
		return stageVMBO
	case strings.EqualFold(s, match.StageMBO):
		return stageMBO
	case strings.EqualFold(s, match.StageHBO):
		return stageHBO
	}
	return stageOther
}

// Pathway codes of entries (placements for one pathway only).
const (
	pathAny uint8 = iota
	pathBOL
	pathBBL
	pathOther
)

func pathCode(s string) uint8 {
	switch {
	case s == "":
		return pathAny
	case strings.EqualFold(s, match.PathwayBOL):
		return pathBOL
	case strings.EqualFold(s, match.PathwayBBL):
		return pathBBL
	}
	return pathOther
}

func (e *entry) stage() uint8   { return e.class & 7 }
func (e *entry) pathway() uint8 { return e.class >> 3 }

func kindCode(k string) uint8 {
	for i, n := range kindNames {
		if k == n {
			return uint8(i)
		}
	}
	return kindOther
}

// Posting keys.
type postKind uint8

const (
	keyAll postKind = iota
	keyCrebo
	keyDossier
	keyDomain
	keyOpen // placements that name no qualification
	keyWord
)

type postKey struct {
	kind postKind
	v    uint32
}

// posting is the entries under one key, split by cell: buckets sorted by
// cell (noCell first), and for postings with many buckets a table from
// cell to bucket for lookups in constant time.
type posting struct {
	buckets []bucket
	idx     []int32 // nil, or per cell+1 the bucket index+1 (0: none)
	n       int
}

// bigPosting is the number of buckets from which a posting keeps idx.
const bigPosting = 32

type bucket struct {
	cell int32
	// entries are grouped by kind code, kind k being
	// entries[kindStart(k):end[k]], and sorted by idKey within a kind.
	end     [kindOther + 1]int32
	entries []entry
	hot     []hot // hotOf(&entries[i]) for each i
}

func (b *bucket) kindStart(k uint8) int32 {
	if k == 0 {
		return 0
	}
	return b.end[k-1]
}

// search returns the index of the cell's bucket, or where it would go.
func (p *posting) search(cell int32) (int, bool) {
	if p.idx != nil {
		if i := p.idx[cell+1]; i > 0 {
			return int(i - 1), true
		}
	}
	lo, hi := 0, len(p.buckets)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.buckets[m].cell < cell {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(p.buckets) && p.buckets[lo].cell == cell
}

func (p *posting) find(cell int32) *bucket {
	if p.idx != nil {
		if i := p.idx[cell+1]; i > 0 {
			return &p.buckets[i-1]
		}
		return nil
	}
	if i, ok := p.search(cell); ok {
		return &p.buckets[i]
	}
	return nil
}

// reindex rebuilds idx from bucket from on (after an insert or delete).
func (p *posting) reindex(from int) {
	if len(p.buckets) < bigPosting {
		p.idx = nil
		return
	}
	if p.idx == nil {
		p.idx = make([]int32, gridCells+1)
		from = 0
	}
	for i := from; i < len(p.buckets); i++ {
		p.idx[p.buckets[i].cell+1] = int32(i + 1)
	}
}

func (p *posting) add(cell int32, e entry) {
	i, ok := p.search(cell)
	if !ok {
		p.buckets = slices.Insert(p.buckets, i, bucket{cell: cell})
		p.reindex(i)
	}
	b := &p.buckets[i]
	lo, hi := b.kindStart(e.kind), b.end[e.kind]
	at, _ := slices.BinarySearchFunc(b.entries[lo:hi], e.idKey, func(x entry, k uint64) int {
		if x.idKey < k {
			return -1
		}
		return 1
	})
	b.entries = slices.Insert(b.entries, int(lo)+at, e)
	b.hot = slices.Insert(b.hot, int(lo)+at, hotOf(&e))
	for k := e.kind; k <= kindOther; k++ {
		b.end[k]++
	}
	p.n++
}

// append adds an entry at the end of its cell's bucket, leaving the
// bucket unsorted (and its hot parts unset) until sort is called (see
// Load).
func (p *posting) append(cell int32, e entry) {
	i, ok := p.search(cell)
	if !ok {
		p.buckets = slices.Insert(p.buckets, i, bucket{cell: cell})
		p.reindex(i)
	}
	b := &p.buckets[i]
	b.entries = append(b.entries, e) // sort fills b.hot
	p.n++
}

// sort orders the bucket's entries by kind and idKey and recomputes the
// kind ranges.
func (b *bucket) sort() {
	slices.SortFunc(b.entries, func(x, y entry) int {
		switch {
		case x.kind != y.kind:
			return int(x.kind) - int(y.kind)
		case x.idKey < y.idKey:
			return -1
		case x.idKey > y.idKey:
			return 1
		}
		return int(x.slot - y.slot)
	})
	b.end = [kindOther + 1]int32{}
	b.hot = b.hot[:0]
	for i := range b.entries {
		b.end[b.entries[i].kind]++
		b.hot = append(b.hot, hotOf(&b.entries[i]))
	}
	for k := 1; k <= int(kindOther); k++ {
		b.end[k] += b.end[k-1]
	}
}

func (p *posting) remove(cell int32, e *entry) {
	i, ok := p.search(cell)
	if !ok {
		return
	}
	b := &p.buckets[i]
	for j := b.kindStart(e.kind); j < b.end[e.kind]; j++ {
		if b.entries[j].slot == e.slot {
			b.entries = slices.Delete(b.entries, int(j), int(j)+1)
			if int(j) < len(b.hot) { // during Load, hot is a prefix until sort
				b.hot = slices.Delete(b.hot, int(j), int(j)+1)
			}
			for k := e.kind; k <= kindOther; k++ {
				b.end[k]--
			}
			p.n--
			break
		}
	}
	if len(b.entries) == 0 {
		if p.idx != nil {
			p.idx[cell+1] = 0
		}
		p.buckets = slices.Delete(p.buckets, i, i+1)
		p.reindex(i)
	}
}

// New returns an empty index that scores recommendations with w. It returns
// an error wrapping ErrInvalid when w does not validate.
func New(w match.Weights) (*Index, error) {
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	ix := &Index{
		w:     w,
		byID:  map[string]int32{},
		strs:  map[string]uint32{},
		small: map[string]uint16{},
		post:  map[postKey]*posting{},
	}
	ix.pool.New = func() any { return &scratch{} }
	return ix, nil
}

// Len returns the number of placements in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.alive
}

// Weights returns the weights the index scores with.
func (ix *Index) Weights() match.Weights {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.w
}

// SetWeights changes the weights of later recommendations; the entries do
// not depend on them, so nothing is rebuilt. It returns an error wrapping
// ErrInvalid, and changes nothing, when w does not validate.
func (ix *Index) SetWeights(w match.Weights) error {
	if err := w.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.w = w
	return nil
}

// Placement returns the placement with the given ID as the index holds it,
// and whether it is there.
func (ix *Index) Placement(id string) (match.Placement, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	slot, ok := ix.byID[id]
	if !ok {
		return match.Placement{}, false
	}
	return ix.items[slot].p, true
}

// IDs returns the IDs of every placement in the index, in no particular
// order.
func (ix *Index) IDs() []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]string, 0, len(ix.byID))
	for id := range ix.byID {
		out = append(out, id)
	}
	return out
}

// Upsert adds the placement or replaces the one with the same ID; the next
// query sees it. It returns an error wrapping ErrInvalid when p has no ID.
func (ix *Index) Upsert(p match.Placement) error {
	if p.ID == "" {
		return fmt.Errorf("%w: placement without id", ErrInvalid)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if slot, ok := ix.byID[p.ID]; ok {
		ix.unlink(slot)
	}
	slot := ix.newSlot()
	ix.items[slot] = ix.compile(p, slot)
	ix.byID[p.ID] = slot
	ix.alive++
	it := &ix.items[slot]
	for _, k := range ix.keys(it) {
		pst := ix.post[k]
		if pst == nil {
			pst = &posting{}
			ix.post[k] = pst
		}
		pst.add(cellOf(it.p.Location), it.ent)
	}
	return nil
}

// Load adds many placements at once, as if by Upsert in order (a later
// placement with the same ID replaces an earlier one), but sorts each
// posting list once at the end instead of on every insert: use it to fill
// the index at start-up. It returns an error wrapping ErrInvalid, and adds
// nothing, when a placement has no ID.
func (ix *Index) Load(ps []match.Placement) error {
	for i := range ps {
		if ps[i].ID == "" {
			return fmt.Errorf("%w: placement %d has no id", ErrInvalid, i)
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.items = slices.Grow(ix.items, len(ps))
	touched := map[*posting]bool{}
	for _, p := range ps {
		if slot, ok := ix.byID[p.ID]; ok {
			ix.unlink(slot)
		}
		slot := ix.newSlot()
		ix.items[slot] = ix.compile(p, slot)
		ix.byID[p.ID] = slot
		ix.alive++
		it := &ix.items[slot]
		cell := cellOf(it.p.Location)
		for _, k := range ix.keys(it) {
			pst := ix.post[k]
			if pst == nil {
				pst = &posting{}
				ix.post[k] = pst
			}
			pst.append(cell, it.ent)
			touched[pst] = true
		}
	}
	for pst := range touched {
		for i := range pst.buckets {
			pst.buckets[i].sort()
		}
	}
	return nil
}

func (ix *Index) newSlot() int32 {
	if n := len(ix.free); n > 0 {
		slot := ix.free[n-1]
		ix.free = ix.free[:n-1]
		return slot
	}
	ix.items = append(ix.items, item{})
	return int32(len(ix.items) - 1)
}

// Remove deletes the placement with the given ID (closed or filled); it
// reports whether it was there.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	slot, ok := ix.byID[id]
	if ok {
		ix.unlink(slot)
	}
	return ok
}

func (ix *Index) unlink(slot int32) {
	it := &ix.items[slot]
	cell := cellOf(it.p.Location)
	for _, k := range ix.keys(it) {
		if pst := ix.post[k]; pst != nil {
			pst.remove(cell, &it.ent)
			if pst.n == 0 {
				delete(ix.post, k)
			}
		}
	}
	delete(ix.byID, it.p.ID)
	*it = item{}
	ix.free = append(ix.free, slot)
	ix.alive--
}

// keys returns the distinct posting keys of an item.
func (ix *Index) keys(it *item) []postKey {
	ks := []postKey{{keyAll, 0}}
	if len(it.quals) == 0 {
		ks = append(ks, postKey{keyOpen, 0})
	}
	for _, q := range it.quals {
		if q.crebo != 0 {
			ks = append(ks, postKey{keyCrebo, q.crebo})
		}
		if q.dossier != 0 {
			ks = append(ks, postKey{keyDossier, q.dossier})
		}
		if q.domain != 0 {
			ks = append(ks, postKey{keyDomain, q.domain})
		}
	}
	for _, w := range it.words {
		ks = append(ks, postKey{keyWord, w})
	}
	slices.SortFunc(ks, func(a, b postKey) int {
		if a.kind != b.kind {
			return int(a.kind) - int(b.kind)
		}
		return int(a.v) - int(b.v)
	})
	return slices.Compact(ks)
}

func (ix *Index) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if v, ok := ix.strs[s]; ok {
		return v
	}
	v := uint32(len(ix.strs) + 1)
	ix.strs[s] = v
	return v
}

// lookup returns the interned value of s, or 0 when the index has never
// seen it (then nothing can match it).
func (ix *Index) lookup(s string) uint32 {
	if s == "" {
		return 0
	}
	return ix.strs[s]
}

// internSmall interns a skill or language for exact comparison as
// strings.EqualFold does it: only ASCII strings are folded here (for them
// EqualFold is equality after lower-casing); it returns 0 for others or
// when the table is full.
func (ix *Index) internSmall(s string) uint16 {
	lower, ok := asciiLower(s)
	if !ok {
		return 0
	}
	if v, ok := ix.small[lower]; ok {
		return v
	}
	if len(ix.small) >= 1<<16-1 {
		return 0
	}
	v := uint16(len(ix.small) + 1)
	ix.small[lower] = v
	return v
}

// smallID returns the interned id of a student's skill or language, 0 when
// no placement has it, and false when s is not ASCII.
func (ix *Index) smallID(s string) (uint16, bool) {
	lower, ok := asciiLower(s)
	if !ok {
		return 0, false
	}
	return ix.small[lower], true
}

func asciiLower(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return "", false
		}
	}
	return strings.ToLower(s), true
}

func (ix *Index) compile(p match.Placement, slot int32) item {
	p.Qualifications = slices.Clone(p.Qualifications)
	p.Skills = slices.Clone(p.Skills)
	p.RequiredLanguages = slices.Clone(p.RequiredLanguages)
	p.Languages = slices.Clone(p.Languages)
	p.AccreditedCrebos = slices.Clone(p.AccreditedCrebos)
	it := item{p: p, alive: true, kind: ix.intern("kind:" + p.Kind)}
	for _, q := range p.Qualifications {
		it.quals = append(it.quals, qual{ix.intern("c:" + q.Crebo), ix.intern("d:" + q.Dossier), ix.intern("m:" + q.Domain)})
	}
	for _, c := range p.AccreditedCrebos {
		it.accr = append(it.accr, ix.intern("c:"+c))
	}
	for w := range Words(p.Title + " " + p.Programme) {
		it.words = append(it.words, ix.intern("w:"+w))
	}
	slices.Sort(it.words)
	it.words = slices.Compact(it.words)

	e := entry{slot: slot, level: int32(p.Level), kind: kindCode(p.Kind), flags: flagExact,
		class: stageCode(p.Stage) | pathCode(p.Pathway)<<3}
	if int(e.level) != p.Level {
		e.flags &^= flagExact
	}
	var key [8]byte
	copy(key[:], p.ID)
	e.idKey = binary.BigEndian.Uint64(key[:])
	if p.Location.Known() {
		e.lat, e.lon = p.Location.Lat, p.Location.Lon
		e.flags |= flagLoc
	}
	if p.Period.Known() {
		e.from, e.to = p.Period.From, p.Period.To
		e.flags |= flagPeriod
	}
	if e.kind == kindOther || len(it.quals) > len(e.crebo) || e.stage() == stageOther {
		e.flags &^= flagExact
	}
	e.nq = uint8(min(len(it.quals), 255))
	for i := 0; i < len(it.quals) && i < len(e.crebo); i++ {
		e.crebo[i], e.dossier[i] = it.quals[i].crebo, it.quals[i].dossier
	}
	for _, a := range it.accr {
		found := false
		for i := 0; i < int(e.nq) && i < len(e.crebo); i++ {
			if a != 0 && e.crebo[i] == a {
				e.accr |= 1 << i
				found = true
			}
		}
		if !found {
			e.flags |= flagAccrOther
		}
	}
	smalls := func(dst []uint16, src []string) uint8 {
		if len(src) > len(dst) {
			e.flags &^= flagExact
		}
		for i, s := range src {
			v := ix.internSmall(s)
			if v == 0 {
				e.flags &^= flagExact
			}
			if i < len(dst) {
				dst[i] = v
			}
		}
		return uint8(min(len(src), len(dst)))
	}
	exact := e.flags & flagExact // smalls clears flagExact for skills it cannot hold
	e.flags |= flagExact
	e.nSkills = smalls(e.skills[:], p.Skills)
	if e.flags&flagExact != 0 {
		e.flags |= flagSkills
	}
	if exact == 0 {
		e.flags &^= flagExact
	}
	e.nReq = smalls(e.req[:], p.RequiredLanguages)
	e.nWel = smalls(e.wel[:], p.Languages)
	for _, w := range it.words {
		e.wordSig |= wordBit(w)
	}
	it.ent = e
	return it
}

// wordBit is a word's bit in an entry's word signature (a one-hash Bloom
// filter): a query word whose bit is missing cannot be in the item.
func wordBit(w uint32) uint64 { return 1 << ((w * 0x9e3779b1) >> 26) }

// Words returns the normalised words of a text as search sees them:
// lower case, common accents removed (é -> e, ë -> e, ...), split at
// everything that is not a letter or digit.
func Words(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		var b strings.Builder
		flush := func() bool {
			if b.Len() == 0 {
				return true
			}
			w := b.String()
			b.Reset()
			return yield(w)
		}
		for _, r := range text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(fold(r))
				continue
			}
			if !flush() {
				return
			}
		}
		flush()
	}
}

// foldTable maps the accented Latin-1 and Latin Extended-A letters (after
// lower-casing) to their base letter.
var foldTable = func() map[rune]rune {
	t := map[rune]rune{}
	groups := map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'e': "èéêëēĕėęě", 'i': "ìíîïĩīĭįı", 'n': "ñńņňŉ",
		'o': "òóôõöøōŏő", 'u': "ùúûüũūŭůűų", 'y': "ýÿŷ", 's': "śŝşš", 'z': "źżž", 'g': "ĝğġģ",
		'l': "ĺļľŀł", 'r': "ŕŗř", 't': "ţťŧ", 'd': "ďđ", 'h': "ĥħ", 'j': "ĵ", 'k': "ķ", 'w': "ŵ",
	}
	for base, letters := range groups {
		for _, r := range letters {
			t[r] = base
		}
	}
	return t
}()

// fold lower-cases a rune and strips its accent.
func fold(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0xe0 {
		return r
	}
	if b, ok := foldTable[r]; ok {
		return b
	}
	return r
}
