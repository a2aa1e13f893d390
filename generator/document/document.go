// Package document is the one model of every document kehoach writes: a
// tree of header, title, body blocks and closing, with the text already
// composed. Renderers (plain text, DOCX, PDF, HTML) draw this tree and add no
// content of their own; the layout rules they follow are in
// shared/spec/nd30.md.
package document

import (
	"regexp"
	"strings"
)

// The national title and motto head every official document (Nghị định
// 30/2020, Phụ lục I); they are fixed by law, not data.
const (
	NationalTitle = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	Motto         = "Độc lập - Tự do - Hạnh phúc"
)

// Document is one composed document.
type Document struct {
	Name    string // file name without extension, e.g. ke-hoach
	Header  Header
	Type    string   // KẾ HOẠCH, BÁO CÁO
	Subject string   // trích yếu; "\n" marks a chosen line break
	To      []string // Kính gửi lines, already punctuated; empty for none
	Body    []Block
	Closing Closing
	Meta    Meta

	// Appendices follow the signature, each on a page of its own with
	// pages numbered afresh (nd30.md, "Appendix").
	Appendices []Appendix

	// Instructions are for the person who fills a form in (when and where
	// to send it); they are never printed in the document itself. The
	// DOCX carries them as a Word comment.
	Instructions []string
}

// Appendix is a phụ lục: its label ("PHỤ LỤC", "PHỤ LỤC II"), title and
// the reference to the document it belongs to, centred on a new page, then
// its body.
type Appendix struct {
	Label     string
	Title     string
	Reference string // "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)", set in italics
	Body      []Block
}

// Header is the two-column block above the title.
type Header struct {
	Parent    string // cơ quan chủ quản, uppercase
	Issuer    string // cơ quan ban hành, uppercase; "\n" marks a line break
	Number    string // "Số: 05/KH-THNBK"
	PlaceDate string // "Quận 1, ngày 05 tháng 3 năm 2025"
}

// Closing is the signature block: recipients on the left, signer on the
// right.
type Closing struct {
	RecipientsLabel string   // "Nơi nhận:"
	Recipients      []string // each "- …;", the last "- Lưu: VT."
	SignerTitle     []string // e.g. ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]
	SignerName      string
}

// Meta is what PDF and DOCX properties carry.
type Meta struct {
	Title   string
	Subject string
	Author  string
}

// Block is a body element: *Paragraph, *FillLines or *Table.
type Block interface{ block() }

// Role says how a paragraph is set (nd30.md, "Numbering inside the body").
type Role int

const (
	// Body is justified text with a first-line indent.
	Body Role = iota
	// Part is a Roman-numbered section title: bold, uppercase.
	Part
	// Heading is a numbered clause that carries a title: bold.
	Heading
	// Entry is a report form's item to report on: its label and short title.
	Entry
	// Note is an instruction printed on a form: italic, smaller.
	Note
	// Division is a line of a "Phần I" heading, the label or the title
	// under it: bold, centred.
	Division
)

// Paragraph is a run of styled text with an optional numbering label.
type Paragraph struct {
	Role  Role
	Label string // "I.", "1.", "a)", "-", "+" or empty
	Runs  []Run
	// KeepNext keeps the paragraph on the page of the one after it, on
	// top of what its role's style says: a lead-in ending with ":" is
	// never left alone at a page foot.
	KeepNext bool
}

// Run is text in one style.
type Run struct {
	Text         string
	Bold, Italic bool
}

// FillLines are dotted lines to write on, the width of the text column.
type FillLines struct {
	Count int
}

// Table is a bordered table with a header repeated on each page. With
// groups, the header has two rows: a group's title over its columns, and
// the titles of columns outside any group spanning both rows.
type Table struct {
	Columns []Column
	Groups  []ColumnGroup
	Rows    [][]string
}

// ColumnGroup is a header cell over columns From to To (0-based, both
// included).
type ColumnGroup struct {
	Title    string
	From, To int
}

// GroupAt returns the group column i belongs to, or nil.
func (t *Table) GroupAt(i int) *ColumnGroup {
	for k := range t.Groups {
		if g := &t.Groups[k]; g.From <= i && i <= g.To {
			return g
		}
	}
	return nil
}

