package docx_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/internal/testdocs"
)

// Pieces of the embedded template's document.xml that the edits below
// change.
const (
	runSo       = `<w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">{{so}}</w:t></w:r>`
	runType     = `<w:r><w:t xml:space="preserve">{{ten_loai}}</w:t></w:r>`
	runSubject  = `<w:r><w:t xml:space="preserve">{{trich_yeu}}</w:t></w:r>`
	runDate     = `<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{{dia_danh_ngay}}</w:t></w:r>`
	runSigner   = `<w:r><w:t xml:space="preserve">{{nguoi_ky}}</w:t></w:r>`
	runTitle    = `<w:r><w:t xml:space="preserve">{{chuc_vu}}</w:t></w:r>`
	paraSubject = `<w:p><w:pPr><w:pStyle w:val="KHSubject"/></w:pPr>` + runSubject + `</w:p>`
	paraRecip   = `<w:p><w:pPr><w:pStyle w:val="KHRecipients"/></w:pPr><w:r><w:t xml:space="preserve">{{noi_nhan}}</w:t></w:r></w:p>`
	paraBody    = `<w:p><w:pPr><w:pStyle w:val="KHBody"/></w:pPr><w:r><w:t xml:space="preserve">{{noi_dung}}</w:t></w:r></w:p>`
	paraTo      = `<w:p><w:pPr><w:pStyle w:val="KHTo"/></w:pPr><w:r><w:t xml:space="preserve">{{kinh_gui}}</w:t></w:r></w:p>`

	rev        = `w:author="Phó hiệu trưởng" w:date="2025-03-01T08:00:00Z"`
	fieldBegin = `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> SEQ Ky </w:instrText></w:r>`
	fieldSep   = `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
	fieldEnd   = `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
	simpleDate = `<w:fldSimple w:instr=" DATE \@ &quot;yyyy&quot; "><w:r><w:t>2025</w:t></w:r></w:fldSimple>`
)

func blockSdt(id, para string) string {
	return `<w:sdt><w:sdtPr><w:id w:val="` + id + `"/></w:sdtPr><w:sdtContent>` + para + `</w:sdtContent></w:sdt>`
}

// replaceLine returns lines with the line old replaced by new.
func replaceLine(lines []string, old, new string) []string {
	out := append([]string{}, lines...)
	for i, l := range out {
		if l == old {
			out[i] = new
			return out
		}
	}
	panic("test: no line " + old)
}

