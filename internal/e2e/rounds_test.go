package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// A coordinator creates a matching round for the demo region's mbo
// students who want an internship, runs it, reviews the report and
// publishes it; the demo student logs in and finds the offer among their
// applications, with the round named in its history.
func TestJourneyMatchingRound(t *testing.T) {
	s := demoSite(t)
	ctx := context.Background()
	c := browser(t, 1280, 900)
	login(t, c, s, "coordinator@twente.demo")
	clickNav(t, c, `//nav//a[contains(., "Matchingrondes")]`)
	run(t, c, chromedp.WaitVisible(chromedp.CSS("main table")))
	checkPage(t, c)
	mustContain(t, c, "main table", "Stages mbo — voorjaar") // the demo's own round
	clickNav(t, c, `//a[contains(., "Nieuwe ronde")]`)
	run(t, c, chromedp.WaitVisible(chromedp.ID("f-name")))
	checkPage(t, c)
	name := fmt.Sprintf("Stages E2E %d", rand.IntN(1e6))
	seed := value(t, c, chromedp.Evaluate[string](`document.querySelector('#f-seed').value`))
	if seed == "" {
		t.Fatal("the form offers no seed")
	}
	run(t, c,
		chromedp.SendKeys(chromedp.ID("f-name"), name),
		chromedp.SetValue(chromedp.ID("f-stage"), "mbo"),
	)
	clickNav(t, c, chromedp.CSS("main form button[type=submit]"))
	run(t, c, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, c, "h1", name)
	mustContain(t, c, "dl.facts", seed)
	checkPage(t, c)
	roundURL := value(t, c, chromedp.Location())

	// Run it; the progress page reloads itself until the report is there.
	clickNav(t, c, `//button[contains(., "Ronde uitvoeren")]`)
	deadline := time.Now().Add(stepTimeout)
	for !strings.Contains(text(t, c, "main"), "Op welke keus kwamen studenten terecht?") {
		if time.Now().After(deadline) {
			t.Fatalf("no report after %s:\n%s", stepTimeout, text(t, c, "main"))
		}
		time.Sleep(500 * time.Millisecond)
		run(t, c, chromedp.Navigate(roundURL), chromedp.WaitVisible(chromedp.CSS("h1")))
	}
	checkPage(t, c)
	mustContain(t, c, "main", "Plaatsingen (")
	mustContain(t, c, "main", "Niet geplaatst (")
	mustContain(t, c, "main", "Plekken met vrije plaatsen")
	bars := value(t, c, chromedp.Evaluate[int](`document.querySelectorAll('svg.chart rect').length`))
	rows := value(t, c, chromedp.Evaluate[int](`document.querySelectorAll('table caption')[0].closest('table').tBodies[0].rows.length`))
	if bars == 0 || bars != rows {
		t.Fatalf("the chart has %d bars, its table %d rows", bars, rows)
	}

	// The demo student's outcome, from the database.
	u, err := s.db.UserByEmail(ctx, "student@twente.demo")
	if err != nil {
		t.Fatal(err)
	}
	rounds, _, err := s.db.Rounds(ctx, u.RegionID, store.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var round domain.Round
	for _, r := range rounds {
		if r.Name == name {
			round = r
		}
	}
	if round.Status != domain.RoundDone || fmt.Sprint(round.Seed) != seed {
		t.Fatalf("round %+v", round)
	}
	placed, _, err := s.db.RoundStudents(ctx, store.RoundStudentFilter{RegionID: u.RegionID, RoundID: round.ID, Placed: "placed", All: true})
	if err != nil {
		t.Fatal(err)
	}
	var mine domain.RoundStudent
	for _, x := range placed {
		if x.StudentID == u.StudentID {
			mine = x
		}
	}
	if mine.PlacementID == 0 {
		t.Fatalf("the demo student is not placed in the round (of %d placed)", len(placed))
	}

	clickNav(t, c, `//button[contains(., "Publiceer en bied de plekken aan")]`)
	run(t, c, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, c, "p.flash", "De ronde is gepubliceerd")
	mustContain(t, c, "main .badge", "gepubliceerd")
	checkPage(t, c)

	// The student sees the offer and where it came from.
	st := browser(t, 1280, 900)
	login(t, st, s, "student@twente.demo")
	dutch(t, st) // another journey switches this student to English
	run(t, st,
		chromedp.Navigate(s.base+"/applications?status=offered"),
		chromedp.WaitVisible(chromedp.CSS("main table")),
	)
	checkPage(t, st)
	mustContain(t, st, "main table", mine.PlacementTitle)
	clickNav(t, st, fmt.Sprintf(`//main//table//a[text()=%q]`, mine.PlacementTitle))
	run(t, st, chromedp.WaitVisible(chromedp.CSS("ol.history")))
	mustContain(t, st, "main .badge.offered", "aangeboden")
	app, err := s.db.ApplicationOf(ctx, u.RegionID, mine.PlacementID, u.StudentID)
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.db.ApplicationEvents(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	note := "Aanbod uit matchingronde “" + name + "”"
	for _, ev := range events {
		if ev.Note == note {
			mustContain(t, st, "ol.history", note)
		}
	}
	// The offer can be accepted from here.
	run(t, st, chromedp.WaitVisible(`//button[contains(., "Aanbod aannemen")]`))
	checkPage(t, st)

	// The report and the weights fit a phone.
	ph := browser(t, 375, 800)
	login(t, ph, s, "coordinator@twente.demo")
	for _, p := range []string{roundURL, s.base + "/rounds", s.base + "/rounds/new", s.base + "/matching/weights"} {
		run(t, ph, chromedp.Navigate(p), chromedp.WaitVisible(chromedp.CSS("h1")))
		checkPage(t, ph)
	}
}

// The student's home shows recommendations with their explanation, and the
// company sees who fits its placement without names; both fit a phone.
func TestJourneyRecommendations(t *testing.T) {
	s := demoSite(t)
	st := browser(t, 375, 800)
	login(t, st, s, "student@noord-veluwe.demo")
	dutch(t, st)
	run(t, st, chromedp.Navigate(s.base+"/home"), chromedp.WaitVisible(chromedp.CSS("section.recs")))
	mustContain(t, st, "section.recs h2", "Plekken die bij je passen")
	mustContain(t, st, "section.recs", "km van huis")
	mustContain(t, st, "section.recs", "/100 passend")
	run(t, st, chromedp.Click(chromedp.CSS("section.recs details summary")))
	mustContain(t, st, "section.recs details", "erkend leerbedrijf")
	checkPage(t, st)

	co := browser(t, 375, 800)
	login(t, co, s, "company@noord-veluwe.demo")
	run(t, co, chromedp.Navigate(s.base+"/placements?kind=internship&status=open"), chromedp.WaitVisible(chromedp.CSS("main table")))
	clickNav(t, co, chromedp.CSS("main table tbody a"))
	clickNav(t, co, `//a[contains(., "Studenten die bij deze plek passen")]`)
	run(t, co, chromedp.WaitVisible(chromedp.CSS("h1")))
	checkPage(t, co)
	mustContain(t, co, "main", "minderjarig")
	if n := value(t, co, chromedp.Evaluate[int](`document.querySelectorAll('main ol.hits > li').length`)); n > 0 {
		mustContain(t, co, "main ol.hits", "Student (anoniem)")
		if links := value(t, co, chromedp.Evaluate[int](`document.querySelectorAll('main ol.hits a[href^="/students/"]').length`)); links != 0 {
			t.Fatalf("the company sees %d links to student profiles", links)
		}
	}
}

// dutch switches the signed-in user's interface to Dutch when it is not.
func dutch(t *testing.T, ctx context.Context) {
	t.Helper()
	if value(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)) != "nl" {
		clickNav(t, ctx, `//button[@value="nl"]`)
	}
}
