package index

import "talentloket/internal/match"

// hot is the part of an entry that recommendations read first, 32 bytes
// instead of 88, kept in a slice parallel to the bucket's entries: enough
// for an upper bound of the score from the distance, level, period, wishes
// and skills, so that most entries are passed over without reading the
// rest.
type hot struct {
	x, y, z  float32 // location as a unit vector, rounded (bounds allow for it)
	from, to match.Day
	level    int16
	kind     uint8
	flags    uint8 // hotLoc, hotPeriod, hotLevel, hotSkills
	nSkills  uint8
	skill    [4]uint8 // skillHash of each wanted skill
}

const (
	hotLoc    = 1 << iota // location known
	hotPeriod             // period known
	hotLevel              // level fits int16: the level component is exact
	hotSkills             // skill holds every wanted skill: the skills bound applies
)

// skillHash spreads interned skill ids over 256 bits for the skills bound:
// a wanted skill whose hash is not among the student's is not held.
func skillHash(id uint16) uint8 { return uint8((uint32(id) * 2654435761) >> 24) }

func hotOf(e *entry) hot {
	h := hot{from: e.from, to: e.to, kind: e.kind, nSkills: e.nSkills}
	if e.flags&flagLoc != 0 {
		h.flags |= hotLoc
		u := unitOf(match.Point{Lat: e.lat, Lon: e.lon})
		h.x, h.y, h.z = float32(u.x), float32(u.y), float32(u.z)
	}
	if e.flags&flagPeriod != 0 {
		h.flags |= hotPeriod
	}
	if e.level >= -1<<15 && e.level < 1<<15 {
		h.level = int16(e.level)
		h.flags |= hotLevel
	}
	if e.flags&flagSkills != 0 {
		h.flags |= hotSkills
		for i := 0; i < int(e.nSkills); i++ {
			h.skill[i] = skillHash(e.skills[i])
		}
	}
	return h
}
