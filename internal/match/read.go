package match

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrSyntax marks a round file that cannot be parsed at all.
var ErrSyntax = errors.New("syntax error")

// ReadRoundJSON reads ROUND.json:
//
//	{"students": [{"id": "s1", "preferences": ["p2", "p1"]}],
//	 "placements": [{"id": "p1", "capacity": 2, "preferences": ["s1"]}],
//	 "seed": 42}
//
// Unknown fields are refused (they are usually typos). It returns an error
// wrapping ErrSyntax with the line and column for malformed JSON or a value
// of the wrong type, or the *InputError of Round.Compile for bad records, so
// a round it returns always compiles.
func ReadRoundJSON(r io.Reader) (*Round, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading round: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var round Round
	if err := dec.Decode(&round); err != nil {
		return nil, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		off := dec.InputOffset()
		line, col := lineCol(data, off)
		return nil, fmt.Errorf("%w at line %d, column %d: data after the round object", ErrSyntax, line, col)
	}
	if _, err := round.Compile(); err != nil {
		return nil, err
	}
	return &round, nil
}

// jsonError turns a decoder error into one that says where.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	// Both offsets count the bytes read including the offending one (or
	// the whole bad value); point at that byte.
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset-1)
		return fmt.Errorf("%w at line %d, column %d: %s", ErrSyntax, line, col, syn.Error())
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset-1)
		return fmt.Errorf("%w at line %d, column %d: field %q: got a JSON %s, want %s", ErrSyntax, line, col, typ.Field, typ.Value, typ.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, int64(len(data)))
		return fmt.Errorf("%w at line %d, column %d: unexpected end of input", ErrSyntax, line, col)
	}
	return fmt.Errorf("%w: %w", ErrSyntax, err)
}

// lineCol returns the 1-based line and column (in bytes) of offset.
func lineCol(data []byte, offset int64) (line, col int) {
	offset = max(0, min(offset, int64(len(data))))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// ReadRoundCSV reads a round from two CSV files (UTF-8, a byte-order mark
// is skipped). The separator is detected per file from its first line: ';'
// when it holds one, else ','.
//
// students.csv has per row a student id followed by the placement ids it
// ranks, best first, either in the following cells or together in one cell
// separated by ';' or ',' ("s1;p2;p1" or `s1;"p2,p1"`). placements.csv has
// per row a placement id, its capacity and optionally the student ids it
// ranks. Empty cells are skipped. A first row that is a header is skipped:
// in students.csv when its first cell is one of id, student, student_id,
// studentid, leerling or leerlingnummer; in placements.csv when its second
// cell is not a number. The seed is 0; set Round.Seed to change it.
//
// It returns an error naming the file and line, or the *InputError of
// Round.Compile (with the line), so a round it returns always compiles.
func ReadRoundCSV(students, placements io.Reader) (*Round, error) {
	round := &Round{}
	err := readCSV(students, "students", func(rec []string, line, n int) error {
		if n == 1 && isStudentHeader(rec[0]) {
			return nil
		}
		st := RoundStudent{ID: strings.TrimSpace(rec[0]), line: line}
		st.Preferences = splitIDs(rec[1:])
		round.Students = append(round.Students, st)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV(placements, "placements", func(rec []string, line, n int) error {
		var capCell string
		if len(rec) > 1 {
			capCell = strings.TrimSpace(rec[1])
		}
		c, convErr := strconv.Atoi(capCell)
		if n == 1 && convErr != nil && len(rec) > 1 {
			return nil // header
		}
		pl := RoundPlacement{ID: strings.TrimSpace(rec[0]), Capacity: c, line: line}
		if convErr != nil {
			return &InputError{Kind: "placement", ID: pl.ID, Record: len(round.Placements) + 1, Line: line,
				Field: fmt.Sprintf("capacity %q", capCell), Err: ErrBadCapacity}
		}
		if len(rec) > 2 {
			pl.Preferences = splitIDs(rec[2:])
		}
		round.Placements = append(round.Placements, pl)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := round.Compile(); err != nil {
		return nil, err
	}
	return round, nil
}

// readCSV calls row for every non-empty record with its first line and its
// 1-based number among the records read so far.
func readCSV(r io.Reader, name string, row func(rec []string, line, n int) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first := data
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ','
	if bytes.IndexByte(first, ';') >= 0 {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	n := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %w", name, ErrSyntax, err)
		}
		if emptyRecord(rec) {
			continue
		}
		n++
		line, _ := cr.FieldPos(0)
		if err := row(rec, line, n); err != nil {
			return err
		}
	}
}

func emptyRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func isStudentHeader(cell string) bool {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "id", "student", "student_id", "studentid", "leerling", "leerlingnummer":
		return true
	}
	return false
}

// splitIDs splits cells on ';' and ',' and drops empty pieces.
func splitIDs(cells []string) []string {
	var ids []string
	for _, c := range cells {
		for piece := range strings.FieldsFuncSeq(c, func(r rune) bool { return r == ';' || r == ',' }) {
			if id := strings.TrimSpace(piece); id != "" {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
