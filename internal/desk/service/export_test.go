package service_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+31 53": "'+31 53", "-1": "'-1", "@cmd": "'@cmd", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "mechatronica": "mechatronica", "a=b": "a=b",
	} {
		if got := service.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExports: the CSV opens in Dutch Excel (BOM, ";"), neither export
// holds personal data or a formula a user typed.
func TestExports(t *testing.T) {
	e := newEnv(t, service.Options{})
	a := e.f.A
	q := training("Formule")
	q.Field = "=HYPERLINK(\"http://evil.example\";\"klik\")"
	q.Text = "Contactpersoon Jan de Vries"
	id := e.file(e.user(a, domain.RoleCompany), q)
	kc := e.user(a, domain.RoleCoordinator)
	ok(t, e.s.Step(kc, id, service.StepInput{Action: desk.ActTake}))
	viewer := e.user(a, domain.RoleViewer)

	var buf bytes.Buffer
	ok(t, e.s.WriteCSV(viewer, &buf, time.Time{}, time.Time{}))
	raw := buf.String()
	if !strings.HasPrefix(raw, "\uFEFF") || !strings.Contains(raw, "\r\n") {
		t.Fatal("CSV lacks the BOM or CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	ok(t, err)
	if len(recs) != 3 || recs[0][0] != "Nummer" || recs[0][9] != "Reactietijd (werkuren)" {
		t.Fatalf("CSV %q", recs)
	}
	var row []string
	for _, rec := range recs[1:] {
		if rec[5] != "elektrotechniek" {
			row = rec
		}
	}
	if row == nil || !strings.HasPrefix(row[5], "'=") || row[3] != "Scholing voor medewerkers" || row[6] != "Opgepakt" || row[8] != "nee" || row[9] == "" {
		t.Fatalf("row %q", row)
	}
	for _, secret := range []string{"Jan de Vries", a.Company.Name, "Formule", a.Users[domain.RoleCoordinator].Name} {
		if strings.Contains(raw, secret) {
			t.Errorf("CSV holds %q", secret)
		}
	}

	// English headers on request.
	buf.Reset()
	ok(t, e.s.WriteCSV(request.WithLang(e.user(a, domain.RoleViewer), i18n.EN), &buf, time.Time{}, time.Time{}))
	if !strings.Contains(buf.String(), "Response time (working hours)") {
		t.Fatal("English CSV header missing")
	}

	buf.Reset()
	ok(t, e.s.WriteXLSX(viewer, &buf, time.Time{}, time.Time{}))
	x, err := excelize.OpenReader(&buf)
	ok(t, err)
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 7 || sheets[0] != "Overzicht" || sheets[6] != "Vragen" {
		t.Fatalf("sheets %v", sheets)
	}
	n, err := x.GetCellValue("Overzicht", "B2")
	ok(t, err)
	if n != "2" {
		t.Fatalf("questions in the summary: %q", n)
	}
	rows, err := x.GetRows("Vragen")
	ok(t, err)
	found := false
	for _, r := range rows[1:] {
		for _, c := range r {
			if strings.HasPrefix(c, "=") {
				t.Fatalf("a cell starts a formula: %q", c)
			}
			if strings.Contains(c, "Jan de Vries") || c == a.Company.Name {
				t.Fatalf("XLSX holds %q", c)
			}
			found = found || strings.HasPrefix(c, "'=hyperlink")
		}
	}
	if !found {
		t.Fatalf("neutralised cell not found: %q", rows)
	}
	formulas := 0
	for _, s := range sheets {
		rs, _ := x.GetRows(s)
		for i := range rs {
			for j := range rs[i] {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if f, _ := x.GetCellFormula(s, cell); f != "" {
					formulas++
				}
			}
		}
	}
	if formulas != 0 {
		t.Fatalf("%d formulas in the workbook", formulas)
	}
	// Exports are audited; others may not export.
	entries, err := e.db.Audit(t.Context(), store.AuditFilter{RegionID: a.Region.ID, Action: domain.AuditExport, Page: store.Page{Limit: 10}})
	ok(t, err)
	if len(entries) != 3 {
		t.Fatalf("%d export audit rows", len(entries))
	}
	wantCode(t, e.s.WriteCSV(e.user(a, domain.RoleCompany), &buf, time.Time{}, time.Time{}), domain.CodeForbidden)
	_, err = e.s.Figures(viewer, time.Now(), time.Now().Add(-time.Hour))
	wantCode(t, err, domain.CodeInvalid)
}
