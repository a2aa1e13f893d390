package pdf

import (
	"encoding/binary"
	"errors"
	"sort"
)

// repertoire is what Vietnamese official documents are written with:
// ASCII, Latin-1, the Vietnamese letters and the usual punctuation. A
// document using anything else is set with the whole fonts (slower).
var repertoire = func() []rune {
	var rs []rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			rs = append(rs, r)
		}
	}
	add(0x20, 0x7E)
	add(0xA0, 0xFF)
	for _, r := range []rune{0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0,
		0x300, 0x301, 0x303, 0x309, 0x323, 0x2030, 0x2039, 0x203A, 0x20AB, 0x20AC, 0x2116, 0x2122} {
		rs = append(rs, r)
	}
	add(0x1EA0, 0x1EF9)
	add(0x2010, 0x2027)
	return rs
}()

// stripFont returns ttf with only the glyphs of runes and the glyphs they
// are built from, renumbered, with a cmap for just those runes; the
// hinting tables are kept, the layout tables (GSUB, GPOS, kern) that fpdf
// does not use are left out. fpdf walks the whole cmap, metrics and glyph
// table of a font for every document it writes; on a font of a few hundred
// glyphs instead of 2,600 that work is a fraction.
func stripFont(ttf []byte, runes []rune) ([]byte, map[rune]bool, error) {
	tables, err := readTables(ttf)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "glyf", "loca"} {
		if _, ok := tables[t]; !ok {
			return nil, nil, errors.New("pdf: font lacks table " + t)
		}
	}
	cmap, err := unicodeCmap(tables["cmap"])
	if err != nil {
		return nil, nil, err
	}
	head := tables["head"]
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	numGlyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
	loca := readLoca(tables["loca"], numGlyphs, longLoca)
	glyf := tables["glyf"]

	keep := map[int]bool{0: true}
	kept := map[rune]bool{}
	var mapping []runeGlyph
	for _, r := range runes {
		if g, ok := cmap[r]; ok {
			kept[r] = true
			mapping = append(mapping, runeGlyph{r, g})
			keepGlyph(g, keep, glyf, loca)
		}
	}
	// Kept glyphs get new ids in their old order, 0 (.notdef) first.
	var order []int
	newID := map[int]int{}
	for g := 0; g < numGlyphs; g++ {
		if keep[g] {
			newID[g] = len(order)
			order = append(order, g)
		}
	}
	for i := range mapping {
		mapping[i].g = newID[mapping[i].g]
	}
	var newGlyf, newLoca, newHmtx []byte
	hmtx := tables["hmtx"]
	metrics := int(binary.BigEndian.Uint16(tables["hhea"][34:]))
	for _, g := range order {
		if longLoca {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
		} else {
			newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(len(newGlyf)/2))
		}
		data := append([]byte(nil), glyf[loca[g]:loca[g+1]]...)
		renumberComponents(data, newID)
		newGlyf = append(newGlyf, data...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
		adv, lsb := hmtx[4*(metrics-1):4*(metrics-1)+2], hmtx[4*metrics+2*(g-metrics):]
		if g < metrics {
			adv, lsb = hmtx[4*g:], hmtx[4*g+2:]
		}
		newHmtx = append(newHmtx, adv[0], adv[1], lsb[0], lsb[1])
	}
	if longLoca {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
	} else {
		newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(len(newGlyf)/2))
	}
	hhea := append([]byte(nil), tables["hhea"]...)
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(order)))
	maxp := append([]byte(nil), tables["maxp"]...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(order)))
	out := map[string][]byte{
		"cmap": buildCmap(mapping),
		"glyf": newGlyf,
		"loca": newLoca,
		"hmtx": newHmtx,
		"hhea": hhea,
		"maxp": maxp,
	}
	if post, ok := tables["post"]; ok && len(post) >= 32 {
		// Format 3: no glyph names, which were numbered by the old ids.
		p := append([]byte(nil), post[:32]...)
		binary.BigEndian.PutUint32(p, 0x00030000)
		out["post"] = p
	}
	for _, t := range []string{"head", "name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if b, ok := tables[t]; ok {
			out[t] = b
		}
	}
	return writeFont(out), kept, nil
}

type runeGlyph struct {
	r rune
	g int
}

func readTables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("pdf: font too short")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errors.New("pdf: font table directory truncated")
		}
		tag := string(ttf[rec : rec+4])
		off := binary.BigEndian.Uint32(ttf[rec+8:])
		size := binary.BigEndian.Uint32(ttf[rec+12:])
		if uint64(off)+uint64(size) > uint64(len(ttf)) {
			return nil, errors.New("pdf: font table " + tag + " out of range")
		}
		tables[tag] = ttf[off : off+size]
	}
	return tables, nil
}

