package regionmonitor

import (
	"context"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/monitor/indicator"
	"talentloket/internal/request"
)

// CompareFilters choose what regions are compared on: a measure (stage,
// kind, sector) and the two years whose growth is compared.
type CompareFilters struct {
	Stage, Kind, Sector string
	Before, After       int
}

// ParseCompare reads comparison filters from URL query values.
func ParseCompare(q url.Values) (CompareFilters, error) {
	var v domain.ValidationError
	f := CompareFilters{Stage: strings.ToLower(q.Get("stage")), Kind: strings.ToLower(q.Get("kind")), Sector: strings.ToLower(q.Get("sector"))}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"before", &f.Before}, {"after", &f.After}} {
		if s := q.Get(p.name); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil || y < 1990 || y > 2100 {
				v.Add(p.name, "invalid.year")
				continue
			}
			*p.dst = y
		}
	}
	if f.Before != 0 && f.After != 0 && f.After <= f.Before {
		v.Add("after", "invalid.year")
		f.After = 0
	}
	if len(f.Stage) > 20 || len(f.Kind) > 30 || len(f.Sector) > 60 {
		v.Add("stage", "invalid.too_long")
		f.Stage, f.Kind, f.Sector = "", "", ""
	}
	return f, v.Err()
}

// Comparison compares the regions' growth on one measure, and the network's
// regions with the rest (the Toptechniek in bedrijf claim: 5% more
// technical inflow in network regions) with an honest statement of the
// uncertainty.
type Comparison struct {
	Region   domain.Region
	Filters  CompareFilters
	Exact    bool
	Demo     bool
	Years    []int
	Stages   []Option
	Kinds    []Option
	Network  []string // names of the network's regions
	Table    *Table
	Chart    *Chart
	Pooled   *Table
	Result   indicator.Comparison
	HasTest  bool
	Notes    []Note
	Verdict  Note
	Measured bool // there was something to compare
}

