package demo

import "talentloket/internal/domain"

// Fields of work. Programmes, placements and companies are tagged with one;
// matching a student to a placement outside the crebo rules goes by field.
const (
	fMechatronics = "mechatronica"
	fElectrical   = "elektrotechniek"
	fInstallation = "installatietechniek"
	fMetal        = "metaal"
	fICT          = "ict"
	fMaintenance  = "onderhoud"
	fEngineering  = "engineering"
	fAutomotive   = "automotive"
	fConstruction = "bouw"
)

// qualification is a real mbo qualification (crebo) of the 2015 register
// ("Regeling vaststelling kwalificatiedossiers 2015", checked against the
// DUO enrolment lists) with its field and a popularity weight.
type qualification struct {
	crebo, name  string
	level        int
	dossierCrebo string
	dossier      string
	domain       string // opleidingsdomein
	sector       string // DUO mbo sector
	field        string
	popularity   int
	short        string // how people call the job in a title
}

const (
	domTech  = "Techniek en procesindustrie"
	domICT   = "Informatie en communicatietechnologie"
	domMob   = "Mobiliteit en voertuigen"
	domBuild = "Bouw en infra"
)

var qualifications = []qualification{
	{crebo: "25342", name: "Monteur mechatronica", level: 2, dossierCrebo: "23130", dossier: "Mechatronica", domain: domTech, sector: "techniek", field: fMechatronics, popularity: 5, short: "monteur mechatronica"},
	{crebo: "25340", name: "Eerste monteur mechatronica", level: 3, dossierCrebo: "23130", dossier: "Mechatronica", domain: domTech, sector: "techniek", field: fMechatronics, popularity: 12, short: "eerste monteur mechatronica"},
	{crebo: "25339", name: "Eerste monteur elektrotechnische systemen", level: 3, dossierCrebo: "23130", dossier: "Mechatronica", domain: domTech, sector: "techniek", field: fMechatronics, popularity: 3, short: "eerste monteur elektrotechnische systemen"},
	{crebo: "25344", name: "Technicus mechatronica systemen", level: 4, dossierCrebo: "23131", dossier: "Mechatronische systemen", domain: domTech, sector: "techniek", field: fMechatronics, popularity: 8, short: "technicus mechatronica"},
	{crebo: "25297", name: "Technicus engineering", level: 4, dossierCrebo: "23119", dossier: "Middenkader Engineering", domain: domTech, sector: "techniek", field: fEngineering, popularity: 14, short: "technicus engineering"},
	{crebo: "25333", name: "Monteur elektrotechnische installaties", level: 2, dossierCrebo: "23127", dossier: "Elektrotechnische Installaties", domain: domTech, sector: "techniek", field: fElectrical, popularity: 9, short: "monteur elektrotechniek"},
	{crebo: "25332", name: "Eerste monteur elektrotechnische installaties woning en utiliteit", level: 3, dossierCrebo: "23127", dossier: "Elektrotechnische Installaties", domain: domTech, sector: "techniek", field: fElectrical, popularity: 10, short: "eerste monteur elektrotechnische installaties"},
	{crebo: "25263", name: "Technicus elektrotechnische installaties woning en utiliteit", level: 4, dossierCrebo: "23111", dossier: "Elektrotechnische systemen en installaties", domain: domTech, sector: "techniek", field: fElectrical, popularity: 4, short: "technicus elektrotechnische installaties"},
	{crebo: "25350", name: "Monteur werktuigkundige installaties", level: 2, dossierCrebo: "23133", dossier: "Werktuigkundige Installaties (Montage)", domain: domTech, sector: "techniek", field: fInstallation, popularity: 8, short: "monteur werktuigkundige installaties"},
	{crebo: "25349", name: "Eerste Monteur woning", level: 3, dossierCrebo: "23133", dossier: "Werktuigkundige Installaties (Montage)", domain: domTech, sector: "techniek", field: fInstallation, popularity: 7, short: "eerste monteur woning"},
	{crebo: "25348", name: "Eerste Monteur utiliteit", level: 3, dossierCrebo: "23133", dossier: "Werktuigkundige Installaties (Montage)", domain: domTech, sector: "techniek", field: fInstallation, popularity: 3, short: "eerste monteur utiliteit"},
	{crebo: "25192", name: "Medewerker ICT", level: 2, dossierCrebo: "23090", dossier: "ICT support", domain: domICT, sector: "economie", field: fICT, popularity: 6, short: "medewerker ICT"},
	{crebo: "25191", name: "Medewerker beheer ICT", level: 3, dossierCrebo: "23090", dossier: "ICT support", domain: domICT, sector: "economie", field: fICT, popularity: 8, short: "medewerker beheer ICT"},
	{crebo: "25189", name: "ICT-beheerder", level: 4, dossierCrebo: "23089", dossier: "ICT- en mediabeheer", domain: domICT, sector: "economie", field: fICT, popularity: 10, short: "ICT-beheerder"},
	{crebo: "25187", name: "Applicatie- en mediaontwikkelaar", level: 4, dossierCrebo: "23088", dossier: "Applicatieontwikkeling", domain: domICT, sector: "economie", field: fICT, popularity: 12, short: "applicatieontwikkelaar"},
	{crebo: "25290", name: "Basislasser", level: 2, dossierCrebo: "23118", dossier: "Metaalbewerken", domain: domTech, sector: "techniek", field: fMetal, popularity: 3, short: "lasser"},
	{crebo: "25287", name: "Allround lasser", level: 3, dossierCrebo: "23118", dossier: "Metaalbewerken", domain: domTech, sector: "techniek", field: fMetal, popularity: 3, short: "allround lasser"},
	{crebo: "25298", name: "Allround verspaner", level: 3, dossierCrebo: "23120", dossier: "Precisietechniek", domain: domTech, sector: "techniek", field: fMetal, popularity: 4, short: "allround verspaner"},
	{crebo: "25308", name: "Monteur service en onderhoud installaties en systemen", level: 2, dossierCrebo: "23122", dossier: "Service- en onderhoudstechniek", domain: domTech, sector: "techniek", field: fMaintenance, popularity: 3, short: "monteur service en onderhoud"},
	{crebo: "25306", name: "Eerste monteur service en onderhoud werktuigbouw", level: 3, dossierCrebo: "23122", dossier: "Service- en onderhoudstechniek", domain: domTech, sector: "techniek", field: fMaintenance, popularity: 3, short: "eerste monteur service en onderhoud"},
	{crebo: "25309", name: "Technicus service en onderhoud elektrotechniek en instrumentatie", level: 4, dossierCrebo: "23122", dossier: "Service- en onderhoudstechniek", domain: domTech, sector: "techniek", field: fMaintenance, popularity: 3, short: "technicus service en onderhoud"},
	{crebo: "25242", name: "Autotechnicus", level: 2, dossierCrebo: "23109", dossier: "Voertuigen en mobiele werktuigen", domain: domMob, sector: "techniek", field: fAutomotive, popularity: 9, short: "autotechnicus"},
	{crebo: "25244", name: "Eerste Autotechnicus", level: 3, dossierCrebo: "23109", dossier: "Voertuigen en mobiele werktuigen", domain: domMob, sector: "techniek", field: fAutomotive, popularity: 10, short: "eerste autotechnicus"},
	{crebo: "25128", name: "Timmerman", level: 2, dossierCrebo: "23057", dossier: "Timmeren", domain: domBuild, sector: "techniek", field: fConstruction, popularity: 8, short: "timmerman"},
	{crebo: "25118", name: "Allround timmerman", level: 3, dossierCrebo: "23057", dossier: "Timmeren", domain: domBuild, sector: "techniek", field: fConstruction, popularity: 7, short: "allround timmerman"},
}

