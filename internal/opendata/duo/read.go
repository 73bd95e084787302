// Package duo reads DUO open-data files (mbo, hbo/wo and vo; the older
// 2015-2019 layouts and the current onderwijsdata.duo.nl layouts) into
// normalised long-format records: one per (row, year, sex, pathway or
// measure) with an opendata.Count, so suppressed small counts ("<5", or a
// placeholder with INDICATIEAVG="J") are never summed as exact.
//
// Read detects the layout from the header. Reading is all-or-nothing: a
// file either yields a complete *Dataset or an error wrapping a
// *opendata.ValidationError listing the problems by line and column.
package duo

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// Options tune ReadWith. The zero value detects the layout and uses the
// default limits.
type Options struct {
	// Layout forces a layout instead of detecting it; the header must still
	// have that layout's required columns.
	Layout Layout
	// Year is the year given to records of files that carry none
	// (instromende-mbo-studenten publishes one file per year); 0 leaves it 0.
	Year int
	// MaxBytes and MaxProblems are passed to csvx.Options.
	MaxBytes    int64
	MaxProblems int
}

// Read reads a DUO file of any known layout; see ReadWith.
func Read(r io.Reader) (*Dataset, error) { return ReadWith(r, Options{}) }

// ReadWith reads a whole DUO file and returns its records. It returns an
// error wrapping the read error when r fails, and an error wrapping a
// *opendata.ValidationError when the layout is unknown or any cell is
// invalid; it never returns a partial dataset.
//
// An empty count cell reads as 0 in the mbo layouts (SOURCES.md documents
// this for the 2015-2019 file; it is assumed for the current ones), means
// "no data" (no record) in the derived tech file, and is an error in the
// hbo/wo and vo layouts. A row with INDICATIEAVG = "J" has all its counts
// marked Suppressed, keeping the published placeholder in N.
func ReadWith(r io.Reader, opts Options) (*Dataset, error) {
	rd, err := csvx.Open(r, csvx.Options{MaxBytes: opts.MaxBytes, MaxProblems: opts.MaxProblems})
	if err != nil {
		return nil, fmt.Errorf("duo: %w", err)
	}
	norm := normalizeHeader(rd.Header())
	var b *binding
	if opts.Layout != "" {
		s, ok := specOf(opts.Layout)
		if !ok {
			return nil, fmt.Errorf("duo: %w", opendata.Invalid(opendata.Problem{
				Code: opendata.CodeUnknownLayout, Value: string(opts.Layout), Expected: expectedLayouts()}))
		}
		b = bind(s, norm)
		if !b.matches() {
			for _, m := range b.missing {
				rd.Report().Add(opendata.Problem{Code: opendata.CodeMissingColumn, Line: rd.HeaderLine(), Column: m, Expected: string(s.layout)})
			}
			if len(b.values) == 0 {
				rd.Report().Add(opendata.Problem{Code: opendata.CodeMissingColumn, Line: rd.HeaderLine(), Column: s.valueDoc, Expected: string(s.layout)})
			}
			return nil, fmt.Errorf("duo: %w", rd.Err())
		}
	} else if b, err = detect(norm); err != nil {
		return nil, fmt.Errorf("duo: %w", err)
	}
	p := &parser{rd: rd, b: b, opts: opts, years: map[int]bool{}}
	ds := &Dataset{Layout: b.spec.layout, Family: b.spec.family, Encoding: rd.Encoding(), Separator: rd.Separator()}
	for _, i := range b.ignored {
		ds.Ignored = append(ds.Ignored, rd.Header()[i])
	}
	switch b.spec.family {
	case FamilyMBO:
		ds.MBO = p.readMBO()
	case FamilyHO:
		ds.HO = p.readHO()
	case FamilyVO:
		ds.VO = p.readVO()
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("duo: %w", err)
	}
	ds.Rows, ds.Skipped = rd.Rows(), rd.Skipped()
	for y := range p.years {
		ds.Years = append(ds.Years, y)
	}
	sort.Ints(ds.Years)
	return ds, nil
}

