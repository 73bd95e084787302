package domain

import (
	"strings"
	"time"
)

// PlacementKind is the kind of place a company offers.
type PlacementKind string

// Placement kinds.
const (
	KindInternship     PlacementKind = "internship"     // stage / BPV (BOL)
	KindApprenticeship PlacementKind = "apprenticeship" // leerbaan (BBL)
	KindGraduation     PlacementKind = "graduation"     // afstudeerplek
	KindHolidayJob     PlacementKind = "holiday_job"    // vakantiewerk
	KindJob            PlacementKind = "job"
)

// PlacementKinds lists every kind in display order.
var PlacementKinds = []PlacementKind{KindInternship, KindApprenticeship, KindGraduation, KindHolidayJob, KindJob}

// Valid reports whether k is a known kind.
func (k PlacementKind) Valid() bool {
	for _, x := range PlacementKinds {
		if k == x {
			return true
		}
	}
	return false
}

// NeedsAccreditation reports whether a company needs to be an accredited
// training company (erkend leerbedrijf) for the crebo to offer this kind.
func (k PlacementKind) NeedsAccreditation() bool {
	return k == KindInternship || k == KindApprenticeship
}

// PlacementStatus is the life cycle of a placement.
type PlacementStatus string

// Placement statuses: draft -> open -> filled | closed.
const (
	PlacementDraft  PlacementStatus = "draft"
	PlacementOpen   PlacementStatus = "open"
	PlacementFilled PlacementStatus = "filled"
	PlacementClosed PlacementStatus = "closed"
)

// PlacementStatuses lists every status.
var PlacementStatuses = []PlacementStatus{PlacementDraft, PlacementOpen, PlacementFilled, PlacementClosed}

// Valid reports whether s is a known status.
func (s PlacementStatus) Valid() bool {
	for _, x := range PlacementStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Placement is a place a company offers: an internship, apprenticeship,
// graduation placement, holiday job or job.
type Placement struct {
	ID          int64
	RegionID    int64
	CompanyID   int64
	LocationID  int64
	Kind        PlacementKind
	Title       string
	Description string
	Crebos      []string // qualifications it fits; empty means "any in the field"
	Field       string
	Stage       Stage   // "" = any
	Level       int     // minimum mbo level, 0 = any
	Pathway     Pathway // "" = any
	Period      Period
	Capacity    int
	Skills      []string
	Languages   []string
	Status      PlacementStatus
	CloseReason string
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Read-only, filled by queries.
	CompanyName string
	Place       string
	Postcode    string
	Point       Point
	Accepted    int // accepted applications
}

// Normalise validates a placement in place. company is the offering
// organisation, used for the accreditation rule.
func (p *Placement) Normalise(company Organisation) error {
	var v ValidationError
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" || len(p.Title) > 200 {
		v.Add("title", "invalid.required")
	}
	if len(p.Description) > 10000 {
		v.Add("description", "invalid.too_long", 10000)
	}
	if !p.Kind.Valid() {
		v.Add("kind", "invalid.choice")
	}
	if company.Kind != OrgCompany {
		v.Add("company", "invalid.company_required")
	}
	if p.LocationID == 0 {
		v.Add("location", "invalid.required")
	}
	crebos := make([]string, 0, len(p.Crebos))
	badCrebo := false
	for _, c := range p.Crebos {
		cr, err := ParseCrebo(c)
		if err != nil {
			v.Add("crebos", "invalid.crebo")
			badCrebo = true
			break
		}
		crebos = append(crebos, cr)
	}
	p.Crebos = NormaliseTagList(crebos)
	if p.Stage != "" && p.Stage != StageVMBO && p.Stage != StageMBO && p.Stage != StageHBO {
		v.Add("stage", "invalid.choice")
	}
	if p.Level < 0 || p.Level > 4 {
		v.Add("level", "invalid.level")
	}
	if p.Pathway != "" && p.Pathway != PathwayBOL && p.Pathway != PathwayBBL {
		v.Add("pathway", "invalid.choice")
	}
	switch p.Kind {
	case KindApprenticeship:
		if p.Pathway == PathwayBOL {
			v.Add("pathway", "invalid.apprenticeship_bbl")
		}
		p.Pathway, p.Stage = PathwayBBL, StageMBO
	case KindInternship:
		if p.Pathway == PathwayBBL {
			v.Add("pathway", "invalid.internship_bol")
		}
	}
	if p.Kind.NeedsAccreditation() && p.Stage != StageVMBO && p.Stage != StageHBO {
		if len(p.Crebos) == 0 && !badCrebo {
			v.Add("crebos", "invalid.crebo_required")
		}
		for _, c := range p.Crebos {
			if !company.AccreditedFor(c) {
				v.Add("crebos", "invalid.not_accredited", c)
				break
			}
		}
	}
	p.Field = strings.ToLower(strings.TrimSpace(p.Field))
	if !p.Period.Valid() {
		v.Add("end", "invalid.period")
	}
	if p.Capacity < 1 || p.Capacity > 500 {
		v.Add("capacity", "invalid.capacity")
	}
	p.Skills = NormaliseTagList(p.Skills)
	langs, ok := normaliseLanguages(p.Languages)
	if !ok {
		v.Add("languages", "invalid.language")
	}
	p.Languages = langs
	if p.Status == "" {
		p.Status = PlacementOpen
	}
	if !p.Status.Valid() {
		v.Add("status", "invalid.choice")
	}
	return v.Err()
}

// Remaining returns how many more students can be accepted.
func (p Placement) Remaining() int {
	if r := p.Capacity - p.Accepted; r > 0 {
		return r
	}
	return 0
}

// Close closes an open or draft placement with a reason. A filled or
// already closed placement cannot be closed again.
func (p *Placement) Close(reason string, now time.Time) error {
	if p.Status == PlacementClosed {
		return Errorf(CodeConflict, "error.placement_closed")
	}
	reason = strings.TrimSpace(reason)
	if len(reason) > 500 {
		return &ValidationError{Fields: []FieldError{{Field: "reason", Key: "invalid.too_long", Args: []any{500}}}}
	}
	p.Status = PlacementClosed
	p.CloseReason = reason
	p.UpdatedAt = now
	return nil
}

// Open reports whether students can still apply.
func (p Placement) Open() bool { return p.Status == PlacementOpen }

// Suits reports whether a student could take this placement by the hard
// rules: stage, minimum level, pathway and the apprenticeship/internship
// pathway rule. It does not look at distance or period.
func (p Placement) Suits(s Student) bool {
	if p.Stage != "" && p.Stage != s.Stage {
		return false
	}
	if p.Level > 0 && s.Level < p.Level {
		return false
	}
	if p.Pathway != "" && s.Stage == StageMBO && p.Pathway != s.Pathway {
		return false
	}
	return true
}
