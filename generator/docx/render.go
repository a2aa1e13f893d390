package docx

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"kehoach/generator/document"
)

// Options are the choices of one rendering.
type Options struct {
	// Created is written into the document properties as the creation and
	// modification date. The zero time stands for 2000-01-01T00:00:00Z:
	// output never depends on the clock.
	Created time.Time

	// Measure gives the width, in mm, of text in Times New Roman at size
	// pt, to size and place what Word cannot by itself: the rule under the
	// issuer's name (a third to a half of it) and the dashes of several
	// addressees under the colon of "Kính gửi:". Without it the rule keeps
	// the template's length and the dashes start where "Kính gửi:" does.
	Measure func(text string, size float64, bold, italic bool) float64
}

// fixedCreated is the date written when Options.Created is zero.
var fixedCreated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Render writes d as a .docx file to w: the template's parts as they are
// stored, with word/document.xml filled and docProps/core.xml carrying the
// document's title, subject, author and date. Every error writing to w is
// returned.
func (t *Template) Render(w io.Writer, d *document.Document, opt Options) error {
	created := opt.Created
	if created.IsZero() {
		created = fixedCreated
	}
	created = created.UTC()
	if err := t.write(w, d, created, opt.Measure); err != nil {
		return fmt.Errorf("docx: viết %s: %w", d.Name, err)
	}
	return nil
}

func (t *Template) write(w io.Writer, d *document.Document, created time.Time, measure func(string, float64, bool, bool) float64) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	// The instructions go into a comment anchored on the body's first
	// paragraph; a template's own comments part gets the comment added.
	comment := len(d.Instructions) > 0 && hasParagraph(d.Body) &&
		strings.Contains(t.contentTypes, "</Types>") && strings.Contains(t.docRels, "</Relationships>") &&
		(t.comments == "" || strings.Contains(t.comments, "</w:comments>") || strings.HasSuffix(strings.TrimSpace(t.comments), "/>"))
	for _, f := range t.zr.File {
		var content string
		switch {
		case f.Name == documentPart:
			content = t.fill(d, comment, measure)
		case f.Name == corePart:
			content = coreProperties(d.Meta, created)
		case comment && f.Name == contentTypesPart && !strings.Contains(t.contentTypes, `PartName="/`+commentsPart+`"`):
			content = strings.Replace(t.contentTypes, "</Types>", `<Override PartName="/`+commentsPart+`" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>`, 1)
		case comment && f.Name == docRelsPart && !strings.Contains(t.docRels, `/relationships/comments"`):
			content = strings.Replace(t.docRels, "</Relationships>", `<Relationship Id="rIdKehoachComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>`, 1)
		case comment && f.Name == commentsPart:
			content = t.withComment(d.Instructions, created)
		default:
			// As zw.Copy(f) does, from the bytes read once.
			h := f.FileHeader
			fw, err := zw.CreateRaw(&h)
			if err == nil {
				_, err = fw.Write(t.raw[f.Name])
			}
			if err != nil {
				return err
			}
			continue
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, content); err != nil {
			return err
		}
	}
	if comment && t.comments == "" {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: commentsPart, Method: zip.Deflate, Modified: created})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, t.withComment(d.Instructions, created)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// withComment is word/comments.xml with the instructions as one more
