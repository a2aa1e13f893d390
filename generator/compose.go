package generator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"kehoach/generator/document"
)

// Document kinds that Compose knows besides the plan's report periods.
const (
	DocDistrict = "district" // the district plan itself
	DocPlan     = "plan"     // a school's plan
)

// DistrictDir is the output folder of the district's own documents.
const DistrictDir = "phong"

// planFile is the file name of a plan, the district's and a school's.
const planFile = "ke-hoach"

// Type codes of nd30.md, Phụ lục III.
const (
	codePlan   = "KH"
	codeReport = "BC"
)

// blank stands for a number or a date part left for the signer to write.
const blank = "      "

// dots stands in running text for a number or date not known yet.
const dots = "……"

// DocIDs lists the documents composed for each school: its plan, then one
// report form per period of the plan.
func (p *Plan) DocIDs() []string {
	ids := []string{DocPlan}
	for _, k := range p.Report.Periods {
		ids = append(ids, k.ID)
	}
	return ids
}

// Compose builds the document named id ("plan" or a report period's id)
// for school s.
func Compose(p *Plan, s *School, id string) (*document.Document, error) {
	if id == DocPlan {
		return ComposeSchoolPlan(p, s), nil
	}
	if k, ok := p.Period(id); ok {
		return ComposeReport(p, s, k), nil
	}
	return nil, fmt.Errorf("generator: không có loại văn bản %q; dùng %s", id, strings.Join(append([]string{DocDistrict}, p.DocIDs()...), ", "))
}

// FormatDate writes a date as nd30.md asks: "ngày 05 tháng 3 năm 2025", with
// a leading zero for days below 10 and for months 1 and 2 only. A blank date
// leaves room to write by hand in the given year.
func FormatDate(d Date, year int) string {
	if d.IsZero() {
		return "ngày" + blank + "tháng" + blank + "năm " + strconv.Itoa(year)
	}
	month := strconv.Itoa(d.Month)
	if d.Month < 3 {
		month = fmt.Sprintf("%02d", d.Month)
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d.Day, month, d.Year)
}

// shortDate writes a deadline in running text: "ngày 01 tháng 5 năm 2025".
func shortDate(d Date) string { return FormatDate(d, d.Year) }

// docNumber writes "Số: 05/KH-THNBK", or "Số:      /KH-THNBK" when blank.
func docNumber(number, typeCode, unit string) string {
	if number == "" {
		return "Số:" + blank + "/" + typeCode + "-" + unit
	}
	return "Số: " + padNumber(number) + "/" + typeCode + "-" + unit
}

func padNumber(n string) string {
	if len(n) == 1 {
		return "0" + n
	}
	return n
}

// reference names the district plan in a school's text: "số 12/KH-GDĐT ngày
// 05 tháng 3 năm 2025", with dots where the number or date is not known.
func (p *Plan) reference() string {
	num := dots
	if p.Doc.Number != "" {
		num = padNumber(p.Doc.Number)
	}
	date := "ngày " + dots + " tháng " + dots + " năm " + strconv.Itoa(p.Year)
	if !p.Doc.Date.IsZero() {
		date = FormatDate(p.Doc.Date, p.Year)
	}
	return "số " + num + "/" + codePlan + "-" + p.Office.Code + " " + date
}

func (p *Plan) fields() map[string]string {
	return map[string]string{
		"nam":          strconv.Itoa(p.Year),
		"co_quan":      p.Office.InText,
		"so_ke_hoach":  p.reference(),
		"email_noi_vu": p.Contact.InteriorEmail,
		"email_phong":  p.Contact.OfficeEmail,
	}
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// runs parses the markup of a validated text and fills its placeholders.
// A paragraph flows: line breaks and tabs in it (a long text written over
// several lines of a TOML multi-line string) are spaces, and runs of spaces
// are one.
func runs(s string, values map[string]string) []document.Run {
	rs, err := parseMarkup(s)
	if err != nil { // LoadPlan has checked every text
		panic("generator: unchecked text: " + err.Error())
	}
	for i := range rs {
		rs[i].Text = flowing(fill(rs[i].Text, values))
	}
	return rs
}

var (
	breaks    = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")
	spaceRuns = regexp.MustCompile(` {2,}`)
)

func flowing(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") && !strings.Contains(s, "  ") {
		return s
	}
	return spaceRuns.ReplaceAllString(breaks.Replace(s), " ")
}

