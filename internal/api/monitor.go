package api

import (
	"net/http"
	"slices"
	"strings"

	"talentloket/internal/auth"
	"talentloket/internal/monitor"
	"talentloket/internal/regionmonitor"
	"talentloket/internal/request"
)

// The regional monitor's open API: aggregates of open data, suppressed the
// way DUO publishes (no count below 5, and no blank that can be worked out
// from the totals), for anyone who asks.

func init() {
	routeSets = append(routeSets, func(h *Handler) []request.Route {
		q := []request.Param{
			{Name: "network", Type: "string", Description: "the network (region slug, e.g. twente); required without a session or token"},
			{Name: "area", Type: "string", Description: "empty = the network's municipalities and schools, NL = the country, or a labour-market region AM##"},
			{Name: "group", Type: "string", Description: "one or two of year, region, municipality, school, sector, domain, qualification, level, pathway, stage, kind, comma-separated (default year)"},
			{Name: "from", Type: "integer", Description: "first year"},
			{Name: "to", Type: "integer", Description: "last year"},
		}
		for _, d := range []string{"stage", "kind", "sector", "domain", "school", "qualification", "level", "pathway", "region", "municipality"} {
			q = append(q, request.Param{Name: d, Type: "string", Description: "only counts with this " + d})
		}
		return []request.Route{
			apiRoute("GET", "/monitor/aggregates", auth.Public, h.monitorAggregates, request.Doc{
				Summary: "Aggregates of the regional monitor (open data, counts below 5 suppressed)", Tag: "monitor",
				Query: q, Response: "MonitorAggregates"}),
		}
	})
	registerSchema("MonitorAggregates", MonitorAggregates{})
	registerSchema("MonitorCell", MonitorCell{})
	registerSchema("MonitorSource", MonitorSource{})
	registerSchema("MonitorLabel", MonitorLabel{})
}

// MonitorCell is a published count: lower and upper bound (equal when the
// count is exact; a range when DUO's "<5" cells contributed), or null for
// a suppressed cell.
type MonitorCell struct {
	Lower      *int64 `json:"lower"`
	Upper      *int64 `json:"upper"`
	Suppressed bool   `json:"suppressed"`
	Reason     string `json:"reason,omitempty"`
}

// MonitorSource names the dataset and imports a stage, kind and year come
// from.
type MonitorSource struct {
	Stage   string  `json:"stage"`
	Kind    string  `json:"kind"`
	Year    int     `json:"year"`
	Dataset string  `json:"dataset"`
	Imports []int64 `json:"imports"`
}

// MonitorLabel names a school or qualification code.
type MonitorLabel struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// MonitorAggregates is a published table: rows by the first grouping,
// columns by the second (one row for a single grouping), with totals.
type MonitorAggregates struct {
	Network   string          `json:"network"`
	Area      string          `json:"area"`
	Group     []string        `json:"group"`
	Rows      []string        `json:"rows"`
	Cols      []string        `json:"cols"`
	Cells     [][]MonitorCell `json:"cells"`
	RowTotals []MonitorCell   `json:"row_totals"`
	ColTotals []MonitorCell   `json:"col_totals"`
	Total     MonitorCell     `json:"total"`
	Threshold int             `json:"threshold"`
	Demo      bool            `json:"demo"`
	Labels    []MonitorLabel  `json:"labels"`
	Sources   []MonitorSource `json:"sources"`
}

func cellOf(c monitor.Cell) MonitorCell {
	if c.Suppressed {
		return MonitorCell{Suppressed: true, Reason: string(c.Reason)}
	}
	lo, hi := c.Value.Lower, c.Value.Upper
	return MonitorCell{Lower: &lo, Upper: &hi}
}

func cellsOf(cs []monitor.Cell) []MonitorCell {
	out := make([]MonitorCell, len(cs))
	for i, c := range cs {
		out[i] = cellOf(c)
	}
	return out
}

func (h *Handler) monitorAggregates(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	q := regionmonitor.AggregateQuery{Network: p.str("network"), Area: strings.ToUpper(p.str("area")), Filters: map[string]string{},
		From: p.int("from"), To: p.int("to")}
	if q.Area == "NETWORK" {
		q.Area = ""
	}
	if g := p.str("group"); g != "" {
		q.GroupBy = strings.Split(g, ",")
	}
	for _, d := range []string{"stage", "kind", "sector", "domain", "school", "qualification", "level", "pathway", "region", "municipality"} {
		if v := p.str(d); v != "" {
			q.Filters[d] = v
		}
	}
	if p.failed(h, w, r) {
		return
	}
	a, err := h.app.Monitor.Aggregates(r.Context(), q)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	out := MonitorAggregates{Network: a.Network, Area: a.AreaName, Group: a.Dims, Rows: a.Table.Rows, Cols: a.Table.Cols,
		RowTotals: cellsOf(a.Table.RowTotals), ColTotals: cellsOf(a.Table.ColTotals), Total: cellOf(a.Table.Total),
		Threshold: a.Threshold, Demo: a.Demo, Labels: []MonitorLabel{}, Sources: []MonitorSource{}}
	for _, row := range a.Table.Cells {
		out.Cells = append(out.Cells, cellsOf(row))
	}
	for code, name := range a.Labels {
		out.Labels = append(out.Labels, MonitorLabel{Code: code, Name: name})
	}
	slices.SortFunc(out.Labels, func(a, b MonitorLabel) int { return strings.Compare(a.Code, b.Code) })
	for _, s := range a.Sources {
		out.Sources = append(out.Sources, MonitorSource{Stage: s.Stage, Kind: s.Kind, Year: s.Year, Dataset: s.Dataset, Imports: s.Imports})
	}
	h.respond(w, r, http.StatusOK, out, nil)
}
