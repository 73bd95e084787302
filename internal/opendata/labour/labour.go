// Package labour reads labour-market open data the regional monitor sets
// beside its education figures: open vacancies per province and sector
// (CBS StatLine table 83599NED, as the CSV of data/arbeidsmarkt) and the
// Wij Techniek recruitment prognosis for the technical installation sector
// (JSON: year -> landsdeel -> function -> figures).
//
// Like the other readers the functions are pure and all-or-nothing: a
// complete result, or an error wrapping a *opendata.ValidationError that
// names line and column (for JSON: the line and the path of the value).
package labour

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// Vacancy is one row of CBS 83599NED: open vacancies at the end of a
// quarter in an area and sector. Values are numbers of vacancies (the file
// publishes thousands).
type Vacancy struct {
	Line             int
	Area             string // as published: a province name or "Nederland"
	Sector           string // "alle sectoren", "bouw", "industrie" ...
	Period           string // as published, e.g. "2026 2e kwartaal"
	Year, Quarter    int
	Provisional      bool
	Value            float64
	PreviousQuarter  float64
	YearBefore       float64
	ChangeQuarterPct float64
	ChangeYearPct    float64
}

const layoutVacancies = "cbs-83599NED"

// ReadVacancies reads the CBS open-vacancies CSV (columns regio, sector,
// periode, voorlopig, waarde_x1000, vorig_kwartaal_x1000, jaar_eerder_x1000,
// verandering_kwartaal_pct, verandering_jaar_pct). A period is "2026 2e
// kwartaal" or StatLine's "2026KW02"; an area, sector and period occur once.
// On failure it returns nil and an error wrapping a
// *opendata.ValidationError (or the read error).
func ReadVacancies(r io.Reader) ([]Vacancy, error) {
	rd, err := csvx.Open(r, csvx.Options{})
	if err != nil {
		return nil, fmt.Errorf("labour: vacancies: %w", err)
	}
	c := rd.Require(layoutVacancies, "regio", "sector", "periode", "voorlopig", "waarde_x1000", "vorig_kwartaal_x1000",
		"jaar_eerder_x1000", "verandering_kwartaal_pct", "verandering_jaar_pct")
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("labour: vacancies: %w", err)
	}
	var out []Vacancy
	seen := map[string]int{}
	for rd.Next() {
		var v Vacancy
		var chk csvx.Check
		v.Line = rd.Line()
		v.Area = chk.Str(rd.Required(c[0]))
		v.Sector = strings.ToLower(chk.Str(rd.Required(c[1])))
		v.Period = chk.Str(rd.Required(c[2]))
		if v.Period != "" {
			var ok bool
			if v.Year, v.Quarter, ok = ParsePeriod(v.Period); !ok {
				rd.Problem(opendata.CodeBadFormat, c[2], v.Period, "2026 2e kwartaal, 2026KW02")
				chk.Failed = true
			}
		}
		switch strings.ToLower(rd.Str(c[3])) {
		case "true", "ja", "j", "1", "voorlopig":
			v.Provisional = true
		case "false", "nee", "n", "0", "definitief", "":
		default:
			rd.Problem(opendata.CodeUnknownValue, c[3], rd.Str(c[3]), "true, false")
			chk.Failed = true
		}
		thousands := func(col int) float64 { return chk.Float(rd.Float(col, 0, 1e6)) * 1000 }
		v.Value, v.PreviousQuarter, v.YearBefore = thousands(c[4]), thousands(c[5]), thousands(c[6])
		v.ChangeQuarterPct = chk.Float(rd.Float(c[7], -100, 1e4))
		v.ChangeYearPct = chk.Float(rd.Float(c[8], -100, 1e4))
		if chk.Failed {
			continue
		}
		key := v.Area + "\x00" + v.Sector + "\x00" + v.Period
		if first, dup := seen[key]; dup {
			rd.Problem(opendata.CodeDuplicate, c[0], v.Area+" "+v.Sector, "line "+strconv.Itoa(first))
			continue
		}
		seen[key] = v.Line
		out = append(out, v)
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("labour: vacancies: %w", err)
	}
	return out, nil
}

