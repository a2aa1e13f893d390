// Package pdf renders documents as PDF with codeberg.org/go-pdf/fpdf, laid
// out as shared/spec/nd30.md asks and as a document.Layout (read from the
// DOCX template) says: page and margins, paragraph styles, the header and
// signature columns. Liberation Serif (Times New Roman's metrics) is
// embedded; paragraphs of mixed bold and italic runs are justified, the
// header and signature blocks set in two columns, the report's table with
// its header row repeated, dotted lines to write on, page numbers from
// page 2 on.
//
// fpdf's MultiCell sets one style per paragraph and does not justify UTF-8
// text reliably, so the package breaks lines itself and draws each word
// where it belongs.
//
// Use: NewRenderer parses the fonts once (tens of milliseconds); the
// Renderer it returns then writes any number of documents, concurrently if
// wished, each with Render:
//
//	r, err := pdf.NewRenderer(nil)
//	...
//	err = r.Render(w, doc, pdf.Options{})
//
// The package keeps no state of its own: everything lives in the Renderer.
package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"kehoach/generator/document"
)

// Font metrics of Times New Roman (and Liberation Serif): Word's single
// line spacing is 1.15 em, and the baseline sits an ascent below the top.
const (
	// ruleGap is how far below a line of text its short rule is drawn, as
	// the template's "KH Rule" paragraph sets it: 3 pt before, a 2 pt line,
	// the border 1 pt under it. It keeps the rule clear of the dots under
	// "ộ", "ệ", so that it does not read as an underline.
	ruleGap = (3 + 2*lineFactor + 1) * ptMM
	// afterSubjectRule is the space between the subject's rule and what
	// follows, the spacing after the template's rule paragraph.
	afterSubjectRule = 6 * ptMM

	ptMM         = 25.4 / 72
	lineFactor   = 1.15
	ascentFactor = 0.891
)

// Options changes how a PDF is written.
type Options struct {
	// Created is written as the creation and modification date; the zero
	// value means 2000-01-01 UTC, so that the same input always gives the
	// same bytes.
	Created time.Time
}

// Renderer writes documents as PDF with one layout. It holds the fonts,
// parsed once by NewRenderer; one Renderer may render any number of
// documents, from any number of goroutines at once.
type Renderer struct {
	layout *document.Layout
	fonts  *fontSet
}

