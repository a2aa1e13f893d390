package htmldoc

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"kehoach/generator/document"
)

// Lengths the PDF renderer draws with that the layout does not hold.
const (
	lineFactor = 1.15           // Word's single line spacing, in em
	ruleGap    = 3 + 2*1.15 + 1 // pt from a line of text to its short rule, as the template's rule paragraph
	afterRule  = 6              // pt between the subject's rule and the body
	subjectW   = 38             // mm, the rule under the subject
	lineWidth  = 0.25           // mm, rules and table borders
)

// Stylesheet returns the CSS for fragments written by Render, set in
// layout l (nil means document.DefaultLayout): on screen a sheet of the
// page's size with its margins, on print the page itself (@page), and on a
// narrow screen a sheet as wide as the window.
func Stylesheet(l *document.Layout) []byte {
	if l == nil {
		l = document.DefaultLayout()
	}
	pg, sz := l.Page, l.Sizes
	body := l.Style(document.StyleBody)
	family := fonts(body.Font)
	margins := mm(pg.Top) + " " + mm(pg.Right) + " " + mm(pg.Bottom) + " " + mm(pg.Left)
	var c css
	c.rule(".kh-doc", "background: #e8e8e8", "color: #000", "padding: 8mm 0", "text-align: left")
	c.rule(".kh-doc .kh-sheet", "box-sizing: border-box", "width: "+mm(pg.Width), "min-height: "+mm(pg.Height),
		"margin: 0 auto 8mm", "padding: "+margins, "background: #fff", "box-shadow: 0 1px 6px rgba(0, 0, 0, 0.35)",
		"font-family: "+family, "font-size: "+pt(body.Size), "line-height: "+num(lineFactor))
	c.rule(".kh-doc .kh-sheet:last-child", "margin-bottom: 0")
	c.rule(".kh-doc p", "margin: 0", "white-space: pre-wrap", "overflow-wrap: break-word")
	c.rule(".kh-doc strong", "font-weight: bold")
	c.rule(".kh-doc em", "font-style: italic")
	c.rule(".kh-doc .kh-symbol", "white-space: nowrap")
	c.rule(".kh-doc .kh-keep", "break-after: avoid")

	for _, n := range document.StyleNames() {
		sel := ".kh-doc .kh-" + string(n)
		switch n {
		case document.StyleTableText:
			sel = ".kh-doc .kh-table td"
		case document.StyleTableHead:
			sel = ".kh-doc .kh-table th"
		}
		c.style(sel, l.Style(n), n == document.StyleTableText || n == document.StyleTableHead, l.TableCellPadding)
	}

	// The header: issuer and national title, then number and place-date
	// level with each other; each name with its short rule.
	c.rule(".kh-doc .kh-header", "display: grid", "grid-template-columns: "+columns(l.HeaderColumns, pg.TextWidth()),
		"align-items: start", "text-align: center", "font-family: "+family, "line-height: "+num(lineFactor))
	c.rule(".kh-doc .kh-parent", "font-size: "+pt(sz.Parent))
	c.rule(".kh-doc .kh-issuer", "font-size: "+pt(sz.Issuer), "font-weight: bold", "width: fit-content", "margin: 0 auto")
	c.rule(".kh-doc .kh-nation", "font-size: "+pt(sz.NationalTitle), "font-weight: bold")
	c.rule(".kh-doc .kh-motto", "font-size: "+pt(sz.Motto), "font-weight: bold", "width: fit-content", "margin: 0 auto")
	c.rule(".kh-doc .kh-issuer::after, .kh-doc .kh-motto::after, .kh-doc .kh-title-subject::after",
		`content: ""`, "display: block", "margin: "+pt(ruleGap)+" auto 0", "border-top: "+mm(lineWidth)+" solid #000")
	c.rule(".kh-doc .kh-issuer::after", "width: "+num(document.IssuerRule(100))+"%")
	c.rule(".kh-doc .kh-motto::after", "width: 100%")
	c.rule(".kh-doc .kh-title-subject::after", "width: "+mm(subjectW), "margin-bottom: "+pt(afterRule))
	c.rule(".kh-doc .kh-number, .kh-doc .kh-place-date", "margin-top: calc(1.4mm + 4pt)", "align-self: baseline")
	c.rule(".kh-doc .kh-number", "font-size: "+pt(sz.Number))
	c.rule(".kh-doc .kh-place-date", "font-size: "+pt(sz.PlaceDate), "font-style: italic")

	c.rule(".kh-doc .kh-to-list", "display: grid", "grid-template-columns: max-content minmax(0, 1fr)")
	c.rule(".kh-doc .kh-to-list > span", "white-space: pre-wrap")
	c.rule(".kh-doc .kh-addressee", "grid-column: 2")

	// A line to write on reads as plaintext.FillLine; the dots after it
	// are drawn, not text, and stop at the margin.
	c.rule(".kh-doc .kh-fill", "white-space: nowrap", "overflow: hidden")
	c.rule(".kh-doc .kh-fill::after", `content: "`+strings.Repeat(".", 400)+`"`)

	c.rule(".kh-doc .kh-table", "width: 100%", "table-layout: fixed", "border-collapse: collapse",
		"margin: 0 0 "+pt(body.After))
	c.rule(".kh-doc .kh-table th, .kh-doc .kh-table td", "border: "+mm(lineWidth)+" solid #000",
		"vertical-align: middle", "white-space: pre-wrap", "overflow-wrap: anywhere")
	c.rule(".kh-doc .kh-table td:not(:nth-child(2))", "text-align: center")
	c.rule(".kh-doc .kh-table thead", "display: table-header-group")
	c.rule(".kh-doc .kh-table tr", "break-inside: avoid")

	signer := l.Style(document.StyleSigner)
	c.rule(".kh-doc .kh-closing", "display: grid", "grid-template-columns: "+columns(l.ClosingColumns, pg.TextWidth()),
		"align-items: start", "margin-top: "+pt(l.ClosingGap), "break-inside: avoid")
	c.rule(".kh-doc .kh-recipients-label", "font-family: "+family, "font-size: "+pt(sz.RecipientsLabel),
		"font-weight: bold", "font-style: italic", "line-height: "+num(lineFactor))
	c.rule(".kh-doc .kh-signer-name", "margin-top: "+pt(float64(l.SignLines)*lineFactor*signer.Size))

	c.rule(".kh-doc .kh-appendix", "break-before: page")
	c.rule(".kh-doc .kh-appendix-ref", "font-weight: normal", "font-style: italic", "margin-bottom: 12pt")

	c.WriteString("@media screen and (max-width: 800px) {\n")
	// Without a script to scale the page down (.kh-fit), it reflows.
	c.rule(".kh-doc:not(.kh-fit)", "padding: 2mm 0")
	c.rule(".kh-doc:not(.kh-fit) .kh-sheet", "width: 100%", "max-width: "+mm(pg.Width), "min-height: 0", "padding: 6mm 4mm", "margin-bottom: 2mm")
	c.WriteString("}\n@media print {\n")
	// Page numbers centred in the top margin, none on the first page.
	c.WriteString("@page {\n  size: " + mm(pg.Width) + " " + mm(pg.Height) + ";\n  margin: " + margins + ";\n")
	c.rule("  @top-center", "content: counter(page)", "vertical-align: top", "padding-top: "+mm(pg.HeaderDistance),
		"font-family: "+family, "font-size: "+pt(sz.PageNumber))
	// Empty boxes above and below keep the browser's own header and
	// footer (date, title, address) off the page.
	c.rule("  @top-left", `content: ""`)
	c.rule("  @bottom-center", `content: ""`)
	c.WriteString("}\n@page :first {\n")
	c.rule("  @top-center", "content: none")
	c.WriteString("}\n")
	// An appendix numbers its pages afresh, its first page without a
	// number (nd30.md); CSS cannot restart the page counter, so its
	// pages go unnumbered rather than go on from the document's.
	c.WriteString("@page kh-appendix {\n")
	c.rule("  @top-center", "content: none")
	c.WriteString("}\n")
	c.rule(".kh-doc .kh-appendix", "page: kh-appendix")
	c.rule(".kh-doc", "background: none", "padding: 0")
	c.rule(".kh-doc .kh-sheet", "width: auto", "min-height: 0", "margin: 0", "padding: 0", "box-shadow: none")
	c.WriteString("}\n")
	return []byte(c.String())
}

