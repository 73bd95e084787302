package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// The desk's pages: the board, question lists, the question page with its
// workflow, the filing form. Offers, notifications, figures and the mail
// settings are in pages_desk_*.go.

func init() {
	routeSets = append(routeSets, func(h *Handler) []request.Route {
		return []request.Route{
			pageRoute("GET", "/desk", auth.DeskBoard, h.deskBoard),
			pageRoute("GET", "/questions", auth.ViewQuestions, h.questions),
			pageRoute("GET", "/questions/new", auth.FileQuestion, h.newQuestion),
			pageRoute("POST", "/questions", auth.FileQuestion, h.fileQuestion),
			pageRoute("GET", "/questions/{id}", auth.ViewQuestions, h.question),
			pageRoute("POST", "/questions/{id}/steps", auth.ActOnQuestion, h.questionStep),
			pageRoute("POST", "/questions/{id}/comments", auth.ActOnQuestion, h.questionComment),
			pageRoute("GET", "/offers", auth.ViewOffers, h.offers),
			pageRoute("GET", "/offers/new", auth.ManageOffers, h.newOffer),
			pageRoute("POST", "/offers", auth.ManageOffers, h.createOffer),
			pageRoute("GET", "/offers/{id}", auth.ViewOffers, h.offer),
			pageRoute("GET", "/offers/{id}/edit", auth.ManageOffers, h.editOffer),
			pageRoute("POST", "/offers/{id}", auth.ManageOffers, h.updateOffer),
			pageRoute("POST", "/offers/{id}/delete", auth.ManageOffers, h.deleteOffer),
			pageRoute("GET", "/notifications", auth.ViewNotifications, h.notifications),
			pageRoute("POST", "/notifications/read", auth.ViewNotifications, h.readNotifications),
			pageRoute("POST", "/notifications/mode", auth.ViewNotifications, h.setMailMode),
			pageRoute("GET", "/desk-figures", auth.DeskFigures, h.deskFigures),
			pageRoute("GET", "/desk-figures.csv", auth.DeskFigures, h.deskFiguresCSV),
			pageRoute("GET", "/desk-figures.xlsx", auth.DeskFigures, h.deskFiguresXLSX),
			pageRoute("GET", "/admin/mail", auth.MailSettings, h.mailSettings),
			pageRoute("POST", "/admin/mail/test", auth.MailSettings, h.testMail),
		}
	})
	addNav("/desk", "nav.desk", auth.DeskBoard, 55)
	addNav("/questions", "nav.questions", auth.ViewQuestions, 56)
	addNav("/offers", "nav.offers", auth.ViewOffers, 57)
	addNav("/notifications", "nav.notifications", auth.ViewNotifications, 58)
	addNav("/desk-figures", "nav.desk_figures", auth.DeskFigures, 60)
	addNav("/admin/mail", "nav.mail", auth.MailSettings, 92)
	pageExtras = append(pageExtras, func(h *Handler, r *http.Request, p *Page) {
		if !p.Actor.Anonymous() && auth.Allow(p.Actor, auth.ViewNotifications) {
			p.Unread = h.app.Desk.Unread(r.Context())
		}
	})
}

// Questions, offers and steps as enumeration values for the forms.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// WorkSpan formats a working-time span: hours under a working day, else
// working days with one decimal.
func (p Page) WorkSpan(d time.Duration) string {
	day := 8 * time.Hour
	if d < day {
		return p.T("desk.hours", int(d.Round(time.Hour)/time.Hour))
	}
	return p.T("desk.workdays", p.Num(float64(d)/float64(day), 1))
}

// Reason translates a reason of a desk suggestion.
func (p Page) Reason(r route.Reason) string { return service.ReasonText(p.Lang, r) }

// Notice words a notification in the page's language.
func (p Page) Notice(n desk.Notification) string {
	return p.T("desk.notify."+string(n.Kind), n.Title)
}

// QuestionsView is a list of questions.
type QuestionsView struct {
	FormPage
	Scope  service.Scope
	Scopes []Option
	Items  []store.QuestionRow
	Pager  Pager
}

