package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// upload posts a file to the upload page as a browser does.
func (e *env) upload(cookie *http.Cookie, name string, data []byte, fields map[string]string) *httptest.ResponseRecorder {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	r := httptest.NewRequest("POST", "/monitor/import", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(cookie)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// waitImport waits until an import of region finishes.
func waitImport(t *testing.T, db *store.DB, region, id int64) domain.MonitorImport {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		imp, err := db.MonitorImport(context.Background(), region, id)
		if err != nil {
			t.Fatal(err)
		}
		if imp.Status != domain.ImportRunning {
			return imp
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("import %d did not finish", id)
	return domain.MonitorImport{}
}

const smallDUO = "BRIN NUMMER;SOORTINS;INSTELLINGSNAAM;PLAATSNAAM;TYPE MBO;KWALIFICATIENIVEAU;KWALIFICATIE CODE;KWALIFICATIE NAAM;MBO SECTOR;DOMEIN;SECTORUNIT SBB;BRIN NUMMER KENNISCENTRUM;NAAM KENNISCENTRUM;MAN2019;VROUW2019;TOTAAL2019;MAN2020;VROUW2020;TOTAAL2020\r\n" +
	"11AA;ROC;School alpha;ENSCHEDE;BOLVT;4;25297;Technicus engineering;techniek;Techniek en procesindustrie;Techniek;    ;   ;90;10;100;95;12;107\r\n" +
	"11AA;ROC;School alpha;ENSCHEDE;BBL;2;25140;Financiële beroepen;economie;Economie en administratie;Economie;    ;   ;30;40;70;28;44;72\r\n" +
	"\"\"\r\n"

// TestMonitorUploadJourney: a coordinator uploads a DUO file, follows the
// progress page to the finished import, and sees the figures in the
// monitor; the same file again changes nothing; a bad file is rejected
// with its line and column and the figures stay.
func TestMonitorUploadJourney(t *testing.T) {
	e := newEnv(t)
	coord := e.f.A.Users[domain.RoleCoordinator]
	cookie := e.session(coord)
	w := e.upload(cookie, "mbo-2019-2020.csv", []byte(smallDUO), nil)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/monitor/imports/") {
		t.Fatalf("upload: %d %s", w.Code, w.Body.String())
	}
	var id int64
	fmt.Sscanf(strings.TrimPrefix(w.Header().Get("Location"), "/monitor/imports/"), "%d", &id)
	imp := waitImport(t, e.db, e.f.A.Region.ID, id)
	if imp.Status != domain.ImportDone || imp.Facts != 4 || imp.CreatedBy != coord.ID {
		t.Fatalf("import %+v", imp)
	}
	page := e.do("GET", fmt.Sprintf("/monitor/imports/%d", id), nil, cookie)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "mbo-deelnemers-2015") || !strings.Contains(page.Body.String(), "Feiten per regel") {
		t.Fatalf("import page: %d", page.Code)
	}
	// The monitor shows 2020 now, and the area filter is in the URL.
	dash := e.do("GET", "/monitor?from=2019&sector=techniek", nil, cookie)
	if dash.Code != 200 || !strings.Contains(dash.Body.String(), "<td>2020</td>") && !strings.Contains(dash.Body.String(), ">2020</th>") {
		t.Fatalf("dashboard after import: %d", dash.Code)
	}
	// The same file again: nothing changes, the earlier import is shown.
	w = e.upload(cookie, "copy.csv", []byte(smallDUO), nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != fmt.Sprintf("/monitor/imports/%d", id) {
		t.Fatalf("duplicate upload: %d %s", w.Code, w.Header().Get("Location"))
	}
	// A bad file: rejected whole, with line and column.
	bad := strings.Replace(smallDUO, ";107\r\n", ";honderd\r\n", 1)
	w = e.upload(cookie, "bad.csv", []byte(bad), nil)
	fmt.Sscanf(strings.TrimPrefix(w.Header().Get("Location"), "/monitor/imports/"), "%d", &id)
	imp = waitImport(t, e.db, e.f.A.Region.ID, id)
	if imp.Status != domain.ImportFailed || imp.Problems[0].Line != 2 || imp.Problems[0].Column != "TOTAAL2020" {
		t.Fatalf("bad import %+v", imp)
	}
	page = e.do("GET", fmt.Sprintf("/monitor/imports/%d", id), nil, cookie)
	if !strings.Contains(page.Body.String(), "Regel 2, kolom TOTAAL2020") {
		t.Fatalf("bad import page does not name line and column")
	}
	// An empty upload and a viewer's upload.
	w = e.upload(cookie, "empty.csv", nil, nil)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("empty upload: %d", w.Code)
	}
	w = e.upload(e.session(e.f.A.Users[domain.RoleViewer]), "x.csv", []byte(smallDUO), nil)
	if w.Code != http.StatusForbidden {
		t.Fatalf("viewer upload: %d", w.Code)
	}
}

// TestMonitorExports: CSV opens in Dutch Excel (BOM, ";", decimal comma,
// neutralised formulas) and XLSX opens as a workbook; exports are audited.
func TestMonitorExports(t *testing.T) {
	e := newEnv(t)
	cookie := e.session(e.f.A.Users[domain.RoleCoordinator])
	w := e.do("GET", "/monitor/export?format=csv&table=schools", nil, cookie)
	body := w.Body.String()
	if w.Code != 200 || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(w.Header().Get("Content-Disposition"), "regiomonitor-alpha-schools.csv") {
		t.Fatalf("csv: %d %q", w.Code, w.Header().Get("Content-Disposition"))
	}
	if !strings.Contains(body, "Jaar") && !strings.Contains(body, ";") {
		t.Fatal("csv without separators")
	}
	if strings.Contains(body, "\n=HYPERLINK") || strings.Contains(body, ";=HYPERLINK") || !strings.Contains(body, "'=HYPERLINK") {
		t.Fatalf("formula not neutralised:\n%s", body)
	}
	if !strings.Contains(body, "41,7") && !strings.Contains(body, ",") {
		t.Fatalf("no decimal comma:\n%s", body)
	}
	w = e.do("GET", "/monitor/export?format=xlsx", nil, cookie)
	if w.Code != 200 || !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) {
		t.Fatalf("xlsx: %d", w.Code)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := f.GetSheetList(); len(sheets) < 4 || sheets[0] != "Informatie" {
		t.Fatalf("sheets %v", sheets)
	}
	entries, err := e.db.Audit(context.Background(), store.AuditFilter{RegionID: e.f.A.Region.ID})
	if err != nil {
		t.Fatal(err)
	}
	exports := 0
	for _, a := range entries {
		if a.Action == domain.AuditExport && a.Object == "monitor" {
			exports++
		}
	}
	if exports != 2 {
		t.Fatalf("%d exports audited", exports)
	}
	if w := e.do("GET", "/monitor/export?format=pdf", nil, cookie); w.Code != http.StatusNotFound {
		t.Fatalf("unknown format: %d", w.Code)
	}
}

// TestMonitorViewerSuppressed: the viewer's dashboard and export never show
// the fixture's 3, and the public API never publishes a count below 5.
func TestMonitorViewerSuppressed(t *testing.T) {
	e := newEnv(t)
	viewer := e.session(e.f.A.Users[domain.RoleViewer])
	w := e.do("GET", "/monitor?school="+e.f.A.OtherSchool.BRIN, nil, viewer)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "&lt;5") {
		t.Fatalf("viewer dashboard: %d", w.Code)
	}
	coord := e.session(e.f.A.Users[domain.RoleCoordinator])
	if w := e.do("GET", "/monitor/export?format=csv&table=enrolment&school="+e.f.A.OtherSchool.BRIN, nil, coord); !strings.Contains(w.Body.String(), "\r\n2024;3;") {
		t.Fatalf("coordinator does not see the exact 3:\n%s", w.Body.String())
	}
	if w := e.do("GET", "/monitor/export?format=csv&table=enrolment&school="+e.f.A.OtherSchool.BRIN, nil, viewer); strings.Contains(w.Body.String(), ";3;") {
		t.Fatalf("viewer's export shows the 3:\n%s", w.Body.String())
	}
	for _, q := range []string{"network=alpha&group=school,year", "network=alpha&group=year&school=" + e.f.A.OtherSchool.BRIN,
		"network=beta&group=qualification", "network=alpha&group=kind,year&stage=mbo", "network=alpha&area=NL&group=level"} {
		w := e.doJSON("GET", "/api/v1/monitor/aggregates?"+q, "", nil, "")
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", q, w.Code, w.Body.String())
		}
		var a struct {
			Cells     [][]map[string]any `json:"cells"`
			RowTotals []map[string]any   `json:"row_totals"`
			ColTotals []map[string]any   `json:"col_totals"`
			Total     map[string]any     `json:"total"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		all := append(append([]map[string]any{a.Total}, a.RowTotals...), a.ColTotals...)
		for _, row := range a.Cells {
			all = append(all, row...)
		}
		published := 0
		for _, c := range all {
			if c["suppressed"] == true {
				continue
			}
			lo, _ := c["lower"].(float64)
			if lo > 0 && lo < 5 {
				t.Fatalf("%s publishes %v", q, c)
			}
			published++
		}
		if published == 0 {
			t.Fatalf("%s publishes nothing", q)
		}
	}
	if w := e.doJSON("GET", "/api/v1/monitor/aggregates?group=year", "", nil, ""); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("anonymous without network: %d", w.Code)
	}
	if w := e.doJSON("GET", "/api/v1/monitor/aggregates?network=gamma", "", nil, ""); w.Code != http.StatusNotFound {
		t.Fatalf("unknown network: %d", w.Code)
	}
}

// TestMonitorPagesRender: every monitor page renders for every role that
// may see it, with one h1 and the chart script.
func TestMonitorPagesRender(t *testing.T) {
	e := newEnv(t)
	for _, role := range []domain.Role{domain.RoleCoach, domain.RoleSchoolStaff, domain.RoleCompany, domain.RoleCoordinator, domain.RoleViewer, domain.RoleAdmin} {
		cookie := e.session(e.f.A.Users[role])
		for _, p := range []string{"/monitor", "/monitor?stage=vmbo", "/monitor?area=NL&from=2023", "/monitor/compare", "/monitor/imports",
			fmt.Sprintf("/monitor/imports/%d?year=2023", e.f.A.Extra["monitor_import"])} {
			w := e.do("GET", p, nil, cookie)
			if w.Code != 200 || strings.Count(w.Body.String(), "<h1") != 1 {
				t.Fatalf("%s %s: %d", role, p, w.Code)
			}
		}
	}
	cookie := e.session(e.f.A.Users[domain.RoleCoordinator])
	if w := e.do("GET", "/monitor", nil, cookie); !strings.Contains(w.Body.String(), "/static/echarts.min.") || !strings.Contains(w.Body.String(), "data-chart=") {
		t.Fatal("dashboard without charts")
	}
	// Coordinators set a target; the form shows it again.
	form := url.Values{"stage": {"mbo"}, "kind": {"enrolled"}, "baseline_year": {"2022"}, "target_year": {"2030"}, "growth_factor": {"1,875"},
		"school_0": {e.f.A.School.BRIN}, "base_0": {"5"}, "weight_0": {"5"}, "school_1": {e.f.A.OtherSchool.BRIN}, "base_1": {"1"}, "weight_1": {"5"},
		"demand": {"70"}, "demand_from": {"2026"}, "demand_to": {"2030"}, "demand_note": {"enquête"}}
	w := e.do("POST", "/monitor/targets", form, cookie)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save target: %d %s", w.Code, w.Body.String())
	}
	tg, err := e.db.MonitorTarget(context.Background(), e.f.A.Region.ID)
	if err != nil || tg.GrowthFactor != 1.875 || len(tg.Schools) != 2 || tg.Demand != 70 {
		t.Fatalf("target %+v %v", tg, err)
	}
	form.Set("growth_factor", "-1")
	if w := e.do("POST", "/monitor/targets", form, cookie); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad target: %d", w.Code)
	}
	if w := e.do("GET", "/monitor", nil, cookie); !strings.Contains(w.Body.String(), "Afstand tot de streefverdeling") {
		t.Fatal("spread against the target not shown")
	}
}
