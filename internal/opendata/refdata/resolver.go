package refdata

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// PlaceResolver maps place names as DUO and other sources write them
// ("ENSCHEDE", "'S-HERTOGENBOSCH", "DEN HAAG", "EDE GLD") to CBS
// municipality codes. It is safe for concurrent use once built.
type PlaceResolver struct {
	places        map[string][]string // normalised woonplaats -> municipality codes
	municipality  map[string]string   // normalised municipality name -> code (latest year)
	provinceOf    map[string]string   // municipality code -> province code
	municipalYear map[string]int
}

// aliases are common names that are in neither CBS list.
var aliases = map[string]string{
	"den haag":  "s gravenhage",
	"the hague": "s gravenhage",
	"den bosch": "s hertogenbosch",
	// c.a. (cum annexis) abbreviates a municipality of several villages.
	"nuenen c a": "nuenen gerwen en nederwetten",
}

// provinceSuffix maps the abbreviations PostNL and DUO append to ambiguous
// place names ("EDE GLD", "HENGELO OV", "Bergen (NH)") to CBS province codes.
var provinceSuffix = map[string]string{
	"gn": "PV20", "gr": "PV20", "fr": "PV21", "frl": "PV21", "dr": "PV22",
	"ov": "PV23", "o": "PV23", "fl": "PV24", "gld": "PV25", "gl": "PV25", "g": "PV25",
	"ut": "PV26", "u": "PV26", "nh": "PV27", "zh": "PV28", "z": "PV29", "zl": "PV29",
	"zld": "PV29", "nb": "PV30", "l": "PV31", "lb": "PV31", "li": "PV31",
}

// NewPlaceResolver builds a resolver from CBS woonplaatsen and municipality
// rows (all years: old names then resolve to the code they had).
func NewPlaceResolver(places []Place, municipalities []Municipality) *PlaceResolver {
	r := &PlaceResolver{
		places:        map[string][]string{},
		municipality:  map[string]string{},
		provinceOf:    map[string]string{},
		municipalYear: map[string]int{},
	}
	for _, m := range municipalities {
		key := NormalizePlaceName(m.Name)
		if y, ok := r.municipalYear[key]; !ok || m.Year > y {
			r.municipality[key] = m.Code
			r.municipalYear[key] = m.Year
		}
		if y, ok := r.municipalYear["\x00"+m.Code]; !ok || m.Year >= y {
			r.provinceOf[m.Code] = m.ProvinceCode
			r.municipalYear["\x00"+m.Code] = m.Year
		}
	}
	for _, p := range places {
		key := NormalizePlaceName(p.Name)
		if !contains(r.places[key], p.MunicipalityCode) {
			r.places[key] = append(r.places[key], p.MunicipalityCode)
		}
	}
	return r
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Resolve returns the GM code of the municipality a place name (a
// woonplaats, as in DUO's PLAATSNAAM) lies in, and false when the name is
// unknown or ambiguous. It tries, in order: the woonplaats (when it lies in
// one municipality), a municipality of that name, and the name without a
// trailing province abbreviation ("EDE GLD") restricted to that province.
func (r *PlaceResolver) Resolve(name string) (string, bool) {
	return r.resolve(name, false)
}

// ResolveMunicipality is Resolve for names that are municipality names (as
// in DUO's GEMEENTENAAM): a municipality of that name wins over a
// woonplaats of that name elsewhere.
func (r *PlaceResolver) ResolveMunicipality(name string) (string, bool) {
	return r.resolve(name, true)
}

func (r *PlaceResolver) resolve(name string, municipalityFirst bool) (string, bool) {
	key := NormalizePlaceName(name)
	if key == "" {
		return "", false
	}
	if code, ok := r.lookup(key, "", municipalityFirst); ok {
		return code, true
	}
	if i := strings.LastIndexByte(key, ' '); i > 0 {
		if prov, ok := provinceSuffix[key[i+1:]]; ok {
			if code, ok := r.lookup(key[:i], prov, municipalityFirst); ok {
				return code, true
			}
		}
	}
	// Old spellings write "ij" as "y" (ALPHEN AAN DEN RYN).
	if strings.Contains(key, "y") {
		if code, ok := r.lookup(strings.ReplaceAll(key, "y", "ij"), "", municipalityFirst); ok {
			return code, true
		}
	}
	return "", false
}

// lookup resolves a normalised key; a non-empty province restricts the
// candidates to that province.
func (r *PlaceResolver) lookup(key, province string, municipalityFirst bool) (string, bool) {
	if a, ok := aliases[key]; ok {
		key = a
	}
	inProvince := func(code string) bool { return province == "" || r.provinceOf[code] == province }
	byMunicipality := func() (string, bool) {
		code, ok := r.municipality[key]
		return code, ok && inProvince(code)
	}
	if municipalityFirst {
		if code, ok := byMunicipality(); ok {
			return code, true
		}
	}
	var found string
	n := 0
	for _, code := range r.places[key] {
		if inProvince(code) {
			found = code
			n++
		}
	}
	if n == 1 {
		return found, true
	}
	return byMunicipality()
}

// NormalizePlaceName returns the comparison form of a place name: lower
// case, accents removed, apostrophes dropped, other punctuation read as a
// space, blanks collapsed. "'S-HERTOGENBOSCH" and "’s-Hertogenbosch" both
// give "s hertogenbosch"; "Bergen (NH.)" gives "bergen nh".
func NormalizePlaceName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range s {
		switch {
		case c == '\'' || c == '’' || c == '‘' || c == '`' || c == '´':
			continue
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 0x80 && unicode.IsLetter(c):
			c = fold(c)
		default:
			c = ' '
		}
		if c == ' ' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if c < utf8.RuneSelf {
			b.WriteByte(byte(c))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// foldMap maps accented Latin letters (either case) to their lower-case
// base letter.
var foldMap = func() map[rune]rune {
	from := []rune("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ")
	to := []rune("aaaaaaceeeeiiiinoooooouuuuyy")
	m := make(map[rune]rune, 2*len(from))
	for i, c := range from {
		m[c] = to[i]
		m[unicode.ToUpper(c)] = to[i]
	}
	return m
}()

// fold maps an accented Latin letter to its lower-case base letter; other
// runes are returned in lower case.
func fold(c rune) rune {
	if f, ok := foldMap[c]; ok {
		return f
	}
	return unicode.ToLower(c)
}
