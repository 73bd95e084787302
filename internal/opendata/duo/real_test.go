package duo

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"talentloket/internal/opendata"
	"talentloket/internal/shareddata"
)

// naiveTable splits a real file without csvx: lines on "\n" (dropping "\r"),
// fields on sep, surrounding quotes removed when unquote. Lines that are
// empty or only "" are counted as artefacts.
func naiveTable(t testing.TB, file string, sep string, unquote bool) (header []string, rows [][]string, artefacts int) {
	t.Helper()
	raw, err := os.ReadFile(shareddata.Path(t, "duo", file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(raw), "\r", ""), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	split := func(line string) []string {
		if unquote {
			return strings.Split(strings.Trim(line, `"`), `"`+sep+`"`)
		}
		return strings.Split(line, sep)
	}
	header = split(lines[0])
	for _, line := range lines[1:] {
		if line == "" || line == `""` {
			artefacts++
			continue
		}
		rows = append(rows, split(line))
	}
	return header, rows, artefacts
}

func readReal(t testing.TB, file string) *Dataset {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "duo", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := Read(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return ds
}

func num(t testing.TB, s string) int {
	t.Helper()
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, ".0"))
	if err != nil {
		t.Fatalf("naive parse of %q: %v", s, err)
	}
	return n
}

type groupKey struct {
	year    int
	sex     Sex
	measure Measure
}

func TestRealMBOEnrolments(t *testing.T) {
	const file = "mbo_inscriptions_2019.csv"
	ds := readReal(t, file)
	header, rows, artefacts := naiveTable(t, file, ";", false)
	if ds.Layout != LayoutMBOEnrolments2015 || ds.Rows != 19229 || len(rows) != 19229 || ds.Skipped != 29 || artefacts != 29 {
		t.Fatalf("layout %s, rows %d (naive %d), skipped %d (naive %d); SOURCES.md: 19,229 rows, 29 artefacts",
			ds.Layout, ds.Rows, len(rows), ds.Skipped, artefacts)
	}
	want := map[groupKey]int{}
	sexes := map[string]Sex{"MAN": SexMale, "VROUW": SexFemale, "TOTAAL": SexTotal}
	for i, h := range header {
		for prefix, sex := range sexes {
			if y, ok := strings.CutPrefix(h, prefix); ok && len(y) == 4 {
				k := groupKey{num(t, y), sex, MeasureEnrolled}
				for _, r := range rows {
					want[k] += num(t, r[i])
				}
			}
		}
	}
	got := map[groupKey]int{}
	brins, crebos := map[string]bool{}, map[string]bool{}
	for _, r := range ds.MBO {
		if r.Count.Suppressed {
			t.Fatalf("suppressed count in a file without suppression: %+v", r)
		}
		got[groupKey{r.Year, r.Sex, r.Measure}] += r.Count.N
		brins[r.BRIN], crebos[r.Crebo] = true, true
	}
	if len(want) != 15 || len(got) != 15 {
		t.Fatalf("groups: naive %d, reader %d; want 15", len(want), len(got))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%+v: reader %d, naive %d", k, got[k], w)
		}
	}
	// SOURCES.md says 70 BRINs and 1,361 codes: it counted the "" of the
	// artefact lines as a value. A naive awk pass without them gives 69 and
	// 1,360.
	if got[groupKey{2019, SexTotal, MeasureEnrolled}] != 501903 || len(brins) != 69 || len(crebos) != 1360 || ds.Len() != 19229*15 {
		t.Fatalf("TOTAAL2019 %d, %d BRINs, %d crebos, %d records", got[groupKey{2019, SexTotal, MeasureEnrolled}], len(brins), len(crebos), ds.Len())
	}
	t.Logf("%s: %d rows, %d artefact lines, %d records, TOTAAL2019 = %d", file, ds.Rows, ds.Skipped, ds.Len(), got[groupKey{2019, SexTotal, MeasureEnrolled}])
}

func TestRealHO(t *testing.T) {
	tests := []struct {
		file      string
		layout    Layout
		rows      int
		artefacts int
		measure   Measure
	}{
		{"hbo_inscriptions_2019.csv", LayoutHOFirstYear2015, 3815, 7, MeasureFirstYear},
		{"hbo_gediplomeerden_2019.csv", LayoutHODiplomas2015, 3849, 7, MeasureDiploma},
		{"wo_inscriptions_2019.csv", LayoutHOFirstYear2015, 3225, 6, MeasureFirstYear},
		{"wo_gediplomeerden_2019.csv", LayoutHODiplomas2015, 3367, 5, MeasureDiploma},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ds := readReal(t, tt.file)
			header, rows, artefacts := naiveTable(t, tt.file, ";", false)
			if ds.Layout != tt.layout || ds.Rows != tt.rows || len(rows) != tt.rows || ds.Skipped != tt.artefacts || artefacts != tt.artefacts {
				t.Fatalf("layout %s, rows %d (naive %d), skipped %d (naive %d)", ds.Layout, ds.Rows, len(rows), ds.Skipped, artefacts)
			}
			sexCol := -1
			for i, h := range header {
				if h == "GESLACHT" {
					sexCol = i
				}
			}
			want := map[groupKey]int{}
			for i, h := range header {
				if len(h) == 4 && h[0] == '2' {
					for _, r := range rows {
						sex := SexMale
						if r[sexCol] == "vrouw" {
							sex = SexFemale
						}
						want[groupKey{num(t, h), sex, tt.measure}] += num(t, r[i])
					}
				}
			}
			got := map[groupKey]int{}
			for _, r := range ds.HO {
				got[groupKey{r.Year, r.Sex, r.Measure}] += r.Count.N
				if !strings.HasPrefix(r.MunicipalityCode, "GM") || r.Form == "" || r.CROHO == "" {
					t.Fatalf("incomplete record %+v", *r.HOKey)
				}
			}
			if len(want) != 10 || len(got) != len(want) {
				t.Fatalf("groups: naive %d, reader %d", len(want), len(got))
			}
			for k, w := range want {
				if got[k] != w {
					t.Errorf("%+v: reader %d, naive %d", k, got[k], w)
				}
			}
			last := ds.Years[len(ds.Years)-1]
			t.Logf("%s: %d rows, %d records, %d in %d (M %d, V %d)", tt.file, ds.Rows, ds.Len(), got[groupKey{last, SexMale, tt.measure}]+got[groupKey{last, SexFemale, tt.measure}],
				last, got[groupKey{last, SexMale, tt.measure}], got[groupKey{last, SexFemale, tt.measure}])
		})
	}
}

