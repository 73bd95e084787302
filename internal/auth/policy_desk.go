package auth

import (
	"talentloket/internal/desk"
	"talentloket/internal/domain"
)

// The desk's part of the policy. Who may take which workflow step on a
// question is decided by side (desk, company, partner: see desk.SidesOf);
// the rules here say which roles reach the desk's pages at all and which
// records they see.
const (
	FileQuestion      Action = "question.file"        // file a question (companies, schools, the desk for them)
	ViewQuestions     Action = "question.view"        // own questions, routed questions, the desk's all
	ActOnQuestion     Action = "question.act"         // take a workflow step or comment
	DeskBoard         Action = "question.board"       // the desk board: every open question
	ViewOffers        Action = "offer.view"           // the offer catalogue
	ManageOffers      Action = "offer.manage"         // create and edit offers of the own organisation
	ViewNotifications Action = "notification.view"    // own notifications and mail preference
	DeskFigures       Action = "question.figures"     // aggregate figures of the desk, exports
	MailSettings      Action = "notification.mailcfg" // the mail configuration state and a test mail
)

func init() {
	parties := roles(schoolStaff, company, coordinator)
	rules[FileQuestion] = parties
	rules[ViewQuestions] = parties
	rules[ActOnQuestion] = parties
	rules[DeskBoard] = roles(coordinator)
	rules[ViewOffers] = parties
	rules[ManageOffers] = parties
	rules[ViewNotifications] = parties
	rules[DeskFigures] = roles(coordinator, viewer, admin)
	rules[MailSettings] = roles(admin)
}

// CanFileQuestionFor: company contacts for their company, school staff for
// their school (a teacher who wants a placement in industry), coordinators
// for any organisation of the region.
func CanFileQuestionFor(a domain.Actor, orgID int64) bool {
	if !Allow(a, FileQuestion) || orgID == 0 {
		return false
	}
	return a.Role == coordinator || a.OrganisationID == orgID
}

// CanViewQuestion: the desk (coordinators of the region), the asking
// organisation and the partner it is routed to now.
func CanViewQuestion(a domain.Actor, q desk.Question) bool {
	return Allow(a, ViewQuestions) && desk.SidesOf(a, q) != 0
}

// QuestionScope returns the organisation a question list must be limited
// to for the actor: its own organisation (asked by it or routed to it) for
// companies and school staff, 0 for coordinators. ok is false when the
// actor may not list questions.
func QuestionScope(a domain.Actor) (orgID int64, ok bool) {
	if !Allow(a, ViewQuestions) {
		return 0, false
	}
	if a.Role == coordinator {
		return 0, true
	}
	if a.OrganisationID == 0 {
		return 0, false
	}
	return a.OrganisationID, true
}

// CanManageOffer: school staff and company contacts for the offers of
// their own organisation, coordinators for any provider of the region.
func CanManageOffer(a domain.Actor, regionID, providerID int64) bool {
	if !Allow(a, ManageOffers) || a.RegionID != regionID || providerID == 0 {
		return false
	}
	return a.Role == coordinator || a.OrganisationID == providerID
}