// Compare answers the comparison of regions for the actor's region's
// view. It fails with ErrForbidden for actors without the monitor.
func (s *Service) Compare(ctx context.Context, f CompareFilters) (*Comparison, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ViewMonitor) {
		return nil, s.forbid(ctx, "monitor_compare")
	}
	n, err := s.network(ctx, a.RegionID)
	if err != nil {
		return nil, err
	}
	snap, err := s.eng.Snapshot(ctx, a.RegionID)
	if err != nil {
		return nil, err
	}
	n.nameRegions(snap)
	t := snap.Table
	exact := auth.CanSeeExactCounts(a)
	c := &Comparison{Region: n.region, Exact: exact, Demo: snap.Demo}
	// The measures the data has, by stage and kind.
	sk, err := t.Aggregate(monitor.Query{GroupBy: []monitor.Dim{monitor.DimStage, monitor.DimKind}})
	if err != nil {
		return nil, err
	}
	has := map[[2]string]bool{}
	for _, g := range sk.Groups {
		has[[2]string{g.Key[0], g.Key[1]}] = true
		if !slices.ContainsFunc(c.Stages, func(o Option) bool { return o.Value == g.Key[0] }) {
			c.Stages = append(c.Stages, Option{Value: g.Key[0], Label: g.Key[0]})
		}
		if !slices.ContainsFunc(c.Kinds, func(o Option) bool { return o.Value == g.Key[1] }) {
			c.Kinds = append(c.Kinds, Option{Value: g.Key[1], Label: g.Key[1]})
		}
	}
	if f.Stage == "" {
		f.Stage = monitor.StageMBO
	}
	if f.Kind == "" {
		in, stock, _ := kinds(f.Stage)
		f.Kind = stock
		if in != "" && has[[2]string{f.Stage, in}] {
			f.Kind = in
		}
	}
	if f.Sector == "" {
		f.Sector = monitor.SectorTechnology
	}
	where := []monitor.Filter{monitor.Eq(monitor.DimStage, f.Stage), monitor.Eq(monitor.DimKind, f.Kind), monitor.Eq(monitor.DimSector, f.Sector)}
	r, err := t.Aggregate(monitor.Query{GroupBy: []monitor.Dim{monitor.DimRegion, monitor.DimYear}, Where: where})
	if err != nil {
		return nil, err
	}
	yearSet := map[int]bool{}
	perRegion := map[string]map[int]monitor.Count{}
	for _, g := range r.Groups {
		if g.Key[0] == "" {
			continue
		}
		y := atoi(g.Key[1])
		yearSet[y] = true
		if perRegion[g.Key[0]] == nil {
			perRegion[g.Key[0]] = map[int]monitor.Count{}
		}
		perRegion[g.Key[0]][y] = g.Count
	}
	for y := range yearSet {
		c.Years = append(c.Years, y)
	}
	slices.Sort(c.Years)
	if len(c.Years) >= 2 {
		if f.Before == 0 || !yearSet[f.Before] {
			f.Before = c.Years[0]
		}
		if f.After == 0 || !yearSet[f.After] || f.After <= f.Before {
			f.After = c.Years[len(c.Years)-1]
		}
	}
	c.Filters = f
	net := n.networkAreas()
	for _, am := range net {
		c.Network = append(c.Network, n.areaName(am))
	}
	if len(c.Years) < 2 || f.Before == f.After {
		c.Notes = append(c.Notes, Note{Key: "monitor.empty.compare"})
		return c, nil
	}
	c.Measured = true
	var regions []indicator.RegionCounts
	var netB, netA, restB, restA monitor.Count
	for am, ys := range perRegion {
		rc := indicator.RegionCounts{Region: am, Network: slices.Contains(net, am), Before: ys[f.Before], After: ys[f.After]}
		regions = append(regions, rc)
		if rc.Network {
			netB, netA = netB.Add(rc.Before), netA.Add(rc.After)
		} else {
			restB, restA = restB.Add(rc.Before), restA.Add(rc.After)
		}
	}
	sort.Slice(regions, func(i, j int) bool { return regions[i].Region < regions[j].Region })
	ranked, err := indicator.RankGrowth(regions)
	if err != nil {
		return nil, err
	}
	tbl := &Table{ID: "compare", TitleKey: "monitor.section.compare", Columns: []Column{{Key: "monitor.col.rank", Num: true},
		{Key: "monitor.col.area"}, {Key: "monitor.col.network"}, {Label: itoa(f.Before), Num: true}, {Label: itoa(f.After), Num: true},
		{Key: "monitor.col.growth", Num: true}}}
	ch := &Chart{ID: "compare", Kind: "bar", TitleKey: "monitor.section.compare", Percent: true, Table: "compare"}
	var netVals, restVals []*float64
	for _, g := range ranked {
		var rc indicator.RegionCounts
		for _, x := range regions {
			if x.Region == g.Region {
				rc = x
			}
		}
		bn, an := numOf(rc.Before, exact), numOf(rc.After, exact)
		growth := pctOfChange(g.Change, true, bn.Hidden != "" || an.Hidden != "")
		member := keyCell("common.no")
		if g.Network {
			member = keyCell("common.yes")
		}
		rank := numberCell(float64(g.Rank), 0)
		rank.OK = g.Rank > 0
		tbl.Rows = append(tbl.Rows, []Cell{rank, textCell(n.areaName(g.Region)), member, countCell(bn), countCell(an), pctCell(growth)})
		ch.X = append(ch.X, g.Region)
		if g.Network {
			netVals, restVals = append(netVals, growth.Ptr()), append(restVals, nil)
		} else {
			netVals, restVals = append(netVals, nil), append(restVals, growth.Ptr())
		}
	}
	ch.Series = []ChartSeries{{Key: "monitor.col.network_regions", Values: netVals}, {Key: "monitor.col.other_regions", Values: restVals}}
	c.Table, c.Chart = tbl, ch
	pooled := &Table{ID: "pooled", TitleKey: "monitor.table.pooled", Columns: []Column{{Key: "monitor.col.group"},
		{Label: itoa(f.Before), Num: true}, {Label: itoa(f.After), Num: true}, {Key: "monitor.col.growth", Num: true}}}
	for _, p := range []struct {
		key  string
		b, a monitor.Count
	}{{"monitor.col.network_regions", netB, netA}, {"monitor.col.other_regions", restB, restA}} {
		bn, an := numOf(p.b, exact), numOf(p.a, exact)
		pooled.Rows = append(pooled.Rows, []Cell{keyCell(p.key), countCell(bn), countCell(an),
			pctCell(pctOfChange(change(p.b, p.a), !p.b.IsZero(), bn.Hidden != "" || an.Hidden != ""))})
	}
	c.Pooled = pooled
	res, err := indicator.CompareGrowth(regions, indicator.CompareOptions{Seed: 20260101, Claim: 0.05, ClaimSet: true})
	if err != nil {
		return nil, err
	}
	c.Result, c.HasTest = res, true
	switch res.Verdict {
	case indicator.VerdictInsufficient:
		c.Verdict = Note{Key: "monitor.verdict.insufficient", Args: []any{res.NNetwork, res.NRest, indicator.MinGroupSize}}
	case indicator.VerdictSignificant:
		key := "monitor.verdict.significant_more"
		if res.Estimate < 0 {
			key = "monitor.verdict.significant_less"
		}
		c.Verdict = Note{Key: key, Args: []any{Dec{math.Abs(res.Estimate) * 100, 1}, Dec{res.Lower * 100, 1}, Dec{res.Upper * 100, 1}, Dec{res.PValue, 3}}}
	default:
		c.Verdict = Note{Key: "monitor.verdict.not_distinguishable", Args: []any{Dec{res.Estimate * 100, 1}, Dec{res.Lower * 100, 1}, Dec{res.Upper * 100, 1}, Dec{res.PValue, 3}}}
	}
	if res.Verdict != indicator.VerdictInsufficient {
		claim := "monitor.verdict.claim_outside"
		if res.ClaimInside {
			claim = "monitor.verdict.claim_inside"
		}
		c.Notes = append(c.Notes, Note{Key: claim})
	}
	c.Notes = append(c.Notes, Note{Key: "monitor.note.compare_method", Args: []any{res.NNetwork, res.NRest, res.Resamples}},
		Note{Key: "monitor.note.compare_caveat"})
	if len(res.Excluded) > 0 {
		c.Notes = append(c.Notes, Note{Key: "monitor.note.compare_excluded", Args: []any{strings.Join(res.Excluded, ", ")}})
	}
	return c, nil
}
