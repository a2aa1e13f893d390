package sheet

import (
	"fmt"
	"strings"

	"kehoach/generator"
)

// column is one column of a school list: where its value goes in a
// generator.School, the heading the template writes, the other headings
// it answers to, and what the "Hướng dẫn" sheet says about it.
type column struct {
	key      string   // the key in the schools file: "hieu_truong.ho_ten", "phu_trach.dan_van.chuc_vu"
	heading  string   // as the template writes it
	aliases  []string // other headings accepted; the key is always accepted too
	required bool     // the column must be there and no cell of it empty
	choices  []string // offered as a drop-down list in the template
	help     string   // for the "Hướng dẫn" sheet
	example  string
	width    float64
	field    func(*record) any // *string, *generator.Date or *bool
}

// record is a school while its row is read or written: the people in
// charge by pointer, since a map's values cannot be set in place.
type record struct {
	school generator.School
	roles  map[string]*generator.Person
}

func newRecord(plan *generator.Plan) *record {
	r := &record{roles: map[string]*generator.Person{}}
	for _, role := range plan.Roles {
		r.roles[role.ID] = new(generator.Person)
	}
	return r
}

// recordOf is a record of school s with a person, blank if s has none,
// for each role of plan.
func recordOf(plan *generator.Plan, s generator.School) *record {
	r := newRecord(plan)
	r.school = s
	for id, p := range s.Roles {
		r.roles[id] = &p
	}
	return r
}

// toSchool returns the school the record holds, with a person for each
// role; nil roles when the plan declares none, as a schools file without
// [truong.phu_trach] gives.
func (r *record) toSchool() generator.School {
	s := r.school
	s.Roles = nil
	if len(r.roles) > 0 {
		s.Roles = make(map[string]generator.Person, len(r.roles))
		for id, p := range r.roles {
			s.Roles[id] = *p
		}
	}
	return s
}

// Answers the yes/no column takes, folded; blank is no.
var (
	yesWords = []string{"co", "x", "true", "1", "yes", "dung"}
	noWords  = []string{"khong", "false", "0", "no", "sai"}
)

const (
	yes = "Có"
	no  = "Không"
)

