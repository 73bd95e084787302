package route

import (
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
)

// A realistic Twente catalogue and the questions companies bring to the
// desk, used by the golden test. "Today" is Monday 2 March 2026.
var fixtureNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// Places (PC4 centroids, roughly).
var (
	enschede  = domain.Point{Lat: 52.2215, Lon: 6.8937}
	hengelo   = domain.Point{Lat: 52.2658, Lon: 6.7931}
	almelo    = domain.Point{Lat: 52.3567, Lon: 6.6625}
	oldenzaal = domain.Point{Lat: 52.3133, Lon: 6.9297}
	rijssen   = domain.Point{Lat: 52.3069, Lon: 6.5167}
	zwolle    = domain.Point{Lat: 52.5168, Lon: 6.0830}
	utrecht   = domain.Point{Lat: 52.0907, Lon: 5.1214}
)

// Organisations.
const (
	rocTwente     = 101 // school
	saxion        = 102 // school
	deltion       = 103 // school (Zwolle)
	lasAcademie   = 201 // training company
	techlabTwente = 202 // association
	metaalHengelo = 301 // company lending maintenance technicians
	elektroOZ     = 302 // company lending an electrician
	machinebouwer = 303 // company hosting teachers, renting CNC time
	schweissGmbH  = 304 // training company near the border
	utrechtPLC    = 305 // training company far away
	askingCompany = 401
	otherRegion   = 9
	region        = 1
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func price(euro int64) *int64 { p := euro * 100; return &p }

func loc(name string, p domain.Point) []desk.OfferLocation {
	return []desk.OfferLocation{{Name: name, Point: p}}
}

func fixtureOffers() []desk.Offer {
	return []desk.Offer{
		{ID: 1, ProviderID: rocTwente, Kind: desk.OfferProgramme, Title: "Technicus mechatronica (BBL)",
			Description: "Vierjarige opleiding mechatronica in de beroepsbegeleidende leerweg: werken en leren bij een erkend leerbedrijf.",
			Crebos:      []string{"25340"}, Field: "mechatronica", Level: 4, Pathway: domain.PathwayBBL,
			Locations: loc("ROC van Twente, Hengelo", hengelo), Starts: []time.Time{day(2026, 9, 1), day(2027, 2, 1)}, Capacity: 40},
		{ID: 2, ProviderID: rocTwente, Kind: desk.OfferTailored, Title: "PLC programmeren (Siemens S7) voor monteurs",
			Description: "Maatwerkcursus voor werkenden van 23 jaar en ouder: besturingstechniek, storingzoeken en programmeren in TIA Portal.",
			Field:       "elektrotechniek", Skills: []string{"plc", "storingzoeken", "siemens"},
			Locations: loc("ROC van Twente, Hengelo", hengelo), Starts: []time.Time{day(2026, 3, 23), day(2026, 9, 14)}, Capacity: 8,
			PriceCents: price(1450)},
		{ID: 3, ProviderID: saxion, Kind: desk.OfferMasterclass, Title: "Masterclass besturingstechniek in de praktijk",
			Description: "Twee avonden over moderne besturingen, van relais tot PLC en cobots.",
			Skills:      []string{"besturingstechniek", "robotica"}, Locations: loc("Saxion, Enschede", enschede),
			Starts: []time.Time{day(2026, 4, 14)}, Capacity: 20, PriceCents: price(395), Languages: []string{"nl", "en"}},
		{ID: 4, ProviderID: lasAcademie, Kind: desk.OfferPostMBO, Title: "Lastechniek IWS-niveau",
			Description: "Post-mbo opleiding tot International Welding Specialist: TIG, MIG/MAG en lasmethodekwalificaties.",
			Field:       "metaal", Skills: []string{"lassen", "tig", "kwaliteit"}, Locations: loc("Lasacademie, Hengelo", hengelo),
			Starts: []time.Time{day(2026, 5, 11)}, Capacity: 12, PriceCents: price(3250)},
		{ID: 5, ProviderID: rocTwente, Kind: desk.OfferKeuzedeel, Title: "Keuzedeel warmtepompen installeren",
			Description: "Installeren en in bedrijf stellen van warmtepompen, F-gassen basis.",
			Crebos:      []string{"25330"}, Field: "installatietechniek", Skills: []string{"warmtepomp"},
			Locations: loc("ROC van Twente, Almelo", almelo), Starts: []time.Time{day(2026, 9, 1)}, Capacity: 16},
		{ID: 6, ProviderID: techlabTwente, Kind: desk.OfferSkillsLab, Title: "Techlab robotica voor vmbo-klassen",
			Description: "Een dagdeel programmeren van robots in het Techlab; voor groepen tot 30 leerlingen.",
			Skills:      []string{"robotica"}, Locations: loc("Techlab Twente, Hengelo", hengelo), Capacity: 30},
		{ID: 7, ProviderID: machinebouwer, Kind: desk.OfferEquipmentTime, Title: "CNC-bewerkingscentrum per dagdeel",
			Description: "Vijfassig freescentrum met begeleiding, ook voor opleidingen.",
			Skills:      []string{"cnc", "frezen"}, Locations: loc("Machinebouw Twente, Enschede", enschede), Capacity: 4},
		{ID: 8, ProviderID: metaalHengelo, Kind: desk.OfferStaffToLend, Title: "Twee ervaren onderhoudsmonteurs beschikbaar",
			Description: "Onderhoudsmonteurs werktuigbouw en hydrauliek, in te lenen bij onderhoudsstops.",
			Skills:      []string{"onderhoud", "hydrauliek"}, Locations: loc("Metaal Hengelo", hengelo),
			Period: domain.Period{Start: day(2026, 3, 1), End: day(2026, 6, 30)}, Capacity: 2},
		{ID: 9, ProviderID: elektroOZ, Kind: desk.OfferStaffToLend, Title: "Elektromonteur in te lenen",
			Description: "Een NEN 3140-gecertificeerde elektromonteur, drie dagen per week.",
			Skills:      []string{"elektrotechniek", "nen 3140"}, Locations: loc("Elektro Oldenzaal", oldenzaal),
			Period: domain.Period{Start: day(2026, 9, 1), End: day(2026, 12, 31)}, Capacity: 1},
		{ID: 10, ProviderID: rocTwente, Kind: desk.OfferTeachingNeed, Title: "Hybride docent elektrotechniek gezocht",
			Description: "Voor 1 of 2 dagen per week les geven aan niveau 3 en 4 elektrotechniek; begeleiding door een ervaren docent.",
			Crebos:      []string{"25262"}, Field: "elektrotechniek", Skills: []string{"elektrotechniek", "lesgeven"},
			Locations: loc("ROC van Twente, Hengelo", hengelo), Capacity: 2},
		{ID: 11, ProviderID: deltion, Kind: desk.OfferTeachingNeed, Title: "Gastdocent lastechniek",
			Description: "Praktijkdocent voor de lasopleiding, twee middagen per week.",
			Skills:      []string{"lassen"}, Locations: loc("Deltion, Zwolle", zwolle), Capacity: 1},
		{ID: 12, ProviderID: machinebouwer, Kind: desk.OfferTeacherHosting, Title: "Docentstage bij een machinebouwer",
			Description: "Docenten lopen een week mee in engineering, productie en service van onze machines.",
			Field:       "werktuigbouwkunde", Skills: []string{"machinebouw", "cnc"}, Locations: loc("Machinebouw Twente, Enschede", enschede),
			Capacity: 2},
		{ID: 13, ProviderID: deltion, Kind: desk.OfferProgramme, Title: "Eerste monteur installatietechniek (BBL)",
			Description: "Opleiding voor installatiemonteurs in werktuigbouwkundige en elektrotechnische installaties.",
			Crebos:      []string{"25330"}, Field: "installatietechniek", Level: 3, Pathway: domain.PathwayBBL,
			Locations: loc("Deltion, Zwolle", zwolle), Starts: []time.Time{day(2026, 8, 31)}, Capacity: 24},
		{ID: 14, ProviderID: schweissGmbH, Kind: desk.OfferTailored, Title: "Schweißkurs für Mitarbeiter / lascursus",
			Description: "Lascursus in het Duits of Nederlands, MIG/MAG en TIG, op uw locatie of in Gronau.",
			Skills:      []string{"lassen", "mig", "tig"}, Languages: []string{"de", "nl"},
			Locations: loc("Schweiß GmbH, vestiging Oldenzaal", oldenzaal), Starts: []time.Time{day(2026, 3, 16), day(2026, 6, 8)},
			Capacity: 6, PriceCents: price(890)},
		{ID: 15, ProviderID: rocTwente, Kind: desk.OfferTailored, Title: "PLC basis (vervallen)",
			Skills: []string{"plc"}, Locations: loc("ROC van Twente, Hengelo", hengelo), Active: false},
		{ID: 16, ProviderID: rocTwente, Kind: desk.OfferTailored, Title: "PLC voor gevorderden (andere regio)",
			Skills: []string{"plc"}, Locations: loc("Elders", hengelo)},
		{ID: 17, ProviderID: lasAcademie, Kind: desk.OfferTailored, Title: "Lassen basis (al gestart)",
			Skills: []string{"lassen"}, Locations: loc("Lasacademie, Hengelo", hengelo), Starts: []time.Time{day(2026, 1, 12)}},
		{ID: 18, ProviderID: utrechtPLC, Kind: desk.OfferTailored, Title: "PLC-training Siemens",
			Skills: []string{"plc"}, Locations: loc("Utrecht", utrecht), Starts: []time.Time{day(2026, 3, 30)}},
		{ID: 19, ProviderID: saxion, Kind: desk.OfferMasterclass, Title: "Hydrauliek en pneumatiek voor onderhoudsmensen",
			Description: "Storingen vinden in hydraulische en pneumatische systemen.",
			Skills:      []string{"hydrauliek", "pneumatiek", "onderhoud"}, Locations: loc("Saxion, Enschede", enschede),
			Starts: []time.Time{day(2026, 6, 2)}, Capacity: 15, Languages: []string{"nl", "en"}},
		{ID: 20, ProviderID: rocTwente, Kind: desk.OfferProgramme, Title: "Monteur werktuigbouw",
			Description: "Opleiding werktuigbouw niveau 2, ook voor vmbo-leerlingen die techniek kiezen.",
			Crebos:      []string{"25345"}, Field: "werktuigbouwkunde", Level: 2, Pathway: domain.PathwayBOL,
			Locations: loc("ROC van Twente, Rijssen", rijssen), Starts: []time.Time{day(2026, 9, 1)}, Capacity: 30},
	}
}

// fixtureCatalogue sets the region and the active flag the way a store
// would, with the exceptions the offers above describe.
func fixtureCatalogue() []desk.Offer {
	offers := fixtureOffers()
	for i := range offers {
		o := &offers[i]
		o.RegionID = region
		o.Active = o.ID != 15
		if o.ID == 16 {
			o.RegionID = otherRegion
		}
	}
	return offers
}

func fixtureQuestions() []desk.Question {
	qs := []desk.Question{
		{ID: 1, Kind: desk.KindTraining, Title: "5 monteurs moeten PLC leren programmeren",
			Text:   "Onze servicemonteurs krijgen steeds vaker storingen in besturingen. Wie kan ze dit voorjaar opleiden?",
			Skills: []string{"plc"}, Point: hengelo, People: 5, Period: domain.Period{Start: day(2026, 3, 1), End: day(2026, 6, 30)}},
		{ID: 2, Kind: desk.KindTraining, Title: "Lascursus voor onze Duitse collega's",
			Text:   "Drie lassers uit Gronau moeten TIG leren; zij spreken alleen Duits.",
			Skills: []string{"lassen"}, Language: "de", People: 3, Point: oldenzaal},
		{ID: 3, Kind: desk.KindPooling, CompanyID: metaalHengelo, Title: "Tijdelijk onderhoudsmonteurs nodig",
			Text:   "Voor onze onderhoudsstop in mei zoeken we twee monteurs met ervaring in hydrauliek.",
			Skills: []string{"hydrauliek", "onderhoud"}, People: 2, Point: hengelo,
			Period: domain.Period{Start: day(2026, 5, 1), End: day(2026, 5, 31)}},
		{ID: 4, Kind: desk.KindPooling, Title: "Tijdelijk onderhoudsmonteurs nodig",
			Text:   "Voor onze onderhoudsstop in mei zoeken we twee monteurs met ervaring in hydrauliek.",
			Skills: []string{"hydrauliek", "onderhoud"}, People: 2, Point: almelo,
			Period: domain.Period{Start: day(2026, 5, 1), End: day(2026, 5, 31)}},
		{ID: 5, Kind: desk.KindHybridTeacher, Title: "Engineer wil één dag per week lesgeven",
			Text:  "Onze elektrotechnisch engineer wil graag een dag per week voor de klas staan.",
			Field: "elektrotechniek", Point: enschede},
		{ID: 6, Kind: desk.KindPlacement, Title: "BBL-plek technicus mechatronica", Crebo: "25340",
			Text: "Wij hebben plaats voor twee BBL-studenten mechatronica.", People: 2, Point: almelo},
		{ID: 7, Kind: desk.KindTeacherPlacement, CompanyID: rocTwente, Title: "Docent wil stage lopen in de industrie",
			Text: "Een docent werktuigbouw wil een week meelopen bij een machinebouwer.", Point: hengelo},
		{ID: 8, Kind: desk.KindOutreach, Title: "Excursie voor vmbo-leerlingen in onze fabriek",
			Text: "Wij ontvangen graag klassen die techniek kiezen, met een rondleiding langs de werktuigbouw.", Point: rijssen},
		{ID: 9, Kind: desk.KindOther, Title: "Subsidie voor scholing?",
			Text: "Welke subsidie is er voor het bijscholen van zittend personeel?"},
		{ID: 10, Kind: desk.KindTraining, Title: "PLC-cursus, niet bij het ROC", Skills: []string{"plc"},
			DeclinedPartners: []int64{rocTwente}, Point: enschede},
		{ID: 11, Kind: desk.KindTraining, Title: "Warmtepompinstallateurs bijscholen",
			Text: "Onze installateurs willen warmtepompen leren plaatsen.", People: 20, Point: almelo},
	}
	for i := range qs {
		q := &qs[i]
		q.RegionID = region
		if q.CompanyID == 0 {
			q.CompanyID = askingCompany
		}
		q.Status = desk.StatusTaken
	}
	return qs
}
