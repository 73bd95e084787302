package web

import (
	"net/http"
	"strconv"

	"talentloket/internal/domain"
	"talentloket/internal/placements"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// ApplicationsView is the list of applications.
type ApplicationsView struct {
	FormPage
	Items []domain.Application
	Pager Pager
}

func statusValues() []string {
	out := make([]string, len(domain.ApplicationStatuses))
	for i, s := range domain.ApplicationStatuses {
		out[i] = string(s)
	}
	return out
}

func (h *Handler) applications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, n := pageOf(r)
	f := store.AppFilter{Page: pg}
	if st := domain.ApplicationStatus(q.Get("status")); st.Valid() {
		f.Status = st
	}
	list, total, err := h.app.Placements.Applications(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "application.list_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "applications.html", ApplicationsView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Items: list, Pager: pager(r, n, total)})
}

// ApplicationView is one application with its workflow.
type ApplicationView struct {
	FormPage
	placements.ApplicationView
}

func (h *Handler) application(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	h.renderApplication(w, r, id, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) renderApplication(w http.ResponseWriter, r *http.Request, id int64, status int, f Form) {
	v, err := h.app.Placements.Application(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "application.title", v.Application.PlacementTitle)
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	h.render(w, r, status, "application.html", ApplicationView{FormPage: FormPage{Page: p, Form: f}, ApplicationView: v})
}

func (h *Handler) actOnApplication(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	act := domain.AppAction(r.PathValue("action"))
	if act.SideOf() == 0 {
		h.Fail(w, r, domain.Errorf(domain.CodeNotFound, "error.page_not_found"))
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	if _, err := h.app.Placements.Act(r.Context(), id, act, v.Get("note")); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderApplication(w, r, id, status, f) })
		return
	}
	h.redirect(w, r, "/applications/"+strconv.FormatInt(id, 10), "flash.app_"+string(act))
}
