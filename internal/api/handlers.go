package api

import (
	"net/http"

	"talentloket/internal/domain"
	"talentloket/internal/placements"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	u, _ := request.User(r.Context())
	writeJSON(w, http.StatusOK, Me{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), RegionID: u.RegionID,
		OrganisationID: u.OrganisationID, StudentID: u.StudentID})
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	kind := domain.OrgKind(q.Get("kind"))
	if kind != "" && !kind.Valid() {
		h.Fail(w, r, &domain.ValidationError{Fields: []domain.FieldError{{Field: "kind", Key: "invalid.choice"}}})
		return
	}
	list, total, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Kind: kind, Text: q.Get("q"), Page: pg})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(list, total, pg, orgDTO))
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.app.Partners.Organisation(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, orgDTO(v.Org))
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) {
	var in OrganisationInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	o := domain.Organisation{Kind: domain.OrgKind(in.Kind), Name: in.Name, BRIN: in.BRIN, KvK: in.KvK, Website: in.Website,
		Email: in.Email, Phone: in.Phone, MunicipalityCode: in.MunicipalityCode, Member: in.Member, Accreditations: in.Accreditations}
	id, err := h.app.Partners.CreateOrganisation(r.Context(), o, nil)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.app.Partners.Organisation(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, orgDTO(v.Org))
}

func (h *Handler) programmes(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	var v domain.ValidationError
	f := store.ProgFilter{Stage: domain.Stage(q.Get("stage")), SchoolID: int64(queryInt(r, "school_id", &v)), Text: q.Get("q"), Page: pg}
	switch f.Stage {
	case "", domain.StageVMBO, domain.StageMBO, domain.StageHBO:
	default:
		v.Add("stage", "invalid.choice")
	}
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	list, total, err := h.app.Partners.Programmes(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(list, total, pg, progDTO))
}

func (h *Handler) students(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := store.StudentFilter{Text: q.Get("q"), Status: domain.StudentStatus(q.Get("status")), Stage: domain.Stage(q.Get("stage")), Page: pg}
	var v domain.ValidationError
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "invalid.choice")
	}
	switch f.Stage {
	case "", domain.StageVMBO, domain.StageMBO, domain.StageHBO:
	default:
		v.Add("stage", "invalid.choice")
	}
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	list, total, err := h.app.Students.List(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(list, total, pg, studentDTO))
}

func (h *Handler) student(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	s, err := h.app.Students.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, studentDTO(s))
}

func (h *Handler) createStudent(w http.ResponseWriter, r *http.Request) {
	var in StudentInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	s, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	id, err := h.app.Students.Create(r.Context(), s)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	got, err := h.app.Students.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, studentDTO(got))
}

func (h *Handler) updateStudent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	var in StudentInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	s, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	s.ID = id
	if err := h.app.Students.Update(r.Context(), s); err != nil {
		h.Fail(w, r, err)
		return
	}
	got, err := h.app.Students.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, studentDTO(got))
}

func (h *Handler) placementsList(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := store.PlacementFilter{Text: q.Get("q"), Kind: domain.PlacementKind(q.Get("kind")), Page: pg}
	var v domain.ValidationError
	if f.Kind != "" && !f.Kind.Valid() {
		v.Add("kind", "invalid.choice")
	}
	if s := domain.PlacementStatus(q.Get("status")); s != "" {
		if !s.Valid() {
			v.Add("status", "invalid.choice")
		}
		f.Statuses = []domain.PlacementStatus{s}
	}
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	list, total, err := h.app.Placements.List(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(list, total, pg, placementDTO))
}

func (h *Handler) placement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.app.Placements.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, placementDTO(v.Placement))
}

func (h *Handler) writePlacement(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := h.app.Placements.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, status, placementDTO(v.Placement))
}

func (h *Handler) createPlacement(w http.ResponseWriter, r *http.Request) {
	var in PlacementInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	p, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	id, err := h.app.Placements.Create(r.Context(), p)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writePlacement(w, r, id, http.StatusCreated)
}

