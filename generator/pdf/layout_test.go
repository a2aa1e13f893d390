package pdf

import (
	"strings"
	"testing"

	"kehoach/generator/document"
)

// A word far wider than a line is cut into lines that each fit, the first
// no wider than its own width, and lose or double no character; the rest
// fits on a line. wrapPlain does the same for text of one style.
func TestCutLongWord(t *testing.T) {
	r := newTestRenderer(fontSetFor(t), nil)
	textW, firstIndent := r.textW, r.l.Style(document.StyleBody).FirstLine
	const size = 14
	long := strings.Repeat("Trườngtiểuhọc-ĐinhTiênHoàng/", 40000) // about 1 MB
	for name, w := range map[string]word{
		"one style":    {pieces: []piece{{regular, long}}},
		"three styles": {pieces: []piece{{regular, long[:len(long)/3]}, {bold, long[len(long)/3:]}, {italic, "Ωж"}}},
		"wide glyphs":  {pieces: []piece{{bold, strings.Repeat("W", 1000)}}},
	} {
		t.Run(name, func(t *testing.T) {
			for _, pc := range w.pieces {
				w.w += r.fonts.width(pc.st, size, pc.text)
			}
			first, width := textW-firstIndent, textW
			lines, rest := r.cut(w, first, width, size)
			var all, wantAll strings.Builder
			for _, pc := range w.pieces {
				wantAll.WriteString(pc.text)
			}
			for i, l := range append(lines, rest) {
				limit := width
				if i == 0 {
					limit = first
				}
				lw := 0.0
				for _, pc := range l.pieces {
					all.WriteString(pc.text)
					lw += r.fonts.width(pc.st, size, pc.text)
				}
				if lw > limit+1e-6 {
					t.Fatalf("line %d is %.2f mm wide, more than %.2f", i+1, lw, limit)
				}
				if i < len(lines) && lw < limit-10 {
					t.Fatalf("line %d is %.2f mm wide, cut well before %.2f", i+1, lw, limit)
				}
			}
			if all.String() != wantAll.String() {
				t.Errorf("the lines hold %d bytes, the word %d", all.Len(), wantAll.Len())
			}
		})
	}
	t.Run("wrapPlain", func(t *testing.T) {
		text := "Kính gửi " + long + " và"
		lines := r.wrapPlain(regular, size, textW, text)
		// The cut lines of the word join without space; no space is lost
		// elsewhere, so comparing without spaces is enough.
		got, want := strings.Join(lines, ""), strings.ReplaceAll(text, " ", "")
		got = strings.ReplaceAll(got, " ", "")
		if got != want {
			t.Errorf("the lines hold %d bytes, the text %d", len(got), len(want))
		}
		for i, l := range lines {
			if w := r.fonts.width(regular, size, l); w > textW {
				t.Fatalf("line %d is %.2f mm wide, more than %.2f", i+1, w, textW)
			}
		}
	})
}