// columns lists the columns of a school list for plan: the school's own,
// its principal's, then three for each role the plan declares.
func columns(plan *generator.Plan) []column {
	var types, typeHelp []string
	for _, t := range plan.Types() {
		types = append(types, t.ID)
		typeHelp = append(typeHelp, fmt.Sprintf("%s (%s)", t.ID, t.Name))
	}
	parent := plan.Office.Parent
	if parent == "" {
		parent = strings.ReplaceAll(plan.Office.Name, "\n", " ")
	}
	year := plan.Year
	if year == 0 {
		year = 2025
	}
	cols := []column{
		{key: "id", heading: "Mã trường", aliases: []string{"Mã", "Mã định danh"}, required: true, width: 26,
			help:    "Mã định danh duy nhất của trường, dùng làm tên thư mục chứa văn bản của trường: chữ thường không dấu, chữ số và dấu gạch ngang; tiền tố mn- (mầm non), th- (tiểu học), thcs- (trung học cơ sở), rồi tên trường viết không dấu.",
			example: "th-nguyen-binh-khiem",
			field:   func(r *record) any { return &r.school.ID }},
		{key: "ten", heading: "Tên trường", aliases: []string{"Tên", "Tên đầy đủ"}, required: true, width: 38,
			help:    "Tên đầy đủ chính thức của trường.",
			example: "Trường Tiểu học Nguyễn Bỉnh Khiêm",
			field:   func(r *record) any { return &r.school.Name }},
		{key: "ten_viet_tat", heading: "Tên viết tắt", required: true, width: 32,
			help:    "Tên viết tắt: Trường MN …, Trường TH …, Trường THCS ….",
			example: "Trường TH Nguyễn Bỉnh Khiêm",
			field:   func(r *record) any { return &r.school.ShortName }},
		{key: "loai", heading: "Loại trường", aliases: []string{"Loại"}, required: true, width: 14, choices: types,
			help:    "Loại trường, chọn trong danh sách: " + strings.Join(typeHelp, ", ") + ".",
			example: generator.Primary,
			field:   func(r *record) any { return &r.school.Type }},
		{key: "co_quan_chu_quan", heading: "Cơ quan chủ quản", required: true, width: 34,
			help:    "Cơ quan chủ quản, viết IN HOA; in ở góc trên bên trái văn bản. Muốn tự chọn chỗ xuống dòng thì nhấn Alt+Enter trong ô.",
			example: parent,
			field:   func(r *record) any { return &r.school.Parent }},
		{key: "dia_danh", heading: "Địa danh", required: true, width: 14,
			help:    "Địa danh ghi ở dòng ngày tháng: “" + plan.Office.Place + ", ngày … tháng … năm …”.",
			example: plan.Office.Place,
			field:   func(r *record) any { return &r.school.Place }},
		{key: "ky_hieu", heading: "Ký hiệu", aliases: []string{"Ký hiệu văn bản"}, required: true, width: 12,
			help:    "Ký hiệu của trường trong số văn bản “Số: …/KH-<ký hiệu>”: chữ IN HOA không dấu (được dùng chữ Đ) và chữ số, không trùng giữa các trường.",
			example: "THNBK",
			field:   func(r *record) any { return &r.school.Code }},
		{key: "email", heading: "Email", aliases: []string{"E-mail", "Thư điện tử", "Địa chỉ thư điện tử"}, required: true, width: 32,
			help:    "Địa chỉ thư điện tử của trường.",
			example: "c1nguyenbinhkhiem.q1@hcm.edu.vn",
			field:   func(r *record) any { return &r.school.Email }},
		{key: "dau_trang_viet_tat", heading: "Đầu trang viết tắt", aliases: []string{"Đầu trang ghi tên viết tắt"}, width: 12, choices: []string{yes, no},
			help:    "Chọn “Có” để phần đầu văn bản ghi tên viết tắt, “Không” để ghi tên đầy đủ; để trống là “Không”.",
			example: no,
			field:   func(r *record) any { return &r.school.ShortHeader }},
		{key: "ten_dau_trang", heading: "Tên đầu trang", width: 30,
			help:    "Chỉ ghi khi muốn tự chọn chỗ xuống dòng của tên ở đầu văn bản: nhấn Alt+Enter trong ô ở chỗ xuống dòng (hoặc gõ \\n). Để trống thì tên dài tự xuống dòng sau “TRƯỜNG TIỂU HỌC”, ….",
			example: "Trường Tiểu học\nNguyễn Bỉnh Khiêm",
			field:   func(r *record) any { return &r.school.HeaderName }},
		{key: "so", heading: "Số văn bản", aliases: []string{"Số"}, width: 10,
			help:    "Số văn bản đã được cấp, chỉ gồm chữ số (ô để dạng văn bản để giữ số 0 ở đầu); để trống khi chưa vào số, văn thư điền tay.",
			example: "05",
			field:   func(r *record) any { return &r.school.Number }},
		{key: "ngay", heading: "Ngày ban hành", aliases: []string{"Ngày", "Ngày ký"}, width: 14,
			help:    "Ngày ban hành kế hoạch của trường: ô ngày của Excel, hoặc gõ ngày/tháng/năm hay năm-tháng-ngày; để trống khi chưa ký.",
			example: fmt.Sprintf("05/03/%d", year),
			field:   func(r *record) any { return &r.school.Date }},
		{key: "hieu_truong.xung_ho", heading: "Hiệu trưởng: xưng hô", aliases: []string{"Xưng hô hiệu trưởng"}, required: true, width: 12, choices: []string{"Ông", "Bà"},
			help:    "Xưng hô của hiệu trưởng: chọn “Ông” hoặc “Bà”.",
			example: "Bà",
			field:   func(r *record) any { return &r.school.Principal.Salutation }},
		{key: "hieu_truong.ho_ten", heading: "Hiệu trưởng: họ và tên", aliases: []string{"Hiệu trưởng: họ tên", "Họ và tên hiệu trưởng", "Họ tên hiệu trưởng", "Hiệu trưởng"}, required: true, width: 26,
			help:    "Họ và tên hiệu trưởng.",
			example: "Nguyễn Thị Kim Ngân",
			field:   func(r *record) any { return &r.school.Principal.Name }},
		{key: "hieu_truong.ky", heading: "Hiệu trưởng: cách ký", aliases: []string{"Cách ký", "Cách ký của hiệu trưởng"}, required: true, width: 20,
			choices: []string{generator.SignPrincipal, generator.SignActing, generator.SignOnBehalf},
			help:    "Cách ký văn bản, chọn: “" + generator.SignPrincipal + "”; “" + generator.SignActing + "” (quyền hiệu trưởng); “" + generator.SignOnBehalf + "” (phó hiệu trưởng ký thay, khi đó ghi cả cột “Phó hiệu trưởng ký thay”).",
			example: generator.SignPrincipal,
			field:   func(r *record) any { return &r.school.Principal.Sign }},
		{key: "hieu_truong.pho_hieu_truong", heading: "Phó hiệu trưởng ký thay", aliases: []string{"Phó hiệu trưởng", "Hiệu trưởng: phó hiệu trưởng ký thay"}, width: 26,
			help:    "Chỉ ghi khi cách ký là “" + generator.SignOnBehalf + "”: họ và tên phó hiệu trưởng ký thay; các trường hợp khác để trống.",
			example: "",
			field:   func(r *record) any { return &r.school.Principal.Deputy }},
	}
	for _, role := range plan.Roles {
		id, work := role.ID, role.Work
		who := "Phụ trách " + work
		short := "Phụ trách " + id
		cols = append(cols,
			column{key: "phu_trach." + id + ".xung_ho", heading: who + ": xưng hô", aliases: []string{short + ": xưng hô", "Xưng hô người phụ trách " + work},
				required: true, width: 18, choices: []string{"Ông", "Bà"},
				help:    "Xưng hô của người phụ trách " + work + ": chọn “Ông” hoặc “Bà”.",
				example: "Ông",
				field:   func(r *record) any { return &r.roles[id].Salutation }},
			column{key: "phu_trach." + id + ".ho_ten", heading: who + ": họ và tên", aliases: []string{who + ": họ tên", short + ": họ và tên", short + ": họ tên", "Họ và tên người phụ trách " + work},
				required: true, width: 28,
				help:    "Họ và tên người phụ trách " + work + ".",
				example: "Phạm Quốc Bảo",
				field:   func(r *record) any { return &r.roles[id].Name }},
			column{key: "phu_trach." + id + ".chuc_vu", heading: who + ": chức vụ", aliases: []string{short + ": chức vụ", "Chức vụ người phụ trách " + work},
				required: true, width: 26,
				help:    "Chức vụ của người phụ trách " + work + ", ví dụ Phó Hiệu trưởng, Chủ tịch Công đoàn.",
				example: "Phó Hiệu trưởng",
				field:   func(r *record) any { return &r.roles[id].Position }},
		)
	}
	return cols
}

// Headings returns the headings of a school list for plan, in the order
// the template writes them.
func Headings(plan *generator.Plan) []string {
	var out []string
	for _, c := range columns(plan) {
		out = append(out, c.heading)
	}
	return out
}

// headingIndex maps every heading a column answers to, folded, to the
// column's index. A heading two columns answer to (two roles with the
// same work) belongs to the first; the key tells them apart.
func headingIndex(cols []column) map[string]int {
	index := map[string]int{}
	for i, c := range cols {
		for _, h := range append([]string{c.key, c.heading}, c.aliases...) {
			if _, taken := index[fold(h)]; !taken {
				index[fold(h)] = i
			}
		}
	}
	return index
}

// fold returns a heading as it is matched: generator.Fold ("Hiệu
// trưởng: Họ và tên" and "hieu_truong.ho_ten" alike).
func fold(s string) string { return generator.Fold(s) }

// leaf is the last segment of a key, as the schools file names it.
func leaf(key string) string { return key[strings.LastIndexByte(key, '.')+1:] }
