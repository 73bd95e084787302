package demo

import "talentloket/internal/domain"

// schoolType says what a school offers.
type schoolType int

const (
	schoolMBO     schoolType = iota + 1 // ROC: mbo BOL and BBL
	schoolVMBO                          // vmbo with technical profiles
	schoolHBO                           // university of applied sciences
	schoolCompany                       // company school: mbo BBL only
)

// locSpec is a fixed address of a school.
type locSpec struct {
	name, town, street, postcode string
	fields                       []string // programmes of these fields are taught here
}

// mboOffer is a crebo a school offers, in the pathways listed.
type mboOffer struct {
	crebo    string
	pathways []domain.Pathway
}

type vmboOffer struct {
	profile  vmboProfile
	pathways []domain.Pathway
}

type hboOffer struct {
	programme hboProgramme
	pathways  []domain.Pathway
}

// schoolSpec is a fictional school of a demo region. The BRIN codes are
// syntactically valid and not used by any real institution in DUO's lists.
type schoolSpec struct {
	key, name, brin, domain string
	typ                     schoolType
	locs                    []locSpec
	mbo                     []mboOffer
	vmbo                    []vmboOffer
	hbo                     []hboOffer
	share                   float64 // share of the region's students
	coaches                 int
}

// orgSpec is a fixed association or government.
type orgSpec struct {
	kind domain.OrgKind
	name string
	town string
}

// demoSpec holds the named people and objects of a region's demo journeys,
// the sizes of its generated data and the words its company names use.
type demoSpec struct {
	student                                      person
	studentTown, studentCrebo                    string
	coach, staff, contact, coordinator, viewer   person
	admin                                        person
	companyName, companyTown, companySector      string
	companyCrebos                                []string
	studentYear                                  int
	otherSchoolForCompany                        string // a second school whose students also apply
	regionalWords                                []string
	nStudents, nCompanies, nPlacements, jitterSt int
}

// regionSpec is everything hard-coded about a demo region.
type regionSpec struct {
	slug, name     string
	municipalities []municipality
	towns          []*town
	schools        []schoolSpec
	orgs           []orgSpec
	demo           demoSpec
	germanFactor   float64 // multiplies the sectors' chance of asking for German
}

var (
	bolBBL = []domain.Pathway{domain.PathwayBOL, domain.PathwayBBL}
	bblOnl = []domain.Pathway{domain.PathwayBBL}
)

func mboOffers(pathways []domain.Pathway, crebos ...string) []mboOffer {
	out := make([]mboOffer, len(crebos))
	for i, c := range crebos {
		out[i] = mboOffer{c, pathways}
	}
	return out
}

