module kehoach

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/go-fonts/liberation v0.3.3
	github.com/go-pdf/fpdf v0.9.0
	golang.org/x/text v0.44.0
)
