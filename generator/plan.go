package generator

import (
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"sort"
	"strings"
)

// Plan is a district plan as kept in its TOML file: the district's own
// document and, as data, how each part of it becomes part of a school's plan
// and report forms. The TOML keys are Vietnamese words the office staff can
// read; data/plan-2025.toml is the reference.
type Plan struct {
	File string `toml:"-"` // the name it was loaded from

	Year        int               `toml:"nam,required"`
	Office      Office            `toml:"co_quan,required"`
	Doc         PlanDoc           `toml:"van_ban,required"`
	Signer      PlanSigner        `toml:"ky,required"`
	Contacts    map[string]string `toml:"lien_he"`     // name -> address, {{lien_he.<name>}}
	Roles       []Role            `toml:"phu_trach"`   // assignments each school fills in
	Deadlines   map[string]Date   `toml:"thoi_han"`    // name -> date, {{thoi_han.<name>}}
	SchoolTypes []SchoolType      `toml:"loai_truong"` // types besides the built-in ones
	School      SchoolPart        `toml:"ke_hoach_truong,required"`
	Report      ReportPart        `toml:"bao_cao"` // none: the plan asks for no reports
	Sections    []Paragraph       `toml:"doan,required"`
	Appendices  []Appendix        `toml:"phu_luc"`

	placeholders []placeholderValue // the plan's placeholders, set by check
}

// Office is the issuer of the plan: a Phòng or Sở under its People's
// Committee, or a People's Committee on its own.
type Office struct {
	Parent string `toml:"chu_quan"`               // ỦY BAN NHÂN DÂN QUẬN 1; none for a People's Committee
	Name   string `toml:"ten,required"`           // PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
	InText string `toml:"ten_trong_cau,required"` // Phòng Giáo dục và Đào tạo Quận 1
	Code   string `toml:"ky_hieu,required"`       // GDĐT
	Place  string `toml:"dia_danh,required"`      // Quận 1
	Folder string `toml:"thu_muc"`                // output folder of its own plan; default IssuerDir
}

// PlanDoc holds the plan's own number, date, title and basis.
type PlanDoc struct {
	Number     string  `toml:"so"`
	Date       Date    `toml:"ngay"`
	TypeName   string  `toml:"ten_loai,required"`
	Subject    string  `toml:"trich_yeu,required"`
	About      string  `toml:"ve_viec,required"`
	Basis      []Basis `toml:"can_cu"`
	Separate   bool    `toml:"can_cu_rieng"` // each basis a paragraph of its own, and the lead sentence too
	Attachment string  `toml:"dinh_kem"`
	Lead       string  `toml:"xay_dung,required"`
}

// Basis is one document the plan is based on ("Căn cứ …"). In the file it
// is a string, or a table that limits it to one of the documents.
type Basis struct {
	Text       string `toml:"noi_dung,required"`
	IssuerOnly bool   `toml:"chi_co_quan"`
	SchoolOnly bool   `toml:"chi_truong"`
}

// PlanSigner is who signs the issuer's plan and who receives it.
type PlanSigner struct {
	Title      string   `toml:"chuc_vu,required"` // "\n" between lines: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
	Name       string   `toml:"ho_ten,required"`
	Recipients []string `toml:"noi_nhan,required"`
}

// Role is an assignment the plan asks of every school: the school names
// the person in charge ([truong.phu_trach.<ma>]).
type Role struct {
	ID   string `toml:"ma,required"`   // chuyen_doi_so
	Work string `toml:"viec,required"` // công tác chuyển đổi số
}

// SchoolType is a type of school a plan declares besides the built-in
// ones (mầm non, tiểu học, THCS), such as liên cấp.
type SchoolType struct {
	ID   string `toml:"ma,required"`  // lien-cap
	Name string `toml:"ten,required"` // trường liên cấp
}

