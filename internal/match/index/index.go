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
// match.Weights.UpperBound) falls below the k-th score. Every bound is
// conservative, so results are identical to the plain filtered scans
// (SearchScan, RecommendScan), which the tests check.
//
// Upsert and Remove change the index in place (no rebuild) and are visible
// to the next query; queries may run concurrently with each other.
package index

import (
	"errors"
	"fmt"
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
	mu      sync.RWMutex
	w       match.Weights
	items   []item // by slot; a removed slot has alive false
	free    []int32
	byID    map[string]int32
	strs    map[string]uint32 // interned crebos, dossiers, domains, words, kinds
	post    map[postKey]*posting
	alive   int
	scratch sync.Pool // *scratch
}

// item is a placement with what queries test, precomputed.
type item struct {
	p      match.Placement
	alive  bool
	cell   int32
	u      unit
	kind   uint32 // interned kind
	quals  []qual
	accr   []uint32 // interned accredited crebos
	words  []uint32 // interned words of title and programme, sorted
	period bool     // p.Period.Known()
}

type qual struct{ crebo, dossier, domain uint32 } // 0 = empty

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

// posting is the slots under one key, split by cell (sorted, noCell first).
type posting struct {
	buckets []bucket
	n       int
}

type bucket struct {
	cell  int32
	slots []int32 // unordered
}

func (p *posting) find(cell int32) *bucket {
	i, ok := slices.BinarySearchFunc(p.buckets, cell, func(b bucket, c int32) int { return int(b.cell - c) })
	if !ok {
		return nil
	}
	return &p.buckets[i]
}

func (p *posting) add(cell, slot int32) {
	i, ok := slices.BinarySearchFunc(p.buckets, cell, func(b bucket, c int32) int { return int(b.cell - c) })
	if !ok {
		p.buckets = slices.Insert(p.buckets, i, bucket{cell: cell})
	}
	p.buckets[i].slots = append(p.buckets[i].slots, slot)
	p.n++
}

func (p *posting) remove(cell, slot int32) {
	b := p.find(cell)
	if b == nil {
		return
	}
	if i := slices.Index(b.slots, slot); i >= 0 {
		last := len(b.slots) - 1
		b.slots[i] = b.slots[last]
		b.slots = b.slots[:last]
		p.n--
	}
	if len(b.slots) == 0 {
		i, _ := slices.BinarySearchFunc(p.buckets, cell, func(b bucket, c int32) int { return int(b.cell - c) })
		p.buckets = slices.Delete(p.buckets, i, i+1)
	}
}

// New returns an empty index that scores recommendations with w. It returns
// an error wrapping ErrInvalid when w does not validate.
func New(w match.Weights) (*Index, error) {
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	ix := &Index{
		w:    w,
		byID: map[string]int32{},
		strs: map[string]uint32{},
		post: map[postKey]*posting{},
	}
	ix.scratch.New = func() any { return &scratch{} }
	return ix, nil
}

// Len returns the number of placements in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.alive
}

// Weights returns the weights the index scores with.
func (ix *Index) Weights() match.Weights { return ix.w }

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
	var slot int32
	if n := len(ix.free); n > 0 {
		slot = ix.free[n-1]
		ix.free = ix.free[:n-1]
	} else {
		slot = int32(len(ix.items))
		ix.items = append(ix.items, item{})
	}
	ix.items[slot] = ix.compile(p)
	ix.byID[p.ID] = slot
	ix.alive++
	for _, k := range ix.keys(&ix.items[slot]) {
		pst := ix.post[k]
		if pst == nil {
			pst = &posting{}
			ix.post[k] = pst
		}
		pst.add(ix.items[slot].cell, slot)
	}
	return nil
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
	for _, k := range ix.keys(it) {
		if pst := ix.post[k]; pst != nil {
			pst.remove(it.cell, slot)
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

func (ix *Index) compile(p match.Placement) item {
	p.Qualifications = slices.Clone(p.Qualifications)
	p.Skills = slices.Clone(p.Skills)
	p.RequiredLanguages = slices.Clone(p.RequiredLanguages)
	p.Languages = slices.Clone(p.Languages)
	p.AccreditedCrebos = slices.Clone(p.AccreditedCrebos)
	it := item{p: p, alive: true, cell: cellOf(p.Location), kind: ix.intern("kind:" + p.Kind), period: p.Period.Known()}
	if p.Location.Known() {
		it.u = unitOf(p.Location)
	}
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
	return it
}

// Words returns the normalised words of a text as search sees them:
// lower case, common accents removed (é -> e, ë -> e, ...), split at
// everything that is not a letter or digit.
func Words(text string) func(yield func(string) bool) {
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
