package docx

import "testing"

// The left indent is set in place, the paragraph's properties kept in the
// order Word requires.
func TestWithLeftIndent(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<w:p><w:pPr><w:pStyle w:val="KHTo"/></w:pPr>`, `<w:p><w:pPr><w:pStyle w:val="KHTo"/><w:ind w:left="3000"/></w:pPr>`},
		{`<w:p><w:pPr><w:pStyle w:val="KHTo"/><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr>`, `<w:p><w:pPr><w:pStyle w:val="KHTo"/><w:ind w:left="3000"/><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr>`},
		{`<w:p><w:pPr><w:spacing w:after="0"/><w:ind w:left="2268" w:hanging="10"/></w:pPr>`, `<w:p><w:pPr><w:spacing w:after="0"/><w:ind w:left="3000" w:hanging="10"/></w:pPr>`},
		{`<w:p><w:pPr><w:ind w:firstLine="567"/></w:pPr>`, `<w:p><w:pPr><w:ind w:left="3000" w:firstLine="567"/></w:pPr>`},
		{`<w:p w:rsidR="00AB">`, `<w:p w:rsidR="00AB"><w:pPr><w:ind w:left="3000"/></w:pPr>`},
		{`<w:p><w:pPr/><w:r/>`, `<w:p><w:pPr><w:ind w:left="3000"/></w:pPr><w:r/>`},
		{`<w:p><w:pPr><w:ind w:start="10"/></w:pPr>`, `<w:p><w:pPr><w:ind w:left="3000"/></w:pPr>`},
	}
	for _, tt := range tests {
		if got := withLeftIndent(tt.in, 3000); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestWithSideIndents(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<w:p><w:pPr><w:pStyle w:val="KHRule"/><w:ind w:left="1276" w:right="1276"/></w:pPr></w:p>`, `<w:p><w:pPr><w:pStyle w:val="KHRule"/><w:ind w:left="900" w:right="900"/></w:pPr></w:p>`},
		{`<w:p><w:pPr><w:pStyle w:val="KHRule"/></w:pPr></w:p>`, `<w:p><w:pPr><w:pStyle w:val="KHRule"/><w:ind w:right="900" w:left="900"/></w:pPr></w:p>`},
	}
	for _, tt := range tests {
		if got := withSideIndents(tt.in, 900, 900); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
