package docx

import (
	"fmt"
	"html"
	"kehoach/generator/document"
	"regexp"
	"strings"
)

// The reader of word/document.xml: it finds the placeholders and cuts the
// part into pieces. It works on the XML text, not on a decoded tree, so that
// everything it does not fill is written back byte for byte.

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
	depth := 0 // of complex fields, which may span paragraphs
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
			depth = fieldDepth(para, depth)
			lit(para)
			continue
		}
		ps, d, err := prepareParagraph(para, depth, seen)
		depth = d
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

// element is a child of a paragraph, once the elements that only wrap runs
// are opened.
type element struct {
	xml  string
	run  bool   // a run holding only text, outside any field
	rPr  string // its <w:rPr>, for runs
	text string // its text, unescaped, for text runs
	from int    // offset of text in the paragraph's text
	once bool   // a bookmark or comment mark, not to be repeated
}

var (
	tagNameRe   = regexp.MustCompile(`^<([\w:]+)`)
	textRe      = regexp.MustCompile(`(?s)<w:t(?:\s[^>]*)?>(.*?)</w:t>|<w:t\s*/>`)
	fldCharRe   = regexp.MustCompile(`<w:fldChar\b[^>]*\bw:fldCharType="(\w+)"`)
	onceRe      = regexp.MustCompile(`<w:(?:bookmarkStart|bookmarkEnd|commentRangeStart|commentRangeEnd|commentReference|permStart|permEnd)\b`)
	revisionRe  = regexp.MustCompile(`<w:(?:ins|del|moveFrom|moveTo)\b[^>]*/>`)
	wrapperTags = map[string]bool{"w:sdt": true, "w:sdtContent": true, "w:smartTag": true, "w:customXml": true}
)

// fieldDepth counts the complex fields open after para, given those open
// before it.
func fieldDepth(para string, depth int) int {
	for _, m := range fldCharRe.FindAllStringSubmatch(para, -1) {
		switch m[1] {
		case "begin":
			depth++
		case "end":
			depth = max(0, depth-1)
		}
	}
	return depth
}

// children splits a paragraph into its head (<w:p> and <w:pPr>) and its
// child elements. Word wraps runs in more than runs when people edit, and
// the text the reader sees is what counts:
//   - tracked changes are accepted: the runs of w:ins and w:moveTo are
//     read as runs, w:del and w:moveFrom are dropped, and the records of
//     changed formatting (w:pPrChange, w:rPrChange) are removed, as a filled
//     document is new text that no one's revision marks belong on;
//   - content controls (w:sdt), smart tags and custom XML are kept, their
//     runs read as runs;
//   - complex fields (w:fldChar begin … end, with depth open at the
//     paragraph's start) are kept as they are, their result not read as
//     text;
//   - everything else (bookmarks, w:fldSimple, hyperlinks, drawings) is an
//     element of its own, kept as it is.
func children(para string, depth int) (head string, elems []element, depthAfter int, err error) {
	i := strings.IndexByte(para, '>') + 1
	body := para[i : len(para)-len("</w:p>")]
	head = para[:i]
	if strings.HasPrefix(body, "<w:pPr") && indexTag(body, "<w:pPr") == 0 {
		n := elementEnd(body, "w:pPr")
		if n < 0 {
			return "", nil, depth, fmt.Errorf("thẻ <w:pPr> không đóng")
		}
		head += stripRevisions(body[:n])
		body = body[n:]
	}
	var walk func(s string) error
	walk = func(s string) error {
		for s != "" {
			if s[0] != '<' {
				j := strings.IndexByte(s, '<')
				if j < 0 {
					j = len(s)
				}
				elems = append(elems, element{xml: s[:j]})
				s = s[j:]
				continue
			}
			m := tagNameRe.FindStringSubmatch(s)
			if m == nil {
				return fmt.Errorf("XML không đọc được")
			}
			name := m[1]
			n := elementEnd(s, name)
			if n < 0 {
				return fmt.Errorf("thẻ <%s> không đóng", name)
			}
			x := s[:n]
			s = s[n:]
			selfClosed := strings.HasSuffix(x, "/>") && !strings.HasSuffix(x, "</"+name+">")
			inner := func() string {
				return x[strings.IndexByte(x, '>')+1 : len(x)-len("</"+name+">")]
			}
			switch {
			case name == "w:r":
				e := element{xml: x, once: onceRe.MatchString(x)}
				inField := depth > 0 || strings.Contains(x, "<w:instrText")
				for _, m := range fldCharRe.FindAllStringSubmatch(x, -1) {
					inField = true
					switch m[1] {
					case "begin":
						depth++
					case "end":
						depth = max(0, depth-1)
					}
				}
				if !inField {
					e.run, e.rPr, e.text = textRun(x)
					e.rPr = stripRevisions(e.rPr)
				}
				elems = append(elems, e)
			case name == "w:ins" || name == "w:moveTo":
				if !selfClosed {
					if err := walk(inner()); err != nil {
						return err
					}
				}
			case name == "w:del" || name == "w:moveFrom":
			case wrapperTags[name] && !selfClosed:
				elems = append(elems, element{xml: x[:strings.IndexByte(x, '>')+1]})
				if err := walk(inner()); err != nil {
					return err
				}
				elems = append(elems, element{xml: "</" + name + ">"})
			default:
				elems = append(elems, element{xml: x, once: onceRe.MatchString(x)})
			}
		}
		return nil
	}
	if err := walk(body); err != nil {
		return "", nil, depth, err
	}
	return head, elems, depth, nil
}

