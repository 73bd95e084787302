package domain

import (
	"math"
	"slices"
	"strings"
	"time"
)

// The regional monitor's stored data: imports of open-data files, the facts
// (counts) they contain in long form, labels, labour-market figures,
// school locations and the targets coordinators set. Open data is public,
// but each region keeps its own imports so that a network decides which
// files its monitor shows.

// ImportStatus is the state of an open-data import.
type ImportStatus string

// Import states: running while the file is read and stored, done when its
// facts are stored, failed when the file was rejected (nothing stored), and
// replaced when a newer file for the same dataset and years took over all
// of its facts.
const (
	ImportRunning  ImportStatus = "running"
	ImportDone     ImportStatus = "done"
	ImportFailed   ImportStatus = "failed"
	ImportReplaced ImportStatus = "replaced"
)

// Valid reports whether s is a known status.
func (s ImportStatus) Valid() bool {
	switch s {
	case ImportRunning, ImportDone, ImportFailed, ImportReplaced:
		return true
	}
	return false
}

// Import sources.
const (
	SourceDUO    = "duo"    // DUO open onderwijsdata
	SourceLabour = "labour" // CBS vacancies, Wij Techniek recruitment prognosis
	SourceDemo   = "demo"   // the demo's synthetic, clearly labelled history
)

// MonitorImport is one imported file: what it was, what it contained and
// what became of it. Every stored fact points to its import, so every
// number of the monitor can be traced back to a file (and a line).
type MonitorImport struct {
	ID       int64
	RegionID int64
	Source   string // SourceDUO, SourceLabour or SourceDemo
	Layout   string // the file layout detected, e.g. "mbo-deelnemers-2015"
	// Dataset is what a newer file replaces: the layout, and for layouts
	// shared by hbo and wo the stage too ("ho-eerstejaars-2015/wo").
	Dataset    string
	FileName   string
	SHA256     string // hex; importing a file with the same hash again changes nothing
	Size       int64
	Encoding   string
	Separator  string
	Years      []int
	Rows       int // data rows read
	Records    int // counts read (a row holds one per year, sex, pathway ...)
	Facts      int // facts stored (zeros are not stored)
	Suppressed int // facts published as "<5"
	Skipped    int // artefact lines skipped
	Replaced   int // facts of earlier imports this import replaced
	Unmapped   []UnmappedName
	Problems   []ImportProblem
	Note       string
	Status     ImportStatus
	ReplacedBy int64
	CreatedBy  int64
	CreatedAt  time.Time
	FinishedAt time.Time
}

// UnmappedName is a place, municipality or institution name of a file that
// could not be placed in a municipality; its counts are stored without one
// and count nationally, not in any region.
type UnmappedName struct {
	Kind      string `json:"kind"` // place, municipality, school
	Name      string `json:"name"`
	Lines     int    `json:"lines"`
	FirstLine int    `json:"first_line"`
}

// ImportProblem is one problem of a rejected file, named by line and
// column; Code is an opendata problem code the interface translates.
type ImportProblem struct {
	Code     string `json:"code"`
	Line     int    `json:"line"`
	Column   string `json:"column,omitempty"`
	Value    string `json:"value,omitempty"`
	Expected string `json:"expected,omitempty"`
}

// MonitorRow is a source row of an import: the dimensions its counts
// share. Row numbers the rows of one import (a line of a file may give
// several rows, e.g. one per pathway column); Line is the line of the file.
type MonitorRow struct {
	Row           int
	Line          int
	Stage         string // vmbo, havo, vwo, mbo, hbo, wo
	School        string // BRIN, or BRIN + vestiging
	Municipality  string // GM code, "" when unmapped
	LabourMarket  string // AM code of the municipality, "" when unknown
	Sector        string
	Domain        string
	Qualification string // crebo, CROHO code, or programme name
	Level         string
	Pathway       string
}

// MonitorCount is one count of a source row: a year, a kind and a sex,
// and the count, or Suppressed for a cell published as "<5" (then Count is
// 0 and the true value lies in 1..4). Exact zeros are not stored.
type MonitorCount struct {
	Row        int
	Year       int
	Kind       string // enrolled, first-year, diploma, candidates, passed ...
	Sex        string // T (total), M, V
	Count      int64
	Suppressed bool
}

// MonitorFact is one stored count with its row's dimensions, as read
// back: a year, the dimensions it belongs to and the count, or Suppressed
// for a cell published as "<5" (then Count is 0 and the true value lies
// in 1..4).
type MonitorFact struct {
	ImportID      int64
	Row           int
	Line          int
	Year          int
	Stage         string // vmbo, havo, vwo, mbo, hbo, wo
	Kind          string // enrolled, first-year, diploma, candidates, passed ...
	School        string // BRIN, or BRIN + vestiging
	Municipality  string // GM code, "" when unmapped
	LabourMarket  string // AM code of the municipality, "" when unknown
	Sector        string
	Domain        string
	Qualification string // crebo, CROHO code, or programme name
	Level         string
	Pathway       string
	Sex           string // T (total), M, V
	Count         int64
	Suppressed    bool
	// Dataset is filled when facts are read back: the dataset of the
	// fact's import, so that the monitor can prefer one source per year.
	Dataset string
}

// MonitorLabel names a code of a dimension for display: a school's name
// and seat, a qualification's name.
type MonitorLabel struct {
	Dim          string // school, qualification
	Code         string
	Label        string
	Place        string
	Municipality string
}

