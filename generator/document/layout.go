package document

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
			StylePart:    with(body, func(s *Style) { s.Bold, s.Before, s.KeepNext = true, 6, true }),
			StyleHeading: with(body, func(s *Style) { s.Bold, s.KeepNext = true, true }),
			StyleEntry:   with(body, func(s *Style) { s.After, s.KeepNext = 3, true }),
			StyleNote:    with(body, func(s *Style) { s.Italic, s.Size = true, 12 }),
			StyleFill:    with(plain, func(s *Style) { s.After = 3 }),
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
		Sizes:            Sizes{Parent: 12, Issuer: 12, NationalTitle: 12, Motto: 13, Number: 13, PlaceDate: 14, RecipientsLabel: 12, PageNumber: 14},
		TableCellPadding: 1.5,
	}
}
