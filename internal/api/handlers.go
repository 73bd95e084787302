package api

import (
	"net/http"

	"talentloket/internal/domain"
	"talentloket/internal/matching"
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
	p := newParams(r)
	f := store.OrgFilter{Kind: domain.OrgKind(p.choice("kind", func(s string) bool { return domain.OrgKind(s).Valid() })),
		Text: p.str("q"), Page: p.page}
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Partners.Organisations(r.Context(), f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, orgDTO), err)
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	v, err := h.app.Partners.Organisation(r.Context(), id)
	h.respond(w, r, http.StatusOK, orgDTO(v.Org), err)
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) {
	var in OrganisationInput
	if !h.body(w, r, &in) {
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
	h.respond(w, r, http.StatusCreated, orgDTO(v.Org), err)
}

func (h *Handler) programmes(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := store.ProgFilter{Stage: domain.Stage(p.choice("stage", validStage)), SchoolID: int64(p.int("school_id")), Text: p.str("q"), Page: p.page}
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Partners.Programmes(r.Context(), f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, progDTO), err)
}

func (h *Handler) students(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := store.StudentFilter{Text: p.str("q"), Stage: domain.Stage(p.choice("stage", validStage)), Page: p.page,
		Status: domain.StudentStatus(p.choice("status", func(s string) bool { return domain.StudentStatus(s).Valid() }))}
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Students.List(r.Context(), f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, studentDTO), err)
}

func (h *Handler) student(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	s, err := h.app.Students.Get(r.Context(), id)
	h.respond(w, r, http.StatusOK, studentDTO(s), err)
}

// saveStudent decodes a student and stores it with save; it answers the
// stored profile with status.
func (h *Handler) saveStudent(w http.ResponseWriter, r *http.Request, id int64, status int, save func(domain.Student) (int64, error)) {
	var in StudentInput
	if !h.body(w, r, &in) {
		return
	}
	s, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	s.ID = id
	if id, err = save(s); err != nil {
		h.Fail(w, r, err)
		return
	}
	got, err := h.app.Students.Get(r.Context(), id)
	h.respond(w, r, status, studentDTO(got), err)
}

func (h *Handler) createStudent(w http.ResponseWriter, r *http.Request) {
	h.saveStudent(w, r, 0, http.StatusCreated, func(s domain.Student) (int64, error) { return h.app.Students.Create(r.Context(), s) })
}

func (h *Handler) updateStudent(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	h.saveStudent(w, r, id, http.StatusOK, func(s domain.Student) (int64, error) { return id, h.app.Students.Update(r.Context(), s) })
}

func (h *Handler) placementsList(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := store.PlacementFilter{Text: p.str("q"), Page: p.page,
		Kind: domain.PlacementKind(p.choice("kind", func(s string) bool { return domain.PlacementKind(s).Valid() }))}
	if s := p.choice("status", func(s string) bool { return domain.PlacementStatus(s).Valid() }); s != "" {
		f.Statuses = []domain.PlacementStatus{domain.PlacementStatus(s)}
	}
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Placements.List(r.Context(), f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, placementDTO), err)
}

func (h *Handler) placement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	h.writePlacement(w, r, id, http.StatusOK)
}

func (h *Handler) writePlacement(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := h.app.Placements.Get(r.Context(), id)
	h.respond(w, r, status, placementDTO(v.Placement), err)
}

// savePlacement decodes a placement and stores it with save; it answers the
// stored placement with status.
func (h *Handler) savePlacement(w http.ResponseWriter, r *http.Request, id int64, status int, save func(domain.Placement) (int64, error)) {
	var in PlacementInput
	if !h.body(w, r, &in) {
		return
	}
	p, err := in.domain()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p.ID = id
	if id, err = save(p); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writePlacement(w, r, id, status)
}

func (h *Handler) createPlacement(w http.ResponseWriter, r *http.Request) {
	h.savePlacement(w, r, 0, http.StatusCreated, func(p domain.Placement) (int64, error) { return h.app.Placements.Create(r.Context(), p) })
}

func (h *Handler) updatePlacement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	h.savePlacement(w, r, id, http.StatusOK, func(p domain.Placement) (int64, error) { return id, h.app.Placements.Update(r.Context(), p) })
}

func (h *Handler) closePlacement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var in CloseInput
	if !h.body(w, r, &in) {
		return
	}
	if err := h.app.Placements.Close(r.Context(), id, in.Reason); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writePlacement(w, r, id, http.StatusOK)
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	query := placements.Query{Text: p.str("q"), Kind: domain.PlacementKind(p.str("kind")), Level: p.int("level"),
		Pathway: domain.Pathway(p.str("pathway")), Postcode: p.str("postcode"), RadiusKm: p.int("radius_km"), Page: p.page}
	query.Period.Start = p.date("from")
	query.Period.End = p.date("until")
	if p.failed(h, w, r) {
		return
	}
	res, err := h.app.Placements.Search(r.Context(), query)
	h.respond(w, r, http.StatusOK, pageOf(res.Hits, res.Total, p.page, func(hit placements.Hit) Hit {
		out := Hit{Placement: placementDTO(hit.Placement)}
		if hit.DistanceKm >= 0 {
			d := hit.DistanceKm
			out.DistanceKm = &d
		}
		if hit.Fit != nil {
			out.Fit = fitDTO(r, *hit.Fit, matching.ForStudent)
		}
		return out
	}), err)
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var in ApplyInput
	if !h.body(w, r, &in) {
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
	p := newParams(r)
	f := store.AppFilter{PlacementID: int64(p.int("placement_id")), Page: p.page,
		Status: domain.ApplicationStatus(p.choice("status", func(s string) bool { return domain.ApplicationStatus(s).Valid() }))}
	if p.failed(h, w, r) {
		return
	}
	list, total, err := h.app.Placements.Applications(r.Context(), f)
	h.respond(w, r, http.StatusOK, pageOf(list, total, p.page, appDTO), err)
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
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	h.writeApplication(w, r, id, http.StatusOK)
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	act := domain.AppAction(r.PathValue("action"))
	if act.SideOf() == 0 {
		h.Fail(w, r, domain.Errorf(domain.CodeNotFound, "error.page_not_found"))
		return
	}
	var in ActInput
	if !h.body(w, r, &in) {
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
	h.respond(w, r, http.StatusOK, Stats{Region: f.Region.Name, Schools: f.Schools, Companies: f.Companies, Students: f.Students,
		OpenPlaces: f.OpenPlaces, Applications: f.Applications, Accepted: f.Accepted, StudentsByStatus: counts(f.StudentsByStatus),
		StudentsByStage: counts(f.StudentsByStage), PlacementsByStatus: counts(f.PlacementsByStatus),
		OpenPlacementsByKind: counts(f.OpenPlacementsByKind), ApplicationsByStatus: counts(f.ApplicationsByStatus)}, err)
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
