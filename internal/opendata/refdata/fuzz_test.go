package refdata

import (
	"bytes"
	"errors"
	"testing"

	"talentloket/internal/opendata"
)

// checkOutcome asserts the all-or-nothing contract: a result or an error
// that is a validation error, never both.
func checkOutcome(t *testing.T, n int, isNil bool, err error) {
	t.Helper()
	if err != nil {
		if !isNil || n != 0 {
			t.Fatalf("partial result (%d rows) with error %v", n, err)
		}
		if !errors.Is(err, opendata.ErrInvalid) {
			t.Fatalf("error does not wrap ErrInvalid: %v", err)
		}
	}
}

func FuzzReadMunicipalities(f *testing.F) {
	f.Add([]byte("name,code,year,corop_code,corop,region_code,region,province_code,province\nAa en Hunze,GM1680,2026,CR07,Noord-Drenthe,AM01,Groningen,PV22,Drenthe\n\"Nuenen, Gerwen en Nederwetten\",GM0820,2026,CR36,Zuidoost-Noord-Brabant,AM28,Zuidoost-Brabant,PV30,Noord-Brabant\nAbcoude,GM0305,2010,CR17,Utrecht,,,PV26,Utrecht\n"))
	f.Add([]byte("name;code;year;corop_code;corop;region_code;region;province_code;province\r\nS\xFAdwest-Frysl\xE2n;GM1900;2026;CR05;Zuidwest-Friesland;AM02;Friesland;PV21;Frysl\xE2n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := ReadMunicipalities(bytes.NewReader(data))
		checkOutcome(t, len(ms), ms == nil, err)
		_ = CurrentMunicipalities(ms)
	})
}

func FuzzReadPlaces(f *testing.F) {
	f.Add([]byte("Woonplaatscode,Woonplaats,Gemeentecode,Gemeente,COROP-gebiedcode,COROP-gebied\n1000,Hoogerheide,0873,Woensdrecht,33,West-Noord-Brabant\n2136,Nuenen,0820,\"Nuenen, Gerwen en Nederwetten\",36,Zuidoost-Noord-Brabant\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ReadPlaces(bytes.NewReader(data))
		checkOutcome(t, len(ps), ps == nil, err)
	})
}

func FuzzReadPostcodes(f *testing.F) {
	f.Add([]byte("id,postcode,\"woonplaats\",\"alternatieve_schrijfwijzen\",\"gemeente\",\"provincie\",\"netnummer\",latitude,longitude,\"soort\"\n1,1000,\"Amsterdam\",\"\",\"Amsterdam\",\"Noord-Holland\",\"020\",52.3362429,4.8694444,\"Postbus\"\n2,2500,\"'s-Gravenhage\",\"S GRAVENHAGE;'s-Gravenhage\",\"'s-Gravenhage\",\"Zuid-Holland\",\"070\",52.08,4.31,\"Adres + Postbus\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pcs, err := ReadPostcodes(bytes.NewReader(data))
		checkOutcome(t, len(pcs), pcs == nil, err)
		for _, p := range pcs {
			if p.Lat < MinLat || p.Lat > MaxLat || p.Lon < MinLon || p.Lon > MaxLon || !opendata.IsPC4(p.PC4) {
				t.Fatalf("invalid postcode accepted: %+v", p)
			}
		}
	})
}

func FuzzReadSchoolLocations(f *testing.F) {
	f.Add([]byte("brinvest;name;street;zip;city;url\r\n25GV00;Stafdienst;Bovenbuurtweg 27;6717 XA;Ede gld;http://www.aeresmbo.nl/\r\n25GV01;Aeres MBO Almere;Ambonstraat 5;1335JV ;Almere;\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ls, err := ReadSchoolLocations(bytes.NewReader(data))
		checkOutcome(t, len(ls), ls == nil, err)
		for _, l := range ls {
			if _, ok := opendata.NormalizePostcode(l.Postcode); !ok || !opendata.IsBRINVest(l.BRINVest) {
				t.Fatalf("invalid location accepted: %+v", l)
			}
		}
	})
}

func FuzzReadQualifications(f *testing.F) {
	f.Add([]byte("opleidingsdomein_code;opleidingsdomein;kwalificatiedossier_crebo;kwalificatiedossier_prijsfactor;kwalificatiedossier;kwalificatie_crebo;kwalificatie;niveau;prijsfactor;soort_opleiding;beroepsvereisten;leerweg\n79000;Bouw en infra;23045;1,30;Betonboren;25078;Betonboorder;3;1,30;vakopleiding;;BOL/BBL\n"))
	f.Add([]byte("KWALIFICATIE CODE;KWALIFICATIE NAAM;KWALIFICATIENIVEAU;MBO SECTOR;DOMEIN;SECTORUNIT SBB;AANTAL INSTELLINGEN;LEERWEGEN;TOTAAL2019\n25297;Technicus engineering;4;techniek;Techniek en procesindustrie;Sectorunit techniek;39;BBL/BOLVT;9600\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, err := ReadQualifications(bytes.NewReader(data))
		checkOutcome(t, len(qs), qs == nil, err)
	})
}

func FuzzResolve(f *testing.F) {
	r := NewPlaceResolver(
		[]Place{{Code: "3510", Name: "Hengelo", MunicipalityCode: "GM0164"}, {Code: "1535", Name: "Hengelo (Gld)", MunicipalityCode: "GM1876"}},
		[]Municipality{{Name: "Hengelo (O.)", Code: "GM0164", Year: 2026, ProvinceCode: "PV23"}, {Name: "Bronckhorst", Code: "GM1876", Year: 2026, ProvinceCode: "PV25"}},
	)
	for _, s := range []string{"HENGELO OV", "'S-HERTOGENBOSCH", "Súdwest-Fryslân", "İ", "a b", " y "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizePlaceName(s)
		if NormalizePlaceName(n) != n {
			t.Fatalf("NormalizePlaceName not idempotent on %q: %q -> %q", s, n, NormalizePlaceName(n))
		}
		if code, ok := r.Resolve(s); ok != (code != "") {
			t.Fatalf("Resolve(%q) = %q, %v", s, code, ok)
		}
		_, _ = r.ResolveMunicipality(s)
	})
}
