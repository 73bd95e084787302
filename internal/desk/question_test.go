package desk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"talentloket/internal/domain"
)

func validQuestion() Question {
	return Question{RegionID: 1, CompanyID: company, FiledBy: filer, Kind: KindPooling, Title: "Twee monteurs lenen"}
}

func TestQuestionNormalise(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Question)
		field  string // "" = valid
	}{
		{"valid", func(*Question) {}, ""},
		{"no region", func(q *Question) { q.RegionID = 0 }, "region"},
		{"no company", func(q *Question) { q.CompanyID = 0 }, "company"},
		{"no filer", func(q *Question) { q.FiledBy = 0 }, "filed_by"},
		{"bad kind", func(q *Question) { q.Kind = "vacature" }, "kind"},
		{"empty title", func(q *Question) { q.Title = "   " }, "title"},
		{"long title", func(q *Question) { q.Title = strings.Repeat("x", MaxTitle+1) }, "title"},
		{"other needs text", func(q *Question) { q.Kind = KindOther }, "text"},
		{"bad crebo", func(q *Question) { q.Crebo = "2534" }, "crebo"},
		{"pc4 is fine", func(q *Question) { q.Postcode = "7511" }, ""},
		{"bad postcode", func(q *Question) { q.Postcode = "0123 AB" }, "postcode"},
		{"point abroad", func(q *Question) { q.Point = domain.Point{Lat: 48.85, Lon: 2.35} }, "point"},
		{"period backwards", func(q *Question) {
			q.Period = domain.Period{Start: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
		}, "period_end"},
		{"too many people", func(q *Question) { q.People = MaxPeople + 1 }, "people"},
		{"negative people", func(q *Question) { q.People = -1 }, "people"},
		{"unknown language", func(q *Question) { q.Language = "xx" }, "language"},
		{"language case", func(q *Question) { q.Language = " DE " }, ""},
		{"too many skills", func(q *Question) {
			for i := range MaxSkills + 1 {
				q.Skills = append(q.Skills, strings.Repeat("s", i+1))
			}
		}, "skills"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := validQuestion()
			tc.change(&q)
			err := q.Normalise()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Normalise: %v", err)
				}
				return
			}
			var v *domain.ValidationError
			if !errors.As(err, &v) || !errors.Is(err, domain.ErrInvalid) {
				t.Fatalf("want a validation error, got %v", err)
			}
			if _, ok := v.For(tc.field); !ok {
				t.Errorf("no error for %q in %v", tc.field, v)
			}
		})
	}
}

func TestNewQuestion(t *testing.T) {
	q := validQuestion()
	q.Status, q.HolderID, q.Outcome = StatusClosed, 5, OutcomeMatched // ignored
	q.Due = t0.AddDate(0, 0, 3).Add(5 * time.Hour)
	got, _, err := NewQuestion(q, t0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusNew || got.HolderID != 0 || got.Outcome != "" || !got.CreatedAt.Equal(t0) || got.Due != domain.Day(q.Due) {
		t.Errorf("new question %+v", got)
	}
	q.Due = t0.AddDate(0, 0, -1)
	if _, _, err := NewQuestion(q, t0); err == nil {
		t.Error("a due date in the past must be refused")
	}
	bad := validQuestion()
	bad.Title = ""
	bad.Due = t0.AddDate(0, 0, -1)
	_, _, err = NewQuestion(bad, t0)
	var v *domain.ValidationError
	if !errors.As(err, &v) || len(v.Fields) != 2 {
		t.Errorf("want both field errors, got %v", err)
	}
}

func TestEnums(t *testing.T) {
	for _, k := range QuestionKinds {
		if !k.Valid() {
			t.Errorf("%s invalid", k)
		}
	}
	if QuestionKind("x").Valid() || QuestionStatus("x").Valid() || Outcome("x").Valid() || OfferKind("x").Valid() {
		t.Error("unknown values must be invalid")
	}
	if StatusClosed.Open() || !StatusAnswered.Open() || QuestionStatus("").Open() {
		t.Error("Open")
	}
	if OutcomeMatched.NeedsReason() || !OutcomeNotPossible.NeedsReason() {
		t.Error("NeedsReason")
	}
	for _, k := range OfferKinds {
		if len(k.ProviderKinds()) == 0 {
			t.Errorf("offer kind %s has no provider kinds", k)
		}
	}
}
