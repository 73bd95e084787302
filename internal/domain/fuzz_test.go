package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for every parser of user input: they never panic, and what
// they accept is normalised (parsing it again gives the same).

func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{"7511AB", "7511 ab", "0000AA", "1234SS", "", "７５１１ＡＢ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePostcode(s)
		if err != nil {
			return
		}
		if len(p) != 7 || p[4] != ' ' || PC4(p) == "" {
			t.Fatalf("%q -> %q", s, p)
		}
		if again, err := ParsePostcode(p); err != nil || again != p {
			t.Fatalf("not idempotent: %q -> %q", p, again)
		}
	})
}

func FuzzParseIdentifiers(f *testing.F) {
	for _, s := range []string{"12345678", "25LX", "25340", "GM0153", "12.34.56.78", "ab", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (string, error){ParseKvK, ParseBRIN, ParseCrebo, ParsePC4,
			func(s string) (string, error) { return ParseCBSCode("GM", s) }} {
			v, err := parse(s)
			if err != nil {
				continue
			}
			if again, err := parse(v); err != nil || again != v {
				t.Fatalf("not idempotent: %q -> %q -> %q", s, v, again)
			}
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"a@b.nl", "Jan <a@b.nl>", "a@@b.nl", "\"x\"@b.nl", "a@b.nl\r\nBcc: c@d.nl", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEmail(s)
		if err != nil {
			return
		}
		if strings.ContainsAny(e, "\r\n<> ") || !strings.Contains(e, "@") {
			t.Fatalf("%q accepted as %q", s, e)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"21-11-2026", "2026-11-21", "1-2-2027", "31-02-2027", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && (d.Year() < 1900 || d.Year() > 2200) {
			t.Fatalf("%q -> %v", s, d)
		}
	})
}

func FuzzNormaliseTags(f *testing.F) {
	for _, s := range []string{"PLC, lassen", ";;;", "a|b\nc", strings.Repeat("é", 60)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags := NormaliseTags(s)
		seen := map[string]bool{}
		for _, tag := range tags {
			if tag == "" || seen[tag] || strings.ContainsAny(tag, ",;|\n") || utf8.RuneCountInString(tag) > 40 {
				t.Fatalf("%q -> bad tag %q", s, tag)
			}
			seen[tag] = true
		}
	})
}
