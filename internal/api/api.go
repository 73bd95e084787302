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
	"strconv"
	"strings"
	"sync/atomic"

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

// pageParams reads limit and offset; bad values are a validation error.
func pageParams(r *http.Request) (store.Page, error) {
	q := r.URL.Query()
	var v domain.ValidationError
	p := store.Page{Limit: 50}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 500 {
			v.Add("limit", "invalid.limit")
		}
		p.Limit = n
	}
	if s := q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			v.Add("offset", "invalid.offset")
		}
		p.Offset = n
	}
	return p, v.Err()
}

func pageOf[T any, S any](items []S, total int, p store.Page, conv func(S) T) Page[T] {
	out := Page[T]{Items: make([]T, 0, len(items)), Total: total, Limit: p.Norm().Limit, Offset: p.Offset}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	return out
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.CodeNotFound, "error.page_not_found")
	}
	return id, nil
}

func queryInt(r *http.Request, name string, v *domain.ValidationError) int {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, "invalid.number")
	}
	return n
}