func (q qualification) record() domain.Qualification {
	return domain.Qualification{Crebo: q.crebo, Name: q.name, Level: q.level, DossierCrebo: q.dossierCrebo, Dossier: q.dossier,
		Domain: q.domain, Sector: q.sector}
}

// qual returns the qualification of a crebo; it panics on a crebo the demo
// does not know (a programming error in the hard-coded data).
func qual(crebo string) qualification {
	for _, q := range qualifications {
		if q.crebo == crebo {
			return q
		}
	}
	panic("demo: unknown crebo " + crebo)
}

// hboProgramme is a real CROHO programme (code and name from DUO's hbo
// enrolment file) and the fields its students do placements in.
type hboProgramme struct {
	croho, name string
	fields      []string
}

var (
	hboMechanical   = hboProgramme{"34280", "Werktuigbouwkunde", []string{fMechatronics, fMetal, fEngineering, fMaintenance, fInstallation}}
	hboElectrical   = hboProgramme{"34267", "Elektrotechniek", []string{fElectrical, fMechatronics, fMaintenance}}
	hboICT          = hboProgramme{"30020", "HBO-ICT", []string{fICT}}
	hboMechatronics = hboProgramme{"30026", "Mechatronica", []string{fMechatronics, fEngineering}}
	hboIndustrial   = hboProgramme{"34421", "Technische Bedrijfskunde", []string{fMaintenance, fMechatronics, fMetal, fEngineering}}
	hboDesign       = hboProgramme{"34389", "Industrieel Product Ontwerpen", []string{fEngineering, fMechatronics}}
	hboBuilt        = hboProgramme{"39280", "Built Environment", []string{fConstruction, fInstallation}}
	hboAdEng        = hboProgramme{"80091", "Ad Engineering", []string{fEngineering, fMechatronics, fMetal}}
)

