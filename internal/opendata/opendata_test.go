package opendata

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want Count
		code Code // "" for success
	}{
		{"0", Count{}, ""},
		{"12", Count{N: 12}, ""},
		{"70.0", Count{N: 70}, ""},
		{"70.00", Count{N: 70}, ""},
		{"<5", Count{Suppressed: true}, ""},
		{"< 5", Count{Suppressed: true}, ""},
		{"", Count{}, CodeRequired},
		{"12a", Count{}, CodeNotANumber},
		{"70.5", Count{}, CodeNotWhole},
		{"70.", Count{}, CodeNotANumber},
		{".5", Count{}, CodeNotANumber},
		{"-3", Count{}, CodeNegative},
		{"<10", Count{}, CodeNotANumber},
		{"1 234", Count{}, CodeNotANumber},
		{"99999999999999999999", Count{}, CodeOutOfRange},
		{"1000000001", Count{}, CodeOutOfRange},
		{"1000000000", Count{N: 1_000_000_000}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCount(tt.in)
			if tt.code == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseCount(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
				}
				return
			}
			var p *Problem
			if !errors.As(err, &p) || p.Code != tt.code {
				t.Fatalf("ParseCount(%q) error = %v; want code %s", tt.in, err, tt.code)
			}
		})
	}
}

func TestCountAndTotal(t *testing.T) {
	var tot Total
	for _, c := range []Count{Exact(10), {Suppressed: true}, {N: 4, Suppressed: true}, Exact(3)} {
		tot.Add(c)
	}
	if tot.Exact != 13 || tot.Suppressed != 2 {
		t.Fatalf("total = %+v", tot)
	}
	if lo, hi := tot.Bounds(); lo != 15 || hi != 21 {
		t.Fatalf("bounds = %d..%d, want 15..21", lo, hi)
	}
	if s := (Count{N: 4, Suppressed: true}).String(); s != "<5" {
		t.Fatalf("String = %q", s)
	}
	if v, ok := (Count{N: 4, Suppressed: true}).Value(); ok || v != 0 {
		t.Fatalf("Value of suppressed = %d, %v", v, ok)
	}
}

func TestProblemMessages(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Code: CodeNotANumber, Line: 12, Column: "TOTAAL2017", Value: "12a"}, `line 12, column "TOTAAL2017": "12a" is not a number`},
		{Problem{Code: CodeFieldCount, Line: 3, Value: "27", Expected: "28"}, `line 3: line has 27 fields, the header has 28`},
		{Problem{Code: CodeEmptyFile}, `the file is empty`},
		{Problem{Code: CodeBadFormat, Line: 2, Column: "code", Value: "G0363", Expected: "GM + 4 digits"}, `line 2, column "code": "G0363" does not have the format GM + 4 digits`},
		{Problem{Code: CodeDuplicate, Line: 9, Column: "postcode", Value: "1000", Expected: "line 2"}, `line 9, column "postcode": "1000" appears more than once (first on line 2)`},
	}
	for _, tt := range tests {
		t.Run(string(tt.p.Code), func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// Every code has its own English sentence.
	seen := map[string]Code{}
	for _, c := range Codes() {
		msg := (&Problem{Code: c}).message()
		if strings.HasPrefix(msg, string(c)) {
			t.Errorf("code %s has no message", c)
		}
		if prev, dup := seen[msg]; dup {
			t.Errorf("codes %s and %s share a message", prev, c)
		}
		seen[msg] = c
	}
}

func TestReportLimit(t *testing.T) {
	rep := NewReport(0)
	if rep.Err() != nil {
		t.Fatal("empty report has an error")
	}
	for i := 1; i <= 120; i++ {
		rep.Add(Problem{Code: CodeRequired, Line: i, Column: "x", Value: strings.Repeat("é", 100)})
	}
	err := rep.Err()
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %T %v", err, err)
	}
	if len(ve.Problems) != DefaultMaxProblems || ve.Total != 120 {
		t.Fatalf("kept %d of %d", len(ve.Problems), ve.Total)
	}
	if v := ve.Problems[0].Value; len(v) > maxValueLen+len("…") || !strings.HasSuffix(v, "…") {
		t.Fatalf("value not shortened: %d bytes", len(v))
	}
	if !strings.Contains(err.Error(), "and 117 more") {
		t.Fatalf("message: %s", err)
	}
	wrapped := fmt.Errorf("import: %w", err)
	if !errors.As(wrapped, &ve) {
		t.Fatal("errors.As through wrapping failed")
	}
}

func TestIdentifiers(t *testing.T) {
	postcodes := []struct{ in, want string }{
		{"6717 XA", "6717 XA"}, {"3871KM", "3871 KM"}, {" 8251 pb ", "8251 PB"}, {"7005", "7005"},
		{"0123 AB", ""}, {"1234 A", ""}, {"1234 A1", ""}, {"12345", ""}, {"", ""}, {"1234 ABC", ""},
	}
	for _, tt := range postcodes {
		t.Run("postcode "+tt.in, func(t *testing.T) {
			got, ok := NormalizePostcode(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("NormalizePostcode(%q) = %q, %v", tt.in, got, ok)
			}
		})
	}
	checks := []struct {
		name string
		fn   func(string) bool
		in   string
		want bool
	}{
		{"brin", IsBRIN, "25LX", true}, {"brin", IsBRIN, "25lx", false}, {"brin", IsBRIN, "25LX0", false},
		{"brinvest", IsBRINVest, "25LX00", true}, {"brinvest", IsBRINVest, "25LXA0", false},
		{"crebo", IsCrebo, "25297", true}, {"crebo", IsCrebo, "2529", false}, {"crebo", IsCrebo, "25297.0", false},
		{"pc4", IsPC4, "1000", true}, {"pc4", IsPC4, "0999", false},
	}
	for _, tt := range checks {
		t.Run(tt.name+" "+tt.in, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Fatalf("%s(%q) = %v", tt.name, tt.in, got)
			}
		})
	}
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"0", "12", "70.0", "<5", "-1", "1e3", "", "9999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCount(s)
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("error is %T, not *Problem", err)
			}
			_ = p.Error()
			return
		}
		if c.N < 0 || c.N > maxCount || (c.Suppressed && c.N != 0) {
			t.Fatalf("ParseCount(%q) = %+v", s, c)
		}
	})
}