// SchoolPart is what only a school's plan has.
type SchoolPart struct {
	Lead       string   `toml:"xay_dung,required"`
	Recipients []string `toml:"noi_nhan,required"`
}

// ReportPart describes the blank report forms.
type ReportPart struct {
	Subject    string          `toml:"trich_yeu,required"`
	To         []string        `toml:"kinh_gui,required"`
	Lead       string          `toml:"mo_dau,required"`
	Note       string          `toml:"ghi_chu"`
	FromPart   string          `toml:"muc_ke_hoach,required"`
	BlankLines int             `toml:"dong_trong"`
	Recipients []string        `toml:"noi_nhan,required"`
	Periods    []ReportPeriod  `toml:"ky,required"`
	Parts      []ReportSection `toml:"muc,required"`
	Table      ReportTable     `toml:"bang"`
}

// ReportPeriod is one reporting period: one report form per school.
type ReportPeriod struct {
	ID       string `toml:"ma,required"`  // name used on the command line
	FileName string `toml:"tep,required"` // output file name without extension
	Name     string `toml:"ten,required"` // 6 tháng đầu năm 2025
	Due      Date   `toml:"han,required"` // send before this date
	Next     string `toml:"tiep_theo,required"`
}

// ReportSection is one Roman-numbered section of a report form.
type ReportSection struct {
	Title      string `toml:"tieu_de,required"`
	BlankLines int    `toml:"dong_trong"`
	Results    bool   `toml:"ket_qua"` // the plan's items and the figures table go here
}

// ReportTable is the table of figures in a report form.
type ReportTable struct {
	Title   string     `toml:"tieu_de"`
	Columns []string   `toml:"cot"`
	Rows    []TableRow `toml:"dong"`
}

// TableRow is one figure the report asks for.
type TableRow struct {
	Text  string   `toml:"noi_dung,required"`
	Unit  string   `toml:"don_vi"`
	Types []string `toml:"loai"` // only for these types of school; none: every school
}

// Paragraph is one numbered or plain paragraph of the plan's body (or of
// an appendix), a heading, a sentence or a table, with how it carries over
// to a school's plan.
type Paragraph struct {
	Label       string            `toml:"so"`
	Heading     string            `toml:"tieu_de"`
	Text        string            `toml:"noi_dung"`
	Table       BodyTable         `toml:"bang"`
	Summary     string            `toml:"tom_tat"`
	SchoolText  string            `toml:"truong_noi_dung"`
	SchoolSubst map[string]string `toml:"truong_thay"`
	IssuerOnly  bool              `toml:"chi_co_quan"`
	SchoolOnly  bool              `toml:"chi_truong"`
	Types       []string          `toml:"loai"` // only in plans of these types of school

	level int    // levelDivision … levelPlus, 0 for an unnumbered paragraph
	key   string // doan[n], for messages
}

// BodyTable is a table written in the plan's body or an appendix.
type BodyTable struct {
	Columns  []string      `toml:"cot,required"`
	Widths   []float64     `toml:"do_rong"`
	Numbered bool          `toml:"danh_so"` // the first column numbers the rows
	Groups   []ColumnGroup `toml:"nhom"`
	Rows     []BodyRow     `toml:"dong"`
}

// ColumnGroup is a header cell over several columns, numbered from 1.
type ColumnGroup struct {
	Title string `toml:"ten,required"`
	From  int    `toml:"tu,required"`
	To    int    `toml:"den,required"`
}

// BodyRow is one row of a body table.
type BodyRow struct {
	Cells []string `toml:"o,required"`
	Types []string `toml:"loai"`
}

// Appendix is a phụ lục: after the signature, on a page of its own.
type Appendix struct {
	Title      string      `toml:"tieu_de,required"`
	IssuerOnly bool        `toml:"chi_co_quan"`
	SchoolOnly bool        `toml:"chi_truong"`
	Types      []string    `toml:"loai"`
	Sections   []Paragraph `toml:"doan,required"`

	key string // phu_luc[n], for messages
}

