package generator

import "strconv"

// Vietnamese point letters run in alphabet order: after d comes đ, and
// there is no f, j, w or z (nd30.md).
var pointLetters = []string{"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"}

// levelOf tells the depth of a label: 1 for "I.", 2 for "1.", 3 for "a)",
// 4 for "-", 5 for "+", 0 for none and -1 for a label of no known form.
func levelOf(label string) int {
	switch {
	case label == "":
		return 0
	case label == "-":
		return 4
	case label == "+":
		return 5
	}
	n := len(label)
	if n < 2 {
		return -1
	}
	body, end := label[:n-1], label[n-1]
	switch {
	case end == '.' && isRoman(body):
		return 1
	case end == '.' && isDigits(body):
		return 2
	case end == ')':
		for _, l := range pointLetters {
			if body == l {
				return 3
			}
		}
	}
	return -1
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
	count [4]int // counts of levels 1 to 3
	depth int
	last  string // the label handed out last
}

func (n *numberer) next(level int) string {
	n.last = n.label(level)
	return n.last
}

func (n *numberer) label(level int) string {
	n.depth = level
	switch level {
	case 4:
		return "-"
	case 5:
		return "+"
	}
	n.count[level]++
	for l := level + 1; l < len(n.count); l++ {
		n.count[l] = 0
	}
	c := n.count[level]
	switch level {
	case 1:
		return roman(c) + "."
	case 2:
		return strconv.Itoa(c) + "."
	}
	if c <= len(pointLetters) {
		return pointLetters[c-1] + ")"
	}
	return strconv.Itoa(c) + ")"
}