// HeaderRows are the header's rows of text as they read, row by row, left
// to right: one row without groups; with groups, the first row holds the
// titles of ungrouped columns and of groups, the second the titles of the
// grouped columns.
func (t *Table) HeaderRows() [][]string {
	if len(t.Groups) == 0 {
		row := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			row[i] = c.Title
		}
		return [][]string{row}
	}
	var top, second []string
	for i, c := range t.Columns {
		g := t.GroupAt(i)
		switch {
		case g == nil:
			top = append(top, c.Title)
		case g.From == i:
			top = append(top, g.Title)
			fallthrough
		default:
			second = append(second, c.Title)
		}
	}
	return [][]string{top, second}
}

// Column is a table column: its title and relative width.
type Column struct {
	Title string
	Width float64
}

func (*Paragraph) block() {}
func (*FillLines) block() {}
func (*Table) block()     {}

// Text is the paragraph's plain text, label included.
func (p *Paragraph) Text() string {
	var b strings.Builder
	if p.Label != "" {
		b.WriteString(p.Label)
		b.WriteByte(' ')
	}
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// Strings returns every piece of text d holds, in no particular order:
// what a renderer must have glyphs for.
func (d *Document) Strings() []string {
	h := d.Header
	out := []string{h.Parent, h.Issuer, h.Number, h.PlaceDate, NationalTitle, Motto, d.Type, d.Subject}
	out = append(out, d.To...)
	out = blockStrings(out, d.Body)
	c := d.Closing
	out = append(out, c.RecipientsLabel, c.SignerName)
	out = append(out, c.Recipients...)
	out = append(out, c.SignerTitle...)
	for _, a := range d.Appendices {
		out = append(out, a.Label, a.Title, a.Reference)
		out = blockStrings(out, a.Body)
	}
	return out
}

func blockStrings(out []string, blocks []Block) []string {
	for _, b := range blocks {
		switch x := b.(type) {
		case *Paragraph:
			if x == nil {
				continue
			}
			out = append(out, x.Label)
			for _, r := range x.Runs {
				out = append(out, r.Text)
			}
		case *Table:
			if x == nil {
				continue
			}
			for _, c := range x.Columns {
				out = append(out, c.Title)
			}
			for _, g := range x.Groups {
				out = append(out, g.Title)
			}
			for _, row := range x.Rows {
				out = append(out, row...)
			}
		}
	}
	return out
}

// Cells returns row as exactly n cells: a row of a table built in code may
// be short or long, and renderers draw the table's columns.
func (t *Table) Cells(row []string) []string {
	n := len(t.Columns)
	if len(row) == n {
		return row
	}
	out := make([]string, n)
	copy(out, row)
	return out
}

// symbolRe matches a document symbol (số, ký hiệu): a number, or none
// yet, then codes joined by "-" and "/": "18-KH/BDVQU", "156/UBND-TTQ",
// "05/KH-THNBK", "/BC-THNBK".
var symbolRe = regexp.MustCompile(`(?:[0-9]+[-/]|/)[\p{L}0-9]+(?:[-/][\p{L}0-9]+)*`)

// IssuerRule is the length of the rule under the issuer's name, given the
// width of the name's widest line: between a third and a half of it
// (nd30.md, Phụ lục I).
func IssuerRule(widest float64) float64 { return 0.4 * widest }

// AddresseeIndent is where the dashes of several addressees start,
// measured from the start of "Kính gửi:": under its colon (nd30.md). to is
// a document's To; width measures text in the To style. It is 0 for a
// single addressee, which shares the line of "Kính gửi:".
func AddresseeIndent(to []string, width func(string) float64) float64 {
	if len(to) < 2 {
		return 0
	}
	return width(strings.TrimSuffix(strings.TrimSpace(to[0]), ":"))
}

// Symbols returns the [start, end) byte spans of the document symbols in
// s, which must never be broken at a line end (nd30.md, "Keeping things
// together").
func Symbols(s string) [][]int {
	if !strings.ContainsAny(s, "-/") {
		return nil
	}
	return symbolRe.FindAllStringIndex(s, -1)
}
