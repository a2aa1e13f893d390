// Package docx renders documents as Word files by filling a .docx template
// through github.com/nguyenthenguyen/docx.
//
// That library replaces strings in word/document.xml. A placeholder that
// Word split across runs (spell-check marks, rsid edits, a format change
// inside it) is not a string it can find, and its newline handling puts
// <w:br/> inside <w:t>. So the template is prepared once, when it is loaded:
// each paragraph's runs are joined to find placeholders across them, and the
// part is cut into literal XML and fields, each field keeping the formatting
// of the run it starts in. Filling a document is then a concatenation, and
// the library writes the package.
package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	docxlib "github.com/nguyenthenguyen/docx"
)

// ErrTemplate is matched by every error about a template's content.
var ErrTemplate = errors.New("docx: mẫu không dùng được")

// TemplateError names the template and what is wrong in it.
type TemplateError struct {
	File        string
	Placeholder string // as written, e.g. {{ten_truong}}; may be empty
	Msg         string
}

func (e *TemplateError) Error() string {
	if e.Placeholder != "" {
		return fmt.Sprintf("%s: chỗ điền %s: %s", e.File, e.Placeholder, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Is reports ErrTemplate.
func (e *TemplateError) Is(target error) bool { return target == ErrTemplate }

// Placeholders a template may hold. Inline ones take one value; a paragraph
// holding a list one is repeated for each item; the body one is replaced by
// the document's body.
var (
	inlineFields = []string{"co_quan_chu_quan", "co_quan_ban_hanh", "so", "dia_danh_ngay", "ten_loai", "trich_yeu", "noi_nhan_tieu_de", "nguoi_ky"}
	listFields   = []string{"kinh_gui", "noi_nhan", "chuc_vu"}
)

const bodyField = "noi_dung"

// Paragraph styles the body uses, by name; the template defines how they
// look. Names are ASCII so that Word and LibreOffice, which derive a style's
// id from its name when they save, keep the id too.
const (
	styleBody      = "KH Body"
	stylePart      = "KH Part"
	styleHeading   = "KH Heading"
	styleEntry     = "KH Entry"
	styleNote      = "KH Note"
	styleFill      = "KH Fill"
	styleTableText = "KH Table Text"
	styleTableHead = "KH Table Head"
)

var requiredStyles = []string{styleBody, stylePart, styleHeading, styleEntry, styleNote, styleFill, styleTableText, styleTableHead}

var styleRe = regexp.MustCompile(`(?s)<w:style\b[^>]*\bw:styleId="([^"]+)"[^>]*>.*?<w:name w:val="([^"]+)"`)

// styleIDs maps the required style names to their ids in styles.xml.
func styleIDs(stylesXML string) (map[string]string, []string) {
	byName := map[string]string{}
	for _, m := range styleRe.FindAllStringSubmatch(stylesXML, -1) {
		byName[unescape(m[2])] = m[1]
	}
	ids := map[string]string{}
	var missing []string
	for _, name := range requiredStyles {
		if id, ok := byName[name]; ok {
			ids[name] = id
		} else {
			missing = append(missing, name)
		}
	}
	return ids, missing
}

// piece is a part of the prepared document.xml.
type piece struct {
	literal string
	field   string  // inline field name
	rPr     string  // run properties the field's value is written with
	list    string  // list field: repeat inner once per item
	inner   []piece // the paragraph repeated for a list field
	body    bool
}

// Template is a parsed .docx template, ready to fill many documents; it is
// safe for concurrent use.
type Template struct {
	name      string
	src       *docxlib.ReplaceDocx
	pieces    []piece
	textWidth int               // twips between the margins
	styles    map[string]string // style name -> id
}

// ParseTemplate reads and checks the template at name in fsys.
func ParseTemplate(fsys fs.FS, name string) (*Template, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("docx: đọc mẫu: %w", err)
	}
	return parseTemplate(raw, name)
}

func parseTemplate(raw []byte, name string) (*Template, error) {
	bad := func(ph, format string, args ...any) error {
		return &TemplateError{File: name, Placeholder: ph, Msg: fmt.Sprintf(format, args...)}
	}
	src, err := docxlib.ReadDocxFromMemory(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, bad("", "không phải tệp .docx đọc được (%v); hãy lưu lại mẫu bằng Word hoặc LibreOffice ở dạng .docx", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, bad("", "không phải tệp .docx: %v", err)
	}
	t := &Template{name: name, src: src}
	for _, f := range zr.File {
		isHeader := strings.HasPrefix(f.Name, "word/header") || strings.HasPrefix(f.Name, "word/footer")
		if !isHeader && f.Name != "word/styles.xml" {
			continue
		}
		b, err := readZipFile(f)
		if err != nil {
			return nil, bad("", "đọc %s: %v", f.Name, err)
		}
		if f.Name == "word/styles.xml" {
			var missing []string
			t.styles, missing = styleIDs(string(b))
			if len(missing) > 0 {
				return nil, bad("", "thiếu kiểu đoạn (style) %s mà phần nội dung dùng; hãy tạo lại các kiểu này trong Word với đúng tên đó", strings.Join(missing, ", "))
			}
			continue
		}
		if i := strings.Index(xmlText(string(b)), "{{"); i >= 0 {
			return nil, bad("", "%s có chỗ điền; chỉ phần thân văn bản được điền, hãy bỏ chỗ điền khỏi đầu trang và chân trang", f.Name)
		}
	}
	if t.styles == nil {
		return nil, bad("", "thiếu word/styles.xml; hãy lưu lại mẫu bằng Word hoặc LibreOffice")
	}
	content := src.Editable().GetContent()
	t.textWidth = textWidth(content)
	pieces, seen, err := prepare(content)
	if err != nil {
		var te *TemplateError
		if errors.As(err, &te) {
			te.File = name
		}
		return nil, err
	}
	t.pieces = pieces
	var missing []string
	for _, f := range append(append(append([]string{}, inlineFields...), listFields...), bodyField) {
		if !seen[f] {
			missing = append(missing, "{{"+f+"}}")
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, bad(strings.Join(missing, ", "), "mẫu không có chỗ điền này, nên văn bản sẽ thiếu nội dung; hãy thêm vào mẫu")
	}
	return t, nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

var (
	pgSzRe  = regexp.MustCompile(`<w:pgSz\b[^>]*\bw:w="(\d+)"`)
	pgMarRe = regexp.MustCompile(`<w:pgMar\b[^>]*>`)
	attrRe  = regexp.MustCompile(`\bw:(left|right)="(-?\d+)"`)
)

// textWidth reads the width between the margins from the last section.
func textWidth(content string) int {
	width := 11906 // A4
	if m := pgSzRe.FindAllStringSubmatch(content, -1); len(m) > 0 {
		width, _ = strconv.Atoi(m[len(m)-1][1])
	}
	left, right := 1701, 850
	if m := pgMarRe.FindAllString(content, -1); len(m) > 0 {
		for _, a := range attrRe.FindAllStringSubmatch(m[len(m)-1], -1) {
			v, _ := strconv.Atoi(a[2])
			if a[1] == "left" {
				left = v
			} else {
				right = v
			}
		}
	}
	return width - left - right
}

func kindOf(name string) string {
	switch {
	case name == bodyField:
		return "body"
	case contains(listFields, name):
		return "list"
	case contains(inlineFields, name):
		return "inline"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// prepare cuts document.xml into pieces.
func prepare(content string) ([]piece, map[string]bool, error) {
	seen := map[string]bool{}
	var out []piece
	lit := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].field == "" && out[n-1].list == "" && !out[n-1].body {
			out[n-1].literal += s
			return
		}
		out = append(out, piece{literal: s})
	}
	rest := content
	for {
		start := nextParagraph(rest)
		if start < 0 {
			lit(rest)
			break
		}
		lit(rest[:start])
		end := paragraphEnd(rest, start)
		if end < 0 {
			return nil, nil, &TemplateError{Msg: "word/document.xml có đoạn không đóng; hãy mở và lưu lại mẫu bằng Word"}
		}
		para := rest[start:end]
		rest = rest[end:]
		if !strings.Contains(xmlText(para), "{") {
			lit(para)
			continue
		}
		ps, err := prepareParagraph(para, seen)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			if p.field == "" && p.list == "" && !p.body {
				lit(p.literal)
			} else {
				out = append(out, p)
			}
		}
	}
	return out, seen, nil
}

var paraStartRe = regexp.MustCompile(`<w:p[ >]`)

func nextParagraph(s string) int {
	loc := paraStartRe.FindStringIndex(s)
	if loc == nil {
		return -1
	}
	return loc[0]
}

// paragraphEnd returns the index just past the paragraph that opens at
// start: its own "/>" when it is empty (<w:p w:rsidR="00AB"/>), else the
// </w:p> that closes it, counting nested paragraphs (text boxes).
func paragraphEnd(s string, start int) int {
	depth := 0
	i := start
	for i < len(s) {
		open := nextParagraph(s[i:])
		closeAt := strings.Index(s[i:], "</w:p>")
		if open >= 0 && (closeAt < 0 || open < closeAt) {
			tagEnd := strings.IndexByte(s[i+open:], '>')
			if tagEnd < 0 {
				return -1
			}
			next := i + open + tagEnd + 1
			if s[next-2] != '/' {
				depth++
			} else if depth == 0 {
				return next
			}
			i = next
			continue
		}
		if closeAt < 0 {
			return -1
		}
		depth--
		i += closeAt + len("</w:p>")
		if depth == 0 {
			return i
		}
	}
	return -1
}

// element is a child of a paragraph.
type element struct {
	xml  string
	run  bool   // a run holding only text
	rPr  string // its <w:rPr>, for runs
	text string // its text, unescaped, for text runs
	from int    // offset of text in the paragraph's text
}

var (
	tagNameRe = regexp.MustCompile(`^<([\w:]+)`)
	textRe    = regexp.MustCompile(`(?s)<w:t(?:\s[^>]*)?>(.*?)</w:t>|<w:t\s*/>`)
)

// children splits the inside of a paragraph into its head (<w:p> and
// <w:pPr>) and its child elements.
func children(para string) (head string, elems []element, tail string, err error) {
	i := strings.IndexByte(para, '>') + 1
	body := para[i : len(para)-len("</w:p>")]
	head = para[:i]
	if strings.HasPrefix(body, "<w:pPr") {
		end := strings.Index(body, "</w:pPr>")
		if end < 0 {
			end = strings.Index(body, "/>") - len("</w:pPr>") + 2
		}
		end += len("</w:pPr>")
		head += body[:end]
		body = body[end:]
	}
	for body != "" {
		if body[0] != '<' {
			j := strings.IndexByte(body, '<')
			if j < 0 {
				j = len(body)
			}
			elems = append(elems, element{xml: body[:j]})
			body = body[j:]
			continue
		}
		m := tagNameRe.FindStringSubmatch(body)
		if m == nil {
			return "", nil, "", fmt.Errorf("XML không đọc được")
		}
		name := m[1]
		n := elementEnd(body, name)
		if n < 0 {
			return "", nil, "", fmt.Errorf("thẻ <%s> không đóng", name)
		}
		e := element{xml: body[:n]}
		if name == "w:r" {
			e.run, e.rPr, e.text = textRun(e.xml)
		}
		elems = append(elems, e)
		body = body[n:]
	}
	return head, elems, "</w:p>", nil
}

// elementEnd returns the length of the element named name at the start of s.
func elementEnd(s, name string) int {
	gt := strings.IndexByte(s, '>')
	if gt < 0 {
		return -1
	}
	if s[gt-1] == '/' {
		return gt + 1
	}
	depth := 0
	i := 0
	openRe := "<" + name
	for i < len(s) {
		o := indexTag(s[i:], openRe)
		c := strings.Index(s[i:], "</"+name+">")
		if c < 0 {
			return -1
		}
		if o >= 0 && o < c {
			gt := strings.IndexByte(s[i+o:], '>')
			if s[i+o+gt-1] != '/' {
				depth++
			}
			i += o + gt + 1
			continue
		}
		depth--
		i += c + len("</"+name+">")
		if depth == 0 {
			return i
		}
	}
	return -1
}

// indexTag finds "<name" followed by a space, ">" or "/".
func indexTag(s, open string) int {
	off := 0
	for {
		j := strings.Index(s[off:], open)
		if j < 0 {
			return -1
		}
		k := off + j + len(open)
		if k < len(s) && (s[k] == ' ' || s[k] == '>' || s[k] == '/') {
			return off + j
		}
		off = k
	}
}

// textRun tells whether run holds only run properties and text: <w:t>,
// tabs and line breaks (read as "\t" and "\n", a page break as "\f", and
// written back the same way), and the page-break hints Word leaves; and
// returns its properties and text.
func textRun(run string) (ok bool, rPr, text string) {
	if strings.HasSuffix(run, "/>") && !strings.HasSuffix(run, "</w:r>") {
		return false, "", ""
	}
	inner := strings.TrimSuffix(run[strings.IndexByte(run, '>')+1:], "</w:r>")
	if strings.HasPrefix(inner, "<w:rPr") {
		n := elementEnd(inner, "w:rPr")
		if n < 0 {
			return false, "", ""
		}
		rPr, inner = inner[:n], inner[n:]
	}
	var b strings.Builder
	for inner != "" {
		if loc := textRe.FindStringSubmatchIndex(inner); loc != nil && loc[0] == 0 {
			if loc[2] >= 0 {
				b.WriteString(unescape(inner[loc[2]:loc[3]]))
			}
			inner = inner[loc[1]:]
			continue
		}
		m := runItemRe.FindStringSubmatch(inner)
		if m == nil {
			return false, "", ""
		}
		switch {
		case m[1] == "w:tab":
			b.WriteByte('\t')
		case m[1] == "w:cr", m[1] == "w:br" && !strings.Contains(m[0], `w:type="page"`) && !strings.Contains(m[0], `w:type="column"`):
			b.WriteByte('\n')
		case m[1] == "w:br" && strings.Contains(m[0], `w:type="page"`):
			b.WriteByte('\f')
		case m[1] == "w:lastRenderedPageBreak":
		default:
			return false, "", "" // a column break: keep the run as it is
		}
		inner = inner[len(m[0]):]
	}
	return true, rPr, b.String()
}

var runItemRe = regexp.MustCompile(`^<(w:tab|w:br|w:cr|w:lastRenderedPageBreak)\b[^>]*/>`)

var placeholderRe = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// prepareParagraph finds the placeholders of one paragraph across its runs.
func prepareParagraph(para string, seen map[string]bool) ([]piece, error) {
	head, elems, tail, err := children(para)
	if err != nil {
		return nil, &TemplateError{Msg: "word/document.xml: " + err.Error()}
	}
	var text strings.Builder
	for i := range elems {
		elems[i].from = text.Len()
		text.WriteString(elems[i].text)
	}
	full := text.String()
	locs := placeholderRe.FindAllStringSubmatchIndex(full, -1)
	// A "{{" not matched by a whole placeholder is never closed.
	covered := 0
	for _, l := range locs {
		if i := strings.Index(full[covered:l[0]], "{{"); i >= 0 {
			return nil, unclosed(full[covered+i:])
		}
		covered = l[1]
	}
	if i := strings.Index(full[covered:], "{{"); i >= 0 {
		return nil, unclosed(full[covered+i:])
	}
	for _, e := range elems {
		if !e.run && strings.Contains(xmlText(e.xml), "{{") {
			return nil, &TemplateError{Placeholder: clipPlaceholder(xmlText(e.xml)), Msg: "nằm trong một phần đặc biệt (liên kết, trường, hình, hộp chữ) nên không điền được; hãy gõ lại chỗ điền bằng chữ thường trong đoạn"}
		}
	}
	if len(locs) == 0 {
		return []piece{{literal: para}}, nil
	}
	type ph struct {
		name     string
		from, to int
	}
	var phs []ph
	list, body := "", false
	for _, l := range locs {
		name := full[l[2]:l[3]]
		switch kindOf(name) {
		case "":
			return nil, &TemplateError{Placeholder: full[l[0]:l[1]], Msg: "không có chỗ điền tên này; các chỗ điền dùng được: " + strings.Join(allFields(), ", ")}
		case "body":
			body = true
		case "list":
			if list != "" && list != name {
				return nil, &TemplateError{Placeholder: full[l[0]:l[1]], Msg: "một đoạn chỉ được có một chỗ điền danh sách ({{" + list + "}} đã có); hãy tách thành hai đoạn"}
			}
			list = name
		}
		if seen[name] {
			return nil, &TemplateError{Placeholder: full[l[0]:l[1]], Msg: "có hai lần trong mẫu; hãy giữ một"}
		}
		seen[name] = true
		phs = append(phs, ph{name, l[0], l[1]})
	}
	if body {
		if len(phs) > 1 || strings.TrimSpace(placeholderRe.ReplaceAllString(full, "")) != "" {
			return nil, &TemplateError{Placeholder: "{{" + bodyField + "}}", Msg: "phải đứng một mình trong một đoạn; hãy xóa chữ khác trong đoạn đó"}
		}
		return []piece{{body: true}}, nil
	}
	var out []piece
	out = append(out, piece{literal: head})
	for _, e := range elems {
		if !e.run {
			// Proofing marks and the like inside a placeholder go with it.
			inside := false
			for _, p := range phs {
				if e.from > p.from && e.from < p.to {
					inside = true
				}
			}
			if !inside || !strings.HasPrefix(e.xml, "<w:proofErr") {
				out = append(out, piece{literal: e.xml})
			}
			continue
		}
		for pos, end := e.from, e.from+len(e.text); pos < end; {
			next := end
			var in *ph
			for i := range phs {
				p := &phs[i]
				if p.from <= pos && pos < p.to {
					in = p
				} else if p.from > pos && p.from < next {
					next = p.from
				}
			}
			if in != nil {
				if in.from == pos { // the run the placeholder starts in
					out = append(out, piece{field: in.name, rPr: e.rPr})
				}
				pos = min(in.to, end)
				continue
			}
			out = append(out, piece{literal: runXML(e.rPr, escapeText(full[pos:next]))})
			pos = next
		}
	}
	out = append(out, piece{literal: tail})
	if list != "" {
		return []piece{{list: list, inner: out}}, nil
	}
	return out, nil
}

func clipPlaceholder(s string) string {
	i := strings.Index(s, "{{")
	s = s[i:]
	if j := strings.Index(s, "}}"); j >= 0 {
		return s[:j+2]
	}
	return s
}

func unclosed(s string) error {
	r := []rune(s)
	if len(r) > 30 {
		r = append(r[:30], '…')
	}
	return &TemplateError{Placeholder: string(r), Msg: "chưa đóng; hãy viết đủ {{tên}}"}
}

func allFields() []string {
	var all []string
	for _, f := range append(append(append([]string{}, inlineFields...), listFields...), bodyField) {
		all = append(all, "{{"+f+"}}")
	}
	return all
}

func runXML(rPr, escaped string) string {
	return "<w:r>" + rPr + `<w:t xml:space="preserve">` + escaped + "</w:t></w:r>"
}

// xmlText strips tags, to look for text in raw XML.
func xmlText(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '<':
			in = true
		case s[i] == '>':
			in = false
		case !in:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// unescape decodes the entity and character references of XML text,
// numeric ones (&#160;) included.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// escapeText escapes s for a <w:t> and writes line breaks, tabs and page
// breaks as the elements WordprocessingML has for them, between text
// elements.
func escapeText(s string) string {
	s = escaper.Replace(s)
	if strings.ContainsAny(s, "\n\t\r\f") {
		s = breakWriter.Replace(s)
	}
	return s
}

var breakWriter = strings.NewReplacer(
	"\r\n", `</w:t><w:br/><w:t xml:space="preserve">`,
	"\n", `</w:t><w:br/><w:t xml:space="preserve">`,
	"\r", `</w:t><w:br/><w:t xml:space="preserve">`,
	"\t", `</w:t><w:tab/><w:t xml:space="preserve">`,
	"\f", `</w:t><w:br w:type="page"/><w:t xml:space="preserve">`)
