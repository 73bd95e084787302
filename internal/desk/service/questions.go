package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Sectors are the sectors a question can be filed under, for the figures
// per sector; "" (not given) is allowed too.
var Sectors = []string{"machinebouw", "metaal", "elektro", "installatie", "productie", "automotive", "bouw", "energie",
	"ict", "engineering", "overig"}

// mayAsk reports whether an organisation of kind k may ask a question of
// kind q: schools ask for teacher placements (and anything else), companies
// and associations for everything but teacher placements.
func mayAsk(k domain.OrgKind, q desk.QuestionKind) bool {
	switch k {
	case domain.OrgSchool:
		return q == desk.KindTeacherPlacement || q == desk.KindOther
	case domain.OrgCompany, domain.OrgAssociation:
		return q != desk.KindTeacherPlacement
	}
	return false
}

// point resolves a postcode to its PC4 centroid; unknown postcodes give
// the zero point (distance unknown).
func (s *Service) point(ctx context.Context, st Store, postcode string) domain.Point {
	if strings.TrimSpace(postcode) == "" {
		return domain.Point{}
	}
	pc, err := st.Postcode(ctx, postcode)
	if err != nil {
		return domain.Point{}
	}
	return pc.Point
}

// File files a question for the actor's organisation (company contacts,
// school staff) or, for coordinators, for the organisation q.CompanyID of
// the region. It fills the place from the postcode (or the organisation's
// first location), stores the question with its first history entry and
// notifies the region's coordinators. It returns ErrForbidden when the
// actor may not file for that organisation and a *domain.ValidationError
// for invalid fields or a kind the organisation may not ask.
func (s *Service) File(ctx context.Context, in desk.Question) (int64, error) {
	a := request.Actor(ctx)
	if a.Role != domain.RoleCoordinator {
		in.CompanyID = a.OrganisationID
	}
	if !auth.CanFileQuestionFor(a, in.CompanyID) {
		if in.CompanyID == 0 && auth.Allow(a, auth.FileQuestion) {
			return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "company", Key: "invalid.required"}}}
		}
		return 0, s.forbid(ctx, "question:new")
	}
	org, err := s.db.Organisation(ctx, a.RegionID, in.CompanyID)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "company", Key: "invalid.required"}}}
		}
		return 0, err
	}
	in.RegionID, in.FiledBy = a.RegionID, a.UserID
	in.Sector = strings.ToLower(strings.TrimSpace(in.Sector))
	var extra domain.ValidationError
	if in.Sector != "" && !slices.Contains(Sectors, in.Sector) {
		extra.Add("sector", "invalid.choice")
	}
	if in.Kind.Valid() && !mayAsk(org.Kind, in.Kind) {
		extra.Add("kind", "invalid.desk_kind_for_org")
	}
	if in.Postcode == "" {
		if locs, err := s.db.Locations(ctx, a.RegionID, org.ID); err == nil && len(locs) > 0 {
			in.Postcode, in.Point = locs[0].Postcode, locs[0].Point
		}
	} else {
		in.Point = domain.Point{}
	}
	q, ev, err := desk.NewQuestion(in, s.at())
	if err = mergeErr(err, &extra); err != nil {
		return 0, err
	}
	if q.Point.IsZero() {
		q.Point = s.point(ctx, s.db, q.Postcode)
	}
	if a.Role == domain.RoleCoordinator {
		ev.Side = desk.SideDesk
	}
	var id int64
	err = s.db.InTx(ctx, func(st Store) error {
		var err error
		if id, err = st.CreateQuestion(ctx, q, ev); err != nil {
			return err
		}
		coords, err := coordinators(ctx, st, a.RegionID)
		if err != nil {
			return err
		}
		var rs []desk.Recipient
		for _, c := range coords {
			rs = append(rs, desk.Recipient{UserID: c.ID, Kind: desk.NotifyFiled})
		}
		return st.AddNotifications(ctx, desk.Notifications(a.RegionID, id, q.Title, a.UserID, rs, q.CreatedAt))
	})
	if err != nil {
		return 0, err
	}
	s.invalidateFigures(a.RegionID)
	request.Audit(ctx, s.db, domain.AuditCreate, qobj(id), string(q.Kind))
	return id, nil
}

