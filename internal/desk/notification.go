package desk

import (
	"slices"
	"time"
)

// NotifyKind says what a notification tells its recipient. The app words
// each kind through the translation catalogue in the recipient's language;
// a notification itself carries only the question's title.
type NotifyKind string

// Notification kinds: one per step and audience.
const (
	NotifyFiled          NotifyKind = "filed"           // to the desk: a new question
	NotifyTaken          NotifyKind = "taken"           // to the company: the desk took it up
	NotifyHandedOver     NotifyKind = "handed_over"     // to the new holder
	NotifyRoutedPartner  NotifyKind = "routed_partner"  // to the partner: a question for you
	NotifyRoutedCompany  NotifyKind = "routed_company"  // to the company: sent to a partner
	NotifyAccepted       NotifyKind = "accepted"        // to the desk and the company: the partner accepted
	NotifyDeclined       NotifyKind = "declined"        // to the desk: the partner declined
	NotifyAnswered       NotifyKind = "answered"        // to the desk and the company: there is an answer
	NotifyClosed         NotifyKind = "closed"          // to the parties: closed with an outcome
	NotifyWithdrawn      NotifyKind = "withdrawn"       // to the desk and the partner: the company withdrew
	NotifyReopened       NotifyKind = "reopened"        // to the company: the desk took it up again
	NotifyDueChanged     NotifyKind = "due_changed"     // to the company: a new due date
	NotifyComment        NotifyKind = "comment"         // to the other parties: a new comment
	NotifyPlacementDraft NotifyKind = "placement_draft" // to the company: a draft placement was made
)

// NotifyKinds lists every kind.
var NotifyKinds = []NotifyKind{NotifyFiled, NotifyTaken, NotifyHandedOver, NotifyRoutedPartner, NotifyRoutedCompany,
	NotifyAccepted, NotifyDeclined, NotifyAnswered, NotifyClosed, NotifyWithdrawn, NotifyReopened, NotifyDueChanged,
	NotifyComment, NotifyPlacementDraft}

// Valid reports whether k is a known kind.
func (k NotifyKind) Valid() bool { return slices.Contains(NotifyKinds, k) }

// Notification is one thing a user is told in the app and, by their
// choice, by e-mail: a kind, the question it is about and that question's
// title. It holds no other data of the question, so a mail made of it
// carries nothing beyond the title and a link.
type Notification struct {
	ID         int64
	RegionID   int64
	UserID     int64
	Kind       NotifyKind
	QuestionID int64 // 0 when it is about no question
	Title      string
	CreatedAt  time.Time
	ReadAt     time.Time // zero while unread
	EmailedAt  time.Time // zero while not sent by mail
}

// Unread reports whether the recipient has not seen it yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }

// Recipient is a user to notify about a step, and why.
type Recipient struct {
	UserID int64
	Kind   NotifyKind
}

// Notifications returns the notifications of one step, at most one per
// user: every recipient except the actor, in the order given. Later
// entries for a user already notified are dropped.
func Notifications(regionID, questionID int64, title string, actorID int64, rs []Recipient, now time.Time) []Notification {
	seen := map[int64]bool{actorID: true}
	var out []Notification
	for _, r := range rs {
		if r.UserID <= 0 || seen[r.UserID] {
			continue
		}
		seen[r.UserID] = true
		out = append(out, Notification{RegionID: regionID, UserID: r.UserID, Kind: r.Kind, QuestionID: questionID, Title: title, CreatedAt: now})
	}
	return out
}

// StepRecipients returns whom step ev (just applied to q) concerns and
// what each is told: the holder of the question (the desk), the users of
// the asking organisation (companyUsers) and of the partner the step
// concerns (partnerUsers: the partner routed to, or the one that declined
// or answered). Pass the result to Notifications, which leaves out the
// actor. Filing (ActFile) concerns the region's coordinators, whom the
// caller knows; it gives no recipients here.
func StepRecipients(q Question, ev Event, companyUsers, partnerUsers []int64) []Recipient {
	var rs []Recipient
	add := func(us []int64, k NotifyKind) {
		for _, u := range us {
			rs = append(rs, Recipient{UserID: u, Kind: k})
		}
	}
	holder := func(k NotifyKind) {
		if q.HolderID != 0 {
			rs = append(rs, Recipient{UserID: q.HolderID, Kind: k})
		}
	}
	switch ev.Action {
	case ActTake:
		add(companyUsers, NotifyTaken)
	case ActHandOver:
		holder(NotifyHandedOver)
	case ActSetDue:
		add(companyUsers, NotifyDueChanged)
	case ActRoute:
		add(partnerUsers, NotifyRoutedPartner)
		add(companyUsers, NotifyRoutedCompany)
	case ActAcceptRoute:
		holder(NotifyAccepted)
		add(companyUsers, NotifyAccepted)
	case ActDeclineRoute:
		holder(NotifyDeclined)
	case ActAnswer:
		holder(NotifyAnswered)
		add(companyUsers, NotifyAnswered)
	case ActClose, ActDismiss:
		holder(NotifyClosed)
		add(companyUsers, NotifyClosed)
		add(partnerUsers, NotifyClosed)
	case ActWithdraw:
		holder(NotifyWithdrawn)
		add(partnerUsers, NotifyWithdrawn)
	case ActReopen:
		add(companyUsers, NotifyReopened)
	}
	return rs
}
