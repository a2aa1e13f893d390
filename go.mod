module kehoach

go 1.26.0

require (
	codeberg.org/go-pdf/fpdf v0.12.0
	github.com/BurntSushi/toml v1.6.0
	github.com/go-fonts/liberation v0.3.3
	golang.org/x/sync v0.25.0
	golang.org/x/text v0.44.0
)

replace codeberg.org/go-pdf/fpdf => ./third_party/fpdf
