// Package docx renders documents as Word files by filling a .docx template,
// and reads from the template the layout every renderer follows.
//
// The template is prepared once, when it is parsed: each paragraph's runs
// are joined to find placeholders across them (Word splits text at
// spell-check marks, rsid edits, tracked changes, bookmarks and format
// changes), and word/document.xml is cut into literal XML and fields, each
// field keeping the formatting of the run it starts in. Filling a document
// is then a concatenation, and the package is written once, with
// archive/zip: the template's other parts are copied as they are stored.
package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"kehoach/generator/document"
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
	inlineFields = []string{"co_quan_ban_hanh", "so", "dia_danh_ngay", "ten_loai", "trich_yeu", "noi_nhan_tieu_de", "nguoi_ky"}
	listFields   = []string{"kinh_gui", "noi_nhan", "chuc_vu", "co_quan_chu_quan"} // the parent body: none for a People's Committee
)

const bodyField = "noi_dung"

// Parts of the package that are written anew for each document.
const (
	documentPart     = "word/document.xml"
	contentTypesPart = "[Content_Types].xml"
	docRelsPart      = "word/_rels/document.xml.rels"
	commentsPart     = "word/comments.xml"
	corePart         = "docProps/core.xml"
	stylesPart       = "word/styles.xml"
)

// piece is a part of the prepared document.xml.
type piece struct {
	literal string
	field   string  // inline field name
	rPr     string  // run properties the field's value is written with
	list    string  // list field: repeat inner once per item
	inner   []piece // the paragraph repeated for a list field
	body    bool
	once    bool // in a repeated paragraph, written with the first item only (bookmarks)
}

// Template is a parsed .docx template, ready to fill many documents. It is
// never changed after ParseTemplate, so it is safe for concurrent use.
type Template struct {
	zr *zip.Reader // the template's package, to copy parts from
	// raw holds each part copied as it is, compressed, read once: every
	// document writes them without decompressing or buffering them again.
	raw map[string][]byte
	// The package's content types and the document's relationships, to
	// add a comments part to; comments is the template's own comments
	// part, if it has one, which a form's instructions are added to, and
	// commentID the id that comment takes.
	contentTypes, docRels string
	comments, commentID   string
	// The rule under the issuer's name: the piece holding its paragraph
	// and where that paragraph starts in it; rulePiece is -1 when the
	// template has none to size.
	rulePiece, ruleAt int
	// warnings are what is valid but will look wrong, in Vietnamese.
	warnings  []string
	pieces    []piece
	textWidth int                           // twips between the margins
	styles    map[document.StyleName]string // style ids
	layout    *document.Layout
}

// ParseTemplate reads and checks the template at name in fsys. Besides its
// placeholders, it checks that the PDF can follow the template's layout
// (see Template.Layout).
func ParseTemplate(fsys fs.FS, name string) (*Template, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("docx: đọc mẫu: %w", err)
	}
	t, err := parseTemplate(raw)
	if err != nil {
		var te *TemplateError
		if errors.As(err, &te) {
			te.File = name
		}
		return nil, err
	}
	for i, w := range t.warnings {
		t.warnings[i] = name + ": " + w
	}
	return t, nil
}

