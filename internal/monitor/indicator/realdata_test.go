package indicator

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"talentloket/internal/monitor"
	"talentloket/internal/shareddata"
)

// TestRealVMBOExamCandidates loads the real DUO file of vmbo exam
// candidates per school location (2019-2020 .. 2023-2024, "<5" for small
// counts) with a minimal reader, computes the vmbo pipeline for Enschede
// and checks that the bounds of every technical total contain the total
// DUO itself published. It is skipped when the shared data is absent.
func TestRealVMBOExamCandidates(t *testing.T) {
	dir := shareddata.Dir()
	if dir == "" {
		t.Skip("shared data folder not found")
	}
	f, err := os.Open(filepath.Join(dir, "duo", "vo_examenkandidaten_geslaagden_2019-2024.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	b := monitor.NewBuilder()
	type key struct {
		school string
		year   int
	}
	published := map[key]int64{} // DUO's technical TOTAAL per location and year; -1 = not exact
	rows := 0
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if rec[col["ONDERWIJSTYPE VO"]] != "VMBO" {
			continue
		}
		level, sector, ok := strings.Cut(rec[col["OPLEIDINGSNAAM"]], " - ")
		if !ok {
			continue // "VMBO T" without a sector
		}
		sector = strings.ReplaceAll(sector, "&", "en")
		for y := 2019; y <= 2023; y++ {
			sy := strconv.Itoa(y) + "-" + strconv.Itoa(y+1)
			for _, sex := range []string{"MAN", "VROUW"} {
				v := rec[col["EXAMENKANDIDATEN SCHOOLJAAR "+sy+" - "+sex]]
				n, _ := strconv.ParseInt(v, 10, 64)
				err := b.Append(monitor.Fact{Municipality: rec[col["GEMEENTENAAM"]], School: rec[col["VESTIGINGSCODE"]],
					Year: y + 1, Level: level, Sector: sector, Sex: strings.ToLower(sex), Stage: monitor.StageVMBO,
					Kind: monitor.KindExamCandidate, Count: n, Suppressed: v == "<5"})
				if err != nil {
					t.Fatal(err)
				}
				rows++
			}
			if sector == monitor.SectorTechnology {
				k := key{rec[col["VESTIGINGSCODE"]], y + 1}
				v := rec[col["EXAMENKANDIDATEN SCHOOLJAAR "+sy+" - TOTAAL"]]
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil || published[k] < 0 {
					published[k] = -1
				} else {
					published[k] += n
				}
			}
		}
	}
	tb, err := b.Freeze()
	if err != nil {
		t.Fatal(err)
	}
	if tb.Len() != rows || tb.SuppressedRows() == 0 {
		t.Fatalf("%d rows (want %d), %d suppressed", tb.Len(), rows, tb.SuppressedRows())
	}
	pipe, err := VMBOPipeline(tb, []monitor.Filter{monitor.Eq(monitor.DimMunicipality, "ENSCHEDE")}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pipe) < 3 {
		t.Fatalf("only %d school locations in Enschede", len(pipe))
	}
	checked := 0
	for _, u := range pipe {
		for _, p := range u.Points {
			want, ok := published[key{u.Unit, p.Year}]
			if !ok || want < 0 {
				continue
			}
			if want < p.Technical.Lower || want > p.Technical.Upper {
				t.Errorf("%s %d: DUO total %d outside our bounds %d..%d", u.Unit, p.Year, want, p.Technical.Lower, p.Technical.Upper)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no published total to check")
	}
	t.Logf("%d rows, %d suppressed; Enschede: %d locations, %d totals checked", tb.Len(), tb.SuppressedRows(), len(pipe), checked)
}