// css is a stylesheet being written.
type css struct{ strings.Builder }

func (c *css) rule(sel string, decls ...string) {
	c.WriteString(sel + " {")
	for _, d := range decls {
		c.WriteString(" " + d + ";")
	}
	c.WriteString(" }\n")
}

// style writes a paragraph style; a table cell's spacing is its padding.
func (c *css) style(sel string, s document.Style, cell bool, pad float64) {
	weight, slant := "normal", "normal"
	if s.Bold {
		weight = "bold"
	}
	if s.Italic {
		slant = "italic"
	}
	space := "margin: " + pt(s.Before) + " " + mm(s.Right) + " " + pt(s.After) + " " + mm(s.Left)
	if cell {
		space = "padding: " + pt(s.Before) + " " + mm(pad) + " " + pt(s.After)
	}
	spacing := s.Line
	if spacing <= 0 {
		spacing = 1 // as the PDF: unset means single
	}
	lines := 1
	if s.WidowControl {
		lines = 2 // no single line at a page's foot or head
	}
	decls := []string{"font-family: " + fonts(s.Font), "font-size: " + pt(s.Size), "font-weight: " + weight,
		"font-style: " + slant, "line-height: " + num(lineFactor*spacing), "text-align: " + aligns[s.Align],
		"text-indent: " + mm(s.FirstLine), space, "orphans: " + strconv.Itoa(lines), "widows: " + strconv.Itoa(lines)}
	if s.KeepNext {
		decls = append(decls, "break-after: avoid")
	}
	c.rule(sel, decls...)
}

var aligns = map[document.Align]string{
	document.AlignLeft: "left", document.AlignCenter: "center",
	document.AlignRight: "right", document.AlignJustify: "justify",
}

// columns is a two-column grid of widths given in mm, as shares of the
// text width, so that the grid narrows with a narrow window.
func columns(w [2]float64, text float64) string {
	return fmt.Sprintf("minmax(0, %s%%) minmax(0, %s%%)", num(100*w[0]/text), num(100*w[1]/text))
}

// fonts is a font-family list: the style's font, then Liberation Serif,
// which has Times New Roman's metrics, then any serif.
func fonts(font string) string {
	var out []string
	seen := map[string]bool{}
	for _, f := range []string{font, "Liberation Serif", "Times New Roman"} {
		if k := strings.ToLower(strings.TrimSpace(f)); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, cssString(strings.TrimSpace(f)))
		}
	}
	return strings.Join(append(out, "serif"), ", ")
}

// cssString quotes s as a CSS string. The font name comes from the
// template, so characters that could end the string, or the <style>
// element around it, are written as escapes.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`"\<>&`, r) {
			fmt.Fprintf(&b, `\%x `, r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func num(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }
func mm(x float64) string  { return num(x) + "mm" }
func pt(x float64) string  { return num(x) + "pt" }
