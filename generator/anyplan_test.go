package generator_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/internal/testdocs"
)

// load2026 loads the 2026 sample: a ward People's Committee's plan.
func load2026(t *testing.T) (*generator.Plan, []generator.School) {
	t.Helper()
	s, err := data.Find("2026")
	if err != nil {
		t.Fatal(err)
	}
	plan, schools, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return plan, schools
}

func schoolOfType(t *testing.T, schools []generator.School, typ string) *generator.School {
	t.Helper()
	for i := range schools {
		if schools[i].Type == typ {
			return &schools[i]
		}
	}
	t.Fatalf("no school of type %s", typ)
	return nil
}

func schoolText(t *testing.T, plan *generator.Plan, s *generator.School, kind string) string {
	t.Helper()
	g, err := generator.New(plan, []generator.School{*s}, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, generator.DocRef{Kind: kind, School: s.ID}, generator.Text); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A kindergarten's plan and report of the 2026 sample hold nothing meant
// for THCS only, and the reverse; the issuer's plan holds both.
func TestContentPerSchoolType(t *testing.T) {
	plan, schools := load2026(t)
	mn := schoolOfType(t, schools, generator.Kindergarten)
	thcs := schoolOfType(t, schools, generator.Secondary)
	issuer := renderIssuer(t, plan)
	// Text limited to one type in the sample: a body paragraph, a row of
	// the targets table, a report figure and a row of the appendix.
	onlyTHCS := []string{"Sử dụng sổ điểm điện tử, sổ điểm danh điện tử; triển khai học bạ số đối với học sinh trung học cơ sở", "Tỷ lệ lớp sử dụng sổ điểm điện tử, sổ điểm danh điện tử", "3.3. Đối với giáo dục trung học cơ sở"}
	onlyMN := []string{"Sử dụng phần mềm quản lý trẻ để theo dõi hồ sơ", "Tỷ lệ trẻ có hồ sơ điện tử trên phần mềm quản lý trẻ", "Cập nhật hồ sơ điện tử của trẻ năm học", "3.1. Đối với giáo dục mầm non"}
	mnPlan, thcsPlan := schoolText(t, plan, mn, generator.DocPlan), schoolText(t, plan, thcs, generator.DocPlan)
	for _, s := range onlyTHCS {
		if !strings.Contains(issuer, strings.TrimPrefix(s, "3.3. ")) {
			t.Errorf("the issuer's plan lacks %q", s)
		}
		if strings.Contains(mnPlan, s) {
			t.Errorf("the kindergarten's plan holds THCS text %q", s)
		}
	}
	for _, s := range onlyMN {
		if !strings.Contains(issuer, strings.TrimPrefix(s, "3.1. ")) {
			t.Errorf("the issuer's plan lacks %q", s)
		}
		if strings.Contains(thcsPlan, s) {
			t.Errorf("the THCS plan holds kindergarten text %q", s)
		}
	}
	// Numbered afresh: the kindergarten's first subclause of 3. is its own.
	if !strings.Contains(mnPlan, "\n3.1. Đối với giáo dục mầm non") || !strings.Contains(thcsPlan, "\n3.1. Đối với giáo dục trung học cơ sở") {
		t.Error("subclauses are not numbered afresh for each type of school")
	}
	// The targets table keeps its numbering: rows 1, 2, … without gaps.
	for name, doc := range map[string]string{"mn": mnPlan, "thcs": thcsPlan} {
		rows := regexp.MustCompile(`(?m)^\| (\d+) \| Tỷ lệ`).FindAllStringSubmatch(doc, -1)
		for i, r := range rows {
			if r[1] != strconv.Itoa(i+1) {
				t.Errorf("%s: table row %d numbered %s", name, i+1, r[1])
			}
		}
	}
	mnReport, thcsReport := schoolText(t, plan, mn, "bao-cao-quy-1"), schoolText(t, plan, thcs, "bao-cao-quy-1")
	if strings.Contains(mnReport, "học bạ số") || !strings.Contains(thcsReport, "học bạ số") {
		t.Error("report forms: học bạ số belongs to the THCS form only")
	}
	if !strings.Contains(mnReport, "hồ sơ điện tử") || strings.Contains(thcsReport, "trẻ có hồ sơ điện tử") {
		t.Error("report forms: the children's records belong to the kindergarten's form only")
	}
}

func renderIssuer(t *testing.T, plan *generator.Plan) string {
	t.Helper()
	g, err := generator.New(plan, nil, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, g.Documents()[0], generator.Text); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A school that lacks a person for a role the plan declares is refused,
// naming the file, line, school and role.
func TestMissingRole(t *testing.T) {
	plan, err := generator.LoadPlan(strings.NewReader(readTestdata(t, "plan-min.toml")), "ke-hoach.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := readTestdata(t, "schools-min.toml")
	src = src[:strings.Index(src, "[truong.phu_trach.an_toan_thong_tin]")]
	schools, err := generator.LoadSchools(strings.NewReader(src), "truong.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = generator.New(plan, schools, generator.Options{})
	want := `truong.toml:2: truong[1].phu_trach: trường "th-a" thiếu người phụ trách công tác bảo đảm an toàn thông tin (an_toan_thong_tin) mà kế hoạch ke-hoach.toml cần; hãy thêm bảng [truong.phu_trach.an_toan_thong_tin] với xung_ho, ho_ten, chuc_vu`
	if err == nil || err.Error() != want || !errors.Is(err, generator.ErrInvalid) {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// A role the plan does not declare is a typo.
	schools[0].Roles["an_toan_thong_tin"] = schools[0].Roles["chuyen_doi_so"]
	schools[0].Roles["chuyen_doi_so_"] = schools[0].Roles["chuyen_doi_so"]
	if _, err = generator.New(plan, schools, generator.Options{}); err == nil || !strings.Contains(err.Error(), `không có việc "chuyen_doi_so_" trong [[phu_trach]]`) {
		t.Errorf("an undeclared role: %v", err)
	}
}

// "Phần I" and "1.1." numbering: labels checked as written, renumbered per
// document, a division set as a centred line over its title.
func TestDivisionsAndSubclauses(t *testing.T) {
	p, ss := handBuilt()
	p.Report = generator.ReportPart{}
	p.Sections = []generator.Paragraph{
		{Label: "Phần I", Heading: "Đánh giá"},
		{Label: "I.", Heading: "Kết quả"},
		{Label: "1.", Heading: "Chuyển đổi số"},
		{Label: "1.1.", Text: "Số hóa hồ sơ."},
		{Label: "1.2.", Text: "Học bạ số.", Types: []string{generator.Kindergarten}},
		{Label: "1.3.", Text: "Họp trực tuyến."},
		{Label: "a)", Text: "Mỗi tháng một lần."},
		{Label: "Phần II", Heading: "Nhiệm vụ năm sau"},
		{Label: "I.", Heading: "Nhiệm vụ"},
		{Label: "1.", Text: "Tiếp tục."},
	}
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Document(generator.DocRef{Kind: generator.DocPlan, School: ss[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range d.Body {
		if para, ok := b.(interface{ Text() string }); ok {
			got = append(got, para.Text())
		}
	}
	want := []string{"Phần I", "ĐÁNH GIÁ", "I. KẾT QUẢ", "1. Chuyển đổi số", "1.1. Số hóa hồ sơ.", "1.2. Họp trực tuyến.", "a) Mỗi tháng một lần.",
		"Phần II", "NHIỆM VỤ NĂM SAU", "I. NHIỆM VỤ", "1. Tiếp tục."}
	if g, w := strings.Join(got[len(got)-len(want):], "|"), strings.Join(want, "|"); g != w {
		t.Errorf("a primary school's plan:\ngot  %s\nwant %s", g, w)
	}
	// Typing mistakes are caught as written.
	for _, c := range []struct{ label, msg string }{
		{"1.3.", `số thứ tự "1.3." không liền mạch; ở đây phải là "1.2."`},
		{"Phần III", `số thứ tự "Phần III" không liền mạch; ở đây phải là "Phần II"`},
	} {
		q, _ := handBuilt()
		q.Sections = []generator.Paragraph{{Label: "Phần I", Heading: "A"}, {Label: "I.", Heading: "B"}, {Label: "1.", Heading: "C"}, {Label: "1.1.", Text: "D."}, {Label: c.label, Text: "E.", Heading: ""}}
		if c.label == "Phần III" {
			q.Sections[4] = generator.Paragraph{Label: c.label, Heading: "E"}
		}
		q.Report = generator.ReportPart{}
		if _, err := generator.New(q, ss, generator.Options{}); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want %q", c.label, err, c.msg)
		}
	}
	q, _ := handBuilt()
	q.Report = generator.ReportPart{}
	q.Sections = []generator.Paragraph{{Label: "I.", Heading: "B"}, {Label: "1.1.", Text: "D."}}
	if _, err := generator.New(q, ss, generator.Options{}); err == nil || !strings.Contains(err.Error(), `"1.1." không thể đứng ngay dưới "I."`) {
		t.Errorf("1.1. under I.: %v", err)
	}
}

// Bases marked for one document, and a lead sentence of its own.
func TestBasesForOneDocument(t *testing.T) {
	p, ss := handBuilt()
	p.Doc.Basis = []generator.Basis{{Text: "Luật A"}, {Text: "Quyết định B", IssuerOnly: true}, {Text: "Công văn C", SchoolOnly: true}}
	p.Doc.Separate = true
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	issuer := renderText(t, g, g.Documents()[0])
	school := renderText(t, g, generator.DocRef{Kind: generator.DocPlan, School: ss[0].ID})
	if !strings.Contains(issuer, "Căn cứ Luật A;\n\nCăn cứ Quyết định B;\n\nPhòng xây dựng kế hoạch như sau:") || strings.Contains(issuer, "Công văn C") {
		t.Errorf("issuer's bases:\n%s", issuer[:400])
	}
	if !strings.Contains(school, "Căn cứ Luật A;\n\nCăn cứ Công văn C;\n\nCăn cứ Kế hoạch số") || strings.Contains(school, "Quyết định B") ||
		!strings.Contains(school, ";\n\nTrường Tiểu học A xây dựng kế hoạch như sau:") {
		t.Errorf("school's bases:\n%s", school[:600])
	}
}

// A plan of the 2025 schema is refused with what to rename.
func TestOldSchemaSaysWhatToRename(t *testing.T) {
	src, err := os.ReadFile("../testdata/schema-2025/plan-2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = generator.LoadPlan(bytes.NewReader(src), "plan-2025.toml")
	for _, want := range []string{
		`doan[27].chi_phong: khóa chi_phong nay là chi_co_quan`,
		`bao_cao.ghi_chu: chỗ điền {{email_noi_vu}} không có; tên cũ, nay viết {{lien_he.email_noi_vu}}`,
		`doan[35].noi_dung: chỗ điền {{dan_van.xung_ho}} không có; nếu đây là người phụ trách một việc, nay viết {{phu_trach.dan_van.xung_ho}} và khai báo việc đó trong kế hoạch: [[phu_trach]] ma = "dan_van"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("old plan: the message lacks %q:\n%v", want, err)
		}
	}
	src, err = os.ReadFile("../testdata/schema-2025/schools.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = generator.LoadSchools(bytes.NewReader(src), "schools.toml")
	if want := `schools.toml:55: truong[1].dan_van: bảng [truong.dan_van] nay viết [truong.phu_trach.dan_van]`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("old schools: the message lacks %q:\n%.600v", want, err)
	}
}

// The 2026 sample: the issuer is a People's Committee, the body has a
// table with a merged header and an appendix follows the signature, in
// every format (the renderers' own tests compare the text of each).
func TestSample2026InEveryFormat(t *testing.T) {
	plan, schools := load2026(t)
	d := testdocs.Document(t, plan, nil, generator.DocIssuer)
	if d.Header.Parent != "" || d.Header.Issuer != "ỦY BAN NHÂN DÂN\nPHƯỜNG SÀI GÒN" {
		t.Errorf("header: %q over %q", d.Header.Parent, d.Header.Issuer)
	}
	if len(d.Appendices) != 1 || !strings.HasPrefix(d.Appendices[0].Reference, "(Kèm theo Kế hoạch số ……/KH-UBND ngày") || !strings.HasSuffix(d.Appendices[0].Reference, "của Ủy ban nhân dân phường Sài Gòn)") {
		t.Errorf("appendix: %+v", d.Appendices)
	}
	s := schoolOfType(t, schools, generator.Primary)
	sd := testdocs.Document(t, plan, s, generator.DocPlan)
	if len(sd.Appendices) != 1 || !strings.HasSuffix(sd.Appendices[0].Reference, "của "+s.Name+")") {
		t.Errorf("school's appendix: %+v", sd.Appendices)
	}
	g, err := generator.New(plan, schools[:1], generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, g.Documents()[0], generator.DOCX); err != nil {
		t.Fatal(err)
	}
	xml := string(testdocs.Part(t, b.Bytes(), "word/document.xml"))
	for _, want := range []string{`<w:gridSpan w:val="3"/>`, `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`, `<w:pgNumType w:start="1"/>`, ">PHỤ LỤC<", ">Chỉ tiêu theo cấp học<"} {
		if !strings.Contains(xml, want) {
			t.Errorf("DOCX lacks %s", want)
		}
	}
	if n := strings.Count(xml, "<w:sectPr"); n != 2 {
		t.Errorf("DOCX has %d sections, want 2: the plan and its appendix", n)
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing")
		}
		t.Skip("pdftotext is missing")
	}
	b.Reset()
	if err := g.Render(context.Background(), &b, g.Documents()[0], generator.PDF); err != nil {
		t.Fatal(err)
	}
	f := t.TempDir() + "/k.pdf"
	os.WriteFile(f, b.Bytes(), 0o644)
	out, err := exec.Command(pdftotext, "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	var app int
	for i, pg := range pages {
		if strings.Contains(pg, "PHỤ LỤC") {
			app = i
		}
	}
	if app == 0 || !strings.HasPrefix(strings.TrimSpace(pages[app]), "PHỤ LỤC") {
		t.Fatal("the appendix does not open a page of its own")
	}
	if !strings.Contains(pages[0], "ỦY BAN NHÂN DÂN") || !strings.Contains(pages[1]+pages[2], "Chỉ tiêu theo cấp học") {
		t.Error("PDF: header or targets table missing")
	}
	if app+1 < len(pages)-1 && strings.TrimSpace(strings.SplitN(strings.TrimSpace(pages[app+1]), "\n", 2)[0]) != "2" {
		t.Errorf("the appendix's second page is not numbered 2: %.80q", pages[app+1])
	}
}
