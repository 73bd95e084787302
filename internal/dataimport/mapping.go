package dataimport

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"talentloket/internal/domain"
	"talentloket/internal/opendata/refdata"
	"talentloket/internal/store"
)

// mapper places the names and codes of a file: place and municipality
// names to CBS municipality codes, municipalities to their labour-market
// region (AM) and province, institutions (BRIN) to a municipality, and
// qualifications without a published sector to one. It is built from the
// stored reference data and what the region imported before.
type mapper struct {
	resolver *refdata.PlaceResolver
	amOf     map[string]string // GM -> AM
	provOf   map[string]string // GM -> PV
	provName map[string]string // normalised province name -> PV
	schoolOf map[string]string // BRIN or BRIN+vestiging -> GM
	quals    map[string]qualInfo
	// unmapped names, by kind and name.
	unmapped map[[2]string]*domain.UnmappedName
}

type qualInfo struct{ sector, domain string }

// mapperStore is what building a mapper reads.
type mapperStore interface {
	PlaceNames(ctx context.Context) ([]store.PlaceName, error)
	Municipalities(ctx context.Context) ([]domain.Municipality, error)
	SchoolLocations(ctx context.Context) ([]domain.SchoolLocation, error)
	MonitorLabels(ctx context.Context, regionID int64) ([]domain.MonitorLabel, error)
	Qualifications(ctx context.Context) ([]domain.Qualification, error)
	MonitorQualificationSectors(ctx context.Context, regionID int64) ([]store.QualificationSector, error)
}

func newMapper(ctx context.Context, st mapperStore, regionID int64) (*mapper, error) {
	m := &mapper{amOf: map[string]string{}, provOf: map[string]string{}, provName: map[string]string{},
		schoolOf: map[string]string{}, quals: map[string]qualInfo{}, unmapped: map[[2]string]*domain.UnmappedName{}}
	munis, err := st.Municipalities(ctx)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	names, err := st.PlaceNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	var places []refdata.Place
	var rm []refdata.Municipality
	for _, mu := range munis {
		m.amOf[mu.Code] = mu.LabourMarketCode
		m.provOf[mu.Code] = mu.ProvinceCode
		if mu.Province != "" {
			m.provName[refdata.NormalizePlaceName(mu.Province)] = mu.ProvinceCode
		}
		rm = append(rm, refdata.Municipality{Name: mu.Name, Code: mu.Code, Year: mu.Year, ProvinceCode: mu.ProvinceCode})
	}
	for _, n := range names {
		switch n.Kind {
		case "municipality":
			// Old municipality names: resolvable, one year older than
			// the current list so that a current name wins.
			rm = append(rm, refdata.Municipality{Name: n.Name, Code: n.MunicipalityCode, Year: 1, ProvinceCode: m.provOf[n.MunicipalityCode]})
		default:
			places = append(places, refdata.Place{Name: n.Name, MunicipalityCode: n.MunicipalityCode})
		}
	}
	m.resolver = refdata.NewPlaceResolver(places, rm)
	locs, err := st.SchoolLocations(ctx)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	// An institution is placed where its locations are when they all lie
	// in one municipality, or where its main location (vestiging 00) is.
	byBRIN := map[string]map[string]bool{}
	for _, l := range locs {
		gm := l.MunicipalityCode
		if gm == "" {
			gm, _ = m.resolver.Resolve(l.Place)
		}
		if gm == "" {
			continue
		}
		m.schoolOf[l.Code] = gm
		if byBRIN[l.BRIN] == nil {
			byBRIN[l.BRIN] = map[string]bool{}
		}
		byBRIN[l.BRIN][gm] = true
	}
	for brin, set := range byBRIN {
		if len(set) == 1 {
			for gm := range set {
				m.schoolOf[brin] = gm
			}
		} else if gm, ok := m.schoolOf[brin+"00"]; ok {
			m.schoolOf[brin] = gm
		}
	}
	labels, err := st.MonitorLabels(ctx, regionID)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	for _, l := range labels {
		if l.Dim == dimSchool && l.Municipality != "" {
			m.schoolOf[l.Code] = l.Municipality
		}
	}
	quals, err := st.Qualifications(ctx)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	for _, q := range quals {
		sector := strings.ToLower(q.Sector)
		if sector == "" {
			sector = sectorOfDomain(q.Domain)
		}
		if sector != "" {
			m.quals[q.Crebo] = qualInfo{sector: sector, domain: q.Domain}
		}
	}
	learned, err := st.MonitorQualificationSectors(ctx, regionID)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	seen := map[string]bool{}
	for _, l := range learned { // most frequent first
		if !seen[l.Qualification] {
			seen[l.Qualification] = true
			m.quals[l.Qualification] = qualInfo{sector: l.Sector, domain: l.Domain}
		}
	}
	return m, nil
}

