package demo

// sector is a kind of technical company: how such companies are called, the
// crebos they can be accredited for, and the words of their placements.
// Name patterns: {S} a surname, {A} the adjective of the company's town
// ("Hengelose"), {R} a regional word ("Twentse", "Veluwse"), {T} the town.
type sector struct {
	key     string
	field   string
	crebos  []string // qualifications such a company can be accredited for
	weight  float64
	names   []string
	intros  []string // "<company> ..." what the company does
	tasks   []string // what a student does there
	jobs    []string // job titles
	topics  []string // graduation assignments (hbo)
	hboJobs []string // hbo internship subjects
	holiday []string // holiday-job titles
	vmbo    []string // vmbo work-experience titles
	german  float64  // chance a Twente placement asks for German
	english float64
}

var sectors = []*sector{
	{
		key: "machinebouw", field: fMechatronics, weight: 16,
		crebos: []string{"25340", "25342", "25344", "25339", "25297", "25287", "25298"},
		names: []string{"{A} Machinefabriek", "Machinebouw {S}", "{S} Machinebouw", "{R} Automation", "{S} Mechatronics",
			"{R} Precisietechniek", "{S} Verpakkingsmachines", "{R} Robotics", "Machinefabriek {S} & Zn.", "{S} Systems"},
		intros: []string{"ontwerpt en bouwt verpakkingsmachines voor de voedingsmiddelenindustrie",
			"bouwt klantspecifieke productielijnen en robotcellen", "levert sorteer- en transportsystemen aan klanten in heel Europa",
			"maakt machines voor de textiel- en kunststofindustrie", "ontwikkelt en assembleert doseer- en weegsystemen"},
		tasks: []string{"Je monteert mechanische en pneumatische onderdelen volgens tekening.",
			"Je bedraadt besturingskasten en test de machine samen met een ervaren monteur.",
			"Je zoekt storingen op met behulp van schema's en de PLC-software.",
			"Je helpt bij de inbedrijfstelling van machines, soms op locatie bij de klant.",
			"Je denkt mee over verbeteringen in de montage."},
		jobs:    []string{"Monteur machinebouw", "Servicemonteur binnen- en buitendienst", "PLC-programmeur", "Mechatronicus", "Junior werkvoorbereider"},
		topics:  []string{"Ontwerp van een modulaire doseerunit", "Een digitale tweeling van onze productielijn", "Vision-inspectie met een cobot", "Omsteltijd halveren met SMED", "Energieverbruik van een verpakkingslijn meten en verlagen"},
		hboJobs: []string{"productontwikkeling", "besturingstechniek", "engineering"},
		holiday: []string{"Vakantiewerk assistent monteur", "Vakantiekracht montage", "Zomerbaan productiemedewerker"},
		vmbo:    []string{"Snuffelstage machinebouw", "Beroepspraktijkvorming in de montagehal"},
		german:  0.35, english: 0.3,
	},
	{
		key: "elektro", field: fElectrical, weight: 13,
		crebos: []string{"25333", "25332", "25263", "25339"},
		names: []string{"Elektrotechniek {S}", "{S} Elektro", "Elektro {S}", "{R} Elektrotechniek", "{R} Schakeltechniek",
			"Elektrotechnisch Bureau {S}", "{S} Elektrotechniek & Domotica", "{A} Elektrotechnisch Installatiebedrijf"},
		intros: []string{"legt elektrotechnische installaties aan in woningen en bedrijfspanden",
			"bouwt schakel- en verdeelkasten voor de utiliteit", "installeert zonnepanelen, laadpalen en thuisbatterijen",
			"verzorgt de elektrotechniek in nieuwbouwprojecten in de regio"},
		tasks: []string{"Je trekt kabels en monteert groepenkasten in nieuwbouwwoningen.",
			"Je sluit zonnepanelen en laadpalen aan en meet de installatie door.",
			"Je werkt mee aan de bekabeling van een kantoorpand of school.",
			"Je leert werken volgens NEN 1010 en NEN 3140.",
			"Je lost storingen op bij klanten thuis."},
		jobs:    []string{"Eerste monteur elektrotechniek", "Servicemonteur elektra", "Monteur zonnepanelen en laadpalen", "Werkvoorbereider elektrotechniek"},
		topics:  []string{"Slim laden op een bedrijventerrein met netcongestie", "Ontwerp van een energiemanagementsysteem voor een school", "Keuring van installaties met een digitale werkbon"},
		hboJobs: []string{"elektrotechnisch ontwerp", "energietransitie"},
		holiday: []string{"Vakantiewerk hulpmonteur elektra", "Vakantiekracht magazijn en werkplaats"},
		vmbo:    []string{"Snuffelstage elektrotechniek", "Beroepspraktijkvorming elektra"},
		german:  0.1, english: 0.1,
	},
	{
		key: "installatie", field: fInstallation, weight: 13,
		crebos: []string{"25350", "25349", "25348", "25332", "25263"},
		names: []string{"Installatiebedrijf {S}", "{S} Installatietechniek", "{R} Klimaattechniek", "{S} Warmte & Water",
			"{A} Installatiebedrijf", "{S} Duurzame Installaties", "Installatietechniek {S}"},
		intros: []string{"installeert warmtepompen, ventilatie en sanitair in woningen",
			"verzorgt installaties in scholen, zorginstellingen en kantoren", "verduurzaamt bestaande woningen met hybride warmtepompen",
			"onderhoudt cv-installaties voor woningcorporaties"},
		tasks: []string{"Je monteert leidingwerk en sluit cv-ketels en warmtepompen aan.",
			"Je installeert badkamers en keukens samen met een eerste monteur.",
			"Je voert onderhoud uit aan ventilatie- en klimaatinstallaties.",
			"Je leert tekeningen lezen en materiaal uittrekken."},
		jobs:    []string{"Monteur installatietechniek", "Servicemonteur warmtepompen", "Eerste monteur utiliteit", "Werkvoorbereider installaties"},
		topics:  []string{"Warmtepompconcept voor een rijtjeswoning uit de jaren zeventig", "Monitoring van klimaatinstallaties in scholen", "Prefab installatiemodules voor renovatie"},
		hboJobs: []string{"installatieadvies", "duurzame gebouwinstallaties"},
		holiday: []string{"Vakantiewerk hulpmonteur", "Vakantiekracht magazijn"},
		vmbo:    []string{"Snuffelstage installatietechniek", "Beroepspraktijkvorming installatietechniek"},
		german:  0.1, english: 0.05,
	},
	{
		key: "metaal", field: fMetal, weight: 11,
		crebos: []string{"25290", "25287", "25298", "25297"},
		names: []string{"Metaalbewerking {S}", "{R} Staalbouw", "{S} Constructie", "Lasbedrijf {S}", "{A} Plaatwerk",
			"{S} Metaaltechniek", "{R} Draaierij", "{S} Staal & Machinebouw"},
		intros: []string{"maakt stalen constructies voor hallen en bruggen", "lasert, zet en last plaatwerk voor de machinebouw",
			"verspaant precisiedelen op moderne CNC-machines", "bouwt RVS-installaties voor de voedingsindustrie"},
		tasks: []string{"Je last constructies volgens tekening, met MIG/MAG of TIG.",
			"Je programmeert en bedient een CNC-draaibank of -freesbank.",
			"Je zet en bewerkt plaatwerk en meet je werk na.",
			"Je helpt bij het monteren van constructies op de bouwplaats."},
		jobs:    []string{"Constructiebankwerker", "Lasser TIG/MIG", "CNC-verspaner", "Plaatwerker"},
		topics:  []string{"Lasrobot inzetten voor kleine series", "Nacalculatie van plaatwerkorders automatiseren", "Minder afval bij het nesten van plaatdelen"},
		hboJobs: []string{"productie-engineering", "werkvoorbereiding"},
		holiday: []string{"Vakantiewerk productiemedewerker", "Vakantiekracht werkplaats"},
		vmbo:    []string{"Snuffelstage metaalbewerking", "Beroepspraktijkvorming lassen en plaatwerk"},
		german:  0.3, english: 0.1,
	},
	{
		key: "productie", field: fMaintenance, weight: 11,
		crebos: []string{"25308", "25306", "25309", "25340", "25339"},
		names: []string{"{R} Kunststof Techniek", "{A} Kunststoffabriek", "{R} Industrieel Onderhoud", "{S} Maintenance",
			"{R} Procestechniek", "{A} Textielfabriek", "{R} Zuivel", "{S} Food Processing", "{R} Papier & Karton"},
		intros: []string{"produceert kunststof onderdelen voor de auto-industrie", "maakt technisch textiel in een volcontinu bedrijf",
			"verwerkt melk van boeren uit de regio tot kaas en poeder", "verzorgt het onderhoud van productielijnen bij grote klanten"},
		tasks: []string{"Je voert preventief onderhoud uit aan de productielijnen.",
			"Je lost storingen op samen met de technische dienst.",
			"Je vervangt lagers, aandrijvingen en sensoren.",
			"Je analyseert trillingsmetingen en stelt onderhoudsplannen bij."},
		jobs:    []string{"Monteur technische dienst", "Onderhoudsmonteur (ploegendienst)", "Technicus instrumentatie", "Storingsmonteur"},
		topics:  []string{"Voorspellend onderhoud met trillingsmetingen", "Overall Equipment Effectiveness verbeteren", "Warmte terugwinnen uit het productieproces"},
		hboJobs: []string{"onderhoudsmanagement", "procesverbetering"},
		holiday: []string{"Vakantiewerk productiemedewerker", "Vakantiekracht inpakafdeling", "Zomerbaan operator"},
		vmbo:    []string{"Snuffelstage technische dienst", "Beroepspraktijkvorming productie"},
		german:  0.25, english: 0.2,
	},
	{
		key: "ict", field: fICT, weight: 10,
		crebos: []string{"25192", "25191", "25189", "25187"},
		names: []string{"{S} ICT", "{R} IT Solutions", "{R} Software", "Netwerkbeheer {T}", "{S} Digital", "{R} Data & Cloud",
			"{S} Systeembeheer", "{R} Webdevelopment"},
		intros: []string{"beheert netwerken en werkplekken voor het mkb in de regio", "ontwikkelt webapplicaties en apps voor maakbedrijven",
			"levert cloudoplossingen en cybersecurity aan scholen en gemeenten", "bouwt software voor de logistiek"},
		tasks: []string{"Je helpt gebruikers aan de servicedesk en lost storingen op.",
			"Je rolt laptops en netwerkapparatuur uit bij klanten.",
			"Je bouwt mee aan webapplicaties in een scrumteam.",
			"Je automatiseert beheertaken met scripts."},
		jobs:    []string{"Servicedeskmedewerker", "Systeembeheerder", "Junior developer", "Netwerkbeheerder"},
		topics:  []string{"Migratie van een on-premise omgeving naar de cloud", "Zero-trust netwerk voor een mkb-klant", "Een app voor storingsmeldingen in de werkplaats"},
		hboJobs: []string{"softwareontwikkeling", "infrastructuur en security"},
		holiday: []string{"Vakantiewerk helpdesk", "Vakantiekracht uitrol laptops"},
		vmbo:    []string{"Snuffelstage ICT", "Beroepspraktijkvorming ICT-helpdesk"},
		german:  0.05, english: 0.6,
	},
	{
		key: "automotive", field: fAutomotive, weight: 9,
		crebos: []string{"25242", "25244"},
		names:  []string{"Autobedrijf {S}", "Garage {S}", "{S} Bedrijfswagens", "{R} Autoservice", "{S} Trucks & Trailers", "Autobedrijf {S} & Zn."},
		intros: []string{"verkoopt en onderhoudt personenauto's van alle merken", "onderhoudt vrachtwagens en trailers voor transportbedrijven",
			"is gespecialiseerd in elektrische auto's en hybrides"},
		tasks: []string{"Je voert onderhoudsbeurten en APK-keuringen uit.",
			"Je stelt diagnoses met de uitleesapparatuur.",
			"Je werkt aan elektrische en hybride voertuigen.",
			"Je wisselt banden en lijnt auto's uit."},
		jobs:    []string{"Autotechnicus", "Eerste autotechnicus", "Bedrijfsautotechnicus", "APK-keurmeester"},
		topics:  []string{"Werkplaatsplanning voor elektrische voertuigen"},
		hboJobs: []string{"werkplaatsorganisatie"},
		holiday: []string{"Vakantiewerk bandenwissel", "Vakantiekracht werkplaats"},
		vmbo:    []string{"Snuffelstage autotechniek", "Beroepspraktijkvorming garage"},
		german:  0.1, english: 0.05,
	},
	{
		key: "bouw", field: fConstruction, weight: 9,
		crebos: []string{"25128", "25118"},
		names:  []string{"Bouwbedrijf {S}", "Timmerbedrijf {S}", "Aannemersbedrijf {S} & Zn.", "{R} Bouw", "{S} Bouw en Onderhoud", "{A} Houtbouw"},
		intros: []string{"bouwt en renoveert woningen in de regio", "maakt prefab houtskeletbouw-elementen",
			"verzorgt onderhoud en renovatie voor woningcorporaties"},
		tasks: []string{"Je plaatst kozijnen, deuren en trappen.", "Je werkt mee aan de ruwbouw van nieuwbouwwoningen.",
			"Je maakt houtskeletbouw-elementen in de werkplaats.", "Je leert maatvoeren en tekeningen lezen."},
		jobs:    []string{"Timmerman", "Allround timmerman", "Werkvoorbereider bouw", "Onderhoudstimmerman"},
		topics:  []string{"Circulair bouwen met houtskeletbouw", "BIM in de uitvoering", "Stikstofarm bouwen op de bouwplaats"},
		hboJobs: []string{"werkvoorbereiding bouw", "bouwkundig tekenen"},
		holiday: []string{"Vakantiewerk bouwplaats", "Vakantiekracht timmerwerkplaats"},
		vmbo:    []string{"Snuffelstage bouw", "Beroepspraktijkvorming timmerwerkplaats"},
		german:  0.1, english: 0.05,
	},
	{
		key: "engineering", field: fEngineering, weight: 6,
		crebos: []string{"25297", "25344", "25187"},
		names:  []string{"Ingenieursbureau {S}", "{R} Engineering", "{S} Engineering & Design", "{R} Ontwerp en Techniek", "{S} Technisch Adviesbureau"},
		intros: []string{"ontwerpt machines en installaties voor klanten in de maakindustrie", "doet sterkteberekeningen en maakt 3D-ontwerpen",
			"detacheert engineers bij bedrijven in de regio"},
		tasks: []string{"Je maakt 3D-modellen en werktekeningen in SolidWorks of Inventor.", "Je rekent constructies door en stelt stuklijsten op.",
			"Je denkt mee bij klantprojecten, van idee tot prototype.", "Je print prototypes met de 3D-printer."},
		jobs:    []string{"Tekenaar-constructeur", "Junior engineer", "Werkvoorbereider engineering"},
		topics:  []string{"Topologie-optimalisatie van een gietdeel", "Ontwerpregels voor 3D-geprinte onderdelen", "Automatisch tekeningen genereren uit configuraties"},
		hboJobs: []string{"werktuigbouwkundig ontwerp", "productontwikkeling"},
		holiday: []string{"Vakantiewerk tekenkamer"},
		vmbo:    []string{"Snuffelstage tekenkamer"},
		german:  0.3, english: 0.5,
	},
	{
		key: "energie", field: fElectrical, weight: 5,
		crebos: []string{"25263", "25309", "25332", "25333"},
		names:  []string{"{R} Energietechniek", "Zonnestroom {T}", "{S} Energie & Laadpunten", "{R} Netwerktechniek", "{R} Warmtenet"},
		intros: []string{"legt zonneparken en batterijsystemen aan", "bouwt en onderhoudt laadpleinen voor bedrijven",
			"werkt aan het elektriciteitsnet in opdracht van de netbeheerder"},
		tasks: []string{"Je monteert omvormers en batterijsystemen.", "Je werkt mee aan de aanleg van laadpleinen.",
			"Je meet installaties door en maakt opleverrapporten.", "Je leert veilig werken aan laagspanning."},
		jobs:    []string{"Monteur zonne-energie", "Servicetechnicus laadinfrastructuur", "Monteur laagspanning"},
		topics:  []string{"Batterijopslag bij een zonnepark", "Netcongestie en slim laden", "Warmtenet voor een nieuwbouwwijk"},
		hboJobs: []string{"energietechniek"},
		holiday: []string{"Vakantiewerk zonnepanelen"},
		vmbo:    []string{"Snuffelstage energietechniek"},
		german:  0.2, english: 0.1,
	},
}

