package docx

import (
	"fmt"
	"maps"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"kehoach/generator/document"
)

// The template is the source of the layout: page, paragraph styles, column
// widths and the sizes of the header's lines are read from it when it is
// parsed, so that an office that restyles the template in Word gets a PDF
// that follows. What the PDF cannot follow is refused then, with a message
// saying what to change.

// styleNames are the names, in styles.xml, of the styles of the layout.
// They are ASCII because Word and LibreOffice derive a style's id from its
// name when they save, and so keep the id too.
var styleNames = map[document.StyleName]string{
	document.StyleBody:       "KH Body",
	document.StylePart:       "KH Part",
	document.StyleHeading:    "KH Heading",
	document.StyleEntry:      "KH Entry",
	document.StyleNote:       "KH Note",
	document.StyleFill:       "KH Fill",
	document.StyleTableText:  "KH Table Text",
	document.StyleTableHead:  "KH Table Head",
	document.StyleType:       "KH Type",
	document.StyleSubject:    "KH Subject",
	document.StyleTo:         "KH To",
	document.StyleRecipients: "KH Recipients",
	document.StyleSigner:     "KH Signer",
}

const (
	// pdfFont is the font the PDF is set in; Liberation Serif, which it
	// embeds, has the same metrics.
	pdfFont, pdfFontTwin = "Times New Roman", "Liberation Serif"
	minTextWidth         = 80.0 // mm
	minSize, maxSize     = 8.0, 20.0
	// tableCellMargin is the left and right cell margin of the figures
	// table, in twips (1.5 mm).
	tableCellMargin = 85
)

// Page defaults, in twips, for a template whose last section does not say:
// the embedded template's A4 page.
const (
	defaultPageWidth, defaultPageHeight = 11906, 16838
	defaultTop, defaultBottom           = 1134, 1134
	defaultLeft, defaultRight           = 1701, 850
	defaultHeader                       = 567
)

// minSignRoom is the least room, in mm, between the signer's title and
// name: a signature and a round seal of 35–40 mm across (nd30.md).
const minSignRoom = 30.0

// mm converts twips to millimetres, rounded to 0.1 mm, the precision Word
// shows lengths with (centimetres with two decimals).
func mm(twips int) float64 { return math.Round(float64(twips)*25.4/1440*10) / 10 }

// Warnings lists what the template allows but a clerk would see as wrong:
// a header or signature table wider than the space between the margins.
func (t *Template) Warnings() []string { return append([]string(nil), t.warnings...) }

// Layout returns the layout the template sets: page size, margins and
// header distance of its last section, the styles of document.StyleNames() as
// styles.xml resolves them, the column widths of the header and signature
// tables, and the sizes of the header's lines. The caller may change the
// copy it gets.
func (t *Template) Layout() *document.Layout {
	l := *t.layout
	l.Styles = maps.Clone(t.layout.Styles)
	return &l
}

// styleSheet is word/styles.xml, read.
type styleSheet struct {
	byID, byName map[string]*xnode
	rDef, pDef   *xnode // docDefaults
	defaultPara  string // id of the default paragraph style
	theme        map[string]string
}

func readStyles(root *xnode) *styleSheet {
	s := &styleSheet{byID: map[string]*xnode{}, byName: map[string]*xnode{}}
	styles := root.child("styles")
	s.rDef = styles.path("docDefaults", "rPrDefault", "rPr")
	s.pDef = styles.path("docDefaults", "pPrDefault", "pPr")
	for _, st := range styles.children("style") {
		id := st.attr("styleId")
		if _, dup := s.byID[id]; !dup {
			s.byID[id] = st
		}
		if name := st.child("name").attr("val"); name != "" {
			if _, dup := s.byName[name]; !dup {
				s.byName[name] = st
			}
		}
		if st.attr("type") == "paragraph" && onOffValue(st.attr("default"), st.has("default")) && s.defaultPara == "" {
			s.defaultPara = id
		}
	}
	return s
}

// readTheme reads the theme's Latin fonts, for styles that name a theme
// font instead of a font.
func readTheme(root *xnode) map[string]string {
	fonts := root.path("theme", "themeElements", "fontScheme")
	major := fonts.path("majorFont", "latin").attr("typeface")
	minor := fonts.path("minorFont", "latin").attr("typeface")
	m := map[string]string{}
	if major != "" {
		m["majorAscii"], m["majorHAnsi"] = major, major
	}
	if minor != "" {
		m["minorAscii"], m["minorHAnsi"] = minor, minor
	}
	return m
}

