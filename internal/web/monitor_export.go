package web

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"talentloket/internal/i18n"
	"talentloket/internal/regionmonitor"
)

// Exports of the monitor's tables. CSV opens in Dutch Excel: UTF-8 with a
// byte-order mark, ";" between fields, a decimal comma and no thousands
// separator; text that Excel would run as a formula (= + - @) is
// neutralised with a leading apostrophe. XLSX has one sheet per table with
// typed numbers and an information sheet naming the sources.

// exportMeta heads every export: what it is, for what, and from where.
type exportMeta struct {
	Title, Area, Filters string
	At                   time.Time
	Sources              []string
	Demo                 bool
}

// safeText neutralises text a spreadsheet would evaluate.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvCell returns a cell as a CSV field.
func (m monitorText) csvCell(c regionmonitor.Cell) string {
	switch c.Kind {
	case regionmonitor.CellCount:
		n := c.Num
		switch {
		case !n.OK:
			return ""
		case n.Hidden == regionmonitor.HiddenSmall:
			return "<5"
		case n.Hidden != "":
			return "x"
		case n.Lower == n.Upper:
			return fmt.Sprint(n.Lower)
		}
		return fmt.Sprintf("%d tot %d", n.Lower, n.Upper)
	case regionmonitor.CellPct:
		p := c.Pct
		switch {
		case !p.OK:
			return ""
		case p.Hidden:
			return "x"
		}
		return csvNumber(100*p.Value, 1)
	case regionmonitor.CellNumber:
		if !c.OK {
			return ""
		}
		return csvNumber(c.Value, c.Decimals)
	}
	return safeText(m.Cell(c))
}

// colTitle is a column's title; percentage columns say so.
func (m monitorText) colTitle(t *regionmonitor.Table, i int) string {
	s := m.Col(t.Columns[i])
	for _, row := range t.Rows {
		if i < len(row) && row[i].Kind == regionmonitor.CellPct {
			return s + " (%)"
		}
	}
	return s
}

// intervalCols returns which columns hold intervals, exported as three
// columns (value, lower, upper).
func intervalCols(t *regionmonitor.Table) []bool {
	out := make([]bool, len(t.Columns))
	for _, row := range t.Rows {
		for i, c := range row {
			if i < len(out) && c.Kind == regionmonitor.CellNumber && c.OK && c.Upper > c.Lower {
				out[i] = true
			}
		}
	}
	return out
}

