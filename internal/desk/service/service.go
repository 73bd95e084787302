// Package service holds the use cases of the desk ("één loket"): companies
// and schools file questions, the regional coordinator takes them up and
// routes them to the partner whose offer can answer them, the partner
// accepts and answers, and the question is closed with an outcome. It keeps
// the offer catalogue, suggests offers for a question (internal/desk/route,
// prepared once per region and rebuilt when offers change), writes a
// notification for every party a step concerns and mails them (immediately
// or as a daily digest) through the SMTP server the administrator
// configured, and computes and exports the desk's figures.
//
// The rules themselves are internal/desk's (the workflow, working time,
// figures) and internal/auth's (who may see what); this package applies
// them to stored data inside transactions.
package service

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/mail"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Store is what the desk's use cases need of the database.
type Store interface {
	Organisation(ctx context.Context, regionID, id int64) (domain.Organisation, error)
	Organisations(ctx context.Context, f store.OrgFilter) ([]domain.Organisation, int, error)
	Locations(ctx context.Context, regionID, orgID int64) ([]domain.Location, error)
	Users(ctx context.Context, f store.UserFilter) ([]domain.User, error)
	Postcode(ctx context.Context, code string) (domain.Postcode, error)
	CreatePlacement(ctx context.Context, p domain.Placement) (int64, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error

	CreateQuestion(ctx context.Context, q desk.Question, ev desk.Event) (int64, error)
	UpdateQuestion(ctx context.Context, q desk.Question) error
	LockQuestion(ctx context.Context, regionID, id int64) error
	SetQuestionPlacement(ctx context.Context, regionID, id, placementID int64) error
	Question(ctx context.Context, regionID, id int64) (store.QuestionRow, error)
	Questions(ctx context.Context, f store.QuestionFilter) ([]store.QuestionRow, int, error)
	AddQuestionEvent(ctx context.Context, e desk.Event) (int64, error)
	QuestionEvents(ctx context.Context, regionID, questionID int64) ([]store.EventRow, error)
	PartnerCounts(ctx context.Context, regionID int64, from, to time.Time) ([]desk.PartnerCount, error)
	AddQuestionComment(ctx context.Context, c desk.Comment) (int64, error)
	QuestionComments(ctx context.Context, regionID, questionID int64) ([]desk.Comment, error)
	LastSector(ctx context.Context, regionID, companyID int64) (string, error)

	CreateOffer(ctx context.Context, o desk.Offer, createdBy int64) (int64, error)
	UpdateOffer(ctx context.Context, o desk.Offer) error
	DeleteOffer(ctx context.Context, regionID, providerID, id int64) error
	Offer(ctx context.Context, regionID, id int64) (desk.Offer, error)
	Offers(ctx context.Context, f store.OfferFilter) ([]desk.Offer, int, error)
	OffersStamp(ctx context.Context, regionID int64) (string, error)

	AddNotifications(ctx context.Context, ns []desk.Notification) error
	Notifications(ctx context.Context, regionID, userID int64, unreadOnly bool, pg store.Page) ([]desk.Notification, int, error)
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, regionID, userID int64, ids []int64, at time.Time) (int64, error)
	MarkQuestionRead(ctx context.Context, userID, questionID int64, at time.Time) error
	NotificationMode(ctx context.Context, userID int64) (string, time.Time, error)
	SetNotificationMode(ctx context.Context, userID int64, mode string) error
	PendingMails(ctx context.Context, mode string, since time.Time, limit int) ([]store.PendingMail, error)
	MarkEmailed(ctx context.Context, ids []int64, at time.Time) error
	SetDigestSent(ctx context.Context, userID int64, at time.Time) error
	QuestionFacts(ctx context.Context, regionID int64, from, to time.Time) ([]desk.Question, error)
	QuestionsStamp(ctx context.Context, regionID int64) (string, error)
}

// DB is a Store that can run a function in one transaction.
type DB interface {
	Store
	InTx(ctx context.Context, fn func(Store) error) error
}

// Options configure the desk.
type Options struct {
	// Mail is the SMTP server; an empty Host means none is configured and
	// notifications stay in the app.
	Mail mail.Config
	// BaseURL is the public address links in mails point to, e.g.
	// "https://talentloket.example.nl"; "" gives relative links.
	BaseURL string
	// Location is the zone of office hours, dates in mails and the digest
	// hour; nil means Europe/Amsterdam.
	Location *time.Location
	// MailEvery is how often the mailer looks for notifications to send;
	// 0 means 20 seconds, so that an immediate notification leaves within
	// a minute.
	MailEvery time.Duration
	// DigestHour is the local hour after which daily digests go out; 0
	// means 7 (07:00).
	DigestHour int
	SLA        desk.SLA
}

// Service runs the desk's use cases.
type Service struct {
	db   DB
	now  func() time.Time
	log  *slog.Logger
	opt  Options
	cal  desk.Calendar
	smtp *mail.SMTP // nil when no SMTP server is configured
	// mailErr is the configuration error when the SMTP settings are
	// invalid (the desk then runs without mail).
	mailErr error

	cache  sync.Mutex
	byReg  map[int64]*catalogue
	figs   map[figKey]figEntry
	mailMu sync.Mutex
	last   MailResult
}

// New returns the desk service. An invalid mail configuration is logged
// and leaves notifications in the app (config validation refuses it at
// start-up before this).
func New(db DB, o Options, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	if o.Location == nil {
		o.Location = amsterdam
	}
	if o.MailEvery <= 0 {
		o.MailEvery = 20 * time.Second
	}
	if o.DigestHour <= 0 || o.DigestHour > 23 {
		o.DigestHour = 7
	}
	s := &Service{db: db, now: now, log: log, opt: o, cal: desk.Calendar{Location: o.Location}, byReg: map[int64]*catalogue{}, figs: map[figKey]figEntry{}}
	if o.Mail.Host != "" {
		s.smtp, s.mailErr = mail.NewSMTP(o.Mail)
		if s.mailErr != nil {
			log.Error("desk mail disabled: invalid SMTP configuration", "err", s.mailErr)
		}
	}
	return s
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Calendar returns the working-time calendar the desk measures with.
func (s *Service) Calendar() desk.Calendar { return s.cal }

func (s *Service) forbid(ctx context.Context, what string) error {
	request.Audit(ctx, s.db, domain.AuditPermissionDeny, what, "")
	return domain.ErrForbidden
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func qobj(id int64) string { return fmt.Sprintf("question:%d", id) }

// deskUsers returns the enabled users of an organisation who act for it at
// the desk: company contacts and school staff (not coaches).
func deskUsers(ctx context.Context, st Store, regionID, orgID int64) ([]domain.User, error) {
	if orgID == 0 {
		return nil, nil
	}
	us, err := st.Users(ctx, store.UserFilter{RegionID: regionID, OrgID: orgID, Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	out := us[:0]
	for _, u := range us {
		if !u.Disabled && (u.Role == domain.RoleCompany || u.Role == domain.RoleSchoolStaff) {
			out = append(out, u)
		}
	}
	return out, nil
}

// coordinators returns the enabled coordinators of a region.
func coordinators(ctx context.Context, st Store, regionID int64) ([]domain.User, error) {
	us, err := st.Users(ctx, store.UserFilter{RegionID: regionID, Role: domain.RoleCoordinator, Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	out := us[:0]
	for _, u := range us {
		if !u.Disabled {
			out = append(out, u)
		}
	}
	return out, nil
}

// canDesk reports whether the actor works the desk of its region.
func canDesk(a domain.Actor) bool { return auth.Allow(a, auth.DeskBoard) }
