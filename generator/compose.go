package generator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"kehoach/generator/document"
)

// Kinds of document besides the plan's report periods.
const (
	DocIssuer = "issuer" // the issuer's plan itself
	DocPlan   = "plan"   // a school's plan
)

// IssuerDir is the output folder of the issuer's own documents when the
// plan names none (co_quan.thu_muc).
const IssuerDir = "co-quan"

// folder is the output folder of the issuer's own documents.
func (p *Plan) folder() string {
	if p.Office.Folder != "" {
		return p.Office.Folder
	}
	return IssuerDir
}

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
	return reference(p.Doc.Number, p.Office.Code, p.Doc.Date, p.Year)
}

// reference names a plan by its number and date: "số 05/KH-THNBK ngày 05
// tháng 3 năm 2026", with dots for what is not known yet.
func reference(number, unit string, date Date, year int) string {
	num := dots
	if number != "" {
		num = padNumber(number)
	}
	when := "ngày " + dots + " tháng " + dots + " năm " + strconv.Itoa(year)
	if !date.IsZero() {
		when = FormatDate(date, year)
	}
	return "số " + num + "/" + codePlan + "-" + unit + " " + when
}

// name is how messages name the plan.
func (p *Plan) name() string {
	if p.File != "" {
		return p.File
	}
	return "kế hoạch"
}

// composer builds one document. Its methods parse markup and fill
// placeholders; the first failure is kept in err and later calls do
// nothing, so that building reads as a list of parts.
type composer struct {
	p      *Plan
	school *School // nil for the issuer's plan
	values map[string]string
	doc    string // which document, for messages
	err    error
}

func newComposer(p *Plan, s *School, k *ReportPeriod, doc string) *composer {
	return &composer{p: p, school: s, values: valueScope{p, s, k}.values(), doc: doc}
}

func (c *composer) fail(key string, err error) {
	if c.err == nil {
		c.err = fmt.Errorf("%s: %s: %w (khi viết %s)", c.p.name(), key, err, c.doc)
	}
}

