// Package reference loads the shared reference data every region builds
// on: CBS municipalities with their labour-market region, COROP area and
// province, CBS place names, PC4 postcode centroids and the national list
// of mbo qualifications. A load is all-or-nothing: every file is read and
// checked before anything is stored, and storing happens in one
// transaction.
package reference

import (
	"context"
	"fmt"
	"io"
	"sort"

	"talentloket/internal/domain"
	"talentloket/internal/opendata/refdata"
	"talentloket/internal/store"
)

// Sources are the readers of the files to load; nil ones are skipped.
type Sources struct {
	Municipalities io.Reader // CBS gemeenten with COROP, AM and province (cbs/gemeenten_corop_arbeidsmarktregio_provincie.csv)
	Places         io.Reader // CBS woonplaatsen (cbs/woonplaatsen_gemeente_corop.csv)
	Postcodes      io.Reader // PC4 centroids (postcode/4pp.csv)
	Qualifications io.Reader // crebo list (kwalificaties/*.csv)
}

// Report counts what was stored.
type Report struct {
	Municipalities, PlaceNames, Postcodes, SkippedPOBoxes, Qualifications int
}

// String summarises the report in one line.
func (r Report) String() string {
	return fmt.Sprintf("%d municipalities, %d place names, %d postcodes (%d PO-box-only skipped), %d qualifications",
		r.Municipalities, r.PlaceNames, r.Postcodes, r.SkippedPOBoxes, r.Qualifications)
}

// Load reads every source and stores it in one transaction. A file that
// does not read gives an error naming the file's problem (line and column)
// and nothing is stored.
func Load(ctx context.Context, db *store.DB, src Sources) (Report, error) {
	var (
		rep    Report
		munis  []refdata.Municipality
		places []refdata.Place
		pcs    []refdata.Postcode
		quals  []refdata.Qualification
		err    error
	)
	if src.Municipalities != nil {
		if munis, err = refdata.ReadMunicipalities(src.Municipalities); err != nil {
			return rep, fmt.Errorf("municipalities: %w", err)
		}
	}
	if src.Places != nil {
		if places, err = refdata.ReadPlaces(src.Places); err != nil {
			return rep, fmt.Errorf("places: %w", err)
		}
	}
	if src.Postcodes != nil {
		if pcs, err = refdata.ReadPostcodes(src.Postcodes); err != nil {
			return rep, fmt.Errorf("postcodes: %w", err)
		}
	}
	if src.Qualifications != nil {
		if quals, err = refdata.ReadQualifications(src.Qualifications); err != nil {
			return rep, fmt.Errorf("qualifications: %w", err)
		}
	}
	current := latestPerCode(munis)
	err = db.InTx(ctx, func(q *store.Queries) error {
		for _, m := range current {
			if err := q.UpsertMunicipality(ctx, domain.Municipality{Code: m.Code, Name: m.Name, Year: m.Year,
				LabourMarketCode: m.LabourMarketCode, LabourMarket: m.LabourMarket, CoropCode: m.CoropCode, Corop: m.Corop,
				ProvinceCode: m.ProvinceCode, Province: m.Province}); err != nil {
				return fmt.Errorf("municipality %s: %w", m.Code, err)
			}
			rep.Municipalities++
		}
		// Place names first, municipality names last: where a place and a
		// municipality share a name, the municipality wins.
		for _, p := range places {
			if err := q.UpsertPlaceName(ctx, p.Name, p.MunicipalityCode, "place"); err != nil {
				return err
			}
			rep.PlaceNames++
		}
		for _, m := range munis {
			if err := q.UpsertPlaceName(ctx, m.Name, m.Code, "municipality"); err != nil {
				return err
			}
			rep.PlaceNames++
		}
		for _, p := range pcs {
			if p.POBoxOnly() {
				rep.SkippedPOBoxes++
				continue
			}
			if err := q.UpsertPostcode(ctx, domain.Postcode{PC4: p.PC4, Place: p.Place, Municipality: p.Municipality,
				Point: domain.Point{Lat: p.Lat, Lon: p.Lon}, Source: "4pp"}); err != nil {
				return fmt.Errorf("postcode %s: %w", p.PC4, err)
			}
			rep.Postcodes++
		}
		for _, c := range quals {
			if err := q.UpsertQualification(ctx, domain.Qualification{Crebo: c.Crebo, Name: c.Name, Level: c.Level,
				DossierCrebo: c.DossierCrebo, Dossier: c.DossierName, Domain: c.Domain, Sector: c.Sector}); err != nil {
				return fmt.Errorf("qualification %s: %w", c.Crebo, err)
			}
			rep.Qualifications++
		}
		return nil
	})
	if err != nil {
		return Report{}, err
	}
	return rep, nil
}

// latestPerCode keeps, per municipality code, the row of the latest year:
// its name is the current one.
func latestPerCode(ms []refdata.Municipality) []refdata.Municipality {
	by := map[string]refdata.Municipality{}
	for _, m := range ms {
		if cur, ok := by[m.Code]; !ok || m.Year > cur.Year {
			by[m.Code] = m
		}
	}
	out := make([]refdata.Municipality, 0, len(by))
	for _, m := range by {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
