package web

import (
	"net/http"
	"strconv"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
)

// LoginView is the login page.
type LoginView struct {
	FormPage
	NextURL string
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if !request.Actor(r.Context()).Anonymous() {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	p := h.page(r, "login.title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "login.html", LoginView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, nil)}, NextURL: safeNext(r.URL.Query().Get("next"))})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	m := request.MetaOf(r.Context())
	// A new token at every login: an old session cookie is ended first.
	if c, err := r.Cookie(h.opt.SessionCookie); err == nil {
		_ = h.app.Auth.Logout(r.Context(), c.Value, auth.Meta{IP: m.IP, RequestID: m.ID})
	}
	token, u, err := h.app.Auth.Login(r.Context(), v.Get("email"), v.Get("password"), auth.Meta{IP: m.IP, RequestID: m.ID})
	if err != nil {
		p := h.page(r, "login.title")
		v.Del("password")
		f := newForm(p.Lang, v)
		f.setError(err)
		h.render(w, r, request.Status(err), "login.html", LoginView{FormPage: FormPage{Page: p, Form: f}, NextURL: safeNext(v.Get("next"))})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: h.opt.SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: h.opt.SecureCookies,
		SameSite: http.SameSiteLaxMode})
	if u.Locale != "" {
		http.SetCookie(w, &http.Cookie{Name: h.opt.LangCookie, Value: u.Locale, Path: "/", Secure: h.opt.SecureCookies,
			SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	}
	http.Redirect(w, r, safeNext(v.Get("next")), http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	m := request.MetaOf(r.Context())
	if c, err := r.Cookie(h.opt.SessionCookie); err == nil {
		if err := h.app.Auth.Logout(r.Context(), c.Value, auth.Meta{IP: m.IP, RequestID: m.ID}); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: h.opt.SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: h.opt.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	h.redirect(w, r, "/login", "flash.logged_out")
}

func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	if request.Actor(r.Context()).Anonymous() {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/home", http.StatusSeeOther)
}

// setLanguage stores the language choice in a cookie and, for a signed-in
// user, in their account.
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	l := i18n.Parse(v.Get("lang"))
	http.SetCookie(w, &http.Cookie{Name: h.opt.LangCookie, Value: string(l), Path: "/", Secure: h.opt.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	if a := request.Actor(r.Context()); !a.Anonymous() {
		if err := h.app.DB.SetUserLocale(r.Context(), a.UserID, string(l)); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, safeNext(v.Get("next")), http.StatusSeeOther)
}

// AccountView is the own-account page: profile, password and API tokens.
type AccountView struct {
	FormPage
	User     domain.User
	Tokens   []domain.APIToken
	NewToken string // shown once after creation
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, http.StatusOK, newForm(request.Lang(r.Context()), nil), "")
}

func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, status int, f Form, newToken string) {
	a := request.Actor(r.Context())
	u, err := h.app.DB.User(r.Context(), a.UserID)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	toks, err := h.app.Auth.APITokens(r.Context(), a)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "account.title")
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	h.render(w, r, status, "account.html", AccountView{FormPage: FormPage{Page: p, Form: f}, User: u, Tokens: toks, NewToken: newToken})
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	m := request.MetaOf(r.Context())
	a := request.Actor(r.Context())
	if v.Get("password") != v.Get("password2") {
		f := newForm(request.Lang(r.Context()), nil)
		f.setError(&domain.ValidationError{Fields: []domain.FieldError{{Field: "password2", Key: "invalid.password_mismatch"}}})
		h.renderAccount(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err := h.app.Auth.ChangePassword(r.Context(), a, v.Get("current"), v.Get("password"), auth.Meta{IP: m.IP, RequestID: m.ID}); err != nil {
		f := newForm(request.Lang(r.Context()), nil)
		f.setError(err)
		h.renderAccount(w, r, request.Status(err), f, "")
		return
	}
	// All sessions ended; sign in again with the new password.
	http.SetCookie(w, &http.Cookie{Name: h.opt.SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: h.opt.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	h.redirect(w, r, "/login", "flash.password_changed")
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	m := request.MetaOf(r.Context())
	days, convErr := strconv.Atoi(v.Get("days"))
	if v.Get("days") == "" {
		days, convErr = 90, nil
	}
	f := newForm(request.Lang(r.Context()), v)
	if convErr != nil || days < 0 {
		f.setError(&domain.ValidationError{Fields: []domain.FieldError{{Field: "days", Key: "invalid.token_days"}}})
		h.renderAccount(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	tok, _, err := h.app.Auth.CreateAPIToken(r.Context(), request.Actor(r.Context()), v.Get("name"), time.Duration(days)*24*time.Hour,
		auth.Meta{IP: m.IP, RequestID: m.ID})
	if err != nil {
		f.setError(err)
		h.renderAccount(w, r, request.Status(err), f, "")
		return
	}
	h.renderAccount(w, r, http.StatusCreated, newForm(request.Lang(r.Context()), nil), tok)
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	m := request.MetaOf(r.Context())
	if err := h.app.Auth.RevokeAPIToken(r.Context(), request.Actor(r.Context()), id, auth.Meta{IP: m.IP, RequestID: m.ID}); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.redirect(w, r, "/account", "flash.token_revoked")
}
