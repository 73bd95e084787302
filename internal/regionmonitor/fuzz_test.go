package regionmonitor_test

import (
	"net/url"
	"testing"

	"talentloket/internal/regionmonitor"
)

// FuzzParseFilters: any query string gives filters (with field errors for
// what is wrong), never a panic, and the filters' own query reads back to
// the same filters.
func FuzzParseFilters(f *testing.F) {
	for _, s := range []string{"", "area=AM05&from=2018&to=2024&sector=techniek", "area=NL&stage=vmbo&school=18TU00",
		"area=GM0153&from=x", "from=2030&to=2020", "stage=hbo&pathway=duaal&level=bachelor&qualification=34280"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		got, _ := regionmonitor.ParseFilters(v)
		back, err := url.ParseQuery(got.Query())
		if err != nil {
			t.Fatalf("query %q does not parse: %v", got.Query(), err)
		}
		again, err := regionmonitor.ParseFilters(back)
		if err != nil || again != got {
			t.Fatalf("round trip: %+v -> %q -> %+v (%v)", got, got.Query(), again, err)
		}
		_, _ = regionmonitor.ParseCompare(v)
	})
}