// SchoolLocation is an mbo school location (vestiging): reference data
// shared by all regions, used to place institutions in a municipality.
type SchoolLocation struct {
	Code             string // BRIN + 2-digit vestiging, e.g. 25LX00
	BRIN             string
	Name             string
	Street           string
	Postcode         string
	Place            string
	MunicipalityCode string
}

// LabourFigure is one labour-market number: open vacancies (CBS) or a
// recruitment need (Wij Techniek) for an area, sector and period.
type LabourFigure struct {
	ImportID    int64
	Line        int
	Source      string // cbs-83599NED, wijtechniek-prognose
	Area        string // province code (PV##), NL, or a landsdeel key
	AreaName    string
	Sector      string // sector or function the figure is about
	Period      string // as published, e.g. "2026 2e kwartaal"
	Year        int
	Measure     string // vacancies, vacancies_year_before, recruitment_need ...
	Value       float64
	Provisional bool
}

// TargetSchool is one school's weight in a spread target.
type TargetSchool struct {
	School         string
	BaselineWeight float64 // the starting distribution, for display ("5 + 2 + 1")
	Weight         float64 // the target distribution ("5 + 5 + 5")
}

// MonitorTarget is what a region's coordinators aim for: the spread of
// technical students over schools, the demand for graduates the monitor
// sets against expected supply, and the regions that count as the
// network's in comparisons.
type MonitorTarget struct {
	RegionID     int64
	Stage        string // whose spread: mbo by default
	Kind         string // enrolled by default
	BaselineYear int
	TargetYear   int
	// Total is the target number of students at the target's schools;
	// GrowthFactor the growth of the baseline total (15/8 for "from 8 to
	// 15"); at most one is set.
	Total        float64
	GrowthFactor float64
	Schools      []TargetSchool
	// Demand is the expected yearly demand for technical mbo graduates
	// (e.g. 700 vacancies) from DemandFrom to DemandTo, with a range.
	Demand, DemandLow, DemandHigh float64
	DemandFrom, DemandTo          int
	DemandNote                    string
	NetworkAreas                  []string // AM codes of the network's regions
	UpdatedBy                     int64
	UpdatedAt                     time.Time
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// Validate checks a target: years in 1990..2100 with the baseline not after
// the target year, non-negative weights with at least one positive, schools
// named once, at most one of Total and GrowthFactor, a demand range that
// encloses the demand and AM codes for the network areas. It returns a
// *ValidationError naming the fields.
func (t *MonitorTarget) Validate() error {
	var v ValidationError
	year := func(y int) bool { return y >= 1990 && y <= 2100 }
	if t.Stage == "" {
		t.Stage = "mbo"
	}
	if t.Kind == "" {
		t.Kind = "enrolled"
	}
	if len(t.Schools) > 0 || t.BaselineYear != 0 || t.TargetYear != 0 {
		if !year(t.BaselineYear) {
			v.Add("baseline_year", "invalid.year")
		}
		if !year(t.TargetYear) || t.TargetYear < t.BaselineYear {
			v.Add("target_year", "invalid.year")
		}
		if len(t.Schools) == 0 {
			v.Add("schools", "invalid.required")
		}
	}
	if t.Total < 0 || t.GrowthFactor < 0 || !finite(t.Total) || !finite(t.GrowthFactor) || (t.Total > 0 && t.GrowthFactor > 0) {
		v.Add("growth_factor", "invalid.monitor_total_or_growth")
	}
	seen := map[string]bool{}
	positive := false
	for _, s := range t.Schools {
		s.School = strings.ToUpper(strings.TrimSpace(s.School))
		if s.School == "" || seen[s.School] || s.Weight < 0 || s.BaselineWeight < 0 || !finite(s.Weight) || !finite(s.BaselineWeight) {
			v.Add("schools", "invalid.monitor_weights")
			break
		}
		seen[s.School] = true
		positive = positive || s.Weight > 0
	}
	if len(t.Schools) > 0 && !positive {
		v.Add("schools", "invalid.monitor_weights")
	}
	if t.Demand < 0 || !finite(t.Demand) || !finite(t.DemandLow) || !finite(t.DemandHigh) {
		v.Add("demand", "invalid.number")
	} else if t.Demand > 0 {
		if t.DemandLow == 0 {
			t.DemandLow = t.Demand
		}
		if t.DemandHigh == 0 {
			t.DemandHigh = t.Demand
		}
		if !(t.DemandLow >= 0 && t.DemandLow <= t.Demand && t.Demand <= t.DemandHigh) {
			v.Add("demand_low", "invalid.monitor_range")
		}
		if !year(t.DemandFrom) || !year(t.DemandTo) || t.DemandTo < t.DemandFrom {
			v.Add("demand_from", "invalid.year")
		}
	}
	if len(t.DemandNote) > 500 {
		v.Add("demand_note", "invalid.too_long")
	}
	for i, a := range t.NetworkAreas {
		code, err := ParseCBSCode("AM", a)
		if err != nil {
			v.Add("network_areas", "invalid.cbs_code", "AM")
			break
		}
		t.NetworkAreas[i] = code
	}
	slices.Sort(t.NetworkAreas)
	t.NetworkAreas = slices.Compact(t.NetworkAreas)
	for i := range t.Schools {
		t.Schools[i].School = strings.ToUpper(strings.TrimSpace(t.Schools[i].School))
	}
	return v.Err()
}
