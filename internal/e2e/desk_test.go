package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// figure reads a number of the desk's figures page (Dutch thousands
// separators).
func figure(t *testing.T, ctx context.Context, id string) int {
	t.Helper()
	s := strings.ReplaceAll(text(t, ctx, "#"+id), ".", "")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("figure %s: %q", id, s)
	}
	return n
}

// The desk's journey: a company files a training question on a phone, the
// coordinator takes it and routes it to a school's course from the
// suggestions, the school accepts and answers, the company sees the answer
// and closes the question, and the desk's figures count it.
func TestJourneyDeskQuestion(t *testing.T) {
	s := demoSite(t)
	ctx := context.Background()
	su, err := s.db.UserByEmail(ctx, "school@twente.demo")
	if err != nil {
		t.Fatal(err)
	}
	school, err := s.db.Organisation(ctx, su.RegionID, su.OrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	title := fmt.Sprintf("Vier monteurs moeten PLC leren (E2E %d)", rand.IntN(1e6))

	// The figures before.
	k := browser(t, 1280, 900)
	login(t, k, s, "coordinator@twente.demo")
	clickNav(t, k, `//nav[contains(@class,"main")]//a[text()="Loketcijfers"]`)
	run(t, k, chromedp.WaitVisible(chromedp.ID("fig-questions")))
	checkPage(t, k)
	questionsBefore, answeredBefore := figure(t, k, "fig-questions"), figure(t, k, "fig-answered")

	// The company files the question on a phone.
	c := browser(t, 390, 844)
	login(t, c, s, "company@twente.demo")
	clickNav(t, c, `//nav[contains(@class,"main")]//a[text()="Vragen"]`)
	checkPage(t, c)
	clickNav(t, c, `//a[contains(., "Nieuwe vraag stellen")]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SetValue(chromedp.ID("f-kind"), "training"),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SendKeys(chromedp.ID("f-text"), "Siemens S7; het liefst binnen twee maanden."),
		chromedp.SendKeys(chromedp.ID("f-skills"), "plc, storingzoeken"),
		chromedp.SendKeys(chromedp.ID("f-people"), "4"),
	)
	checkPage(t, c)
	clickNav(t, c, chromedp.CSS("main form.stack button[type=submit]"))
	run(t, c, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, c, "h1", title)
	mustContain(t, c, "p.flash", "Je vraag is bij het loket")
	checkPage(t, c)
	questionURL := value(t, c, chromedp.Location())

	// The coordinator finds it on the board, takes it and routes it to the
	// school's course from the suggestions.
	clickNav(t, k, `//nav[contains(@class,"main")]//a[text()="Loket"]`)
	run(t, k, chromedp.WaitVisible(chromedp.CSS("table.board")))
	checkPage(t, k)
	clickNav(t, k, fmt.Sprintf(`//table[contains(@class,"board")]//a[text()=%q]`, title))
	checkPage(t, k)
	clickNav(t, k, `//button[text()="Oppakken"]`)
	run(t, k, chromedp.WaitVisible(chromedp.CSS("ol.suggestions")))
	mustContain(t, k, "p.flash", "Je hebt de vraag opgepakt.")
	mustContain(t, k, "ol.suggestions", "PLC programmeren (Siemens S7) voor monteurs")
	mustContain(t, k, "ol.suggestions", "Gevraagde vaardigheden: plc")
	checkPage(t, k)
	clickNav(t, k, fmt.Sprintf(`//ol[contains(@class,"suggestions")]/li[.//a[text()="PLC programmeren (Siemens S7) voor monteurs"]]//button[contains(., %q)]`, school.Name))
	run(t, k, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, k, "p.flash", "De vraag is doorgezet naar de partner.")
	mustContain(t, k, "dl.facts", school.Name)
	checkPage(t, k)

	// The school sees it among the questions routed to it, accepts and
	// answers.
	sc := browser(t, 1280, 900)
	login(t, sc, s, "school@twente.demo")
	mustContain(t, sc, "header", "Meldingen: ")
	clickNav(t, sc, `//nav[contains(@class,"main")]//a[text()="Vragen"]`)
	clickNav(t, sc, `//ul[@class="tabs"]//a[text()="Aan ons voorgelegd"]`)
	checkPage(t, sc)
	clickNav(t, sc, fmt.Sprintf(`//table//a[text()=%q]`, title))
	checkPage(t, sc)
	clickNav(t, sc, `//button[text()="Vraag aannemen"]`)
	run(t, sc,
		chromedp.WaitVisible(chromedp.ID("f-answer_note")),
		chromedp.SendKeys(chromedp.ID("f-answer_note"), "Onze maatwerkcursus start over drie weken; er zijn nog vier plaatsen."),
	)
	checkPage(t, sc)
	clickNav(t, sc, `//button[text()="Antwoord geven"]`)
	run(t, sc, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, sc, "p.flash", "Je antwoord is verstuurd.")
	checkPage(t, sc)

	// The company sees the answer (its notifications lead there) and
	// closes the question as matched.
	clickNav(t, c, `//nav[contains(@class,"main")]//a[text()="Meldingen"]`)
	run(t, c, chromedp.WaitVisible(chromedp.CSS("ul.notices")))
	mustContain(t, c, "ul.notices", "Er is een antwoord op de vraag: "+title)
	checkPage(t, c)
	clickNav(t, c, fmt.Sprintf(`//ul[@class="notices"]//a[contains(., "Er is een antwoord op de vraag: %s")]`, title))
	run(t, c, chromedp.WaitVisible(chromedp.CSS("section.answer")))
	mustContain(t, c, "section.answer", "Onze maatwerkcursus start over drie weken")
	if loc := value(t, c, chromedp.Location()); loc != questionURL {
		t.Fatalf("notification led to %s, want %s", loc, questionURL)
	}
	checkPage(t, c)
	run(t, c,
		chromedp.Click(`//summary[text()="Afsluiten"]`),
		chromedp.WaitVisible(chromedp.ID("f-close_outcome")),
		chromedp.SetValue(chromedp.ID("f-close_outcome"), "matched"),
	)
	clickNav(t, c, `//details[.//select[@id="f-close_outcome"]]//button[text()="Afsluiten"]`)
	run(t, c, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, c, "p.flash", "De vraag is afgesloten.")
	mustContain(t, c, "dl.facts", "Opgelost")
	checkPage(t, c)

	// The figures count it.
	clickNav(t, k, `//nav[contains(@class,"main")]//a[text()="Loketcijfers"]`)
	run(t, k, chromedp.WaitVisible(chromedp.ID("fig-questions")))
	if q, a := figure(t, k, "fig-questions"), figure(t, k, "fig-answered"); q != questionsBefore+1 || a != answeredBefore+1 {
		t.Fatalf("figures: %d questions (was %d), %d answered (was %d)", q, questionsBefore, a, answeredBefore)
	}
	checkPage(t, k)
}

// The offer catalogue: school staff add a course, a company finds it by
// its own words.
func TestJourneyDeskOffers(t *testing.T) {
	s := demoSite(t)
	title := fmt.Sprintf("Masterclass hydrogen E2E %d", rand.IntN(1e6))
	sc := browser(t, 1280, 900)
	login(t, sc, s, "school@noord-veluwe.demo")
	clickNav(t, sc, `//nav[contains(@class,"main")]//a[text()="Aanbod"]`)
	checkPage(t, sc)
	clickNav(t, sc, `//a[text()="Aanbod toevoegen"]`)
	run(t, sc,
		chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SetValue(chromedp.ID("f-kind"), "masterclass"),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SendKeys(chromedp.ID("f-skills"), "waterstof, veiligheid"),
		chromedp.SendKeys(chromedp.ID("f-locations"), "Harderwijk; 3841 AA"),
		chromedp.SendKeys(chromedp.ID("f-starts"), "01-10-2030"),
		chromedp.SendKeys(chromedp.ID("f-price"), "295"),
		chromedp.SendKeys(chromedp.ID("f-contact_email"), "cursus@example.nl"),
	)
	checkPage(t, sc)
	clickNav(t, sc, chromedp.CSS("main form.stack button[type=submit]"))
	run(t, sc, chromedp.WaitVisible(chromedp.CSS("p.flash")))
	mustContain(t, sc, "h1", title)
	mustContain(t, sc, "dl.facts", "€ 295,00")
	checkPage(t, sc)

	c := browser(t, 390, 844)
	login(t, c, s, "company@noord-veluwe.demo")
	clickNav(t, c, `//nav[contains(@class,"main")]//a[text()="Aanbod"]`)
	run(t, c, chromedp.SendKeys(chromedp.ID("f-q"), "waterstof"))
	clickNav(t, c, chromedp.CSS("form.filters button[type=submit]"))
	mustContain(t, c, "main table", title)
	checkPage(t, c)
}
