package pdf

import (
	"math"
	"strings"
	"unicode/utf8"

	"kehoach/generator/document"
)

// unit is a block laid out into lines, ready to be placed on pages.
type unit struct {
	lines         []line
	before, after float64 // spacing, mm
	keepNext      bool    // stay on the page of the next unit's first lines
	// A page break may fall inside the unit only with at least minFirst
	// lines before it and minLast after it: 2 and 2 for a paragraph (no
	// orphan, no widow), len(lines) for a block that must not split.
	minFirst, minLast int
	header            *line // drawn again at the top of each page the unit continues on
}

// line is one line of a unit: its height and how to draw it at a given top.
type line struct {
	h    float64
	draw func(top float64)
}

func (u *unit) height() float64 {
	h := 0.0
	for _, l := range u.lines {
		h += l.h
	}
	return h
}

// head is the height of the part of u that must share a page with what
// keeps with it: its first minFirst lines, or all of it when it cannot be
// split at all (a paragraph of three lines cannot: 2 + 1 leaves a widow).
func (u *unit) head() float64 {
	n := max(u.minFirst, 1)
	if len(u.lines) < u.minFirst+u.minLast {
		n = len(u.lines)
	}
	h := 0.0
	for _, l := range u.lines[:min(n, len(u.lines))] {
		h += l.h
	}
	return h
}

// flow places the units on pages: headings stay with what follows them, a
// paragraph never leaves one line alone at the foot or the top of a page,
// and blocks that must not split move whole to the next page.
func (r *renderer) flow(units []unit) {
	for i := range units {
		u := &units[i]
		if len(u.lines) == 0 {
			continue
		}
		atTop := r.y == r.top
		if !atTop {
			r.y += u.before
		}
		// Keep-with-next chains: the unit, every unit chained to it, and
		// the head of the first one that is not.
		if u.keepNext && !atTop {
			need := u.height() + u.after
			for j := i + 1; j < len(units); j++ {
				need += units[j].before
				if !units[j].keepNext {
					need += units[j].head()
					break
				}
				need += units[j].height() + units[j].after
			}
			if r.y+need > r.bottom && r.top+need <= r.bottom {
				r.newPage()
			}
		}
		r.place(u)
		r.y += u.after
	}
}

// bottomSlack is how far the last line on a page may reach past the bottom
// margin: Word and LibreOffice let a line in when its glyphs fit, its
// leading (the gap under the descent) may fall in the margin.
const bottomSlack = 0.6 // mm

// place draws u's lines from the current position on, breaking pages as
// its minFirst and minLast allow.
func (r *renderer) place(u *unit) {
	lines := u.lines
	first := true // no line of u placed yet
	fresh := r.y == r.top
	for len(lines) > 0 {
		n, fit := len(lines), 0
		used := 0.0
		for _, l := range lines {
			if used+l.h > r.bottom-r.y+bottomSlack {
				break
			}
			used += l.h
			fit++
		}
		k := fit
		if k < n {
			if n-k < u.minLast {
				k = n - u.minLast
			}
			if first && k < u.minFirst {
				k = 0
			}
		}
		if k <= 0 {
			if !fresh {
				r.newPage()
				if !first && u.header != nil {
					u.header.draw(r.y)
					r.y += u.header.h
				}
				fresh = true
				continue
			}
			k = max(fit, 1) // taller than a page: draw what fits, at least a line
		}
		for _, l := range lines[:k] {
			l.draw(r.y)
			r.y += l.h
		}
		lines = lines[k:]
		first = false
		if len(lines) > 0 {
			r.newPage()
			if u.header != nil {
				u.header.draw(r.y)
				r.y += u.header.h
			}
			fresh = true
		}
	}
}

// piece is text in one style.
type piece struct {
	st   style
	text string
}

// word is what lies between two spaces; it may change style inside.
type word struct {
	pieces []piece
	w      float64
}

func (r *renderer) bodyUnits(blocks []document.Block) []unit {
	var out []unit
	for _, b := range blocks {
		switch x := b.(type) {
		case *document.Paragraph:
			if x != nil {
				out = append(out, r.paragraphUnit(x))
			}
		case *document.FillLines:
			if x != nil {
				out = append(out, r.fillUnit(x.Count))
			}
		case *document.Table:
			if x != nil && len(x.Columns) > 0 {
				out = append(out, r.tableUnit(x))
			}
		}
	}
	return out
}

