package docx

import (
	"regexp"
	"strconv"
	"strings"
)

// afterInd are the paragraph properties that come after w:ind in
// CT_PPrBase; Word refuses a document whose properties are out of order.
var afterInd = []string{"w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
	"w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"}

var (
	indRe   = regexp.MustCompile(`<w:ind\b[^>]*?/?>`)
	leftRe  = regexp.MustCompile(`\bw:(?:left|start)="[^"]*"`)
	rightRe = regexp.MustCompile(`\bw:(?:right|end)="[^"]*"`)
)

// withLeftIndent sets the left indent, in twips, of the first paragraph in
// xml (the head of a paragraph: <w:p …><w:pPr>…</w:pPr>…), keeping the
// order of its properties.
func withLeftIndent(xml string, twips int) string {
	return withIndent(xml, `w:left="`+strconv.Itoa(twips)+`"`, leftRe)
}

// withSideIndents sets both the left and the right indent.
func withSideIndents(xml string, left, right int) string {
	return withIndent(withLeftIndent(xml, left), `w:right="`+strconv.Itoa(right)+`"`, rightRe)
}

// withIndent sets one attribute of the first paragraph's w:ind: attr, which
// re matches when the attribute is already there.
func withIndent(xml, attr string, re *regexp.Regexp) string {
	if open, empty := strings.Index(xml, "<w:pPr>"), strings.Index(xml, "<w:pPr/>"); empty >= 0 && (open < 0 || empty < open) {
		xml = xml[:empty] + "<w:pPr></w:pPr>" + xml[empty+len("<w:pPr/>"):]
	}
	start := strings.Index(xml, "<w:pPr>")
	if start < 0 {
		// No properties: add them after the paragraph's start tag.
		p := strings.Index(xml, "<w:p")
		gt := strings.IndexByte(xml[max(p, 0):], '>')
		if p < 0 || gt < 0 || xml[p+gt-1] == '/' {
			return xml
		}
		at := p + gt + 1
		return xml[:at] + "<w:pPr><w:ind " + attr + "/></w:pPr>" + xml[at:]
	}
	end := strings.Index(xml[start:], "</w:pPr>")
	if end < 0 {
		return xml
	}
	end += start
	pPr := xml[start:end]
	if loc := indRe.FindStringIndex(pPr); loc != nil {
		ind := pPr[loc[0]:loc[1]]
		if re.MatchString(ind) {
			ind = re.ReplaceAllLiteralString(ind, attr)
		} else {
			ind = strings.Replace(ind, "<w:ind", "<w:ind "+attr, 1)
		}
		return xml[:start] + pPr[:loc[0]] + ind + pPr[loc[1]:] + xml[end:]
	}
	at := len(pPr)
	for _, tag := range afterInd {
		if i := indexTag(pPr, "<"+tag); i >= 0 && i < at {
			at = i
		}
	}
	return xml[:start] + pPr[:at] + "<w:ind " + attr + "/>" + pPr[at:] + xml[end:]
}
