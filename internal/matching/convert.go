package matching

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/match"
	"talentloket/internal/store"
)

// Where a position comes from, best first. A position that is not exact
// is shown in the explanation ("afstand geschat ...").
type source uint8

const (
	srcExact   source = iota // the location's own coordinates or its PC4 centroid
	srcNearby                // the nearest PC4 area with the same first three digits
	srcTown                  // the centre of the town (mean of its PC4 centroids)
	srcSchool                // the student's school
	srcUnknown               // nothing known: the distance component is neutral
)

// refData is the reference data the conversion needs, loaded from the
// store and shared read-only by every query until it is replaced.
type refData struct {
	pc4    map[string]domain.Point // "7511" -> centroid
	codes  []int                   // the known PC4 codes as numbers, sorted
	towns  map[string]domain.Point // store.PlaceNameKey(place) -> centre
	quals  map[string]domain.Qualification
	dossNm map[string]string // dossier crebo -> dossier name
	loaded time.Time
}

func loadRefData(ctx context.Context, st interface {
	Postcodes(ctx context.Context) ([]domain.Postcode, error)
	Qualifications(ctx context.Context) ([]domain.Qualification, error)
}, now time.Time) (*refData, error) {
	pcs, err := st.Postcodes(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := st.Qualifications(ctx)
	if err != nil {
		return nil, err
	}
	return newRefData(pcs, qs, now), nil
}

func newRefData(pcs []domain.Postcode, qs []domain.Qualification, now time.Time) *refData {
	rd := &refData{pc4: make(map[string]domain.Point, len(pcs)), towns: map[string]domain.Point{},
		quals: make(map[string]domain.Qualification, len(qs)), dossNm: map[string]string{}, loaded: now}
	type sum struct {
		lat, lon float64
		n        int
	}
	towns := map[string]*sum{}
	for _, p := range pcs {
		rd.pc4[p.PC4] = p.Point
		if n, err := strconv.Atoi(p.PC4); err == nil {
			rd.codes = append(rd.codes, n)
		}
		if k := store.PlaceNameKey(p.Place); k != "" {
			t := towns[k]
			if t == nil {
				t = &sum{}
				towns[k] = t
			}
			t.lat, t.lon, t.n = t.lat+p.Point.Lat, t.lon+p.Point.Lon, t.n+1
		}
	}
	slices.Sort(rd.codes)
	for k, t := range towns {
		rd.towns[k] = domain.Point{Lat: t.lat / float64(t.n), Lon: t.lon / float64(t.n)}
	}
	for _, q := range qs {
		rd.quals[q.Crebo] = q
		if q.DossierCrebo != "" && q.Dossier != "" {
			rd.dossNm[q.DossierCrebo] = q.Dossier
		}
	}
	return rd
}

// postcode returns the centroid of a postcode's PC4 area, or of the nearest
// known area with the same first three digits (areas numbered alike lie in
// the same town or next to it).
func (rd *refData) postcode(pc string) (domain.Point, source) {
	pc4 := domain.PC4(pc)
	if pc4 == "" {
		return domain.Point{}, srcUnknown
	}
	if p, ok := rd.pc4[pc4]; ok {
		return p, srcExact
	}
	n, _ := strconv.Atoi(pc4)
	i, _ := slices.BinarySearch(rd.codes, n)
	best, bestGap := -1, 10
	for _, j := range []int{i - 1, i} {
		if j >= 0 && j < len(rd.codes) && rd.codes[j]/10 == n/10 {
			if gap := abs(rd.codes[j] - n); gap < bestGap {
				best, bestGap = rd.codes[j], gap
			}
		}
	}
	if best < 0 {
		return domain.Point{}, srcUnknown
	}
	return rd.pc4[strconv.Itoa(best)], srcNearby
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// placementPoint resolves where a placement is: the location's own
// coordinates, else its postcode (or a neighbour), else the centre of its
// town.
func (rd *refData) placementPoint(p domain.Placement) (match.Point, source) {
	if !p.Point.IsZero() {
		return match.Point{Lat: p.Point.Lat, Lon: p.Point.Lon}, srcExact
	}
	if pt, src := rd.postcode(p.Postcode); src != srcUnknown {
		return match.Point{Lat: pt.Lat, Lon: pt.Lon}, src
	}
	if pt, ok := rd.towns[store.PlaceNameKey(p.Place)]; ok {
		return match.Point{Lat: pt.Lat, Lon: pt.Lon}, srcTown
	}
	return match.Point{}, srcUnknown
}

// homePoint resolves where a student lives: the PC4 centroid of the home
// postcode (or a neighbour), else the student's school.
func (rd *refData) homePoint(s domain.Student, school domain.Point) (match.Point, source) {
	if pt, src := rd.postcode(s.HomePostcode); src != srcUnknown {
		return match.Point{Lat: pt.Lat, Lon: pt.Lon}, src
	}
	if !school.IsZero() {
		return match.Point{Lat: school.Lat, Lon: school.Lon}, srcSchool
	}
	return match.Point{}, srcUnknown
}

// qualification returns what the fit score knows of a crebo: its
// qualification file (by the file's crebo, else its name) and domain.
func (rd *refData) qualification(crebo string) match.Qualification {
	q := match.Qualification{Crebo: crebo}
	if c, ok := rd.quals[crebo]; ok {
		q.Dossier, q.Domain = c.DossierCrebo, c.Domain
		if q.Dossier == "" {
			q.Dossier = c.Dossier
		}
	}
	return q
}

// dossierName returns the name of a qualification file for explanations.
func (rd *refData) dossierName(d string) string {
	if n, ok := rd.dossNm[d]; ok {
		return n
	}
	return d
}

// qualName returns the name of a crebo, or the crebo.
func (rd *refData) qualName(crebo string) string {
	if c, ok := rd.quals[crebo]; ok && c.Name != "" {
		return c.Name
	}
	return crebo
}

// yearSpan is the length given to a period with a start but no end.
const yearSpan = 365

// period converts a domain period: unknown when both ends are open; an
// open start is today, an open end a year after the start.
func period(p domain.Period, today time.Time) match.Period {
	if p.Start.IsZero() && p.End.IsZero() {
		return match.Period{}
	}
	from := match.DayOf(today)
	if !p.Start.IsZero() {
		from = match.DayOf(p.Start)
	}
	to := from + yearSpan
	if !p.End.IsZero() {
		to = match.DayOf(p.End)
	}
	return match.Period{From: from, To: to}
}

func kindStrings(ks []domain.PlacementKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// indexID is the index's id of a placement: the 8 bytes of the complement
// of its id, big-endian, so that the index's order by id is newest first.
func indexID(id int64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], ^uint64(id))
	return string(b[:])
}

// placementID reverses indexID.
func placementID(s string) int64 {
	if len(s) != 8 {
		return 0
	}
	return int64(^binary.BigEndian.Uint64([]byte(s)))
}

// toPlacement converts a placement for the fit score and the index. Its
// search text holds the title, field, company, place and the names and
// crebos of its qualifications (not the description: every word of the
// search text costs an entry in the index).
func (rd *refData) toPlacement(p domain.Placement, accredited []string, today time.Time) (match.Placement, source) {
	loc, src := rd.placementPoint(p)
	mp := match.Placement{ID: indexID(p.ID), Kind: string(p.Kind), Title: p.Title, Stage: string(p.Stage),
		Pathway: string(p.Pathway), Level: p.Level, Location: loc, Period: period(p.Period, today),
		Skills: p.Skills, RequiredLanguages: p.Languages, AccreditedCrebos: accredited}
	text := []string{p.Field, p.CompanyName, p.Place}
	for _, c := range p.Crebos {
		mp.Qualifications = append(mp.Qualifications, rd.qualification(c))
		text = append(text, c, rd.qualName(c))
	}
	mp.Programme = strings.Join(text, " ")
	return mp, src
}

// toStudent converts a student for the fit score.
func (rd *refData) toStudent(s domain.Student, school domain.Point, today time.Time) (match.Student, source) {
	home, src := rd.homePoint(s, school)
	ms := match.Student{ID: strconv.FormatInt(s.ID, 10), Stage: string(s.Stage), Level: s.Level, Pathway: string(s.Pathway),
		Home: home, MaxDistanceKm: float64(s.MaxDistanceKm), Available: period(s.Available, today), Skills: s.Skills,
		Languages: s.Languages, Wishes: kindStrings(s.LookingFor)}
	if s.Crebo != "" {
		ms.Qualification = rd.qualification(s.Crebo)
	}
	return ms, src
}

// weightsOf converts stored weights to the engine's.
func weightsOf(w domain.FitWeights) match.Weights {
	return match.Weights{Qualification: w.Qualification, Level: w.Level, Distance: w.Distance, Period: w.Period,
		Skills: w.Skills, Languages: w.Languages, Wishes: w.Wishes, DossierCredit: w.DossierCredit,
		DomainCredit: w.DomainCredit, OpenCredit: w.OpenCredit, MissingLanguageFactor: w.MissingLanguageFactor,
		DefaultMaxDistanceKm: w.DefaultMaxDistanceKm}
}

// DefaultWeights returns the weights of a region that stored none: the
// engine's defaults.
func DefaultWeights() domain.FitWeights {
	w := match.DefaultWeights()
	return domain.FitWeights{Qualification: w.Qualification, Level: w.Level, Distance: w.Distance, Period: w.Period,
		Skills: w.Skills, Languages: w.Languages, Wishes: w.Wishes, DossierCredit: w.DossierCredit,
		DomainCredit: w.DomainCredit, OpenCredit: w.OpenCredit, MissingLanguageFactor: w.MissingLanguageFactor,
		DefaultMaxDistanceKm: w.DefaultMaxDistanceKm}
}

// fitOf converts the engine's explanation: reason arguments that are ids
// become names (qualification files), and an estimated position adds a
// reason saying so.
func (rd *refData) fitOf(f match.Fit, home, place source) domain.Fit {
	out := domain.Fit{Score: math.Round(f.Score*10) / 10, Eligible: f.Eligible, Reasons: make([]domain.FitReason, 0, len(f.Reasons)+1)}
	for _, r := range f.Reasons {
		fr := domain.FitReason{Code: r.Code, Args: r.Args}
		switch r.Code {
		case match.ReasonSameDossier:
			if len(r.Args) == 1 {
				fr.Args = []any{rd.dossierName(fmt.Sprint(r.Args[0]))}
			}
		case match.ReasonSameProgramme, match.ReasonAccredited, match.ReasonNotAccredited:
			if len(r.Args) == 1 {
				if c := fmt.Sprint(r.Args[0]); c != "" {
					fr.Args = []any{rd.qualName(c)}
				} else {
					fr = domain.FitReason{Code: ReasonNoCrebo}
				}
			}
		}
		out.Reasons = append(out.Reasons, fr)
	}
	switch {
	case home == srcNearby:
		out.Reasons = append(out.Reasons, domain.FitReason{Code: ReasonHomeNearby})
	case home == srcSchool:
		out.Reasons = append(out.Reasons, domain.FitReason{Code: ReasonHomeSchool})
	}
	if place == srcNearby || place == srcTown {
		out.Reasons = append(out.Reasons, domain.FitReason{Code: ReasonPlaceTown})
	}
	return out
}

// Reason codes the app adds to the engine's.
const (
	ReasonHomeNearby   = "home_nearby"     // home PC4 unknown: a neighbouring area was used
	ReasonHomeSchool   = "home_school"     // home unknown: the school's location was used
	ReasonPlaceTown    = "place_town"      // the placement's position is its town's centre
	ReasonLevelTooLow  = "level_too_low"   // the placement asks a higher level (domain rule)
	ReasonDistanceBand = "distance_band"   // [band]: an anonymised distance
	ReasonNoPlacements = "no_placements"   // the round had no placement for the student
	ReasonNotSuitable  = "not_suitable"    // stage, level or pathway rule of the placement
	ReasonNoneEligible = "none_eligible"   // no eligible placement, for mixed reasons
	ReasonGivenList    = "given_list"      // the student's own list was used
	ReasonTieLottery   = "lottery_decided" // the lottery decided between equal scores
	ReasonNoCrebo      = "no_crebo"        // the student's crebo is unknown
)

// fingerprint is a short hash of the values that decide a round's outcome
// for a student or placement; publishing compares them to tell a stale
// round.
func fingerprint(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%v\x1f", p)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func studentFingerprint(s domain.Student) string {
	return fingerprint(s.Stage, s.Crebo, s.Level, s.Pathway, s.Year, s.SchoolID, s.HomePostcode, s.MaxDistanceKm, s.Skills,
		s.Languages, s.LookingFor, s.Available.Start.Unix(), s.Available.End.Unix(), s.Status)
}

func placementFingerprint(p domain.Placement, accredited []string, seats int) string {
	return fingerprint(p.Kind, p.CompanyID, p.LocationID, p.Crebos, p.Stage, p.Level, p.Pathway, p.Period.Start.Unix(),
		p.Period.End.Unix(), p.Skills, p.Languages, p.Status, accredited, seats)
}
