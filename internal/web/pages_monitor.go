package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"talentloket/internal/auth"
	"talentloket/internal/dataimport"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/opendata"
	"talentloket/internal/regionmonitor"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// The regional monitor's pages: the dashboard, the comparison of regions,
// exports, the import of open-data files with its progress and history,
// and the targets coordinators set.

// uploadLimit is the largest request the upload page accepts.
const uploadLimit = 32 << 20

func init() {
	routeSets = append(routeSets, func(h *Handler) []request.Route {
		upload := pageRoute("POST", "/monitor/import", auth.ImportMonitor, h.monitorUpload)
		upload.MaxBody = uploadLimit
		return []request.Route{
			pageRoute("GET", "/monitor", auth.ViewMonitor, h.monitorDashboard),
			pageRoute("GET", "/monitor/compare", auth.ViewMonitor, h.monitorCompare),
			pageRoute("GET", "/monitor/export", auth.ExportMonitor, h.monitorExport),
			pageRoute("GET", "/monitor/imports", auth.ViewMonitor, h.monitorImports),
			pageRoute("GET", "/monitor/imports/{id}", auth.ViewMonitor, h.monitorImport),
			pageRoute("GET", "/monitor/import", auth.ImportMonitor, h.monitorUploadForm),
			upload,
			pageRoute("GET", "/monitor/targets", auth.SetMonitorGoal, h.monitorTargets),
			pageRoute("POST", "/monitor/targets", auth.SetMonitorGoal, h.monitorSaveTargets),
		}
	})
	addNav("/monitor", "nav.monitor", auth.ViewMonitor, 60)
}

// monitorScripts are the static scripts of the pages with charts (no
// inline script: the CSP forbids it).
func (h *Handler) monitorScripts() []string {
	return []string{h.Asset("echarts.min.js"), h.Asset("monitor" + ".js")}
}

func options(list []regionmonitor.Option) []Option {
	out := make([]Option, len(list))
	for i, o := range list {
		out[i] = Option{Value: o.Value, Label: o.Label}
	}
	return out
}

func yearOptions(years []int) []Option {
	out := make([]Option, len(years))
	for i, y := range years {
		out[i] = Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)}
	}
	return out
}

// MonitorView is the dashboard.
type MonitorView struct {
	FormPage
	monitorText
	D       *regionmonitor.Dashboard
	Scripts []string
	Query   string
}

// Options of the filter form.
func (v MonitorView) AreaOptions() []Option { return options(v.D.Areas) }

// StageOptions are the stages in the data, named in the page's language.
func (v MonitorView) StageOptions() []Option {
	out := options(v.D.Stages)
	for i := range out {
		if label := v.T("mstage." + out[i].Value); label != "mstage."+out[i].Value {
			out[i].Label = label
		}
	}
	return out
}

// SectorOptions and the others below are the filter form's choices.
func (v MonitorView) SectorOptions() []Option  { return options(v.D.Sectors) }
func (v MonitorView) DomainOptions() []Option  { return options(v.D.Domains) }
func (v MonitorView) SchoolOptions() []Option  { return options(v.D.Schools) }
func (v MonitorView) QualOptions() []Option    { return options(v.D.Quals) }
func (v MonitorView) LevelOptions() []Option   { return options(v.D.Levels) }
func (v MonitorView) PathwayOptions() []Option { return options(v.D.Pathways) }
func (v MonitorView) YearOptions() []Option    { return yearOptions(v.D.Years) }

// ExportURL returns the link that exports a table (all tables for "") in
// a format, for the current filters.
func (v MonitorView) ExportURL(format, table string) string {
	q, _ := url.ParseQuery(v.Query)
	q.Set("format", format)
	if table != "" {
		q.Set("table", table)
	}
	return "/monitor/export?" + q.Encode()
}

// SourceImports links the imports a source came from.
func (v MonitorView) SourceImports(s regionmonitor.Source) []int64 { return s.Imports }

// IsDemo reports whether a dataset is the demo's.
func (v MonitorView) IsDemo(dataset string) bool { return regionmonitor.IsDemoDataset(dataset) }

