package docx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/internal/testdocs"
	"kehoach/templates"
)

var errDiskFull = errors.New("disk full")

// failingWriter takes limit bytes, then fails; short, it instead takes part
// of a write and reports no error, as a broken writer may.
type failingWriter struct {
	limit, n int
	short    bool
}

func (w *failingWriter) Write(p []byte) (int, error) {
	room := w.limit - w.n
	if len(p) <= room {
		w.n += len(p)
		return len(p), nil
	}
	w.n += room
	if w.short {
		return room, nil
	}
	return room, errDiskFull
}

// Every failed or short write reaches the caller, wherever in the package
// it happens.
func TestRenderReportsWriteErrors(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	size := len(render(t, tmpl, d))
	if size < 2048 {
		t.Fatalf("got a package of %d bytes, want a real one", size)
	}
	for _, short := range []bool{false, true} {
		for n := 0; n < size; n += 512 {
			w := &failingWriter{limit: n, short: short}
			err := tmpl.Render(w, d, docx.Options{})
			switch {
			case err == nil:
				t.Fatalf("short=%v, writer full after %d of %d bytes: got no error", short, n, size)
			case !short && !errors.Is(err, errDiskFull):
				t.Errorf("writer full after %d bytes: got %v, want the writer's error", n, err)
			case short && !errors.Is(err, io.ErrShortWrite):
				t.Errorf("short write after %d bytes: got %v, want io.ErrShortWrite", n, err)
			}
			if !strings.HasPrefix(err.Error(), "docx: viết "+d.Name+": ") {
				t.Errorf("got %q, want it to name the document", err)
			}
		}
	}
	// A writer with just enough room takes the whole package.
	if err := tmpl.Render(&failingWriter{limit: size}, d, docx.Options{}); err != nil {
		t.Errorf("writer of %d bytes: got %v, want no error", size, err)
	}
}

// One template fills documents from many goroutines at once, giving the
// bytes it gives one at a time (run with -race).
func TestRenderConcurrently(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	var docs []*document.Document
	for i := range 4 {
		for _, id := range plan.DocIDs() {
			d, err := testdocs.Compose(plan, &schools[i], id)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, d)
		}
	}
	opt := docx.Options{Created: time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC)}
	want := make([][]byte, len(docs))
	for i, d := range docs {
		var b bytes.Buffer
		if err := tmpl.Render(&b, d, opt); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	const rounds = 3
	got := make([][]byte, len(docs)*rounds)
	errs := make([]error, len(got))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			var b bytes.Buffer
			errs[i] = tmpl.Render(&b, docs[i%len(docs)], opt)
			got[i] = b.Bytes()
		})
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], want[i%len(docs)]) {
			t.Errorf("document %d: concurrent rendering differs from the sequential one", i%len(docs))
		}
	}
}

// The creation date is the one asked for, in UTC, and a fixed one when none
// is: never the clock.
func TestRenderCreated(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	hcm := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		created time.Time
		want    string
	}{
		{time.Time{}, "2000-01-01T00:00:00Z"},
		{time.Date(2025, 3, 5, 8, 30, 0, 0, hcm), "2025-03-05T01:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var b bytes.Buffer
			if err := tmpl.Render(&b, d, docx.Options{Created: tt.created}); err != nil {
				t.Fatal(err)
			}
			props := parseXML(t, unzip(t, b.Bytes())["docProps/core.xml"]).child("cp:coreProperties")
			for _, name := range []string{"created", "modified"} {
				var got string
				for _, c := range props.children {
					if strings.HasSuffix(c.name, ":"+name) {
						got = c.text
					}
				}
				if got != tt.want {
					t.Errorf("%s: got %q, want %q", name, got, tt.want)
				}
			}
		})
	}
}

// The template's parts other than document.xml and core.xml are copied as
// they are stored, in the template's order.
func TestRenderCopiesPartsAsStored(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	raw, err := templates.FS.ReadFile(templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, defaultTemplate(t), d)
	in, _ := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	got, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.File) != len(in.File) {
		t.Fatalf("got %d parts, want the template's %d", len(got.File), len(in.File))
	}
	stored := func(f *zip.File) []byte {
		r, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		return b
	}
	for i, f := range in.File {
		g := got.File[i]
		if g.Name != f.Name {
			t.Errorf("part %d: got %s, want %s", i, g.Name, f.Name)
			continue
		}
		if f.Name == "word/document.xml" || f.Name == "docProps/core.xml" {
			continue
		}
		if g.Method != f.Method || g.CRC32 != f.CRC32 || !bytes.Equal(stored(g), stored(f)) {
			t.Errorf("%s: not copied as stored", f.Name)
		}
	}
}

