package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// clock is the store clock during generation: created and updated times
// and the times of application steps are the planned ones, relative to the
// demo's today.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// insert writes the planned world through the store's validating methods.
func (w *world) insert(ctx context.Context, q *store.Queries, clk *clock) error {
	clk.t = w.now
	have, err := q.Qualifications(ctx)
	if err != nil {
		return fmt.Errorf("demo: qualifications: %w", err)
	}
	known := make(map[string]bool, len(have))
	for _, c := range have {
		known[c.Crebo] = true
	}
	for _, c := range qualifications {
		if known[c.crebo] {
			continue // imported reference data wins
		}
		if err := q.UpsertQualification(ctx, c.record()); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	for _, rp := range w.regions {
		if err := rp.insertReference(ctx, q); err != nil {
			return err
		}
	}
	for _, rp := range w.regions {
		if err := rp.insert(ctx, q, clk); err != nil {
			return fmt.Errorf("demo: region %s: %w", rp.spec.slug, err)
		}
	}
	return nil
}

// insertReference stores the region's municipalities, place names and PC4
// centroids. A centroid imported from real data is kept.
func (rp *regionPlan) insertReference(ctx context.Context, q *store.Queries) error {
	names := map[string]string{}
	for _, m := range rp.spec.municipalities {
		if err := q.UpsertMunicipality(ctx, m.record()); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		names[m.code] = m.name
	}
	for i, t := range rp.spec.towns {
		if err := q.UpsertPlaceName(ctx, t.name, t.muni, "place"); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		for _, a := range rp.areas[i] {
			old, err := q.Postcode(ctx, a.pc4)
			switch {
			case err == nil && old.Source != "demo":
				continue
			case err != nil && !errors.Is(err, domain.ErrNotFound):
				return fmt.Errorf("demo: %w", err)
			}
			if err := q.UpsertPostcode(ctx, domain.Postcode{PC4: a.pc4, Place: t.name, Municipality: names[t.muni],
				Point: a.point, Source: "demo"}); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
	}
	for _, m := range rp.spec.municipalities {
		if err := q.UpsertPlaceName(ctx, m.name, m.code, "municipality"); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	return nil
}

// insert writes one region: organisations, programmes, staff accounts,
// students, placements and applications with their history, in that order.
func (rp *regionPlan) insert(ctx context.Context, q *store.Queries, clk *clock) error {
	clk.t = rp.created
	id, err := q.CreateRegion(ctx, domain.Region{Slug: rp.spec.slug, Name: rp.spec.name})
	if err != nil {
		return err
	}
	rp.id = id
	codes := make([]string, len(rp.spec.municipalities))
	for i, m := range rp.spec.municipalities {
		codes[i] = m.code
	}
	if err := q.SetRegionMunicipalities(ctx, id, codes); err != nil {
		return err
	}
	for _, o := range rp.orgs {
		clk.t = o.created
		o.o.RegionID = id
		if o.o.ID, err = q.CreateOrganisation(ctx, o.o); err != nil {
			return fmt.Errorf("organisation %q: %w", o.o.Name, err)
		}
		for _, l := range o.locs {
			l.l.RegionID, l.l.OrganisationID = id, o.o.ID
			if l.l.ID, err = q.CreateLocation(ctx, l.l); err != nil {
				return fmt.Errorf("location of %q: %w", o.o.Name, err)
			}
		}
	}
	for _, p := range rp.progs {
		clk.t = p.school.created
		p.p.RegionID, p.p.SchoolID, p.p.LocationID = id, p.school.o.ID, p.loc.l.ID
		if p.p.ID, err = q.CreateProgramme(ctx, p.p); err != nil {
			return fmt.Errorf("programme %q: %w", p.p.Name, err)
		}
	}
	for _, u := range rp.users {
		if u.student == nil {
			if err := rp.insertUser(ctx, q, clk, u); err != nil {
				return err
			}
		}
	}
	for _, s := range rp.students {
		clk.t = s.created
		s.s.RegionID, s.s.SchoolID, s.s.ProgrammeID, s.s.CoachID = id, s.school.o.ID, s.prog.p.ID, s.coach.u.ID
		if s.s.ID, err = q.CreateStudent(ctx, s.s); err != nil {
			return fmt.Errorf("student %q: %w", s.s.Name, err)
		}
	}
	for _, u := range rp.users {
		if u.student != nil {
			if err := rp.insertUser(ctx, q, clk, u); err != nil {
				return err
			}
		}
	}
	for _, p := range rp.placements {
		clk.t = p.created
		p.p.RegionID, p.p.CompanyID, p.p.LocationID, p.p.CreatedBy = id, p.company.o.ID, p.loc.l.ID, p.company.contact.u.ID
		if p.p.ID, err = q.CreatePlacement(ctx, p.p); err != nil {
			return fmt.Errorf("placement %q of %q: %w", p.p.Title, p.company.o.Name, err)
		}
	}
	for _, a := range rp.apps {
		if err := rp.insertApp(ctx, q, clk, a); err != nil {
			return err
		}
	}
	return nil
}

func (rp *regionPlan) insertUser(ctx context.Context, q *store.Queries, clk *clock, u *userPlan) error {
	clk.t = u.created
	u.u.RegionID = rp.id
	if u.org != nil {
		u.u.OrganisationID = u.org.o.ID
	}
	if u.student != nil {
		u.u.StudentID = u.student.s.ID
	}
	var err error
	if u.u.ID, err = q.CreateUser(ctx, u.u); err != nil {
		return fmt.Errorf("user %s: %w", u.u.Email, err)
	}
	return nil
}

// insertApp stores an application and plays its steps at their times.
func (rp *regionPlan) insertApp(ctx context.Context, q *store.Queries, clk *clock, a *appPlan) error {
	first := a.steps[0]
	clk.t = first.at
	app := domain.Application{RegionID: rp.id, PlacementID: a.placement.p.ID, StudentID: a.student.s.ID, Status: first.to,
		Motivation: a.motivation, CreatedAt: first.at}
	id, err := q.CreateApplication(ctx, app, first.actor.u.ID)
	if err != nil {
		return fmt.Errorf("application of %q to %q: %w", a.student.s.Name, a.placement.p.Title, err)
	}
	prev := first.to
	for _, st := range a.steps[1:] {
		if _, err := prev.Next(actionTo(st.to)); err != nil {
			return fmt.Errorf("application of %q: %s -> %s: %w", a.student.s.Name, prev, st.to, err)
		}
		clk.t = st.at
		if err := q.SetApplicationStatus(ctx, rp.id, id, prev, st.to, st.actor.u.ID, st.note); err != nil {
			return fmt.Errorf("application of %q: %w", a.student.s.Name, err)
		}
		prev = st.to
	}
	return nil
}

// actionTo returns the workflow step that leads to a status.
func actionTo(s domain.ApplicationStatus) domain.AppAction {
	switch s {
	case domain.AppInvited:
		return domain.ActInvite
	case domain.AppOffered:
		return domain.ActOffer
	case domain.AppRejected:
		return domain.ActReject
	case domain.AppAccepted:
		return domain.ActAccept
	case domain.AppDeclined:
		return domain.ActDecline
	default:
		return domain.ActWithdraw
	}
}
