package duo

import (
	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// Family groups layouts by the kind of record they produce.
type Family string

// The record families.
const (
	FamilyMBO Family = "mbo" // Dataset.MBO
	FamilyHO  Family = "ho"  // Dataset.HO (hbo and wo)
	FamilyVO  Family = "vo"  // Dataset.VO
)

// Sex is the sex a count is about; SexTotal when the file does not split.
type Sex string

// The sexes DUO publishes.
const (
	SexMale   Sex = "M"
	SexFemale Sex = "V"
	SexTotal  Sex = "T"
)

// Pathway is an mbo leerweg.
type Pathway string

// The mbo pathways. PathwayBOL is used when a file does not split BOL into
// full-time and part-time; PathwayExam is "examendeelnemer" (EX).
const (
	PathwayBOLVT Pathway = "BOLVT"
	PathwayBOLDT Pathway = "BOLDT"
	PathwayBOL   Pathway = "BOL"
	PathwayBBL   Pathway = "BBL"
	PathwayExam  Pathway = "EX"
)

// Measure says what a count counts.
type Measure string

// The measures. They mirror the DUO column or file they come from.
const (
	MeasureEnrolled        Measure = "enrolled"         // students enrolled on 1 October
	MeasureFirstYear       Measure = "first-year"       // first-year enrolments (eerstejaars)
	MeasureEnrolments      Measure = "enrolments"       // enrolments (inschrijvingen; a student may have several)
	MeasureDiploma         Measure = "diploma"          // diplomas awarded
	MeasureTotalMBO        Measure = "total-mbo"        // TOTAAL MBO of instromende-mbo-studenten
	MeasureInflowMBO       Measure = "inflow-mbo"       // INSTROOM MBO: new to mbo
	MeasureInflowProgramme Measure = "inflow-programme" // INSTROOM OPLEIDING: new to the programme
	MeasureCandidates      Measure = "candidates"       // exam candidates (examenkandidaten)
	MeasurePassed          Measure = "passed"           // passed the exam (geslaagden)
)

// MBOKey holds the descriptive fields of one row of an mbo file; every
// record read from that row points to it. Fields a layout does not publish
// are "" (or 0 for Level).
type MBOKey struct {
	BRIN              string // instellingscode, 4 characters
	InstitutionName   string
	InstitutionKind   string // SOORTINS: ROC, AOC, VAK, OVERIG
	Place             string // plaatsnaam of the institution, as published (often upper case)
	MunicipalityCode  string // GM + 4 digits, where published
	Municipality      string
	Province          string
	AuthorityNumber   string // bevoegd gezag nummer
	Pathway           Pathway
	Level             int // 1-4, 0 when not published
	Crebo             string
	QualificationName string
	Sector            string // MBO SECTOR (old layouts)
	Domain            string // opleidingsdomein (old layouts)
	SectorUnit        string // SECTORUNIT SBB
	SectorChamber     string // SECTORKAMER NAAM (current layouts)
	MainGroupCode     string // HOOFDGROEP CODE
	MainGroup         string // HOOFDGROEP NAAM
	PriorVO           string // VOOROPLEIDING VO (inflow)
	PriorMBO          string // VOOROPLEIDING MBO (inflow)
	SmallProgramme    bool   // INDICATIE KLEINE OPLEIDING = J
	HomeProvince      string // WOONPROVINCIE
	HomeMunicipality  string // WOONGEMEENTE
	AgeGroup          string // LEEFTIJDSCATEGORIE
	TechLabel         string // tech_label of the derived tech file
	Line              int    // line of the file the row starts on (header = 1)
}

// MBORecord is one count about mbo students.
type MBORecord struct {
	*MBOKey
	Year    int // 0 when the file carries none and Options.Year was 0
	Sex     Sex
	Measure Measure
	Count   opendata.Count
}

// HOKey holds the descriptive fields of one row of an hbo/wo file.
type HOKey struct {
	Province         string
	MunicipalityCode string // GM + GEMEENTENUMMER, "" when not published
	Municipality     string
	InstitutionType  string // SOORT INSTELLING
	Degree           string // TYPE HOGER ONDERWIJS or SOORT DIPLOMA (bachelor, master, ...)
	BRIN             string
	Institution      string
	Sector           string // CROHO ONDERDEEL, e.g. "techniek"
	SubSector        string // CROHO SUBONDERDEEL
	CROHO            string // opleidingscode, "" in the aggregated current layouts
	Programme        string
	Form             string // voltijd, deeltijd or duaal; "" when not published
	Line             int    // line of the file the row starts on (header = 1)
}

// HORecord is one count about hbo or wo students.
type HORecord struct {
	*HOKey
	Year    int
	Sex     Sex
	Measure Measure // MeasureFirstYear, MeasureEnrolled, MeasureEnrolments or MeasureDiploma
	Count   opendata.Count
}

// VOKey holds the descriptive fields of one row of the vo exam file.
type VOKey struct {
	BRIN           string // instellingscode
	Vestiging      string // BRIN + 2 digits
	Name           string
	Municipality   string // GEMEENTENAAM as published (upper case)
	Type           string // VMBO, HAVO, VWO
	InspectionCode string
	Programme      string // OPLEIDINGSNAAM, e.g. "VMBO K - techniek"
	Sector         string // from Programme: techniek, economie, zorg en welzijn, landbouw; profile for havo/vwo ("N&T")
	Track          string // vmbo leerweg from Programme: B, K, G, T or LWT; "" for havo/vwo
	Line           int    // line of the file the row starts on (header = 1)
}

// VORecord is one count of vo exam candidates or passes.
type VORecord struct {
	*VOKey
	SchoolYear int // the start year: 2019 for 2019-2020
	Sex        Sex
	Measure    Measure // MeasureCandidates or MeasurePassed
	Count      opendata.Count
}

// Dataset is a whole DUO file in long format, with what was learned while
// reading it. Exactly one of MBO, HO and VO is filled, per Family.
type Dataset struct {
	Layout    Layout
	Family    Family
	Encoding  csvx.Encoding
	Separator byte
	Rows      int      // data rows read
	Skipped   int      // artefact lines skipped (empty or only "")
	Years     []int    // distinct years of the records, ascending
	Ignored   []string // header columns the layout does not use
	MBO       []MBORecord
	HO        []HORecord
	VO        []VORecord
}

// Len returns the number of records.
func (d *Dataset) Len() int { return len(d.MBO) + len(d.HO) + len(d.VO) }
