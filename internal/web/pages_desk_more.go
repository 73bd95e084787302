package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/mail"
	"talentloket/internal/request"
)

// The desk's notifications, figures and mail settings pages.

// NotificationsView lists the actor's notifications with the mail
// preference.
type NotificationsView struct {
	FormPage
	Items       []desk.Notification
	Pager       Pager
	Mode        mail.Mode
	MailEnabled bool
}

func (h *Handler) notifications(w http.ResponseWriter, r *http.Request) {
	h.renderNotifications(w, r, http.StatusOK, newForm(request.Lang(r.Context()), r.URL.Query()))
}

func (h *Handler) renderNotifications(w http.ResponseWriter, r *http.Request, status int, f Form) {
	pg, n := pageOf(r)
	unread := r.URL.Query().Get("unread") != ""
	list, total, err := h.app.Desk.Notifications(r.Context(), unread, pg)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	mode, err := h.app.Desk.MailMode(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.notifications_title")
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	if f.Get("mode") == "" {
		f.Values.Set("mode", string(mode))
	}
	h.render(w, r, status, "desk_notifications.html", NotificationsView{FormPage: FormPage{Page: p, Form: f}, Items: list,
		Pager: pager(r, n, total), Mode: mode, MailEnabled: h.app.Desk.MailEnabled()})
}

func (h *Handler) readNotifications(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	var ids []int64
	for _, s := range v["id"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.Fail(w, r, domain.Errorf(domain.CodeInvalid, "error.bad_form"))
			return
		}
		ids = append(ids, id)
	}
	if err := h.app.Desk.MarkRead(r.Context(), ids); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.redirect(w, r, "/notifications", "flash.desk_read")
}

func (h *Handler) setMailMode(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	if err := h.app.Desk.SetMailMode(r.Context(), mail.Mode(v.Get("mode"))); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderNotifications(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/notifications", "flash.desk_mode_saved")
}

// FiguresPageView is the desk's figures page.
type FiguresPageView struct {
	FormPage
	F        service.FiguresView
	Query    string // the period as query parameters, for the export links
	MaxMonth int
}

// figuresPeriod reads ?from= and ?to= (dates; to inclusive) and returns
// the period with To exclusive.
func figuresPeriod(q url.Values) (from, to time.Time, fr *formReader) {
	fr = &formReader{v: q}
	from = fr.date("from").Time
	to = fr.date("to").Time
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	return from, to, fr
}

func (h *Handler) deskFigures(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to, fr := figuresPeriod(q)
	p := h.page(r, "desk.figures_title")
	v := FiguresPageView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}}
	f, err := h.app.Desk.Figures(r.Context(), from, to)
	if err = fr.merge(err); err != nil {
		if domain.ErrorCode(err) != domain.CodeInvalid {
			h.Fail(w, r, err)
			return
		}
		v.Form.setError(err)
		h.render(w, r, http.StatusUnprocessableEntity, "desk_figures.html", v)
		return
	}
	v.F = f
	ex := url.Values{}
	for _, k := range []string{"from", "to"} {
		if q.Get(k) != "" {
			ex.Set(k, q.Get(k))
		}
	}
	v.Query = ex.Encode()
	for _, c := range f.PerMonth {
		v.MaxMonth = max(v.MaxMonth, c.N)
	}
	h.render(w, r, http.StatusOK, "desk_figures.html", v)
}

func (h *Handler) deskFiguresExport(w http.ResponseWriter, r *http.Request, ext, ctype string,
	write func(*bytes.Buffer, time.Time, time.Time) error) {
	from, to, fr := figuresPeriod(r.URL.Query())
	if err := fr.merge(nil); err != nil {
		h.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, from, to); err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="loket-cijfers-`+time.Now().Format("2006-01-02")+`.`+ext+`"`)
	_, _ = buf.WriteTo(w)
}

func (h *Handler) deskFiguresCSV(w http.ResponseWriter, r *http.Request) {
	h.deskFiguresExport(w, r, "csv", "text/csv; charset=utf-8", func(b *bytes.Buffer, from, to time.Time) error {
		return h.app.Desk.WriteCSV(r.Context(), b, from, to)
	})
}

func (h *Handler) deskFiguresXLSX(w http.ResponseWriter, r *http.Request) {
	h.deskFiguresExport(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func(b *bytes.Buffer, from, to time.Time) error {
		return h.app.Desk.WriteXLSX(r.Context(), b, from, to)
	})
}

// Percent formats a share as a percentage with one decimal.
func (p Page) Percent(f float64) string { return p.Num(100*f, 1) + "%" }

// MailPageView is the administrators' mail page.
type MailPageView struct {
	FormPage
	Status service.MailStatus
}

func (h *Handler) mailSettings(w http.ResponseWriter, r *http.Request) {
	h.renderMail(w, r, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) renderMail(w http.ResponseWriter, r *http.Request, status int, f Form) {
	st, err := h.app.Desk.MailStatus(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.mail_title")
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	h.render(w, r, status, "desk_mail.html", MailPageView{FormPage: FormPage{Page: p, Form: f}, Status: st})
}

func (h *Handler) testMail(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	if err := h.app.Desk.SendTestMail(r.Context(), v.Get("to")); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderMail(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/admin/mail", "flash.desk_mail_sent")
}
