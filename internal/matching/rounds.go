package matching

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// MaxNewSeed bounds the seeds NewSeed draws: 2^53 - 1, so that a seed
// survives a trip through JavaScript numbers.
const MaxNewSeed = 1<<53 - 1

// NewSeed draws a lottery seed for a new round.
func NewSeed() int64 { return rand.Int64N(MaxNewSeed) }

// CreateRound stores a new round of the actor's region as a draft and
// returns its id (coordinators).
func (s *Service) CreateRound(ctx context.Context, r domain.Round) (int64, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ManageRounds) {
		return 0, s.forbid(ctx, "rounds")
	}
	r.ID, r.RegionID, r.CreatedBy, r.Status = 0, a.RegionID, a.UserID, domain.RoundDraft
	id, err := s.db.CreateRound(ctx, r)
	if err != nil {
		return 0, err
	}
	request.Audit(ctx, s.db, domain.AuditCreate, fmt.Sprintf("round:%d", id), "")
	return id, nil
}

// Rounds lists a page of the actor's region's rounds, newest first.
func (s *Service) Rounds(ctx context.Context, page store.Page) ([]domain.Round, int, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.ManageRounds) {
		return nil, 0, s.forbid(ctx, "rounds")
	}
	return s.db.Rounds(ctx, a.RegionID, page)
}

func (s *Service) round(ctx context.Context, id int64) (domain.Round, error) {
	a := request.Actor(ctx)
	r, err := s.db.Round(ctx, a.RegionID, id)
	if err != nil {
		return r, err
	}
	if !auth.CanManageRound(a, r) {
		return domain.Round{}, s.forbid(ctx, fmt.Sprintf("round:%d", id))
	}
	return r, nil
}

// Round returns a round of the actor's region.
func (s *Service) Round(ctx context.Context, id int64) (domain.Round, error) { return s.round(ctx, id) }

// Staleness counts the students and placements of a round whose matching
// data changed (or that are gone) since the round ran.
type Staleness struct {
	Students, Placements int
}

// Any reports whether anything changed.
func (st Staleness) Any() bool { return st.Students+st.Placements > 0 }

// Report is a round with its result for review: the assignments (one
// page), every unplaced student with the reason, the placements with seats
// left, and whether the data changed since the run.
type Report struct {
	Round         domain.Round
	Assigned      []domain.RoundStudent
	AssignedTotal int
	Unplaced      []domain.RoundStudent
	Open          []domain.RoundPlacement
	Stale         Staleness
}

// Report returns a round with its result; page pages the assignments.
func (s *Service) Report(ctx context.Context, id int64, page store.Page) (Report, error) {
	r, err := s.round(ctx, id)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Round: r}
	if r.Status != domain.RoundDone && r.Status != domain.RoundPublished {
		return rep, nil
	}
	f := store.RoundStudentFilter{RegionID: r.RegionID, RoundID: id, Placed: "placed", Page: page}
	if rep.Assigned, rep.AssignedTotal, err = s.db.RoundStudents(ctx, f); err != nil {
		return rep, err
	}
	f.Placed, f.All = "unplaced", true
	if rep.Unplaced, _, err = s.db.RoundStudents(ctx, f); err != nil {
		return rep, err
	}
	ps, err := s.db.RoundPlacements(ctx, r.RegionID, id)
	if err != nil {
		return rep, err
	}
	for _, p := range ps {
		if p.Remaining() > 0 {
			rep.Open = append(rep.Open, p)
		}
	}
	if r.Status == domain.RoundDone {
		rep.Stale, err = s.staleness(ctx, r)
	}
	return rep, err
}

// staleness compares a done round's fingerprints with the current data.
func (s *Service) staleness(ctx context.Context, r domain.Round) (Staleness, error) {
	var st Staleness
	rs, _, err := s.db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: r.RegionID, RoundID: r.ID, All: true})
	if err != nil {
		return st, err
	}
	rp, err := s.db.RoundPlacements(ctx, r.RegionID, r.ID)
	if err != nil {
		return st, err
	}
	st.Students = max(0, r.Stats.Students-len(rs)) // erased meanwhile
	st.Placements = max(0, r.Stats.Placements-len(rp))
	ids := make([]int64, len(rs))
	for i, x := range rs {
		ids[i] = x.StudentID
	}
	cur, err := s.db.MatchStudents(ctx, store.MatchStudentFilter{RegionID: r.RegionID, IDs: ids})
	if err != nil {
		return st, err
	}
	fp := make(map[int64]string, len(cur))
	for _, c := range cur {
		fp[c.ID] = studentFingerprint(c)
	}
	for _, x := range rs {
		if fp[x.StudentID] != x.Fingerprint {
			st.Students++
		}
	}
	pids := make([]int64, len(rp))
	for i, x := range rp {
		pids[i] = x.PlacementID
	}
	ps, err := s.db.PlacementsByIDs(ctx, r.RegionID, pids)
	if err != nil {
		return st, err
	}
	acc, err := s.db.Accreditations(ctx, r.RegionID)
	if err != nil {
		return st, err
	}
	pending, err := s.db.PendingOffers(ctx, r.RegionID)
	if err != nil {
		return st, err
	}
	pfp := make(map[int64]string, len(ps))
	for _, p := range ps {
		pfp[p.ID] = placementFingerprint(p, acc[p.CompanyID], p.Remaining()-pending[p.ID])
	}
	for _, x := range rp {
		if pfp[x.PlacementID] != x.Fingerprint {
			st.Placements++
		}
	}
	return st, nil
}

