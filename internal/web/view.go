package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Page is what every page's view carries: language, the signed-in actor,
// navigation, a flash message and the asset URLs.
type Page struct {
	Lang      i18n.Lang
	Title     string
	Actor     domain.Actor
	Nav       []NavItem
	Flash     string
	RequestID string
	CSS       string
	Path      string
	Next      string // the current URL, for the language form
	Unread    int    // unread notifications, shown in the header
}

// pageExtras fill in what parts of the product add to every page (the
// desk's unread count); each part's file appends its own in init.
var pageExtras []func(h *Handler, r *http.Request, p *Page)

// NavItem is a link in the main navigation.
type NavItem struct {
	Href, Label string
	Current     bool
}

// T translates a catalogue key.
func (p Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Int formats an integer for the page's language.
func (p Page) Int(n int) string { return i18n.Int(p.Lang, n) }

// Num formats a number with decimals for the page's language.
func (p Page) Num(f float64, decimals int) string { return i18n.Number(p.Lang, f, decimals) }

// Date formats a date as dd-mm-jjjj.
func (p Page) Date(t time.Time) string { return i18n.Date(t) }

// DateTime formats a moment as dd-mm-jjjj hh:mm (Dutch time).
func (p Page) DateTime(t time.Time) string { return i18n.DateTime(t) }

// Enum translates an enumeration value: .Enum "kind" "internship".
func (p Page) Enum(group string, v any) string {
	s := fmt.Sprint(v)
	if s == "" {
		return ""
	}
	return p.T(group + "." + s)
}

// Langs lists the languages the user can switch to.
func (p Page) Langs() []i18n.Lang { return i18n.Langs }

// Is reports whether the actor has one of the roles.
func (p Page) Is(roles ...string) bool {
	for _, r := range roles {
		if string(p.Actor.Role) == r {
			return true
		}
	}
	return false
}

// Can reports whether the actor's role may take an action (for links).
func (p Page) Can(action string) bool { return auth.Allow(p.Actor, auth.Action(action)) }

func (h *Handler) page(r *http.Request, titleKey string, args ...any) Page {
	ctx := r.Context()
	p := Page{Lang: request.Lang(ctx), Actor: request.Actor(ctx), RequestID: request.MetaOf(ctx).ID,
		CSS: h.Asset("app.css"), Path: r.URL.Path, Next: r.URL.RequestURI()}
	p.Title = p.T(titleKey, args...)
	if r.Method != http.MethodGet {
		p.Next = r.URL.Path
	}
	p.Nav = h.nav(p)
	for _, fn := range pageExtras {
		fn(h, r, &p)
	}
	return p
}

type navDef struct {
	href, label string
	action      auth.Action
	order       int
}

// addNav adds an item to the main navigation of the parts that have one;
// items sort by order (the core items are 10, 20, 30 ...).
func addNav(href, label string, action auth.Action, order int) {
	navDefs = append(navDefs, navDef{href, label, action, order})
	sort.SliceStable(navDefs, func(i, j int) bool { return navDefs[i].order < navDefs[j].order })
}

var navDefs = []navDef{
	{"/home", "nav.home", auth.SignedIn, 10},
	{"/search", "nav.search", auth.SearchPlacements, 20},
	{"/placements", "nav.placements", auth.ViewPlacements, 30},
	{"/applications", "nav.applications", auth.ViewApplications, 40},
	{"/students", "nav.students", auth.ListStudents, 50},
	{"/organisations", "nav.organisations", auth.ViewOrganisations, 70},
	{"/programmes", "nav.programmes", auth.ViewOrganisations, 80},
	{"/admin/users", "nav.users", auth.ManageUsers, 90},
	{"/admin/audit", "nav.audit", auth.ViewAudit, 95},
}

func (h *Handler) nav(p Page) []NavItem {
	if p.Actor.Anonymous() {
		return nil
	}
	var out []NavItem
	for _, d := range navDefs {
		if auth.Allow(p.Actor, d.action) {
			out = append(out, NavItem{Href: d.href, Label: p.T(d.label), Current: p.Path == d.href || strings.HasPrefix(p.Path, d.href+"/")})
		}
	}
	return out
}

// Form holds submitted values and translated field errors.
type Form struct {
	Values url.Values
	Errors map[string]string
	Error  string // a message for the whole form
	lang   i18n.Lang
}

func newForm(l i18n.Lang, v url.Values) Form {
	if v == nil {
		v = url.Values{}
	}
	return Form{Values: v, Errors: map[string]string{}, lang: l}
}

// setError fills the form's errors from err: field errors of a
// ValidationError, or one message for anything else.
func (f *Form) setError(err error) {
	var ve *domain.ValidationError
	if errorsAs(err, &ve) {
		for _, fe := range ve.Fields {
			if _, dup := f.Errors[fe.Field]; !dup {
				f.Errors[fe.Field] = i18n.T(f.lang, fe.Key, fe.Args...)
			}
		}
		f.Error = i18n.T(f.lang, "form.has_errors", len(f.Errors))
		return
	}
	key, args := domain.ErrorKey(err)
	f.Error = i18n.T(f.lang, key, args...)
}

// Get returns a submitted value.
func (f Form) Get(name string) string { return f.Values.Get(name) }

// Err returns the translated error of a field.
func (f Form) Err(name string) string { return f.Errors[name] }

// Has reports whether a multi-value field holds v.
func (f Form) Has(name, v string) bool {
	for _, x := range f.Values[name] {
		if x == v {
			return true
		}
	}
	return false
}

// ErrorList returns the field errors in a stable order for the summary.
func (f Form) ErrorList() []FieldMessage {
	var out []FieldMessage
	for _, k := range sortedKeys(f.Errors) {
		out = append(out, FieldMessage{Field: k, Message: f.Errors[k]})
	}
	return out
}

// FieldMessage is a field name with its error message.
type FieldMessage struct{ Field, Message string }

// Field describes one form control for the shared input templates.
type Field struct {
	Name, Label, Value, Error, Type, Hint, Autocomplete, Min, Max, Step, Placeholder string
	Required, Multiple                                                               bool
	Options                                                                          []Option
}

// Option is a choice of a select, radio or checkbox group.
type Option struct {
	Value, Label string
	Selected     bool
}

// FormPage is a page with a form.
type FormPage struct {
	Page
	Form Form
}

// Field builds a control: .Field "title" "placement.title" "required" "type=date" "hint=key".
func (p FormPage) Field(name, labelKey string, opts ...string) Field {
	f := Field{Name: name, Label: p.T(labelKey), Value: p.Form.Get(name), Error: p.Form.Err(name), Type: "text"}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			f.Required = true
		case "multiple":
			f.Multiple = true
		case "type":
			f.Type = v
		case "hint":
			f.Hint = p.T(v)
		case "autocomplete":
			f.Autocomplete = v
		case "min":
			f.Min = v
		case "max":
			f.Max = v
		case "step":
			f.Step = v
		case "placeholder":
			f.Placeholder = v
		}
	}
	return f
}

