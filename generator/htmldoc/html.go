// Package htmldoc renders a document as HTML for a preview in a web page that
// looks like the printed A4 page and prints like it from a browser: the
// header and signature blocks in two columns, the body in the layout's
// paragraph styles, tables with their header repeated on each printed
// page, each appendix on a page of its own (shared/spec/nd30.md).
//
// The fragment carries classes only, no style attributes and no script,
// so that it can be shown under a Content-Security-Policy without
// 'unsafe-inline'; Stylesheet writes the CSS for a layout, to be served as
// a file. Its text reads line by line as the plain-text rendering does.
package htmldoc

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"kehoach/generator/document"
	"kehoach/generator/plaintext"
)

// Render writes d as an HTML fragment: one <article class="kh-doc">. The
// instructions for the person who fills a form in are not part of it.
func Render(w io.Writer, d *document.Document) error {
	var b page
	b.document(d)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("htmldoc: viết %s: %w", d.Name, err)
	}
	return nil
}

// Page writes d as a standalone HTML5 document: the stylesheet for layout
// l (nil means document.DefaultLayout) in a <style> element and the
// fragment in the body.
func Page(w io.Writer, d *document.Document, l *document.Layout) error {
	var b page
	b.WriteString("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	b.WriteString(escape(d.Meta.Title))
	b.WriteString("</title>\n<style>\nbody { margin: 0; }\n")
	b.Write(Stylesheet(l))
	b.WriteString("</style>\n</head>\n<body>\n")
	b.document(d)
	b.WriteString("</body>\n</html>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("htmldoc: viết %s: %w", d.Name, err)
	}
	return nil
}

// escape is HTML escaping as html/template does it: < > & ' " and NUL.
func escape(s string) string { return template.HTMLEscapeString(s) }

// page is the HTML being written. Text elements hold no whitespace of
// the markup's own, since they keep the document's spaces (pre-wrap):
// a blank to fill in, "Số:      /KH-UBND", keeps its width.
type page struct{ strings.Builder }

// text writes s escaped, each document symbol in a span that is never
// broken at a line end (nd30.md, "Keeping things together").
func (b *page) text(s string) {
	last := 0
	for _, sp := range document.Symbols(s) {
		b.WriteString(escape(s[last:sp[0]]))
		b.WriteString(`<span class="kh-symbol">` + escape(s[sp[0]:sp[1]]) + "</span>")
		last = sp[1]
	}
	b.WriteString(escape(s[last:]))
}

// para writes s as a paragraph of the given classes, a line break where
// s has "\n".
func (b *page) para(class, s string) {
	b.WriteString(`<p class="` + class + `">`)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString("<br>")
		}
		b.text(line)
	}
	b.WriteString("</p>\n")
}

func (b *page) document(d *document.Document) {
	b.WriteString("<article class=\"kh-doc\">\n<section class=\"kh-sheet\">\n")
	b.header(d.Header)
	b.para("kh-type", d.Type)
	b.para("kh-subject kh-title-subject", d.Subject)
	b.to(d.To)
	b.blocks(d.Body)
	b.closing(d.Closing)
	b.WriteString("</section>\n")
	for _, a := range d.Appendices {
		b.WriteString("<section class=\"kh-sheet kh-appendix\">\n")
		b.para("kh-subject", a.Label)
		b.para("kh-subject", a.Title)
		b.para("kh-subject kh-appendix-ref", a.Reference)
		b.blocks(a.Body)
		b.WriteString("</section>\n")
	}
	b.WriteString("</article>\n")
}

// header writes the block above the title as a grid of four cells that
// read as the plain text does, row by row: the issuer beside the national
// title, the number beside the place and date.
func (b *page) header(h document.Header) {
	b.WriteString("<div class=\"kh-header\">\n<div>\n")
	if strings.TrimSpace(h.Parent) != "" { // a People's Committee has none
		b.para("kh-parent", h.Parent)
	}
	b.para("kh-issuer", h.Issuer)
	b.WriteString("</div>\n<div>\n")
	b.para("kh-nation", document.NationalTitle)
	b.para("kh-motto", document.Motto)
	b.WriteString("</div>\n")
	b.para("kh-number", h.Number)
	b.para("kh-place-date", h.PlaceDate)
	b.WriteString("</div>\n")
}

