package index

import (
	"math"

	"talentloket/internal/match"
)

// The grid covers the Netherlands (lat 50.7–53.6, lon 3.3–7.3) with cells
// of 0.09° latitude by 0.15° longitude, about 10 x 10 km: 33 rows of 27
// columns. (5 km cells were tried: more cells to order and look up per
// query cost more than the finer pruning saved on the benchmark data.) Points outside the box fall into the nearest edge cell; for
// distance bounds the edge cells are treated as reaching to the poles and
// the antimeridian, so the bounds stay valid for such points.
const (
	gridLat0, gridLat1 = 50.7, 53.6
	gridLon0, gridLon1 = 3.3, 7.3
	cellLat, cellLon   = 0.09, 0.15
)

var (
	gridRows  = int(math.Ceil((gridLat1 - gridLat0) / cellLat))
	gridCols  = int(math.Ceil((gridLon1 - gridLon0) / cellLon))
	gridCells = gridRows * gridCols
)

// noCell is the cell of placements without a known location.
const noCell = -1

func cellOf(p match.Point) int32 {
	if !p.Known() {
		return noCell
	}
	r := int(math.Floor((p.Lat - gridLat0) / cellLat))
	c := int(math.Floor((p.Lon - gridLon0) / cellLon))
	r = max(0, min(r, gridRows-1))
	c = max(0, min(c, gridCols-1))
	return int32(r*gridCols + c)
}

// cellBox returns the latitude and longitude range of a cell in degrees.
func cellBox(cell int32) (lat0, lat1, lon0, lon1 float64) {
	r, c := int(cell)/gridCols, int(cell)%gridCols
	lat0, lat1 = gridLat0+float64(r)*cellLat, gridLat0+float64(r+1)*cellLat
	lon0, lon1 = gridLon0+float64(c)*cellLon, gridLon0+float64(c+1)*cellLon
	if r == 0 {
		lat0 = -90
	}
	if r == gridRows-1 {
		lat1 = 90
	}
	if c == 0 {
		lon0 = -180
	}
	if c == gridCols-1 {
		lon1 = 180
	}
	return
}

const earthRadiusKm = 6371.0088 // as match.DistanceKm

// cellLowerBound returns a distance in km that no point of the cell is
// closer to p than. From the haversine formula,
// hav(d/R) = hav(Δφ) + cos φ1 cos φ2 hav(Δλ), with Δφ and Δλ at least their
// gaps to the cell's box and cos φ1 cos φ2 at least cos φp times the cosine
// of the box's latitude farthest from the equator; a small margin covers
// rounding.
func cellLowerBound(p match.Point, cell int32) float64 {
	lat0, lat1, lon0, lon1 := cellBox(cell)
	const rad = math.Pi / 180
	dLat := max(0, lat0-p.Lat, p.Lat-lat1) * rad
	dLon := 0.0
	if p.Lon < lon0 || p.Lon > lon1 {
		// the shorter way round to either edge
		east := math.Mod(lon0-p.Lon+720, 360)
		west := math.Mod(p.Lon-lon1+720, 360)
		dLon = min(east, west, 180) * rad
	}
	far := max(math.Abs(lat0), math.Abs(lat1))
	cosProd := max(0, math.Cos(p.Lat*rad)*math.Cos(far*rad))
	sLat, sLon := math.Sin(dLat/2), math.Sin(dLon/2)
	h := sLat*sLat + cosProd*sLon*sLon
	d := 2 * earthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
	return max(0, d*(1-1e-9)-1e-9)
}

// unit is a point as a unit vector, for cheap distance bounds.
type unit struct{ x, y, z float64 }

func unitOf(p match.Point) unit {
	const rad = math.Pi / 180
	cl := math.Cos(p.Lat * rad)
	return unit{cl * math.Cos(p.Lon*rad), cl * math.Sin(p.Lon*rad), math.Sin(p.Lat * rad)}
}

// chord returns the straight-line distance between two unit vectors; the
// great-circle distance is d = 2R asin(c/2), so R c <= d <= R c (1 + c²/20)
// for c <= 1.
func chord(a, b unit) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return math.Sqrt(dx*dx + dy*dy + dz*dz)
}

// chordLower and chordUpper bound match.DistanceKm from the chord, with a
// margin for rounding in either computation.
func chordLower(c float64) float64 { return max(0, earthRadiusKm*c*(1-1e-9)-1e-9) }

func chordUpper(c float64) float64 {
	if c > 1 {
		return math.Inf(1)
	}
	return earthRadiusKm*c*(1+c*c/20)*(1+1e-9) + 1e-9
}

// cellDist is a cell with its distance lower bound from a query point,
// kept as the haversine value h (d = 2R asin √h, increasing in h).
type cellDist struct {
	cell int32
	h    float64
}

// lb returns the distance lower bound in km, with a margin for rounding.
func (c cellDist) lb() float64 {
	d := 2 * earthRadiusKm * math.Asin(math.Sqrt(min(c.h, 1)))
	return max(0, d*(1-1e-9)-1e-9)
}

// cellsWithin appends the cells whose distance lower bound from p may be at
// most maxKm (all cells when maxKm is infinite), as a heap for popCell. The bound is
// cellLowerBound's, computed per row and column: hav(Δφ) and the cosine
// product depend on the row only, hav(Δλ) on the column only.
func cellsWithin(dst []cellDist, p match.Point, maxKm float64) []cellDist {
	dst = dst[:0]
	const rad = math.Pi / 180
	hMax := 2.0
	if !math.IsInf(maxKm, 1) {
		s := math.Sin(min(maxKm/earthRadiusKm, math.Pi) / 2)
		hMax = s*s*(1+1e-6) + 1e-15
	}
	var havLon [128]float64
	for c := 0; c < gridCols; c++ {
		_, _, lon0, lon1 := cellBox(int32(c))
		dLon := 0.0
		if p.Lon < lon0 || p.Lon > lon1 {
			east := math.Mod(lon0-p.Lon+720, 360)
			west := math.Mod(p.Lon-lon1+720, 360)
			dLon = min(east, west, 180) * rad
		}
		s := math.Sin(dLon / 2)
		havLon[c] = s * s
	}
	cosP := math.Cos(p.Lat * rad)
	for r := 0; r < gridRows; r++ {
		lat0, lat1, _, _ := cellBox(int32(r * gridCols))
		dLat := max(0, lat0-p.Lat, p.Lat-lat1) * rad
		s := math.Sin(dLat / 2)
		havLat := s * s
		if havLat > hMax {
			continue
		}
		far := max(math.Abs(lat0), math.Abs(lat1))
		cosProd := max(0, cosP*math.Cos(far*rad))
		for c := 0; c < gridCols; c++ {
			if h := havLat + cosProd*havLon[c]; h <= hMax {
				dst = append(dst, cellDist{int32(r*gridCols + c), h})
			}
		}
	}
	heapify(dst)
	return dst
}

// The cells of a query are kept as a binary min-heap by (h, cell) and
// popped nearest first: a query usually stops after a few cells, so
// sorting them all would be wasted.

func (a cellDist) less(b cellDist) bool { return a.h < b.h || a.h == b.h && a.cell < b.cell }

func heapify(h []cellDist) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
}

func siftDown(h []cellDist, i int) {
	n := len(h)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && h[c+1].less(h[c]) {
			c++
		}
		if !h[c].less(h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// popCell removes and returns the nearest cell of the heap.
func popCell(h *[]cellDist) (cellDist, bool) {
	s := *h
	if len(s) == 0 {
		return cellDist{}, false
	}
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	*h = s[:last]
	siftDown(*h, 0)
	return top, true
}
