package service

import (
	"context"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// BoardFilter narrows the desk board.
type BoardFilter struct {
	HolderID    int64 // only questions this coordinator holds
	Unheld      bool  // only questions nobody holds yet (new)
	Kind        desk.QuestionKind
	Sector      string
	OverdueOnly bool
}

// BoardView is the desk board: the open questions by age with their
// deadlines, the load per holder (over all open questions) and the
// coordinators' names.
type BoardView struct {
	desk.Board
	Open    int // open questions before the filter
	Names   map[int64]string
	Buckets []AgeBucket
}

// AgeBucket counts the open questions by working age, for the board's
// summary: under a working day, one to three, three to ten, ten and more.
type AgeBucket struct {
	Key string
	N   int
}

// Board returns the desk board of the coordinator's region at now. It
// returns ErrForbidden for anyone but coordinators.
func (s *Service) Board(ctx context.Context, f BoardFilter) (BoardView, error) {
	a := request.Actor(ctx)
	if !canDesk(a) {
		return BoardView{}, s.forbid(ctx, "desk:board")
	}
	rows, _, err := s.db.Questions(ctx, store.QuestionFilter{RegionID: a.RegionID, All: true, Lite: true,
		Statuses: []desk.QuestionStatus{desk.StatusNew, desk.StatusTaken, desk.StatusRouted, desk.StatusAnswered}})
	if err != nil {
		return BoardView{}, err
	}
	qs := make([]desk.Question, len(rows))
	for i, r := range rows {
		qs[i] = r.Question
	}
	return s.board(ctx, a.RegionID, qs, s.now(), f)
}

func (s *Service) board(ctx context.Context, regionID int64, qs []desk.Question, now time.Time, f BoardFilter) (BoardView, error) {
	full := desk.NewBoard(qs, now, s.cal, s.opt.SLA)
	v := BoardView{Board: full, Open: len(full.Rows), Names: map[int64]string{}}
	day := s.cal.WorkingDay()
	buckets := []AgeBucket{{Key: "lt1"}, {Key: "1to3"}, {Key: "3to10"}, {Key: "ge10"}}
	rows := full.Rows[:0:0]
	for _, r := range full.Rows {
		switch w := r.Age.Working; {
		case w < day:
			buckets[0].N++
		case w < 3*day:
			buckets[1].N++
		case w < 10*day:
			buckets[2].N++
		default:
			buckets[3].N++
		}
		q := r.Question
		if f.HolderID != 0 && q.HolderID != f.HolderID || f.Unheld && q.HolderID != 0 || f.Kind != "" && q.Kind != f.Kind ||
			f.Sector != "" && q.Sector != f.Sector || f.OverdueOnly && !r.Overdue {
			continue
		}
		rows = append(rows, r)
	}
	v.Rows, v.Buckets = rows, buckets
	coords, err := coordinators(ctx, s.db, regionID)
	if err != nil {
		return v, err
	}
	for _, c := range coords {
		v.Names[c.ID] = c.Name
	}
	return v, nil
}

// FiguresView is the desk's figures for a period with the names of the
// partners.
type FiguresView struct {
	desk.Figures
	From, To time.Time // the period (To exclusive); zero = open
	// Partners counts per partner from the history, which survives
	// re-routing; PartnerNames names them.
	Partners     []desk.PartnerCount
	PartnerNames map[int64]string
	Rows         []desk.Question // the questions counted, by id (for the export; without texts)
}

// Figures returns the desk's figures over the questions filed in [from,
// to) (zero ends are open): per kind, month, sector and field, the share
// answered, median response and lead time in working hours, and the
// partners that answer most. The figures hold no personal data. It
// returns ErrForbidden for roles that see no aggregates of the desk.
func (s *Service) Figures(ctx context.Context, from, to time.Time) (FiguresView, error) {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.DeskFigures) {
		return FiguresView{}, s.forbid(ctx, "desk:figures")
	}
	if !from.IsZero() && !to.IsZero() && !to.After(from) {
		return FiguresView{}, &domain.ValidationError{Fields: []domain.FieldError{{Field: "to", Key: "invalid.period"}}}
	}
	key := figKey{a.RegionID, from.UnixNano(), to.UnixNano()}
	stamp, err := s.db.QuestionsStamp(ctx, a.RegionID)
	if err != nil {
		return FiguresView{}, err
	}
	s.cache.Lock()
	hit, ok := s.figs[key]
	s.cache.Unlock()
	if ok && hit.stamp == stamp {
		return hit.view, nil
	}
	qs, err := s.db.QuestionFacts(ctx, a.RegionID, from, to)
	if err != nil {
		return FiguresView{}, err
	}
	partners, err := s.db.PartnerCounts(ctx, a.RegionID, from, to)
	if err != nil {
		return FiguresView{}, err
	}
	v, err := s.figures(ctx, a.RegionID, qs, partners, from, to)
	if err != nil {
		return v, err
	}
	s.cache.Lock()
	if len(s.figs) > 64 {
		clear(s.figs)
	}
	s.figs[key] = figEntry{stamp: stamp, view: v}
	s.cache.Unlock()
	return v, nil
}

// figKey and figEntry cache the figures of a region and period until its
// questions change (see Store.QuestionsStamp) or this process changes
// them (invalidateFigures). The view is shared: callers must not change it.
type figKey struct {
	region   int64
	from, to int64
}

type figEntry struct {
	stamp string
	view  FiguresView
}

// invalidateFigures drops the cached figures of a region.
func (s *Service) invalidateFigures(regionID int64) {
	s.cache.Lock()
	for k := range s.figs {
		if k.region == regionID {
			delete(s.figs, k)
		}
	}
	s.cache.Unlock()
}

func (s *Service) figures(ctx context.Context, regionID int64, qs []desk.Question, partners []desk.PartnerCount, from, to time.Time) (FiguresView, error) {
	v := FiguresView{Figures: desk.ComputeFigures(qs, s.cal), From: from, To: to, Partners: partners,
		PartnerNames: map[int64]string{}, Rows: qs}
	ids := map[int64]bool{}
	for _, p := range v.Partners {
		ids[p.PartnerID] = true
	}
	for _, q := range qs {
		if q.PartnerID != 0 {
			ids[q.PartnerID] = true
		}
	}
	if len(ids) > 0 {
		orgs, _, err := s.db.Organisations(ctx, store.OrgFilter{RegionID: regionID, Page: store.Page{Limit: 500}})
		if err != nil {
			return v, err
		}
		for _, o := range orgs {
			v.PartnerNames[o.ID] = o.Name
		}
		for id := range ids {
			if _, ok := v.PartnerNames[id]; !ok {
				if o, err := s.db.Organisation(ctx, regionID, id); err == nil {
					v.PartnerNames[o.ID] = o.Name
				}
			}
		}
	}
	return v, nil
}

// DropFiguresCache forgets the cached figures of a region (for benchmarks
// and tests that measure or check a fresh computation).
func (s *Service) DropFiguresCache(regionID int64) { s.invalidateFigures(regionID) }
