package service_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/mail"
	"talentloket/internal/mail/mailtest"
)

// The mail tests send through the real mailer to an SMTP server the test
// starts on the loopback interface (internal/mail/mailtest).

func byRecipient(ms []mailtest.Message, addr string) []mailtest.Message {
	var out []mailtest.Message
	for _, m := range ms {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

// TestRoutedQuestionMail: the partner a question is routed to gets a mail
// with its title and a link, and nothing more about the question or the
// company.
func TestRoutedQuestionMail(t *testing.T) {
	srv := mailtest.Start(t)
	e := newEnv(t, service.Options{Mail: srv.Config(), BaseURL: "https://talentloket.test/"})
	a := e.f.A
	staff := a.Users[domain.RoleSchoolStaff]
	kc := e.user(a, domain.RoleCoordinator)
	q := training("Vijf monteurs moeten PLC leren")
	q.Text = "Vertrouwelijk: Jan de Vries en Piet Jansen van onze afdeling onderhoud."
	id := e.file(e.user(a, domain.RoleCompany), q)
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, OfferID: a.Extra["offer"]}))

	n, err := e.s.DeliverMail(context.Background())
	ok(t, err)
	msgs := srv.Wait(n, 5*time.Second)
	if n < 4 || len(msgs) != n {
		t.Fatalf("sent %d, server got %d", n, len(msgs))
	}
	link := "https://talentloket.test/questions/" + strconv.FormatInt(id, 10)
	var routed *mailtest.Message
	for _, m := range byRecipient(msgs, staff.Email) {
		if strings.Contains(m.Text, link) {
			routed = &m
		}
	}
	if routed == nil {
		t.Fatalf("no mail about the question for the partner %s: %+v", staff.Email, msgs)
	}
	if len(routed.To) != 1 || routed.From != "noreply@talentloket.test" || !strings.Contains(routed.Subject, q.Title) ||
		!strings.Contains(routed.Text, "voorgelegd") {
		t.Fatalf("routed mail: to %v from %s subject %q\n%s", routed.To, routed.From, routed.Subject, routed.Text)
	}
	for _, secret := range []string{"Jan de Vries", "Vertrouwelijk", a.Company.Name, e.f.A.Users[domain.RoleCompany].Email, "Siemens"} {
		if strings.Contains(string(routed.Data), secret) {
			t.Errorf("mail carries %q", secret)
		}
	}
	// The company and the coordinator heard of their steps too.
	if len(byRecipient(msgs, a.Users[domain.RoleCompany].Email)) < 2 || len(byRecipient(msgs, a.Users[domain.RoleCoordinator].Email)) < 1 {
		t.Fatalf("company or desk got no mail: %d messages", len(msgs))
	}
	// Nothing is sent twice; the notifications are marked.
	if n, err := e.s.DeliverMail(context.Background()); n != 0 || err != nil {
		t.Fatalf("second round sent %d: %v", n, err)
	}
	ns, _, _ := e.s.Notifications(e.as(staff), false, pageAll)
	for _, nt := range ns {
		if nt.EmailedAt.IsZero() {
			t.Fatalf("notification %d not marked as mailed", nt.ID)
		}
	}
}

// TestMailModes: a digest user gets one mail a day after 07:00 with
// everything; a user who turned mail off gets none; immediate users get
// theirs from the background job within its interval.
func TestMailModes(t *testing.T) {
	srv := mailtest.Start(t)
	e := newEnv(t, service.Options{Mail: srv.Config(), MailEvery: 20 * time.Millisecond})
	a := e.f.A
	staff, company := a.Users[domain.RoleSchoolStaff], a.Users[domain.RoleCompany]
	ok(t, e.s.SetMailMode(e.as(staff), mail.Daily))
	ok(t, e.s.SetMailMode(e.as(company), mail.Off))
	wantCode(t, e.s.SetMailMode(e.as(company), "hourly"), domain.CodeInvalid)
	e.set(time.Date(2026, 3, 3, 6, 30, 0, 0, amsterdam))
	kc := e.user(a, domain.RoleCoordinator)
	for _, title := range []string{"Eerste vraag", "Tweede vraag"} {
		id := e.file(e.user(a, domain.RoleCompany), training(title))
		ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
		ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.School.ID}))
	}
	if _, err := e.s.DeliverMail(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := byRecipient(srv.Messages(), staff.Email); len(got) != 0 {
		t.Fatalf("digest sent before 07:00: %+v", got)
	}
	if got := byRecipient(srv.Messages(), company.Email); len(got) != 0 {
		t.Fatalf("mail to a user who turned it off: %+v", got)
	}
	e.set(time.Date(2026, 3, 3, 7, 5, 0, 0, amsterdam))
	if _, err := e.s.DeliverMail(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := byRecipient(srv.Messages(), staff.Email)
	if len(got) != 1 || !strings.Contains(got[0].Subject, "3 meldingen") /* two routes and the fixture's */ || !strings.Contains(got[0].Text, "Eerste vraag") ||
		!strings.Contains(got[0].Text, "Tweede vraag") || !strings.Contains(got[0].Text, "03-03-2026 06:30") {
		t.Fatalf("digest %+v", got)
	}
	// Not again the same day.
	e.set(time.Date(2026, 3, 3, 15, 0, 0, 0, amsterdam))
	id := e.file(e.user(a, domain.RoleCompany), training("Derde vraag"))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.School.ID}))
	if _, err := e.s.DeliverMail(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := byRecipient(srv.Messages(), staff.Email); len(got) != 1 {
		t.Fatalf("second digest the same day: %d", len(got))
	}

	// The background job: an immediate notification leaves within its
	// interval, and the job stops with its context.
	ok(t, e.s.SetMailMode(e.as(staff), mail.Immediate))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.s.RunMailer(ctx); close(done) }()
	before := len(srv.Messages())
	id = e.file(e.user(a, domain.RoleCompany), training("Vierde vraag"))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActRoute, PartnerID: a.School.ID}))
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		found := false
		for _, m := range srv.Messages()[before:] {
			if strings.Contains(m.Subject, "Vierde vraag") && strings.EqualFold(m.To[0], staff.Email) {
				found = true
			}
		}
		if found {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("mailer did not stop")
	}
	found := false
	for _, m := range srv.Messages()[before:] {
		found = found || strings.Contains(m.Subject, "Vierde vraag")
	}
	if !found {
		t.Fatal("the background job did not mail the routed question")
	}
}

