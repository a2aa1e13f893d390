package web

import (
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// fonts are the PDF's fonts, served so that the preview sets text as the
// printed page does on a machine without Times New Roman (app.css names
// them in @font-face rules).
func fonts() map[string][]byte {
	return map[string][]byte{
		"serif-regular.ttf":     liberationserifregular.TTF,
		"serif-bold.ttf":        liberationserifbold.TTF,
		"serif-italic.ttf":      liberationserifitalic.TTF,
		"serif-bold-italic.ttf": liberationserifbolditalic.TTF,
	}
}
