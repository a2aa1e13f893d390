// Package sheet reads and writes a list of schools kept as a spreadsheet:
// an Excel workbook (.xlsx, through github.com/xuri/excelize) or a CSV
// file, one school a row under one heading row. The headings follow the
// plan: the school's own columns, its principal's, and three for each
// person in charge the plan declares ([[phu_trach]]).
//
// Load gives the same []generator.School a schools TOML file gives, and
// reports what only a sheet can get wrong (a missing or unknown column,
// an empty cell, a cell that is not a date, the same id twice) located by
// sheet, row and column. The rules of a school are the generator's:
// Explain turns the problems generator.New finds in the schools into
// problems located the same way. WriteXLSX writes the workbook a clerk
// fills in, WriteCSV the same as CSV, and WriteTOML a schools file.
package sheet

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kehoach/generator"
)

// Sheet is a school list read from a spreadsheet, with where each school
// and each field came from.
type Sheet struct {
	File    string // the file name as given to Load
	Name    string // the worksheet read; "" for a CSV file
	Schools []generator.School

	headRow  int
	ignored  map[int]bool      // columns read and left alone: a row number (STT)
	rows     []int             // the row of each school
	cols     map[string]int    // key -> column, from 1
	headings map[string]string // key -> the heading as written
}

// extensions are the file extensions of spreadsheets, lowercase.
var extensions = []string{".xlsx", ".xlsm", ".csv", ".xls"}

// IsSheet reports whether the file name is a spreadsheet's, one Load is
// meant for, rather than a schools TOML file's. (.xls is among them, so
// that Load can say how to save it as .xlsx.)
func IsSheet(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// DataSheet is the name of the worksheet the template writes the schools
// on, and that Load reads when a workbook has it ("Truong" too).
const DataSheet = "Trường"

// GuideSheet is the name of the template's worksheet that explains each
// column.
const GuideSheet = "Hướng dẫn"

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0} // Excel 97-2003, or a workbook with a password
)

// Load reads the school list in r, an Excel workbook or a CSV file (told
// apart by their content), whose columns follow plan; name is used in
// messages. Every problem is reported at once, as generator.Problems
// (errors.Is generator.ErrInvalid) located by sheet, row and column.
// The schools still have to pass generator.New; Explain locates what it
// finds.
func Load(r io.Reader, name string, plan *generator.Plan) (*Sheet, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("sheet: đọc %s: %w", name, err)
	}
	var t *table
	switch {
	case bytes.HasPrefix(src, zipMagic):
		t, err = readXLSX(src, name)
	case bytes.HasPrefix(src, cfbMagic):
		return nil, generator.Problems{{File: name,
			Msg: "tệp Excel 97-2003 (.xls), hoặc tệp có đặt mật khẩu, chưa đọc được; hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng Sổ làm việc Excel (.xlsx)"}}
	default:
		t, err = readCSV(src, name)
	}
	if err != nil {
		return nil, err
	}
	s := &Sheet{File: name, Name: t.sheet, cols: map[string]int{}, headings: map[string]string{}}
	if err := s.read(t, plan); err != nil {
		return nil, err
	}
	return s, nil
}

// problems collects what is wrong with a sheet, each at a row and column.
type problems struct {
	s    *Sheet
	list []located
}

type located struct {
	row, col int
	p        generator.Problem
}

func (ps *problems) add(row, col int, heading, format string, args ...any) {
	ps.list = append(ps.list, located{row, col, generator.Problem{
		File: ps.s.File, Key: ps.s.at(row, col, heading), Msg: fmt.Sprintf(format, args...)}})
}

// err returns the problems by row, then column, as generator.Problems.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return sortedProblems(ps.list)
}

func sortedProblems(list []located) generator.Problems {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].row != list[j].row {
			return list[i].row < list[j].row
		}
		return list[i].col < list[j].col
	})
	out := make(generator.Problems, len(list))
	for i, l := range list {
		out[i] = l.p
	}
	return out
}

