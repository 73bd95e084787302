package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"talentloket/internal/shareddata"
)

// A coordinator of Twente imports a real DUO file through the upload page,
// follows its progress to the finished import, opens the monitor for
// Twente, filters on techniek, and exports the table as CSV (and the
// chart as PNG). Every page passes the accessibility checks, also at
// phone width.
func TestJourneyMonitorImportFilterExport(t *testing.T) {
	file := shareddata.Path(t, "duo", "mbo_inscriptions_2019.csv")
	s := demoSite(t)
	c := browser(t, 1280, 900)
	login(t, c, s, "coordinator@twente.demo")

	clickNav(t, c, `//nav[contains(@class,"main")]//a[@href="/monitor"]`)
	run(t, c, chromedp.WaitVisible(chromedp.CSS("section#enrolment")))
	mustContain(t, c, "h1", "Regiomonitor")
	mustContain(t, c, "p.demo-banner", "demogegevens")
	checkPage(t, c)
	// The charts are drawn from the tables' data (a canvas in each).
	run(t, c, chromedp.WaitVisible(chromedp.CSS("#c-enrolment canvas")))

	clickNav(t, c, `//nav[contains(@class,"subnav")]//a[@href="/monitor/import"]`)
	run(t, c,
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
	)
	checkPage(t, c)
	clickNav(t, c, chromedp.CSS("main form.stack button[type=submit]"))
	// The progress page refreshes itself until the import is done.
	deadline := time.Now().Add(60 * time.Second)
	for {
		status := value(t, c, chromedp.Evaluate[string](`(document.querySelector('dl.facts .badge') || {}).textContent || ''`))
		if status == "klaar" {
			break
		}
		if status == "geweigerd" || time.Now().After(deadline) {
			fail(t, c, fmt.Errorf("import status %q", status))
		}
		time.Sleep(300 * time.Millisecond)
	}
	mustContain(t, c, "main", "mbo-deelnemers-2015")
	mustContain(t, c, "main", "Feiten per regel")
	checkPage(t, c)

	// The monitor for Twente (its labour-market region), techniek, from
	// 2015: the real file's years now come from the file.
	run(t, c, chromedp.Navigate(s.base+"/monitor"), chromedp.WaitVisible(chromedp.ID("f-area")))
	run(t, c,
		chromedp.SetValue(chromedp.ID("f-area"), "AM05"),
		chromedp.SetValue(chromedp.ID("f-sector"), "techniek"),
		chromedp.SetValue(chromedp.ID("f-from"), "2015"),
	)
	clickNav(t, c, chromedp.CSS("form.filters button[type=submit]"))
	run(t, c, chromedp.WaitVisible(chromedp.CSS("section#enrolment table")))
	loc := value(t, c, chromedp.Location())
	if !strings.Contains(loc, "area=AM05") || !strings.Contains(loc, "from=2015") {
		t.Fatalf("filters not in the URL: %s", loc)
	}
	mustContain(t, c, "h1", "Twente")
	mustContain(t, c, "#sources", "mbo-deelnemers-2015")
	checkPage(t, c)

	// Export: the CSV link of the enrolment table gives a semicolon CSV
	// with a byte-order mark; the PNG button gives an image.
	csv := value(t, c, chromedp.Evaluate[string](`fetch(document.querySelector('#enrolment p.export a').href).then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	if !strings.Contains(csv, "Jaar;Selectie;Alle") || !strings.Contains(csv, "\r\n2019;") {
		t.Fatalf("csv export:\n%.600s", csv)
	}
	bom := value(t, c, chromedp.Evaluate[[]int](`fetch(document.querySelector('#enrolment p.export a').href).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b.slice(0, 3))))`,
		chromedp.EvalAwaitPromise))
	if len(bom) != 3 || bom[0] != 0xef || bom[1] != 0xbb || bom[2] != 0xbf {
		t.Fatalf("csv without a byte-order mark: %v", bom)
	}
	png := value(t, c, chromedp.Evaluate[string](`echarts.getInstanceByDom(document.getElementById('c-enrolment')).getDataURL({type: 'png'})`))
	if !strings.HasPrefix(png, "data:image/png;base64,") {
		t.Fatalf("png export: %.60s", png)
	}
	if hidden := value(t, c, chromedp.Evaluate[bool](`document.querySelector('button[data-png="c-enrolment"]').hidden`)); hidden {
		t.Fatal("PNG button not shown")
	}

	// On a phone the same view has no horizontal scrolling.
	p := browser(t, 390, 844)
	login(t, p, s, "viewer@twente.demo")
	run(t, p, chromedp.Navigate(s.base+"/monitor?area=AM05&sector=techniek"), chromedp.WaitVisible(chromedp.CSS("section#enrolment")))
	checkPage(t, p)
	run(t, p, chromedp.Navigate(s.base+"/monitor/compare"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	checkPage(t, p)
}