// mergeErr adds the fields of extra to err (a *domain.ValidationError or
// nil); another error is returned as it is.
func mergeErr(err error, extra *domain.ValidationError) error {
	if len(extra.Fields) == 0 {
		return err
	}
	if err == nil {
		return extra
	}
	if ve, ok := err.(*domain.ValidationError); ok {
		ve.Fields = append(ve.Fields, extra.Fields...)
		return ve
	}
	return err
}

// DefaultSector returns the sector of the organisation's latest question,
// to preset the form.
func (s *Service) DefaultSector(ctx context.Context, orgID int64) string {
	a := request.Actor(ctx)
	if orgID == 0 {
		orgID = a.OrganisationID
	}
	sec, _ := s.db.LastSector(ctx, a.RegionID, orgID)
	return sec
}

// Scope says which questions a list shows.
type Scope string

// List scopes.
const (
	ScopeOwn    Scope = "own"    // asked by the actor's organisation; a coordinator: the ones they hold
	ScopeRouted Scope = "routed" // routed to the actor's organisation
	ScopeAll    Scope = "all"    // every question of the region (coordinators)
)

// List returns a page of the questions of a scope, newest first. It
// returns ErrForbidden when the actor may not see that scope.
func (s *Service) List(ctx context.Context, scope Scope, f store.QuestionFilter) ([]store.QuestionRow, int, error) {
	a := request.Actor(ctx)
	org, ok := auth.QuestionScope(a)
	if !ok {
		return nil, 0, s.forbid(ctx, "questions")
	}
	f.RegionID, f.Party = a.RegionID, 0
	switch {
	case scope == ScopeAll && canDesk(a):
		f.CompanyID, f.PartnerID = 0, 0
	case scope == ScopeOwn && canDesk(a):
		f.CompanyID, f.PartnerID, f.HolderID = 0, 0, a.UserID
	case scope == ScopeOwn && org != 0:
		f.CompanyID, f.PartnerID = org, 0
	case scope == ScopeRouted && org != 0:
		f.CompanyID, f.PartnerID = 0, org
	default:
		return nil, 0, s.forbid(ctx, "questions:"+string(scope))
	}
	return s.db.Questions(ctx, f)
}

// QuestionView is a question with what the actor may see and do.
type QuestionView struct {
	Question store.QuestionRow
	Sides    desk.Side
	Actions  []desk.Action
	History  []store.EventRow
	Comments []desk.Comment
	Age      desk.Span
	Deadline desk.Deadline
	HasDue   bool
	Overdue  bool
	Response desk.Span // zero until taken
	Lead     desk.Span // zero until closed
	// For the desk: the ranked suggestions (while the question can be
	// routed), the coordinators to hand over to and the organisations to
	// route to directly.
	Suggestions  []Suggestion
	Coordinators []domain.User
	Partners     []domain.Organisation
}

// Desk reports whether the actor sees the question as the desk.
func (v QuestionView) Desk() bool { return v.Sides.Has(desk.SideDesk) }

// May reports whether the actor may take step a now.
func (v QuestionView) May(a string) bool { return slices.Contains(v.Actions, desk.Action(a)) }