// resolvedStyle is a style with every value set, and what the checks need
// besides.
type resolvedStyle struct {
	document.Style
	hAnsi     string // font of the letters outside ASCII, Vietnamese ones included
	themeFont string // a theme font the theme does not name
	line      int    // w:line, twips or 240ths of a line
	lineRule  string
}

// resolve applies docDefaults, then the basedOn chain from its root to the
// style with the given id.
func (s *styleSheet) resolve(id string) resolvedStyle {
	r := resolvedStyle{
		// What Word uses when nothing is set: Times New Roman 10 pt,
		// single spacing.
		Style: document.Style{Font: pdfFont, Size: 10},
		hAnsi: pdfFont, line: 240, lineRule: "auto",
	}
	s.apply(&r, s.pDef, s.rDef)
	for _, st := range s.chain(id) {
		s.apply(&r, st.child("pPr"), st.child("rPr"))
	}
	if r.lineRule == "auto" {
		r.Line = float64(r.line) / 240
	}
	return r
}

// chain returns the style and those it is based on, root first.
func (s *styleSheet) chain(id string) []*xnode {
	var chain []*xnode
	seen := map[string]bool{}
	for id != "" && !seen[id] {
		seen[id] = true
		st := s.byID[id]
		if st == nil {
			break
		}
		chain = append(chain, st)
		id = st.child("basedOn").attr("val")
	}
	slices.Reverse(chain)
	return chain
}

func (s *styleSheet) apply(r *resolvedStyle, pPr, rPr *xnode) {
	if f := rPr.child("rFonts"); f != nil {
		if font, theme, ok := s.font(f, "ascii"); ok {
			r.Font, r.themeFont = font, theme
		}
		if font, theme, ok := s.font(f, "hAnsi"); ok {
			r.hAnsi = font
			if font == "" {
				r.themeFont = theme
			}
		}
	}
	if v, ok := intAttr(rPr.child("sz"), "val"); ok {
		r.Size = float64(v) / 2
	}
	if v, ok := onOff(rPr.child("b")); ok {
		r.Bold = v
	}
	if v, ok := onOff(rPr.child("i")); ok {
		r.Italic = v
	}
	if sp := pPr.child("spacing"); sp != nil {
		if v, ok := intAttr(sp, "before"); ok {
			r.Before = float64(v) / 20
		}
		if v, ok := intAttr(sp, "after"); ok {
			r.After = float64(v) / 20
		}
		if v, ok := intAttr(sp, "line"); ok {
			r.line = v
		}
		if sp.has("lineRule") {
			r.lineRule = sp.attr("lineRule")
		}
	}
	if ind := pPr.child("ind"); ind != nil {
		for _, a := range [][2]string{{"left", "start"}, {"right", "end"}} {
			for _, name := range a {
				if v, ok := twipsAttr(ind, name); ok {
					if a[0] == "left" {
						r.Left = mm(v)
					} else {
						r.Right = mm(v)
					}
				}
			}
		}
		if v, ok := twipsAttr(ind, "firstLine"); ok {
			r.FirstLine = mm(v)
		}
		if v, ok := twipsAttr(ind, "hanging"); ok {
			r.FirstLine = 0
			if v != 0 { // LibreOffice writes w:hanging="0"; -0 is no indent
				r.FirstLine = -mm(v)
			}
		}
	}
	if jc := pPr.child("jc"); jc != nil {
		switch jc.attr("val") {
		case "center":
			r.Align = document.AlignCenter
		case "right", "end":
			r.Align = document.AlignRight
		case "both", "distribute", "thaiDistribute", "lowKashida", "mediumKashida", "highKashida":
			r.Align = document.AlignJustify
		default:
			r.Align = document.AlignLeft
		}
	}
	if v, ok := onOff(pPr.child("keepNext")); ok {
		r.KeepNext = v
	}
	if v, ok := onOff(pPr.child("widowControl")); ok {
		r.WidowControl = v
	}
}

// font reads one font of w:rFonts: which is "ascii" or "hAnsi"; a theme
// font, which wins over a named one, is looked up in the theme, and
// returned as theme when the theme does not name it.
func (s *styleSheet) font(f *xnode, which string) (font, theme string, ok bool) {
	if f.has(which + "Theme") {
		theme = f.attr(which + "Theme")
		return s.theme[theme], theme, true
	}
	if f.has(which) {
		return f.attr(which), "", true
	}
	return "", "", false
}