// isTable reports whether the paragraph is a table.
func (p *Paragraph) isTable() bool { return len(p.Table.Columns) > 0 || len(p.Table.Rows) > 0 }

// LoadPlan reads and checks a plan from r; name is used in messages.
// Every problem of the file is reported at once in a Problems error.
func LoadPlan(r io.Reader, name string) (*Plan, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("generator: đọc %s: %w", name, err)
	}
	p := &Plan{File: name}
	pl, filled := decodeFile(name, src, p)
	if !filled {
		return nil, pl.err()
	}
	if err := checked(pl, p.check); err != nil {
		return nil, err
	}
	return p, nil
}

// LoadPlanFS reads the plan at path in fsys.
func LoadPlanFS(fsys fs.FS, path string) (*Plan, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, fmt.Errorf("generator: mở kế hoạch: %w", err)
	}
	defer f.Close()
	return LoadPlan(f, path)
}

// check validates what the types alone do not: numbering, placeholders,
// markup, the roles, types and tables, and the rules for schools.
func (p *Plan) check(pl *problemList) {
	if p.Year < 2000 || p.Year > 2100 {
		pl.add("nam", "năm %d không hợp lý; hãy viết năm của kế hoạch, ví dụ: nam = 2026", p.Year)
	}
	if p.Office.Folder != "" && !isSlug(p.Office.Folder) {
		pl.add("co_quan.thu_muc", "tên thư mục %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"ubnd-phuong\"", p.Office.Folder)
	}
	if p.Office.Code != "" && !isCode(p.Office.Code) {
		pl.add("co_quan.ky_hieu", "ký hiệu %q chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ \"UBND\"", p.Office.Code)
	}
	p.checkNames(pl)
	p.placeholders = p.expandPlaceholders()
	// Written into sentences of the documents, so their markup is checked;
	// they take no placeholders.
	checkText(pl, "co_quan.ten_trong_cau", p.Office.InText, nil)
	checkText(pl, "co_quan.dia_danh", p.Office.Place, nil)
	if p.Doc.Number != "" && !isDigits(p.Doc.Number) {
		pl.add("van_ban.so", "số văn bản %q chỉ gồm chữ số, ví dụ: so = \"05\"; để trống nếu chưa vào số", p.Doc.Number)
	}
	issuerSet := p.placeholderSet(ScopePlan)
	schoolSet := p.placeholderSet(ScopeSchool)
	reportSet := p.placeholderSet(ScopeReport)

	checkText(pl, "van_ban.trich_yeu", p.Doc.Subject, issuerSet)
	checkText(pl, "van_ban.xay_dung", p.Doc.Lead, issuerSet)
	checkText(pl, "van_ban.dinh_kem", p.Doc.Attachment, issuerSet)
	checkText(pl, "van_ban.ve_viec", p.Doc.About, issuerSet)
	for i, b := range p.Doc.Basis {
		key := indexKey("van_ban.can_cu", i+1)
		set := issuerSet
		if b.SchoolOnly {
			set = schoolSet
		}
		if b.IssuerOnly && b.SchoolOnly {
			pl.add(key+".chi_truong", "căn cứ không thể vừa chi_co_quan vừa chi_truong; hãy bỏ một trong hai")
		}
		checkText(pl, key, b.Text, set)
	}
	checkText(pl, "ke_hoach_truong.xay_dung", p.School.Lead, schoolSet)
	for i, r := range p.School.Recipients {
		checkText(pl, indexKey("ke_hoach_truong.noi_nhan", i+1), r, schoolSet)
	}
	checkText(pl, "bao_cao.trich_yeu", p.Report.Subject, reportSet)
	checkText(pl, "bao_cao.mo_dau", p.Report.Lead, reportSet)
	checkText(pl, "bao_cao.ghi_chu", p.Report.Note, reportSet)
	for i, s := range p.Report.Parts {
		key := indexKey("bao_cao.muc", i+1)
		checkText(pl, key+".tieu_de", s.Title, reportSet)
		if s.BlankLines < 0 || s.BlankLines > 40 {
			pl.add(key+".dong_trong", "số dòng trống phải từ 0 đến 40")
		}
	}
	// Every other text: placeholders as the document allows, and the
	// markup checked, so that composing never meets a text it cannot read.
	for _, list := range []struct {
		key   string
		items []string
		set   map[string]bool
	}{
		{"ky.noi_nhan", p.Signer.Recipients, issuerSet},
		{"bao_cao.kinh_gui", p.Report.To, reportSet},
		{"bao_cao.noi_nhan", p.Report.Recipients, reportSet},
		{"bao_cao.bang.cot", p.Report.Table.Columns, nil},
	} {
		for i, it := range list.items {
			checkText(pl, indexKey(list.key, i+1), it, list.set)
		}
	}
	checkText(pl, "ky.chuc_vu", p.Signer.Title, nil)
	checkText(pl, "ky.ho_ten", p.Signer.Name, nil)
	for _, name := range sortedKeysOf(p.Contacts) {
		checkText(pl, joinKey("lien_he", name), p.Contacts[name], nil)
	}
	for i, r := range p.Roles {
		checkText(pl, indexKey("phu_trach", i+1)+".viec", r.Work, nil)
	}
	checkText(pl, "bao_cao.bang.tieu_de", p.Report.Table.Title, reportSet)
	for i, row := range p.Report.Table.Rows {
		key := indexKey("bao_cao.bang.dong", i+1)
		checkText(pl, key+".noi_dung", row.Text, reportSet)
		checkText(pl, key+".don_vi", row.Unit, nil)
		p.checkTypes(pl, key+".loai", row.Types)
	}
	for i, k := range p.Report.Periods {
		for _, f := range []struct{ key, v string }{{"ten", k.Name}, {"tiep_theo", k.Next}} {
			checkText(pl, indexKey("bao_cao.ky", i+1)+"."+f.key, f.v, nil)
		}
	}
	if n := len(p.Report.Table.Columns); n > 0 && n < 3 {
		pl.add("bao_cao.bang.cot", "bảng cần ít nhất 3 cột: số thứ tự, nội dung, đơn vị tính (các cột sau để trường điền)")
	}
	p.checkReport(pl)
	foundPart := p.checkParagraphs(pl, p.Sections, "doan", p.Report.FromPart)
	if p.Report.FromPart != "" && !foundPart {
		pl.add("bao_cao.muc_ke_hoach", "kế hoạch không có mục %q; hãy ghi số La Mã của mục có các nội dung cần báo cáo", p.Report.FromPart)
	}
	for i := range p.Appendices {
		a := &p.Appendices[i]
		key := indexKey("phu_luc", i+1)
		a.key = key
		checkText(pl, key+".tieu_de", a.Title, issuerSet)
		if a.IssuerOnly && a.SchoolOnly {
			pl.add(key+".chi_truong", "phụ lục không thể vừa chi_co_quan vừa chi_truong; hãy bỏ một trong hai")
		}
		p.checkTypes(pl, key+".loai", a.Types)
		p.checkParagraphs(pl, a.Sections, key+".doan", "")
	}
}

