package generator

import (
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// School types every plan knows, as written in the schools file; a plan
// may declare others ([[loai_truong]]).
const (
	Kindergarten = "mam-non"
	Primary      = "tieu-hoc"
	Secondary    = "thcs"
)

var builtinTypes = []SchoolType{
	{Kindergarten, "trường mầm non"},
	{Primary, "trường tiểu học"},
	{Secondary, "trường trung học cơ sở"},
}

// types lists the school types of the plan: the built-in ones, then the
// plan's own.
func (p *Plan) types() []SchoolType {
	return append(append([]SchoolType(nil), builtinTypes...), p.SchoolTypes...)
}

// schoolType finds a type of the plan by its id.
func (p *Plan) schoolType(id string) *SchoolType {
	for _, t := range p.types() {
		if t.ID == id {
			return &t
		}
	}
	return nil
}

func typeList(extra []SchoolType) string {
	var ids []string
	for _, t := range append(append([]SchoolType(nil), builtinTypes...), extra...) {
		ids = append(ids, strconv.Quote(t.ID))
	}
	return strings.Join(ids, ", ")
}

// How a school's documents are signed.
const (
	SignPrincipal = "HIỆU TRƯỞNG"
	SignActing    = "Q. HIỆU TRƯỞNG"
	SignOnBehalf  = "KT. HIỆU TRƯỞNG"
)

// School is one school's details, as kept in the schools file.
type School struct {
	ID          string `toml:"id,required"`
	Name        string `toml:"ten,required"`
	ShortName   string `toml:"ten_viet_tat,required"`
	Type        string `toml:"loai,required"`
	Parent      string `toml:"co_quan_chu_quan,required"`
	Place       string `toml:"dia_danh,required"`
	Code        string `toml:"ky_hieu,required"`
	Email       string `toml:"email,required"`
	ShortHeader bool   `toml:"dau_trang_viet_tat"`
	HeaderName  string `toml:"ten_dau_trang"` // the name as the header shows it, "\n" where it breaks
	Number      string `toml:"so"`
	Date        Date   `toml:"ngay"`

	Principal Principal         `toml:"hieu_truong,required"`
	Roles     map[string]Person `toml:"phu_trach"` // who is in charge of each assignment the plan declares ([[phu_trach]])
	line      int
	src       *source // the file it was read from; nil when built in code
}

// source is a file schools were read from, for messages found later.
type source struct {
	file  string
	index *keyIndex
}

// Principal is the head of a school and how documents are signed.
type Principal struct {
	Salutation string `toml:"xung_ho,required"`
	Name       string `toml:"ho_ten,required"`
	Sign       string `toml:"ky,required"`
	Deputy     string `toml:"pho_hieu_truong"` // signs when Sign is KT. HIỆU TRƯỞNG
}

// Person is a member of staff with an assignment.
type Person struct {
	Salutation string `toml:"xung_ho,required"`
	Name       string `toml:"ho_ten,required"`
	Position   string `toml:"chuc_vu,required"`
}

type schoolFile struct {
	Schools []School `toml:"truong,required"`
}

// LoadSchools reads and checks the schools file from r; name is used in
// messages. Every problem of the file is reported at once.
func LoadSchools(r io.Reader, name string) ([]School, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("generator: đọc %s: %w", name, err)
	}
	var f schoolFile
	pl, filled := decodeFile(name, src, &f)
	if !filled {
		return nil, pl.err()
	}
	if err := checked(pl, f.check); err != nil {
		return nil, err
	}
	source := &source{file: name, index: pl.index}
	for i := range f.Schools {
		f.Schools[i].src = source
	}
	return f.Schools, nil
}

func (f *schoolFile) check(pl *problemList) {
	ids := map[string]int{}
	codes := map[string]int{}
	for i := range f.Schools {
		s := &f.Schools[i]
		key := indexKey("truong", i+1)
		s.line = pl.index.line(key)
		s.check(pl, key)
		if prev, ok := ids[s.ID]; ok && s.ID != "" {
			pl.add(key+".id", "id %q đã dùng cho trường %s; mỗi trường cần một id riêng", s.ID, f.where(prev))
		} else {
			ids[s.ID] = i
		}
		if prev, ok := codes[s.Code]; ok && s.Code != "" {
			pl.add(key+".ky_hieu", "ký hiệu %q đã dùng cho trường %s; mỗi trường cần ký hiệu riêng", s.Code, f.where(prev))
		} else {
			codes[s.Code] = i
		}
	}
}

// where names school i for a message: by its line in the file, or by its
// place in the list when it was built in code.
func (f *schoolFile) where(i int) string {
	if l := f.Schools[i].line; l > 0 {
		return fmt.Sprintf("ở dòng %d", l)
	}
	return fmt.Sprintf("thứ %d trong danh sách", i+1)
}

