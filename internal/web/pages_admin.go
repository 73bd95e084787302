package web

import (
	"net/http"
	"net/url"
	"strconv"

	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// UsersView is the administrator's list of accounts with the create form.
type UsersView struct {
	FormPage
	Users []domain.User
	Orgs  []Option
	Roles []Option
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request) {
	h.renderUsers(w, r, http.StatusOK, newForm(request.Lang(r.Context()), url.Values{"role": {"coordinator"}}))
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, status int, f Form) {
	role := domain.Role(r.URL.Query().Get("role"))
	if !role.Valid() {
		role = ""
	}
	list, err := h.app.Accounts.List(r.Context(), store.UserFilter{Role: role, Page: store.Page{Limit: 500}})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	orgs, _, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Page: store.Page{Limit: 500}})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "users.title")
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	v := UsersView{FormPage: FormPage{Page: p, Form: f}, Users: list}
	for _, o := range orgs {
		if o.Kind == domain.OrgSchool || o.Kind == domain.OrgCompany {
			v.Orgs = append(v.Orgs, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	for _, rl := range domain.Roles {
		if rl != domain.RoleStudent { // student accounts belong to a profile: created by schools
			v.Roles = append(v.Roles, Option{Value: string(rl), Label: p.T("role." + string(rl))})
		}
	}
	h.render(w, r, status, "users.html", v)
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	fr := &formReader{v: v}
	u := domain.User{Email: fr.str("email"), Name: fr.str("name"), Role: domain.Role(fr.str("role")), OrganisationID: fr.id("organisation")}
	if _, err := h.app.Accounts.Create(r.Context(), u, v.Get("password")); err != nil {
		v.Del("password")
		h.retry(w, r, v, fr.merge(err), func(status int, f Form) { h.renderUsers(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/admin/users", "flash.user_created")
}

func (h *Handler) setUserDisabled(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := h.idParam(w, r)
		if !ok {
			return
		}
		if err := h.app.Accounts.SetDisabled(r.Context(), id, disabled); err != nil {
			h.Fail(w, r, err)
			return
		}
		key := "flash.user_enabled"
		if disabled {
			key = "flash.user_disabled"
		}
		h.redirect(w, r, "/admin/users", key)
	}
}

// AuditView is the audit trail.
type AuditView struct {
	Page
	Entries []domain.AuditEntry
	Pager   Pager
}

func (h *Handler) audit(w http.ResponseWriter, r *http.Request) {
	pg, n := pageOf(r)
	entries, err := h.app.Accounts.Audit(r.Context(), store.AuditFilter{Action: r.URL.Query().Get("action"), Page: pg})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "audit.title")
	total := pg.Offset + len(entries)
	if len(entries) == pg.Limit {
		total++ // there may be more: offer a next page
	}
	h.render(w, r, http.StatusOK, "audit.html", AuditView{Page: p, Entries: entries, Pager: pager(r, n, total)})
}
