// Package domain holds Talentloket's entities, value types, validation rules
// and error codes. It imports only the standard library: no I/O, no SQL, no
// HTTP. Every other package speaks in these types.
package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Code is a stable, machine-readable error code. The HTTP layers map codes to
// status codes in one table; clients may rely on the strings.
type Code string

// Error codes used across the application.
const (
	CodeInvalid         Code = "invalid"
	CodeNotFound        Code = "not_found"
	CodeConflict        Code = "conflict"
	CodeForbidden       Code = "forbidden"
	CodeUnauthenticated Code = "unauthenticated"
	CodeRateLimited     Code = "rate_limited"
	CodeTooLarge        Code = "too_large"
	CodeInternal        Code = "internal"
)

// Sentinel errors. Stores and use cases wrap them with %w so that callers
// can test with errors.Is and the HTTP layers can find the code.
var (
	ErrNotFound        = &Error{Code: CodeNotFound, Key: "error.not_found"}
	ErrConflict        = &Error{Code: CodeConflict, Key: "error.conflict"}
	ErrInvalid         = &Error{Code: CodeInvalid, Key: "error.invalid"}
	ErrForbidden       = &Error{Code: CodeForbidden, Key: "error.forbidden"}
	ErrUnauthenticated = &Error{Code: CodeUnauthenticated, Key: "error.unauthenticated"}
	ErrRateLimited     = &Error{Code: CodeRateLimited, Key: "error.rate_limited"}
	ErrTooLarge        = &Error{Code: CodeTooLarge, Key: "error.too_large"}
)

// Error is an application error with a code and a translation key for the
// message a user sees. Args fill the placeholders of the message.
type Error struct {
	Code Code
	Key  string
	Args []any
}

// Error returns a short English text; users see the translated Key instead.
func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return string(e.Code) + ": " + e.Key
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Key, e.Args)
}

// Is makes errors.Is(err, ErrNotFound) true for every error of that code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Key == e.Key || t.Key == codeKey(t.Code))
}

func codeKey(c Code) string { return "error." + string(c) }

// Errorf returns an error of the given code whose message key is key.
func Errorf(code Code, key string, args ...any) error {
	return &Error{Code: code, Key: key, Args: args}
}

// FieldError names one invalid field and the catalogue key of the message.
type FieldError struct {
	Field string `json:"field"`
	Key   string `json:"message_key"`
	Args  []any  `json:"args,omitempty"`
}

// ValidationError collects every invalid field of an input. It matches
// ErrInvalid under errors.Is.
type ValidationError struct {
	Fields []FieldError
}

// Error lists the invalid fields in English.
func (v *ValidationError) Error() string {
	parts := make([]string, 0, len(v.Fields))
	for _, f := range v.Fields {
		parts = append(parts, f.Field+": "+f.Key)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Is reports whether target is ErrInvalid.
func (v *ValidationError) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == CodeInvalid
}

// Add records an invalid field.
func (v *ValidationError) Add(field, key string, args ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Key: key, Args: args})
}

// For returns the error of a field, if any.
func (v *ValidationError) For(field string) (FieldError, bool) {
	if v == nil {
		return FieldError{}, false
	}
	for _, f := range v.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return FieldError{}, false
}

// Err returns v when it holds at least one field error, and nil otherwise.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

// ErrorCode returns the code of err: the code of the first *Error or
// *ValidationError in its chain, CodeInternal for any other non-nil error and
// "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return CodeInvalid
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorKey returns the catalogue key and arguments of the message to show for
// err; unknown errors give the generic internal-error key.
func ErrorKey(err error) (string, []any) {
	var e *Error
	if errors.As(err, &e) {
		return e.Key, e.Args
	}
	if ErrorCode(err) == CodeInvalid {
		return "error.invalid", nil
	}
	return "error.internal", nil
}
