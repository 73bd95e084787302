package domain

import "strings"

// Stage is an education stage: vmbo (pre-vocational), mbo (vocational) or
// hbo (higher professional).
type Stage string

// Education stages.
const (
	StageVMBO Stage = "vmbo"
	StageMBO  Stage = "mbo"
	StageHBO  Stage = "hbo"
)

// Stages lists the stages in pipeline order.
var Stages = []Stage{StageVMBO, StageMBO, StageHBO}

// Pathway is the learning route within a stage. For mbo: BOL (school-based,
// internships) or BBL (work-based, apprenticeships). For vmbo the tracks
// BB, KB, GL and TL; for hbo full-time, part-time or dual.
type Pathway string

// Pathways.
const (
	PathwayBOL Pathway = "BOL"
	PathwayBBL Pathway = "BBL"
	PathwayBB  Pathway = "BB"
	PathwayKB  Pathway = "KB"
	PathwayGL  Pathway = "GL"
	PathwayTL  Pathway = "TL"
	PathwayVT  Pathway = "VT"
	PathwayDT  Pathway = "DT"
	PathwayDU  Pathway = "DU"
)

// PathwaysFor returns the pathways valid in a stage.
func PathwaysFor(s Stage) []Pathway {
	switch s {
	case StageVMBO:
		return []Pathway{PathwayBB, PathwayKB, PathwayGL, PathwayTL}
	case StageMBO:
		return []Pathway{PathwayBOL, PathwayBBL}
	case StageHBO:
		return []Pathway{PathwayVT, PathwayDT, PathwayDU}
	}
	return nil
}

func pathwayIn(p Pathway, s Stage) bool {
	for _, x := range PathwaysFor(s) {
		if x == p {
			return true
		}
	}
	return false
}

// Programme is an education programme a school offers at a location: an mbo
// qualification (crebo, level 1-4, BOL/BBL), a vmbo profile or an hbo
// programme (CROHO).
type Programme struct {
	ID         int64
	RegionID   int64
	SchoolID   int64
	LocationID int64 // 0 when unknown
	Stage      Stage
	Crebo      string // mbo
	Croho      string // hbo
	Name       string
	Field      string // e.g. "techniek"; "mechatronica"
	Level      int    // mbo 1-4; 0 for other stages
	Pathway    Pathway
	SchoolName string // read-only, filled by queries
}

// Normalise validates a programme in place.
func (p *Programme) Normalise() error {
	var v ValidationError
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		v.Add("name", "invalid.required")
	}
	if p.SchoolID == 0 {
		v.Add("school", "invalid.required")
	}
	switch p.Stage {
	case StageMBO:
		if c, err := ParseCrebo(p.Crebo); err != nil {
			v.Add("crebo", "invalid.crebo")
		} else {
			p.Crebo = c
		}
		if p.Level < 1 || p.Level > 4 {
			v.Add("level", "invalid.level")
		}
	case StageVMBO, StageHBO:
		p.Level = 0
		if p.Stage == StageHBO && p.Croho != "" && (len(p.Croho) != 5 || !allDigits(p.Croho)) {
			v.Add("croho", "invalid.croho")
		}
	default:
		v.Add("stage", "invalid.choice")
	}
	if !pathwayIn(p.Pathway, p.Stage) {
		v.Add("pathway", "invalid.choice")
	}
	p.Field = strings.ToLower(strings.TrimSpace(p.Field))
	return v.Err()
}

// Qualification is an mbo qualification from the national register: its
// crebo, the qualification file (dossier) it belongs to and its domain.
// Qualifications in the same dossier or domain are related.
type Qualification struct {
	Crebo        string
	Name         string
	Level        int
	DossierCrebo string
	Dossier      string
	Domain       string
	Sector       string
}
