package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talentloket/internal/domain"
)

// A company contact publishes an internship, the student finds it in the
// search and applies, and the company sees the application and invites.
func TestJourneyCompanyPublishesStudentApplies(t *testing.T) {
	s := demoSite(t)
	ctx := context.Background()
	cu, err := s.db.UserByEmail(ctx, "company@twente.demo")
	if err != nil {
		t.Fatal(err)
	}
	company, err := s.db.Organisation(ctx, cu.RegionID, cu.OrganisationID)
	if err != nil || len(company.Accreditations) == 0 {
		t.Fatalf("demo company without accreditations: %v", err)
	}
	title := fmt.Sprintf("Stage robotica E2E %d", rand.IntN(1e6))

	c := browser(t, 1280, 900)
	login(t, c, s, "company@twente.demo")
	run(t, c,
		chromedp.Navigate(s.base+"/placements/new"),
		chromedp.WaitVisible(chromedp.ID("f-title")),
	)
	firstLocation := value(t, c, chromedp.Evaluate[string](`document.querySelector('#f-location').options[0].value`))
	checkPage(t, c)
	run(t, c,
		chromedp.SetValue(chromedp.ID("f-kind"), "internship"),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SetValue(chromedp.ID("f-location"), firstLocation),
		chromedp.SendKeys(chromedp.ID("f-description"), "Je programmeert robotcellen en test ze met ons team."),
		chromedp.SendKeys(chromedp.ID("f-crebos"), company.Accreditations[0]),
		chromedp.SetValue(chromedp.ID("f-stage"), "mbo"),
		chromedp.SetValue(chromedp.ID("f-pathway"), "BOL"),
		chromedp.SetValue(chromedp.ID("f-start"), "2027-02-01"),
		chromedp.SetValue(chromedp.ID("f-end"), "2027-06-30"),
		chromedp.SetValue(chromedp.ID("f-capacity"), "2"),
		chromedp.SendKeys(chromedp.ID("f-skills"), "plc, robotica"),
	)
	clickNav(t, c, chromedp.CSS("main form button[type=submit]"))
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, c, "h1", title)
	mustContain(t, c, "p.flash", "De plek is gepubliceerd.")
	checkPage(t, c)
	placementURL := value(t, c, chromedp.Location())

	st := browser(t, 1280, 900)
	login(t, st, s, "student@twente.demo")
	run(t, st,
		chromedp.Navigate(s.base+"/search"),
		chromedp.WaitVisible(chromedp.ID("f-q")),
		chromedp.SetValue(chromedp.ID("f-q"), "robotica E2E"),
		chromedp.Clear(chromedp.ID("f-radius")),
		chromedp.Clear(chromedp.ID("f-postcode")),
	)
	clickNav(t, st, chromedp.CSS("form.filters button[type=submit]"))
	run(t, st,
		chromedp.WaitVisible(chromedp.CSS("ul.hits")),
	)
	checkPage(t, st)
	mustContain(t, st, "ul.hits", title)
	clickNav(t, st, fmt.Sprintf(`//ul[@class="hits"]//a[text()=%q]`, title))
	run(t, st,
		chromedp.WaitVisible(chromedp.ID("f-motivation")),
		chromedp.SendKeys(chromedp.ID("f-motivation"), "Ik heb thuis een robotarm gebouwd."),
	)
	clickNav(t, st, `//button[contains(., "Verstuur sollicitatie")]`)
	run(t, st,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, st, "p.flash", "Je sollicitatie is verstuurd.")
	mustContain(t, st, "h1", "Sollicitatie")
	checkPage(t, st)

	run(t, c,
		chromedp.Navigate(placementURL),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	student, _ := s.db.UserByEmail(ctx, "student@twente.demo")
	mustContain(t, c, "main", student.Name)
	clickNav(t, c, fmt.Sprintf(`//table//a[text()=%q]`, title))
	run(t, c,
		chromedp.WaitVisible(`//button[contains(., "Uitnodigen")]`),
	)
	checkPage(t, c)
	run(t, c,
		chromedp.SendKeys(chromedp.ID("f-note"), "Kom dinsdag om 10 uur langs."),
	)
	clickNav(t, c, `//button[contains(., "Uitnodigen")]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, c, "p.flash", "De student is uitgenodigd.")
	mustContain(t, c, "ol.history", "Kom dinsdag om 10 uur langs.")
}

// The student accepts an offer: the application is accepted and the
// student is placed.
func TestJourneyStudentAcceptsOffer(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "student@noord-veluwe.demo")
	mustContain(t, c, "h1", "Welkom")
	run(t, c,
		chromedp.Navigate(s.base+"/applications?status=offered"),
		chromedp.WaitVisible(chromedp.CSS("table")),
	)
	clickNav(t, c, chromedp.CSS("table tbody a"))
	run(t, c,
		chromedp.WaitVisible(`//button[contains(., "Aanbod aannemen")]`),
	)
	checkPage(t, c)
	clickNav(t, c, `//button[contains(., "Aanbod aannemen")]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, c, "p.flash", "Gefeliciteerd")
	mustContain(t, c, "main .badge", "aangenomen")
	u, _ := s.db.UserByEmail(context.Background(), "student@noord-veluwe.demo")
	st, _ := s.db.Student(context.Background(), u.RegionID, u.StudentID)
	if st.Status != domain.StudentPlaced {
		t.Fatalf("student status %s after accepting", st.Status)
	}
}

// The coordinator sees the region's figures, and a bad KvK number gets a
// message naming the field; the corrected form is saved.
func TestJourneyCoordinator(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "coordinator@twente.demo")
	mustContain(t, c, "main", "Kerncijfers Twente")
	name := fmt.Sprintf("Testbedrijf E2E %d", rand.IntN(1e6))
	run(t, c,
		chromedp.Navigate(s.base+"/organisations/new"),
		chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SetValue(chromedp.ID("f-kind"), "company"),
		chromedp.SendKeys(chromedp.ID("f-name"), name),
		chromedp.SendKeys(chromedp.ID("f-kvk"), "123"),
		chromedp.SendKeys(chromedp.ID("f-postcode"), "7511ab"),
		chromedp.SendKeys(chromedp.ID("f-place"), "Enschede"),
	)
	clickNav(t, c, chromedp.CSS("main form button[type=submit]"))
	run(t, c,
		chromedp.WaitVisible(chromedp.ID("form-errors")),
	)
	checkPage(t, c)
	mustContain(t, c, "#form-errors", "Een KvK-nummer heeft acht cijfers.")
	mustContain(t, c, "#e-kvk", "acht cijfers")
	run(t, c,
		chromedp.SetValue(chromedp.ID("f-kvk"), fmt.Sprintf("9%07d", rand.IntN(1e7))),
	)
	clickNav(t, c, chromedp.CSS("main form button[type=submit]"))
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, c, "h1", name)
	mustContain(t, c, "main", "7511 AB")
	checkPage(t, c)
	run(t, c, chromedp.Navigate(s.base+"/students?status=looking"), chromedp.WaitVisible(chromedp.CSS("table")))
	checkPage(t, c)
}

// The coach sees their caseload and a student's profile.
func TestJourneyCoach(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "coach@twente.demo")
	mustContain(t, c, "main", "Mijn studenten")
	coach, _ := s.db.UserByEmail(context.Background(), "coach@twente.demo")
	clickNav(t, c, chromedp.CSS("main table tbody a"))
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("dl.facts")),
	)
	checkPage(t, c)
	mustContain(t, c, "dl.facts", coach.Name)
}

// School staff see only their school's students and update a profile.
func TestJourneySchoolStaff(t *testing.T) {
	s := demoSite(t)
	ctx := context.Background()
	u, _ := s.db.UserByEmail(ctx, "school@twente.demo")
	school, _ := s.db.Organisation(ctx, u.RegionID, u.OrganisationID)
	c := browser(t, 1280, 900)
	login(t, c, s, "school@twente.demo")
	run(t, c, chromedp.Navigate(s.base+"/students"), chromedp.WaitVisible(chromedp.CSS("table")))
	checkPage(t, c)
	schools := value(t, c, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main table tbody tr td:nth-child(2)')].map(td => td.textContent.trim())`))
	if len(schools) == 0 {
		t.Fatal("no students listed")
	}
	for _, sc := range schools {
		if sc != school.Name {
			t.Fatalf("school staff of %q sees a student of %q", school.Name, sc)
		}
	}
	clickNav(t, c, chromedp.CSS("main table tbody a"))
	run(t, c,
		chromedp.WaitVisible(`//a[contains(., "Bewerken")]`),
	)
	clickNav(t, c, `//a[contains(., "Bewerken")]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.ID("f-max_distance_km")),
	)
	checkPage(t, c)
	run(t, c,
		chromedp.SetValue(chromedp.ID("f-max_distance_km"), "33"),
	)
	clickNav(t, c, chromedp.CSS("main form button[type=submit]"))
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, c, "dl.facts", "33 km")
}

// Viewers see aggregates and nobody's personal data.
func TestJourneyViewer(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "viewer@noord-veluwe.demo")
	mustContain(t, c, "main", "Kerncijfers Noord-Veluwe")
	mustContain(t, c, "main", "Je ziet alleen geaggregeerde cijfers")
	run(t, c, chromedp.Navigate(s.base+"/students"), chromedp.WaitVisible(chromedp.CSS("h1")))
	mustContain(t, c, "main", "Je rol geeft geen toegang")
	checkPage(t, c)
}

// The administrator creates an account and disables it.
func TestJourneyAdmin(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "admin@twente.demo")
	email := fmt.Sprintf("nieuw%d@twente.example", rand.IntN(1e6))
	run(t, c,
		chromedp.Navigate(s.base+"/admin/users"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
	)
	checkPage(t, c)
	run(t, c,
		chromedp.SendKeys(chromedp.ID("f-name"), "Nieuwe Regiocoördinator"),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SetValue(chromedp.ID("f-role"), "coordinator"),
		chromedp.SendKeys(chromedp.ID("f-password"), "een-lang-wachtwoord"),
	)
	clickNav(t, c, `//button[contains(., "Gebruiker aanmaken")]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	mustContain(t, c, "p.flash", "De gebruiker is aangemaakt.")
	clickNav(t, c, fmt.Sprintf(`//tr[td[text()=%q]]//button`, email))
	run(t, c,
		chromedp.WaitVisible(fmt.Sprintf(`//tr[td[text()=%q]]//span[contains(., "geblokkeerd")]`, email)),
	)
	mustContain(t, c, "p.flash", "De gebruiker is geblokkeerd en uitgelogd.")
	u, err := s.db.UserByEmail(context.Background(), email)
	if err != nil || !u.Disabled {
		t.Fatalf("user %s: disabled=%v err=%v", email, u.Disabled, err)
	}
}

