// Package refdata reads the reference data Talentloket joins open data
// with: CBS municipalities (with COROP, labour-market region and province),
// CBS woonplaatsen, PC4 postcode centroids, mbo school locations and mbo
// qualification (crebo) lists; and it resolves DUO place names to CBS
// municipality codes.
//
// Every reader takes an io.Reader (any encoding and separator csvx
// understands; columns are found by name, extra columns are ignored) and
// returns either all rows or an error wrapping a *opendata.ValidationError
// that lists the problems by line and column. Errors from the underlying
// reader are wrapped with %w.
package refdata

import (
	"fmt"
	"io"
	"strconv"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// Municipality is one row of the CBS municipality classification: a
// municipality name as it existed in Year, with its COROP region,
// labour-market region (arbeidsmarktregio, empty before ~2014) and province.
type Municipality struct {
	Name             string
	Code             string // GM + 4 digits
	Year             int
	CoropCode        string // CR + 2 digits
	Corop            string
	LabourMarketCode string // AM + 2 digits, or "" in early years
	LabourMarket     string
	ProvinceCode     string // PV + 2 digits
	Province         string
}

// Place is one CBS woonplaats with the municipality and COROP region it
// lies in.
type Place struct {
	Code             string // woonplaatscode, digits
	Name             string
	MunicipalityCode string // GM + 4 digits
	MunicipalityName string
	CoropCode        string // CR + 2 digits
	Corop            string
}

const (
	layoutMunicipalities = "cbs-gemeenten"
	layoutPlaces         = "cbs-woonplaatsen"
)

// areaCode reports whether v is prefix followed by exactly width digits.
func areaCode(prefix string, width int) func(string) bool {
	return func(v string) bool {
		return len(v) == len(prefix)+width && v[:len(prefix)] == prefix && csvx.Digits(v[len(prefix):], width, width)
	}
}

// ReadMunicipalities reads the CBS municipality list (columns name, code,
// year, corop_code, corop, region_code, region, province_code, province)
// and returns every row in file order. It validates the code formats
// (GM####, CR##, AM## or empty, PV##), the year and that a name occurs once
// per year. On failure it returns nil and an error wrapping a
// *opendata.ValidationError (or the read error).
func ReadMunicipalities(r io.Reader) ([]Municipality, error) {
	rd, err := csvx.Open(r, csvx.Options{})
	if err != nil {
		return nil, fmt.Errorf("refdata: municipalities: %w", err)
	}
	c := rd.Require(layoutMunicipalities, "name", "code", "year", "corop_code", "corop",
		"region_code", "region", "province_code", "province")
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: municipalities: %w", err)
	}
	var (
		out  []Municipality
		seen = map[string]int{}
	)
	for rd.Next() {
		var m Municipality
		var chk csvx.Check
		m.Name = chk.Str(rd.Required(c[0]))
		m.Code = chk.Str(rd.Match(c[1], true, areaCode("GM", 4), "GM + 4 digits"))
		m.Year = chk.Int(rd.Int(c[2], 1800, 2100))
		m.CoropCode = chk.Str(rd.Match(c[3], true, areaCode("CR", 2), "CR + 2 digits"))
		m.Corop = chk.Str(rd.Required(c[4]))
		m.LabourMarketCode = chk.Str(rd.Match(c[5], false, areaCode("AM", 2), "AM + 2 digits"))
		m.LabourMarket = rd.Str(c[6])
		if m.LabourMarketCode != "" && m.LabourMarket == "" {
			chk.Str(rd.Required(c[6]))
		}
		m.ProvinceCode = chk.Str(rd.Match(c[7], true, areaCode("PV", 2), "PV + 2 digits"))
		m.Province = chk.Str(rd.Required(c[8]))
		if chk.Failed {
			continue
		}
		key := m.Name + "\x00" + strconv.Itoa(m.Year)
		if first, dup := seen[key]; dup {
			rd.Problem(opendata.CodeDuplicate, c[0], m.Name, "line "+strconv.Itoa(first))
			continue
		}
		seen[key] = rd.Line()
		out = append(out, m)
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: municipalities: %w", err)
	}
	return out, nil
}

// CurrentMunicipalities returns the rows of the most recent year in ms (the
// municipalities that exist now), in their original order; nil for none.
func CurrentMunicipalities(ms []Municipality) []Municipality {
	maxYear := 0
	for _, m := range ms {
		maxYear = max(maxYear, m.Year)
	}
	var out []Municipality
	for _, m := range ms {
		if m.Year == maxYear {
			out = append(out, m)
		}
	}
	return out
}

// ReadPlaces reads the CBS woonplaatsen list (columns Woonplaatscode,
// Woonplaats, Gemeentecode, Gemeente, COROP-gebiedcode, COROP-gebied). The
// municipality and COROP codes may be bare digits or prefixed; they come
// back as GM#### and CR##. A woonplaatscode may occur once. On failure it
// returns nil and an error wrapping a *opendata.ValidationError (or the read
// error).
func ReadPlaces(r io.Reader) ([]Place, error) {
	rd, err := csvx.Open(r, csvx.Options{})
	if err != nil {
		return nil, fmt.Errorf("refdata: places: %w", err)
	}
	c := rd.Require(layoutPlaces, "Woonplaatscode", "Woonplaats", "Gemeentecode", "Gemeente",
		"COROP-gebiedcode", "COROP-gebied")
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: places: %w", err)
	}
	var (
		out  []Place
		seen = map[string]int{}
	)
	for rd.Next() {
		var p Place
		var chk csvx.Check
		p.Code = chk.Str(rd.Match(c[0], true, func(v string) bool { return csvx.Digits(v, 1, 6) }, "digits"))
		p.Name = chk.Str(rd.Required(c[1]))
		p.MunicipalityCode = chk.Str(prefixed(rd, c[2], "GM", 4))
		p.MunicipalityName = chk.Str(rd.Required(c[3]))
		p.CoropCode = chk.Str(prefixed(rd, c[4], "CR", 2))
		p.Corop = chk.Str(rd.Required(c[5]))
		if chk.Failed {
			continue
		}
		if first, dup := seen[p.Code]; dup {
			rd.Problem(opendata.CodeDuplicate, c[0], p.Code, "line "+strconv.Itoa(first))
			continue
		}
		seen[p.Code] = rd.Line()
		out = append(out, p)
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: places: %w", err)
	}
	return out, nil
}

// prefixed reads a required CBS code that may be written with or without
// its prefix and returns it with the prefix.
func prefixed(rd *csvx.Reader, col int, prefix string, width int) (string, bool) {
	v, ok := rd.Required(col)
	if !ok {
		return "", false
	}
	code, ok := csvx.PrefixedCode(v, prefix, width)
	if !ok {
		rd.Problem(opendata.CodeBadFormat, col, v, prefix+" + "+strconv.Itoa(width)+" digits, or "+strconv.Itoa(width)+" digits")
		return "", false
	}
	return code, true
}