// words splits a paragraph's label and runs at spaces.
func (r *renderer) words(p *document.Paragraph, rs document.Style) []word {
	size := rs.Size
	var words []word
	cur := word{}
	flush := func() {
		if len(cur.pieces) > 0 {
			words = append(words, cur)
		}
		cur = word{}
	}
	add := func(st style, text string) {
		for i, part := range strings.Split(text, " ") {
			if i > 0 {
				flush()
			}
			if part == "" {
				continue
			}
			cur.pieces = append(cur.pieces, piece{st, part})
			cur.w += r.fonts.width(st, size, part)
		}
	}
	if p.Label != "" {
		add(styleOf(rs.Bold, rs.Italic), p.Label+" ")
	}
	for _, run := range p.Runs {
		add(styleOf(rs.Bold || run.Bold, rs.Italic || run.Italic), strings.ReplaceAll(run.Text, "\n", " "))
	}
	flush()
	return words
}

func (r *renderer) paragraphUnit(p *document.Paragraph) unit {
	rs := r.l.Style(p.Role.Style())
	size := rs.Size
	lh := styleLine(rs)
	space := r.fonts.width(regular, size, " ")
	words := r.words(p, rs)
	u := unit{before: rs.Before * ptMM, after: rs.After * ptMM, keepNext: rs.KeepNext || p.KeepNext, minFirst: 1, minLast: 1}
	if rs.WidowControl {
		u.minFirst, u.minLast = 2, 2 // no orphan, no widow
	}
	left := r.left + rs.Left
	full := r.textW - rs.Left - rs.Right
	// Greedy line breaking; a word wider than a whole line (an address) is
	// cut where the line ends.
	var lines [][]word
	var cur []word
	curW := 0.0
	avail := full - rs.FirstLine
	for _, w := range words {
		need := w.w
		if len(cur) > 0 {
			need += space
		}
		if curW+need > avail+1e-6 && len(cur) > 0 {
			lines = append(lines, cur)
			cur, curW, avail = nil, 0, full
			need = w.w
		}
		if len(cur) == 0 && w.w > avail+1e-6 {
			heads, rest := r.cut(w, avail, full, size)
			for _, h := range heads {
				lines = append(lines, []word{h})
			}
			avail = full
			w = rest
			need = w.w
		}
		cur = append(cur, w)
		curW += need
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	for i, ws := range lines {
		x0 := left
		width := full
		if i == 0 {
			x0 += rs.FirstLine
			width -= rs.FirstLine
		}
		natural := 0.0
		for j, w := range ws {
			natural += w.w
			if j > 0 {
				natural += space
			}
		}
		gap := space
		switch {
		case rs.Align == document.AlignJustify && i < len(lines)-1 && len(ws) > 1:
			gap = space + (width-natural)/float64(len(ws)-1)
		case rs.Align == document.AlignCenter:
			x0 += (width - natural) / 2
		case rs.Align == document.AlignRight:
			x0 += width - natural
		}
		ws := ws
		first := i == 0
		u.lines = append(u.lines, line{h: lh, draw: func(top float64) {
			if first && (p.Role == document.Part || p.Role == document.Heading) {
				// An outline entry, so that a reader can jump to a section.
				level := 0
				if p.Role == document.Heading {
					level = 1
				}
				r.pdf.Bookmark(strings.TrimSpace(p.Label+" "+plainRuns(p.Runs)), level, top)
			}
			x := x0
			for _, w := range ws {
				px := x
				for _, pc := range w.pieces {
					r.text(pc.st, size, px, top, pc.text)
					px += r.fonts.width(pc.st, size, pc.text)
				}
				x += w.w + gap
			}
		}})
	}
	return u
}

// cut splits a word that does not fit on a line (a long e-mail address)
// where it reaches the width: into full lines, the first first wide and the
// others width wide, and the rest, which fits on a line. Each character is
// measured once, so that a word of megabytes takes linear time.
func (r *renderer) cut(w word, first, width, size float64) ([]word, word) {
	var lines []word
	var cur word
	avail := first
	for _, pc := range w.pieces {
		start := 0 // where the part of pc on the current line starts
		for i := 0; i < len(pc.text); {
			_, n := utf8.DecodeRuneInString(pc.text[i:])
			cw := r.fonts.width(pc.st, size, pc.text[i:i+n])
			// A line takes at least one character, however wide.
			if cur.w+cw > avail && (i > start || len(cur.pieces) > 0) {
				if i > start {
					cur.pieces = append(cur.pieces, piece{pc.st, pc.text[start:i]})
				}
				lines = append(lines, cur)
				cur, avail, start = word{}, width, i
			}
			cur.w += cw
			i += n
		}
		if start < len(pc.text) {
			cur.pieces = append(cur.pieces, piece{pc.st, pc.text[start:]})
		}
	}
	// The rest is measured whole, as every other word is.
	cur.w = 0
	for _, pc := range cur.pieces {
		cur.w += r.fonts.width(pc.st, size, pc.text)
	}
	return lines, cur
}

// fillUnit draws dotted lines across the text column to write on.
func (r *renderer) fillUnit(count int) unit {
	st := r.l.Style(document.StyleFill)
	// As the template's dot-leader tab: from the first-line indent to a
	// right stop at the margin, so typed answers start like body text.
	dot := r.fonts.width(faceOf(st), st.Size, ".")
	width := r.textW - st.Left - st.Right - max(st.FirstLine, 0)
	n := max(0, int(math.Floor(width/dot)))
	dots := strings.Repeat(".", n)
	x := r.left + r.textW - st.Right - float64(n)*dot
	u := unit{minFirst: 1, minLast: 1}
	for i := 0; i < count; i++ {
		u.lines = append(u.lines, line{h: styleLine(st) + (st.Before+st.After)*ptMM, draw: func(top float64) {
			r.text(faceOf(st), st.Size, x, top+st.Before*ptMM, dots)
		}})
	}
	return u
}

// tableUnit lays out the figures table: bordered cells, wrapped text, one
// line per row so that rows never split, and the header row repeated.
func (r *renderer) tableUnit(t *document.Table) unit {
	textSt, headSt := r.l.Style(document.StyleTableText), r.l.Style(document.StyleTableHead)
	pad := r.l.TableCellPadding
	total := 0.0
	for _, c := range t.Columns {
		total += c.Width
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		if total > 0 && c.Width > 0 {
			widths[i] = r.textW * c.Width / total
		} else { // widths not given: equal columns
			widths[i] = r.textW / float64(len(t.Columns))
		}
	}
	row := func(cells []string, header bool) line {
		ps := textSt
		if header {
			ps = headSt
		}
		st, size := faceOf(ps), ps.Size
		wrapped := make([][]string, len(cells))
		rows := 1
		for i, c := range cells {
			wrapped[i] = r.wrapPlain(st, size, widths[i]-2*pad, c)
			rows = max(rows, len(wrapped[i]))
		}
		lh := styleLine(ps)
		h := float64(rows)*lh + (ps.Before+ps.After)*ptMM
		return line{h: h, draw: func(top float64) {
			x := r.left
			for i := range cells {
				r.pdf.Rect(x, top, widths[i], h, "D")
				ty := top + ps.Before*ptMM + (float64(rows-len(wrapped[i]))*lh)/2
				for _, l := range wrapped[i] {
					lw := r.fonts.width(st, size, l)
					tx := x + (widths[i]-lw)/2
					if !header && i == 1 {
						tx = x + pad
					}
					if l != "" {
						r.text(st, size, tx, ty, l)
					}
					ty += lh
				}
				x += widths[i]
			}
		}}
	}
	var head line
	if len(t.Groups) == 0 {
		titles := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			titles[i] = c.Title
		}
		head = row(t.Cells(titles), true)
	} else {
		head = r.groupedHeader(t, widths)
	}
	u := unit{after: r.l.Style(document.StyleBody).After * ptMM, header: &head, minFirst: 2, minLast: 1} // the header row and a row
	u.lines = append(u.lines, head)
	for _, cells := range t.Rows {
		u.lines = append(u.lines, row(t.Cells(cells), false))
	}
	return u
}

