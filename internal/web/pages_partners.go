package web

import (
	"net/http"
	"net/url"
	"strconv"

	"talentloket/internal/domain"
	"talentloket/internal/partners"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// OrganisationsView is the list of organisations.
type OrganisationsView struct {
	FormPage
	Items []domain.Organisation
	Pager Pager
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, n := pageOf(r)
	kind := domain.OrgKind(q.Get("kind"))
	if kind != "" && !kind.Valid() {
		kind = ""
	}
	list, total, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Kind: kind, Text: q.Get("q"), Page: pg})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "org.list_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "organisations.html", OrganisationsView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)},
		Items: list, Pager: pager(r, n, total)})
}

// OrganisationView is one organisation.
type OrganisationView struct {
	FormPage
	partners.OrganisationView
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	h.renderOrganisation(w, r, id, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) renderOrganisation(w http.ResponseWriter, r *http.Request, id int64, status int, f Form) {
	v, err := h.app.Partners.Organisation(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "org.title", v.Org.Name)
	p.Title = v.Org.Name
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	h.render(w, r, status, "organisation.html", OrganisationView{FormPage: FormPage{Page: p, Form: f}, OrganisationView: v})
}

// OrganisationFormView is the create/edit form of an organisation.
type OrganisationFormView struct {
	FormPage
	ID      int64 // 0 for a new one
	Full    bool  // may change kind, identifiers and accreditations
	KindOpt []Option
}

func orgValues(o domain.Organisation) url.Values {
	v := url.Values{}
	v.Set("kind", string(o.Kind))
	v.Set("name", o.Name)
	v.Set("brin", o.BRIN)
	v.Set("kvk", o.KvK)
	v.Set("website", o.Website)
	v.Set("email", o.Email)
	v.Set("phone", o.Phone)
	v.Set("municipality", o.MunicipalityCode)
	v.Set("accreditations", joinComma(o.Accreditations))
	if o.Member {
		v.Set("member", "on")
	}
	return v
}

func (h *Handler) organisationForm(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) {
	a := request.Actor(r.Context())
	key := "org.new_title"
	if id != 0 {
		key = "org.edit_title"
	}
	p := h.page(r, key)
	f.lang = p.Lang
	kinds := make([]string, len(domain.OrgKinds))
	for i, k := range domain.OrgKinds {
		kinds[i] = string(k)
	}
	h.render(w, r, status, "organisation_form.html", OrganisationFormView{FormPage: FormPage{Page: p, Form: f}, ID: id,
		Full: a.Role == domain.RoleCoordinator || a.Role == domain.RoleAdmin, KindOpt: p.EnumOptions("orgkind", kinds...)})
}

func (h *Handler) newOrganisation(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	v.Set("kind", r.URL.Query().Get("kind"))
	h.organisationForm(w, r, http.StatusOK, 0, newForm(request.Lang(r.Context()), v))
}

func readOrganisation(v url.Values) (domain.Organisation, *formReader) {
	fr := &formReader{v: v}
	o := domain.Organisation{Kind: domain.OrgKind(fr.str("kind")), Name: fr.str("name"), BRIN: fr.str("brin"), KvK: fr.str("kvk"),
		Website: fr.str("website"), Email: fr.str("email"), Phone: fr.str("phone"), MunicipalityCode: fr.str("municipality"),
		Member: fr.bool("member"), Accreditations: domain.NormaliseTags(fr.str("accreditations"))}
	return o, fr
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	o, fr := readOrganisation(v)
	var loc *domain.Location
	if fr.str("postcode") != "" || fr.str("place") != "" {
		loc = &domain.Location{Name: fr.str("location_name"), Street: fr.str("street"), Postcode: fr.str("postcode"), Place: fr.str("place")}
	}
	id, err := h.app.Partners.CreateOrganisation(r.Context(), o, loc)
	if err := fr.merge(err); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.organisationForm(w, r, status, 0, f) })
		return
	}
	h.redirect(w, r, "/organisations/"+strconv.FormatInt(id, 10), "flash.saved")
}

