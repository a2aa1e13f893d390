package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/plaintext"
	"kehoach/internal/testdocs"
)

func loadData(t testing.TB) (*generator.Plan, []generator.School) {
	t.Helper()
	plan, schools, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	return plan, schools
}

func loadPlan(t testing.TB) *generator.Plan {
	plan, _ := loadData(t)
	return plan
}

func text(d *document.Document) string {
	var b strings.Builder
	if err := plaintext.Render(&b, d); err != nil {
		panic(err)
	}
	return b.String()
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// The district plan rendered from data/plan-2025.toml is the seed, word for
// word and paragraph for paragraph, below the header block (which the seed,
// copied out of a PDF, lost).
func TestDistrictPlanIsTheSeed(t *testing.T) {
	plan, _ := loadData(t)
	seed, err := os.ReadFile("../testdata/ke-hoach-2025-phong-gddt-quan-1.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := nonEmptyLines(text(testdocs.Document(t, plan, nil, generator.DocIssuer)))
	want := nonEmptyLines(string(seed))
	const header = 6 // parent, issuer, national title, motto, number, place and date
	if len(got) != len(want)+header {
		t.Fatalf("got %d paragraphs, want %d + %d header lines", len(got), len(want), header)
	}
	for i, w := range want {
		if g := got[i+header]; g != w {
			t.Errorf("paragraph %d:\ngot  %q\nwant %q", i+1, g, w)
		}
	}
	wantHeader := []string{"ỦY BAN NHÂN DÂN QUẬN 1", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
		document.NationalTitle, document.Motto, "Số:      /KH-GDĐT", "Quận 1, ngày      tháng      năm 2025"}
	for i, w := range wantHeader {
		if got[i] != w {
			t.Errorf("header line %d: got %q, want %q", i+1, got[i], w)
		}
	}
}

// fillFor replaces the placeholders a school plan may use, independently of
// the generator's own substitution.
func fillFor(s *generator.School, extra ...string) *strings.Replacer {
	pairs := []string{
		"{{ten_truong}}", s.Name, "{{ten_truong_viet_tat}}", s.ShortName, "{{hieu_truong}}", s.Principal.Name,
		"{{lien_he.email_noi_vu}}", "lntphuong.q1@tphcm.gov.vn", "{{lien_he.email_phong}}", "tqcuong.q1@tphcm.gov.vn",
	}
	for role, who := range s.Roles {
		pairs = append(pairs, "{{phu_trach."+role+".xung_ho}}", who.Salutation, "{{phu_trach."+role+".ho_ten}}", who.Name, "{{phu_trach."+role+".chuc_vu}}", who.Position)
	}
	return strings.NewReplacer(append(pairs, extra...)...)
}

// Defects that must never reach a document.
var leftovers = regexp.MustCompile(`\{\{|\}\}|<nil>|%!|\bundefined\b|\s[,;:.]\s|\(\s*\)|- :|^\s*[-+]\s*$`)

func checkClean(t *testing.T, name string, d *document.Document) {
	t.Helper()
	for i, l := range strings.Split(text(d), "\n") {
		if loc := leftovers.FindStringIndex(l); loc != nil {
			t.Errorf("%s line %d: %q holds %q", name, i+1, l, l[loc[0]:loc[1]])
		}
		// Runs of spaces are only the blanks left for the signer.
		trimmed := strings.NewReplacer("Số:      /", "Số: /", "ngày      tháng      năm", "ngày tháng năm").Replace(l)
		if strings.Contains(trimmed, "  ") && !strings.HasPrefix(l, "|") {
			t.Errorf("%s line %d: %q has an empty value", name, i+1, l)
		}
	}
	for _, v := range []string{d.Header.Parent, d.Header.Issuer, d.Header.Number, d.Header.PlaceDate, d.Type, d.Subject, d.Closing.SignerName, d.Meta.Title, d.Meta.Author} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s: empty header, title, signer or metadata field", name)
		}
	}
	for _, b := range d.Body {
		if p, ok := b.(*document.Paragraph); ok {
			for _, r := range p.Runs {
				if r.Text == "" {
					t.Errorf("%s: empty run in %q", name, p.Text())
				}
			}
		}
	}
}

