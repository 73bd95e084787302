package duo

// readMBO reads the rows of an mbo layout into records.
func (p *parser) readMBO() []MBORecord {
	out := make([]MBORecord, 0, p.capacity())
	var (
		keys  arena[MBOKey]
		cells []cell
	)
	perPathway := false
	for _, vc := range p.b.values {
		perPathway = perPathway || vc.pathway != ""
	}
	for p.rd.Next() {
		ok := p.readFields()
		var countsOK bool
		cells, countsOK = p.counts(cells)
		if !ok || !countsOK {
			continue
		}
		key := keys.alloc()
		p.mboKey(key)
		for i := range cells {
			vc := cells[i].vc
			k := key
			if perPathway && vc.pathway != "" {
				k = keys.alloc()
				*k = *key
				k.Pathway = vc.pathway
			}
			out = append(out, MBORecord{
				MBOKey:  k,
				Year:    p.recordYear(vc),
				Sex:     p.recordSex(vc),
				Measure: vc.measure,
				Count:   cells[i].count,
			})
		}
	}
	return out
}

func (p *parser) mboKey(k *MBOKey) {
	v := &p.vals
	*k = MBOKey{
		BRIN:              v[fBRIN],
		InstitutionName:   v[fInstitution],
		InstitutionKind:   v[fInstitutionKind],
		Place:             v[fPlace],
		MunicipalityCode:  v[fMunicipalityCode],
		Municipality:      v[fMunicipality],
		Province:          v[fProvince],
		AuthorityNumber:   v[fAuthority],
		Pathway:           Pathway(v[fPathway]),
		Crebo:             v[fCrebo],
		QualificationName: v[fQualification],
		Sector:            v[fSector],
		Domain:            v[fDomain],
		SectorUnit:        v[fSectorUnit],
		SectorChamber:     v[fSectorChamber],
		MainGroupCode:     v[fMainGroupCode],
		MainGroup:         v[fMainGroup],
		PriorVO:           v[fPriorVO],
		PriorMBO:          v[fPriorMBO],
		SmallProgramme:    v[fSmall] == "J",
		HomeProvince:      v[fHomeProvince],
		HomeMunicipality:  v[fHomeMunicipality],
		AgeGroup:          v[fAgeGroup],
		TechLabel:         v[fTechLabel],
		Line:              p.rd.Line(),
	}
	if l := v[fLevel]; l != "" {
		k.Level = int(l[0] - '0')
	}
}
