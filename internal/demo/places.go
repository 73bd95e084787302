package demo

import (
	"math"
	"math/rand/v2"
	"strconv"

	"talentloket/internal/domain"
)

// municipality is a CBS municipality of a demo region with its regional
// classification (CBS 2026).
type municipality struct {
	code, name         string
	amCode, am         string // labour-market region
	coropCode, corop   string
	provCode, province string
}

func (m municipality) record() domain.Municipality {
	return domain.Municipality{Code: m.code, Name: m.name, Year: 2026, LabourMarketCode: m.amCode, LabourMarket: m.am,
		CoropCode: m.coropCode, Corop: m.corop, ProvinceCode: m.provCode, Province: m.province}
}

var twenteMunicipalities = []municipality{
	tw("GM0153", "Enschede"), tw("GM0164", "Hengelo"), tw("GM0141", "Almelo"), tw("GM0173", "Oldenzaal"),
	tw("GM0147", "Borne"), tw("GM0158", "Haaksbergen"), tw("GM0168", "Losser"), tw("GM1735", "Hof van Twente"),
	tw("GM1742", "Rijssen-Holten"), tw("GM0189", "Wierden"), tw("GM0163", "Hellendoorn"), tw("GM1700", "Twenterand"),
	tw("GM0183", "Tubbergen"), tw("GM1774", "Dinkelland"),
}

func tw(code, name string) municipality {
	return municipality{code, name, "AM05", "Twente", "CR12", "Twente", "PV23", "Overijssel"}
}

var noordVeluweMunicipalities = []municipality{
	nv("GM0243", "Harderwijk", "AM06", "Veluwe Stedendriehoek"), nv("GM0233", "Ermelo", "AM06", "Veluwe Stedendriehoek"),
	nv("GM0273", "Putten", "AM06", "Veluwe Stedendriehoek"), nv("GM0230", "Elburg", "AM36", "Regio Zwolle"),
	nv("GM0302", "Nunspeet", "AM36", "Regio Zwolle"), nv("GM0269", "Oldebroek", "AM36", "Regio Zwolle"),
}

func nv(code, name, am, amName string) municipality {
	return municipality{code, name, am, amName, "CR13", "Veluwe", "PV25", "Gelderland"}
}

// town is a place (woonplaats) with its real centre, its real PC4 areas
// (address areas only, no PO-box codes), a weight for spreading people and
// companies (roughly thousands of inhabitants) and its telephone area code.
type town struct {
	name   string
	adj    string // "Hengelose", "Harderwijker"
	muni   string // GM code
	centre domain.Point
	pc4s   []string
	weight int
	area   string // netnummer
}

func pcRange(from, to int) []string {
	var out []string
	for p := from; p <= to; p++ {
		out = append(out, strconv.Itoa(p))
	}
	return out
}

func pcs(ranges ...[]string) []string {
	var out []string
	for _, r := range ranges {
		out = append(out, r...)
	}
	return out
}

