package matching

import (
	"context"
	"fmt"
	"sync"
	"time"

	"talentloket/internal/domain"
	"talentloket/internal/match"
	"talentloket/internal/match/index"
	"talentloket/internal/store"
)

// The search index: one index.Index per region (the tenant boundary: a
// query only ever reads its region's index), built from the store on
// first use, kept current by PlacementChanged (this instance's changes)
// and the catch-up pass (other instances' changes), and rebuilt
// periodically. A rebuild swaps the region's pointer; readers that hold
// the old index finish on it.

// catchUpOverlap is how far back each catch-up pass looks before the last
// one, for clock skew between instances and commits that land late.
const catchUpOverlap = 2 * time.Minute

type indexes struct {
	mu      sync.RWMutex
	regions map[int64]*index.Index
	load    sync.Mutex // one build at a time
	last    time.Time  // start of the last catch-up pass (store time)
}

func (x *indexes) get(regionID int64) *index.Index {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.regions[regionID]
}

func (x *indexes) put(regionID int64, ix *index.Index) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.regions[regionID] = ix
}

func (x *indexes) loaded() []int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]int64, 0, len(x.regions))
	for id := range x.regions {
		out = append(out, id)
	}
	return out
}

func (x *indexes) setWeights(regionID int64, w domain.FitWeights) {
	if ix := x.get(regionID); ix != nil {
		_ = ix.SetWeights(weightsOf(w)) // validated by the store already
	}
}

// index returns the region's index, building it on first use.
func (s *Service) index(ctx context.Context, regionID int64) (*index.Index, error) {
	if ix := s.idx.get(regionID); ix != nil {
		return ix, nil
	}
	s.idx.load.Lock()
	defer s.idx.load.Unlock()
	if ix := s.idx.get(regionID); ix != nil {
		return ix, nil
	}
	if s.idx.last.IsZero() {
		s.idx.last = s.db.Now()
	}
	ix, err := s.buildIndex(ctx, regionID)
	if err != nil {
		return nil, err
	}
	s.idx.put(regionID, ix)
	return ix, nil
}

// buildIndex loads every open placement of a region into a new index.
func (s *Service) buildIndex(ctx context.Context, regionID int64) (*index.Index, error) {
	rd, err := s.refData(ctx)
	if err != nil {
		return nil, err
	}
	w, err := regionWeights(ctx, s.db, regionID)
	if err != nil {
		return nil, err
	}
	ix, err := index.New(weightsOf(w))
	if err != nil {
		return nil, fmt.Errorf("region %d weights: %w", regionID, err)
	}
	ps, err := s.db.IndexPlacements(ctx, store.IndexFilter{RegionID: regionID, OpenOnly: true})
	if err != nil {
		return nil, err
	}
	acc, err := s.db.Accreditations(ctx, regionID)
	if err != nil {
		return nil, err
	}
	today := s.now()
	mps := make([]match.Placement, len(ps))
	for i, p := range ps {
		mps[i], _ = rd.toPlacement(p, acc[p.CompanyID], today)
	}
	if err := ix.Load(mps); err != nil {
		return nil, err
	}
	return ix, nil
}

// LoadAll builds the index of every region (at start-up, so that the first
// searches do not wait).
func (s *Service) LoadAll(ctx context.Context) error {
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return err
	}
	for _, r := range regions {
		if _, err := s.index(ctx, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// PlacementChanged applies a change of a placement of a region to the
// index: an open placement is added or replaced, any other removed. The
// next query sees it. Errors are logged: the catch-up pass repairs what a
// failure missed.
func (s *Service) PlacementChanged(ctx context.Context, regionID, id int64) {
	ix := s.idx.get(regionID)
	if ix == nil {
		return // built from the store when first used
	}
	if err := s.apply(ctx, ix, regionID, []int64{id}); err != nil {
		s.log.WarnContext(ctx, "search index: placement change", "placement", id, "err", err)
	}
}

// apply re-reads placements of a region and updates the index.
func (s *Service) apply(ctx context.Context, ix *index.Index, regionID int64, ids []int64) error {
	rd, err := s.refData(ctx)
	if err != nil {
		return err
	}
	ps, err := s.db.IndexPlacements(ctx, store.IndexFilter{RegionID: regionID, IDs: ids})
	if err != nil {
		return err
	}
	found := map[int64]bool{}
	acc := map[int64][]string{}
	today := s.now()
	for _, p := range ps {
		found[p.ID] = true
		if p.Status != domain.PlacementOpen {
			ix.Remove(indexID(p.ID))
			continue
		}
		a, ok := acc[p.CompanyID]
		if !ok {
			o, err := s.db.Organisation(ctx, regionID, p.CompanyID)
			if err != nil {
				return err
			}
			a = o.Accreditations
			acc[p.CompanyID] = a
		}
		mp, _ := rd.toPlacement(p, a, today)
		if err := ix.Upsert(mp); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if !found[id] {
			ix.Remove(indexID(id)) // deleted
		}
	}
	return nil
}

// catchUp applies the placements changed since the last pass (by any
// instance) to the loaded indexes.
func (s *Service) catchUp(ctx context.Context) error {
	s.idx.load.Lock()
	since := s.idx.last
	s.idx.load.Unlock()
	if since.IsZero() {
		return nil // nothing loaded yet
	}
	start := s.db.Now()
	changed, err := s.db.IndexPlacements(ctx, store.IndexFilter{Since: since.Add(-catchUpOverlap)})
	if err != nil {
		return err
	}
	byRegion := map[int64][]int64{}
	for _, p := range changed {
		byRegion[p.RegionID] = append(byRegion[p.RegionID], p.ID)
	}
	for regionID, ids := range byRegion {
		if ix := s.idx.get(regionID); ix != nil {
			if err := s.apply(ctx, ix, regionID, ids); err != nil {
				return err
			}
		}
	}
	s.idx.load.Lock()
	s.idx.last = start
	s.idx.load.Unlock()
	return nil
}

// rebuild reloads the reference data and rebuilds every loaded index,
// swapping each when it is ready.
func (s *Service) rebuild(ctx context.Context) error {
	rd, err := loadRefData(ctx, s.db, s.now())
	if err != nil {
		return err
	}
	s.ref.Store(rd)
	for _, regionID := range s.idx.loaded() {
		s.idx.load.Lock()
		start := s.db.Now()
		ix, err := s.buildIndex(ctx, regionID)
		if err == nil {
			s.idx.put(regionID, ix)
			if start.Before(s.idx.last) {
				s.idx.last = start // the next pass also covers what the build may have missed
			}
		}
		s.idx.load.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

// Run is the service's background job: it loads the indexes, keeps them
// current, picks up rounds left behind and, when ctx ends, stops the
// rounds this instance computes (they are queued again for the next
// start) and returns when they have stopped.
func (s *Service) Run(ctx context.Context) {
	if err := s.LoadAll(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("search index: initial load", "err", err)
	}
	s.resume(ctx)
	catchUp := time.NewTicker(s.opt.CatchUp)
	defer catchUp.Stop()
	rebuild := time.NewTicker(s.opt.Rebuild)
	defer rebuild.Stop()
	for {
		select {
		case <-ctx.Done():
			s.runs.stop()
			return
		case <-catchUp.C:
			if err := s.catchUp(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("search index: catch-up", "err", err)
			}
			s.resume(ctx)
		case <-rebuild.C:
			if err := s.rebuild(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("search index: rebuild", "err", err)
			}
		}
	}
}
