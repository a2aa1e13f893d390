package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kehoach/generator"
)

// templateRows is how many rows below the headings the drop-down lists
// and the cell formats of the template cover.
const templateRows = 1000

// Fills of the headings: a required column's and an optional one's.
const (
	requiredFill = "#FCE4D6"
	optionalFill = "#EDEDED"
)

// WriteXLSX writes the workbook a clerk fills in for plan: sheet
// DataSheet with the headings (bold, frozen, required ones shaded orange),
// drop-down lists for the type of school, the signing style, the
// salutations and the yes/no column, text cells (so that "05" keeps its
// zero) and date cells; and sheet GuideSheet, which explains each column.
// The schools, if any, fill the rows under the headings.
func WriteXLSX(w io.Writer, plan *generator.Plan, schools []generator.School) error {
	cols := columns(plan)
	recs := make([]*record, len(schools))
	for i, s := range schools {
		recs[i] = recordOf(plan, s)
	}
	b := &book{f: excelize.NewFile()}
	defer b.f.Close()
	b.check(b.f.SetSheetName(b.f.GetSheetName(0), DataSheet))
	b.dataSheet(plan, cols, recs)
	b.guideSheet(plan, cols)
	b.check(b.f.SetDocProps(&excelize.DocProperties{Title: "Danh sách trường", Description: "Danh sách trường dùng với " + planName(plan), Creator: "kehoach", Language: "vi-VN"}))
	b.f.SetActiveSheet(0)
	if b.err != nil {
		return fmt.Errorf("sheet: viết bảng tính: %w", b.err)
	}
	return b.f.Write(w)
}

// book writes a workbook, keeping the first error of the many calls.
type book struct {
	f   *excelize.File
	err error

	text, wrap, date int // cell styles
}

func (b *book) check(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func (b *book) dataSheet(plan *generator.Plan, cols []column, recs []*record) {
	const sheet = DataSheet
	border := []excelize.Border{{Type: "left", Color: "#A6A6A6", Style: 1}, {Type: "right", Color: "#A6A6A6", Style: 1},
		{Type: "top", Color: "#A6A6A6", Style: 1}, {Type: "bottom", Color: "#A6A6A6", Style: 1}}
	heading := func(fill string) int {
		return b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	}
	required, optional := heading(requiredFill), heading(optionalFill)
	dateFormat := "dd/mm/yyyy"
	b.text = b.style(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}}) // 49: text, "@"
	b.wrap = b.style(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.date = b.style(&excelize.Style{CustomNumFmt: &dateFormat, Alignment: &excelize.Alignment{Vertical: "top"}})
	lines := 1
	for i, c := range cols {
		col := columnName(i + 1)
		width := c.width
		for _, r := range recs { // wide enough for what the schools hold
			for _, line := range strings.Split(cellText(c.field(r)), "\n") {
				width = max(width, min(60, float64(utf8.RuneCountInString(line))*1.1+2))
			}
		}
		b.check(b.f.SetColWidth(sheet, col, col, width))
		style := b.text
		if _, isDate := c.field(newRecord(plan)).(*generator.Date); isDate {
			style = b.date
		}
		b.check(b.f.SetColStyle(sheet, col, style))
		b.check(b.f.SetCellStr(sheet, cellName(i+1, 1), c.heading))
		hs := optional
		if c.required {
			hs = required
		}
		b.check(b.f.SetCellStyle(sheet, cellName(i+1, 1), cellName(i+1, 1), hs))
		lines = max(lines, linesFor(c.heading, width))
		if len(c.choices) > 0 {
			b.dropDown(sheet, col, c)
		}
	}
	b.check(b.f.SetRowHeight(sheet, 1, float64(15*lines+6)))
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}))
	for i, r := range recs {
		b.school(i+2, cols, r)
	}
}

// linesFor estimates the lines a wrapped heading takes in a column of
// that width (in characters).
func linesFor(s string, width float64) int {
	n := 0
	for _, part := range strings.Split(s, "\n") {
		n += int(float64(utf8.RuneCountInString(part))*1.3/width) + 1 // bold, and words do not break
	}
	return n
}

