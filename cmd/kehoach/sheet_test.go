package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kehoach/data"
	"kehoach/generator"
)

// schools --template writes the workbook for the plan, and never over a
// file already there unless --force says so.
func TestSchoolsTemplate(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		sample, role, lastType string
	}{
		{"2025", "Phụ trách công tác dân vận chính quyền: họ và tên", "thcs"},
		{"2026", "Phụ trách công tác chuyển đổi số, cập nhật cơ sở dữ liệu ngành và tổng hợp báo cáo định kỳ của nhà trường: họ và tên", "lien-cap"},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			path := filepath.Join(dir, "truong-"+tt.sample+".xlsx")
			code, stdout, stderr := run(t, "schools", "--sample", tt.sample, "--template", path)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			want := "Đã viết " + path + ": danh sách trường cho plan-" + tt.sample + ".toml, 22 cột (trang “Trường”; cách ghi từng cột ở trang “Hướng dẫn”).\n" +
				"Điền mỗi trường một dòng, rồi kiểm tra: kehoach check --sample " + tt.sample + " --schools " + path + "\n"
			if stdout != want {
				t.Errorf("stdout:\ngot  %q\nwant %q", stdout, want)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Trường", "Hướng dẫn"}) {
				t.Errorf("sheets: got %q", got)
			}
			rows, _ := f.GetRows("Trường")
			if len(rows) != 1 || !contains(rows[0], tt.role) {
				t.Errorf("headings: got %q, want %q among them", rows, tt.role)
			}
			dvs, err := f.GetDataValidations("Trường")
			if err != nil || len(dvs) != 6 {
				t.Fatalf("got %d drop-down lists (%v), want 6", len(dvs), err)
			}
			if types := dvs[0].Formula1; dvs[0].Sqref != "D2:D1001" || !strings.HasSuffix(types, tt.lastType+`"`) {
				t.Errorf("types of school: got %s %s", dvs[0].Sqref, types)
			}

			code, _, stderr = run(t, "schools", "--sample", tt.sample, "--template", path)
			if code != exitInput || !strings.Contains(stderr, path+" đã có, chưa ghi đè (có thể là danh sách đã điền); hãy chọn tên khác, hoặc thêm --force để ghi đè") {
				t.Errorf("a second time: exit %d, %s", code, stderr)
			}
			if code, _, stderr = run(t, "schools", "--sample", tt.sample, "--template", path, "--force"); code != exitOK {
				t.Errorf("--force: exit %d, %s", code, stderr)
			}
		})
	}
	if code, _, stderr := run(t, "schools", "--template", filepath.Join(dir, "t.ods")); code != exitUsage || !strings.Contains(stderr, "hãy đặt tên tệp có đuôi .xlsx (Excel) hoặc .csv") {
		t.Errorf("--template t.ods: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "schools", "--to", "json"); code != exitUsage || !strings.Contains(stderr, `không có dạng "json" cho --to`) {
		t.Errorf("--to json: exit %d, %s", code, stderr)
	}
}

// A list kept as a workbook or CSV (here the sample, written by
// --template with --schools) prints as TOML that reads back to the
// sample's schools, and lists like the TOML file.
func TestSchoolsToTOML(t *testing.T) {
	dir := t.TempDir()
	for _, s := range data.Samples {
		for _, ext := range []string{".xlsx", ".csv"} {
			t.Run(s.Name+ext, func(t *testing.T) {
				path := filepath.Join(dir, "truong-"+s.Name+ext)
				code, stdout, stderr := run(t, "schools", "--sample", s.Name, "--schools", "../../data/"+s.Schools, "--template", path)
				if code != exitOK || !strings.Contains(stdout, "đã điền") {
					t.Fatalf("--template: exit %d, %s%s", code, stdout, stderr)
				}
				code, stdout, stderr = run(t, "schools", "--sample", s.Name, "--schools", path, "--to", "toml")
				if code != exitOK {
					t.Fatalf("--to toml: exit %d, %s", code, stderr)
				}
				got, err := generator.LoadSchools(strings.NewReader(stdout), "out.toml")
				if err != nil {
					t.Fatalf("LoadSchools: %v", err)
				}
				_, want, err := s.Load()
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(exportedSchools(got), exportedSchools(want)) {
					t.Errorf("--to toml does not read back to %s", s.Schools)
				}
				code, list, _ := run(t, "schools", "--sample", s.Name, "--schools", path)
				_, fromTOML, _ := run(t, "schools", "--sample", s.Name)
				if code != exitOK || list != fromTOML {
					t.Errorf("schools --schools %s: exit %d, lists\n%s\nwant\n%s", ext, code, list, fromTOML)
				}
			})
		}
	}
}

