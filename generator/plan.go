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

	Year     int         `toml:"nam,required"`
	Office   Office      `toml:"co_quan,required"`
	Doc      PlanDoc     `toml:"van_ban,required"`
	Signer   PlanSigner  `toml:"ky,required"`
	Contact  Contact     `toml:"lien_he,required"`
	School   SchoolPart  `toml:"ke_hoach_truong,required"`
	Report   ReportPart  `toml:"bao_cao"` // none: the plan asks for no reports
	Sections []Paragraph `toml:"doan,required"`
}

// Office is the issuing office of the district plan.
type Office struct {
	Parent string `toml:"chu_quan"`               // ỦY BAN NHÂN DÂN QUẬN 1; none for a People's Committee
	Name   string `toml:"ten,required"`           // PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
	InText string `toml:"ten_trong_cau,required"` // Phòng Giáo dục và Đào tạo Quận 1
	Code   string `toml:"ky_hieu,required"`       // GDĐT
	Place  string `toml:"dia_danh,required"`      // Quận 1
	Folder string `toml:"thu_muc"`                // output folder of its own plan; default DistrictDir
}

// PlanDoc holds the district document's own number, date, title and basis.
type PlanDoc struct {
	Number     string   `toml:"so"`
	Date       Date     `toml:"ngay"`
	TypeName   string   `toml:"ten_loai,required"`
	Subject    string   `toml:"trich_yeu,required"`
	About      string   `toml:"ve_viec,required"`
	Basis      []string `toml:"can_cu"`
	Attachment string   `toml:"dinh_kem"`
	Lead       string   `toml:"xay_dung,required"`
}

// PlanSigner is who signs the district plan and who receives it.
type PlanSigner struct {
	Title      string   `toml:"chuc_vu,required"`
	Name       string   `toml:"ho_ten,required"`
	Recipients []string `toml:"noi_nhan,required"`
}

// Contact holds the addresses reports are sent to.
type Contact struct {
	InteriorEmail string `toml:"email_noi_vu,required"`
	OfficeEmail   string `toml:"email_phong,required"`
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
	Text string `toml:"noi_dung,required"`
	Unit string `toml:"don_vi"`
}

