package service

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
	"talentloket/internal/i18n"
	"talentloket/internal/request"
)

// Exports of the desk's figures for the network's report: a CSV of one row
// per question (for Dutch Excel: ";" separated, UTF-8 with a byte order
// mark) and an XLSX workbook with the summary tables and the same rows.
// Neither holds personal data: no titles, texts, names of people or of the
// asking companies; partners are organisations.

// Neutralise makes a cell safe to open in a spreadsheet: text that starts
// with =, +, -, @, a tab or a carriage return would be read as a formula,
// so it gets a leading apostrophe.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportRow is one question in the export.
type exportRow struct {
	id                                   int64
	filed                                time.Time
	kind, sector, field, status, outcome string
	answered                             bool
	response, lead                       float64 // working hours; -1 when not (yet) measured
	partner                              string
}

func (v FiguresView) exportRows(cal desk.Calendar) []exportRow {
	out := make([]exportRow, 0, len(v.Rows))
	for _, q := range v.Rows {
		e := exportRow{id: q.ID, filed: q.CreatedAt, kind: string(q.Kind), sector: q.Sector, field: q.Field, status: string(q.Status),
			outcome: string(q.Outcome), answered: !q.AnsweredAt.IsZero(), response: -1, lead: -1, partner: v.PartnerNames[q.PartnerID]}
		if q.PartnerID != 0 && e.partner == "" {
			e.partner = q.PartnerName
		}
		if sp, ok := cal.ResponseTime(q); ok {
			e.response = sp.Working.Hours()
		}
		if sp, ok := cal.LeadTime(q); ok {
			e.lead = sp.Working.Hours()
		}
		out = append(out, e)
	}
	return out
}

func enum(l i18n.Lang, group, v string) string {
	if v == "" {
		return ""
	}
	return i18n.T(l, group+"."+v)
}

func (s *Service) exportHeader(l i18n.Lang) []string {
	keys := []string{"desk.export.id", "desk.export.filed", "desk.export.month", "desk.export.kind", "desk.export.sector",
		"desk.export.field", "desk.export.status", "desk.export.outcome", "desk.export.answered", "desk.export.response_hours",
		"desk.export.lead_hours", "desk.export.partner"}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = i18n.T(l, k)
	}
	return out
}

func yesNo(l i18n.Lang, b bool) string {
	if b {
		return i18n.T(l, "desk.export.yes")
	}
	return i18n.T(l, "desk.export.no")
}