func exportedSchools(schools []generator.School) []generator.School {
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

// check and generate name the sheet, row and column of each problem of a
// workbook: what only a sheet gets wrong, found when it is read, and the
// generator's rules, in the generator's words.
func TestCheckSheet(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "truong.xlsx")
	if code, _, stderr := run(t, "schools", "--schools", "../../data/schools.toml", "--template", good); code != exitOK {
		t.Fatalf("--template: %s", stderr)
	}
	tests := []struct {
		name  string
		cells map[string]string // cell -> value, on sheet Trường
		want  []string
	}{
		{"sheet", map[string]string{"N3": "", "A5": "mn-ben-nghe"}, []string{
			`truong.xlsx: trang "Trường", dòng 3, cột N (Hiệu trưởng: họ và tên): "ho_ten" không được để trống; hãy điền giá trị`,
			`truong.xlsx: trang "Trường", dòng 5, cột A (Mã trường): id "mn-ben-nghe" đã dùng cho trường ở dòng 2; mỗi trường cần một id riêng`,
		}},
		{"generator", map[string]string{"M2": "ông", "O3": "KT. HIỆU TRƯỞNG", "G7": "MNBN"}, []string{
			`truong.xlsx: trang "Trường", dòng 2, cột M (Hiệu trưởng: xưng hô): xưng hô "ông" không đúng; hãy viết "Ông" hoặc "Bà"`,
			`truong.xlsx: trang "Trường", dòng 3, cột O (Hiệu trưởng: cách ký): ký "KT. HIỆU TRƯỞNG" thì cần pho_hieu_truong (họ tên phó hiệu trưởng ký thay); hãy thêm dòng pho_hieu_truong = "…"`,
			`truong.xlsx: trang "Trường", dòng 7, cột G (Ký hiệu): ký hiệu "MNBN" đã dùng cho trường ở dòng 2; mỗi trường cần ký hiệu riêng`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := excelize.OpenFile(good)
			if err != nil {
				t.Fatal(err)
			}
			for cell, v := range tt.cells {
				if err := f.SetCellStr("Trường", cell, v); err != nil {
					t.Fatal(err)
				}
			}
			sub := filepath.Join(dir, tt.name)
			os.Mkdir(sub, 0o755)
			bad := filepath.Join(sub, "truong.xlsx")
			if err := f.SaveAs(bad); err != nil {
				t.Fatal(err)
			}
			f.Close()
			want := strings.ReplaceAll(strings.Join(tt.want, "\n"), "truong.xlsx", bad) + "\n"
			code, _, stderr := run(t, "check", "--schools", bad)
			if code != exitInput || !strings.HasPrefix(stderr, want) {
				t.Errorf("check: exit %d\ngot\n%s\nwant\n%s", code, stderr, want)
			}
			out := filepath.Join(sub, "out")
			code, _, stderr = run(t, "generate", "--schools", bad, "--format", "txt", "--out", out)
			if code != exitInput || !strings.HasPrefix(stderr, want) {
				t.Errorf("generate: exit %d\ngot\n%s\nwant\n%s", code, stderr, want)
			}
			if _, err := os.Stat(out); err == nil {
				if entries, _ := os.ReadDir(out); len(entries) > 0 {
					t.Errorf("generate wrote %d entries from a bad list", len(entries))
				}
			}
		})
	}

	// The columns follow the plan: a plan with problems is reported, and
	// the sheet waits for it.
	plan, _ := os.ReadFile("../../data/plan-2025.toml")
	badPlan := filepath.Join(dir, "plan.toml")
	os.WriteFile(badPlan, bytes.Replace(plan, []byte(`ten = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"`), []byte(`ten = ""`), 1), 0o644)
	code, _, stderr := run(t, "check", "--plan", badPlan, "--schools", good)
	if code != exitInput || !strings.Contains(stderr, badPlan+`:19: co_quan.ten: "ten" không được để trống`) ||
		!strings.Contains(stderr, good+": chưa đọc, vì các cột của bảng tính theo kế hoạch; sửa kế hoạch xong hãy chạy lại") {
		t.Errorf("bad plan: exit %d, %s", code, stderr)
	}
	// A workbook made for another plan.
	code, _, stderr = run(t, "check", "--sample", "2026", "--schools", good)
	if code != exitInput || !strings.Contains(stderr, `thiếu cột "Phụ trách công tác chuyển đổi số`) || !strings.Contains(stderr, `cột Q ("Phụ trách công tác dân vận chính quyền: xưng hô")`) {
		t.Errorf("another plan's workbook: exit %d, %s", code, stderr)
	}
}

// generate writes from a CSV list what it writes from the TOML file.
func TestGenerateFromCSV(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ sample, school string }{
		{"2025", "th-ket-doan"},
		{"2026", "th-thcs-hai-ba-trung"}, // liên cấp, with a header name over two lines
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			s, _ := data.Find(tt.sample)
			list := filepath.Join(dir, "truong-"+tt.sample+".csv")
			if code, _, stderr := run(t, "schools", "--sample", tt.sample, "--schools", "../../data/"+s.Schools, "--template", list); code != exitOK {
				t.Fatalf("--template: %s", stderr)
			}
			fromCSV, fromTOML := filepath.Join(dir, tt.sample, "csv"), filepath.Join(dir, tt.sample, "toml")
			common := []string{"generate", "--sample", tt.sample, "--school", tt.school, "--doc", "plan", "--format", "txt", "-q"}
			if code, _, stderr := run(t, append(common, "--schools", list, "--out", fromCSV)...); code != exitOK {
				t.Fatalf("generate --schools %s: exit %d, %s", list, code, stderr)
			}
			if code, _, stderr := run(t, append(common, "--out", fromTOML)...); code != exitOK {
				t.Fatalf("generate: exit %d, %s", code, stderr)
			}
			got, err := os.ReadFile(filepath.Join(fromCSV, tt.school, "ke-hoach.txt"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(fromTOML, tt.school, "ke-hoach.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) || len(got) < 1000 {
				t.Errorf("the plan from the CSV list differs from the plan from %s", s.Schools)
			}
		})
	}
}
