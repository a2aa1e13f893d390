package pdf

import (
	"fmt"
	"reflect"
	"sync"
	"unsafe"

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

// fontSet is the fonts parsed once for the process.
//
// fpdf parses a TrueType font, builds a 64K-entry width table and hashes it
// as JSON each time a font is added to a document, then walks the whole
// font again to subset it when the document is written: about 4 ms a face,
// 16 ms of the 20 ms a plan took. So the faces are parsed once, into two
// prototype documents: one with the faces stripped to the Vietnamese
// repertoire (see stripFont), which nearly every document needs, and one
// with the whole faces for the rare document that uses other characters.
// Each new document gets a copy of a prototype's font entries (copyFonts);
// TestFontCopyMatchesFreshFonts checks that this gives the very bytes that
// adding the fonts anew gives.
type fontSet struct {
	stripped, full *fpdf.Fpdf
	strippedRunes  map[rune]bool
	strippedTTF    [4][]byte
	widths         [4][]uint16 // advance widths in 1/1000 em, by rune
}

var (
	fontsOnce sync.Once
	fonts     *fontSet
	fontsErr  error
)

func loadFonts() (*fontSet, error) {
	fontsOnce.Do(func() {
		fonts, fontsErr = parseFonts()
	})
	return fonts, fontsErr
}

func parseFonts() (*fontSet, error) {
	fs := &fontSet{full: newDocument(), stripped: newDocument()}
	for s, ttf := range faces {
		small, kept, err := stripFont(ttf, repertoire)
		if err != nil {
			return nil, fmt.Errorf("pdf: phông chữ %s: %w", fpdfStyles[s], err)
		}
		if fs.strippedRunes == nil {
			fs.strippedRunes = kept
		}
		for r := range fs.strippedRunes {
			if !kept[r] { // a face lacks what another has: keep what all have
				delete(fs.strippedRunes, r)
			}
		}
		fs.strippedTTF[s] = small
		fs.full.AddUTF8FontFromBytes(family, fpdfStyles[s], ttf)
		fs.stripped.AddUTF8FontFromBytes(family, fpdfStyles[s], small)
	}
	for _, p := range []*fpdf.Fpdf{fs.full, fs.stripped} {
		if err := p.Error(); err != nil {
			return nil, fmt.Errorf("pdf: nạp phông chữ: %w", err)
		}
	}
	// Widths, measured once through fpdf itself so that the layout agrees
	// with what fpdf would measure.
	for s := range faces {
		fs.full.SetFont(family, fpdfStyles[s], 1000)
		w := make([]uint16, 0x10000)
		var buf [4]byte
		for r := rune(0x20); r < 0x10000; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			n := encodeRune(buf[:], r)
			w[r] = uint16(fs.full.GetStringSymbolWidth(string(buf[:n])))
		}
		fs.widths[s] = w
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

func newDocument() *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	return f
}

// width returns the width of s in style st at size pt, in mm.
func (fs *fontSet) width(st style, size float64, s string) float64 {
	w := 0
	tab := fs.widths[st]
	for _, r := range s {
		if r < 0x10000 && tab[r] > 0 {
			w += int(tab[r])
		} else {
			w += 500
		}
	}
	return float64(w) * size / 1000 * ptMM
}

// documentFor returns a new document holding copies of the parsed fonts:
// the stripped faces when they have every character of text.
func (fs *fontSet) documentFor(text []string) *fpdf.Fpdf {
	proto := fs.stripped
	for _, l := range text {
		for _, r := range l {
			if !fs.strippedRunes[r] {
				proto = fs.full
			}
		}
	}
	f := newDocument()
	copyFonts(f, proto)
	return f
}

// copyFonts gives dst its own copy of src's font entries. fpdf keeps them in
// an unexported map of unexported structs, hence reflect and unsafe. Each
// entry's value is copied; the two parts a document changes as it is
// written, the set of used runes and the reading position in the font file,
// are copied deeply. The font's bytes and width table are shared: fpdf only
// reads them.
func copyFonts(dst, src *fpdf.Fpdf) {
	srcFonts := field(reflect.ValueOf(src).Elem(), "fonts")
	dstFonts := field(reflect.ValueOf(dst).Elem(), "fonts")
	if dstFonts.IsNil() {
		dstFonts.Set(reflect.MakeMap(srcFonts.Type()))
	}
	it := srcFonts.MapRange()
	for it.Next() {
		def := reflect.New(it.Value().Type()).Elem()
		def.Set(it.Value())
		runes := field(def, "usedRunes")
		if !runes.IsNil() {
			fresh := reflect.MakeMapWithSize(runes.Type(), runes.Len())
			ri := runes.MapRange()
			for ri.Next() {
				fresh.SetMapIndex(ri.Key(), ri.Value())
			}
			runes.Set(fresh)
		}
		file := field(def, "utf8File")
		if !file.IsNil() {
			fileCopy := reflect.New(file.Type().Elem())
			fileCopy.Elem().Set(file.Elem())
			reader := field(fileCopy.Elem(), "fileReader")
			if !reader.IsNil() {
				readerCopy := reflect.New(reader.Type().Elem())
				readerCopy.Elem().Set(reader.Elem())
				reader.Set(readerCopy)
			}
			file.Set(fileCopy)
		}
		dstFonts.SetMapIndex(it.Key(), def)
	}
}

// field returns a settable view of the named, possibly unexported field.
func field(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	if !f.IsValid() {
		panic("pdf: fpdf has no field " + name + "; the font cache needs updating for this fpdf version")
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}
