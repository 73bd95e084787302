package route

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"talentloket/internal/desk"
)

// Hit is an offer found by Search: its position in the catalogue's
// offers, how many of the searched words it matches and a score.
type Hit struct {
	Index   int
	Matched int     // words of the search it contains
	Score   float64 // sum of the matched words' weights (rarer words weigh more)
}

// Search finds the offers that contain the words of text as the ranking
// analyses them (Dutch stemming, the synonyms companies use, compounds and
// prefixes: "besturingstechniek" finds PLC courses, "lasser" finds
// welding). Offers matching more words come first, then by score, then in
// catalogue order. An empty or stop-word-only text, or one the catalogue
// never uses, gives no hits. It never fails.
func (c *Catalogue) Search(text string) []Hit {
	var groups [][]uint32
	var idfs []float64
	for _, w := range analyse(text, nil) {
		if len(groups) == 64 {
			break
		}
		ids := c.expand(w.term)
		if len(ids) == 0 {
			continue
		}
		groups = append(groups, ids)
	}
	if len(groups) == 0 {
		return nil
	}
	masks := map[int32]uint64{}
	for g, ids := range groups {
		df := 0
		for _, id := range ids {
			for _, i := range c.postings[id] {
				if masks[i]&(1<<g) == 0 {
					df++
				}
				masks[i] |= 1 << g
			}
		}
		idfs = append(idfs, math.Log(1+float64(len(c.offers))/float64(max(df, 1))))
	}
	hits := make([]Hit, 0, len(masks))
	for i, m := range masks {
		h := Hit{Index: int(i), Matched: bits.OnesCount64(m)}
		for ; m != 0; m &= m - 1 {
			h.Score += idfs[bits.TrailingZeros64(m)]
		}
		h.Score = round4(h.Score)
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Matched, a.Matched), cmp.Compare(b.Score, a.Score), cmp.Compare(a.Index, b.Index))
	})
	return hits
}

// Offer returns the offer at position i of the catalogue.
func (c *Catalogue) Offer(i int) *desk.Offer { return &c.offers[i] }
