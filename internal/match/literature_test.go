package match

import (
	"context"
	"reflect"
	"testing"
)

// Hand-checked examples. Each expected outcome is derived step by step in
// its comment, so the test does not depend on trusting a citation.

func st(id string, prefs ...string) RoundStudent { return RoundStudent{ID: id, Preferences: prefs} }

func pl(id string, capacity int, prefs ...string) RoundPlacement {
	return RoundPlacement{ID: id, Capacity: capacity, Preferences: prefs}
}

// outcome maps each placed student to its placement.
func outcome(t *testing.T, r *Round) map[string]string {
	t.Helper()
	rep, err := MatchRound(context.Background(), r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range rep.Assignments {
		got[a.Student] = a.Placement
	}
	return got
}

func TestLiterature(t *testing.T) {
	tests := []struct {
		name  string
		round Round
		want  map[string]string
		// stable is the number of stable matchings, checked by enumeration.
		stable int
	}{
		{
			// Gale & Shapley (1962), "College admissions and the stability
			// of marriage", the 3x3 example with rankings
			//        A    B    C
			//   α   1,3  2,2  3,1
			//   β   3,1  1,3  2,2
			//   γ   2,2  3,1  1,3
			// (man's rank of woman, woman's rank of man). Every man gets his
			// first choice in the man-optimal matching; the woman-optimal
			// one gives every woman hers; a third stable matching gives
			// everybody a second choice. Students play the men.
			name: "Gale-Shapley 1962 three stable matchings",
			round: Round{
				Students: []RoundStudent{st("α", "A", "B", "C"), st("β", "B", "C", "A"), st("γ", "C", "A", "B")},
				Placements: []RoundPlacement{
					pl("A", 1, "β", "γ", "α"), pl("B", 1, "γ", "α", "β"), pl("C", 1, "α", "β", "γ"),
				},
			},
			want:   map[string]string{"α": "A", "β": "B", "γ": "C"},
			stable: 3,
		},
		{
			// A 3x3 marriage market whose two optimal matchings differ:
			//   m1: w2 w1 w3   m2: w1 w3 w2   m3: w1 w2 w3
			//   w1: m1 m3 m2   w2: m3 m1 m2   w3: m1 m3 m2
			// Student-proposing: m1→w2, m2→w1, m3→w1; w1 keeps m3 (m3 ≻ m2)
			// and rejects m2; m2→w3, held. Result m1-w2, m2-w3, m3-w1.
			// Placement-proposing would give m1-w1, m2-w3, m3-w2: w1→m1,
			// w2→m3, w3→m1; m1 keeps w1 and rejects w3; w3→m3, who keeps w2;
			// w3→m2. So there are exactly two stable matchings.
			name: "two optimal matchings differ",
			round: Round{
				Students: []RoundStudent{st("m1", "w2", "w1", "w3"), st("m2", "w1", "w3", "w2"), st("m3", "w1", "w2", "w3")},
				Placements: []RoundPlacement{
					pl("w1", 1, "m1", "m3", "m2"), pl("w2", 1, "m3", "m1", "m2"), pl("w3", 1, "m1", "m3", "m2"),
				},
			},
			want:   map[string]string{"m1": "w2", "m2": "w3", "m3": "w1"},
			stable: 2,
		},
		{
			// The inefficiency of the student-optimal stable mechanism, after
			// the example in Abdulkadiroğlu & Sönmez (2003), "School choice:
			// a mechanism design approach": three schools of one seat,
			//   priorities  s1: i1 i3 i2   s2: i2 i1 i3   s3: i3 i1 i2
			//   preferences i1: s2 s1 s3   i2: s1 s2 s3   i3: s1 s2 s3
			// Round 1: i1→s2, i2→s1, i3→s1; s1 keeps i3, rejects i2.
			// Round 2: i2→s2; s2 keeps i2 (i2 ≻ i1), rejects i1.
			// Round 3: i1→s1; s1 keeps i1 (i1 ≻ i3), rejects i3.
			// Round 4: i3→s2; s2 keeps i2, rejects i3. Round 5: i3→s3.
			// Result i1-s1, i2-s2, i3-s3, although i1-s2, i2-s1, i3-s3 makes
			// i1 and i2 better off (it is not stable: i3 and s1 block).
			name: "school choice inefficiency",
			round: Round{
				Students: []RoundStudent{st("i1", "s2", "s1", "s3"), st("i2", "s1", "s2", "s3"), st("i3", "s1", "s2", "s3")},
				Placements: []RoundPlacement{
					pl("s1", 1, "i1", "i3", "i2"), pl("s2", 1, "i2", "i1", "i3"), pl("s3", 1, "i3", "i1", "i2"),
				},
			},
			want:   map[string]string{"i1": "s1", "i2": "s2", "i3": "s3"},
			stable: 1,
		},
		{
			// Capacities (college admissions). College c1 has two seats and
			// ranks a b c d; c2 has one seat and ranks d c b a.
			//   a: c1   b: c1 c2   c: c1 c2   d: c2 c1
			// Round 1: a, b, c → c1 (keeps a, b; rejects c); d → c2.
			// Round 2: c → c2; c2 keeps d (d ≻ c), rejects c. c is unplaced
			// with reason all_full.
			name: "capacities",
			round: Round{
				Students: []RoundStudent{st("a", "c1"), st("b", "c1", "c2"), st("c", "c1", "c2"), st("d", "c2", "c1")},
				Placements: []RoundPlacement{
					pl("c1", 2, "a", "b", "c", "d"), pl("c2", 1, "d", "c", "b", "a"),
				},
			},
			want:   map[string]string{"a": "c1", "b": "c1", "d": "c2"},
			stable: 1,
		},
		{
			// Unacceptable students and capacity 0: p1 ranks only y, p2 has
			// no seats. x lists p1 p2 → nothing accepts x (none_acceptable);
			// y lists p2 p1 → p1.
			name: "unacceptable and closed",
			round: Round{
				Students:   []RoundStudent{st("x", "p1", "p2"), st("y", "p2", "p1")},
				Placements: []RoundPlacement{pl("p1", 1, "y"), pl("p2", 0)},
			},
			want:   map[string]string{"y": "p1"},
			stable: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := outcome(t, &tt.round); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			in, err := tt.round.Compile()
			if err != nil {
				t.Fatal(err)
			}
			if got := len(stableMatchings(in)); got != tt.stable {
				t.Fatalf("%d stable matchings, want %d", got, tt.stable)
			}
		})
	}
}

// TestLotteryTieBreak checks that lottery placements order students by one
// common lottery. With one common priority order deferred acceptance equals
// serial dictatorship: in lottery order, each student takes its best choice
// that still has a seat. The expected outcome is computed that way.
func TestLotteryTieBreak(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		r := Round{
			Students: []RoundStudent{
				st("a", "p1", "p2", "p3"), st("b", "p1", "p3"), st("c", "p2", "p1"), st("d", "p3", "p2", "p1"), st("e", "p1"),
			},
			Placements: []RoundPlacement{pl("p1", 1), pl("p2", 1), pl("p3", 1)},
			Seed:       seed,
		}
		lot := lottery(r.Seed, len(r.Students))
		order := make([]int, len(r.Students))
		for s, pos := range lot {
			order[pos] = s
		}
		free := map[string]int{"p1": 1, "p2": 1, "p3": 1}
		want := map[string]string{}
		for _, s := range order {
			for _, p := range r.Students[s].Preferences {
				if free[p] > 0 {
					free[p]--
					want[r.Students[s].ID] = p
					break
				}
			}
		}
		if got := outcome(t, &r); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d (lottery %v): got %v, want %v", seed, lot, got, want)
		}
	}
}
