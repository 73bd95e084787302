package duo

// readHO reads the rows of an hbo/wo layout into records.
func (p *parser) readHO() []HORecord {
	out := make([]HORecord, 0, p.capacity())
	var (
		keys  arena[HOKey]
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
		*key = HOKey{
			Province:         v[fProvince],
			MunicipalityCode: v[fMunicipalityCode],
			Municipality:     v[fMunicipality],
			InstitutionType:  v[fInstitutionType],
			Degree:           v[fDegree],
			BRIN:             v[fBRIN],
			Institution:      v[fInstitution],
			Sector:           v[fSector],
			SubSector:        v[fSubSector],
			CROHO:            v[fCROHO],
			Programme:        v[fProgramme],
			Form:             v[fForm],
			Line:             p.rd.Line(),
		}
		for i := range cells {
			vc := cells[i].vc
			out = append(out, HORecord{
				HOKey:   key,
				Year:    p.recordYear(vc),
				Sex:     p.recordSex(vc),
				Measure: vc.measure,
				Count:   cells[i].count,
			})
		}
	}
	return out
}
