package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/desk/service"
	"talentloket/internal/domain"
	"talentloket/internal/request"
)

// The offer catalogue's pages.

// Euro formats a price in cents, or "" when there is none.
func (p Page) Euro(cents *int64) string {
	if cents == nil {
		return ""
	}
	return "€ " + p.Num(float64(*cents)/100, 2)
}

// NextStart returns the offer's next start date as dd-mm-jjjj, or "".
func (p Page) NextStart(o desk.Offer) string {
	if t, ok := o.NextStart(time.Now()); ok {
		return p.Date(t)
	}
	return ""
}

// OffersView is the catalogue with its search.
type OffersView struct {
	FormPage
	Items    []desk.Offer
	Pager    Pager
	Searched bool
}

func (h *Handler) offers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fr := &formReader{v: q}
	pg, n := pageOf(r)
	f := service.OfferQuery{Text: fr.str("q"), Kind: desk.OfferKind(fr.str("kind")), Inactive: fr.bool("inactive"), Page: pg}
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	if fr.bool("mine") {
		f.ProviderID = request.Actor(r.Context()).OrganisationID
		f.Inactive = true
	}
	list, total, err := h.app.Desk.Offers(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.offers_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "desk_offers.html", OffersView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)}, Items: list,
		Pager: pager(r, n, total), Searched: f.Text != ""})
}

// OfferPageView is one offer.
type OfferPageView struct {
	FormPage
	service.OfferView
}

func (h *Handler) offer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, err := h.app.Desk.Offer(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "desk.offer_title")
	p.Title = v.Offer.Title
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "desk_offer.html", OfferPageView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, nil)}, OfferView: v})
}

// OfferFormView is the create/edit form of an offer.
type OfferFormView struct {
	FormPage
	ID        int64
	Providers []Option // coordinators choose the provider
}

func offerValues(o desk.Offer) url.Values {
	v := url.Values{}
	v.Set("provider", strconv.FormatInt(o.ProviderID, 10))
	v.Set("kind", string(o.Kind))
	v.Set("title", o.Title)
	v.Set("description", o.Description)
	v.Set("crebos", joinComma(o.Crebos))
	v.Set("field", o.Field)
	if o.Level > 0 {
		v.Set("level", strconv.Itoa(o.Level))
	}
	v.Set("pathway", string(o.Pathway))
	v.Set("skills", joinComma(o.Skills))
	var locs []string
	for _, l := range o.Locations {
		locs = append(locs, strings.TrimSpace(l.Name+"; "+l.Postcode))
	}
	v.Set("locations", strings.Join(locs, "\n"))
	var starts []string
	for _, s := range o.Starts {
		starts = append(starts, s.Format(domain.DateLayout))
	}
	v.Set("starts", strings.Join(starts, ", "))
	v.Set("start", dateInput(o.Period.Start))
	v.Set("end", dateInput(o.Period.End))
	if o.Capacity > 0 {
		v.Set("capacity", strconv.Itoa(o.Capacity))
	}
	if o.PriceCents != nil {
		v.Set("price", strconv.FormatFloat(float64(*o.PriceCents)/100, 'f', 2, 64))
	}
	for _, l := range o.Languages {
		v.Add("languages", l)
	}
	v.Set("contact_name", o.Contact.Name)
	v.Set("contact_email", o.Contact.Email)
	v.Set("contact_phone", o.Contact.Phone)
	if o.Active {
		v.Set("active", "on")
	}
	return v
}

// parsePrice reads a price in euro as a Dutch user writes it ("1450",
// "1.450", "1.450,50", "€ 99"; "1,450.50" too): with both separators the
// last one is the decimal one; a comma alone is decimal; a dot alone is a
// thousands separator when three digits follow it. "" is no price.
func parsePrice(s string) (*int64, bool) {
	s = strings.TrimSpace(strings.NewReplacer("€", "", " ", "").Replace(s))
	if s == "" {
		return nil, true
	}
	comma, dot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && dot >= 0 && comma > dot:
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	case comma >= 0 && dot >= 0:
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0:
		if strings.Count(s, ",") > 1 {
			return nil, false
		}
		s = strings.ReplaceAll(s, ",", ".")
	case dot >= 0 && (strings.Count(s, ".") > 1 || len(s)-dot == 4):
		s = strings.ReplaceAll(s, ".", "")
	}
	if strings.Count(s, ".") > 1 {
		return nil, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	c := int64(math.Round(f * 100))
	return &c, true
}

// parseLocations reads one location per line: "name; postcode" (or a
// postcode alone).
func parseLocations(s string) []desk.OfferLocation {
	var out []desk.OfferLocation
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		l := desk.OfferLocation{Name: line}
		if i := strings.LastIndexAny(line, ";,"); i >= 0 {
			l.Name, l.Postcode = strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+1:])
		} else if _, err := domain.ParsePostcode(line); err == nil {
			l.Name, l.Postcode = "", line
		} else if _, err := domain.ParsePC4(line); err == nil {
			l.Name, l.Postcode = "", line
		}
		out = append(out, l)
	}
	return out
}