// wordEdits are what Word writes when people edit a template, in paragraphs
// holding placeholders. want turns the plain text into what the filled
// document reads (nil: the plain text); has and hasNot are XML the filled
// document.xml holds, or does not; once is XML it holds exactly once.
var wordEdits = []struct {
	name         string
	edit         func(string) string
	want         func(d *document.Document, lines []string) []string
	has          func(d *document.Document) []string
	hasNot, once []string
}{
	{name: "insertion holding a placeholder",
		edit:   sub(runSo, `<w:ins w:id="101" `+rev+`>`+runSo+`</w:ins>`),
		hasNot: []string{"<w:ins "}},
	{name: "placeholder split across an insertion",
		edit: sub(runType, `<w:r><w:t xml:space="preserve">{{ten_</w:t></w:r><w:ins w:id="102" `+rev+`><w:r><w:rPr><w:i/></w:rPr><w:t>loai}}</w:t></w:r></w:ins>`),
		has: func(d *document.Document) []string {
			return []string{`<w:pStyle w:val="KHType"/></w:pPr><w:r><w:t xml:space="preserve">` + d.Type + `</w:t></w:r></w:p>`}
		},
		hasNot: []string{"<w:ins ", "loai}}"}},
	{name: "inserted text beside a placeholder",
		edit: sub(runSubject, `<w:ins w:id="103" `+rev+`><w:r><w:t xml:space="preserve">V/v: </w:t></w:r></w:ins>`+runSubject),
		want: func(d *document.Document, lines []string) []string {
			first := strings.Split(d.Subject, "\n")[0]
			return replaceLine(lines, first, "V/v: "+first)
		}},
	{name: "deleted text beside and inside a placeholder",
		edit: sub(runSo, `<w:del w:id="104" `+rev+`><w:r><w:delText xml:space="preserve">Số cũ </w:delText></w:r></w:del>`+
			`<w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">{{s</w:t></w:r><w:del w:id="105" `+rev+`><w:r><w:delText>xx</w:delText></w:r></w:del><w:r><w:t>o}}</w:t></w:r>`),
		hasNot: []string{"Số cũ", "<w:del ", "delText"}},
	{name: "a deleted copy of a placeholder does not count",
		edit: sub(runSubject, runSubject+`<w:del w:id="106" `+rev+`><w:r><w:delText>{{so}}</w:delText></w:r></w:del>`)},
	{name: "paragraph and run formatting changes",
		edit: subs(
			sub(`<w:pPr><w:pStyle w:val="KHType"/></w:pPr>`, `<w:pPr><w:pStyle w:val="KHType"/><w:rPr><w:ins w:id="107" `+rev+`/></w:rPr><w:pPrChange w:id="108" `+rev+`><w:pPr><w:pStyle w:val="KHBody"/></w:pPr></w:pPrChange></w:pPr>`),
			sub(`<w:rPr><w:b/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">{{co_quan_ban_hanh}}`, `<w:rPr><w:b/><w:sz w:val="24"/><w:rPrChange w:id="109" `+rev+`><w:rPr><w:sz w:val="28"/></w:rPr></w:rPrChange></w:rPr><w:t xml:space="preserve">{{co_quan_ban_hanh}}`)),
		has: func(d *document.Document) []string {
			return []string{
				`<w:p><w:pPr><w:pStyle w:val="KHType"/><w:rPr></w:rPr></w:pPr><w:r><w:t xml:space="preserve">` + d.Type,
				`<w:r><w:rPr><w:b/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">` + strings.Split(d.Header.Issuer, "\n")[0],
			}
		},
		hasNot: []string{"Change", "<w:ins "}},
	{name: "content control around a placeholder",
		edit: sub(runSo, `<w:sdt><w:sdtPr><w:alias w:val="Số"/><w:tag w:val="so"/><w:id w:val="201"/></w:sdtPr><w:sdtContent>`+runSo+`</w:sdtContent></w:sdt>`),
		has: func(d *document.Document) []string {
			return []string{`<w:sdt><w:sdtPr><w:alias w:val="Số"/><w:tag w:val="so"/><w:id w:val="201"/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">` + strings.ReplaceAll(d.Header.Number, "-", `</w:t><w:noBreakHyphen/><w:t xml:space="preserve">`) + `</w:t></w:r></w:sdtContent></w:sdt>`}
		}},
	{name: "content control around part of a placeholder",
		edit: sub(runSigner, `<w:sdt><w:sdtPr><w:id w:val="202"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve">{{nguoi_</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>ky}}</w:t></w:r>`)},
	{name: "content controls around whole paragraphs",
		edit: subs(sub(paraSubject, blockSdt("203", paraSubject)), sub(paraRecip, blockSdt("204", paraRecip)),
			sub(paraBody, blockSdt("205", paraBody)), sub(paraTo, blockSdt("206", paraTo))),
		once: []string{`<w:id w:val="203"/>`, `<w:id w:val="204"/>`, `<w:id w:val="205"/>`, `<w:id w:val="206"/>`}},
	{name: "bookmarks between and around the runs of a placeholder",
		edit: sub(runSigner, `<w:bookmarkStart w:id="301" w:name="NguoiKy"/><w:r><w:t xml:space="preserve">{{nguoi_</w:t></w:r><w:bookmarkStart w:id="302" w:name="Giua"/><w:bookmarkEnd w:id="302"/><w:r><w:t>ky}}</w:t></w:r><w:bookmarkEnd w:id="301"/>`),
		once: []string{`w:name="NguoiKy"`, `<w:bookmarkEnd w:id="301"/>`, `w:name="Giua"`, `<w:bookmarkEnd w:id="302"/>`}},
	{name: "a bookmark in a repeated paragraph is written once",
		edit: sub(runTitle, `<w:bookmarkStart w:id="303" w:name="ChucVu"/>`+runTitle+`<w:bookmarkEnd w:id="303"/>`),
		once: []string{`w:name="ChucVu"`, `<w:bookmarkEnd w:id="303"/>`}},
	{name: "a simple field beside a placeholder",
		edit: sub(runDate, runDate+simpleDate),
		want: func(d *document.Document, lines []string) []string {
			return replaceLine(lines, d.Header.PlaceDate, d.Header.PlaceDate+"2025")
		},
		once: []string{simpleDate}},
	{name: "a complex field after a placeholder",
		edit: sub(runSigner, runSigner+fieldBegin+fieldSep+`<w:r><w:t>7</w:t></w:r>`+fieldEnd),
		want: func(d *document.Document, lines []string) []string {
			return replaceLine(lines, d.Closing.SignerName, d.Closing.SignerName+"7")
		},
		once: []string{fieldBegin + fieldSep + `<w:r><w:t>7</w:t></w:r>` + fieldEnd}},
	{name: "a complex field before a placeholder",
		edit: sub(runSo, fieldBegin+fieldSep+`<w:r><w:t xml:space="preserve">(1) </w:t></w:r>`+fieldEnd+runSo),
		want: func(d *document.Document, lines []string) []string {
			return replaceLine(lines, d.Header.Number, "(1) "+d.Header.Number)
		}},
	{name: "a complex field across the paragraphs of two placeholders",
		edit: subs(sub(runType, runType+fieldBegin), sub(runSubject, fieldSep+fieldEnd+runSubject)),
		once: []string{fieldBegin, fieldSep + fieldEnd}},
	{name: "a smart tag around part of a placeholder",
		edit: sub(runDate, `<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place"><w:smartTagPr><w:attr w:name="x" w:val="y"/></w:smartTagPr><w:r><w:rPr><w:i/></w:rPr><w:t>{{dia_danh_</w:t></w:r></w:smartTag><w:r><w:t>ngay}}</w:t></w:r>`)},
}

