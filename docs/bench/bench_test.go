// Package bench measures kehoach on the documents compared with
// docxtemplater and LibreOffice (see README.md in this folder): the
// issuer's plan and the three documents of th-nguyen-binh-khiem.
//
//	go test ./docs/bench -run '^$' -bench . -benchmem
//	go test ./docs/bench -run Export -export DIR   # the inputs of compare.sh
package bench

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/generator/pdf"
	"kehoach/templates"
)

var exportDir = flag.String("export", "", "write kehoach's DOCX and PDF of the compared documents, and docxtemplater's template and data for them, into this folder")

const school = "th-nguyen-binh-khiem"

type compared struct {
	name string // issuer-ke-hoach, school-ke-hoach, …
	ref  generator.DocRef
	doc  *document.Document
}

type setup struct {
	g    *generator.Generator
	tmpl *docx.Template
	pdf  *pdf.Renderer
	docs []compared
}

func newSetup(tb testing.TB) *setup {
	tb.Helper()
	plan, schools, err := data.Load()
	if err != nil {
		tb.Fatal(err)
	}
	g, err := generator.New(plan, schools, generator.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	s := &setup{g: g}
	if s.tmpl, err = docx.ParseTemplate(templates.FS, templates.Document); err != nil {
		tb.Fatal(err)
	}
	if s.pdf, err = pdf.NewRenderer(g.Layout()); err != nil {
		tb.Fatal(err)
	}
	for _, ref := range g.Documents() {
		var name string
		switch {
		case ref.Kind == generator.DocIssuer:
			name = "issuer-" + ref.Name
		case ref.School == school:
			name = "school-" + ref.Name
		default:
			continue
		}
		d, err := g.Document(ref)
		if err != nil {
			tb.Fatal(err)
		}
		s.docs = append(s.docs, compared{name, ref, d})
	}
	if len(s.docs) != 4 {
		tb.Fatalf("%d documents, want the issuer's plan and %s's three", len(s.docs), school)
	}
	return s
}

// BenchmarkDOCX: "fill" is the template filled from the composed document
// (what docxtemplater does from its JSON: docx.Template.Render, measuring
// with the PDF's fonts as the Generator does); "generator" is
// Generator.Render, which composes the document from the plan first.
func BenchmarkDOCX(b *testing.B) {
	s := newSetup(b)
	opt := docx.Options{Created: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), Measure: s.pdf.Width}
	for _, c := range s.docs {
		b.Run("fill/"+c.name, func(b *testing.B) {
			run(b, func(w io.Writer) error { return s.tmpl.Render(w, c.doc, opt) })
		})
		b.Run("generator/"+c.name, func(b *testing.B) {
			run(b, func(w io.Writer) error { return s.g.Render(context.Background(), w, c.ref, generator.DOCX) })
		})
	}
}

// BenchmarkPDF: as BenchmarkDOCX, for the PDF (pdf.Renderer.Render, and
// Generator.Render).
func BenchmarkPDF(b *testing.B) {
	s := newSetup(b)
	for _, c := range s.docs {
		b.Run("render/"+c.name, func(b *testing.B) {
			run(b, func(w io.Writer) error { return s.pdf.Render(w, c.doc, pdf.Options{}) })
		})
		b.Run("generator/"+c.name, func(b *testing.B) {
			run(b, func(w io.Writer) error { return s.g.Render(context.Background(), w, c.ref, generator.PDF) })
		})
	}
}

