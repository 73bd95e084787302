package regionmonitor

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/request"
)

// dimByName are the dimensions the open API groups and filters by.
var dimByName = map[string]monitor.Dim{
	"region": monitor.DimRegion, "municipality": monitor.DimMunicipality, "year": monitor.DimYear, "school": monitor.DimSchool,
	"sector": monitor.DimSector, "domain": monitor.DimDomain, "qualification": monitor.DimQualification, "level": monitor.DimLevel,
	"pathway": monitor.DimPathway, "stage": monitor.DimStage, "kind": monitor.DimKind,
}

// AggregateQuery asks the open API for a table of counts: grouped by one
// or two dimensions, narrowed by filters, in an area of a network.
type AggregateQuery struct {
	Network  string // the region's slug; "" = the signed-in user's region
	Area     string // AreaNetwork, AreaNetherlands or an AM code
	GroupBy  []string
	Filters  map[string]string // dimension name -> value
	From, To int
}

// Aggregates is a published table: every count below 5 blanked, and
// further counts blanked so that no blank can be computed from the rest
// (DUO's rule, monitor.Suppress).
type Aggregates struct {
	Network   string
	AreaName  string
	Dims      []string
	Table     monitor.Published
	Labels    map[string]string // school and qualification codes -> names
	Sources   []Source
	Demo      bool
	Threshold int
}

// Aggregates answers the open API. Anyone may ask (open data), so every
// answer is suppressed, for coordinators too. It fails with a
// ValidationError for unknown dimensions or more than two groupings, with
// ErrNotFound for an unknown network and with ErrUnauthenticated when an
// anonymous caller names no network.
func (s *Service) Aggregates(ctx context.Context, q AggregateQuery) (Aggregates, error) {
	var v domain.ValidationError
	if len(q.GroupBy) == 0 {
		q.GroupBy = []string{"year"}
	}
	if len(q.GroupBy) > 2 {
		v.Add("group", "invalid.too_many")
	}
	var dims []monitor.Dim
	for _, g := range q.GroupBy {
		d, ok := dimByName[g]
		if !ok || (len(dims) > 0 && dims[0] == d) {
			v.Add("group", "invalid.choice")
			continue
		}
		dims = append(dims, d)
	}
	var where []monitor.Filter
	names := make([]string, 0, len(q.Filters))
	for k := range q.Filters {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		d, ok := dimByName[k]
		if !ok {
			v.Add(k, "invalid.choice")
			continue
		}
		where = append(where, monitor.Eq(d, q.Filters[k]))
	}
	if q.From != 0 && q.To != 0 && q.To < q.From {
		v.Add("to", "invalid.year")
	}
	if err := v.Err(); err != nil {
		return Aggregates{}, err
	}
	var region domain.Region
	var err error
	switch a := request.Actor(ctx); {
	case q.Network != "":
		region, err = s.st.RegionBySlug(ctx, strings.ToLower(q.Network))
	case !a.Anonymous() && auth.Allow(a, auth.ViewMonitor):
		region, err = s.st.Region(ctx, a.RegionID)
	default: // the public, and roles without the monitor, name the network
		return Aggregates{}, &domain.ValidationError{Fields: []domain.FieldError{{Field: "network", Key: "invalid.required"}}}
	}
	if err != nil {
		return Aggregates{}, err
	}
	n, err := s.network(ctx, region.ID)
	if err != nil {
		return Aggregates{}, err
	}
	snap, err := s.eng.Snapshot(ctx, region.ID)
	if err != nil {
		return Aggregates{}, err
	}
	n.nameRegions(snap)
	res, err := aggregate(snap.Table, n.scopeOf(snap.Table, q.Area), monitor.Query{GroupBy: dims, Where: where, FromYear: q.From, ToYear: q.To})
	if err != nil {
		return Aggregates{}, err
	}
	out := Aggregates{Network: region.Slug, AreaName: n.areaName(q.Area), Dims: q.GroupBy, Labels: map[string]string{},
		Sources: snap.Sources, Demo: snap.Demo, Threshold: monitor.DisclosureThreshold}
	grid := gridOf(res)
	if len(grid.Rows) == 0 || len(grid.Cols) == 0 {
		grid = monitor.Grid{Rows: []string{""}, Cols: []string{""}, Cells: [][]monitor.Count{{{}}}}
	}
	if out.Table, err = monitor.Suppress(grid, monitor.Policy{}); err != nil {
		if errors.Is(err, monitor.ErrNoData) {
			return out, nil
		}
		return Aggregates{}, fmt.Errorf("aggregates: %w", err)
	}
	for _, name := range q.GroupBy {
		if name != "school" && name != "qualification" {
			continue
		}
		labels := out.Table.Rows
		if len(q.GroupBy) == 1 || q.GroupBy[1] == name {
			labels = out.Table.Cols
		}
		for _, code := range labels {
			if l := snap.Label(name, code); l != code {
				out.Labels[code] = l
			}
		}
	}
	return out, nil
}

// gridOf lays out a merged result as rows by the first dimension and
// columns by the second (one row for a single dimension); absent groups
// are zeros.
func gridOf(a agg) monitor.Grid {
	rowSet, colSet := map[string]bool{}, map[string]bool{}
	for k := range a.groups {
		if len(a.dims) == 1 {
			rowSet[""], colSet[k[0]] = true, true
		} else {
			rowSet[k[0]], colSet[k[1]] = true, true
		}
	}
	keys := func(m map[string]bool, numeric bool) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Slice(out, func(i, j int) bool {
			if numeric && atoi(out[i]) != atoi(out[j]) {
				return atoi(out[i]) < atoi(out[j])
			}
			return out[i] < out[j]
		})
		return out
	}
	g := monitor.Grid{Rows: keys(rowSet, a.dims[0] == monitor.DimYear), Cols: keys(colSet, a.dims[len(a.dims)-1] == monitor.DimYear)}
	g.Cells = make([][]monitor.Count, len(g.Rows))
	for i, r := range g.Rows {
		g.Cells[i] = make([]monitor.Count, len(g.Cols))
		for j, c := range g.Cols {
			k := [3]string{c}
			if len(a.dims) == 2 {
				k = [3]string{r, c}
			}
			g.Cells[i][j] = a.groups[k]
		}
	}
	return g
}

// Export returns the dashboard to export and records the export in the
// audit trail (what was exported, never personal data). It fails like
// Dashboard and with ErrForbidden for actors who may not export.
func (s *Service) Export(ctx context.Context, f Filters, table, format string) (*Dashboard, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ExportMonitor) {
		return nil, s.forbid(ctx, "monitor_export")
	}
	d, err := s.dashboard(ctx, f, 0)
	if err != nil {
		return nil, err
	}
	if table != "" && table != "all" && d.Table(table) == nil {
		return nil, domain.Errorf(domain.CodeNotFound, "error.page_not_found")
	}
	if table == "" {
		table = "all"
	}
	request.Audit(ctx, s.st, domain.AuditExport, "monitor", fmt.Sprintf("%s %s %s", format, table, f.Query()))
	return d, nil
}
