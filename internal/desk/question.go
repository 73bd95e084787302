package desk

import (
	"errors"
	"slices"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// QuestionKind is what a company asks the desk for.
type QuestionKind string

// Question kinds.
const (
	// KindPlacement: a vacancy, internship or apprenticeship place to fill;
	// it becomes a placement.
	KindPlacement QuestionKind = "placement"
	// KindTraining: training for the company's staff (a tailored course for
	// workers of 23 and older, a keuzedeel, a masterclass, post-mbo).
	KindTraining QuestionKind = "training"
	// KindPooling: lend or borrow skilled technicians for a period.
	KindPooling QuestionKind = "pooling"
	// KindHybridTeacher: a professional who wants to teach part-time.
	KindHybridTeacher QuestionKind = "hybrid_teacher"
	// KindTeacherPlacement: a teacher who wants a placement in industry
	// (asked by a school).
	KindTeacherPlacement QuestionKind = "teacher_placement"
	// KindOutreach: an offer to host an excursion, guest lesson or Techlab
	// session for pupils.
	KindOutreach QuestionKind = "outreach"
	// KindOther: anything else, in free text.
	KindOther QuestionKind = "other"
)

// QuestionKinds lists every kind in display order.
var QuestionKinds = []QuestionKind{KindPlacement, KindTraining, KindPooling, KindHybridTeacher, KindTeacherPlacement, KindOutreach, KindOther}

// Valid reports whether k is a known kind.
func (k QuestionKind) Valid() bool { return slices.Contains(QuestionKinds, k) }

// QuestionStatus is where a question is in the workflow.
type QuestionStatus string

// Question statuses in workflow order (see the package documentation).
const (
	StatusNew      QuestionStatus = "new"
	StatusTaken    QuestionStatus = "taken"
	StatusRouted   QuestionStatus = "routed"
	StatusAnswered QuestionStatus = "answered"
	StatusClosed   QuestionStatus = "closed"
)

// QuestionStatuses lists every status in workflow order.
var QuestionStatuses = []QuestionStatus{StatusNew, StatusTaken, StatusRouted, StatusAnswered, StatusClosed}

// Valid reports whether s is a known status.
func (s QuestionStatus) Valid() bool { return slices.Contains(QuestionStatuses, s) }

// Open reports whether the question is not closed.
func (s QuestionStatus) Open() bool { return s.Valid() && s != StatusClosed }

// Outcome is how a closed question ended.
type Outcome string

// Outcomes.
const (
	OutcomeMatched     Outcome = "matched"      // the question was answered in full
	OutcomePartly      Outcome = "partly"       // part of it was answered
	OutcomeNotPossible Outcome = "not_possible" // nobody in the region could answer it
	OutcomeWithdrawn   Outcome = "withdrawn"    // the company took the question back
)

// Outcomes lists every outcome in display order.
var Outcomes = []Outcome{OutcomeMatched, OutcomePartly, OutcomeNotPossible, OutcomeWithdrawn}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// NeedsReason reports whether closing with this outcome needs a reason:
// every outcome but matched.
func (o Outcome) NeedsReason() bool { return o != OutcomeMatched }

// Limits on question fields.
const (
	MaxTitle    = 200
	MaxText     = 10000
	MaxNote     = 4000
	MaxSkills   = 30
	MaxPeople   = 1000
	maxFieldLen = 100
)

// Question is what a company (or, for a teacher placement, a school) asks the
// desk. The company fills in the first block; the workflow fills the rest.
type Question struct {
	ID        int64
	RegionID  int64
	CompanyID int64 // the asking organisation: a company, or a school for KindTeacherPlacement
	FiledBy   int64 // the user who filed it
	Kind      QuestionKind
	Title     string
	Text      string
	Crebo     string   // qualification it is about, "" when none
	Field     string   // technical field in the company's words, e.g. "mechatronica"
	Sector    string   // the asking company's sector, copied when filed, for the figures
	Skills    []string // skills asked, e.g. "plc", "lassen"
	Postcode  string   // "1234 AB" or a PC4 "1234"; "" when none
	Point     domain.Point
	Period    domain.Period // wanted period; zero means "any time"
	People    int           // number of people (trainees, technicians, places); 0 = not given
	Language  string        // ISO 639-1 code the answer must work in; "" means Dutch
	Due       time.Time     // date the company needs an answer by (a calendar day); zero = none

	Status           QuestionStatus
	HolderID         int64   // the coordinator holding it; 0 while new
	PartnerID        int64   // organisation routed to; 0 unless routed or later
	OfferID          int64   // catalogue offer routed to; 0 when routed to a partner as such
	RouteAccepted    bool    // the partner accepted the route
	DeclinedPartners []int64 // partners that declined this question, oldest first
	Answer           string  // the partner's answer
	Outcome          Outcome // set when closed
	OutcomeReason    string

	CreatedAt  time.Time
	TakenAt    time.Time // first take: response time runs to here
	RoutedAt   time.Time // latest route
	AnsweredAt time.Time // latest answer
	ClosedAt   time.Time // latest close: lead time runs to here
	UpdatedAt  time.Time

	// Read-only, filled by queries.
	CompanyName string
	HolderName  string
	PartnerName string
}

// Normalise trims and validates the fields a company fills in, in place. It
// returns a *domain.ValidationError naming every invalid field, or nil. It
// does not look at the workflow fields.
func (q *Question) Normalise() error {
	var v domain.ValidationError
	if q.RegionID <= 0 {
		v.Add("region", "invalid.required")
	}
	if q.CompanyID <= 0 {
		v.Add("company", "invalid.required")
	}
	if q.FiledBy <= 0 {
		v.Add("filed_by", "invalid.required")
	}
	if !q.Kind.Valid() {
		v.Add("kind", "invalid.choice")
	}
	q.Title = strings.TrimSpace(q.Title)
	switch {
	case q.Title == "":
		v.Add("title", "invalid.required")
	case len(q.Title) > MaxTitle:
		v.Add("title", "invalid.too_long", MaxTitle)
	}
	q.Text = strings.TrimSpace(q.Text)
	switch {
	case len(q.Text) > MaxText:
		v.Add("text", "invalid.too_long", MaxText)
	case q.Text == "" && q.Kind == KindOther:
		v.Add("text", "invalid.required")
	}
	if q.Crebo != "" {
		if c, err := domain.ParseCrebo(q.Crebo); err != nil {
			v.Add("crebo", "invalid.crebo")
		} else {
			q.Crebo = c
		}
	}
	q.Field = strings.ToLower(strings.Join(strings.Fields(q.Field), " "))
	if len(q.Field) > maxFieldLen {
		v.Add("field", "invalid.too_long", maxFieldLen)
	}
	q.Sector = strings.ToLower(strings.Join(strings.Fields(q.Sector), " "))
	if len(q.Sector) > maxFieldLen {
		v.Add("sector", "invalid.too_long", maxFieldLen)
	}
	q.Skills = domain.NormaliseTagList(q.Skills)
	if len(q.Skills) > MaxSkills {
		v.Add("skills", "invalid.too_many", MaxSkills)
	}
	if pc, ok := normalisePostcode(q.Postcode); ok {
		q.Postcode = pc
	} else {
		v.Add("postcode", "invalid.postcode")
	}
	if !q.Point.IsZero() && !q.Point.InNetherlands() {
		v.Add("point", "invalid.coordinates")
	}
	q.Period = domain.Period{Start: domain.Day(q.Period.Start), End: domain.Day(q.Period.End)}
	if !q.Period.Valid() {
		v.Add("period_end", "invalid.period")
	}
	if q.People < 0 || q.People > MaxPeople {
		v.Add("people", "invalid.people", MaxPeople)
	}
	q.Language = strings.ToLower(strings.TrimSpace(q.Language))
	if q.Language != "" && !slices.Contains(domain.Languages, q.Language) {
		v.Add("language", "invalid.language")
	}
	q.Due = domain.Day(q.Due)
	return v.Err()
}

// NewQuestion validates q as filed by a company at now and returns it with
// status new, its timestamps set and the first history entry (action
// "file"). The workflow fields of q are reset. It returns a
// *domain.ValidationError when a field is invalid, including a due date
// before the day it is filed.
func NewQuestion(q Question, now time.Time) (Question, Event, error) {
	v := &domain.ValidationError{}
	if err := q.Normalise(); err != nil && !errors.As(err, &v) {
		return Question{}, Event{}, err
	}
	if !q.Due.IsZero() && q.Due.Before(domain.Day(now)) {
		v.Add("due", "invalid.due_past")
	}
	if err := v.Err(); err != nil {
		return Question{}, Event{}, err
	}
	q.Status = StatusNew
	q.HolderID, q.PartnerID, q.OfferID = 0, 0, 0
	q.RouteAccepted, q.DeclinedPartners, q.Answer = false, nil, ""
	q.Outcome, q.OutcomeReason = "", ""
	q.CreatedAt, q.UpdatedAt = now, now
	q.TakenAt, q.RoutedAt, q.AnsweredAt, q.ClosedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	ev := Event{QuestionID: q.ID, Action: ActFile, To: StatusNew, ActorID: q.FiledBy, Side: SideCompany, Due: q.Due, At: now}
	return q, ev, nil
}

// normalisePostcode accepts "", a full postcode or a PC4 and returns the
// normal form.
func normalisePostcode(s string) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", true
	}
	if pc, err := domain.ParsePostcode(s); err == nil {
		return pc, true
	}
	if pc, err := domain.ParsePC4(s); err == nil {
		return pc, true
	}
	return s, false
}

// Declined reports whether the partner declined this question before.
func (q Question) Declined(partnerID int64) bool {
	return slices.Contains(q.DeclinedPartners, partnerID)
}
