package domain

import (
	"strings"
	"time"
)

// ApplicationStatus is the state of a student's application to a placement.
type ApplicationStatus string

// Application states. submitted -> invited -> offered -> accepted | declined;
// the student may withdraw before the end, the company may reject before an
// offer is made.
const (
	AppSubmitted ApplicationStatus = "submitted"
	AppInvited   ApplicationStatus = "invited"
	AppOffered   ApplicationStatus = "offered"
	AppAccepted  ApplicationStatus = "accepted"
	AppDeclined  ApplicationStatus = "declined"
	AppWithdrawn ApplicationStatus = "withdrawn"
	AppRejected  ApplicationStatus = "rejected"
)

// ApplicationStatuses lists every status in workflow order.
var ApplicationStatuses = []ApplicationStatus{AppSubmitted, AppInvited, AppOffered, AppAccepted, AppDeclined, AppWithdrawn, AppRejected}

// Valid reports whether s is a known status.
func (s ApplicationStatus) Valid() bool {
	for _, x := range ApplicationStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Final reports whether no further step is possible.
func (s ApplicationStatus) Final() bool {
	return s == AppAccepted || s == AppDeclined || s == AppWithdrawn || s == AppRejected
}

// AppAction is a step in the application workflow.
type AppAction string

// Workflow steps.
const (
	ActInvite   AppAction = "invite"
	ActOffer    AppAction = "offer"
	ActReject   AppAction = "reject"
	ActAccept   AppAction = "accept"
	ActDecline  AppAction = "decline"
	ActWithdraw AppAction = "withdraw"
)

// Side is who may take a step: the placement's side (company, coordinator)
// or the student's side (the student, their coach).
type Side int

// Sides of the workflow.
const (
	SidePlacement Side = iota + 1
	SideStudent
)

type transition struct {
	from []ApplicationStatus
	to   ApplicationStatus
	side Side
}

var transitions = map[AppAction]transition{
	ActInvite:   {[]ApplicationStatus{AppSubmitted}, AppInvited, SidePlacement},
	ActOffer:    {[]ApplicationStatus{AppSubmitted, AppInvited}, AppOffered, SidePlacement},
	ActReject:   {[]ApplicationStatus{AppSubmitted, AppInvited}, AppRejected, SidePlacement},
	ActAccept:   {[]ApplicationStatus{AppOffered}, AppAccepted, SideStudent},
	ActDecline:  {[]ApplicationStatus{AppOffered}, AppDeclined, SideStudent},
	ActWithdraw: {[]ApplicationStatus{AppSubmitted, AppInvited, AppOffered}, AppWithdrawn, SideStudent},
}

// AppActions lists the workflow steps in display order.
var AppActions = []AppAction{ActInvite, ActOffer, ActReject, ActAccept, ActDecline, ActWithdraw}

// SideOf returns which side may take a step, or 0 for an unknown step.
func (a AppAction) SideOf() Side { return transitions[a].side }

// Next returns the status after taking step a from status s, or a conflict
// error when the workflow does not allow it (no skipping states, nothing
// after a final state).
func (s ApplicationStatus) Next(a AppAction) (ApplicationStatus, error) {
	t, ok := transitions[a]
	if !ok {
		return s, Errorf(CodeInvalid, "invalid.choice")
	}
	for _, f := range t.from {
		if f == s {
			return t.to, nil
		}
	}
	return s, Errorf(CodeConflict, "error.transition_not_allowed", string(s), string(a))
}

// ActionsFrom returns the steps possible from status s for a side.
func ActionsFrom(s ApplicationStatus, side Side) []AppAction {
	var out []AppAction
	for _, a := range AppActions {
		t := transitions[a]
		if t.side != side {
			continue
		}
		if _, err := s.Next(a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// Application is a student's application to a placement.
type Application struct {
	ID          int64
	RegionID    int64
	PlacementID int64
	StudentID   int64
	Status      ApplicationStatus
	Motivation  string
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Read-only, filled by queries.
	PlacementTitle string
	CompanyID      int64
	CompanyName    string
	StudentName    string
	SchoolID       int64
	CoachID        int64
}

// ValidateMotivation checks the free text a student sends with an
// application.
func ValidateMotivation(m string) (string, error) {
	m = strings.TrimSpace(m)
	if len(m) > 4000 {
		return m, &ValidationError{Fields: []FieldError{{Field: "motivation", Key: "invalid.too_long", Args: []any{4000}}}}
	}
	return m, nil
}

// ApplicationEvent is one step in an application's history.
type ApplicationEvent struct {
	ID            int64
	ApplicationID int64
	From          ApplicationStatus // "" for the submission
	To            ApplicationStatus
	ActorID       int64
	ActorName     string
	Note          string
	At            time.Time
}