// formValues returns the filters as form values, defaults included, so
// that the form shows what the page shows.
func formValues(f regionmonitor.Filters) url.Values {
	v := f.Values()
	v.Set("area", f.Area)
	v.Set("stage", f.Stage)
	v.Set("sector", f.Sector)
	return v
}

func (h *Handler) monitorDashboard(w http.ResponseWriter, r *http.Request) {
	f, ferr := regionmonitor.ParseFilters(r.URL.Query())
	d, err := h.app.Monitor.Dashboard(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "monitor.title")
	p.Title = p.T("monitor.title_area", d.AreaName)
	p.Flash = h.takeFlash(w, r)
	form := newForm(p.Lang, formValues(d.Filters))
	if ferr != nil {
		form.setError(ferr)
	}
	h.render(w, r, http.StatusOK, "monitor.html", MonitorView{FormPage: FormPage{Page: p, Form: form}, monitorText: monitorText{p.Lang},
		D: d, Scripts: h.monitorScripts(), Query: d.Filters.Query()})
}

// CompareView is the comparison of regions.
type CompareView struct {
	FormPage
	monitorText
	C       *regionmonitor.Comparison
	Scripts []string
}

// Options of the comparison form.
func (v CompareView) StageOptions() []Option { return v.translated("mstage", v.C.Stages) }
func (v CompareView) KindOptions() []Option  { return v.translated("mkind", v.C.Kinds) }

// translated labels options by an enumeration of the catalogue.
func (v CompareView) translated(group string, list []regionmonitor.Option) []Option {
	out := options(list)
	for i := range out {
		if label := v.T(group + "." + out[i].Value); label != group+"."+out[i].Value {
			out[i].Label = label
		}
	}
	return out
}
func (v CompareView) YearOptions() []Option { return yearOptions(v.C.Years) }

func (h *Handler) monitorCompare(w http.ResponseWriter, r *http.Request) {
	f, ferr := regionmonitor.ParseCompare(r.URL.Query())
	c, err := h.app.Monitor.Compare(r.Context(), f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "monitor.compare_title")
	v := url.Values{}
	v.Set("stage", c.Filters.Stage)
	v.Set("kind", c.Filters.Kind)
	v.Set("sector", c.Filters.Sector)
	if c.Filters.Before != 0 {
		v.Set("before", strconv.Itoa(c.Filters.Before))
		v.Set("after", strconv.Itoa(c.Filters.After))
	}
	form := newForm(p.Lang, v)
	if ferr != nil {
		form.setError(ferr)
	}
	h.render(w, r, http.StatusOK, "monitor_compare.html", CompareView{FormPage: FormPage{Page: p, Form: form}, monitorText: monitorText{p.Lang},
		C: c, Scripts: h.monitorScripts()})
}

func (h *Handler) monitorExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format, table := q.Get("format"), q.Get("table")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" {
		h.Fail(w, r, domain.Errorf(domain.CodeNotFound, "error.page_not_found"))
		return
	}
	if format == "csv" && table == "" {
		table = "enrolment"
	}
	f, _ := regionmonitor.ParseFilters(q)
	d, err := h.app.Monitor.Export(r.Context(), f, table, format)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	m := monitorText{request.Lang(r.Context())}
	meta := exportMeta{Title: m.t("monitor.title_area", d.AreaName), Area: d.AreaName, Filters: d.Filters.Query(), At: h.app.Now(), Demo: d.Demo}
	if meta.Filters == "" {
		meta.Filters = m.t("monitor.export.no_filters")
	}
	seen := map[string]bool{}
	for _, s := range d.Sources {
		if !seen[s.Dataset] {
			seen[s.Dataset] = true
			meta.Sources = append(meta.Sources, s.Dataset)
		}
	}
	notesOf := func(id string) []string {
		var out []string
		for _, s := range d.Sections {
			if (s.Table != nil && s.Table.ID == id) || (len(s.Extra) > 0 && s.Extra[0].ID == id) {
				for _, n := range s.Notes {
					out = append(out, m.Note(n))
				}
			}
		}
		return out
	}
	var buf bytes.Buffer
	name := fmt.Sprintf("regiomonitor-%s-%s", d.Region.Slug, table)
	switch format {
	case "csv":
		err = m.writeCSV(&buf, meta, d.Table(table), notesOf(table))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		name += ".csv"
	default:
		tables := d.Tables()
		if table != "all" && table != "" {
			tables = []*regionmonitor.Table{d.Table(table)}
		} else {
			name = fmt.Sprintf("regiomonitor-%s", d.Region.Slug)
		}
		notes := map[string][]string{}
		for _, t := range tables {
			notes[t.ID] = notesOf(t.ID)
		}
		err = m.writeXLSX(&buf, meta, tables, notes)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = buf.WriteTo(w)
}

