package sheet_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/internal/sheet"
)

// sample loads a sample plan and its schools from the TOML files.
func sample(t testing.TB, name string) (*generator.Plan, []generator.School) {
	t.Helper()
	s, err := data.Find(name)
	if err != nil {
		t.Fatal(err)
	}
	plan, schools, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return plan, schools
}

// keys lists the schools-file key of each column, in the order of
// sheet.Headings.
func keys(plan *generator.Plan) []string {
	k := []string{"id", "ten", "ten_viet_tat", "loai", "co_quan_chu_quan", "dia_danh", "ky_hieu", "email",
		"dau_trang_viet_tat", "ten_dau_trang", "so", "ngay",
		"hieu_truong.xung_ho", "hieu_truong.ho_ten", "hieu_truong.ky", "hieu_truong.pho_hieu_truong"}
	for _, r := range plan.Roles {
		k = append(k, "phu_trach."+r.ID+".xung_ho", "phu_trach."+r.ID+".ho_ten", "phu_trach."+r.ID+".chuc_vu")
	}
	return k
}

// cellStyle says how a test writes dates and yes/no in text cells.
type cellStyle struct {
	date func(generator.Date) string
	yes  string
	no   string
}

var (
	dayFirst = cellStyle{func(d generator.Date) string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year) }, "Có", "Không"}
	isoDates = cellStyle{func(d generator.Date) string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }, "TRUE", "FALSE"}
)

// value is what a clerk writes in the column of key for school s; the
// test's own reading of the schools file's keys.
func value(s generator.School, key string, st cellStyle) any {
	switch key {
	case "id":
		return s.ID
	case "ten":
		return s.Name
	case "ten_viet_tat":
		return s.ShortName
	case "loai":
		return s.Type
	case "co_quan_chu_quan":
		return s.Parent
	case "dia_danh":
		return s.Place
	case "ky_hieu":
		return s.Code
	case "email":
		return s.Email
	case "dau_trang_viet_tat":
		if s.ShortHeader {
			return st.yes
		}
		return st.no
	case "ten_dau_trang":
		return s.HeaderName
	case "so":
		return s.Number
	case "ngay":
		if s.Date.IsZero() {
			return ""
		}
		return st.date(s.Date)
	case "hieu_truong.xung_ho":
		return s.Principal.Salutation
	case "hieu_truong.ho_ten":
		return s.Principal.Name
	case "hieu_truong.ky":
		return s.Principal.Sign
	case "hieu_truong.pho_hieu_truong":
		return s.Principal.Deputy
	}
	parts := strings.Split(key, ".")
	p := s.Roles[parts[1]]
	switch parts[2] {
	case "xung_ho":
		return p.Salutation
	case "ho_ten":
		return p.Name
	}
	return p.Position
}

// table is a heading row and a row for each school, as text.
func table(plan *generator.Plan, headings []string, schools []generator.School, st cellStyle) [][]string {
	rows := [][]string{headings}
	for _, s := range schools {
		var row []string
		for _, k := range keys(plan) {
			row = append(row, value(s, k, st).(string))
		}
		rows = append(rows, row)
	}
	return rows
}