// charSize is the size, in pt, that a character style sets, if it does.
func (s *styleSheet) charSize(id string) (float64, bool) {
	chain := s.chain(id)
	for i := len(chain) - 1; i >= 0; i-- {
		if v, ok := intAttr(chain[i].path("rPr", "sz"), "val"); ok {
			return float64(v) / 2, true
		}
	}
	return 0, false
}

// paraStyle is the id of the paragraph's style.
func (s *styleSheet) paraStyle(p *xnode) string {
	if id := p.path("pPr", "pStyle").attr("val"); id != "" {
		return id
	}
	return s.defaultPara
}

// runSize is the size a run is set in: its own, its character style's or
// its paragraph style's.
func (s *styleSheet) runSize(p, run *xnode) float64 {
	rPr := run.child("rPr")
	if v, ok := intAttr(rPr.child("sz"), "val"); ok {
		return float64(v) / 2
	}
	if id := rPr.child("rStyle").attr("val"); id != "" {
		if v, ok := s.charSize(id); ok {
			return v
		}
	}
	return s.resolve(s.paraStyle(p)).Size
}

func onOff(n *xnode) (bool, bool) {
	if n == nil {
		return false, false
	}
	return onOffValue(n.attr("val"), true), true
}

// onOffValue reads an ST_OnOff value; an element without w:val is on.
func onOffValue(v string, present bool) bool {
	switch v {
	case "0", "false", "off":
		return false
	case "":
		return present
	}
	return true
}

func intAttr(n *xnode, name string) (int, bool) {
	if n == nil || !n.has(name) {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.attr(name)))
	return v, err == nil
}