// at names a place in the sheet the way a clerk finds it:
// `trang "Trường", dòng 7, cột E (Hiệu trưởng: họ và tên)`. Row or column
// 0 leaves it out.
func (s *Sheet) at(row, col int, heading string) string {
	var parts []string
	if s.Name != "" {
		parts = append(parts, "trang "+strconv.Quote(s.Name))
	}
	if row > 0 {
		parts = append(parts, fmt.Sprintf("dòng %d", row))
	}
	if col > 0 {
		c := "cột " + columnName(col)
		if h := strings.Join(strings.Fields(heading), " "); h != "" {
			c += " (" + h + ")"
		}
		parts = append(parts, c)
	}
	return strings.Join(parts, ", ")
}

func columnName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return strconv.Itoa(col)
	}
	return name
}

// read finds the columns under the heading row and reads a school from
// every row below it that is not blank.
func (s *Sheet) read(t *table, plan *generator.Plan) error {
	ps := &problems{s: s}
	cols := columns(plan)
	s.headRow = t.firstRow()
	if s.headRow == 0 {
		ps.add(0, 0, "", "bảng tính trống; hãy ghi dòng tiêu đề, rồi mỗi trường một dòng bên dưới")
		return ps.err()
	}
	if !s.readHeadings(t, plan, cols, ps) {
		return ps.err()
	}
	ids := map[string]int{} // id -> row
	for row := s.headRow + 1; row <= len(t.rows); row++ {
		if t.blank(row) {
			continue
		}
		rec := newRecord(plan)
		for col := 1; col <= len(t.rows[row-1]); col++ {
			if v := t.cell(row, col); v != "" && !s.isColumn(col) {
				ps.add(row, col, "", "có giá trị %q nhưng cột không có tiêu đề ở dòng %d; hãy ghi tiêu đề cho cột hoặc xóa giá trị", v, s.headRow)
			}
		}
		for _, c := range cols {
			col, ok := s.cols[c.key]
			if !ok {
				continue
			}
			s.readCell(t, row, col, c, rec, ps)
		}
		school := rec.toSchool()
		if prev, ok := ids[school.ID]; ok && school.ID != "" {
			// As the generator says it of a schools file.
			ps.add(row, s.cols["id"], s.headings["id"], "id %q đã dùng cho trường ở dòng %d; mỗi trường cần một id riêng", school.ID, prev)
		} else {
			ids[school.ID] = row
		}
		s.Schools = append(s.Schools, school)
		s.rows = append(s.rows, row)
	}
	if len(s.Schools) == 0 && len(ps.list) == 0 {
		ps.add(0, 0, "", "chưa có trường nào; hãy ghi mỗi trường một dòng, dưới dòng tiêu đề (dòng %d)", s.headRow)
	}
	return ps.err()
}

// readHeadings matches the heading row against the columns of plan. It
// reports false when the columns are wrong, and rows are not worth
// reading.
func (s *Sheet) readHeadings(t *table, plan *generator.Plan, cols []column, ps *problems) bool {
	index := headingIndex(cols)
	var unknown []string
	for col := 1; col <= len(t.rows[s.headRow-1]); col++ {
		h := t.cell(s.headRow, col)
		if h == "" {
			continue
		}
		if numbering[fold(h)] {
			if s.ignored == nil {
				s.ignored = map[int]bool{}
			}
			s.ignored[col] = true
			continue
		}
		i, ok := index[fold(h)]
		if !ok {
			unknown = append(unknown, fmt.Sprintf("cột %s (%q)", columnName(col), strings.Join(strings.Fields(h), " ")))
			continue
		}
		key := cols[i].key
		if prev, dup := s.cols[key]; dup {
			ps.add(s.headRow, col, h, "cột này trùng với cột %s (%s); hãy xóa một trong hai cột", columnName(prev), s.headings[key])
			continue
		}
		s.cols[key], s.headings[key] = col, strings.Join(strings.Fields(h), " ")
	}
	var missing []string
	missingRole := false
	for _, c := range cols {
		if _, ok := s.cols[c.key]; !ok && c.required {
			missing = append(missing, strconv.Quote(c.heading))
			missingRole = missingRole || strings.HasPrefix(c.key, "phu_trach.")
		}
	}
	if len(unknown) == 0 && len(missing) == 0 {
		return len(ps.list) == 0
	}
	var headings []string
	for _, c := range cols {
		headings = append(headings, strconv.Quote(c.heading))
	}
	list := "các tiêu đề dùng được, viết có dấu hay không dấu, chữ hoa hay thường đều được: " + strings.Join(headings, ", ")
	if len(unknown) > 0 {
		msg := fmt.Sprintf("%s: tiêu đề không có trong danh sách trường của %s; hãy sửa tiêu đề cho đúng hoặc xóa cột", strings.Join(unknown, ", "), planName(plan))
		if len(missing) == 0 {
			msg += " (" + list + ")"
		}
		ps.add(s.headRow, 0, "", "%s", msg)
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("thiếu cột %s; hãy thêm vào dòng tiêu đề", strings.Join(missing, ", "))
		if missingRole {
			msg += fmt.Sprintf(" (các cột “Phụ trách …” theo [[phu_trach]] của %s: %s; bảng tính làm cho kế hoạch khác thì hãy dùng đúng tệp kế hoạch đó)", planName(plan), roleIDs(plan))
		}
		ps.add(s.headRow, 0, "", "%s (%s)", msg, list)
	}
	return false
}