// TestMailLanguage: a user who chose English gets English mail.
func TestMailLanguage(t *testing.T) {
	srv := mailtest.Start(t)
	e := newEnv(t, service.Options{Mail: srv.Config()})
	a := e.f.A
	staff := a.Users[domain.RoleSchoolStaff]
	ok(t, e.db.SetUserLocale(context.Background(), staff.ID, "en"))
	if _, err := e.s.DeliverMail(context.Background()); err != nil { // the fixture's routed notification
		t.Fatal(err)
	}
	got := byRecipient(srv.Messages(), staff.Email)
	if len(got) != 1 || !strings.Contains(got[0].Text, "A question was put to your organisation") {
		t.Fatalf("English mail %+v", got)
	}
}

// TestNoMailServer: without SMTP the notifications stay in the app and
// the job does nothing.
func TestNoMailServer(t *testing.T) {
	e := newEnv(t, service.Options{})
	if e.s.MailEnabled() {
		t.Fatal("mail enabled without a server")
	}
	if _, err := e.s.DeliverMail(context.Background()); err != service.ErrNoMail {
		t.Fatalf("deliver: %v", err)
	}
	done := make(chan struct{})
	go func() { e.s.RunMailer(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("mailer runs without a server")
	}
	admin := e.user(e.f.A, domain.RoleAdmin)
	wantCode(t, e.s.SendTestMail(admin, ""), domain.CodeConflict)
	st, err := e.s.MailStatus(admin)
	if err != nil || st.Configured {
		t.Fatalf("status %+v %v", st, err)
	}
	if n := e.s.Unread(e.user(e.f.A, domain.RoleSchoolStaff)); n != 1 {
		t.Fatalf("in-app notification missing: %d", n)
	}
}

// TestTestMail: administrators check the configuration with a test mail;
// the status shows the configuration without the password.
func TestTestMail(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := srv.Config()
	e := newEnv(t, service.Options{Mail: cfg})
	admin := e.f.A.Users[domain.RoleAdmin]
	ok(t, e.s.SendTestMail(e.as(admin), ""))
	got := srv.Wait(1, 5*time.Second)
	if len(got) != 1 || got[0].To[0] != admin.Email || !strings.Contains(got[0].Subject, "testmail") {
		t.Fatalf("test mail %+v", got)
	}
	wantCode(t, e.s.SendTestMail(e.as(admin), "geen adres"), domain.CodeInvalid)
	wantCode(t, e.s.SendTestMail(e.user(e.f.A, domain.RoleCoordinator), ""), domain.CodeForbidden)
	st, err := e.s.MailStatus(e.as(admin))
	if err != nil || !st.Configured || st.Host != "127.0.0.1" || st.Last.Err != "" || st.Last.Sent != 1 || st.PasswordSet {
		t.Fatalf("status %+v %v", st, err)
	}
	// A server that is gone: the failure is reported and shown.
	e2 := newEnv(t, service.Options{Mail: mail.Config{Host: "127.0.0.1", Port: 1, From: cfg.From, TLS: mail.TLSNone, Timeout: time.Second}})
	err = e2.s.SendTestMail(e2.as(e2.f.A.Users[domain.RoleAdmin]), "")
	wantCode(t, err, domain.CodeConflict)
	if st, _ := e2.s.MailStatus(e2.as(e2.f.A.Users[domain.RoleAdmin])); st.Last.Err == "" {
		t.Fatal("failure not shown")
	}
}