// ParsePeriod reads a quarter as CBS writes it: "2026 2e kwartaal",
// "2026 2de kwartaal" or "2026KW02". ok is false for anything else.
func ParsePeriod(s string) (year, quarter int, ok bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) == 8 && s[4:6] == "kw" {
		y, err1 := strconv.Atoi(s[:4])
		q, err2 := strconv.Atoi(s[6:])
		if err1 == nil && err2 == nil && q >= 1 && q <= 4 && y >= 1900 && y <= 2100 {
			return y, q, true
		}
		return 0, 0, false
	}
	f := strings.Fields(s)
	if len(f) != 3 || f[2] != "kwartaal" || len(f[0]) != 4 {
		return 0, 0, false
	}
	y, err := strconv.Atoi(f[0])
	if err != nil || y < 1900 || y > 2100 {
		return 0, 0, false
	}
	q := strings.TrimRight(f[1], "edstnr") // 1e, 2e, 2de, 3e, 4e
	if len(q) != 1 || q[0] < '1' || q[0] > '4' {
		return 0, 0, false
	}
	return y, int(q[0] - '0'), true
}

// Prognosis is one figure set of the Wij Techniek recruitment prognosis:
// for a year, a landsdeel (noord_nederland, gelderland_overijssel,
// midden_nederland, noord_holland, zuid_holland, zuid_nederland or
// totaal_regios) and a function (monteur, technicus, leerling,
// overige_functies, totaal_functies).
type Prognosis struct {
	Line     int // line of the function's object in the file
	Year     int
	Region   string
	Function string
	// RecruitmentNeed (wervingsbehoefte) = replacement demand plus growth.
	RecruitmentNeed float64
	// Replacement (uit regio en functie): workers leaving region or job.
	Replacement float64
	// NetFlow (saldo doorstroom tussen functies) between functions.
	NetFlow float64
	// Growth of employment.
	Growth float64
	// Employment in the reference year (referentiejaar).
	Employment float64
}

const layoutPrognosis = "wijtechniek-prognose"

var prognosisFields = map[string]func(p *Prognosis) *float64{
	"wervingsbehoefte":                 func(p *Prognosis) *float64 { return &p.RecruitmentNeed },
	"uit regio en functie":             func(p *Prognosis) *float64 { return &p.Replacement },
	"saldo doorstroom tussen functies": func(p *Prognosis) *float64 { return &p.NetFlow },
	"groei":                            func(p *Prognosis) *float64 { return &p.Growth },
	"referentiejaar":                   func(p *Prognosis) *float64 { return &p.Employment },
}

