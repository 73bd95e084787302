package csvx

import (
	"strconv"
	"strings"

	"talentloket/internal/opendata"
)

// Reader yields the records of one decoded file. It is not safe for
// concurrent use.
type Reader struct {
	text       string
	pos        int
	line       int // physical line number at pos, 1-based
	enc        Encoding
	sep        byte
	header     []string
	headerLine int
	index      map[string]int
	fields     []string
	recLine    int
	skipped    int
	rows       int
	done       bool
	rep        *opendata.Report
	stop       [256]bool // bytes that end an unquoted field
}

// Header returns the column names as written in the file (trimmed).
func (r *Reader) Header() []string { return r.header }

// HeaderLine returns the line number of the header (1 unless blank lines
// or a "sep=" line come first).
func (r *Reader) HeaderLine() int { return r.headerLine }

// Encoding returns the encoding the input was decoded from.
func (r *Reader) Encoding() Encoding { return r.enc }

// Separator returns the field separator in use.
func (r *Reader) Separator() byte { return r.sep }

// Column returns the index of the column whose NormalizeName equals that of
// name, or -1 when the header has no such column.
func (r *Reader) Column(name string) int {
	if i, ok := r.index[NormalizeName(name)]; ok {
		return i
	}
	return -1
}

// Require returns the indexes of the named columns; for each one missing it
// adds a CodeMissingColumn problem naming layout and returns -1 in its place.
func (r *Reader) Require(layout string, names ...string) []int {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = r.Column(n)
		if idx[i] < 0 {
			r.rep.Add(opendata.Problem{Code: opendata.CodeMissingColumn, Line: r.headerLine, Column: n, Expected: layout})
		}
	}
	return idx
}

// Next advances to the next data record and reports whether there is one.
// Artefact lines (every field empty) are skipped and counted; records with
// a wrong number of fields are reported as CodeFieldCount and skipped
// (extra trailing empty fields are tolerated and dropped). After Next
// returns false, Err tells whether the file was valid.
func (r *Reader) Next() bool {
	want := len(r.header)
	for !r.done {
		if !r.readRecord() {
			r.done = true
			return false
		}
		if allEmpty(r.fields) {
			r.skipped++
			continue
		}
		if n := len(r.fields); n != want {
			if n > want && allEmpty(r.fields[want:]) {
				r.fields = r.fields[:want]
			} else {
				r.rep.Add(opendata.Problem{Code: opendata.CodeFieldCount, Line: r.recLine,
					Value: strconv.Itoa(n), Expected: strconv.Itoa(want)})
				continue
			}
		}
		r.rows++
		return true
	}
	return false
}

// Fields returns the fields of the current record, trimmed of surrounding
// blanks. The slice is reused by the next call to Next; the strings are not.
func (r *Reader) Fields() []string { return r.fields }

// Line returns the line number on which the current record starts.
func (r *Reader) Line() int { return r.recLine }

// Rows returns the number of well-formed data records returned so far.
func (r *Reader) Rows() int { return r.rows }

// Skipped returns the number of artefact lines skipped so far.
func (r *Reader) Skipped() int { return r.skipped }

// Report returns the report problems are collected in.
func (r *Reader) Report() *opendata.Report { return r.rep }

// Err returns nil when no problem has been reported, else a
// *opendata.ValidationError.
func (r *Reader) Err() error { return r.rep.Err() }

// Problem reports a problem with column col (-1 for none) of the current
// record.
func (r *Reader) Problem(code opendata.Code, col int, value, expected string) {
	p := opendata.Problem{Code: code, Line: r.recLine, Value: value, Expected: expected}
	if col >= 0 && col < len(r.header) {
		p.Column = r.header[col]
	}
	r.rep.Add(p)
}

func allEmpty(fields []string) bool {
	for _, f := range fields {
		if f != "" {
			return false
		}
	}
	return true
}

