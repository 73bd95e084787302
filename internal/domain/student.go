package domain

import (
	"strings"
	"time"
)

// StudentStatus says whether a student is still looking for a place.
type StudentStatus string

// Student statuses.
const (
	StudentLooking  StudentStatus = "looking"
	StudentPlaced   StudentStatus = "placed"
	StudentInactive StudentStatus = "inactive"
)

// Valid reports whether s is a known status.
func (s StudentStatus) Valid() bool {
	return s == StudentLooking || s == StudentPlaced || s == StudentInactive
}

// Student is a pupil or student profile: where they learn, where they live
// and what they look for. Many students are minors: the profile holds only
// what matching needs.
type Student struct {
	ID            int64
	RegionID      int64
	Name          string
	Email         string
	SchoolID      int64
	ProgrammeID   int64 // 0 when not (yet) known
	Stage         Stage
	Crebo         string
	Level         int
	Pathway       Pathway
	Year          int // year of study (leerjaar), 1-6
	HomePostcode  string
	MaxDistanceKm int
	Skills        []string
	Languages     []string // ISO 639-1 codes: nl, en, de ...
	LookingFor    []PlacementKind
	Available     Period
	CoachID       int64
	Status        StudentStatus
	CreatedAt     time.Time
	UpdatedAt     time.Time

	// Read-only, filled by queries.
	SchoolName    string
	ProgrammeName string
	CoachName     string
}

// Normalise validates a student profile in place.
func (s *Student) Normalise() error {
	var v ValidationError
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" || len(s.Name) > 200 {
		v.Add("name", "invalid.required")
	}
	if s.Email != "" {
		if e, err := ParseEmail(s.Email); err != nil {
			v.Add("email", "invalid.email")
		} else {
			s.Email = e
		}
	}
	if s.SchoolID == 0 {
		v.Add("school", "invalid.required")
	}
	switch s.Stage {
	case StageMBO:
		if s.Crebo != "" {
			if c, err := ParseCrebo(s.Crebo); err != nil {
				v.Add("crebo", "invalid.crebo")
			} else {
				s.Crebo = c
			}
		}
		if s.Level < 1 || s.Level > 4 {
			v.Add("level", "invalid.level")
		}
	case StageVMBO, StageHBO:
		s.Level = 0
		s.Crebo = ""
	default:
		v.Add("stage", "invalid.choice")
	}
	if !pathwayIn(s.Pathway, s.Stage) {
		v.Add("pathway", "invalid.choice")
	}
	if s.Year < 1 || s.Year > 6 {
		v.Add("year", "invalid.year")
	}
	if p, err := ParsePostcode(s.HomePostcode); err != nil {
		v.Add("home_postcode", "invalid.postcode")
	} else {
		s.HomePostcode = p
	}
	if s.MaxDistanceKm < 1 || s.MaxDistanceKm > 300 {
		v.Add("max_distance_km", "invalid.distance")
	}
	s.Skills = NormaliseTagList(s.Skills)
	langs, ok := normaliseLanguages(s.Languages)
	if !ok {
		v.Add("languages", "invalid.language")
	}
	s.Languages = langs
	for _, k := range s.LookingFor {
		if !k.Valid() {
			v.Add("looking_for", "invalid.choice")
			break
		}
	}
	if !s.Available.Valid() {
		v.Add("available_until", "invalid.period")
	}
	if s.Status == "" {
		s.Status = StudentLooking
	}
	if !s.Status.Valid() {
		v.Add("status", "invalid.choice")
	}
	return v.Err()
}

// Wants reports whether the student looks for placements of kind k; a
// student who named no kinds is open to every kind.
func (s Student) Wants(k PlacementKind) bool {
	if len(s.LookingFor) == 0 {
		return true
	}
	for _, x := range s.LookingFor {
		if x == k {
			return true
		}
	}
	return false
}

// Languages known to the interface, as ISO 639-1 codes.
var Languages = []string{"nl", "en", "de", "fr", "es", "pl", "tr", "ar", "uk"}

func normaliseLanguages(in []string) ([]string, bool) {
	out := NormaliseTagList(in)
	for _, l := range out {
		found := false
		for _, k := range Languages {
			if l == k {
				found = true
				break
			}
		}
		if !found {
			return out, false
		}
	}
	return out, true
}