// to writes the Kính gửi lines. Several addressees go in a grid whose
// first column holds "Kính gửi" and whose second starts at its colon,
// so that the dashes line up under the colon without measuring text.
func (b *page) to(to []string) {
	switch len(to) {
	case 0:
		return
	case 1:
		b.para("kh-to", to[0])
		return
	}
	lead := strings.TrimSuffix(strings.TrimSpace(to[0]), ":")
	k := strings.Index(to[0], lead) + len(lead)
	b.WriteString(`<div class="kh-to kh-to-list"><span>`)
	b.text(to[0][:k])
	b.WriteString("</span><span>")
	b.text(to[0][k:])
	b.WriteString("</span>\n")
	for _, s := range to[1:] {
		b.para("kh-addressee", s)
	}
	b.WriteString("</div>\n")
}

func (b *page) blocks(blocks []document.Block) {
	for _, blk := range blocks {
		switch x := blk.(type) {
		case *document.Paragraph:
			if x != nil {
				b.paragraph(x)
			}
		case *document.FillLines:
			for i := 0; x != nil && i < x.Count; i++ {
				b.WriteString(`<p class="kh-fill">` + plaintext.FillLine + "</p>\n")
			}
		case *document.Table:
			if x != nil && len(x.Columns) > 0 {
				b.table(x)
			}
		}
	}
}

func (b *page) paragraph(p *document.Paragraph) {
	class := "kh-" + string(p.Role.Style())
	if p.KeepNext {
		class += " kh-keep"
	}
	b.WriteString(`<p class="` + class + `">`)
	if p.Label != "" {
		b.text(p.Label + " ")
	}
	for _, r := range p.Runs {
		on, off := "", ""
		if r.Bold {
			on, off = "<strong>", "</strong>"
		}
		if r.Italic {
			on, off = on+"<em>", "</em>"+off
		}
		b.WriteString(on)
		b.text(r.Text)
		b.WriteString(off)
	}
	b.WriteString("</p>\n")
}

// table writes a bordered table. With groups, its header has two rows,
// as document.Table.HeaderRows reads them: a group's title spans its
// columns, a column outside any group spans both rows.
func (b *page) table(t *document.Table) {
	b.WriteString("<table class=\"kh-table\">\n<colgroup>")
	total := 0.0
	for _, c := range t.Columns {
		total += c.Width
	}
	for _, c := range t.Columns {
		w := 100 / float64(len(t.Columns)) // widths not given: equal columns
		if total > 0 && c.Width > 0 {
			w = 100 * c.Width / total
		}
		b.WriteString(`<col width="` + num(w) + `%">`)
	}
	b.WriteString("</colgroup>\n<thead>\n<tr>")
	cell := func(tag, attr, s string) {
		b.WriteString("<" + tag + attr + ">")
		b.text(s)
		b.WriteString("</" + tag + ">")
	}
	if len(t.Groups) == 0 {
		for _, c := range t.Columns {
			cell("th", "", c.Title)
		}
	} else {
		for i := 0; i < len(t.Columns); i++ {
			if g := t.GroupAt(i); g != nil {
				cell("th", ` colspan="`+strconv.Itoa(g.To-g.From+1)+`"`, g.Title)
				i = g.To
				continue
			}
			cell("th", ` rowspan="2"`, t.Columns[i].Title)
		}
		b.WriteString("</tr>\n<tr>")
		for i, c := range t.Columns {
			if t.GroupAt(i) != nil {
				cell("th", "", c.Title)
			}
		}
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for _, c := range t.Cells(r) {
			cell("td", "", c)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

// closing writes the signature block: the recipients, then the signer,
// in two columns that read left column first, as the plain text does.
func (b *page) closing(c document.Closing) {
	b.WriteString("<div class=\"kh-closing\">\n<div>\n")
	b.para("kh-recipients-label", c.RecipientsLabel)
	for _, r := range c.Recipients {
		b.para("kh-recipients", r)
	}
	b.WriteString("</div>\n<div>\n")
	for _, t := range c.SignerTitle {
		b.para("kh-signer", t)
	}
	b.para("kh-signer kh-signer-name", c.SignerName)
	b.WriteString("</div>\n</div>\n")
}
