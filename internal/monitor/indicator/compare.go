package indicator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"talentloket/internal/monitor"
)

// RegionCounts is one region's count in a baseline and a later period
// (for example technical vmbo inflow in 2019 and in 2023) and whether the
// region belongs to the network being evaluated.
type RegionCounts struct {
	Region  string        `json:"region"`
	Network bool          `json:"network"`
	Before  monitor.Count `json:"before"`
	After   monitor.Count `json:"after"`
}

// RegionGrowth is a region's change from Before to After, with its rank
// (1 = fastest growth) among the regions that have a growth rate.
type RegionGrowth struct {
	Region  string `json:"region"`
	Network bool   `json:"network"`
	Change  Change `json:"change"`
	Rank    int    `json:"rank"`
}

// RankGrowth returns every region's growth, fastest first; regions without
// a growth rate (Before = 0) come last with rank 0, then by name. It fails
// with monitor.ErrInvalid for a repeated or empty region name.
func RankGrowth(regions []RegionCounts) ([]RegionGrowth, error) {
	if err := checkRegions(regions); err != nil {
		return nil, err
	}
	out := make([]RegionGrowth, len(regions))
	for i, r := range regions {
		out[i] = RegionGrowth{Region: r.Region, Network: r.Network, Change: changeOf(0, 0, r.Before, r.After)}
	}
	slices.SortFunc(out, func(a, b RegionGrowth) int {
		switch {
		case a.Change.PctOK != b.Change.PctOK:
			if a.Change.PctOK {
				return -1
			}
			return 1
		case a.Change.PctOK && a.Change.Pct != b.Change.Pct:
			if a.Change.Pct > b.Change.Pct {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Region, b.Region)
	})
	for i := range out {
		if out[i].Change.PctOK {
			out[i].Rank = i + 1
		}
	}
	return out, nil
}

func checkRegions(regions []RegionCounts) error {
	seen := map[string]bool{}
	for _, r := range regions {
		if r.Region == "" || seen[r.Region] {
			return fmt.Errorf("regions: empty or repeated region %q: %w", r.Region, monitor.ErrInvalid)
		}
		seen[r.Region] = true
		if err := (monitor.Series{{Year: 0, Count: r.Before}, {Year: 1, Count: r.After}}).Validate(); err != nil {
			return fmt.Errorf("regions: %s: %w", r.Region, err)
		}
	}
	return nil
}

// Verdict is the conclusion of a comparison.
type Verdict string

// Verdicts of [CompareGrowth].
const (
	// VerdictSignificant: the interval excludes zero and the permutation
	// p-value is below 1 - Level; the sign of Estimate says which way.
	VerdictSignificant Verdict = "significant"
	// VerdictNotDistinguishable: the difference cannot be told from zero.
	VerdictNotDistinguishable Verdict = "not_distinguishable"
	// VerdictInsufficient: fewer than MinGroupSize regions with a growth
	// rate on either side.
	VerdictInsufficient Verdict = "insufficient_data"
)

// MinGroupSize is the fewest regions per side for a verdict other than
// VerdictInsufficient.
const MinGroupSize = 3

// CompareOptions tune [CompareGrowth]; the zero value is usable.
type CompareOptions struct {
	// Resamples for the bootstrap and for the permutation test; default
	// 4,000, at most 1,000,000.
	Resamples int
	// Level of the interval; default 0.95.
	Level float64
	// Seed of the random generator: equal inputs and seeds give equal
	// results.
	Seed uint64
	// Claim, when ClaimSet, is a claimed difference in growth (0.05 for
	// "+5%") that the result checks against the interval.
	Claim    float64
	ClaimSet bool
}

// MethodGrowthDiD names the method of [CompareGrowth].
const MethodGrowthDiD = "difference in mean growth rate, network minus other regions " +
	"(difference-in-differences on relative change); stratified bootstrap percentile interval; " +
	"two-sided permutation test"

// Comparison is the result of [CompareGrowth]. Growth rates are fractions
// (0.05 = +5%). Estimate = NetworkGrowth - RestGrowth, the mean growth of
// the network's regions minus that of the other regions, each region
// weighted equally. Lower..Upper is the bootstrap interval at Level, PValue
// the permutation p-value. ClaimInside reports whether the claim lies in
// the interval (only when a claim was given).
type Comparison struct {
	Method        string   `json:"method"`
	Estimate      float64  `json:"estimate"`
	Lower         float64  `json:"lower"`
	Upper         float64  `json:"upper"`
	PValue        float64  `json:"p_value"`
	Level         float64  `json:"level"`
	NetworkGrowth float64  `json:"network_growth"`
	RestGrowth    float64  `json:"rest_growth"`
	NNetwork      int      `json:"n_network"`
	NRest         int      `json:"n_rest"`
	Excluded      []string `json:"excluded,omitempty"`
	Verdict       Verdict  `json:"verdict"`
	ClaimSet      bool     `json:"claim_set"`
	Claim         float64  `json:"claim"`
	ClaimInside   bool     `json:"claim_inside"`
	Resamples     int      `json:"resamples"`
	Seed          uint64   `json:"seed"`
}

// CompareGrowth tests whether the network's regions grew faster than the
// other regions (the Toptechniek in bedrijf claim "+5% technical inflow in
// network regions"). Each region's growth is After/Before - 1 on
// midpoints; regions with Before = 0 have no growth rate and are listed in
// Excluded. The estimate is the difference of the two groups' mean growth;
// its interval resamples regions with replacement within each group
// (percentile bootstrap), and the p-value comes from reassigning the
// network label at random. The verdict is significant only when both
// agree. With few regions the interval is wide, and regions are not a
// random sample, so read the verdict as "distinguishable from chance
// variation between regions", not as a causal effect of the network.
//
// It fails with monitor.ErrInvalid for an invalid region list or options; with too
// few regions it returns the estimate with VerdictInsufficient.
func CompareGrowth(regions []RegionCounts, opt CompareOptions) (Comparison, error) {
	if err := checkRegions(regions); err != nil {
		return Comparison{}, err
	}
	if opt.Resamples == 0 {
		opt.Resamples = 4000
	}
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	if opt.Resamples < 100 || opt.Resamples > 1_000_000 || !(opt.Level > 0 && opt.Level < 1) || math.IsNaN(opt.Claim) {
		return Comparison{}, fmt.Errorf("compare: resamples %d or level %v out of range: %w", opt.Resamples, opt.Level, monitor.ErrInvalid)
	}
	c := Comparison{Method: MethodGrowthDiD, Level: opt.Level, Resamples: opt.Resamples, Seed: opt.Seed,
		ClaimSet: opt.ClaimSet, Claim: opt.Claim, Verdict: VerdictInsufficient}
	var net, rest []float64
	for _, r := range regions {
		ch := changeOf(0, 0, r.Before, r.After)
		switch {
		case !ch.PctOK:
			c.Excluded = append(c.Excluded, r.Region)
		case r.Network:
			net = append(net, ch.Pct)
		default:
			rest = append(rest, ch.Pct)
		}
	}
	c.NNetwork, c.NRest = len(net), len(rest)
	if len(net) == 0 || len(rest) == 0 {
		return c, nil
	}
	c.NetworkGrowth, c.RestGrowth = mean(net), mean(rest)
	c.Estimate = c.NetworkGrowth - c.RestGrowth
	if len(net) < MinGroupSize || len(rest) < MinGroupSize {
		return c, nil
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x746563686e69656b)) // "techniek"
	diffs := make([]float64, opt.Resamples)
	for b := range diffs {
		diffs[b] = resampleMean(rng, net) - resampleMean(rng, rest)
	}
	slices.Sort(diffs)
	alpha := 1 - opt.Level
	c.Lower, c.Upper = quantile(diffs, alpha/2), quantile(diffs, 1-alpha/2)
	pooled := append(slices.Clone(net), rest...)
	extreme := 0
	for range opt.Resamples {
		rng.Shuffle(len(pooled), func(i, j int) { pooled[i], pooled[j] = pooled[j], pooled[i] })
		d := mean(pooled[:len(net)]) - mean(pooled[len(net):])
		if math.Abs(d) >= math.Abs(c.Estimate)-1e-12 {
			extreme++
		}
	}
	c.PValue = float64(extreme+1) / float64(opt.Resamples+1)
	c.Verdict = VerdictNotDistinguishable
	if (c.Lower > 0 || c.Upper < 0) && c.PValue < alpha {
		c.Verdict = VerdictSignificant
	}
	c.ClaimInside = opt.ClaimSet && opt.Claim >= c.Lower && opt.Claim <= c.Upper
	return c, nil
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func resampleMean(rng *rand.Rand, v []float64) float64 {
	var s float64
	for range v {
		s += v[rng.IntN(len(v))]
	}
	return s / float64(len(v))
}

// quantile returns the p-quantile of sorted values by linear interpolation
// between order statistics (Hyndman-Fan type 7).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