// plainText is a text without its emphasis, its line breaks kept (a
// subject's chosen break).
func plainText(s string, values map[string]string) string {
	rs, err := parseMarkup(s)
	if err != nil { // LoadPlan has checked every text
		panic("generator: unchecked text: " + err.Error())
	}
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(fill(r.Text, values))
	}
	return b.String()
}

func bodyPara(s string, values map[string]string) *document.Paragraph {
	return &document.Paragraph{Role: document.Body, Runs: runs(s, values)}
}

// recipients punctuates a list as nd30.md shows: "- …;" and the last "- ….".
func recipients(items []string, values map[string]string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		end := ";"
		if i == len(items)-1 {
			end = "."
		}
		out[i] = "- " + strings.TrimRight(plainText(it, values), ";.") + end
	}
	return out
}

// basis writes the "Căn cứ …" paragraphs: one per reference, the last one
// ending with the lead sentence.
func basis(refs []string, lead string, values map[string]string) []document.Block {
	if len(refs) == 0 {
		return []document.Block{bodyPara(lead, values)}
	}
	var out []document.Block
	for i, r := range refs {
		text := "Căn cứ " + r + ";"
		if i == len(refs)-1 {
			text = "Căn cứ " + r + ", " + lead
		}
		out = append(out, bodyPara(text, values))
	}
	return out
}

// view is the plan's body as one document sees it.
type view int

const (
	districtView view = iota
	schoolView
)

type viewPara struct {
	src   *Paragraph
	label string
	text  string // markup source, before placeholders are filled
}

// sections returns the paragraphs of the plan's body that the view keeps,
// in order, numbered afresh and with the school's wording where it applies.
func (p *Plan) sections(v view) []viewPara {
	var n numberer
	var out []viewPara
	for i := range p.Sections {
		para := &p.Sections[i]
		if v == districtView && para.SchoolOnly || v == schoolView && para.DistrictOnly {
			continue
		}
		vp := viewPara{src: para, text: para.Text}
		if para.Heading != "" {
			vp.text = para.Heading
		}
		if v == schoolView {
			if para.SchoolText != "" {
				vp.text = para.SchoolText
			}
			if len(para.SchoolSubst) > 0 {
				vp.text, _ = substitute(vp.text, para.SchoolSubst) // checked by LoadPlan
			}
		}
		if para.level > 0 {
			vp.label = n.next(para.level)
		}
		out = append(out, vp)
	}
	return out
}

func (vp viewPara) block(values map[string]string) *document.Paragraph {
	para := &document.Paragraph{Role: document.Body, Label: vp.label, Runs: runs(vp.text, values)}
	switch {
	case vp.src.level == 1:
		para.Role = document.Part
		for i := range para.Runs {
			para.Runs[i].Text = upper(para.Runs[i].Text)
		}
	case vp.src.Heading != "":
		para.Role = document.Heading
	}
	return para
}

