package regionmonitor

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/domain"
	"talentloket/internal/monitor"
)

// Areas a view can be about besides a labour-market region (AM##).
const (
	AreaNetwork     = ""   // the network: the region's own municipalities and schools
	AreaNetherlands = "NL" // the whole country
)

// Filters are a view's choices, all carried in the URL so that a view can
// be shared: the area, the years, and the dimensions to narrow to.
type Filters struct {
	Area          string // AreaNetwork, AreaNetherlands or an AM code
	From, To      int    // inclusive; zero = open
	Stage         string // vmbo, mbo (default), hbo, wo ...
	Sector        string // the sector whose share is shown; default techniek
	Domain        string
	School        string
	Qualification string
	Level         string
	Pathway       string
}

// ParseFilters reads filters from URL query values. Unknown or malformed
// values are reported per field (a ValidationError) and left at their
// defaults.
func ParseFilters(q url.Values) (Filters, error) {
	var v domain.ValidationError
	f := Filters{Stage: monitor.StageMBO, Sector: monitor.SectorTechnology}
	get := func(name string) string {
		s := strings.TrimSpace(q.Get(name))
		if len(s) > 120 {
			v.Add(name, "invalid.too_long")
			return ""
		}
		return s
	}
	switch a := strings.ToUpper(get("area")); {
	case a == "" || a == "NETWORK":
	case a == AreaNetherlands:
		f.Area = AreaNetherlands
	default:
		if code, err := domain.ParseCBSCode("AM", a); err == nil {
			f.Area = code
		} else {
			v.Add("area", "invalid.choice")
		}
	}
	year := func(name string) int {
		s := get(name)
		if s == "" {
			return 0
		}
		y, err := strconv.Atoi(s)
		if err != nil || y < 1990 || y > 2100 {
			v.Add(name, "invalid.year")
			return 0
		}
		return y
	}
	f.From, f.To = year("from"), year("to")
	if f.From != 0 && f.To != 0 && f.To < f.From {
		v.Add("to", "invalid.year")
		f.To = 0
	}
	if s := strings.ToLower(get("stage")); s != "" {
		switch s {
		case monitor.StageVMBO, "havo", "vwo", monitor.StageMBO, monitor.StageHBO, monitor.StageWO:
			f.Stage = s
		default:
			v.Add("stage", "invalid.choice")
		}
	}
	if s := get("sector"); s != "" {
		f.Sector = strings.ToLower(s)
	}
	f.Domain, f.School, f.Qualification = get("domain"), strings.ToUpper(get("school")), get("qualification")
	f.Level, f.Pathway = get("level"), get("pathway")
	return f, v.Err()
}

// Values returns the filters as URL query values (defaults left out).
func (f Filters) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("area", f.Area)
	if f.From != 0 {
		v.Set("from", strconv.Itoa(f.From))
	}
	if f.To != 0 {
		v.Set("to", strconv.Itoa(f.To))
	}
	if f.Stage != monitor.StageMBO {
		set("stage", f.Stage)
	}
	if f.Sector != monitor.SectorTechnology {
		set("sector", f.Sector)
	}
	set("domain", f.Domain)
	set("school", f.School)
	set("qualification", f.Qualification)
	set("level", f.Level)
	set("pathway", f.Pathway)
	return v
}

// Query returns the filters as an encoded query string ("" when default).
func (f Filters) Query() string { return f.Values().Encode() }

// scope is a union of disjoint conjunctions of filters: the area. A
// network is its municipalities, plus its own schools where they lie
// elsewhere; an AM region or the country is one conjunction.
type scope struct {
	parts [][]monitor.Filter
}