// readRecord parses the record at r.pos into r.fields; it returns false at
// the end of the input or after an unterminated quote (which it reports).
func (r *Reader) readRecord() bool {
	s := r.text
	if r.pos >= len(s) {
		return false
	}
	r.fields = r.fields[:0]
	r.recLine = r.line
	sep := r.sep
	i := r.pos
	for {
		for i < len(s) && (s[i] == ' ' || (s[i] == '\t' && sep != '\t')) {
			i++
		}
		if i < len(s) && s[i] == '"' {
			val, next, ok := r.quoted(i)
			if !ok {
				r.rep.Add(opendata.Problem{Code: opendata.CodeUnterminatedQuote, Line: r.recLine})
				r.pos = len(s)
				return false
			}
			r.fields = append(r.fields, val)
			i = next
		} else {
			start := i
			stop := &r.stop
			for i < len(s) && !stop[s[i]] {
				i++
			}
			r.fields = append(r.fields, trimRight(s[start:i], sep))
		}
		if i >= len(s) {
			r.pos = i
			return true
		}
		if s[i] == sep {
			i++
			continue
		}
		// End of line: CRLF, LF or a lone CR.
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		r.pos = i + 1
		r.line++
		return true
	}
}

// quoted parses the quoted field whose opening quote is at s[i]. It returns
// the value, the position of the separator or line end after it, and false
// when the quote is never closed. Text between the closing quote and the
// next separator is kept (lazy quotes), e.g. `"12"a` gives `12"a`.
func (r *Reader) quoted(i int) (string, int, bool) {
	s := r.text
	sep := r.sep
	j := i + 1
	var b []byte // only used when the field holds "" escapes
	for {
		k := strings.IndexByte(s[j:], '"')
		if k < 0 {
			return "", len(s), false
		}
		r.line += countLines(s[j : j+k])
		if j+k+1 < len(s) && s[j+k+1] == '"' {
			b = append(b, s[j:j+k+1]...)
			j += k + 2
			continue
		}
		var val string
		if b == nil {
			val = s[j : j+k]
		} else {
			b = append(b, s[j:j+k]...)
			val = string(b)
		}
		end := j + k + 1 // after the closing quote
		p := end
		for p < len(s) && (s[p] == ' ' || (s[p] == '\t' && sep != '\t')) {
			p++
		}
		if p < len(s) && s[p] != sep && s[p] != '\n' && s[p] != '\r' {
			// Lazy quote: keep the closing quote and what follows it.
			q := p
			for q < len(s) && s[q] != sep && s[q] != '\n' && s[q] != '\r' {
				q++
			}
			val += s[end-1 : q]
			p = q
		}
		return trimBlanks(val, sep), p, true
	}
}

// countLines counts line ends (CRLF, LF or lone CR) in s.
func countLines(s string) int {
	n := strings.Count(s, "\n")
	if strings.IndexByte(s, '\r') >= 0 {
		for i := 0; i < len(s); i++ {
			if s[i] == '\r' && (i+1 == len(s) || s[i+1] != '\n') {
				n++
			}
		}
	}
	return n
}

// trimRight drops trailing blanks (spaces, and tabs unless tab is the
// separator).
func trimRight(s string, sep byte) string {
	for len(s) > 0 {
		if c := s[len(s)-1]; c == ' ' || (c == '\t' && sep != '\t') {
			s = s[:len(s)-1]
			continue
		}
		break
	}
	return s
}

// trimBlanks drops leading and trailing blanks.
func trimBlanks(s string, sep byte) string {
	for len(s) > 0 {
		if c := s[0]; c == ' ' || (c == '\t' && sep != '\t') {
			s = s[1:]
			continue
		}
		break
	}
	return trimRight(s, sep)
}

// EstimateRows returns an upper bound for the number of records left: the
// number of line ends after the current position, plus one.
func (r *Reader) EstimateRows() int {
	return strings.Count(r.text[r.pos:], "\n") + 1
}
