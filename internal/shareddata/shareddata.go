// Package shareddata locates the folder of real public reference data
// (DUO, CBS, PC4 ...) that tests and benchmarks may read. The project ships
// none of these files; when the folder is absent, callers skip.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvDir names the environment variable that overrides where the data lives.
const EnvDir = "TALENTLOKET_SHARED_DATA"

// Dir returns the data folder, or "" when it cannot be found. It looks at
// $TALENTLOKET_SHARED_DATA first, then for a "shared/data" folder beside any
// parent of the working directory (the checkout lives next to it).
func Dir() string {
	if d := os.Getenv(EnvDir); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; {
		cand := filepath.Join(dir, "..", "shared", "data")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			abs, _ := filepath.Abs(cand)
			return abs
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path returns the absolute path of a file below the data folder, e.g.
// Path(t, "duo", "mbo_inscriptions_2019.csv"). It skips the test when the
// folder or the file is absent, so the suite runs on machines without it.
func Path(tb testing.TB, parts ...string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		tb.Skip("shared data folder not found (set " + EnvDir + ")")
	}
	p := filepath.Join(append([]string{d}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data file %s not found", p)
	}
	return p
}