// ImportsView is the import history.
type ImportsView struct {
	Page
	Items []domain.MonitorImport
	Pager Pager
}

// Running reports whether an import is still running.
func (v ImportsView) Running(m domain.MonitorImport) bool { return m.Status == domain.ImportRunning }

// Years formats an import's years.
func (v ImportsView) Years(m domain.MonitorImport) string { return yearsText(m.Years) }

func yearsText(ys []int) string {
	switch len(ys) {
	case 0:
		return "–"
	case 1:
		return strconv.Itoa(ys[0])
	}
	return strconv.Itoa(ys[0]) + "–" + strconv.Itoa(ys[len(ys)-1])
}

func (h *Handler) monitorImports(w http.ResponseWriter, r *http.Request) {
	pg, n := pageOf(r)
	list, total, err := h.app.Imports.List(r.Context(), pg)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "monitor.imports_title")
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "monitor_imports.html", ImportsView{Page: p, Items: list, Pager: pager(r, n, total)})
}

// ImportView is one import: its progress while it runs, what it stored,
// its problems, and (coordinators) its facts line by line.
type ImportView struct {
	FormPage
	monitorText
	dataimport.Detail
	Pager   Pager
	Scripts []string
}

// Running reports whether the import is still running.
func (v ImportView) Running() bool { return v.Import.Status == domain.ImportRunning }

// Years formats the import's years.
func (v ImportView) Years() string { return yearsText(v.Import.Years) }

// Percent is the progress of the storing phase.
func (v ImportView) Percent() int {
	if v.Progress == nil || v.Progress.Total == 0 {
		return 0
	}
	return 100 * v.Progress.Done / v.Progress.Total
}

// Problem translates a problem of a rejected file.
func (v ImportView) Problem(p domain.ImportProblem) string {
	var args []any
	switch opendata.Code(p.Code) {
	case opendata.CodeNotANumber, opendata.CodeNotWhole, opendata.CodeNegative, opendata.CodeBadEncoding:
		args = []any{p.Value}
	case opendata.CodeOutOfRange, opendata.CodeBadFormat, opendata.CodeUnknownValue, opendata.CodeDuplicate, opendata.CodeFieldCount:
		args = []any{p.Value, p.Expected}
	case opendata.CodeTooLarge, opendata.CodeMissingColumn:
		args = []any{p.Expected}
	}
	msg := v.t("opendata.problem."+p.Code, args...)
	switch {
	case p.Line > 0 && p.Column != "":
		return v.t("monitor.problem_at", strconv.Itoa(p.Line), p.Column, msg)
	case p.Line > 0:
		return v.t("monitor.problem_line", strconv.Itoa(p.Line), msg)
	}
	return msg
}

// FactCount formats a traced fact's count.
func (v ImportView) FactCount(f domain.MonitorFact) string {
	if f.Suppressed {
		return "<5"
	}
	return strconv.FormatInt(f.Count, 10)
}