// LoadSchoolsFS reads the schools file at path in fsys.
func LoadSchoolsFS(fsys fs.FS, path string) ([]School, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, fmt.Errorf("generator: mở danh sách trường: %w", err)
	}
	defer f.Close()
	return LoadSchools(f, path)
}

func (s *School) check(pl *problemList, key string) {
	if s.ID != "" && !isSlug(s.ID) {
		pl.add(key+".id", "id %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"th-nguyen-binh-khiem\"", s.ID)
	}
	if s.Type != "" && !isSlug(s.Type) {
		pl.add(key+".loai", "loại trường %q không có; hãy viết một trong: %s", s.Type, typeList(nil))
	}
	if s.Code != "" && !isCode(s.Code) {
		pl.add(key+".ky_hieu", "ký hiệu %q chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ \"THNBK\"", s.Code)
	}
	if s.Number != "" && !isDigits(s.Number) {
		pl.add(key+".so", "số văn bản %q chỉ gồm chữ số, ví dụ so = \"05\"; để trống nếu chưa vào số", s.Number)
	}
	if s.Email != "" && (strings.Count(s.Email, "@") != 1 || strings.ContainsAny(s.Email, " \t")) {
		pl.add(key+".email", "địa chỉ thư điện tử %q không đúng dạng ten@mien", s.Email)
	}
	salutations := []struct{ k, v string }{{"hieu_truong.xung_ho", s.Principal.Salutation}}
	for _, role := range sortedKeysOf(s.Roles) {
		k := joinKey("phu_trach", role)
		if !isName(role) {
			pl.add(key+"."+k, "mã việc %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, như trong [[phu_trach]] của kế hoạch", role)
		}
		salutations = append(salutations, struct{ k, v string }{k + ".xung_ho", s.Roles[role].Salutation})
	}
	for _, p := range salutations {
		if p.v != "" && p.v != "Ông" && p.v != "Bà" {
			pl.add(key+"."+p.k, "xưng hô %q không đúng; hãy viết \"Ông\" hoặc \"Bà\"", p.v)
		}
	}
	switch s.Principal.Sign {
	case SignOnBehalf:
		if s.Principal.Deputy == "" {
			pl.add(key+".hieu_truong.ky", "ký %q thì cần pho_hieu_truong (họ tên phó hiệu trưởng ký thay); hãy thêm dòng pho_hieu_truong = \"…\"", s.Principal.Sign)
		}
	case SignPrincipal, SignActing, "":
		if s.Principal.Deputy != "" {
			pl.add(key+".hieu_truong.pho_hieu_truong", "pho_hieu_truong chỉ dùng khi ky = %q; hãy xóa dòng này hoặc đổi cách ký", SignOnBehalf)
		}
	default:
		pl.add(key+".hieu_truong.ky", "cách ký %q không có; hãy viết %q, %q hoặc %q", s.Principal.Sign, SignPrincipal, SignActing, SignOnBehalf)
	}
}

func isCode(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == 'Đ') {
			return false
		}
	}
	return s != ""
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkForPlan checks what a school needs for plan p: a type the plan
// knows and a person for each assignment it declares.
func (s *School) checkForPlan(pl *problemList, key string, p *Plan) {
	if s.Type != "" && isSlug(s.Type) && p.schoolType(s.Type) == nil {
		pl.add(key+".loai", "loại trường %q không có trong kế hoạch %s; hãy viết một trong: %s (loại khác thì khai báo [[loai_truong]] trong kế hoạch)", s.Type, p.name(), typeList(p.SchoolTypes))
	}
	for _, r := range p.Roles {
		if _, ok := s.Roles[r.ID]; !ok && r.ID != "" {
			pl.add(key+".phu_trach", "trường %q thiếu người phụ trách %s (%s) mà kế hoạch %s cần; hãy thêm bảng [truong.phu_trach.%s] với xung_ho, ho_ten, chuc_vu", s.ID, r.Work, r.ID, p.name(), r.ID)
		}
	}
	for _, id := range sortedKeysOf(s.Roles) {
		if p.role(id) == nil {
			pl.add(key+"."+joinKey("phu_trach", id), "kế hoạch %s không có việc %q trong [[phu_trach]]; hãy xóa bảng này hoặc đổi tên cho đúng mã trong kế hoạch (%s)", p.name(), id, roleList(p.Roles))
		}
	}
}

func (p *Plan) role(id string) *Role {
	for i := range p.Roles {
		if p.Roles[i].ID == id {
			return &p.Roles[i]
		}
	}
	return nil
}

func roleList(roles []Role) string {
	if len(roles) == 0 {
		return "kế hoạch không cần phân công"
	}
	var ids []string
	for _, r := range roles {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

// Types lists the school types of the plan: the built-in ones, then those
// it declares ([[loai_truong]]).
func (p *Plan) Types() []SchoolType { return p.types() }