// Documents built in code with odd parts (a table without columns, rows
// longer or shorter than the columns, nil blocks) render as well-formed
// Word files, every row with as many cells as the table has columns.
func TestOddDocumentsRender(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], "report-6m")
	odd := *d
	odd.Body = append([]document.Block{nil, (*document.Paragraph)(nil), (*document.FillLines)(nil),
		&document.Table{},
		&document.Table{Columns: []document.Column{{Title: "A"}, {Title: "B"}}, Rows: [][]string{{"1", "2", "3"}, {}, {"x"}}},
	}, d.Body...)
	b := render(t, defaultTemplate(t), &odd)
	root := parseXML(t, unzip(t, b)["word/document.xml"])
	tables := root.path("w:document", "w:body").all("w:tbl")
	var found bool
	for _, tbl := range tables {
		if grid := tbl.child("w:tblGrid"); grid == nil || len(grid.all("w:gridCol")) != 2 || tbl.all("w:tr")[0].all("w:t")[0].text != "A" {
			continue
		}
		found = true
		for i, tr := range tbl.all("w:tr") {
			if n := len(tr.all("w:tc")); n != 2 {
				t.Errorf("row %d has %d cells, want 2", i+1, n)
			}
		}
	}
	if !found {
		t.Error("the two-column table is missing")
	}
}

// Headings and lead-ins ending with ":" stay with what follows (keep with
// next, from their style or their own properties), and no paragraph of
// the body may be left alone at a page's foot or head (widow control).
func TestDocxKeepsThingsTogether(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	leadIns := 0
	for _, s := range []int{0, 20, 35} {
		for _, kind := range plan.DocIDs() {
			d := testdocs.Document(t, plan, &schools[s], kind)
			p := unzip(t, render(t, tmpl, d))
			styles := parseXML(t, p["word/styles.xml"])
			if styles.path("w:styles", "w:docDefaults", "w:pPrDefault", "w:pPr", "w:widowControl") == nil {
				t.Fatal("no widow control in the document defaults")
			}
			keeps := func(para *node) bool {
				pPr := para.child("w:pPr")
				if pPr == nil {
					return false
				}
				if pPr.child("w:keepNext") != nil {
					return true
				}
				st := pPr.child("w:pStyle")
				for id := ""; st != nil; {
					id = st.attrs["w:val"]
					def := styleByID(styles, id)
					if def == nil {
						return false
					}
					if def.path("w:pPr", "w:keepNext") != nil {
						return true
					}
					st = def.child("w:basedOn")
				}
				return false
			}
			body := parseXML(t, p["word/document.xml"]).path("w:document", "w:body")
			for _, para := range body.children {
				if para.name != "w:p" {
					continue
				}
				var text strings.Builder
				for _, tx := range para.all("w:t") {
					text.WriteString(tx.text)
				}
				if line := strings.TrimSpace(text.String()); strings.HasSuffix(line, ":") && line != "Kính gửi:" {
					leadIns++
					if !keeps(para) {
						t.Errorf("%s/%s: the lead-in %q does not keep with the next paragraph", schools[s].ID, kind, line)
					}
				}
			}
		}
	}
	if leadIns == 0 {
		t.Fatal("no lead-in found; the test needs one")
	}
}

// A report form's instructions (where and when to send it) are a Word
// comment on its first paragraph, never text of the document; a plan has
// no comment.
func TestInstructionsAreAComment(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	report := testdocs.Document(t, plan, &schools[0], "report-6m")
	if len(report.Instructions) == 0 {
		t.Fatal("the report has no instructions; the test needs some")
	}
	p := unzip(t, render(t, tmpl, report))
	comments, ok := p["word/comments.xml"]
	if !ok {
		t.Fatal("no word/comments.xml")
	}
	var text strings.Builder
	for _, tx := range parseXML(t, comments).all("w:t") {
		text.WriteString(tx.text)
	}
	if got, want := text.String(), strings.Join(report.Instructions, ""); got != want {
		t.Errorf("comment: got %q, want %q", got, want)
	}
	if !strings.Contains(string(p["[Content_Types].xml"]), `PartName="/word/comments.xml"`) {
		t.Error("[Content_Types].xml does not declare the comments part")
	}
	if !strings.Contains(string(p["word/_rels/document.xml.rels"]), `Target="comments.xml"`) {
		t.Error("the document does not refer to its comments")
	}
	parseXML(t, p["[Content_Types].xml"])
	parseXML(t, p["word/_rels/document.xml.rels"])
	doc := parseXML(t, p["word/document.xml"])
	if len(doc.all("w:commentRangeStart")) != 1 || len(doc.all("w:commentRangeEnd")) != 1 || len(doc.all("w:commentReference")) != 1 {
		t.Error("the comment is not anchored once in the document")
	}
	for _, line := range docText(t, p["word/document.xml"]) {
		if strings.Contains(line, "Ghi chú:") || strings.Contains(line, "@") {
			t.Errorf("the document prints the instructions: %q", line)
		}
	}
	plan1 := unzip(t, render(t, tmpl, testdocs.Document(t, plan, &schools[0], generator.DocPlan)))
	if _, ok := plan1["word/comments.xml"]; ok {
		t.Error("a plan has a comments part")
	}
}