func sectorByKey(key string) *sector {
	for _, s := range sectors {
		if s.key == key {
			return s
		}
	}
	panic("demo: unknown sector " + key)
}

// Sentences shared by every placement description.
var (
	offers = []string{
		"Een stagevergoeding van € %d per maand.",
		"Een vaste praktijkopleider die tijd voor je maakt.",
		"Een informele werksfeer in een team van %d collega's.",
		"Kans op een baan of een BBL-traject na je stage.",
		"Reiskostenvergoeding en werkkleding.",
		"Een eigen werkplek en eigen gereedschap.",
	}
	requirements = []string{
		"Je bent leergierig en werkt graag met je handen.",
		"Je kunt goed samenwerken en neemt initiatief.",
		"Je hebt een VCA-diploma of haalt het bij ons.",
		"Rijbewijs B is een pré.",
		"Je bent nauwkeurig en houdt van aanpakken.",
		"Je bent nieuwsgierig naar nieuwe technieken.",
	}
	germanRequirement = "Je spreekt Duits of wilt het leren: veel van onze klanten zitten net over de grens."
	englishNote       = "Onze voertaal in projecten is vaak Engels."
	closeReasons      = []string{"Geen geschikte kandidaat gevonden", "Opdracht van de klant vervallen", "Intern ingevuld", "Uitgesteld tot volgend schooljaar"}
)

