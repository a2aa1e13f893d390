// Package pdf renders documents as PDF with codeberg.org/go-pdf/fpdf, laid
// out as shared/spec/nd30.md asks and as the DOCX template is: A4, margins
// 20/20/30/15 mm, Liberation Serif (Times New Roman's metrics) embedded and
// subset, justified paragraphs of mixed bold and italic runs, the header and
// signature blocks in two columns, the report's table with its header row
// repeated, dotted lines to write on, and page numbers from page 2 on.
//
// fpdf's MultiCell sets one style per paragraph and does not justify UTF-8
// text reliably, so the package breaks lines itself and draws each word
// where it belongs.
//
// Use: NewRenderer parses the fonts once (tens of milliseconds); the
// Renderer it returns then writes any number of documents, concurrently if
// wished, each with Render:
//
//	r, err := pdf.NewRenderer()
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
	"kehoach/generator/plaintext"
)

// Page geometry in mm, as the DOCX template has it.
const (
	pageW, pageH  = 210.0, 297.0
	marginTop     = 20.0
	marginBottom  = 20.0
	marginLeft    = 30.0
	marginRight   = 15.0
	headerY       = 10.0 // top of the page number
	textW         = pageW - marginLeft - marginRight
	bottomLimit   = pageH - marginBottom
	ptMM          = 25.4 / 72
	lineFactor    = 1.15 // single line spacing of Times New Roman
	ascentFactor  = 0.891
	firstIndent   = 10.0 // 1 cm
	headerLeftW   = 70.0
	headerRightW  = 95.0
	closingLeftW  = 60.0
	closingRightW = textW - closingLeftW
	toIndent      = 40.0
	cellPad       = 1.5
)

// Options changes how a PDF is written.
type Options struct {
	// Created is written as the creation and modification date; the zero
	// value means 2000-01-01 UTC, so that the same input always gives the
	// same bytes.
	Created time.Time
}

// Renderer writes documents as PDF. It holds the fonts, parsed once by
// NewRenderer; one Renderer may render any number of documents, from any
// number of goroutines at once.
type Renderer struct {
	fonts *fontSet
}

// NewRenderer parses the fonts and returns a Renderer.
func NewRenderer() (*Renderer, error) {
	fs, err := newFontSet()
	if err != nil {
		return nil, err
	}
	return &Renderer{fonts: fs}, nil
}

// Render writes d as a PDF to w.
func (rd *Renderer) Render(w io.Writer, d *document.Document, opt Options) error {
	r := &renderer{fonts: rd.fonts, pdf: rd.fonts.documentFor(plaintext.Lines(d))}
	return r.render(w, d, opt)
}

// renderer is the state of one document being laid out and written.
type renderer struct {
	fonts *fontSet
	pdf   *fpdf.Fpdf
	y     float64 // top of the next line on the current page
	page  int

	curStyle style // the font last selected, to select it only on change
	curSize  float64
}

func lineHeight(size float64) float64 { return size * lineFactor * ptMM }

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
	p.SetLineWidth(0.25)
	p.SetDrawColor(0, 0, 0)
	p.SetTextColor(0, 0, 0)
	r.newPage()

	r.header(d.Header)
	r.title(d)
	var units []unit
	units = append(units, r.toUnit(d.To))
	units = append(units, r.bodyUnits(d.Body)...)
	units = append(units, r.closingUnit(d.Closing))
	r.flow(units)
	if err := p.Output(w); err != nil {
		return fmt.Errorf("pdf: viết %s: %w", d.Name, err)
	}
	return nil
}

func (r *renderer) newPage() {
	r.pdf.AddPage()
	r.curSize = 0 // fpdf selects the font anew on each page
	r.page++
	r.y = marginTop
	if r.page > 1 {
		// Page numbers: centred in the top margin, none on page 1.
		num := strconv.Itoa(r.page)
		r.text(regular, 14, pageW/2-r.fonts.width(regular, 14, num)/2, headerY, num)
	}
}

// text draws s with its top-left corner at (x, top).
func (r *renderer) text(st style, size, x, top float64, s string) {
	if st != r.curStyle || size != r.curSize {
		r.pdf.SetFont(family, fpdfStyles[st], size)
		r.curStyle, r.curSize = st, size
	}
	baseline := top + ascentFactor*size*ptMM // as Word: the ascent, then the descent and the gap
	r.pdf.Text(x, baseline, s)
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
	lx := marginLeft + headerLeftW/2
	rx := marginLeft + headerLeftW + headerRightW/2
	top := r.y
	y, _ := r.centred(regular, 12, lx, headerLeftW, top, h.Parent)
	y, issuerW := r.centred(bold, 12, lx, headerLeftW, y, h.Issuer)
	y += 0.8
	r.rule(lx, y, max(issuerW*0.4, 20))
	leftEnd := y

	y, _ = r.centred(bold, 12, rx, headerRightW, top, document.NationalTitle)
	y, mottoW := r.centred(bold, 13, rx, headerRightW, y, document.Motto)
	y += 0.8
	r.rule(rx, y, mottoW)
	rowEnd := max(leftEnd, y) + 1.4 + 4*ptMM

	nb, _ := r.centred(regular, 13, lx, headerLeftW, rowEnd+(lineHeight(14)-lineHeight(13))/2, h.Number)
	db, _ := r.centred(italic, 14, rx, headerRightW, rowEnd, h.PlaceDate)
	r.y = max(nb, db)
}

func (r *renderer) title(d *document.Document) {
	cx := marginLeft + textW/2
	y := r.y + 18*ptMM
	y, _ = r.centred(bold, 14, cx, textW, y, d.Type)
	y, _ = r.centred(bold, 14, cx, textW, y, d.Subject)
	y += 0.8 + 3*ptMM
	r.rule(cx, y, 38)
	r.y = y + 1
	r.y += 6 * ptMM
}

// toUnit is the Kính gửi block, indented, one addressee a line.
func (r *renderer) toUnit(to []string) unit {
	u := unit{after: 6 * ptMM, minFirst: 2, minLast: 1}
	for _, item := range to {
		for _, l := range r.wrapPlain(regular, 14, textW-toIndent, item) {
			l := l
			u.lines = append(u.lines, line{h: lineHeight(14), draw: func(top float64) {
				r.text(regular, 14, marginLeft+toIndent, top, l)
			}})
		}
	}
	return u
}
