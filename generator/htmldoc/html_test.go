package htmldoc_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/htmldoc"
	"kehoach/generator/plaintext"
)

var update = flag.Bool("update", false, "rewrite the golden files")

type namedDoc struct {
	name string
	doc  *document.Document
}

// samples returns every document of both samples: the issuer's plans and
// every school's plan and report forms.
func samples(t testing.TB) []namedDoc {
	t.Helper()
	var out []namedDoc
	for _, s := range data.Samples {
		plan, schools, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		g, err := generator.New(plan, schools, generator.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range g.Documents() {
			d, err := g.Document(ref)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, namedDoc{s.Name + "/" + ref.Dir + "/" + ref.Name, d})
		}
	}
	return out
}

func render(t testing.TB, d *document.Document) string {
	t.Helper()
	var b strings.Builder
	if err := htmldoc.Render(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// textLines extracts the text of an HTML fragment as a reader sees it:
// block elements and <br> end a line, and the cells of a table row are
// joined as plaintext.Row joins them. Lines of white space only are
// dropped.
func textLines(t testing.TB, frag string) []string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(frag))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var out, cells []string
	var line strings.Builder
	inRow, inCell := false, false
	flush := func() {
		for _, s := range strings.Split(line.String(), "\n") {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
		line.Reset()
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch n := x.Name.Local; {
			case n == "tr":
				flush()
				inRow, cells = true, nil
			case n == "td" || n == "th":
				inCell = true
				line.Reset()
			case n == "br" || blockElements[n]:
				flush()
			}
		case xml.EndElement:
			switch n := x.Name.Local; {
			case n == "td" || n == "th":
				cells = append(cells, line.String())
				line.Reset()
				inCell = false
			case n == "tr":
				out = append(out, strings.Split(plaintext.Row(cells), "\n")...)
				inRow = false
			case blockElements[n]:
				flush()
			}
		case xml.CharData:
			if !inRow || inCell {
				line.Write(x)
			}
		}
	}
	flush()
	return out
}

