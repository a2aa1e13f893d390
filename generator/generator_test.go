package generator_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"kehoach/generator"
	"kehoach/internal/testdocs"
)

func newGenerator(t testing.TB) *generator.Generator {
	t.Helper()
	plan, schools := loadData(t)
	g, err := generator.New(plan, schools, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Documents lists the issuer's plan, then each school's plan and one form
// per report period, counted from the data.
func TestDocuments(t *testing.T) {
	plan, schools := loadData(t)
	g := newGenerator(t)
	docs := g.Documents()
	if want := 1 + len(schools)*(1+len(plan.Report.Periods)); len(docs) != want {
		t.Fatalf("got %d documents, want %d", len(docs), want)
	}
	if d := docs[0]; d.Kind != generator.DocIssuer || d.School != "" || d.Path(generator.PDF) != "phong/ke-hoach.pdf" {
		t.Errorf("first document: got %+v, want the issuer's plan", d)
	}
	paths := map[string]bool{}
	for _, d := range docs {
		if d.Title == "" || d.Name == "" || d.Dir == "" {
			t.Errorf("incomplete reference %+v", d)
		}
		if p := d.Path(generator.DOCX); paths[p] {
			t.Errorf("two documents write %s", p)
		} else {
			paths[p] = true
		}
	}
	docs[0].Title = "changed"
	if g.Documents()[0].Title == "changed" {
		t.Error("Documents shares its slice with the Generator")
	}
}

// Every document of every school, in every format, rendered by many
// goroutines at once, gives the bytes sequential rendering gives (run
// with -race).
func TestConcurrentRenderMatchesSequential(t *testing.T) {
	g := newGenerator(t)
	type job struct {
		ref generator.DocRef
		f   generator.Format
	}
	var jobs []job
	for _, d := range g.Documents() {
		for _, f := range generator.Formats() {
			jobs = append(jobs, job{d, f})
		}
	}
	if testing.Short() {
		jobs = jobs[:len(jobs)/8]
	}
	ctx := context.Background()
	want := make([][]byte, len(jobs))
	for i, j := range jobs {
		var b bytes.Buffer
		if err := g.Render(ctx, &b, j.ref, j.f); err != nil {
			t.Fatalf("%s: %v", j.ref.Path(j.f), err)
		}
		want[i] = b.Bytes()
	}
	got := make([][]byte, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	errs := make(chan error, len(jobs))
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var b bytes.Buffer
				if err := g.Render(ctx, &b, jobs[i].ref, jobs[i].f); err != nil {
					errs <- err
				}
				got[i] = b.Bytes()
			}
		}()
	}
	// Backwards, so that goroutines meet different documents at once.
	for i := len(jobs) - 1; i >= 0; i-- {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := range jobs {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s: concurrent rendering differs from sequential", jobs[i].ref.Path(jobs[i].f))
		}
	}
}

