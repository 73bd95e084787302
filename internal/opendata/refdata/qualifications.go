package refdata

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"talentloket/internal/opendata"
	"talentloket/internal/opendata/csvx"
)

// QualificationSource says which list a Qualification came from.
type QualificationSource string

// The qualification lists ReadQualifications understands.
const (
	// SourceRegulation2015 is Bijlage 1 of the "Regeling vaststelling
	// kwalificatiedossiers 2015": qualifications grouped in dossiers and
	// education domains, with level, kind and pathways.
	SourceRegulation2015 QualificationSource = "regeling-2015"
	// SourceDUO is the distinct list of qualifications in a DUO mbo
	// enrolment file, with sector, domain, institutions and enrolments.
	SourceDUO QualificationSource = "duo"
)

// Qualification is an mbo qualification (crebo). Fields a source does not
// publish are left zero.
type Qualification struct {
	Source       QualificationSource
	Crebo        string // 5 digits
	Name         string
	Level        int // 1-4
	DossierCrebo string
	DossierName  string
	DomainCode   string
	Domain       string   // opleidingsdomein
	Kind         string   // soort opleiding: entree-, basisberoeps-, vak-, middenkader-, specialistenopleiding
	Pathways     []string // e.g. ["BOL", "BBL"] or ["BBL", "BOLVT"]
	PriceFactor  float64
	Requirements string // ministry with professional requirements, e.g. "VWS"
	Sector       string // DUO mbo sector (economie, techniek, ...)
	SectorUnit   string // SBB sector unit
	Institutions int    // DUO: number of institutions offering it
	Enrolled     int    // DUO: enrolments in EnrolledYear
	EnrolledYear int
}

const (
	layoutRegulation = "kwalificaties-regeling-2015"
	layoutDUOCrebo   = "kwalificaties-duo"
)

// ReadQualifications reads either qualification list, recognised by its
// header: the 2015 regulation list (kwalificatie_crebo, kwalificatie,
// niveau, kwalificatiedossier_crebo, ...) or the DUO-derived list
// (KWALIFICATIE CODE, KWALIFICATIE NAAM, KWALIFICATIENIVEAU, ...,
// TOTAALyyyy). A crebo may occur once in the regulation list; the DUO list
// repeats a code per level and name. On failure it returns nil and an error
// wrapping a *opendata.ValidationError (or the read error).
func ReadQualifications(r io.Reader) ([]Qualification, error) {
	rd, err := csvx.Open(r, csvx.Options{})
	if err != nil {
		return nil, fmt.Errorf("refdata: qualifications: %w", err)
	}
	var out []Qualification
	switch {
	case rd.Column("kwalificatie_crebo") >= 0:
		out = readRegulation(rd)
	case rd.Column("KWALIFICATIE CODE") >= 0:
		out = readDUOCrebo(rd)
	default:
		rd.Problem(opendata.CodeUnknownLayout, -1, "",
			layoutRegulation+" (kwalificatie_crebo, kwalificatie, niveau, ...), "+
				layoutDUOCrebo+" (KWALIFICATIE CODE, KWALIFICATIE NAAM, KWALIFICATIENIVEAU, ...)")
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("refdata: qualifications: %w", err)
	}
	return out, nil
}

func readRegulation(rd *csvx.Reader) []Qualification {
	c := rd.Require(layoutRegulation, "opleidingsdomein_code", "opleidingsdomein",
		"kwalificatiedossier_crebo", "kwalificatiedossier", "kwalificatie_crebo", "kwalificatie",
		"niveau", "prijsfactor", "soort_opleiding", "beroepsvereisten", "leerweg")
	if rd.Report().Total() > 0 {
		return nil
	}
	var (
		out  []Qualification
		seen = map[string]int{}
	)
	for rd.Next() {
		q := Qualification{Source: SourceRegulation2015}
		var chk csvx.Check
		q.DomainCode = rd.Str(c[0])
		q.Domain = chk.Str(rd.Required(c[1]))
		q.DossierCrebo = chk.Str(rd.Match(c[2], true, opendata.IsCrebo, "5 digits"))
		q.DossierName = chk.Str(rd.Required(c[3]))
		q.Crebo = chk.Str(rd.Match(c[4], true, opendata.IsCrebo, "5 digits"))
		q.Name = chk.Str(rd.Required(c[5]))
		q.Level = chk.Int(rd.Int(c[6], 1, 4))
		if rd.Str(c[7]) != "" {
			q.PriceFactor = chk.Float(rd.Float(c[7], 0, 10))
		}
		q.Kind = rd.Str(c[8])
		q.Requirements = rd.Str(c[9])
		q.Pathways = splitPathways(rd.Str(c[10]))
		if chk.Failed {
			continue
		}
		if first, dup := seen[q.Crebo]; dup {
			rd.Problem(opendata.CodeDuplicate, c[4], q.Crebo, "line "+strconv.Itoa(first))
			continue
		}
		seen[q.Crebo] = rd.Line()
		out = append(out, q)
	}
	return out
}

func readDUOCrebo(rd *csvx.Reader) []Qualification {
	c := rd.Require(layoutDUOCrebo, "KWALIFICATIE CODE", "KWALIFICATIE NAAM", "KWALIFICATIENIVEAU",
		"MBO SECTOR", "DOMEIN", "SECTORUNIT SBB", "AANTAL INSTELLINGEN", "LEERWEGEN")
	totalCol, totalYear := -1, 0
	for i, h := range rd.Header() {
		n := csvx.NormalizeName(h)
		if y, ok := strings.CutPrefix(n, "TOTAAL"); ok && csvx.Digits(y, 4, 4) {
			totalCol = i
			totalYear, _ = strconv.Atoi(y)
		}
	}
	if rd.Report().Total() > 0 {
		return nil
	}
	var out []Qualification
	for rd.Next() {
		q := Qualification{Source: SourceDUO}
		var chk csvx.Check
		q.Crebo = chk.Str(rd.Match(c[0], true, opendata.IsCrebo, "5 digits"))
		q.Name = chk.Str(rd.Required(c[1]))
		q.Level = chk.Int(rd.Int(c[2], 1, 4))
		q.Sector = rd.Str(c[3])
		q.Domain = rd.Str(c[4])
		q.SectorUnit = rd.Str(c[5])
		q.Institutions = chk.Int(rd.Int(c[6], 0, 1_000_000))
		q.Pathways = splitPathways(rd.Str(c[7]))
		if totalCol >= 0 {
			n := chk.Count(rd.Count(totalCol, true))
			q.Enrolled, q.EnrolledYear = n.N, totalYear
		}
		if chk.Failed {
			continue
		}
		out = append(out, q)
	}
	return out
}

func splitPathways(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "/")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.ToUpper(p))
		}
	}
	return out
}
