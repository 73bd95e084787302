package desk

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"talentloket/internal/domain"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday

const (
	coordA  = 11
	coordB  = 12
	company = 21
	partner = 31
	other   = 32
	filer   = 41
)

func filed(t *testing.T) Question {
	t.Helper()
	q, ev, err := NewQuestion(Question{ID: 7, RegionID: 1, CompanyID: company, FiledBy: filer, Kind: KindTraining,
		Title: "  5 monteurs moeten PLC leren  ", Skills: []string{"PLC", "plc"}, Postcode: "7551ab", People: 5}, t0)
	if err != nil {
		t.Fatalf("NewQuestion: %v", err)
	}
	if ev.Action != ActFile || ev.To != StatusNew || ev.Side != SideCompany || ev.ActorID != filer {
		t.Fatalf("filing event %+v", ev)
	}
	return q
}

// apply takes a step that must succeed.
func apply(t *testing.T, q *Question, st Step, at time.Time) Event {
	t.Helper()
	ev, err := q.Apply(st, at)
	if err != nil {
		t.Fatalf("%s: %v", st.Action, err)
	}
	return ev
}

func code(err error) domain.Code { return domain.ErrorCode(err) }

func TestHappyPath(t *testing.T) {
	q := filed(t)
	if q.Status != StatusNew || q.Title != "5 monteurs moeten PLC leren" || q.Postcode != "7551 AB" || len(q.Skills) != 1 {
		t.Fatalf("normalised question %+v", q)
	}
	h := time.Hour
	ev := apply(t, &q, Step{Action: ActTake, ActorID: coordA, Sides: SideDesk}, t0.Add(h))
	if q.Status != StatusTaken || q.HolderID != coordA || !q.TakenAt.Equal(t0.Add(h)) || ev.HolderID != coordA {
		t.Fatalf("after take: %+v / %+v", q, ev)
	}
	apply(t, &q, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner, OfferID: 99}, t0.Add(2*h))
	if q.Status != StatusRouted || q.PartnerID != partner || q.OfferID != 99 || q.RouteAccepted {
		t.Fatalf("after route: %+v", q)
	}
	ev = apply(t, &q, Step{Action: ActAcceptRoute, ActorID: 51, Sides: SidePartner}, t0.Add(3*h))
	if !q.RouteAccepted || q.Status != StatusRouted || ev.Side != SidePartner || ev.From != StatusRouted || ev.To != StatusRouted {
		t.Fatalf("after accept: %+v / %+v", q, ev)
	}
	apply(t, &q, Step{Action: ActAnswer, ActorID: 51, Sides: SidePartner, Note: "Cursus start 23 maart, 8 plaatsen."}, t0.Add(4*h))
	if q.Status != StatusAnswered || q.Answer == "" || !q.AnsweredAt.Equal(t0.Add(4*h)) {
		t.Fatalf("after answer: %+v", q)
	}
	ev = apply(t, &q, Step{Action: ActClose, ActorID: filer, Sides: SideCompany, Outcome: OutcomeMatched}, t0.Add(5*h))
	if q.Status != StatusClosed || q.Outcome != OutcomeMatched || ev.Outcome != OutcomeMatched || !q.ClosedAt.Equal(t0.Add(5*h)) {
		t.Fatalf("after close: %+v", q)
	}
	ev = apply(t, &q, Step{Action: ActReopen, ActorID: coordB, Sides: SideDesk, Note: "Bedrijf belde: toch 3 extra"}, t0.Add(6*h))
	if q.Status != StatusTaken || q.Outcome != "" || !q.ClosedAt.IsZero() || q.PartnerID != 0 || q.HolderID != coordA {
		t.Fatalf("after reopen: %+v", q)
	}
	if !q.TakenAt.Equal(t0.Add(h)) {
		t.Error("reopen must keep the first take (response time)")
	}
}