// dropDown offers c's choices in its column and refuses anything else,
// saying what to choose.
func (b *book) dropDown(sheet, col string, c column) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateRows+1)
	b.check(dv.SetDropList(c.choices))
	title := c.heading
	if i := strings.LastIndex(title, ": "); i >= 0 {
		title = upperFirst(title[i+2:])
	}
	dv.SetInput(clip(title, 32), clip(c.help, 255))
	dv.SetError(excelize.DataValidationErrorStyleStop, clip(title, 32), clip("Hãy chọn một trong: "+strings.Join(c.choices, "; "), 225))
	b.check(b.f.AddDataValidation(sheet, dv))
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// clip shortens s to n characters, the most Excel shows of a prompt.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// school writes one school in row; a cell with a line break wraps, and
// the row is as tall as its lines.
func (b *book) school(row int, cols []column, rec *record) {
	lines := 1
	for i, c := range cols {
		cell := cellName(i+1, row)
		switch v := c.field(rec).(type) {
		case *generator.Date:
			if !v.IsZero() {
				b.check(b.f.SetCellValue(DataSheet, cell, time.Date(v.Year, time.Month(v.Month), v.Day, 0, 0, 0, 0, time.UTC)))
				b.check(b.f.SetCellStyle(DataSheet, cell, cell, b.date))
			}
		default:
			text := cellText(v)
			if text == "" {
				continue
			}
			b.check(b.f.SetCellStr(DataSheet, cell, text))
			if n := strings.Count(text, "\n") + 1; n > 1 {
				b.check(b.f.SetCellStyle(DataSheet, cell, cell, b.wrap))
				lines = max(lines, n)
			}
		}
	}
	if lines > 1 {
		b.check(b.f.SetRowHeight(DataSheet, row, float64(15*lines)))
	}
}

// cellText is a field's value as a cell shows it: a date as 2025-03-05,
// which Excel and Load read alike, a yes/no as Có or Không.
func cellText(field any) string {
	switch v := field.(type) {
	case *string:
		return *v
	case *bool:
		if *v {
			return yes
		}
		return no
	case *generator.Date:
		if v.IsZero() {
			return ""
		}
		return fmt.Sprintf("%04d-%02d-%02d", v.Year, v.Month, v.Day)
	}
	return ""
}

func (b *book) guideSheet(plan *generator.Plan, cols []column) {
	const sheet = GuideSheet
	_, err := b.f.NewSheet(sheet)
	b.check(err)
	title := b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	wrap := b.style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	head := b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	widths := []float64{7, 34, 11, 70, 30}
	for i, wd := range widths {
		col := columnName(i + 1)
		b.check(b.f.SetColWidth(sheet, col, col, wd))
	}
	total := 0.0
	for _, wd := range widths {
		total += wd
	}
	intro := []string{
		"HƯỚNG DẪN ĐIỀN DANH SÁCH TRƯỜNG",
		fmt.Sprintf("Danh sách trường dùng với %s. Mỗi trường ghi một dòng ở trang “%s”, dưới dòng tiêu đề. Giữ nguyên tiêu đề các cột (viết có dấu hay không dấu đều được); được đổi thứ tự các cột, được bỏ những cột không bắt buộc.", planName(plan), DataSheet),
		"Tiêu đề nền cam: cột bắt buộc, không để trống ô nào. Tiêu đề nền xám: không bắt buộc. Ô có mũi tên: chọn trong danh sách. Xuống dòng trong một ô: Alt+Enter.",
		"Các cột “Phụ trách …” theo các việc mà kế hoạch giao cho mỗi trường phân công người phụ trách; kế hoạch khác có thể cần cột khác.",
	}
	for i, line := range intro {
		row := i + 1
		cell := cellName(1, row)
		b.check(b.f.SetCellStr(sheet, cell, line))
		if i == 0 {
			b.check(b.f.SetCellStyle(sheet, cell, cell, title))
			continue
		}
		b.check(b.f.MergeCell(sheet, cell, cellName(len(widths), row)))
		b.check(b.f.SetCellStyle(sheet, cell, cell, wrap))
		b.check(b.f.SetRowHeight(sheet, row, float64(15*linesFor(line, total))))
	}
	top := len(intro) + 2
	for i, h := range []string{"Cột", "Tiêu đề", "Bắt buộc", "Cách ghi", "Ví dụ"} {
		b.check(b.f.SetCellStr(sheet, cellName(i+1, top), h))
	}
	b.check(b.f.SetCellStyle(sheet, cellName(1, top), cellName(len(widths), top), head))
	for i, c := range cols {
		row := top + 1 + i
		need := "Không"
		if c.required {
			need = "Bắt buộc"
		}
		for j, v := range []string{columnName(i + 1), c.heading, need, c.help, c.example} {
			b.check(b.f.SetCellStr(sheet, cellName(j+1, row), v))
		}
		b.check(b.f.SetCellStyle(sheet, cellName(1, row), cellName(len(widths), row), wrap))
		lines := max(linesFor(c.heading, widths[1]), linesFor(c.help, widths[3]), linesFor(c.example, widths[4]))
		b.check(b.f.SetRowHeight(sheet, row, float64(15*lines+3)))
	}
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: cellName(1, top+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cellName(1, top+1), ActiveCell: cellName(1, top+1), Pane: "bottomLeft"}}}))
}

// WriteCSV writes the school list for plan as CSV, in the columns of the
// template: UTF-8 with a byte-order mark, so that Excel shows Vietnamese
// as it is, commas, and dates as 2025-03-05.
func WriteCSV(w io.Writer, plan *generator.Plan, schools []generator.School) error {
	cols := columns(plan)
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Headings(plan)); err != nil {
		return err
	}
	for _, s := range schools {
		rec := recordOf(plan, s)
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = cellText(c.field(rec))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
