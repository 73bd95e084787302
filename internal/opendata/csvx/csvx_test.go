package csvx

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"talentloket/internal/opendata"
)

// rec is a record as the tests compare it.
type rec struct {
	Line   int
	Fields []string
}

// readRecords opens input and returns the header, the records and the error.
func readRecords(t *testing.T, input string) (*Reader, []rec, error) {
	t.Helper()
	rd, err := Open(strings.NewReader(input), Options{})
	if err != nil {
		return nil, nil, err
	}
	var out []rec
	for rd.Next() {
		out = append(out, rec{rd.Line(), append([]string(nil), rd.Fields()...)})
	}
	return rd, out, rd.Err()
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
		enc  Encoding
	}{
		{"utf-8", []byte("naam\nFryslân\n"), "naam\nFryslân\n", UTF8},
		{"utf-8 bom", []byte("\xEF\xBB\xBFnaam\nFryslân\n"), "naam\nFryslân\n", UTF8BOM},
		// 0xE9 é, 0xEB ë, 0x80 €, 0x92 ’, 0x91 ‘: cp1252, not latin-1 (where
		// 0x80-0x9F are C1 controls).
		{"windows-1252", []byte("Caf\xE9;Financi\xEBle;\x80 5;\x92s-Hertogenbosch;\x91x\x92"), "Café;Financiële;€ 5;’s-Hertogenbosch;‘x’", Windows1252},
		{"bom then cp1252", []byte("\xEF\xBB\xBFCaf\xE9"), "Café", Windows1252},
		{"utf-16le bom", []byte("\xFF\xFEa\x00;\x00\xE9\x00\n\x00"), "a;é\n", UTF16LE},
		{"utf-16be bom", []byte("\xFE\xFF\x00a\x00;\x00\xE9\x00\n"), "a;é\n", UTF16BE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := Decode(tt.in)
			if err != nil || got != tt.want || enc != tt.enc {
				t.Fatalf("Decode = %q, %s, %v; want %q, %s", got, enc, err, tt.want, tt.enc)
			}
		})
	}
}

