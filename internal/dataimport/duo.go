package dataimport

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/opendata"
	"talentloket/internal/opendata/duo"
)

// converted is a DUO dataset in the store's long form.
type converted struct {
	rows       []domain.MonitorRow
	counts     []domain.MonitorCount
	labels     []domain.MonitorLabel
	years      []int
	records    int
	suppressed int
	stage      string // for hbo/wo layouts: the stage the file was read as
}

// kindOf maps a DUO measure to the kind the monitor's indicators look for;
// measures without an indicator keep their own name.
func kindOf(m duo.Measure) string {
	switch m {
	case duo.MeasureEnrolled:
		return monitor.KindEnrolment
	case duo.MeasureFirstYear, duo.MeasureInflowMBO:
		return monitor.KindFirstYear
	case duo.MeasureDiploma:
		return monitor.KindDiploma
	case duo.MeasureCandidates:
		return monitor.KindExamCandidate
	case duo.MeasurePassed:
		return monitor.KindExamPassed
	}
	return string(m)
}

// isHO reports whether a layout is shared by hbo and wo files.
func isHO(l duo.Layout) bool {
	switch l {
	case duo.LayoutHOFirstYear2015, duo.LayoutHODiplomas2015, duo.LayoutHOEnrolled, duo.LayoutHOFirstYear,
		duo.LayoutHOEnrolments, duo.LayoutHODiplomas:
		return true
	}
	return false
}

// hoStage decides whether an hbo/wo file is hbo or wo: the option when
// given, else the file name ("wo_..."), else the institution type or
// degree ("WO kleine univ.", "wo bachelor"), else hbo.
func hoStage(opt, fileName string, ds *duo.Dataset) string {
	if opt == monitor.StageHBO || opt == monitor.StageWO {
		return opt
	}
	base := strings.ToLower(path.Base(strings.ReplaceAll(fileName, "\\", "/")))
	for _, p := range []string{"wo_", "wo-", "wo "} {
		if strings.HasPrefix(base, p) || strings.Contains(base, "-"+p) || strings.Contains(base, "_"+p) {
			return monitor.StageWO
		}
	}
	if strings.Contains(base, "hbo") {
		return monitor.StageHBO
	}
	for i := range ds.HO {
		k := ds.HO[i].HOKey
		t := strings.ToLower(k.InstitutionType + " " + k.Degree)
		if strings.HasPrefix(t, "wo ") || strings.Contains(t, " wo ") || strings.Contains(t, "univ") {
			return monitor.StageWO
		}
		if strings.Contains(t, "hbo") || strings.Contains(t, "associate") {
			return monitor.StageHBO
		}
	}
	return monitor.StageHBO
}

// dataset names what a newer file replaces.
func dataset(l duo.Layout, stage string) string {
	if isHO(l) {
		return string(l) + "/" + stage
	}
	return string(l)
}

// sexCell is one count of a row for one year and measure.
type sexCell struct {
	sex   duo.Sex
	count opendata.Count
}

// pickSexes keeps the total when the file publishes one (it is exact where
// the split may be suppressed) and the split otherwise.
func pickSexes(cells []sexCell) []sexCell {
	for _, c := range cells {
		if c.sex == duo.SexTotal {
			return []sexCell{c}
		}
	}
	return cells
}