// runs parses the markup of a text and fills its placeholders. A paragraph
// flows: line breaks and tabs in it (a long text written over several
// lines of a TOML multi-line string) are spaces, and runs of spaces are
// one.
func (c *composer) runs(key, s string) []document.Run {
	if c.err != nil {
		return nil
	}
	rs, err := parseMarkup(s)
	if err != nil {
		c.fail(key, err)
		return nil
	}
	for i := range rs {
		t, err := fill(rs[i].Text, c.values)
		if err != nil {
			c.fail(key, err)
			return nil
		}
		rs[i].Text = flowing(t)
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
func (c *composer) plainText(key, s string) string {
	if c.err != nil {
		return ""
	}
	rs, err := parseMarkup(s)
	if err != nil {
		c.fail(key, err)
		return ""
	}
	var b strings.Builder
	for _, r := range rs {
		t, err := fill(r.Text, c.values)
		if err != nil {
			c.fail(key, err)
			return ""
		}
		b.WriteString(t)
	}
	return b.String()
}

// required reports an empty value that a document cannot do without.
func (c *composer) required(key, v string) string {
	if strings.TrimSpace(v) == "" {
		c.fail(key, &valueError{"không có giá trị; hãy điền giá trị này"})
	}
	return v
}

func (c *composer) bodyPara(key, s string) *document.Paragraph {
	return leadIn(&document.Paragraph{Role: document.Body, Runs: c.runs(key, s)})
}

// leadIn marks a paragraph that introduces what follows (it ends with
// ":") to stay with it (nd30.md, "Keeping things together").
func leadIn(p *document.Paragraph) *document.Paragraph {
	if n := len(p.Runs); n > 0 && strings.HasSuffix(strings.TrimSpace(p.Runs[n-1].Text), ":") {
		p.KeepNext = true
	}
	return p
}

// recipients punctuates a list as nd30.md shows: "- …;" and the last "- ….".
func (c *composer) recipients(key string, items []string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		end := ";"
		if i == len(items)-1 {
			end = "."
		}
		out[i] = "- " + strings.TrimRight(c.plainText(indexKey(key, i+1), it), ";.") + end
	}
	return out
}

// basisItem is one "Căn cứ …" of a document, with its key for messages.
type basisItem struct{ key, text string }

// basis writes the "Căn cứ …" paragraphs, one per reference, and the lead
// sentence: by default the last basis leads into it ("Căn cứ …, Phòng …
// xây dựng kế hoạch …"); with van_ban.can_cu_rieng each basis ends with ";"
// and the lead sentence is a paragraph of its own.
func (c *composer) basis(refs []basisItem, leadKey, lead string) []document.Block {
	var out []document.Block
	for i, r := range refs {
		text := "Căn cứ " + r.text + ";"
		if i == len(refs)-1 && !c.p.Doc.Separate {
			text = "Căn cứ " + r.text + ", " + lead
		}
		out = append(out, c.bodyPara(r.key, text))
	}
	if len(refs) == 0 || c.p.Doc.Separate {
		out = append(out, c.bodyPara(leadKey, lead))
	}
	return out
}

// bases are the plan's bases that the view keeps.
func (p *Plan) bases(v view) []basisItem {
	var out []basisItem
	for i, b := range p.Doc.Basis {
		if v == issuerView && b.SchoolOnly || v == schoolView && b.IssuerOnly {
			continue
		}
		out = append(out, basisItem{indexKey("van_ban.can_cu", i+1), b.Text})
	}
	return out
}

// view is the plan's body as one document sees it.
type view int

const (
	issuerView view = iota
	schoolView
)

type viewPara struct {
	src   *Paragraph
	label string
	text  string // markup source, before placeholders are filled
}

// keeps reports whether a part of the plan limited as given is in the
// document: the issuer's plan has every part but the schools' own; a
// school's has the parts for schools of its type.
func (c *composer) keeps(v view, issuerOnly, schoolOnly bool, types []string) bool {
	if v == issuerView {
		return !schoolOnly
	}
	return !issuerOnly && (c.school == nil || forType(types, c.school.Type))
}

// sections returns the paragraphs of paras that the view keeps, in order,
// numbered afresh and with the school's wording where it applies.
func (c *composer) sections(v view, paras []Paragraph) []viewPara {
	var n numberer
	var out []viewPara
	for i := range paras {
		para := &paras[i]
		if !c.keeps(v, para.IssuerOnly, para.SchoolOnly, para.Types) {
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
				t, err := substitute(vp.text, para.SchoolSubst)
				if err != nil {
					c.fail(para.key+".truong_thay", err)
				}
				vp.text = t
			}
		}
		if para.level > 0 {
			vp.label = n.next(para.level)
		}
		out = append(out, vp)
	}
	return out
}

// blocks are the document blocks of a paragraph of the body: a division
// ("Phần I" over its title), a part, a heading, a sentence or a table.
func (c *composer) blocks(vp viewPara) []document.Block {
	if vp.src.isTable() {
		return []document.Block{c.table(vp.src.key+".bang", &vp.src.Table)}
	}
	para := leadIn(&document.Paragraph{Role: document.Body, Label: vp.label, Runs: c.runs(vp.src.key, vp.text)})
	switch {
	case vp.src.level == levelDivision:
		para.Role, para.Label = document.Division, ""
		upperRuns(para.Runs)
		return []document.Block{&document.Paragraph{Role: document.Division, Runs: []document.Run{{Text: vp.label}}, KeepNext: true}, para}
	case vp.src.level == levelPart:
		para.Role = document.Part
		upperRuns(para.Runs)
	case vp.src.Heading != "":
		para.Role = document.Heading
	}
	return []document.Block{para}
}

func upperRuns(rs []document.Run) {
	for i := range rs {
		rs[i].Text = upper(rs[i].Text)
	}
}