var twenteTowns = []*town{
	{"Enschede", "Enschedese", "GM0153", domain.Point{Lat: 52.2215, Lon: 6.8937},
		pcs(pcRange(7511, 7514), pcRange(7521, 7525), pcRange(7531, 7536), pcRange(7541, 7548)), 160, "053"},
	{"Hengelo", "Hengelose", "GM0164", domain.Point{Lat: 52.2658, Lon: 6.7931}, pcRange(7551, 7559), 81, "074"},
	{"Almelo", "Almelose", "GM0141", domain.Point{Lat: 52.3567, Lon: 6.6625}, pcRange(7601, 7609), 73, "0546"},
	{"Oldenzaal", "Oldenzaalse", "GM0173", domain.Point{Lat: 52.3131, Lon: 6.9292}, pcRange(7571, 7577), 32, "0541"},
	{"Borne", "Bornse", "GM0147", domain.Point{Lat: 52.2997, Lon: 6.7528}, pcRange(7621, 7623), 24, "074"},
	{"Haaksbergen", "Haaksbergse", "GM0158", domain.Point{Lat: 52.1567, Lon: 6.7389}, pcRange(7481, 7483), 24, "053"},
	{"Losser", "Losserse", "GM0168", domain.Point{Lat: 52.2608, Lon: 7.0042}, pcRange(7581, 7582), 14, "053"},
	{"Goor", "Goorse", "GM1735", domain.Point{Lat: 52.2339, Lon: 6.5861}, pcRange(7471, 7472), 12, "0547"},
	{"Delden", "Deldense", "GM1735", domain.Point{Lat: 52.2600, Lon: 6.7114}, pcRange(7491, 7491), 7, "074"},
	{"Rijssen", "Rijssense", "GM1742", domain.Point{Lat: 52.3069, Lon: 6.5194}, pcRange(7461, 7463), 29, "0548"},
	{"Holten", "Holtense", "GM1742", domain.Point{Lat: 52.2833, Lon: 6.4208}, pcRange(7451, 7451), 9, "0548"},
	{"Wierden", "Wierdense", "GM0189", domain.Point{Lat: 52.3592, Lon: 6.5931}, pcRange(7641, 7642), 13, "0546"},
	{"Nijverdal", "Nijverdalse", "GM0163", domain.Point{Lat: 52.3625, Lon: 6.4625}, pcRange(7441, 7443), 24, "0548"},
	{"Vriezenveen", "Vriezenveense", "GM1700", domain.Point{Lat: 52.4083, Lon: 6.6222}, pcRange(7671, 7672), 14, "0546"},
	{"Vroomshoop", "Vroomshoopse", "GM1700", domain.Point{Lat: 52.4600, Lon: 6.5658}, pcRange(7681, 7681), 6, "0546"},
	{"Tubbergen", "Tubbergse", "GM0183", domain.Point{Lat: 52.4067, Lon: 6.7842}, pcRange(7651, 7651), 8, "0546"},
	{"Denekamp", "Denekampse", "GM1774", domain.Point{Lat: 52.3775, Lon: 7.0061}, pcRange(7591, 7591), 9, "0541"},
	{"Ootmarsum", "Ootmarsumse", "GM1774", domain.Point{Lat: 52.4075, Lon: 6.9008}, pcRange(7631, 7631), 5, "0541"},
}

var noordVeluweTowns = []*town{
	{"Harderwijk", "Harderwijker", "GM0243", domain.Point{Lat: 52.3417, Lon: 5.6208}, pcRange(3841, 3848), 48, "0341"},
	{"Hierden", "Hierdense", "GM0243", domain.Point{Lat: 52.3567, Lon: 5.6769}, pcRange(3849, 3849), 3, "0341"},
	{"Ermelo", "Ermelose", "GM0233", domain.Point{Lat: 52.2986, Lon: 5.6208}, pcRange(3851, 3853), 27, "0341"},
	{"Putten", "Puttense", "GM0273", domain.Point{Lat: 52.2592, Lon: 5.6069}, pcRange(3881, 3882), 25, "0341"},
	{"Elburg", "Elburger", "GM0230", domain.Point{Lat: 52.4475, Lon: 5.8339}, pcRange(8081, 8082), 14, "0525"},
	{"'t Harde", "Hardense", "GM0230", domain.Point{Lat: 52.4108, Lon: 5.8931}, pcRange(8084, 8084), 6, "0525"},
	{"Nunspeet", "Nunspeetse", "GM0302", domain.Point{Lat: 52.3775, Lon: 5.7864}, pcRange(8070, 8072), 22, "0341"},
	{"Elspeet", "Elspeetse", "GM0302", domain.Point{Lat: 52.2924, Lon: 5.7877}, pcRange(8075, 8075), 4, "0577"},
	{"Wezep", "Wezepse", "GM0269", domain.Point{Lat: 52.4611, Lon: 6.0028}, pcRange(8091, 8091), 12, "038"},
	{"Oldebroek", "Oldebroekse", "GM0269", domain.Point{Lat: 52.4453, Lon: 5.9014}, pcRange(8096, 8096), 5, "0525"},
}

// postcodeArea is a generated PC4 centroid.
type postcodeArea struct {
	pc4   string
	town  *town
	point domain.Point
}

// pc4Centroids places the PC4 areas of a town around its centre: small
// offsets (at most ~3 km, less for small towns) that depend only on the
// postcode, so the map is the same for every seed.
func pc4Centroids(t *town) []postcodeArea {
	n := float64(len(t.pc4s))
	rmax := math.Min(3.0, 0.3+0.6*math.Sqrt(n)) // km
	if len(t.pc4s) == 1 {
		rmax = 0.4
	}
	out := make([]postcodeArea, 0, len(t.pc4s))
	for _, pc := range t.pc4s {
		code, _ := strconv.Atoi(pc)
		r := rand.New(rand.NewPCG(uint64(code), 0x5eed_9c4))
		angle := 2 * math.Pi * r.Float64()
		dist := rmax * math.Sqrt(r.Float64())
		out = append(out, postcodeArea{pc4: pc, town: t, point: offsetKm(t.centre, dist*math.Cos(angle), dist*math.Sin(angle))})
	}
	return out
}