func (h *Handler) monitorImport(w http.ResponseWriter, r *http.Request) {
	id, ok := h.idParam(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	pg, n := pageOf(r)
	year, _ := strconv.Atoi(q.Get("year"))
	trace := &store.FactFilter{Year: year, School: strings.ToUpper(strings.TrimSpace(q.Get("school"))),
		Qualification: strings.TrimSpace(q.Get("qualification")), Kind: strings.TrimSpace(q.Get("kind")), Page: pg}
	d, err := h.app.Imports.Get(r.Context(), id, trace)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	p := h.page(r, "monitor.import_title")
	p.Title = p.T("monitor.import_title_file", d.Import.FileName)
	p.Flash = h.takeFlash(w, r)
	h.render(w, r, http.StatusOK, "monitor_import.html", ImportView{FormPage: FormPage{Page: p, Form: newForm(p.Lang, q)},
		monitorText: monitorText{p.Lang}, Detail: d, Pager: pager(r, n, d.Total), Scripts: []string{h.Asset("monitor" + ".js")}})
}

// UploadView is the upload form.
type UploadView struct {
	FormPage
	Max int
}

func (h *Handler) monitorUploadForm(w http.ResponseWriter, r *http.Request) {
	h.renderUpload(w, r, http.StatusOK, newForm(request.Lang(r.Context()), nil))
}

func (h *Handler) renderUpload(w http.ResponseWriter, r *http.Request, status int, f Form) {
	p := h.page(r, "monitor.upload_title")
	f.lang = p.Lang
	h.render(w, r, status, "monitor_upload.html", UploadView{FormPage: FormPage{Page: p, Form: f}, Max: uploadLimit >> 20})
}

func (h *Handler) monitorUpload(w http.ResponseWriter, r *http.Request) {
	fail := func(err error, v url.Values) {
		h.retry(w, r, v, err, func(status int, f Form) { h.renderUpload(w, r, status, f) })
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(&domain.ValidationError{Fields: []domain.FieldError{{Field: "file", Key: "invalid.monitor_file_large"}}}, nil)
			return
		}
		fail(&domain.ValidationError{Fields: []domain.FieldError{{Field: "file", Key: "invalid.monitor_file_empty"}}}, nil)
		return
	}
	defer r.MultipartForm.RemoveAll()
	v := url.Values(r.MultipartForm.Value)
	fr := &formReader{v: v}
	year := fr.int("year", "invalid.year")
	stage := fr.str("stage")
	file, hdr, err := r.FormFile("file")
	if err != nil {
		fr.errs.Add("file", "invalid.monitor_file_empty")
		fail(&fr.errs, v)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, dataimport.MaxFileSize+1))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if err := fr.errs.Err(); err != nil {
		fail(err, v)
		return
	}
	imp, dup, err := h.app.Imports.Start(r.Context(), dataimport.File{Name: hdr.Filename, Data: data, Year: year, Stage: stage})
	if err != nil {
		fail(err, v)
		return
	}
	flash := "flash.monitor_import_started"
	if dup {
		flash = "flash.monitor_import_duplicate"
	}
	h.redirect(w, r, fmt.Sprintf("/monitor/imports/%d", imp.ID), flash)
}

// TargetsView is the form of the region's targets.
type TargetsView struct {
	FormPage
	Target regionmonitor.TargetForm
}

// SchoolOptions and AreaOptions are the form's choices.
func (v TargetsView) SchoolOptions() []Option { return options(v.Target.Schools) }
func (v TargetsView) AreaOptions() []Option   { return options(v.Target.Areas) }

// Rows are the target's school rows plus empty ones to fill in.
func (v TargetsView) Rows() []int { return []int{0, 1, 2, 3, 4, 5} }

// SchoolField is the school of row i.
func (v TargetsView) SchoolField(i int) Field {
	return v.Choice(fmt.Sprintf("school_%d", i), "monitor.target.school", v.SchoolOptions())
}

// BaseField is the baseline weight of school row i.
func (v TargetsView) BaseField(i int) Field {
	return v.Field(fmt.Sprintf("base_%d", i), "monitor.target.baseline_weight", "type=number", "min=0", "step=any")
}

// WeightField is the target weight of school row i.
func (v TargetsView) WeightField(i int) Field {
	return v.Field(fmt.Sprintf("weight_%d", i), "monitor.target.weight", "type=number", "min=0", "step=any")
}