// parser reads the rows of one file for one binding.
type parser struct {
	rd    *csvx.Reader
	b     *binding
	opts  Options
	vals  [numFields]string
	years map[int]bool
	last  int // last year added to years, to skip the map on repeats
}

// readFields reads and validates every bound descriptive column of the
// current row into p.vals; it reports problems and returns false when one
// is invalid.
func (p *parser) readFields() bool {
	var chk csvx.Check
	for f := field(0); f < numFields; f++ {
		col := p.b.col[f]
		if col < 0 {
			p.vals[f] = ""
			continue
		}
		p.vals[f] = chk.Str(p.field(f, col))
	}
	return !chk.Failed
}

// field validates and normalises one descriptive cell.
func (p *parser) field(f field, col int) (string, bool) {
	rd := p.rd
	v := rd.Str(col)
	switch f {
	case fBRIN:
		return p.format(col, strings.ToUpper(v), opendata.IsBRIN, "4 letters or digits")
	case fVestiging:
		return p.format(col, strings.ToUpper(v), opendata.IsBRINVest, "BRIN + 2 digits")
	case fCrebo:
		// pandas writes codes as floats: "25148.0".
		if c, ok := strings.CutSuffix(v, ".0"); ok {
			v = c
		}
		return p.format(col, v, opendata.IsCrebo, "5 digits")
	case fLevel:
		return p.level(col, v)
	case fPathway:
		return p.pathway(col, v)
	case fYear:
		return p.year(col, v)
	case fSex:
		return p.sex(col, v)
	case fForm:
		return p.form(col, v)
	case fMunicipalityCode:
		if v == "" {
			return "", true
		}
		if code, ok := csvx.PrefixedCode(v, "GM", 4); ok {
			return code, true
		}
		rd.Problem(opendata.CodeBadFormat, col, v, "GM + 4 digits, or 4 digits")
		return "", false
	case fSuppressed, fSmall:
		switch strings.ToUpper(v) {
		case "J", "JA", "Y":
			return "J", true
		case "", "N", "NEE":
			return "", true
		}
		rd.Problem(opendata.CodeUnknownValue, col, v, `"J", "N" or empty`)
		return "", false
	case fInstitution, fQualification, fProgramme, fVOType:
		return rd.Required(col)
	}
	return v, true
}

func (p *parser) format(col int, v string, ok func(string) bool, expected string) (string, bool) {
	if v == "" {
		p.rd.Problem(opendata.CodeRequired, col, "", "")
		return "", false
	}
	if !ok(v) {
		p.rd.Problem(opendata.CodeBadFormat, col, v, expected)
		return "", false
	}
	return v, true
}

// level accepts "1".."4", optionally written as "niveau 2" or "N2".
func (p *parser) level(col int, v string) (string, bool) {
	if v == "" {
		p.rd.Problem(opendata.CodeRequired, col, "", "")
		return "", false
	}
	s := strings.ToUpper(v)
	s = strings.TrimPrefix(s, "NIVEAU")
	s = strings.TrimPrefix(s, "N")
	s = strings.TrimSpace(s)
	if len(s) == 1 && s[0] >= '1' && s[0] <= '4' {
		return s, true
	}
	p.rd.Problem(opendata.CodeUnknownValue, col, v, "1, 2, 3, 4")
	return "", false
}

// pathway accepts BOLVT, BOLDT, BOL, BBL and EX in any case and with
// punctuation ("BOL-VT", "bol vt").
func (p *parser) pathway(col int, v string) (string, bool) {
	if pw, ok := pathwayColumn[v]; ok {
		return string(pw), true
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		}
	}
	if pw, ok := pathwayColumn[b.String()]; ok {
		return string(pw), true
	}
	if v == "" {
		p.rd.Problem(opendata.CodeRequired, col, "", "")
	} else {
		p.rd.Problem(opendata.CodeUnknownValue, col, v, "BOLVT, BOLDT, BOL, BBL, EX")
	}
	return "", false
}

