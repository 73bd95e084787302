// Package matching puts the matching engine (internal/match) to work in
// the app: it turns students and placements into the engine's types
// (positions from PC4 centroids, related qualifications, accreditations,
// the region's weights), keeps an in-memory search index of every open
// placement per region, recommends placements to students and students to
// placements with an explanation in the user's language, and runs
// matching rounds: a coordinator's round is computed in the background,
// reviewed in a report and published as offers in the application
// workflow.
//
// Positions. A student's home is the centroid of the PC4 area of the home
// postcode; an unknown area falls back to the nearest known area with the
// same first three digits, then to the student's school. A placement's
// position is its location's coordinates, else its postcode's centroid (or
// a neighbour), else the centre of its town (the mean of the town's PC4
// centroids). Explanations say when a position was estimated.
//
// Several app instances on one database. Each instance keeps its own index:
// its own changes are applied at once, the others' within the catch-up
// interval (placements whose row or company changed since the last pass,
// with an overlap for clock skew), and every instance rebuilds its indexes
// from the database periodically (deletions, reference data). A round is
// claimed with a conditional status update, so only one instance computes
// it; a round left running by a stopped instance is picked up again.
package matching

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/match/index"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the matching use cases need.
type Store interface {
	Regions(ctx context.Context) ([]domain.Region, error)
	Postcodes(ctx context.Context) ([]domain.Postcode, error)
	Qualifications(ctx context.Context) ([]domain.Qualification, error)
	Organisation(ctx context.Context, regionID, id int64) (domain.Organisation, error)
	Accreditations(ctx context.Context, regionID int64) (map[int64][]string, error)
	SchoolPoints(ctx context.Context, regionID int64) (map[int64]domain.Point, error)
	IndexPlacements(ctx context.Context, f store.IndexFilter) ([]domain.Placement, error)
	PlacementsByIDs(ctx context.Context, regionID int64, ids []int64) ([]domain.Placement, error)
	Placement(ctx context.Context, regionID, id int64) (domain.Placement, error)
	Student(ctx context.Context, regionID, id int64) (domain.Student, error)
	MatchStudents(ctx context.Context, f store.MatchStudentFilter) ([]domain.Student, error)
	PendingOffers(ctx context.Context, regionID int64) (map[int64]int, error)
	RegionWeights(ctx context.Context, regionID int64) (domain.FitWeights, bool, error)
	SetRegionWeights(ctx context.Context, regionID int64, w domain.FitWeights, userID int64) error
	CreateRound(ctx context.Context, r domain.Round) (int64, error)
	Round(ctx context.Context, regionID, id int64) (domain.Round, error)
	Rounds(ctx context.Context, regionID int64, page store.Page) ([]domain.Round, int, error)
	RoundsInStatus(ctx context.Context, before time.Time, statuses ...domain.RoundStatus) ([]domain.Round, error)
	SetRoundStatus(ctx context.Context, regionID, id int64, from []domain.RoundStatus, to domain.RoundStatus, errText string) error
	SetRoundProgress(ctx context.Context, regionID, id int64, p domain.RoundProgress) error
	SaveRoundResult(ctx context.Context, regionID, id int64, stats domain.RoundStats, students []domain.RoundStudent,
		placements []domain.RoundPlacement, ranBy int64, ranAt time.Time) error
	MarkRoundPublished(ctx context.Context, regionID, id, userID int64) error
	RoundStudents(ctx context.Context, f store.RoundStudentFilter) ([]domain.RoundStudent, int, error)
	RoundPlacements(ctx context.Context, regionID, roundID int64) ([]domain.RoundPlacement, error)
	ApplicationOf(ctx context.Context, regionID, placementID, studentID int64) (domain.Application, error)
	CreateRoundOffer(ctx context.Context, regionID, placementID, studentID, actorID int64, note string) (int64, error)
	SetApplicationStatus(ctx context.Context, regionID, id int64, from, to domain.ApplicationStatus, actorID int64, note string) error
	AddAudit(ctx context.Context, e domain.AuditEntry) error
	Now() time.Time
}

// DB is a Store that can run a function in one transaction.
type DB interface {
	Store
	InTx(ctx context.Context, fn func(Store) error) error
}

// Options tune the service; the zero value gives the defaults.
type Options struct {
	// CatchUp is the interval of the pass that applies other instances'
	// placement changes to the index (default 30 s).
	CatchUp time.Duration
	// Rebuild is the interval of the full rebuild of the loaded indexes
	// (default 1 h).
	Rebuild time.Duration
	// Workers bounds the rounds computed at once by this instance
	// (default 2).
	Workers int
}

// Service runs the matching use cases.
type Service struct {
	db   DB
	now  func() time.Time
	log  *slog.Logger
	opt  Options
	ref  atomic.Pointer[refData]
	refM sync.Mutex
	idx  indexes
	runs runner
}

// New returns the matching service; now and log may be nil.
func New(db DB, now func() time.Time, log *slog.Logger, opt Options) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	if opt.CatchUp <= 0 {
		opt.CatchUp = 30 * time.Second
	}
	if opt.Rebuild <= 0 {
		opt.Rebuild = time.Hour
	}
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	s := &Service{db: db, now: now, log: log, opt: opt}
	s.idx.regions = map[int64]*index.Index{}
	s.runs.init(opt.Workers)
	return s
}

func (s *Service) forbid(ctx context.Context, what string) error {
	request.Audit(ctx, s.db, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

// refData returns the reference data, loading it on first use.
func (s *Service) refData(ctx context.Context) (*refData, error) {
	if rd := s.ref.Load(); rd != nil {
		return rd, nil
	}
	s.refM.Lock()
	defer s.refM.Unlock()
	if rd := s.ref.Load(); rd != nil {
		return rd, nil
	}
	rd, err := loadRefData(ctx, s.db, s.now())
	if err != nil {
		return nil, fmt.Errorf("matching reference data: %w", err)
	}
	s.ref.Store(rd)
	return rd, nil
}

// regionWeights returns the weights a region uses: its own or the
// defaults.
func regionWeights(ctx context.Context, st Store, regionID int64) (domain.FitWeights, error) {
	w, ok, err := st.RegionWeights(ctx, regionID)
	if err != nil {
		return w, err
	}
	if !ok {
		return DefaultWeights(), nil
	}
	return w, nil
}

// WeightsView is a region's weights with whether they are the defaults.
type WeightsView struct {
	Weights  domain.FitWeights
	Defaults domain.FitWeights
	Custom   bool
}

// Weights returns the fit weights of the actor's region (coordinators).
func (s *Service) Weights(ctx context.Context) (WeightsView, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.TuneWeights) {
		return WeightsView{}, s.forbid(ctx, "match_weights")
	}
	w, ok, err := s.db.RegionWeights(ctx, a.RegionID)
	if err != nil {
		return WeightsView{}, err
	}
	v := WeightsView{Weights: w, Defaults: DefaultWeights(), Custom: ok}
	if !ok {
		v.Weights = v.Defaults
	}
	return v, nil
}

// SetWeights validates and stores the fit weights of the actor's region;
// recommendations use them at once, rounds from their next run.
func (s *Service) SetWeights(ctx context.Context, w domain.FitWeights) error {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.TuneWeights) {
		return s.forbid(ctx, "match_weights")
	}
	if err := s.db.SetRegionWeights(ctx, a.RegionID, w, a.UserID); err != nil {
		return err
	}
	s.idx.setWeights(a.RegionID, w)
	request.Audit(ctx, s.db, domain.AuditUpdate, fmt.Sprintf("match_weights:%d", a.RegionID), "")
	return nil
}