// Document symbols are never broken at a line end: their hyphens are
// Word's non-breaking hyphens, which read and copy as a hyphen-minus.
func TestSymbolsDoNotBreak(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	doc := parseXML(t, unzip(t, render(t, defaultTemplate(t), d))["word/document.xml"])
	var text strings.Builder
	for _, r := range doc.all("w:r") {
		for _, c := range r.children {
			switch c.name {
			case "w:t":
				text.WriteString(c.text)
			case "w:noBreakHyphen":
				text.WriteString("\u2011")
			}
		}
	}
	for _, want := range []string{"18-KH/BDVQU", "156/UBND-TTQ", "01-KL/TW", "/KH-" + schools[0].Code} {
		kept := strings.ReplaceAll(want, "-", "\u2011")
		if !strings.Contains(text.String(), kept) {
			t.Errorf("%q is not kept together", want)
		}
		if strings.Contains(text.String(), want) {
			t.Errorf("%q has a hyphen a line may break at", want)
		}
	}
}

// The rules under the issuer, the motto and the subject are paragraphs of
// the template's rule style with space before them, clear of the text
// above; the subject's has 6 pt after it, so that the body does not touch
// it.
func TestDocxRuleSpacing(t *testing.T) {
	plan, schools := loadData(t)
	p := unzip(t, render(t, defaultTemplate(t), testdocs.Document(t, plan, &schools[0], generator.DocPlan)))
	styles := parseXML(t, p["word/styles.xml"])
	rule := styleByID(styles, "KHRule")
	if rule == nil || rule.path("w:pPr", "w:pBdr", "w:bottom") == nil {
		t.Fatal("no rule style with a bottom border")
	}
	if before, _ := strconv.Atoi(attr(rule, "w:pPr", "w:spacing", "w:before")); before < 60 {
		t.Errorf("the rule style has %d twentieths of a point before it, want at least 60 (3 pt)", before)
	}
	body := parseXML(t, p["word/document.xml"]).path("w:document", "w:body")
	var subjectRule *node
	for _, para := range body.children {
		if para.name == "w:p" && attr(para, "w:pPr", "w:pStyle", "w:val") == "KHRule" {
			subjectRule = para
			break
		}
	}
	if subjectRule == nil {
		t.Fatal("no rule under the subject")
	}
	if after, _ := strconv.Atoi(attr(subjectRule, "w:pPr", "w:spacing", "w:after")); after < 120 {
		t.Errorf("the subject's rule has %d twentieths of a point after it, want at least 120 (6 pt)", after)
	}
}

// With text measured (a fixed width here), the DOCX sizes the issuer's
// rule and indents several addressees: the exact indents in the XML. A
// template whose own comments part exists gets the instructions added to
// it, with the next free id, and its package parts are not declared twice.
func TestMeasuredIndentsAndOwnComments(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], "report-6m")
	measure := func(s string, size float64, bold, italic bool) float64 { return float64(len([]rune(s))) * 2 } // 2 mm a character
	own := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="A"><w:p><w:r><w:t>cũ</w:t></w:r></w:p></w:comment></w:comments>`
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		id   string
		kept string
	}{
		{"the embedded template", nil, "0", ""},
		{"a template with comments", withParts(t, map[string]string{
			"word/comments.xml":            own,
			"[Content_Types].xml":          "+" + `<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>`,
			"word/_rels/document.xml.rels": "+" + `<Relationship Id="rIdOwn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>`,
		}), "8", "cũ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := defaultTemplate(t)
			if tc.fsys != nil {
				var err error
				if tmpl, err = docx.ParseTemplate(tc.fsys, "van-ban.docx"); err != nil {
					t.Fatal(err)
				}
			}
			var b bytes.Buffer
			if err := tmpl.Render(&b, d, docx.Options{Measure: measure}); err != nil {
				t.Fatal(err)
			}
			p := unzip(t, b.Bytes())
			xml := string(p["word/document.xml"])
			l := tmpl.Layout()
			// Rule: 0.4 of the widest issuer line, centred in the column.
			widest := 0
			for _, line := range strings.Split(d.Header.Issuer, "\n") {
				widest = max(widest, len([]rune(line)))
			}
			side := int(math.Round((l.HeaderColumns[0] - 0.4*float64(widest)*2) / 2 * 1440 / 25.4))
			if want := fmt.Sprintf(`<w:ind w:left="%d" w:right="%d"/>`, side, side); !strings.Contains(xml, want) {
				t.Errorf("no issuer rule with %s", want)
			}
			// Addressees: the To style's indent plus "Kính gửi" (8 characters).
			dash := int(math.Round((l.Style(document.StyleTo).Left + 16) * 1440 / 25.4))
			if n := strings.Count(xml, fmt.Sprintf(`<w:ind w:left="%d"/>`, dash)); n != len(d.To)-1 {
				t.Errorf("%d addressee paragraphs indented to %d twips, want %d", n, dash, len(d.To)-1)
			}
			parseXML(t, p["word/comments.xml"])
			if !strings.Contains(string(p["word/comments.xml"]), `<w:comment w:id="`+tc.id+`" w:author="Hướng dẫn (kehoach)"`) || !strings.Contains(string(p["word/comments.xml"]), tc.kept) {
				t.Errorf("comments.xml: %s", p["word/comments.xml"])
			}
			if !strings.Contains(xml, `<w:commentRangeStart w:id="`+tc.id+`"/>`) {
				t.Errorf("the comment %s is not anchored", tc.id)
			}
			if n := strings.Count(string(p["[Content_Types].xml"]), `/word/comments.xml`); n != 1 {
				t.Errorf("comments part declared %d times", n)
			}
			if n := strings.Count(string(p["word/_rels/document.xml.rels"]), `relationships/comments"`); n != 1 {
				t.Errorf("%d relationships to comments", n)
			}
		})
	}
}