// unicodeCmap reads the (3,1) format 4 subtable.
func unicodeCmap(cmap []byte) (map[rune]int, error) {
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		platform := binary.BigEndian.Uint16(cmap[rec:])
		encoding := binary.BigEndian.Uint16(cmap[rec+2:])
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if platform != 3 || encoding != 1 || binary.BigEndian.Uint16(cmap[off:]) != 4 {
			continue
		}
		sub := cmap[off:]
		segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
		ends, starts := sub[14:], sub[16+2*segs:]
		deltas, ranges := sub[16+4*segs:], sub[16+6*segs:]
		m := map[rune]int{}
		for s := 0; s < segs; s++ {
			end := int(binary.BigEndian.Uint16(ends[2*s:]))
			start := int(binary.BigEndian.Uint16(starts[2*s:]))
			delta := int(binary.BigEndian.Uint16(deltas[2*s:]))
			ro := int(binary.BigEndian.Uint16(ranges[2*s:]))
			for c := start; c <= end && c != 0xFFFF; c++ {
				g := 0
				if ro == 0 {
					g = (c + delta) & 0xFFFF
				} else {
					at := 16 + 6*segs + 2*s + ro + 2*(c-start)
					if at+2 > len(sub) {
						continue
					}
					if g = int(binary.BigEndian.Uint16(sub[at:])); g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
				if g != 0 {
					m[rune(c)] = g
				}
			}
		}
		return m, nil
	}
	return nil, errors.New("pdf: font has no Unicode (3,1) format 4 cmap")
}

func readLoca(loca []byte, numGlyphs int, long bool) []uint32 {
	out := make([]uint32, numGlyphs+1)
	for i := range out {
		if long {
			out[i] = binary.BigEndian.Uint32(loca[4*i:])
		} else {
			out[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
	}
	return out
}

// renumberComponents rewrites the component ids of a composite glyph.
func renumberComponents(data []byte, newID map[int]int) {
	eachComponent(data, func(at int) {
		old := int(binary.BigEndian.Uint16(data[at:]))
		binary.BigEndian.PutUint16(data[at:], uint16(newID[old]))
	})
}

// keepGlyph marks g and, for a composite glyph, its components.
func keepGlyph(g int, keep map[int]bool, glyf []byte, loca []uint32) {
	if keep[g] && g != 0 || g+1 >= len(loca) {
		return
	}
	keep[g] = true
	data := glyf[loca[g]:loca[g+1]]
	eachComponent(data, func(at int) {
		keepGlyph(int(binary.BigEndian.Uint16(data[at:])), keep, glyf, loca)
	})
}

// eachComponent calls fn with the offset of each component's glyph id in a
// composite glyph; a simple glyph has none.
func eachComponent(data []byte, fn func(at int)) {
	if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		more         = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	for p := 10; p+4 <= len(data); {
		flags := binary.BigEndian.Uint16(data[p:])
		fn(p + 2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&have2x2 != 0:
			p += 8
		}
		if flags&more == 0 {
			return
		}
	}
}

// buildCmap writes a cmap with one (3,1) format 4 subtable, one segment
// per run of consecutive code points.
func buildCmap(mapping []runeGlyph) []byte {
	sort.Slice(mapping, func(i, j int) bool { return mapping[i].r < mapping[j].r })
	type seg struct{ start, end int }
	var segs []seg
	for _, m := range mapping {
		if n := len(segs); n > 0 && segs[n-1].end+1 == int(m.r) {
			segs[n-1].end = int(m.r)
		} else {
			segs = append(segs, seg{int(m.r), int(m.r)})
		}
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF})
	glyphOf := map[int]int{}
	for _, m := range mapping {
		glyphOf[int(m.r)] = m.g
	}
	n := len(segs)
	var ends, starts, deltas, offsets, glyphIDs []byte
	for i, s := range segs {
		ends = binary.BigEndian.AppendUint16(ends, uint16(s.end))
		starts = binary.BigEndian.AppendUint16(starts, uint16(s.start))
		deltas = binary.BigEndian.AppendUint16(deltas, 0)
		if s.start == 0xFFFF {
			deltas[len(deltas)-2], deltas[len(deltas)-1] = 0, 1
			offsets = binary.BigEndian.AppendUint16(offsets, 0)
			continue
		}
		// idRangeOffset counts from this entry of the offsets array.
		offsets = binary.BigEndian.AppendUint16(offsets, uint16(2*(n-i)+len(glyphIDs)))
		for c := s.start; c <= s.end; c++ {
			glyphIDs = binary.BigEndian.AppendUint16(glyphIDs, uint16(glyphOf[c]))
		}
	}
	searchRange, selector := 2, 0
	for searchRange*2 <= 2*n {
		searchRange *= 2
		selector++
	}
	var sub []byte
	length := 16 + 8*n + len(glyphIDs)
	for _, v := range []int{4, length, 0, 2 * n, searchRange, selector, 2*n - searchRange} {
		sub = binary.BigEndian.AppendUint16(sub, uint16(v))
	}
	sub = append(sub, ends...)
	sub = append(sub, 0, 0)
	sub = append(sub, starts...)
	sub = append(sub, deltas...)
	sub = append(sub, offsets...)
	sub = append(sub, glyphIDs...)
	out := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(out, sub...)
}

// writeFont assembles tables into a TrueType file with a correct directory
// and checksums.
func writeFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	searchRange, selector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		selector++
	}
	out := []byte{0, 1, 0, 0}
	for _, v := range []int{n, searchRange * 16, selector, n*16 - searchRange*16} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	offset := 12 + 16*n
	var body []byte
	headAt := -1
	for _, t := range tags {
		data := tables[t]
		if t == "head" {
			data = append([]byte(nil), data...)
			binary.BigEndian.PutUint32(data[8:], 0) // checkSumAdjustment, set below
			headAt = offset + len(body)
		}
		out = append(out, t...)
		out = binary.BigEndian.AppendUint32(out, checksum(data))
		out = binary.BigEndian.AppendUint32(out, uint32(offset+len(body)))
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		body = append(body, data...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	out = append(out, body...)
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
