package indicator

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"talentloket/internal/monitor"
)

// regions returns nNet network regions growing by netGrowth and nRest
// others growing by restGrowth, each with noise of sd (relative).
func regions(seed uint64, nNet, nRest int, netGrowth, restGrowth, sd float64) []RegionCounts {
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []RegionCounts
	for i := range nNet + nRest {
		g := restGrowth
		if i < nNet {
			g = netGrowth
		}
		before := int64(200 + rng.IntN(800))
		after := int64(float64(before) * (1 + g + sd*rng.NormFloat64()))
		out = append(out, RegionCounts{Region: fmt.Sprintf("AM%02d", i+1), Network: i < nNet,
			Before: monitor.Exact(before), After: monitor.Exact(after)})
	}
	return out
}

func TestCompareGrowth(t *testing.T) {
	cases := []struct {
		name    string
		regions []RegionCounts
		verdict Verdict
	}{
		{"network grows 10 points faster", regions(1, 20, 15, 0.12, 0.02, 0.03), VerdictSignificant},
		{"no difference", regions(2, 20, 15, 0.03, 0.03, 0.04), VerdictNotDistinguishable},
		{"small difference, much noise", regions(3, 6, 6, 0.05, 0.0, 0.10), VerdictNotDistinguishable},
		{"too few regions", regions(4, 2, 10, 0.2, 0, 0.01), VerdictInsufficient},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := CompareGrowth(c.regions, CompareOptions{Seed: 7, Claim: 0.05, ClaimSet: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != c.verdict {
				t.Fatalf("verdict %s, want %s: %+v", res.Verdict, c.verdict, res)
			}
			if res.Verdict != VerdictInsufficient && (res.Lower > res.Estimate || res.Estimate > res.Upper || res.PValue <= 0 || res.PValue > 1) {
				t.Errorf("interval %v..%v around %v, p %v", res.Lower, res.Upper, res.Estimate, res.PValue)
			}
			again, _ := CompareGrowth(c.regions, CompareOptions{Seed: 7, Claim: 0.05, ClaimSet: true})
			if fmt.Sprint(again) != fmt.Sprint(res) {
				t.Errorf("not deterministic:\n%+v\n%+v", res, again)
			}
		})
	}
	t.Run("claim of +5% against a true +10", func(t *testing.T) {
		res, _ := CompareGrowth(regions(1, 20, 15, 0.12, 0.02, 0.03), CompareOptions{Seed: 1, Claim: 0.05, ClaimSet: true})
		if res.ClaimInside || res.Lower <= 0.05 {
			t.Errorf("claim 0.05 should fall below the interval %v..%v", res.Lower, res.Upper)
		}
	})
	t.Run("regions without a baseline are excluded", func(t *testing.T) {
		rs := append(regions(5, 4, 4, 0.1, 0, 0.02), RegionCounts{Region: "AM99", Network: true, After: monitor.Exact(30)})
		res, err := CompareGrowth(rs, CompareOptions{})
		if err != nil || !slices.Equal(res.Excluded, []string{"AM99"}) || res.NNetwork != 4 {
			t.Errorf("%+v %v", res, err)
		}
	})
	for name, c := range map[string]struct {
		rs  []RegionCounts
		opt CompareOptions
	}{
		"repeated region": {[]RegionCounts{{Region: "A"}, {Region: "A"}}, CompareOptions{}},
		"empty name":      {[]RegionCounts{{Region: ""}}, CompareOptions{}},
		"bad count":       {[]RegionCounts{{Region: "A", Before: monitor.Count{Sum: -1}}}, CompareOptions{}},
		"few resamples":   {regions(1, 3, 3, 0, 0, 0.1), CompareOptions{Resamples: 10}},
		"level":           {regions(1, 3, 3, 0, 0, 0.1), CompareOptions{Level: 1.5}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := CompareGrowth(c.rs, c.opt); !errors.Is(err, monitor.ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestRankGrowth(t *testing.T) {
	rs := []RegionCounts{
		{Region: "AM01", Before: monitor.Exact(100), After: monitor.Exact(110)},
		{Region: "AM02", Before: monitor.Exact(100), After: monitor.Exact(90), Network: true},
		{Region: "AM03", After: monitor.Exact(5)},
		{Region: "AM04", Before: monitor.Exact(50), After: monitor.Exact(60)},
	}
	ranked, err := RankGrowth(rs)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range ranked {
		order = append(order, fmt.Sprintf("%s:%d", r.Region, r.Rank))
	}
	if want := []string{"AM04:1", "AM01:2", "AM02:3", "AM03:0"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if _, err := RankGrowth([]RegionCounts{{Region: "x"}, {Region: "x"}}); !errors.Is(err, monitor.ErrInvalid) {
		t.Errorf("repeated: %v", err)
	}
}