func readOffer(v url.Values) (desk.Offer, *formReader) {
	fr := &formReader{v: v}
	o := desk.Offer{ProviderID: fr.id("provider"), Kind: desk.OfferKind(fr.str("kind")), Title: fr.str("title"),
		Description: fr.str("description"), Crebos: domain.NormaliseTags(fr.str("crebos")), Field: fr.str("field"),
		Level: fr.int("level", "invalid.level"), Pathway: domain.Pathway(fr.str("pathway")), Skills: fr.tags("skills"),
		Locations: parseLocations(fr.str("locations")), Capacity: fr.int("capacity", "invalid.number"),
		Languages: fr.list("languages"), Contact: desk.Contact{Name: fr.str("contact_name"), Email: fr.str("contact_email"),
			Phone: fr.str("contact_phone")}, Active: fr.bool("active")}
	o.Period.Start = fr.date("start").Time
	o.Period.End = fr.date("end").Time
	for _, s := range strings.FieldsFunc(fr.str("starts"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		d, err := domain.ParseDate(s)
		if err != nil {
			fr.errs.Add("starts", "invalid.date")
			break
		}
		o.Starts = append(o.Starts, d)
	}
	price, ok := parsePrice(fr.str("price"))
	if !ok {
		fr.errs.Add("price", "invalid.price")
	}
	o.PriceCents = price
	return o, fr
}

func (h *Handler) offerForm(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) {
	key := "desk.offer_new_title"
	if id != 0 {
		key = "desk.offer_edit_title"
	}
	p := h.page(r, key)
	f.lang = p.Lang
	v := OfferFormView{FormPage: FormPage{Page: p, Form: f}, ID: id}
	if id == 0 && request.Actor(r.Context()).Role == domain.RoleCoordinator {
		orgs, err := h.app.Desk.Providers(r.Context())
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		for _, o := range orgs {
			v.Providers = append(v.Providers, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	h.render(w, r, status, "desk_offer_form.html", v)
}

func (h *Handler) newOffer(w http.ResponseWriter, r *http.Request) {
	v := url.Values{}
	kind := string(desk.OfferTailored)
	if request.Actor(r.Context()).Role == domain.RoleCompany {
		kind = string(desk.OfferStaffToLend)
	}
	v.Set("kind", kind)
	v.Set("active", "on")
	v.Add("languages", "nl")
	h.offerForm(w, r, http.StatusOK, 0, newForm(request.Lang(r.Context()), v))
}

func (h *Handler) createOffer(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	o, fr := readOffer(v)
	id, err := h.app.Desk.CreateOffer(r.Context(), o)
	if err := fr.merge(err); err != nil {
		h.retry(w, r, v, renameField(err, "period_end", "end"), func(status int, f Form) { h.offerForm(w, r, status, 0, f) })
		return
	}
	h.redirect(w, r, "/offers/"+strconv.FormatInt(id, 10), "flash.desk_offer_created")
}

func (h *Handler) editOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	ov, err := h.app.Desk.Offer(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if !ov.CanEdit {
		h.Fail(w, r, domain.ErrForbidden)
		return
	}
	h.offerForm(w, r, http.StatusOK, id, newForm(request.Lang(r.Context()), offerValues(ov.Offer)))
}

func (h *Handler) updateOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	o, fr := readOffer(v)
	o.ID = id
	if err := fr.merge(h.app.Desk.UpdateOffer(r.Context(), o)); err != nil {
		h.retry(w, r, v, renameField(err, "period_end", "end"), func(status int, f Form) { h.offerForm(w, r, status, id, f) })
		return
	}
	h.redirect(w, r, "/offers/"+strconv.FormatInt(id, 10), "flash.saved")
}

func (h *Handler) deleteOffer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	if err := h.app.Desk.DeleteOffer(r.Context(), id); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.redirect(w, r, "/offers", "flash.desk_offer_deleted")
}

// OfferKindOptions lists the offer kinds for a select.
func (p Page) OfferKindOptions() []Option { return p.EnumOptions("okind", strs(desk.OfferKinds)...) }

// QuestionKindOptions lists the question kinds for a select.
func (p Page) QuestionKindOptions() []Option {
	return p.EnumOptions("qkind", strs(desk.QuestionKinds)...)
}

// SectorOptions lists the sectors for a select.
func (p Page) SectorOptions() []Option { return p.EnumOptions("qsector", service.Sectors...) }

// QuestionStatusOptions lists the question statuses for a select.
func (p Page) QuestionStatusOptions() []Option {
	return p.EnumOptions("qstatus", strs(desk.QuestionStatuses)...)
}

// LanguageOptions lists the languages for a select or checks.
func (p Page) LanguageOptions() []Option { return p.EnumOptions("language", domain.Languages...) }