func planName(plan *generator.Plan) string {
	if plan.File == "" {
		return "kế hoạch"
	}
	return "kế hoạch " + plan.File
}

func roleIDs(plan *generator.Plan) string {
	var ids []string
	for _, r := range plan.Roles {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

// numbering are the headings of a column of row numbers (số thứ tự),
// folded: lists in Vietnam usually start with one, and it is left alone.
var numbering = map[string]bool{"stt": true, "tt": true, "so tt": true, "so thu tu": true}

func (s *Sheet) isColumn(col int) bool {
	if s.ignored[col] {
		return true
	}
	for _, c := range s.cols {
		if c == col {
			return true
		}
	}
	return false
}

// readCell puts the value at row, col into the record's field for c.
func (s *Sheet) readCell(t *table, row, col int, c column, rec *record, ps *problems) {
	// A line break typed as \n, as the schools file writes it.
	v := strings.TrimSpace(strings.ReplaceAll(t.cell(row, col), `\n`, "\n"))
	h := s.headings[c.key]
	if v == "" {
		if c.required {
			// As the generator says it of a schools file.
			ps.add(row, col, h, "%q không được để trống; hãy điền giá trị", leaf(c.key))
		}
		return
	}
	switch f := c.field(rec).(type) {
	case *string:
		*f = v
	case *bool:
		switch w := fold(v); {
		case contains(yesWords, w):
			*f = true
		case contains(noWords, w):
			*f = false
		default:
			ps.add(row, col, h, "%q không đúng; hãy chọn “%s” (đầu văn bản ghi tên viết tắt) hoặc “%s” (ghi tên đầy đủ); để trống là “%s”", v, yes, no, no)
		}
	case *generator.Date:
		d, ok := parseDate(v, t.rawCell(row, col), t.date1904)
		if !ok {
			ps.add(row, col, h, "%q không phải một ngày; hãy viết ngày/tháng/năm, ví dụ 05/03/2025, hoặc năm-tháng-ngày, ví dụ 2025-03-05; để trống nếu chưa có ngày", v)
			return
		}
		*f = d
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseDate reads a date cell: an Excel date (a serial number shown with
// a date format: raw differs from text), or text "2025-03-05" or
// "05/03/2025" (day first, as Vietnam writes it).
// A date that does not exist, such as 31/02/2025, is read as written, for
// the generator to refuse in the words it uses for a schools file.
func parseDate(text, raw string, date1904 bool) (generator.Date, bool) {
	if n, err := strconv.ParseFloat(raw, 64); err == nil && raw != text {
		if n < 1 || n > 2958465 { // 9999-12-31
			return generator.Date{}, false
		}
		tm, err := excelize.ExcelDateToTime(n, date1904)
		if err != nil {
			return generator.Date{}, false
		}
		return generator.Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}, true
	}
	s := strings.TrimSpace(text)
	if len(s) > 10 && s[10] == 'T' { // an ISO date with a time, as some tools write a date cell
		if tm, err := time.Parse(time.RFC3339, s); err == nil {
			return generator.Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}, true
		}
	}
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return generator.Date{Year: atoi(m[1]), Month: atoi(m[2]), Day: atoi(m[3])}, true
	}
	if m := dayFirst.FindStringSubmatch(s); m != nil {
		return generator.Date{Year: atoi(m[3]), Month: atoi(m[2]), Day: atoi(m[1])}, true
	}
	return generator.Date{}, false
}

var (
	isoDate  = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayFirst = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
)

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