// checkNames checks the names a plan gives: roles, contacts, deadlines,
// school types and report periods, which placeholders and files are made of.
func (p *Plan) checkNames(pl *problemList) {
	roles := map[string]bool{}
	for i, r := range p.Roles {
		key := indexKey("phu_trach", i+1) + ".ma"
		switch {
		case r.ID == "":
		case !isName(r.ID):
			pl.add(key, "mã %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, ví dụ \"chuyen_doi_so\"", r.ID)
		case roles[r.ID]:
			pl.add(key, "mã %q bị trùng; mỗi việc phân công cần một mã riêng", r.ID)
		}
		roles[r.ID] = true
	}
	for _, name := range sortedKeysOf(p.Contacts) {
		if !isName(name) {
			pl.add(joinKey("lien_he", name), "tên %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, ví dụ email_vhxh", name)
		}
	}
	for name, d := range p.Deadlines {
		key := joinKey("thoi_han", name)
		if !isName(name) {
			pl.add(key, "tên %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, ví dụ nop_ke_hoach", name)
		}
		if d.IsZero() {
			pl.add(key, "thời hạn cần một ngày, ví dụ: %s = %d-01-20", name, p.Year)
		}
	}
	types := map[string]bool{}
	for _, t := range builtinTypes {
		types[t.ID] = true
	}
	for i, t := range p.SchoolTypes {
		key := indexKey("loai_truong", i+1) + ".ma"
		switch {
		case t.ID == "":
		case !isSlug(t.ID):
			pl.add(key, "mã loại trường %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"lien-cap\"", t.ID)
		case types[t.ID]:
			pl.add(key, "loại trường %q đã có; các loại có sẵn: %s", t.ID, typeList(nil))
		}
		types[t.ID] = true
	}
}