// Every school's plan keeps every item of sections I and II that applies to
// schools, in the school's wording, and has its own section III.
func TestEverySchoolPlan(t *testing.T) {
	plan, schools := loadData(t)
	if len(schools) < 40 {
		t.Fatalf("got %d schools, want at least 40", len(schools))
	}
	for i := range schools {
		s := &schools[i]
		t.Run(s.ID, func(t *testing.T) {
			d := testdocs.Document(t, plan, s, generator.DocPlan)
			checkClean(t, s.ID+"/ke-hoach", d)
			out := text(d)
			lines := nonEmptyLines(out)
			fill := fillFor(s)

			// Sections I and II, item for item, in order.
			part, next := "", 0
			for _, p := range plan.Sections {
				if p.Label == "III." {
					break
				}
				if p.IssuerOnly {
					continue
				}
				want := p.Text + p.Heading
				for from, to := range p.SchoolSubst {
					want = strings.Replace(want, from, to, 1)
				}
				if p.SchoolText != "" {
					want = p.SchoolText
				}
				want = fill.Replace(want)
				if p.Label != "" {
					want = p.Label + " " + want
				}
				if p.Label == "I." || p.Label == "II." {
					part = p.Label
				}
				found := false
				for ; next < len(lines); next++ {
					if lines[next] == want {
						found = true
						break
					}
				}
				if !found {
					t.Fatalf("section %s: %q not found in order", part, want)
				}
			}
			for _, gone := range []string{"thuộc ngành giáo dục và đào tạo Quận 1", "các trường mầm non, tiểu học, trung học cơ sở và đơn vị trực thuộc đảm bảo", "Đối với Phòng Giáo dục và Đào tạo", "Đính kèm"} {
				if strings.Contains(out, gone) {
					t.Errorf("school plan still holds the district's %q", gone)
				}
			}

			// Section III: the school's assignments, deadlines and addresses.
			iii := out[strings.Index(out, "\nIII. TỔ CHỨC THỰC HIỆN\n"):]
			for _, want := range []string{
				s.Roles["dan_van"].Salutation + " " + s.Roles["dan_van"].Name + " - " + s.Roles["dan_van"].Position + ": phụ trách công tác dân vận chính quyền.",
				s.Roles["dan_chu"].Salutation + " " + s.Roles["dan_chu"].Name + " - " + s.Roles["dan_chu"].Position + ": phụ trách công tác dân chủ cơ sở.",
				"Báo cáo 6 tháng gửi trước ngày 01 của tháng 5", "Báo cáo năm gửi trước ngày 01 tháng 11",
				"lntphuong.q1@tphcm.gov.vn", "tqcuong.q1@tphcm.gov.vn",
			} {
				if !strings.Contains(iii, want) {
					t.Errorf("section III lacks %q", want)
				}
			}

			// Header and signature from the school's details.
			issuer := strings.ToUpper(s.Name)
			if s.ShortHeader {
				issuer = strings.ToUpper(s.ShortName)
			}
			if strings.ReplaceAll(d.Header.Issuer, "\n", " ") != issuer || d.Header.Parent != s.Parent {
				t.Errorf("header: got %q / %q, want %q / %q", d.Header.Parent, d.Header.Issuer, s.Parent, issuer)
			}
			if !strings.HasSuffix(d.Header.Number, "/KH-"+s.Code) {
				t.Errorf("number %q does not end in /KH-%s", d.Header.Number, s.Code)
			}
			signer, title := s.Principal.Name, s.Principal.Sign
			if s.Principal.Sign == generator.SignOnBehalf {
				signer = s.Principal.Deputy
			}
			if d.Closing.SignerName != signer || d.Closing.SignerTitle[0] != title {
				t.Errorf("signer: got %v %q, want %q %q", d.Closing.SignerTitle, d.Closing.SignerName, title, signer)
			}
			if !strings.Contains(out, s.Name+" xây dựng kế hoạch") {
				t.Errorf("basis does not name the school")
			}
		})
	}
}