// The same input gives the same bytes in a later run: the creation date
// comes from the plan, not the clock.
func TestRenderIsReproducible(t *testing.T) {
	a, b := newGenerator(t), newGenerator(t)
	ref := a.Documents()[1]
	for _, f := range generator.Formats() {
		var x, y bytes.Buffer
		if err := a.Render(context.Background(), &x, ref, f); err != nil {
			t.Fatal(err)
		}
		if err := b.Render(context.Background(), &y, ref, f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), y.Bytes()) {
			t.Errorf("%s: two runs differ", f)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	g := newGenerator(t)
	ref := g.Documents()[1]
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, generator.DocRef{Kind: generator.DocPlan, School: "khong-co"}, generator.PDF); !errors.Is(err, generator.ErrUnknownDocument) {
		t.Errorf("unknown school: got %v, want ErrUnknownDocument", err)
	}
	if err := g.Render(context.Background(), &b, ref, "odt"); !errors.Is(err, generator.ErrFormat) {
		t.Errorf("unknown format: got %v, want ErrFormat", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.Render(ctx, &b, ref, generator.PDF); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: got %v, want context.Canceled", err)
	}
	if b.Len() != 0 {
		t.Errorf("failed renders wrote %d bytes", b.Len())
	}
}

// handBuilt is a complete plan and school built in code, without TOML.
func handBuilt() (*generator.Plan, []generator.School) {
	p := &generator.Plan{Year: 2026}
	p.Office = generator.Office{Parent: "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN", Name: "PHÒNG VĂN HÓA - XÃ HỘI", InText: "Phòng Văn hóa - Xã hội", Code: "VHXH", Place: "Phường Sài Gòn"}
	p.Doc = generator.PlanDoc{TypeName: "KẾ HOẠCH", Subject: "Chuyển đổi số năm {{nam}}", About: "chuyển đổi số", Lead: "Phòng xây dựng kế hoạch như sau:"}
	p.Signer = generator.PlanSigner{Title: "TRƯỞNG PHÒNG", Name: "Võ Thị E", Recipients: []string{"Các trường", "Lưu: VT"}}
	p.Contacts = map[string]string{"email": "a@example.vn"}
	p.Roles = []generator.Role{{ID: "chuyen_doi_so", Work: "công tác chuyển đổi số"}, {ID: "an_toan_thong_tin", Work: "công tác bảo đảm an toàn thông tin"}}
	p.School = generator.SchoolPart{Lead: "{{ten_truong}} xây dựng kế hoạch như sau:", Recipients: []string{"Phòng", "Lưu: VT"}}
	p.Report = generator.ReportPart{Subject: "Kết quả {{ky_bao_cao}}", To: []string{"Phòng Văn hóa - Xã hội"}, Lead: "{{ten_truong}} báo cáo:", FromPart: "II.",
		BlankLines: 1, Recipients: []string{"Như trên", "Lưu: VT"},
		Periods: []generator.ReportPeriod{{ID: "report-year", FileName: "bao-cao-nam", Name: "năm 2026", Due: generator.Date{Year: 2026, Month: 11, Day: 1}, Next: "năm 2027"}},
		Parts:   []generator.ReportSection{{Title: "Kết quả", Results: true}}}
	p.Sections = []generator.Paragraph{
		{Label: "I.", Heading: "Mục đích"},
		{Label: "1.", Text: "Đẩy mạnh chuyển đổi số trong ngành.", SchoolSubst: map[string]string{"trong ngành": "tại {{ten_truong}}"}},
		{Label: "II.", Heading: "Nội dung"},
		{Label: "1.", Text: "Số hóa hồ sơ *học sinh*.", Summary: "Số hóa hồ sơ"},
	}
	s := generator.School{ID: "th-a", Name: "Trường Tiểu học A", ShortName: "Trường TH A", Type: generator.Primary, Parent: "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN",
		Place: "Phường Sài Gòn", Code: "THA", Email: "tha@example.vn",
		Principal: generator.Principal{Salutation: "Bà", Name: "Nguyễn Thị B", Sign: generator.SignPrincipal},
		Roles: map[string]generator.Person{
			"chuyen_doi_so":     {Salutation: "Ông", Name: "Trần Văn C", Position: "Phó Hiệu trưởng"},
			"an_toan_thong_tin": {Salutation: "Bà", Name: "Lê Thị D", Position: "Chủ tịch Công đoàn"}}}
	return p, []generator.School{s}
}

func renderText(t *testing.T, g *generator.Generator, ref generator.DocRef) string {
	t.Helper()
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, ref, generator.Text); err != nil {
		t.Fatalf("%s: %v", ref.Path(generator.Text), err)
	}
	return b.String()
}