// comment, a paragraph each: the template's own comments part, or a new one.
func (t *Template) withComment(instructions []string, created time.Time) string {
	var b strings.Builder
	b.WriteString(`<w:comment w:id="` + t.commentID + `" w:author="Hướng dẫn (kehoach)" w:initials="HD" w:date="` + created.Format(time.RFC3339) + `">`)
	for _, s := range instructions {
		b.WriteString(`<w:p>` + runXML("", escapeText(s)) + `</w:p>`)
	}
	b.WriteString(`</w:comment>`)
	c := b.String()
	switch own := strings.TrimSpace(t.comments); {
	case own == "":
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` + c + `</w:comments>`
	case strings.Contains(own, "</w:comments>"):
		i := strings.LastIndex(own, "</w:comments>")
		return own[:i] + c + own[i:]
	default: // <w:comments …/>
		i := strings.LastIndex(own, "/>")
		return own[:i] + ">" + c + "</w:comments>"
	}
}

// hasParagraph reports whether blocks hold a paragraph to anchor a comment
// on.
func hasParagraph(blocks []document.Block) bool {
	for _, b := range blocks {
		if p, ok := b.(*document.Paragraph); ok && p != nil {
			return true
		}
	}
	return false
}

// fill returns word/document.xml filled with d.
func (t *Template) fill(d *document.Document, comment bool, measure func(string, float64, bool, bool) float64) string {
	var content strings.Builder
	content.Grow(64 << 10)
	values := map[string]string{
		"co_quan_ban_hanh": d.Header.Issuer,
		"so":               d.Header.Number,
		"dia_danh_ngay":    d.Header.PlaceDate,
		"ten_loai":         d.Type,
		"trich_yeu":        d.Subject,
		"noi_nhan_tieu_de": d.Closing.RecipientsLabel,
		"nguoi_ky":         d.Closing.SignerName,
	}
	var parent []string
	if strings.TrimSpace(d.Header.Parent) != "" {
		parent = []string{d.Header.Parent}
	}
	lists := map[string][]string{
		"co_quan_chu_quan": parent,
		"kinh_gui":         d.To,
		"noi_nhan":         d.Closing.Recipients,
		"chuc_vu":          d.Closing.SignerTitle,
	}
	for i, p := range t.pieces {
		if i == t.rulePiece && measure != nil {
			p.literal = p.literal[:t.ruleAt] + t.sizedRule(p.literal[t.ruleAt:], d.Header.Issuer, measure)
		}
		switch {
		case p.body:
			t.writeBody(&content, d.Body, comment)
		case p.list != "":
			inner := p.inner
			for i, item := range lists[p.list] {
				if i == 1 && p.list == "kinh_gui" && measure != nil {
					inner = t.indented(p.inner, d.To, measure)
				}
				writePieces(&content, inner, values, p.list, item, i == 0)
			}
		default:
			writePieces(&content, []piece{p}, values, "", "", true)
		}
	}
	if len(d.Appendices) > 0 {
		return t.withAppendices(content.String(), d.Appendices)
	}
	return content.String()
}

// withAppendices adds the appendices to a filled document.xml, each in a
// section of its own: a new page, and page numbers counted afresh
// (nd30.md, "Appendix"). The main text's section ends in a paragraph one
// point high after the signature, so that it never makes a page of its
// own.
func (t *Template) withAppendices(xml string, apps []document.Appendix) string {
	i := strings.LastIndex(xml, "<w:sectPr")
	j := strings.LastIndex(xml, "</w:sectPr>")
	if i < 0 || j < i {
		return xml // a template without page settings: Word's defaults, one section
	}
	j += len("</w:sectPr>")
	sect := xml[i:j]
	restart := restartNumbering(sect)
	brk := func(sect string) string {
		return `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>` + sect + `</w:pPr></w:p>`
	}
	var b strings.Builder
	b.WriteString(xml[:i])
	b.WriteString(brk(sect))
	for k, a := range apps {
		for _, line := range []string{a.Label, a.Title} {
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + t.styles[document.StyleSubject] + `"/><w:keepNext/></w:pPr>` + runXML("", escapeText(line)) + `</w:p>`)
		}
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + t.styles[document.StyleSubject] + `"/><w:spacing w:after="240"/></w:pPr>` +
			runXML(`<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/><w:i/><w:iCs/></w:rPr>`, escapeText(a.Reference)) + `</w:p>`)
		t.writeBody(&b, a.Body, false)
		if k < len(apps)-1 {
			b.WriteString(brk(restart))
		}
	}
	b.WriteString(restart)
	b.WriteString(xml[j:])
	return b.String()
}

// restartNumbering returns a w:sectPr whose pages are numbered from 1.
func restartNumbering(sect string) string {
	if i := strings.Index(sect, "<w:pgNumType"); i >= 0 {
		end := strings.Index(sect[i:], ">") + i + 1
		if !strings.HasSuffix(sect[i:end], "/>") {
			end = strings.Index(sect[i:], "</w:pgNumType>") + i + len("</w:pgNumType>")
		}
		return sect[:i] + `<w:pgNumType w:start="1"/>` + sect[end:]
	}
	// CT_SectPr: pgNumType comes before cols, formProt, vAlign,
	// noEndnote, titlePg, textDirection, bidi, rtlGutter and docGrid.
	at := strings.LastIndex(sect, "</w:sectPr>")
	for _, next := range []string{"<w:cols", "<w:formProt", "<w:vAlign", "<w:noEndnote", "<w:titlePg", "<w:textDirection", "<w:bidi", "<w:rtlGutter", "<w:docGrid"} {
		if k := strings.Index(sect, next); k >= 0 && k < at {
			at = k
		}
	}
	return sect[:at] + `<w:pgNumType w:start="1"/>` + sect[at:]
}

