package demo

import (
	"math/rand/v2"
	"strings"
)

// background groups first names and surnames that go together, with extra
// languages people of that background often speak.
type background struct {
	key       string
	first     []string
	surnames  []string
	languages []string // besides nl
	pLanguage float64  // chance a student speaks them
}

var (
	dutchFirst = []string{
		"Daan", "Sem", "Luuk", "Bram", "Jesse", "Milan", "Thijs", "Ruben", "Tim", "Lars", "Niels", "Jasper", "Sven", "Finn",
		"Noah", "Stijn", "Gijs", "Koen", "Joris", "Wessel", "Teun", "Mees", "Siem", "Hidde", "Rik", "Job", "Tygo", "Jens",
		"Thomas", "Max", "Lucas", "Julian", "Niek", "Bas", "Roel", "Ties", "Lotte", "Emma", "Femke", "Anouk", "Sanne",
		"Iris", "Lieke", "Eva", "Julia", "Tess", "Noor", "Sara", "Fleur", "Mila", "Lisa", "Isa", "Roos", "Esmee", "Demi",
		"Britt", "Floor", "Nina", "Jente", "Merel",
	}
	dutchSurnames = []string{
		"Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
		"Bos", "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
		"Kok", "Jacobs", "van Dijk", "Vermeulen", "Verhoeven", "Prins", "Huisman", "Kuipers", "Willems", "van Leeuwen",
		"Postma", "Koster", "Schouten", "Timmermans", "Groen", "Wolters", "Scholten", "Post",
	}
	twenteSurnames = []string{
		"Nijhuis", "Kamphuis", "Oude Kotte", "ter Horst", "Morsink", "Lansink", "Heerink", "Hofste", "Brinkhuis",
		"Pierik", "Oude Groote Beverborg", "Reuvers", "Wessels", "Lentferink", "Olthof", "Hesselink", "Groot Nuelend",
		"Kuipers", "Mensink", "Bruggink", "Veldhuis", "Haverkate", "Oude Wesselink", "Nijenhuis", "Kremer", "ten Dam",
		"Slotman", "Wiggers", "Schuttenbeld", "Leferink",
	}
	veluweSurnames = []string{
		"van 't Hul", "Hop", "Schuurman", "Mosterd", "van de Weg", "Hazeleger", "Kamphorst", "van Beek", "Stoffer",
		"Bouw", "van de Pol", "Koops", "Brands", "van Dalfsen", "Bosch", "Mulder", "Hoekman", "Ruiter", "van Norel",
		"Bronkhorst", "Kwakkel", "van den Brink", "Doppenberg", "Heijkoop", "Bunschoten", "Wapenaar", "Hulsbergen",
		"Broekhuis", "Blankestijn", "Zwart",
	}
	turkish = background{"tr",
		[]string{"Mehmet", "Emre", "Yusuf", "Elif", "Zeynep", "Kerem", "Burak", "Ayşe", "Berkay", "Mert", "Efe", "Hatice", "Selin", "Onur"},
		[]string{"Yilmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç", "Kurt", "Özdemir"},
		[]string{"tr"}, 0.7}
	moroccan = background{"ma",
		[]string{"Mohamed", "Ayoub", "Bilal", "Fatima", "Yasmina", "Soufiane", "Ilias", "Hamza", "Nora", "Imane", "Anas", "Salma"},
		[]string{"el Amrani", "Bouzid", "el Idrissi", "Benali", "Ouali", "el Khatib", "Azzouzi", "Boukhari", "Haddouchi", "Tahiri"},
		[]string{"ar"}, 0.4}
	polish = background{"pl",
		[]string{"Jakub", "Kacper", "Anna", "Zuzanna", "Piotr", "Wiktoria", "Mateusz", "Oliwia", "Szymon", "Bartosz"},
		[]string{"Kowalski", "Nowak", "Wiśniewski", "Kowalczyk", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"},
		[]string{"pl"}, 0.8}
	syrian = background{"sy",
		[]string{"Omar", "Ahmad", "Rama", "Lina", "Khaled", "Yara", "Rami", "Nour", "Majd", "Hadi"},
		[]string{"Haddad", "Al-Hassan", "Khalil", "Alali", "Mansour", "Hamdan", "Sabbagh", "Darwish"},
		[]string{"ar"}, 0.9}
	ukrainian = background{"ua",
		[]string{"Oleksandr", "Dmytro", "Sofiia", "Anastasiia", "Maksym", "Artem", "Yuliia", "Bohdan"},
		[]string{"Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko"},
		[]string{"uk"}, 0.9}
	eritrean = background{"er",
		[]string{"Senait", "Yonas", "Filmon", "Helen", "Robel", "Merhawi", "Selam"},
		[]string{"Tesfay", "Ghebremedhin", "Haile", "Kidane", "Berhane", "Tekle"},
		[]string{"en"}, 0.5}
	caribbean = background{"cw",
		[]string{"Jayden", "Shanice", "Dylano", "Quincy", "Kimberley", "Giovanni", "Naomi"},
		[]string{"Martina", "Pinas", "Biswane", "Doelwijt", "Isenia", "Rosaria", "Sluis"},
		[]string{"en"}, 0.4}
	german = background{"de",
		[]string{"Lukas", "Leon", "Jonas", "Felix", "Lena", "Hannah", "Paul", "Marie"},
		[]string{"Schulte", "Müller", "Hoffmann", "Schröder", "Wagner", "Becker", "Krämer", "Terhorst"},
		[]string{"de"}, 0.95}
)

// backgroundsFor returns the name mix of a region: mostly Dutch names with
// the regional surnames, and the backgrounds that live there.
func backgroundsFor(slug string) []weighted[background] {
	local := veluweSurnames
	if slug == "twente" {
		local = twenteSurnames
	}
	dutch := background{"nl", dutchFirst, append(append([]string{}, dutchSurnames...), local...), nil, 0}
	if slug == "twente" {
		return []weighted[background]{
			{dutch, 70}, {turkish, 9}, {moroccan, 4}, {polish, 4}, {syrian, 4}, {ukrainian, 2},
			{eritrean, 2}, {caribbean, 2}, {german, 3},
		}
	}
	return []weighted[background]{
		{dutch, 84}, {turkish, 3}, {moroccan, 3}, {polish, 4}, {syrian, 2}, {ukrainian, 2}, {eritrean, 1}, {caribbean, 1},
	}
}

// person is a generated name.
type person struct {
	first, last string
	bg          background
}

// name returns the full name; Dutch surname prefixes stay in lower case
// after a first name ("Sven de Vries").
func (p person) name() string { return p.first + " " + p.last }

func newPerson(r *rand.Rand, bgs []weighted[background]) person {
	bg := pickW(r, bgs)
	return person{first: pick(r, bg.first), last: pick(r, bg.surnames), bg: bg}
}

// adultFirst are first names of staff and company contacts.
var adultFirst = []string{
	"Marloes", "Erik", "Henk", "Gerrit", "Ilse", "Annemiek", "Petra", "Wim", "Ruud", "Marieke", "Sandra", "Hans",
	"Karin", "Martijn", "Jeroen", "Monique", "Bert", "Anja", "Paul", "Mirjam", "Frank", "Ingrid", "Rob", "Esther",
	"Johan", "Linda", "Marcel", "Yvonne", "Arjan", "Hanneke", "Dennis", "Wendy", "Richard", "Gerda", "Sander",
	"Nicole", "Hüseyin", "Samira", "Tomasz", "Dirk", "Bart", "Leonie", "Edwin", "Judith", "René", "Carola",
}

func newAdult(r *rand.Rand, slug string) person {
	bgs := backgroundsFor(slug)
	last := pick(r, bgs[0].v.surnames)
	return person{first: pick(r, adultFirst), last: last, bg: bgs[0].v}
}

// emailLocal returns the local part of an e-mail address for a person:
// "sven.devries" or "s.devries".
func emailLocal(p person, initial bool) string {
	last := slug(strings.ReplaceAll(p.last, "'", ""))
	if initial {
		return slug(p.first)[:1] + "." + last
	}
	return slug(p.first) + "." + last
}