// year accepts "2021", "2021-2022" and "2021/2022" and returns the start year.
func (p *parser) year(col int, v string) (string, bool) {
	y := v
	if len(v) == 9 && (v[4] == '-' || v[4] == '/') && csvx.Digits(v[5:], 4, 4) {
		y = v[:4]
	}
	if csvx.Digits(y, 4, 4) && y >= "1950" && y <= "2100" {
		return y, true
	}
	if v == "" {
		p.rd.Problem(opendata.CodeRequired, col, "", "")
	} else {
		p.rd.Problem(opendata.CodeBadFormat, col, v, "a year (2021) or school year (2021-2022)")
	}
	return "", false
}

func (p *parser) sex(col int, v string) (string, bool) {
	switch strings.ToLower(v) {
	case "man", "m", "mannen":
		return string(SexMale), true
	case "vrouw", "v", "vrouwen":
		return string(SexFemale), true
	case "totaal", "t", "tot":
		return string(SexTotal), true
	}
	if v == "" {
		p.rd.Problem(opendata.CodeRequired, col, "", "")
	} else {
		p.rd.Problem(opendata.CodeUnknownValue, col, v, "man, vrouw")
	}
	return "", false
}

// form maps "voltijd onderwijs" and the like to voltijd, deeltijd or duaal.
func (p *parser) form(col int, v string) (string, bool) {
	l := strings.ToLower(v)
	for _, f := range []string{"voltijd", "deeltijd", "duaal"} {
		if strings.Contains(l, f) {
			return f, true
		}
	}
	if v == "" {
		p.rd.Problem(opendata.CodeRequired, col, "", "")
	} else {
		p.rd.Problem(opendata.CodeUnknownValue, col, v, "voltijd, deeltijd, duaal")
	}
	return "", false
}

// cell is one parsed count of the current row.
type cell struct {
	vc    *valueCol
	count opendata.Count
}

// counts parses the count columns of the current row into dst; empty cells
// of layouts with emptySkip are left out. It returns false when one is
// invalid (problems are reported).
func (p *parser) counts(dst []cell) ([]cell, bool) {
	dst = dst[:0]
	ok := true
	suppressed := p.vals[fSuppressed] == "J"
	for i := range p.b.values {
		vc := &p.b.values[i]
		v := p.rd.Str(vc.col)
		if vc.checkOnly {
			if v != "" && v != "<5" {
				if _, good := p.rd.Float(vc.col, 0, 100); !good {
					ok = false
				}
			}
			continue
		}
		if v == "" && p.b.spec.emptySkip {
			continue
		}
		c, good := p.rd.Count(vc.col, p.b.spec.emptyZero)
		if !good {
			ok = false
			continue
		}
		if suppressed {
			c.Suppressed = true
		}
		dst = append(dst, cell{vc: vc, count: c})
	}
	return dst, ok
}

// recordYear returns the year of a count: from its column, else from the
// row's year column, else Options.Year.
func (p *parser) recordYear(vc *valueCol) int {
	y := vc.year
	if y == 0 {
		if s := p.vals[fYear]; s != "" {
			y = atoi(s)
		} else {
			y = p.opts.Year
		}
	}
	if y != 0 && y != p.last {
		p.years[y] = true
		p.last = y
	}
	return y
}

// recordSex returns the sex of a count: from its column, else from the
// row's sex column, else SexTotal.
func (p *parser) recordSex(vc *valueCol) Sex {
	if vc.sex != "" {
		return vc.sex
	}
	if s := p.vals[fSex]; s != "" {
		return Sex(s)
	}
	return SexTotal
}

// arena hands out pointers into chunks, so the keys of a large file cost a
// few allocations instead of one each.
type arena[T any] struct{ buf []T }

func (a *arena[T]) alloc() *T {
	if len(a.buf) == cap(a.buf) {
		a.buf = make([]T, 0, 512)
	}
	a.buf = a.buf[:len(a.buf)+1]
	return &a.buf[len(a.buf)-1]
}

// capacity estimates how many records the rest of the file will produce.
func (p *parser) capacity() int {
	n := 0
	for _, vc := range p.b.values {
		if !vc.checkOnly {
			n++
		}
	}
	// Bounded, so a hostile header with thousands of count columns cannot
	// make us reserve memory the rows never fill.
	return min(p.rd.EstimateRows()*n, 1<<19)
}