var regionSpecs = []*regionSpec{
	{
		slug: "twente", name: "Twente", municipalities: twenteMunicipalities, towns: twenteTowns, germanFactor: 1,
		schools: []schoolSpec{
			{key: "roc", name: "ROC Twentepoort", brin: "31TP", domain: "roctwentepoort.example", typ: schoolMBO, share: 0.50, coaches: 4,
				locs: []locSpec{
					{"Techniekcampus Hengelo", "Hengelo", "Industriestraat 80", "7553 CK", []string{fMechatronics, fMetal, fMaintenance, fEngineering, fElectrical}},
					{"Locatie Enschede", "Enschede", "Hengelosestraat 412", "7521 AM", []string{fICT, fInstallation, fConstruction}},
					{"Locatie Almelo", "Almelo", "Wierdensestraat 120", "7604 BM", []string{fAutomotive}},
				},
				mbo: mboOffers(bolBBL, "25342", "25340", "25339", "25344", "25297", "25333", "25332", "25263", "25350", "25349", "25348",
					"25192", "25191", "25189", "25187", "25290", "25287", "25298", "25308", "25306", "25309", "25242", "25244", "25128", "25118"),
			},
			{key: "vmbo1", name: "Vakcollege Tubantia", brin: "18TU", domain: "vakcollegetubantia.example", typ: schoolVMBO, share: 0.12, coaches: 3,
				locs: []locSpec{
					{"Locatie Lasonder", "Enschede", "Lasondersingel 150", "7514 BP", nil},
					{"Locatie Hengelo", "Hengelo", "Enschedesestraat 200", "7552 CL", []string{fAutomotive, fConstruction}},
				},
				vmbo: []vmboOffer{
					{vmboPIE, []domain.Pathway{domain.PathwayBB, domain.PathwayKB, domain.PathwayGL}},
					{vmboBWI, []domain.Pathway{domain.PathwayBB, domain.PathwayKB}},
					{vmboMT, []domain.Pathway{domain.PathwayBB, domain.PathwayKB}},
					{vmboMVI, []domain.Pathway{domain.PathwayKB, domain.PathwayGL}},
					{vmboTT, []domain.Pathway{domain.PathwayTL}},
				},
			},
			{key: "vmbo2", name: "Dinkelborgh College", brin: "19DK", domain: "dinkelborgh.example", typ: schoolVMBO, share: 0.09, coaches: 2,
				locs: []locSpec{
					{"Locatie Oldenzaal", "Oldenzaal", "Vondelstraat 20", "7576 AX", nil},
					{"Locatie Denekamp", "Denekamp", "Schoolstraat 5", "7591 GE", []string{fConstruction}},
				},
				vmbo: []vmboOffer{
					{vmboPIE, []domain.Pathway{domain.PathwayBB, domain.PathwayKB, domain.PathwayGL}},
					{vmboBWI, []domain.Pathway{domain.PathwayBB, domain.PathwayKB}},
					{vmboTT, []domain.Pathway{domain.PathwayTL}},
				},
			},
			{key: "hbo", name: "Hogeschool Kennispark Twente", brin: "32KT", domain: "hskennispark.example", typ: schoolHBO, share: 0.21, coaches: 4,
				locs: []locSpec{
					{"Campus Enschede", "Enschede", "Hallenweg 5", "7522 NH", nil},
					{"Locatie Hengelo", "Hengelo", "Stationsplein 4", "7551 CB", []string{fEngineering}},
				},
				hbo: []hboOffer{
					{hboMechanical, []domain.Pathway{domain.PathwayVT, domain.PathwayDT, domain.PathwayDU}},
					{hboElectrical, []domain.Pathway{domain.PathwayVT, domain.PathwayDU}},
					{hboICT, []domain.Pathway{domain.PathwayVT, domain.PathwayDT}},
					{hboMechatronics, []domain.Pathway{domain.PathwayVT}},
					{hboIndustrial, []domain.Pathway{domain.PathwayVT, domain.PathwayDT}},
					{hboDesign, []domain.Pathway{domain.PathwayVT}},
					{hboAdEng, []domain.Pathway{domain.PathwayDU}},
				},
			},
			{key: "bedrijfsschool", name: "Bedrijfsschool Twentse Maakindustrie", brin: "33BT", domain: "bedrijfsschooltwente.example", typ: schoolCompany,
				share: 0.08, coaches: 2,
				locs: []locSpec{{"Opleidingscentrum", "Hengelo", "Twentekanaalweg 30", "7559 AD", nil}},
				mbo:  mboOffers(bblOnl, "25342", "25340", "25344", "25290", "25287", "25298"),
			},
		},
		orgs: []orgSpec{
			{domain.OrgAssociation, "Werkgeversvereniging Techniek Twente", "Hengelo"},
			{domain.OrgAssociation, "Ondernemerskring Hengelo-Borne", "Hengelo"},
			{domain.OrgAssociation, "Stichting Technologieplatform Twente", "Enschede"},
			{domain.OrgGovernment, "Gemeente Enschede", "Enschede"},
			{domain.OrgGovernment, "Regio Twente", "Enschede"},
		},
		demo: demoSpec{
			student: person{first: "Sem", last: "Oude Kotte"}, studentTown: "Hengelo", studentCrebo: "25340", studentYear: 2,
			coach: person{first: "Marloes", last: "Nijhuis"}, staff: person{first: "Erik", last: "Wolters"},
			contact: person{first: "Gerrit", last: "Kamphuis"}, coordinator: person{first: "Ilse", last: "Oosterhof"},
			viewer: person{first: "Jan-Willem", last: "Brinkman"}, admin: person{first: "Annemiek", last: "Bosch"},
			companyName: "Hengelose Machinefabriek", companyTown: "Hengelo", companySector: "machinebouw",
			companyCrebos: []string{"25340", "25342", "25344", "25297", "25287"}, otherSchoolForCompany: "bedrijfsschool",
			regionalWords: []string{"Twentse", "Tukker", "Regge", "Dinkel", "Twentekanaal", "Euregio", "Oost-Twentse"},
			nStudents:     1250, nCompanies: 138, nPlacements: 440, jitterSt: 40,
		},
	},
	{
		slug: "noord-veluwe", name: "Noord-Veluwe", municipalities: noordVeluweMunicipalities, towns: noordVeluweTowns, germanFactor: 0,
		schools: []schoolSpec{
			{key: "roc", name: "ROC Noord-Veluwe", brin: "31NV", domain: "rocnoordveluwe.example", typ: schoolMBO, share: 0.52, coaches: 4,
				locs: []locSpec{
					{"Techniekhuis Harderwijk", "Harderwijk", "Lorentzstraat 30", "3846 AV", nil},
					{"Locatie Nunspeet", "Nunspeet", "Stationslaan 90", "8071 CB", []string{fAutomotive, fConstruction, fInstallation}},
				},
				mbo: mboOffers(bolBBL, "25342", "25340", "25344", "25297", "25333", "25332", "25263", "25350", "25349", "25348",
					"25192", "25191", "25189", "25187", "25290", "25287", "25308", "25306", "25242", "25244", "25128", "25118"),
			},
			{key: "vmbo1", name: "Veluws Vakcollege", brin: "18VV", domain: "veluwsvakcollege.example", typ: schoolVMBO, share: 0.15, coaches: 3,
				locs: []locSpec{
					{"Locatie Ermelo", "Ermelo", "Stationsstraat 60", "3851 NH", nil},
					{"Locatie Putten", "Putten", "Garderenseweg 40", "3881 LB", []string{fAutomotive}},
				},
				vmbo: []vmboOffer{
					{vmboPIE, []domain.Pathway{domain.PathwayBB, domain.PathwayKB, domain.PathwayGL}},
					{vmboBWI, []domain.Pathway{domain.PathwayBB, domain.PathwayKB, domain.PathwayGL}},
					{vmboMT, []domain.Pathway{domain.PathwayBB, domain.PathwayKB}},
				},
			},
			{key: "vmbo2", name: "Hanzecollege Elburg", brin: "19HE", domain: "hanzecollege.example", typ: schoolVMBO, share: 0.13, coaches: 2,
				locs: []locSpec{
					{"Locatie Elburg", "Elburg", "Jufferenwal 10", "8081 PK", nil},
					{"Locatie Wezep", "Wezep", "Mozartlaan 12", "8091 CZ", []string{fICT}},
				},
				vmbo: []vmboOffer{
					{vmboPIE, []domain.Pathway{domain.PathwayBB, domain.PathwayKB}},
					{vmboBWI, []domain.Pathway{domain.PathwayBB, domain.PathwayKB}},
					{vmboMVI, []domain.Pathway{domain.PathwayGL}},
					{vmboTT, []domain.Pathway{domain.PathwayTL}},
				},
			},
			{key: "hbo", name: "Hogeschool Randmeer", brin: "32RM", domain: "hsrandmeer.example", typ: schoolHBO, share: 0.20, coaches: 3,
				locs: []locSpec{{"Campus Harderwijk", "Harderwijk", "Stationslaan 50", "3844 BE", nil}},
				hbo: []hboOffer{
					{hboMechanical, []domain.Pathway{domain.PathwayVT, domain.PathwayDU}},
					{hboElectrical, []domain.Pathway{domain.PathwayVT, domain.PathwayDU}},
					{hboICT, []domain.Pathway{domain.PathwayVT}},
					{hboBuilt, []domain.Pathway{domain.PathwayVT, domain.PathwayDT}},
					{hboAdEng, []domain.Pathway{domain.PathwayDU}},
				},
			},
		},
		orgs: []orgSpec{
			{domain.OrgAssociation, "Ondernemersvereniging Harderwijk-Hierden", "Harderwijk"},
			{domain.OrgAssociation, "Techniekpact Werkgevers Noord-Veluwe", "Nunspeet"},
			{domain.OrgAssociation, "Bedrijvenkring Elburg-Oldebroek", "Elburg"},
			{domain.OrgGovernment, "Gemeente Harderwijk", "Harderwijk"},
			{domain.OrgGovernment, "Regio Noord-Veluwe", "Harderwijk"},
		},
		demo: demoSpec{
			student: person{first: "Jesse", last: "van den Brink"}, studentTown: "Ermelo", studentCrebo: "25332", studentYear: 2,
			coach: person{first: "Petra", last: "Klaassen"}, staff: person{first: "Wim", last: "de Graaf"},
			contact: person{first: "Ruud", last: "Schuurman"}, coordinator: person{first: "Marieke", last: "Hop"},
			viewer: person{first: "Hans", last: "van 't Hul"}, admin: person{first: "Sandra", last: "Mulder"},
			companyName: "Installatiebedrijf Van den Berg", companyTown: "Harderwijk", companySector: "installatie",
			companyCrebos: []string{"25332", "25263", "25349", "25350", "25333"}, otherSchoolForCompany: "vmbo1",
			regionalWords: []string{"Veluwse", "Randmeer", "Noord-Veluwse", "Hanze", "Zuiderzee", "Veluwerand", "Wolderwijd"},
			nStudents:     1080, nCompanies: 118, nPlacements: 340, jitterSt: 40,
		},
	},
}

func (rs *regionSpec) town(name string) *town {
	for _, t := range rs.towns {
		if t.name == name {
			return t
		}
	}
	panic("demo: unknown town " + name)
}
