// Package i18n is the translation catalogue: every user-visible string, in
// Dutch first and English second, with Dutch number and date formats.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"
)

// Lang is an interface language.
type Lang string

// Supported languages; Dutch is the default.
const (
	NL Lang = "nl"
	EN Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{NL, EN}

// Parse returns the language for a code, or NL for anything unknown.
func Parse(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return EN
	}
	return NL
}

// FromAcceptLanguage picks the first supported language of an
// Accept-Language header, defaulting to Dutch.
func FromAcceptLanguage(h string) Lang {
	for _, part := range strings.Split(h, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		switch {
		case strings.HasPrefix(tag, "nl"):
			return NL
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return NL
}

// The catalogue is one folder per language with one JSON file per part of
// the product (core.json, desk.json, monitor.json ...): a key must be
// defined once across a language's files.
//
//go:embed catalogue
var files embed.FS

var catalogue = map[Lang]map[string]string{}

func init() {
	for _, l := range Langs {
		m := map[string]string{}
		entries, err := fs.ReadDir(files, "catalogue/"+string(l))
		if err != nil {
			panic(err)
		}
		for _, e := range entries {
			name := "catalogue/" + string(l) + "/" + e.Name()
			b, err := files.ReadFile(name)
			if err != nil {
				panic(err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				panic(fmt.Sprintf("%s: %v", name, err))
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					panic(fmt.Sprintf("%s: key %q defined twice", name, k))
				}
				m[k] = v
			}
		}
		catalogue[l] = m
	}
}

// Keys returns every key of a language's catalogue.
func Keys(l Lang) map[string]string { return catalogue[l] }

// Has reports whether key exists in the Dutch catalogue.
func Has(key string) bool {
	_, ok := catalogue[NL][key]
	return ok
}

// T translates key into l, filling fmt verbs with args. Integer and float
// arguments are written in the language's number format (1.234 / 1,234):
// pass years and codes as strings. An unknown key returns the key itself
// (tests prove every used key exists).
func T(l Lang, key string, args ...any) string {
	s, ok := catalogue[l][key]
	if !ok {
		if s, ok = catalogue[NL][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	local := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case float64:
			local[i] = localNumber{l: l, f: v, decimals: 1}
		case int:
			local[i] = localNumber{l: l, f: float64(v), integer: true}
		case int64:
			local[i] = localNumber{l: l, f: float64(v), integer: true}
		default:
			local[i] = a
		}
	}
	return fmt.Sprintf(s, local...)
}

// localNumber prints itself in a language's number format for any verb.
type localNumber struct {
	l        Lang
	f        float64
	integer  bool
	decimals int
}

// Format implements fmt.Formatter.
func (n localNumber) Format(s fmt.State, _ rune) {
	if n.integer {
		fmt.Fprint(s, Int(n.l, int(n.f)))
		return
	}
	fmt.Fprint(s, Number(n.l, n.f, n.decimals))
}

// Date formats a date as dd-mm-jjjj (both languages); a zero time is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02-01-2006")
}

// DateTime formats a moment as dd-mm-jjjj hh:mm in Dutch time.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(amsterdam).Format("02-01-2006 15:04")
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Int formats an integer with a thousands separator: 12.345 (nl), 12,345 (en).
func Int(l Lang, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	sep := "."
	if l == EN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Number formats a number with the given decimals: 1.234,5 (nl), 1,234.5 (en).
func Number(l Lang, f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(intPart)
	out := Int(l, n)
	if decimals > 0 {
		if l == EN {
			out += "." + frac
		} else {
			out += "," + frac
		}
	}
	if f < 0 && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	return out
}