// Every report form has one entry per item of the plan's section II, in
// order, with lines to write on, and the table of figures.
func TestEveryReportForm(t *testing.T) {
	plan, schools := loadData(t)
	// The items of section II that concern schools, as written in the file.
	var items []generator.Paragraph
	in := false
	for _, p := range plan.Sections {
		if strings.HasSuffix(p.Label, ".") && !strings.ContainsAny(p.Label, "0123456789") {
			in = p.Label == "II."
			continue
		}
		if in && !p.IssuerOnly && p.Heading == "" && p.Label != "" && p.Label != "1." && p.Label != "2." {
			items = append(items, p)
		}
	}
	if len(items) != 14 {
		t.Fatalf("section II has %d items, want 14 (a) to e) with đ), a) to d) and four dashes)", len(items))
	}
	for i := range schools {
		s := &schools[i]
		for _, k := range plan.Report.Periods {
			t.Run(s.ID+"/"+k.ID, func(t *testing.T) {
				d, err := testdocs.Compose(plan, s, k.ID)
				if err != nil {
					t.Fatal(err)
				}
				checkClean(t, s.ID+"/"+k.FileName, d)
				var entries []*document.Paragraph
				for j, b := range d.Body {
					if p, ok := b.(*document.Paragraph); ok && p.Role == document.Entry {
						entries = append(entries, p)
						if fl, ok := d.Body[j+1].(*document.FillLines); !ok || fl.Count < 1 {
							t.Errorf("entry %q is not followed by lines to write on", p.Text())
						}
					}
				}
				if len(entries) != len(items) {
					t.Fatalf("got %d entries, want %d", len(entries), len(items))
				}
				for j, e := range entries {
					if e.Label != items[j].Label || e.Text() != items[j].Label+" "+items[j].Summary {
						t.Errorf("entry %d: got %q, want %q", j+1, e.Text(), items[j].Label+" "+items[j].Summary)
					}
				}
				out := text(d)
				for _, want := range []string{
					"Số:      /BC-" + s.Code, "BÁO CÁO", "Kết quả thực hiện công tác dân vận của chính quyền\nvà Quy chế dân chủ ở cơ sở " + k.Name,
					"- Phòng Giáo dục và Đào tạo Quận 1.", "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
					"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ " + strings.ToUpper(k.Next), "V. ĐỀ XUẤT, KIẾN NGHỊ", s.Name + " báo cáo kết quả như sau:",
					"| 1 | Số cuộc đối thoại", "- Như trên;",
				} {
					if !strings.Contains(out, want) {
						t.Errorf("report lacks %q", want)
					}
				}
				// Where and when to send it is told to the person filling
				// it in, never printed in the report (nd30.md, product.md).
				notes := strings.Join(d.Instructions, "\n")
				for _, want := range []string{"lntphuong.q1@tphcm.gov.vn", "tqcuong.q1@tphcm.gov.vn", "gửi trước " + generator.FormatDate(k.Due, 0)} {
					if !strings.Contains(notes, want) {
						t.Errorf("instructions lack %q: %q", want, notes)
					}
					if strings.Contains(out, want) {
						t.Errorf("the printed report holds the instruction %q", want)
					}
				}
				if strings.Contains(out, "Ghi chú:") {
					t.Error("the printed report holds a note")
				}
			})
		}
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		d    generator.Date
		want string
	}{
		{generator.Date{Year: 2025, Month: 1, Day: 5}, "ngày 05 tháng 01 năm 2025"},
		{generator.Date{Year: 2025, Month: 2, Day: 19}, "ngày 19 tháng 02 năm 2025"},
		{generator.Date{Year: 2025, Month: 3, Day: 5}, "ngày 05 tháng 3 năm 2025"},
		{generator.Date{Year: 2025, Month: 9, Day: 24}, "ngày 24 tháng 9 năm 2025"},
		{generator.Date{Year: 2024, Month: 12, Day: 31}, "ngày 31 tháng 12 năm 2024"},
		{generator.Date{}, "ngày      tháng      năm 2025"},
	}
	for _, tt := range tests {
		if got := generator.FormatDate(tt.d, 2025); got != tt.want {
			t.Errorf("FormatDate(%v): got %q, want %q", tt.d, got, tt.want)
		}
	}
}

