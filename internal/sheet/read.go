package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kehoach/generator"
)

// table is the cells of the sheet a school list is read from, by row and
// column as the spreadsheet numbers them.
type table struct {
	sheet    string     // the worksheet's name; "" for a CSV file
	rows     [][]string // by row - 1: the cells as shown
	raw      [][]string // the same cells unformatted (a date as Excel's serial number); nil for CSV
	date1904 bool       // the workbook counts dates from 1904 (Excel for Mac of old)
}

// cell is the value at row, col (from 1), trimmed, its line breaks "\n"
// (Excel writes "\r\n" in a cell of several lines); "" beyond the table.
func (t *table) cell(row, col int) string { return at(t.rows, row, col) }

// rawCell is the unformatted value at row, col; the cell as shown for CSV.
func (t *table) rawCell(row, col int) string {
	if t.raw == nil {
		return t.cell(row, col)
	}
	return at(t.raw, row, col)
}

func at(rows [][]string, row, col int) string {
	if row < 1 || row > len(rows) || col < 1 || col > len(rows[row-1]) {
		return ""
	}
	return lineBreaks.Replace(strings.TrimSpace(rows[row-1][col-1]))
}

var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func (t *table) blank(row int) bool {
	for col := range t.rows[row-1] {
		if t.cell(row, col+1) != "" {
			return false
		}
	}
	return true
}

// firstRow is the heading row: the first row with two cells or more,
// past the titles a clerk puts above a list ("DANH SÁCH TRƯỜNG NĂM HỌC
// 2025-2026", one cell merged across the columns); else the first row
// that is not blank; 0 when every row is.
func (t *table) firstRow() int {
	first := 0
	for row := 1; row <= len(t.rows); row++ {
		if t.blank(row) {
			continue
		}
		if first == 0 {
			first = row
		}
		filled := 0
		for col := range t.rows[row-1] {
			if t.cell(row, col+1) != "" {
				filled++
			}
		}
		if filled >= 2 {
			return row
		}
	}
	return first
}

// maxUnzip bounds what a workbook may unpack to; a school list is a few
// hundred kilobytes.
const maxUnzip = 64 << 20

// readXLSX reads the sheet named DataSheet ("Trường", or "Truong"), or
// else the first.
func readXLSX(src []byte, name string) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(src), excelize.Options{UnzipSizeLimit: maxUnzip})
	if err != nil {
		return nil, generator.Problems{{File: name,
			Msg: fmt.Sprintf("không đọc được tệp Excel (%v); hãy mở bằng Excel và lưu lại dạng Sổ làm việc Excel (.xlsx)", err)}}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, generator.Problems{{File: name, Msg: "tệp Excel không có trang tính nào; hãy ghi danh sách trường vào trang đầu"}}
	}
	t := &table{sheet: sheets[0]}
	for _, s := range sheets {
		if fold(s) == fold(DataSheet) {
			t.sheet = s
			break
		}
	}
	if t.rows, err = f.GetRows(t.sheet); err == nil {
		t.raw, err = f.GetRows(t.sheet, excelize.Options{RawCellValue: true})
	}
	if err != nil {
		return nil, generator.Problems{{File: name, Key: fmt.Sprintf("trang %q", t.sheet),
			Msg: fmt.Sprintf("không đọc được trang tính (%v); hãy mở bằng Excel và lưu lại dạng .xlsx", err)}}
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	return t, nil
}

// readCSV reads a CSV file in UTF-8, with or without a byte-order mark,
// its cells separated by commas or by semicolons (as Excel writes them
// where the comma is the decimal mark), or tabs. Rows are numbered as
// Excel numbers them: a blank line is a row, a cell over several lines is
// in one.
func readCSV(src []byte, name string) (*table, error) {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return nil, generator.Problems{{File: name,
			Msg: "tệp được lưu ở dạng UTF-16 (“Unicode Text”); hãy mở bằng Excel và lưu lại dạng “CSV UTF-8 (Comma delimited) (*.csv)” hoặc dạng .xlsx"}}
	}
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:firstInvalid(src)], []byte("\n"))
		return nil, generator.Problems{{File: name, Key: fmt.Sprintf("dòng %d", line),
			Msg: "tệp không phải văn bản UTF-8, chữ tiếng Việt sẽ mất dấu (Excel lưu “CSV (Comma delimited)” theo bảng mã của Windows); hãy mở bằng Excel và lưu lại dạng “CSV UTF-8 (Comma delimited) (*.csv)” hoặc dạng .xlsx"}}
	}
	text := strings.TrimPrefix(string(src), "\ufeff")
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = separator(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &table{}
	end := 0 // the line the previous record ended on
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, generator.Problems{{File: name, Key: fmt.Sprintf("dòng %d", line),
				Msg: fmt.Sprintf("không đọc được dòng này (CSV: %v); hãy kiểm tra dấu ngoặc kép, hoặc mở bằng Excel và lưu lại", err)}}
		}
		start, _ := cr.FieldPos(0)
		for ; end < start-1; end++ { // blank lines the reader skipped
			t.rows = append(t.rows, nil)
		}
		t.rows = append(t.rows, rec)
		last, _ := cr.FieldPos(len(rec) - 1)
		end = last + strings.Count(rec[len(rec)-1], "\n")
	}
	return t, nil
}

// separator guesses the separator from the first lines (five at most,
// so that a title above the list, with or without a comma in it, does not
// decide): the most frequent of comma, semicolon and tab outside quotes.
func separator(text string) rune {
	counts := map[rune]int{}
	quoted := false
	lines := 0
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
		}
		if r == '\n' && !quoted {
			if lines++; lines == 5 {
				break
			}
			continue
		}
		if !quoted {
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