func TestTransitionTable(t *testing.T) {
	// Every action from every status: allowed exactly where the table says.
	allowed := map[Action][]QuestionStatus{
		ActTake:         {StatusNew},
		ActHandOver:     {StatusTaken, StatusRouted, StatusAnswered},
		ActSetDue:       {StatusNew, StatusTaken, StatusRouted, StatusAnswered},
		ActRoute:        {StatusTaken},
		ActAcceptRoute:  {StatusRouted},
		ActDeclineRoute: {StatusRouted},
		ActAnswer:       {StatusRouted},
		ActClose:        {StatusAnswered},
		ActDismiss:      {StatusTaken},
		ActWithdraw:     {StatusNew, StatusTaken, StatusRouted, StatusAnswered},
		ActReopen:       {StatusClosed},
	}
	for _, a := range Actions {
		for _, s := range QuestionStatuses {
			t.Run(string(a)+"/"+string(s), func(t *testing.T) {
				_, err := s.Next(a)
				want := false
				for _, x := range allowed[a] {
					want = want || x == s
				}
				if (err == nil) != want {
					t.Errorf("Next = %v, want allowed=%v", err, want)
				}
				if err != nil && code(err) != domain.CodeConflict {
					t.Errorf("code %s, want conflict", code(err))
				}
			})
		}
	}
	if _, err := StatusNew.Next("fly"); code(err) != domain.CodeInvalid {
		t.Errorf("unknown action: %v", err)
	}
	// No forward skips: from new nothing but take (and the desk's
	// bookkeeping, and withdraw) is possible.
	for _, a := range []Action{ActRoute, ActAnswer, ActClose, ActDismiss} {
		if _, err := StatusNew.Next(a); err == nil {
			t.Errorf("%s from new must be refused", a)
		}
	}
}

func TestApplyErrors(t *testing.T) {
	taken := func(t *testing.T) Question {
		q := filed(t)
		apply(t, &q, Step{Action: ActTake, ActorID: coordA, Sides: SideDesk}, t0)
		return q
	}
	routed := func(t *testing.T) Question {
		q := taken(t)
		apply(t, &q, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner}, t0)
		return q
	}
	tests := []struct {
		name  string
		q     func(*testing.T) Question
		step  Step
		code  domain.Code
		key   string // error key, or the field of a validation error
		field bool
	}{
		{"company cannot take", filed, Step{Action: ActTake, ActorID: filer, Sides: SideCompany}, domain.CodeForbidden, "error.desk_side_not_allowed", false},
		{"no side at all", filed, Step{Action: ActTake, ActorID: 99}, domain.CodeForbidden, "error.desk_side_not_allowed", false},
		{"route a new question", filed, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner}, domain.CodeConflict, "error.transition_not_allowed", false},
		{"route without partner", taken, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk}, domain.CodeInvalid, "partner", true},
		{"route to the asking company", taken, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: company}, domain.CodeConflict, "error.route_to_self", false},
		{"route with a due date in the past", taken, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner, Due: t0.AddDate(0, 0, -1)}, domain.CodeInvalid, "due", true},
		{"answer before accept", routed, Step{Action: ActAnswer, ActorID: 51, Sides: SidePartner, Note: "x"}, domain.CodeConflict, "error.route_not_accepted", false},
		{"company cannot answer", routed, Step{Action: ActAnswer, ActorID: filer, Sides: SideCompany, Note: "x"}, domain.CodeForbidden, "error.desk_side_not_allowed", false},
		{"partner declines without reason", routed, Step{Action: ActDeclineRoute, ActorID: 51, Sides: SidePartner}, domain.CodeInvalid, "note", true},
		{"dismiss without reason", taken, Step{Action: ActDismiss, ActorID: coordA, Sides: SideDesk}, domain.CodeInvalid, "note", true},
		{"hand over to the holder", taken, Step{Action: ActHandOver, ActorID: coordA, Sides: SideDesk, HolderID: coordA}, domain.CodeConflict, "error.holder_unchanged", false},
		{"hand over to nobody", taken, Step{Action: ActHandOver, ActorID: coordA, Sides: SideDesk}, domain.CodeInvalid, "holder", true},
		{"no actor", filed, Step{Action: ActTake, Sides: SideDesk}, domain.CodeInvalid, "actor", true},
		{"note too long", taken, Step{Action: ActDismiss, ActorID: coordA, Sides: SideDesk, Note: string(make([]byte, MaxNote+1))}, domain.CodeInvalid, "note", true},
		{"unknown action", filed, Step{Action: "teleport", ActorID: coordA, Sides: SideDesk}, domain.CodeInvalid, "invalid.choice", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q(t)
			before := q
			before.Skills = append([]string(nil), q.Skills...)
			_, err := q.Apply(tc.step, t0.Add(time.Hour))
			if err == nil {
				t.Fatal("step succeeded")
			}
			if code(err) != tc.code {
				t.Errorf("code %s, want %s (%v)", code(err), tc.code, err)
			}
			if tc.field {
				var v *domain.ValidationError
				if !errors.As(err, &v) {
					t.Fatalf("want a validation error, got %v", err)
				}
				if _, ok := v.For(tc.key); !ok {
					t.Errorf("no error for field %q in %v", tc.key, v)
				}
			} else if k, _ := domain.ErrorKey(err); k != tc.key {
				t.Errorf("key %q, want %q", k, tc.key)
			}
			if !reflect.DeepEqual(q, before) {
				t.Errorf("a failed step changed the question:\n%+v\n%+v", q, before)
			}
		})
	}
}

