package demo

import (
	"fmt"
	"strings"
	"time"

	"talentloket/internal/domain"
)

// Count is a labelled number.
type Count struct {
	Key string
	N   int
}

// RegionSummary gives the sizes of one generated region.
type RegionSummary struct {
	Slug, Name     string
	Municipalities int
	Postcodes      int // PC4 centroids of its towns
	Schools        int
	Companies      int
	Accredited     int // companies that are an accredited training company for at least one crebo
	Members        int // organisations that are members of the regional cooperative
	Associations   int
	Governments    int
	Locations      int
	Programmes     int
	Users          int
	Coaches        int
	Students       int
	// StudentsByStage and StudentsByStatus follow domain.Stages and the
	// student statuses looking, placed, inactive.
	StudentsByStage  []Count
	StudentsByStatus []Count
	Placements       int
	// PlacementsByKind and PlacementsByStatus follow domain.PlacementKinds
	// and domain.PlacementStatuses.
	PlacementsByKind   []Count
	PlacementsByStatus []Count
	Applications       int
	// ApplicationsByStatus follows domain.ApplicationStatuses.
	ApplicationsByStatus []Count
	ApplicationEvents    int
}

// Summary describes a generated demo: its sizes per region and the demo
// accounts. Everything but Elapsed depends only on the options.
type Summary struct {
	Seed           int64
	Now            time.Time
	Qualifications int
	Regions        []RegionSummary
	Accounts       []Account
	Parts          []string // one line per registered part
	Elapsed        time.Duration
}

// summary counts what was planned (and, after a successful insert, stored).
func (w *world) summary() Summary {
	s := Summary{Seed: w.seed, Now: w.now, Qualifications: len(qualifications)}
	for _, rp := range w.regions {
		s.Regions = append(s.Regions, rp.summary())
		for _, u := range rp.accounts {
			s.Accounts = append(s.Accounts, Account{Email: u.u.Email, Role: u.u.Role, Region: rp.spec.slug, Name: u.u.Name})
		}
	}
	return s
}

func (rp *regionPlan) summary() RegionSummary {
	rs := RegionSummary{Slug: rp.spec.slug, Name: rp.spec.name, Municipalities: len(rp.spec.municipalities), Users: len(rp.users),
		Programmes: len(rp.progs), Students: len(rp.students), Placements: len(rp.placements), Applications: len(rp.apps)}
	for _, a := range rp.areas {
		rs.Postcodes += len(a)
	}
	for _, o := range rp.orgs {
		rs.Locations += len(o.locs)
		if o.o.Member {
			rs.Members++
		}
		switch o.o.Kind {
		case domain.OrgSchool:
			rs.Schools++
			rs.Coaches += len(o.coaches)
		case domain.OrgCompany:
			rs.Companies++
			if len(o.o.Accreditations) > 0 {
				rs.Accredited++
			}
		case domain.OrgAssociation:
			rs.Associations++
		case domain.OrgGovernment:
			rs.Governments++
		}
	}
	for _, st := range domain.Stages {
		n := 0
		for _, s := range rp.students {
			if s.s.Stage == st {
				n++
			}
		}
		rs.StudentsByStage = append(rs.StudentsByStage, Count{string(st), n})
	}
	for _, st := range []domain.StudentStatus{domain.StudentLooking, domain.StudentPlaced, domain.StudentInactive} {
		n := 0
		for _, s := range rp.students {
			if s.s.Status == st {
				n++
			}
		}
		rs.StudentsByStatus = append(rs.StudentsByStatus, Count{string(st), n})
	}
	for _, k := range domain.PlacementKinds {
		n := 0
		for _, p := range rp.placements {
			if p.p.Kind == k {
				n++
			}
		}
		rs.PlacementsByKind = append(rs.PlacementsByKind, Count{string(k), n})
	}
	for _, st := range domain.PlacementStatuses {
		n := 0
		for _, p := range rp.placements {
			if p.p.Status == st {
				n++
			}
		}
		rs.PlacementsByStatus = append(rs.PlacementsByStatus, Count{string(st), n})
	}
	for _, st := range domain.ApplicationStatuses {
		n := 0
		for _, a := range rp.apps {
			if a.status() == st {
				n++
			}
		}
		rs.ApplicationsByStatus = append(rs.ApplicationsByStatus, Count{string(st), n})
	}
	for _, a := range rp.apps {
		rs.ApplicationEvents += len(a.steps)
	}
	return rs
}

// String renders the summary as a short report for the command line.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Demo (seed %d, today %s): %d qualifications", s.Seed, s.Now.Format(domain.DateLayout), s.Qualifications)
	if s.Elapsed > 0 {
		fmt.Fprintf(&b, ", generated in %s", s.Elapsed.Round(time.Millisecond))
	}
	b.WriteString("\n")
	for _, r := range s.Regions {
		fmt.Fprintf(&b, "\n%s (%s): %d municipalities, %d postcodes\n", r.Name, r.Slug, r.Municipalities, r.Postcodes)
		fmt.Fprintf(&b, "  organisations: %d schools, %d companies (%d accredited), %d associations, %d governments; %d members; %d locations\n",
			r.Schools, r.Companies, r.Accredited, r.Associations, r.Governments, r.Members, r.Locations)
		fmt.Fprintf(&b, "  programmes: %d; users: %d (%d coaches)\n", r.Programmes, r.Users, r.Coaches)
		fmt.Fprintf(&b, "  students: %d  %s  %s\n", r.Students, counts(r.StudentsByStage), counts(r.StudentsByStatus))
		fmt.Fprintf(&b, "  placements: %d  %s  %s\n", r.Placements, counts(r.PlacementsByKind), counts(r.PlacementsByStatus))
		fmt.Fprintf(&b, "  applications: %d  %s; %d events\n", r.Applications, counts(r.ApplicationsByStatus), r.ApplicationEvents)
	}
	for _, p := range s.Parts {
		fmt.Fprintf(&b, "\n%s\n", p)
	}
	b.WriteString("\nDemo accounts:\n")
	for _, a := range s.Accounts {
		fmt.Fprintf(&b, "  %-30s %-16s %-13s %s\n", a.Email, a.Role, a.Region, a.Name)
	}
	return b.String()
}

func counts(cs []Count) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s %d", c.Key, c.N)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