// twipsAttr reads a length in twips, or, as the strict schema allows, with
// a unit (mm, cm, in, pt, pc, pi).
func twipsAttr(n *xnode, name string) (int, bool) {
	if v, ok := intAttr(n, name); ok {
		return v, true
	}
	if n == nil || !n.has(name) {
		return 0, false
	}
	s := strings.TrimSpace(n.attr(name))
	if len(s) < 3 {
		return 0, false
	}
	per := map[string]float64{"mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440, "pt": 20, "pc": 240, "pi": 240}[s[len(s)-2:]]
	f, err := strconv.ParseFloat(s[:len(s)-2], 64)
	if per == 0 || err != nil {
		return 0, false
	}
	return int(math.Round(f * per)), true
}

// paraText is a paragraph of document.xml read as text, with its runs'
// places in the text and the innermost table holding it.
type paraText struct {
	p, tbl *xnode
	text   string
	runs   []runSpan
}

type runSpan struct {
	r        *xnode
	from, to int
}

// runAt returns the run holding the text at offset i.
func (pt *paraText) runAt(i int) *xnode {
	for _, r := range pt.runs {
		if r.from <= i && i < r.to {
			return r.r
		}
	}
	return nil
}

// paragraphs reads the paragraphs below n as the reader sees their text:
// inserted text counts, deleted text does not.
func paragraphs(n *xnode) []*paraText {
	var out []*paraText
	var walk func(x, tbl *xnode)
	walk = func(x, tbl *xnode) {
		for _, c := range x.kids {
			switch c.name {
			case "Fallback":
			case "tbl":
				walk(c, c)
			case "p":
				pt := &paraText{p: c, tbl: tbl}
				var b strings.Builder
				collectRuns(c, pt, &b)
				pt.text = b.String()
				out = append(out, pt)
				walk(c, tbl) // text boxes hold paragraphs of their own
			default:
				walk(c, tbl)
			}
		}
	}
	walk(n, nil)
	return out
}

func collectRuns(x *xnode, pt *paraText, b *strings.Builder) {
	for _, c := range x.kids {
		switch c.name {
		case "Fallback", "del", "moveFrom", "p", "pPr", "txbxContent":
		case "r":
			from := b.Len()
			for _, k := range c.kids {
				switch k.name {
				case "t":
					b.WriteString(k.text)
				case "tab":
					b.WriteByte('\t')
				case "br", "cr":
					b.WriteByte('\n')
				}
			}
			pt.runs = append(pt.runs, runSpan{c, from, b.Len()})
		default:
			collectRuns(c, pt, b)
		}
	}
}

// found is where a piece of text of the template is: its paragraph, the run
// it starts in and the table holding it.
type found struct {
	p, run, tbl *xnode
}

// readLayout reads the layout from the parsed parts and checks that the PDF
// can follow it; textWidth is in twips.
func readLayout(s *styleSheet, doc *xnode, part func(name string) *xnode) (l *document.Layout, textWidth int, err error) {
	bad := func(ph, format string, args ...any) error {
		return &TemplateError{Placeholder: ph, Msg: fmt.Sprintf(format, args...)}
	}
	l = &document.Layout{Styles: map[document.StyleName]document.Style{}, TableCellPadding: mm(tableCellMargin)}

	// The page, from the last section.
	body := doc.path("document", "body")
	sect := body.child("sectPr")
	if sect == nil {
		if all := body.find("sectPr"); len(all) > 0 {
			sect = all[len(all)-1]
		}
	}
	get := func(n *xnode, name string, def int) int {
		if v, ok := twipsAttr(n, name); ok {
			return v
		}
		return def
	}
	pgSz, pgMar := sect.child("pgSz"), sect.child("pgMar")
	width, height := get(pgSz, "w", defaultPageWidth), get(pgSz, "h", defaultPageHeight)
	left, right := get(pgMar, "left", defaultLeft), get(pgMar, "right", defaultRight)
	abs := func(v int) int { return max(v, -v) }
	l.Page = document.Page{
		Width: mm(width), Height: mm(height),
		Top: mm(abs(get(pgMar, "top", defaultTop))), Bottom: mm(abs(get(pgMar, "bottom", defaultBottom))),
		Left: mm(left), Right: mm(right),
		HeaderDistance: mm(get(pgMar, "header", defaultHeader)),
	}
	textWidth = width - left - right
	if w := float64(textWidth) * 25.4 / 1440; w < minTextWidth {
		return nil, 0, bad("", "trang rộng %s mm, lề trái %s mm và lề phải %s mm chỉ để lại %s mm cho chữ; bản PDF cần ít nhất %s mm: hãy thu hẹp lề hoặc chọn khổ giấy lớn hơn (Layout > Margins, Size)",
			vn(l.Page.Width), vn(l.Page.Left), vn(l.Page.Right), vn(math.Round(w*10)/10), vn(minTextWidth))
	}

	// The styles.
	for _, name := range document.StyleNames() {
		word := styleNames[name]
		r := s.resolve(s.byName[word].attr("styleId"))
		for _, f := range []string{r.Font, r.hAnsi} {
			switch {
			case f == "" && r.themeFont != "":
				return nil, 0, bad("", "kiểu đoạn %q dùng phông theo chủ đề (theme, %s) mà bản PDF không theo được: hãy đặt phông Times New Roman cho kiểu này (Modify Style > Font)", word, r.themeFont)
			case !strings.EqualFold(f, pdfFont) && !strings.EqualFold(f, pdfFontTwin):
				return nil, 0, bad("", "kiểu đoạn %q dùng phông %q; bản PDF chỉ có Times New Roman (in bằng Liberation Serif, cùng cỡ chữ từng chữ cái) nên sẽ khác bản Word: hãy đặt phông Times New Roman cho kiểu này (Modify Style > Font)", word, f)
			}
		}
		if r.lineRule != "auto" {
			rule := map[string]string{"exact": "Exactly (chính xác)", "atLeast": "At least (tối thiểu)"}[r.lineRule]
			if rule == "" {
				rule = r.lineRule
			}
			return nil, 0, bad("", "kiểu đoạn %q đặt giãn dòng %s %s pt; bản PDF chỉ theo được giãn dòng Single, 1.5 lines, Double hoặc Multiple: hãy chọn một trong các cách đó (Modify Style > Paragraph > Line spacing)", word, rule, vn(float64(r.line)/20))
		}
		if r.Size < minSize || r.Size > maxSize {
			return nil, 0, bad("", "kiểu đoạn %q có cỡ chữ %s pt, ngoài khoảng %s–%s pt mà bản PDF dàn được: hãy chọn cỡ chữ trong khoảng đó", word, vn(r.Size), vn(minSize), vn(maxSize))
		}
		if err := r.Style.Check(float64(textWidth) * 25.4 / 1440); err != nil {
			return nil, 0, bad("", "kiểu đoạn %q: %v; hãy sửa kiểu này trong Word (Modify Style > Paragraph)", word, err)
		}
		l.Styles[name] = r.Style
	}
	bodySize := l.Styles[document.StyleBody].Size

	// Where the placeholders and the national title and motto are.
	paras := paragraphs(body)
	at := map[string]found{}
	for _, pt := range paras {
		for _, loc := range placeholderRe.FindAllStringSubmatchIndex(pt.text, -1) {
			name := pt.text[loc[2]:loc[3]]
			if _, ok := at[name]; !ok {
				at[name] = found{pt.p, pt.runAt(loc[0]), pt.tbl}
			}
		}
		for _, lit := range []string{document.NationalTitle, document.Motto} {
			if i := strings.Index(pt.text, lit); i >= 0 {
				if _, ok := at[lit]; !ok {
					at[lit] = found{pt.p, pt.runAt(i), pt.tbl}
				}
			}
		}
	}
	size := func(key string) (float64, bool) {
		f, ok := at[key]
		if !ok {
			return 0, false
		}
		return s.runSize(f.p, f.run), true
	}

	// The widths of the header and signature columns.
	for _, c := range []struct {
		field string
		what  string
		dst   *[2]float64
	}{
		{"co_quan_ban_hanh", "bảng đầu văn bản", &l.HeaderColumns},
		{"nguoi_ky", "bảng chữ ký", &l.ClosingColumns},
	} {
		ph := "{{" + c.field + "}}"
		f := at[c.field]
		if f.tbl == nil {
			return nil, 0, bad(ph, "không nằm trong bảng; %s phải là một bảng 2 cột để bản PDF biết độ rộng các cột: hãy đặt chỗ điền vào ô của bảng đó", c.what)
		}
		cols := f.tbl.child("tblGrid").children("gridCol")
		ok := len(cols) == 2
		for i := 0; ok && i < 2; i++ {
			w, good := twipsAttr(cols[i], "w")
			ok = good && w > 0
			c.dst[i] = mm(w)
		}
		if !ok {
			return nil, 0, bad(ph, "nằm trong %s không có lưới 2 cột (w:tblGrid với hai w:gridCol có độ rộng) nên bản PDF không biết độ rộng các cột: hãy để bảng đúng 2 cột, đặt độ rộng từng cột (Table Properties > Column) rồi lưu lại mẫu bằng Word", c.what)
		}
	}

	// The sizes of the header's lines.
	issuer, _ := size("co_quan_ban_hanh")
	number, _ := size("so")
	for _, z := range []struct {
		key, what string
		dst       *float64
		fallback  float64
	}{
		{"co_quan_chu_quan", "", &l.Sizes.Parent, bodySize},
		{"co_quan_ban_hanh", "", &l.Sizes.Issuer, bodySize},
		{"so", "", &l.Sizes.Number, bodySize},
		{"dia_danh_ngay", "", &l.Sizes.PlaceDate, bodySize},
		{"noi_nhan_tieu_de", "", &l.Sizes.RecipientsLabel, bodySize},
		// A template without the national title or the motto (one that
		// writes the motto with en dashes, say) sets them as the lines
		// beside them.
		{document.NationalTitle, "Quốc hiệu", &l.Sizes.NationalTitle, issuer},
		{document.Motto, "Tiêu ngữ", &l.Sizes.Motto, number},
	} {
		v, ok := size(z.key)
		if !ok {
			v = z.fallback
		}
		*z.dst = v
		if z.what == "" {
			err = sizeError("{{"+z.key+"}}", "", v)
		} else {
			err = sizeError("", z.what+" "+strconv.Quote(z.key), v)
		}
		if err != nil {
			return nil, 0, err
		}
	}
	l.Sizes.PageNumber = bodySize
	if v, ok := pageNumberSize(s, sect, part); ok {
		l.Sizes.PageNumber = v
		if err := sizeError("", "số trang (trường PAGE ở đầu trang)", v); err != nil {
			return nil, 0, err
		}
	}

	// The room to sign: the empty paragraphs between the signer's title
	// and name, and the top margin of the signature's cells.
	title, name := -1, -1
	for i, pt := range paras {
		if pt.p == at["chuc_vu"].p {
			title = i
		}
		if pt.p == at["nguoi_ky"].p {
			name = i
		}
	}
	if title < 0 || name <= title {
		return nil, 0, bad("{{nguoi_ky}}", "phải đứng dưới {{chuc_vu}}, cùng ô của bảng chữ ký, cách nó vài dòng trống để ký và đóng dấu")
	}
	l.SignLines = name - title - 1
	// Room for a signature and a round seal (nd30.md): at least 30 mm of
	// empty signer lines, single-spaced Times New Roman being 1.15 em.
	signer := l.Styles[document.StyleSigner]
	if room := float64(l.SignLines) * signer.Size * 1.15 * signer.Line * 25.4 / 72; room < minSignRoom {
		return nil, 0, bad("{{nguoi_ky}}", "giữa chức vụ và họ tên người ký chỉ có %d dòng trống (%s mm); chữ ký và con dấu cần ít nhất %s mm: hãy thêm dòng trống giữa {{chuc_vu}} và {{nguoi_ky}}", l.SignLines, vn(math.Round(room*10)/10), vn(minSignRoom))
	}
	if tc := cellOf(at["nguoi_ky"].tbl, at["nguoi_ky"].p); tc != nil {
		if v, ok := twipsAttr(tc.path("tcPr", "tcMar", "top"), "w"); ok {
			l.ClosingGap = float64(v) / 20
		}
	}
	if err := l.Check(); err != nil {
		return nil, 0, bad("", "%s; hãy sửa lại mẫu trong Word (Layout > Margins, Modify Style > Paragraph)", strings.TrimPrefix(err.Error(), "document: "))
	}
	return l, textWidth, nil
}

// cellOf returns the cell of table tbl that holds paragraph p.
func cellOf(tbl, p *xnode) *xnode {
	if tbl == nil {
		return nil
	}
	for _, tr := range tbl.children("tr") {
		for _, tc := range tr.children("tc") {
			if holds(tc, p) {
				return tc
			}
		}
	}
	return nil
}

func holds(n, p *xnode) bool {
	if n == p {
		return true
	}
	for _, k := range n.kids {
		if holds(k, p) {
			return true
		}
	}
	return false
}

// sizeError reports a size the PDF cannot set, of a placeholder's value or
// of what names.
func sizeError(placeholder, what string, size float64) error {
	if size >= minSize && size <= maxSize {
		return nil
	}
	msg := fmt.Sprintf("có cỡ chữ %s pt, ngoài khoảng %s–%s pt mà bản PDF dàn được: hãy chọn cỡ chữ trong khoảng đó", vn(size), vn(minSize), vn(maxSize))
	if what != "" {
		msg = what + " " + msg
	}
	return &TemplateError{Placeholder: placeholder, Msg: msg}
}

// pageNumberSize reads the size of the PAGE field in the default header of
// the section: its result's run, else the run that begins it, else its
// paragraph's style.
func pageNumberSize(s *styleSheet, sect *xnode, part func(string) *xnode) (float64, bool) {
	var hdr *xnode
	for _, ref := range sect.children("headerReference") {
		if ref.attr("type") == "default" {
			hdr = part(ref.attr("id"))
		}
	}
	if hdr == nil {
		return 0, false
	}
	isPage := func(instr string) bool {
		f := strings.Fields(instr)
		return len(f) > 0 && strings.EqualFold(f[0], "PAGE")
	}
	firstTextRun := func(n *xnode) *xnode {
		for _, r := range n.find("r") {
			if r.child("t") != nil {
				return r
			}
		}
		return nil
	}
	for _, p := range hdr.find("p") {
		for _, f := range p.find("fldSimple") {
			if isPage(f.attr("instr")) {
				return s.runSize(p, firstTextRun(f)), true
			}
		}
		var instr strings.Builder
		var begin, result *xnode
		state := 0 // 0: outside a field, 1: in its code, 2: in its result
		for _, r := range p.find("r") {
			for _, k := range r.kids {
				switch k.name {
				case "fldChar":
					switch k.attr("fldCharType") {
					case "begin":
						state, begin, result = 1, r, nil
						instr.Reset()
					case "separate":
						state = 2
					case "end":
						if state != 0 && isPage(instr.String()) {
							if result == nil {
								result = begin
							}
							return s.runSize(p, result), true
						}
						state = 0
					}
				case "instrText":
					if state == 1 {
						instr.WriteString(k.text)
					}
				case "t":
					if state == 2 && result == nil {
						result = r
					}
				}
			}
		}
	}
	return 0, false
}

// relTarget resolves a relationship of word/document.xml to a part name.
func relTarget(rels *xnode, id string) string {
	for _, r := range rels.path("Relationships").children("Relationship") {
		if r.attr("Id") == id && r.attr("TargetMode") != "External" {
			t := r.attr("Target")
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(path.Clean(t), "/")
			}
			return path.Clean("word/" + t)
		}
	}
	return ""
}

// vn writes a number as Vietnamese does, with a decimal comma.
func vn(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}