func run(b *testing.B, render func(io.Writer) error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil { // fonts and pools warm, outside the loop
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := render(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// TestExport writes, with -export DIR: kehoach's DOCX and PDF of each
// compared document (NAME.docx, NAME.pdf, as Generator.Render writes
// them), the data docxtemplater is given for it (NAME.json), and
// docxtemplater's template (docxtemplater-template.docx), made from
// templates/van-ban.docx: the same parts, the same {{…}} fields, each list
// field a paragraph loop, and {{noi_dung}} a loop over the body's blocks
// with one conditional paragraph (or table) for each kind of block the
// documents hold, styled as kehoach styles it.
func TestExport(t *testing.T) {
	if *exportDir == "" {
		t.Skip("no -export folder")
	}
	s := newSetup(t)
	if err := os.MkdirAll(*exportDir, 0o755); err != nil {
		t.Fatal(err)
	}
	ex := &exporter{textWidth: textWidth(t), kinds: map[string]string{}, runs: map[string]bool{}}
	for _, c := range s.docs {
		for _, f := range []generator.Format{generator.DOCX, generator.PDF} {
			var buf bytes.Buffer
			if err := s.g.Render(context.Background(), &buf, c.ref, f); err != nil {
				t.Fatal(err)
			}
			write(t, c.name+"."+string(f), buf.Bytes())
		}
		js, err := json.MarshalIndent(ex.data(c.doc), "", " ")
		if err != nil {
			t.Fatal(err)
		}
		write(t, c.name+".json", js)
	}
	write(t, "docxtemplater-template.docx", ex.template(t))
}

func write(t *testing.T, name string, b []byte) {
	if err := os.WriteFile(filepath.Join(*exportDir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Style ids of the template (its style names without spaces).
var styleIDs = map[document.StyleName]string{
	document.StyleBody: "KHBody", document.StylePart: "KHPart", document.StyleHeading: "KHHeading",
	document.StyleEntry: "KHEntry", document.StyleNote: "KHNote", document.StyleFill: "KHFill",
	document.StyleTableText: "KHTableText", document.StyleTableHead: "KHTableHead",
}

// exporter turns documents into docxtemplater data, and records the kinds
// of block they hold (kinds: key → the template's XML for that kind).
type exporter struct {
	textWidth int
	kinds     map[string]string
	order     []string
	runs      map[string]bool // the formats of runs used: r, b, i, bi
}

func (ex *exporter) kind(key, xml string) string {
	if _, ok := ex.kinds[key]; !ok {
		ex.kinds[key] = xml
		ex.order = append(ex.order, key)
	}
	return key
}

func (ex *exporter) data(d *document.Document) map[string]any {
	parent := []string{}
	if strings.TrimSpace(d.Header.Parent) != "" {
		parent = []string{d.Header.Parent}
	}
	var blocks []map[string]any
	for _, blk := range d.Body {
		switch x := blk.(type) {
		case *document.Paragraph:
			blocks = append(blocks, ex.paragraph(x))
		case *document.FillLines:
			key := ex.kind("fill", `<w:p><w:pPr><w:pStyle w:val="KHFill"/></w:pPr><w:r><w:tab/></w:r></w:p>`)
			for range x.Count {
				blocks = append(blocks, map[string]any{key: true})
			}
		case *document.Table:
			blocks = append(blocks, ex.table(x))
		}
	}
	return map[string]any{
		"co_quan_chu_quan": parent, "co_quan_ban_hanh": d.Header.Issuer,
		"so": d.Header.Number, "dia_danh_ngay": d.Header.PlaceDate,
		"ten_loai": d.Type, "trich_yeu": d.Subject, "kinh_gui": list(d.To),
		"paras":            blocks,
		"noi_nhan_tieu_de": d.Closing.RecipientsLabel, "noi_nhan": list(d.Closing.Recipients),
		"chuc_vu": list(d.Closing.SignerTitle), "nguoi_ky": d.Closing.SignerName,
		"title": d.Meta.Title, "subject": d.Meta.Subject, "author": d.Meta.Author,
		"created": "2025-03-05T00:00:00Z",
	}
}

// list is l, or an empty list for JSON.
func list(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// paragraph: a paragraph of one style (and keep-with-next or not), its
// label, then its runs, each plain, bold, italic or both: the template
// holds a run for each of these the documents use (see runsXML).
func (ex *exporter) paragraph(p *document.Paragraph) map[string]any {
	style := styleIDs[p.Role.Style()]
	key := "p_" + style
	keep := ""
	if p.KeepNext {
		key += "_keep"
		keep = `<w:keepNext/>`
	}
	runs := make([]map[string]any, len(p.Runs))
	for i, r := range p.Runs {
		f := map[[2]bool]string{{false, false}: "r", {true, false}: "b", {false, true}: "i", {true, true}: "bi"}[[2]bool{r.Bold, r.Italic}]
		ex.runs[f] = true
		runs[i] = map[string]any{"t": r.Text, "r": f == "r", "b": f == "b", "i": f == "i", "bi": f == "bi"}
	}
	label := ""
	if p.Label != "" {
		label = p.Label + " "
	}
	return map[string]any{ex.kind(key, `<w:p><w:pPr><w:pStyle w:val="`+style+`"/>`+keep+`</w:pPr>`+
		`<w:r><w:t xml:space="preserve">{{label}}</w:t></w:r>{{RUNS}}</w:p>`): true,
		"label": label, "runs": runs}
}

// runsXML is the loop over a paragraph's runs: one run for each format
// the documents use, shown when the run has that format.
func (ex *exporter) runsXML() string {
	var used []string
	for _, f := range []string{"r", "b", "i", "bi"} {
		if ex.runs[f] {
			used = append(used, f)
		}
	}
	rPr := map[string]string{"r": "", "b": `<w:rPr><w:b/><w:bCs/></w:rPr>`, "i": `<w:rPr><w:i/><w:iCs/></w:rPr>`, "bi": `<w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr>`}
	var b strings.Builder
	for k, f := range used {
		b.WriteString(`<w:r>` + rPr[f] + `<w:t xml:space="preserve">`)
		if k == 0 {
			b.WriteString("{{#runs}}")
		}
		b.WriteString("{{#" + f + "}}{{t}}{{/" + f + "}}")
		if k == len(used)-1 {
			b.WriteString("{{/runs}}")
		}
		b.WriteString(`</w:t></w:r>`)
	}
	return b.String()
}

// table: a bordered table of these column widths, a header row of titles
// (h0, h1, …), and a row loop (c0, c1, …), as kehoach writes it. Tables
// with column groups are not exported (the 2025 sample has none).
func (ex *exporter) table(tab *document.Table) map[string]any {
	if len(tab.Groups) > 0 {
		panic("bench: tables with column groups are not exported")
	}
	total := 0.0
	for _, c := range tab.Columns {
		total += c.Width
	}
	widths := make([]int, len(tab.Columns))
	sum := 0
	for i, c := range tab.Columns {
		widths[i] = int(float64(ex.textWidth) * c.Width / total)
		sum += widths[i]
	}
	widths[len(widths)-1] += ex.textWidth - sum
	var key strings.Builder
	key.WriteString("tbl")
	for _, w := range widths {
		key.WriteString("_" + strconv.Itoa(w))
	}
	const border = `w:val="single" w:sz="4" w:space="0" w:color="000000"`
	var x strings.Builder
	x.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(ex.textWidth) + `" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		x.WriteString("<w:" + side + " " + border + "/>")
	}
	x.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		x.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	x.WriteString(`</w:tblGrid>`)
	cell := func(i int, style, jc, text string) {
		x.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="` + style + `"/>` + jc + `</w:pPr><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p></w:tc>`)
	}
	x.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	data := map[string]any{}
	for i, c := range tab.Columns {
		cell(i, "KHTableHead", "", "{{h"+strconv.Itoa(i)+"}}")
		data["h"+strconv.Itoa(i)] = c.Title
	}
	x.WriteString(`</w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	n := len(tab.Columns)
	for i := range n {
		text := "{{c" + strconv.Itoa(i) + "}}"
		if i == 0 {
			text = "{{#rows}}" + text
		}
		if i == n-1 {
			text += "{{/rows}}"
		}
		jc := `<w:jc w:val="center"/>`
		if i == 1 {
			jc = ""
		}
		cell(i, "KHTableText", jc, text)
	}
	x.WriteString(`</w:tr></w:tbl>`)
	rows := make([]map[string]any, len(tab.Rows))
	for k, r := range tab.Rows {
		row := map[string]any{}
		for i, c := range tab.Cells(r) {
			row["c"+strconv.Itoa(i)] = c
		}
		rows[k] = row
	}
	data[ex.kind(key.String(), x.String())] = true
	data["rows"] = rows
	return data
}

// textWidth is the width between the margins of the template, in twips.
func textWidth(t *testing.T) int {
	doc := templatePart(t, "word/document.xml")
	num := func(re string) int {
		m := regexp.MustCompile(re).FindStringSubmatch(doc)
		if m == nil {
			t.Fatalf("template: no %s", re)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return num(`<w:pgSz w:w="(\d+)"`) - num(`<w:pgMar[^>]* w:left="(\d+)"`) - num(`<w:pgMar[^>]* w:right="(\d+)"`)
}

func templatePart(t *testing.T, name string) string {
	raw, err := templates.FS.ReadFile(templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// template is van-ban.docx with document.xml and core.xml made
// docxtemplater's: list fields become paragraph loops, {{noi_dung}} the
// loop over the body's blocks, and core.xml takes tags for the properties
// kehoach writes.
func (ex *exporter) template(t *testing.T) []byte {
	doc := templatePart(t, "word/document.xml")
	tagP := func(tag string) string { return `<w:p><w:r><w:t>` + tag + `</w:t></w:r></w:p>` }
	doc = regexp.MustCompile(`(?s)<w:p>.*?</w:p>`).ReplaceAllStringFunc(doc, func(p string) string {
		for _, list := range []string{"co_quan_chu_quan", "kinh_gui", "noi_nhan", "chuc_vu"} {
			if strings.Contains(p, "{{"+list+"}}") {
				return tagP("{{#"+list+"}}") + strings.Replace(p, "{{"+list+"}}", "{{.}}", 1) + tagP("{{/"+list+"}}")
			}
		}
		if strings.Contains(p, "{{noi_dung}}") {
			var b strings.Builder
			b.WriteString(tagP("{{#paras}}"))
			for _, key := range ex.order {
				b.WriteString(tagP("{{#"+key+"}}") + strings.Replace(ex.kinds[key], "{{RUNS}}", ex.runsXML(), 1) + tagP("{{/"+key+"}}"))
			}
			b.WriteString(tagP("{{/paras}}"))
			return b.String()
		}
		return p
	})
	if strings.Contains(doc, "{{noi_dung}}") || !strings.Contains(doc, "{{#paras}}") {
		t.Fatal("template: {{noi_dung}} not replaced")
	}
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>{{title}}</dc:title><dc:subject>{{subject}}</dc:subject><dc:creator>{{author}}</dc:creator><cp:lastModifiedBy>docxtemplater</cp:lastModifiedBy>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">{{created}}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{{created}}</dcterms:modified></cp:coreProperties>`
	raw, err := templates.FS.ReadFile(templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		var content string
		switch f.Name {
		case "word/document.xml":
			content = doc
		case "docProps/core.xml":
			content = core
		default:
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