func TestCloseAndDecline(t *testing.T) {
	answered := func(t *testing.T) Question {
		q := filed(t)
		apply(t, &q, Step{Action: ActTake, ActorID: coordA, Sides: SideDesk}, t0)
		apply(t, &q, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner}, t0)
		apply(t, &q, Step{Action: ActAcceptRoute, ActorID: coordA, Sides: SideDesk}, t0)
		apply(t, &q, Step{Action: ActAnswer, ActorID: coordA, Sides: SideDesk, Note: "Telefonisch: ja"}, t0)
		return q
	}
	for _, tc := range []struct {
		name    string
		outcome Outcome
		note    string
		ok      bool
	}{
		{"matched needs no reason", OutcomeMatched, "", true},
		{"partly needs a reason", OutcomePartly, "", false},
		{"partly with reason", OutcomePartly, "3 van de 5 geplaatst", true},
		{"not possible with reason", OutcomeNotPossible, "geen docent beschikbaar", true},
		{"withdrawn is not a close outcome", OutcomeWithdrawn, "x", false},
		{"no outcome", "", "x", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := answered(t)
			_, err := q.Apply(Step{Action: ActClose, ActorID: coordA, Sides: SideDesk, Outcome: tc.outcome, Note: tc.note}, t0)
			if (err == nil) != tc.ok {
				t.Errorf("close: %v, want ok=%v", err, tc.ok)
			}
		})
	}
	t.Run("decline sends it back and remembers the partner", func(t *testing.T) {
		q := filed(t)
		apply(t, &q, Step{Action: ActTake, ActorID: coordA, Sides: SideDesk}, t0)
		apply(t, &q, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner}, t0)
		ev := apply(t, &q, Step{Action: ActDeclineRoute, ActorID: 51, Sides: SidePartner, Note: "Geen capaciteit"}, t0)
		if q.Status != StatusTaken || q.PartnerID != 0 || !q.Declined(partner) || ev.PartnerID != partner {
			t.Fatalf("after decline: %+v / %+v", q, ev)
		}
		if _, err := q.Apply(Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner}, t0); code(err) != domain.CodeConflict {
			t.Errorf("routing to a partner that declined: %v", err)
		}
		apply(t, &q, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: other}, t0)
	})
	t.Run("withdraw from any open state", func(t *testing.T) {
		for _, q := range []Question{filed(t), answered(t)} {
			ev := apply(t, &q, Step{Action: ActWithdraw, ActorID: filer, Sides: SideCompany}, t0)
			if q.Status != StatusClosed || q.Outcome != OutcomeWithdrawn || ev.Outcome != OutcomeWithdrawn {
				t.Errorf("after withdraw: %+v", q)
			}
		}
	})
}