// coreProperties is docProps/core.xml for a document.
func coreProperties(m document.Meta, created time.Time) string {
	stamp := created.Format(time.RFC3339)
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + escaper.Replace(m.Title) + `</dc:title><dc:subject>` + escaper.Replace(m.Subject) + `</dc:subject><dc:creator>` + escaper.Replace(m.Author) + `</dc:creator><cp:lastModifiedBy>kehoach</cp:lastModifiedBy>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`
}

// sizedRule sets the indents of the issuer's rule paragraph (at the start
// of xml) so that the rule is as long as nd30.md asks: a third to a half of
// the name's widest line, centred in its column.
func (t *Template) sizedRule(xml, issuer string, measure func(string, float64, bool, bool) float64) string {
	widest := 0.0
	for _, l := range strings.Split(issuer, "\n") {
		widest = max(widest, measure(l, t.layout.Sizes.Issuer, true, false))
	}
	side := (t.layout.HeaderColumns[0] - document.IssuerRule(widest)) / 2
	if widest == 0 || side <= 0 {
		return xml
	}
	twips := int(math.Round(side * 1440 / 25.4))
	return withSideIndents(xml, twips, twips)
}

// indented returns the pieces of the Kính gửi paragraph with its left
// indent moved so that the text starts under the colon of "Kính gửi:".
func (t *Template) indented(ps []piece, to []string, measure func(string, float64, bool, bool) float64) []piece {
	st := t.layout.Style(document.StyleTo)
	dash := document.AddresseeIndent(to, func(s string) float64 { return measure(s, st.Size, st.Bold, st.Italic) })
	if dash <= 0 || len(ps) == 0 || ps[0].field != "" {
		return ps
	}
	// Only a paragraph set by the To style alone: indents of its own would
	// move "Kính gửi:" and the dashes differently.
	head := ps[0].literal
	pPr := head
	if end := strings.Index(head, "</w:pPr>"); end >= 0 {
		pPr = head[:end]
	}
	if !strings.Contains(pPr, `<w:pStyle w:val="`+t.styles[document.StyleTo]+`"/>`) || strings.Contains(pPr, "<w:ind") {
		return ps
	}
	out := append([]piece(nil), ps...)
	out[0].literal = withLeftIndent(out[0].literal, int(math.Round((st.Left+dash)*1440/25.4)))
	return out
}

// writePieces writes pieces; first is false for the second and later items
// of a list, whose paragraph leaves out its bookmarks.
func writePieces(b *strings.Builder, ps []piece, values map[string]string, list, item string, first bool) {
	for _, p := range ps {
		switch {
		case p.once && !first:
		case p.field == "":
			b.WriteString(p.literal)
		case p.field == list:
			b.WriteString(runXML(p.rPr, escapeText(item)))
		default:
			b.WriteString(runXML(p.rPr, escapeText(values[p.field])))
		}
	}
}

// writeBody writes the body's blocks; with comment, the first paragraph
// carries the comment holding the document's instructions.
func (t *Template) writeBody(b *strings.Builder, blocks []document.Block, comment bool) {
	for _, blk := range blocks {
		switch x := blk.(type) {
		case *document.Paragraph:
			if x != nil {
				t.writeParagraph(b, x, comment)
				comment = false
			}
		case *document.FillLines:
			for i := 0; x != nil && i < x.Count; i++ {
				b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + t.styles[document.StyleFill] + `"/></w:pPr><w:r><w:tab/></w:r></w:p>`)
			}
		case *document.Table:
			if x != nil && len(x.Columns) > 0 {
				t.writeTable(b, x)
			}
		}
	}
}

