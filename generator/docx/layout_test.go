package docx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"kehoach/generator/document"
	"kehoach/generator/docx"
)

// The embedded template reads back as document.DefaultLayout, exactly.
func TestLayoutOfEmbeddedTemplateIsDefault(t *testing.T) {
	got, want := defaultTemplate(t).Layout(), document.DefaultLayout()
	if reflect.DeepEqual(got, want) {
		return
	}
	for _, n := range document.StyleNames() {
		if got.Styles[n] != want.Styles[n] {
			t.Errorf("style %s:\ngot  %+v\nwant %+v", n, got.Styles[n], want.Styles[n])
		}
	}
	g, w := *got, *want
	g.Styles, w.Styles = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Errorf("layout:\ngot  %+v\nwant %+v", g, w)
	}
}

// Layout hands out a copy: changing it changes nothing in the template.
func TestLayoutIsACopy(t *testing.T) {
	tmpl := defaultTemplate(t)
	l := tmpl.Layout()
	l.Page.Left = 99
	l.Styles[document.StyleBody] = document.Style{}
	if again := tmpl.Layout(); again.Page.Left != 30 || again.Styles[document.StyleBody].Size != 14 {
		t.Errorf("got %+v after changing a copy, want the template's layout", again)
	}
}

func parseEdited(t *testing.T, edits map[string]func(string) string) (*docx.Template, error) {
	t.Helper()
	return docx.ParseTemplate(templateEdited(t, edits), "mau.docx")
}

// withPart adds a part to the template in fsys.
func withPart(t *testing.T, fsys fstest.MapFS, name, content string) fstest.MapFS {
	t.Helper()
	raw := fsys["mau.docx"].Data
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.Create(name)
	io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"mau.docx": {Data: out.Bytes()}}
}

func near(got, want float64) bool { return math.Abs(got-want) <= 0.05 }

// A template restyled in Word gives its own layout: KH Body in 13 pt, which
// the styles based on it inherit, and a left margin of 35 mm.
func TestLayoutFollowsRestyledTemplate(t *testing.T) {
	tmpl, err := parseEdited(t, map[string]func(string) string{
		"word/styles.xml": sub(`<w:name w:val="KH Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr>`,
			`<w:name w:val="KH Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>`),
		"word/document.xml": sub(`w:left="1701"`, `w:left="1985"`),
	})
	if err != nil {
		t.Fatal(err)
	}
	l := tmpl.Layout()
	for _, n := range []document.StyleName{document.StyleBody, document.StylePart, document.StyleHeading, document.StyleEntry} {
		if got := l.Style(n).Size; got != 13 {
			t.Errorf("%s: got %v pt, want 13", n, got)
		}
	}
	if got := l.Style(document.StyleNote).Size; got != 12 {
		t.Errorf("note: got %v pt, want its own 12", got)
	}
	if !near(l.Page.Left, 35.0) {
		t.Errorf("left margin: got %v mm, want 35.0", l.Page.Left)
	}
	if !near(l.Page.TextWidth(), 160) {
		t.Errorf("text width: got %v mm, want 160", l.Page.TextWidth())
	}
}

