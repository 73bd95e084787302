// Package regionmonitor answers the regional monitor's questions for a
// region: technical inflow and enrolment with their share and growth, the
// spread over schools against a target, outflow and the estimated
// progression from mbo to hbo, the vmbo pipeline, the labour market beside
// it, forecasts with their backtest error, and comparisons of regions. It
// reads an in-memory columnar table per region ([Engine], built from the
// stored facts and swapped after every import) and the pure computations
// of internal/monitor and its subpackages.
//
// The figures are aggregates of public open data; the policy still
// decides who sees them (every signed-in role but students) and who sees
// exact small counts (coordinators only): everyone else, and the public
// open API, gets counts below 5 suppressed the way DUO does.
package regionmonitor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the monitor's use cases need besides the engine.
type Store interface {
	EngineStore
	Region(ctx context.Context, id int64) (domain.Region, error)
	RegionBySlug(ctx context.Context, slug string) (domain.Region, error)
	RegionMunicipalities(ctx context.Context, regionID int64) ([]domain.Municipality, error)
	Municipalities(ctx context.Context) ([]domain.Municipality, error)
	Organisations(ctx context.Context, f store.OrgFilter) ([]domain.Organisation, int, error)
	MonitorTarget(ctx context.Context, regionID int64) (domain.MonitorTarget, error)
	SetMonitorTarget(ctx context.Context, t domain.MonitorTarget) error
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Service runs the monitor's use cases.
type Service struct {
	st  Store
	eng *Engine
	now func() time.Time
}

// New returns the monitor service on st and the engine; now may be nil.
func New(st Store, eng *Engine, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, eng: eng, now: now}
}

// Engine returns the service's engine.
func (s *Service) Engine() *Engine { return s.eng }