func (h *Handler) questions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := request.Actor(r.Context())
	scopes := []service.Scope{service.ScopeOwn, service.ScopeRouted}
	if a.Role == domain.RoleCoordinator {
		scopes = []service.Scope{service.ScopeAll, service.ScopeOwn}
	}
	scope := service.Scope(q.Get("scope"))
	if scope != scopes[0] && scope != scopes[1] {
		scope = scopes[0]
	}
	pg, n := pageOf(r)
	f := store.QuestionFilter{Text: q.Get("q"), Page: pg}
	if st := desk.QuestionStatus(q.Get("status")); st.Valid() {
		f.Statuses = []desk.QuestionStatus{st}
	}
	if k := desk.QuestionKind(q.Get("kind")); k.Valid() {
		f.Kinds = []desk.QuestionKind{k}
	}
	list, total, err := h.app.Desk.List(r.Context(), scope, f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.questions_title")
	p.Flash = h.takeFlash(w, r)
	v := QuestionsView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Scope: scope, Items: list, Pager: pager(r, n, total)}
	for _, s := range scopes {
		v.Scopes = append(v.Scopes, Option{Value: string(s), Label: p.T("desk.scope." + string(s)), Selected: s == scope})
	}
	h.render(w, r, http.StatusOK, "desk_questions.html", v)
}

// QuestionFormView is the filing form.
type QuestionFormView struct {
	FormPage
	Companies []Option // coordinators file for an organisation
}

func (h *Handler) questionForm(w http.ResponseWriter, r *http.Request, status int, f Form) {
	a := request.Actor(r.Context())
	p := h.page(r, "desk.file_title")
	f.lang = p.Lang
	v := QuestionFormView{FormPage: FormPage{Page: p, Form: f}}
	if a.Role == domain.RoleCoordinator {
		orgs, _, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Page: store.Page{Limit: 500}})
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, o := range orgs {
			if o.Kind == domain.OrgCompany || o.Kind == domain.OrgSchool || o.Kind == domain.OrgAssociation {
				v.Companies = append(v.Companies, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
			}
		}
	}
	h.render(w, r, status, "desk_question_form.html", v)
}

func (h *Handler) newQuestion(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	kind := r.URL.Query().Get("kind")
	if !desk.QuestionKind(kind).Valid() {
		kind = string(desk.KindTraining)
		if request.Actor(r.Context()).Role == domain.RoleSchoolStaff {
			kind = string(desk.KindTeacherPlacement)
		}
	}
	v.Set("kind", kind)
	v.Set("sector", h.app.Desk.DefaultSector(r.Context(), 0))
	h.questionForm(w, r, http.StatusOK, newForm(request.Lang(r.Context()), v))
}

func readQuestion(v url.Values) (desk.Question, *formReader) {
	fr := &formReader{v: v}
	q := desk.Question{CompanyID: fr.id("company"), Kind: desk.QuestionKind(fr.str("kind")), Title: fr.str("title"), Text: fr.str("text"),
		Crebo: fr.str("crebo"), Field: fr.str("field"), Sector: fr.str("sector"), Skills: fr.tags("skills"), Postcode: fr.str("postcode"),
		People: fr.int("people", "invalid.people"), Language: fr.str("language")}
	q.Period.Start = fr.date("start").Time
	q.Period.End = fr.date("end").Time
	q.Due = fr.date("due").Time
	return q, fr
}