// vmboProfile is a vmbo profile (beroepsgericht profiel) and the fields its
// pupils can do a work-experience placement in.
type vmboProfile struct {
	name   string
	fields []string
}

var (
	vmboPIE = vmboProfile{"Produceren, installeren en energie", []string{fElectrical, fInstallation, fMetal, fMechatronics, fMaintenance}}
	vmboBWI = vmboProfile{"Bouwen, wonen en interieur", []string{fConstruction, fInstallation}}
	vmboMT  = vmboProfile{"Mobiliteit en transport", []string{fAutomotive, fMaintenance}}
	vmboMVI = vmboProfile{"Media, vormgeving en ICT", []string{fICT}}
	vmboTT  = vmboProfile{"Technologie en toepassing", []string{fMechatronics, fElectrical, fInstallation, fMetal, fICT, fEngineering}}
)

// fieldSkills are the skill tags of students and placements per field.
var fieldSkills = map[string][]string{
	fMechatronics: {"plc", "pneumatiek", "hydrauliek", "elektra", "storingzoeken", "sensoren", "robotica", "solidworks", "tekening lezen"},
	fElectrical:   {"elektra", "nen 1010", "nen 3140", "schakelkasten", "domotica", "zonnepanelen", "laadpalen", "vca"},
	fInstallation: {"warmtepompen", "solderen", "leidingwerk", "cv-ketels", "sanitair", "luchtbehandeling", "vca", "persen"},
	fMetal:        {"lassen", "mig/mag", "tig", "plaatwerk", "cnc", "draaien", "frezen", "tekening lezen"},
	fICT:          {"python", "netwerken", "linux", "windows server", "c#", "javascript", "sql", "azure", "cybersecurity", "php"},
	fMaintenance:  {"storingzoeken", "pneumatiek", "hydrauliek", "elektra", "preventief onderhoud", "vca", "plc", "trillingsmeting"},
	fEngineering:  {"cad", "solidworks", "inventor", "autocad", "3d-printen", "sterkteberekening", "python", "tekening lezen"},
	fAutomotive:   {"diagnose", "apk", "elektrische voertuigen", "motortechniek", "airco", "banden en uitlijnen"},
	fConstruction: {"timmeren", "bestek lezen", "bim", "vca", "kozijnen", "maatvoering"},
}

// allFields lists the fields in a fixed order (never range over
// fieldSkills: map order is random).
var allFields = []string{fMechatronics, fElectrical, fInstallation, fMetal, fICT, fMaintenance, fEngineering, fAutomotive, fConstruction}

// vmboSkills are what vmbo pupils bring.
var vmboSkills = []string{"solderen", "elektra", "houtbewerking", "lassen", "3d-printen", "programmeren", "fietstechniek", "tekenen", "metaalbewerking"}