// ComposeDistrict builds the district plan itself.
func ComposeDistrict(p *Plan) *document.Document {
	values := p.fields()
	d := &document.Document{
		Name: planFile,
		Header: document.Header{
			Parent:    p.Office.Parent,
			Issuer:    p.Office.Name,
			Number:    docNumber(p.Doc.Number, codePlan, p.Office.Code),
			PlaceDate: p.Office.Place + ", " + FormatDate(p.Doc.Date, p.Year),
		},
		Type:    p.Doc.TypeName,
		Subject: plainText(p.Doc.Subject, values),
		Closing: document.Closing{
			RecipientsLabel: "Nơi nhận:",
			Recipients:      recipients(p.Signer.Recipients, values),
			SignerTitle:     strings.Split(p.Signer.Title, "\n"), // KT. TRƯỞNG PHÒNG / PHÓ TRƯỞNG PHÒNG
			SignerName:      p.Signer.Name,
		},
	}
	d.Body = basis(p.Doc.Basis, p.Doc.Lead, values)
	for _, vp := range p.sections(districtView) {
		d.Body = append(d.Body, vp.block(values))
	}
	if p.Doc.Attachment != "" {
		d.Body = append(d.Body, bodyPara(p.Doc.Attachment, values))
	}
	d.Meta = meta(d, p.Office.InText)
	return d
}

func meta(d *document.Document, author string) document.Meta {
	subject := strings.ReplaceAll(d.Subject, "\n", " ")
	return document.Meta{Title: d.Type + " " + subject, Subject: subject, Author: author}
}

func (s *School) header(typeCode, number string, date Date, year int) document.Header {
	issuer := s.Name
	if s.ShortHeader {
		issuer = s.ShortName
	}
	issuer = issuerLines(upper(issuer))
	if s.HeaderName != "" {
		issuer = upper(s.HeaderName)
	}
	return document.Header{
		Parent:    s.Parent,
		Issuer:    issuer,
		Number:    docNumber(number, typeCode, s.Code),
		PlaceDate: s.Place + ", " + FormatDate(date, year),
	}
}

func (s *School) closing(items []string, values map[string]string) document.Closing {
	c := document.Closing{
		RecipientsLabel: "Nơi nhận:",
		Recipients:      recipients(items, values),
		SignerTitle:     []string{s.Principal.Sign},
		SignerName:      s.Principal.Name,
	}
	if s.Principal.Sign == SignOnBehalf {
		c.SignerTitle = []string{SignOnBehalf, "PHÓ HIỆU TRƯỞNG"}
		c.SignerName = s.Principal.Deputy
	}
	return c
}

// ComposeSchoolPlan builds school s's own plan from the district plan.
func ComposeSchoolPlan(p *Plan, s *School) *document.Document {
	values := merge(p.fields(), s.fields())
	d := &document.Document{
		Name:    planFile,
		Header:  s.header(codePlan, s.Number, s.Date, p.Year),
		Type:    p.Doc.TypeName,
		Subject: plainText(p.Doc.Subject, values),
		Closing: s.closing(p.School.Recipients, values),
	}
	refs := append(append([]string(nil), p.Doc.Basis...),
		"Kế hoạch "+p.reference()+" của "+p.Office.InText+" về "+p.Doc.About)
	d.Body = basis(refs, p.School.Lead, values)
	for _, vp := range p.sections(schoolView) {
		d.Body = append(d.Body, vp.block(values))
	}
	d.Meta = meta(d, s.Name)
	return d
}

// ComposeReport builds school s's blank report form for period k.
func ComposeReport(p *Plan, s *School, k ReportPeriod) *document.Document {
	values := merge(p.fields(), s.fields(), map[string]string{
		"ky_bao_cao":   k.Name,
		"han_bao_cao":  "trước " + shortDate(k.Due),
		"ky_tiep_theo": k.Next,
	})
	d := &document.Document{
		Name:    k.FileName,
		Header:  s.header(codeReport, "", Date{}, p.Year),
		Type:    "BÁO CÁO",
		Subject: plainText(p.Report.Subject, values),
		To:      addressees(p.Report.To, values),
		Closing: s.closing(p.Report.Recipients, values),
	}
	if p.Report.Note != "" {
		d.Body = append(d.Body, &document.Paragraph{Role: document.Note, Runs: runs(p.Report.Note, values)})
	}
	d.Body = append(d.Body, bodyPara(p.Report.Lead, values))
	for i, part := range p.Report.Parts {
		title := upper(plainText(part.Title, values))
		d.Body = append(d.Body, &document.Paragraph{Role: document.Part, Label: roman(i+1) + ".", Runs: []document.Run{{Text: title}}})
		if part.Results {
			d.Body = append(d.Body, p.results(values)...)
		}
		if part.BlankLines > 0 {
			d.Body = append(d.Body, &document.FillLines{Count: part.BlankLines})
		}
	}
	d.Meta = meta(d, s.Name)
	return d
}