func TestSidesOf(t *testing.T) {
	q := Question{RegionID: 1, CompanyID: company, PartnerID: partner}
	tests := []struct {
		name string
		a    domain.Actor
		want Side
	}{
		{"coordinator", domain.Actor{UserID: coordA, RegionID: 1, Role: domain.RoleCoordinator}, SideDesk},
		{"coordinator of another region", domain.Actor{UserID: coordA, RegionID: 2, Role: domain.RoleCoordinator}, 0},
		{"company contact", domain.Actor{UserID: filer, RegionID: 1, Role: domain.RoleCompany, OrganisationID: company}, SideCompany},
		{"school staff of the partner", domain.Actor{UserID: 51, RegionID: 1, Role: domain.RoleSchoolStaff, OrganisationID: partner}, SidePartner},
		{"student of the partner school", domain.Actor{UserID: 52, RegionID: 1, Role: domain.RoleStudent, OrganisationID: partner}, 0},
		{"another company", domain.Actor{UserID: 53, RegionID: 1, Role: domain.RoleCompany, OrganisationID: other}, 0},
		{"anonymous", domain.Actor{RegionID: 1}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SidesOf(tc.a, q); got != tc.want {
				t.Errorf("SidesOf = %s, want %s", got, tc.want)
			}
		})
	}
	if s := (SideDesk | SidePartner).String(); s != "desk+partner" {
		t.Errorf("String() = %q", s)
	}
}

func TestActionsFor(t *testing.T) {
	q := filed(t)
	if got := ActionsFor(q, SideDesk); !reflect.DeepEqual(got, []Action{ActTake, ActSetDue, ActWithdraw}) {
		t.Errorf("desk on new: %v", got)
	}
	if got := ActionsFor(q, SideCompany); !reflect.DeepEqual(got, []Action{ActWithdraw}) {
		t.Errorf("company on new: %v", got)
	}
	apply(t, &q, Step{Action: ActTake, ActorID: coordA, Sides: SideDesk}, t0)
	apply(t, &q, Step{Action: ActRoute, ActorID: coordA, Sides: SideDesk, PartnerID: partner}, t0)
	if got := ActionsFor(q, SidePartner); !reflect.DeepEqual(got, []Action{ActAcceptRoute, ActDeclineRoute}) {
		t.Errorf("partner on routed: %v", got)
	}
	apply(t, &q, Step{Action: ActAcceptRoute, ActorID: 51, Sides: SidePartner}, t0)
	if got := ActionsFor(q, SidePartner); !reflect.DeepEqual(got, []Action{ActDeclineRoute, ActAnswer}) {
		t.Errorf("partner on accepted route: %v", got)
	}
}

func TestComments(t *testing.T) {
	q := filed(t)
	tests := []struct {
		name     string
		sides    Side
		internal bool
		text     string
		code     domain.Code
	}{
		{"company comments", SideCompany, false, "Graag ook in het Duits", ""},
		{"desk internal note", SideDesk, true, "Bellen met ROC", ""},
		{"company cannot write internal", SideCompany, true, "x", domain.CodeForbidden},
		{"outsider", 0, false, "x", domain.CodeForbidden},
		{"empty", SideDesk, false, "  ", domain.CodeInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewComment(q, 5, tc.sides, tc.text, tc.internal, t0)
			if code(err) != tc.code {
				t.Fatalf("NewComment: %v, want code %q", err, tc.code)
			}
			if err == nil && (c.QuestionID != q.ID || c.Internal != tc.internal) {
				t.Errorf("comment %+v", c)
			}
		})
	}
	internal := Comment{Internal: true}
	if internal.VisibleTo(SideCompany) || internal.VisibleTo(SidePartner) || !internal.VisibleTo(SideDesk) {
		t.Error("internal comments are for the desk only")
	}
	if !(Comment{}).VisibleTo(SidePartner) || (Comment{}).VisibleTo(0) {
		t.Error("public comments are for every side")
	}
}