// NewRenderer parses the fonts and returns a Renderer that follows layout
// l (nil means document.DefaultLayout).
func NewRenderer(l *document.Layout) (*Renderer, error) {
	if l == nil {
		l = document.DefaultLayout()
	}
	if err := l.Check(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	fs, err := newFontSet()
	if err != nil {
		return nil, err
	}
	return &Renderer{layout: l.Clone(), fonts: fs}, nil
}

// Render writes d as a PDF to w.
func (rd *Renderer) Render(w io.Writer, d *document.Document, opt Options) error {
	text := d.Strings()
	if err := rd.check(text); err != nil {
		return err
	}
	r := &renderer{fonts: rd.fonts, pdf: rd.fonts.documentFor(text), l: rd.layout}
	r.geometry()
	return r.render(w, d, opt)
}

// Check reports what would stop d from being drawn: a character no face
// has, which would print as an empty box. Render refuses such a document
// with the same error; Check finds it without drawing.
func (rd *Renderer) Check(d *document.Document) error { return rd.check(d.Strings()) }

func (rd *Renderer) check(text []string) error {
	if rd.fonts.strippedHas(text) {
		return nil
	}
	if r, ok := rd.fonts.missing(text); ok {
		return fmt.Errorf("pdf: phông chữ của bản PDF (Liberation Serif, như Times New Roman) không có chữ %q (%U); hãy thay bằng chữ khác hoặc bỏ đi", r, r)
	}
	return nil
}

// renderer is the state of one document being laid out and written.
type renderer struct {
	fonts *fontSet
	pdf   *fpdf.Fpdf
	l     *document.Layout
	y     float64 // top of the next line on the current page
	page  int
	// pageBase is the number of pages before the part being set: an
	// appendix numbers its pages from 1.
	pageBase int

	// Geometry read from the layout, in mm.
	pageW, pageH, top, bottom, left, textW float64

	curStyle style // the font last selected, to select it only on change
	curSize  float64
}

func (r *renderer) geometry() {
	pg := r.l.Page
	r.pageW, r.pageH = pg.Width, pg.Height
	r.top, r.bottom, r.left = pg.Top, pg.Height-pg.Bottom, pg.Left
	r.textW = pg.TextWidth()
}

// lineHeight is the height of a line of text at size pt with single
// spacing.
func lineHeight(size float64) float64 { return size * lineFactor * ptMM }

// styleLine is the height of a line of text in style st.
func styleLine(st document.Style) float64 {
	m := st.Line
	if m <= 0 {
		m = 1
	}
	return lineHeight(st.Size) * m
}

func faceOf(st document.Style) style { return styleOf(st.Bold, st.Italic) }

func (r *renderer) render(w io.Writer, d *document.Document, opt Options) error {
	p := r.pdf
	created := opt.Created
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetTitle(d.Meta.Title, true)
	p.SetSubject(d.Meta.Subject, true)
	p.SetAuthor(d.Meta.Author, true)
	p.SetCreator("kehoach", true)
	p.SetProducer("kehoach (fpdf)", true)
	p.SetXmpMetadata(xmp(d.Meta, created))
	p.SetLang("vi")
	p.SetLineWidth(0.25)
	p.SetDrawColor(0, 0, 0)
	p.SetTextColor(0, 0, 0)
	r.newPage()

	r.header(d.Header)
	var units []unit
	units = append(units, r.titleUnits(d)...)
	units = append(units, r.toUnit(d.To))
	units = append(units, r.bodyUnits(d.Body)...)
	units = append(units, r.closingUnit(d.Closing))
	r.flow(units)
	for _, a := range d.Appendices {
		// A new page, numbered afresh: the appendix's first page has no
		// number, as the document's first page has none.
		r.pageBase = r.page
		r.newPage()
		r.flow(append(r.appendixHead(a), r.bodyUnits(a.Body)...))
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("pdf: viết %s: %w", d.Name, err)
	}
	return nil
}

func (r *renderer) newPage() {
	r.pdf.AddPageFormat("P", fpdf.SizeType{Wd: r.pageW, Ht: r.pageH})
	r.curSize = 0 // fpdf selects the font anew on each page
	r.page++
	r.y = r.top
	if n := r.page - r.pageBase; n > 1 {
		// Page numbers: centred in the top margin, none on page 1.
		num := strconv.Itoa(n)
		size := r.l.Sizes.PageNumber
		// Centred between the margins, as the template's header paragraph.
		r.text(regular, size, r.left+r.textW/2-r.fonts.width(regular, size, num)/2, r.l.Page.HeaderDistance, num)
	}
}

// text draws s with its top-left corner at (x, top).
func (r *renderer) text(st style, size, x, top float64, s string) {
	if st != r.curStyle || size != r.curSize {
		r.pdf.SetFont(family, fpdfStyles[st], size)
		r.curStyle, r.curSize = st, size
	}
	baseline := top + ascentFactor*size*ptMM // as Word: the ascent, then the descent and the gap
	r.pdf.Text(x, baseline, bmpOnly(s))
}

// bmpOnly replaces characters beyond the Basic Multilingual Plane (emoji),
// which the fonts do not have and fpdf cannot map, by U+FFFD. The loaders
// refuse them in input; a document built in code may still hold them.
func bmpOnly(s string) string {
	for _, r := range s {
		if r > 0xFFFF {
			return strings.Map(func(r rune) rune {
				if r > 0xFFFF {
					return utf8.RuneError
				}
				return r
			}, s)
		}
	}
	return s
}

// centred draws lines of text centred on cx, from top; it returns the y
// below them.
func (r *renderer) centred(st style, size, cx, width, top float64, text string) (float64, float64) {
	widest := 0.0
	for _, line := range r.wrapPlain(st, size, width, text) {
		lw := r.fonts.width(st, size, line)
		widest = max(widest, lw)
		r.text(st, size, cx-lw/2, top, line)
		top += lineHeight(size)
	}
	return top, widest
}

// wrapPlain breaks text of one style into lines no wider than width,
// honouring "\n".
func (r *renderer) wrapPlain(st style, size, width float64, text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if r.fonts.width(st, size, para) <= width {
			out = append(out, para) // as written: blanks to fill in keep their width
			continue
		}
		line := ""
		for _, w := range strings.Fields(para) {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if r.fonts.width(st, size, try) <= width {
				line = try
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			// A word wider than the column is cut where the column ends,
			// measuring each character once: a word of megabytes takes
			// linear time.
			if r.fonts.width(st, size, w) > width {
				start, u := 0, 0 // the line being filled: its start, its width
				for i := 0; i < len(w); {
					_, n := utf8.DecodeRuneInString(w[i:])
					cu := r.fonts.units(st, w[i:i+n])
					if i > start && unitsMM(u+cu, size) > width {
						out = append(out, w[start:i])
						start, u = i, 0
					}
					u += cu
					i += n
				}
				w = w[start:]
			}
			line = w
		}
		out = append(out, line)
	}
	return out
}

func (r *renderer) rule(cx, y, length float64) {
	r.pdf.Line(cx-length/2, y, cx+length/2, y)
}

// header draws the two-column block of nd30.md: parent body, issuer and its
// rule beside the national title, motto and its rule; then the number beside
// the place and date, on one line.
func (r *renderer) header(h document.Header) {
	lw, rw := r.l.HeaderColumns[0], r.l.HeaderColumns[1]
	lx := r.left + lw/2
	rx := r.left + lw + rw/2
	sz := r.l.Sizes
	top := r.y
	y := top
	if strings.TrimSpace(h.Parent) != "" { // a People's Committee has none
		y, _ = r.centred(regular, sz.Parent, lx, lw, top, h.Parent)
	}
	y, issuerW := r.centred(bold, sz.Issuer, lx, lw, y, h.Issuer)
	y += ruleGap
	r.rule(lx, y, document.IssuerRule(issuerW))
	leftEnd := y

	y, _ = r.centred(bold, sz.NationalTitle, rx, rw, top, document.NationalTitle)
	y, mottoW := r.centred(bold, sz.Motto, rx, rw, y, document.Motto)
	y += ruleGap
	r.rule(rx, y, mottoW)
	rowEnd := max(leftEnd, y) + 1.4 + 4*ptMM

	nb, _ := r.centred(regular, sz.Number, lx, lw, rowEnd+(lineHeight(sz.PlaceDate)-lineHeight(sz.Number))/2, h.Number)
	db, _ := r.centred(italic, sz.PlaceDate, rx, rw, rowEnd, h.PlaceDate)
	r.y = max(nb, db)
}

// titleUnits are the document type and the subject, centred, with the
// short rule under the subject; they stay with the start of the body.
func (r *renderer) titleUnits(d *document.Document) []unit {
	ts, ss := r.l.Style(document.StyleType), r.l.Style(document.StyleSubject)
	cx := r.left + r.textW/2
	typ := r.centredUnit(ts, d.Type)
	subj := r.centredUnit(ss, d.Subject)
	// The rule under the subject, then the space before the body.
	subj.lines = append(subj.lines, line{h: ruleGap + afterSubjectRule, draw: func(top float64) {
		r.rule(cx, top+ruleGap, 38)
	}})
	subj.minFirst = len(subj.lines)
	typ.minFirst = len(typ.lines)
	return []unit{typ, subj}
}

// centredUnit is text centred in the style st, kept with what follows.
func (r *renderer) centredUnit(st document.Style, text string) unit {
	cx := r.left + r.textW/2
	u := unit{before: st.Before * ptMM, after: st.After * ptMM, keepNext: true, minFirst: 1 << 30, minLast: 1}
	for _, l := range r.wrapPlain(faceOf(st), st.Size, r.textW-st.Left-st.Right, text) {
		l := l
		u.lines = append(u.lines, line{h: styleLine(st), draw: func(top float64) {
			r.text(faceOf(st), st.Size, cx-r.fonts.width(faceOf(st), st.Size, l)/2, top, l)
		}})
	}
	u.minFirst = len(u.lines)
	return u
}

// appendixHead is an appendix's label and title, bold, and the reference
// to its document in italics, centred as the subject is (nd30.md).
func (r *renderer) appendixHead(a document.Appendix) []unit {
	st := r.l.Style(document.StyleSubject)
	ref := st
	ref.Bold, ref.Italic = false, true
	refUnit := r.centredUnit(ref, a.Reference)
	refUnit.after += 12 * ptMM // as the DOCX: 12 pt after the reference
	return []unit{r.centredUnit(st, a.Label), r.centredUnit(st, a.Title), refUnit}
}

// toUnit is the Kính gửi block, indented, one addressee a line.
func (r *renderer) toUnit(to []string) unit {
	st := r.l.Style(document.StyleTo)
	u := unit{after: st.After * ptMM, minFirst: 2, minLast: 1}
	x0 := r.left + st.Left
	for i, item := range to {
		x, width := x0, r.textW-st.Left-st.Right
		if i > 0 { // the dashes of several addressees, under the colon
			dash := document.AddresseeIndent(to, func(s string) float64 { return r.fonts.width(faceOf(st), st.Size, s) })
			x, width = x+dash, width-dash
		}
		for _, l := range r.wrapPlain(faceOf(st), st.Size, width, item) {
			l, x := l, x
			u.lines = append(u.lines, line{h: styleLine(st), draw: func(top float64) {
				r.text(faceOf(st), st.Size, x, top, l)
			}})
		}
	}
	return u
}

// Width is the width, in mm, of text set in Liberation Serif (Times New
// Roman's metrics) at size pt: what other renderers measure text with.
func (rd *Renderer) Width(text string, size float64, bold, italic bool) float64 {
	return rd.fonts.width(styleOf(bold, italic), size, text)
}
