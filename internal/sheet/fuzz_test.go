package sheet_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"kehoach/generator"
	"kehoach/internal/sheet"
)

// The files in testdata: a list written by hand (headings in capitals
// without diacritics, semicolons, a blank row, a cell over two lines)
// and one with a problem of each kind.
func TestTestdata(t *testing.T) {
	plan, all := sample(t, "2025")
	src, err := os.ReadFile("testdata/khong-dau.csv")
	if err != nil {
		t.Fatal(err)
	}
	s := load(t, src, "khong-dau.csv", plan)
	if len(s.Schools) != 2 || s.Schools[0].ID != "mn-son-ca" || s.Schools[1].HeaderName != "Trường Tiểu học\nKết Đoàn" {
		t.Fatalf("got %+v", s.Schools)
	}
	sameSchools(t, s.Schools[:1], all[7:8]) // mn-son-ca, as the TOML file has it
	// The blank row 3 counts: th-ket-doan is in row 4.
	_, err = generator.New(plan, s.Schools, generator.Options{})
	if err != nil {
		t.Fatal(s.Explain(err))
	}
	bad := s.Schools[1]
	bad.Principal.Deputy = ""
	_, err = generator.New(plan, []generator.School{s.Schools[0], bad}, generator.Options{})
	checkLines(t, s.Explain(err), []string{
		`khong-dau.csv: dòng 4, cột O (HIEU TRUONG: CACH KY): ký "KT. HIỆU TRƯỞNG" thì cần pho_hieu_truong (họ tên phó hiệu trưởng ký thay); hãy thêm dòng pho_hieu_truong = "…"`,
	})

	src, err = os.ReadFile("testdata/loi.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sheet.Load(bytes.NewReader(src), "loi.csv", plan)
	if err == nil || !strings.HasPrefix(err.Error(), `loi.csv: dòng 1: cột E ("ghi chu"): tiêu đề không có trong danh sách trường của kế hoạch plan-2025.toml`) ||
		!strings.Contains(err.Error(), `loi.csv: dòng 1: thiếu cột "Cơ quan chủ quản", "Địa danh"`) {
		t.Errorf("got %v", err)
	}
}

// FuzzLoad: Load never panics, refuses only with generator problems, and
// what it reads, written again as CSV, reads the same.
func FuzzLoad(f *testing.F) {
	plan, schools := sample(f, "2025")
	files, _ := filepath.Glob("testdata/*.csv")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add(csvFile(f, table(plan, sheet.Headings(plan), schools[:3], dayFirst), ';', true))
	var b bytes.Buffer
	if err := sheet.WriteXLSX(&b, plan, schools[:2]); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := sheet.Load(bytes.NewReader(src), "f.csv", plan)
		if err != nil {
			if !errors.Is(err, generator.ErrInvalid) {
				t.Fatalf("not a generator problem: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := sheet.WriteCSV(&out, plan, s.Schools); err != nil {
			t.Fatal(err)
		}
		again, err := sheet.Load(bytes.NewReader(out.Bytes()), "again.csv", plan)
		if err != nil {
			t.Fatalf("what Load read does not read again: %v\n%s", err, out.Bytes())
		}
		sameSchools(t, again.Schools, s.Schools)
	})
}

// FuzzTOMLString: any text a school holds, written by WriteTOML, reads
// back the same.
func FuzzTOMLString(f *testing.F) {
	for _, s := range []string{"", `Trường "A"`, `a\b`, "hai\ndòng", "tab\there", "\x00\x1f\x7f", "Nguyễn Bỉnh Khiêm"} {
		f.Add(s)
	}
	plan, schools := sample(f, "2025")
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) {
			return
		}
		s := schools[0]
		s.Name = name
		var b bytes.Buffer
		if err := sheet.WriteTOML(&b, plan, []generator.School{s}); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Truong []struct {
				Ten string `toml:"ten"`
			} `toml:"truong"`
		}
		if _, err := toml.Decode(b.String(), &got); err != nil {
			t.Fatalf("%q: %v\n%s", name, err, b.String())
		}
		if len(got.Truong) != 1 || got.Truong[0].Ten != name {
			t.Fatalf("got %q, want %q", got.Truong, name)
		}
	})
}
