// Package data embeds the district plan and the school list that kehoach
// uses when no file is named on the command line.
package data

import "embed"

// FS holds plan-2025.toml and schools.toml.
//
//go:embed *.toml
var FS embed.FS

// Default file names inside FS.
const (
	PlanFile    = "plan-2025.toml"
	SchoolsFile = "schools.toml"
)