// ReadPrognosis reads the Wij Techniek prognosis JSON: an object with keys
// "jaar_2015" ..., each an object of landsdelen, each an object of
// functions, each holding wervingsbehoefte, "uit regio en functie", "saldo
// doorstroom tussen functies", groei and referentiejaar as numbers. The
// result is sorted by year, region and function. Unknown keys at the
// figure level are reported; missing figures are required. On failure it
// returns nil and an error wrapping a *opendata.ValidationError whose
// problems name the line and the path ("jaar_2018.gelderland_overijssel.monteur.groei").
func ReadPrognosis(r io.Reader) ([]Prognosis, error) {
	raw, err := io.ReadAll(io.LimitReader(r, csvx.DefaultMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("labour: prognosis: %w", err)
	}
	if len(raw) > csvx.DefaultMaxBytes {
		return nil, fmt.Errorf("labour: prognosis: %w", opendata.Invalid(opendata.Problem{Code: opendata.CodeTooLarge,
			Expected: strconv.Itoa(csvx.DefaultMaxBytes)}))
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("labour: prognosis: %w", opendata.Invalid(opendata.Problem{Code: opendata.CodeEmptyFile}))
	}
	lineAt := func(off int64) int {
		if off > int64(len(raw)) {
			off = int64(len(raw))
		}
		return 1 + bytes.Count(raw[:off], []byte("\n"))
	}
	rep := opendata.NewReport(0)
	var years map[string]json.RawMessage
	if err := json.Unmarshal(raw, &years); err != nil {
		line := 1
		if se, ok := err.(*json.SyntaxError); ok {
			line = lineAt(se.Offset)
		}
		return nil, fmt.Errorf("labour: prognosis: %w", opendata.Invalid(opendata.Problem{Code: opendata.CodeBadFormat, Line: line,
			Value: err.Error(), Expected: "JSON: {\"jaar_2018\": {\"landsdeel\": {\"functie\": {\"wervingsbehoefte\": 0, ...}}}}"}))
	}
	// Line numbers: the position of each key's first occurrence after its
	// parent's; good enough to find the value in an editor.
	find := func(from int, key string) int {
		i := bytes.Index(raw[from:], []byte(strconv.Quote(key)))
		if i < 0 {
			return from
		}
		return from + i
	}
	var out []Prognosis
	yearKeys := sortedKeys(years)
	for _, yk := range yearKeys {
		ypos := find(0, yk)
		y, err := strconv.Atoi(strings.TrimPrefix(yk, "jaar_"))
		if !strings.HasPrefix(yk, "jaar_") || err != nil || y < 1990 || y > 2100 {
			rep.Add(opendata.Problem{Code: opendata.CodeBadFormat, Line: lineAt(int64(ypos)), Column: yk, Value: yk, Expected: "jaar_2018"})
			continue
		}
		var regions map[string]map[string]map[string]json.RawMessage
		if err := json.Unmarshal(years[yk], &regions); err != nil {
			rep.Add(opendata.Problem{Code: opendata.CodeBadFormat, Line: lineAt(int64(ypos)), Column: yk, Value: shortErr(err),
				Expected: "{\"landsdeel\": {\"functie\": {...}}}"})
			continue
		}
		for _, rk := range sortedKeys(regions) {
			rpos := find(ypos, rk)
			for _, fk := range sortedKeys(regions[rk]) {
				fpos := find(rpos, fk)
				p := Prognosis{Line: lineAt(int64(fpos)), Year: y, Region: rk, Function: fk}
				figs := regions[rk][fk]
				ok := true
				for _, name := range sortedKeys(prognosisFields) {
					dst := prognosisFields[name]
					path := yk + "." + rk + "." + fk + "." + name
					v, present := figs[name]
					if !present {
						rep.Add(opendata.Problem{Code: opendata.CodeMissingColumn, Line: p.Line, Column: path, Expected: layoutPrognosis})
						ok = false
						continue
					}
					var n float64
					if err := json.Unmarshal(v, &n); err != nil {
						rep.Add(opendata.Problem{Code: opendata.CodeNotANumber, Line: lineAt(int64(find(fpos, name))), Column: path, Value: string(v)})
						ok = false
						continue
					}
					*dst(&p) = n
				}
				for name := range figs {
					if _, known := prognosisFields[name]; !known {
						rep.Add(opendata.Problem{Code: opendata.CodeUnknownValue, Line: lineAt(int64(find(fpos, name))), Column: yk + "." + rk + "." + fk,
							Value: name, Expected: "wervingsbehoefte, uit regio en functie, saldo doorstroom tussen functies, groei, referentiejaar"})
						ok = false
					}
				}
				if p.RecruitmentNeed < 0 || p.Employment < 0 {
					rep.Add(opendata.Problem{Code: opendata.CodeNegative, Line: p.Line, Column: yk + "." + rk + "." + fk,
						Value: strconv.FormatFloat(min(p.RecruitmentNeed, p.Employment), 'f', -1, 64)})
					ok = false
				}
				if ok {
					out = append(out, p)
				}
			}
		}
	}
	if err := rep.Err(); err != nil {
		return nil, fmt.Errorf("labour: prognosis: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("labour: prognosis: %w", opendata.Invalid(opendata.Problem{Code: opendata.CodeEmptyFile}))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Function < b.Function
	})
	return out, nil
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Landsdeel returns the Wij Techniek prognosis region a CBS province code
// (PV20..PV31) belongs to, or "" for an unknown code.
func Landsdeel(provinceCode string) string {
	switch provinceCode {
	case "PV20", "PV21", "PV22": // Groningen, Fryslân, Drenthe
		return "noord_nederland"
	case "PV23", "PV25": // Overijssel, Gelderland
		return "gelderland_overijssel"
	case "PV24", "PV26": // Flevoland, Utrecht
		return "midden_nederland"
	case "PV27":
		return "noord_holland"
	case "PV28":
		return "zuid_holland"
	case "PV29", "PV30", "PV31": // Zeeland, Noord-Brabant, Limburg
		return "zuid_nederland"
	}
	return ""
}
