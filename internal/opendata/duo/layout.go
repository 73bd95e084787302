package duo

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// Layout names a DUO file layout. The current layouts are named after the
// DUO dataset (its id on onderwijsdata.duo.nl); the older ones after the
// file they came in.
type Layout string

// The layouts Detect recognises.
const (
	// LayoutMBOEnrolments2015 is "deelnemers per instelling, plaats,
	// kenniscentrum, sector, bedrijfstak, type mbo, opleiding, niveau,
	// geslacht" (2015-2019): BRIN NUMMER ... MAN2015;VROUW2015;TOTAAL2015 ...
	LayoutMBOEnrolments2015 Layout = "mbo-deelnemers-2015"
	// LayoutMBODiplomas2015 is the matching diploma file with
	// DIPMAN/DIPVRW/DIPTOTAAL + year columns.
	LayoutMBODiplomas2015 Layout = "mbo-gediplomeerden-2015"
	// LayoutMBOTechDerived is the third-party derived tech enrolments and
	// diplomas file (brin_nummer, kwalificatie_code, 2015_man_i ... tech_label).
	LayoutMBOTechDerived Layout = "mbo-tech-afgeleid"
	// LayoutMBODiplomas is the current "gediplomeerde-mbo-studenten"
	// (INSTELLINGSCODE ... DIPMAN2021;DIPVROUW2021 ...).
	LayoutMBODiplomas Layout = "gediplomeerde-mbo-studenten"
	// LayoutMBOPerInstitution is the current "mbo-studenten-per-instelling"
	// (JAAR ... BBL;BOLDT;BOLVT;EX).
	LayoutMBOPerInstitution Layout = "mbo-studenten-per-instelling"
	// LayoutMBOInflow is the current "instromende-mbo-studenten" (TOTAAL MBO;
	// INSTROOM MBO;INSTROOM OPLEIDING). The file has no year column: pass
	// Options.Year.
	LayoutMBOInflow Layout = "instromende-mbo-studenten"
	// LayoutMBOSectorChamber is the current
	// "mbo-studenten-per-sectorkamer-en-leerweg" (JAAR_2021 ...).
	LayoutMBOSectorChamber Layout = "mbo-studenten-per-sectorkamer-en-leerweg"
	// LayoutHOFirstYear2015 is the older hbo/wo first-year file
	// (03b-eerstejaars-ingeschrevenen ...: GEMEENTENUMMER ... 2015;2016 ...).
	LayoutHOFirstYear2015 Layout = "ho-eerstejaars-2015"
	// LayoutHODiplomas2015 is the older hbo/wo diploma file
	// (05-gediplomeerden ...: ... SOORT DIPLOMA;GESLACHT;2014 ...).
	LayoutHODiplomas2015 Layout = "ho-gediplomeerden-2015"
	// LayoutHOEnrolled is the current "p01hoinges" (ingeschrevenen ho,
	// AANTAL_INGESCHREVENEN, optionally INDICATIEAVG).
	LayoutHOEnrolled Layout = "p01hoinges"
	// LayoutHOFirstYear is the current "p02ho1ejrs" (eerstejaars).
	LayoutHOFirstYear Layout = "p02ho1ejrs"
	// LayoutHOEnrolments is the current "p03hoinschr" (inschrijvingen).
	LayoutHOEnrolments Layout = "p03hoinschr"
	// LayoutHODiplomas is the current "p04hogdipl" (gediplomeerden).
	LayoutHODiplomas Layout = "p04hogdipl"
	// LayoutVOExams is "examenkandidaten en geslaagden" per vestiging and
	// programme (EXAMENKANDIDATEN SCHOOLJAAR 2019-2020 - MAN ...).
	LayoutVOExams Layout = "vo-examenkandidaten-geslaagden"
)

// field is a descriptive column a layout may have.
type field int

const (
	fBRIN field = iota
	fInstitution
	fInstitutionKind
	fPlace
	fMunicipalityCode
	fMunicipality
	fProvince
	fAuthority
	fPathway
	fLevel
	fCrebo
	fQualification
	fSector
	fDomain
	fSectorUnit
	fSectorChamber
	fMainGroupCode
	fMainGroup
	fPriorVO
	fPriorMBO
	fSmall
	fHomeProvince
	fHomeMunicipality
	fAgeGroup
	fTechLabel
	fYear
	fSex
	fSuppressed
	fInstitutionType
	fDegree
	fSubSector
	fCROHO
	fProgramme
	fForm
	fVestiging
	fVOType
	fInspection
	numFields
)

