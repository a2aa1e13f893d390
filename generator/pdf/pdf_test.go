package pdf_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/text/unicode/norm"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/generator/pdf"
	"kehoach/generator/plaintext"
	"kehoach/internal/testdocs"
	"kehoach/internal/tooltest"
	"kehoach/templates"
)

var fixed = pdf.Options{Created: time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC)}

func loadData(t testing.TB) (*generator.Plan, []generator.School) {
	t.Helper()
	plan, schools, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	return plan, schools
}

type namedDoc struct {
	name string
	doc  *document.Document
}

// sample is the district plan and every document of five schools of the
// three types, among them one signed on behalf of the principal and one
// with a number and date of its own.
func sample(t testing.TB) []namedDoc {
	plan, schools := loadData(t)
	docs := []namedDoc{{"phong-ke-hoach", testdocs.Document(t, plan, nil, generator.DocIssuer)}}
	want := map[string]bool{"mn-ben-nghe": true, "mn-co-giang": true, "th-nguyen-binh-khiem": true, "th-tran-hung-dao": true, "thcs-van-lang": true}
	for i := range schools {
		if !want[schools[i].ID] {
			continue
		}
		delete(want, schools[i].ID)
		for _, id := range plan.DocIDs() {
			d, err := testdocs.Compose(plan, &schools[i], id)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, namedDoc{schools[i].ID + "-" + d.Name, d})
		}
	}
	if len(want) > 0 {
		t.Fatalf("schools missing from data: %v", want)
	}
	// The 2026 sample: a People's Committee's plan with a body table with
	// merged header cells and an appendix, and the plans and a report of
	// a school of each type, liên cấp included.
	s26, err := data.Find("2026")
	if err != nil {
		t.Fatal(err)
	}
	plan26, schools26, err := s26.Load()
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, namedDoc{"2026-ubnd-ke-hoach", testdocs.Document(t, plan26, nil, generator.DocIssuer)})
	seen := map[string]bool{}
	for i := range schools26 {
		s := &schools26[i]
		if seen[s.Type] {
			continue
		}
		seen[s.Type] = true
		for _, id := range []string{generator.DocPlan, "bao-cao-quy-1"} {
			docs = append(docs, namedDoc{"2026-" + s.ID + "-" + id, testdocs.Document(t, plan26, s, id)})
		}
	}
	if len(seen) != 4 {
		t.Fatalf("the 2026 sample has schools of %d types, want 4", len(seen))
	}
	// Characters beyond the Vietnamese repertoire take the whole faces.
	other := *docs[0].doc
	other.Subject = "Thực hiện công tác dân vận (Ωμέγα, Жж, ½ → ∞)\nvà Quy chế dân chủ ở cơ sở năm 2025"
	docs = append(docs, namedDoc{"phong-ke-hoach-other-scripts", &other})
	return docs
}

// newRenderer is one Renderer for all the tests, as a program has one.
var newRenderer = sync.OnceValues(func() (*pdf.Renderer, error) { return pdf.NewRenderer(nil) })

func sharedRenderer(t testing.TB) *pdf.Renderer {
	t.Helper()
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := sharedRenderer(t).Render(&b, d, fixed); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func needTool(t *testing.T, name string) string { return tooltest.Need(t, name) }

func writeTemp(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	dotRun = regexp.MustCompile(`\.{10,}`)
	spaces = regexp.MustCompile(`\s+`)
)

// normalize makes text from either side comparable: emphasis marks and
// table rules go, a dotted line is one token, whitespace is one space.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "*", "")
	s = strings.ReplaceAll(s, " | ", " ")
	s = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(s), " |"), "| ")
	s = dotRun.ReplaceAllString(s, "[chấm]")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// tableHeads are the headers of the tables of d, as normalize writes them.
func tableHeads(d *document.Document) []string {
	var out []string
	blocks := d.Body
	for _, a := range d.Appendices {
		blocks = append(blocks, a.Body...)
	}
	for _, b := range blocks {
		if t, ok := b.(*document.Table); ok {
			var rows []string
			for _, r := range t.HeaderRows() {
				rows = append(rows, normalize(plaintext.Row(r)))
			}
			out = append(out, strings.Join(rows, " "))
		}
	}
	return out
}

// pdfText is the text of a PDF in drawing order, without page numbers.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(needTool(t, "pdftotext"), "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	var kept []string
	next := 0 // the number the page should carry; an appendix starts again at 1, unnumbered
	for _, page := range strings.Split(strings.TrimRight(string(out), "\f"), "\f") {
		next++
		lines := strings.Split(strings.TrimLeft(page, "\n"), "\n")
		switch first := strings.TrimSpace(lines[0]); {
		case first == strconv.Itoa(next):
			lines = lines[1:]
		case next > 2 && strings.HasPrefix(first, "PHỤ LỤC"):
			next = 1
		}
		kept = append(kept, lines...)
	}
	return strings.Join(kept, "\n")
}