// Paragraph is one numbered or plain paragraph of the plan's body, with how
// it carries over to a school's plan.
type Paragraph struct {
	Label        string            `toml:"so"`
	Heading      string            `toml:"tieu_de"`
	Text         string            `toml:"noi_dung"`
	Summary      string            `toml:"tom_tat"`
	SchoolText   string            `toml:"truong_noi_dung"`
	SchoolSubst  map[string]string `toml:"truong_thay"`
	DistrictOnly bool              `toml:"chi_phong"`
	SchoolOnly   bool              `toml:"chi_truong"`

	level int    // 1 (I.) … 5 (+), 0 for an unnumbered paragraph
	key   string // doan[n], for messages
}

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
// markup and the rules for schools.
func (p *Plan) check(pl *problemList) {
	if p.Year < 2000 || p.Year > 2100 {
		pl.add("nam", "năm %d không hợp lý; hãy viết năm của kế hoạch, ví dụ: nam = 2025", p.Year)
	}
	if p.Office.Folder != "" && !isSlug(p.Office.Folder) {
		pl.add("co_quan.thu_muc", "tên thư mục %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"ubnd-phuong\"", p.Office.Folder)
	}
	if p.Office.Code != "" && !isCode(p.Office.Code) {
		pl.add("co_quan.ky_hieu", "ký hiệu %q chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ \"GDĐT\"", p.Office.Code)
	}
	// Written into sentences of the documents, so their markup is checked;
	// they take no placeholders.
	checkText(pl, "co_quan.ten_trong_cau", p.Office.InText, nil)
	checkText(pl, "co_quan.dia_danh", p.Office.Place, nil)
	if p.Doc.Number != "" && !isDigits(p.Doc.Number) {
		pl.add("van_ban.so", "số văn bản %q chỉ gồm chữ số, ví dụ: so = \"05\"; để trống nếu chưa vào số", p.Doc.Number)
	}
	districtOnly := placeholderSet(ScopePlan)
	schoolSet := placeholderSet(ScopeSchool)
	reportSet := placeholderSet(ScopeReport)

	checkText(pl, "van_ban.trich_yeu", p.Doc.Subject, districtOnly)
	checkText(pl, "van_ban.xay_dung", p.Doc.Lead, districtOnly)
	checkText(pl, "van_ban.dinh_kem", p.Doc.Attachment, districtOnly)
	checkText(pl, "van_ban.ve_viec", p.Doc.About, districtOnly)
	for i, b := range p.Doc.Basis {
		checkText(pl, indexKey("van_ban.can_cu", i+1), b, districtOnly)
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
		{"ky.noi_nhan", p.Signer.Recipients, districtOnly},
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
	checkText(pl, "bao_cao.bang.tieu_de", p.Report.Table.Title, reportSet)
	for i, row := range p.Report.Table.Rows {
		checkText(pl, indexKey("bao_cao.bang.dong", i+1)+".noi_dung", row.Text, reportSet)
		checkText(pl, indexKey("bao_cao.bang.dong", i+1)+".don_vi", row.Unit, nil)
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
	p.checkParagraphs(pl, districtOnly, schoolSet)
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
			pl.add(key+".ma", "mã kỳ báo cáo %q chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ \"report-6m\"", k.ID)
		}
		if k.ID == DocDistrict || k.ID == DocPlan {
			pl.add(key+".ma", "mã %q đã dùng cho loại văn bản khác; hãy chọn mã khác, ví dụ \"report-6m\"", k.ID)
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
	if p.Report.FromPart != "" && levelOf(p.Report.FromPart) != 1 {
		pl.add("bao_cao.muc_ke_hoach", "%q phải là số La Mã của một mục trong kế hoạch, ví dụ \"II.\"", p.Report.FromPart)
	}
	if p.Report.BlankLines < 0 || p.Report.BlankLines > 20 {
		pl.add("bao_cao.dong_trong", "số dòng trống phải từ 0 đến 20")
	}
}

func (p *Plan) checkParagraphs(pl *problemList, districtSet, schoolSet map[string]bool) {
	foundPart := false
	inPart := false
	for i := range p.Sections {
		para := &p.Sections[i]
		para.key = indexKey("doan", i+1)
		para.level = levelOf(para.Label)
		if para.Label != "" && para.level < 0 {
			pl.add(para.key+".so", "số thứ tự %q không đúng dạng; hãy dùng \"I.\", \"1.\", \"a)\", \"-\" hoặc \"+\"", para.Label)
		}
		if para.level == 1 {
			inPart = para.Label == p.Report.FromPart
			foundPart = foundPart || inPart
		}
		switch {
		case para.Heading == "" && para.Text == "":
			pl.add(para.key, "đoạn không có nội dung; hãy thêm tieu_de = \"…\" (đề mục) hoặc noi_dung = \"…\" (câu văn)")
		case para.Heading != "" && para.Text != "":
			pl.add(para.key+".noi_dung", "đoạn có cả tieu_de và noi_dung; mỗi [[doan]] chỉ một trong hai, hãy tách thành hai đoạn")
		}
		if para.level == 1 && para.Heading == "" {
			pl.add(para.key, "mục %s cần có tieu_de", para.Label)
		}
		if para.DistrictOnly && para.SchoolOnly {
			pl.add(para.key+".chi_truong", "đoạn không thể vừa chi_phong vừa chi_truong; hãy bỏ một trong hai")
		}
		if para.SchoolOnly && (para.SchoolText != "" || len(para.SchoolSubst) > 0) {
			pl.add(para.key+".chi_truong", "đoạn chỉ của trường thì viết thẳng lời của trường vào noi_dung, không cần truong_noi_dung hay truong_thay")
		}
		if para.SchoolText != "" && len(para.SchoolSubst) > 0 {
			pl.add(para.key+".truong_thay", "đã có truong_noi_dung thì không dùng truong_thay; hãy bỏ một trong hai")
		}
		textSet := districtSet
		if para.SchoolOnly {
			textSet = schoolSet
		}
		checkText(pl, para.key+".tieu_de", para.Heading, textSet)
		checkText(pl, para.key+".noi_dung", para.Text, textSet)
		checkText(pl, para.key+".truong_noi_dung", para.SchoolText, schoolSet)
		checkText(pl, para.key+".tom_tat", para.Summary, nil)
		substOK := true
		for _, from := range sortedStrings(para.SchoolSubst) {
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
		if inPart && para.level >= 2 && para.Heading == "" && para.Summary == "" && !para.DistrictOnly {
			pl.add(para.key+".tom_tat", "đoạn %s thuộc mục %s cần tom_tat (tên ngắn của đoạn, dùng làm mục trong mẫu báo cáo); hãy thêm dòng tom_tat = \"…\"", para.Label, p.Report.FromPart)
		}
	}
	if p.Report.FromPart != "" && !foundPart {
		pl.add("bao_cao.muc_ke_hoach", "kế hoạch không có mục %q; hãy ghi số La Mã của mục có các nội dung cần báo cáo", p.Report.FromPart)
	}
	p.checkNumbering(pl)
}

// checkNumbering verifies that, in the district's plan, the labels written
// in the file run in order (I., II.; 1., 2.; a), b) … đ) …), and that no
// document skips a level (an "a)" straight under "I."). Each document is
// numbered afresh when composed, so a school's plan that leaves a paragraph
// out stays in sequence; this catches typing mistakes.
func (p *Plan) checkNumbering(pl *problemList) {
	var n numberer
	flagged := map[string]bool{}
	for i := range p.Sections {
		para := &p.Sections[i]
		if para.SchoolOnly || para.level <= 0 {
			continue
		}
		if para.level <= 3 && para.level > n.depth+1 {
			pl.add(para.key+".so", "%q không thể đứng ngay dưới %q; thiếu một cấp đề mục ở giữa", para.Label, n.last)
			flagged[para.key] = true
			n.next(para.level)
			continue
		}
		if want := n.next(para.level); want != para.Label {
			pl.add(para.key+".so", "số thứ tự %q không liền mạch; ở đây phải là %q", para.Label, want)
		}
	}
	var s numberer
	for i := range p.Sections {
		para := &p.Sections[i]
		if para.DistrictOnly || para.level <= 0 {
			continue
		}
		if para.level <= 3 && para.level > s.depth+1 && !flagged[para.key] {
			pl.add(para.key+".so", "trong kế hoạch của trường, %q đứng ngay dưới %q; thiếu một cấp đề mục ở giữa", para.Label, s.last)
		}
		s.next(para.level)
	}
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
// a district plan with no number or date yet, a school's plan dated before
// the district plan it cites.
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
			w = append(w, fmt.Sprintf("trường %q: kế hoạch đề %s, trước kế hoạch của Phòng (%s) mà nó căn cứ", s.ID, FormatDate(s.Date, 0), FormatDate(p.Doc.Date, 0)))
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

func sortedStrings(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
