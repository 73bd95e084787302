package duo

import "strings"

// readVO reads the rows of the vo exam layout into records.
func (p *parser) readVO() []VORecord {
	out := make([]VORecord, 0, p.capacity())
	var (
		keys  arena[VOKey]
		cells []cell
	)
	for p.rd.Next() {
		ok := p.readFields()
		var countsOK bool
		cells, countsOK = p.counts(cells)
		if !ok || !countsOK {
			continue
		}
		v := &p.vals
		key := keys.alloc()
		*key = VOKey{
			BRIN:           v[fBRIN],
			Vestiging:      v[fVestiging],
			Name:           v[fInstitution],
			Municipality:   v[fMunicipality],
			Type:           strings.ToUpper(v[fVOType]),
			InspectionCode: v[fInspection],
			Programme:      v[fProgramme],
			Line:           p.rd.Line(),
		}
		key.Track, key.Sector = ParseVOProgramme(key.Programme)
		for i := range cells {
			vc := cells[i].vc
			out = append(out, VORecord{
				VOKey:      key,
				SchoolYear: p.recordYear(vc),
				Sex:        p.recordSex(vc),
				Measure:    vc.measure,
				Count:      cells[i].count,
			})
		}
	}
	return out
}

// ParseVOProgramme splits a vo OPLEIDINGSNAAM such as "VMBO K - techniek"
// into the vmbo track ("K"; B, K, G, T or LWT, with GL and TL read as G and
// T) and the sector ("techniek"; "zorg & welzijn" is read as "zorg en
// welzijn"). For havo/vwo names ("HAVO - N&T / N&G") the track is "" and the
// sector is the profile text. Parts that are absent come back "".
func ParseVOProgramme(name string) (track, sector string) {
	head, tail, _ := strings.Cut(name, " - ")
	fields := strings.Fields(head)
	if len(fields) >= 2 && strings.EqualFold(fields[0], "VMBO") {
		track = strings.ToUpper(fields[1])
		switch track {
		case "GL":
			track = "G"
		case "TL":
			track = "T"
		}
		sector = strings.ToLower(strings.TrimSpace(tail))
		sector = strings.ReplaceAll(sector, " & ", " en ")
		return track, sector
	}
	return "", strings.TrimSpace(tail)
}
