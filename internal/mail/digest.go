package mail

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Mode is how a user wants to receive notifications.
type Mode string

// Notification modes.
const (
	Immediate Mode = "immediate" // one mail per notification
	Daily     Mode = "digest"    // one mail a day with everything
	Off       Mode = "off"       // no mail; the notifications stay in the app
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == Immediate || m == Daily || m == Off }

// Notification is one thing to tell a user. Keep it short and free of
// personal data beyond what the recipient needs: a subject, a sentence and
// a link to the page that has the rest.
type Notification struct {
	To      string // the recipient's address
	Subject string
	Text    string
	Link    string // optional
	At      time.Time
}

// Message returns the notification as a mail of its own; line breaks in
// the subject become spaces.
func (n Notification) Message() Message {
	text := strings.TrimSpace(n.Text)
	if n.Link != "" {
		text += "\n\n" + n.Link
	}
	return Message{To: []string{n.To}, Subject: flatten(n.Subject), Text: text + "\n"}
}

// Split divides notifications by the mode of their recipient: the ones to
// send now, and the ones to hold for the digest. Notifications for users
// who turned mail off are dropped. modeOf gets the recipient's address;
// an unknown mode counts as Immediate.
func Split(ns []Notification, modeOf func(addr string) Mode) (now, held []Notification) {
	for _, n := range ns {
		switch modeOf(n.To) {
		case Off:
		case Daily:
			held = append(held, n)
		default:
			now = append(now, n)
		}
	}
	return now, held
}

// DigestOptions word the digest mails. The app fills them from the
// translation catalogue; "{n}" in Subject and More is replaced by a count.
type DigestOptions struct {
	Subject  string // e.g. "Talentloket: {n} nieuwe meldingen"
	Intro    string // first paragraph
	Footer   string // last paragraph, e.g. where to change the settings
	More     string // line for the items left out, e.g. "… en nog {n} meldingen in Talentloket."
	MaxItems int    // per mail; 0 means 50
	// Location is the zone times are shown in (dd-mm-jjjj uu:mm); nil
	// means UTC.
	Location *time.Location
}

// Digest groups notifications per recipient (addresses compared without
// case) into one text message each, in address order, with the items
// oldest first. It never fails; notifications without a recipient are
// skipped.
func Digest(ns []Notification, opt DigestOptions) []Message {
	if opt.MaxItems <= 0 {
		opt.MaxItems = 50
	}
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	groups := map[string][]Notification{}
	for _, n := range ns {
		k := strings.ToLower(strings.TrimSpace(n.To))
		if k == "" {
			continue
		}
		groups[k] = append(groups[k], n)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]Message, 0, len(keys))
	for _, k := range keys {
		items := groups[k]
		slices.SortStableFunc(items, func(a, b Notification) int { return cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })
		var b strings.Builder
		if opt.Intro != "" {
			b.WriteString(strings.TrimSpace(opt.Intro) + "\n\n")
		}
		for i, n := range items {
			if i == opt.MaxItems {
				if opt.More != "" {
					b.WriteString(count(opt.More, len(items)-i) + "\n\n")
				}
				break
			}
			b.WriteString("* ")
			if !n.At.IsZero() {
				b.WriteString(n.At.In(loc).Format("02-01-2006 15:04") + " - ")
			}
			b.WriteString(strings.TrimSpace(n.Subject) + "\n")
			for _, line := range strings.Split(strings.TrimSpace(n.Text), "\n") {
				if line = strings.TrimSpace(line); line != "" {
					b.WriteString("  " + line + "\n")
				}
			}
			if n.Link != "" {
				b.WriteString("  " + n.Link + "\n")
			}
			b.WriteString("\n")
		}
		if opt.Footer != "" {
			b.WriteString(strings.TrimSpace(opt.Footer) + "\n")
		}
		subject := count(opt.Subject, len(items))
		if strings.TrimSpace(subject) == "" {
			subject = "Talentloket (" + strconv.Itoa(len(items)) + ")"
		}
		out = append(out, Message{To: []string{strings.TrimSpace(items[0].To)}, Subject: flatten(subject), Text: b.String()})
	}
	return out
}

func count(s string, n int) string { return strings.ReplaceAll(s, "{n}", strconv.Itoa(n)) }

// flatten replaces line breaks by spaces, so a subject made from
// notification text can never inject a header.
func flatten(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}