// valueCol is a column holding counts; zero fields are taken from the row.
type valueCol struct {
	col       int
	year      int
	sex       Sex
	measure   Measure
	pathway   Pathway
	checkOnly bool // validated, not turned into records (SLAAGPERC)
}

// spec describes one layout.
type spec struct {
	layout    Layout
	family    Family
	cols      map[field][]string // column names (any spelling NormalizeName equates)
	required  []field            // fields whose column must be present
	values    func(name string) (valueCol, bool)
	valueDoc  string // how the count columns look, for error messages
	emptyZero bool   // an empty count cell means 0
	emptySkip bool   // an empty count cell means "no data": no record
}

var (
	reMBOYear     = regexp.MustCompile(`^(MAN|VROUW|TOTAAL)(\d{4})$`)
	reDipYear     = regexp.MustCompile(`^DIP(MAN|VRW|VROUW|TOT|TOTAAL)(\d{4})$`)
	reTechYear    = regexp.MustCompile(`^(\d{4}) (MAN|VROUW|TOT) (I|D)$`)
	reJaarYear    = regexp.MustCompile(`^JAAR (\d{4})$`)
	reBareYear    = regexp.MustCompile(`^(\d{4})$`)
	reVOExamYear  = regexp.MustCompile(`^(EXAMENKANDIDATEN|GESLAAGDEN|SLAAGPERC) SCHOOLJAAR (\d{4}) ?- ?(\d{4}) - (MAN|VROUW|TOTAAL)$`)
	sexOfToken    = map[string]Sex{"MAN": SexMale, "VROUW": SexFemale, "VRW": SexFemale, "TOTAAL": SexTotal, "TOT": SexTotal}
	pathwayColumn = map[string]Pathway{"BBL": PathwayBBL, "BOLDT": PathwayBOLDT, "BOLVT": PathwayBOLVT, "BOL": PathwayBOL, "EX": PathwayExam}
)

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func yearSexColumns(re *regexp.Regexp, m Measure) func(string) (valueCol, bool) {
	return func(name string) (valueCol, bool) {
		g := re.FindStringSubmatch(name)
		if g == nil {
			return valueCol{}, false
		}
		return valueCol{year: atoi(g[2]), sex: sexOfToken[g[1]], measure: m}, true
	}
}

func yearColumns(re *regexp.Regexp, m Measure) func(string) (valueCol, bool) {
	return func(name string) (valueCol, bool) {
		g := re.FindStringSubmatch(name)
		if g == nil {
			return valueCol{}, false
		}
		return valueCol{year: atoi(g[1]), measure: m}, true
	}
}

func namedColumns(m map[string]valueCol) func(string) (valueCol, bool) {
	return func(name string) (valueCol, bool) {
		v, ok := m[name]
		return v, ok
	}
}

// Column names shared by several layouts.
var (
	mbo2015Cols = map[field][]string{
		fBRIN: {"BRIN NUMMER"}, fInstitutionKind: {"SOORTINS"}, fInstitution: {"INSTELLINGSNAAM"},
		fPlace: {"PLAATSNAAM"}, fPathway: {"TYPE MBO"}, fLevel: {"KWALIFICATIENIVEAU"},
		fCrebo: {"KWALIFICATIE CODE"}, fQualification: {"KWALIFICATIE NAAM"},
		fSector: {"MBO SECTOR"}, fDomain: {"DOMEIN"}, fSectorUnit: {"SECTORUNIT SBB"},
		fSuppressed: {"INDICATIEAVG"},
	}
	mbo2015Required = []field{fBRIN, fInstitution, fPlace, fPathway, fLevel, fCrebo, fQualification}
	ho2015Cols      = map[field][]string{
		fProvince: {"PROVINCIE"}, fMunicipalityCode: {"GEMEENTENUMMER"}, fMunicipality: {"GEMEENTENAAM"},
		fInstitutionType: {"SOORT INSTELLING"}, fBRIN: {"BRIN NUMMER ACTUEEL"},
		fInstitution: {"INSTELLINGSNAAM ACTUEEL"}, fSector: {"CROHO ONDERDEEL"},
		fSubSector: {"CROHO SUBONDERDEEL"}, fCROHO: {"OPLEIDINGSCODE ACTUEEL"},
		fProgramme: {"OPLEIDINGSNAAM ACTUEEL"}, fForm: {"OPLEIDINGSVORM"}, fSex: {"GESLACHT"},
		fSuppressed: {"INDICATIEAVG"},
	}
	hoCurrentCols = map[field][]string{
		fProvince: {"PROVINCIENAAM"}, fMunicipalityCode: {"GEMEENTENUMMER"}, fMunicipality: {"GEMEENTENAAM"},
		fInstitutionType: {"SOORT INSTELLING"}, fDegree: {"TYPE HOGER ONDERWIJS", "SOORT DIPLOMA"},
		fBRIN: {"INSTELLINGSCODE ACTUEEL"}, fInstitution: {"INSTELLINGSNAAM ACTUEEL"},
		fSector: {"ONDERDEEL"}, fSubSector: {"SUBONDERDEEL"}, fCROHO: {"OPLEIDINGSCODE ACTUEEL"},
		fProgramme: {"OPLEIDINGSNAAM ACTUEEL"}, fForm: {"OPLEIDINGSVORM"}, fSex: {"GESLACHT"},
		fYear: {"STUDIEJAAR", "DIPLOMAJAAR"}, fSuppressed: {"INDICATIEAVG"},
	}
)

