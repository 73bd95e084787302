package desk

import (
	"slices"
	"testing"
	"time"
)

// TestStepRecipients: every party a step concerns hears of it, nobody
// else, and never the actor.
func TestStepRecipients(t *testing.T) {
	const holder, filer, companyColleague, partnerUser = 11, 41, 42, 51
	company, partner := []int64{filer, companyColleague}, []int64{partnerUser}
	q := Question{ID: 7, RegionID: 1, Title: "PLC", HolderID: holder}
	kinds := func(rs []Recipient) map[int64]NotifyKind {
		m := map[int64]NotifyKind{}
		for _, r := range rs {
			m[r.UserID] = r.Kind
		}
		return m
	}
	cases := []struct {
		act  Action
		want map[int64]NotifyKind
	}{
		{ActTake, map[int64]NotifyKind{filer: NotifyTaken, companyColleague: NotifyTaken}},
		{ActHandOver, map[int64]NotifyKind{holder: NotifyHandedOver}},
		{ActRoute, map[int64]NotifyKind{partnerUser: NotifyRoutedPartner, filer: NotifyRoutedCompany, companyColleague: NotifyRoutedCompany}},
		{ActAcceptRoute, map[int64]NotifyKind{holder: NotifyAccepted, filer: NotifyAccepted, companyColleague: NotifyAccepted}},
		{ActDeclineRoute, map[int64]NotifyKind{holder: NotifyDeclined}},
		{ActAnswer, map[int64]NotifyKind{holder: NotifyAnswered, filer: NotifyAnswered, companyColleague: NotifyAnswered}},
		{ActClose, map[int64]NotifyKind{holder: NotifyClosed, filer: NotifyClosed, companyColleague: NotifyClosed, partnerUser: NotifyClosed}},
		{ActWithdraw, map[int64]NotifyKind{holder: NotifyWithdrawn, partnerUser: NotifyWithdrawn}},
		{ActReopen, map[int64]NotifyKind{filer: NotifyReopened, companyColleague: NotifyReopened}},
		{ActSetDue, map[int64]NotifyKind{filer: NotifyDueChanged, companyColleague: NotifyDueChanged}},
	}
	for _, c := range cases {
		got := kinds(StepRecipients(q, Event{Action: c.act}, company, partner))
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.act, got, c.want)
			continue
		}
		for u, k := range c.want {
			if got[u] != k {
				t.Errorf("%s: user %d gets %q, want %q", c.act, u, got[u], k)
			}
		}
	}
	// The actor is left out, and nobody hears twice.
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ns := Notifications(1, q.ID, q.Title, filer, append(StepRecipients(q, Event{Action: ActClose}, company, partner),
		Recipient{UserID: holder, Kind: NotifyComment}), now)
	var users []int64
	for _, n := range ns {
		users = append(users, n.UserID)
		if n.Title != "PLC" || n.QuestionID != 7 || !n.CreatedAt.Equal(now) || !n.Kind.Valid() {
			t.Errorf("notification %+v", n)
		}
	}
	if !slices.Equal(users, []int64{holder, companyColleague, partnerUser}) {
		t.Fatalf("recipients %v", users)
	}
}
