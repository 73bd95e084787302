// Package web serves Talentloket's HTML pages: handlers that decode a
// request, call one use case and render a typed view with templates parsed
// at start-up. Every string goes through the translation catalogue.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure the web handler.
type Options struct {
	SecureCookies bool
	SessionCookie string
	LangCookie    string
}

// Handler serves the pages.
type Handler struct {
	app    *app.App
	opt    Options
	log    *slog.Logger
	pages  map[string]*template.Template
	assets map[string]asset // by logical name, e.g. "app.css"
	byPath map[string]asset // by checksum file name
}

type asset struct {
	name, file, ctype string
	body              []byte
}

// New parses every template and loads the static assets; it fails fast on
// a broken template.
func New(a *app.App, o Options) (*Handler, error) {
	h := &Handler{app: a, opt: o, log: a.Log, pages: map[string]*template.Template{}, assets: map[string]asset{}, byPath: map[string]asset{}}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Handler) loadAssets() error {
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		file := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
			".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}[ext]
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a := asset{name: name, file: file, ctype: ctype, body: b}
		h.assets[name], h.byPath[file] = a, a
		return nil
	})
}

// Asset returns the checksum URL of a static file.
func (h *Handler) Asset(name string) string {
	if a, ok := h.assets[name]; ok {
		return "/static/" + a.file
	}
	return "/static/missing-" + name
}

func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := h.byPath[r.PathValue("file")]
	if !ok {
		h.Fail(w, r, domain.Errorf(domain.CodeNotFound, "error.page_not_found"))
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, a.file, time.Time{}, bytes.NewReader(a.body))
}

var funcs = template.FuncMap{
	"join":  strings.Join,
	"add":   func(a, b int) int { return a + b },
	"lower": strings.ToLower,
	"str":   func(v any) string { return fmt.Sprint(v) },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i + 1
		}
		return s
	},
}

func (h *Handler) parseTemplates() error {
	pages, err := parsedPages()
	h.pages = pages
	return err
}

// parsedPages parses every page with the layout and partials once per
// process: the templates are embedded and never change.
var parsedPages = sync.OnceValues(func() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
})

// render writes a page with status.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, view any) {
	t, ok := h.pages[name]
	if !ok {
		h.log.ErrorContext(r.Context(), "unknown template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", view); err != nil {
		h.log.ErrorContext(r.Context(), "render", "template", name, "err", err, "request_id", request.MetaOf(r.Context()).ID)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// ErrorView is the error page.
type ErrorView struct {
	Page
	Status  int
	Message string
	Advice  string
}

// Fail answers err with an error page that says what to do. Unknown errors
// are logged with the request id and shown as a generic 500.
func (h *Handler) Fail(w http.ResponseWriter, r *http.Request, err error) {
	status := request.Status(err)
	p := h.page(r, "error.title")
	v := ErrorView{Page: p, Status: status}
	key, args := domain.ErrorKey(err)
	if status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "internal error", "err", err, "request_id", p.RequestID, "path", r.URL.Path)
		key, args = "error.internal", nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status, key, args = http.StatusRequestEntityTooLarge, "error.too_large", nil
		v.Status = status
	}
	v.Message = p.T(key, args...)
	v.Advice = p.T(fmt.Sprintf("error.advice.%d", status))
	if strings.HasPrefix(v.Advice, "error.advice.") {
		v.Advice = p.T("error.advice.default")
	}
	v.Title = p.T("error.title_status", status)
	h.render(w, r, status, "error.html", v)
}

// redirect sends the browser to target after a successful form, with a
// flash message key shown once on the next page.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, target, flashKey string) {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: "tl_flash", Value: flashKey, Path: "/", HttpOnly: true, Secure: h.opt.SecureCookies,
			SameSite: http.SameSiteLaxMode, MaxAge: 60})
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("tl_flash")
	if err != nil || c.Value == "" {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "tl_flash", Value: "", Path: "/", HttpOnly: true, Secure: h.opt.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if !strings.HasPrefix(c.Value, "flash.") || !i18n.Has(c.Value) {
		return ""
	}
	return c.Value
}

// idParam reads the numeric {id} of the path; a malformed one is answered
// as "not found" and ok is false.
func (h *Handler) idParam(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		h.Fail(w, r, err)
		return 0, false
	}
	return id, true
}

// form reads a posted form; an unreadable one is answered and ok is false.
func (h *Handler) form(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	v, err := parseForm(r)
	if err != nil {
		h.Fail(w, r, err)
		return nil, false
	}
	return v, true
}

// retry answers a failed form: invalid input and conflicts show the form
// again with the submitted values and the messages (via show); any other
// error is an error page.
func (h *Handler) retry(w http.ResponseWriter, r *http.Request, v url.Values, err error, show func(status int, f Form)) {
	switch domain.ErrorCode(err) {
	case domain.CodeInvalid, domain.CodeConflict:
		f := newForm(request.Lang(r.Context()), v)
		f.setError(err)
		show(request.Status(err), f)
	default:
		h.Fail(w, r, err)
	}
}

// pathID reads a numeric path value; a malformed id is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.CodeNotFound, "error.page_not_found")
	}
	return id, nil
}

// parseForm reads a posted form (bodies are capped by the server).
func parseForm(r *http.Request) (url.Values, error) {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, domain.ErrTooLarge
		}
		return nil, domain.Errorf(domain.CodeInvalid, "error.bad_form")
	}
	return r.PostForm, nil
}

// safeNext returns a local path to go to after login, never another site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/home"
	}
	return next
}