// writeCSV writes one table with the meta block above it.
func (m monitorText) writeCSV(w io.Writer, meta exportMeta, t *regionmonitor.Table, notes []string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	rows := [][]string{{safeText(meta.Title)}, {m.t("monitor.export.area"), safeText(meta.Area)}, {m.t("monitor.export.table"), m.t(t.TitleKey)},
		{m.t("monitor.export.filters"), safeText(meta.Filters)}, {m.t("monitor.export.made"), i18n.DateTime(meta.At)}}
	for _, s := range meta.Sources {
		rows = append(rows, []string{m.t("monitor.export.source"), safeText(s)})
	}
	if meta.Demo {
		rows = append(rows, []string{m.t("monitor.demo_banner")})
	}
	rows = append(rows, nil)
	ivs := intervalCols(t)
	var header []string
	for i := range t.Columns {
		header = append(header, m.colTitle(t, i))
		if ivs[i] {
			header = append(header, m.t("monitor.export.lower"), m.t("monitor.export.upper"))
		}
	}
	rows = append(rows, header)
	for _, row := range t.Rows {
		var rec []string
		for i, c := range row {
			rec = append(rec, m.csvCell(c))
			if i < len(ivs) && ivs[i] {
				if c.Kind == regionmonitor.CellNumber && c.OK && c.Upper > c.Lower {
					rec = append(rec, csvNumber(c.Lower, c.Decimals), csvNumber(c.Upper, c.Decimals))
				} else {
					rec = append(rec, "", "")
				}
			}
		}
		rows = append(rows, rec)
	}
	if len(notes) > 0 {
		rows = append(rows, nil)
		for _, n := range notes {
			rows = append(rows, []string{safeText(n)})
		}
	}
	for _, r := range rows {
		if r == nil {
			r = []string{""}
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeXLSX writes the tables as sheets of one workbook.
func (m monitorText) writeXLSX(w io.Writer, meta exportMeta, tables []*regionmonitor.Table, notes map[string][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	info := m.t("monitor.export.info_sheet")
	if err := f.SetSheetName("Sheet1", info); err != nil {
		return err
	}
	infoRows := [][]any{{meta.Title}, {m.t("monitor.export.area"), meta.Area}, {m.t("monitor.export.filters"), meta.Filters},
		{m.t("monitor.export.made"), i18n.DateTime(meta.At)}}
	for _, s := range meta.Sources {
		infoRows = append(infoRows, []any{m.t("monitor.export.source"), s})
	}
	if meta.Demo {
		infoRows = append(infoRows, []any{m.t("monitor.demo_banner")})
	}
	for i, r := range infoRows {
		if err := f.SetSheetRow(info, cellName(1, i+1), &r); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(info, "A1", "A1", bold)
	_ = f.SetColWidth(info, "A", "A", 22)
	_ = f.SetColWidth(info, "B", "B", 90)
	used := map[string]bool{info: true}
	for _, t := range tables {
		name := sheetName(m.t(t.TitleKey), used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		ivs := intervalCols(t)
		var header []any
		for i := range t.Columns {
			header = append(header, m.colTitle(t, i))
			if ivs[i] {
				header = append(header, m.t("monitor.export.lower"), m.t("monitor.export.upper"))
			}
		}
		if err := f.SetSheetRow(name, "A1", &header); err != nil {
			return err
		}
		_ = f.SetCellStyle(name, "A1", cellName(len(header), 1), bold)
		for r, row := range t.Rows {
			col := 1
			for i, c := range row {
				ref := cellName(col, r+2)
				if err := m.xlsxCell(f, name, ref, c, pctStyle); err != nil {
					return err
				}
				col++
				if i < len(ivs) && ivs[i] {
					if c.Kind == regionmonitor.CellNumber && c.OK && c.Upper > c.Lower {
						_ = f.SetCellValue(name, cellName(col, r+2), c.Lower)
						_ = f.SetCellValue(name, cellName(col+1, r+2), c.Upper)
					}
					col += 2
				}
			}
		}
		line := len(t.Rows) + 3
		for _, n := range notes[t.ID] {
			_ = f.SetCellValue(name, cellName(1, line), n)
			line++
		}
		_ = f.SetColWidth(name, "A", "A", 38)
		_ = f.SetColWidth(name, "B", "Z", 14)
	}
	return f.Write(w)
}

// xlsxCell writes a cell with its type: counts and numbers as numbers,
// percentages as fractions in a percent format, the rest as text.
func (m monitorText) xlsxCell(f *excelize.File, sheet, ref string, c regionmonitor.Cell, pctStyle int) error {
	switch c.Kind {
	case regionmonitor.CellCount:
		if c.Num.OK && c.Num.Hidden == "" && c.Num.Lower == c.Num.Upper {
			return f.SetCellValue(sheet, ref, c.Num.Lower)
		}
		return f.SetCellValue(sheet, ref, m.csvCell(c))
	case regionmonitor.CellPct:
		if c.Pct.OK && !c.Pct.Hidden {
			if err := f.SetCellValue(sheet, ref, c.Pct.Value); err != nil {
				return err
			}
			return f.SetCellStyle(sheet, ref, ref, pctStyle)
		}
		return f.SetCellValue(sheet, ref, m.csvCell(c))
	case regionmonitor.CellNumber:
		if c.OK {
			return f.SetCellValue(sheet, ref, c.Value)
		}
		return nil
	}
	return f.SetCellValue(sheet, ref, m.Cell(c))
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// sheetName returns a valid, unused sheet name (at most 31 characters,
// none of []:*?/\).
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 28 {
		s = string(r[:28])
	}
	name := s
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s %d", s, i)
	}
	used[name] = true
	return name
}