func (t *Template) writeParagraph(b *strings.Builder, p *document.Paragraph, comment bool) {
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + t.styles[p.Role.Style()] + `"/>`)
	if p.KeepNext {
		b.WriteString(`<w:keepNext/>`) // CT_PPrBase: keepNext comes right after pStyle
	}
	b.WriteString(`</w:pPr>`)
	if comment {
		b.WriteString(`<w:commentRangeStart w:id="` + t.commentID + `"/>`)
	}
	if p.Label != "" {
		b.WriteString(runXML("", escapeText(p.Label+" ")))
	}
	for _, r := range p.Runs {
		rPr := ""
		if r.Bold || r.Italic {
			rPr = "<w:rPr>"
			if r.Bold {
				rPr += "<w:b/><w:bCs/>"
			}
			if r.Italic {
				rPr += "<w:i/><w:iCs/>"
			}
			rPr += "</w:rPr>"
		}
		b.WriteString(runXML(rPr, escapeText(r.Text)))
	}
	if comment {
		b.WriteString(`<w:commentRangeEnd w:id="` + t.commentID + `"/><w:r><w:commentReference w:id="` + t.commentID + `"/></w:r>`)
	}
	b.WriteString("</w:p>")
}

var cellMargin = strconv.Itoa(tableCellMargin)

const cellBorder = `w:val="single" w:sz="4" w:space="0" w:color="000000"`

func (t *Template) writeTable(b *strings.Builder, tab *document.Table) {
	total := 0.0
	for _, c := range tab.Columns {
		total += c.Width
	}
	widths := make([]int, len(tab.Columns))
	sum := 0
	for i, c := range tab.Columns {
		if total > 0 && c.Width > 0 {
			widths[i] = int(float64(t.textWidth) * c.Width / total)
		} else { // widths not given: equal columns
			widths[i] = t.textWidth / len(tab.Columns)
		}
		sum += widths[i]
	}
	widths[len(widths)-1] += t.textWidth - sum
	// CT_TblPr is a sequence: width, borders, layout, cell margins, look.
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(t.textWidth) + `" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString("<w:" + side + " " + cellBorder + "/>")
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="` + cellMargin + `" w:type="dxa"/><w:right w:w="` + cellMargin + `" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString("</w:tblGrid>")
	cell := func(i, span int, merge, text string, style document.StyleName, center bool) {
		w := 0
		for _, x := range widths[i : i+span] {
			w += x
		}
		// CT_TcPr is a sequence: width, span, vertical merge, …, alignment.
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/>`)
		if span > 1 {
			b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(span) + `"/>`)
		}
		b.WriteString(merge + `<w:vAlign w:val="center"/></w:tcPr>`)
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + t.styles[style] + `"/>`)
		if center {
			b.WriteString(`<w:jc w:val="center"/>`)
		}
		b.WriteString(`</w:pPr>`)
		if text != "" {
			b.WriteString(runXML("", escapeText(text)))
		}
		b.WriteString("</w:p></w:tc>")
	}
	const (
		headerRow = "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
		bodyRow   = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
	)
	head := document.StyleTableHead
	if len(tab.Groups) == 0 {
		b.WriteString(headerRow)
		for i, c := range tab.Columns {
			cell(i, 1, "", c.Title, head, false)
		}
		b.WriteString("</w:tr>")
	} else {
		// Two header rows: a group's title spans its columns; a column
		// outside any group spans both rows (a vertical merge).
		b.WriteString(headerRow)
		for i := 0; i < len(tab.Columns); i++ {
			if g := tab.GroupAt(i); g != nil {
				cell(i, g.To-g.From+1, "", g.Title, head, false)
				i = g.To
				continue
			}
			cell(i, 1, `<w:vMerge w:val="restart"/>`, tab.Columns[i].Title, head, false)
		}
		b.WriteString("</w:tr>" + headerRow)
		for i, c := range tab.Columns {
			if tab.GroupAt(i) != nil {
				cell(i, 1, "", c.Title, head, false)
			} else {
				cell(i, 1, `<w:vMerge/>`, "", head, false)
			}
		}
		b.WriteString("</w:tr>")
	}
	for _, r := range tab.Rows {
		b.WriteString(bodyRow)
		for i, c := range tab.Cells(r) {
			cell(i, 1, "", c, document.StyleTableText, i != 1)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString(`</w:tbl>`)
}

// fastDeflate compresses parts at flate's best speed, from a pool: the
// document part of a plan is some 100 kB of XML, and the default level
// costs twice the time for a few percent of size.
func fastDeflate(w io.Writer) (io.WriteCloser, error) {
	fw := deflaters.Get().(*flate.Writer)
	fw.Reset(w)
	return &pooledDeflater{fw}, nil
}

var deflaters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed) // a valid level never fails
	return fw
}}

type pooledDeflater struct{ *flate.Writer }

func (p *pooledDeflater) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	p.Writer = nil
	return err
}
