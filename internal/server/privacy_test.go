package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talentloket/internal/domain"
	"talentloket/internal/store"
)

// A student's data can be exported whole and erased with everything that
// hangs on it; both leave an audit row without personal data.
func TestExportAndErase(t *testing.T) {
	e := newEnv(t)
	st := e.f.A.Student
	// The student exports their own data.
	w := e.do("GET", "/students/"+itoa(st.ID)+"/export", nil, e.session(e.f.A.StudentUser))
	if w.Code != 200 || !strings.Contains(w.Result().Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d", w.Code)
	}
	var ex struct {
		Student      struct{ Name, HomePostcode string }
		Applications []struct {
			Application struct{ PlacementTitle string }
			History     []struct{ To string }
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Student.Name != st.Name || ex.Student.HomePostcode != st.HomePostcode || len(ex.Applications) != 1 || len(ex.Applications[0].History) != 1 {
		t.Fatalf("export content: %+v", ex)
	}
	// Another student cannot export it; the coach cannot either.
	if w := e.do("GET", "/students/"+itoa(st.ID)+"/export", nil, e.session(e.f.A.OtherStudentUser)); w.Code != http.StatusForbidden {
		t.Fatalf("other student's export: %d", w.Code)
	}
	coord := e.session(e.f.A.Users[domain.RoleCoordinator])
	// Erasing needs the confirmation box.
	if w := e.do("POST", "/students/"+itoa(st.ID)+"/erase", url.Values{}, coord); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("erase without confirmation: %d", w.Code)
	}
	if w := e.do("POST", "/students/"+itoa(st.ID)+"/erase", url.Values{"confirm": {"yes"}}, coord); w.Code != http.StatusSeeOther {
		t.Fatalf("erase: %d %s", w.Code, w.Body.String())
	}
	if w := e.do("GET", "/students/"+itoa(st.ID), nil, coord); w.Code != 404 {
		t.Fatalf("erased student still there: %d", w.Code)
	}
	if _, err := e.db.Application(t.Context(), e.f.A.Region.ID, e.f.A.Application.ID); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatal("application of the erased student kept")
	}
	if _, err := e.db.User(t.Context(), e.f.A.StudentUser.ID); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatal("account of the erased student kept")
	}
	entries, _ := e.db.Audit(t.Context(), store.AuditFilter{RegionID: e.f.A.Region.ID, Page: store.Page{Limit: 100}})
	var exported, erased bool
	for _, a := range entries {
		if strings.Contains(a.Detail, st.Name) || strings.Contains(a.Object, st.Name) {
			t.Fatalf("audit row holds personal data: %+v", a)
		}
		exported = exported || a.Action == domain.AuditExport && a.Object == "student:"+itoa(st.ID)
		erased = erased || a.Action == domain.AuditDelete && a.Object == "student:"+itoa(st.ID)
	}
	if !exported || !erased {
		t.Fatalf("audit: exported %v erased %v", exported, erased)
	}
}
