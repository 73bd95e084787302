package regionmonitor_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"talentloket/internal/demo"
	"talentloket/internal/domain"
	"talentloket/internal/monitor"
	"talentloket/internal/regionmonitor"
	"talentloket/internal/request"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
)

var (
	ctx   = context.Background()
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
	today = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
)

var (
	demoOnce sync.Once
	demoDB   *store.DB
	demoErr  error
	demoDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDB != nil {
		demoDB.Close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demoWorld is the generated demo (both regions), built once per test
// binary in a temporary SQLite file and shared by the tests (read only).
func demoWorld(tb testing.TB) *store.DB {
	tb.Helper()
	demoOnce.Do(func() {
		if demoDir, demoErr = os.MkdirTemp("", "tl-monitor-"); demoErr != nil {
			return
		}
		if demoDB, demoErr = sqlite.Open(ctx, filepath.Join(demoDir, "demo.db")); demoErr != nil {
			return
		}
		if _, demoErr = demoDB.Migrate(ctx); demoErr != nil {
			return
		}
		_, demoErr = demo.Generate(ctx, demoDB, demo.Options{Seed: 7, Now: today})
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoDB
}

func service(db *store.DB) *regionmonitor.Service {
	return regionmonitor.New(db, regionmonitor.NewEngine(db, quiet, func() time.Time { return today }), func() time.Time { return today })
}

// as returns a context for a demo account of the region.
func as(tb testing.TB, db *store.DB, email string) context.Context {
	tb.Helper()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		tb.Fatal(err)
	}
	return request.WithActor(ctx, u)
}

func filters(tb testing.TB, q string) regionmonitor.Filters {
	tb.Helper()
	v, _ := url.ParseQuery(q)
	f, err := regionmonitor.ParseFilters(v)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func section(d *regionmonitor.Dashboard, id string) *regionmonitor.Section {
	for i := range d.Sections {
		if d.Sections[i].ID == id {
			return &d.Sections[i]
		}
	}
	return nil
}

func TestDashboardOnDemo(t *testing.T) {
	db := demoWorld(t)
	svc := service(db)
	d, err := svc.Dashboard(as(t, db, "coordinator@twente.demo"), filters(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	if d.Empty || !d.Demo || !d.Exact || d.LastYear != 2025 || len(d.Cards) < 3 {
		t.Fatalf("dashboard: empty %v demo %v exact %v last %d cards %d", d.Empty, d.Demo, d.Exact, d.LastYear, len(d.Cards))
	}
	for _, id := range []string{"inflow", "enrolment", "schools", "spread", "outflow", "levels", "progression", "pipeline", "forecast", "labour"} {
		s := section(d, id)
		if s == nil {
			t.Errorf("section %s missing", id)
			continue
		}
		if s.Empty != "" {
			t.Errorf("section %s empty: %s", id, s.Empty)
		}
		if s.Table != nil && s.Chart == nil {
			t.Errorf("section %s has a table without a chart", id)
		}
	}
	in := section(d, "inflow").Table
	if len(in.Rows) != 11 || in.Rows[0][0].Text != "2015" {
		t.Fatalf("inflow rows: %d, first %q", len(in.Rows), in.Rows[0][0].Text)
	}
	// The technical share is a share: between 0 and 1.
	for _, r := range in.Rows {
		if p := r[3].Pct; !p.OK || p.Value <= 0 || p.Value >= 1 {
			t.Fatalf("share %+v", p)
		}
	}
	// The labour section computes the "700 vacancies against 300-400
	// graduates" sentence from the target's demand and the forecast.
	lab := section(d, "labour")
	if lab.Table == nil || lab.Table.ID != "gap" || len(lab.Notes) == 0 || lab.Notes[0].Key != "monitor.note.gap_sentence" {
		t.Fatalf("labour: %+v", lab)
	}
	if f := section(d, "forecast"); len(f.Extra) == 0 || len(f.Extra[0].Rows) < 3 {
		t.Fatalf("forecast backtest rows: %+v", f.Extra)
	}
	// Filter on techniek and a school: the URL carries it.
	f := filters(t, "sector=techniek&school=31TP&area=AM05&from=2018")
	if f.Query() != "area=AM05&from=2018&school=31TP" {
		t.Fatalf("query %q", f.Query())
	}
	d2, err := svc.Dashboard(as(t, db, "coordinator@twente.demo"), f)
	if err != nil || d2.AreaName != "AM05 Twente" || section(d2, "enrolment").Table.Rows[0][0].Text != "2018" {
		t.Fatalf("filtered: %v %q", err, d2.AreaName)
	}
}

// TestViewersSeeNoSmallCounts: a viewer's dashboard never shows a count
// below 5, nor a share or growth of a hidden count.
func TestViewersSeeNoSmallCounts(t *testing.T) {
	db := demoWorld(t)
	svc := service(db)
	for _, q := range []string{"", "stage=vmbo", "school=33BT", "area=NL&level=2", "stage=hbo&pathway=duaal"} {
		d, err := svc.Dashboard(as(t, db, "viewer@twente.demo"), filters(t, q))
		if err != nil {
			t.Fatal(err)
		}
		if d.Exact {
			t.Fatal("viewer sees exact counts")
		}
		hidden := 0
		for _, tbl := range d.Tables() {
			for _, row := range tbl.Rows {
				for _, c := range row {
					if c.Kind != regionmonitor.CellCount || !c.Num.OK {
						continue
					}
					if c.Num.Hidden != "" {
						hidden++
						continue
					}
					if c.Num.Lower < monitor.DisclosureThreshold && c.Num.Upper > 0 {
						t.Fatalf("%s: %s shows %d..%d", q, tbl.ID, c.Num.Lower, c.Num.Upper)
					}
				}
			}
		}
		t.Logf("%q: %d hidden cells", q, hidden)
	}
}

func TestComparison(t *testing.T) {
	db := demoWorld(t)
	svc := service(db)
	c, err := svc.Compare(as(t, db, "coordinator@twente.demo"), regionmonitor.CompareFilters{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Measured || !c.HasTest || len(c.Table.Rows) != 35 || c.Filters.Before != 2015 || c.Filters.After != 2025 || c.Verdict.Key == "" {
		t.Fatalf("comparison: measured %v test %v rows %d %+v %+v", c.Measured, c.HasTest, len(c.Table.Rows), c.Filters, c.Verdict)
	}
	if c.Result.NNetwork != 6 || c.Result.NRest != 29 || c.Verdict.Key == "monitor.verdict.insufficient" || c.Result.Upper <= c.Result.Lower {
		t.Fatalf("Twente's six network regions: %+v %+v", c.Result, c.Verdict)
	}
	nv, err := svc.Compare(as(t, db, "coordinator@noord-veluwe.demo"), regionmonitor.CompareFilters{Stage: "vmbo", Kind: "candidates"})
	if err != nil || nv.Result.NNetwork != 2 || nv.Verdict.Key != "monitor.verdict.insufficient" {
		t.Fatalf("Noord-Veluwe's two network regions: %v %+v", err, nv.Result)
	}
}

func TestAggregatesSuppressed(t *testing.T) {
	db := demoWorld(t)
	svc := service(db)
	for _, q := range []regionmonitor.AggregateQuery{
		{Network: "twente", GroupBy: []string{"school", "year"}},
		{Network: "twente", GroupBy: []string{"year"}, Filters: map[string]string{"school": "33BT", "kind": "diploma"}},
		{Network: "noord-veluwe", GroupBy: []string{"level", "year"}, Filters: map[string]string{"stage": "vmbo", "kind": "candidates"}},
	} {
		a, err := svc.Aggregates(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		check := func(c monitor.Cell) {
			if !c.Suppressed && c.Value.Lower < 5 && c.Value.Upper > 0 {
				t.Fatalf("%+v publishes %+v", q, c.Value)
			}
		}
		for _, row := range a.Table.Cells {
			for _, c := range row {
				check(c)
			}
		}
		for _, c := range append(append([]monitor.Cell{a.Table.Total}, a.Table.RowTotals...), a.Table.ColTotals...) {
			check(c)
		}
	}
	if _, err := svc.Aggregates(ctx, regionmonitor.AggregateQuery{GroupBy: []string{"year"}}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("anonymous without network: %v", err)
	}
	if _, err := svc.Aggregates(ctx, regionmonitor.AggregateQuery{Network: "nergens"}); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown network: %v", err)
	}
	if _, err := svc.Aggregates(ctx, regionmonitor.AggregateQuery{Network: "twente", GroupBy: []string{"year", "school", "level"}}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("three dimensions: %v", err)
	}
}

func TestPermissions(t *testing.T) {
	db := demoWorld(t)
	svc := service(db)
	if _, err := svc.Dashboard(as(t, db, "student@twente.demo"), filters(t, "")); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("student: %v", err)
	}
	if _, err := svc.Target(as(t, db, "viewer@twente.demo")); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("viewer sets targets: %v", err)
	}
	tf, err := svc.Target(as(t, db, "coordinator@noord-veluwe.demo"))
	if err != nil || !tf.Set || tf.Target.GrowthFactor != 15.0/8 || len(tf.Target.Schools) != 3 {
		t.Fatalf("target: %v %+v", err, tf.Target)
	}
	if _, err := regionmonitor.ParseFilters(url.Values{"area": {"GM0153"}, "from": {"x"}}); err == nil || !strings.Contains(err.Error(), "area") {
		t.Fatalf("bad filters: %v", err)
	}
}

// TestForecastHoldout backtests the dashboard's forecast at the use-case
// level: with the data cut at 2022, the forecast of the selection's
// enrolment for 2023-2025 is compared with what the demo holds for those
// years: the error stays within a few percent on this smooth series. How
// often the 80% interval held is logged (the dashboard's backtest table
// reports the same coverage to its users).
func TestForecastHoldout(t *testing.T) {
	db := demoWorld(t)
	svc := service(db)
	ctx := as(t, db, "coordinator@noord-veluwe.demo")
	full, err := svc.Dashboard(ctx, filters(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	actual := map[string]float64{}
	for _, r := range section(full, "enrolment").Table.Rows {
		actual[r[0].Text] = r[1].Num.Mid
	}
	cut, err := svc.Dashboard(ctx, filters(t, "to=2022"))
	if err != nil {
		t.Fatal(err)
	}
	inside, n := 0, 0
	var errSum float64
	for _, r := range section(cut, "forecast").Table.Rows {
		fc := r[2]
		a, ok := actual[r[0].Text]
		if !fc.OK || !ok || r[0].Text > "2025" {
			continue
		}
		n++
		if a >= fc.Lower && a <= fc.Upper {
			inside++
		}
		errSum += abs(fc.Value-a) / a
	}
	if n != 3 {
		t.Fatalf("%d held-out years", n)
	}
	if errSum/float64(n) > 0.08 {
		t.Fatalf("held-out years: %d of %d inside the interval, mean error %.1f%%", inside, n, 100*errSum/float64(n))
	}
	t.Logf("held-out 2023-2025: %d of %d inside the 80%% interval, mean absolute error %.1f%%", inside, n, 100*errSum/float64(n))
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