func TestRealVOExams(t *testing.T) {
	const file = "vo_examenkandidaten_geslaagden_2019-2024.csv"
	ds := readReal(t, file)
	header, rows, _ := naiveTable(t, file, ";", true)
	if ds.Layout != LayoutVOExams || ds.Rows != 12782 || len(rows) != 12782 {
		t.Fatalf("layout %s, rows %d (naive %d); want 12,782", ds.Layout, ds.Rows, len(rows))
	}
	want := map[groupKey]opendata.Total{}
	for i, h := range header {
		var m Measure
		switch {
		case strings.HasPrefix(h, "EXAMENKANDIDATEN"):
			m = MeasureCandidates
		case strings.HasPrefix(h, "GESLAAGDEN"):
			m = MeasurePassed
		default:
			continue
		}
		year := num(t, h[strings.Index(h, "SCHOOLJAAR ")+11:][:4])
		sex := map[string]Sex{"MAN": SexMale, "VROUW": SexFemale, "TOTAAL": SexTotal}[h[strings.LastIndex(h, " ")+1:]]
		k := groupKey{year, sex, m}
		tot := want[k]
		for _, r := range rows {
			if r[i] == "<5" {
				tot.Suppressed++
			} else {
				tot.Exact += num(t, r[i])
			}
		}
		want[k] = tot
	}
	got := map[groupKey]opendata.Total{}
	types := map[string]int{}
	var seen *VOKey
	tracks := map[string]int{}
	for _, r := range ds.VO {
		k := groupKey{r.SchoolYear, r.Sex, r.Measure}
		tot := got[k]
		tot.Add(r.Count)
		got[k] = tot
		if r.VOKey != seen {
			seen = r.VOKey
			types[r.Type]++
			if r.Type == "VMBO" && r.Sector == "techniek" {
				tracks[r.Track]++
			}
		}
	}
	if len(want) != 30 || len(got) != 30 {
		t.Fatalf("groups: naive %d, reader %d; want 30", len(want), len(got))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%+v: reader %+v, naive %+v", k, got[k], w)
		}
	}
	if types["VMBO"] != 6092 || types["VWO"] != 3445 || types["HAVO"] != 3245 {
		t.Fatalf("rows per type %v; SOURCES.md: VMBO 6,092, VWO 3,445, HAVO 3,245", types)
	}
	if tracks["B"] != 275 || tracks["K"] != 277 || tracks["G"] != 107 || tracks["T"] != 743 || tracks["LWT"] != 137 {
		t.Fatalf("vmbo techniek rows per track: %v", tracks)
	}
	k := groupKey{2023, SexTotal, MeasureCandidates}
	t.Logf("%s: %d rows, %d records; candidates 2023-2024 total: %d exact + %d suppressed cells", file, ds.Rows, ds.Len(), got[k].Exact, got[k].Suppressed)
}

func TestRealMBOTech(t *testing.T) {
	const file = "mbo_tech_ingeschrevenen_gediplomeerden_2015-2019.csv"
	ds := readReal(t, file)
	f, err := os.Open(shareddata.Path(t, "duo", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := recs[0], recs[1:]
	want := map[groupKey]int{}
	empty := 0
	for i, h := range header {
		parts := strings.Split(h, "_")
		if len(parts) != 3 {
			continue
		}
		m := map[string]Measure{"i": MeasureEnrolled, "d": MeasureDiploma}[parts[2]]
		sex := map[string]Sex{"man": SexMale, "vrouw": SexFemale, "tot": SexTotal}[parts[1]]
		for _, r := range rows {
			if r[i] == "" {
				empty++
				continue
			}
			want[groupKey{num(t, parts[0]), sex, m}] += num(t, r[i])
		}
	}
	got := map[groupKey]int{}
	labels := map[string]int{}
	var seen *MBOKey
	for _, r := range ds.MBO {
		got[groupKey{r.Year, r.Sex, r.Measure}] += r.Count.N
		if r.MBOKey != seen {
			seen = r.MBOKey
			labels[r.TechLabel]++
		}
	}
	if ds.Layout != LayoutMBOTechDerived || ds.Rows != 951 || len(rows) != 951 || ds.Len() != 951*30-empty {
		t.Fatalf("layout %s, rows %d (naive %d), records %d, want %d", ds.Layout, ds.Rows, len(rows), ds.Len(), 951*30-empty)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%+v: reader %d, naive %d", k, got[k], w)
		}
	}
	if labels["tech"] != 702 || labels["growth"] != 146 || labels["design"] != 101 || labels["?"] != 2 {
		t.Fatalf("labels %v", labels)
	}
	t.Logf("%s: %d rows, %d records (%d empty diploma cells skipped); 2019 enrolled %d, diplomas %d", file, ds.Rows, ds.Len(), empty,
		got[groupKey{2019, SexTotal, MeasureEnrolled}], got[groupKey{2019, SexTotal, MeasureDiploma}])
}