var blockElements = map[string]bool{
	"article": true, "section": true, "div": true, "p": true, "li": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// plainLines is plaintext.Lines without emphasis marks and blank lines.
func plainLines(d *document.Document) []string {
	plain := *d
	plain.Body = unstyled(d.Body)
	plain.Appendices = append([]document.Appendix(nil), d.Appendices...)
	for i := range plain.Appendices {
		plain.Appendices[i].Body = unstyled(plain.Appendices[i].Body)
	}
	var out []string
	for _, l := range plaintext.Lines(&plain) {
		for _, s := range strings.Split(l, "\n") {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func unstyled(blocks []document.Block) []document.Block {
	out := make([]document.Block, len(blocks))
	for i, b := range blocks {
		out[i] = b
		if p, ok := b.(*document.Paragraph); ok && p != nil {
			q := *p
			q.Runs = append([]document.Run(nil), p.Runs...)
			for k := range q.Runs {
				q.Runs[k].Bold, q.Runs[k].Italic = false, false
			}
			out[i] = &q
		}
	}
	return out
}

// The HTML reads as the plain text does, line for line, in every document
// of both samples; no fragment has a style attribute or a script.
func TestTextEqualsPlaintext(t *testing.T) {
	for _, nd := range samples(t) {
		t.Run(nd.name, func(t *testing.T) {
			frag := render(t, nd.doc)
			for _, bad := range []string{"style=", "<script", "<style"} {
				if strings.Contains(frag, bad) {
					t.Errorf("the fragment holds %q", bad)
				}
			}
			got, want := textLines(t, frag), plainLines(nd.doc)
			if len(want) < 20 {
				t.Fatalf("got a document of %d lines, want a real one", len(want))
			}
			for i := range max(len(got), len(want)) {
				var g, w string
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Fatalf("line %d: got %q, want %q", i+1, g, w)
				}
			}
		})
	}
}

// Text is escaped wherever it comes from: a run, the header, a table cell.
func TestEscaping(t *testing.T) {
	const nasty = `<script>alert("x")</script> {{x}} * & 'q'`
	d := &document.Document{
		Header: document.Header{Issuer: nasty, Number: "Số: 1/KH-X<b>"},
		Type:   "KẾ HOẠCH",
		Body: []document.Block{
			&document.Paragraph{Label: "1.", Runs: []document.Run{{Text: nasty, Bold: true}, {Text: " *a*", Italic: true}}},
			&document.Table{Columns: []document.Column{{Title: nasty}}, Rows: [][]string{{nasty}}},
		},
		Meta: document.Meta{Title: "</title><script>"},
	}
	frag := render(t, d)
	if strings.Contains(frag, "<script") || strings.Contains(frag, "<b>") {
		t.Fatalf("got unescaped markup in %s", frag)
	}
	if !strings.Contains(frag, "&lt;script&gt;") {
		t.Errorf("got %s, want &lt;script&gt; in it", frag)
	}
	lines := textLines(t, frag)
	for _, want := range []string{nasty, "1. " + nasty + " *a*", "| " + nasty + " |", "Số: 1/KH-X<b>"} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("got lines %q, want %q among them", lines, want)
		}
	}
	var page bytes.Buffer
	if err := htmldoc.Page(&page, d, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "<title>&lt;/title&gt;&lt;script&gt;</title>") {
		t.Errorf("got %s, want the title escaped", page.String())
	}
}

// A table with groups has a header of two rows: the group's title spans
// its columns, the other columns span both rows.
func TestGroupedHeader(t *testing.T) {
	d := &document.Document{Body: []document.Block{&document.Table{
		Columns: []document.Column{{Title: "TT", Width: 1}, {Title: "Chỉ tiêu", Width: 5}, {Title: "MN", Width: 2}, {Title: "TH", Width: 2}, {Title: "THCS", Width: 2}},
		Groups:  []document.ColumnGroup{{Title: "Theo cấp học", From: 2, To: 4}},
		Rows:    [][]string{{"1", "a", "x", "y", "z"}},
	}}}
	frag := render(t, d)
	for _, want := range []string{
		`<th rowspan="2">TT</th><th rowspan="2">Chỉ tiêu</th><th colspan="3">Theo cấp học</th></tr>`,
		"<tr><th>MN</th><th>TH</th><th>THCS</th></tr>",
		`<col width="8.333%">`, `<col width="41.667%">`,
	} {
		if !strings.Contains(frag, want) {
			t.Errorf("got %s, want %s in it", frag, want)
		}
	}
}

func TestStylesheet(t *testing.T) {
	narrow := document.DefaultLayout()
	narrow.Page.Width, narrow.Page.Left = 200, 25
	narrow.Styles[document.StyleBody] = document.Style{Font: `Evil"</style>`, Size: 13, Line: 1.5}
	tests := []struct {
		name   string
		layout *document.Layout
		want   []string
	}{
		{"default", nil, []string{"width: 210mm", "min-height: 297mm", "@media print", "@page", "size: 210mm 297mm",
			"margin: 20mm 15mm 20mm 30mm", "@media screen and (max-width: 800px)", "max-width: 210mm",
			`font-family: "Times New Roman", "Liberation Serif", serif`, "break-before: page", "text-indent: 10mm",
			"font-size: 14pt", "grid-template-columns: minmax(0, 42.424%) minmax(0, 57.576%)"}},
		{"edited", narrow, []string{"width: 200mm", "size: 200mm 297mm", "margin: 20mm 15mm 20mm 25mm",
			`font-family: "Evil\22 \3c /style\3e ", "Liberation Serif", "Times New Roman", serif`, "line-height: 1.725"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			css := string(htmldoc.Stylesheet(tt.layout))
			for _, w := range tt.want {
				if !strings.Contains(css, w) {
					t.Errorf("got a stylesheet without %q:\n%s", w, css)
				}
			}
			if strings.Contains(css, "</style") {
				t.Error("got </style in the stylesheet")
			}
			if strings.Count(css, "{") != strings.Count(css, "}") {
				t.Errorf("got %d { and %d }", strings.Count(css, "{"), strings.Count(css, "}"))
			}
		})
	}
}

// Instructions are for the person who fills a form in: never shown.
func TestNoInstructions(t *testing.T) {
	d := &document.Document{Type: "BÁO CÁO", Instructions: []string{"Gửi trước ngày 15"}}
	if frag := render(t, d); strings.Contains(frag, "Gửi trước") {
		t.Errorf("got %s, want no instructions", frag)
	}
}

// The issuer's plan of 2026 (a grouped header, an appendix) and two
// report forms, as whole pages, against testdata/*.html; -update rewrites them.
func TestGolden(t *testing.T) {
	want := map[string]string{
		"2026/ubnd-phuong/ke-hoach":             "ke-hoach-2026.html",
		"2026/th-nguyen-du/bao-cao-quy-1":       "bao-cao-2026.html",
		"2025/th-nguyen-binh-khiem/bao-cao-nam": "bao-cao-2025.html", // several addressees, a table
	}
	for _, nd := range samples(t) {
		file, ok := want[nd.name]
		if !ok {
			continue
		}
		delete(want, nd.name)
		t.Run(file, func(t *testing.T) {
			var b bytes.Buffer
			if err := htmldoc.Page(&b, nd.doc, nil); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", file)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			golden, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), golden) {
				t.Errorf("got a page that differs from %s; run go test -update and look at the difference", path)
			}
		})
	}
	for name := range want {
		t.Errorf("got no document %s", name)
	}
}

func ExampleRender() {
	d := &document.Document{
		Header: document.Header{Issuer: "TRƯỜNG TIỂU HỌC A", Number: "Số: 05/KH-THA", PlaceDate: "Quận 1, ngày 05 tháng 3 năm 2025"},
		Type:   "KẾ HOẠCH",
		Body:   []document.Block{&document.Paragraph{Role: document.Heading, Label: "1.", Runs: []document.Run{{Text: "Mục đích"}}}},
	}
	htmldoc.Render(os.Stdout, d)
	// Output:
	// <article class="kh-doc">
	// <section class="kh-sheet">
	// <div class="kh-header">
	// <div>
	// <p class="kh-issuer">TRƯỜNG TIỂU HỌC A</p>
	// </div>
	// <div>
	// <p class="kh-nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
	// <p class="kh-motto">Độc lập - Tự do - Hạnh phúc</p>
	// </div>
	// <p class="kh-number">Số: <span class="kh-symbol">05/KH-THA</span></p>
	// <p class="kh-place-date">Quận 1, ngày 05 tháng 3 năm 2025</p>
	// </div>
	// <p class="kh-type">KẾ HOẠCH</p>
	// <p class="kh-subject kh-title-subject"></p>
	// <p class="kh-heading">1. Mục đích</p>
	// <div class="kh-closing">
	// <div>
	// <p class="kh-recipients-label"></p>
	// </div>
	// <div>
	// <p class="kh-signer kh-signer-name"></p>
	// </div>
	// </div>
	// </section>
	// </article>
}

func BenchmarkRender(b *testing.B) {
	docs := samples(b)
	b.ResetTimer()
	for b.Loop() {
		for _, nd := range docs {
			if err := htmldoc.Render(io.Discard, nd.doc); err != nil {
				b.Fatal(err)
			}
		}
	}
}
