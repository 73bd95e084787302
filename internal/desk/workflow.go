package desk

import (
	"slices"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// Side is a party to a question's workflow. Sides are bit flags: an actor
// can be on more than one side (see SidesOf), and a step names the set of
// sides that may take it.
type Side uint8

// Sides of the workflow.
const (
	// SideDesk is a regional coordinator of the question's region.
	SideDesk Side = 1 << iota
	// SideCompany is a contact of the organisation that asked.
	SideCompany
	// SidePartner is a contact of the organisation the question is routed to.
	SidePartner
)

// Has reports whether s includes every side of x (and x is not empty).
func (s Side) Has(x Side) bool { return x != 0 && s&x == x }

// String returns "desk", "company", "partner", a "+"-joined combination,
// or "" for no side.
func (s Side) String() string {
	var parts []string
	for _, x := range []struct {
		s    Side
		name string
	}{{SideDesk, "desk"}, {SideCompany, "company"}, {SidePartner, "partner"}} {
		if s&x.s != 0 {
			parts = append(parts, x.name)
		}
	}
	return strings.Join(parts, "+")
}

// MarshalText encodes the side as its String form.
func (s Side) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// first returns the first side of s in the order desk, company, partner.
func (s Side) first() Side { return s & -s }

// SidesOf returns the sides an actor is on for question q: the desk for a
// coordinator of q's region, the company for a user of the asking
// organisation, the partner for a user of the organisation q is routed to.
// It returns 0 for anyone else, and for every actor of another region.
func SidesOf(a domain.Actor, q Question) Side {
	if a.Anonymous() || a.RegionID != q.RegionID {
		return 0
	}
	var s Side
	if a.Role == domain.RoleCoordinator {
		s |= SideDesk
	}
	if a.OrganisationID != 0 && (a.Role == domain.RoleCompany || a.Role == domain.RoleSchoolStaff) {
		if a.OrganisationID == q.CompanyID {
			s |= SideCompany
		}
		if q.PartnerID != 0 && a.OrganisationID == q.PartnerID {
			s |= SidePartner
		}
	}
	return s
}

// Action is a step in the question workflow.
type Action string

// Workflow steps (see the package documentation). ActFile is only the first
// history entry, made by NewQuestion; it cannot be applied.
const (
	ActFile         Action = "file"
	ActTake         Action = "take"
	ActHandOver     Action = "hand_over"
	ActSetDue       Action = "set_due"
	ActRoute        Action = "route"
	ActAcceptRoute  Action = "accept_route"
	ActDeclineRoute Action = "decline_route"
	ActAnswer       Action = "answer"
	ActClose        Action = "close"
	ActDismiss      Action = "dismiss"
	ActWithdraw     Action = "withdraw"
	ActReopen       Action = "reopen"
)

// Actions lists the steps that can be applied, in display order.
var Actions = []Action{ActTake, ActHandOver, ActSetDue, ActRoute, ActAcceptRoute, ActDeclineRoute,
	ActAnswer, ActClose, ActDismiss, ActWithdraw, ActReopen}

type transition struct {
	from  []QuestionStatus
	to    QuestionStatus // "" keeps the status
	sides Side
}

var (
	open        = []QuestionStatus{StatusNew, StatusTaken, StatusRouted, StatusAnswered}
	held        = []QuestionStatus{StatusTaken, StatusRouted, StatusAnswered}
	transitions = map[Action]transition{
		ActTake:         {[]QuestionStatus{StatusNew}, StatusTaken, SideDesk},
		ActHandOver:     {held, "", SideDesk},
		ActSetDue:       {open, "", SideDesk},
		ActRoute:        {[]QuestionStatus{StatusTaken}, StatusRouted, SideDesk},
		ActAcceptRoute:  {[]QuestionStatus{StatusRouted}, "", SidePartner | SideDesk},
		ActDeclineRoute: {[]QuestionStatus{StatusRouted}, StatusTaken, SidePartner | SideDesk},
		ActAnswer:       {[]QuestionStatus{StatusRouted}, StatusAnswered, SidePartner | SideDesk},
		ActClose:        {[]QuestionStatus{StatusAnswered}, StatusClosed, SideDesk | SideCompany},
		ActDismiss:      {[]QuestionStatus{StatusTaken}, StatusClosed, SideDesk},
		ActWithdraw:     {open, StatusClosed, SideCompany | SideDesk},
		ActReopen:       {[]QuestionStatus{StatusClosed}, StatusTaken, SideDesk},
	}
)

// SidesFor returns the sides that may take step a, or 0 for an unknown step.
func (a Action) SidesFor() Side { return transitions[a].sides }

// Next returns the status after step a from status s. It returns an error
// of code invalid ("invalid.choice") for an unknown step and of code
// conflict ("error.transition_not_allowed", with s and a) when the workflow
// does not allow the step from s. It does not check the guards that depend
// on the question (see Question.Apply).
func (s QuestionStatus) Next(a Action) (QuestionStatus, error) {
	t, ok := transitions[a]
	if !ok {
		return s, domain.Errorf(domain.CodeInvalid, "invalid.choice")
	}
	if !slices.Contains(t.from, s) {
		return s, domain.Errorf(domain.CodeConflict, "error.transition_not_allowed", string(s), string(a))
	}
	if t.to == "" {
		return s, nil
	}
	return t.to, nil
}

// guard returns the conflict error that keeps step a from being applied to
// q although its status allows it, or nil.
func (q Question) guard(a Action) error {
	switch a {
	case ActAcceptRoute:
		if q.RouteAccepted {
			return domain.Errorf(domain.CodeConflict, "error.route_already_accepted")
		}
	case ActAnswer:
		if !q.RouteAccepted {
			return domain.Errorf(domain.CodeConflict, "error.route_not_accepted")
		}
	}
	return nil
}

// ActionsFor returns the steps that sides may take on q now, in the order
// of Actions. A step the status allows but a guard blocks (answering a
// route that is not accepted) is left out.
func ActionsFor(q Question, sides Side) []Action {
	var out []Action
	for _, a := range Actions {
		if transitions[a].sides&sides == 0 {
			continue
		}
		if _, err := q.Status.Next(a); err != nil || q.guard(a) != nil {
			continue
		}
		out = append(out, a)
	}
	return out
}

// Step is a request to move a question on: the action, who takes it and the
// data the action needs.
type Step struct {
	Action  Action
	ActorID int64
	// Sides is what the actor is for this question, usually SidesOf. The
	// event records the first of them that the action allows, in the order
	// desk, company, partner.
	Sides Side
	// HolderID is the coordinator who holds the question after take
	// (default: the actor) or hand_over (required).
	HolderID int64
	// PartnerID (required) and OfferID (optional) say where route sends the
	// question.
	PartnerID, OfferID int64
	// Due is the new due date for set_due (zero clears it) and, when not
	// zero, for route.
	Due time.Time
	// Outcome is required for close: matched, partly or not_possible.
	Outcome Outcome
	// Note is the answer for answer (required), the reason for
	// decline_route, dismiss, withdraw and for close with an outcome other
	// than matched (required), and a free remark for the other steps.
	Note string
}

// Apply takes step st on q at now. On success it updates q (status,
// holder, route, outcome, timestamps) and returns the history entry to
// store. On failure q is unchanged and the error is one of:
//
//   - code invalid ("invalid.choice") for an unknown action;
//   - code forbidden ("error.desk_side_not_allowed") when none of st.Sides
//     may take the step;
//   - code conflict: "error.transition_not_allowed" (status, action) when
//     the status does not allow the step, "error.route_not_accepted" /
//     "error.route_already_accepted" for the route guards,
//     "error.route_to_self" when routing to the asking organisation,
//     "error.partner_declined" when routing to a partner that declined,
//     "error.holder_unchanged" for a hand-over to the current holder;
//   - a *domain.ValidationError for missing or invalid step data.
func (q *Question) Apply(st Step, now time.Time) (Event, error) {
	t, ok := transitions[st.Action]
	if !ok {
		return Event{}, domain.Errorf(domain.CodeInvalid, "invalid.choice")
	}
	side := (t.sides & st.Sides).first()
	if side == 0 {
		return Event{}, domain.Errorf(domain.CodeForbidden, "error.desk_side_not_allowed", string(st.Action))
	}
	to, err := q.Status.Next(st.Action)
	if err != nil {
		return Event{}, err
	}
	if err := q.guard(st.Action); err != nil {
		return Event{}, err
	}
	note := strings.TrimSpace(st.Note)
	var v domain.ValidationError
	if len(note) > MaxNote {
		v.Add("note", "invalid.too_long", MaxNote)
	}
	if st.ActorID <= 0 {
		v.Add("actor", "invalid.required")
	}
	ev := Event{QuestionID: q.ID, Action: st.Action, From: q.Status, To: to, ActorID: st.ActorID, Side: side, Note: note, At: now}
	next := *q
	next.Status, next.UpdatedAt = to, now
	switch st.Action {
	case ActTake:
		next.HolderID = st.HolderID
		if next.HolderID == 0 {
			next.HolderID = st.ActorID
		}
		next.TakenAt = now
		ev.HolderID = next.HolderID
	case ActHandOver:
		if st.HolderID <= 0 {
			v.Add("holder", "invalid.required")
		} else if st.HolderID == q.HolderID {
			return Event{}, domain.Errorf(domain.CodeConflict, "error.holder_unchanged")
		}
		next.HolderID, ev.HolderID = st.HolderID, st.HolderID
	case ActSetDue:
		next.Due, ev.Due = domain.Day(st.Due), domain.Day(st.Due)
		if !next.Due.IsZero() && next.Due.Before(domain.Day(q.CreatedAt)) {
			v.Add("due", "invalid.due_past")
		}
	case ActRoute:
		switch {
		case st.PartnerID <= 0:
			v.Add("partner", "invalid.required")
		case st.PartnerID == q.CompanyID:
			return Event{}, domain.Errorf(domain.CodeConflict, "error.route_to_self")
		case q.Declined(st.PartnerID):
			return Event{}, domain.Errorf(domain.CodeConflict, "error.partner_declined")
		}
		if st.OfferID < 0 {
			v.Add("offer", "invalid.choice")
		}
		next.PartnerID, next.OfferID, next.RouteAccepted, next.RoutedAt = st.PartnerID, st.OfferID, false, now
		ev.PartnerID, ev.OfferID = st.PartnerID, st.OfferID
		if !st.Due.IsZero() {
			next.Due, ev.Due = domain.Day(st.Due), domain.Day(st.Due)
			if next.Due.Before(domain.Day(now)) {
				v.Add("due", "invalid.due_past")
			}
		}
	case ActAcceptRoute:
		next.RouteAccepted = true
		ev.PartnerID, ev.OfferID = q.PartnerID, q.OfferID
	case ActDeclineRoute:
		if side == SidePartner && note == "" {
			v.Add("note", "invalid.reason_required")
		}
		ev.PartnerID, ev.OfferID = q.PartnerID, q.OfferID
		next.DeclinedPartners = append(slices.Clip(q.DeclinedPartners), q.PartnerID)
		next.PartnerID, next.OfferID, next.RouteAccepted, next.RoutedAt = 0, 0, false, time.Time{}
	case ActAnswer:
		if note == "" {
			v.Add("note", "invalid.required")
		}
		next.Answer, next.AnsweredAt = note, now
		ev.PartnerID, ev.OfferID = q.PartnerID, q.OfferID
	case ActClose:
		switch {
		case st.Outcome == OutcomeWithdrawn || !st.Outcome.Valid():
			v.Add("outcome", "invalid.choice")
		case st.Outcome.NeedsReason() && note == "":
			v.Add("note", "invalid.reason_required")
		}
		next.Outcome, next.OutcomeReason, next.ClosedAt = st.Outcome, note, now
		ev.Outcome = st.Outcome
	case ActDismiss, ActWithdraw:
		o := OutcomeNotPossible
		if st.Action == ActWithdraw {
			o = OutcomeWithdrawn
		}
		if note == "" && st.Action == ActDismiss {
			v.Add("note", "invalid.reason_required")
		}
		next.Outcome, next.OutcomeReason, next.ClosedAt = o, note, now
		ev.Outcome = o
	case ActReopen:
		next.Outcome, next.OutcomeReason, next.ClosedAt = "", "", time.Time{}
		next.PartnerID, next.OfferID, next.RouteAccepted, next.RoutedAt = 0, 0, false, time.Time{}
		if next.HolderID == 0 {
			next.HolderID = st.ActorID
		}
		ev.HolderID = next.HolderID
	}
	if err := v.Err(); err != nil {
		return Event{}, err
	}
	*q = next
	return ev, nil
}

// Event is one entry in a question's history: every step applied, and the
// filing itself.
type Event struct {
	ID         int64
	QuestionID int64
	Action     Action
	From       QuestionStatus // "" for the filing
	To         QuestionStatus
	ActorID    int64
	Side       Side // the side the actor acted as
	HolderID   int64
	PartnerID  int64
	OfferID    int64
	Outcome    Outcome
	Due        time.Time
	Note       string
	At         time.Time

	ActorName string // read-only, filled by queries
}

// Comment is a remark on a question. Internal comments are notes of the
// desk, never shown to the company or the partner.
type Comment struct {
	ID         int64
	QuestionID int64
	AuthorID   int64
	Side       Side
	Internal   bool
	Text       string
	At         time.Time

	AuthorName string // read-only, filled by queries
}

// NewComment returns a comment on q by an author on the given sides, at
// now. Anyone on a side of the question may comment, in any status; only
// the desk may write internal comments. It returns a forbidden error
// ("error.desk_side_not_allowed") when sides is empty or an internal comment
// does not come from the desk, and a *domain.ValidationError for an empty
// or too long text.
func NewComment(q Question, authorID int64, sides Side, text string, internal bool, now time.Time) (Comment, error) {
	side := (sides & (SideDesk | SideCompany | SidePartner)).first()
	if side == 0 || internal && !sides.Has(SideDesk) {
		return Comment{}, domain.Errorf(domain.CodeForbidden, "error.desk_side_not_allowed", "comment")
	}
	if internal {
		side = SideDesk
	}
	text = strings.TrimSpace(text)
	var v domain.ValidationError
	switch {
	case text == "":
		v.Add("text", "invalid.required")
	case len(text) > MaxNote:
		v.Add("text", "invalid.too_long", MaxNote)
	}
	if authorID <= 0 {
		v.Add("author", "invalid.required")
	}
	if err := v.Err(); err != nil {
		return Comment{}, err
	}
	return Comment{QuestionID: q.ID, AuthorID: authorID, Side: side, Internal: internal, Text: text, At: now}, nil
}

// VisibleTo reports whether a reader on the given sides may see c.
func (c Comment) VisibleTo(sides Side) bool {
	if c.Internal {
		return sides.Has(SideDesk)
	}
	return sides != 0
}