// offsetKm moves p north by dy and east by dx kilometres, rounded to six
// decimals (~0.1 m).
func offsetKm(p domain.Point, dx, dy float64) domain.Point {
	const kmPerDegLat = 111.2
	lat := p.Lat + dy/kmPerDegLat
	lon := p.Lon + dx/(kmPerDegLat*math.Cos(p.Lat*math.Pi/180))
	return domain.Point{Lat: math.Round(lat*1e6) / 1e6, Lon: math.Round(lon*1e6) / 1e6}
}

// postcodeLetters are the letters used in Dutch postcodes (F, I, O, Q, U
// and Y are not issued).
const postcodeLetters = "ABCDEGHJKLMNPRSTVWXZ"

// postcodeIn returns a full postcode "1234 AB" in a PC4 area.
func postcodeIn(r *rand.Rand, pc4 string) string {
	for {
		a := postcodeLetters[r.IntN(len(postcodeLetters))]
		b := postcodeLetters[r.IntN(len(postcodeLetters))]
		if a == 'S' && (b == 'A' || b == 'D' || b == 'S') {
			continue
		}
		return pc4 + " " + string([]byte{a, b})
	}
}

// Street names: residential streets and streets of business parks.
var (
	homeStreets = []string{
		"Hoofdstraat", "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenstraat", "Stationsstraat", "Beukenlaan",
		"Eikenlaan", "Lindelaan", "Berkenweg", "Kastanjelaan", "Julianastraat", "Wilhelminastraat", "Oranjestraat",
		"Prins Bernhardlaan", "Tulpstraat", "Rozenstraat", "Merelstraat", "Lijsterstraat", "Esdoornstraat",
		"Parallelweg", "Burgemeester Jansenlaan", "Veldweg", "Brinkstraat", "Marktstraat",
	}
	businessStreets = []string{
		"Industrieweg", "Nijverheidsweg", "Ambachtsweg", "Handelsweg", "Energieweg", "Transportweg", "Edisonstraat",
		"Marconistraat", "Wattstraat", "Ohmstraat", "Faradaystraat", "Voltastraat", "Dieselstraat", "Newtonstraat",
		"Keplerstraat", "Bedrijvenweg", "Havenweg", "Smidsstraat", "Ketelmakerstraat", "Draaierstraat",
		"Bouwmeesterweg", "Techniekstraat", "Innovatieweg", "Mercuriusweg", "Zonneweg",
	}
)

// address returns a street with house number in a town, a full postcode in
// one of its PC4 areas and that area's centroid.
func address(r *rand.Rand, areas []postcodeArea, streets []string) (street, postcode string, pt domain.Point) {
	a := areas[r.IntN(len(areas))]
	street = streets[r.IntN(len(streets))] + " " + strconv.Itoa(1+r.IntN(180))
	if r.IntN(8) == 0 {
		street += string(rune('a' + r.IntN(3)))
	}
	return street, postcodeIn(r, a.pc4), a.point
}

// pickTownNear picks a town with a weight that falls with the distance to p
// (half the weight every 8 km).
func pickTownNear(r *rand.Rand, towns []*town, p domain.Point) *town {
	ws := make([]float64, len(towns))
	for i, t := range towns {
		ws[i] = float64(t.weight) * math.Exp2(-domain.DistanceKm(t.centre, p)/8)
	}
	return towns[pickWeighted(r, ws)]
}

// pickTown picks a town by its weight.
func pickTown(r *rand.Rand, towns []*town) *town {
	ws := make([]float64, len(towns))
	for i, t := range towns {
		ws[i] = float64(t.weight)
	}
	return towns[pickWeighted(r, ws)]
}

// phone returns a fictional landline number in a town's area code.
func phone(r *rand.Rand, t *town) string {
	digits := 10 - len(t.area)
	n := 2 + r.IntN(7) // first digit of the subscriber number: 2-8
	s := strconv.Itoa(n)
	for len(s) < digits {
		s += strconv.Itoa(r.IntN(10))
	}
	return t.area + " " + s
}
