package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"talentloket/internal/domain"
)

// FuzzDecodeInputs: any request body gives a value or a validation error
// naming a field, never a panic or an unknown error.
func FuzzDecodeInputs(f *testing.F) {
	for _, s := range []string{`{}`, `{"kind":"job","title":"x","capacity":1}`, `{"start":"2027-02-30"}`, `[`, `{"capacity":1e99}`,
		`{"crebos":[1,2]}`, `{"name":"x"} {}`, "", `{"available_from":"21-11-2026"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []any{&PlacementInput{}, &StudentInput{}, &OrganisationInput{}, &ActInput{}} {
			r := httptest.NewRequest("POST", "/", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			err := decode(r, target)
			if err != nil {
				if domain.ErrorCode(err) != domain.CodeInvalid && domain.ErrorCode(err) != domain.CodeTooLarge {
					t.Fatalf("%q: %v", body, err)
				}
				continue
			}
			switch in := target.(type) {
			case *PlacementInput:
				if _, err := in.domain(); err != nil && domain.ErrorCode(err) != domain.CodeInvalid {
					t.Fatalf("%q: %v", body, err)
				}
			case *StudentInput:
				if _, err := in.domain(); err != nil && domain.ErrorCode(err) != domain.CodeInvalid {
					t.Fatalf("%q: %v", body, err)
				}
			}
		}
	})
}
