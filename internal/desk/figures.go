package desk

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Count is a number of questions under a key.
type Count struct {
	Key string
	N   int
}

// Stat is the median of a duration over N questions; zero when N is 0.
type Stat struct {
	N             int
	MedianWorking time.Duration
	MedianElapsed time.Duration
}

// PartnerCount is what one partner did with the questions routed to it.
type PartnerCount struct {
	PartnerID int64
	Routed    int // questions routed to it: still routed, answered or closed after its answer, or declined
	Answered  int // questions it answered
	Declined  int // questions it declined
}

// Figures are the desk's numbers over a set of questions.
type Figures struct {
	Questions int
	// PerKind has every kind of QuestionKinds, in that order, zeros included.
	PerKind []Count
	// PerMonth has every month ("2025-03", in the calendar's zone) from the
	// first to the last month with a question, ascending, zeros included.
	PerMonth []Count
	// PerSector and PerField count by the question's Sector and Field,
	// most first, then by key; "" is the key of questions without one.
	PerSector []Count
	PerField  []Count
	// PerStatus has every status of QuestionStatuses, in that order.
	PerStatus []Count
	// Outcomes counts closed questions per outcome of Outcomes, in order.
	Outcomes []Count
	// Answered is the number of questions that were answered at least once.
	Answered int
	// ShareAnswered is Answered divided by the questions that were not
	// withdrawn; 0 when there are none.
	ShareAnswered float64
	// Response is the median response time over the questions taken.
	Response Stat
	// Lead is the median lead time over the closed questions that were not
	// withdrawn.
	Lead Stat
	// Partners are the partners questions were routed to, the ones that
	// answered most first (then by fewest declines, then by id).
	Partners []PartnerCount
}

// ComputeFigures returns the figures over qs, measuring durations with
// cal. It never fails; an empty slice gives zero counts.
func ComputeFigures(qs []Question, cal Calendar) Figures {
	f := Figures{Questions: len(qs)}
	kinds := make(map[QuestionKind]int, len(QuestionKinds))
	statuses := make(map[QuestionStatus]int, len(QuestionStatuses))
	outcomes := make(map[Outcome]int, len(Outcomes))
	months := map[int]int{}
	sectors, fields := map[string]int{}, map[string]int{}
	partners := map[int64]*PartnerCount{}
	partner := func(id int64) *PartnerCount {
		p := partners[id]
		if p == nil {
			p = &PartnerCount{PartnerID: id}
			partners[id] = p
		}
		return p
	}
	var resp, lead []Span
	withdrawn := 0
	loc := cal.loc()
	for _, q := range qs {
		kinds[q.Kind]++
		statuses[q.Status]++
		if !q.CreatedAt.IsZero() {
			y, m, _ := q.CreatedAt.In(loc).Date()
			months[y*12+int(m)-1]++
		}
		sectors[q.Sector]++
		fields[q.Field]++
		if q.Status == StatusClosed {
			outcomes[q.Outcome]++
		}
		if q.Outcome == OutcomeWithdrawn && q.Status == StatusClosed {
			withdrawn++
		}
		answered := !q.AnsweredAt.IsZero()
		if answered {
			f.Answered++
		}
		if s, ok := cal.ResponseTime(q); ok {
			resp = append(resp, s)
		}
		if s, ok := cal.LeadTime(q); ok && q.Outcome != OutcomeWithdrawn {
			lead = append(lead, s)
		}
		for _, id := range q.DeclinedPartners {
			p := partner(id)
			p.Routed++
			p.Declined++
		}
		if q.PartnerID != 0 {
			p := partner(q.PartnerID)
			p.Routed++
			if answered && q.Status != StatusRouted {
				p.Answered++
			}
		}
	}
	for _, k := range QuestionKinds {
		f.PerKind = append(f.PerKind, Count{string(k), kinds[k]})
	}
	for _, s := range QuestionStatuses {
		f.PerStatus = append(f.PerStatus, Count{string(s), statuses[s]})
	}
	for _, o := range Outcomes {
		f.Outcomes = append(f.Outcomes, Count{string(o), outcomes[o]})
	}
	if len(months) > 0 {
		lo, hi := int(^uint(0)>>1), -1
		for m := range months {
			lo, hi = min(lo, m), max(hi, m)
		}
		for m := lo; m <= hi; m++ {
			f.PerMonth = append(f.PerMonth, Count{fmt.Sprintf("%04d-%02d", m/12, m%12+1), months[m]})
		}
	}
	f.PerSector, f.PerField = sortedCounts(sectors), sortedCounts(fields)
	if d := len(qs) - withdrawn; d > 0 {
		f.ShareAnswered = float64(f.Answered) / float64(d)
	}
	f.Response, f.Lead = median(resp), median(lead)
	for _, p := range partners {
		f.Partners = append(f.Partners, *p)
	}
	slices.SortFunc(f.Partners, func(a, b PartnerCount) int {
		return cmp.Or(cmp.Compare(b.Answered, a.Answered), cmp.Compare(a.Declined, b.Declined), cmp.Compare(a.PartnerID, b.PartnerID))
	})
	return f
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return out
}

