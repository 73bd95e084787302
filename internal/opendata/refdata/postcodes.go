package refdata

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// PostcodeKind says what a PC4 area holds, as the 4pp list publishes it.
type PostcodeKind string

// The kinds of PC4 postcode in the 4pp list.
const (
	KindAddress        PostcodeKind = "Adres"
	KindPOBox          PostcodeKind = "Postbus"
	KindAddressAndBox  PostcodeKind = "Adres + Postbus"
	KindUnknownPC4Kind PostcodeKind = "Onbekend"
)

// Postcode is a PC4 area with its centroid in WGS84 degrees.
type Postcode struct {
	PC4          string // 4 digits, first not 0
	Place        string
	AltNames     []string // other spellings of Place, nil when none
	Municipality string   // as of the list's date (about 2014); may be ""
	Province     string
	AreaCode     string // telephone netnummer, may be ""
	Lat, Lon     float64
	Kind         PostcodeKind
}

// POBoxOnly reports whether the postcode is only used for PO boxes and so
// has no real area; leave it out of distance computations.
func (p Postcode) POBoxOnly() bool { return p.Kind == KindPOBox }

// The bounding box of the Netherlands (with a small margin) that centroids
// must lie in.
const (
	MinLat, MaxLat = 50.70, 53.70
	MinLon, MaxLon = 3.20, 7.30
)

const layoutPostcodes = "pc4-4pp"

// ReadPostcodes reads the PC4 centroid list (columns postcode, woonplaats,
// alternatieve_schrijfwijzen, gemeente, provincie, netnummer, latitude,
// longitude, soort; "id" and others are ignored). It validates the PC4
// format and uniqueness, the coordinates against the Dutch bounding box and
// the kind. On failure it returns nil and an error wrapping a
// *opendata.ValidationError (or the read error).
func ReadPostcodes(r io.Reader) ([]Postcode, error) {
	rd, err := csvx.Open(r, csvx.Options{})
	if err != nil {
		return nil, fmt.Errorf("refdata: postcodes: %w", err)
	}
	c := rd.Require(layoutPostcodes, "postcode", "woonplaats", "alternatieve_schrijfwijzen",
		"gemeente", "provincie", "netnummer", "latitude", "longitude", "soort")
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: postcodes: %w", err)
	}
	kinds := []PostcodeKind{KindAddress, KindPOBox, KindAddressAndBox, KindUnknownPC4Kind}
	var (
		out  []Postcode
		seen = map[string]int{}
	)
	for rd.Next() {
		var p Postcode
		var chk csvx.Check
		p.PC4 = chk.Str(rd.Match(c[0], true, opendata.IsPC4, "4 digits, the first not 0"))
		p.Place = chk.Str(rd.Required(c[1]))
		if alt := rd.Str(c[2]); alt != "" {
			for _, a := range strings.Split(alt, ";") {
				if a = strings.TrimSpace(a); a != "" {
					p.AltNames = append(p.AltNames, a)
				}
			}
		}
		p.Municipality = rd.Str(c[3])
		p.Province = chk.Str(rd.Required(c[4]))
		p.AreaCode = chk.Str(rd.Match(c[5], false, func(v string) bool { return csvx.Digits(v, 2, 6) }, "2-6 digits"))
		p.Lat = chk.Float(rd.Float(c[6], MinLat, MaxLat))
		p.Lon = chk.Float(rd.Float(c[7], MinLon, MaxLon))
		kind := rd.Str(c[8])
		p.Kind = PostcodeKind("")
		for _, k := range kinds {
			if strings.EqualFold(kind, string(k)) {
				p.Kind = k
			}
		}
		if p.Kind == "" {
			rd.Problem(opendata.CodeUnknownValue, c[8], kind, `"Adres", "Postbus", "Adres + Postbus", "Onbekend"`)
			chk.Failed = true
		}
		if chk.Failed {
			continue
		}
		if first, dup := seen[p.PC4]; dup {
			rd.Problem(opendata.CodeDuplicate, c[0], p.PC4, "line "+strconv.Itoa(first))
			continue
		}
		seen[p.PC4] = rd.Line()
		out = append(out, p)
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: postcodes: %w", err)
	}
	return out, nil
}
