// This file is not part of upstream fpdf: it is a kehoach patch (see
// PATCHES.md), under the package's MIT license (see LICENSE). Fonts parsed
// once and shared, read-only, by any number of documents, written
// concurrently.

package fpdf

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// UTF8Font is a TrueType font parsed once by ParseUTF8Font, to be added to
// any number of documents with AddUTF8FontParsed instead of parsing it again
// for each with AddUTF8FontFromBytes. A UTF8Font is never changed after
// ParseUTF8Font returns: documents that share it may be built and written
// concurrently, each by its own goroutine (one Fpdf is still not safe for
// concurrent use).
type UTF8Font struct {
	key  string      // font key: family and style, as SetFont looks them up
	def  fontDefType // the parsed entry, without a document's state
	data []byte      // the TrueType file, read again when a subset is cut
}

// UTF8FontOptions tells ParseUTF8Font how the font is to be embedded.
type UTF8FontOptions struct {
	// EmbedWhole embeds every glyph of the font in each document, instead
	// of the subset of glyphs the document uses. The embedded streams (the
	// font program, its CIDToGIDMap and the glyph widths) are then the same
	// for every document: they are built and compressed once, by
	// ParseUTF8Font, and only copied into each document. The output is
	// that of a document which uses every character of the font. Suited to
	// a small font (one already cut down to the characters a set of
	// documents can use) shared by many documents.
	EmbedWhole bool
}

// ErrNotTrueType is returned by ParseUTF8Font for data that is not a
// TrueType font with a Unicode cmap.
var ErrNotTrueType = errors.New("fpdf: not a TrueType font with a Unicode cmap")

// ParseUTF8Font parses a TrueType font, as AddUTF8FontFromBytes does, for
// the family and style given (see AddUTF8FontFromBytes), and returns it
// ready to be added to documents with AddUTF8FontParsed. utf8Bytes must not
// be changed afterwards. A document that adds the result gives the same
// bytes as one that calls AddUTF8FontFromBytes with the same arguments,
// unless opt.EmbedWhole is set.
func ParseUTF8Font(familyStr, styleStr string, utf8Bytes []byte, opt UTF8FontOptions) (font *UTF8Font, err error) {
	defer func() {
		// The parser indexes the file without checking its bounds.
		if r := recover(); r != nil {
			font, err = nil, ErrNotTrueType
		}
	}()
	utf8File := newUTF8Font(&fileReader{array: utf8Bytes})
	if err := utf8File.parseFile(); err != nil {
		return nil, err
	}
	key := getFontKey(fontFamilyEscape(familyStr), styleStr)
	def := fontDefType{
		Tp:   "UTF8",
		Name: key,
		Desc: FontDescType{
			Ascent:       int(utf8File.Ascent),
			Descent:      int(utf8File.Descent),
			CapHeight:    utf8File.CapHeight,
			Flags:        utf8File.Flags,
			FontBBox:     utf8File.Bbox,
			ItalicAngle:  utf8File.ItalicAngle,
			StemV:        utf8File.StemV,
			MissingWidth: round(utf8File.DefaultWidth),
		},
		Up: int(round(utf8File.UnderlinePosition)),
		Ut: round(utf8File.UnderlineThickness),
		Cw: utf8File.CharWidths,
	}
	if def.i, err = generateFontID(def); err != nil {
		return nil, err
	}
	if opt.EmbedWhole {
		// Every character the font has a glyph for (CharWidths has a
		// non-zero width for those, 65535 standing for zero), added to
		// the set a new document starts with, as Text would add them.
		used := makeSubsetRange(57)
		for r := 1; r < len(def.Cw); r++ {
			if def.Cw[r] != 0 {
				used[r] = r
			}
		}
		whole := def
		whole.usedRunes = used
		whole.utf8File = newUTF8Font(&fileReader{array: utf8Bytes})
		s := makeUTF8FontStreams(&whole)
		if s.length1 == 0 {
			return nil, ErrNotTrueType
		}
		def.whole = &utf8FontStreams{
			shared:      true,
			widths:      s.widths,
			cidToGIDMap: append([]byte(nil), s.cidToGIDMap...),
			font:        append([]byte(nil), s.font...),
			length1:     s.length1,
		}
		s.release()
	}
	return &UTF8Font{key: key, def: def, data: utf8Bytes}, nil
}