// convertDUO turns a dataset into facts: exact zeros are left out (a
// missing fact is zero), suppressed cells are kept as suppressed, and when
// a row publishes men, women and a total only the total is stored.
func convertDUO(ds *duo.Dataset, m *mapper, stageOpt, fileName string) converted {
	out := converted{years: ds.Years}
	labels := map[[2]string]domain.MonitorLabel{}
	// An institution published in several places keeps no municipality
	// of its own: its rows carry theirs.
	places := map[string]map[string]bool{}
	label := func(l domain.MonitorLabel) {
		if l.Code == "" {
			return
		}
		k := [2]string{l.Dim, l.Code}
		if l.Dim == dimSchool {
			if places[l.Code] == nil {
				places[l.Code] = map[string]bool{}
			}
			places[l.Code][l.Municipality] = true
		}
		if _, ok := labels[k]; !ok {
			labels[k] = l
		}
	}
	// add stores the counts of one row, year and kind; the row itself is
	// stored with its first count.
	add := func(base *domain.MonitorRow, year int, kind string, cells []sexCell) {
		for _, c := range pickSexes(cells) {
			out.records++
			if c.count.Suppressed {
				out.suppressed++
			} else if c.count.N == 0 {
				continue
			}
			if base.Row == 0 {
				base.Row = len(out.rows) + 1
				out.rows = append(out.rows, *base)
			}
			n := int64(c.count.N)
			if c.count.Suppressed {
				n = 0
			}
			out.counts = append(out.counts, domain.MonitorCount{Row: base.Row, Year: year, Kind: kind, Sex: string(c.sex), Count: n,
				Suppressed: c.count.Suppressed})
		}
	}
	// cells groups the counts of one row by year and measure, in file
	// order (a row has a few dozen at most: a slice beats a map).
	type cellKey struct {
		year    int
		measure duo.Measure
	}
	type group struct {
		key   cellKey
		cells []sexCell
	}
	var groups []group
	collect := func(year int, m duo.Measure, sex duo.Sex, c opendata.Count) {
		k := cellKey{year, m}
		for i := range groups {
			if groups[i].key == k {
				groups[i].cells = append(groups[i].cells, sexCell{sex, c})
				return
			}
		}
		groups = append(groups, group{key: k, cells: []sexCell{{sex, c}}})
	}
	switch ds.Family {
	case duo.FamilyMBO:
		out.stage = monitor.StageMBO
		for i := 0; i < len(ds.MBO); {
			k := ds.MBO[i].MBOKey
			groups = groups[:0]
			for ; i < len(ds.MBO) && ds.MBO[i].MBOKey == k; i++ {
				r := &ds.MBO[i]
				collect(r.Year, r.Measure, r.Sex, r.Count)
			}
			base := mboBase(k, m)
			label(domain.MonitorLabel{Dim: dimSchool, Code: k.BRIN, Label: k.InstitutionName, Place: k.Place, Municipality: base.Municipality})
			if k.Crebo != "" && k.QualificationName != "" {
				label(domain.MonitorLabel{Dim: dimQualification, Code: k.Crebo, Label: k.QualificationName})
			}
			for _, g := range groups {
				add(&base, g.key.year, kindOf(g.key.measure), g.cells)
			}
		}
	case duo.FamilyHO:
		out.stage = hoStage(stageOpt, fileName, ds)
		for i := range ds.HO {
			r := &ds.HO[i]
			k := r.HOKey
			gm := k.MunicipalityCode
			if gm == "" {
				gm = m.municipality(k.Municipality, k.Line)
			}
			base := domain.MonitorRow{Line: k.Line, Stage: out.stage, School: k.BRIN, Municipality: gm, LabourMarket: m.amOf[gm],
				Sector: strings.ToLower(k.Sector), Domain: k.SubSector, Qualification: k.CROHO, Level: strings.ToLower(k.Degree), Pathway: k.Form}
			if base.Qualification == "" {
				base.Qualification = k.Programme
			}
			label(domain.MonitorLabel{Dim: dimSchool, Code: k.BRIN, Label: k.Institution, Place: k.Municipality, Municipality: gm})
			if k.CROHO != "" && k.Programme != "" {
				label(domain.MonitorLabel{Dim: dimQualification, Code: k.CROHO, Label: k.Programme})
			}
			add(&base, r.Year, kindOf(r.Measure), []sexCell{{r.Sex, r.Count}})
		}
	case duo.FamilyVO:
		for i := 0; i < len(ds.VO); {
			k := ds.VO[i].VOKey
			groups = groups[:0]
			for ; i < len(ds.VO) && ds.VO[i].VOKey == k; i++ {
				r := &ds.VO[i]
				collect(r.SchoolYear, r.Measure, r.Sex, r.Count)
			}
			gm := m.municipality(k.Municipality, k.Line)
			stage := strings.ToLower(k.Type)
			base := domain.MonitorRow{Line: k.Line, Stage: stage, School: k.Vestiging, Municipality: gm, LabourMarket: m.amOf[gm],
				Sector: k.Sector, Level: k.Track, Qualification: k.Programme}
			label(domain.MonitorLabel{Dim: dimSchool, Code: k.Vestiging, Label: k.Name, Place: k.Municipality, Municipality: gm})
			for _, g := range groups {
				add(&base, g.key.year, kindOf(g.key.measure), g.cells)
			}
		}
	}
	out.labels = make([]domain.MonitorLabel, 0, len(labels))
	for k, l := range labels {
		if k[0] == dimSchool && len(places[k[1]]) > 1 {
			l.Place, l.Municipality = "", ""
		}
		out.labels = append(out.labels, l)
	}
	sort.Slice(out.labels, func(i, j int) bool {
		if out.labels[i].Dim != out.labels[j].Dim {
			return out.labels[i].Dim < out.labels[j].Dim
		}
		return out.labels[i].Code < out.labels[j].Code
	})
	return out
}

// mboBase fills the dimensions of an mbo row.
func mboBase(k *duo.MBOKey, m *mapper) domain.MonitorRow {
	gm := k.MunicipalityCode
	switch {
	case gm != "":
	case k.Place != "":
		gm = m.place(k.Place, k.Line)
		if gm == "" {
			gm = m.school(k.BRIN, k.Line, false)
		}
	case k.BRIN != "":
		gm = m.school(k.BRIN, k.Line, true)
	}
	sector, dom := m.qualification(k.Crebo, k.Sector, k.Domain, k.SectorChamber, k.TechLabel)
	if dom == "" {
		dom = k.MainGroup
	}
	level := ""
	if k.Level > 0 {
		level = strconv.Itoa(k.Level)
	}
	return domain.MonitorRow{Line: k.Line, Stage: monitor.StageMBO, School: k.BRIN, Municipality: gm, LabourMarket: m.amOf[gm],
		Sector: sector, Domain: dom, Qualification: k.Crebo, Level: level, Pathway: string(k.Pathway)}
}
