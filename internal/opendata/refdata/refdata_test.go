package refdata

import (
	"encoding/csv"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"talentloket/internal/opendata"
	"talentloket/internal/shareddata"
)

func open(t testing.TB, parts ...string) *os.File {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, parts...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rawRecords reads a real file independently of csvx, with encoding/csv.
func rawRecords(t testing.TB, sep rune, parts ...string) [][]string {
	t.Helper()
	r := csv.NewReader(open(t, parts...))
	r.Comma, r.FieldsPerRecord = sep, -1 // DUO artefact lines have one field
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

func problems(t *testing.T, err error) []string {
	t.Helper()
	var ve *opendata.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Error())
	}
	return out
}

func TestRealMunicipalities(t *testing.T) {
	ms, err := ReadMunicipalities(open(t, "cbs", "gemeenten_corop_arbeidsmarktregio_provincie.csv"))
	if err != nil {
		t.Fatal(err)
	}
	raw := rawRecords(t, ',', "cbs", "gemeenten_corop_arbeidsmarktregio_provincie.csv")
	if len(ms) != 469 || len(raw) != 469 {
		t.Fatalf("read %d rows, raw %d; SOURCES.md says 469", len(ms), len(raw))
	}
	cur := CurrentMunicipalities(ms)
	am, cr, pv := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range cur {
		am[m.LabourMarketCode], cr[m.CoropCode], pv[m.ProvinceCode] = true, true, true
	}
	if len(cur) != 342 || len(am) != 35 || len(cr) != 40 || len(pv) != 12 {
		t.Fatalf("current: %d municipalities, %d AM, %d CR, %d PV; want 342, 35, 40, 12", len(cur), len(am), len(cr), len(pv))
	}
	for i, m := range ms {
		if m.Name != raw[i][0] || m.Code != raw[i][1] {
			t.Fatalf("row %d: %+v vs raw %q", i, m, raw[i])
		}
	}
}

func TestRealPlaces(t *testing.T) {
	ps, err := ReadPlaces(open(t, "cbs", "woonplaatsen_gemeente_corop.csv"))
	if err != nil {
		t.Fatal(err)
	}
	gm, cr := map[string]bool{}, map[string]bool{}
	for _, p := range ps {
		gm[p.MunicipalityCode], cr[p.CoropCode] = true, true
	}
	if len(ps) != 2501 || len(gm) != 342 || len(cr) != 40 {
		t.Fatalf("%d places in %d municipalities, %d COROP; want 2501, 342, 40", len(ps), len(gm), len(cr))
	}
	if p := ps[0]; p != (Place{Code: "1000", Name: "Hoogerheide", MunicipalityCode: "GM0873", MunicipalityName: "Woensdrecht", CoropCode: "CR33", Corop: "West-Noord-Brabant"}) {
		t.Fatalf("first place: %+v", p)
	}
}

func TestRealPostcodes(t *testing.T) {
	pcs, err := ReadPostcodes(open(t, "postcode", "4pp.csv"))
	if err != nil {
		t.Fatal(err)
	}
	raw := rawRecords(t, ',', "postcode", "4pp.csv")
	wantKinds := map[PostcodeKind]int{}
	for _, r := range raw {
		wantKinds[PostcodeKind(r[9])]++
	}
	gotKinds := map[PostcodeKind]int{}
	for _, p := range pcs {
		gotKinds[p.Kind]++
	}
	if len(pcs) != 4699 || len(raw) != 4699 || !reflect.DeepEqual(gotKinds, wantKinds) {
		t.Fatalf("%d postcodes (raw %d), kinds %v want %v", len(pcs), len(raw), gotKinds, wantKinds)
	}
	if gotKinds[KindAddress] != 3716 || gotKinds[KindPOBox] != 622 {
		t.Fatalf("kinds %v differ from SOURCES.md", gotKinds)
	}
	if p := pcs[0]; p.PC4 != "1000" || p.Lat != 52.3362429 || p.Lon != 4.8694444 || !p.POBoxOnly() {
		t.Fatalf("first postcode: %+v", p)
	}
}