// median returns the medians of both measures; for an even count the mean
// of the two middle values.
func median(spans []Span) Stat {
	n := len(spans)
	if n == 0 {
		return Stat{}
	}
	w := make([]time.Duration, n)
	e := make([]time.Duration, n)
	for i, s := range spans {
		w[i], e[i] = s.Working, s.Elapsed
	}
	return Stat{N: n, MedianWorking: medianOf(w), MedianElapsed: medianOf(e)}
}

func medianOf(d []time.Duration) time.Duration {
	slices.Sort(d)
	n := len(d)
	if n%2 == 1 {
		return d[n/2]
	}
	return d[n/2-1] + (d[n/2]-d[n/2-1])/2
}

// BoardRow is one open question on the desk page.
type BoardRow struct {
	Question Question
	Age      Span
	Deadline Deadline
	HasDue   bool // a deadline applies
	Overdue  bool
}

// HolderLoad is how many open questions a coordinator holds.
type HolderLoad struct {
	HolderID int64 // 0 for new questions nobody holds yet
	Open     int
	Overdue  int
}

// Board is the desk page: the open questions, oldest first, and the load
// per holder.
type Board struct {
	Rows    []BoardRow
	Holders []HolderLoad // most open first, then by holder id
	Overdue int
}

// NewBoard returns the desk page over qs at now: every open question with
// its age and deadline, oldest first (then by id), and the load per holder.
// Closed questions are left out. It never fails.
func NewBoard(qs []Question, now time.Time, cal Calendar, sla SLA) Board {
	var b Board
	load := map[int64]*HolderLoad{}
	for _, q := range qs {
		if !q.Status.Open() {
			continue
		}
		dl, has := cal.Deadline(q, sla)
		row := BoardRow{Question: q, Age: cal.Age(q, now), Deadline: dl, HasDue: has, Overdue: has && now.After(dl.At)}
		b.Rows = append(b.Rows, row)
		h := load[q.HolderID]
		if h == nil {
			h = &HolderLoad{HolderID: q.HolderID}
			load[q.HolderID] = h
		}
		h.Open++
		if row.Overdue {
			h.Overdue++
			b.Overdue++
		}
	}
	// Sort positions rather than the rows: a row holds a whole question.
	order := make([]int32, len(b.Rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		x, y := &b.Rows[i].Question, &b.Rows[j].Question
		return cmp.Or(x.CreatedAt.Compare(y.CreatedAt), cmp.Compare(x.ID, y.ID))
	})
	sorted := make([]BoardRow, len(b.Rows))
	for k, i := range order {
		sorted[k] = b.Rows[i]
	}
	b.Rows = sorted
	for _, h := range load {
		b.Holders = append(b.Holders, *h)
	}
	slices.SortFunc(b.Holders, func(x, y HolderLoad) int {
		return cmp.Or(cmp.Compare(y.Open, x.Open), cmp.Compare(x.HolderID, y.HolderID))
	})
	return b
}

// PartnersFromEvents counts per partner the routes, accepts, declines and
// answers in a history (the events of any number of questions), which
// survives reopening and re-routing where the question snapshot used by
// ComputeFigures does not. The order is that of Figures.Partners.
func PartnersFromEvents(events []Event) []PartnerCount {
	m := map[int64]*PartnerCount{}
	for _, e := range events {
		if e.PartnerID == 0 {
			continue
		}
		p := m[e.PartnerID]
		if p == nil {
			p = &PartnerCount{PartnerID: e.PartnerID}
			m[e.PartnerID] = p
		}
		switch e.Action {
		case ActRoute:
			p.Routed++
		case ActDeclineRoute:
			p.Declined++
		case ActAnswer:
			p.Answered++
		}
	}
	out := make([]PartnerCount, 0, len(m))
	for _, p := range m {
		out = append(out, *p)
	}
	SortPartners(out)
	return out
}

// SortPartners orders partner counts as Figures.Partners: the ones that
// answered most first, then by fewest declines, then by id.
func SortPartners(ps []PartnerCount) {
	slices.SortFunc(ps, func(a, b PartnerCount) int {
		return cmp.Or(cmp.Compare(b.Answered, a.Answered), cmp.Compare(a.Declined, b.Declined), cmp.Compare(a.PartnerID, b.PartnerID))
	})
}
