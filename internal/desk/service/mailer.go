package service

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/mail"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// How far back the mailer looks: notifications older than this are not
// mailed any more (a server configured later does not flood inboxes).
const (
	immediateWindow = 48 * time.Hour
	digestWindow    = 72 * time.Hour
	mailBatch       = 200
)

// MailResult is the outcome of the desk's latest mail round or test mail.
type MailResult struct {
	At   time.Time
	Sent int
	Err  string // "" when it went well
}

// MailStatus is the state of the mail configuration for administrators:
// what was configured (the password only as set or not), whether it is
// valid, and how the latest attempt went.
type MailStatus struct {
	Configured  bool
	ConfigErr   string
	Host        string
	Port        int
	TLS         string
	From        string
	Username    string
	PasswordSet bool
	BaseURL     string
	Last        MailResult
}

// MailStatus returns the mail configuration state. It returns ErrForbidden
// for anyone but administrators.
func (s *Service) MailStatus(ctx context.Context) (MailStatus, error) {
	if !auth.Allow(request.Actor(ctx), auth.MailSettings) {
		return MailStatus{}, s.forbid(ctx, "mail")
	}
	c := s.opt.Mail
	st := MailStatus{Configured: c.Host != "", Host: c.Host, Port: c.Port, TLS: string(c.TLS), From: c.From, Username: c.Username,
		PasswordSet: c.Password != "", BaseURL: s.opt.BaseURL}
	if s.mailErr != nil {
		st.ConfigErr = s.mailErr.Error()
	}
	s.mailMu.Lock()
	st.Last = s.last
	s.mailMu.Unlock()
	return st, nil
}

func (s *Service) record(sent int, err error) {
	r := MailResult{At: s.now(), Sent: sent}
	if err != nil {
		r.Err = err.Error()
	}
	s.mailMu.Lock()
	s.last = r
	s.mailMu.Unlock()
}

// ErrNoMail is returned when a mail is asked for while no SMTP server is
// configured.
var ErrNoMail = domain.Errorf(domain.CodeConflict, "error.mail_not_configured")