// Get returns a question the actor may see with its history, the comments
// the actor may read and the steps it may take, and marks the actor's
// notifications about it read. For the desk it adds the suggestions. It
// returns ErrNotFound for another region's question and ErrForbidden for a
// question the actor is no party to.
func (s *Service) Get(ctx context.Context, id int64) (QuestionView, error) {
	a := request.Actor(ctx)
	row, err := s.db.Question(ctx, a.RegionID, id)
	if err != nil {
		return QuestionView{}, err
	}
	if !auth.CanViewQuestion(a, row.Question) {
		return QuestionView{}, s.forbid(ctx, qobj(id))
	}
	now := s.now()
	sides := desk.SidesOf(a, row.Question)
	v := QuestionView{Question: row, Sides: sides, Actions: desk.ActionsFor(row.Question, sides), Age: s.cal.Age(row.Question, now)}
	v.Deadline, v.HasDue = s.cal.Deadline(row.Question, s.opt.SLA)
	v.Overdue = v.HasDue && now.After(v.Deadline.At)
	v.Response, _ = s.cal.ResponseTime(row.Question)
	v.Lead, _ = s.cal.LeadTime(row.Question)
	events, err := s.db.QuestionEvents(ctx, a.RegionID, id)
	if err != nil {
		return v, err
	}
	v.History = visibleEvents(events, row.Question, sides)
	comments, err := s.db.QuestionComments(ctx, a.RegionID, id)
	if err != nil {
		return v, err
	}
	for _, c := range comments {
		if c.VisibleTo(sides) && (sides.Has(desk.SideDesk) || sides.Has(desk.SideCompany) || !c.At.Before(row.RoutedAt)) {
			v.Comments = append(v.Comments, c)
		}
	}
	if sides.Has(desk.SideDesk) {
		if row.Status == desk.StatusTaken {
			if v.Suggestions, err = s.Suggest(ctx, row.Question, 6); err != nil {
				return v, err
			}
			orgs, _, err := s.db.Organisations(ctx, store.OrgFilter{RegionID: a.RegionID, Page: store.Page{Limit: 500}})
			if err != nil {
				return v, err
			}
			for _, o := range orgs {
				if o.ID != row.CompanyID && !row.Declined(o.ID) && (o.Kind == domain.OrgSchool || o.Kind == domain.OrgCompany || o.Kind == domain.OrgAssociation) {
					v.Partners = append(v.Partners, o)
				}
			}
		}
		if v.Coordinators, err = coordinators(ctx, s.db, a.RegionID); err != nil {
			return v, err
		}
	}
	if err := s.db.MarkQuestionRead(ctx, a.UserID, id, now); err != nil {
		s.log.WarnContext(ctx, "mark question read", "err", err)
	}
	return v, nil
}

// visibleEvents returns the history a party may see: the desk sees
// everything; the company sees every step but not which partners declined
// or why; a partner sees the steps since the question was last routed to
// it.
func visibleEvents(events []store.EventRow, q desk.Question, sides desk.Side) []store.EventRow {
	if sides.Has(desk.SideDesk) {
		return events
	}
	var out []store.EventRow
	if sides.Has(desk.SideCompany) {
		for _, e := range events {
			if e.Action == desk.ActDeclineRoute || e.Action == desk.ActRoute && e.PartnerID != q.PartnerID {
				e.Note, e.PartnerName, e.OfferTitle, e.PartnerID, e.OfferID = "", "", "", 0, 0
			}
			if e.Action == desk.ActDismiss || e.Action == desk.ActHandOver {
				e.HolderName = ""
			}
			out = append(out, e)
		}
		return out
	}
	from := -1
	for i, e := range events {
		if e.Action == desk.ActRoute && e.PartnerID == q.PartnerID {
			from = i
		}
	}
	if from < 0 {
		return nil
	}
	for _, e := range events[from:] {
		if e.Action == desk.ActHandOver {
			continue
		}
		out = append(out, e)
	}
	return out
}

// StepInput is a workflow step asked for by a user.
type StepInput struct {
	Action    desk.Action
	HolderID  int64 // hand_over
	PartnerID int64 // route: the partner; 0 takes the offer's provider
	OfferID   int64 // route: the offer, optional
	Due       time.Time
	Outcome   desk.Outcome
	Note      string
}