func TestRealSchoolLocations(t *testing.T) {
	ls, err := ReadSchoolLocations(open(t, "locaties", "mbo_locaties.csv"))
	if err != nil {
		t.Fatal(err)
	}
	brins := map[string]bool{}
	for _, l := range ls {
		brins[l.BRIN] = true
		if _, ok := opendata.NormalizePostcode(l.Postcode); !ok || l.PC4 != l.Postcode[:4] {
			t.Fatalf("bad postcode in %+v", l)
		}
	}
	if len(ls) != 679 || len(brins) != 156 {
		t.Fatalf("%d locations of %d institutions; want 679 and 156", len(ls), len(brins))
	}
	if l := ls[0]; l != (SchoolLocation{BRINVest: "25GV00", BRIN: "25GV", Name: "Stafdienst", Street: "Bovenbuurtweg 27", Postcode: "6717 XA", PC4: "6717", City: "Ede gld", URL: "http://www.aeresmbo.nl/"}) {
		t.Fatalf("first location: %+v", l)
	}
}

func TestRealQualifications(t *testing.T) {
	t.Run("regulation 2015", func(t *testing.T) {
		qs, err := ReadQualifications(open(t, "kwalificaties", "kwalificaties_mbo_2015.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 470 {
			t.Fatalf("%d qualifications, want 470", len(qs))
		}
		var mech []string
		for _, q := range qs {
			if q.DossierCrebo == "23130" {
				mech = append(mech, q.Crebo)
			}
		}
		if !reflect.DeepEqual(mech, []string{"25339", "25340", "25341", "25342"}) {
			t.Fatalf("dossier 23130 holds %v", mech)
		}
		if q := qs[0]; q.Crebo != "25078" || q.Level != 3 || q.PriceFactor != 1.3 || !reflect.DeepEqual(q.Pathways, []string{"BOL", "BBL"}) {
			t.Fatalf("first: %+v", q)
		}
	})
	t.Run("duo list", func(t *testing.T) {
		qs, err := ReadQualifications(open(t, "kwalificaties", "crebo_uit_duo_mbo_2015-2019.csv"))
		if err != nil {
			t.Fatal(err)
		}
		// Independent total: a naive split of the raw file.
		raw, _ := os.ReadFile(shareddata.Path(t, "kwalificaties", "crebo_uit_duo_mbo_2015-2019.csv"))
		want := 0
		for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
			f := strings.Split(line, ";")
			want += atoi(t, f[len(f)-1])
		}
		got, codes := 0, map[string]bool{}
		for _, q := range qs {
			got += q.Enrolled
			codes[q.Crebo] = true
		}
		if len(qs) != 1434 || len(codes) != 1360 || got != want || got != 501903 {
			t.Fatalf("%d rows, %d codes, total %d (naive %d); want 1434, 1360, 501903", len(qs), len(codes), got, want)
		}
	})
}

