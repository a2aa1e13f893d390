package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"kehoach/generator"
	"kehoach/internal/sheet"
)

func (m *Main) schools(args []string) int {
	var (
		in       inputs
		template string
		to       string
		force    bool
	)
	fs := m.flagSet("schools", "[--sample TÊN | --plan TỆP] [--schools TỆP] [--template TỆP.xlsx|TỆP.csv [--force] | --to toml]")
	in.register(fs, true, false)
	fs.StringVar(&template, "template", "", "viết bảng tính mẫu (.xlsx, hoặc .csv) để điền danh sách trường theo kế hoạch: các cột, danh sách chọn, trang “Hướng dẫn”; có --schools thì điền sẵn các trường đó")
	fs.StringVar(&to, "to", "", "in danh sách trường --schools (TOML hoặc bảng tính) ra dạng này: toml, một tệp danh sách trường dùng được với --schools")
	fs.BoolVar(&force, "force", false, "ghi đè tệp --template đã có")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if code, ok := m.sampleKnown(&in); !ok {
		return code
	}
	switch {
	case to != "" && to != "toml":
		m.errorf("không có dạng %q cho --to; hãy ghi --to toml (bảng tính .xlsx, .csv: dùng --template TỆP)", to)
		fs.Usage()
		return exitUsage
	case to != "" && template != "":
		m.errorf("--to và --template không dùng cùng nhau; hãy chọn một")
		fs.Usage()
		return exitUsage
	case template != "":
		return m.writeTemplate(&in, template, force)
	case to != "" || in.plan != "" || sheet.IsSheet(in.schools):
		// Through the generator's checks, so that what is listed or
		// printed is a list the plan takes, normalised as the generator
		// holds it (NFC, as the file's header says).
		g, _, _, err := in.newGenerator()
		if err != nil {
			return m.reportSchools(err)
		}
		plan, schools := g.Plan(), g.Schools()
		if to == "" {
			m.listSchools(schools)
			return exitOK
		}
		if err := sheet.WriteTOML(m.Stdout, plan, schools); err != nil {
			m.errorf("không in được danh sách trường: %v", err)
			return exitInput
		}
		return exitOK
	}
	schools, err := in.loadSchools()
	if err != nil {
		fmt.Fprintln(m.Stderr, err)
		return exitInput
	}
	m.listSchools(schools)
	return exitOK
}

func (m *Main) listSchools(schools []generator.School) {
	for _, s := range schools {
		fmt.Fprintf(m.Stdout, "%-28s %s\n", s.ID, s.Name)
	}
}

func (m *Main) reportSchools(err error) int {
	fmt.Fprintln(m.Stderr, err)
	m.errorf("hãy sửa các lỗi trên rồi chạy lại")
	return exitInput
}

// writeTemplate writes the school list for the plan as a workbook (or
// CSV) to fill in, with the schools of --schools when it is given. It
// never overwrites a file, which may be a list already filled in, unless
// force says so.
func (m *Main) writeTemplate(in *inputs, path string, force bool) int {
	write, guide := sheet.WriteXLSX, fmt.Sprintf(" (trang “%s”; cách ghi từng cột ở trang “%s”)", sheet.DataSheet, sheet.GuideSheet)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
	case ".csv":
		write, guide = sheet.WriteCSV, ""
	default:
		m.errorf("--template %s: hãy đặt tên tệp có đuôi .xlsx (Excel) hoặc .csv", path)
		return exitUsage
	}
	var (
		plan    *generator.Plan
		schools []generator.School
		err     error
	)
	if in.schools != "" {
		_, plan, schools, err = in.newGenerator()
	} else {
		plan, err = in.loadPlan()
	}
	if err != nil {
		return m.reportSchools(err)
	}
	var buf bytes.Buffer
	if err := write(&buf, plan, schools); err != nil {
		m.errorf("không viết được %s: %v", path, err)
		return exitInput
	}
	if err := writeNew(path, buf.Bytes(), force); err != nil {
		if errors.Is(err, fs.ErrExist) {
			m.errorf("%s đã có, chưa ghi đè (có thể là danh sách đã điền); hãy chọn tên khác, hoặc thêm --force để ghi đè", path)
		} else {
			m.errorf("không ghi được %s: %s", path, osReason(err))
		}
		return exitInput
	}
	planFlag := "--sample " + in.sample
	if in.plan != "" {
		planFlag = "--plan " + in.plan
	}
	filled := ""
	if len(schools) > 0 {
		filled = fmt.Sprintf(", đã điền %d trường", len(schools))
	}
	fmt.Fprintf(m.Stdout, "Đã viết %s: danh sách trường cho %s, %d cột%s%s.\nĐiền mỗi trường một dòng, rồi kiểm tra: kehoach check %s --schools %s\n",
		path, plan.File, len(sheet.Headings(plan)), guide, filled, planFlag, path)
	return exitOK
}

// writeNew writes data to a file at path that must not exist yet, unless
// force allows replacing it.
func writeNew(path string, data []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if !force {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