func TestDetectSeparator(t *testing.T) {
	tests := []struct {
		line string
		want byte
	}{
		{"a;b;c", ';'},
		{"a,b,c", ','},
		{"a\tb\tc", '\t'},
		{`"a;1","b;2",c`, ','},
		{`"x,y";"z,w"`, ';'},
		{"name,code,year\r\nx;y;z;w;v\r\n", ','},
		{"single", ';'},
		{"", ';'},
		{"a;b,c", ';'},
		{"a\tb,c", '\t'},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := DetectSeparator(tt.line); got != tt.want {
				t.Fatalf("DetectSeparator(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestReadRecords(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		header  []string
		sep     byte
		want    []rec
		skipped int
	}{
		{
			name: "semicolon crlf unquoted with padding", in: "A;B;C\r\n1;  x  ;\r\n2;y;z\r\n",
			header: []string{"A", "B", "C"}, sep: ';',
			want: []rec{{2, []string{"1", "x", ""}}, {3, []string{"2", "y", "z"}}},
		},
		{
			name: "comma lf quoted", in: "id,naam\n1,\"Nuenen, Gerwen en Nederwetten\"\n2,\"say \"\"hi\"\"\"\n",
			header: []string{"id", "naam"}, sep: ',',
			want: []rec{{2, []string{"1", "Nuenen, Gerwen en Nederwetten"}}, {3, []string{"2", `say "hi"`}}},
		},
		{
			name: "every field quoted", in: "\"A\";\"B\"\r\n\"00AH\";\"<5\"\r\n",
			header: []string{"A", "B"}, sep: ';',
			want: []rec{{2, []string{"00AH", "<5"}}},
		},
		{
			name: "tab separated", in: "A\tB\n1\t2\n",
			header: []string{"A", "B"}, sep: '\t',
			want: []rec{{2, []string{"1", "2"}}},
		},
		{
			name: "mixed line endings and lone CR", in: "A;B\r\n1;2\n3;4\r5;6\r\n7;8",
			header: []string{"A", "B"}, sep: ';',
			want: []rec{{2, []string{"1", "2"}}, {3, []string{"3", "4"}}, {4, []string{"5", "6"}}, {5, []string{"7", "8"}}},
		},
		{
			name: "artefact lines are skipped and counted", in: "A;B\r\n1;2\r\n\"\"\r\n\r\n   \r\n;\r\n3;4\r\n\"\"\r\n",
			header: []string{"A", "B"}, sep: ';',
			want:    []rec{{2, []string{"1", "2"}}, {7, []string{"3", "4"}}},
			skipped: 5,
		},
		{
			name: "newline inside quotes keeps line numbers right", in: "A;B\n\"two\nlines\";x\n\"three\r\nlines\r\nhere\";y\nlast;z\n",
			header: []string{"A", "B"}, sep: ';',
			want: []rec{{2, []string{"two\nlines", "x"}}, {4, []string{"three\r\nlines\r\nhere", "y"}}, {7, []string{"last", "z"}}},
		},
		{
			name: "lazy quotes", in: "A;B\n\"12\"a;b\"c\n",
			header: []string{"A", "B"}, sep: ';',
			want: []rec{{2, []string{`12"a`, `b"c`}}},
		},
		{
			name: "trailing separators", in: "A;B;\n1;2;\n3;4\n5;6;;\n",
			header: []string{"A", "B"}, sep: ';',
			want: []rec{{2, []string{"1", "2"}}, {3, []string{"3", "4"}}, {4, []string{"5", "6"}}},
		},
		{
			name: "blank lines and excel sep hint before header", in: "sep=,\r\n\r\nA,B\r\n1,2\r\n",
			header: []string{"A", "B"}, sep: ',',
			want:    []rec{{4, []string{"1", "2"}}},
			skipped: 1,
		},
		{
			name: "no final newline", in: "A;B\n1;2",
			header: []string{"A", "B"}, sep: ';',
			want: []rec{{2, []string{"1", "2"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, got, err := readRecords(t, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rd.Header(), tt.header) || rd.Separator() != tt.sep {
				t.Fatalf("header %q sep %q; want %q %q", rd.Header(), rd.Separator(), tt.header, tt.sep)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("records\n got %+v\nwant %+v", got, tt.want)
			}
			if rd.Skipped() != tt.skipped || rd.Rows() != len(tt.want) {
				t.Fatalf("skipped %d rows %d; want %d %d", rd.Skipped(), rd.Rows(), tt.skipped, len(tt.want))
			}
		})
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []opendata.Problem
	}{
		{
			name: "field count", in: "A;B;C\n1;2;3\n1;2\n1;2;3;4\n",
			want: []opendata.Problem{
				{Code: opendata.CodeFieldCount, Line: 3, Value: "2", Expected: "3"},
				{Code: opendata.CodeFieldCount, Line: 4, Value: "4", Expected: "3"},
			},
		},
		{
			name: "unterminated quote", in: "A;B\n1;2\n\"3;4\n5;6\n",
			want: []opendata.Problem{{Code: opendata.CodeUnterminatedQuote, Line: 3}},
		},
		{
			name: "empty", in: "",
			want: []opendata.Problem{{Code: opendata.CodeEmptyFile}},
		},
		{
			name: "only artefacts", in: "\"\"\r\n\r\n",
			want: []opendata.Problem{{Code: opendata.CodeEmptyFile}},
		},
		{
			name: "duplicate column", in: "JAAR_2021;jaar 2021\n1;2\n",
			want: []opendata.Problem{{Code: opendata.CodeDuplicateColumn, Line: 1, Column: "jaar 2021"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readRecords(t, tt.in)
			var ve *opendata.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			if !reflect.DeepEqual(ve.Problems, tt.want) {
				t.Fatalf("problems\n got %+v\nwant %+v", ve.Problems, tt.want)
			}
		})
	}
}

func TestCells(t *testing.T) {
	in := "code;year;lat;count;name\nGM0363;2026;52,37;<5;x\n363;20x6;99;12a;\n"
	rd, err := Open(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		code       string
		year       int
		lat        float64
		count      opendata.Count
		name       string
		allGood    bool
		normalized string
	}
	var got []result
	for rd.Next() {
		var chk Check
		r := result{}
		r.code = chk.Str(rd.Match(0, true, func(v string) bool { return strings.HasPrefix(v, "GM") }, "GM + 4 digits"))
		r.year = chk.Int(rd.Int(1, 1800, 2100))
		r.lat = chk.Float(rd.Float(2, 50.7, 53.7))
		r.count = chk.Count(rd.Count(3, false))
		r.name = chk.Str(rd.Required(4))
		r.normalized, _ = PrefixedCode(rd.Str(0), "GM", 4)
		r.allGood = !chk.Failed
		got = append(got, r)
	}
	if !got[0].allGood || got[0].lat != 52.37 || !got[0].count.Suppressed || got[0].year != 2026 {
		t.Fatalf("first row: %+v", got[0])
	}
	if got[1].allGood || got[1].normalized != "GM0363" {
		t.Fatalf("second row: %+v", got[1])
	}
	var ve *opendata.ValidationError
	if !errors.As(rd.Err(), &ve) {
		t.Fatalf("err = %v", rd.Err())
	}
	want := []string{
		`line 3, column "code": "363" does not have the format GM + 4 digits`,
		`line 3, column "year": "20x6" is not a number`,
		`line 3, column "lat": "99" is outside the range 50.7..53.7`,
		`line 3, column "count": "12a" is not a number`,
		`line 3, column "name": a value is required`,
	}
	var msgs []string
	for _, p := range ve.Problems {
		msgs = append(msgs, p.Error())
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Fatalf("messages\n got %q\nwant %q", msgs, want)
	}
}

func TestOpenLimits(t *testing.T) {
	_, err := Open(strings.NewReader("A;B\n1;2\n"), Options{MaxBytes: 4})
	var ve *opendata.ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Code != opendata.CodeTooLarge {
		t.Fatalf("err = %v", err)
	}
	boom := errors.New("disk on fire")
	_, err = Open(io.MultiReader(strings.NewReader("A;B\n"), errReader{boom}), Options{})
	if !errors.Is(err, boom) {
		t.Fatalf("read error not wrapped: %v", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"JAAR_2021": "JAAR 2021", " jaar  2021 ": "JAAR 2021", "AANTAL_INGESCHREVENEN": "AANTAL INGESCHREVENEN",
		"COROP-gebiedcode": "COROP-GEBIEDCODE",
	} {
		t.Run(in, func(t *testing.T) {
			if got := NormalizeName(in); got != want {
				t.Fatalf("NormalizeName(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// FuzzOpen feeds arbitrary bytes to the reader: it must never panic, and
// either open (then read to the end) or fail with a ValidationError.
func FuzzOpen(f *testing.F) {
	for _, s := range []string{
		"A;B\r\n1;2\r\n\"\"\r\n", "a,\"b\nc\",d\n1,2,3", "\xEF\xBB\xBFx\ty\n1\t2", "\xFF\xFEa\x00", "sep=;\n\"",
		"A;B\n\"12\"a;b\"c\n", "Caf\xE9;x\n\x80;\x92",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := OpenBytes(data, Options{})
		if err != nil {
			if !errors.Is(err, opendata.ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		last := rd.HeaderLine()
		for rd.Next() {
			if len(rd.Fields()) != len(rd.Header()) {
				t.Fatalf("record has %d fields, header %d", len(rd.Fields()), len(rd.Header()))
			}
			if rd.Line() <= last {
				t.Fatalf("line %d after %d", rd.Line(), last)
			}
			last = rd.Line()
		}
		if err := rd.Err(); err != nil && !errors.Is(err, opendata.ErrInvalid) {
			t.Fatalf("error does not wrap ErrInvalid: %v", err)
		}
	})
}

// FuzzRoundTrip writes records with encoding/csv and checks csvx reads back
// the same fields and line numbers.
func FuzzRoundTrip(f *testing.F) {
	f.Add("a\x1fb\x1ec\x1fd", byte(0), false)
	f.Add("x\x1f\"q\"\x1e1;2\x1f3\n4", byte(1), true)
	f.Add("k\x1fv\x1e\x1f", byte(2), false)
	f.Fuzz(func(t *testing.T, data string, sepIdx byte, crlf bool) {
		sep := []rune{';', ',', '\t'}[int(sepIdx)%3]
		var rows [][]string
		for _, line := range strings.Split(data, "\x1e") {
			fields := strings.Split(line, "\x1f")
			for i := range fields {
				fields[i] = strings.Trim(fields[i], " \t")
			}
			rows = append(rows, fields)
		}
		width := len(rows[0])
		if width < 2 {
			t.Skip()
		}
		header := make([]string, width)
		for i := range header {
			header[i] = "c" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma, w.UseCRLF = sep, crlf
		_ = w.Write(header)
		var want [][]string
		for _, r := range rows {
			if len(r) != width {
				continue
			}
			for _, f := range r {
				if !utf8Valid(f) || strings.ContainsRune(f, '\r') {
					t.Skip()
				}
			}
			_ = w.Write(r)
			if !allEmpty(r) {
				exp := append([]string(nil), r...)
				if crlf { // the writer turns \n inside quotes into \r\n
					for i := range exp {
						exp[i] = strings.ReplaceAll(exp[i], "\n", "\r\n")
					}
				}
				want = append(want, exp)
			}
		}
		w.Flush()
		rd, err := Open(&buf, Options{})
		if err != nil {
			t.Fatalf("open: %v\n%q", err, buf.String())
		}
		var got [][]string
		for rd.Next() {
			got = append(got, append([]string(nil), rd.Fields()...))
		}
		if err := rd.Err(); err != nil {
			t.Fatalf("read: %v", err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d records, want %d", len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("record %d: got %q want %q", i, got[i], want[i])
			}
		}
	})
}

func utf8Valid(s string) bool {
	return strings.ToValidUTF8(s, "\uFFFD") == s && !strings.ContainsRune(s, '\uFEFF')
}
