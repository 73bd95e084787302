package domain

import (
	"net/mail"
	"strings"
	"unicode"
)

// Dutch identifiers. Each Parse function normalises user input (spaces, case)
// and returns ErrInvalid-matching errors with the catalogue key of the message.

// ParsePostcode normalises a Dutch postcode to the form "1234 AB". It accepts
// "1234AB", "1234 ab" and surrounding spaces. The first digit is never 0 and
// the letter pairs SA, SD and SS are not issued, so they are refused.
func ParsePostcode(s string) (string, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) != 6 {
		return "", Errorf(CodeInvalid, "invalid.postcode")
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", Errorf(CodeInvalid, "invalid.postcode")
		}
	}
	if s[0] == '0' {
		return "", Errorf(CodeInvalid, "invalid.postcode")
	}
	for i := 4; i < 6; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return "", Errorf(CodeInvalid, "invalid.postcode")
		}
	}
	switch s[4:] {
	case "SA", "SD", "SS":
		return "", Errorf(CodeInvalid, "invalid.postcode")
	}
	return s[:4] + " " + s[4:], nil
}

// PC4 returns the four-digit part of a postcode ("7511 AB" -> "7511"), or ""
// when the input does not start with four digits 1000-9999.
func PC4(postcode string) string {
	s := strings.TrimSpace(postcode)
	if len(s) < 4 || s[0] == '0' {
		return ""
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	return s[:4]
}

// ParsePC4 validates a four-digit postcode area ("7511") and returns it.
func ParsePC4(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 4 || PC4(s) == "" {
		return "", Errorf(CodeInvalid, "invalid.pc4")
	}
	return s, nil
}

// ParseKvK validates a Chamber of Commerce number: exactly 8 digits (spaces
// and dots are removed first).
func ParseKvK(s string) (string, error) {
	s = strings.NewReplacer(" ", "", ".", "").Replace(strings.TrimSpace(s))
	if len(s) != 8 || !allDigits(s) {
		return "", Errorf(CodeInvalid, "invalid.kvk")
	}
	return s, nil
}

// ParseBRIN validates an institution code: 4 characters, two digits followed
// by two letters or digits ("25LX", "00GT"). It returns the upper-case form.
func ParseBRIN(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 4 || !allDigits(s[:2]) || !alnumUpper(s[2:]) {
		return "", Errorf(CodeInvalid, "invalid.brin")
	}
	return s, nil
}

// ParseCrebo validates a crebo qualification code: exactly 5 digits.
func ParseCrebo(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 || !allDigits(s) {
		return "", Errorf(CodeInvalid, "invalid.crebo")
	}
	return s, nil
}

// ParseEmail validates an e-mail address and returns it trimmed and in lower
// case. Display names ("Jan <jan@x.nl>") are refused, as is a domain without
// a dot.
func ParseEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 || len(s) > 254 {
		return "", Errorf(CodeInvalid, "invalid.email")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", Errorf(CodeInvalid, "invalid.email")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "", Errorf(CodeInvalid, "invalid.email")
	}
	return s, nil
}

// ParseCBSCode validates a CBS area code with the given prefix ("GM" with 4
// digits; "AM", "CR" and "PV" with 2) and returns it in upper case.
func ParseCBSCode(prefix, s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	digits := 2
	if prefix == "GM" {
		digits = 4
	}
	if len(s) != 2+digits || s[:2] != prefix || !allDigits(s[2:]) {
		return "", Errorf(CodeInvalid, "invalid.cbs_code", prefix)
	}
	return s, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func alnumUpper(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// NormaliseTags turns free text ("PLC, lassen; Duits") into a sorted-free,
// de-duplicated list of lower-case tags, keeping the input order. Tags are
// separated by commas, semicolons or new lines; each is at most 40 runes.
func NormaliseTags(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '|' })
	return NormaliseTagList(fields)
}

// NormaliseTagList is NormaliseTags for an already split list.
func NormaliseTagList(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, f := range in {
		t := strings.ToLower(strings.Join(strings.FieldsFunc(f, func(r rune) bool {
			return unicode.IsSpace(r) || r == ',' || r == ';' || r == '|'
		}), " "))
		if r := []rune(t); len(r) > 40 {
			t = string(r[:40])
		}
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}