// Notes for the steps of an application.
var (
	inviteNotes = []string{
		"Uitgenodigd voor een kennismakingsgesprek op %s om %d:00 uur.",
		"Leuk dat je hebt gereageerd! Kom je %s een middag meelopen?",
		"Graag maken we kennis; neem je cv en je laatste cijferlijst mee.",
	}
	offerNotes = []string{
		"We bieden je de plek graag aan. Laat je binnen een week weten of je hem aanneemt?",
		"Na het gesprek zijn we enthousiast: de plek is van jou als je wilt.",
		"Aanbod verstuurd, inclusief vergoeding en werktijden.",
	}
	rejectNotes = []string{
		"Helaas past je opleiding niet goed bij deze plek.",
		"We hebben gekozen voor een kandidaat die dichter bij ons bedrijf woont.",
		"Bedankt voor het gesprek. We hebben gekozen voor een kandidaat met meer ervaring.",
		"We hebben veel reacties gehad en kunnen je helaas geen plek aanbieden.",
	}
	acceptNotes  = []string{"Ik neem de plek graag aan!", "Super, ik heb er zin in.", "Geaccepteerd in overleg met mijn BPV-begeleider."}
	declineNotes = []string{"Ik heb gekozen voor een plek dichter bij huis.", "De werktijden passen helaas niet bij mijn rooster.",
		"Bedankt voor het aanbod, maar ik kies voor een andere richting."}
	withdrawNotes = []string{"Ik heb elders een plek gevonden.", "Ik stel mijn stage een half jaar uit.",
		"Na overleg met mijn coach trek ik mijn sollicitatie in."}
	placedElsewhereNote = "Ik heb inmiddels een andere plek aangenomen."
	declinePlacedNote   = "Bedankt voor het aanbod, maar ik heb al een andere plek aangenomen."
	filledNote          = "Alle plaatsen zijn inmiddels vervuld; we bewaren je gegevens graag."
	closedNote          = "De vacature is ingetrokken."
	onBehalfNote        = "Ingediend door de coach namens de student."
	weekdays            = []string{"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"}
	motivationWhy       = []string{
		"Ik ben erg geïnteresseerd in jullie werk en wil graag leren hoe het in de praktijk gaat.",
		"Een klasgenoot heeft hier stage gelopen en was erg enthousiast.",
		"Jullie bedrijf ligt dicht bij huis en ik wil graag in de regio blijven werken.",
		"Tijdens de open dag sprak ik met een van jullie monteurs en dat sprak me erg aan.",
		"Ik wil me verder ontwikkelen in %s en zie bij jullie veel mogelijkheden.",
	}
)
