package route

import (
	"slices"
	"testing"
)

// TestSearch: the catalogue is found by the words companies use.
func TestSearch(t *testing.T) {
	offers := fixtureCatalogue()
	cat := Prepare(offers)
	ids := func(text string) []int64 {
		var out []int64
		for _, h := range cat.Search(text) {
			out = append(out, cat.Offer(h.Index).ID)
		}
		return out
	}
	cases := []struct {
		text  string
		first int64   // the best hit
		want  []int64 // also found
		not   []int64 // not found
	}{
		{"besturingstechniek", 2, []int64{3}, []int64{4, 5}}, // synonym of plc: the PLC course and the masterclass
		{"lasser", 4, []int64{14}, []int64{2}},               // stem and synonym of lassen
		{"Lascursus voor onze lassers", 14, []int64{4}, nil}, // more words matched first
		{"onderhoudsmonteurs", 8, nil, []int64{2}},           // compound head: onderhoud
		{"warmtepompen", 5, nil, nil},
	}
	for _, c := range cases {
		got := ids(c.text)
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("%q: %v, want %d first", c.text, got, c.first)
			continue
		}
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %v lacks %d", c.text, got, w)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: %v has %d", c.text, got, n)
			}
		}
	}
	for _, text := range []string{"", "de het een", "xyzzy"} {
		if got := cat.Search(text); len(got) != 0 {
			t.Errorf("%q: %v", text, got)
		}
	}
}