func (h *Handler) updatePlacement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	var in PlacementInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	p, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p.ID = id
	if err := h.app.Placements.Update(r.Context(), p); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writePlacement(w, r, id, http.StatusOK)
}

func (h *Handler) closePlacement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	var in CloseInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	if err := h.app.Placements.Close(r.Context(), id, in.Reason); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writePlacement(w, r, id, http.StatusOK)
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	var v domain.ValidationError
	query := placements.Query{Text: q.Get("q"), Kind: domain.PlacementKind(q.Get("kind")), Level: queryInt(r, "level", &v),
		Pathway: domain.Pathway(q.Get("pathway")), Postcode: q.Get("postcode"), RadiusKm: queryInt(r, "radius_km", &v), Page: pg}
	query.Period.Start = Date(q.Get("from")).time("from", &v)
	query.Period.End = Date(q.Get("until")).time("until", &v)
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	res, err := h.app.Placements.Search(r.Context(), query)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(res.Hits, res.Total, pg, func(hit placements.Hit) Hit {
		out := Hit{Placement: placementDTO(hit.Placement)}
		if hit.DistanceKm >= 0 {
			d := hit.DistanceKm
			out.DistanceKm = &d
		}
		return out
	}))
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	var in ApplyInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	appID, err := h.app.Placements.Apply(r.Context(), id, in.Motivation)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writeApplication(w, r, appID, http.StatusCreated)
}

func (h *Handler) applications(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	var v domain.ValidationError
	f := store.AppFilter{Status: domain.ApplicationStatus(r.URL.Query().Get("status")), PlacementID: int64(queryInt(r, "placement_id", &v)), Page: pg}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "invalid.choice")
	}
	if err := v.Err(); err != nil {
		h.Fail(w, r, err)
		return
	}
	list, total, err := h.app.Placements.Applications(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(list, total, pg, appDTO))
}

func (h *Handler) writeApplication(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := h.app.Placements.Application(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	out := ApplicationDetail{Application: appDTO(v.Application), History: []Event{}, Actions: []string{}}
	for _, e := range v.History {
		out.History = append(out.History, Event{From: string(e.From), To: string(e.To), Actor: e.ActorName, Note: e.Note, At: e.At})
	}
	for _, a := range v.Actions {
		out.Actions = append(out.Actions, string(a))
	}
	writeJSON(w, status, out)
}

func (h *Handler) application(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writeApplication(w, r, id, http.StatusOK)
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	act := domain.AppAction(r.PathValue("action"))
	if act.SideOf() == 0 {
		h.Fail(w, r, domain.Errorf(domain.CodeNotFound, "error.page_not_found"))
		return
	}
	var in ActInput
	if err := decode(r, &in); err != nil {
		h.Fail(w, r, err)
		return
	}
	if _, err := h.app.Placements.Act(r.Context(), id, act, in.Note); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writeApplication(w, r, id, http.StatusOK)
}

func counts(cs []store.Count) []Count {
	out := make([]Count, len(cs))
	for i, c := range cs {
		out[i] = Count{Key: c.Key, N: c.N}
	}
	return out
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	f, err := h.app.Overview.Figures(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Stats{Region: f.Region.Name, Schools: f.Schools, Companies: f.Companies, Students: f.Students,
		OpenPlaces: f.OpenPlaces, Applications: f.Applications, Accepted: f.Accepted, StudentsByStatus: counts(f.StudentsByStatus),
		StudentsByStage: counts(f.StudentsByStage), PlacementsByStatus: counts(f.PlacementsByStatus),
		OpenPlacementsByKind: counts(f.OpenPlacementsByKind), ApplicationsByStatus: counts(f.ApplicationsByStatus)})
}

func (h *Handler) openapi(w http.ResponseWriter, r *http.Request) {
	doc := h.doc.Load()
	if doc == nil {
		h.Fail(w, r, domain.ErrNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(*doc)
}
