package route

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A word as the analyser sees it: the term it is matched by and the word as
// the user wrote it (lower case), for the reasons shown.
type word struct {
	term    string
	surface string
}

// Terms returns the terms the ranking matches text by, in order of first
// appearance and without repeats: words in lower case without diacritics,
// stop words dropped, a light Dutch stemming applied ("technieken" ->
// "techniek", "monteurs" -> "monteur"), and words of the synonym table
// mapped to their concept ("besturingstechniek" -> "plc", "lastechniek" ->
// "lassen"). A compound that starts with a known concept yields the concept
// too ("onderhoudsmonteur" -> "onderhoudsmonteur", "onderhoud").
func Terms(s string) []string {
	ws := analyse(s, nil)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.term
	}
	return out
}

// analyse appends the distinct words of s to dst, with their surface.
func analyse(s string, dst []word) []word { return analyseWords(s, dst, true) }

// analyseTerms is analyse without the surface forms, for the catalogue.
func analyseTerms(s string, dst []word) []word { return analyseWords(s, dst, false) }

func analyseWords(s string, dst []word, surfaces bool) []word {
	start := len(dst)
	var buf []byte
	i := 0
	for i < len(s) {
		// Skip separators.
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i
		buf = buf[:0]
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			buf = appendFolded(buf, r)
			j += n
		}
		var surface string
		if surfaces {
			surface = strings.ToLower(s[i:j])
		}
		i = j
		folded := string(buf)
		if len(folded) < 2 && !(len(folded) == 1 && folded[0] >= '0' && folded[0] <= '9') {
			continue
		}
		if stopWords[folded] {
			continue
		}
		add := func(t string) {
			for _, w := range dst[start:] {
				if w.term == t {
					return
				}
			}
			dst = append(dst, word{term: t, surface: surface})
		}
		if c, ok := synonyms[folded]; ok {
			add(c)
			continue
		}
		st := stem(folded)
		if stopWords[st] {
			continue
		}
		if c, ok := synonyms[st]; ok {
			add(c)
			continue
		}
		add(st)
		if c, ok := compoundHead(folded); ok {
			add(c)
		}
	}
	return dst
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// minHead is the shortest known word recognised at the start of a compound.
const minHead = 5

// compoundHead returns the concept of the longest synonym-table word of at
// least minHead letters that the word starts with, leaving at least three
// letters after it.
func compoundHead(w string) (string, bool) {
	for k := len(w) - 3; k >= minHead; k-- {
		if c, ok := synonyms[w[:k]]; ok {
			return c, true
		}
	}
	return "", false
}

// appendFolded appends r in lower case without diacritics. Letters outside
// the table are lower-cased as they are.
func appendFolded(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	r = unicode.ToLower(r)
	if f, ok := foldTable[r]; ok {
		return append(b, f...)
	}
	return utf8.AppendRune(b, r)
}

var foldTable = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćčĉ", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ğĝ",
		"i": "ìíîïīĭįı", "l": "łľĺ", "n": "ñńňņ", "o": "òóôõöøōő", "r": "řŕ",
		"s": "śšşș", "t": "ťţț", "u": "ùúûüūůűų", "y": "ýÿ", "z": "źżž",
		"ss": "ß", "ij": "ĳ", "ae": "æ", "oe": "œ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// stem strips the common Dutch inflections of a folded word: plural -en
// and -s, diminutives, -heden, the adjective -e, and undoubles the final
// consonant that is left ("lassen" -> "las"). It leaves short words alone.
func stem(w string) string {
	n := len(w)
	switch {
	case n <= 4:
		return w
	case strings.HasSuffix(w, "heden"):
		return w[:n-5] + "heid"
	case strings.HasSuffix(w, "ingen"):
		return w[:n-2]
	case strings.HasSuffix(w, "tjes") && n > 7:
		return w[:n-4]
	case strings.HasSuffix(w, "tje") && n > 6:
		return w[:n-3]
	case strings.HasSuffix(w, "jes") && n > 6:
		return w[:n-3]
	case strings.HasSuffix(w, "en") && n > 5:
		return undouble(w[:n-2])
	case strings.HasSuffix(w, "es") && n > 5:
		return w[:n-1] // "machines" -> "machine"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "os"):
		return w[:n-1]
	case strings.HasSuffix(w, "e") && n > 5 && !isVowel(w[n-2]):
		return w[:n-1] // "technische" -> "technisch"
	}
	return w
}