// The text of each PDF is the plain-text rendering, paragraph by paragraph,
// once line breaks are joined: every diacritic, NFC, nothing missing or
// doubled.
func TestPDFTextEqualsPlainText(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	for _, nd := range sample(t) {
		t.Run(nd.name, func(t *testing.T) {
			text := pdfText(t, writeTemp(t, dir, nd.name+".pdf", render(t, nd.doc)))
			if !norm.NFC.IsNormalString(text) {
				t.Error("extracted text is not NFC")
			}
			got := normalize(text)
			pos := 0
			heads := tableHeads(nd.doc)
			for i, l := range plaintext.Lines(nd.doc) {
				want := normalize(l)
				if want == "" {
					continue
				}
				// A table's header is repeated on each page it runs over.
				for _, h := range heads {
					if !strings.HasPrefix(want, h) && strings.HasPrefix(got[pos:], h+" ") && !strings.HasPrefix(got[pos:], want) {
						pos += len(h) + 1
					}
				}
				if !strings.HasPrefix(got[pos:], want) {
					t.Fatalf("paragraph %d:\nwant %q\ngot  %q", i+1, want, clipTo(got[pos:], len(want)+40))
				}
				pos += len(want)
				if pos < len(got) {
					if got[pos] != ' ' {
						t.Fatalf("paragraph %d %q runs on into %q", i+1, want, clipTo(got[pos:], 40))
					}
					pos++
				}
			}
			if pos < len(got) {
				t.Errorf("text after the last paragraph: %q", clipTo(got[pos:], 80))
			}
		})
	}
}

