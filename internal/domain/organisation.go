package domain

import (
	"strings"
	"time"
)

// OrgKind is the kind of partner organisation.
type OrgKind string

// Organisation kinds.
const (
	OrgSchool      OrgKind = "school"
	OrgCompany     OrgKind = "company"
	OrgAssociation OrgKind = "association" // employer association
	OrgGovernment  OrgKind = "government"
	OrgOther       OrgKind = "other"
)

// OrgKinds lists every organisation kind in display order.
var OrgKinds = []OrgKind{OrgSchool, OrgCompany, OrgAssociation, OrgGovernment, OrgOther}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Organisation is a partner in a region: a school (BRIN), a company (KvK
// number), an employer association, a government or another partner.
type Organisation struct {
	ID               int64
	RegionID         int64
	Kind             OrgKind
	Name             string
	BRIN             string // schools
	KvK              string // companies and associations
	Website          string
	Email            string
	Phone            string
	MunicipalityCode string
	Member           bool // member of the regional cooperative
	Accreditations   []string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Normalise trims and normalises the identifiers in place; it returns the
// validation error of the result.
func (o *Organisation) Normalise() error {
	var v ValidationError
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" || len(o.Name) > 200 {
		v.Add("name", "invalid.required")
	}
	if !o.Kind.Valid() {
		v.Add("kind", "invalid.choice")
	}
	if o.Kind == OrgSchool || o.BRIN != "" {
		if b, err := ParseBRIN(o.BRIN); err != nil {
			v.Add("brin", "invalid.brin")
		} else {
			o.BRIN = b
		}
	}
	if o.Kind == OrgCompany || o.KvK != "" {
		if k, err := ParseKvK(o.KvK); err != nil {
			v.Add("kvk", "invalid.kvk")
		} else {
			o.KvK = k
		}
	}
	if o.Email != "" {
		if e, err := ParseEmail(o.Email); err != nil {
			v.Add("email", "invalid.email")
		} else {
			o.Email = e
		}
	}
	if o.MunicipalityCode != "" {
		if c, err := ParseCBSCode("GM", o.MunicipalityCode); err != nil {
			v.Add("municipality", "invalid.cbs_code", "GM")
		} else {
			o.MunicipalityCode = c
		}
	}
	if o.Website != "" && !(strings.HasPrefix(o.Website, "https://") || strings.HasPrefix(o.Website, "http://")) {
		v.Add("website", "invalid.url")
	}
	acc := make([]string, 0, len(o.Accreditations))
	for _, c := range o.Accreditations {
		cr, err := ParseCrebo(c)
		if err != nil {
			v.Add("accreditations", "invalid.crebo")
			continue
		}
		acc = append(acc, cr)
	}
	if o.Kind != OrgCompany && len(acc) > 0 {
		v.Add("accreditations", "invalid.accreditation_company_only")
	}
	o.Accreditations = NormaliseTagList(acc)
	return v.Err()
}

// AccreditedFor reports whether the organisation is an accredited training
// company (erkend leerbedrijf) for the crebo.
func (o Organisation) AccreditedFor(crebo string) bool {
	for _, c := range o.Accreditations {
		if c == crebo {
			return true
		}
	}
	return false
}

// Location is an address of an organisation with its coordinates.
type Location struct {
	ID             int64
	RegionID       int64
	OrganisationID int64
	Name           string
	Street         string
	Postcode       string // "1234 AB"
	Place          string
	Point          Point
}

// Normalise validates and normalises a location in place.
func (l *Location) Normalise() error {
	var v ValidationError
	l.Name = strings.TrimSpace(l.Name)
	l.Place = strings.TrimSpace(l.Place)
	if l.Place == "" {
		v.Add("place", "invalid.required")
	}
	if p, err := ParsePostcode(l.Postcode); err != nil {
		v.Add("postcode", "invalid.postcode")
	} else {
		l.Postcode = p
	}
	if !l.Point.IsZero() && !l.Point.InNetherlands() {
		v.Add("point", "invalid.coordinates")
	}
	return v.Err()
}