func targetValues(t domain.MonitorTarget, lang i18n.Lang) url.Values {
	v := url.Values{}
	num := func(k string, f float64) {
		if f != 0 {
			s := strconv.FormatFloat(f, 'f', -1, 64)
			if lang == i18n.NL {
				s = strings.Replace(s, ".", ",", 1)
			}
			v.Set(k, s)
		}
	}
	intv := func(k string, n int) {
		if n != 0 {
			v.Set(k, strconv.Itoa(n))
		}
	}
	v.Set("stage", t.Stage)
	v.Set("kind", t.Kind)
	intv("baseline_year", t.BaselineYear)
	intv("target_year", t.TargetYear)
	num("total", t.Total)
	num("growth_factor", t.GrowthFactor)
	for i, s := range t.Schools {
		v.Set(fmt.Sprintf("school_%d", i), s.School)
		num(fmt.Sprintf("base_%d", i), s.BaselineWeight)
		num(fmt.Sprintf("weight_%d", i), s.Weight)
	}
	num("demand", t.Demand)
	num("demand_low", t.DemandLow)
	num("demand_high", t.DemandHigh)
	intv("demand_from", t.DemandFrom)
	intv("demand_to", t.DemandTo)
	v.Set("demand_note", t.DemandNote)
	for _, a := range t.NetworkAreas {
		v.Add("network_areas", a)
	}
	return v
}

func (h *Handler) monitorTargets(w http.ResponseWriter, r *http.Request) {
	tf, err := h.app.Monitor.Target(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	lang := request.Lang(r.Context())
	h.renderTargets(w, r, http.StatusOK, tf, newForm(lang, targetValues(tf.Target, lang)))
}

func (h *Handler) renderTargets(w http.ResponseWriter, r *http.Request, status int, tf regionmonitor.TargetForm, f Form) {
	p := h.page(r, "monitor.targets_title")
	f.lang = p.Lang
	h.render(w, r, status, "monitor_targets.html", TargetsView{FormPage: FormPage{Page: p, Form: f}, Target: tf})
}

func (h *Handler) monitorSaveTargets(w http.ResponseWriter, r *http.Request) {
	v, ok := h.form(w, r)
	if !ok {
		return
	}
	fr := &formReader{v: v}
	num := func(name string) float64 {
		s := strings.ReplaceAll(fr.str(name), ",", ".")
		if s == "" {
			return 0
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			fr.errs.Add(name, "invalid.number")
		}
		return f
	}
	t := domain.MonitorTarget{Stage: fr.str("stage"), Kind: fr.str("kind"), BaselineYear: fr.int("baseline_year", "invalid.year"),
		TargetYear: fr.int("target_year", "invalid.year"), Total: num("total"), GrowthFactor: num("growth_factor"),
		Demand: num("demand"), DemandLow: num("demand_low"), DemandHigh: num("demand_high"),
		DemandFrom: fr.int("demand_from", "invalid.year"), DemandTo: fr.int("demand_to", "invalid.year"),
		DemandNote: fr.str("demand_note"), NetworkAreas: fr.list("network_areas")}
	for i := range 6 {
		school := fr.str(fmt.Sprintf("school_%d", i))
		if school == "" {
			continue
		}
		t.Schools = append(t.Schools, domain.TargetSchool{School: school, BaselineWeight: num(fmt.Sprintf("base_%d", i)),
			Weight: num(fmt.Sprintf("weight_%d", i))})
	}
	err := fr.errs.Err()
	if err == nil {
		err = h.app.Monitor.SetTarget(r.Context(), t)
	}
	if err != nil {
		h.retry(w, r, v, err, func(status int, f Form) {
			tf, terr := h.app.Monitor.Target(r.Context())
			if terr != nil {
				h.Fail(w, r, terr)
				return
			}
			h.renderTargets(w, r, status, tf, f)
		})
		return
	}
	h.redirect(w, r, "/monitor#spread", "flash.monitor_targets_saved")
}
