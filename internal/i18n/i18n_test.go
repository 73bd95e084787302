package i18n

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestCataloguesMatch(t *testing.T) {
	nl, en := Keys(NL), Keys(EN)
	if len(nl) < 100 {
		t.Fatalf("Dutch catalogue has only %d keys", len(nl))
	}
	verbs := regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)
	for k, v := range nl {
		e, ok := en[k]
		if !ok {
			t.Errorf("%s: missing in English", k)
			continue
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(e) == "" {
			t.Errorf("%s: empty text", k)
		}
		if a, b := verbs.FindAllString(v, -1), verbs.FindAllString(e, -1); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%s: placeholders differ: nl %v, en %v", k, a, b)
		}
	}
	for k := range en {
		if _, ok := nl[k]; !ok {
			t.Errorf("%s: missing in Dutch", k)
		}
	}
}

// TestEveryUsedKeyExists scans the templates and the Go sources for
// catalogue keys and checks that each exists in both languages.
func TestEveryUsedKeyExists(t *testing.T) {
	root := filepath.Join("..")
	// A string is a key when its first segment names a part of the
	// catalogue ("desk.title" once any key starts with "desk.").
	spaces := map[string]bool{}
	for k := range Keys(NL) {
		spaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	keyRe := regexp.MustCompile(`"([a-z_]+\.[a-z0-9_.]+)"`)
	hintRe := regexp.MustCompile(`"hint=([a-z_.]+)"`)
	enumRe := regexp.MustCompile(`(?:Enum|EnumOptions|Counts "[a-z_.]+") "([a-z]+)"`)
	var missing []string
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".html") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if filepath.Base(path) == "policy.go" {
			return nil // permission names look like keys but are not shown
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// .Can "placement.create" names a permission, not a text.
		src := regexp.MustCompile(`Can "[a-z_.]+"`).ReplaceAllString(string(b), "")
		var keys []string
		for _, m := range keyRe.FindAllStringSubmatch(src, -1) {
			if spaces[strings.SplitN(m[1], ".", 2)[0]] {
				keys = append(keys, m[1])
			}
		}
		for _, m := range hintRe.FindAllStringSubmatch(src, -1) {
			keys = append(keys, m[1])
		}
		for _, k := range keys {
			if strings.HasSuffix(k, ".") || strings.HasSuffix(k, "_") || strings.HasSuffix(k, ".html") || !strings.Contains(k, ".") || seen[k] {
				continue // a prefix completed at run time, checked below
			}
			seen[k] = true
			if _, ok := Keys(NL)[k]; !ok {
				missing = append(missing, k+" ("+path+")")
			}
		}
		for _, m := range enumRe.FindAllStringSubmatch(src, -1) {
			if !hasPrefix(m[1] + ".") {
				missing = append(missing, "enumeration "+m[1]+" ("+path+")")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("catalogue key missing: %s", m)
	}
}

func hasPrefix(p string) bool {
	for k := range Keys(NL) {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

func TestFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{Int(NL, 1234567), "1.234.567"},
		{Int(EN, 1234567), "1,234,567"},
		{Int(NL, -1000), "-1.000"},
		{Int(NL, 999), "999"},
		{Number(NL, 1234.56, 1), "1.234,6"},
		{Number(EN, 1234.56, 2), "1,234.56"},
		{Number(NL, -0.04, 1), "0,0"},
		{Number(NL, -2.5, 1), "-2,5"},
		{Date(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)), "01-11-2026"},
		{Date(time.Time{}), ""},
		{DateTime(time.Date(2026, 7, 1, 10, 30, 0, 0, time.UTC)), "01-07-2026 12:30"},
		{T(NL, "common.found", 1500), "1.500 gevonden"},
		{T(EN, "common.found", 1500), "1,500 found"},
		{T(NL, "no.such.key"), "no.such.key"},
		{string(FromAcceptLanguage("de-DE,en;q=0.8")), "en"},
		{string(FromAcceptLanguage("")), "nl"},
		{string(Parse("EN-gb")), "en"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
	_ = fmt.Sprint()
}
