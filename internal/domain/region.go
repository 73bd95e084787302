package domain

import (
	"strings"
	"time"
)

// Region is a tenant: a regional network of schools and companies. Personal
// data never crosses regions.
type Region struct {
	ID        int64
	Slug      string // short name used in demo accounts, e.g. "twente"
	Name      string
	CreatedAt time.Time
}

// Validate checks the region's fields.
func (r Region) Validate() error {
	var v ValidationError
	if !validSlug(r.Slug) {
		v.Add("slug", "invalid.slug")
	}
	if strings.TrimSpace(r.Name) == "" {
		v.Add("name", "invalid.required")
	}
	return v.Err()
}

func validSlug(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Municipality is a CBS municipality (gemeente) with the regions it belongs
// to: labour-market region (AM##), COROP area (CR##) and province (PV##).
// It is reference data shared by all tenants.
type Municipality struct {
	Code             string // GM####
	Name             string
	Year             int // latest CBS classification year the name exists in
	LabourMarketCode string
	LabourMarket     string
	CoropCode        string
	Corop            string
	ProvinceCode     string
	Province         string
}

// Validate checks the CBS codes of a municipality; empty region codes are
// allowed (older years have none).
func (m Municipality) Validate() error {
	var v ValidationError
	if _, err := ParseCBSCode("GM", m.Code); err != nil {
		v.Add("code", "invalid.cbs_code", "GM")
	}
	if strings.TrimSpace(m.Name) == "" {
		v.Add("name", "invalid.required")
	}
	for _, c := range []struct{ field, prefix, val string }{
		{"labour_market_code", "AM", m.LabourMarketCode},
		{"corop_code", "CR", m.CoropCode},
		{"province_code", "PV", m.ProvinceCode},
	} {
		if c.val == "" {
			continue
		}
		if _, err := ParseCBSCode(c.prefix, c.val); err != nil {
			v.Add(c.field, "invalid.cbs_code", c.prefix)
		}
	}
	return v.Err()
}

// Postcode is a PC4 area with its centroid, used for distances.
type Postcode struct {
	PC4          string
	Place        string
	Municipality string
	Point        Point
	Source       string // "cbs"/"4pp" for imported data, "demo" for generated
}

// Validate checks the PC4 code and that the centroid lies in the Netherlands.
func (p Postcode) Validate() error {
	var v ValidationError
	if _, err := ParsePC4(p.PC4); err != nil {
		v.Add("postcode", "invalid.pc4")
	}
	if !p.Point.InNetherlands() {
		v.Add("point", "invalid.coordinates")
	}
	return v.Err()
}
