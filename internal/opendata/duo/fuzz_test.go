package duo

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"talentloket/internal/opendata"
	"talentloket/internal/shareddata"
)

// FuzzReadDUO feeds arbitrary files to Read: it must never panic and must
// return either a complete dataset or a validation error, never both.
func FuzzReadDUO(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "*"))
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	// The first lines of every real file, when the data folder is present.
	if dir := shareddata.Dir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "duo", "*.csv"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(head(b, 6))
			}
		}
	}
	f.Add([]byte(mboHeader + "\r\n" + mboRow("25LX", "BBL", "4", "25297", "<5") + "\r\n\"\"\r\n"))
	f.Add([]byte("brin_nummer,kwalificatie_code,kwalificatie_naam,2019_man_i,2019_tot_d,tech_label\n00GT,25148.0,\"Medewerker, marketing\",111.0,,growth\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := Read(bytes.NewReader(data))
		if err != nil {
			if ds != nil {
				t.Fatalf("dataset and error: %v", err)
			}
			if !errors.Is(err, opendata.ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			var ve *opendata.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 || ve.Total < len(ve.Problems) {
				t.Fatalf("bad report: %v", err)
			}
			for _, p := range ve.Problems {
				_ = p.Error()
			}
			return
		}
		if ds == nil {
			t.Fatal("nil dataset without error")
		}
		for _, r := range ds.MBO {
			if r.MBOKey == nil || r.Count.N < 0 || !opendata.IsBRIN(r.BRIN) && r.BRIN != "" {
				t.Fatalf("bad record %+v", r)
			}
		}
		for _, r := range ds.HO {
			if r.HOKey == nil || r.Count.N < 0 || !opendata.IsBRIN(r.BRIN) {
				t.Fatalf("bad record %+v", r)
			}
		}
		for _, r := range ds.VO {
			if r.VOKey == nil || r.Count.N < 0 || !opendata.IsBRINVest(r.Vestiging) {
				t.Fatalf("bad record %+v", r)
			}
		}
	})
}

func head(b []byte, lines int) []byte {
	n := 0
	for i, c := range b {
		if c == '\n' {
			if n++; n == lines {
				return b[:i+1]
			}
		}
	}
	return b
}
