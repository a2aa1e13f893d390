package pdf

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"kehoach/generator/document"
)

// composeFirstPlan is a plan-like document built from the seed plan's text
// (the package cannot use the composer, which imports it).
func composeFirstPlan(t *testing.T) *document.Document {
	t.Helper()
	seed, err := os.ReadFile("../../testdata/ke-hoach-2025-phong-gddt-quan-1.txt")
	if err != nil {
		t.Fatal(err)
	}
	d := &document.Document{
		Name:    "ke-hoach",
		Header:  document.Header{Parent: "ỦY BAN NHÂN DÂN QUẬN 1", Issuer: "TRƯỜNG TIỂU HỌC\nNGUYỄN BỈNH KHIÊM", Number: "Số:      /KH-THNBK", PlaceDate: "Quận 1, ngày      tháng      năm 2025"},
		Type:    "KẾ HOẠCH",
		Subject: "Thực hiện công tác dân vận của chính quyền\nvà Quy chế dân chủ ở cơ sở năm 2025",
		Closing: document.Closing{RecipientsLabel: "Nơi nhận:", Recipients: []string{"- Phòng GD&ĐT Quận 1;", "- Lưu: VT."}, SignerTitle: []string{"HIỆU TRƯỞNG"}, SignerName: "Trần Đức Hạnh Quỳnh"},
	}
	for _, l := range strings.Split(string(seed), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			d.Body = append(d.Body, &document.Paragraph{Role: document.Body, Runs: []document.Run{{Text: l}, {Text: " *", Italic: true}}})
		}
	}
	d.Body = append(d.Body, &document.FillLines{Count: 3}, &document.Table{Columns: []document.Column{{Title: "TT", Width: 1}, {Title: "Nội dung", Width: 5}}, Rows: [][]string{{"1", "Số cuộc đối thoại"}}})
	return d
}

func fontSetFor(t *testing.T) *fontSet {
	t.Helper()
	fs, err := newFontSet()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// output renders d into f.
func output(t *testing.T, fs *fontSet, f *fpdf.Fpdf, d *document.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	opt := Options{Created: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)}
	if err := newTestRenderer(fs, f).render(&b, d, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A document given the shared parsed fonts has the very bytes of one that
// parses them anew: with AddUTF8FontFromBytes for the whole faces, subset
// for each document; with a new ParseUTF8Font for the stripped faces,
// embedded whole. The shared fonts first serve another document, to show
// that a document leaves nothing behind in them.
func TestFontCopyMatchesFreshFonts(t *testing.T) {
	fs := fontSetFor(t)
	d := composeFirstPlan(t)
	other := *d
	other.Subject = "Chữ khác: ẮẰẲẴẶ ỨỪỬỮỰ € ₫ № Ωж"
	for name, tc := range map[string]struct {
		shared [4]*fpdf.UTF8Font
		fresh  func() *fpdf.Fpdf
	}{
		"full": {fs.full, func() *fpdf.Fpdf {
			f := blankDocument()
			for s, ttf := range faces {
				f.AddUTF8FontFromBytes(family, fpdfStyles[s], ttf)
			}
			return f
		}},
		"stripped": {fs.stripped, func() *fpdf.Fpdf {
			var parsed [4]*fpdf.UTF8Font
			for s, ttf := range fs.strippedTTF {
				var err error
				parsed[s], err = fpdf.ParseUTF8Font(family, fpdfStyles[s], ttf, fpdf.UTF8FontOptions{EmbedWhole: true})
				if err != nil {
					t.Fatal(err)
				}
			}
			return newDocument(parsed)
		}},
	} {
		t.Run(name, func(t *testing.T) {
			output(t, fs, newDocument(tc.shared), &other)
			got := output(t, fs, newDocument(tc.shared), d)
			want := output(t, fs, tc.fresh(), d)
			if !bytes.Equal(got, want) {
				t.Errorf("shared fonts give %d bytes, fresh fonts %d, and they differ", len(got), len(want))
			}
		})
	}
}

// A stripped face embedded whole gives what fpdf's own subsetting gives for
// a document that uses every character of the face.
func TestWholeFaceIsSubsetOfEveryCharacter(t *testing.T) {
	fs := fontSetFor(t)
	every := string(repertoire)
	draw := func(f *fpdf.Fpdf) []byte {
		f.AddPage()
		for s := range faces {
			f.SetFont(family, fpdfStyles[s], 12)
			f.Text(10, float64(20+10*s), every)
		}
		var b bytes.Buffer
		if err := f.Output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	fresh := blankDocument()
	for s, ttf := range fs.strippedTTF {
		fresh.AddUTF8FontFromBytes(family, fpdfStyles[s], ttf)
	}
	want := draw(fresh)
	got := draw(newDocument(fs.stripped))
	if !bytes.Equal(got, want) {
		t.Errorf("whole faces give %d bytes, subset to every character %d, and they differ", len(got), len(want))
	}
}

// Documents sharing the fonts are independent: a document's used runes do
// not leak into the shared fonts or into the next document.
func TestFontCopiesAreIndependent(t *testing.T) {
	rd, err := NewRenderer(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := composeFirstPlan(t)
	opt := Options{Created: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)}
	var first, other, again bytes.Buffer
	if err := rd.Render(&first, d, opt); err != nil {
		t.Fatal(err)
	}
	big := *d
	big.Subject = "Chữ khác: ẮẰẲẴẶ ỨỪỬỮỰ € ₫ №"
	if err := rd.Render(&other, &big, opt); err != nil {
		t.Fatal(err)
	}
	if err := rd.Render(&again, d, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Error("rendering another document changed the output of the first")
	}
}

// The stripped faces hold every letter of Vietnamese; text outside them
// falls back to the whole faces.
func TestStrippedRepertoire(t *testing.T) {
	fs := fontSetFor(t)
	const vietnamese = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY" +
		"áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ" +
		"ÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ“”‘’–—…"
	for _, r := range vietnamese {
		if !fs.inStripped(r) {
			t.Errorf("%q is not in the stripped faces", r)
		}
	}
	if fs.documentFor([]string{vietnamese}) == nil {
		t.Fatal("no document")
	}
	if len(fs.strippedTTF[0]) > len(faces[0])/4 {
		t.Errorf("stripped face is %d bytes of %d", len(fs.strippedTTF[0]), len(faces[0]))
	}
	for _, r := range "Ωж" {
		if fs.inStripped(r) {
			t.Errorf("%q should not be in the stripped faces", r)
		}
	}
}

func newTestRenderer(fs *fontSet, f *fpdf.Fpdf) *renderer {
	r := &renderer{fonts: fs, pdf: f, l: document.DefaultLayout()}
	r.geometry()
	return r
}

// Vietnamese documents, line breaks in their header included, are set
// with the stripped faces (fast, streams shared); other scripts with the
// whole faces.
func TestStrippedFacesForVietnamese(t *testing.T) {
	fs := fontSetFor(t)
	d := composeFirstPlan(t)
	if !strings.Contains(d.Header.Issuer, "\n") {
		t.Fatal("the sample's issuer has no line break; the test needs one")
	}
	if !fs.strippedHas(d.Strings()) {
		t.Error("a Vietnamese document is set with the whole faces")
	}
	if fs.strippedHas(append(d.Strings(), "Ωμέγα")) {
		t.Error("Greek is set with the stripped faces")
	}
}
