package pdf

import (
	"fmt"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// family is the name the four Liberation Serif faces are registered under;
// Liberation Serif has the metrics of Times New Roman.
const family = "LiberationSerif"

// style is a face of the family.
type style int

const (
	regular style = iota
	bold
	italic
	boldItalic
)

func styleOf(b, i bool) style {
	switch {
	case b && i:
		return boldItalic
	case b:
		return bold
	case i:
		return italic
	}
	return regular
}

var fpdfStyles = [4]string{"", "B", "I", "BI"}

var faces = [4][]byte{
	liberationserifregular.TTF,
	liberationserifbold.TTF,
	liberationserifitalic.TTF,
	liberationserifbolditalic.TTF,
}

// fontSet is the four faces, parsed once and shared, read-only, by every
// document a Renderer writes.
//
// fpdf parses a TrueType font, builds a 64K-entry width table and hashes it
// as JSON each time a font is added to a document, then walks the whole
// font again to subset it when the document is written: about 4 ms a face,
// 16 ms of the 20 ms a plan took. So the faces are parsed once, with
// fpdf.ParseUTF8Font (a kehoach patch of fpdf, see
// third_party/fpdf/PATCHES.md), in two versions: stripped to the
// Vietnamese repertoire (see stripFont), which nearly every document needs
// and which is embedded whole, its compressed streams built once for all
// documents; and the whole faces, subset for each document, for the rare
// document that uses other characters. TestFontCopyMatchesFreshFonts
// checks that a shared font gives the very bytes that adding the font
// anew gives.
type fontSet struct {
	stripped, full [4]*fpdf.UTF8Font
	strippedRunes  []bool // by rune: in every stripped face
	fullRunes      []bool // by rune: in every whole face
	strippedTTF    [4][]byte
	widths         [4][]uint16 // advance widths in 1/1000 em, by rune
}

// newFontSet parses the four faces, whole and stripped.
func newFontSet() (*fontSet, error) {
	fs := &fontSet{}
	inAll := map[rune]int{} // how many faces keep each rune
	for s, ttf := range faces {
		small, kept, err := stripFont(ttf, repertoire)
		if err != nil {
			return nil, fmt.Errorf("pdf: phông chữ %s: %w", fpdfStyles[s], err)
		}
		for r := range kept {
			inAll[r]++
		}
		fs.strippedTTF[s] = small
		if fs.full[s], err = fpdf.ParseUTF8Font(family, fpdfStyles[s], ttf, fpdf.UTF8FontOptions{}); err != nil {
			return nil, fmt.Errorf("pdf: nạp phông chữ %s: %w", fpdfStyles[s], err)
		}
		if fs.stripped[s], err = fpdf.ParseUTF8Font(family, fpdfStyles[s], small, fpdf.UTF8FontOptions{EmbedWhole: true}); err != nil {
			return nil, fmt.Errorf("pdf: nạp phông chữ %s (rút gọn): %w", fpdfStyles[s], err)
		}
	}
	// What every whole face can draw.
	fs.fullRunes = make([]bool, 0x10000)
	for r := range fs.fullRunes {
		fs.fullRunes[r] = true
	}
	for _, ttf := range faces {
		tables, err := readTables(ttf)
		if err != nil {
			return nil, err
		}
		cmap, err := unicodeCmap(tables["cmap"])
		if err != nil {
			return nil, err
		}
		for r := range fs.fullRunes {
			if _, ok := cmap[rune(r)]; !ok {
				fs.fullRunes[r] = false
			}
		}
	}
	// A face lacks what another has: keep what all have.
	fs.strippedRunes = make([]bool, 0x10000)
	for r, n := range inAll {
		if r < 0x10000 && n == len(faces) {
			fs.strippedRunes[r] = true
		}
	}
	// Widths, measured once through fpdf itself so that the layout agrees
	// with what fpdf would measure.
	f := newDocument(fs.full)
	for s := range faces {
		f.SetFont(family, fpdfStyles[s], 1000)
		w := make([]uint16, 0x10000)
		var buf [4]byte
		for r := rune(0x20); r < 0x10000; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			n := encodeRune(buf[:], r)
			w[r] = uint16(f.GetStringSymbolWidth(string(buf[:n])))
		}
		fs.widths[s] = w
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: đo phông chữ: %w", err)
	}
	return fs, nil
}

func encodeRune(b []byte, r rune) int {
	switch {
	case r < 0x80:
		b[0] = byte(r)
		return 1
	case r < 0x800:
		b[0] = 0xC0 | byte(r>>6)
		b[1] = 0x80 | byte(r)&0x3F
		return 2
	default:
		b[0] = 0xE0 | byte(r>>12)
		b[1] = 0x80 | byte(r>>6)&0x3F
		b[2] = 0x80 | byte(r)&0x3F
		return 3
	}
}

// blankDocument returns an empty document without fonts.
func blankDocument() *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	return f
}

// newDocument returns an empty document with the given faces.
func newDocument(faces [4]*fpdf.UTF8Font) *fpdf.Fpdf {
	f := blankDocument()
	for _, face := range faces {
		f.AddUTF8FontParsed(face)
	}
	return f
}

// width returns the width of s in style st at size pt, in mm.
func (fs *fontSet) width(st style, size float64, s string) float64 {
	return unitsMM(fs.units(st, s), size)
}

// units returns the width of s in style st, in 1/1000 em; widths add up
// exactly in these units, so that a long text can be measured piece by
// piece.
func (fs *fontSet) units(st style, s string) int {
	w := 0
	tab := fs.widths[st]
	for _, r := range s {
		if r < 0x10000 && tab[r] > 0 {
			w += int(tab[r])
		} else {
			w += 500
		}
	}
	return w
}

// unitsMM converts a width in 1/1000 em at size pt to mm.
func unitsMM(u int, size float64) float64 {
	return float64(u) * size / 1000 * ptMM
}

// documentFor returns a new document holding the parsed fonts: the
// stripped faces when they have every character of text.
func (fs *fontSet) documentFor(text []string) *fpdf.Fpdf {
	if fs.strippedHas(text) {
		return newDocument(fs.stripped)
	}
	return newDocument(fs.full)
}

// strippedHas tells whether the stripped faces have every character of
// text that is drawn (line breaks and tabs are not).
func (fs *fontSet) strippedHas(text []string) bool {
	for _, l := range text {
		for _, r := range bmpOnly(l) {
			if r >= ' ' && !fs.inStripped(r) {
				return false
			}
		}
	}
	return true
}

// missing returns the first character of text that is drawn and that a
// face lacks. Characters beyond the BMP are drawn as U+FFFD (bmpOnly).
func (fs *fontSet) missing(text []string) (rune, bool) {
	for _, l := range text {
		for _, r := range bmpOnly(l) {
			if r >= ' ' && r != utf8.RuneError && !fs.fullRunes[r] {
				return r, true
			}
		}
	}
	return 0, false
}

// inStripped tells whether every stripped face has r.
func (fs *fontSet) inStripped(r rune) bool {
	return r >= 0 && int(r) < len(fs.strippedRunes) && fs.strippedRunes[r]
}
