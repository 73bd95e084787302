package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/matching"
	"talentloket/internal/store"
)

// Every region gets a matching round its coordinator ran two days ago and
// has not published yet: the internships for the region's mbo students
// who look for one, with lists of ten derived from the fit score. The
// round pages, the report and publishing are alive from the start; the
// browser journey runs a new round of its own.
func init() {
	Register("rounds", func(ctx context.Context, q *store.Queries, env Env) (string, error) {
		regions, err := q.Regions(ctx)
		if err != nil {
			return "", err
		}
		var parts []string
		for _, r := range regions {
			coord, err := q.UserByEmail(ctx, "coordinator@"+r.Slug+".demo")
			if err != nil {
				return "", fmt.Errorf("coordinator of %s: %w", r.Slug, err)
			}
			created := env.Now.Add(-50 * time.Hour)
			env.Clock(created)
			id, err := q.CreateRound(ctx, domain.Round{RegionID: r.ID, Name: "Stages mbo — voorjaar", Seed: env.Rand.Int64N(matching.MaxNewSeed),
				Status: domain.RoundRunning, CreatedBy: coord.ID, Params: domain.RoundParams{Stage: domain.StageMBO,
					Kinds: []domain.PlacementKind{domain.KindInternship}, WantKinds: []domain.PlacementKind{domain.KindInternship}}})
			if err != nil {
				return "", err
			}
			ran := created.Add(7 * time.Minute)
			env.Clock(ran)
			if err := matching.RunRound(ctx, q, r.ID, id, coord.ID, ran); err != nil {
				return "", fmt.Errorf("round of %s: %w", r.Slug, err)
			}
			got, err := q.Round(ctx, r.ID, id)
			if err != nil {
				return "", err
			}
			parts = append(parts, fmt.Sprintf("%s %d of %d placed", r.Slug, got.Stats.Assigned, got.Stats.Students))
		}
		env.Clock(env.Now)
		return "matching rounds (run, not published): " + strings.Join(parts, ", "), nil
	})
}
