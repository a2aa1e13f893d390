package generator

import (
	"strconv"
	"strings"
)

// Vietnamese point letters run in alphabet order: after d comes đ, and
// there is no f, j, w or z (nd30.md).
var pointLetters = []string{"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"}

// Levels of numbering, outermost first (nd30.md, "Numbering inside the
// body"). A plan uses the ones it needs; "Phần I" and "1.1." are optional
// levels, the others may not be skipped.
const (
	levelDivision  = 1 + iota // Phần I
	levelPart                 // I.
	levelClause               // 1.
	levelSubClause            // 1.1.
	levelPoint                // a)
	levelDash                 // -
	levelPlus                 // +
	levels
)

// divisionWord opens a division's label: "Phần I".
const divisionWord = "Phần"

// levelOf tells the depth of a label, 0 for none and -1 for a label of no
// known form.
func levelOf(label string) int {
	switch {
	case label == "":
		return 0
	case label == "-":
		return levelDash
	case label == "+":
		return levelPlus
	}
	if rest, ok := cutDivision(label); ok {
		if isRoman(strings.TrimSuffix(rest, ".")) {
			return levelDivision
		}
		return -1
	}
	n := len(label)
	if n < 2 {
		return -1
	}
	body, end := label[:n-1], label[n-1]
	switch {
	case end == '.' && isRoman(body):
		return levelPart
	case end == '.' && isDigits(body):
		return levelClause
	case end == '.':
		if a, b, ok := strings.Cut(body, "."); ok && isDigits(a) && isDigits(b) {
			return levelSubClause
		}
	case end == ')':
		for _, l := range pointLetters {
			if body == l {
				return levelPoint
			}
		}
	}
	return -1
}

// cutDivision takes "Phần " (in any case) off a label.
func cutDivision(label string) (string, bool) {
	f := strings.Fields(label)
	if len(f) != 2 || !strings.EqualFold(f[0], divisionWord) && f[0] != "PHẦN" {
		return "", false
	}
	return f[1], true
}

// canonicalLabel is a label as the numberer writes it: "PHẦN II." reads
// "Phần II".
func canonicalLabel(label string) string {
	if rest, ok := cutDivision(label); ok {
		return divisionWord + " " + strings.TrimSuffix(rest, ".")
	}
	return label
}

func isRoman(s string) bool {
	for _, r := range s {
		if r != 'I' && r != 'V' && r != 'X' && r != 'L' && r != 'C' {
			return false
		}
	}
	return s != ""
}

func roman(n int) string {
	vals := []int{100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	out := ""
	for i, v := range vals {
		for n >= v {
			out += syms[i]
			n -= v
		}
	}
	return out
}

// numberer hands out labels in document order.
type numberer struct {
	count [levels]int
	depth int    // level of the label handed out last
	last  string // the label handed out last
}

// fits reports whether a label of the level may come next: "1." only
// under a Roman part, "1.1." under "1.", "a)" under "1." or "1.1.".
func (n *numberer) fits(level int) bool {
	switch level {
	case levelClause:
		return n.depth >= levelPart
	case levelSubClause, levelPoint:
		return n.depth >= levelClause
	}
	return true
}

func (n *numberer) next(level int) string {
	n.last = n.label(level)
	return n.last
}

func (n *numberer) label(level int) string {
	n.depth = level
	switch level {
	case levelDash:
		return "-"
	case levelPlus:
		return "+"
	}
	n.count[level]++
	for l := level + 1; l < len(n.count); l++ {
		n.count[l] = 0
	}
	c := n.count[level]
	switch level {
	case levelDivision:
		return divisionWord + " " + roman(c)
	case levelPart:
		return roman(c) + "."
	case levelClause:
		return strconv.Itoa(c) + "."
	case levelSubClause:
		return strconv.Itoa(n.count[levelClause]) + "." + strconv.Itoa(c) + "."
	}
	if c <= len(pointLetters) {
		return pointLetters[c-1] + ")"
	}
	return strconv.Itoa(c) + ")"
}
