// Package data embeds the sample plans and their school lists that kehoach
// uses when no file is named on the command line.
package data

import (
	"embed"
	"fmt"
	"strings"

	"kehoach/generator"
)

// FS holds the sample plans and school lists.
//
//go:embed *.toml
var FS embed.FS

// Sample is a plan kept in FS with its schools.
type Sample struct {
	Name    string // as --sample takes it
	About   string // for the help, in Vietnamese
	Plan    string // file names inside FS
	Schools string
}

// Samples lists the sample plans; the first is the default.
var Samples = []Sample{
	{"2025", "kế hoạch năm 2025 của Phòng Giáo dục và Đào tạo Quận 1 (dân vận chính quyền, dân chủ cơ sở), 42 trường", "plan-2025.toml", "schools.toml"},
	{"2026", "kế hoạch năm 2026 của Ủy ban nhân dân phường Sài Gòn (chuyển đổi số, an toàn thông tin), 23 trường", "plan-2026.toml", "schools-2026.toml"},
}

// Find returns the sample of that name.
func Find(name string) (Sample, error) {
	var names []string
	for _, s := range Samples {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Sample{}, fmt.Errorf("không có dữ liệu mẫu %q; dùng %s", name, strings.Join(names, " hoặc "))
}

// Load reads the embedded plan and schools of the first sample.
func Load() (*generator.Plan, []generator.School, error) {
	return Samples[0].Load()
}

// Load reads the sample's plan and schools.
func (s Sample) Load() (*generator.Plan, []generator.School, error) {
	plan, err := generator.LoadPlanFS(FS, s.Plan)
	if err != nil {
		return nil, nil, err
	}
	schools, err := generator.LoadSchoolsFS(FS, s.Schools)
	if err != nil {
		return nil, nil, err
	}
	return plan, schools, nil
}