// checkTypes checks a list of school types a part of the plan is limited to.
func (p *Plan) checkTypes(pl *problemList, key string, types []string) {
	for i, t := range types {
		if p.schoolType(t) == nil {
			pl.add(indexKey(key, i+1), "loại trường %q không có; hãy viết một trong: %s (loại khác thì khai báo trong [[loai_truong]])", t, typeList(p.SchoolTypes))
		}
	}
}

// HasReports reports whether the plan asks schools for reports: whether it
// has a [bao_cao] table.
func (p *Plan) HasReports() bool { return !reflect.ValueOf(p.Report).IsZero() }

func (p *Plan) checkReport(pl *problemList) {
	if !p.HasReports() {
		return
	}
	seen, files := map[string]bool{}, map[string]bool{}
	for i, k := range p.Report.Periods {
		key := indexKey("bao_cao.ky", i+1)
		if seen[k.ID] {
			pl.add(key+".ma", "mã kỳ báo cáo %q bị trùng; mỗi kỳ cần một mã riêng", k.ID)
		}
		seen[k.ID] = true
		if k.ID != "" && !isSlug(k.ID) {
			pl.add(key+".ma", "mã kỳ báo cáo %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"bao-cao-quy-1\"", k.ID)
		}
		if k.ID == DocIssuer || k.ID == DocPlan {
			pl.add(key+".ma", "mã %q đã dùng cho loại văn bản khác; hãy chọn mã khác, ví dụ \"bao-cao-quy-1\"", k.ID)
		}
		if k.FileName != "" && !isSlug(k.FileName) {
			pl.add(key+".tep", "tên tệp %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"bao-cao-6-thang\"", k.FileName)
		}
		if k.FileName == planFile || files[k.FileName] {
			pl.add(key+".tep", "tên tệp %q đã dùng cho văn bản khác; mỗi kỳ báo cáo cần một tên tệp riêng, khác %q", k.FileName, planFile)
		}
		files[k.FileName] = true
	}
	results := 0
	for _, s := range p.Report.Parts {
		if s.Results {
			results++
		}
	}
	if results != 1 {
		pl.add("bao_cao.muc", "cần đúng một mục có ket_qua = true (mục kết quả thực hiện), hiện có %d", results)
	}
	if p.Report.FromPart != "" && levelOf(p.Report.FromPart) != levelPart {
		pl.add("bao_cao.muc_ke_hoach", "%q phải là số La Mã của một mục trong kế hoạch, ví dụ \"II.\"", p.Report.FromPart)
	}
	if p.Report.BlankLines < 0 || p.Report.BlankLines > 20 {
		pl.add("bao_cao.dong_trong", "số dòng trống phải từ 0 đến 20")
	}
}

