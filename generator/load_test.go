package generator_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/internal/testdocs"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit returns src with old replaced by new exactly once, failing the test
// when old is missing, so a case never silently tests the unchanged file.
func edit(t *testing.T, src, old, new string) string {
	t.Helper()
	if strings.Count(src, old) != 1 {
		t.Fatalf("testdata does not hold %q exactly once", old)
	}
	return strings.Replace(src, old, new, 1)
}

type problemWant struct {
	line int
	key  string
	msg  string
}

func checkProblems(t *testing.T, err error, file string, want []problemWant) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %d problems", len(want))
	}
	if !errors.Is(err, generator.ErrInvalid) {
		t.Errorf("error %v does not match ErrInvalid", err)
	}
	var ps generator.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %T, want generator.Problems", err)
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	for i, w := range want {
		got := ps[i]
		if got.File != file || got.Line != w.line || got.Key != w.key || got.Msg != w.msg {
			t.Errorf("problem %d:\ngot  %s:%d: %s: %s\nwant %s:%d: %s: %s", i+1, got.File, got.Line, got.Key, got.Msg, file, w.line, w.key, w.msg)
		}
	}
}

func TestSchoolFileErrors(t *testing.T) {
	base := readTestdata(t, "schools-min.toml")
	tests := []struct {
		name string
		src  func(t *testing.T) string
		want []problemWant
	}{
		{"unknown key", func(t *testing.T) string {
			return edit(t, base, `ky_hieu = "THA"`, `ky_hieu = "THA"`+"\nhieu_truong_ten = \"Nguyễn Thị B\"")
		}, []problemWant{{10, "truong[1].hieu_truong_ten", `khóa "hieu_truong_ten" không có trong mẫu; hãy kiểm tra chính tả hoặc xóa dòng này (các khóa dùng được ở đây: id, ten, ten_viet_tat, loai, co_quan_chu_quan, dia_danh, ky_hieu, email, dau_trang_viet_tat, ten_dau_trang, so, ngay, hieu_truong, phu_trach)`}}},
		{"missing required field", func(t *testing.T) string {
			return edit(t, base, "ho_ten = \"Nguyễn Thị B\"\n", "")
		}, []problemWant{{12, "truong[1].hieu_truong", `thiếu khóa "ho_ten"; hãy thêm dòng: ho_ten = …`}}},
		{"missing table", func(t *testing.T) string {
			return edit(t, base, "[truong.hieu_truong]\nxung_ho = \"Bà\"\nho_ten = \"Nguyễn Thị B\"\nky = \"HIỆU TRƯỞNG\"\n", "")
		}, []problemWant{{2, "truong[1]", `thiếu bảng [truong.hieu_truong]; hãy thêm bảng này cùng các khóa của nó`}}},
		{"a person in charge in the schema of 2025", func(t *testing.T) string {
			return edit(t, base, "[truong.phu_trach.chuyen_doi_so]", "[truong.dan_van]")
		}, []problemWant{{17, "truong[1].dan_van", `bảng [truong.dan_van] nay viết [truong.phu_trach.dan_van]: người phụ trách mỗi việc nằm dưới phu_trach, với mã việc mà kế hoạch khai báo trong [[phu_trach]]; hãy đổi tên bảng`}}},
		{"empty required value", func(t *testing.T) string {
			return edit(t, base, `ho_ten = "Trần Văn C"`, `ho_ten = "  "`)
		}, []problemWant{{19, "truong[1].phu_trach.chuyen_doi_so.ho_ten", `"ho_ten" không được để trống; hãy điền giá trị`}}},
		{"number where text is due", func(t *testing.T) string {
			return edit(t, base, `loai = "tieu-hoc"`, `loai = 2`)
		}, []problemWant{{6, "truong[1].loai", `giá trị là số nguyên nhưng cần chuỗi văn bản trong ngoặc kép; hãy viết, ví dụ: loai = "…"`}}},
		{"text where a boolean is due", func(t *testing.T) string {
			return edit(t, base, `email = "tha@example.edu.vn"`, `email = "tha@example.edu.vn"`+"\ndau_trang_viet_tat = \"có\"")
		}, []problemWant{{11, "truong[1].dau_trang_viet_tat", `giá trị là chuỗi văn bản nhưng cần true hoặc false (không có ngoặc kép); hãy viết, ví dụ: dau_trang_viet_tat = true`}}},
		{"date written the Vietnamese way", func(t *testing.T) string {
			return edit(t, base, `email = "tha@example.edu.vn"`, `email = "tha@example.edu.vn"`+"\nngay = \"05/3/2025\"")
		}, []problemWant{{11, "truong[1].ngay", `ngày "05/3/2025" viết chưa đúng; hãy viết không có ngoặc kép theo dạng năm-tháng-ngày, ví dụ: ngay = 2025-03-05, hoặc để trống: ngay = ""`}}},
		{"duplicate school id", func(t *testing.T) string {
			second := strings.Replace(base[strings.Index(base, "[[truong]]"):], `ky_hieu = "THA"`, `ky_hieu = "THB"`, 1)
			return base + "\n" + second
		}, []problemWant{{28, "truong[2].id", `id "th-a" đã dùng cho trường ở dòng 2; mỗi trường cần một id riêng`}}},
		{"a missing key does not hide a duplicate id", func(t *testing.T) string {
			second := strings.Replace(base[strings.Index(base, "[[truong]]"):], `ky_hieu = "THA"`, `ky_hieu = "THB"`, 1)
			return edit(t, base, "email = \"tha@example.edu.vn\"\n", "") + "\n" + second
		}, []problemWant{
			{2, "truong[1]", `thiếu khóa "email"; hãy thêm dòng: email = …`},
			{27, "truong[2].id", `id "th-a" đã dùng cho trường ở dòng 2; mỗi trường cần một id riêng`},
		}},
		{"legacy TCVN3 text", func(t *testing.T) string {
			return edit(t, base, `ten = "Trường Tiểu học A"`, `ten = "Tr­êng TiÓu häc A"`)
		}, []problemWant{{4, "truong[1].ten", `chữ "Tr­êng" có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI), không phải Unicode; hãy chuyển mã sang Unicode dựng sẵn (ví dụ bằng công cụ chuyển mã của Unikey) rồi dán lại`}}},
		{"legacy VNI text", func(t *testing.T) string {
			return edit(t, base, `ho_ten = "Lê Thị D"`, `ho_ten = "Leâ Thò Dung"`)
		}, []problemWant{{24, "truong[1].phu_trach.an_toan_thong_tin.ho_ten", `chữ "Leâ" có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI), không phải Unicode; hãy chuyển mã sang Unicode dựng sẵn (ví dụ bằng công cụ chuyển mã của Unikey) rồi dán lại`}}},
		{"file saved in an 8-bit code page", func(t *testing.T) string {
			return edit(t, base, `ten_viet_tat = "Trường TH A"`, "ten_viet_tat = \"Tr\xadêng TH A\"")
		}, []problemWant{{5, "", `tệp không phải văn bản UTF-8 (có thể được lưu bằng bảng mã cũ TCVN3/ABC hoặc VNI); hãy mở tệp và lưu lại với bảng mã UTF-8`}}},
		{"TOML syntax", func(t *testing.T) string {
			return edit(t, base, `dia_danh = "Phường Sài Gòn"`, `dia_danh = "Phường Sài Gòn`)
		}, []problemWant{{8, "truong.dia_danh", `thiếu dấu ngoặc kép " đóng ở cuối chuỗi văn bản (TOML: strings cannot contain newlines); lỗi cú pháp làm dừng việc đọc tệp, sửa xong hãy chạy lại để thấy các lỗi còn lại`}}},
		{"date written as in letters", func(t *testing.T) string {
			return edit(t, base, `email = "tha@example.edu.vn"`, `email = "tha@example.edu.vn"`+"\nngay = 05/03/2025")
		}, []problemWant{{11, "truong.ngay", `ngày viết chưa đúng; hãy viết không có ngoặc kép, theo dạng năm-tháng-ngày với đủ chữ số và là ngày có thật, ví dụ: ngay = 2025-03-05 (TOML: Invalid integer "05": cannot have leading zeroes); lỗi cú pháp làm dừng việc đọc tệp, sửa xong hãy chạy lại để thấy các lỗi còn lại`}}},
		{"misspelt school table", func(t *testing.T) string {
			second := strings.Replace(base[strings.Index(base, "[[truong]]"):], `[[truong]]`, `[[truog]]`, 1)
			return base + "\n" + second
		}, []problemWant{{37, "truong", `khóa hoặc bảng này đã có ở phía trên; mỗi khóa chỉ viết một lần (nếu đây là bảng con của một trường, hãy xem dòng [[truong]] phía trên có gõ đúng không) (TOML: Key 'truong.hieu_truong' has already been defined.); lỗi cú pháp làm dừng việc đọc tệp, sửa xong hãy chạy lại để thấy các lỗi còn lại`}}},
		{"file saved as UTF-16", func(t *testing.T) string {
			return "\xff\xfe" + base
		}, []problemWant{{1, "", `tệp được lưu ở dạng UTF-16 (Unicode của Notepad cũ); hãy mở tệp và lưu lại với bảng mã UTF-8`}}},
		{"signing on behalf without a deputy", func(t *testing.T) string {
			return edit(t, base, `ky = "HIỆU TRƯỞNG"`, `ky = "KT. HIỆU TRƯỞNG"`)
		}, []problemWant{{15, "truong[1].hieu_truong.ky", `ký "KT. HIỆU TRƯỞNG" thì cần pho_hieu_truong (họ tên phó hiệu trưởng ký thay); hãy thêm dòng pho_hieu_truong = "…"`}}},
		{"unknown way of signing and school type, all reported", func(t *testing.T) string {
			s := edit(t, base, `ky = "HIỆU TRƯỞNG"`, `ky = "Hiệu trưởng"`)
			return edit(t, s, `loai = "tieu-hoc"`, `loai = "tieu hoc"`)
		}, []problemWant{
			{6, "truong[1].loai", `loại trường "tieu hoc" không có; hãy viết một trong: "mam-non", "tieu-hoc", "thcs"`},
			{15, "truong[1].hieu_truong.ky", `cách ký "Hiệu trưởng" không có; hãy viết "HIỆU TRƯỞNG", "Q. HIỆU TRƯỞNG" hoặc "KT. HIỆU TRƯỞNG"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generator.LoadSchools(strings.NewReader(tt.src(t)), "truong.toml")
			checkProblems(t, err, "truong.toml", tt.want)
		})
	}
}

func TestPlanFileErrors(t *testing.T) {
	base := readTestdata(t, "plan-min.toml")
	tests := []struct {
		name string
		src  func(t *testing.T) string
		want []problemWant
	}{
		{"placeholder naming no field", func(t *testing.T) string {
			return edit(t, base, `xay_dung = "{{ten_truong}} xây dựng`, `xay_dung = "{{ten_hieu_truong}} xây dựng`)
		}, []problemWant{{29, "ke_hoach_truong.xay_dung", "chỗ điền {{ten_hieu_truong}} không có; các chỗ điền dùng được ở đây: {{co_quan}}, {{dia_danh_truong}}, {{email_truong}}, {{hieu_truong}}, {{ky.report-year.han}}, {{ky.report-year.ten}}, {{lien_he.email_noi_vu}}, {{lien_he.email_phong}}, {{nam}}, {{phu_trach.an_toan_thong_tin.chuc_vu}}, {{phu_trach.an_toan_thong_tin.ho_ten}}, {{phu_trach.an_toan_thong_tin.viec}}, {{phu_trach.an_toan_thong_tin.xung_ho}}, {{phu_trach.chuyen_doi_so.chuc_vu}}, {{phu_trach.chuyen_doi_so.ho_ten}}, {{phu_trach.chuyen_doi_so.viec}}, {{phu_trach.chuyen_doi_so.xung_ho}}, {{so_ke_hoach}}, {{ten_truong}}, {{ten_truong_viet_tat}}"}}},
		{"school placeholder in the district's text", func(t *testing.T) string {
			return edit(t, base, `noi_dung = "Họp trực tuyến khi cần."`, `noi_dung = "Họp trực tuyến tại {{ten_truong}}."`)
		}, []problemWant{{76, "doan[6].noi_dung", "chỗ điền {{ten_truong}} không có; các chỗ điền dùng được ở đây: {{co_quan}}, {{ky.report-year.han}}, {{ky.report-year.ten}}, {{lien_he.email_noi_vu}}, {{lien_he.email_phong}}, {{nam}}, {{phu_trach.an_toan_thong_tin.viec}}, {{phu_trach.chuyen_doi_so.viec}}, {{so_ke_hoach}}"}}},
		{"placeholder never closed", func(t *testing.T) string {
			return edit(t, base, `"Kết quả chuyển đổi số {{ky_bao_cao}}"`, `"Kết quả chuyển đổi số {{ky_bao_cao"`)
		}, []problemWant{{33, "bao_cao.trich_yeu", `chỗ điền "{{ky_bao_cao" chưa đóng; hãy viết {{tên}} với đủ hai dấu }}`}}},
		{"italic never closed", func(t *testing.T) string {
			return edit(t, base, `Số hóa hồ sơ *học sinh*.`, `Số hóa hồ sơ *học sinh.`)
		}, []problemWant{{71, "doan[5].noi_dung", "dấu * mở chữ nghiêng chưa được đóng; hãy thêm * ở cuối phần chữ nghiêng"}}},
		{"substitution that matches nothing", func(t *testing.T) string {
			return edit(t, base, `{ "trong ngành" = `, `{ "trong toàn ngành" = `)
		}, []problemWant{{58, `doan[2].truong_thay."trong toàn ngành"`, `không tìm thấy cụm từ "trong toàn ngành" trong đoạn này; hãy chép đúng cụm từ trong noi_dung`}}},
		{"numbering out of order", func(t *testing.T) string {
			return edit(t, base, `so = "b)"`, `so = "c)"`)
		}, []problemWant{{74, "doan[6].so", `số thứ tự "c)" không liền mạch; ở đây phải là "b)"`}}},
		{"level skipped", func(t *testing.T) string {
			return edit(t, base, "so = \"1.\"\ntieu_de = \"Chuyển đổi số\"", "tieu_de = \"Chuyển đổi số\"")
		}, []problemWant{{68, "doan[5].so", `"a)" không thể đứng ngay dưới "II."; thiếu một cấp đề mục ở giữa`}}},
		{"unknown label form", func(t *testing.T) string {
			return edit(t, base, `so = "b)"`, `so = "f)"`)
		}, []problemWant{
			{74, "doan[6].so", `số thứ tự "f)" không đúng dạng; hãy dùng "Phần I", "I.", "1.", "1.1.", "a)", "-" hoặc "+"`},
		}},
		{"item to report on without a summary", func(t *testing.T) string {
			return edit(t, base, "tom_tat = \"Số hóa hồ sơ\"\n", "")
		}, []problemWant{{68, "doan[5].tom_tat", `đoạn a) thuộc mục II. cần tom_tat (tên ngắn của đoạn, dùng làm mục trong mẫu báo cáo); hãy thêm dòng tom_tat = "…"`}}},
		{"lone star in a recipient", func(t *testing.T) string {
			return edit(t, base, `noi_nhan = ["Các trường", "Lưu: VT"]`, `noi_nhan = ["Các trường (*)", "Lưu: VT"]`)
		}, []problemWant{{22, "ky.noi_nhan[1]", "dấu * mở chữ nghiêng chưa được đóng; hãy thêm * ở cuối phần chữ nghiêng"}}},
		{"placeholder typo in Kính gửi", func(t *testing.T) string {
			return edit(t, base, `kinh_gui = ["Phòng Văn hóa - Xã hội"]`, `kinh_gui = ["{{co_quann}}"]`)
		}, []problemWant{{34, "bao_cao.kinh_gui[1]", "chỗ điền {{co_quann}} không có; các chỗ điền dùng được ở đây: {{co_quan}}, {{dia_danh_truong}}, {{email_truong}}, {{han_bao_cao}}, {{hieu_truong}}, {{ky.report-year.han}}, {{ky.report-year.ten}}, {{ky_bao_cao}}, {{ky_tiep_theo}}, {{lien_he.email_noi_vu}}, {{lien_he.email_phong}}, {{nam}}, {{phu_trach.an_toan_thong_tin.chuc_vu}}, {{phu_trach.an_toan_thong_tin.ho_ten}}, {{phu_trach.an_toan_thong_tin.viec}}, {{phu_trach.an_toan_thong_tin.xung_ho}}, {{phu_trach.chuyen_doi_so.chuc_vu}}, {{phu_trach.chuyen_doi_so.ho_ten}}, {{phu_trach.chuyen_doi_so.viec}}, {{phu_trach.chuyen_doi_so.xung_ho}}, {{so_ke_hoach}}, {{ten_truong}}, {{ten_truong_viet_tat}}"}}},
		{"substitution that cuts emphasis in two", func(t *testing.T) string {
			s := edit(t, base, `noi_dung = "Đẩy mạnh chuyển đổi số trong ngành."`, `noi_dung = "Đẩy mạnh *chuyển đổi số* trong ngành."`)
			return edit(t, s, `{ "trong ngành" = `, `{ "số* trong ngành" = `)
		}, []problemWant{{58, "doan[2].truong_thay", "sau khi thay cụm từ, dấu * mở chữ nghiêng chưa được đóng; hãy thêm * ở cuối phần chữ nghiêng; hãy thay cả cụm có dấu *"}}},
		{"overlapping substitutions", func(t *testing.T) string {
			return edit(t, base, `{ "trong ngành" = "tại {{ten_truong}}" }`, `{ "trong ngành" = "tại {{ten_truong}}", "số trong" = "số ở" }`)
		}, []problemWant{{58, "doan[2].truong_thay", `hai cụm từ "số trong" và "trong ngành" chồng lên nhau; hãy gộp thành một cụm`}}},
		{"too many lines to write on", func(t *testing.T) string {
			return edit(t, base, "ket_qua = true", "ket_qua = true\ndong_trong = 3000000000")
		}, []problemWant{{50, "bao_cao.muc[1].dong_trong", "số dòng trống phải từ 0 đến 40"}}},
		{"unknown key and wrong type, all reported", func(t *testing.T) string {
			s := edit(t, base, "nam = 2026", `nam = "2026"`)
			return edit(t, s, `so = "7"`, `so_van_ban = "7"`)
		}, []problemWant{
			{2, "nam", `giá trị là chuỗi văn bản nhưng cần số nguyên (không có ngoặc kép); hãy viết, ví dụ: nam = 2026`},
			{12, "van_ban.so_van_ban", `khóa "so_van_ban" không có trong mẫu; hãy kiểm tra chính tả hoặc xóa dòng này (các khóa dùng được ở đây: so, ngay, ten_loai, trich_yeu, ve_viec, can_cu, can_cu_rieng, dinh_kem, xay_dung)`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generator.LoadPlan(strings.NewReader(tt.src(t)), "ke-hoach.toml")
			checkProblems(t, err, "ke-hoach.toml", tt.want)
		})
	}
}

// Input typed as decomposed Unicode (NFD) is stored precomposed (NFC).
func TestNFDInputIsNormalised(t *testing.T) {
	base := readTestdata(t, "schools-min.toml")
	nfd := norm.NFD.String(base)
	if nfd == base {
		t.Fatal("test input did not change under NFD")
	}
	schools, err := generator.LoadSchools(strings.NewReader(nfd), "nfd.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := schools[0]
	for _, v := range []string{s.Name, s.ShortName, s.Parent, s.Place, s.Principal.Name, s.Principal.Sign, s.Roles["chuyen_doi_so"].Position, s.Roles["an_toan_thong_tin"].Name} {
		if !norm.NFC.IsNormalString(v) {
			t.Errorf("%q is not NFC", v)
		}
	}
	if s.Name != "Trường Tiểu học A" {
		t.Errorf("got %q, want %q", s.Name, "Trường Tiểu học A")
	}
	plan, err := generator.LoadPlan(strings.NewReader(norm.NFD.String(readTestdata(t, "plan-min.toml"))), "nfd-plan.toml")
	if err != nil {
		t.Fatal(err)
	}
	out := text(testdocs.Document(t, plan, &s, generator.DocPlan))
	if !norm.NFC.IsNormalString(out) || !strings.Contains(out, "TRƯỜNG TIỂU HỌC A") {
		t.Errorf("composed plan is not NFC or lacks the uppercased name")
	}
}

// A school's details are text only: what looks like a placeholder, markup
// or HTML comes out literally.
func TestSchoolValuesAreLiteral(t *testing.T) {
	base := readTestdata(t, "schools-min.toml")
	const name = "Trường {{ten_truong}} <b>A</b> *đậm* %s & \\"
	src := edit(t, base, `ten = "Trường Tiểu học A"`, `ten = "Trường {{ten_truong}} <b>A</b> *đậm* %s & \\"`)
	schools, err := generator.LoadSchools(strings.NewReader(src), "s.toml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := generator.LoadPlan(strings.NewReader(readTestdata(t, "plan-min.toml")), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	out := text(d)
	for _, want := range []string{
		name + " xây dựng kế hoạch, cụ thể như sau:",
		"1. Đẩy mạnh chuyển đổi số tại " + name + ".",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks literal %q:\n%s", want, out)
		}
	}
	// The markup in the value was not parsed: the stars are in a run's text.
	literal := 0
	for _, b := range d.Body {
		if p, ok := b.(*document.Paragraph); ok {
			for _, r := range p.Runs {
				if strings.Contains(r.Text, name) {
					literal++
				}
				if r.Text == "đậm" {
					t.Errorf("the school's *đậm* became an emphasised run")
				}
			}
		}
	}
	if literal != 2 {
		t.Errorf("got the name literally in %d runs, want 2", literal)
	}
}

func TestSchoolsAreValid(t *testing.T) {
	_, schools := loadData(t)
	types := map[string]int{}
	for _, s := range schools {
		types[s.Type]++
	}
	for _, ty := range []string{generator.Kindergarten, generator.Primary, generator.Secondary} {
		if types[ty] < 10 {
			t.Errorf("got %d schools of type %s, want at least 10", types[ty], ty)
		}
	}
}

func FuzzLoadPlan(f *testing.F) {
	for _, name := range []string{"../data/plan-2025.toml", "../testdata/plan-min.toml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		plan, err := generator.LoadPlan(strings.NewReader(src), "fuzz.toml")
		if err != nil {
			var ps generator.Problems
			if errors.As(err, &ps) {
				for _, p := range ps {
					if p.Msg == "" || p.File != "fuzz.toml" {
						t.Fatalf("problem without message or file: %+v", p)
					}
				}
			}
			return
		}
		// A plan that loads is one New accepts for a school that names a
		// person for each of its roles, and renders into NFC text.
		_, schools := handBuilt()
		schools[0].Roles = map[string]generator.Person{}
		for _, r := range plan.Roles {
			schools[0].Roles[r.ID] = generator.Person{Salutation: "Ông", Name: "Trần Văn C", Position: "Giáo viên"}
		}
		g, err := generator.New(plan, schools, generator.Options{})
		if err != nil {
			t.Fatalf("LoadPlan accepted a plan New refuses: %v", err)
		}
		for _, ref := range g.Documents() {
			var b strings.Builder
			if err := g.Render(context.Background(), &b, ref, generator.Text); err != nil {
				t.Fatal(err)
			}
			if !norm.NFC.IsNormalString(b.String()) {
				t.Fatalf("%s: output is not NFC", ref.Path(generator.Text))
			}
		}
	})
}

func FuzzLoadSchools(f *testing.F) {
	for _, name := range []string{"../data/schools.toml", "../testdata/schools-min.toml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	// A plan that asks for no roles: any school file that loads has what
	// it needs, but for a type of school the plan does not know.
	src := readTestdata(f, "plan-min.toml")
	plan, err := generator.LoadPlan(strings.NewReader(src[:strings.Index(src, "[[phu_trach]]")]), "p.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		schools, err := generator.LoadSchools(strings.NewReader(src), "fuzz.toml")
		if err != nil {
			if !errors.Is(err, generator.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		g, err := generator.New(plan, schools, generator.Options{})
		if err != nil {
			var ps generator.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("LoadSchools accepted schools New refuses: %v", err)
			}
			for _, p := range ps {
				if !strings.HasSuffix(p.Key, ".loai") && !strings.Contains(p.Key, ".phu_trach") {
					t.Fatalf("LoadSchools accepted schools New refuses: %v", err)
				}
			}
			return
		}
		for _, ref := range g.Documents() {
			var b strings.Builder
			if err := g.Render(context.Background(), &b, ref, generator.Text); err != nil {
				t.Fatal(err)
			}
			if !norm.NFC.IsNormalString(b.String()) {
				t.Fatal("output is not NFC")
			}
		}
	})
}

// Files saved by Notepad (a byte-order mark, CRLF line ends) load as the
// same data, and problems keep their line numbers.
func TestWindowsFiles(t *testing.T) {
	windows := func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") }
	plan, err := generator.LoadPlan(strings.NewReader(windows(readTestdata(t, "plan-min.toml"))), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	unix, err := generator.LoadPlan(strings.NewReader(readTestdata(t, "plan-min.toml")), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := text(testdocs.Document(t, plan, nil, generator.DocIssuer)), text(testdocs.Document(t, unix, nil, generator.DocIssuer)); got != want {
		t.Errorf("CRLF plan composes differently:\n%s\nwant\n%s", got, want)
	}
	real, err := os.ReadFile("../data/plan-2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err = generator.LoadPlan(strings.NewReader(windows(string(real))), "plan-2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := text(testdocs.Document(t, plan, nil, generator.DocIssuer)), text(testdocs.Document(t, loadPlan(t), nil, generator.DocIssuer)); got != want {
		t.Errorf("CRLF plan-2025.toml composes differently:\n%s", got)
	}
	base := readTestdata(t, "schools-min.toml")
	_, err = generator.LoadSchools(strings.NewReader(windows(edit(t, base, `loai = "tieu-hoc"`, `loai = 2`))), "truong.toml")
	checkProblems(t, err, "truong.toml", []problemWant{{6, "truong[1].loai", `giá trị là số nguyên nhưng cần chuỗi văn bản trong ngoặc kép; hãy viết, ví dụ: loai = "…"`}})
}