// AddUTF8FontParsed makes a font parsed by ParseUTF8Font available to the
// document under the family and style it was parsed for, as
// AddUTF8FontFromBytes would, without parsing it again. Like
// AddUTF8FontFromBytes, it does nothing when the document already has a
// font of that family and style.
func (f *Fpdf) AddUTF8FontParsed(font *UTF8Font) {
	if f.err != nil {
		return
	}
	if font == nil {
		f.err = errors.New("fpdf: AddUTF8FontParsed: nil font")
		return
	}
	if _, ok := f.fonts[font.key]; ok {
		return
	}
	def := font.def
	// What a document changes as it is written is its own: the set of
	// runes it uses, and the state of the subsetter.
	if f.aliasNbPagesStr == "" {
		def.usedRunes = makeSubsetRange(57)
	} else {
		def.usedRunes = makeSubsetRange(32)
	}
	def.utf8File = newUTF8Font(&fileReader{array: font.data})
	f.fonts[font.key] = def
}

// utf8FontStreams is what putfonts writes for a UTF-8 font besides its
// dictionaries.
type utf8FontStreams struct {
	widths      string       // the /W entry of the CIDFont dictionary
	cidToGIDMap []byte       // the CIDToGIDMap stream, compressed
	font        []byte       // the font program, compressed
	length1     int          // the length of the font program uncompressed
	shared      bool         // built by ParseUTF8Font for every document
	mems        []*membuffer // pooled buffers to release once written
}

// makeUTF8FontStreams cuts the subset of font that its used runes need and
// compresses it; release returns the buffers to their pool.
func makeUTF8FontStreams(font *fontDefType) *utf8FontStreams {
	usedRunes := font.usedRunes
	delete(usedRunes, 0)
	utf8FontStream := font.utf8File.GenerateCutFont(usedRunes)
	s := &utf8FontStreams{
		widths:  generateCIDFontMap(font, font.utf8File.LastRune),
		length1: len(utf8FontStream),
	}
	codeSignDictionary := font.utf8File.CodeSymbolDictionary
	delete(codeSignDictionary, 0)

	cidToGidMap := make([]byte, 256*256*2)
	for cc, glyph := range codeSignDictionary {
		cidToGidMap[cc*2] = byte(glyph >> 8)
		cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
	}
	mem := xmem.compress(cidToGidMap)
	s.cidToGIDMap = mem.bytes()
	s.mems = append(s.mems, mem)

	mem = xmem.compress(utf8FontStream)
	s.font = mem.bytes()
	s.mems = append(s.mems, mem)
	return s
}

func (s *utf8FontStreams) release() {
	// Shared streams have none, and are never written to.
	for _, mem := range s.mems {
		mem.release()
	}
}

// putUTF8FontStreams writes the CIDToGIDMap and font program objects.
func (f *Fpdf) putUTF8FontStreams(s *utf8FontStreams) {
	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(s.cidToGIDMap)) + "/Filter /FlateDecode>>")
	f.putstreamBytes(s.cidToGIDMap, s.shared)
	f.out("endobj")

	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(s.font)))
	f.out("/Filter /FlateDecode")
	f.out("/Length1 " + strconv.Itoa(s.length1))
	f.out(">>")
	f.putstreamBytes(s.font, s.shared)
	f.out("endobj")
}

// putstreamBytes writes what putstream does, without converting b to a
// string on the way: font streams are large. A shared b is left as it is
// (encryption works in place).
func (f *Fpdf) putstreamBytes(b []byte, shared bool) {
	if f.protect.encrypted {
		if shared {
			b = append([]byte(nil), b...)
		}
		f.protect.rc4(uint32(f.n), &b)
	}
	f.out("stream")
	buf := &f.buffer.Buffer
	if f.state == 2 {
		buf = f.pages[f.page]
	}
	buf.Grow(len(b) + len("\nendstream\n"))
	must(buf.Write(b))
	must(buf.WriteString("\n"))
	f.out("endstream")
}

// appendFixed2 appends v as fmt's %.2f does.
func appendFixed2(b []byte, v float64) []byte {
	if math.IsInf(v, 0) {
		return fmt.Appendf(b, "%.2f", v) // "+Inf" for strconv, "Inf" for fmt
	}
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// growForOutput makes room in the output buffer, once, for what enddoc is
// about to write: the fonts' shared streams, copied as they are, and the
// pages, compressed (kehoach patch). Growing the buffer stream by stream
// copied the whole document several times over.
func (f *Fpdf) growForOutput() {
	n := 16 << 10
	for _, font := range f.fonts {
		if w := font.whole; w != nil {
			n += len(w.font) + len(w.cidToGIDMap) + len(w.widths) + 1024
		}
	}
	for _, p := range f.pages {
		if p != nil {
			n += p.Len() / 3 // a page's text compresses to about a third or less
		}
	}
	f.buffer.Grow(n)
}
