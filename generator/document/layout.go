package document

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Layout is the one description of how a document looks on the page: page
// size and margins, the paragraph styles, the widths of the header and
// signature columns and the sizes of the header's lines. The DOCX template
// is its source (an office restyles the template in Word, and the PDF
// follows); DefaultLayout is what the embedded template holds.
//
// Lengths are in millimetres, font sizes and paragraph spacing in points,
// as Word shows them.
type Layout struct {
	Page Page

	// Styles of the body's paragraphs and of the blocks around it.
	Styles map[StyleName]Style

	// Column widths of the header table (issuer | national title) and of
	// the signature table (recipients | signer), in mm.
	HeaderColumns, ClosingColumns [2]float64

	// Sizes, in pt, of the header's lines and of the signature block's
	// labels, as the template's runs set them.
	Sizes Sizes

	// Table is the figures table: cell padding left and right, in mm.
	TableCellPadding float64

	// ClosingGap is the space above the signature block, in pt; SignLines
	// is the number of empty signer lines between the signer's title and
	// name, the room for a signature and a seal.
	ClosingGap float64
	SignLines  int
}

// Clone returns a copy of l that shares nothing with it.
func (l *Layout) Clone() *Layout {
	c := *l
	c.Styles = make(map[StyleName]Style, len(l.Styles))
	for k, v := range l.Styles {
		c.Styles[k] = v
	}
	return &c
}

// Check reports a layout no renderer can draw sensibly: a page or margins
// that leave too little room, sizes or spacing out of range, indents or
// columns wider than the text. The DOCX template reports the same problems
// in its own terms; Check guards layouts built in code.
func (l *Layout) Check() error {
	pg := l.Page
	switch {
	case pg.Width < 100 || pg.Height < 100 || pg.Width > 1000 || pg.Height > 1000:
		return fmt.Errorf("document: trang %s × %s mm; khổ giấy phải từ 100 đến 1000 mm mỗi chiều", num(pg.Width), num(pg.Height))
	case pg.Top < 0 || pg.Bottom < 0 || pg.Left < 0 || pg.Right < 0 || pg.HeaderDistance < 0:
		return fmt.Errorf("document: lề trang không được âm")
	case pg.TextWidth() < MinTextWidth:
		return fmt.Errorf("document: chỉ còn %s mm giữa hai lề; cần ít nhất %s mm", num(pg.TextWidth()), num(MinTextWidth))
	case pg.Height-pg.Top-pg.Bottom < MinTextHeight:
		return fmt.Errorf("document: chỉ còn %s mm giữa lề trên và lề dưới; cần ít nhất %s mm", num(pg.Height-pg.Top-pg.Bottom), num(MinTextHeight))
	case l.HeaderColumns[0] <= 0 || l.HeaderColumns[1] <= 0 || l.ClosingColumns[0] <= 0 || l.ClosingColumns[1] <= 0:
		return fmt.Errorf("document: cột của bảng đầu văn bản hoặc bảng chữ ký phải rộng hơn 0")
	case l.HeaderColumns[0]+l.HeaderColumns[1] > pg.Width-pg.Left || l.ClosingColumns[0]+l.ClosingColumns[1] > pg.Width-pg.Left:
		return fmt.Errorf("document: bảng đầu văn bản hoặc bảng chữ ký rộng hơn trang")
	case l.SignLines < 0 || l.SignLines > 20 || l.ClosingGap < 0 || l.ClosingGap > MaxSpacing:
		return fmt.Errorf("document: khoảng ký (%d dòng, cách trên %s pt) ngoài khoảng cho phép (0–20 dòng, 0–72 pt)", l.SignLines, num(l.ClosingGap))
	case l.TableCellPadding < 0 || l.TableCellPadding > 10:
		return fmt.Errorf("document: lề trong ô bảng %s mm ngoài khoảng 0–10 mm", num(l.TableCellPadding))
	}
	sz := l.Sizes
	for _, v := range []float64{sz.Parent, sz.Issuer, sz.NationalTitle, sz.Motto, sz.Number, sz.PlaceDate, sz.RecipientsLabel, sz.PageNumber} {
		if v < MinSize || v > MaxSize {
			return fmt.Errorf("document: cỡ chữ %s pt ngoài khoảng %s–%s pt", num(v), num(MinSize), num(MaxSize))
		}
	}
	for _, n := range StyleNames() {
		s, ok := l.Styles[n]
		if !ok {
			return fmt.Errorf("document: thiếu kiểu %q", n)
		}
		if err := s.Check(pg.TextWidth()); err != nil {
			return fmt.Errorf("document: kiểu %q: %w", n, err)
		}
	}
	return nil
}

