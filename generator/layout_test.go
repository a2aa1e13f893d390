package generator_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"kehoach/generator"
	"kehoach/internal/testdocs"
	"kehoach/internal/tooltest"
)

// restyled returns the embedded template with its parts edited; each edit
// must change its part.
func restyled(t *testing.T, edits map[string]func(string) string) fstest.MapFS {
	t.Helper()
	checked := map[string]func(string) string{}
	for name, edit := range edits {
		checked[name] = func(s string) string {
			if out := edit(s); out != s {
				return out
			}
			t.Fatalf("%s: the edit changed nothing", name)
			return s
		}
	}
	return fstest.MapFS{"van-ban.docx": {Data: testdocs.Template(t, checked)}}
}

type box struct {
	page                   int
	xMin, yMin, xMax, yMax float64 // mm
	text                   string
}

var wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func pdfWords(t *testing.T, pdf []byte) []box {
	t.Helper()
	bin := tooltest.Need(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var ws []box
	for i, page := range strings.Split(string(out), "<page ")[1:] {
		for _, m := range wordRe.FindAllStringSubmatch(page, -1) {
			f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v * 25.4 / 72 }
			ws = append(ws, box{i + 1, f(m[1]), f(m[2]), f(m[3]), f(m[4]), m[5]})
		}
	}
	return ws
}

// bodyMetrics reads, off page 2 of a rendered school plan (body text
// only), the left edge of the text and the median height of a word box,
// which is the font size times the face's ascent plus descent.
func bodyMetrics(t *testing.T, g *generator.Generator) (left, height float64) {
	t.Helper()
	var b bytes.Buffer
	if err := g.Render(context.Background(), &b, g.Documents()[1], generator.PDF); err != nil {
		t.Fatal(err)
	}
	left = 1e9
	var hs []float64
	for _, w := range pdfWords(t, b.Bytes()) {
		if w.page != 2 || w.yMin < 25 { // the page number sits in the top margin
			continue
		}
		left = min(left, w.xMin)
		hs = append(hs, w.yMax-w.yMin)
	}
	if len(hs) == 0 {
		t.Fatal("page 2 has no text")
	}
	sort.Float64s(hs)
	return left, hs[len(hs)/2]
}

// A template restyled in Word (body text 13 pt, left margin 35 mm) gives a
// PDF with 13 pt body text and a 35 mm margin: one layout for every format.
func TestRestyledTemplateReachesThePDF(t *testing.T) {
	plan, schools := loadData(t)
	base, err := generator.New(plan, schools, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := restyled(t, map[string]func(string) string{
		"word/styles.xml": func(s string) string {
			return strings.Replace(s, `<w:name w:val="KH Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr>`,
				`<w:name w:val="KH Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>`, 1)
		},
		"word/document.xml": func(s string) string {
			return strings.Replace(s, `w:left="1701"`, `w:left="1985"`, 1)
		},
	})
	g, err := generator.New(plan, schools, generator.Options{Templates: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if l := g.Layout(); l.Page.Left < 34.95 || l.Page.Left > 35.05 || l.Styles["body"].Size != 13 {
		t.Errorf("layout: got left margin %.2f mm, body %.1f pt; want 35 mm, 13 pt", l.Page.Left, l.Styles["body"].Size)
	}
	// The header and signature tables, 165 mm wide, now reach into the
	// right margin: valid, but worth a warning.
	warned := strings.Join(g.Warnings(), "\n")
	if !strings.Contains(warned, "bảng đầu văn bản (cơ quan, quốc hiệu) rộng 165 mm, hơn khoảng giữa hai lề (160 mm)") || !strings.Contains(warned, "bảng chữ ký") {
		t.Errorf("no warning about the tables: %q", warned)
	}
	if w := strings.Join(base.Warnings(), "\n"); strings.Contains(w, "lấn sang lề phải") {
		t.Errorf("the embedded template gets a warning: %q", w)
	}
	left0, h0 := bodyMetrics(t, base)
	left, h := bodyMetrics(t, g)
	if left0 < 29.5 || left0 > 30.5 {
		t.Errorf("embedded template: text starts at %.1f mm, want 30", left0)
	}
	if left < 34.5 || left > 35.5 {
		t.Errorf("restyled template: text starts at %.1f mm, want 35", left)
	}
	// Word boxes are proportional to the font size.
	if got, want := h/h0, 13.0/14.0; got < want-0.01 || got > want+0.01 {
		t.Errorf("restyled template: body words are %.3f of their former height, want %.3f (13 pt for 14 pt)", got, want)
	}
}
