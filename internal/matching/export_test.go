package matching

import (
	"context"
	"time"

	"talentloket/internal/domain"
)

// Compute computes a round of the store as a run would, without saving it,
// for the tests and benchmarks of package matching_test.
func Compute(ctx context.Context, st Store, regionID, roundID int64, now time.Time) (domain.RoundStats, []domain.RoundStudent, []domain.RoundPlacement, error) {
	r, err := st.Round(ctx, regionID, roundID)
	if err != nil {
		return domain.RoundStats{}, nil, nil, err
	}
	rd, err := loadRefData(ctx, st, now)
	if err != nil {
		return domain.RoundStats{}, nil, nil, err
	}
	w, err := regionWeights(ctx, st, regionID)
	if err != nil {
		return domain.RoundStats{}, nil, nil, err
	}
	res, err := computeRound(ctx, st, rd, r, w, now, nil)
	if err != nil {
		return domain.RoundStats{}, nil, nil, err
	}
	return res.stats, res.students, res.placements, nil
}

// CatchUp runs one catch-up pass (the background job's) now.
func (s *Service) CatchUp(ctx context.Context) error { return s.catchUp(ctx) }

// Rebuild rebuilds the loaded indexes now.
func (s *Service) Rebuild(ctx context.Context) error { return s.rebuild(ctx) }