// StartRound queues a draft, done or failed round of the actor's region
// for computing in the background; the round page shows its progress. A
// published round cannot run again (conflict), nor one that is running.
func (s *Service) StartRound(ctx context.Context, id int64) error {
	r, err := s.round(ctx, id)
	if err != nil {
		return err
	}
	switch r.Status {
	case domain.RoundPublished:
		return domain.Errorf(domain.CodeConflict, "round.already_published")
	case domain.RoundQueued, domain.RoundRunning:
		return domain.Errorf(domain.CodeConflict, "round.busy")
	}
	from := []domain.RoundStatus{domain.RoundDraft, domain.RoundDone, domain.RoundFailed}
	if err := s.db.SetRoundStatus(ctx, r.RegionID, id, from, domain.RoundQueued, ""); err != nil {
		return err
	}
	a := request.Actor(ctx)
	request.Audit(ctx, s.db, domain.AuditStatusChange, fmt.Sprintf("round:%d", id), "queued")
	s.launch(r.RegionID, id, a.UserID)
	return nil
}

// runner computes rounds in the background, a few at a time.
type runner struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	wg     sync.WaitGroup
	active map[int64]bool
}

func (r *runner) init(workers int) {
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.sem = make(chan struct{}, workers)
	r.active = map[int64]bool{}
}

// stop cancels the rounds being computed and waits for them.
func (r *runner) stop() {
	r.cancel()
	r.wg.Wait()
}

// Wait blocks until the rounds this instance computes have finished (for
// tests and tools).
func (s *Service) Wait() { s.runs.wg.Wait() }

// launch computes a queued round in the background unless this instance
// already does.
func (s *Service) launch(regionID, id, ranBy int64) {
	r := &s.runs
	r.mu.Lock()
	if r.active[id] || r.ctx.Err() != nil {
		r.mu.Unlock()
		return
	}
	r.active[id] = true
	r.wg.Add(1)
	r.mu.Unlock()
	go func() {
		defer func() {
			r.mu.Lock()
			delete(r.active, id)
			r.mu.Unlock()
			r.wg.Done()
		}()
		select {
		case r.sem <- struct{}{}:
		case <-r.ctx.Done():
			return
		}
		defer func() { <-r.sem }()
		s.execute(r.ctx, regionID, id, ranBy)
	}()
}

// execute claims a queued round, computes and saves it. A cancelled
// computation puts the round back in the queue; a failure marks it failed
// with the catalogue key of the message.
func (s *Service) execute(ctx context.Context, regionID, id, ranBy int64) {
	bg := context.WithoutCancel(ctx)
	if err := s.db.SetRoundStatus(ctx, regionID, id, []domain.RoundStatus{domain.RoundQueued}, domain.RoundRunning, ""); err != nil {
		return // claimed by another instance, or changed
	}
	fail := func(err error) {
		if ctx.Err() != nil {
			_ = s.db.SetRoundStatus(bg, regionID, id, []domain.RoundStatus{domain.RoundRunning}, domain.RoundQueued, "")
			return
		}
		key := "round.failed"
		var de *domain.Error
		if errors.As(err, &de) && de.Key == "round.failed_verify" {
			key = de.Key
		}
		s.log.Error("matching round failed", "round", id, "region", regionID, "err", err)
		_ = s.db.SetRoundStatus(bg, regionID, id, []domain.RoundStatus{domain.RoundRunning}, domain.RoundFailed, key)
	}
	r, err := s.db.Round(ctx, regionID, id)
	if err != nil {
		fail(err)
		return
	}
	rd, err := s.refData(ctx)
	if err != nil {
		fail(err)
		return
	}
	w, err := regionWeights(ctx, s.db, regionID)
	if err != nil {
		fail(err)
		return
	}
	var last time.Time
	lastPhase := ""
	progress := func(p domain.RoundProgress) {
		if p.Phase == lastPhase && time.Since(last) < 500*time.Millisecond {
			return
		}
		last, lastPhase = time.Now(), p.Phase
		_ = s.db.SetRoundProgress(bg, regionID, id, p)
	}
	now := s.now()
	res, err := computeRound(ctx, s.db, rd, r, w, now, progress)
	if err != nil {
		fail(err)
		return
	}
	progress(domain.RoundProgress{Phase: "save", Done: 0, Total: 1})
	err = s.db.InTx(ctx, func(tx Store) error {
		return tx.SaveRoundResult(ctx, regionID, id, res.stats, res.students, res.placements, ranBy, now)
	})
	if err != nil {
		fail(err)
	}
}