func with(base map[field][]string, extra map[field][]string) map[field][]string {
	m := make(map[field][]string, len(base)+len(extra))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func hoCurrent(l Layout, countCol string, m Measure) spec {
	return spec{
		layout: l, family: FamilyHO, cols: hoCurrentCols,
		required: []field{fYear, fBRIN, fSex},
		values:   namedColumns(map[string]valueCol{countCol: {measure: m}}),
		valueDoc: countCol,
	}
}

// specs lists every layout; Detect prefers the one matching most required
// columns.
var specs = []spec{
	{
		layout: LayoutMBOEnrolments2015, family: FamilyMBO, cols: mbo2015Cols, required: mbo2015Required,
		values: yearSexColumns(reMBOYear, MeasureEnrolled), valueDoc: "MAN2019, VROUW2019, TOTAAL2019, ...",
		emptyZero: true,
	},
	{
		layout: LayoutMBODiplomas2015, family: FamilyMBO, cols: mbo2015Cols, required: mbo2015Required,
		values: yearSexColumns(reDipYear, MeasureDiploma), valueDoc: "DIPMAN2019, DIPVRW2019, DIPTOTAAL2019, ...",
		emptyZero: true,
	},
	{
		layout: LayoutMBOTechDerived, family: FamilyMBO,
		cols: map[field][]string{
			fBRIN: {"BRIN NUMMER"}, fCrebo: {"KWALIFICATIE CODE"}, fQualification: {"KWALIFICATIE NAAM"},
			fTechLabel: {"TECH LABEL"},
		},
		required: []field{fBRIN, fCrebo, fQualification},
		values: func(name string) (valueCol, bool) {
			g := reTechYear.FindStringSubmatch(name)
			if g == nil {
				return valueCol{}, false
			}
			m := MeasureEnrolled
			if g[3] == "D" {
				m = MeasureDiploma
			}
			return valueCol{year: atoi(g[1]), sex: sexOfToken[g[2]], measure: m}, true
		},
		valueDoc: "2019_man_i, 2019_tot_d, ...", emptySkip: true,
	},
	{
		layout: LayoutMBODiplomas, family: FamilyMBO,
		cols: map[field][]string{
			fBRIN: {"INSTELLINGSCODE"}, fInstitution: {"INSTELLINGSNAAM"}, fPlace: {"PLAATSNAAM INSTELLING"},
			fPathway: {"LEERWEG"}, fLevel: {"NIVEAU"}, fCrebo: {"ERKENDE OPLEIDING CODE"},
			fQualification: {"ERKENDE OPLEIDING NAAM"}, fSectorChamber: {"SECTORKAMER NAAM"},
			fMainGroup: {"HOOFDGROEP NAAM"}, fSuppressed: {"INDICATIEAVG"},
		},
		required: []field{fBRIN, fInstitution, fPathway, fLevel, fCrebo, fQualification},
		values:   yearSexColumns(reDipYear, MeasureDiploma), valueDoc: "DIPMAN2021, DIPVROUW2021, ...",
		emptyZero: true,
	},
	{
		layout: LayoutMBOPerInstitution, family: FamilyMBO,
		cols: map[field][]string{
			fYear: {"JAAR"}, fProvince: {"PROVINCIE INSTELLING"}, fAuthority: {"BEVOEGD GEZAG NUMMER"},
			fBRIN: {"INSTELLINGSCODE"}, fInstitution: {"INSTELLINGSNAAM"}, fPlace: {"PLAATSNAAM INSTELLING"},
			fMunicipalityCode: {"GEMEENTENUMMER INSTELLING"}, fMunicipality: {"GEMEENTE INSTELLING"},
			fSectorChamber: {"SECTORKAMER NAAM"}, fSuppressed: {"INDICATIEAVG"},
		},
		required: []field{fYear, fBRIN, fInstitution},
		values: func(name string) (valueCol, bool) {
			p, ok := pathwayColumn[name]
			return valueCol{pathway: p, measure: MeasureEnrolled}, ok
		},
		valueDoc: "BBL, BOLDT, BOLVT, EX", emptyZero: true,
	},
	{
		layout: LayoutMBOInflow, family: FamilyMBO,
		cols: map[field][]string{
			fPriorVO: {"VOOROPLEIDING VO"}, fPriorMBO: {"VOOROPLEIDING MBO"}, fSmall: {"INDICATIE KLEINE OPLEIDING"},
			fBRIN: {"INSTELLINGSCODE"}, fInstitution: {"INSTELLINGSNAAM"}, fMainGroupCode: {"HOOFDGROEP CODE"},
			fMainGroup: {"HOOFDGROEP NAAM"}, fLevel: {"NIVEAU"}, fPathway: {"LEERWEG"},
			fCrebo: {"BEROEPSOPLEIDING CODE"}, fQualification: {"BEROEPSOPLEIDING NAAM"},
			fYear: {"JAAR", "STUDIEJAAR"}, fSuppressed: {"INDICATIEAVG"},
		},
		required: []field{fBRIN, fInstitution, fLevel, fPathway, fCrebo, fQualification},
		values: namedColumns(map[string]valueCol{
			"TOTAAL MBO":         {measure: MeasureTotalMBO},
			"INSTROOM MBO":       {measure: MeasureInflowMBO},
			"INSTROOM OPLEIDING": {measure: MeasureInflowProgramme},
		}),
		valueDoc: "TOTAAL MBO, INSTROOM MBO, INSTROOM OPLEIDING", emptyZero: true,
	},
	{
		layout: LayoutMBOSectorChamber, family: FamilyMBO,
		cols: map[field][]string{
			fSectorChamber: {"SECTORKAMER NAAM"}, fMainGroup: {"HOOFDGROEP NAAM"}, fPathway: {"LEERWEG"},
			fLevel: {"NIVEAU"}, fHomeProvince: {"WOONPROVINCIE"}, fHomeMunicipality: {"WOONGEMEENTE"},
			fAgeGroup: {"LEEFTIJDSCATEGORIE"}, fSuppressed: {"INDICATIEAVG"},
		},
		required: []field{fSectorChamber, fPathway, fLevel},
		values:   yearColumns(reJaarYear, MeasureEnrolled), valueDoc: "JAAR_2021, JAAR_2022, ...",
		emptyZero: true,
	},
	{
		layout: LayoutHOFirstYear2015, family: FamilyHO,
		cols:     with(ho2015Cols, map[field][]string{fDegree: {"TYPE HOGER ONDERWIJS"}}),
		required: []field{fMunicipalityCode, fBRIN, fInstitution, fCROHO, fProgramme, fForm, fSex, fDegree},
		values:   yearColumns(reBareYear, MeasureFirstYear), valueDoc: "2015, 2016, ...",
	},
	{
		layout: LayoutHODiplomas2015, family: FamilyHO,
		cols:     with(ho2015Cols, map[field][]string{fDegree: {"SOORT DIPLOMA"}}),
		required: []field{fMunicipalityCode, fBRIN, fInstitution, fCROHO, fProgramme, fForm, fSex, fDegree},
		values:   yearColumns(reBareYear, MeasureDiploma), valueDoc: "2014, 2015, ...",
	},
	hoCurrent(LayoutHOEnrolled, "AANTAL INGESCHREVENEN", MeasureEnrolled),
	hoCurrent(LayoutHOFirstYear, "AANTAL EERSTEJAARS INGESCHREVENEN", MeasureFirstYear),
	hoCurrent(LayoutHOEnrolments, "AANTAL INSCHRIJVINGEN", MeasureEnrolments),
	hoCurrent(LayoutHODiplomas, "AANTAL GEDIPLOMEERDEN", MeasureDiploma),
	{
		layout: LayoutVOExams, family: FamilyVO,
		cols: map[field][]string{
			fBRIN: {"INSTELLINGSCODE"}, fVestiging: {"VESTIGINGSCODE"}, fInstitution: {"INSTELLINGSNAAM VESTIGING"},
			fMunicipality: {"GEMEENTENAAM"}, fVOType: {"ONDERWIJSTYPE VO"}, fInspection: {"INSPECTIECODE"},
			fProgramme: {"OPLEIDINGSNAAM"}, fSuppressed: {"INDICATIEAVG"},
		},
		required: []field{fBRIN, fVestiging, fInstitution, fVOType, fProgramme},
		values: func(name string) (valueCol, bool) {
			g := reVOExamYear.FindStringSubmatch(name)
			if g == nil {
				return valueCol{}, false
			}
			vc := valueCol{year: atoi(g[2]), sex: sexOfToken[g[4]], measure: MeasureCandidates}
			switch g[1] {
			case "GESLAAGDEN":
				vc.measure = MeasurePassed
			case "SLAAGPERC":
				vc.checkOnly = true
			}
			return vc, true
		},
		valueDoc: "EXAMENKANDIDATEN SCHOOLJAAR 2019-2020 - MAN, GESLAAGDEN ..., SLAAGPERC ...",
	},
}

// Layouts returns the layouts Detect recognises, in the order it tries them.
func Layouts() []Layout {
	out := make([]Layout, len(specs))
	for i, s := range specs {
		out[i] = s.layout
	}
	return out
}

func specOf(l Layout) (*spec, bool) {
	for i := range specs {
		if specs[i].layout == l {
			return &specs[i], true
		}
	}
	return nil, false
}

// binding is a spec applied to one header.
type binding struct {
	spec    *spec
	col     [numFields]int // -1 when absent
	values  []valueCol
	ignored []int
	missing []string // required columns not found
}

// bind maps a spec's columns onto a normalised header.
func bind(s *spec, header []string) *binding {
	b := &binding{spec: s}
	index := make(map[string]int, len(header))
	for i, h := range header {
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	used := make([]bool, len(header))
	for f := range b.col {
		b.col[f] = -1
		for _, name := range s.cols[field(f)] {
			if i, ok := index[csvx.NormalizeName(name)]; ok {
				b.col[f] = i
				used[i] = true
				break
			}
		}
	}
	for _, f := range s.required {
		if b.col[f] < 0 {
			b.missing = append(b.missing, csvx.NormalizeName(s.cols[f][0]))
		}
	}
	for i, h := range header {
		if used[i] {
			continue
		}
		if vc, ok := s.values(h); ok {
			vc.col = i
			b.values = append(b.values, vc)
			continue
		}
		b.ignored = append(b.ignored, i)
	}
	return b
}

func (b *binding) matches() bool { return len(b.missing) == 0 && len(b.values) > 0 }

func normalizeHeader(header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = csvx.NormalizeName(h)
	}
	return out
}

// Detect returns the layout a header belongs to. Column names are compared
// after csvx.NormalizeName (case, '_' and blanks do not matter); extra
// columns are allowed. When no layout matches it returns "" and a
// *opendata.ValidationError with a CodeUnknownLayout problem listing the
// known layouts, plus CodeMissingColumn problems for the closest one.
func Detect(header []string) (Layout, error) {
	b, err := detect(normalizeHeader(header))
	if err != nil {
		return "", err
	}
	return b.spec.layout, nil
}

func detect(norm []string) (*binding, error) {
	var best, closest *binding
	bestScore, closestScore := -1, 0
	for i := range specs {
		b := bind(&specs[i], norm)
		if b.matches() {
			if n := len(specs[i].required); n > bestScore {
				best, bestScore = b, n
			}
			continue
		}
		// The closest layout is the one with most required columns present,
		// provided at least half of them are.
		present := len(specs[i].required) - len(b.missing)
		score := 2 * present
		if len(b.values) > 0 {
			score += 2
		}
		if 2*present >= len(specs[i].required) && score > closestScore {
			closest, closestScore = b, score
		}
	}
	if best != nil {
		return best, nil
	}
	rep := opendata.NewReport(0)
	rep.Add(opendata.Problem{Code: opendata.CodeUnknownLayout, Line: 1, Expected: expectedLayouts()})
	if closest != nil {
		for _, m := range closest.missing {
			rep.Add(opendata.Problem{Code: opendata.CodeMissingColumn, Line: 1, Column: m, Expected: string(closest.spec.layout)})
		}
		if len(closest.values) == 0 {
			rep.Add(opendata.Problem{Code: opendata.CodeMissingColumn, Line: 1, Column: closest.spec.valueDoc, Expected: string(closest.spec.layout)})
		}
	}
	return nil, rep.Err()
}

// expectedLayouts describes every layout by its required columns.
func expectedLayouts() string {
	parts := make([]string, 0, len(specs))
	for _, s := range specs {
		cols := make([]string, 0, len(s.required)+1)
		for _, f := range s.required {
			cols = append(cols, s.cols[f][0])
		}
		sort.Strings(cols)
		cols = append(cols, s.valueDoc)
		parts = append(parts, string(s.layout)+" ("+strings.Join(cols, ", ")+")")
	}
	return strings.Join(parts, "; ")
}