// WriteCSV writes the figures' questions as CSV for Dutch Excel in the
// request's language and records the export in the audit trail. It
// returns ErrForbidden like Figures and the writer's error.
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, from, to time.Time) error {
	v, err := s.Figures(ctx, from, to)
	if err != nil {
		return err
	}
	l := request.Lang(ctx)
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	if err := cw.Write(s.exportHeader(l)); err != nil {
		return err
	}
	hours := func(h float64) string {
		if h < 0 {
			return ""
		}
		return i18n.Number(l, h, 1)
	}
	for _, e := range v.exportRows(s.cal) {
		rec := []string{strconv.FormatInt(e.id, 10), i18n.Date(e.filed.In(s.cal.Location)), e.filed.In(s.cal.Location).Format("2006-01"),
			enum(l, "qkind", e.kind), enum(l, "qsector", e.sector), e.field, enum(l, "qstatus", e.status), enum(l, "qoutcome", e.outcome),
			yesNo(l, e.answered), hours(e.response), hours(e.lead), e.partner}
		for i := range rec {
			rec[i] = Neutralise(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	request.Audit(ctx, s.db, domain.AuditExport, "desk:figures.csv", fmt.Sprintf("%d questions", len(v.Rows)))
	return nil
}

// WriteXLSX writes the figures as an XLSX workbook: a summary, the counts
// per kind, month, sector and status, the partners, and one row per
// question. Text cells are neutralised like the CSV's. It records the
// export in the audit trail and returns ErrForbidden like Figures, or the
// error of building or writing the workbook.
func (s *Service) WriteXLSX(ctx context.Context, w io.Writer, from, to time.Time) error {
	v, err := s.Figures(ctx, from, to)
	if err != nil {
		return err
	}
	l := request.Lang(ctx)
	x := excelize.NewFile()
	defer x.Close()
	sheet := func(nameKey string, header []string, rows [][]any) error {
		name := i18n.T(l, nameKey)
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(name)
		if err != nil {
			return err
		}
		cells := make([]any, len(header))
		for i, h := range header {
			cells[i] = Neutralise(h)
		}
		if err := sw.SetRow("A1", cells); err != nil {
			return err
		}
		for i, r := range rows {
			for j, c := range r {
				if s, ok := c.(string); ok {
					r[j] = Neutralise(s)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, r); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	t := func(k string) string { return i18n.T(l, k) }
	hours := func(d time.Duration) any { return roundHours(d) }
	summary := [][]any{
		{t("desk.figures.questions"), v.Questions},
		{t("desk.figures.answered"), v.Answered},
		{t("desk.figures.share_answered"), round1(100 * v.ShareAnswered)},
		{t("desk.figures.median_response"), hours(v.Response.MedianWorking)},
		{t("desk.figures.median_lead"), hours(v.Lead.MedianWorking)},
		{t("desk.figures.period_from"), i18n.Date(v.From)},
		{t("desk.figures.period_to"), i18n.Date(v.To.Add(-time.Nanosecond))},
	}
	counts := func(group string, cs []desk.Count) [][]any {
		out := make([][]any, 0, len(cs))
		for _, c := range cs {
			label := c.Key
			if group != "" {
				label = enum(l, group, c.Key)
			}
			if c.Key == "" {
				label = t("desk.figures.none")
			}
			out = append(out, []any{label, c.N})
		}
		return out
	}
	var partners [][]any
	for _, p := range v.Partners {
		partners = append(partners, []any{v.PartnerNames[p.PartnerID], p.Routed, p.Answered, p.Declined})
	}
	var rows [][]any
	for _, e := range v.exportRows(s.cal) {
		r := []any{e.id, i18n.Date(e.filed.In(s.cal.Location)), e.filed.In(s.cal.Location).Format("2006-01"), enum(l, "qkind", e.kind),
			enum(l, "qsector", e.sector), e.field, enum(l, "qstatus", e.status), enum(l, "qoutcome", e.outcome), yesNo(l, e.answered), "", "", e.partner}
		if e.response >= 0 {
			r[9] = round1(e.response)
		}
		if e.lead >= 0 {
			r[10] = round1(e.lead)
		}
		rows = append(rows, r)
	}
	cat, num := t("desk.figures.category"), t("desk.figures.count")
	for _, sh := range []struct {
		key    string
		header []string
		rows   [][]any
	}{
		{"desk.xlsx.summary", []string{cat, t("desk.figures.value")}, summary},
		{"desk.xlsx.kinds", []string{cat, num}, counts("qkind", v.PerKind)},
		{"desk.xlsx.months", []string{cat, num}, counts("", v.PerMonth)},
		{"desk.xlsx.sectors", []string{cat, num}, counts("qsector", v.PerSector)},
		{"desk.xlsx.statuses", []string{cat, num}, counts("qstatus", v.PerStatus)},
		{"desk.xlsx.partners", []string{t("desk.figures.partner"), t("desk.figures.routed"), t("desk.figures.answered_col"), t("desk.figures.declined")}, partners},
		{"desk.xlsx.questions", s.exportHeader(l), rows},
	} {
		if err := sheet(sh.key, sh.header, sh.rows); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := x.DeleteSheet("Sheet1"); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	x.SetActiveSheet(0)
	if _, err := x.WriteTo(w); err != nil {
		return err
	}
	request.Audit(ctx, s.db, domain.AuditExport, "desk:figures.xlsx", fmt.Sprintf("%d questions", len(v.Rows)))
	return nil
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

func roundHours(d time.Duration) float64 { return round1(d.Hours()) }