// Step takes a workflow step on a question in one transaction: it locks
// the question, checks that the actor's side may take the step from the
// current status (desk.Question.Apply), checks the route's partner and
// offer and the new holder, stores the question and the history entry,
// notifies the parties and, when a placement question is closed as
// matched, makes a draft placement for the company. It returns
// ErrNotFound, ErrForbidden (not a party, or a side that may not take the
// step), a conflict (the workflow does not allow the step now) or a
// *domain.ValidationError (missing step data).
func (s *Service) Step(ctx context.Context, id int64, in StepInput) error {
	a := request.Actor(ctx)
	var q desk.Question
	var notes []desk.Notification
	err := s.db.InTx(ctx, func(st Store) error {
		if err := st.LockQuestion(ctx, a.RegionID, id); err != nil {
			return err
		}
		row, err := st.Question(ctx, a.RegionID, id)
		if err != nil {
			return err
		}
		q = row.Question
		sides := desk.SidesOf(a, q)
		if !auth.CanViewQuestion(a, q) {
			return domain.ErrForbidden
		}
		if !auth.Allow(a, auth.ActOnQuestion) {
			return domain.ErrForbidden
		}
		if in.Action == desk.ActRoute {
			if err := s.checkRoute(ctx, st, q, &in); err != nil {
				return err
			}
		}
		if in.Action == desk.ActHandOver && in.HolderID != 0 {
			if err := checkHolder(ctx, st, a.RegionID, in.HolderID); err != nil {
				return err
			}
		}
		prevPartner := q.PartnerID
		ev, err := q.Apply(desk.Step{Action: in.Action, ActorID: a.UserID, Sides: sides, HolderID: in.HolderID,
			PartnerID: in.PartnerID, OfferID: in.OfferID, Due: in.Due, Outcome: in.Outcome, Note: in.Note}, s.at())
		if err != nil {
			return err
		}
		if err := st.UpdateQuestion(ctx, q); err != nil {
			return err
		}
		if _, err := st.AddQuestionEvent(ctx, ev); err != nil {
			return err
		}
		if notes, err = s.stepNotifications(ctx, st, q, ev, prevPartner); err != nil {
			return err
		}
		if q.Kind == desk.KindPlacement && ev.Action == desk.ActClose && q.Outcome == desk.OutcomeMatched && row.PlacementID == 0 {
			pn, err := s.draftPlacement(ctx, st, q, a.UserID)
			if err != nil {
				return err
			}
			notes = append(notes, pn...)
		}
		return st.AddNotifications(ctx, notes)
	})
	if err != nil {
		if err == domain.ErrForbidden || domain.ErrorCode(err) == domain.CodeForbidden {
			request.Audit(ctx, s.db, domain.AuditPermissionDeny, qobj(id), string(in.Action))
		}
		return err
	}
	s.invalidateFigures(a.RegionID)
	request.Audit(ctx, s.db, domain.AuditStatusChange, qobj(id), string(in.Action))
	return nil
}

// checkRoute completes and checks where a route goes: the offer must be of
// the region and of the partner (its provider when no partner is given),
// and the partner an organisation of the region.
func (s *Service) checkRoute(ctx context.Context, st Store, q desk.Question, in *StepInput) error {
	if in.OfferID != 0 {
		o, err := st.Offer(ctx, q.RegionID, in.OfferID)
		if err != nil {
			if domain.ErrorCode(err) == domain.CodeNotFound {
				return &domain.ValidationError{Fields: []domain.FieldError{{Field: "offer", Key: "invalid.choice"}}}
			}
			return err
		}
		if in.PartnerID == 0 {
			in.PartnerID = o.ProviderID
		}
		if o.ProviderID != in.PartnerID {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "offer", Key: "invalid.desk_offer_of_partner"}}}
		}
	}
	if in.PartnerID != 0 {
		if _, err := st.Organisation(ctx, q.RegionID, in.PartnerID); err != nil {
			if domain.ErrorCode(err) == domain.CodeNotFound {
				return &domain.ValidationError{Fields: []domain.FieldError{{Field: "partner", Key: "invalid.choice"}}}
			}
			return err
		}
	}
	return nil
}

func checkHolder(ctx context.Context, st Store, regionID, holderID int64) error {
	cs, err := coordinators(ctx, st, regionID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID == holderID {
			return nil
		}
	}
	return &domain.ValidationError{Fields: []domain.FieldError{{Field: "holder", Key: "invalid.choice"}}}
}

// stepNotifications returns the notifications of a step for every party
// it concerns (never the actor).
func (s *Service) stepNotifications(ctx context.Context, st Store, q desk.Question, ev desk.Event, prevPartner int64) ([]desk.Notification, error) {
	company, err := deskUsers(ctx, st, q.RegionID, q.CompanyID)
	if err != nil {
		return nil, err
	}
	partnerOrg := q.PartnerID
	if partnerOrg == 0 {
		partnerOrg = prevPartner
	}
	var partner []domain.User
	if partnerOrg != 0 {
		if partner, err = deskUsers(ctx, st, q.RegionID, partnerOrg); err != nil {
			return nil, err
		}
	}
	rs := desk.StepRecipients(q, ev, userIDs(company), userIDs(partner))
	return desk.Notifications(q.RegionID, q.ID, q.Title, ev.ActorID, rs, ev.At), nil
}