// Dimension names of the labels.
const (
	dimSchool        = "school"
	dimQualification = "qualification"
)

// place returns the municipality of a place name, recording it as
// unmapped (at line) when it does not resolve.
func (m *mapper) place(name string, line int) string {
	if name == "" {
		return ""
	}
	if gm, ok := m.resolver.Resolve(name); ok {
		return gm
	}
	m.miss("place", name, line)
	return ""
}

// municipality returns the code of a municipality name.
func (m *mapper) municipality(name string, line int) string {
	if name == "" {
		return ""
	}
	if gm, ok := m.resolver.ResolveMunicipality(name); ok {
		return gm
	}
	m.miss("municipality", name, line)
	return ""
}

// school returns the municipality of an institution or location code.
func (m *mapper) school(code string, line int, record bool) string {
	if gm, ok := m.schoolOf[code]; ok {
		return gm
	}
	if len(code) == 6 {
		if gm, ok := m.schoolOf[code[:4]]; ok {
			return gm
		}
	}
	if record {
		m.miss("school", code, line)
	}
	return ""
}

func (m *mapper) miss(kind, name string, line int) {
	k := [2]string{kind, name}
	u := m.unmapped[k]
	if u == nil {
		u = &domain.UnmappedName{Kind: kind, Name: name, FirstLine: line}
		m.unmapped[k] = u
	}
	u.Lines++
}

// unmappedList returns the unmapped names, most lines first.
func (m *mapper) unmappedList() []domain.UnmappedName {
	out := make([]domain.UnmappedName, 0, len(m.unmapped))
	for _, u := range m.unmapped {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lines != out[j].Lines {
			return out[i].Lines > out[j].Lines
		}
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// maxUnmapped bounds the names kept in an import's report.
const maxUnmapped = 200

// sectorOfDomain gives the DUO mbo sector most programmes of an
// opleidingsdomein belong to (from the 2015-2019 enrolment files), for
// files that publish a domain but no sector.
func sectorOfDomain(d string) string {
	switch strings.ToLower(strings.TrimSpace(d)) {
	case "afbouw, hout en onderhoud", "ambacht, laboratorium en gezondheidstechniek", "bouw en infra", "media en vormgeving",
		"mobiliteit en voertuigen", "techniek en procesindustrie", "transport, scheepvaart en logistiek":
		return "techniek"
	case "economie en administratie", "handel en ondernemerschap", "horeca en bakkerij", "informatie en communicatietechnologie",
		"toerisme en recreatie":
		return "economie"
	case "zorg en welzijn", "uiterlijke verzorging", "veiligheid en sport":
		return "zorg en welzijn"
	case "voedsel, natuur en leefomgeving", "voedsel, natuur en leefomgeving (ez)":
		return "groen"
	}
	return ""
}

// sectorOfChamber maps an SBB sectorkamer (current DUO layouts) to the
// DUO mbo sector; chambers that mix sectors give "combinatie van sectoren".
func sectorOfChamber(c string) string {
	s := strings.ToLower(c)
	switch {
	case s == "":
		return ""
	case strings.Contains(s, "techniek"), strings.Contains(s, "mobiliteit"), strings.Contains(s, "specialistisch vakmanschap"):
		return "techniek"
	case strings.Contains(s, "zorg"):
		return "zorg en welzijn"
	case strings.Contains(s, "groen"), strings.Contains(s, "voedsel"):
		return "groen"
	case strings.Contains(s, "handel"), strings.Contains(s, "zakelijke"), strings.Contains(s, "horeca"):
		return "economie"
	}
	return "combinatie van sectoren"
}

// qualification returns the sector and domain of a crebo from what the
// file says, what the region stored before, the qualification list, the
// sector chamber and, for the derived tech file, its label, in that order.
func (m *mapper) qualification(crebo, sector, dom, chamber, techLabel string) (string, string) {
	sector = strings.ToLower(strings.TrimSpace(sector))
	if sector != "" {
		return sector, dom
	}
	if q, ok := m.quals[crebo]; ok {
		if dom == "" {
			dom = q.domain
		}
		return q.sector, dom
	}
	if s := sectorOfDomain(dom); s != "" {
		return s, dom
	}
	if s := sectorOfChamber(chamber); s != "" {
		return s, dom
	}
	if techLabel == "tech" {
		return "techniek", dom
	}
	return "", dom
}