// At phone width every page of a student fits without horizontal
// scrolling, and the language switch turns the interface into English.
func TestPhoneWidthAndEnglish(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 375, 800)
	login(t, c, s, "student@twente.demo")
	for _, p := range []string{"/home", "/search", "/applications", "/organisations", "/programmes", "/account"} {
		run(t, c, chromedp.Navigate(s.base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		checkPage(t, c)
	}
	run(t, c,
		chromedp.Navigate(s.base+"/home"),
	)
	clickNav(t, c, `//button[@value="en"]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	mustContain(t, c, "h1", "Welcome")
	lang := value(t, c, chromedp.Evaluate[string](`document.documentElement.lang`))
	if lang != "en" {
		t.Fatalf("lang %q", lang)
	}
	checkPage(t, c)
}

// Keyboard use: the skip link is the first focusable element and moves the
// focus to the main content.
func TestKeyboardSkipLink(t *testing.T) {
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "coordinator@noord-veluwe.demo")
	run(t, c,
		chromedp.Navigate(s.base+"/home"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.KeyEvent("\t"),
	)
	first := value(t, c, chromedp.Evaluate[string](`document.activeElement.className + ' ' + document.activeElement.getAttribute('href')`))
	if !strings.Contains(first, "skip") || !strings.Contains(first, "#main") {
		t.Fatalf("first tab stop is %q, want the skip link", first)
	}
}
