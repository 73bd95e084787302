package web

import (
	"net/http"
	"net/url"
	"strconv"

	"talentloket/internal/domain"
	"talentloket/internal/placements"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

func kindValues() []string {
	out := make([]string, len(domain.PlacementKinds))
	for i, k := range domain.PlacementKinds {
		out[i] = string(k)
	}
	return out
}

// PlacementsView is the list of placements.
type PlacementsView struct {
	FormPage
	Items []domain.Placement
	Pager Pager
}

func (h *Handler) placementsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, n := pageOf(r)
	f := store.PlacementFilter{Text: q.Get("q"), Page: pg}
	if k := domain.PlacementKind(q.Get("kind")); k.Valid() {
		f.Kind = k
	}
	if st := domain.PlacementStatus(q.Get("status")); st.Valid() {
		f.Statuses = []domain.PlacementStatus{st}
	}
	list, total, err := h.app.Placements.List(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "placement.list_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "placements.html", PlacementsView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Items: list, Pager: pager(r, n, total)})
}

// PlacementView is one placement.
type PlacementView struct {
	FormPage
	placements.PlacementView
}

func (h *Handler) placement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	h.renderPlacement(w, r, id, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) renderPlacement(w http.ResponseWriter, r *http.Request, id int64, status int, f Form) {
	v, err := h.app.Placements.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "placement.title")
	p.Title = v.Placement.Title
	p.Flash = h.takeFlash(w, r)
	f.lang = p.Lang
	h.render(w, r, status, "placement.html", PlacementView{FormPage: FormPage{Page: p, Form: f}, PlacementView: v})
}

// PlacementFormView is the create/edit form of a placement.
type PlacementFormView struct {
	FormPage
	ID        int64
	Companies []Option // coordinators choose the company
	Locations []Option
	Kinds     []Option
	Languages []Option
}

func placementValues(pl domain.Placement) url.Values {
	v := url.Values{}
	v.Set("company", strconv.FormatInt(pl.CompanyID, 10))
	v.Set("location", strconv.FormatInt(pl.LocationID, 10))
	v.Set("kind", string(pl.Kind))
	v.Set("title", pl.Title)
	v.Set("description", pl.Description)
	v.Set("crebos", joinComma(pl.Crebos))
	v.Set("field", pl.Field)
	v.Set("stage", string(pl.Stage))
	if pl.Level > 0 {
		v.Set("level", strconv.Itoa(pl.Level))
	}
	v.Set("pathway", string(pl.Pathway))
	v.Set("start", dateInput(pl.Period.Start))
	v.Set("end", dateInput(pl.Period.End))
	v.Set("capacity", strconv.Itoa(pl.Capacity))
	v.Set("skills", joinComma(pl.Skills))
	for _, l := range pl.Languages {
		v.Add("languages", l)
	}
	v.Set("status", string(pl.Status))
	return v
}

func readPlacement(v url.Values) (domain.Placement, *formReader) {
	fr := &formReader{v: v}
	pl := domain.Placement{CompanyID: fr.id("company"), LocationID: fr.id("location"), Kind: domain.PlacementKind(fr.str("kind")),
		Title: fr.str("title"), Description: fr.str("description"), Crebos: domain.NormaliseTags(fr.str("crebos")), Field: fr.str("field"),
		Stage: domain.Stage(fr.str("stage")), Level: fr.int("level", "invalid.level"), Pathway: domain.Pathway(fr.str("pathway")),
		Capacity: fr.int("capacity", "invalid.capacity"), Skills: fr.tags("skills"), Languages: fr.list("languages"),
		Status: domain.PlacementStatus(fr.str("status"))}
	pl.Period.Start = fr.date("start").Time
	pl.Period.End = fr.date("end").Time
	return pl, fr
}

