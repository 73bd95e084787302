package api

import (
	"net/http"
	"strconv"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// The desk's API: questions and their workflow, the offer catalogue,
// notifications and the figures.

func init() {
	for name, v := range map[string]any{
		"Question": Question{}, "QuestionInput": QuestionInput{}, "QuestionDetail": QuestionDetail{}, "QuestionEvent": QuestionEvent{},
		"QuestionComment": QuestionComment{}, "StepInput": StepInput{}, "CommentInput": CommentInput{}, "Suggestion": Suggestion{},
		"SuggestionReason": SuggestionReason{}, "Offer": Offer{}, "OfferInput": OfferInput{}, "OfferLocation": OfferLocation{},
		"Notification": Notification{}, "DeskBoard": DeskBoard{}, "BoardRow": BoardRow{}, "HolderLoad": HolderLoad{},
		"DeskFigures": DeskFigures{}, "PartnerCount": PartnerCount{}, "Deleted": Deleted{},
	} {
		registerSchema(name, v)
	}
	routeSets = append(routeSets, func(h *Handler) []request.Route {
		qs := []request.Param{{Name: "scope", Type: "string", Description: "own (asked by your organisation; coordinators: held by you), routed (routed to your organisation) or all (coordinators)"},
			{Name: "status", Type: "string", Description: "new, taken, routed, answered or closed"},
			{Name: "kind", Type: "string", Description: "placement, training, pooling, hybrid_teacher, teacher_placement, outreach or other"},
			{Name: "q", Type: "string", Description: "title, text, company or field contains"}}
		period := []request.Param{{Name: "from", Type: "string", Description: "filed on or after, YYYY-MM-DD"},
			{Name: "to", Type: "string", Description: "filed on or before, YYYY-MM-DD"}}
		return []request.Route{
			apiRoute("GET", "/questions", auth.ViewQuestions, h.questions, request.Doc{Summary: "List desk questions", Tag: "desk",
				Query: withPage(qs...), Response: "Question", List: true}),
			apiRoute("POST", "/questions", auth.FileQuestion, h.fileQuestion, request.Doc{Summary: "File a question at the desk", Tag: "desk",
				Body: "QuestionInput", Response: "QuestionDetail", Status: 201}),
			apiRoute("GET", "/questions/{id}", auth.ViewQuestions, h.question, request.Doc{Summary: "One question with its history, comments and the steps you may take", Tag: "desk",
				Response: "QuestionDetail"}),
			apiRoute("POST", "/questions/{id}/steps", auth.ActOnQuestion, h.questionStep, request.Doc{Summary: "Take a workflow step: take, hand_over, set_due, route, accept_route, decline_route, answer, close, dismiss, withdraw or reopen", Tag: "desk",
				Body: "StepInput", Response: "QuestionDetail"}),
			apiRoute("POST", "/questions/{id}/comments", auth.ActOnQuestion, h.questionComment, request.Doc{Summary: "Comment on a question", Tag: "desk",
				Body: "CommentInput", Response: "QuestionDetail", Status: 201}),
			apiRoute("GET", "/questions/{id}/suggestions", auth.DeskBoard, h.questionSuggestions, request.Doc{Summary: "Offers that could answer a question, ranked, with reasons (the desk)", Tag: "desk",
				Query: []request.Param{{Name: "limit", Type: "integer", Description: "at most this many, 1-100 (default 10)"}}, Response: "Suggestion", List: true}),
			apiRoute("GET", "/desk/board", auth.DeskBoard, h.deskBoard, request.Doc{Summary: "The desk board: open questions by age, holders, overdue", Tag: "desk", Response: "DeskBoard"}),
			apiRoute("GET", "/desk/figures", auth.DeskFigures, h.deskFigures, request.Doc{Summary: "Figures of the desk (no personal data)", Tag: "desk",
				Query: period, Response: "DeskFigures"}),
			apiRoute("GET", "/offers", auth.ViewOffers, h.offers, request.Doc{Summary: "Search the offer catalogue", Tag: "desk",
				Query: withPage(request.Param{Name: "q", Type: "string", Description: "words as companies use them"},
					request.Param{Name: "kind", Type: "string", Description: "offer kind"},
					request.Param{Name: "provider_id", Type: "integer", Description: "only this provider"},
					request.Param{Name: "inactive", Type: "boolean", Description: "include inactive and past offers"}), Response: "Offer", List: true}),
			apiRoute("POST", "/offers", auth.ManageOffers, h.createOffer, request.Doc{Summary: "Add an offer to the catalogue", Tag: "desk",
				Body: "OfferInput", Response: "Offer", Status: 201}),
			apiRoute("GET", "/offers/{id}", auth.ViewOffers, h.offer, request.Doc{Summary: "One offer", Tag: "desk", Response: "Offer"}),
			apiRoute("PUT", "/offers/{id}", auth.ManageOffers, h.updateOffer, request.Doc{Summary: "Replace an offer", Tag: "desk", Body: "OfferInput", Response: "Offer"}),
			apiRoute("DELETE", "/offers/{id}", auth.ManageOffers, h.deleteOffer, request.Doc{Summary: "Delete an offer", Tag: "desk", Response: "Deleted"}),
			apiRoute("GET", "/notifications", auth.ViewNotifications, h.notifications, request.Doc{Summary: "Your notifications, newest first", Tag: "desk",
				Query: withPage(request.Param{Name: "unread", Type: "boolean", Description: "only unread ones"}), Response: "Notification", List: true}),
		}
	})
}

// Question is a desk question in a list.
type Question struct {
	ID          int64    `json:"id"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Text        string   `json:"text,omitempty"`
	CompanyID   int64    `json:"company_id"`
	CompanyName string   `json:"company_name"`
	Crebo       string   `json:"crebo,omitempty"`
	Field       string   `json:"field,omitempty"`
	Sector      string   `json:"sector,omitempty"`
	Skills      []string `json:"skills"`
	Postcode    string   `json:"postcode,omitempty"`
	From        Date     `json:"from,omitempty"`
	Until       Date     `json:"until,omitempty"`
	People      int      `json:"people,omitempty"`
	Language    string   `json:"language,omitempty"`
	Due         Date     `json:"due,omitempty"`
	Status      string   `json:"status"`
	HolderID    int64    `json:"holder_id,omitempty"`
	PartnerID   int64    `json:"partner_id,omitempty"`
	PartnerName string   `json:"partner_name,omitempty"`
	OfferID     int64    `json:"offer_id,omitempty"`
	Accepted    bool     `json:"route_accepted"`
	Answer      string   `json:"answer,omitempty"`
	Outcome     string   `json:"outcome,omitempty"`
	Reason      string   `json:"outcome_reason,omitempty"`
	PlacementID int64    `json:"placement_id,omitempty"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func questionDTO(r store.QuestionRow) Question {
	q := r.Question
	return Question{ID: q.ID, Kind: string(q.Kind), Title: q.Title, Text: q.Text, CompanyID: q.CompanyID, CompanyName: q.CompanyName,
		Crebo: q.Crebo, Field: q.Field, Sector: q.Sector, Skills: nonNil(q.Skills), Postcode: q.Postcode, From: dateOf(q.Period.Start),
		Until: dateOf(q.Period.End), People: q.People, Language: q.Language, Due: dateOf(q.Due), Status: string(q.Status),
		HolderID: q.HolderID, PartnerID: q.PartnerID, PartnerName: q.PartnerName, OfferID: q.OfferID, Accepted: q.RouteAccepted,
		Answer: q.Answer, Outcome: string(q.Outcome), Reason: q.OutcomeReason, PlacementID: r.PlacementID, CreatedAt: stamp(q.CreatedAt),
		UpdatedAt: stamp(q.UpdatedAt)}
}

// QuestionInput files a question.
type QuestionInput struct {
	CompanyID int64    `json:"company_id,omitempty"` // coordinators: the organisation asking
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	Text      string   `json:"text,omitempty"`
	Crebo     string   `json:"crebo,omitempty"`
	Field     string   `json:"field,omitempty"`
	Sector    string   `json:"sector,omitempty"`
	Skills    []string `json:"skills,omitempty"`
	Postcode  string   `json:"postcode,omitempty"`
	From      Date     `json:"from,omitempty"`
	Until     Date     `json:"until,omitempty"`
	People    int      `json:"people,omitempty"`
	Language  string   `json:"language,omitempty"`
	Due       Date     `json:"due,omitempty"`
}

// QuestionEvent is an entry in a question's history.
type QuestionEvent struct {
	Action      string `json:"action"`
	From        string `json:"from,omitempty"`
	To          string `json:"to"`
	Side        string `json:"side"`
	ActorName   string `json:"actor_name,omitempty"`
	PartnerID   int64  `json:"partner_id,omitempty"`
	PartnerName string `json:"partner_name,omitempty"`
	OfferID     int64  `json:"offer_id,omitempty"`
	Outcome     string `json:"outcome,omitempty"`
	Due         Date   `json:"due,omitempty"`
	Note        string `json:"note,omitempty"`
	At          string `json:"at"`
}

// QuestionComment is a comment on a question.
type QuestionComment struct {
	AuthorName string `json:"author_name"`
	Side       string `json:"side"`
	Internal   bool   `json:"internal"`
	Text       string `json:"text"`
	At         string `json:"at"`
}

// QuestionDetail is a question with its history, the comments you may
// read and the steps you may take; overdue and the deadline follow the
// desk's working-time rules.
type QuestionDetail struct {
	Question Question          `json:"question"`
	Actions  []string          `json:"actions"`
	Overdue  bool              `json:"overdue"`
	Deadline string            `json:"deadline,omitempty"`
	History  []QuestionEvent   `json:"history"`
	Comments []QuestionComment `json:"comments"`
}

func detailDTO(v service.QuestionView) QuestionDetail {
	d := QuestionDetail{Question: questionDTO(v.Question), Actions: []string{}, Overdue: v.Overdue, History: []QuestionEvent{}, Comments: []QuestionComment{}}
	if v.HasDue {
		d.Deadline = stamp(v.Deadline.At)
	}
	for _, a := range v.Actions {
		d.Actions = append(d.Actions, string(a))
	}
	for _, e := range v.History {
		d.History = append(d.History, QuestionEvent{Action: string(e.Action), From: string(e.From), To: string(e.To), Side: e.Side.String(),
			ActorName: e.ActorName, PartnerID: e.PartnerID, PartnerName: e.PartnerName, OfferID: e.OfferID, Outcome: string(e.Outcome),
			Due: dateOf(e.Due), Note: e.Note, At: stamp(e.At)})
	}
	for _, c := range v.Comments {
		d.Comments = append(d.Comments, QuestionComment{AuthorName: c.AuthorName, Side: c.Side.String(), Internal: c.Internal, Text: c.Text, At: stamp(c.At)})
	}
	return d
}

// StepInput is a workflow step.
type StepInput struct {
	Action    string `json:"action"`
	HolderID  int64  `json:"holder_id,omitempty"`
	PartnerID int64  `json:"partner_id,omitempty"`
	OfferID   int64  `json:"offer_id,omitempty"`
	Due       Date   `json:"due,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	Note      string `json:"note,omitempty"`
}

// CommentInput is a comment; internal ones are for the desk only.
type CommentInput struct {
	Text     string `json:"text"`
	Internal bool   `json:"internal,omitempty"`
}

// SuggestionReason is a reason with its code, arguments and text in the
// request's language.
type SuggestionReason struct {
	Code string `json:"code"`
	Args []any  `json:"args"`
	Text string `json:"text"`
}

// Suggestion is an offer that could answer a question.
type Suggestion struct {
	OfferID      int64              `json:"offer_id"`
	Title        string             `json:"title"`
	Kind         string             `json:"kind"`
	ProviderID   int64              `json:"provider_id"`
	ProviderName string             `json:"provider_name"`
	Score        float64            `json:"score"`
	DistanceKm   float64            `json:"distance_km"`
	Reasons      []SuggestionReason `json:"reasons"`
}

func (h *Handler) questions(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	scope := service.Scope(p.choice("scope", func(s string) bool {
		return s == string(service.ScopeOwn) || s == string(service.ScopeRouted) || s == string(service.ScopeAll)
	}))
	f := store.QuestionFilter{Text: p.str("q"), Page: p.page}
	if s := p.choice("status", func(s string) bool { return desk.QuestionStatus(s).Valid() }); s != "" {
		f.Statuses = []desk.QuestionStatus{desk.QuestionStatus(s)}
	}
	if k := p.choice("kind", func(s string) bool { return desk.QuestionKind(s).Valid() }); k != "" {
		f.Kinds = []desk.QuestionKind{desk.QuestionKind(k)}
	}
	if p.failed(h, w, r) {
		return
	}
	if scope == "" {
		scope = service.ScopeOwn
		if request.Actor(r.Context()).Role == domain.RoleCoordinator {
			scope = service.ScopeAll
		}
	}
	list, total, err := h.app.Desk.List(r.Context(), scope, f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, questionDTO), err)
}

func (h *Handler) questionDetail(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := h.app.Desk.Get(r.Context(), id)
	h.respond(w, r, status, detailDTO(v), err)
}

func (h *Handler) fileQuestion(w http.ResponseWriter, r *http.Request) {
	var in QuestionInput
	if !h.body(w, r, &in) {
		return
	}
	var v domain.ValidationError
	q := desk.Question{CompanyID: in.CompanyID, Kind: desk.QuestionKind(in.Kind), Title: in.Title, Text: in.Text, Crebo: in.Crebo,
		Field: in.Field, Sector: in.Sector, Skills: in.Skills, Postcode: in.Postcode, People: in.People, Language: in.Language,
		Period: domain.Period{Start: in.From.time("from", &v), End: in.Until.time("until", &v)}, Due: in.Due.time("due", &v)}
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	id, err := h.app.Desk.File(r.Context(), q)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.questionDetail(w, r, id, http.StatusCreated)
}

func (h *Handler) question(w http.ResponseWriter, r *http.Request) {
	if id, ok := h.id(w, r); ok {
		h.questionDetail(w, r, id, http.StatusOK)
	}
}

func (h *Handler) questionStep(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var in StepInput
	if !h.body(w, r, &in) {
		return
	}
	var v domain.ValidationError
	st := service.StepInput{Action: desk.Action(in.Action), HolderID: in.HolderID, PartnerID: in.PartnerID, OfferID: in.OfferID,
		Due: in.Due.time("due", &v), Outcome: desk.Outcome(in.Outcome), Note: in.Note}
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	if err := h.app.Desk.Step(r.Context(), id, st); err != nil {
		h.Fail(w, r, err)
		return
	}
	v2, err := h.app.Desk.Get(r.Context(), id)
	if err != nil && domain.ErrorCode(err) == domain.CodeForbidden {
		// A partner that declined no longer sees the question.
		writeJSON(w, http.StatusOK, QuestionDetail{Question: Question{ID: id, Skills: []string{}}, Actions: []string{}, History: []QuestionEvent{}, Comments: []QuestionComment{}})
		return
	}
	h.respond(w, r, http.StatusOK, detailDTO(v2), err)
}

func (h *Handler) questionComment(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var in CommentInput
	if !h.body(w, r, &in) {
		return
	}
	if err := h.app.Desk.Comment(r.Context(), id, in.Text, in.Internal); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.questionDetail(w, r, id, http.StatusCreated)
}

func suggestionDTO(l i18n.Lang) func(service.Suggestion) Suggestion {
	return func(s service.Suggestion) Suggestion {
		out := Suggestion{OfferID: s.OfferID, Title: s.Title, Kind: string(s.OfferKind), ProviderID: s.ProviderID, ProviderName: s.ProviderName,
			Score: s.Score, DistanceKm: s.DistanceKm, Reasons: []SuggestionReason{}}
		for _, r := range s.Reasons {
			args := r.Args
			if args == nil {
				args = []any{}
			}
			out.Reasons = append(out.Reasons, SuggestionReason{Code: r.Code, Args: args, Text: service.ReasonText(l, r)})
		}
		return out
	}
}

func (h *Handler) questionSuggestions(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	limit := 10
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			h.Fail(w, r, &domain.ValidationError{Fields: []domain.FieldError{{Field: "limit", Key: "invalid.limit"}}})
			return
		}
		limit = n
	}
	list, err := h.app.Desk.Suggestions(r.Context(), id, limit)
	h.respond(w, r, http.StatusOK, pageOf(list, len(list), store.Page{Limit: limit}, suggestionDTO(request.Lang(r.Context()))), err)
}

// BoardRow is an open question on the desk board.
type BoardRow struct {
	Question     Question `json:"question"`
	AgeHours     float64  `json:"age_working_hours"`
	Deadline     string   `json:"deadline,omitempty"`
	DeadlineKind string   `json:"deadline_kind,omitempty"`
	Overdue      bool     `json:"overdue"`
}

// HolderLoad is how many open questions a coordinator holds.
type HolderLoad struct {
	HolderID int64  `json:"holder_id"`
	Name     string `json:"name"`
	Open     int    `json:"open"`
	Overdue  int    `json:"overdue"`
}

// DeskBoard is the desk board.
type DeskBoard struct {
	Open    int          `json:"open"`
	Overdue int          `json:"overdue"`
	Rows    []BoardRow   `json:"rows"`
	Holders []HolderLoad `json:"holders"`
}

func (h *Handler) deskBoard(w http.ResponseWriter, r *http.Request) {
	b, err := h.app.Desk.Board(r.Context(), service.BoardFilter{})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	out := DeskBoard{Open: b.Open, Overdue: b.Overdue, Rows: []BoardRow{}, Holders: []HolderLoad{}}
	for _, row := range b.Rows {
		br := BoardRow{Question: questionDTO(store.QuestionRow{Question: row.Question}), AgeHours: round1(row.Age.Working.Hours()), Overdue: row.Overdue}
		if row.HasDue {
			br.Deadline, br.DeadlineKind = stamp(row.Deadline.At), string(row.Deadline.Kind)
		}
		out.Rows = append(out.Rows, br)
	}
	for _, hl := range b.Holders {
		out.Holders = append(out.Holders, HolderLoad{HolderID: hl.HolderID, Name: b.Names[hl.HolderID], Open: hl.Open, Overdue: hl.Overdue})
	}
	writeJSON(w, http.StatusOK, out)
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// PartnerCount is what one partner did with the questions routed to it.
type PartnerCount struct {
	PartnerID int64  `json:"partner_id"`
	Name      string `json:"name"`
	Routed    int    `json:"routed"`
	Answered  int    `json:"answered"`
	Declined  int    `json:"declined"`
}

// DeskFigures are the desk's figures; times are median working hours.
type DeskFigures struct {
	Questions         int            `json:"questions"`
	Answered          int            `json:"answered"`
	ShareAnswered     float64        `json:"share_answered"`
	MedianResponseH   float64        `json:"median_response_working_hours"`
	MedianLeadH       float64        `json:"median_lead_working_hours"`
	ResponseMeasured  int            `json:"response_measured"`
	LeadMeasured      int            `json:"lead_measured"`
	PerKind           []Count        `json:"per_kind"`
	PerMonth          []Count        `json:"per_month"`
	PerSector         []Count        `json:"per_sector"`
	PerStatus         []Count        `json:"per_status"`
	Outcomes          []Count        `json:"outcomes"`
	Partners          []PartnerCount `json:"partners"`
	From              Date           `json:"from,omitempty"`
	UntilIncl         Date           `json:"to,omitempty"`
	WorkingHoursNotes string         `json:"working_hours"`
}

func deskCounts(cs []desk.Count) []Count {
	out := make([]Count, len(cs))
	for i, c := range cs {
		out[i] = Count{Key: c.Key, N: c.N}
	}
	return out
}

func (h *Handler) deskFigures(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	from, to := p.date("from"), p.date("to")
	if p.failed(h, w, r) {
		return
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	f, err := h.app.Desk.Figures(r.Context(), from, to)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	out := DeskFigures{Questions: f.Figures.Questions, Answered: f.Answered, ShareAnswered: f.ShareAnswered,
		MedianResponseH: round1(f.Response.MedianWorking.Hours()), MedianLeadH: round1(f.Lead.MedianWorking.Hours()),
		ResponseMeasured: f.Response.N, LeadMeasured: f.Lead.N, PerKind: deskCounts(f.PerKind), PerMonth: deskCounts(f.PerMonth),
		PerSector: deskCounts(f.PerSector), PerStatus: deskCounts(f.PerStatus), Outcomes: deskCounts(f.Outcomes), Partners: []PartnerCount{},
		From: dateOf(from), WorkingHoursNotes: "09:00-17:00 Europe/Amsterdam on Dutch working days"}
	if !to.IsZero() {
		out.UntilIncl = dateOf(to.AddDate(0, 0, -1))
	}
	for _, pc := range f.Partners {
		out.Partners = append(out.Partners, PartnerCount{PartnerID: pc.PartnerID, Name: f.PartnerNames[pc.PartnerID], Routed: pc.Routed,
			Answered: pc.Answered, Declined: pc.Declined})
	}
	writeJSON(w, http.StatusOK, out)
}

// OfferLocation is where an offer is given.
type OfferLocation struct {
	Name     string  `json:"name,omitempty"`
	Postcode string  `json:"postcode,omitempty"`
	Lat      float64 `json:"lat,omitempty"`
	Lon      float64 `json:"lon,omitempty"`
}

// Offer is an item of the offer catalogue.
type Offer struct {
	ID           int64           `json:"id"`
	ProviderID   int64           `json:"provider_id"`
	ProviderName string          `json:"provider_name"`
	Kind         string          `json:"kind"`
	Title        string          `json:"title"`
	Description  string          `json:"description,omitempty"`
	Crebos       []string        `json:"crebos"`
	Field        string          `json:"field,omitempty"`
	Level        int             `json:"level,omitempty"`
	Pathway      string          `json:"pathway,omitempty"`
	Skills       []string        `json:"skills"`
	Locations    []OfferLocation `json:"locations"`
	Starts       []Date          `json:"starts"`
	From         Date            `json:"from,omitempty"`
	Until        Date            `json:"until,omitempty"`
	Capacity     int             `json:"capacity,omitempty"`
	PriceCents   *int64          `json:"price_cents,omitempty"`
	Languages    []string        `json:"languages"`
	ContactName  string          `json:"contact_name,omitempty"`
	ContactEmail string          `json:"contact_email,omitempty"`
	ContactPhone string          `json:"contact_phone,omitempty"`
	Active       bool            `json:"active"`
}

func offerDTO(o desk.Offer) Offer {
	out := Offer{ID: o.ID, ProviderID: o.ProviderID, ProviderName: o.ProviderName, Kind: string(o.Kind), Title: o.Title, Description: o.Description,
		Crebos: nonNil(o.Crebos), Field: o.Field, Level: o.Level, Pathway: string(o.Pathway), Skills: nonNil(o.Skills), Locations: []OfferLocation{},
		Starts: []Date{}, From: dateOf(o.Period.Start), Until: dateOf(o.Period.End), Capacity: o.Capacity, PriceCents: o.PriceCents,
		Languages: nonNil(o.Languages), ContactName: o.Contact.Name, ContactEmail: o.Contact.Email, ContactPhone: o.Contact.Phone, Active: o.Active}
	for _, l := range o.Locations {
		out.Locations = append(out.Locations, OfferLocation{Name: l.Name, Postcode: l.Postcode, Lat: l.Point.Lat, Lon: l.Point.Lon})
	}
	for _, s := range o.Starts {
		out.Starts = append(out.Starts, dateOf(s))
	}
	return out
}

// OfferInput creates or replaces an offer. Coordinators name the provider;
// others offer for their own organisation.
type OfferInput struct {
	ProviderID   int64           `json:"provider_id,omitempty"`
	Kind         string          `json:"kind"`
	Title        string          `json:"title"`
	Description  string          `json:"description,omitempty"`
	Crebos       []string        `json:"crebos,omitempty"`
	Field        string          `json:"field,omitempty"`
	Level        int             `json:"level,omitempty"`
	Pathway      string          `json:"pathway,omitempty"`
	Skills       []string        `json:"skills,omitempty"`
	Locations    []OfferLocation `json:"locations,omitempty"`
	Starts       []Date          `json:"starts,omitempty"`
	From         Date            `json:"from,omitempty"`
	Until        Date            `json:"until,omitempty"`
	Capacity     int             `json:"capacity,omitempty"`
	PriceCents   *int64          `json:"price_cents,omitempty"`
	Languages    []string        `json:"languages,omitempty"`
	ContactName  string          `json:"contact_name,omitempty"`
	ContactEmail string          `json:"contact_email,omitempty"`
	ContactPhone string          `json:"contact_phone,omitempty"`
	Active       *bool           `json:"active,omitempty"` // default true
}

func (in OfferInput) domain() (desk.Offer, error) {
	var v domain.ValidationError
	o := desk.Offer{ProviderID: in.ProviderID, Kind: desk.OfferKind(in.Kind), Title: in.Title, Description: in.Description, Crebos: in.Crebos,
		Field: in.Field, Level: in.Level, Pathway: domain.Pathway(in.Pathway), Skills: in.Skills, Capacity: in.Capacity, PriceCents: in.PriceCents,
		Languages: in.Languages, Contact: desk.Contact{Name: in.ContactName, Email: in.ContactEmail, Phone: in.ContactPhone}, Active: true,
		Period: domain.Period{Start: in.From.time("from", &v), End: in.Until.time("until", &v)}}
	if in.Active != nil {
		o.Active = *in.Active
	}
	for _, l := range in.Locations {
		o.Locations = append(o.Locations, desk.OfferLocation{Name: l.Name, Postcode: l.Postcode, Point: domain.Point{Lat: l.Lat, Lon: l.Lon}})
	}
	for _, s := range in.Starts {
		o.Starts = append(o.Starts, s.time("starts", &v))
	}
	return o, v.Err()
}

// Deleted confirms a deletion.
type Deleted struct {
	ID      int64 `json:"id"`
	Deleted bool  `json:"deleted"`
}

func (h *Handler) offers(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := service.OfferQuery{Text: p.str("q"), Kind: desk.OfferKind(p.choice("kind", func(s string) bool { return desk.OfferKind(s).Valid() })),
		ProviderID: int64(p.int("provider_id")), Inactive: p.choice("inactive", func(s string) bool { return s == "true" || s == "false" }) == "true",
		Page: p.page}
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Desk.Offers(r.Context(), f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, offerDTO), err)
}

func (h *Handler) offer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	v, err := h.app.Desk.Offer(r.Context(), id)
	h.respond(w, r, http.StatusOK, offerDTO(v.Offer), err)
}

func (h *Handler) saveOffer(w http.ResponseWriter, r *http.Request, status int, save func(desk.Offer) (int64, error)) {
	var in OfferInput
	if !h.body(w, r, &in) {
		return
	}
	o, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	id, err := save(o)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.app.Desk.Offer(r.Context(), id)
	h.respond(w, r, status, offerDTO(v.Offer), err)
}

func (h *Handler) createOffer(w http.ResponseWriter, r *http.Request) {
	h.saveOffer(w, r, http.StatusCreated, func(o desk.Offer) (int64, error) { return h.app.Desk.CreateOffer(r.Context(), o) })
}

func (h *Handler) updateOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	h.saveOffer(w, r, http.StatusOK, func(o desk.Offer) (int64, error) {
		o.ID = id
		return id, h.app.Desk.UpdateOffer(r.Context(), o)
	})
}

func (h *Handler) deleteOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	err := h.app.Desk.DeleteOffer(r.Context(), id)
	h.respond(w, r, http.StatusOK, Deleted{ID: id, Deleted: true}, err)
}

// Notification is one of your notifications; text is in the request's
// language.
type Notification struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	QuestionID int64  `json:"question_id,omitempty"`
	Title      string `json:"title"`
	Text       string `json:"text"`
	Read       bool   `json:"read"`
	CreatedAt  string `json:"created_at"`
}

func (h *Handler) notifications(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	unread := p.choice("unread", func(s string) bool { return s == "true" || s == "false" }) == "true"
	if p.failed(h, w, r) {
		return
	}
	l := request.Lang(r.Context())
	list, total, err := h.app.Desk.Notifications(r.Context(), unread, p.page)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, func(n desk.Notification) Notification {
		return Notification{ID: n.ID, Kind: string(n.Kind), QuestionID: n.QuestionID, Title: n.Title,
			Text: i18n.T(l, "desk.notify."+string(n.Kind), n.Title), Read: !n.Unread(), CreatedAt: stamp(n.CreatedAt)}
	}), err)
}
