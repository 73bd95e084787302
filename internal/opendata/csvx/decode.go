// Package csvx reads the delimited text files of Dutch open data: it detects
// and decodes the encoding (UTF-8 with or without BOM, UTF-16 with BOM, and
// otherwise Windows-1252), detects the separator (';', ',' or tab) from the
// header line, splits records with quoted and unquoted fields and CRLF, LF
// or CR line ends, skips artefact lines (empty, or only "" as in some DUO
// downloads) and counts them, and collects problems with 1-based line
// numbers (the header is line 1) into an opendata.Report.
//
// The whole input is read into memory and fields are substrings of the
// decoded text, so a record costs no allocation beyond its slice of fields.
package csvx

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"talentloket/internal/opendata"
)

// Encoding names the encoding a file was decoded from.
type Encoding string

// The encodings Open recognises.
const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
	Windows1252 Encoding = "windows-1252"
)

// DefaultMaxBytes is the largest input Open accepts unless Options say
// otherwise (64 MiB; the largest DUO file we know is about 4 MB).
const DefaultMaxBytes = 64 << 20

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Decode turns raw file bytes into text. A UTF-8 BOM is stripped; a UTF-16
// BOM selects UTF-16; input that is valid UTF-8 is taken as UTF-8; anything
// else is decoded as Windows-1252 (not Latin-1: 0x80-0x9F become €, ‘, ’ …).
// It returns a *opendata.ValidationError (CodeBadEncoding) when a decoder
// fails.
func Decode(b []byte) (string, Encoding, error) {
	enc := UTF8
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
		enc = UTF8BOM
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeWith(b, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), UTF16LE)
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeWith(b, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), UTF16BE)
	}
	if utf8.Valid(b) {
		return string(b), enc, nil
	}
	return decodeWith(b, charmap.Windows1252, Windows1252)
}

func decodeWith(b []byte, e encoding.Encoding, name Encoding) (string, Encoding, error) {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", name, opendata.Invalid(opendata.Problem{Code: opendata.CodeBadEncoding, Value: string(name)})
	}
	return string(out), name, nil
}

// DetectSeparator returns the separator of a header line: whichever of ';',
// tab and ',' occurs most often outside double quotes, preferring them in
// that order on a tie, and ';' when none occurs.
func DetectSeparator(line string) byte {
	var semi, tab, comma int
	inQuote := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '"':
			inQuote = !inQuote
		case '\n', '\r':
			if !inQuote {
				i = len(line)
			}
		case ';':
			if !inQuote {
				semi++
			}
		case '\t':
			if !inQuote {
				tab++
			}
		case ',':
			if !inQuote {
				comma++
			}
		}
	}
	switch {
	case semi >= tab && semi >= comma && semi > 0:
		return ';'
	case tab >= comma && tab > 0:
		return '\t'
	case comma > 0:
		return ','
	}
	return ';'
}

// NormalizeName returns a column name in the form readers compare: upper
// case, '_' read as a space, runs of blanks collapsed, trimmed. So
// "JAAR_2021", "jaar 2021" and " Jaar  2021" are the same column.
func NormalizeName(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(s, "_", " "))
	return strings.Join(strings.Fields(s), " ")
}

// Options tune Open. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest input accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxProblems is how many problems the report keeps; 0 means
	// opendata.DefaultMaxProblems.
	MaxProblems int
}

// Open reads all of r, decodes it, detects the separator and reads the
// header (the first line that is not blank; an Excel "sep=;" line before it
// is honoured). It returns an error wrapping the read error when r fails,
// and a *opendata.ValidationError when the input is too large, cannot be
// decoded, has no header, has an unterminated quote in the header or
// repeats a column name.
func Open(r io.Reader, opts Options) (*Reader, error) {
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	raw, err := readAll(r, limit+1)
	if err != nil {
		return nil, fmt.Errorf("csvx: read input: %w", err)
	}
	if int64(len(raw)) > limit {
		return nil, opendata.Invalid(opendata.Problem{Code: opendata.CodeTooLarge, Expected: strconv.FormatInt(limit, 10)})
	}
	return OpenBytes(raw, opts)
}

// OpenBytes is Open for input already in memory; the bytes are copied (or
// decoded) and not retained. It fails as Open does.
func OpenBytes(raw []byte, opts Options) (*Reader, error) {
	text, enc, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	rd := &Reader{text: text, enc: enc, line: 1, rep: opendata.NewReport(opts.MaxProblems)}
	rd.skipSepHint()
	if rd.sep == 0 {
		rd.sep = DetectSeparator(firstContentLine(rd.text[rd.pos:]))
	}
	rd.stop[rd.sep], rd.stop['\n'], rd.stop['\r'] = true, true, true
	for {
		if !rd.readRecord() {
			if rd.rep.Total() > 0 {
				return nil, rd.rep.Err()
			}
			return nil, opendata.Invalid(opendata.Problem{Code: opendata.CodeEmptyFile})
		}
		if !allEmpty(rd.fields) {
			break
		}
		rd.skipped++
	}
	rd.headerLine = rd.recLine
	n := len(rd.fields)
	for n > 0 && rd.fields[n-1] == "" {
		n--
	}
	rd.header = append([]string(nil), rd.fields[:n]...)
	rd.index = make(map[string]int, n)
	for i, name := range rd.header {
		if name == "" {
			continue
		}
		key := NormalizeName(name)
		if _, dup := rd.index[key]; dup {
			rd.rep.Add(opendata.Problem{Code: opendata.CodeDuplicateColumn, Line: rd.headerLine, Column: name})
			continue
		}
		rd.index[key] = i
	}
	if err := rd.rep.Err(); err != nil {
		return nil, err
	}
	return rd, nil
}

// skipSepHint consumes an Excel "sep=X" first line and sets the separator.
func (r *Reader) skipSepHint() {
	s := r.text
	if len(s) < 5 || !strings.EqualFold(s[:4], "sep=") {
		return
	}
	end := 5
	if end < len(s) && s[end] == '\r' {
		end++
	}
	if end < len(s) && s[end] == '\n' {
		end++
	}
	if end == 5 && end < len(s) {
		return // more text on the line: not a hint
	}
	switch c := s[4]; c {
	case ';', ',', '\t', '|':
		r.sep = c
	default:
		return
	}
	r.pos = end
	r.line = 2
}

// firstContentLine returns the text from the first line that is neither
// blank nor only "" (an artefact line) onwards.
func firstContentLine(s string) string {
	for s != "" {
		end := strings.IndexAny(s, "\r\n")
		if end < 0 {
			end = len(s)
		}
		line := strings.Trim(s[:end], " \t")
		if line != "" && line != `""` {
			return s
		}
		if end == len(s) {
			return ""
		}
		s = s[end+1:]
	}
	return s
}

// readAll reads up to limit bytes, sizing the buffer up front when r tells
// its length (bytes.Reader, strings.Reader, os.File), to avoid regrowing it.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	size := int64(0)
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
	}
	if size <= 0 || size > limit {
		return io.ReadAll(io.LimitReader(r, limit))
	}
	var buf bytes.Buffer
	buf.Grow(int(size) + 1) // +1 so the final Read that sees EOF needs no growth
	_, err := buf.ReadFrom(io.LimitReader(r, limit))
	return buf.Bytes(), err
}
