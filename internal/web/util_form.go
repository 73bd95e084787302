package web

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/domain"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// formReader reads typed values from a form and collects field errors.
type formReader struct {
	v    map[string][]string
	errs domain.ValidationError
}

func (f *formReader) str(name string) string {
	if vs := f.v[name]; len(vs) > 0 {
		return strings.TrimSpace(vs[0])
	}
	return ""
}

func (f *formReader) list(name string) []string {
	var out []string
	for _, v := range f.v[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// tags reads a comma-separated tag field.
func (f *formReader) tags(name string) []string { return domain.NormaliseTags(f.str(name)) }

func (f *formReader) int(name string, key string) int {
	s := f.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.errs.Add(name, key)
	}
	return n
}

func (f *formReader) id(name string) int64 {
	s := f.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		f.errs.Add(name, "invalid.choice")
		return 0
	}
	return n
}

func (f *formReader) date(name string) (t timeValue) {
	s := f.str(name)
	if s == "" {
		return t
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		f.errs.Add(name, "invalid.date")
		return t
	}
	return timeValue{d}
}

func (f *formReader) bool(name string) bool {
	switch f.str(name) {
	case "on", "true", "1", "yes", "ja":
		return true
	}
	return false
}

// merge returns err with the reader's own field errors added in front, so
// that a user sees every problem of a form at once.
func (f *formReader) merge(err error) error {
	if len(f.errs.Fields) == 0 {
		return err
	}
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		out := &domain.ValidationError{Fields: append(append([]domain.FieldError{}, f.errs.Fields...), ve.Fields...)}
		return out
	}
	return &f.errs
}
