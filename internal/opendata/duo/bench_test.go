package duo

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"talentloket/internal/opendata/csvx"
	"talentloket/internal/shareddata"
)

// syntheticMBO builds a DUO mbo enrolment file of rows x 30 columns (12
// descriptive, 18 counts for 2015-2020) with CRLF line ends, an artefact
// line every 1,000 rows and some empty cells, deterministically.
func syntheticMBO(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("BRIN NUMMER;SOORTINS;INSTELLINGSNAAM;PLAATSNAAM;TYPE MBO;KWALIFICATIENIVEAU;KWALIFICATIE CODE;KWALIFICATIE NAAM;MBO SECTOR;DOMEIN;SECTORUNIT SBB;BRIN NUMMER KENNISCENTRUM")
	for y := 2015; y <= 2020; y++ {
		fmt := strconv.Itoa(y)
		b.WriteString(";MAN" + fmt + ";VROUW" + fmt + ";TOTAAL" + fmt)
	}
	b.WriteString("\r\n")
	names := []string{"ROC van Twente", "Deltion College", "Landstede MBO", "Albeda", "Koning Willem I College"}
	places := []string{"HENGELO OV", "ZWOLLE", "HARDERWIJK", "ROTTERDAM", "'S-HERTOGENBOSCH"}
	quals := []string{"Technicus engineering", "Eerste monteur mechatronica", "Medewerker bediening/café-bar", "Financiële beroepen"}
	pathways := []string{"BOLVT", "BBL", "BOLDT"}
	seed := uint32(12345)
	next := func() uint32 { seed = seed*1664525 + 1013904223; return seed >> 8 }
	for i := 0; i < rows; i++ {
		if i > 0 && i%1000 == 0 {
			b.WriteString("\"\"\r\n")
		}
		inst := i % len(names)
		b.WriteString("2" + strconv.Itoa(inst) + "LX;ROC;" + names[inst] + ";" + places[inst] + ";" + pathways[i%3] + ";")
		b.WriteString(strconv.Itoa(1+i%4) + ";" + strconv.Itoa(25000+i%1400) + ";" + quals[i%len(quals)])
		b.WriteString(";techniek;Techniek en procesindustrie;Sectorunit techniek;    ")
		for y := 0; y < 6; y++ {
			m, v := int(next()%300), int(next()%120)
			if next()%10 == 0 {
				b.WriteString(";;;")
				continue
			}
			b.WriteString(";" + strconv.Itoa(m) + ";" + strconv.Itoa(v) + ";" + strconv.Itoa(m+v))
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// BenchmarkImport reads a synthetic 20,000 x 30 DUO file and the real mbo
// file (when present) four ways in one run: a bare bufio line scan and
// encoding/csv as baselines, csvx splitting only, and the full duo.Read
// (decode, split, validate, build long-format records).
func BenchmarkImport(b *testing.B) {
	inputs := []struct {
		name string
		data func(b *testing.B) []byte
	}{
		{"synthetic-20000x30", func(*testing.B) []byte { return syntheticMBO(20000) }},
		{"real-mbo-19229x28", func(b *testing.B) []byte {
			data, err := os.ReadFile(shareddata.Path(b, "duo", "mbo_inscriptions_2019.csv"))
			if err != nil {
				b.Fatal(err)
			}
			return data
		}},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			data := in.data(b)
			b.Run("baseline-bufio-lines", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					sc := bufio.NewScanner(bytes.NewReader(data))
					n := 0
					for sc.Scan() {
						n++
					}
					if n < 1000 {
						b.Fatal("short scan")
					}
				}
			})
			b.Run("baseline-encoding-csv", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					r := csv.NewReader(bytes.NewReader(data))
					r.Comma, r.FieldsPerRecord, r.ReuseRecord, r.LazyQuotes = ';', -1, true, true
					n := 0
					for {
						rec, err := r.Read()
						if err == io.EOF {
							break
						}
						if err != nil {
							b.Fatal(err)
						}
						n += len(rec)
					}
				}
			})
			b.Run("csvx-split", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					rd, err := csvx.Open(bytes.NewReader(data), csvx.Options{})
					if err != nil {
						b.Fatal(err)
					}
					n := 0
					for rd.Next() {
						n += len(rd.Fields())
					}
					if rd.Err() != nil {
						b.Fatal(rd.Err())
					}
				}
			})
			b.Run("duo-read", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				records := 0
				for b.Loop() {
					ds, err := Read(bytes.NewReader(data))
					if err != nil {
						b.Fatal(err)
					}
					records = ds.Len()
				}
				b.ReportMetric(float64(records), "records/op")
			})
		})
	}
}

func TestSyntheticFileReads(t *testing.T) {
	data := syntheticMBO(20000)
	if h := strings.Count(string(data[:bytes.IndexByte(data, '\n')]), ";") + 1; h != 30 {
		t.Fatalf("header has %d columns", h)
	}
	ds, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if ds.Rows != 20000 || ds.Skipped != 19 || ds.Len() != 20000*18 {
		t.Fatalf("rows %d skipped %d records %d", ds.Rows, ds.Skipped, ds.Len())
	}
}