// resume launches rounds left behind: queued for over a minute (a launch
// that was lost) or running without progress for five minutes (an
// instance that stopped).
func (s *Service) resume(ctx context.Context) {
	now := s.db.Now()
	queued, err := s.db.RoundsInStatus(ctx, now.Add(-time.Minute), domain.RoundQueued)
	if err != nil {
		return
	}
	for _, r := range queued {
		s.launch(r.RegionID, r.ID, r.RanBy)
	}
	stuck, err := s.db.RoundsInStatus(ctx, now.Add(-5*time.Minute), domain.RoundRunning)
	if err != nil {
		return
	}
	for _, r := range stuck {
		s.runs.mu.Lock()
		mine := s.runs.active[r.ID]
		s.runs.mu.Unlock()
		if mine {
			continue
		}
		if err := s.db.SetRoundStatus(ctx, r.RegionID, r.ID, []domain.RoundStatus{domain.RoundRunning}, domain.RoundQueued, ""); err == nil {
			s.launch(r.RegionID, r.ID, r.RanBy)
		}
	}
}

// Published says what publishing a round did.
type Published struct {
	// Offers is the number of new applications made as offers; Updated
	// the applications moved to offered; Unchanged those already offered;
	// Skipped those the student or company had already decided on.
	Offers, Updated, Unchanged, Skipped int
	// Already is true when the round had been published before (nothing
	// was done).
	Already bool
}

// PublishRound turns a done round's assignments into offers in the
// application workflow, in one transaction: an assigned student without
// an application to the placement gets one in status offered; a submitted
// or invited application moves to offered; an offered one stays; one that
// is already decided (accepted, declined, withdrawn, rejected) is left
// alone. Every change carries a history note naming the round. Publishing
// a published round does nothing (idempotent). A stale round — a student
// or placement whose matching data changed since the run (profile,
// status, placement, seats left, the company's accreditations) — is
// refused with a conflict: run it again first.
func (s *Service) PublishRound(ctx context.Context, id int64) (Published, error) {
	r, err := s.round(ctx, id)
	if err != nil {
		return Published{}, err
	}
	switch r.Status {
	case domain.RoundPublished:
		return Published{Already: true}, nil
	case domain.RoundDone:
	default:
		return Published{}, domain.Errorf(domain.CodeConflict, "round.not_done")
	}
	stale, err := s.staleness(ctx, r)
	if err != nil {
		return Published{}, err
	}
	if stale.Any() {
		return Published{}, domain.Errorf(domain.CodeConflict, "round.stale", stale.Students, stale.Placements)
	}
	a := request.Actor(ctx)
	note := i18n.T(request.Lang(ctx), "round.offer_note", r.Name)
	var out Published
	err = s.db.InTx(ctx, func(tx Store) error {
		out = Published{}
		assigned, _, err := tx.RoundStudents(ctx, store.RoundStudentFilter{RegionID: r.RegionID, RoundID: id, Placed: "placed", All: true})
		if err != nil {
			return err
		}
		for _, x := range assigned {
			app, err := tx.ApplicationOf(ctx, r.RegionID, x.PlacementID, x.StudentID)
			switch {
			case domain.ErrorCode(err) == domain.CodeNotFound:
				if _, err := tx.CreateRoundOffer(ctx, r.RegionID, x.PlacementID, x.StudentID, a.UserID, note); err != nil {
					return err
				}
				out.Offers++
			case err != nil:
				return err
			case app.Status == domain.AppSubmitted || app.Status == domain.AppInvited:
				if err := tx.SetApplicationStatus(ctx, r.RegionID, app.ID, app.Status, domain.AppOffered, a.UserID, note); err != nil {
					return err
				}
				out.Updated++
			case app.Status == domain.AppOffered:
				out.Unchanged++
			default:
				out.Skipped++
			}
		}
		return tx.MarkRoundPublished(ctx, r.RegionID, id, a.UserID)
	})
	if err != nil {
		return Published{}, err
	}
	request.Audit(ctx, s.db, domain.AuditStatusChange, fmt.Sprintf("round:%d", id),
		fmt.Sprintf("published: %d new offers, %d updated, %d unchanged, %d skipped", out.Offers, out.Updated, out.Unchanged, out.Skipped))
	return out, nil
}