// What Word writes for indents, alignments, line spacing and on/off
// values is read as Word reads it.
func TestLayoutReadsStyleValues(t *testing.T) {
	style := func(name string) string {
		return `<w:name w:val="` + name + `"/>`
	}
	tests := []struct {
		name  string
		edits map[string]func(string) string
		check func(l *document.Layout) (got, want any)
	}{
		{"line spacing 1.5", map[string]func(string) string{"word/styles.xml": sub(`<w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/>`, `<w:spacing w:before="0" w:after="120" w:line="360" w:lineRule="auto"/><w:ind w:firstLine="567"/>`)},
			func(l *document.Layout) (any, any) { return l.Style(document.StyleBody).Line, 1.5 }},
		{"line spacing without a rule is a multiple", map[string]func(string) string{"word/styles.xml": sub(`<w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/>`, `<w:spacing w:before="0" w:after="120" w:line="276"/><w:ind w:firstLine="567"/>`)},
			func(l *document.Layout) (any, any) { return l.Style(document.StyleHeading).Line, 1.15 }},
		{"hanging indent", map[string]func(string) string{"word/styles.xml": sub(style("KH Entry")+`<w:basedOn w:val="KHBody"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="60"/><w:ind w:firstLine="567"/>`, style("KH Entry")+`<w:basedOn w:val="KHBody"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="60"/><w:ind w:left="567" w:hanging="284"/>`)},
			func(l *document.Layout) (any, any) {
				s := l.Style(document.StyleEntry)
				return [2]float64{s.FirstLine, s.Left}, [2]float64{-5, 10}
			}},
		{"start and end indents, end alignment", map[string]func(string) string{"word/styles.xml": sub(`<w:ind w:left="2268"/>`, `<w:ind w:start="1134" w:end="567"/><w:jc w:val="end"/>`)},
			func(l *document.Layout) (any, any) {
				s := l.Style(document.StyleTo)
				return [3]any{s.Left, s.Right, s.Align}, [3]any{20.0, 10.0, document.AlignRight}
			}},
		{"distributed is justified", map[string]func(string) string{"word/styles.xml": sub(style("KH Subject")+`<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="center"/>`, style("KH Subject")+`<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="distribute"/>`)},
			func(l *document.Layout) (any, any) {
				return l.Style(document.StyleSubject).Align, document.AlignJustify
			}},
		{"off values", map[string]func(string) string{"word/styles.xml": sub(style("KH Type")+`<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>`, style("KH Type")+`<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext w:val="false"/><w:widowControl w:val="0"/>`)},
			func(l *document.Layout) (any, any) {
				s := l.Style(document.StyleType)
				return [2]bool{s.KeepNext, s.WidowControl}, [2]bool{false, false}
			}},
		{"Liberation Serif is accepted", map[string]func(string) string{"word/styles.xml": sub(`<w:rPr><w:sz w:val="22"/>`, `<w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/><w:sz w:val="22"/>`)},
			func(l *document.Layout) (any, any) { return l.Style(document.StyleRecipients).Font, "Liberation Serif" }},
		{"a theme font the theme names", map[string]func(string) string{
			"word/styles.xml":              sub(`<w:rPr><w:sz w:val="22"/>`, `<w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/>`),
			"word/_rels/document.xml.rels": sub(`</Relationships>`, `<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>`),
		},
			func(l *document.Layout) (any, any) { return l.Style(document.StyleRecipients).Font, "Times New Roman" }},
		{"a placeholder's size from its character style", map[string]func(string) string{
			"word/styles.xml":   sub(`</w:styles>`, `<w:style w:type="character" w:styleId="Big"><w:name w:val="Big"/><w:rPr><w:sz w:val="27"/></w:rPr></w:style></w:styles>`),
			"word/document.xml": sub(`<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{{dia_danh_ngay}}`, `<w:r><w:rPr><w:rStyle w:val="Big"/><w:i/></w:rPr><w:t xml:space="preserve">{{dia_danh_ngay}}`),
		},
			func(l *document.Layout) (any, any) { return l.Sizes.PlaceDate, 13.5 }},
		{"the page number's size from the PAGE field", map[string]func(string) string{"word/header1.xml": sub(`<w:r><w:t>2</w:t></w:r>`, `<w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r>`)},
			func(l *document.Layout) (any, any) { return l.Sizes.PageNumber, 13.0 }},
		{"a simple PAGE field", map[string]func(string) string{"word/header1.xml": func(string) string {
			return `<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE \* MERGEFORMAT "><w:r><w:rPr><w:sz w:val="27"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>`
		}},
			func(l *document.Layout) (any, any) { return l.Sizes.PageNumber, 13.5 }},
		{"no page number: body size", map[string]func(string) string{"word/document.xml": sub(`<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>`, ``)},
			func(l *document.Layout) (any, any) { return l.Sizes.PageNumber, 14.0 }},
		{"column widths", map[string]func(string) string{"word/document.xml": sub(`<w:gridCol w:w="3402"/><w:gridCol w:w="5954"/>`, `<w:gridCol w:w="2835"/><w:gridCol w:w="6521"/>`)},
			func(l *document.Layout) (any, any) { return l.ClosingColumns, [2]float64{50, 115} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := templateEdited(t, tt.edits)
			if strings.Contains(tt.name, "theme") {
				fsys = withPart(t, fsys, "word/theme/theme1.xml", `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements><a:fontScheme name="kehoach"><a:majorFont><a:latin typeface="Times New Roman"/></a:majorFont><a:minorFont><a:latin typeface="Times New Roman"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>`)
			}
			tmpl, err := docx.ParseTemplate(fsys, "mau.docx")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := tt.check(tmpl.Layout()); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// What the PDF cannot follow is refused, naming what to change.
func TestLayoutErrors(t *testing.T) {
	styles := func(edit func(string) string) map[string]func(string) string {
		return map[string]func(string) string{"word/styles.xml": edit}
	}
	doc := func(edit func(string) string) map[string]func(string) string {
		return map[string]func(string) string{"word/document.xml": edit}
	}
	tests := []struct {
		name  string
		edits map[string]func(string) string
		want  string
	}{
		{"a style in Arial", styles(sub(`<w:name w:val="KH Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr>`,
			`<w:name w:val="KH Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr>`)),
			`mau.docx: kiểu đoạn "KH Body" dùng phông "Arial"; bản PDF chỉ có Times New Roman`},
		{"Vietnamese letters in Arial", styles(sub(`<w:rPr><w:sz w:val="22"/>`, `<w:rPr><w:rFonts w:hAnsi="Arial"/><w:sz w:val="22"/>`)),
			`mau.docx: kiểu đoạn "KH Recipients" dùng phông "Arial"`},
		{"every style in Calibri", styles(sub(`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"`, `<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"`)),
			`mau.docx: kiểu đoạn "KH Body" dùng phông "Calibri"`},
		{"a theme font without a theme", styles(sub(`<w:rPr><w:sz w:val="22"/>`, `<w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/><w:sz w:val="22"/>`)),
			`mau.docx: kiểu đoạn "KH Recipients" dùng phông theo chủ đề (theme, minorHAnsi) mà bản PDF không theo được: hãy đặt phông Times New Roman`},
		{"exact line spacing", styles(sub(`<w:keepNext/><w:spacing w:after="120"/>`, `<w:keepNext/><w:spacing w:after="120" w:line="320" w:lineRule="exact"/>`)),
			`mau.docx: kiểu đoạn "KH Heading" đặt giãn dòng Exactly (chính xác) 16 pt; bản PDF chỉ theo được giãn dòng Single, 1.5 lines, Double hoặc Multiple`},
		{"at-least line spacing", styles(sub(`<w:name w:val="KH Signer"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>`, `<w:name w:val="KH Signer"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:line="290" w:lineRule="atLeast"/>`)),
			`mau.docx: kiểu đoạn "KH Signer" đặt giãn dòng At least (tối thiểu) 14,5 pt`},
		{"margins too wide", doc(sub(`w:right="850" w:bottom="1134" w:left="1701"`, `w:right="3000" w:bottom="1134" w:left="5000"`)),
			`mau.docx: trang rộng 210 mm, lề trái 88,2 mm và lề phải 52,9 mm chỉ để lại 68,9 mm cho chữ; bản PDF cần ít nhất 80 mm`},
		{"page too narrow", doc(sub(`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:pgSz w:w="5669" w:h="8391"/>`)),
			`mau.docx: trang rộng 100 mm, lề trái 30 mm và lề phải 15 mm chỉ để lại 55 mm cho chữ`},
		{"a style too big", styles(sub(`<w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>`, `<w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="48"/></w:rPr></w:style>`)),
			`mau.docx: kiểu đoạn "KH Type" có cỡ chữ 24 pt, ngoài khoảng 8–20 pt mà bản PDF dàn được: hãy chọn cỡ chữ trong khoảng đó`},
		{"a style too small", styles(sub(`<w:rPr><w:sz w:val="22"/>`, `<w:rPr><w:sz w:val="14"/>`)),
			`mau.docx: kiểu đoạn "KH Recipients" có cỡ chữ 7 pt, ngoài khoảng 8–20 pt`},
		{"a placeholder too big", doc(sub(`<w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">{{so}}`, `<w:sz w:val="50"/></w:rPr><w:t xml:space="preserve">{{so}}`)),
			`mau.docx: chỗ điền {{so}}: có cỡ chữ 25 pt, ngoài khoảng 8–20 pt`},
		{"the national title too big", doc(sub(`<w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">CỘNG HÒA`, `<w:sz w:val="44"/></w:rPr><w:t xml:space="preserve">CỘNG HÒA`)),
			`mau.docx: Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" có cỡ chữ 22 pt`},
		{"the page number too big", map[string]func(string) string{"word/header1.xml": sub(`<w:r><w:t>2</w:t></w:r>`, `<w:r><w:rPr><w:sz w:val="60"/></w:rPr><w:t>2</w:t></w:r>`)},
			`mau.docx: số trang (trường PAGE ở đầu trang) có cỡ chữ 30 pt`},
		{"header table without a grid", doc(sub(`<w:tblGrid><w:gridCol w:w="3969"/><w:gridCol w:w="5387"/></w:tblGrid>`, ``)),
			`mau.docx: chỗ điền {{co_quan_ban_hanh}}: nằm trong bảng đầu văn bản không có lưới 2 cột (w:tblGrid với hai w:gridCol có độ rộng)`},
		{"signature table of three columns", doc(sub(`<w:gridCol w:w="3402"/><w:gridCol w:w="5954"/>`, `<w:gridCol w:w="3402"/><w:gridCol w:w="2954"/><w:gridCol w:w="3000"/>`)),
			`mau.docx: chỗ điền {{nguoi_ky}}: nằm trong bảng chữ ký không có lưới 2 cột`},
		{"a grid column without a width", doc(sub(`<w:gridCol w:w="3402"/>`, `<w:gridCol/>`)),
			`mau.docx: chỗ điền {{nguoi_ky}}: nằm trong bảng chữ ký không có lưới 2 cột`},
		{"issuer outside a table", doc(subs(
			sub(`<w:t xml:space="preserve">{{co_quan_ban_hanh}}</w:t>`, `<w:t xml:space="preserve"></w:t>`),
			sub(`<w:body>`, `<w:body><w:p><w:r><w:t>{{co_quan_ban_hanh}}</w:t></w:r></w:p>`))),
			`mau.docx: chỗ điền {{co_quan_ban_hanh}}: không nằm trong bảng; bảng đầu văn bản phải là một bảng 2 cột`},
		{"dotted lines indented past the margin", styles(sub(`<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9356"/></w:tabs><w:spacing w:after="60"/>`, `<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9356"/></w:tabs><w:spacing w:after="60"/><w:ind w:left="12000"/>`)),
			`mau.docx: kiểu đoạn "KH Fill": thụt lề trái 211,7 mm, phải 0 mm, dòng đầu 0 mm chỉ để lại -46,7 mm cho chữ; cần ít nhất 40 mm`},
		{"a negative margin", doc(sub(`w:left="1701"`, `w:left="-1701"`)),
			`mau.docx: lề trang không được âm`},
		{"a page too short", doc(sub(`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:pgSz w:w="11906" w:h="4000"/>`)),
			`mau.docx: trang 210 × 70,6 mm; khổ giấy phải từ 100 đến 1000 mm`},
		{"huge spacing", styles(sub(`<w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="567"/>`, `<w:spacing w:before="0" w:after="40000"/><w:ind w:firstLine="567"/>`)),
			`mau.docx: kiểu đoạn "KH Body": khoảng cách trước 0 pt, sau 2000 pt; mỗi khoảng phải từ 0 đến 72 pt`},
		{"no room to sign", doc(sub(`<w:t xml:space="preserve">{{chuc_vu}}</w:t></w:r></w:p>`, `<w:t xml:space="preserve">{{chuc_vu}}</w:t></w:r></w:p><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/>`)),
			`mau.docx: khoảng ký (24 dòng`},
		{"too little room to sign", doc(sub(`<w:p><w:pPr><w:pStyle w:val="KHSigner"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="KHSigner"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="KHSigner"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="KHSigner"/></w:pPr></w:p>`, ``)),
			`mau.docx: chỗ điền {{nguoi_ky}}: giữa chức vụ và họ tên người ký chỉ có 2 dòng trống (11,4 mm); chữ ký và con dấu cần ít nhất 30 mm`},
		{"signer's name above the title", doc(subs(sub(`{{nguoi_ky}}`, `{{x}}`), sub(`{{chuc_vu}}`, `{{nguoi_ky}}`), sub(`{{x}}`, `{{chuc_vu}}`))),
			`mau.docx: chỗ điền {{nguoi_ky}}: phải đứng dưới {{chuc_vu}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseEdited(t, tt.edits)
			if err == nil {
				t.Fatalf("got no error, want %s", tt.want)
			}
			var te *docx.TemplateError
			if !errors.As(err, &te) || !errors.Is(err, docx.ErrTemplate) {
				t.Errorf("error %v is not a TemplateError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}
