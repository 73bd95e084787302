package desk

import (
	"slices"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// OfferKind is the kind of item in the offer catalogue.
type OfferKind string

// Offer kinds. Schools and training companies offer education; companies
// offer staff to lend and places for teachers; schools ask for hybrid
// teachers through a teaching need.
const (
	OfferProgramme      OfferKind = "programme"       // an mbo/hbo programme (crebo, level, pathway)
	OfferKeuzedeel      OfferKind = "keuzedeel"       // an elective module
	OfferMasterclass    OfferKind = "masterclass"     // a short masterclass
	OfferPostMBO        OfferKind = "post_mbo"        // a post-mbo course
	OfferTailored       OfferKind = "tailored_course" // a tailored course for workers of 23 and older
	OfferSkillsLab      OfferKind = "skills_lab"      // a Skills Lab or Techlab session
	OfferEquipmentTime  OfferKind = "equipment_time"  // time on a school's or company's equipment
	OfferStaffToLend    OfferKind = "staff_to_lend"   // pooling: a company offers technicians for a period
	OfferTeachingNeed   OfferKind = "teaching_need"   // a school asks for a hybrid teacher
	OfferTeacherHosting OfferKind = "teacher_hosting" // a company hosts teachers for a placement in industry
)

// OfferKinds lists every kind in display order.
var OfferKinds = []OfferKind{OfferProgramme, OfferKeuzedeel, OfferMasterclass, OfferPostMBO, OfferTailored,
	OfferSkillsLab, OfferEquipmentTime, OfferStaffToLend, OfferTeachingNeed, OfferTeacherHosting}

// Valid reports whether k is a known kind.
func (k OfferKind) Valid() bool { return slices.Contains(OfferKinds, k) }

// ProviderKinds returns the kinds of organisation that may offer an item
// of kind k: education only from schools, staff and teacher hosting only
// from companies, courses and sessions from schools, companies (training
// companies) and employer associations. It returns nil for an unknown kind.
func (k OfferKind) ProviderKinds() []domain.OrgKind {
	switch k {
	case OfferProgramme, OfferKeuzedeel, OfferPostMBO, OfferTeachingNeed:
		return []domain.OrgKind{domain.OrgSchool}
	case OfferStaffToLend, OfferTeacherHosting:
		return []domain.OrgKind{domain.OrgCompany}
	case OfferMasterclass, OfferTailored, OfferSkillsLab, OfferEquipmentTime:
		return []domain.OrgKind{domain.OrgSchool, domain.OrgCompany, domain.OrgAssociation}
	}
	return nil
}

// OfferLocation is a place where an offer is given.
type OfferLocation struct {
	Name     string
	Postcode string // "1234 AB" or a PC4
	Point    domain.Point
}

// Contact is who to ask about an offer. Offers are public within the
// region, so this is a function address or a named contact person who
// agreed to be listed.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// Limits on offer fields.
const (
	MaxOfferLocations = 20
	MaxStarts         = 52
	MaxCapacity       = 10000
	MaxPriceCents     = 100_000_000 // one million euro
)

// Offer is an item of the offer catalogue.
type Offer struct {
	ID          int64
	RegionID    int64
	ProviderID  int64 // the offering organisation
	Kind        OfferKind
	Title       string
	Description string
	Crebos      []string // qualifications it leads to or is about
	Field       string   // e.g. "mechatronica"
	Level       int      // mbo level 1-4, 0 = any or not applicable
	Pathway     domain.Pathway
	Skills      []string // skills and keywords in the words companies use
	Locations   []OfferLocation
	Starts      []time.Time   // start moments (calendar days), ascending
	Period      domain.Period // when it is available; zero = always
	Capacity    int           // seats, people or hours; 0 = not given
	PriceCents  *int64        // price in euro cents; nil when there is no price (free or on request)
	Languages   []string      // ISO 639-1; empty means Dutch only
	Contact     Contact
	Active      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time

	ProviderName string // read-only, filled by queries
}

// Normalise validates and normalises an offer in place. provider is the
// offering organisation; its kind must fit the offer's kind (see
// ProviderKinds). It returns a *domain.ValidationError naming every invalid
// field, or nil.
func (o *Offer) Normalise(provider domain.Organisation) error {
	var v domain.ValidationError
	if o.RegionID <= 0 {
		v.Add("region", "invalid.required")
	}
	if o.ProviderID <= 0 || provider.ID != o.ProviderID {
		v.Add("provider", "invalid.required")
	} else if provider.RegionID != o.RegionID {
		v.Add("provider", "invalid.choice")
	}
	if !o.Kind.Valid() {
		v.Add("kind", "invalid.choice")
	} else if o.ProviderID > 0 && !slices.Contains(o.Kind.ProviderKinds(), provider.Kind) {
		v.Add("kind", "invalid.offer_provider_kind", string(provider.Kind))
	}
	o.Title = strings.TrimSpace(o.Title)
	switch {
	case o.Title == "":
		v.Add("title", "invalid.required")
	case len(o.Title) > MaxTitle:
		v.Add("title", "invalid.too_long", MaxTitle)
	}
	o.Description = strings.TrimSpace(o.Description)
	if len(o.Description) > MaxText {
		v.Add("description", "invalid.too_long", MaxText)
	}
	crebos := make([]string, 0, len(o.Crebos))
	for _, c := range o.Crebos {
		cr, err := domain.ParseCrebo(c)
		if err != nil {
			v.Add("crebos", "invalid.crebo")
			break
		}
		crebos = append(crebos, cr)
	}
	o.Crebos = domain.NormaliseTagList(crebos)
	if o.Kind == OfferProgramme && len(o.Crebos) == 0 && provider.Kind == domain.OrgSchool {
		v.Add("crebos", "invalid.crebo_required")
	}
	o.Field = strings.ToLower(strings.Join(strings.Fields(o.Field), " "))
	if len(o.Field) > maxFieldLen {
		v.Add("field", "invalid.too_long", maxFieldLen)
	}
	if o.Level < 0 || o.Level > 4 {
		v.Add("level", "invalid.level")
	}
	if o.Pathway != "" && o.Pathway != domain.PathwayBOL && o.Pathway != domain.PathwayBBL {
		v.Add("pathway", "invalid.choice")
	}
	o.Skills = domain.NormaliseTagList(o.Skills)
	if len(o.Skills) > 2*MaxSkills {
		v.Add("skills", "invalid.too_many", 2*MaxSkills)
	}
	if len(o.Locations) > MaxOfferLocations {
		v.Add("locations", "invalid.too_many", MaxOfferLocations)
	}
	for i := range o.Locations {
		l := &o.Locations[i]
		l.Name = strings.TrimSpace(l.Name)
		if pc, ok := normalisePostcode(l.Postcode); ok {
			l.Postcode = pc
		} else {
			v.Add("locations", "invalid.postcode")
			break
		}
		if !l.Point.IsZero() && !l.Point.InNetherlands() {
			v.Add("locations", "invalid.coordinates")
			break
		}
	}
	starts := make([]time.Time, 0, len(o.Starts))
	for _, s := range o.Starts {
		if !s.IsZero() {
			starts = append(starts, domain.Day(s))
		}
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	o.Starts = slices.CompactFunc(starts, func(a, b time.Time) bool { return a.Equal(b) })
	if len(o.Starts) > MaxStarts {
		v.Add("starts", "invalid.too_many", MaxStarts)
	}
	o.Period = domain.Period{Start: domain.Day(o.Period.Start), End: domain.Day(o.Period.End)}
	if !o.Period.Valid() {
		v.Add("period_end", "invalid.period")
	}
	if o.Capacity < 0 || o.Capacity > MaxCapacity {
		v.Add("capacity", "invalid.offer_capacity", MaxCapacity)
	}
	if o.PriceCents != nil && (*o.PriceCents < 0 || *o.PriceCents > MaxPriceCents) {
		v.Add("price", "invalid.price")
	}
	o.Languages = domain.NormaliseTagList(o.Languages)
	for _, l := range o.Languages {
		if !slices.Contains(domain.Languages, l) {
			v.Add("languages", "invalid.language")
			break
		}
	}
	o.Contact.Name = strings.TrimSpace(o.Contact.Name)
	o.Contact.Phone = strings.TrimSpace(o.Contact.Phone)
	if o.Contact.Email != "" {
		if e, err := domain.ParseEmail(o.Contact.Email); err != nil {
			v.Add("contact_email", "invalid.email")
		} else {
			o.Contact.Email = e
		}
	}
	if o.Contact.Email == "" && o.Contact.Phone == "" {
		v.Add("contact_email", "invalid.contact_required")
	}
	if len(o.Contact.Phone) > 40 {
		v.Add("contact_phone", "invalid.too_long", 40)
	}
	return v.Err()
}

// OffersLanguage reports whether the offer works in language l (ISO 639-1);
// an offer that names no language is Dutch only, and "" means Dutch.
func (o Offer) OffersLanguage(l string) bool {
	if l == "" {
		l = "nl"
	}
	if len(o.Languages) == 0 {
		return l == "nl"
	}
	return slices.Contains(o.Languages, l)
}

// Available reports whether the offer can still be taken up at now: it is
// active, its period has not ended and, when it has start moments, one of
// them is today or later.
func (o Offer) Available(now time.Time) bool {
	if !o.Active {
		return false
	}
	today := domain.Day(now)
	if !o.Period.End.IsZero() && o.Period.End.Before(today) {
		return false
	}
	if len(o.Starts) > 0 && o.Starts[len(o.Starts)-1].Before(today) {
		return false
	}
	return true
}

// NextStart returns the first start moment on or after the day of now, and
// false when the offer has no start moments left.
func (o Offer) NextStart(now time.Time) (time.Time, bool) {
	today := domain.Day(now)
	i, _ := slices.BinarySearchFunc(o.Starts, today, func(a, b time.Time) int { return a.Compare(b) })
	if i < len(o.Starts) {
		return o.Starts[i], true
	}
	return time.Time{}, false
}