// groupedHeader is a table header of two rows: each group's title over its
// columns, their titles under it, and the titles of the other columns in
// cells as high as both rows, centred in them.
func (r *renderer) groupedHeader(t *document.Table, widths []float64) line {
	ps := r.l.Style(document.StyleTableHead)
	st, size, pad, lh := faceOf(ps), ps.Size, r.l.TableCellPadding, styleLine(ps)
	space := (ps.Before + ps.After) * ptMM
	wrap := func(text string, w float64) []string { return r.wrapPlain(st, size, w-2*pad, text) }
	type cell struct {
		x, w     float64
		lines    []string
		row      int // 0: the groups' row, 1: the columns' row, 2: both
		from, to int
	}
	var cells []cell
	x := r.left
	rows1, rows2, both := 1, 1, 1
	for i := 0; i < len(t.Columns); i++ {
		if g := t.GroupAt(i); g != nil {
			gw := 0.0
			for _, w := range widths[g.From : g.To+1] {
				gw += w
			}
			c := cell{x: x, w: gw, lines: wrap(g.Title, gw), row: 0}
			rows1 = max(rows1, len(c.lines))
			cells = append(cells, c)
			for k := g.From; k <= g.To; k++ {
				c := cell{x: x, w: widths[k], lines: wrap(t.Columns[k].Title, widths[k]), row: 1}
				rows2 = max(rows2, len(c.lines))
				cells = append(cells, c)
				x += widths[k]
			}
			i = g.To
			continue
		}
		c := cell{x: x, w: widths[i], lines: wrap(t.Columns[i].Title, widths[i]), row: 2}
		both = max(both, len(c.lines))
		cells = append(cells, c)
		x += widths[i]
	}
	h1, h2 := float64(rows1)*lh+space, float64(rows2)*lh+space
	if need := float64(both)*lh + space; need > h1+h2 {
		h2 += need - h1 - h2
	}
	return line{h: h1 + h2, draw: func(top float64) {
		for _, c := range cells {
			y, h := top, h1
			switch c.row {
			case 1:
				y, h = top+h1, h2
			case 2:
				h = h1 + h2
			}
			r.pdf.Rect(c.x, y, c.w, h, "D")
			ty := y + (h-float64(len(c.lines))*lh)/2
			for _, l := range c.lines {
				if l != "" {
					r.text(st, size, c.x+(c.w-r.fonts.width(st, size, l))/2, ty, l)
				}
				ty += lh
			}
		}
	}}
}

