// Package api serves the JSON API under /api/v1 over the same use cases as
// the pages: personal API tokens (or the session cookie), JSON errors with
// a stable code, pagination with limit and offset, and an OpenAPI 3
// document built from the route table.
package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"talentloket/internal/app"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Handler serves the API.
type Handler struct {
	app *app.App
	log *slog.Logger
	doc atomic.Pointer[[]byte]
}

// New returns the API handler.
func New(a *app.App) *Handler { return &Handler{app: a, log: a.Log} }

// ErrorBody is the JSON of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is a stable code, a message in the request's language, the
// invalid fields and the request id to quote to support.
type ErrorDetail struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Fields    []FieldError `json:"fields,omitempty"`
	RequestID string       `json:"request_id"`
}

// FieldError names an invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Fail answers err as JSON with the status from the one error table.
// Unknown errors are logged with the request id and never shown.
func (h *Handler) Fail(w http.ResponseWriter, r *http.Request, err error) {
	status := request.Status(err)
	lang := request.Lang(r.Context())
	meta := request.MetaOf(r.Context())
	code := domain.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status, code = http.StatusRequestEntityTooLarge, domain.CodeTooLarge
		err = domain.ErrTooLarge
	}
	key, args := domain.ErrorKey(err)
	if status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "internal error", "err", err, "request_id", meta.ID, "path", r.URL.Path)
		code, key, args = domain.CodeInternal, "error.internal", nil
	}
	body := ErrorBody{Error: ErrorDetail{Code: string(code), Message: i18n.T(lang, key, args...), RequestID: meta.ID}}
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			body.Error.Fields = append(body.Error.Fields, FieldError{Field: f.Field, Message: i18n.T(lang, f.Key, f.Args...)})
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="talentloket"`)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// decode reads a JSON body into v, refusing unknown fields and trailing
// data; errors name the problem.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "Content-Type", Key: "invalid.json_content_type"}}}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.ErrTooLarge
		}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "body", Key: "invalid.json_syntax", Args: []any{se.Offset}}}}
		case errors.As(err, &te):
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: te.Field, Key: "invalid.json_type", Args: []any{te.Value}}}}
		case errors.Is(err, io.EOF):
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "body", Key: "invalid.json_empty"}}}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), Key: "invalid.json_unknown_field"}}}
		}
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "body", Key: "invalid.json_syntax", Args: []any{0}}}}
	}
	if dec.More() {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "body", Key: "invalid.json_trailing"}}}
	}
	return nil
}

// Page is a page of a list.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// params reads query parameters and collects the problems, so that one
// answer names every bad parameter.
type params struct {
	q    url.Values
	v    domain.ValidationError
	page store.Page
}

func newParams(r *http.Request) *params {
	p := &params{q: r.URL.Query(), page: store.Page{Limit: 50}}
	if s := p.q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 500 {
			p.v.Add("limit", "invalid.limit")
		}
		p.page.Limit = n
	}
	if s := p.q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			p.v.Add("offset", "invalid.offset")
		}
		p.page.Offset = n
	}
	return p
}

func (p *params) str(name string) string { return p.q.Get(name) }

func (p *params) int(name string) int {
	s := p.q.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.v.Add(name, "invalid.number")
	}
	return n
}

// choice returns the parameter when valid accepts it (or it is empty).
func (p *params) choice(name string, valid func(string) bool) string {
	s := p.q.Get(name)
	if s != "" && !valid(s) {
		p.v.Add(name, "invalid.choice")
	}
	return s
}

func (p *params) date(name string) time.Time { return Date(p.q.Get(name)).time(name, &p.v) }

// failed answers the collected problems, if any.
func (p *params) failed(h *Handler, w http.ResponseWriter, r *http.Request) bool {
	if err := p.v.Err(); err != nil {
		h.Fail(w, r, err)
		return true
	}
	return false
}

func validStage(s string) bool {
	switch domain.Stage(s) {
	case domain.StageVMBO, domain.StageMBO, domain.StageHBO:
		return true
	}
	return false
}

// respond writes v with status, or the error when err is set.
func (h *Handler) respond(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

// id reads the {id} of the path; a malformed one is answered as not found.
func (h *Handler) id(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Fail(w, r, domain.Errorf(domain.CodeNotFound, "error.page_not_found"))
		return 0, false
	}
	return id, true
}

// body decodes the JSON body into v; a bad body is answered.
func (h *Handler) body(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := decode(r, v); err != nil {
		h.Fail(w, r, err)
		return false
	}
	return true
}

func pageOf[T any, S any](items []S, total int, p store.Page, conv func(S) T) Page[T] {
	out := Page[T]{Items: make([]T, 0, len(items)), Total: total, Limit: p.Norm().Limit, Offset: p.Offset}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	return out
}