// Limits of a layout that renderers can draw.
const (
	MinTextWidth  = 80.0  // mm between the margins
	MinTextHeight = 100.0 // mm between the top and bottom margins
	MinSize       = 8.0   // pt
	MaxSize       = 20.0  // pt
	MaxSpacing    = 72.0  // pt before or after a paragraph
	MinLineWidth  = 40.0  // mm left for text once a style's indents are taken
)

// Check reports a style that cannot be drawn in a text column textWidth mm
// wide: a size, spacing or line spacing out of range, indents that are
// negative or leave too little room.
func (s Style) Check(textWidth float64) error {
	switch {
	case s.Size < MinSize || s.Size > MaxSize:
		return fmt.Errorf("cỡ chữ %s pt ngoài khoảng %s–%s pt", num(s.Size), num(MinSize), num(MaxSize))
	case s.Before < 0 || s.After < 0 || s.Before > MaxSpacing || s.After > MaxSpacing:
		return fmt.Errorf("khoảng cách trước %s pt, sau %s pt; mỗi khoảng phải từ 0 đến %s pt", num(s.Before), num(s.After), num(MaxSpacing))
	case s.Line < 0.5 || s.Line > 3:
		return fmt.Errorf("giãn dòng %s lần; phải từ 0,5 đến 3 lần", num(s.Line))
	case s.Left < 0 || s.Right < 0 || s.Left+s.FirstLine < 0:
		return fmt.Errorf("thụt lề âm (trái %s mm, phải %s mm, dòng đầu %s mm)", num(s.Left), num(s.Right), num(s.FirstLine))
	case textWidth-s.Left-s.Right-max(s.FirstLine, 0) < MinLineWidth:
		return fmt.Errorf("thụt lề trái %s mm, phải %s mm, dòng đầu %s mm chỉ để lại %s mm cho chữ; cần ít nhất %s mm",
			num(s.Left), num(s.Right), num(s.FirstLine), num(textWidth-s.Left-s.Right-max(s.FirstLine, 0)), num(MinLineWidth))
	}
	return nil
}

// num writes a number as Vietnamese does: one decimal at most, with a
// decimal comma (70,6).
func num(x float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64), ".", ",", 1)
}

// Page is the paper and its margins, in mm.
type Page struct {
	Width, Height            float64
	Top, Bottom, Left, Right float64
	HeaderDistance           float64 // from the top edge to the page number
}

// TextWidth is the width between the margins.
func (p Page) TextWidth() float64 { return p.Width - p.Left - p.Right }

// StyleName names a paragraph style of the layout.
type StyleName string

// The styles a layout defines. Body, Part, Heading, Entry and Note are the
// roles of body paragraphs; the others set the blocks around the body.
const (
	StyleBody       StyleName = "body"
	StylePart       StyleName = "part"
	StyleHeading    StyleName = "heading"
	StyleEntry      StyleName = "entry"
	StyleNote       StyleName = "note"
	StyleFill       StyleName = "fill"
	StyleTableText  StyleName = "table-text"
	StyleTableHead  StyleName = "table-head"
	StyleType       StyleName = "type"    // KẾ HOẠCH, BÁO CÁO
	StyleSubject    StyleName = "subject" // trích yếu
	StyleTo         StyleName = "to"      // Kính gửi
	StyleRecipients StyleName = "recipients"
	StyleSigner     StyleName = "signer"
)

// StyleNames lists every style a complete layout has.
func StyleNames() []StyleName {
	return []StyleName{StyleBody, StylePart, StyleHeading, StyleEntry, StyleNote, StyleFill,
		StyleTableText, StyleTableHead, StyleType, StyleSubject, StyleTo, StyleRecipients, StyleSigner}
}

// Style is the style a paragraph of role r is set in.
func (r Role) Style() StyleName {
	switch r {
	case Part:
		return StylePart
	case Heading:
		return StyleHeading
	case Entry:
		return StyleEntry
	case Note:
		return StyleNote
	case Division:
		return StyleSubject
	}
	return StyleBody
}