func parseTemplate(raw []byte) (*Template, error) {
	bad := func(ph, format string, args ...any) error {
		return &TemplateError{Placeholder: ph, Msg: fmt.Sprintf(format, args...)}
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, bad("", "không phải tệp .docx đọc được (%v); hãy lưu lại mẫu bằng Word hoặc LibreOffice ở dạng .docx", err)
	}
	// Every part is read once here, which checks its checksum: the parts
	// are later copied into documents as they are stored.
	parts := map[string][]byte{}
	for _, f := range zr.File {
		b, err := readZipFile(f)
		if err != nil {
			return nil, bad("", "đọc %s: %v; hãy lưu lại mẫu bằng Word hoặc LibreOffice", f.Name, err)
		}
		if _, dup := parts[f.Name]; dup {
			return nil, bad("", "có hai phần cùng tên %s; hãy lưu lại mẫu bằng Word hoặc LibreOffice", f.Name)
		}
		parts[f.Name] = b
	}
	tree := func(name string) (*xnode, error) {
		b, ok := parts[name]
		if !ok {
			return nil, bad("", "thiếu %s; hãy lưu lại mẫu bằng Word hoặc LibreOffice", name)
		}
		n, err := parseTree(b)
		if err != nil {
			return nil, bad("", "%s không phải XML đọc được (%v); hãy mở và lưu lại mẫu bằng Word", name, err)
		}
		return n, nil
	}
	t := &Template{zr: zr, raw: map[string][]byte{}, styles: map[document.StyleName]string{}}
	for _, f := range zr.File {
		rc, err := f.OpenRaw()
		if err == nil {
			t.raw[f.Name], err = io.ReadAll(rc)
		}
		if err != nil {
			return nil, bad("", "đọc %s: %v; hãy lưu lại mẫu bằng Word hoặc LibreOffice", f.Name, err)
		}
	}
	t.contentTypes, t.docRels = string(parts[contentTypesPart]), string(parts[docRelsPart])
	t.comments = string(parts[commentsPart])
	last := -1
	for _, m := range commentIDRe.FindAllStringSubmatch(t.comments, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && n > last {
			last = n
		}
	}
	t.commentID = strconv.Itoa(last + 1)

	stylesXML, err := tree(stylesPart)
	if err != nil {
		return nil, err
	}
	sheet := readStyles(stylesXML)
	var missing []string
	for _, n := range document.StyleNames() {
		st := sheet.byName[styleNames[n]]
		if st == nil {
			missing = append(missing, styleNames[n])
			continue
		}
		t.styles[n] = st.attr("styleId")
	}
	if len(missing) > 0 {
		return nil, bad("", "thiếu kiểu đoạn (style) %s mà phần nội dung dùng; hãy tạo lại các kiểu này trong Word với đúng tên đó", strings.Join(missing, ", "))
	}
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if (strings.HasPrefix(name, "word/header") || strings.HasPrefix(name, "word/footer")) && strings.Contains(xmlText(string(parts[name])), "{{") {
			return nil, bad("", "%s có chỗ điền; chỉ phần thân văn bản được điền, hãy bỏ chỗ điền khỏi đầu trang và chân trang", name)
		}
	}

	doc, err := tree(documentPart)
	if err != nil {
		return nil, err
	}
	pieces, seen, err := prepare(string(parts[documentPart]))
	if err != nil {
		return nil, err
	}
	t.pieces = pieces
	t.rulePiece, t.ruleAt = issuerRule(pieces, sheet.byName["KH Rule"].attr("styleId"))
	missing = nil
	for _, f := range append(append(append([]string{}, inlineFields...), listFields...), bodyField) {
		if !seen[f] {
			missing = append(missing, "{{"+f+"}}")
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, bad(strings.Join(missing, ", "), "mẫu không có chỗ điền này, nên văn bản sẽ thiếu nội dung; hãy thêm vào mẫu")
	}

	// Parts the layout may need besides: the theme, for styles naming a
	// theme font, and the headers, for the page number's size.
	var rels *xnode
	if b, ok := parts["word/_rels/document.xml.rels"]; ok {
		rels, _ = parseTree(b)
	}
	for _, r := range rels.path("Relationships").children("Relationship") {
		if path.Base(r.attr("Type")) == "theme" {
			if b, ok := parts[relTarget(rels, r.attr("Id"))]; ok {
				if th, err := parseTree(b); err == nil {
					sheet.theme = readTheme(th)
				}
			}
		}
	}
	part := func(relID string) *xnode {
		if b, ok := parts[relTarget(rels, relID)]; ok {
			if n, err := parseTree(b); err == nil {
				return n
			}
		}
		return nil
	}
	t.layout, t.textWidth, err = readLayout(sheet, doc, part)
	if err == nil {
		text := t.layout.Page.TextWidth()
		for _, c := range []struct {
			what string
			cols [2]float64
		}{{"bảng đầu văn bản (cơ quan, quốc hiệu)", t.layout.HeaderColumns}, {"bảng chữ ký (nơi nhận, người ký)", t.layout.ClosingColumns}} {
			if w := c.cols[0] + c.cols[1]; w > text+0.5 {
				t.warnings = append(t.warnings, fmt.Sprintf("%s rộng %s mm, hơn khoảng giữa hai lề (%s mm), nên lấn sang lề phải; hãy thu hẹp các cột của bảng (Table Properties > Column)", c.what, vn(w), vn(text)))
			}
		}
	}
	if err != nil {
		return nil, err
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

var commentIDRe = regexp.MustCompile(`<w:comment\b[^>]*\bw:id="(\d+)"`)

// issuerRule finds the paragraph of the rule under the issuer's name: the
// first paragraph in style ruleID after {{co_quan_ban_hanh}}, in the same
// table cell.
func issuerRule(ps []piece, ruleID string) (int, int) {
	if ruleID == "" {
		return -1, 0
	}
	mark := `<w:pStyle w:val="` + ruleID + `"/>`
	for i, p := range ps {
		if p.field != "co_quan_ban_hanh" {
			continue
		}
		for j := i + 1; j < len(ps); j++ {
			if ps[j].field != "" || ps[j].list != "" || ps[j].body {
				return -1, 0 // another field first: no rule right under the name
			}
			k := strings.Index(ps[j].literal, mark)
			if cell := strings.Index(ps[j].literal, "</w:tc>"); cell >= 0 && (k < 0 || cell < k) {
				return -1, 0 // the cell ends first: no rule under the name
			}
			if k >= 0 {
				start := strings.LastIndex(ps[j].literal[:k], "<w:p>")
				if alt := strings.LastIndex(ps[j].literal[:k], "<w:p "); alt > start {
					start = alt
				}
				if start < 0 {
					return -1, 0
				}
				return j, start
			}
		}
	}
	return -1, 0
}