// checkParagraphs checks a list of paragraphs, the body's or an
// appendix's, whose keys start with prefix. reported is the section whose
// items become report entries ("" for none); the result says whether it
// was found.
func (p *Plan) checkParagraphs(pl *problemList, paras []Paragraph, prefix, reported string) bool {
	issuerSet, schoolSet := p.placeholderSet(ScopePlan), p.placeholderSet(ScopeSchool)
	foundPart := false
	inPart := false
	for i := range paras {
		para := &paras[i]
		para.key = indexKey(prefix, i+1)
		para.level = levelOf(para.Label)
		if para.Label != "" && para.level < 0 {
			pl.add(para.key+".so", "số thứ tự %q không đúng dạng; hãy dùng \"Phần I\", \"I.\", \"1.\", \"1.1.\", \"a)\", \"-\" hoặc \"+\"", para.Label)
		}
		if para.level == levelPart {
			inPart = reported != "" && para.Label == reported
			foundPart = foundPart || inPart
		}
		kinds := 0
		for _, has := range []bool{para.Heading != "", para.Text != "", para.isTable()} {
			if has {
				kinds++
			}
		}
		switch {
		case kinds == 0:
			pl.add(para.key, "đoạn không có nội dung; hãy thêm tieu_de = \"…\" (đề mục), noi_dung = \"…\" (câu văn) hoặc một bảng [%s.bang]", stripIndexes(prefix))
		case kinds > 1:
			pl.add(para.key+".noi_dung", "đoạn có hơn một trong tieu_de, noi_dung, bang; mỗi [[%s]] chỉ một trong ba, hãy tách thành nhiều đoạn", stripIndexes(prefix))
		}
		if (para.level == levelPart || para.level == levelDivision) && para.Heading == "" {
			pl.add(para.key, "mục %s cần có tieu_de", para.Label)
		}
		if para.isTable() && para.Label != "" {
			pl.add(para.key+".so", "bảng không đánh số thứ tự; hãy bỏ dòng so, hoặc đặt số ở một đoạn tieu_de phía trên bảng")
		}
		if para.IssuerOnly && para.SchoolOnly {
			pl.add(para.key+".chi_truong", "đoạn không thể vừa chi_co_quan vừa chi_truong; hãy bỏ một trong hai")
		}
		if para.SchoolOnly && (para.SchoolText != "" || len(para.SchoolSubst) > 0) {
			pl.add(para.key+".chi_truong", "đoạn chỉ của trường thì viết thẳng lời của trường vào noi_dung, không cần truong_noi_dung hay truong_thay")
		}
		if para.SchoolText != "" && len(para.SchoolSubst) > 0 {
			pl.add(para.key+".truong_thay", "đã có truong_noi_dung thì không dùng truong_thay; hãy bỏ một trong hai")
		}
		if para.isTable() && (para.SchoolText != "" || len(para.SchoolSubst) > 0) {
			pl.add(para.key+".truong_thay", "bảng không dùng truong_noi_dung hay truong_thay; bảng riêng của trường viết thành đoạn chi_truong")
		}
		p.checkTypes(pl, para.key+".loai", para.Types)
		textSet := issuerSet
		if para.SchoolOnly {
			textSet = schoolSet
		}
		checkText(pl, para.key+".tieu_de", para.Heading, textSet)
		checkText(pl, para.key+".noi_dung", para.Text, textSet)
		checkText(pl, para.key+".truong_noi_dung", para.SchoolText, schoolSet)
		checkText(pl, para.key+".tom_tat", para.Summary, nil)
		if para.isTable() {
			p.checkTable(pl, para.key+".bang", &para.Table, textSet)
		}
		substOK := true
		for _, from := range sortedKeysOf(para.SchoolSubst) {
			k := joinKey(para.key+".truong_thay", from)
			if n := strings.Count(para.Text+para.Heading, from); n == 0 {
				pl.add(k, "không tìm thấy cụm từ %q trong đoạn này; hãy chép đúng cụm từ trong noi_dung", from)
				substOK = false
			} else if n > 1 {
				pl.add(k, "cụm từ %q có %d lần trong đoạn; hãy viết dài hơn để chỉ khớp một chỗ", from, n)
				substOK = false
			}
			checkText(pl, k, para.SchoolSubst[from], schoolSet)
		}
		if substOK && len(para.SchoolSubst) > 0 {
			if school, err := substitute(para.Text+para.Heading, para.SchoolSubst); err != nil {
				pl.add(para.key+".truong_thay", "%v", err)
			} else {
				if _, err := parseMarkup(school); err != nil {
					pl.add(para.key+".truong_thay", "sau khi thay cụm từ, %v; hãy thay cả cụm có dấu *", err)
				}
			}
		}
		if inPart && para.level >= levelClause && para.Heading == "" && para.Summary == "" && !para.IssuerOnly && !para.isTable() {
			pl.add(para.key+".tom_tat", "đoạn %s thuộc mục %s cần tom_tat (tên ngắn của đoạn, dùng làm mục trong mẫu báo cáo); hãy thêm dòng tom_tat = \"…\"", para.Label, reported)
		}
	}
	p.checkNumbering(pl, paras)
	return foundPart
}

