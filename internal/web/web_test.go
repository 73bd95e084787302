package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// The CSP forbids inline script and style: no template may carry them.
func TestTemplatesHaveNoInlineCode(t *testing.T) {
	bad := regexp.MustCompile(`(?i)(\sstyle=|<script[^>]*>[^<]|\son[a-z]+=|javascript:)`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		for i, line := range strings.Split(string(b), "\n") {
			if bad.MatchString(line) {
				t.Errorf("%s:%d: inline code or style: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTemplatesParse(t *testing.T) {
	pages, err := parsedPages()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 15 {
		t.Fatalf("only %d pages parsed", len(pages))
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/home",
		"/placements?page=2":   "/placements?page=2",
		"//evil.example":       "/home",
		"/\\evil.example":      "/home",
		"https://evil.example": "/home",
		"/ok\r\nSet-Cookie: x": "/home",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"", "/home", "//x", "/\\x", "http://x", "/a?b=c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeNext(s)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || strings.ContainsAny(got, "\r\n") {
			t.Fatalf("safeNext(%q) = %q leaves the site", s, got)
		}
	})
}