// csvFile writes rows as CSV with the separator given, a byte-order mark
// if asked, and CRLF line ends, as Excel does.
func csvFile(t testing.TB, rows [][]string, comma rune, bom bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if bom {
		b.WriteString("\ufeff")
	}
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = comma, true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// xlsxFile writes rows (strings, or any value excelize writes: time.Time
// for a date cell, bool) on a sheet of that name, after a first sheet of
// notes when notes is set.
func xlsxFile(t testing.TB, name string, rows [][]any, notes bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := f.GetSheetName(0)
	if notes {
		if err := f.SetCellStr(first, "A1", "Ghi chú: danh sách ở trang sau"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	} else if err := f.SetSheetName(first, name); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exported keeps the exported fields of each school: what a school is,
// leaving out where it was read from.
func exported(schools []generator.School) []generator.School {
	out := make([]generator.School, len(schools))
	for i := range schools {
		dst, src := reflect.ValueOf(&out[i]).Elem(), reflect.ValueOf(schools[i])
		for j := 0; j < dst.NumField(); j++ {
			if dst.Type().Field(j).IsExported() {
				dst.Field(j).Set(src.Field(j))
			}
		}
	}
	return out
}

func sameSchools(t *testing.T, got, want []generator.School) {
	t.Helper()
	g, w := exported(got), exported(want)
	if len(g) != len(w) {
		t.Fatalf("got %d schools, want %d", len(g), len(w))
	}
	for i := range w {
		if !reflect.DeepEqual(g[i], w[i]) {
			t.Fatalf("school %d:\ngot  %#v\nwant %#v", i+1, g[i], w[i])
		}
	}
}

func load(t *testing.T, src []byte, name string, plan *generator.Plan) *sheet.Sheet {
	t.Helper()
	s, err := sheet.Load(bytes.NewReader(src), name, plan)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

// A CSV file, as Excel in Vietnam writes it or otherwise, reads to the
// schools the TOML file holds; and the generator takes them.
func TestLoadCSV(t *testing.T) {
	tests := []struct {
		name     string
		sample   string
		headings func(*generator.Plan) []string
		comma    rune
		bom      bool
		style    cellStyle
	}{
		{"semicolons, BOM, Vietnamese headings, 2025", "2025", sheet.Headings, ';', true, dayFirst},
		{"commas, TOML keys as headings, 2026", "2026", keys, ',', false, isoDates},
		{"upper case without diacritics, 2025", "2025", func(p *generator.Plan) []string { return upperASCII(sheet.Headings(p)) }, ',', true, isoDates},
		{"upper case without diacritics, 2026", "2026", func(p *generator.Plan) []string { return upperASCII(sheet.Headings(p)) }, ';', false, dayFirst},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, want := sample(t, tt.sample)
			src := csvFile(t, table(plan, tt.headings(plan), want, tt.style), tt.comma, tt.bom)
			s := load(t, src, "truong.csv", plan)
			sameSchools(t, s.Schools, want)
			if s.Name != "" {
				t.Errorf("sheet name: got %q, want none for CSV", s.Name)
			}
			if _, err := generator.New(plan, s.Schools, generator.Options{}); err != nil {
				t.Fatalf("New: %v", s.Explain(err))
			}
		})
	}
}

// upperASCII writes headings as one types them on a keyboard without
// Vietnamese: capitals, no marks, extra spaces.
func upperASCII(headings []string) []string {
	r := strings.NewReplacer("à", "a", "á", "a", "ả", "a", "ạ", "a", "ã", "a", "â", "a", "ấ", "a", "ầ", "a", "ậ", "a", "ă", "a", "ắ", "a", "ặ", "a",
		"è", "e", "é", "e", "ẻ", "e", "ê", "e", "ế", "e", "ề", "e", "ể", "e", "ệ", "e", "ễ", "e",
		"ì", "i", "í", "i", "ỉ", "i", "ị", "i", "ò", "o", "ó", "o", "ỏ", "o", "ọ", "o", "ô", "o", "ố", "o", "ồ", "o", "ổ", "o", "ộ", "o", "ơ", "o", "ớ", "o", "ờ", "o", "ở", "o", "ợ", "o",
		"ù", "u", "ú", "u", "ủ", "u", "ụ", "u", "ư", "u", "ứ", "u", "ừ", "u", "ử", "u", "ự", "u", "ý", "y", "ỳ", "y", "ỷ", "y", "đ", "d", "Đ", "D", ": ", " :  ")
	out := make([]string, len(headings))
	for i, h := range headings {
		out[i] = "  " + strings.ToUpper(r.Replace(strings.ToLower(h))) + " "
	}
	return out
}

// An Excel workbook with date cells and TRUE/FALSE cells, the list on a
// sheet named "Truong" after a sheet of notes, reads the same.
func TestLoadXLSX(t *testing.T) {
	for _, name := range []string{"2025", "2026"} {
		t.Run(name, func(t *testing.T) {
			plan, want := sample(t, name)
			rows := [][]any{anySlice(sheet.Headings(plan))}
			for _, s := range want {
				var row []any
				for _, k := range keys(plan) {
					switch {
					case k == "ngay" && !s.Date.IsZero():
						row = append(row, time.Date(s.Date.Year, time.Month(s.Date.Month), s.Date.Day, 0, 0, 0, 0, time.UTC))
					case k == "dau_trang_viet_tat":
						row = append(row, s.ShortHeader)
					default:
						row = append(row, value(s, k, dayFirst))
					}
				}
				rows = append(rows, row)
			}
			s := load(t, xlsxFile(t, "Truong", rows, true), "truong.xlsx", plan)
			if s.Name != "Truong" {
				t.Errorf("sheet: got %q, want Truong", s.Name)
			}
			sameSchools(t, s.Schools, want)
		})
	}
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// The template has the headings, frozen, the drop-down lists and the
// guide; filled in with excelize, it reads to the schools.
func TestTemplate(t *testing.T) {
	for _, name := range []string{"2025", "2026"} {
		t.Run(name, func(t *testing.T) {
			plan, want := sample(t, name)
			var b bytes.Buffer
			if err := sheet.WriteXLSX(&b, plan, nil); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, want := f.GetSheetList(), []string{sheet.DataSheet, sheet.GuideSheet}; !reflect.DeepEqual(got, want) {
				t.Fatalf("sheets: got %q, want %q", got, want)
			}
			rows, err := f.GetRows(sheet.DataSheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || !reflect.DeepEqual(rows[0], sheet.Headings(plan)) {
				t.Fatalf("rows: got %q, want the headings alone", rows)
			}
			panes, err := f.GetPanes(sheet.DataSheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes: got %+v, %v; want the heading row frozen", panes, err)
			}
			checkDropDowns(t, f, plan)
			checkGuide(t, f, plan)

			// A clerk fills it in.
			col := map[string]string{}
			for i, k := range keys(plan) {
				col[k], _ = excelize.ColumnNumberToName(i + 1)
			}
			for i, s := range want {
				row := i + 2
				for _, k := range keys(plan) {
					cell := fmt.Sprintf("%s%d", col[k], row)
					if k == "ngay" && !s.Date.IsZero() {
						err = f.SetCellValue(sheet.DataSheet, cell, time.Date(s.Date.Year, time.Month(s.Date.Month), s.Date.Day, 0, 0, 0, 0, time.UTC))
					} else if v := value(s, k, dayFirst).(string); v != "" {
						err = f.SetCellStr(sheet.DataSheet, cell, v)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			var filled bytes.Buffer
			if err := f.Write(&filled); err != nil {
				t.Fatal(err)
			}
			s := load(t, filled.Bytes(), "truong.xlsx", plan)
			sameSchools(t, s.Schools, want)
		})
	}
}

func checkDropDowns(t *testing.T, f *excelize.File, plan *generator.Plan) {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet.DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, dv := range dvs {
		if dv.Type != "list" {
			t.Errorf("validation %s: type %q, want list", dv.Sqref, dv.Type)
		}
		got[dv.Sqref] = dv.Formula1
	}
	var types []string
	for _, ty := range plan.Types() {
		types = append(types, ty.ID)
	}
	want := map[string]string{
		"D2:D1001": `"` + strings.Join(types, ",") + `"`,
		"I2:I1001": `"Có,Không"`,
		"M2:M1001": `"Ông,Bà"`,
		"O2:O1001": `"HIỆU TRƯỞNG,Q. HIỆU TRƯỞNG,KT. HIỆU TRƯỞNG"`,
	}
	for i := range plan.Roles {
		c, _ := excelize.ColumnNumberToName(17 + 3*i)
		want[c+"2:"+c+"1001"] = `"Ông,Bà"`
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("drop-down lists:\ngot  %q\nwant %q", got, want)
	}
	if plan.Year == 2026 && !strings.Contains(want["D2:D1001"], "lien-cap") {
		t.Errorf("the 2026 plan's types lack lien-cap: %s", want["D2:D1001"])
	}
}

func checkGuide(t *testing.T, f *excelize.File, plan *generator.Plan) {
	t.Helper()
	rows, err := f.GetRows(sheet.GuideSheet)
	if err != nil {
		t.Fatal(err)
	}
	top := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Cột" {
			top = i
		}
	}
	if top < 0 {
		t.Fatalf("the guide has no table of columns:\n%q", rows)
	}
	headings := sheet.Headings(plan)
	if got := len(rows) - top - 1; got != len(headings) {
		t.Fatalf("the guide explains %d columns, want %d", got, len(headings))
	}
	for i, h := range headings {
		r := rows[top+1+i]
		if len(r) < 4 || r[1] != h || r[2] == "" || r[3] == "" {
			t.Errorf("guide row for %q: got %q", h, r)
		}
	}
	if !strings.Contains(strings.Join(rows[top+4], " "), "mam-non (trường mầm non)") {
		t.Errorf("the guide does not say the types of school: %q", rows[top+4])
	}
}

// WriteCSV and WriteXLSX with schools write what Load reads back.
func TestWriteRoundTrip(t *testing.T) {
	for _, name := range []string{"2025", "2026"} {
		plan, want := sample(t, name)
		for _, w := range []struct {
			ext   string
			write func(*bytes.Buffer) error
		}{
			{".csv", func(b *bytes.Buffer) error { return sheet.WriteCSV(b, plan, want) }},
			{".xlsx", func(b *bytes.Buffer) error { return sheet.WriteXLSX(b, plan, want) }},
		} {
			t.Run(name+w.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := w.write(&b); err != nil {
					t.Fatal(err)
				}
				sameSchools(t, load(t, b.Bytes(), "truong"+w.ext, plan).Schools, want)
			})
		}
	}
}

// WriteTOML writes a schools file that generator.LoadSchools reads back
// to the same schools, however their text is.
func TestWriteTOML(t *testing.T) {
	plan, odd := sample(t, "2025")
	odd = odd[:2]
	odd[0].Name = `Trường "Tiểu học" \ Bến Nghé`
	odd[0].HeaderName = "Trường Tiểu học\nBến Nghé\tA"
	odd[1].Number, odd[1].Date = "007", generator.Date{Year: 2025, Month: 12, Day: 31}
	for _, name := range []string{"2025", "2026", "odd"} {
		t.Run(name, func(t *testing.T) {
			p, want := plan, odd
			if name != "odd" {
				p, want = sample(t, name)
			}
			var b bytes.Buffer
			if err := sheet.WriteTOML(&b, p, want); err != nil {
				t.Fatal(err)
			}
			got, err := generator.LoadSchools(bytes.NewReader(b.Bytes()), "out.toml")
			if err != nil {
				t.Fatalf("LoadSchools: %v\n%s", err, b.String())
			}
			sameSchools(t, got, want)
		})
	}
}

// What only a sheet gets wrong is said by sheet, row and column.
func TestLoadProblems(t *testing.T) {
	plan, all := sample(t, "2025")
	schools := all[:3] // mn-ben-nghe, mn-ben-thanh, mn-tuoi-tho in rows 2 to 4
	base := func() [][]string { return table(plan, sheet.Headings(plan), schools, dayFirst) }
	const at = `t.xlsx: trang "Trường", `
	tests := []struct {
		name string
		edit func([][]string) [][]string
		want []string
	}{
		{"missing column", func(r [][]string) [][]string { return dropColumn(r, 14) }, []string{
			at + `dòng 1: thiếu cột "Hiệu trưởng: cách ký"; hãy thêm vào dòng tiêu đề (các tiêu đề dùng được, viết có dấu hay không dấu, chữ hoa hay thường đều được: "Mã trường", "Tên trường", "Tên viết tắt", "Loại trường", "Cơ quan chủ quản", "Địa danh", "Ký hiệu", "Email", "Đầu trang viết tắt", "Tên đầu trang", "Số văn bản", "Ngày ban hành", "Hiệu trưởng: xưng hô", "Hiệu trưởng: họ và tên", "Hiệu trưởng: cách ký", "Phó hiệu trưởng ký thay", "Phụ trách công tác dân vận chính quyền: xưng hô", "Phụ trách công tác dân vận chính quyền: họ và tên", "Phụ trách công tác dân vận chính quyền: chức vụ", "Phụ trách công tác dân chủ cơ sở: xưng hô", "Phụ trách công tác dân chủ cơ sở: họ và tên", "Phụ trách công tác dân chủ cơ sở: chức vụ")`,
		}},
		{"empty required cell", func(r [][]string) [][]string { r[2][13] = " "; return r }, []string{
			at + `dòng 3, cột N (Hiệu trưởng: họ và tên): "ho_ten" không được để trống; hãy điền giá trị`,
		}},
		{"duplicate id", func(r [][]string) [][]string { r[3][0] = r[1][0]; return r }, []string{
			at + `dòng 4, cột A (Mã trường): id "mn-ben-nghe" đã dùng cho trường ở dòng 2; mỗi trường cần một id riêng`,
		}},
		{"not a date, not yes or no", func(r [][]string) [][]string { r[1][11] = "5 tháng 3"; r[2][8] = "có lẽ"; return r }, []string{
			at + `dòng 2, cột L (Ngày ban hành): "5 tháng 3" không phải một ngày; hãy viết ngày/tháng/năm, ví dụ 05/03/2025, hoặc năm-tháng-ngày, ví dụ 2025-03-05; để trống nếu chưa có ngày`,
			at + `dòng 3, cột I (Đầu trang viết tắt): "có lẽ" không đúng; hãy chọn “Có” (đầu văn bản ghi tên viết tắt) hoặc “Không” (ghi tên đầy đủ); để trống là “Không”`,
		}},
		{"value under no heading, blank row skipped", func(r [][]string) [][]string {
			r = append(r[:3], append([][]string{make([]string, 3)}, r[3:]...)...) // a blank row 4
			r[4] = append(r[4], "", "ghi chú")
			return r
		}, []string{
			at + `dòng 5, cột X: có giá trị "ghi chú" nhưng cột không có tiêu đề ở dòng 1; hãy ghi tiêu đề cho cột hoặc xóa giá trị`,
		}},
		{"unknown and missing role columns", func(r [][]string) [][]string {
			r[0][16] = "Phụ trách chuyển đổi số: xưng hô"
			return r
		}, []string{
			at + `dòng 1: cột Q ("Phụ trách chuyển đổi số: xưng hô"): tiêu đề không có trong danh sách trường của kế hoạch plan-2025.toml; hãy sửa tiêu đề cho đúng hoặc xóa cột`,
			at + `dòng 1: thiếu cột "Phụ trách công tác dân vận chính quyền: xưng hô"; hãy thêm vào dòng tiêu đề (các cột “Phụ trách …” theo [[phu_trach]] của kế hoạch plan-2025.toml: dan_van, dan_chu; bảng tính làm cho kế hoạch khác thì hãy dùng đúng tệp kế hoạch đó) (các tiêu đề dùng được, viết có dấu hay không dấu, chữ hoa hay thường đều được: "Mã trường", "Tên trường", "Tên viết tắt", "Loại trường", "Cơ quan chủ quản", "Địa danh", "Ký hiệu", "Email", "Đầu trang viết tắt", "Tên đầu trang", "Số văn bản", "Ngày ban hành", "Hiệu trưởng: xưng hô", "Hiệu trưởng: họ và tên", "Hiệu trưởng: cách ký", "Phó hiệu trưởng ký thay", "Phụ trách công tác dân vận chính quyền: xưng hô", "Phụ trách công tác dân vận chính quyền: họ và tên", "Phụ trách công tác dân vận chính quyền: chức vụ", "Phụ trách công tác dân chủ cơ sở: xưng hô", "Phụ trách công tác dân chủ cơ sở: họ và tên", "Phụ trách công tác dân chủ cơ sở: chức vụ")`,
		}},
		{"the same column twice", func(r [][]string) [][]string {
			r[0] = append(r[0], "e-mail")
			return r
		}, []string{
			at + `dòng 1, cột W (e-mail): cột này trùng với cột H (Email); hãy xóa một trong hai cột`,
		}},
		{"no school", func(r [][]string) [][]string { return r[:1] }, []string{
			`t.xlsx: trang "Trường": chưa có trường nào; hãy ghi mỗi trường một dòng, dưới dòng tiêu đề (dòng 1)`,
		}},
		{"empty", func(r [][]string) [][]string { return nil }, []string{
			`t.xlsx: trang "Trường": bảng tính trống; hãy ghi dòng tiêu đề, rồi mỗi trường một dòng bên dưới`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows [][]any
			for _, r := range tt.edit(base()) {
				rows = append(rows, anySlice(r))
			}
			_, err := sheet.Load(bytes.NewReader(xlsxFile(t, "Trường", rows, false)), "t.xlsx", plan)
			checkLines(t, err, tt.want)
		})
	}
}

// checkLines compares the lines of err with want, and checks that err is
// the generator's kind of input error.
func checkLines(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want:\n%s", strings.Join(want, "\n"))
	}
	if !errors.Is(err, generator.ErrInvalid) {
		t.Errorf("%T does not match generator.ErrInvalid", err)
	}
	got := strings.Split(err.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\ngot  %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

func dropColumn(rows [][]string, i int) [][]string {
	for j, r := range rows {
		rows[j] = append(r[:i:i], r[i+1:]...)
	}
	return rows
}

// The generator's rules, broken in a sheet, are said at the sheet's row
// and column, in the generator's words; the plan's problems stay as they
// are. In a CSV file there is no sheet to name.
func TestExplain(t *testing.T) {
	plan, all := sample(t, "2025")
	rows := table(plan, sheet.Headings(plan), all[:4], dayFirst)
	rows[1][12] = "ông"                // M2: xưng hô
	rows[2][14] = "KT. HIỆU TRƯỞNG"    // O3: no deputy
	rows[3][6] = rows[1][6]            // G4: the ký hiệu of row 2
	rows[4][3] = "trung-hoc-pho-thong" // D5: a type the plan lacks
	rows[4][11] = "31/02/2025"         // L5
	s := load(t, csvFile(t, rows, ';', true), "truong.csv", plan)
	bad := *plan
	bad.Office.Name = ""
	_, err := generator.New(&bad, s.Schools, generator.Options{})
	checkLines(t, s.Explain(err), []string{
		`plan-2025.toml: co_quan.ten: "ten" không được để trống; hãy điền giá trị`,
		`truong.csv: dòng 2, cột M (Hiệu trưởng: xưng hô): xưng hô "ông" không đúng; hãy viết "Ông" hoặc "Bà"`,
		`truong.csv: dòng 3, cột O (Hiệu trưởng: cách ký): ký "KT. HIỆU TRƯỞNG" thì cần pho_hieu_truong (họ tên phó hiệu trưởng ký thay); hãy thêm dòng pho_hieu_truong = "…"`,
		`truong.csv: dòng 4, cột G (Ký hiệu): ký hiệu "MNBN" đã dùng cho trường ở dòng 2; mỗi trường cần ký hiệu riêng`,
		`truong.csv: dòng 5, cột D (Loại trường): loại trường "trung-hoc-pho-thong" không có trong kế hoạch plan-2025.toml; hãy viết một trong: "mam-non", "tieu-hoc", "thcs" (loại khác thì khai báo [[loai_truong]] trong kế hoạch)`,
		`truong.csv: dòng 5, cột L (Ngày ban hành): ngày 2025-02-31 không có thật; hãy sửa lại`,
	})
	if got := s.Explain(errors.Join(err, errors.New("khác"))); !strings.HasSuffix(got.Error(), "\nkhác") || !strings.Contains(got.Error(), "truong.csv: dòng 2, cột M") {
		t.Errorf("a joined error is not explained part by part:\n%v", got)
	}
	other := errors.New("không phải lỗi của danh sách")
	if got := s.Explain(other); got != other {
		t.Errorf("another error: got %v, want it unchanged", got)
	}
}

// Dates as Excel and clerks write them.
func TestDates(t *testing.T) {
	plan, all := sample(t, "2025")
	tests := []struct {
		cell string
		want generator.Date
		ok   bool
	}{
		{"2025-03-05", generator.Date{Year: 2025, Month: 3, Day: 5}, true},
		{"05/03/2025", generator.Date{Year: 2025, Month: 3, Day: 5}, true},
		{"5/3/2025", generator.Date{Year: 2025, Month: 3, Day: 5}, true},
		{"05.03.2025", generator.Date{Year: 2025, Month: 3, Day: 5}, true},
		{"2025-3-5", generator.Date{Year: 2025, Month: 3, Day: 5}, true},
		{"2025-03-05T00:00:00Z", generator.Date{Year: 2025, Month: 3, Day: 5}, true},
		{"30/02/2025", generator.Date{Year: 2025, Month: 2, Day: 30}, true}, // for the generator to refuse
		{"", generator.Date{}, true},
		{"05/03/25", generator.Date{}, false},
		{"2025/03/05", generator.Date{}, false},
		{"45721", generator.Date{}, false}, // a serial number in a text cell is no date
		{"ngày 5", generator.Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			rows := table(plan, sheet.Headings(plan), all[:1], dayFirst)
			rows[1][11] = tt.cell
			s, err := sheet.Load(bytes.NewReader(csvFile(t, rows, ',', false)), "t.csv", plan)
			if !tt.ok {
				if err == nil || !strings.Contains(err.Error(), "không phải một ngày") {
					t.Errorf("got %v, want not a date", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Schools[0].Date; got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Headings match with or without diacritics, in any case and spacing, as
// the TOML key, and with the role's id for its work.
func TestHeadings(t *testing.T) {
	plan, all := sample(t, "2025")
	tests := []struct{ heading, key string }{
		{"HIEU TRUONG: HO VA TEN", "hieu_truong.ho_ten"},
		{"  hiệu   trưởng :  họ tên ", "hieu_truong.ho_ten"},
		{"Họ và tên hiệu trưởng", "hieu_truong.ho_ten"},
		{"hieu_truong.ho_ten", "hieu_truong.ho_ten"},
		{"phu_trach.dan_van.ho_ten", "phu_trach.dan_van.ho_ten"},
		{"Phụ trách dan_van: họ tên", "phu_trach.dan_van.ho_ten"},
		{"phu trach cong tac dan van chinh quyen - ho ten", "phu_trach.dan_van.ho_ten"},
		{"MÃ TRƯỜNG", "id"},
		{"id", "id"},
		{"Số", "so"},
		{"Thư điện tử", "email"},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			k := keys(plan)
			rows := table(plan, sheet.Headings(plan), all[:1], dayFirst)
			i := indexOf(k, tt.key)
			rows[0][i] = tt.heading
			// The value tells the column apart: it must land in its field.
			rows[1][i] = "Đặc Biệt"
			s, err := sheet.Load(bytes.NewReader(csvFile(t, rows, ',', false)), "t.csv", plan)
			if err != nil {
				t.Fatal(err)
			}
			if got := value(s.Schools[0], tt.key, dayFirst); got != "Đặc Biệt" {
				t.Errorf("%s: got %q", tt.key, got)
			}
		})
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	panic("no " + s)
}

// A file Excel saved in the Windows code page, or as UTF-16, or as an
// old .xls, is refused with how to save it.
func TestLoadEncodings(t *testing.T) {
	plan, _ := sample(t, "2025")
	tests := []struct {
		name string
		src  []byte
		want string
	}{
		{"windows-1258", []byte("id,ten\r\nth-a,Tr\xf0\xeang\r\n"), `t.csv: dòng 2: tệp không phải văn bản UTF-8`},
		{"utf-16", []byte{0xFF, 0xFE, 'i', 0, 'd', 0}, `t.csv: tệp được lưu ở dạng UTF-16`},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, `t.csv: tệp Excel 97-2003 (.xls)`},
		{"broken zip", []byte("PK\x03\x04broken"), `t.csv: không đọc được tệp Excel`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sheet.Load(bytes.NewReader(tt.src), "t.csv", plan)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.Is(err, generator.ErrInvalid) {
				t.Errorf("got %v, want %s…", err, tt.want)
			}
		})
	}
}

func TestIsSheet(t *testing.T) {
	for name, want := range map[string]bool{"a.xlsx": true, "A.CSV": true, "b.xls": true, "dir/c.xlsm": true, "schools.toml": false, "x": false} {
		if got := sheet.IsSheet(name); got != want {
			t.Errorf("IsSheet(%q): got %v, want %v", name, got, want)
		}
	}
}

// A list as clerks make it: a title above the headings and a first
// column of row numbers (STT). Both are left alone; rows keep Excel's
// numbers.
func TestTitleAndRowNumbers(t *testing.T) {
	plan, want := sample(t, "2025")
	rows := table(plan, sheet.Headings(plan), want, dayFirst)
	var withSTT [][]string
	withSTT = append(withSTT, []string{"DANH SÁCH TRƯỜNG, NĂM HỌC 2025-2026"}, nil)
	for i, r := range rows {
		n := "STT"
		if i > 0 {
			n = strconv.Itoa(i)
		}
		withSTT = append(withSTT, append([]string{n}, r...))
	}
	s := load(t, csvFile(t, withSTT, ';', true), "truong.csv", plan)
	sameSchools(t, s.Schools, want)
	// A problem still names the row and column Excel shows: the first
	// school is on row 4, its id in column B.
	withSTT[3][1] = ""
	_, err := sheet.Load(bytes.NewReader(csvFile(t, withSTT, ';', true)), "truong.csv", plan)
	if err == nil || !strings.Contains(err.Error(), "dòng 4, cột B") {
		t.Errorf("empty id: %v", err)
	}
}