func isVowel(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }

func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !isVowel(w[n-1]) {
		return w[:n-1]
	}
	return w
}

// stopWords are Dutch and English function words and the words every
// question uses ("zoeken", "medewerkers", "opleiding") that say nothing
// about what is asked. They are folded forms, and the stemmed forms of the
// inflected ones are listed too.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		de het een en of van voor met in op te bij naar om aan uit door over tot als dan
		is zijn was waren ben bent wordt worden werd kan kunnen kunt zal zullen wil willen
		heb hebben heeft had moet moeten mag mogen gaat gaan doen doet
		we wij ons onze jullie u uw ik mij mijn hij zij ze hun hen die dat dit deze er
		ook nog niet geen wel al meer veel zeer heel erg alle elke ieder iets graag
		per via na sinds zoals waar wat wie hoe welke waarom wanneer nu hier daar
		zoek zoeken zoekt gezocht vraag vragen vraagt hulp nodig behoefte interesse
		bedrijf bedrijven organisatie mensen medewerker medewerkers personeel collega collegas werknemer werknemers
		opleiding opleidingen opleid cursus cursussen training trainingen scholing leren aanbod mogelijk mogelijkheid
		jaar jaren week weken maand maanden dag dagen regio
		twee drie vier vijf zes zeven acht negen tien twintig honderd paar aantal enkele
		the a an and or of for with in on to at by from as is are be we our us you your
		need needs looking want wants company staff people training course courses
	`) {
		m[w] = true
	}
	return m
}()

// synonyms maps a folded word (and, added at start-up, its stem) to its
// concept: the words companies use for one skill or topic. Keep it small and
// about the technical trades; a concept is itself one of its words.
var synonyms = func() map[string]string {
	table := map[string]string{
		"plc":                 "plc plcs besturingstechniek besturingen besturing plcprogrammeren",
		"automatisering":      "automatisering automation procesautomatisering",
		"lassen":              "lassen las lasser lassers lastechniek laswerk welding welder mig tig",
		"elektrotechniek":     "elektrotechniek elektrotechnisch elektro elektricien elektromonteur electrical elektrisch",
		"installatietechniek": "installatietechniek installateur installatiemonteur installatie installaties",
		"mechatronica":        "mechatronica mechatronics mechatronicus mechatronisch",
		"verspanen":           "verspanen verspaning verspaner cnc frezen machining",
		"onderhoud":           "onderhoud onderhoudsmonteur onderhoudstechniek maintenance",
		"warmtepomp":          "warmtepomp warmtepompen heatpump",
		"koeltechniek":        "koeltechniek koelmonteur koeling koudetechniek refrigeration",
		"hydrauliek":          "hydrauliek hydraulica hydraulisch hydraulics",
		"pneumatiek":          "pneumatiek pneumatisch pneumatics",
		"robotica":            "robotica robot robots robotics cobot cobots",
		"zonnepanelen":        "zonnepanelen zonnepaneel solar",
		"docent":              "docent docenten leraar leraren teacher lesgeven doceren",
		"excursie":            "excursie excursies bedrijfsbezoek excursion rondleiding",
		"gastles":             "gastles gastlessen gastcollege",
		"techlab":             "techlab skillslab",
		"stage":               "stage stages stageplek stageplaats bpv internship stagiair stagiairs",
		"leerbaan":            "leerbaan leerbanen bbl leerwerkplek apprenticeship",
		"vacature":            "vacature vacatures vacancy",
	}
	m := map[string]string{}
	concepts := make([]string, 0, len(table))
	for c := range table {
		concepts = append(concepts, c)
	}
	slices.Sort(concepts)
	for _, c := range concepts {
		for _, w := range strings.Fields(table[c]) {
			m[w] = c
		}
	}
	// Stems of the words, unless the stem is a word of the table or a stop
	// word; concepts in name order decide between two words with one stem.
	for _, c := range concepts {
		for _, w := range strings.Fields(table[c]) {
			s := stem(w)
			if _, taken := m[s]; !taken && !stopWords[s] {
				m[s] = c
			}
		}
	}
	return m
}()