// Templates that people edited in Word, with tracked changes, content
// controls, bookmarks and fields in the paragraphs of placeholders, fill as
// the plain text reads, into well-formed XML, and keep their layout.
func TestTemplateEditedInWord(t *testing.T) {
	plan, schools := loadData(t)
	base, err := testdocs.Compose(plan, &schools[0], "report-6m")
	if err != nil {
		t.Fatal(err)
	}
	d := *base
	d.Closing.SignerTitle = []string{"KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"}
	if len(d.To) == 0 || len(d.Closing.Recipients) < 2 {
		t.Fatal("the report has no addressees or too few recipients to repeat paragraphs")
	}
	for _, tt := range wordEdits {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := docx.ParseTemplate(templateWith(t, tt.edit), "mau.docx")
			if err != nil {
				t.Fatal(err)
			}
			if got := tmpl.Layout(); !reflect.DeepEqual(got, document.DefaultLayout()) {
				t.Errorf("layout changed: got %+v", got)
			}
			p := unzip(t, render(t, tmpl, &d))
			for part, b := range p {
				if strings.HasSuffix(part, ".xml") || strings.HasSuffix(part, ".rels") {
					parseXML(t, b)
				}
			}
			docXML := p["word/document.xml"]
			want := textLines(&d)
			if tt.want != nil {
				want = tt.want(&d, want)
			}
			compareLines(t, docText(t, docXML), want)
			var has []string
			if tt.has != nil {
				has = tt.has(&d)
			}
			for _, s := range has {
				if !strings.Contains(string(docXML), s) {
					t.Errorf("document.xml lacks %s", s)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(string(docXML), s) {
					t.Errorf("document.xml holds %s", s)
				}
			}
			for _, s := range tt.once {
				if n := strings.Count(string(docXML), s); n != 1 {
					t.Errorf("document.xml holds %s %d times, want once", s, n)
				}
			}
		})
	}
}

// A placeholder inside a field, or only in deleted text, is an error.
func TestTemplateErrorsInWordEdits(t *testing.T) {
	special := "nằm trong một phần đặc biệt (liên kết, trường, hình, hộp chữ) nên không điền được"
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"in a complex field's result", sub(runSigner, fieldBegin+fieldSep+runSigner+fieldEnd),
			"mau.docx: chỗ điền {{nguoi_ky}}: " + special},
		{"in a simple field's result", sub(runSigner, `<w:fldSimple w:instr=" DATE "><w:r><w:t>{{nguoi_ky}}</w:t></w:r></w:fldSimple>`),
			"mau.docx: chỗ điền {{nguoi_ky}}: " + special},
		{"in a field's code", sub(runSo, `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD {{so}} </w:instrText></w:r>`+fieldEnd),
			"mau.docx: chỗ điền {{so}}: " + special},
		{"in the result of a field begun in an earlier paragraph", subs(sub(runType, runType+fieldBegin+fieldSep), sub(runSubject, runSubject+fieldEnd)),
			"mau.docx: chỗ điền {{trich_yeu}}: " + special},
		{"only in deleted text", sub(runSo, `<w:del w:id="1" `+rev+`><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:delText>{{so}}</w:delText></w:r></w:del>`),
			"mau.docx: chỗ điền {{so}}: mẫu không có chỗ điền này"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docx.ParseTemplate(templateWith(t, tt.edit), "mau.docx")
			if err == nil {
				t.Fatal("got no error")
			}
			if !errors.Is(err, docx.ErrTemplate) {
				t.Errorf("error %v does not match ErrTemplate", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}
