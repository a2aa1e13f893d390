// Package data embeds the district plan and the school list that kehoach
// uses when no file is named on the command line.
package data

import (
	"embed"

	"kehoach/generator"
)

// FS holds plan-2025.toml and schools.toml.
//
//go:embed *.toml
var FS embed.FS

// Default file names inside FS.
const (
	PlanFile    = "plan-2025.toml"
	SchoolsFile = "schools.toml"
)

// Load reads the embedded plan and schools.
func Load() (*generator.Plan, []generator.School, error) {
	plan, err := generator.LoadPlanFS(FS, PlanFile)
	if err != nil {
		return nil, nil, err
	}
	schools, err := generator.LoadSchoolsFS(FS, SchoolsFile)
	if err != nil {
		return nil, nil, err
	}
	return plan, schools, nil
}