// stripRevisions removes from paragraph or run properties the records of
// tracked changes: earlier formatting, and the marks of an inserted or
// deleted paragraph mark (a deleted one is thus kept).
func stripRevisions(props string) string {
	for _, name := range []string{"w:pPrChange", "w:rPrChange"} {
		for {
			i := indexTag(props, "<"+name)
			if i < 0 {
				break
			}
			n := elementEnd(props[i:], name)
			if n < 0 {
				return props
			}
			props = props[:i] + props[i+n:]
		}
	}
	return revisionRe.ReplaceAllString(props, "")
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

// prepareParagraph finds the placeholders of one paragraph across its runs;
// depth is the number of complex fields open at its start, and the number
// open at its end is returned.
func prepareParagraph(para string, depth int, seen map[string]bool) ([]piece, int, error) {
	head, elems, depth, err := children(para, depth)
	if err != nil {
		return nil, depth, &TemplateError{Msg: "word/document.xml: " + err.Error()}
	}
	ps, err := fillParagraph(para, head, elems, seen)
	return ps, depth, err
}

func fillParagraph(para, head string, elems []element, seen map[string]bool) ([]piece, error) {
	const tail = "</w:p>"
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
				out = append(out, piece{literal: e.xml, once: e.once})
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
	s = keepSymbols(escaper.Replace(s))
	if strings.ContainsAny(s, "\n\t\r\f") {
		s = breakWriter.Replace(s)
	}
	return s
}

// keepSymbols writes the hyphens inside document symbols ("18-KH/BDVQU")
// as non-breaking hyphens: OOXML defines them as a hyphen-minus that is no
// line-break opportunity (LibreOffice copies one as U+2011). Escaping
// leaves symbols as they are, so their spans can be found in escaped text.
func keepSymbols(s string) string {
	spans := document.Symbols(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(strings.ReplaceAll(s[sp[0]:sp[1]], "-", `</w:t><w:noBreakHyphen/><w:t xml:space="preserve">`))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

var breakWriter = strings.NewReplacer(
	"\r\n", `</w:t><w:br/><w:t xml:space="preserve">`,
	"\n", `</w:t><w:br/><w:t xml:space="preserve">`,
	"\r", `</w:t><w:br/><w:t xml:space="preserve">`,
	"\t", `</w:t><w:tab/><w:t xml:space="preserve">`,
	"\f", `</w:t><w:br w:type="page"/><w:t xml:space="preserve">`)