// A plan built in code is checked as a file is, and gives errors, never
// panics.
func TestHandBuiltPlans(t *testing.T) {
	p, ss := handBuilt()
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		t.Fatalf("a valid plan built in code: %v", err)
	}
	plan := renderText(t, g, g.Documents()[1])
	for _, want := range []string{"I. MỤC ĐÍCH", "1. Đẩy mạnh chuyển đổi số tại Trường Tiểu học A.", "II. NỘI DUNG", "1. Số hóa hồ sơ *học sinh*."} {
		if !strings.Contains(plan, want) {
			t.Errorf("school plan lacks %q:\n%s", want, plan)
		}
	}
	// Changing the inputs afterwards does not reach the Generator.
	p.Sections[1].Text = "Đổi."
	ss[0].Name = "Trường khác"
	if again := renderText(t, g, g.Documents()[1]); again != plan {
		t.Error("the Generator shares its plan or schools with the caller")
	}

	tests := []struct {
		name string
		edit func(p *generator.Plan, s []generator.School) []generator.School
		want string // in the error
	}{
		{"unclosed italic", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Sections[1].Text = "Đẩy mạnh *chuyển đổi số trong ngành."
			return s
		}, "doan[2].noi_dung: dấu * mở chữ nghiêng chưa được đóng"},
		{"unclosed bold in a school's wording", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Sections[1].SchoolSubst = map[string]string{"trong ngành": "**tại trường"}
			return s
		}, "dấu ** mở chữ đậm chưa được đóng"},
		{"unknown placeholder", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Doc.Subject = "Năm {{nam_hoc}}"
			return s
		}, "chỗ điền {{nam_hoc}} không có"},
		{"unclosed placeholder", func(p *generator.Plan, s []generator.School) []generator.School {
			p.School.Lead = "{{ten_truong xây dựng"
			return s
		}, "chưa đóng"},
		{"school placeholder in the issuer's text", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Doc.Lead = "{{ten_truong}}"
			return s
		}, "van_ban.xay_dung: chỗ điền {{ten_truong}} không có"},
		{"a blank value", func(p *generator.Plan, s []generator.School) []generator.School {
			s[0].Roles["chuyen_doi_so"] = generator.Person{Salutation: "Ông", Name: " ", Position: "Giáo viên"}
			return s
		}, `truong[1].phu_trach.chuyen_doi_so.ho_ten: "ho_ten" không được để trống`},
		{"no signer", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Signer.Name = ""
			return s
		}, `ky.ho_ten: "ho_ten" không được để trống`},
		{"a date that does not exist", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Report.Periods[0].Due = generator.Date{Year: 2026, Month: 2, Day: 30}
			return s
		}, "bao_cao.ky[1].han: ngày 2026-02-30 không có thật"},
		{"no deadline", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Report.Periods[0].Due = generator.Date{}
			return s
		}, "bao_cao.ky[1].han: thiếu ngày"},
		{"labels out of order", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Sections[3].Label = "3."
			return s
		}, "không liền mạch"},
		{"substitution that matches nothing", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Sections[1].SchoolSubst = map[string]string{"không có": "x"}
			return s
		}, "doan[2].truong_thay"},
		{"legacy encoding", func(p *generator.Plan, s []generator.School) []generator.School {
			s[0].Name = "Tr\u00adêng TiÓu häc A"
			return s
		}, "bảng mã cũ"},
		{"a school named like the issuer's folder", func(p *generator.Plan, s []generator.School) []generator.School {
			s[0].ID = generator.IssuerDir
			return s
		}, "trùng tên thư mục"},
		{"two schools with one id", func(p *generator.Plan, s []generator.School) []generator.School {
			return append(s, s[0])
		}, `truong[2].id: id "th-a" đã dùng cho trường thứ 1 trong danh sách`},
		{"an emoji", func(p *generator.Plan, s []generator.School) []generator.School {
			s[0].Name = "Trường 🏫 A"
			return s
		}, "truong[1].ten: có ký tự '🏫' (U+1F3EB), như biểu tượng cảm xúc"},
		{"an item to report on without a short title", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Sections = append(p.Sections, generator.Paragraph{Label: "2.", Text: "Họp trực tuyến."})
			return s
		}, "doan[5].tom_tat: đoạn 2. thuộc mục II. cần tom_tat"},
		{"markup in the issuer's name", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Office.InText = "Phòng *Văn hóa"
			return s
		}, "co_quan.ten_trong_cau: dấu * mở chữ nghiêng chưa được đóng"},
		{"a code that is no code", func(p *generator.Plan, s []generator.School) []generator.School {
			p.Office.Code = "vh xh"
			return s
		}, `co_quan.ky_hieu: ký hiệu "vh xh" chỉ gồm chữ in hoa`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ss := handBuilt()
			ss = tc.edit(p, ss)
			_, err := generator.New(p, ss, generator.Options{})
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tc.want)
			}
			if !errors.Is(err, generator.ErrInvalid) {
				t.Errorf("error %v does not match ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := generator.New(nil, nil, generator.Options{}); !errors.Is(err, generator.ErrInvalid) {
		t.Errorf("nil plan: got %v, want ErrInvalid", err)
	}
}