func (h *Handler) placementForm(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) {
	a := request.Actor(r.Context())
	key := "placement.new_title"
	if id != 0 {
		key = "placement.edit_title"
	}
	p := h.page(r, key)
	f.lang = p.Lang
	v := PlacementFormView{FormPage: FormPage{Page: p, Form: f}, ID: id, Kinds: p.EnumOptions("kind", kindValues()...),
		Languages: p.EnumOptions("language", domain.Languages...)}
	companyID := a.OrganisationID
	if a.Role == domain.RoleCoordinator {
		companyID, _ = strconv.ParseInt(f.Get("company"), 10, 64)
		if id == 0 {
			companies, _, err := h.app.Partners.Organisations(r.Context(), store.OrgFilter{Kind: domain.OrgCompany, Page: store.Page{Limit: 500}})
			if err != nil {
				h.Fail(w, r, err)
				return
			}
			for _, c := range companies {
				v.Companies = append(v.Companies, Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
			}
		}
	}
	if companyID != 0 {
		locs, err := h.app.Placements.Locations(r.Context(), companyID)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, l := range locs {
			label := l.Place + ", " + l.Street
			if l.Name != "" {
				label = l.Name + " – " + label
			}
			v.Locations = append(v.Locations, Option{Value: strconv.FormatInt(l.ID, 10), Label: label})
		}
	}
	h.render(w, r, status, "placement_form.html", v)
}

func (h *Handler) newPlacement(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	v.Set("kind", "internship")
	v.Set("capacity", "1")
	v.Set("status", "open")
	v.Add("languages", "nl")
	if c := r.URL.Query().Get("company"); c != "" {
		v.Set("company", c)
	}
	h.placementForm(w, r, http.StatusOK, 0, newForm(request.Lang(r.Context()), v))
}

func (h *Handler) createPlacement(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	pl, fr := readPlacement(v)
	id, err := h.app.Placements.Create(r.Context(), pl)
	if err := fr.merge(err); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.placementForm(w, r, status, 0, f) })
		return
	}
	h.redirect(w, r, "/placements/"+strconv.FormatInt(id, 10), "flash.placement_created")
}

func (h *Handler) editPlacement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	pv, err := h.app.Placements.Get(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if !pv.CanEdit {
		h.Fail(w, r, domain.ErrForbidden)
		return
	}
	h.placementForm(w, r, http.StatusOK, id, newForm(request.Lang(r.Context()), placementValues(pv.Placement)))
}

func (h *Handler) updatePlacement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	pl, fr := readPlacement(v)
	pl.ID = id
	if err := fr.merge(h.app.Placements.Update(r.Context(), pl)); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.placementForm(w, r, status, id, f) })
		return
	}
	h.redirect(w, r, "/placements/"+strconv.FormatInt(id, 10), "flash.saved")
}

func (h *Handler) closePlacement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	if err := h.app.Placements.Close(r.Context(), id, v.Get("reason")); err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderPlacement(w, r, id, status, f) })
		return
	}
	h.redirect(w, r, "/placements/"+strconv.FormatInt(id, 10), "flash.placement_closed")
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	appID, err := h.app.Placements.Apply(r.Context(), id, v.Get("motivation"))
	if err != nil {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderPlacement(w, r, id, status, f) })
		return
	}
	h.redirect(w, r, "/applications/"+strconv.FormatInt(appID, 10), "flash.applied")
}

// SearchView is the placement search.
type SearchView struct {
	FormPage
	Searched bool
	Result   placements.Result
	Pager    Pager
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := h.page(r, "search.title")
	v := SearchView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}}
	a := request.Actor(r.Context())
	if len(q) == 0 && a.Role == domain.RoleStudent {
		// Start a student where they live, within their travel distance.
		if st, err := h.app.Students.Get(r.Context(), a.StudentID); err == nil {
			q.Set("postcode", st.HomePostcode)
			q.Set("radius", strconv.Itoa(st.MaxDistanceKm))
			if st.Stage == domain.StageMBO {
				q.Set("pathway", string(st.Pathway))
			}
			v.Form = newForm(p.Lang, q)
		}
	}
	if len(q) > 0 {
		fr := &formReader{v: q}
		pg, n := pageOf(r)
		query := placements.Query{Text: fr.str("q"), Kind: domain.PlacementKind(fr.str("kind")), Level: fr.int("level", "invalid.level"),
			Pathway: domain.Pathway(fr.str("pathway")), Postcode: fr.str("postcode"), RadiusKm: fr.int("radius", "invalid.distance"), Page: pg}
		query.Period.Start = fr.date("from").Time
		query.Period.End = fr.date("until").Time
		res, err := h.app.Placements.Search(r.Context(), query)
		if err = fr.merge(err); err != nil {
			if domain.ErrorCode(err) != domain.CodeInvalid {
				h.Fail(w, r, err)
				return
			}
			v.Form.setError(err)
			h.render(w, r, http.StatusUnprocessableEntity, "search.html", v)
			return
		}
		v.Searched, v.Result, v.Pager = true, res, pager(r, n, res.Total)
	}
	h.render(w, r, http.StatusOK, "search.html", v)
}