// SendTestMail sends a test mail to the address given (default: the
// administrator's own) through the configured server, at once. It returns
// ErrForbidden for anyone but administrators, ErrNoMail without a server, a
// *domain.ValidationError for a bad address and the server's failure
// otherwise (also shown on the status page).
func (s *Service) SendTestMail(ctx context.Context, to string) error {
	a := request.Actor(ctx)
	if !auth.Allow(a, auth.MailSettings) {
		return s.forbid(ctx, "mail")
	}
	if s.smtp == nil {
		return ErrNoMail
	}
	if strings.TrimSpace(to) == "" {
		to = a.Email
	}
	addr, err := domain.ParseEmail(to)
	if err != nil {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "to", Key: "invalid.email"}}}
	}
	l := request.Lang(ctx)
	m := mail.Message{To: []string{addr}, Subject: i18n.T(l, "desk.mail.test_subject"),
		Text: i18n.T(l, "desk.mail.test_text") + "\n\n" + s.link(0) + "\n"}
	err = s.smtp.Send(ctx, m)
	s.record(boolInt(err == nil), err)
	request.Audit(ctx, s.db, "mail_test", "mail", "")
	if err != nil {
		return fmt.Errorf("%w: %w", domain.Errorf(domain.CodeConflict, "error.mail_failed"), err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// link returns the address of a question (or of the notifications page for
// 0) for a mail.
func (s *Service) link(questionID int64) string {
	base := strings.TrimRight(s.opt.BaseURL, "/")
	if questionID == 0 {
		return base + "/notifications"
	}
	return base + "/questions/" + strconv.FormatInt(questionID, 10)
}

// RunMailer sends the notifications by mail until ctx ends: the immediate
// ones within MailEvery (20 s by default) and, once a day after
// DigestHour, each digest user's digest. It returns at once when no SMTP
// server is configured (notifications then stay in the app). It runs in
// its own goroutine and never holds a transaction while talking to the
// server, so requests never wait for it.
func (s *Service) RunMailer(ctx context.Context) {
	if s.smtp == nil {
		return
	}
	wait := s.opt.MailEvery
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := s.DeliverMail(ctx); err != nil && ctx.Err() == nil {
			// A server that is down is tried less often, up to every five
			// minutes, so that the log is not flooded.
			wait = min(2*wait, 5*time.Minute)
			s.log.Warn("desk mail", "err", err, "retry_in", wait)
		} else {
			wait = s.opt.MailEvery
		}
		t.Reset(wait)
	}
}

// DeliverMail runs one round of the mailer (see RunMailer) and returns how
// many mails went out. It stops at the first failure of the server (the
// rest waits for the next round); a recipient the server refuses for good
// is given up. With no SMTP server it returns 0 and ErrNoMail.
func (s *Service) DeliverMail(ctx context.Context) (int, error) {
	if s.smtp == nil {
		return 0, ErrNoMail
	}
	now := s.now()
	sent, err := s.deliverImmediate(ctx, now)
	if err == nil {
		var n int
		n, err = s.deliverDigests(ctx, now)
		sent += n
	}
	if sent > 0 || err != nil {
		s.record(sent, err)
	}
	return sent, err
}

func langOf(locale string) i18n.Lang { return i18n.Parse(locale) }

// permanent reports whether a send failed for a reason a retry cannot
// mend: a message that cannot be sent, or a recipient refused with a 5xx
// reply.
func permanent(err error) bool {
	if errors.Is(err, mail.ErrMessage) || errors.Is(err, mail.ErrHeaderInjection) {
		return true
	}
	var se *mail.SendError
	var te *textproto.Error
	return errors.As(err, &se) && se.Step == "rcpt" && errors.As(err, &te) && te.Code >= 500
}

func (s *Service) deliverImmediate(ctx context.Context, now time.Time) (int, error) {
	pend, err := s.db.PendingMails(ctx, "immediate", now.Add(-immediateWindow), mailBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range pend {
		l := langOf(p.Locale)
		text := i18n.T(l, "desk.notify."+string(p.Kind), p.Title) + "\n\n" + s.link(p.QuestionID) + "\n\n" + i18n.T(l, "desk.mail.footer")
		m := mail.Message{To: []string{p.Email}, Subject: i18n.T(l, "desk.mail.subject", p.Title), Text: text + "\n"}
		if err := s.smtp.Send(ctx, m); err != nil {
			if !permanent(err) {
				return sent, err
			}
			s.log.Warn("desk mail: recipient given up", "notification", p.ID, "err", err)
		} else {
			sent++
		}
		if err := s.db.MarkEmailed(ctx, []int64{p.ID}, s.now()); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// digestDue reports whether a user's digest is due at now: it is past
// DigestHour today (local) and the last digest went out before that.
func (s *Service) digestDue(last, now time.Time) bool {
	local := now.In(s.opt.Location)
	y, m, d := local.Date()
	slot := time.Date(y, m, d, s.opt.DigestHour, 0, 0, 0, s.opt.Location)
	return !local.Before(slot) && (last.IsZero() || last.Before(slot))
}

func (s *Service) deliverDigests(ctx context.Context, now time.Time) (int, error) {
	pend, err := s.db.PendingMails(ctx, "digest", now.Add(-digestWindow), 10*mailBatch)
	if err != nil {
		return 0, err
	}
	type group struct {
		user  store.PendingMail
		items []mail.Notification
		ids   []int64
	}
	var order []int64
	groups := map[int64]*group{}
	for _, p := range pend {
		if !s.digestDue(p.LastDigest, now) {
			continue
		}
		g := groups[p.UserID]
		if g == nil {
			g = &group{user: p}
			groups[p.UserID] = g
			order = append(order, p.UserID)
		}
		l := langOf(p.Locale)
		g.items = append(g.items, mail.Notification{To: p.Email, Subject: i18n.T(l, "desk.notify."+string(p.Kind), p.Title),
			Link: s.link(p.QuestionID), At: p.CreatedAt})
		g.ids = append(g.ids, p.ID)
	}
	sent := 0
	for _, uid := range order {
		g := groups[uid]
		l := langOf(g.user.Locale)
		msgs := mail.Digest(g.items, mail.DigestOptions{Subject: i18n.T(l, "desk.mail.digest_subject"), Intro: i18n.T(l, "desk.mail.digest_intro"),
			Footer: i18n.T(l, "desk.mail.footer") + "\n" + s.link(0), More: i18n.T(l, "desk.mail.digest_more"), Location: s.opt.Location})
		for _, m := range msgs {
			if err := s.smtp.Send(ctx, m); err != nil {
				if !permanent(err) {
					return sent, err
				}
				s.log.Warn("desk mail: digest recipient given up", "user", uid, "err", err)
			} else {
				sent++
			}
		}
		if err := s.db.MarkEmailed(ctx, g.ids, s.now()); err != nil {
			return sent, err
		}
		if err := s.db.SetDigestSent(ctx, uid, s.now()); err != nil {
			return sent, err
		}
	}
	return sent, nil
}
