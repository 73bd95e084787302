package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// StudentsView is the list of students.
type StudentsView struct {
	FormPage
	Items []domain.Student
	Pager Pager
}

func (h *Handler) students(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, n := pageOf(r)
	f := store.StudentFilter{Text: q.Get("q"), Page: pg}
	switch st := domain.StudentStatus(q.Get("status")); st {
	case domain.StudentLooking, domain.StudentPlaced, domain.StudentInactive:
		f.Status = st
	}
	switch sg := domain.Stage(q.Get("stage")); sg {
	case domain.StageVMBO, domain.StageMBO, domain.StageHBO:
		f.Stage = sg
	}
	list, total, err := h.app.Students.List(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "student.list_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "students.html", StudentsView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Items: list, Pager: pager(r, n, total)})
}

// StudentView is one student's profile.
type StudentView struct {
	Page
	Student      domain.Student
	Applications []domain.Application
	CanEdit      bool
	CanExport    bool
	CanErase     bool
	// Recommendations are the placements that fit the student best.
	Recommendations *Recommendations
}

func (h *Handler) student(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	st, err := h.app.Students.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	a := request.Actor(r.Context())
	apps, _, err := h.app.Placements.Applications(r.Context(), store.AppFilter{StudentID: id, Page: store.Page{Limit: 100}})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "student.title")
	p.Title = st.Name
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "student.html", StudentView{Page: p, Student: st, Applications: apps, CanEdit: auth.CanEditStudent(a, st),
		CanExport: auth.Allow(a, auth.ExportStudent), CanErase: auth.Allow(a, auth.EraseStudent), Recommendations: h.recommendationsFor(r, id)})
}

// StudentFormView is the create/edit form of a student profile.
type StudentFormView struct {
	FormPage
	ID         int64
	Own        bool // a student editing their own profile: fewer fields
	Schools    []Option
	Programmes []Option
	Coaches    []Option
	Kinds      []Option
	Languages  []Option
}

func studentValues(s domain.Student) url.Values {
	v := url.Values{}
	v.Set("name", s.Name)
	v.Set("email", s.Email)
	v.Set("school", strconv.FormatInt(s.SchoolID, 10))
	if s.ProgrammeID != 0 {
		v.Set("programme", strconv.FormatInt(s.ProgrammeID, 10))
	}
	v.Set("stage", string(s.Stage))
	v.Set("crebo", s.Crebo)
	if s.Level != 0 {
		v.Set("level", strconv.Itoa(s.Level))
	}
	v.Set("pathway", string(s.Pathway))
	v.Set("year", strconv.Itoa(s.Year))
	v.Set("home_postcode", s.HomePostcode)
	v.Set("max_distance_km", strconv.Itoa(s.MaxDistanceKm))
	v.Set("skills", joinComma(s.Skills))
	for _, l := range s.Languages {
		v.Add("languages", l)
	}
	for _, k := range s.LookingFor {
		v.Add("looking_for", string(k))
	}
	v.Set("available_from", dateInput(s.Available.Start))
	v.Set("available_until", dateInput(s.Available.End))
	if s.CoachID != 0 {
		v.Set("coach", strconv.FormatInt(s.CoachID, 10))
	}
	v.Set("status", string(s.Status))
	return v
}

func readStudent(v url.Values) (domain.Student, *formReader) {
	fr := &formReader{v: v}
	s := domain.Student{Name: fr.str("name"), Email: fr.str("email"), SchoolID: fr.id("school"), ProgrammeID: fr.id("programme"),
		Stage: domain.Stage(fr.str("stage")), Crebo: fr.str("crebo"), Level: fr.int("level", "invalid.level"),
		Pathway: domain.Pathway(fr.str("pathway")), Year: fr.int("year", "invalid.year"), HomePostcode: fr.str("home_postcode"),
		MaxDistanceKm: fr.int("max_distance_km", "invalid.distance"), Skills: fr.tags("skills"), Languages: fr.list("languages"),
		CoachID: fr.id("coach"), Status: domain.StudentStatus(fr.str("status"))}
	for _, k := range fr.list("looking_for") {
		s.LookingFor = append(s.LookingFor, domain.PlacementKind(k))
	}
	s.Available.Start = fr.date("available_from").Time
	s.Available.End = fr.date("available_until").Time
	return s, fr
}

