// Package plaintext renders a document as plain UTF-8 text: one line per
// paragraph of the DOCX and PDF renderings, in their reading order, with
// emphasis written as *italic* and **bold**. It is the reference the other
// renderers are checked against.
package plaintext

import (
	"bufio"
	"io"
	"strings"

	"kehoach/generator/document"
)

// FillLine is how a line to write on is shown.
const FillLine = "........................................................................" // 72 dots

// Render writes d to w.
func Render(w io.Writer, d *document.Document) error {
	b := bufio.NewWriter(w)
	for _, l := range Lines(d) {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Flush()
}

// Lines returns the text of d, line by line; empty strings separate
// paragraphs as a reader expects.
func Lines(d *document.Document) []string {
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	h := d.Header
	// The header is a table of two rows; it reads row by row, left cell
	// first: the issuer beside the national title, the number beside the
	// place and date.
	if strings.TrimSpace(h.Parent) != "" {
		add(strings.Split(h.Parent, "\n")...)
	}
	add(strings.Split(h.Issuer, "\n")...)
	add(document.NationalTitle, document.Motto, h.Number, h.PlaceDate, "")
	add(d.Type)
	add(strings.Split(d.Subject, "\n")...)
	add("")
	if len(d.To) > 0 {
		add(d.To...)
		add("")
	}
	out = blocks(out, d.Body)
	c := d.Closing
	add(c.RecipientsLabel, "")
	add(c.Recipients...)
	add("")
	add(c.SignerTitle...)
	add("", "", "", c.SignerName)
	// Each appendix on a page of its own: its label, title and reference,
	// then its body.
	for _, a := range d.Appendices {
		add("", a.Label, a.Title, a.Reference, "")
		out = blocks(out, a.Body)
	}
	return out
}

func blocks(out []string, body []document.Block) []string {
	for _, blk := range body {
		switch b := blk.(type) {
		case *document.Paragraph:
			out = append(out, Paragraph(b), "")
		case *document.FillLines:
			for i := 0; i < b.Count; i++ {
				out = append(out, FillLine)
			}
			out = append(out, "")
		case *document.Table:
			for _, r := range b.HeaderRows() {
				out = append(out, Row(r))
			}
			for _, r := range b.Rows {
				out = append(out, Row(b.Cells(r)))
			}
			out = append(out, "")
		}
	}
	return out
}

// Paragraph returns the text of one paragraph with its label and emphasis.
func Paragraph(p *document.Paragraph) string {
	var b strings.Builder
	if p.Label != "" {
		b.WriteString(p.Label)
		b.WriteByte(' ')
	}
	for _, r := range p.Runs {
		mark := ""
		if r.Bold {
			mark += "**"
		}
		if r.Italic {
			mark += "*"
		}
		b.WriteString(mark)
		b.WriteString(r.Text)
		b.WriteString(mark)
	}
	return b.String()
}

// Row writes a table row as "| a | b |".
func Row(cells []string) string {
	return "| " + strings.Join(cells, " | ") + " |"
}
