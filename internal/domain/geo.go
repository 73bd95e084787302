package domain

import "math"

// Point is a WGS84 coordinate in decimal degrees.
type Point struct {
	Lat, Lon float64
}

// IsZero reports whether the point is unset.
func (p Point) IsZero() bool { return p.Lat == 0 && p.Lon == 0 }

// InNetherlands reports whether the point lies in a generous bounding box
// around the Netherlands (including the Wadden islands).
func (p Point) InNetherlands() bool {
	return p.Lat >= 50.7 && p.Lat <= 53.7 && p.Lon >= 3.2 && p.Lon <= 7.3
}

const earthRadiusKm = 6371.0088

// DistanceKm returns the great-circle (haversine) distance between a and b.
func DistanceKm(a, b Point) float64 {
	const rad = math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(s)))
}