// Input in decomposed Unicode (NFD, as macOS and some keyboards write it)
// comes out precomposed.
func TestHandBuiltTextIsNFC(t *testing.T) {
	p, ss := handBuilt()
	ss[0].Name = norm.NFD.String("Trường Tiểu học Ánh Dương")
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := renderText(t, g, g.Documents()[1])
	if !strings.Contains(out, "Trường Tiểu học Ánh Dương") || !norm.NFC.IsNormalString(out) {
		t.Errorf("output is not NFC:\n%s", out)
	}
}

// FuzzGenerator feeds plans built in code, with fuzzed text in every kind
// of field, to New and Render: errors are fine, panics are not.
func FuzzGenerator(f *testing.F) {
	f.Add("Đẩy mạnh *chuyển đổi* số.", "a)", "Trường A", "trong", "{{ten_truong}}", uint8(0))
	f.Add("**đậm", "1.", "x*y", "", "", uint8(1))
	f.Add("{{nam", "-", "{{ten_truong}}", "Đẩy", "**", uint8(2))
	f.Add("", "I.", "", "số", "\u0301", uint8(3))
	f.Add("Trường 🏫", "1.", "Trường 🏫 A", "", "", uint8(0))
	f.Add("Số hóa", "2.", "A", "", "", uint8(0))
	f.Fuzz(func(t *testing.T, text, label, name, from, to string, pick uint8) {
		p, ss := handBuilt()
		p.Sections = append(p.Sections, generator.Paragraph{Label: label, Text: text, Summary: text})
		if from != "" {
			p.Sections[1].SchoolSubst = map[string]string{from: to}
		}
		ss[0].Name = name
		switch pick % 4 {
		case 1:
			p.Doc.Subject = text
		case 2:
			p.Report.Table = generator.ReportTable{Title: text, Columns: []string{"TT", name, "Đơn vị", "Số"}, Rows: []generator.TableRow{{Text: text, Unit: label}}}
		case 3:
			p.Report.FromPart = label
		}
		g, err := generator.New(p, ss, generator.Options{})
		if err != nil {
			if !errors.Is(err, generator.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		// What New accepts, Render makes: input problems are New's to find.
		for _, ref := range g.Documents() {
			for _, f := range generator.Formats() {
				var b bytes.Buffer
				if err := g.Render(context.Background(), &b, ref, f); err != nil {
					t.Errorf("New accepted what Render refuses: %v", err)
				}
			}
		}
	})
}

func ExampleGenerator_Documents() {
	p, ss := handBuilt()
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range g.Documents() {
		fmt.Println(d.Path(generator.PDF), "|", d.Title)
	}
	// Output:
	// co-quan/ke-hoach.pdf | Kế hoạch - Phòng Văn hóa - Xã hội
	// th-a/ke-hoach.pdf | Kế hoạch - Trường Tiểu học A
	// th-a/bao-cao-nam.pdf | Báo cáo năm 2026 - Trường Tiểu học A
}

// BenchmarkGenerateSchool is one school's share of a batch run: its six
// documents (its plan and report forms, DOCX and PDF) rendered through the
// Generator and hashed, as kehoach generate does before writing them.
// One goroutine, so time per operation is CPU time.
func BenchmarkGenerateSchool(b *testing.B) {
	g := newGenerator(b)
	var refs []generator.DocRef
	for _, d := range g.Documents() {
		if d.School == g.Documents()[1].School {
			refs = append(refs, d)
		}
	}
	ctx := context.Background()
	var buf bytes.Buffer
	h := sha256.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range refs {
			for _, f := range []generator.Format{generator.DOCX, generator.PDF} {
				buf.Reset()
				h.Reset()
				if err := g.Render(ctx, io.MultiWriter(&buf, h), r, f); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(float64(len(refs)*2), "docs/op")
}

// A plan that asks for no reports has no [bao_cao] table: each school gets
// its plan only.
func TestPlanWithoutReports(t *testing.T) {
	src := readTestdata(t, "plan-min.toml")
	i := strings.Index(src, "[bao_cao]")
	j := strings.Index(src, "[[doan]]")
	if i < 0 || j < i {
		t.Fatal("plan-min.toml has no [bao_cao] before [[doan]]")
	}
	src = src[:i] + src[j:]
	plan, err := generator.LoadPlan(strings.NewReader(src), "khong-bao-cao.toml")
	if err != nil {
		t.Fatal(err)
	}
	if plan.HasReports() {
		t.Fatal("a plan without [bao_cao] has reports")
	}
	_, schools := handBuilt()
	g, err := generator.New(plan, schools, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range g.Documents() {
		kinds = append(kinds, d.Kind)
		for _, f := range generator.Formats() {
			var b bytes.Buffer
			if err := g.Render(context.Background(), &b, d, f); err != nil {
				t.Errorf("%s: %v", d.Path(f), err)
			}
		}
	}
	if got := strings.Join(kinds, ","); got != "issuer,plan" {
		t.Errorf("documents: got %s, want issuer,plan", got)
	}
	// Built in code, the same.
	p, ss := handBuilt()
	p.Report = generator.ReportPart{}
	if _, err := generator.New(p, ss, generator.Options{}); err != nil {
		t.Errorf("a plan built without reports: %v", err)
	}
}

// A signer's title may take several lines, as a People's Committee signs:
// each is a line of the signature block in every format.
func TestSignerOverSeveralLines(t *testing.T) {
	p, ss := handBuilt()
	p.Signer.Title = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref := g.Documents()[0]
	if txt := renderText(t, g, ref); !strings.Contains(txt, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n") {
		t.Errorf("text:\n%s", txt)
	}
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, ref, generator.DOCX); err != nil {
		t.Fatal(err)
	}
	xml := testdocs.Part(t, b.Bytes(), "word/document.xml")
	last := -1
	for _, line := range []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH</w:t>"} {
		i := bytes.Index(xml, []byte(">"+line))
		if i < 0 || i < last {
			t.Errorf("DOCX: %q missing or out of order", line)
		}
		last = i
	}
}

// A People's Committee issues in its own name: no parent body above it,
// its full name bold (nd30.md), and its documents in the folder the plan
// names.
func TestPeoplesCommitteeIssuer(t *testing.T) {
	p, ss := handBuilt()
	p.Office = generator.Office{Name: "ỦY BAN NHÂN DÂN\nPHƯỜNG SÀI GÒN", InText: "Ủy ban nhân dân phường Sài Gòn", Code: "UBND", Place: "Phường Sài Gòn", Folder: "ubnd-sai-gon"}
	p.Signer.Title = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
	g, err := generator.New(p, ss, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref := g.Documents()[0]
	if ref.Path(generator.PDF) != "ubnd-sai-gon/ke-hoach.pdf" {
		t.Errorf("the issuer's plan goes to %s", ref.Path(generator.PDF))
	}
	if lines := strings.Split(renderText(t, g, ref), "\n"); lines[0] != "ỦY BAN NHÂN DÂN" || lines[1] != "PHƯỜNG SÀI GÒN" {
		t.Errorf("text header: %q", lines[:3])
	}
	// DOCX: the header's first cell starts with the issuer, bold; no
	// paragraph is left for a parent body.
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, ref, generator.DOCX); err != nil {
		t.Fatal(err)
	}
	xml := testdocs.Part(t, b.Bytes(), "word/document.xml")
	cell := string(xml[bytes.Index(xml, []byte("<w:tc>")):])
	cell = cell[:strings.Index(cell, "</w:tc>")]
	first := cell[strings.Index(cell, "<w:p>"):]
	first = first[:strings.Index(first, "</w:p>")]
	if !strings.Contains(first, "<w:b/>") || !strings.Contains(first, ">ỦY BAN NHÂN DÂN<") {
		t.Errorf("DOCX: the header's first paragraph is not the issuer in bold: %s", first)
	}
	// PDF: the issuer is the header's first line, beside the national title.
	var pb bytes.Buffer
	if err := g.Render(context.Background(), &pb, ref, generator.PDF); err != nil {
		t.Fatal(err)
	}
	ws := pdfWords(t, pb.Bytes())
	top := map[string]float64{}
	for _, w := range ws {
		if _, ok := top[w.text]; !ok && w.page == 1 {
			top[w.text] = w.yMin
		}
	}
	if d := top["ỦY"] - top["CỘNG"]; d > 0.5 || d < -0.5 {
		t.Errorf("PDF: the issuer starts %.1f mm below the national title, want level with it", d)
	}
	// A school cannot take the issuer's folder.
	ss[0].ID = "ubnd-sai-gon"
	if _, err := generator.New(p, ss, generator.Options{}); err == nil || !strings.Contains(err.Error(), `id "ubnd-sai-gon" trùng tên thư mục`) {
		t.Errorf("a school named like the issuer's folder: %v", err)
	}
}
