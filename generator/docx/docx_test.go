package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/generator/plaintext"
	"kehoach/internal/testdocs"
	"kehoach/internal/tooltest"
	"kehoach/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// node is a minimal XML tree, enough to read WordprocessingML.
type node struct {
	name     string // local name with prefix, e.g. w:p
	attrs    map[string]string
	children []*node
	text     string
}

func parseXML(t testing.TB, b []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("XML is not well-formed: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			n := &node{name: prefixed(x.Name), attrs: map[string]string{}}
			for _, a := range x.Attr {
				n.attrs[prefixed(a.Name)] = a.Value
			}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(x)
		}
	}
	return root
}

var prefixes = map[string]string{
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main":            "w",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships":     "r",
	"http://schemas.openxmlformats.org/package/2006/relationships":            "rel",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
	"http://purl.org/dc/elements/1.1/":                                        "dc",
}

func prefixed(n xml.Name) string {
	if p, ok := prefixes[n.Space]; ok {
		return p + ":" + n.Local
	}
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(x *node) {
		for _, c := range x.children {
			if c.name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) path(names ...string) *node {
	cur := n
	for _, name := range names {
		if cur = cur.child(name); cur == nil {
			return nil
		}
	}
	return cur
}

// pkg is an unzipped .docx.
type pkg map[string][]byte

func unzip(t testing.TB, b []byte) pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := pkg{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		p[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return p
}

var bodyStyles = map[string]bool{"KHBody": true, "KHPart": true, "KHHeading": true, "KHEntry": true, "KHNote": true}

// docText reads document.xml paragraph by paragraph, as the plain-text
// renderer writes: a line break starts a new line, a run's direct bold and
// italic in body paragraphs become ** and *, a fill-in paragraph (a tab to a
// dot-leader stop) becomes the text renderer's dotted line, and a row of a
// bordered table with a repeated header row is "| a | b |".
func docText(t testing.TB, documentXML []byte) []string {
	root := parseXML(t, documentXML)
	body := root.path("w:document", "w:body")
	var lines []string
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.children {
			switch c.name {
			case "w:p":
				lines = append(lines, paraLines(c)...)
			case "w:tbl":
				if len(c.all("w:tblHeader")) > 0 {
					for _, tr := range c.all("w:tr") {
						var cells []string
						for _, tc := range tr.all("w:tc") {
							if pr := tc.child("w:tcPr"); pr != nil {
								if vm := pr.child("w:vMerge"); vm != nil && vm.attrs["w:val"] != "restart" {
									continue // the lower part of a cell merged down: no text of its own
								}
							}
							var texts []string
							for _, p := range tc.all("w:p") {
								texts = append(texts, paraLines(p)...)
							}
							cells = append(cells, strings.Join(texts, " "))
						}
						lines = append(lines, plaintext.Row(cells))
					}
					continue
				}
				walk(c)
			default:
				walk(c)
			}
		}
	}
	walk(body)
	var out []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func paraLines(p *node) []string {
	style := ""
	if s := p.path("w:pPr", "w:pStyle"); s != nil {
		style = s.attrs["w:val"]
	}
	var b strings.Builder
	for _, r := range p.all("w:r") {
		mark := ""
		if rPr := r.child("w:rPr"); rPr != nil && bodyStyles[style] {
			if rPr.child("w:b") != nil {
				mark += "**"
			}
			if rPr.child("w:i") != nil {
				mark += "*"
			}
		}
		var rb strings.Builder
		for _, c := range r.children {
			switch c.name {
			case "w:t":
				rb.WriteString(c.text)
			case "w:noBreakHyphen": // a hyphen-minus a line never breaks at
				rb.WriteString("-")
			case "w:br":
				rb.WriteString("\n")
			case "w:tab":
				if style == "KHFill" {
					rb.WriteString(plaintext.FillLine)
				} else {
					rb.WriteString("\t")
				}
			}
		}
		if rb.Len() > 0 {
			b.WriteString(mark + rb.String() + mark)
		}
	}
	return strings.Split(b.String(), "\n")
}

func textLines(d *document.Document) []string {
	var out []string
	for _, l := range plaintext.Lines(d) {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func loadData(t testing.TB) (*generator.Plan, []generator.School) {
	t.Helper()
	plan, schools, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	return plan, schools
}

func allDocs(t testing.TB, plan *generator.Plan, schools []generator.School) map[string]*document.Document {
	docs := map[string]*document.Document{"phong/ke-hoach": testdocs.Document(t, plan, nil, generator.DocIssuer)}
	for i := range schools {
		for _, id := range plan.DocIDs() {
			d, err := testdocs.Compose(plan, &schools[i], id)
			if err != nil {
				t.Fatal(err)
			}
			docs[schools[i].ID+"/"+d.Name] = d
		}
	}
	return docs
}

func defaultTemplate(t testing.TB) *docx.Template {
	t.Helper()
	tmpl, err := docx.ParseTemplate(templates.FS, templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func render(t testing.TB, tmpl *docx.Template, d *document.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tmpl.Render(&b, d, docx.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Fatalf("line %d:\ngot  %q\nwant %q", i+1, g, w)
		}
	}
}

// Every part of every DOCX is well-formed, and document.xml says, paragraph
// by paragraph, what the plain-text rendering says.
func TestDocxTextEqualsPlainText(t *testing.T) {
	tmpl := defaultTemplate(t)
	all := map[string]*document.Document{}
	for _, s := range data.Samples { // the 2026 one with tables, merged header cells and an appendix
		plan, schools, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		for name, d := range allDocs(t, plan, schools) {
			all[s.Name+"/"+name] = d
		}
	}
	for name, d := range all {
		t.Run(name, func(t *testing.T) {
			p := unzip(t, render(t, tmpl, d))
			for part, b := range p {
				if strings.HasSuffix(part, ".xml") || strings.HasSuffix(part, ".rels") {
					parseXML(t, b)
				}
			}
			compareLines(t, docText(t, p["word/document.xml"]), textLines(d))
		})
	}
}

// The document properties carry the title, subject and author.
func TestDocxProperties(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	core := parseXML(t, unzip(t, render(t, defaultTemplate(t), d))["docProps/core.xml"])
	props := core.child("cp:coreProperties")
	for name, want := range map[string]string{"dc:title": d.Meta.Title, "dc:subject": d.Meta.Subject, "dc:creator": schools[0].Name} {
		if c := props.child(name); c == nil || c.text != want {
			t.Errorf("%s: got %v, want %q", name, c, want)
		}
	}
}

// Templates that Word or LibreOffice have been at fill the same.
func TestTemplatesFromOfficeSuites(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[1], generator.DocPlan)
	r := testdocs.Document(t, plan, &schools[1], "report-6m")
	for _, name := range []string{"van-ban-libreoffice.docx", "van-ban-split.docx"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("../../testdata/templates", name))
			if err != nil {
				t.Fatal(err)
			}
			src := string(unzip(t, raw)["word/document.xml"])
			if name == "van-ban-split.docx" && (strings.Contains(src, "{{co_quan_chu_quan}}") || !strings.Contains(src, "w:proofErr") || !strings.Contains(src, "w:rsidRPr")) {
				t.Fatal("the split template no longer splits its placeholders across runs")
			}
			tmpl, err := docx.ParseTemplate(fstest.MapFS{"t.docx": {Data: raw}}, "t.docx")
			if err != nil {
				t.Fatal(err)
			}
			// Saved by an office suite, the template reads back as the
			// same page, columns, sizes and body text (these templates
			// predate widow control in docDefaults).
			l, def := tmpl.Layout(), document.DefaultLayout()
			if l.Page != def.Page || l.HeaderColumns != def.HeaderColumns || l.ClosingColumns != def.ClosingColumns || l.Sizes != def.Sizes {
				t.Errorf("layout: got %+v %v %v %+v, want %+v %v %v %+v", l.Page, l.HeaderColumns, l.ClosingColumns, l.Sizes, def.Page, def.HeaderColumns, def.ClosingColumns, def.Sizes)
			}
			for _, n := range []document.StyleName{document.StyleBody, document.StyleHeading, document.StyleNote, document.StyleTableHead, document.StyleTo} {
				got := l.Styles[n]
				got.WidowControl = def.Styles[n].WidowControl
				if got != def.Styles[n] {
					t.Errorf("style %s: got %+v, want %+v", n, l.Styles[n], def.Styles[n])
				}
			}
			for _, doc := range []*document.Document{d, r} {
				out := unzip(t, render(t, tmpl, doc))
				compareLines(t, docText(t, out["word/document.xml"]), textLines(doc))
				// The value keeps the formatting of the run the placeholder
				// starts in: the issuer is bold and not underlined.
				root := parseXML(t, out["word/document.xml"])
				found := false
				for _, run := range root.all("w:r") {
					if tx := run.child("w:t"); tx != nil && tx.text == doc.Header.Issuer {
						found = true
						rPr := run.child("w:rPr")
						if rPr == nil || rPr.child("w:b") == nil || rPr.child("w:u") != nil {
							t.Errorf("issuer run lost its formatting")
						}
					}
				}
				if !found {
					t.Errorf("issuer %q is not one run", doc.Header.Issuer)
				}
			}
		})
	}
}

// templateWith is the embedded template with its document.xml edited, as
// mau.docx.
func templateWith(t testing.TB, edit func(doc string) string) fstest.MapFS {
	t.Helper()
	return templateEdited(t, map[string]func(string) string{"word/document.xml": edit})
}

// templateEdited is the embedded template with parts edited, as mau.docx.
func templateEdited(t testing.TB, edits map[string]func(string) string) fstest.MapFS {
	t.Helper()
	return fstest.MapFS{"mau.docx": {Data: testdocs.Template(t, edits)}}
}

// sub is an edit replacing the first old by new; old must be there.
func sub(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("test edit: the template has no " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// subs applies edits in turn.
func subs(edits ...func(string) string) func(string) string {
	return func(s string) string {
		for _, e := range edits {
			s = e(s)
		}
		return s
	}
}

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"unknown placeholder", func(s string) string {
			return strings.Replace(s, "{{nguoi_ky}}", "{{nguoi_ky}} {{ten_hieu_truong}}", 1)
		},
			"mau.docx: chỗ điền {{ten_hieu_truong}}: không có chỗ điền tên này; các chỗ điền dùng được: {{co_quan_ban_hanh}}, {{so}}, {{dia_danh_ngay}}, {{ten_loai}}, {{trich_yeu}}, {{noi_nhan_tieu_de}}, {{nguoi_ky}}, {{kinh_gui}}, {{noi_nhan}}, {{chuc_vu}}, {{co_quan_chu_quan}}, {{noi_dung}}"},
		{"unknown placeholder split across runs", func(s string) string {
			return strings.Replace(s, "{{nguoi_ky}}", `{{nguoi_</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>ky_moi}}`, 1)
		}, "mau.docx: chỗ điền {{nguoi_ky_moi}}: không có chỗ điền tên này"},
		{"placeholder never closed", func(s string) string { return strings.Replace(s, "{{so}}", "{{so", 1) },
			"mau.docx: chỗ điền {{so: chưa đóng; hãy viết đủ {{tên}}"},
		{"no body placeholder", func(s string) string { return strings.Replace(s, "{{noi_dung}}", "", 1) },
			"mau.docx: chỗ điền {{noi_dung}}: mẫu không có chỗ điền này, nên văn bản sẽ thiếu nội dung; hãy thêm vào mẫu"},
		{"body placeholder beside text", func(s string) string { return strings.Replace(s, "{{noi_dung}}", "Nội dung: {{noi_dung}}", 1) },
			"mau.docx: chỗ điền {{noi_dung}}: phải đứng một mình trong một đoạn; hãy xóa chữ khác trong đoạn đó"},
		{"placeholder twice", func(s string) string { return strings.Replace(s, "{{so}}", "{{so}}{{so}}", 1) },
			"mau.docx: chỗ điền {{so}}: có hai lần trong mẫu; hãy giữ một"},
		{"placeholder twice, once after a tab", func(s string) string {
			return strings.Replace(s, "{{so}}</w:t></w:r>", `{{so}}</w:t></w:r><w:r><w:tab/><w:t>{{so}}</w:t></w:r>`, 1)
		}, "mau.docx: chỗ điền {{so}}: có hai lần trong mẫu; hãy giữ một"},
		{"placeholder inside a hyperlink", func(s string) string {
			return strings.Replace(s, `<w:r><w:t xml:space="preserve">{{nguoi_ky}}</w:t></w:r>`,
				`<w:hyperlink w:anchor="x"><w:r><w:t>{{nguoi_ky}}</w:t></w:r></w:hyperlink>`, 1)
		}, "mau.docx: chỗ điền {{nguoi_ky}}: nằm trong một phần đặc biệt (liên kết, trường, hình, hộp chữ) nên không điền được"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docx.ParseTemplate(templateWith(t, tt.edit), "mau.docx")
			if err == nil {
				t.Fatal("got no error")
			}
			if !errors.Is(err, docx.ErrTemplate) {
				t.Errorf("error %v does not match ErrTemplate", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}

// Things Word writes that are odd but valid fill correctly: an empty
// paragraph closed on itself, a placeholder in a run that also holds a tab
// and a page-break hint, a character reference beside a placeholder.
func TestTemplateOddButValid(t *testing.T) {
	fsys := templateWith(t, func(s string) string {
		s = strings.Replace(s, "<w:sectPr>", `<w:p w:rsidR="00AB12CD"/><w:sectPr>`, 1)
		s = strings.Replace(s, `<w:t xml:space="preserve">{{so}}</w:t>`, `<w:lastRenderedPageBreak/><w:t xml:space="preserve">{{so}}</w:t><w:tab/><w:t>&#160;x</w:t>`, 1)
		return s
	})
	tmpl, err := docx.ParseTemplate(fsys, "mau.docx")
	if err != nil {
		t.Fatal(err)
	}
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	doc := unzip(t, render(t, tmpl, d))["word/document.xml"]
	parseXML(t, doc)
	lines := docText(t, doc)
	want := d.Header.Number + "\t\u00a0x"
	found := false
	for _, l := range lines {
		if l == want {
			found = true
		}
	}
	if !found {
		t.Errorf("no line %q in %q", want, lines[:8])
	}
	if strings.Contains(string(doc), "&amp;#160;") {
		t.Error("character reference escaped twice")
	}
}

func attr(n *node, path ...string) string {
	last := path[len(path)-1]
	if x := n.path(path[:len(path)-1]...); x != nil {
		return x.attrs[last]
	}
	return ""
}

func styleByID(styles *node, id string) *node {
	for _, s := range styles.all("w:style") {
		if s.attrs["w:styleId"] == id {
			return s
		}
	}
	return nil
}

// The layout nd30.md asks for, read from the XML.
func TestDocxLayout(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	d := testdocs.Document(t, plan, &schools[0], "report-6m")
	p := unzip(t, render(t, tmpl, d))
	doc := parseXML(t, p["word/document.xml"])
	styles := parseXML(t, p["word/styles.xml"])
	body := doc.path("w:document", "w:body")

	// A4, margins 20/20/30/15 mm, first page different.
	sect := body.child("w:sectPr")
	for path, want := range map[string]string{"w:pgSz/w:w": "11906", "w:pgSz/w:h": "16838", "w:pgMar/w:top": "1134", "w:pgMar/w:bottom": "1134", "w:pgMar/w:left": "1701", "w:pgMar/w:right": "850"} {
		parts := strings.Split(path, "/")
		if got := attr(sect, parts...); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
	if sect.child("w:titlePg") == nil {
		t.Error("no w:titlePg: page 1 would carry a number")
	}
	// The default header holds a centred PAGE field; the first-page one is empty.
	rels := parseXML(t, p["word/_rels/document.xml.rels"])
	target := map[string]string{}
	for _, r := range rels.all("rel:Relationship") {
		target[r.attrs["Id"]] = r.attrs["Target"]
	}
	for _, ref := range sect.all("w:headerReference") {
		hdr := parseXML(t, p["word/"+target[ref.attrs["r:id"]]])
		instr := ""
		for _, it := range hdr.all("w:instrText") {
			instr += it.text
		}
		switch ref.attrs["w:type"] {
		case "default":
			if strings.TrimSpace(instr) != "PAGE" || attr(hdr.all("w:p")[0], "w:pPr", "w:jc", "w:val") != "center" {
				t.Errorf("default header: field %q, not a centred PAGE field", instr)
			}
		case "first":
			if len(hdr.all("w:t")) > 0 || instr != "" {
				t.Error("first-page header is not empty")
			}
		}
	}
	// Times New Roman 14 pt by default.
	rDef := styles.path("w:styles", "w:docDefaults", "w:rPrDefault", "w:rPr")
	if attr(rDef, "w:rFonts", "w:ascii") != "Times New Roman" || attr(rDef, "w:sz", "w:val") != "28" {
		t.Errorf("default font: %q %q", attr(rDef, "w:rFonts", "w:ascii"), attr(rDef, "w:sz", "w:val"))
	}
	// The header is a borderless fixed-layout table of 7 + 9.5 cm.
	tbls := body.all("w:tbl")
	head := tbls[0]
	if attr(head, "w:tblPr", "w:tblLayout", "w:type") != "fixed" {
		t.Error("header table layout is not fixed")
	}
	var grid []string
	for _, g := range head.path("w:tblGrid").children {
		grid = append(grid, g.attrs["w:w"])
	}
	if strings.Join(grid, ",") != "3969,5387" {
		t.Errorf("header grid: %v", grid)
	}
	if attr(head, "w:tblPr", "w:tblBorders", "w:top", "w:val") != "nil" {
		t.Error("header table has borders")
	}
	// Body paragraphs are justified with a first-line indent and 6 pt after;
	// headings keep with the next paragraph.
	bodyStyle := styleByID(styles, "KHBody")
	if attr(bodyStyle, "w:pPr", "w:jc", "w:val") != "both" || attr(bodyStyle, "w:pPr", "w:ind", "w:firstLine") != "567" || attr(bodyStyle, "w:pPr", "w:spacing", "w:after") != "120" {
		t.Error("KH Body is not justified with a 1 cm first-line indent and 6 pt after")
	}
	for _, id := range []string{"KHPart", "KHHeading", "KHEntry"} {
		if styleByID(styles, id).path("w:pPr", "w:keepNext") == nil {
			t.Errorf("%s does not keep with next", id)
		}
	}
	used := map[string]int{}
	for _, para := range body.all("w:p") {
		used[attr(para, "w:pPr", "w:pStyle", "w:val")]++
	}
	if used["KHBody"] == 0 || used["KHPart"] != 5 || used["KHFill"] == 0 {
		t.Errorf("paragraph styles used: %v", used)
	}
	// Fill-in lines are a right tab stop with a dot leader at the margin.
	tab := styleByID(styles, "KHFill").path("w:pPr", "w:tabs", "w:tab")
	if tab == nil || tab.attrs["w:val"] != "right" || tab.attrs["w:leader"] != "dot" || tab.attrs["w:pos"] != "9356" {
		t.Errorf("fill-in tab stop: %+v", tab)
	}
	// The figures table has borders and repeats its header row.
	fig := tbls[1]
	if attr(fig, "w:tblPr", "w:tblBorders", "w:insideH", "w:val") != "single" || fig.all("w:tr")[0].path("w:trPr", "w:tblHeader") == nil {
		t.Error("figures table lacks borders or a repeated header row")
	}
	// Nơi nhận 12 pt bold italic, its items 11 pt.
	sig := tbls[2]
	first := sig.all("w:r")[0]
	if first.child("w:t").text != "Nơi nhận:" || first.path("w:rPr", "w:b") == nil || first.path("w:rPr", "w:i") == nil || attr(first, "w:rPr", "w:sz", "w:val") != "24" {
		t.Error("Nơi nhận: is not 12 pt bold italic")
	}
	if attr(styleByID(styles, "KHRecipients"), "w:rPr", "w:sz", "w:val") != "22" {
		t.Error("recipients are not 11 pt")
	}
}

// Golden document.xml files; rewrite them with go test ./... -update.
func TestGolden(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	var s *generator.School
	for i := range schools {
		if schools[i].ID == "th-nguyen-binh-khiem" {
			s = &schools[i]
		}
	}
	docs := map[string]*document.Document{"phong-ke-hoach": testdocs.Document(t, plan, nil, generator.DocIssuer)}
	for _, id := range plan.DocIDs() {
		d := testdocs.Document(t, plan, s, id)
		docs[s.ID+"-"+d.Name] = d
	}
	for name, d := range docs {
		got := unzip(t, render(t, tmpl, d))["word/document.xml"]
		path := filepath.Join("../../testdata/golden", name+".document.xml")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./... -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; if the change is intended, run go test ./... -update", name, path)
		}
	}
}

// The same input gives the same bytes.
func TestDocxIsReproducible(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	d := testdocs.Document(t, plan, &schools[3], generator.DocPlan)
	if !bytes.Equal(render(t, tmpl, d), render(t, tmpl, d)) {
		t.Error("two renderings differ")
	}
}

func needTool(t *testing.T, name string) string { return tooltest.Need(t, name) }

// LibreOffice opens the documents and turns them into PDFs holding their
// title and signer.
func TestLibreOfficeOpensDocx(t *testing.T) {
	soffice := needTool(t, "soffice")
	pdftotext := needTool(t, "pdftotext")
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	dir := t.TempDir()
	docs := map[string]*document.Document{"phong": testdocs.Document(t, plan, nil, generator.DocIssuer)}
	for _, s := range []int{0, 20, 35} {
		for _, id := range plan.DocIDs() {
			d := testdocs.Document(t, plan, &schools[s], id)
			docs[schools[s].ID+"-"+d.Name] = d
		}
	}
	var files []string
	for name, d := range docs {
		f := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(f, render(t, tmpl, d), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, d := range docs {
		out, err := exec.Command(pdftotext, "-raw", filepath.Join(dir, name+".pdf"), "-").Output()
		if err != nil {
			t.Fatalf("%s: no PDF: %v", name, err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{d.Type, strings.ReplaceAll(d.Subject, "\n", " "), d.Closing.SignerTitle[0], d.Closing.SignerName, d.Header.Issuer} {
			if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
				t.Errorf("%s: PDF text lacks %q", name, want)
			}
		}
	}
}

func BenchmarkDOCX(b *testing.B) {
	plan, schools := loadData(b)
	tmpl := defaultTemplate(b)
	d := testdocs.Document(b, plan, &schools[0], generator.DocPlan)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := tmpl.Render(&buf, d, docx.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// A school's details go into the XML escaped, whatever they hold.
func TestDocxEscapesValues(t *testing.T) {
	plan, schools := loadData(t)
	s := schools[0]
	s.Name = `Trường "A&B" <b>{{so}}</b> 'x' ]]> &amp;`
	s.Roles["dan_van"] = generator.Person{Salutation: "Ông", Name: "Nguyễn <Văn> & A", Position: "Giáo viên"}
	tmpl := defaultTemplate(t)
	for _, id := range plan.DocIDs() {
		d, err := testdocs.Compose(plan, &s, id)
		if err != nil {
			t.Fatal(err)
		}
		p := unzip(t, render(t, tmpl, d))
		for part, b := range p {
			if strings.HasSuffix(part, ".xml") {
				parseXML(t, b)
			}
		}
		got := docText(t, p["word/document.xml"])
		compareLines(t, got, textLines(d))
		if !strings.Contains(strings.Join(got, "\n"), s.Name) {
			t.Errorf("%s: the name is not there literally", id)
		}
	}
}

// FuzzTemplate feeds ParseTemplate document.xml parts grown from the
// templates kept in the repository and the edits of TestTemplateEditedInWord: it must never panic, and a template it
// accepts, if well-formed, must give well-formed documents.
func FuzzTemplate(f *testing.F) {
	for _, path := range []string{"../../templates/van-ban.docx", "../../testdata/templates/van-ban-libreoffice.docx", "../../testdata/templates/van-ban-split.docx"} {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(unzip(f, raw)["word/document.xml"]))
		if strings.HasSuffix(path, "templates/van-ban.docx") {
			// What Word writes when people edit: tracked changes,
			// content controls, bookmarks, fields.
			for _, e := range wordEdits {
				f.Add(e.edit(string(unzip(f, raw)["word/document.xml"])))
			}
		}
	}
	plan, schools := loadData(f)
	d := testdocs.Document(f, plan, &schools[0], "report-6m")
	f.Fuzz(func(t *testing.T, documentXML string) {
		fsys := templateWith(t, func(string) string { return documentXML })
		tmpl, err := docx.ParseTemplate(fsys, "mau.docx")
		if err != nil {
			return
		}
		if xml.Unmarshal([]byte(documentXML), new(any)) != nil {
			return
		}
		var b bytes.Buffer
		if err := tmpl.Render(&b, d, docx.Options{}); err != nil {
			t.Fatal(err)
		}
		out := unzip(t, b.Bytes())["word/document.xml"]
		dec := xml.NewDecoder(bytes.NewReader(out))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("accepted a well-formed template and wrote malformed XML: %v", err)
			}
		}
	})
}
