package opendata

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every *ValidationError, so callers can test
// errors.Is(err, opendata.ErrInvalid) without knowing the concrete type.
var ErrInvalid = errors.New("invalid open-data file")

// DefaultMaxProblems is how many problems a report keeps when no limit is
// given; further problems are counted but not kept.
const DefaultMaxProblems = 50

// maxValueLen bounds the Value kept in a Problem, so a report never holds a
// whole hostile line.
const maxValueLen = 80

// Code identifies the kind of problem. Codes are stable identifiers: the
// application translates them (Dutch first) using the other Problem fields
// as arguments.
type Code string

// The problem codes a reader can report. The comment says which Problem
// fields are filled besides Line.
const (
	CodeEmptyFile         Code = "empty_file"         // no header line at all
	CodeTooLarge          Code = "too_large"          // Expected: the size limit in bytes
	CodeBadEncoding       Code = "bad_encoding"       // Value: the encoding that failed
	CodeUnknownLayout     Code = "unknown_layout"     // Expected: the layouts that are known
	CodeMissingColumn     Code = "missing_column"     // Column; Expected: the layout that needs it
	CodeDuplicateColumn   Code = "duplicate_column"   // Column
	CodeFieldCount        Code = "field_count"        // Value: fields found; Expected: fields in the header
	CodeUnterminatedQuote Code = "unterminated_quote" // Line where the quoted field starts
	CodeRequired          Code = "required"           // Column
	CodeNotANumber        Code = "not_a_number"       // Column, Value
	CodeNotWhole          Code = "not_whole"          // Column, Value: a count with a fraction
	CodeNegative          Code = "negative"           // Column, Value
	CodeOutOfRange        Code = "out_of_range"       // Column, Value; Expected: the range
	CodeBadFormat         Code = "bad_format"         // Column, Value; Expected: the format
	CodeUnknownValue      Code = "unknown_value"      // Column, Value; Expected: the allowed values
	CodeDuplicate         Code = "duplicate"          // Column, Value; Expected: the line of the first occurrence
)

// Codes returns every problem code, so a translation catalogue can be
// checked for completeness.
func Codes() []Code {
	return []Code{
		CodeEmptyFile, CodeTooLarge, CodeBadEncoding, CodeUnknownLayout,
		CodeMissingColumn, CodeDuplicateColumn, CodeFieldCount,
		CodeUnterminatedQuote, CodeRequired, CodeNotANumber, CodeNotWhole,
		CodeNegative, CodeOutOfRange, CodeBadFormat, CodeUnknownValue,
		CodeDuplicate,
	}
}

// Problem is one thing wrong with a file, in structured form. Line is
// 1-based and counts the header as line 1, as an editor shows the file; 0
// means the problem concerns the whole file. Column is the column name as
// written in the header, or "" when the problem is not about one column.
type Problem struct {
	Code     Code
	Line     int
	Column   string
	Value    string
	Expected string
}

// Error returns the problem as an English sentence, for logs and tests; the
// application shows translated messages built from the fields instead.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(p.Line))
		if p.Column != "" {
			b.WriteString(", ")
		}
	}
	if p.Column != "" {
		fmt.Fprintf(&b, "column %q", p.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.message())
	return b.String()
}

func (p *Problem) message() string {
	v := strconv.Quote(p.Value)
	switch p.Code {
	case CodeEmptyFile:
		return "the file is empty"
	case CodeTooLarge:
		return "the file is larger than " + p.Expected + " bytes"
	case CodeBadEncoding:
		return "the file cannot be decoded as " + p.Value
	case CodeUnknownLayout:
		return "the header matches no known layout; expected one of: " + p.Expected
	case CodeMissingColumn:
		if p.Expected != "" {
			return "column is missing (needed by layout " + p.Expected + ")"
		}
		return "column is missing"
	case CodeDuplicateColumn:
		return "column appears more than once in the header"
	case CodeFieldCount:
		return "line has " + p.Value + " fields, the header has " + p.Expected
	case CodeUnterminatedQuote:
		return "a quoted field starts here and is never closed"
	case CodeRequired:
		return "a value is required"
	case CodeNotANumber:
		return v + " is not a number"
	case CodeNotWhole:
		return v + " is not a whole number"
	case CodeNegative:
		return v + " is negative"
	case CodeOutOfRange:
		return v + " is outside the range " + p.Expected
	case CodeBadFormat:
		return v + " does not have the format " + p.Expected
	case CodeUnknownValue:
		return v + " is not one of " + p.Expected
	case CodeDuplicate:
		return v + " appears more than once (first on " + p.Expected + ")"
	}
	return string(p.Code) + " " + v
}

// ValidationError is returned by every reader for a bad file. Problems holds
// at most the report's limit (DefaultMaxProblems unless set); Total counts
// all problems found. It wraps ErrInvalid.
type ValidationError struct {
	Problems []Problem
	Total    int
}

// Error summarises the first problems in English.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("opendata: ")
	if e.Total == 1 {
		b.WriteString("1 problem: ")
	} else {
		b.WriteString(strconv.Itoa(e.Total))
		b.WriteString(" problems: ")
	}
	const shown = 3
	for i := 0; i < len(e.Problems) && i < shown; i++ {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Problems[i].Error())
	}
	if e.Total > shown {
		fmt.Fprintf(&b, "; and %d more", e.Total-shown)
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Report collects problems while a file is read. The zero value is not
// usable; create one with NewReport.
type Report struct {
	limit    int
	problems []Problem
	total    int
}

// NewReport returns an empty report that keeps at most limit problems
// (DefaultMaxProblems when limit <= 0).
func NewReport(limit int) *Report {
	if limit <= 0 {
		limit = DefaultMaxProblems
	}
	return &Report{limit: limit}
}

// Add records a problem; past the limit it is only counted. Long values are
// shortened.
func (r *Report) Add(p Problem) {
	r.total++
	if len(r.problems) >= r.limit {
		return
	}
	p.Value = shorten(p.Value)
	r.problems = append(r.problems, p)
}

// Total returns how many problems were added.
func (r *Report) Total() int { return r.total }

// Err returns nil when no problem was added, else a *ValidationError.
func (r *Report) Err() error {
	if r.total == 0 {
		return nil
	}
	return &ValidationError{Problems: append([]Problem(nil), r.problems...), Total: r.total}
}

// Invalid returns a *ValidationError holding just p; for file-level failures.
func Invalid(p Problem) error {
	p.Value = shorten(p.Value)
	return &ValidationError{Problems: []Problem{p}, Total: 1}
}

func shorten(s string) string {
	if len(s) <= maxValueLen {
		return s
	}
	cut := maxValueLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