// networkScope builds the network's scope on table t: municipalities in
// munis, or schools whose code starts with one of brins outside them.
func networkScope(t *monitor.Table, munis []string, brins []string) scope {
	var sc scope
	in := map[string]bool{}
	for _, m := range munis {
		in[m] = true
	}
	if len(munis) > 0 {
		sc.parts = append(sc.parts, []monitor.Filter{monitor.In(monitor.DimMunicipality, munis...)})
	}
	if len(brins) == 0 {
		if len(sc.parts) == 0 {
			sc.parts = append(sc.parts, []monitor.Filter{monitor.In(monitor.DimMunicipality)}) // nothing
		}
		return sc
	}
	var schools, outside []string
	for _, s := range t.Dict(monitor.DimSchool).Values() {
		for _, b := range brins {
			if b != "" && strings.HasPrefix(s, b) {
				schools = append(schools, s)
				break
			}
		}
	}
	for _, m := range t.Dict(monitor.DimMunicipality).Values() {
		if !in[m] {
			outside = append(outside, m)
		}
	}
	if len(schools) > 0 && len(outside) > 0 {
		sc.parts = append(sc.parts, []monitor.Filter{monitor.In(monitor.DimSchool, schools...), monitor.In(monitor.DimMunicipality, outside...)})
	}
	if len(sc.parts) == 0 {
		sc.parts = append(sc.parts, []monitor.Filter{monitor.In(monitor.DimMunicipality)})
	}
	return sc
}

func areaScope(area string) scope {
	if area == AreaNetherlands {
		return scope{parts: [][]monitor.Filter{nil}}
	}
	return scope{parts: [][]monitor.Filter{{monitor.Eq(monitor.DimRegion, area)}}}
}

// agg is the merged result of a query over every part of a scope.
type agg struct {
	dims   []monitor.Dim
	groups map[[3]string]monitor.Count
}

// aggregate runs q once per part of the scope (adding the part's filters)
// and sums the groups; parts are disjoint, so nothing is counted twice.
func aggregate(t *monitor.Table, sc scope, q monitor.Query) (agg, error) {
	out := agg{dims: q.GroupBy, groups: map[[3]string]monitor.Count{}}
	for _, part := range sc.parts {
		qq := q
		qq.Where = append(slices.Clone(q.Where), part...)
		r, err := t.Aggregate(qq)
		if err != nil {
			return out, err
		}
		for _, g := range r.Groups {
			out.groups[g.Key] = out.groups[g.Key].Add(g.Count)
		}
	}
	return out, nil
}

// total returns the sum of every group.
func (a agg) total() monitor.Count {
	var c monitor.Count
	for _, g := range a.groups {
		c = c.Add(g)
	}
	return c
}

// series returns, for a result grouped by year and up to two other
// dimensions, the yearly series of each combination of the other labels,
// keyed by those labels joined with "\x00".
func (a agg) series() map[string]monitor.Series {
	yi := slices.Index(a.dims, monitor.DimYear)
	out := map[string]monitor.Series{}
	for k, c := range a.groups {
		y, err := strconv.Atoi(k[yi])
		if err != nil {
			continue
		}
		var labels []string
		for j := range a.dims {
			if j != yi {
				labels = append(labels, k[j])
			}
		}
		key := strings.Join(labels, "\x00")
		out[key] = append(out[key], monitor.Point{Year: y, Count: c})
	}
	for k := range out {
		sort.Slice(out[k], func(i, j int) bool { return out[k][i].Year < out[k][j].Year })
	}
	return out
}

// byLabel returns, for a result grouped by one dimension, the count per
// label.
func (a agg) byLabel() map[string]monitor.Count {
	out := make(map[string]monitor.Count, len(a.groups))
	for k, c := range a.groups {
		out[k[0]] = c
	}
	return out
}

// filterList returns the filters of f on dimensions other than the area
// and the sector: what narrows both the technical and the total count.
func (f Filters) common(stage string) []monitor.Filter {
	w := []monitor.Filter{monitor.Eq(monitor.DimStage, stage)}
	if f.School != "" {
		w = append(w, monitor.Eq(monitor.DimSchool, f.School))
	}
	if f.Level != "" {
		w = append(w, monitor.Eq(monitor.DimLevel, f.Level))
	}
	if f.Pathway != "" {
		w = append(w, monitor.Eq(monitor.DimPathway, f.Pathway))
	}
	return w
}

// selection returns the filters that make a count part of the selection
// whose share is shown: the sector, and a domain or qualification.
func (f Filters) selection() []monitor.Filter {
	w := []monitor.Filter{monitor.Eq(monitor.DimSector, f.Sector)}
	if f.Domain != "" {
		w = append(w, monitor.Eq(monitor.DimDomain, f.Domain))
	}
	if f.Qualification != "" {
		w = append(w, monitor.Eq(monitor.DimQualification, f.Qualification))
	}
	return w
}