func userIDs(us []domain.User) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

// draftPlacement makes a draft placement for a matched placement question
// at the company's first location: an internship for the question's crebo
// when the company is accredited for it, a job otherwise. A company
// without a location gets none (the question is closed anyway).
func (s *Service) draftPlacement(ctx context.Context, st Store, q desk.Question, actorID int64) ([]desk.Notification, error) {
	org, err := st.Organisation(ctx, q.RegionID, q.CompanyID)
	if err != nil || org.Kind != domain.OrgCompany {
		return nil, err
	}
	locs, err := st.Locations(ctx, q.RegionID, q.CompanyID)
	if err != nil || len(locs) == 0 {
		return nil, err
	}
	p := domain.Placement{RegionID: q.RegionID, CompanyID: q.CompanyID, LocationID: locs[0].ID, Kind: domain.KindJob, Title: q.Title,
		Description: q.Text, Field: q.Field, Period: q.Period, Capacity: min(max(q.People, 1), 500), Skills: q.Skills,
		Status: domain.PlacementDraft, CreatedBy: actorID}
	if q.Language != "" {
		p.Languages = []string{q.Language}
	}
	if q.Crebo != "" {
		p.Crebos = []string{q.Crebo}
		if org.AccreditedFor(q.Crebo) {
			p.Kind, p.Stage = domain.KindInternship, domain.StageMBO
		}
	}
	if p.Kind == domain.KindJob && p.Crebos != nil && !org.AccreditedFor(q.Crebo) {
		p.Crebos = nil
	}
	pid, err := st.CreatePlacement(ctx, p)
	if err != nil {
		return nil, err
	}
	if err := st.SetQuestionPlacement(ctx, q.RegionID, q.ID, pid); err != nil {
		return nil, err
	}
	company, err := deskUsers(ctx, st, q.RegionID, q.CompanyID)
	if err != nil {
		return nil, err
	}
	var rs []desk.Recipient
	for _, u := range company {
		rs = append(rs, desk.Recipient{UserID: u.ID, Kind: desk.NotifyPlacementDraft})
	}
	return desk.Notifications(q.RegionID, q.ID, q.Title, actorID, rs, s.at()), nil
}

// Comment adds a comment by the actor to a question it is a party to;
// internal comments are the desk's own. The other parties who may read it
// are notified. It returns ErrNotFound, ErrForbidden or a
// *domain.ValidationError for an empty or too long text.
func (s *Service) Comment(ctx context.Context, id int64, text string, internal bool) error {
	a := request.Actor(ctx)
	err := s.db.InTx(ctx, func(st Store) error {
		row, err := st.Question(ctx, a.RegionID, id)
		if err != nil {
			return err
		}
		q := row.Question
		if !auth.CanViewQuestion(a, q) || !auth.Allow(a, auth.ActOnQuestion) {
			return domain.ErrForbidden
		}
		c, err := desk.NewComment(q, a.UserID, desk.SidesOf(a, q), text, internal, s.at())
		if err != nil {
			return err
		}
		if _, err := st.AddQuestionComment(ctx, c); err != nil {
			return err
		}
		if c.Internal {
			return nil
		}
		var rs []desk.Recipient
		if q.HolderID != 0 {
			rs = append(rs, desk.Recipient{UserID: q.HolderID, Kind: desk.NotifyComment})
		}
		for _, org := range []int64{q.CompanyID, q.PartnerID} {
			us, err := deskUsers(ctx, st, q.RegionID, org)
			if err != nil {
				return err
			}
			for _, u := range us {
				rs = append(rs, desk.Recipient{UserID: u.ID, Kind: desk.NotifyComment})
			}
		}
		return st.AddNotifications(ctx, desk.Notifications(q.RegionID, q.ID, q.Title, a.UserID, rs, c.At))
	})
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeForbidden {
			request.Audit(ctx, s.db, domain.AuditPermissionDeny, qobj(id), "comment")
		}
		return err
	}
	request.Audit(ctx, s.db, domain.AuditCreate, qobj(id), "comment")
	return nil
}

// Suggestion is a ranked offer for a question with what the page shows.
type Suggestion struct {
	route.Suggestion
	Title        string
	ProviderName string
	OfferKind    desk.OfferKind
}