// checkTable checks a table of the body: its columns, groups, widths and
// rows.
func (p *Plan) checkTable(pl *problemList, key string, t *BodyTable, set map[string]bool) {
	n := len(t.Columns)
	for i, c := range t.Columns {
		checkText(pl, indexKey(key+".cot", i+1), c, set)
	}
	if len(t.Widths) > 0 && len(t.Widths) != n {
		pl.add(key+".do_rong", "có %d độ rộng cho %d cột; hãy ghi mỗi cột một số, ví dụ do_rong = [1, 6, 2]", len(t.Widths), n)
	}
	for i, w := range t.Widths {
		if w <= 0 || w > 100 {
			pl.add(indexKey(key+".do_rong", i+1), "độ rộng %v phải là số dương (tỷ lệ giữa các cột), ví dụ 1 hoặc 6", w)
		}
	}
	used := make([]bool, n+1)
	for i, g := range t.Groups {
		gk := indexKey(key+".nhom", i+1)
		checkText(pl, gk+".ten", g.Title, set)
		if g.From < 1 || g.To > n || g.From > g.To {
			pl.add(gk, "nhóm cột từ %d đến %d không có trong bảng %d cột; hãy ghi tu và den là số thứ tự cột, 1 ≤ tu ≤ den ≤ %d", g.From, g.To, n, n)
			continue
		}
		for c := g.From; c <= g.To; c++ {
			if used[c] {
				pl.add(gk, "nhóm cột chồng lên nhóm khác ở cột %d; mỗi cột chỉ thuộc một nhóm", c)
				break
			}
			used[c] = true
		}
	}
	want := n
	if t.Numbered {
		want--
	}
	if len(t.Rows) == 0 {
		pl.add(key, "bảng chưa có dòng nào; hãy thêm [[%s.dong]] với o = [\"…\", …]", stripIndexes(key))
	}
	for i, r := range t.Rows {
		rk := indexKey(key+".dong", i+1)
		if len(r.Cells) != want {
			hint := ""
			if t.Numbered {
				hint = " (cột số thứ tự tự đánh, không ghi)"
			}
			pl.add(rk+".o", "dòng có %d ô nhưng bảng cần %d%s", len(r.Cells), want, hint)
		}
		for j, c := range r.Cells {
			checkText(pl, indexKey(rk+".o", j+1), c, set)
		}
		p.checkTypes(pl, rk+".loai", r.Types)
	}
}

