package refdata

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// SchoolLocation is one mbo school location (vestiging).
type SchoolLocation struct {
	BRINVest string // BRIN + 2-digit vestiging number, e.g. "25LX00"
	BRIN     string // the first 4 characters: the institution
	Name     string
	Street   string
	Postcode string // "1234 AB", or "1234" when the file gives only digits
	PC4      string // the digits of Postcode, to join with the PC4 list
	City     string
	URL      string // as published; may be "" or lack a scheme
}

const layoutLocations = "mbo-locaties"

// ReadSchoolLocations reads the mbo locations list (columns brinvest, name,
// street, zip, city, url). It validates the BRIN+vestiging code (4
// letters/digits then 2 digits, unique) and the postcode, which it
// normalises. On failure it returns nil and an error wrapping a
// *opendata.ValidationError (or the read error).
func ReadSchoolLocations(r io.Reader) ([]SchoolLocation, error) {
	rd, err := csvx.Open(r, csvx.Options{})
	if err != nil {
		return nil, fmt.Errorf("refdata: school locations: %w", err)
	}
	c := rd.Require(layoutLocations, "brinvest", "name", "street", "zip", "city", "url")
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: school locations: %w", err)
	}
	var (
		out  []SchoolLocation
		seen = map[string]int{}
	)
	for rd.Next() {
		var l SchoolLocation
		var chk csvx.Check
		l.BRINVest = strings.ToUpper(chk.Str(rd.Match(c[0], true, func(v string) bool {
			return opendata.IsBRINVest(strings.ToUpper(v))
		}, "BRIN (4 letters or digits) + 2 digits")))
		l.Name = chk.Str(rd.Required(c[1]))
		l.Street = rd.Str(c[2])
		if zip, ok := rd.Required(c[3]); !ok {
			chk.Failed = true
		} else if pc, ok := opendata.NormalizePostcode(zip); ok {
			l.Postcode, l.PC4 = pc, pc[:4]
		} else {
			rd.Problem(opendata.CodeBadFormat, c[3], zip, "1234 AB")
			chk.Failed = true
		}
		l.City = chk.Str(rd.Required(c[4]))
		l.URL = rd.Str(c[5])
		if chk.Failed {
			continue
		}
		l.BRIN = l.BRINVest[:4]
		if first, dup := seen[l.BRINVest]; dup {
			rd.Problem(opendata.CodeDuplicate, c[0], l.BRINVest, "line "+strconv.Itoa(first))
			continue
		}
		seen[l.BRINVest] = rd.Line()
		out = append(out, l)
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: school locations: %w", err)
	}
	return out, nil
}
