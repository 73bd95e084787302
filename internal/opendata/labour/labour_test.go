package labour

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"talentloket/internal/opendata"
	"talentloket/internal/shareddata"
)

// TestRealVacancies reads the real CBS file and checks every row against
// an independent parse with encoding/csv.
func TestRealVacancies(t *testing.T) {
	path := shareddata.Path(t, "arbeidsmarkt", "cbs_83599NED_openstaande_vacatures_provincie_2026Q2.csv")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadVacancies(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(recs)-1 || len(got) != 24 {
		t.Fatalf("%d vacancies, %d rows", len(got), len(recs)-1)
	}
	var total, want float64
	for i, rec := range recs[1:] {
		v, _ := strconv.ParseFloat(rec[4], 64)
		want += v * 1000
		total += got[i].Value
		if got[i].Area != rec[0] || got[i].Line != i+2 || got[i].Year != 2026 || got[i].Quarter != 2 {
			t.Errorf("row %d: %+v", i, got[i])
		}
	}
	if math.Abs(total-want) > 1e-6 {
		t.Fatalf("total %v, want %v", total, want)
	}
}

func TestVacancyCases(t *testing.T) {
	const header = "regio,sector,periode,voorlopig,waarde_x1000,vorig_kwartaal_x1000,jaar_eerder_x1000,verandering_kwartaal_pct,verandering_jaar_pct\n"
	ok := header + "Overijssel,Industrie,2026KW02,true,\"4,2\",4.0,4.5,5,-7\n"
	got, err := ReadVacancies(strings.NewReader(ok))
	if err != nil || len(got) != 1 || got[0].Value != 4200 || got[0].Sector != "industrie" || !got[0].Provisional || got[0].Quarter != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	// Semicolons and Windows-1252 are read too.
	cp := strings.ReplaceAll(header, ",", ";") + "Fryslân;bouw;2026 1e kwartaal;false;1,5;1,4;1,2;7;25\n"
	cp1252 := bytes.ReplaceAll([]byte(cp), []byte("â"), []byte{0xe2})
	got, err = ReadVacancies(bytes.NewReader(cp1252))
	if err != nil || got[0].Area != "Fryslân" || got[0].Value != 1500 {
		t.Fatalf("cp1252: %+v %v", got, err)
	}
	for name, c := range map[string]struct {
		in   string
		line int
		col  string
		code opendata.Code
	}{
		"bad period":  {header + "Drenthe,bouw,Q2 2026,false,1,1,1,0,0\n", 2, "periode", opendata.CodeBadFormat},
		"not number":  {header + "Drenthe,bouw,2026KW02,false,veel,1,1,0,0\n", 2, "waarde_x1000", opendata.CodeNotANumber},
		"duplicate":   {header + "Drenthe,bouw,2026KW02,false,1,1,1,0,0\nDrenthe,bouw,2026KW02,false,1,1,1,0,0\n", 3, "regio", opendata.CodeDuplicate},
		"provisional": {header + "Drenthe,bouw,2026KW02,misschien,1,1,1,0,0\n", 2, "voorlopig", opendata.CodeUnknownValue},
		"missing col": {"regio,sector\nDrenthe,bouw\n", 1, "periode", opendata.CodeMissingColumn},
	} {
		_, err := ReadVacancies(strings.NewReader(c.in))
		var ve *opendata.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		p := ve.Problems[0]
		if p.Line != c.line || p.Column != c.col || p.Code != c.code {
			t.Errorf("%s: %+v", name, p)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string][2]int{"2026 2e kwartaal": {2026, 2}, "2025 4de kwartaal": {2025, 4}, "2026KW01": {2026, 1}, "2026kw03": {2026, 3}} {
		y, q, ok := ParsePeriod(in)
		if !ok || y != want[0] || q != want[1] {
			t.Errorf("%q: %d %d %v", in, y, q, ok)
		}
	}
	for _, in := range []string{"", "2026", "2026KW05", "2026 5e kwartaal", "twee kwartaal 2026", "2026 e kwartaal"} {
		if _, _, ok := ParsePeriod(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

// TestRealPrognosis reads the real Wij Techniek file and compares every
// figure with a plain json.Unmarshal.
func TestRealPrognosis(t *testing.T) {
	raw, err := os.ReadFile(shareddata.Path(t, "arbeidsmarkt", "wijtechniek_prognose_wervingsbehoefte.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadPrognosis(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var plain map[string]map[string]map[string]map[string]float64
	if err := json.Unmarshal(raw, &plain); err != nil {
		t.Fatal(err)
	}
	n := 0
	var need float64
	for _, regions := range plain {
		for _, fns := range regions {
			for _, figs := range fns {
				n++
				need += figs["wervingsbehoefte"]
			}
		}
	}
	var gotNeed float64
	for _, p := range got {
		gotNeed += p.RecruitmentNeed
		if p.Line < 2 || p.Year < 2015 || p.Year > 2020 {
			t.Fatalf("figure %+v", p)
		}
	}
	if len(got) != n || n != 6*7*5 || gotNeed != need {
		t.Fatalf("%d figures (want %d), need %v (want %v)", len(got), n, gotNeed, need)
	}
	if got[0].Year != 2015 || got[0].Region != "gelderland_overijssel" || got[0].Function != "leerling" {
		t.Fatalf("first %+v", got[0])
	}
}

func TestPrognosisCases(t *testing.T) {
	good := `{"jaar_2018": {"noord_holland": {"monteur": {"wervingsbehoefte": 10, "uit regio en functie": 8, "saldo doorstroom tussen functies": 0, "groei": 2, "referentiejaar": 100}}}}`
	got, err := ReadPrognosis(strings.NewReader("\xef\xbb\xbf" + good))
	if err != nil || len(got) != 1 || got[0].RecruitmentNeed != 10 || got[0].Employment != 100 {
		t.Fatalf("%+v %v", got, err)
	}
	for name, c := range map[string]struct {
		in   string
		code opendata.Code
		line int
	}{
		"syntax":      {"{\n\"jaar_2018\": {\n,}", opendata.CodeBadFormat, 3},
		"year key":    {`{"2018": {}}`, opendata.CodeBadFormat, 1},
		"not number":  {"{\"jaar_2018\": {\"nh\": {\"monteur\": {\n\"wervingsbehoefte\": \"veel\", \"uit regio en functie\": 8, \"saldo doorstroom tussen functies\": 0, \"groei\": 2, \"referentiejaar\": 100}}}}", opendata.CodeNotANumber, 2},
		"missing":     {`{"jaar_2018": {"nh": {"monteur": {"wervingsbehoefte": 1}}}}`, opendata.CodeMissingColumn, 1},
		"unknown key": {strings.Replace(good, `"groei": 2`, `"groei": 2, "extra": 1`, 1), opendata.CodeUnknownValue, 1},
		"negative":    {strings.Replace(good, `"wervingsbehoefte": 10`, `"wervingsbehoefte": -10`, 1), opendata.CodeNegative, 1},
		"empty":       {"  ", opendata.CodeEmptyFile, 0},
		"no figures":  {"{}", opendata.CodeEmptyFile, 0},
	} {
		_, err := ReadPrognosis(strings.NewReader(c.in))
		var ve *opendata.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if p := ve.Problems[0]; p.Code != c.code || p.Line != c.line {
			t.Errorf("%s: %+v", name, p)
		}
	}
}

func TestLandsdeel(t *testing.T) {
	for pv, want := range map[string]string{"PV23": "gelderland_overijssel", "PV25": "gelderland_overijssel", "PV21": "noord_nederland", "PV31": "zuid_nederland", "XX": ""} {
		if got := Landsdeel(pv); got != want {
			t.Errorf("%s: %q", pv, got)
		}
	}
}

// FuzzReadVacancies and FuzzReadPrognosis: arbitrary input never panics and
// gives a result or a validation error, never both.
func FuzzReadVacancies(f *testing.F) {
	f.Add([]byte("regio,sector,periode,voorlopig,waarde_x1000,vorig_kwartaal_x1000,jaar_eerder_x1000,verandering_kwartaal_pct,verandering_jaar_pct\nDrenthe,bouw,2026 2e kwartaal,false,0.7,0.8,0.8,-13,-13\n"))
	if dir := shareddata.Dir(); dir != "" {
		if b, err := os.ReadFile(dir + "/arbeidsmarkt/cbs_83599NED_openstaande_vacatures_provincie_2026Q2.csv"); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ReadVacancies(bytes.NewReader(data))
		if err != nil && (v != nil || !errors.Is(err, opendata.ErrInvalid)) {
			t.Fatalf("result %v with error %v", v, err)
		}
	})
}

func FuzzReadPrognosis(f *testing.F) {
	f.Add([]byte(`{"jaar_2018": {"noord_holland": {"monteur": {"wervingsbehoefte": 10, "uit regio en functie": 8, "saldo doorstroom tussen functies": 0, "groei": 2, "referentiejaar": 100}}}}`))
	f.Add([]byte(`{"jaar_2018": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPrognosis(bytes.NewReader(data))
		if err != nil && (p != nil || !errors.Is(err, opendata.ErrInvalid)) {
			t.Fatalf("result %v with error %v", p, err)
		}
		if err == nil && len(p) == 0 {
			t.Fatal("no error and no figures")
		}
	})
}