// Choice builds a select or checkbox group from options (value:labelKey
// pairs already translated by the caller via Options helpers).
func (p FormPage) Choice(name, labelKey string, options []Option, opts ...string) Field {
	f := p.Field(name, labelKey, opts...)
	f.Options = make([]Option, len(options))
	for i, o := range options {
		o.Selected = p.Form.Has(name, o.Value)
		f.Options[i] = o
	}
	return f
}

// EnumOptions translates values of an enumeration into options.
func (p Page) EnumOptions(group string, values ...string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: p.T(group + "." + v)}
	}
	return out
}

// Pager describes the pages of a list.
type Pager struct {
	Page, Pages, Total int
	Prev, Next         string
}

const pageSize = 25

// pageOf reads ?page= and returns the store page.
func pageOf(r *http.Request) (store.Page, int) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 {
		n = 1
	}
	if n > 10000 {
		n = 10000
	}
	return store.Page{Limit: pageSize, Offset: (n - 1) * pageSize}, n
}

func pager(r *http.Request, n, total int) Pager {
	pages := (total + pageSize - 1) / pageSize
	pg := Pager{Page: n, Pages: pages, Total: total}
	link := func(k int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(k))
		return r.URL.Path + "?" + q.Encode()
	}
	if n > 1 {
		pg.Prev = link(n - 1)
	}
	if n < pages {
		pg.Next = link(n + 1)
	}
	return pg
}