func (s *Service) forbid(ctx context.Context, what string) error {
	request.Audit(ctx, s.st, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

// Option is a choice of a filter.
type Option struct {
	Value, Label string
}

// network is what the monitor knows of the actor's region.
type network struct {
	region  domain.Region
	munis   []string // GM codes
	brins   []string // the network's own schools
	areas   []string // AM codes of its municipalities, most municipalities first
	provs   []string // province codes, most municipalities first
	amNames map[string]string
	amProv  map[string]map[string]int // AM -> PV -> municipalities
	pvOfGM  map[string]string         // GM -> PV, every municipality
	pvNames map[string]string
	target  *domain.MonitorTarget
}

func (s *Service) network(ctx context.Context, regionID int64) (*network, error) {
	n := &network{amNames: map[string]string{}, amProv: map[string]map[string]int{}, pvNames: map[string]string{},
		pvOfGM: map[string]string{}}
	var err error
	if n.region, err = s.st.Region(ctx, regionID); err != nil {
		return nil, err
	}
	ms, err := s.st.RegionMunicipalities(ctx, regionID)
	if err != nil {
		return nil, err
	}
	amCount, pvCount := map[string]int{}, map[string]int{}
	for _, m := range ms {
		n.munis = append(n.munis, m.Code)
		if m.LabourMarketCode != "" {
			amCount[m.LabourMarketCode]++
		}
		if m.ProvinceCode != "" {
			pvCount[m.ProvinceCode]++
		}
	}
	n.areas, n.provs = byCount(amCount), byCount(pvCount)
	all, err := s.st.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		if m.LabourMarketCode != "" {
			n.amNames[m.LabourMarketCode] = m.LabourMarket
		}
		if m.ProvinceCode != "" {
			n.pvOfGM[m.Code] = m.ProvinceCode
			n.pvNames[m.ProvinceCode] = m.Province
			if m.LabourMarketCode != "" {
				if n.amProv[m.LabourMarketCode] == nil {
					n.amProv[m.LabourMarketCode] = map[string]int{}
				}
				n.amProv[m.LabourMarketCode][m.ProvinceCode]++
			}
		}
	}
	orgs, _, err := s.st.Organisations(ctx, store.OrgFilter{RegionID: regionID, Kind: domain.OrgSchool, Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.BRIN != "" {
			n.brins = append(n.brins, o.BRIN)
		}
	}
	t, err := s.st.MonitorTarget(ctx, regionID)
	switch {
	case err == nil:
		n.target = &t
	case !errors.Is(err, domain.ErrNotFound):
		return nil, err
	}
	return n, nil
}

// byCount returns the keys, most frequent first, then by key.
func byCount(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// nameRegions adds the names a snapshot's labels give AM regions the
// reference data does not name (the demo's national totals).
func (n *network) nameRegions(s *Snapshot) {
	for code, l := range s.Labels["region"] {
		if n.amNames[code] == "" && l.Label != "" {
			n.amNames[code] = l.Label
		}
	}
}

// networkAreas are the AM regions that count as the network's in
// comparisons: the coordinators' choice, else its municipalities' regions.
func (n *network) networkAreas() []string {
	if n.target != nil && len(n.target.NetworkAreas) > 0 {
		return n.target.NetworkAreas
	}
	return n.areas
}

// scopeOf returns the scope of an area on table t.
func (n *network) scopeOf(t *monitor.Table, area string) scope {
	if area == AreaNetwork {
		return networkScope(t, n.munis, n.brins)
	}
	return areaScope(area)
}

// areaName returns the name of an area for display (the region's name
// for the network).
func (n *network) areaName(area string) string {
	switch area {
	case AreaNetwork:
		return n.region.Name
	case AreaNetherlands:
		return "Nederland"
	}
	if nm := n.amNames[area]; nm != "" {
		return area + " " + nm
	}
	return area
}

// areaOptions lists the areas the data has: the network, every AM region
// with counts, and the country.
func (n *network) areaOptions(t *monitor.Table) []Option {
	out := []Option{{Value: AreaNetwork, Label: n.region.Name}}
	for _, am := range t.Dict(monitor.DimRegion).Values() {
		if am != "" {
			out = append(out, Option{Value: am, Label: n.areaName(am)})
		}
	}
	return append(out, Option{Value: AreaNetherlands, Label: n.areaName(AreaNetherlands)})
}

// province returns the province the area lies in (most of it).
func (n *network) province(area string) string {
	switch area {
	case AreaNetwork:
		return firstOr(n.provs, "")
	case AreaNetherlands:
		return ""
	}
	return firstOr(byCount(n.amProv[area]), "")
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// TargetForm is the target as the form shows it, with the choices.
type TargetForm struct {
	Target  domain.MonitorTarget
	Set     bool
	Schools []Option // schools with counts in the network
	Areas   []Option // AM regions
	Years   []int
}

// Target returns the actor's region's target (or an empty one) with the
// choices for the form; ErrForbidden unless the actor may set targets.
func (s *Service) Target(ctx context.Context) (TargetForm, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.SetMonitorGoal) {
		return TargetForm{}, s.forbid(ctx, "monitor_target")
	}
	n, err := s.network(ctx, a.RegionID)
	if err != nil {
		return TargetForm{}, err
	}
	snap, err := s.eng.Snapshot(ctx, a.RegionID)
	if err != nil {
		return TargetForm{}, err
	}
	n.nameRegions(snap)
	f := TargetForm{Years: snap.Table.Years()}
	if n.target != nil {
		f.Target, f.Set = *n.target, true
	} else {
		f.Target = domain.MonitorTarget{RegionID: a.RegionID, Stage: monitor.StageMBO, Kind: monitor.KindEnrolment, NetworkAreas: n.areas}
	}
	res, err := aggregate(snap.Table, n.scopeOf(snap.Table, AreaNetwork), monitor.Query{GroupBy: []monitor.Dim{monitor.DimSchool},
		Where: []monitor.Filter{monitor.Eq(monitor.DimStage, monitor.StageMBO)}})
	if err != nil {
		return f, err
	}
	for code := range res.byLabel() {
		if code != "" {
			f.Schools = append(f.Schools, Option{Value: code, Label: snap.Label("school", code) + " (" + code + ")"})
		}
	}
	for _, t := range f.Target.Schools { // target schools outside the network stay choosable
		if !slices.ContainsFunc(f.Schools, func(o Option) bool { return o.Value == t.School }) {
			f.Schools = append(f.Schools, Option{Value: t.School, Label: snap.Label("school", t.School) + " (" + t.School + ")"})
		}
	}
	sort.Slice(f.Schools, func(i, j int) bool { return f.Schools[i].Label < f.Schools[j].Label })
	for _, am := range snap.Table.Dict(monitor.DimRegion).Values() {
		if am != "" {
			f.Areas = append(f.Areas, Option{Value: am, Label: n.areaName(am)})
		}
	}
	return f, nil
}

// SetTarget stores the actor's region's target; it fails with
// ErrForbidden unless the actor may set targets and with a
// ValidationError for an invalid target.
func (s *Service) SetTarget(ctx context.Context, t domain.MonitorTarget) error {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.SetMonitorGoal) {
		return s.forbid(ctx, "monitor_target")
	}
	t.RegionID, t.UpdatedBy = a.RegionID, a.UserID
	if err := s.st.SetMonitorTarget(ctx, t); err != nil {
		return err
	}
	request.Audit(ctx, s.st, domain.AuditUpdate, "monitor_target", fmt.Sprintf("%d schools", len(t.Schools)))
	return nil
}