// A school given a number and a date gets them in its plan; its report
// forms stay blank for the signer.
func TestSchoolOverrides(t *testing.T) {
	plan, schools := loadData(t)
	for i := range schools {
		s := &schools[i]
		if s.Number == "" {
			continue
		}
		d := testdocs.Document(t, plan, s, generator.DocPlan)
		want := "Số: " + s.Number + "/KH-" + s.Code
		if d.Header.Number != want {
			t.Errorf("%s: got %q, want %q", s.ID, d.Header.Number, want)
		}
		if !strings.HasSuffix(d.Header.PlaceDate, generator.FormatDate(s.Date, 0)) || s.Date.IsZero() {
			t.Errorf("%s: date line %q", s.ID, d.Header.PlaceDate)
		}
		r := testdocs.Document(t, plan, s, "report-6m")
		if r.Header.Number != "Số:      /BC-"+s.Code {
			t.Errorf("%s: report number %q is not blank", s.ID, r.Header.Number)
		}
	}
}

func ExampleFormatDate() {
	fmt := generator.FormatDate
	println := func(s string) { os.Stdout.WriteString(s + "\n") }
	println(fmt(generator.Date{Year: 2025, Month: 3, Day: 5}, 2025))
	println(fmt(generator.Date{}, 2025))
	// Output:
	// ngày 05 tháng 3 năm 2025
	// ngày      tháng      năm 2025
}

// A paragraph written over several lines of a TOML multi-line string flows
// as one paragraph; a subject keeps its chosen line break.
func TestMultiLineTextFlows(t *testing.T) {
	src := readTestdata(t, "plan-min.toml")
	src = edit(t, src, `noi_dung = "Số hóa hồ sơ *học sinh*."`, "noi_dung = \"\"\"\nSố hóa hồ sơ\n*học sinh*.\"\"\"")
	src = edit(t, src, `trich_yeu = "Thực hiện chuyển đổi số năm 2026"`, "trich_yeu = \"Thực hiện chuyển đổi số\\nnăm 2026\"")
	plan, err := generator.LoadPlan(strings.NewReader(src), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	out := text(testdocs.Document(t, plan, nil, generator.DocIssuer))
	for _, want := range []string{"\na) Số hóa hồ sơ *học sinh*.\n", "\nThực hiện chuyển đổi số\nnăm 2026\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
}

// The README documents every placeholder a plan may use.
func TestReadmeListsPlaceholders(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range generator.Placeholders() {
		if !strings.Contains(string(readme), "`"+p.Name+"`") {
			t.Errorf("README.md does not list the placeholder %s", p.Name)
		}
	}
}

func TestIssuerLines(t *testing.T) {
	plan, schools := loadData(t)
	want := map[string]string{
		"th-nguyen-binh-khiem": "TRƯỜNG TIỂU HỌC\nNGUYỄN BỈNH KHIÊM",
		"thcs-van-lang":        "TRƯỜNG TRUNG HỌC CƠ SỞ\nVĂN LANG",
		"mn-ben-nghe":          "TRƯỜNG MẦM NON BẾN NGHÉ",
		"th-ket-doan":          "TRƯỜNG TH KẾT ĐOÀN", // the short form, as its details ask
	}
	for i := range schools {
		if w, ok := want[schools[i].ID]; ok {
			if got := testdocs.Document(t, plan, &schools[i], generator.DocPlan).Header.Issuer; got != w {
				t.Errorf("%s: got %q, want %q", schools[i].ID, got, w)
			}
			delete(want, schools[i].ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("schools not found: %v", want)
	}
	s := schools[0]
	s.HeaderName = "Trường Mầm non\nBến Nghé (cơ sở 2)"
	if got := testdocs.Document(t, plan, &s, generator.DocPlan).Header.Issuer; got != "TRƯỜNG MẦM NON\nBẾN NGHÉ (CƠ SỞ 2)" {
		t.Errorf("ten_dau_trang: got %q", got)
	}
}

// Every test the README names (its table of Nghị định 30 rules, its list
// of tests) exists.
func TestReadmeNamesRealTests(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, "_test.go") && !strings.Contains(p, "third_party") {
			b, _ := os.ReadFile(p)
			src.Write(b)
		}
		return nil
	})
	names := regexp.MustCompile("`((?:Test|Fuzz|Benchmark)[A-Z]\\w*)`").FindAllStringSubmatch(string(readme), -1)
	if len(names) < 20 {
		t.Fatalf("the README names %d tests; the test expects its rule table", len(names))
	}
	for _, m := range names {
		if !strings.Contains(src.String(), "func "+m[1]+"(") {
			t.Errorf("README.md names %s, which does not exist", m[1])
		}
	}
}