func clipTo(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Fonts are embedded and subset, and the file passes qpdf's check.
func TestPDFFontsAndStructure(t *testing.T) {
	pdffonts := needTool(t, "pdffonts")
	qpdf := needTool(t, "qpdf")
	dir := t.TempDir()
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	path := writeTemp(t, dir, "ke-hoach.pdf", render(t, d))
	out, err := exec.Command(pdffonts, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) != 4 {
		t.Errorf("got %d fonts, want the four faces of Liberation Serif:\n%s", len(lines), out)
	}
	for _, l := range lines {
		f := strings.Fields(l)
		// name type encoding emb sub uni object ID; fpdf subsets fonts but
		// does not tag their names, so pdffonts cannot tell "sub".
		if !strings.Contains(strings.ToLower(f[0]), "liberationserif") || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("font not embedded or not mapped to Unicode: %s", l)
		}
	}
	// Subset: the whole file is smaller than any one of the four faces.
	if fi, _ := os.Stat(path); fi.Size() > int64(len(liberationserifregular.TTF)) {
		t.Errorf("PDF is %d bytes, more than a whole face (%d): fonts are not subset", fi.Size(), len(liberationserifregular.TTF))
	}
	if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	// The outline lists the sections and their titled clauses.
	js, err := exec.Command(qpdf, "--json", "--json-key=outlines", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var outline struct {
		Outlines []struct {
			Title string
			Kids  []struct{ Title string }
		}
	}
	if err := json.Unmarshal(js, &outline); err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, o := range outline.Outlines {
		got = append(got, o.Title)
		for _, k := range o.Kids {
			got = append(got, "  "+k.Title)
		}
	}
	for _, b := range d.Body {
		if p, ok := b.(*document.Paragraph); ok && p.Role == document.Part {
			want = append(want, plaintext.Paragraph(p))
		} else if ok && p.Role == document.Heading {
			want = append(want, "  "+plaintext.Paragraph(p))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	info := pdfInfo(t, path)
	for key, want := range map[string]string{"Title": d.Meta.Title, "Subject": d.Meta.Subject, "Author": schools[0].Name, "Page size": "595.28 x 841.89 pts (A4)"} {
		if info[key] != want {
			t.Errorf("%s: got %q, want %q", key, info[key], want)
		}
	}
}

func pdfInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	out, err := exec.Command(needTool(t, "pdfinfo"), "-enc", "UTF-8", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	info := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// The same input gives the same bytes.
func TestPDFIsReproducible(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[5], generator.DocPlan)
	if !bytes.Equal(render(t, d), render(t, d)) {
		t.Error("two renderings differ")
	}
}

// bboxWord is a word pdftotext found, with its box in mm.
type bboxWord struct {
	page                   int
	xMin, yMin, xMax, yMax float64
	text                   string
}

var wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func words(t *testing.T, path string) []bboxWord {
	t.Helper()
	out, err := exec.Command(needTool(t, "pdftotext"), "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var ws []bboxWord
	for i, page := range strings.Split(string(out), "<page ")[1:] {
		for _, m := range wordRe.FindAllStringSubmatch(page, -1) {
			f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v * 25.4 / 72 }
			ws = append(ws, bboxWord{i + 1, f(m[1]), f(m[2]), f(m[3]), f(m[4]), m[5]})
		}
	}
	return ws
}

// Page numbers, margins and headings, read off the rendered pages.
func TestPDFLayout(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	layout := document.DefaultLayout()
	for _, nd := range sample(t) {
		t.Run(nd.name, func(t *testing.T) {
			path := writeTemp(t, dir, nd.name+".pdf", render(t, nd.doc))
			ws := words(t, path)
			pages := 0
			for _, w := range ws {
				pages = max(pages, w.page)
			}
			if pages < 2 {
				t.Fatalf("%d page; the test needs a second page", pages)
			}
			// An appendix starts on a page of its own, numbered afresh.
			first := map[int]int{} // page -> number of its first page in its part
			part := 1
			for _, w := range ws {
				if w.text == "PHỤ" && w.yMin < 30 && w.page > 1 && first[w.page] == 0 {
					part = w.page
				}
				first[w.page] = part
			}
			numbers := map[int]bool{}
			for _, w := range ws {
				if w.yMax < 20 { // the top margin
					centre := (w.xMin + w.xMax) / 2
					n := w.page - first[w.page] + 1
					if want := layout.Page.Left + layout.Page.TextWidth()/2; n == 1 || w.text != strconv.Itoa(n) || centre < want-1 || centre > want+1 {
						t.Errorf("page %d: %q at x %.1f in the top margin", w.page, w.text, centre)
					}
					numbers[w.page] = true
					continue
				}
				if pg := layout.Page; w.xMin < pg.Left-0.1 || w.xMax > pg.Width-pg.Right+0.1 || w.yMax > pg.Height-pg.Bottom+glyphsBelowMargin {
					t.Errorf("page %d: %q outside the margins (%.1f-%.1f, %.1f-%.1f mm)", w.page, w.text, w.xMin, w.xMax, w.yMin, w.yMax)
				}
			}
			for p := 2; p <= pages; p++ {
				if !numbers[p] && first[p] != p {
					t.Errorf("page %d has no number", p)
				}
				if numbers[p] && first[p] == p {
					t.Errorf("page %d, the first of an appendix, has a number", p)
				}
			}
			// No heading is the last line of a page.
			var headings []string
			for _, b := range nd.doc.Body {
				if p, ok := b.(*document.Paragraph); ok && (layout.Style(p.Role.Style()).KeepNext || p.KeepNext) {
					headings = append(headings, normalize(plaintext.Paragraph(p)))
				}
			}
			for p := 1; p < pages; p++ {
				last := lastLine(ws, p)
				for _, h := range headings {
					if last != "" && strings.HasPrefix(h, last) {
						t.Errorf("page %d ends with the heading %q", p, h)
					}
				}
			}
		})
	}
}

// lastLine is the text of the lowest line on a page.
func lastLine(ws []bboxWord, page int) string {
	bottom := 0.0
	for _, w := range ws {
		if w.page == page {
			bottom = max(bottom, w.yMax)
		}
	}
	var parts []string
	for _, w := range ws {
		if w.page == page && bottom-w.yMax < 1 {
			parts = append(parts, w.text)
		}
	}
	return normalize(strings.Join(parts, " "))
}

// The PDF and the DOCX that LibreOffice makes of the same document have the
// same number of pages, give or take one.
func TestPDFBreaksLikeDocx(t *testing.T) {
	soffice := needTool(t, "soffice")
	dir := t.TempDir()
	tmpl, err := docx.ParseTemplate(templates.FS, templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	// Plans with an appendix are left out: LibreOffice sets a table row a
	// little taller than the PDF does, and over a page of a timeline
	// table that moves one row to the next page (2 to 7 lines of a plan
	// of 9 pages, measured; a known gap).
	var docs []namedDoc
	for _, nd := range sample(t) {
		if len(nd.doc.Appendices) == 0 {
			docs = append(docs, nd)
		}
	}
	var files []string
	for _, nd := range docs {
		var b bytes.Buffer
		if err := tmpl.Render(&b, nd.doc, docx.Options{Measure: sharedRenderer(t).Width}); err != nil {
			t.Fatal(err)
		}
		files = append(files, writeTemp(t, dir, nd.name+".docx", b.Bytes()))
		writeTemp(t, dir, nd.name+".pdf", render(t, nd.doc))
	}
	conv := filepath.Join(dir, "lo")
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", conv}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	// The comparison means something only if LibreOffice set Times New
	// Roman in its metric twin, as the PDF does.
	out, err := exec.Command(needTool(t, "pdffonts"), filepath.Join(conv, docs[0].name+".pdf")).Output()
	if err != nil || !strings.Contains(string(out), "LiberationSerif") {
		t.Fatalf("LibreOffice did not use Liberation Serif for Times New Roman (install fonts-liberation2):\n%s", out)
	}
	// The two formats break alike: the same pages, and on each page the
	// same lines (text of a line, spaces squeezed; LibreOffice writes a
	// non-breaking hyphen as U+2011).
	var report []string
	for _, nd := range docs {
		ours := pageLines(t, filepath.Join(dir, nd.name+".pdf"))
		theirs := pageLines(t, filepath.Join(conv, nd.name+".pdf"))
		same, total := 0, 0
		for i := range min(len(ours), len(theirs)) {
			in := map[string]bool{}
			for _, l := range theirs[i] {
				in[l] = true
			}
			k := 0
			for _, l := range ours[i] {
				if in[l] {
					k++
				}
			}
			same, total = same+k, total+len(ours[i])
			if pct := 100 * float64(k) / float64(max(len(ours[i]), 1)); pct < 98 {
				t.Errorf("%s, page %d: %.0f%% of the lines are the same in the PDF and in LibreOffice's rendering of the DOCX, want at least 98%%", nd.name, i+1, pct)
			}
		}
		if len(ours) != len(theirs) {
			t.Errorf("%s: %d pages in the PDF, %d in LibreOffice's rendering of the DOCX", nd.name, len(ours), len(theirs))
		}
		report = append(report, fmt.Sprintf("%s %d/%d pages, %d/%d lines", nd.name, len(ours), len(theirs), same, total))
	}
	t.Log("PDF/DOCX: " + strings.Join(report, "; "))
}

// pageLines is the text of each page of a PDF, a line each, spaces
// squeezed.
func pageLines(t *testing.T, path string) [][]string {
	t.Helper()
	out, err := exec.Command(needTool(t, "pdftotext"), "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var pages [][]string
	for _, pg := range strings.Split(strings.ReplaceAll(string(out), "\u2011", "-"), "\f") {
		var lines []string
		for _, l := range strings.Split(pg, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			pages = append(pages, lines)
		}
	}
	return pages
}

func BenchmarkPDF(b *testing.B) {
	plan, schools := loadData(b)
	d := testdocs.Document(b, plan, &schools[0], generator.DocPlan)
	r := sharedRenderer(b) // fonts load once, outside the loop
	var buf bytes.Buffer
	if err := r.Render(&buf, d, fixed); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, d, fixed); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func planFrom(t *testing.T, edits ...string) *generator.Plan {
	t.Helper()
	return planFromFile(t, "../../data/plan-2025.toml", edits...)
}

func planFromFile(t *testing.T, file string, edits ...string) *generator.Plan {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for i := 0; i < len(edits); i += 2 {
		if strings.Count(src, edits[i]) != 1 {
			t.Fatalf("plan does not hold %q once", edits[i])
		}
		src = strings.Replace(src, edits[i], edits[i+1], 1)
	}
	plan, err := generator.LoadPlan(strings.NewReader(src), "plan.toml")
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func inMargins(t *testing.T, name string, ws []bboxWord) {
	t.Helper()
	for _, w := range ws {
		pg := document.DefaultLayout().Page
		if w.yMax < pg.Top {
			continue // the page number
		}
		if w.xMin < pg.Left-0.1 || w.xMax > pg.Width-pg.Right+0.1 || w.yMax > pg.Height-pg.Bottom+glyphsBelowMargin {
			t.Errorf("%s, page %d: %q outside the margins (%.1f-%.1f, %.1f-%.1f mm)", name, w.page, w.text, w.xMin, w.xMax, w.yMin, w.yMax)
		}
	}
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// Unusual input stays inside the page and loses nothing: a word longer
// than a line, a long unit in the table, seventy recipients, fifty
// addressees.
func TestPDFUnusualInput(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	url := "https://example.gov.vn/van-ban/2025/ke-hoach-trien-khai-chi-tiet-cua-phong-giao-duc-va-dao-tao-quan-1-ve-dan-van-chinh-quyen.pdf"
	var many, addressees []string
	for i := 1; i <= 70; i++ {
		many = append(many, fmt.Sprintf("%q", fmt.Sprintf("Trường số %d của phường", i)))
	}
	for i := 1; i <= 50; i++ {
		addressees = append(addressees, fmt.Sprintf("%q", fmt.Sprintf("Cơ quan nhận báo cáo số %d", i)))
	}
	plan := planFrom(t,
		"thông qua các phương tiện thông tin đại chúng, trang thông tin điện tử của đơn vị.", "thông qua các phương tiện thông tin đại chúng, trang thông tin điện tử của đơn vị "+url+" và các kênh khác.",
		`don_vi = "lượt"`, `don_vi = "người/lượt/cuộc/buổi"`,
		"  \"Các trường MN, TH, THCS\",\n", "  "+strings.Join(many, ",\n  ")+",\n",
		"  \"Ủy ban nhân dân Quận 1 (qua Phòng Nội vụ)\",\n", "  "+strings.Join(addressees, ",\n  ")+",\n",
	)
	_, schools := loadData(t)
	report := testdocs.Document(t, plan, &schools[0], "report-6m")
	for _, nd := range []namedDoc{{"district", testdocs.Document(t, plan, nil, generator.DocIssuer)}, {"plan", testdocs.Document(t, plan, &schools[0], generator.DocPlan)}, {"report", report}} {
		path := writeTemp(t, dir, nd.name+".pdf", render(t, nd.doc))
		inMargins(t, nd.name, words(t, path))
		got := squeeze(normalize(pdfText(t, path)))
		var want string
		for _, l := range plaintext.Lines(nd.doc) {
			want += squeeze(normalize(l))
		}
		// Seventy recipients make the signature block taller than a page:
		// then the signer is drawn beside the start of the list.
		signer := squeeze(strings.Join(nd.doc.Closing.SignerTitle, " ") + nd.doc.Closing.SignerName)
		if strings.Count(got, signer) != 1 || strings.Count(want, signer) != 1 {
			t.Errorf("%s: the signer is not there once", nd.name)
		}
		got, want = strings.Replace(got, signer, "", 1), strings.Replace(want, signer, "", 1)
		if got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: text differs at byte %d: got %q, want %q", nd.name, i, clipTo(got[i:], 60), clipTo(want[i:], 60))
		}
	}
}

// Wherever the table of figures falls, its header row has at least one row
// under it on the page, and appears once a page.
func TestPDFTableAtPageBreaks(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	_, schools := loadData(t)
	table := "\n[bao_cao.bang]\n%scot = [\"TT\", \"Nội dung\", \"Đơn vị tính\", \"Số lượng\"]\n" +
		"[[bao_cao.bang.dong]]\nnoi_dung = \"Số cuộc đối thoại\"\ndon_vi = \"cuộc\"\n" +
		"[[bao_cao.bang.dong]]\nnoi_dung = \"Số lượt tiếp công dân\"\ndon_vi = \"lượt\"\n"
	for _, title := range []string{"tieu_de = \"Số liệu\"\n", ""} {
		for n := 8; n <= 26; n++ {
			plan := planFromFile(t, "../../testdata/plan-min.toml",
				"[[bao_cao.muc]]\ntieu_de = \"KẾT QUẢ\"", fmt.Sprintf("[[bao_cao.muc]]\ntieu_de = \"ĐẶC ĐIỂM\"\ndong_trong = %d\n\n[[bao_cao.muc]]\ntieu_de = \"KẾT QUẢ\"", n),
				"chi_co_quan = true\n", "chi_co_quan = true\n"+fmt.Sprintf(table, title),
				`ma = "chuyen_doi_so"`, `ma = "dan_van"`, `ma = "an_toan_thong_tin"`, `ma = "dan_chu"`) // the roles of the 2025 schools
			d := testdocs.Document(t, plan, &schools[0], "report-year")
			ws := words(t, writeTemp(t, dir, fmt.Sprintf("r%d.pdf", n), render(t, d)))
			headerPages := map[int]int{}
			firstRow, firstHeader := 0, 0
			for i, w := range ws {
				if w.text == "Đơn" && ws[i+1].text == "vị" && ws[i+2].text == "tính" {
					headerPages[w.page]++
					if firstHeader == 0 {
						firstHeader = w.page
					}
				}
				if w.text == "đối" && ws[i-1].text == "cuộc" && firstRow == 0 {
					firstRow = w.page
				}
			}
			for p, c := range headerPages {
				if c > 1 {
					t.Errorf("%q, dong_trong = %d: the header row is %d times on page %d", title, n, c, p)
				}
			}
			if firstHeader == 0 || firstHeader != firstRow {
				t.Errorf("%q, dong_trong = %d: header row on page %d, first row on page %d", title, n, firstHeader, firstRow)
			}
		}
	}
}

// fillers is n one-line paragraphs, to move what follows down the page.
func fillers(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[doan]]\nnoi_dung = \"Dòng đệm số %d.\"\n\n", i)
	}
	return b.String()
}

// The signature block stays inside the page wherever it falls, with a
// signer's title on two lines.
func TestPDFSignatureInsideThePage(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	for n := 14; n <= 30; n++ {
		plan := planFromFile(t, "../../testdata/plan-min.toml",
			`chuc_vu = "TRƯỞNG PHÒNG"`, `chuc_vu = "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG"`,
			"[[doan]]\nso = \"II.\"", fillers(n)+"[[doan]]\nso = \"II.\"")
		d := testdocs.Document(t, plan, nil, generator.DocIssuer)
		ws := words(t, writeTemp(t, dir, fmt.Sprintf("s%d.pdf", n), render(t, d)))
		inMargins(t, fmt.Sprintf("%d filler lines", n), ws)
		titlePage, namePage := 0, 0
		for _, w := range ws {
			if w.text == "KT." {
				titlePage = w.page
			}
			if w.text == "Võ" {
				namePage = w.page
			}
		}
		if titlePage == 0 || titlePage != namePage {
			t.Errorf("%d filler lines: signer's title on page %d, name on page %d", n, titlePage, namePage)
		}
	}
}

// A paragraph of three lines never leaves its first line alone at the foot
// of a page, nor its last alone at the top.
func TestPDFNoOrphans(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	for n := 16; n <= 28; n++ {
		long := "Đoạn thử ba dòng mở đầu " + strings.Repeat("nội dung kéo dài ", 10) + "kết thúc đoạn."
		plan := planFromFile(t, "../../testdata/plan-min.toml", "[[doan]]\nso = \"II.\"", fillers(n)+
			"[[doan]]\nso = \"2.\"\ntieu_de = \"Đề mục thử\"\n\n[[doan]]\nnoi_dung = \""+long+"\"\n\n[[doan]]\nso = \"II.\"")
		d := testdocs.Document(t, plan, nil, generator.DocIssuer)
		ws := words(t, writeTemp(t, dir, fmt.Sprintf("o%d.pdf", n), render(t, d)))
		startPage, endPage, start, end := 0, 0, 0, 0
		for i, w := range ws {
			if w.text == "Đoạn" && ws[i+1].text == "thử" {
				startPage, start = w.page, i
			}
			if w.text == "đoạn." && ws[i-1].text == "thúc" {
				endPage, end = w.page, i
			}
		}
		lines := map[string]bool{}
		for _, w := range ws[start : end+1] {
			if w.yMax > 20 { // not a page number
				lines[fmt.Sprintf("%d/%.0f", w.page, w.yMin)] = true
			}
		}
		if len(lines) != 3 {
			t.Fatalf("the test paragraph has %d lines, want 3", len(lines))
		}
		if startPage == 0 || startPage != endPage {
			t.Errorf("%d filler lines: the three-line paragraph runs from page %d to page %d", n, startPage, endPage)
		}
		for _, w := range ws {
			if w.text == "thử" && w.page != startPage && strings.Contains(lastLine(ws, w.page), "Đề mục thử") {
				t.Errorf("%d filler lines: the heading ends page %d, its paragraph is on page %d", n, w.page, startPage)
			}
		}
	}
}

// allDocuments is the district plan and every document of every school,
// and two documents with characters beyond the Vietnamese repertoire, set
// with the whole faces.
func allDocuments(t testing.TB) []namedDoc {
	t.Helper()
	plan, schools := loadData(t)
	docs := []namedDoc{{"phong-ke-hoach", testdocs.Document(t, plan, nil, generator.DocIssuer)}}
	for i := range schools {
		for _, id := range plan.DocIDs() {
			d, err := testdocs.Compose(plan, &schools[i], id)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, namedDoc{schools[i].ID + "-" + d.Name, d})
		}
	}
	for _, i := range []int{0, len(docs) - 1} {
		other := *docs[i].doc
		other.Subject += " (Ωμέγα, Жж, ½ → ∞)"
		docs = append(docs, namedDoc{docs[i].name + "-other-scripts", &other})
	}
	return docs
}

// One Renderer renders every document from many goroutines at once, each
// document twice, and every rendering has the bytes of rendering the
// document alone.
func TestConcurrentRenderingMatchesSequential(t *testing.T) {
	r, err := pdf.NewRenderer(nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := allDocuments(t)
	want := make([][]byte, len(docs))
	for i, nd := range docs {
		var b bytes.Buffer
		if err := r.Render(&b, nd.doc, fixed); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	const workers, rounds = 8, 2
	got := make([][rounds][]byte, len(docs))
	errs := make(chan error, workers)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				var b bytes.Buffer
				if err := r.Render(&b, docs[j%len(docs)].doc, fixed); err != nil {
					errs <- err
					return
				}
				got[j%len(docs)][j/len(docs)] = b.Bytes()
			}
		})
	}
	for j := range rounds * len(docs) {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i, nd := range docs {
		for k := range rounds {
			if !bytes.Equal(got[i][k], want[i]) {
				t.Errorf("%s, concurrent rendering %d: got %d bytes, want the %d of rendering it alone", nd.name, k+1, len(got[i][k]), len(want[i]))
			}
		}
	}
}

// longWordDoc is a document whose one paragraph is a single word of about
// n bytes, changing between regular, bold and italic inside, and whose
// addressee is a single word of about n/10 bytes.
func longWordDoc(n int) *document.Document {
	const chunk = "Trườngtiểuhọc-ĐinhTiênHoàng/"
	reps := max(n/len(chunk)/3, 1)
	word := strings.Repeat(chunk, reps)
	addressee := strings.Repeat("Phòng-Giáo-dục/", max(n/10/len("Phòng-Giáo-dục/"), 1))
	return &document.Document{
		Name: "tu-dai",
		Header: document.Header{
			Parent:    "ỦY BAN NHÂN DÂN QUẬN 1",
			Issuer:    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
			Number:    "Số: 01/KH-GDĐT",
			PlaceDate: "Quận 1, ngày 05 tháng 3 năm 2025",
		},
		Type:    "KẾ HOẠCH",
		Subject: "Thử một từ rất dài",
		To:      []string{addressee},
		Body: []document.Block{&document.Paragraph{Role: document.Body, Runs: []document.Run{
			{Text: word}, {Text: word, Bold: true}, {Text: word, Italic: true},
		}}},
		Closing: document.Closing{
			RecipientsLabel: "Nơi nhận:",
			Recipients:      []string{"- Lưu: VT."},
			SignerTitle:     []string{"TRƯỞNG PHÒNG"},
			SignerName:      "Nguyễn Văn A",
		},
		Meta: document.Meta{Title: "Thử", Subject: "Thử", Author: "Thử"},
	}
}

// A word of 2 MB, longer than many pages, is cut line by line and loses
// no character; so is a long addressee. (That each line fits between the
// margins, TestCutLongWord checks: pdftotext -bbox takes long on 600
// pages.)
func TestPDFLongWord(t *testing.T) {
	needTool(t, "pdftotext")
	d := longWordDoc(2 << 20)
	path := writeTemp(t, t.TempDir(), "tu-dai.pdf", render(t, d))
	got := squeeze(normalize(pdfText(t, path)))
	var want string
	for _, l := range plaintext.Lines(d) {
		want += squeeze(normalize(l))
	}
	if got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("text differs at byte %d of %d: got %q, want %q", i, len(want), clipTo(got[i:], 60), clipTo(want[i:], 60))
	}
}