// body is the document blocks of paras as the view sees them.
func (c *composer) body(v view, paras []Paragraph) []document.Block {
	var out []document.Block
	for _, vp := range c.sections(v, paras) {
		out = append(out, c.blocks(vp)...)
	}
	return out
}

// table builds a table of the body: rows for other types of school left
// out, and the rows numbered afterwards when the table numbers them.
func (c *composer) table(key string, t *BodyTable) *document.Table {
	tab := &document.Table{}
	for i, col := range t.Columns {
		w := 2.0
		switch {
		case i < len(t.Widths):
			w = t.Widths[i]
		case t.Numbered && i == 0:
			w = 0.8
		case i == 0 && !t.Numbered || i == 1 && t.Numbered:
			w = 5
		}
		tab.Columns = append(tab.Columns, document.Column{Title: c.plainText(indexKey(key+".cot", i+1), col), Width: w})
	}
	for i, g := range t.Groups {
		tab.Groups = append(tab.Groups, document.ColumnGroup{Title: c.plainText(indexKey(key+".nhom", i+1)+".ten", g.Title), From: g.From - 1, To: g.To - 1})
	}
	n := 0
	for i, r := range t.Rows {
		if c.school != nil && !forType(r.Types, c.school.Type) {
			continue
		}
		rk := indexKey(key+".dong", i+1)
		var row []string
		if t.Numbered {
			n++
			row = append(row, strconv.Itoa(n))
		}
		for j, cell := range r.Cells {
			row = append(row, flowing(c.plainText(indexKey(rk+".o", j+1), cell)))
		}
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// appendices are the plan's appendices the view keeps, each naming the
// document it belongs to (ref, "Kế hoạch số …/KH-… ngày … của …").
func (c *composer) appendices(v view, ref string) []document.Appendix {
	var kept []*Appendix
	for i := range c.p.Appendices {
		a := &c.p.Appendices[i]
		if c.keeps(v, a.IssuerOnly, a.SchoolOnly, a.Types) {
			kept = append(kept, a)
		}
	}
	var out []document.Appendix
	for i, a := range kept {
		label := "PHỤ LỤC"
		if len(kept) > 1 {
			label += " " + roman(i+1)
		}
		out = append(out, document.Appendix{
			Label:     label,
			Title:     c.plainText(a.key+".tieu_de", a.Title),
			Reference: "(Kèm theo " + ref + ")",
			Body:      c.body(v, a.Sections),
		})
	}
	return out
}

// composeIssuer builds the issuer's plan itself.
func composeIssuer(p *Plan) (*document.Document, error) {
	c := newComposer(p, nil, nil, p.folder()+"/"+planFile)
	d := &document.Document{
		Name: planFile,
		Header: document.Header{
			Parent:    issuerLines(p.Office.Parent),
			Issuer:    issuerLines(c.required("co_quan.ten", p.Office.Name)),
			Number:    docNumber(p.Doc.Number, codePlan, p.Office.Code),
			PlaceDate: p.Office.Place + ", " + FormatDate(p.Doc.Date, p.Year),
		},
		Type:    c.required("van_ban.ten_loai", p.Doc.TypeName),
		Subject: c.plainText("van_ban.trich_yeu", p.Doc.Subject),
		Closing: document.Closing{
			RecipientsLabel: "Nơi nhận:",
			Recipients:      c.recipients("ky.noi_nhan", p.Signer.Recipients),
			SignerTitle:     strings.Split(c.required("ky.chuc_vu", p.Signer.Title), "\n"), // TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
			SignerName:      c.required("ky.ho_ten", p.Signer.Name),
		},
	}
	d.Body = c.basis(p.bases(issuerView), "van_ban.xay_dung", p.Doc.Lead)
	d.Body = append(d.Body, c.body(issuerView, p.Sections)...)
	if p.Doc.Attachment != "" {
		d.Body = append(d.Body, c.bodyPara("van_ban.dinh_kem", p.Doc.Attachment))
	}
	d.Appendices = c.appendices(issuerView, "Kế hoạch "+p.reference()+" của "+p.Office.InText)
	d.Meta = meta(d, p.Office.InText)
	if c.err != nil {
		return nil, c.err
	}
	return d, nil
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
		Parent:    issuerLines(s.Parent),
		Issuer:    issuer,
		Number:    docNumber(number, typeCode, s.Code),
		PlaceDate: s.Place + ", " + FormatDate(date, year),
	}
}

func (c *composer) closing(s *School, key string, items []string) document.Closing {
	cl := document.Closing{
		RecipientsLabel: "Nơi nhận:",
		Recipients:      c.recipients(key, items),
		SignerTitle:     []string{c.required("hieu_truong.ky", s.Principal.Sign)},
		SignerName:      c.required("hieu_truong.ho_ten", s.Principal.Name),
	}
	if s.Principal.Sign == SignOnBehalf {
		cl.SignerTitle = []string{SignOnBehalf, "PHÓ HIỆU TRƯỞNG"}
		cl.SignerName = c.required("hieu_truong.pho_hieu_truong", s.Principal.Deputy)
	}
	return cl
}

// composeSchoolPlan builds school s's own plan from the issuer's plan.
func composeSchoolPlan(p *Plan, s *School) (*document.Document, error) {
	c := newComposer(p, s, nil, s.ID+"/"+planFile)
	d := &document.Document{
		Name:    planFile,
		Header:  s.header(codePlan, s.Number, s.Date, p.Year),
		Type:    c.required("van_ban.ten_loai", p.Doc.TypeName),
		Subject: c.plainText("van_ban.trich_yeu", p.Doc.Subject),
		Closing: c.closing(s, "ke_hoach_truong.noi_nhan", p.School.Recipients),
	}
	refs := append(p.bases(schoolView), basisItem{"van_ban.ve_viec", "Kế hoạch " + p.reference() + " của " + p.Office.InText + " về " + p.Doc.About})
	d.Body = c.basis(refs, "ke_hoach_truong.xay_dung", p.School.Lead)
	d.Body = append(d.Body, c.body(schoolView, p.Sections)...)
	d.Appendices = c.appendices(schoolView, "Kế hoạch "+reference(s.Number, s.Code, s.Date, p.Year)+" của "+s.Name)
	d.Meta = meta(d, s.Name)
	if c.err != nil {
		return nil, c.err
	}
	return d, nil
}

// composeReport builds school s's blank report form for period k.
func composeReport(p *Plan, s *School, k *ReportPeriod) (*document.Document, error) {
	c := newComposer(p, s, k, s.ID+"/"+k.FileName)
	d := &document.Document{
		Name:    k.FileName,
		Header:  s.header(codeReport, "", Date{}, p.Year),
		Type:    "BÁO CÁO",
		Subject: c.plainText("bao_cao.trich_yeu", p.Report.Subject),
		To:      c.addressees(p.Report.To),
		Closing: c.closing(s, "bao_cao.noi_nhan", p.Report.Recipients),
	}
	if p.Report.Note != "" {
		// Told to the person filling the form in, never printed: a note
		// left in a signed report goes out with it.
		d.Instructions = append(d.Instructions, flowing(c.plainText("bao_cao.ghi_chu", p.Report.Note)))
	}
	d.Body = append(d.Body, c.bodyPara("bao_cao.mo_dau", p.Report.Lead))
	for i, part := range p.Report.Parts {
		title := upper(c.plainText(indexKey("bao_cao.muc", i+1)+".tieu_de", part.Title))
		d.Body = append(d.Body, &document.Paragraph{Role: document.Part, Label: roman(i+1) + ".", Runs: []document.Run{{Text: title}}})
		if part.Results {
			d.Body = append(d.Body, c.results()...)
		}
		if part.BlankLines > 0 {
			d.Body = append(d.Body, &document.FillLines{Count: part.BlankLines})
		}
	}
	d.Meta = meta(d, s.Name)
	if c.err != nil {
		return nil, c.err
	}
	return d, nil
}

func (c *composer) addressees(to []string) []string {
	if len(to) == 1 {
		return []string{"Kính gửi: " + strings.TrimRight(c.plainText("bao_cao.kinh_gui[1]", to[0]), ";.")}
	}
	return append([]string{"Kính gửi:"}, c.recipients("bao_cao.kinh_gui", to)...)
}

// results lists, for a report form, one entry per item of the plan's
// reported section as a school sees it, then the table of figures.
func (c *composer) results() []document.Block {
	p := c.p
	var out []document.Block
	in := false
	lastClause := 0
	for _, vp := range c.sections(schoolView, p.Sections) {
		if vp.src.level == levelPart {
			in = vp.src.Label == p.Report.FromPart
			continue
		}
		if !in || vp.src.isTable() {
			continue
		}
		if vp.src.level == levelClause {
			lastClause++
		}
		switch {
		case vp.src.Heading != "":
			out = append(out, c.blocks(vp)...)
		case vp.label != "":
			out = append(out,
				&document.Paragraph{Role: document.Entry, Label: vp.label, Runs: c.runs(vp.src.key+".tom_tat", c.required(vp.src.key+".tom_tat", vp.src.Summary))},
				&document.FillLines{Count: p.Report.BlankLines})
		case vp.src.Summary != "":
			out = append(out, leadIn(&document.Paragraph{Role: document.Body, Runs: c.runs(vp.src.key+".tom_tat", vp.src.Summary+":")}))
		}
	}
	t := p.Report.Table
	if len(t.Rows) == 0 {
		return out
	}
	if t.Title != "" {
		out = append(out, &document.Paragraph{Role: document.Heading, Label: strconv.Itoa(lastClause+1) + ".", Runs: c.runs("bao_cao.bang.tieu_de", t.Title)})
	}
	out = append(out, c.figures(t))
	return out
}

func (c *composer) figures(t ReportTable) *document.Table {
	cols := t.Columns
	if len(cols) == 0 {
		cols = []string{"TT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"}
	}
	widths := []float64{0.8, 5.9, 1.9, 1.7, 1.7}
	tab := &document.Table{}
	for i, col := range cols {
		w := 2.0
		if i < len(widths) {
			w = widths[i]
		}
		tab.Columns = append(tab.Columns, document.Column{Title: col, Width: w})
	}
	n := 0
	for i, r := range t.Rows {
		if !forType(r.Types, c.school.Type) {
			continue
		}
		n++
		row := make([]string, len(cols))
		row[0] = strconv.Itoa(n)
		if len(cols) > 1 {
			row[1] = c.plainText(indexKey("bao_cao.bang.dong", i+1)+".noi_dung", r.Text)
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

// placeTypes open a place name; a header line never breaks inside one
// ("PHƯỜNG SÀI" / "GÒN" is wrong), so a long name breaks before it.
var placeTypes = []string{"THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "PHƯỜNG", "QUẬN", "HUYỆN", "TỈNH", "XÃ"}

// issuerLines breaks a name too long for one line of the header where a
// văn thư would: after the kind of school, so that the proper name stays
// whole ("TRƯỜNG TIỂU HỌC" / "NGUYỄN BỈNH KHIÊM"), or before the place
// ("ỦY BAN NHÂN DÂN" / "PHƯỜNG SÀI GÒN"). A name with its own line break
// is left as it is.
func issuerLines(name string) string {
	if strings.Contains(name, "\n") || utf8.RuneCountInString(name) <= headerChars {
		return name
	}
	for _, t := range schoolTypes {
		if rest, ok := strings.CutPrefix(name, t+" "); ok {
			return t + "\n" + rest
		}
	}
	// Before the first place that leaves a whole first line.
	best := -1
	for _, t := range placeTypes {
		for i := 0; ; {
			j := strings.Index(name[i:], " "+t+" ")
			if j < 0 {
				break
			}
			at := i + j
			if at > 0 && (best < 0 || at < best) {
				best = at
			}
			i = at + 1
		}
	}
	if best > 0 {
		return name[:best] + "\n" + name[best+1:]
	}
	return name
}