func addressees(to []string, values map[string]string) []string {
	if len(to) == 1 {
		return []string{"Kính gửi: " + strings.TrimRight(plainText(to[0], values), ";.")}
	}
	return append([]string{"Kính gửi:"}, recipients(to, values)...)
}

// results lists, for a report form, one entry per item of the plan's
// reported section as a school sees it, then the table of figures.
func (p *Plan) results(values map[string]string) []document.Block {
	var out []document.Block
	in := false
	lastClause := 0
	for _, vp := range p.sections(schoolView) {
		if vp.src.level == 1 {
			in = vp.src.Label == p.Report.FromPart
			continue
		}
		if !in {
			continue
		}
		if vp.src.level == 2 {
			lastClause++
		}
		switch {
		case vp.src.Heading != "":
			out = append(out, vp.block(values))
		case vp.label != "":
			out = append(out,
				&document.Paragraph{Role: document.Entry, Label: vp.label, Runs: runs(vp.src.Summary, values)},
				&document.FillLines{Count: p.Report.BlankLines})
		case vp.src.Summary != "":
			out = append(out, &document.Paragraph{Role: document.Body, Runs: runs(vp.src.Summary+":", values)})
		}
	}
	t := p.Report.Table
	if len(t.Rows) == 0 {
		return out
	}
	if t.Title != "" {
		out = append(out, &document.Paragraph{Role: document.Heading, Label: strconv.Itoa(lastClause+1) + ".", Runs: runs(t.Title, values)})
	}
	out = append(out, figures(t, values))
	return out
}

func figures(t ReportTable, values map[string]string) *document.Table {
	cols := t.Columns
	if len(cols) == 0 {
		cols = []string{"TT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"}
	}
	widths := []float64{0.8, 5.9, 1.9, 1.7, 1.7}
	tab := &document.Table{}
	for i, c := range cols {
		w := 2.0
		if i < len(widths) {
			w = widths[i]
		}
		tab.Columns = append(tab.Columns, document.Column{Title: c, Width: w})
	}
	for i, r := range t.Rows {
		row := make([]string, len(cols))
		row[0] = strconv.Itoa(i + 1)
		if len(cols) > 1 {
			row[1] = plainText(r.Text, values)
		}
		if len(cols) > 2 {
			row[2] = r.Unit
		}
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// schoolTypes are the uppercase openings of school names, longest first.
var schoolTypes = []string{"TRƯỜNG TRUNG HỌC CƠ SỞ", "TRƯỜNG TIỂU HỌC", "TRƯỜNG MẦM NON", "TRƯỜNG THCS", "TRƯỜNG TH", "TRƯỜNG MN"}

// headerChars is about what one line of the header's left column holds in
// 12 pt bold capitals.
const headerChars = 26

// issuerLines breaks a school name too long for one line of the header
// where a văn thư would: after the kind of school, so that the proper name
// stays whole ("TRƯỜNG TIỂU HỌC" / "NGUYỄN BỈNH KHIÊM"). A name with its
// own line break is left as it is.
func issuerLines(name string) string {
	if strings.Contains(name, "\n") || utf8.RuneCountInString(name) <= headerChars {
		return name
	}
	for _, t := range schoolTypes {
		if rest, ok := strings.CutPrefix(name, t+" "); ok {
			return t + "\n" + rest
		}
	}
	return name
}
