package auth

import "talentloket/internal/domain"

// Matching: recommendations, best-fitting students, rounds and weights.
const (
	// ViewRecommendations: the placements that fit a student best.
	ViewRecommendations Action = "matching.recommend"
	// ViewCandidates: the students who fit a placement best.
	ViewCandidates Action = "matching.candidates"
	// ManageRounds: create, run, review and publish matching rounds.
	ManageRounds Action = "matching.rounds"
	// TuneWeights: read and change the region's fit weights.
	TuneWeights Action = "matching.weights"
)

func init() {
	rules[ViewRecommendations] = roles(student, coach, schoolStaff, coordinator)
	rules[ViewCandidates] = roles(coach, schoolStaff, company, coordinator)
	rules[ManageRounds] = roles(coordinator)
	rules[TuneWeights] = roles(coordinator)
}

// CanViewRecommendations: whoever may see the student (the student, their
// coach and school, coordinators).
func CanViewRecommendations(a domain.Actor, s domain.Student) bool {
	return Allow(a, ViewRecommendations) && CanViewStudent(a, s)
}

// CanViewCandidates decides who may see the students who fit a placement:
// its company's contacts (for their own placements), coordinators, and
// coaches and school staff for placements they can see (each sees only
// the students of their own scope, see CandidateVisibility).
func CanViewCandidates(a domain.Actor, p domain.Placement) bool {
	if a.RegionID != p.RegionID || !Allow(a, ViewCandidates) {
		return false
	}
	switch a.Role {
	case coordinator:
		return true
	case company:
		return p.CompanyID == a.OrganisationID
	}
	return CanViewPlacement(a, p)
}

// Visibility is how much of a student a viewer of candidates sees.
type Visibility int

// Visibilities of a candidate.
const (
	// Hidden: the student is not shown at all.
	Hidden Visibility = iota
	// Anonymous: an anonymised profile only — programme, level, year,
	// school, a distance band, skills and languages; never the name,
	// address, contact details or an id that leads to the profile. Many
	// students are minors: a company sees who fits, not who it is, until
	// the student applies or is offered the place.
	Anonymous
	// Named: the profile with the name and a link, for those who may see
	// the student anyway.
	Named
)

// CandidateVisibility decides how a candidate appears to the actor:
// coordinators see every student named; coaches their caseload and school
// staff their school's students named and nobody else; company contacts
// see everyone anonymised.
func CandidateVisibility(a domain.Actor, s domain.Student) Visibility {
	if a.RegionID != s.RegionID || !Allow(a, ViewCandidates) {
		return Hidden
	}
	switch a.Role {
	case coordinator:
		return Named
	case coach, schoolStaff:
		if CanViewStudent(a, s) {
			return Named
		}
		return Hidden
	case company:
		return Anonymous
	}
	return Hidden
}

// CandidateScope returns the school and coach a list of candidates is
// limited to for the actor (0: no limit).
func CandidateScope(a domain.Actor) (schoolID, coachID int64) {
	switch a.Role {
	case coach:
		return 0, a.UserID
	case schoolStaff:
		return a.OrganisationID, 0
	}
	return 0, 0
}

// CanManageRound: coordinators, for the rounds of their region.
func CanManageRound(a domain.Actor, r domain.Round) bool {
	return Allow(a, ManageRounds) && a.RegionID == r.RegionID
}