func (h *Handler) fileQuestion(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	q, fr := readQuestion(v)
	id, err := h.app.Desk.File(r.Context(), q)
	if err := fr.merge(err); err != nil {
		h.retry(w, r, v, renameField(err, "period_end", "end"), func(status int, f Form) { h.questionForm(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/questions/"+strconv.FormatInt(id, 10), "flash.desk_filed")
}

// QuestionPageView is the question page.
type QuestionPageView struct {
	FormPage
	service.QuestionView
	Failed string // the step whose form failed, to show its errors beside it
}

func (h *Handler) question(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	h.renderQuestion(w, r, id, http.StatusOK, newForm(request.Lang(r.Context()), nil), "")
}

func (h *Handler) renderQuestion(w http.ResponseWriter, r *http.Request, id int64, status int, f Form, failed string) {
	v, err := h.app.Desk.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.question_title")
	p.Title = v.Question.Title
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	h.render(w, r, status, "desk_question.html", QuestionPageView{FormPage: FormPage{Page: p, Form: f}, QuestionView: v, Failed: failed})
}

// renameField returns err with the field errors of from renamed to to, so
// that a message lands beside the control that caused it.
func renameField(err error, pairs ...string) error {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &domain.ValidationError{Fields: append([]domain.FieldError(nil), ve.Fields...)}
	for i := range out.Fields {
		for k := 0; k+1 < len(pairs); k += 2 {
			if out.Fields[i].Field == pairs[k] {
				out.Fields[i].Field = pairs[k+1]
				break
			}
		}
	}
	return out
}

// stepFields are the form fields of each step: the fields of a step's form
// are named <action>_<field> so that several step forms can share a page.
func (h *Handler) questionStep(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	act := desk.Action(v.Get("action"))
	pre := string(act) + "_"
	fr := &formReader{v: v}
	in := service.StepInput{Action: act, HolderID: fr.id(pre + "holder"), PartnerID: fr.id(pre + "partner"), OfferID: fr.id(pre + "offer"),
		Outcome: desk.Outcome(fr.str(pre + "outcome")), Note: fr.str(pre + "note")}
	in.Due = fr.date(pre + "due").Time
	err := fr.merge(h.app.Desk.Step(r.Context(), id, in))
	if err != nil {
		err = renameField(err, "note", pre+"note", "due", pre+"due", "holder", pre+"holder", "partner", pre+"partner",
			"offer", pre+"partner", "outcome", pre+"outcome")
		h.retry(w, r, v, err, func(status int, f Form) { h.renderQuestion(w, r, id, status, f, string(act)) })
		return
	}
	target := "/questions/" + strconv.FormatInt(id, 10)
	if act == desk.ActDeclineRoute && request.Actor(r.Context()).Role != domain.RoleCoordinator {
		target = "/questions?scope=routed" // the partner no longer sees it
	}
	h.redirect(w, r, target, "flash.desk_"+string(act))
}

func (h *Handler) questionComment(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	fr := &formReader{v: v}
	if err := h.app.Desk.Comment(r.Context(), id, fr.str("text"), fr.bool("internal")); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderQuestion(w, r, id, status, f, "comment") })
		return
	}
	h.redirect(w, r, "/questions/"+strconv.FormatInt(id, 10)+"#comments", "flash.desk_commented")
}

// BoardPageView is the desk board.
type BoardPageView struct {
	FormPage
	Board   service.BoardView
	Holders []Option
}

func (h *Handler) deskBoard(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fr := &formReader{v: q}
	f := service.BoardFilter{Kind: desk.QuestionKind(fr.str("kind")), Sector: fr.str("sector"), OverdueOnly: fr.bool("overdue")}
	switch holder := fr.str("holder"); holder {
	case "", "all":
	case "none":
		f.Unheld = true
	case "me":
		f.HolderID = request.Actor(r.Context()).UserID
	default:
		f.HolderID, _ = strconv.ParseInt(holder, 10, 64)
	}
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	b, err := h.app.Desk.Board(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.board_title")
	p.Flash = h.takeFlash(w, r)
	v := BoardPageView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Board: b}
	v.Holders = []Option{{Value: "me", Label: p.T("desk.holder_me")}, {Value: "none", Label: p.T("desk.holder_none")}}
	for _, hl := range b.Holders {
		if hl.HolderID != 0 {
			v.Holders = append(v.Holders, Option{Value: strconv.FormatInt(hl.HolderID, 10), Label: b.Names[hl.HolderID]})
		}
	}
	h.render(w, r, http.StatusOK, "desk_board.html", v)
}

// HolderName returns a coordinator's name on the board, or "nobody yet".
func (v BoardPageView) HolderName(id int64) string {
	if id == 0 {
		return v.T("desk.holder_none")
	}
	if n, ok := v.Board.Names[id]; ok {
		return n
	}
	return v.T("desk.holder_unknown")
}

// Options for the step forms of the question page.

// HolderOptions lists the coordinators a question can be handed over to.
func (v QuestionPageView) HolderOptions() []Option {
	var out []Option
	for _, c := range v.Coordinators {
		if c.ID != v.Question.HolderID {
			out = append(out, Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
		}
	}
	return out
}

// PartnerOptions lists the organisations a question can be routed to
// directly.
func (v QuestionPageView) PartnerOptions() []Option {
	out := make([]Option, 0, len(v.Partners))
	for _, o := range v.Partners {
		out = append(out, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name + " (" + v.Enum("orgkind", o.Kind) + ")"})
	}
	return out
}

// OutcomeOptions lists the outcomes a question can be closed with.
func (v QuestionPageView) OutcomeOptions() []Option {
	return v.EnumOptions("qoutcome", string(desk.OutcomeMatched), string(desk.OutcomePartly), string(desk.OutcomeNotPossible))
}

// StepErr returns the form's errors when step a failed, for the errors
// summary beside that step's form.
func (v QuestionPageView) StepErr(a string) bool { return v.Failed == a && v.Form.Error != "" }