func atoi(t testing.TB, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		read func(string) error
		in   string
		want []string
	}{
		{
			name: "municipality codes",
			read: func(s string) error { _, err := ReadMunicipalities(strings.NewReader(s)); return err },
			in: "name,code,year,corop_code,corop,region_code,region,province_code,province\n" +
				"Enschede,GM0153,2026,CR12,Twente,AM05,Twente,PV23,Overijssel\n" +
				"Hengelo,G0164,2026,CR1,Twente,AM5,Twente,PV23,Overijssel\n" +
				"Enschede,GM0153,2026,CR12,Twente,AM05,Twente,PV23,Overijssel\n",
			want: []string{
				`line 3, column "code": "G0164" does not have the format GM + 4 digits`,
				`line 3, column "corop_code": "CR1" does not have the format CR + 2 digits`,
				`line 3, column "region_code": "AM5" does not have the format AM + 2 digits`,
				`line 4, column "name": "Enschede" appears more than once (first on line 2)`,
			},
		},
		{
			name: "missing columns",
			read: func(s string) error { _, err := ReadPlaces(strings.NewReader(s)); return err },
			in:   "Woonplaatscode,Woonplaats,Gemeente\n1,x,y\n",
			want: []string{
				`line 1, column "Gemeentecode": column is missing (needed by layout cbs-woonplaatsen)`,
				`line 1, column "COROP-gebiedcode": column is missing (needed by layout cbs-woonplaatsen)`,
				`line 1, column "COROP-gebied": column is missing (needed by layout cbs-woonplaatsen)`,
			},
		},
		{
			name: "postcode ranges",
			read: func(s string) error { _, err := ReadPostcodes(strings.NewReader(s)); return err },
			in: "id,postcode,\"woonplaats\",\"alternatieve_schrijfwijzen\",\"gemeente\",\"provincie\",\"netnummer\",latitude,longitude,\"soort\"\n" +
				"1,1000,\"Amsterdam\",\"\",\"Amsterdam\",\"Noord-Holland\",\"020\",52.33,4.86,\"Postbus\"\n" +
				"2,0999,\"X\",\"\",\"\",\"Utrecht\",\"030\",48.85,2.35,\"Kantoor\"\n" +
				"3,1000,\"Amsterdam\",\"\",\"Amsterdam\",\"Noord-Holland\",\"020\",52.33,4.86,\"Adres\"\n",
			want: []string{
				`line 3, column "postcode": "0999" does not have the format 4 digits, the first not 0`,
				`line 3, column "latitude": "48.85" is outside the range 50.7..53.7`,
				`line 3, column "longitude": "2.35" is outside the range 3.2..7.3`,
				`line 3, column "soort": "Kantoor" is not one of "Adres", "Postbus", "Adres + Postbus", "Onbekend"`,
				`line 4, column "postcode": "1000" appears more than once (first on line 2)`,
			},
		},
		{
			name: "school location postcode",
			read: func(s string) error { _, err := ReadSchoolLocations(strings.NewReader(s)); return err },
			in:   "brinvest;name;street;zip;city;url\r\n25LX00;ROC van Twente;Gieterij 200;7553 VZ;Hengelo;\r\n25lx1;x;y;7553;Hengelo;\r\n25LX02;x;y;75530 VZ;Hengelo;\r\n",
			want: []string{
				`line 3, column "brinvest": "25lx1" does not have the format BRIN (4 letters or digits) + 2 digits`,
				`line 4, column "zip": "75530 VZ" does not have the format 1234 AB`,
			},
		},
		{
			name: "unknown qualification list",
			read: func(s string) error { _, err := ReadQualifications(strings.NewReader(s)); return err },
			in:   "crebo;naam\n25297;Technicus engineering\n",
			want: []string{`line 1: the header matches no known layout; expected one of: kwalificaties-regeling-2015 (kwalificatie_crebo, kwalificatie, niveau, ...), kwalificaties-duo (KWALIFICATIE CODE, KWALIFICATIE NAAM, KWALIFICATIENIVEAU, ...)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, tt.read(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("problems\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWindows1252Municipalities(t *testing.T) {
	src := "name;code;year;corop_code;corop;region_code;region;province_code;province\r\n" +
		"Súdwest-Fryslân;GM1900;2026;CR05;Zuidwest-Friesland;AM02;Friesland;PV21;Fryslân\r\n" +
		"’s-Hertogenbosch;GM0796;2026;CR35;Noordoost-Noord-Brabant;AM27;Noordoost-Brabant;PV30;Noord-Brabant\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(src)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ReadMunicipalities(strings.NewReader(enc))
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Name != "Súdwest-Fryslân" || ms[0].Province != "Fryslân" || ms[1].Name != "’s-Hertogenbosch" {
		t.Fatalf("decoded %q %q %q", ms[0].Name, ms[0].Province, ms[1].Name)
	}
}

func resolver(t testing.TB) *PlaceResolver {
	t.Helper()
	ms, err := ReadMunicipalities(open(t, "cbs", "gemeenten_corop_arbeidsmarktregio_provincie.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ReadPlaces(open(t, "cbs", "woonplaatsen_gemeente_corop.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return NewPlaceResolver(ps, ms)
}

func TestResolve(t *testing.T) {
	r := resolver(t)
	tests := []struct{ in, want string }{
		{"ENSCHEDE", "GM0153"},
		{"'S-HERTOGENBOSCH", "GM0796"},
		{"’s-Hertogenbosch", "GM0796"},
		{"DEN BOSCH", "GM0796"},
		{"'S-GRAVENHAGE", "GM0518"},
		{"DEN HAAG", "GM0518"},
		{"EDE GLD", "GM0228"},
		{"HENGELO OV", "GM0164"},
		{"Hengelo (Gld)", "GM1876"},
		{"HENGELO GLD", "GM1876"},
		{"ZAANDAM", "GM0479"},
		{"VEGHEL", "GM1948"},
		{"SUDWEST-FRYSLAN", "GM1900"},
		{"Súdwest-Fryslân", "GM1900"},
		{"NUENEN, GERWEN EN NEDERWETTEN", "GM0820"},
		{"BERGEN (NH.)", "GM0373"},
		{"BERGEN L", "GM0893"},
		{"STEENBERGEN", "GM0851"},
		{"ALPHEN AAN DEN RYN", "GM0484"},
		{"BERGEN", ""},
		{"NUENEN C.A.", "GM0820"},
		{"ATLANTIS", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := r.Resolve(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("Resolve(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestResolveMunicipalityFirst(t *testing.T) {
	r := NewPlaceResolver(
		[]Place{{Code: "1", Name: "Haren", MunicipalityCode: "GM0014", MunicipalityName: "Groningen"}},
		[]Municipality{{Name: "Haren", Code: "GM0017", Year: 2018}, {Name: "Groningen", Code: "GM0014", Year: 2026}},
	)
	if got, _ := r.Resolve("HAREN"); got != "GM0014" {
		t.Fatalf("Resolve(HAREN) = %s, want the woonplaats's municipality GM0014", got)
	}
	if got, _ := r.ResolveMunicipality("HAREN"); got != "GM0017" {
		t.Fatalf("ResolveMunicipality(HAREN) = %s, want the old municipality GM0017", got)
	}
}

// TestResolveRealDUOPlaces resolves every PLAATSNAAM of the real mbo file and
// every GEMEENTENAAM of the vo and hbo files, and reports the share.
func TestResolveRealDUOPlaces(t *testing.T) {
	r := resolver(t)
	cases := []struct {
		file    []string
		sep     rune
		column  string
		resolve func(string) (string, bool)
		minRate float64
	}{
		{[]string{"duo", "mbo_inscriptions_2019.csv"}, ';', "PLAATSNAAM", r.Resolve, 1.0},
		{[]string{"duo", "vo_examenkandidaten_geslaagden_2019-2024.csv"}, ';', "GEMEENTENAAM", r.ResolveMunicipality, 0.99},
		{[]string{"duo", "hbo_inscriptions_2019.csv"}, ';', "GEMEENTENAAM", r.ResolveMunicipality, 1.0},
	}
	for _, c := range cases {
		t.Run(c.file[1], func(t *testing.T) {
			rd := csv.NewReader(open(t, c.file...))
			rd.Comma, rd.FieldsPerRecord, rd.LazyQuotes = c.sep, -1, true
			recs, err := rd.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := -1
			for i, h := range recs[0] {
				if h == c.column {
					col = i
				}
			}
			names := map[string]int{}
			rows := 0
			for _, rec := range recs[1:] {
				if len(rec) > col && rec[col] != "" {
					names[rec[col]]++
					rows++
				}
			}
			var unresolved []string
			resolvedRows := 0
			for n, cnt := range names {
				if _, ok := c.resolve(n); ok {
					resolvedRows += cnt
				} else {
					unresolved = append(unresolved, n)
				}
			}
			rate := float64(len(names)-len(unresolved)) / float64(len(names))
			t.Logf("%s: resolved %d of %d distinct %s values (%.1f%%), %d of %d rows; unresolved: %q",
				c.file[1], len(names)-len(unresolved), len(names), c.column, 100*rate, resolvedRows, rows, unresolved)
			if rate < c.minRate {
				t.Fatalf("resolution rate %.3f below %.3f", rate, c.minRate)
			}
		})
	}
}

// TestResolveAgainstPublishedCodes checks resolved names against the codes
// the hbo/wo files publish beside them (GEMEENTENUMMER).
func TestResolveAgainstPublishedCodes(t *testing.T) {
	r := resolver(t)
	for _, file := range []string{"hbo_inscriptions_2019.csv", "hbo_gediplomeerden_2019.csv", "wo_inscriptions_2019.csv", "wo_gediplomeerden_2019.csv"} {
		t.Run(file, func(t *testing.T) {
			pairs := map[string]string{}
			for _, rec := range rawRecords(t, ';', "duo", file) {
				if len(rec) > 2 && rec[1] != "" {
					pairs[rec[2]] = "GM" + rec[1]
				}
			}
			for name, want := range pairs {
				if got, ok := r.ResolveMunicipality(name); !ok || got != want {
					t.Errorf("ResolveMunicipality(%q) = %q, %v; the file says %s", name, got, ok, want)
				}
			}
			t.Logf("%s: %d municipality names checked", file, len(pairs))
		})
	}
}

func TestNormalizePlaceName(t *testing.T) {
	for in, want := range map[string]string{
		"'S-HERTOGENBOSCH": "s hertogenbosch", "’s-Hertogenbosch": "s hertogenbosch",
		"Bergen (NH.)": "bergen nh", "Súdwest-Fryslân": "sudwest fryslan", "  Den   Haag ": "den haag",
		"Nuenen, Gerwen en Nederwetten": "nuenen gerwen en nederwetten",
	} {
		t.Run(in, func(t *testing.T) {
			if got := NormalizePlaceName(in); got != want {
				t.Fatalf("NormalizePlaceName(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