// withParts is the embedded template with parts replaced, or, for a value
// starting with "+", added to before the part's closing tag.
func withParts(t *testing.T, parts map[string]string) fstest.MapFS {
	t.Helper()
	edits := map[string]func(string) string{}
	for name, v := range parts {
		edits[name] = func(s string) string {
			if !strings.HasPrefix(v, "+") {
				return v
			}
			i := strings.LastIndex(s, "</")
			return s[:i] + v[1:] + s[i:]
		}
	}
	return fstest.MapFS{"van-ban.docx": {Data: testdocs.Template(t, edits)}}
}

// A template without a rule under the issuer's name keeps its other rules
// as they are.
func TestNoIssuerRuleLeavesTheMotto(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	fsys := templateWith(t, func(doc string) string {
		return strings.Replace(doc, `<w:p><w:pPr><w:pStyle w:val="KHRule"/><w:ind w:left="1276" w:right="1276"/></w:pPr></w:p>`, ``, 1)
	})
	tmpl, err := docx.ParseTemplate(fsys, "mau.docx")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tmpl.Render(&b, d, docx.Options{Measure: func(s string, size float64, bold, italic bool) float64 { return 40 }}); err != nil {
		t.Fatal(err)
	}
	if xml := string(unzip(t, b.Bytes())["word/document.xml"]); !strings.Contains(xml, `<w:ind w:left="1100" w:right="1100"/>`) {
		t.Error("the motto's rule was resized")
	}
}

// pPrOrder is the order of paragraph properties in CT_PPr; Word refuses a
// document whose properties are out of it.
var pPrOrder = []string{"w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
	"w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
	"w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
	"w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
	"w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"}

// Every paragraph the renderer writes, measured indents and comment
// anchors included, has its properties in schema order, and at most one
// pPr.
func TestParagraphPropertiesInOrder(t *testing.T) {
	plan, schools := loadData(t)
	tmpl := defaultTemplate(t)
	rank := map[string]int{}
	for i, n := range pPrOrder {
		rank[n] = i
	}
	measure := func(s string, size float64, bold, italic bool) float64 { return float64(len([]rune(s))) * size / 6 }
	for _, s := range []int{0, 20, 35} {
		for _, kind := range append([]string{generator.DocIssuer}, plan.DocIDs()...) {
			d := testdocs.Document(t, plan, &schools[s], kind)
			var b bytes.Buffer
			if err := tmpl.Render(&b, d, docx.Options{Measure: measure}); err != nil {
				t.Fatal(err)
			}
			for _, p := range parseXML(t, unzip(t, b.Bytes())["word/document.xml"]).all("w:p") {
				if n := countChildren(p, "w:pPr"); n > 1 {
					t.Errorf("%s/%s: a paragraph with %d pPr", schools[s].ID, kind, n)
				}
				pPr := p.child("w:pPr")
				if pPr == nil {
					continue
				}
				last := -1
				for _, c := range pPr.children {
					r, ok := rank[c.name]
					if !ok {
						t.Errorf("%s/%s: unknown paragraph property %s", schools[s].ID, kind, c.name)
						continue
					}
					if r < last {
						t.Errorf("%s/%s: %s out of order in a pPr", schools[s].ID, kind, c.name)
					}
					last = r
				}
			}
		}
	}
}

func countChildren(n *node, name string) int {
	k := 0
	for _, c := range n.children {
		if c.name == name {
			k++
		}
	}
	return k
}
