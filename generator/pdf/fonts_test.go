package pdf

import (
	"bytes"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
)

func composeFirstPlan(t *testing.T) *document.Document {
	t.Helper()
	plan, schools, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	return generator.ComposeSchoolPlan(plan, &schools[0])
}

// Copying the parsed fonts into a document gives the very bytes that adding
// the fonts to it anew gives, for the stripped and the whole faces alike.
func TestFontCopyMatchesFreshFonts(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	d := composeFirstPlan(t)
	opt := Options{Created: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)}
	for name, tc := range map[string]struct {
		proto *fpdf.Fpdf
		ttf   [4][]byte
	}{
		"stripped": {fs.stripped, fs.strippedTTF},
		"full":     {fs.full, faces},
	} {
		t.Run(name, func(t *testing.T) {
			fresh := newDocument()
			for s, ttf := range tc.ttf {
				fresh.AddUTF8FontFromBytes(family, fpdfStyles[s], ttf)
			}
			copied := newDocument()
			copyFonts(copied, tc.proto)
			var a, b bytes.Buffer
			if err := (&renderer{fonts: fs, pdf: fresh}).render(&a, d, opt); err != nil {
				t.Fatal(err)
			}
			if err := (&renderer{fonts: fs, pdf: copied}).render(&b, d, opt); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("copied fonts give %d bytes, fresh fonts %d, and they differ", b.Len(), a.Len())
			}
		})
	}
}

// Copies are independent: a document's used runes do not leak into the
// prototype or into the next document.
func TestFontCopiesAreIndependent(t *testing.T) {
	d := composeFirstPlan(t)
	opt := Options{Created: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)}
	var first, other, again bytes.Buffer
	if err := RenderWith(&first, d, opt); err != nil {
		t.Fatal(err)
	}
	big := *d
	big.Subject = "Chữ khác: ẮẰẲẴẶ ỨỪỬỮỰ € ₫ №"
	if err := RenderWith(&other, &big, opt); err != nil {
		t.Fatal(err)
	}
	if err := RenderWith(&again, d, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Error("rendering another document changed the output of the first")
	}
}

// The stripped faces hold every letter of Vietnamese; text outside them
// falls back to the whole faces.
func TestStrippedRepertoire(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	const vietnamese = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY" +
		"áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ" +
		"ÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ“”‘’–—…"
	for _, r := range vietnamese {
		if !fs.strippedRunes[r] {
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
		if fs.strippedRunes[r] {
			t.Errorf("%q should not be in the stripped faces", r)
		}
	}
}