// closingUnit is the signature block: recipients on the left, the signer's
// title, room to sign and the name on the right. It does not split, unless
// a long list of recipients makes it taller than a page; then the list
// goes on over the next page, the signer staying beside its start.
func (r *renderer) closingUnit(c document.Closing) unit {
	leftW, rightW := r.l.ClosingColumns[0], r.l.ClosingColumns[1]
	lx := r.left
	rx := r.left + leftW + rightW/2
	recSt, signSt := r.l.Style(document.StyleRecipients), r.l.Style(document.StyleSigner)
	type leftLine struct {
		st   style
		size float64
		text string
	}
	left := []leftLine{{boldItalic, r.l.Sizes.RecipientsLabel, c.RecipientsLabel}}
	for _, item := range c.Recipients {
		for _, l := range r.wrapPlain(faceOf(recSt), recSt.Size, leftW, item) {
			left = append(left, leftLine{faceOf(recSt), recSt.Size, l})
		}
	}
	sf, ss := faceOf(signSt), signSt.Size
	signLines := r.l.SignLines
	rightLines := signLines + len(r.wrapPlain(sf, ss, rightW, c.SignerName))
	for _, t := range c.SignerTitle {
		rightLines += len(r.wrapPlain(sf, ss, rightW, t))
	}
	rightH := float64(rightLines) * lineHeight(ss)
	drawRight := func(top float64) {
		y := top
		for _, t := range c.SignerTitle {
			y, _ = r.centred(sf, ss, rx, rightW, y, t)
		}
		y += float64(signLines) * lineHeight(ss)
		r.centred(sf, ss, rx, rightW, y, c.SignerName)
	}
	u := unit{before: r.l.ClosingGap * ptMM}
	covered, cover := 0.0, 0
	for i, l := range left {
		h := lineHeight(l.size)
		if covered < rightH {
			covered += h
			cover = i + 1
		}
	}
	// The signer is drawn after the recipients, so that the text reads as
	// the plain-text rendering does: left column, then right. Only a list
	// longer than a page has the signer drawn beside its first part.
	total := covered
	for _, l := range left[cover:] {
		total += lineHeight(l.size)
	}
	tall := max(total, rightH) > r.bottom-r.top
	drawAt := len(left) - 1
	if tall {
		drawAt = cover - 1
	}
	top := 0.0
	for i, l := range left {
		l, i := l, i
		u.lines = append(u.lines, line{h: lineHeight(l.size), draw: func(y float64) {
			if i == 0 {
				top = y
			}
			r.text(l.st, l.size, lx, y, l.text)
			if i == drawAt {
				drawRight(top)
			}
		}})
	}
	if covered < rightH { // a short list: the signer sets the height
		u.lines[len(u.lines)-1].h += rightH - covered
	}
	u.minFirst, u.minLast = len(u.lines), 1
	if tall {
		u.minFirst = cover
	}
	return u
}

func plainRuns(runs []document.Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}