func (h *Handler) editOrganisation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	ov, err := h.app.Partners.Organisation(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if !ov.CanEdit {
		h.Fail(w, r, domain.ErrForbidden)
		return
	}
	h.organisationForm(w, r, http.StatusOK, id, newForm(request.Lang(r.Context()), orgValues(ov.Org)))
}

func (h *Handler) updateOrganisation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	o, fr := readOrganisation(v)
	o.ID = id
	if err := fr.merge(h.app.Partners.UpdateOrganisation(r.Context(), o)); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.organisationForm(w, r, status, id, f) })
		return
	}
	h.redirect(w, r, "/organisations/"+strconv.FormatInt(id, 10), "flash.saved")
}

func (h *Handler) addLocation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	fr := &formReader{v: v}
	l := domain.Location{OrganisationID: id, Name: fr.str("location_name"), Street: fr.str("street"), Postcode: fr.str("postcode"), Place: fr.str("place")}
	if _, err := h.app.Partners.AddLocation(r.Context(), l); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderOrganisation(w, r, id, status, f) })
		return
	}
	h.redirect(w, r, "/organisations/"+strconv.FormatInt(id, 10), "flash.location_added")
}

// ProgrammesView is the list of programmes.
type ProgrammesView struct {
	FormPage
	Items []domain.Programme
	Pager Pager
}

func (h *Handler) programmes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, n := pageOf(r)
	stage := domain.Stage(q.Get("stage"))
	switch stage {
	case domain.StageVMBO, domain.StageMBO, domain.StageHBO:
	default:
		stage = ""
	}
	schoolID, _ := strconv.ParseInt(q.Get("school"), 10, 64)
	list, total, err := h.app.Partners.Programmes(r.Context(), store.ProgFilter{Stage: stage, SchoolID: schoolID, Text: q.Get("q"), Page: pg})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "programme.list_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "programmes.html", ProgrammesView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Items: list, Pager: pager(r, n, total)})
}

// ProgrammeFormView is the form for a new programme.
type ProgrammeFormView struct {
	FormPage
	Schools   []Option
	Locations []Option
}

func (h *Handler) programmeForm(w http.ResponseWriter, r *http.Request, status int, f Form) {
	a := request.Actor(r.Context())
	p := h.page(r, "programme.new_title")
	f.lang = p.Lang
	schools, _, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Kind: domain.OrgSchool, Page: store.Page{Limit: 500}})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := ProgrammeFormView{FormPage: FormPage{Page: p, Form: f}}
	for _, s := range schools {
		if a.Role == domain.RoleSchoolStaff && s.ID != a.OrganisationID {
			continue
		}
		v.Schools = append(v.Schools, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name})
		locs, err := h.app.Partners.Locations(r.Context(), s.ID)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, l := range locs {
			v.Locations = append(v.Locations, Option{Value: strconv.FormatInt(l.ID, 10), Label: s.Name + " – " + l.Place + " " + l.Name})
		}
	}
	h.render(w, r, status, "programme_form.html", v)
}

func (h *Handler) newProgramme(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	a := request.Actor(r.Context())
	if a.Role == domain.RoleSchoolStaff {
		v.Set("school", strconv.FormatInt(a.OrganisationID, 10))
	}
	v.Set("stage", "mbo")
	h.programmeForm(w, r, http.StatusOK, newForm(request.Lang(r.Context()), v))
}

func (h *Handler) createProgramme(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	fr := &formReader{v: v}
	pr := domain.Programme{SchoolID: fr.id("school"), LocationID: fr.id("location"), Stage: domain.Stage(fr.str("stage")),
		Crebo: fr.str("crebo"), Croho: fr.str("croho"), Name: fr.str("name"), Field: fr.str("field"),
		Level: fr.int("level", "invalid.level"), Pathway: domain.Pathway(fr.str("pathway"))}
	if _, err := h.app.Partners.CreateProgramme(r.Context(), pr); fr.merge(err) != nil {
		h.retry(w, r, v, fr.merge(err), func(status int, f Form) { h.programmeForm(w, r, status, f) })
		return
	}
	h.redirect(w, r, "/programmes", "flash.saved")
}