// Align is a paragraph's alignment.
type Align int

// Alignments, as Word's w:jc values left, center, right and both.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
	AlignJustify
)

// Style is a paragraph style, resolved: every value set, inherited ones
// included.
type Style struct {
	Font          string  // font family, e.g. Times New Roman
	Size          float64 // pt
	Bold, Italic  bool
	Before, After float64 // spacing, pt
	Line          float64 // line spacing as a multiple of single (1, 1.15, 1.5)
	FirstLine     float64 // first-line indent, mm (negative: hanging)
	Left, Right   float64 // indents, mm
	Align         Align
	KeepNext      bool // stays on the page of the paragraph after it
	WidowControl  bool // no single line at a page's foot or head
}

// Sizes are the font sizes, in pt, of the lines of the header and of the
// signature block's label.
type Sizes struct {
	Parent, Issuer  float64 // cơ quan chủ quản, cơ quan ban hành
	NationalTitle   float64
	Motto           float64
	Number          float64 // Số: …
	PlaceDate       float64
	RecipientsLabel float64 // Nơi nhận:
	PageNumber      float64
}

// Style returns the named style, or the body style when the layout lacks
// it.
func (l *Layout) Style(n StyleName) Style {
	if s, ok := l.Styles[n]; ok {
		return s
	}
	return l.Styles[StyleBody]
}

// DefaultLayout returns the layout of the embedded template
// (templates/van-ban.docx): A4, margins 20/20/30/15 mm, Times New Roman
// 14 pt. A test checks that the template reads back as this layout.
func DefaultLayout() *Layout {
	const tnr = "Times New Roman"
	body := Style{Font: tnr, Size: 14, After: 6, Line: 1, FirstLine: 10, Align: AlignJustify, WidowControl: true}
	with := func(s Style, f func(*Style)) Style { f(&s); return s }
	plain := Style{Font: tnr, Size: 14, Line: 1, WidowControl: true}
	return &Layout{
		Page: Page{Width: 210, Height: 297, Top: 20, Bottom: 20, Left: 30, Right: 15, HeaderDistance: 10},
		Styles: map[StyleName]Style{
			StyleBody:    body,
			StylePart:    with(body, func(s *Style) { s.Bold, s.KeepNext = true, true }), // no space before: Word adds it to the space after, LibreOffice takes the larger
			StyleHeading: with(body, func(s *Style) { s.Bold, s.KeepNext = true, true }),
			StyleEntry:   with(body, func(s *Style) { s.After, s.KeepNext = 3, true }),
			StyleNote:    with(body, func(s *Style) { s.Italic, s.Size = true, 12 }),
			StyleFill:    with(plain, func(s *Style) { s.After, s.FirstLine, s.Align = 3, 10, AlignJustify }), // typed answers look like the body
			StyleTableText: with(plain, func(s *Style) {
				s.Size, s.Before, s.After = 13, 2, 2
			}),
			StyleTableHead: with(plain, func(s *Style) {
				s.Size, s.Before, s.After, s.Bold, s.Align, s.KeepNext = 13, 2, 2, true, AlignCenter, true
			}),
			StyleType:       with(plain, func(s *Style) { s.Bold, s.Before, s.Align, s.KeepNext = true, 18, AlignCenter, true }),
			StyleSubject:    with(plain, func(s *Style) { s.Bold, s.Align, s.KeepNext = true, AlignCenter, true }),
			StyleTo:         with(plain, func(s *Style) { s.Before, s.After, s.Left = 6, 6, 40 }),
			StyleRecipients: with(plain, func(s *Style) { s.Size = 11 }),
			StyleSigner:     with(plain, func(s *Style) { s.Bold, s.Align, s.KeepNext = true, AlignCenter, true }),
		},
		HeaderColumns:    [2]float64{70, 95},
		ClosingColumns:   [2]float64{60, 105},
		ClosingGap:       12,
		SignLines:        6,
		Sizes:            Sizes{Parent: 12, Issuer: 12, NationalTitle: 12, Motto: 13, Number: 13, PlaceDate: 14, RecipientsLabel: 12, PageNumber: 14},
		TableCellPadding: 1.5,
	}
}