// checkNumbering verifies that, in the issuer's plan, the labels written
// in the file run in order (I., II.; 1., 2.; a), b) … đ) …), and that no
// document, the issuer's or a school's of any type, skips a level (an
// "a)" straight under "I."). Each document is numbered afresh when
// composed, so a school's plan that leaves a paragraph out stays in
// sequence; this catches typing mistakes.
func (p *Plan) checkNumbering(pl *problemList, paras []Paragraph) {
	var n numberer
	flagged := map[string]bool{}
	for i := range paras {
		para := &paras[i]
		if para.SchoolOnly || para.level <= 0 {
			continue
		}
		if !n.fits(para.level) {
			pl.add(para.key+".so", "%q không thể đứng ngay dưới %q; thiếu một cấp đề mục ở giữa", para.Label, n.last)
			flagged[para.key] = true
			n.next(para.level)
			continue
		}
		if want := n.next(para.level); want != canonicalLabel(para.Label) {
			pl.add(para.key+".so", "số thứ tự %q không liền mạch; ở đây phải là %q", para.Label, want)
		}
	}
	for _, t := range p.types() {
		var s numberer
		for i := range paras {
			para := &paras[i]
			if para.IssuerOnly || para.level <= 0 || !para.forType(t.ID) {
				continue
			}
			if !s.fits(para.level) && !flagged[para.key] {
				pl.add(para.key+".so", "trong kế hoạch của %s, %q đứng ngay dưới %q; thiếu một cấp đề mục ở giữa", t.Name, para.Label, s.last)
				flagged[para.key] = true
			}
			s.next(para.level)
		}
	}
}

// forType reports whether a part limited to types applies to a school of
// type t.
func forType(types []string, t string) bool {
	if len(types) == 0 {
		return true
	}
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

func (p *Paragraph) forType(t string) bool { return forType(p.Types, t) }

// isName reports whether s may name a role, contact or deadline inside a
// placeholder: lowercase ASCII letters, digits and underscores.
func isName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != "" && s[0] != '_'
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isSlug(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return s != "" && s[0] != '-' && s[len(s)-1] != '-'
}

// Warnings lists what is valid but worth a second look before publishing:
// a plan with no number or date yet, a school's plan dated before the plan
// it cites.
func Warnings(p *Plan, schools []School) []string {
	if p == nil {
		return nil
	}
	var w []string
	if p.Doc.Number == "" || p.Doc.Date.IsZero() {
		w = append(w, fmt.Sprintf("%s: kế hoạch chưa có số hoặc ngày (van_ban.so, van_ban.ngay); kế hoạch và báo cáo của các trường sẽ ghi %q, để trường điền tay", p.name(), p.reference()))
	}
	for _, s := range schools {
		if !s.Date.IsZero() && !p.Doc.Date.IsZero() && s.Date.before(p.Doc.Date) {
			w = append(w, fmt.Sprintf("trường %q: kế hoạch đề %s, trước kế hoạch của %s (%s) mà nó căn cứ", s.ID, FormatDate(s.Date, 0), p.Office.InText, FormatDate(p.Doc.Date, 0)))
		}
	}
	return w
}

// substitute replaces each phrase of subst, found once in text, all at once
// in the order they occur, so that the result never depends on which
// phrase is replaced first; overlapping phrases are an error.
func substitute(text string, subst map[string]string) (string, error) {
	type hit struct {
		at       int
		from, to string
	}
	var hits []hit
	for from, to := range subst {
		hits = append(hits, hit{strings.Index(text, from), from, to})
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	var b strings.Builder
	pos := 0
	for i, h := range hits {
		if h.at < pos {
			return "", fmt.Errorf("hai cụm từ %q và %q chồng lên nhau; hãy gộp thành một cụm", hits[i-1].from, h.from)
		}
		b.WriteString(text[pos:h.at])
		b.WriteString(h.to)
		pos = h.at + len(h.from)
	}
	b.WriteString(text[pos:])
	return b.String(), nil
}