func (h *Handler) studentForm(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) {
	a := request.Actor(r.Context())
	key := "student.new_title"
	if id != 0 {
		key = "student.edit_title"
	}
	p := h.page(r, key)
	f.lang = p.Lang
	v := StudentFormView{FormPage: FormPage{Page: p, Form: f}, ID: id, Own: a.Role == domain.RoleStudent}
	kinds := make([]string, len(domain.PlacementKinds))
	for i, k := range domain.PlacementKinds {
		kinds[i] = string(k)
	}
	v.Kinds = p.EnumOptions("kind", kinds...)
	v.Languages = p.EnumOptions("language", domain.Languages...)
	if !v.Own {
		schools, _, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Kind: domain.OrgSchool, Page: store.Page{Limit: 500}})
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, s := range schools {
			if a.Role == domain.RoleCoordinator || s.ID == a.OrganisationID {
				v.Schools = append(v.Schools, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name})
			}
		}
		progs, _, err := h.app.Partners.Programmes(r.Context(), store.ProgFilter{Page: store.Page{Limit: 500}})
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, pr := range progs {
			if a.Role == domain.RoleCoordinator || pr.SchoolID == a.OrganisationID {
				label := fmt.Sprintf("%s – %s %s", pr.SchoolName, pr.Name, pr.Pathway)
				if pr.Crebo != "" {
					label += " (" + pr.Crebo + ")"
				}
				v.Programmes = append(v.Programmes, Option{Value: strconv.FormatInt(pr.ID, 10), Label: label})
			}
		}
		coaches, err := h.app.Students.Coaches(r.Context(), 0)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, c := range coaches {
			if a.Role == domain.RoleCoordinator || c.OrganisationID == a.OrganisationID {
				v.Coaches = append(v.Coaches, Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
			}
		}
	}
	h.render(w, r, status, "student_form.html", v)
}

func (h *Handler) newStudent(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	a := request.Actor(r.Context())
	if a.OrganisationID != 0 {
		v.Set("school", strconv.FormatInt(a.OrganisationID, 10))
	}
	v.Set("stage", "mbo")
	v.Set("pathway", "BOL")
	v.Set("year", "1")
	v.Set("max_distance_km", "25")
	v.Set("languages", "nl")
	h.studentForm(w, r, http.StatusOK, 0, newForm(request.Lang(r.Context()), v))
}

func (h *Handler) createStudent(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	s, fr := readStudent(v)
	id, err := h.app.Students.Create(r.Context(), s)
	if err := fr.merge(err); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.studentForm(w, r, status, 0, f) })
		return
	}
	h.redirect(w, r, "/students/"+strconv.FormatInt(id, 10), "flash.saved")
}

func (h *Handler) editStudent(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	st, err := h.app.Students.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if !auth.CanEditStudent(request.Actor(r.Context()), st) {
		h.Fail(w, r, domain.ErrForbidden)
		return
	}
	h.studentForm(w, r, http.StatusOK, id, newForm(request.Lang(r.Context()), studentValues(st)))
}

func (h *Handler) updateStudent(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	s, fr := readStudent(v)
	s.ID = id
	if request.Actor(r.Context()).Role == domain.RoleStudent {
		// The own-profile form does not carry the school fields; keep them.
		cur, err := h.app.Students.Get(r.Context(), id)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		s.Name, s.Email, s.SchoolID, s.ProgrammeID, s.Stage, s.Crebo = cur.Name, cur.Email, cur.SchoolID, cur.ProgrammeID, cur.Stage, cur.Crebo
		s.Level, s.Pathway, s.Year, s.CoachID, s.Status = cur.Level, cur.Pathway, cur.Year, cur.CoachID, cur.Status
	}
	if err := fr.merge(h.app.Students.Update(r.Context(), s)); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.studentForm(w, r, status, id, f) })
		return
	}
	h.redirect(w, r, "/students/"+strconv.FormatInt(id, 10), "flash.saved")
}

// exportStudent downloads all data of a student as JSON (GDPR art. 15/20).
func (h *Handler) exportStudent(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	ex, err := h.app.Students.Export(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="talentloket-student-%d.json"`, id))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(ex)
}

func (h *Handler) eraseStudent(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	if _, err := h.app.Students.Get(r.Context(), id); err != nil {
		h.Fail(w, r, err)
		return
	}
	if v.Get("confirm") != "yes" {
		h.Fail(w, r, domain.Errorf(domain.CodeInvalid, "error.confirm_erase"))
		return
	}
	if err := h.app.Students.Erase(r.Context(), id); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.redirect(w, r, "/students", "flash.erased")
}
