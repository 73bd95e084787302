package desk

import (
	"reflect"
	"testing"
	"time"
)

// figureQuestions: five questions from January to March 2026 (no question
// in February), created on Monday mornings at 09:00 UTC.
func figureQuestions() []Question {
	jan := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	mar := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := time.Hour
	return []Question{
		{ID: 1, Kind: KindTraining, Sector: "metaal", Field: "lassen", Status: StatusClosed, Outcome: OutcomeMatched,
			CreatedAt: jan, TakenAt: jan.Add(h), AnsweredAt: jan.Add(5 * h), ClosedAt: jan.Add(6 * h), PartnerID: 101},
		{ID: 2, Kind: KindTraining, Sector: "metaal", Status: StatusClosed, Outcome: OutcomePartly,
			CreatedAt: jan, TakenAt: jan.Add(3 * h), AnsweredAt: jan.Add(24 * h), ClosedAt: jan.Add(26 * h), PartnerID: 101,
			DeclinedPartners: []int64{102}},
		{ID: 3, Kind: KindPooling, Sector: "installatie", Status: StatusClosed, Outcome: OutcomeWithdrawn,
			CreatedAt: jan, TakenAt: jan.Add(2 * h), ClosedAt: jan.Add(4 * h)},
		{ID: 4, Kind: KindHybridTeacher, Sector: "metaal", Status: StatusRouted, CreatedAt: mar, TakenAt: mar.Add(5 * h),
			PartnerID: 102},
		{ID: 5, Kind: KindOther, Status: StatusNew, CreatedAt: mar},
	}
}

func TestComputeFigures(t *testing.T) {
	f := ComputeFigures(figureQuestions(), Calendar{})
	if f.Questions != 5 {
		t.Errorf("Questions %d", f.Questions)
	}
	if want := []Count{{"placement", 0}, {"training", 2}, {"pooling", 1}, {"hybrid_teacher", 1},
		{"teacher_placement", 0}, {"outreach", 0}, {"other", 1}}; !reflect.DeepEqual(f.PerKind, want) {
		t.Errorf("PerKind %v", f.PerKind)
	}
	if want := []Count{{"2026-01", 3}, {"2026-02", 0}, {"2026-03", 2}}; !reflect.DeepEqual(f.PerMonth, want) {
		t.Errorf("PerMonth %v", f.PerMonth)
	}
	if want := []Count{{"metaal", 3}, {"", 1}, {"installatie", 1}}; !reflect.DeepEqual(f.PerSector, want) {
		t.Errorf("PerSector %v", f.PerSector)
	}
	if want := []Count{{"matched", 1}, {"partly", 1}, {"not_possible", 0}, {"withdrawn", 1}}; !reflect.DeepEqual(f.Outcomes, want) {
		t.Errorf("Outcomes %v", f.Outcomes)
	}
	if f.Answered != 2 || f.ShareAnswered != 0.5 { // 2 of the 4 not withdrawn
		t.Errorf("Answered %d share %v", f.Answered, f.ShareAnswered)
	}
	// Response: 1h, 3h, 2h, 5h -> median 2.5h. Lead (without withdrawn):
	// 6h elapsed = 6h working; 26h elapsed = 8h + 2h = 10h working.
	if f.Response != (Stat{N: 4, MedianWorking: 150 * time.Minute, MedianElapsed: 150 * time.Minute}) {
		t.Errorf("Response %+v", f.Response)
	}
	if f.Lead != (Stat{N: 2, MedianWorking: 8 * time.Hour, MedianElapsed: 16 * time.Hour}) {
		t.Errorf("Lead %+v", f.Lead)
	}
	if want := []PartnerCount{{PartnerID: 101, Routed: 2, Answered: 2}, {PartnerID: 102, Routed: 2, Declined: 1}}; !reflect.DeepEqual(f.Partners, want) {
		t.Errorf("Partners %+v", f.Partners)
	}
	if empty := ComputeFigures(nil, Calendar{}); empty.Questions != 0 || empty.ShareAnswered != 0 || empty.PerMonth != nil || len(empty.PerKind) != len(QuestionKinds) {
		t.Errorf("empty figures %+v", empty)
	}
}

func TestPartnersFromEvents(t *testing.T) {
	evs := []Event{
		{Action: ActRoute, PartnerID: 1}, {Action: ActDeclineRoute, PartnerID: 1},
		{Action: ActRoute, PartnerID: 2}, {Action: ActAcceptRoute, PartnerID: 2}, {Action: ActAnswer, PartnerID: 2},
		{Action: ActRoute, PartnerID: 2}, {Action: ActAnswer, PartnerID: 2}, {Action: ActTake},
	}
	want := []PartnerCount{{PartnerID: 2, Routed: 2, Answered: 2}, {PartnerID: 1, Routed: 1, Declined: 1}}
	if got := PartnersFromEvents(evs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
}

func TestBoard(t *testing.T) {
	qs := figureQuestions()
	qs[3].HolderID = coordA
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC) // Tuesday noon
	b := NewBoard(qs, now, Calendar{}, SLA{})
	if len(b.Rows) != 2 || b.Rows[0].Question.ID != 4 || b.Rows[1].Question.ID != 5 {
		t.Fatalf("rows %+v", b.Rows)
	}
	// Question 5 is new since Monday 09:00: overdue since Tuesday 09:00.
	if !b.Rows[1].Overdue || b.Rows[1].Deadline.Kind != DeadlineResponse || b.Rows[0].Overdue {
		t.Errorf("overdue flags %+v", b.Rows)
	}
	if b.Rows[1].Age.Working != 11*time.Hour {
		t.Errorf("age %v", b.Rows[1].Age)
	}
	if want := []HolderLoad{{HolderID: 0, Open: 1, Overdue: 1}, {HolderID: coordA, Open: 1}}; !reflect.DeepEqual(b.Holders, want) || b.Overdue != 1 {
		t.Errorf("holders %+v overdue %d", b.Holders, b.Overdue)
	}
}