// BenchmarkLongWord renders a document whose paragraph is one word of
// 1 MB; the time grows linearly with the length of the word.
func BenchmarkLongWord(b *testing.B) {
	r := sharedRenderer(b)
	d := longWordDoc(1 << 20)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, d, fixed); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(1 << 20)
}

// A layout built in code that cannot be drawn is refused, with a reason.
func TestNewRendererChecksTheLayout(t *testing.T) {
	tests := []struct {
		name string
		edit func(l *document.Layout)
		want string
	}{
		{"no styles", func(l *document.Layout) { l.Styles = nil }, `thiếu kiểu "body"`},
		{"dotted lines past the margin", func(l *document.Layout) {
			s := l.Styles[document.StyleFill]
			s.Left = 300
			l.Styles[document.StyleFill] = s
		}, `kiểu "fill": thụt lề trái 300 mm`},
		{"a negative margin", func(l *document.Layout) { l.Page.Left = -10 }, "lề trang không được âm"},
		{"a tiny page", func(l *document.Layout) { l.Page.Width, l.Page.Height = 35, 50 }, "khổ giấy"},
		{"huge spacing", func(l *document.Layout) {
			s := l.Styles[document.StyleBody]
			s.Before = 20000
			l.Styles[document.StyleBody] = s
		}, "khoảng cách trước 20000 pt"},
		{"columns wider than the page", func(l *document.Layout) { l.HeaderColumns[1] = 400 }, "rộng hơn trang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := document.DefaultLayout()
			tt.edit(l)
			_, err := pdf.NewRenderer(l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// Documents built in code with odd parts (a table without columns, rows
// longer or shorter than the columns, nil blocks, an emoji) render
// without a panic; the emoji is drawn as U+FFFD.
func TestOddDocumentsRender(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], "report-6m")
	odd := *d
	odd.Subject = "Trường 🏫 vui"
	odd.Body = append([]document.Block{nil, (*document.Paragraph)(nil),
		&document.Table{},
		&document.Table{Columns: []document.Column{{Title: "A"}, {Title: "B"}}, Rows: [][]string{{"1", "2", "3", "4"}, {}, {"x"}}},
	}, d.Body...)
	path := writeTemp(t, t.TempDir(), "odd.pdf", render(t, &odd))
	text := pdfText(t, path)
	for _, want := range []string{"Trường \uFFFD vui", "A B", "1 2", "x"} {
		if !strings.Contains(normalize(text), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}

// The electronic copy is PDF 1.4 or later and carries its title, subject
// and author as XMP metadata, in Vietnamese.
func TestPDFVersionAndXMP(t *testing.T) {
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], generator.DocPlan)
	path := writeTemp(t, t.TempDir(), "x.pdf", render(t, d))
	info := pdfInfo(t, path)
	if v, err := strconv.ParseFloat(info["PDF version"], 64); err != nil || v < 1.4 {
		t.Errorf("PDF version %q, want 1.4 or later", info["PDF version"])
	}
	if info["Metadata Stream"] != "yes" {
		t.Error("no XMP metadata stream")
	}
	out, err := exec.Command(needTool(t, "pdfinfo"), "-meta", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Title   string `xml:"RDF>Description>title>Alt>li"`
		Subject string `xml:"RDF>Description>description>Alt>li"`
		Creator string `xml:"RDF>Description>creator>Seq>li"`
		Created string `xml:"RDF>Description>CreateDate"`
	}
	if err := xml.Unmarshal(out, &meta); err != nil {
		t.Fatalf("XMP is not well-formed: %v\n%s", err, out)
	}
	created := fixed.Created.UTC().Format(time.RFC3339)
	if meta.Title != d.Meta.Title || meta.Subject != d.Meta.Subject || meta.Creator != d.Meta.Author || meta.Created != created {
		t.Errorf("XMP: got %+v, want title %q, subject %q, creator %q, created %s", meta, d.Meta.Title, d.Meta.Subject, d.Meta.Author, created)
	}
}

// Between the signer's title and name there is room for a signature and
// a round seal: at least 30 mm (nd30.md).
func TestPDFRoomToSign(t *testing.T) {
	plan, schools := loadData(t)
	for _, s := range []int{0, 5} {
		d := testdocs.Document(t, plan, &schools[s], generator.DocPlan)
		ws := words(t, writeTemp(t, t.TempDir(), "x.pdf", render(t, d)))
		title := d.Closing.SignerTitle[len(d.Closing.SignerTitle)-1]
		lastWord := func(text string) string { f := strings.Fields(text); return f[len(f)-1] }
		var titleBottom, nameTop float64
		for i, w := range ws {
			if w.text == lastWord(title) && i+1 < len(ws) {
				titleBottom = w.yMax
			}
			if titleBottom > 0 && nameTop == 0 && w.yMin > titleBottom && w.text == strings.Fields(d.Closing.SignerName)[0] {
				nameTop = w.yMin
			}
		}
		if titleBottom == 0 || nameTop == 0 {
			t.Fatalf("%s: signer's title or name not found", schools[s].ID)
		}
		if gap := nameTop - titleBottom; gap < 30 {
			t.Errorf("%s: %.1f mm between %q and %q, want at least 30", schools[s].ID, gap, title, d.Closing.SignerName)
		}
	}
}

var ruleRe = regexp.MustCompile(`(?m)^([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S$`)

// The short rules under the issuer, the motto and the subject sit clear
// of the text above them (never under the dots of "ộ", where they read as
// underlines), and the issuer's is a third to a half of the name's width
// (nd30.md).
func TestPDFRules(t *testing.T) {
	qpdf := needTool(t, "qpdf")
	plan, schools := loadData(t)
	for _, s := range []int{0, 5, 30} {
		d := testdocs.Document(t, plan, &schools[s], generator.DocPlan)
		dir := t.TempDir()
		path := writeTemp(t, dir, "x.pdf", render(t, d))
		plain := filepath.Join(dir, "plain.pdf")
		if out, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", path, plain).CombinedOutput(); err != nil {
			t.Fatalf("qpdf: %v: %s", err, out)
		}
		raw, err := os.ReadFile(plain)
		if err != nil {
			t.Fatal(err)
		}
		var ws []bboxWord
		for _, w := range words(t, path) {
			if w.page == 1 {
				ws = append(ws, w)
			}
		}
		pageH := document.DefaultLayout().Page.Height
		rules := ruleRe.FindAllSubmatch(raw, -1)
		if len(rules) != 3 {
			t.Fatalf("%s: got %d rules on the pages, want 3 (issuer, motto, subject)", schools[s].ID, len(rules))
		}
		for i, m := range rules {
			f := func(b []byte) float64 { v, _ := strconv.ParseFloat(string(b), 64); return v * 25.4 / 72 }
			x1, x2, y := f(m[1]), f(m[3]), pageH-f(m[2])
			widest, lineBottom := 0.0, 0.0
			// The column the rule belongs to: the issuer's, the motto's,
			// or the whole text width for the subject's.
			l := document.DefaultLayout()
			lo, hi := l.Page.Left, l.Page.Width-l.Page.Right
			switch i {
			case 0:
				hi = lo + l.HeaderColumns[0]
			case 1:
				lo += l.HeaderColumns[0]
			}
			in := func(w bboxWord) bool { return w.xMin >= lo-0.1 && w.xMax <= hi+0.1 }
			// The lines just above the rule, in its column: the issuer's
			// name may take several.
			n := 1
			if i == 0 {
				n = len(strings.Split(d.Header.Issuer, "\n"))
			}
			var bottoms []float64
			for _, w := range ws {
				if in(w) && w.yMax < y+0.5 && !slices.ContainsFunc(bottoms, func(b float64) bool { return math.Abs(b-w.yMax) < 0.5 }) {
					bottoms = append(bottoms, w.yMax)
				}
			}
			slices.Sort(bottoms)
			if len(bottoms) < n {
				t.Fatalf("%s: rule %d has %d lines above it, want %d", schools[s].ID, i+1, len(bottoms), n)
			}
			lineBottom = bottoms[len(bottoms)-1]
			for _, bottom := range bottoms[len(bottoms)-n:] {
				first, last := 1e9, 0.0
				for _, w := range ws {
					if math.Abs(w.yMax-bottom) < 0.5 && in(w) {
						first, last = min(first, w.xMin), max(last, w.xMax)
					}
				}
				widest = max(widest, last-first)
			}
			if gap := y - lineBottom; gap < 1.2 || gap > 4 {
				t.Errorf("%s: rule %d is %.2f mm under the text above it, want 1.2 to 4 mm", schools[s].ID, i+1, gap)
			}
			if i == 0 {
				if r := (x2 - x1) / widest; r < 1.0/3-0.01 || r > 0.5+0.01 {
					t.Errorf("%s: the issuer's rule is %.2f of the name's width, want 1/3 to 1/2", schools[s].ID, r)
				}
			}
		}
	}
}

// A report's lines to write on start at the body's first-line indent and
// end at the right margin, as the template's dot-leader tab does, so that
// typed answers line up with the body.
func TestPDFFillLinesLikeTheBody(t *testing.T) {
	plan, schools := loadData(t)
	l := document.DefaultLayout()
	if fill, body := l.Style(document.StyleFill), l.Style(document.StyleBody); fill.FirstLine != body.FirstLine || fill.Align != body.Align {
		t.Fatalf("fill style indent %.1f mm, align %d; body %.1f mm, %d", fill.FirstLine, fill.Align, body.FirstLine, body.Align)
	}
	d := testdocs.Document(t, plan, &schools[0], "report-6m")
	n := 0
	for _, w := range words(t, writeTemp(t, t.TempDir(), "x.pdf", render(t, d))) {
		if strings.Trim(w.text, ".") != "" || len(w.text) < 20 {
			continue
		}
		n++
		start, end := l.Page.Left+l.Style(document.StyleBody).FirstLine, l.Page.Width-l.Page.Right
		if w.xMin < start-0.5 || w.xMin > start+1.5 || w.xMax > end+0.1 || w.xMax < end-1 {
			t.Errorf("page %d: dotted line from %.1f to %.1f mm, want from %.1f to %.1f", w.page, w.xMin, w.xMax, start, end)
		}
	}
	if n == 0 {
		t.Fatal("no dotted line found")
	}
}

// glyphsBelowMargin is how far the last line's glyphs may reach into the
// bottom margin: as in Word and LibreOffice, a line is in when its glyphs
// all but fit, the gap under them falling in the margin (bottomSlack).
const glyphsBelowMargin = 0.6 // mm

// Several addressees are listed as "- …;" lines whose dashes stand under
// the colon of "Kính gửi:", in the PDF and in the DOCX as LibreOffice
// prints it.
func TestAddresseesUnderTheColon(t *testing.T) {
	soffice := needTool(t, "soffice")
	plan, schools := loadData(t)
	d := testdocs.Document(t, plan, &schools[0], "report-6m")
	if len(d.To) < 3 {
		t.Fatalf("the report has %d Kính gửi lines; the test needs several addressees", len(d.To))
	}
	dir := t.TempDir()
	tmpl, err := docx.ParseTemplate(templates.FS, templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tmpl.Render(&b, d, docx.Options{Measure: sharedRenderer(t).Width}); err != nil {
		t.Fatal(err)
	}
	docxPath := writeTemp(t, dir, "report.docx", b.Bytes())
	ours := writeTemp(t, dir, "report.pdf", render(t, d))
	conv := filepath.Join(dir, "lo")
	if out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", conv, docxPath).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	colonW := sharedRenderer(t).Width(":", document.DefaultLayout().Style(document.StyleTo).Size, false, false)
	for _, path := range []string{ours, filepath.Join(conv, "report.pdf")} {
		ws := words(t, path)
		colon, dashes := 0.0, 0
		for i, w := range ws {
			if w.page != 1 {
				continue
			}
			if w.text == "gửi:" && i > 0 && ws[i-1].text == "Kính" {
				colon = w.xMax - colonW
			}
			if colon > 0 && strings.HasPrefix(w.text, "-") && w.xMin < colon+5 {
				dashes++
				if math.Abs(w.xMin-colon) > 0.5 {
					t.Errorf("%s: a dash at %.1f mm, the colon at %.1f mm", filepath.Base(path), w.xMin, colon)
				}
			}
		}
		if colon == 0 || dashes != len(d.To)-1 {
			t.Errorf("%s: found the colon at %.1f mm and %d dashes, want %d", filepath.Base(path), colon, dashes, len(d.To)-1)
		}
	}
}

// In the DOCX too, the rule under the issuer's name is a third to a half of
// the name's widest line: the rule paragraph's indents leave that much of
// the column, measured with the same fonts.
func TestDocxIssuerRule(t *testing.T) {
	plan, schools := loadData(t)
	tmpl, err := docx.ParseTemplate(templates.FS, templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	l := tmpl.Layout()
	indRe := regexp.MustCompile(`<w:pStyle w:val="KHRule"/>(?:<[^>]*>)*?<w:ind w:left="(\d+)" w:right="(\d+)"/>`)
	for _, s := range []int{0, 5, 30, 35} {
		d := testdocs.Document(t, plan, &schools[s], generator.DocPlan)
		var b bytes.Buffer
		if err := tmpl.Render(&b, d, docx.Options{Measure: sharedRenderer(t).Width}); err != nil {
			t.Fatal(err)
		}
		xml := testdocs.Part(t, b.Bytes(), "word/document.xml")
		m := indRe.FindSubmatch(xml)
		if m == nil {
			t.Fatalf("%s: no rule paragraph with indents", schools[s].ID)
		}
		left, _ := strconv.Atoi(string(m[1]))
		right, _ := strconv.Atoi(string(m[2]))
		rule := l.HeaderColumns[0] - float64(left+right)*25.4/1440
		widest := 0.0
		for _, line := range strings.Split(d.Header.Issuer, "\n") {
			widest = max(widest, sharedRenderer(t).Width(line, l.Sizes.Issuer, true, false))
		}
		if r := rule / widest; r < 1.0/3 || r > 0.5 {
			t.Errorf("%s: the rule is %.1f mm, %.2f of the name's %.1f mm, want 1/3 to 1/2", schools[s].ID, rule, r, widest)
		}
	}
}
