// Package templates embeds the .docx templates that the DOCX renderer fills.
// They are ordinary Word files: restyle them in Word or LibreOffice, keep
// the {{placeholders}}, and pass the folder with --templates.
package templates

import "embed"

// FS holds the embedded templates.
//
//go:embed *.docx
var FS embed.FS

// Document is the template of every document: plans and report forms.
const Document = "van-ban.docx"
