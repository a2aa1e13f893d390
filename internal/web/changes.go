package web

import (
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kehoach/generator"
)

// A school may change, on its page, what the schools file cannot know in
// advance: its document's number and date, who signs and how, and the
// person for each assignment the plan declares. The changes travel in the
// URL as form values named by the schools file's keys ("so",
// "hieu_truong.ho_ten", "phu_trach.dan_van.ho_ten"), so the server keeps
// no state and the generator's problems, keyed the same way, land next to
// their field.

// field is one value a school may change.
type field struct {
	Name     string   // form name, the schools file's key
	Label    string   // for people
	Kind     string   // text, date, select, number
	Options  []string // of a select
	Max      int      // longest value, in characters
	Required bool
	Hint     string
	get      func(*generator.School) string
	set      func(*generator.School, string) error
}

// fieldGroup is a fieldset of the form.
type fieldGroup struct {
	Title  string
	Fields []field
}

// Longest values, in characters.
const (
	maxName   = 80
	maxTitle  = 120
	maxNumber = 8
	maxQuery  = 4096 // bytes of a query string
)

// fields lists the values a school of plan p may change, in the form's
// order.
func fields(p *generator.Plan) []fieldGroup {
	groups := []fieldGroup{
		{"Văn bản", []field{
			{Name: "so", Label: "Số kế hoạch", Kind: "number", Max: maxNumber, Hint: "chỉ chữ số; để trống nếu văn thư chưa vào số",
				get: func(s *generator.School) string { return s.Number },
				set: func(s *generator.School, v string) error { s.Number = v; return nil }},
			{Name: "ngay", Label: "Ngày ban hành", Kind: "date", Max: 10, Hint: "để trống nếu chưa có ngày",
				get: func(s *generator.School) string { return dateValue(s.Date) },
				set: func(s *generator.School, v string) (err error) { s.Date, err = parseDate(v); return err }},
		}},
		{"Người ký", []field{
			{Name: "hieu_truong.xung_ho", Label: "Xưng hô", Kind: "select", Options: []string{"Ông", "Bà"},
				get: func(s *generator.School) string { return s.Principal.Salutation },
				set: func(s *generator.School, v string) error { s.Principal.Salutation = v; return nil }},
			{Name: "hieu_truong.ho_ten", Label: "Họ và tên hiệu trưởng", Kind: "text", Max: maxName, Required: true,
				get: func(s *generator.School) string { return s.Principal.Name },
				set: func(s *generator.School, v string) error { s.Principal.Name = v; return nil }},
			{Name: "hieu_truong.ky", Label: "Cách ký", Kind: "select", Options: []string{generator.SignPrincipal, generator.SignActing, generator.SignOnBehalf},
				get: func(s *generator.School) string { return s.Principal.Sign },
				set: func(s *generator.School, v string) error { s.Principal.Sign = v; return nil }},
			{Name: "hieu_truong.pho_hieu_truong", Label: "Phó hiệu trưởng ký thay", Kind: "text", Max: maxName, Hint: "chỉ khi ký " + generator.SignOnBehalf,
				get: func(s *generator.School) string { return s.Principal.Deputy },
				set: func(s *generator.School, v string) error { s.Principal.Deputy = v; return nil }},
		}},
	}
	for _, r := range p.Roles {
		id := r.ID
		person := func(s *generator.School, f func(*generator.Person)) {
			if s.Roles == nil {
				s.Roles = map[string]generator.Person{}
			}
			v := s.Roles[id]
			f(&v)
			s.Roles[id] = v
		}
		groups = append(groups, fieldGroup{"Phụ trách " + r.Work, []field{
			{Name: "phu_trach." + id + ".xung_ho", Label: "Xưng hô", Kind: "select", Options: []string{"Ông", "Bà"},
				get: func(s *generator.School) string { return s.Roles[id].Salutation },
				set: func(s *generator.School, v string) error {
					person(s, func(p *generator.Person) { p.Salutation = v })
					return nil
				}},
			{Name: "phu_trach." + id + ".ho_ten", Label: "Họ và tên", Kind: "text", Max: maxName, Required: true,
				get: func(s *generator.School) string { return s.Roles[id].Name },
				set: func(s *generator.School, v string) error {
					person(s, func(p *generator.Person) { p.Name = v })
					return nil
				}},
			{Name: "phu_trach." + id + ".chuc_vu", Label: "Chức vụ", Kind: "text", Max: maxTitle, Required: true,
				get: func(s *generator.School) string { return s.Roles[id].Position },
				set: func(s *generator.School, v string) error {
					person(s, func(p *generator.Person) { p.Position = v })
					return nil
				}},
		}})
	}
	return groups
}

// changes are the values of a school that differ from its details.
type changes struct {
	school  generator.School  // the school with the changes made
	values  map[string]string // every field's value, as the form shows it
	errs    map[string]string // field name → what is wrong; "" for the whole form
	query   url.Values        // only the changed fields: the canonical query
	changed bool
}

// parseChanges reads the changes of school s of plan p from the query q.
// Values are trimmed, NFC-normalised, limited in length and checked for
// characters no document may hold, then as the form understands them (a
// date within the plan's time, the deputy only for KT. signing); fields
// not in the form are ignored.
func parseChanges(groups []fieldGroup, p *generator.Plan, s generator.School, q url.Values) *changes {
	orig := s
	s.Roles = maps.Clone(s.Roles) // the changes are this request's: s's map is the server's
	c := &changes{school: s, values: map[string]string{}, errs: map[string]string{}, query: url.Values{}}
	for _, g := range groups {
		for _, f := range g.Fields {
			def := f.get(&orig)
			c.values[f.Name] = def
			vs, ok := q[f.Name]
			if !ok {
				continue
			}
			v, err := cleanValue(f, vs)
			if err != "" {
				c.errs[f.Name] = err
				if utf8.ValidString(v) {
					c.values[f.Name] = v
				}
				continue
			}
			c.values[f.Name] = v
			if v == def {
				continue
			}
			if err := f.set(&c.school, v); err != nil {
				c.errs[f.Name] = err.Error()
				continue
			}
			if v = f.get(&c.school); v == def { // 10/03/2025 is 2025-03-10
				continue
			}
			c.values[f.Name] = v
			c.query.Set(f.Name, v)
			c.changed = true
		}
	}
	c.checkForm(p, orig)
	return c
}

// checkForm checks what the form knows better than the schools file's
// messages can say: the date within the plan's time and the deputy, who
// signs only with KT. HIỆU TRƯỞNG (switching to another way of signing
// drops the deputy the school had).
func (c *changes) checkForm(p *generator.Plan, orig generator.School) {
	const date, deputy, sign = "ngay", "hieu_truong.pho_hieu_truong", "hieu_truong.ky"
	if d := c.school.Date; c.errs[date] == "" && !d.IsZero() {
		from, to := p.Doc.Date, generator.Date{Year: p.Year, Month: 12, Day: 31}
		if from.IsZero() {
			from = generator.Date{Year: p.Year - 1, Month: 1, Day: 1}
		}
		switch {
		case dateValue(d) < dateValue(from):
			c.errs[date] = "kế hoạch của trường không thể có trước kế hoạch của " + p.Office.InText + " (" + generator.FormatDate(from, from.Year) + "); hãy chọn ngày từ đó trở đi"
		case dateValue(d) > dateValue(to):
			c.errs[date] = "ngày sau năm " + itoa(p.Year) + " của kế hoạch; hãy chọn ngày trong năm " + itoa(p.Year)
		}
	}
	pr := &c.school.Principal
	switch {
	case c.errs[sign] != "" || c.errs[deputy] != "":
	case pr.Sign != generator.SignOnBehalf && pr.Deputy != "":
		pr.Deputy = ""
		c.values[deputy] = ""
		if orig.Principal.Deputy != "" {
			c.query.Set(deputy, "")
		} else {
			c.query.Del(deputy)
		}
	case pr.Sign == generator.SignOnBehalf && pr.Deputy == "":
		c.errs[deputy] = "ký " + generator.SignOnBehalf + " thì cần họ tên phó hiệu trưởng ký thay"
	}
}

// cleanValue returns the value of field f, or why it cannot be used.
func cleanValue(f field, vs []string) (string, string) {
	if len(vs) > 1 {
		return vs[0], "trường này được gửi nhiều lần; hãy gửi một giá trị"
	}
	v := vs[0]
	if !utf8.ValidString(v) {
		return v, "có ký tự không phải Unicode; hãy gõ lại"
	}
	v = strings.TrimSpace(norm.NFC.String(v))
	for _, r := range v {
		// Controls, and the invisible marks that change how text shows
		// (right-to-left overrides, zero-width spaces, line separators).
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp) {
			return v, fmt.Sprintf("có ký tự điều khiển hoặc ký tự ẩn (mã %U) không in được; hãy gõ lại", r)
		}
	}
	if v == "" && f.Required {
		return v, "không được để trống"
	}
	if f.Max > 0 && utf8.RuneCountInString(v) > f.Max {
		return v, fmt.Sprintf("dài %d ký tự; tối đa %d ký tự", utf8.RuneCountInString(v), f.Max)
	}
	if f.Kind == "number" && strings.Trim(v, "0123456789") != "" {
		return v, "chỉ gồm chữ số, ví dụ 05; để trống nếu văn thư chưa vào số"
	}
	if f.Kind == "number" && v != "" && strings.Trim(v, "0") == "" {
		return v, "số văn bản bắt đầu từ 1; để trống nếu văn thư chưa vào số"
	}
	if f.Kind == "select" {
		for _, o := range f.Options {
			if v == o {
				return v, ""
			}
		}
		return v, "hãy chọn một trong: " + strings.Join(f.Options, ", ")
	}
	return v, ""
}

func dateValue(d generator.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// parseDate reads 2025-03-05 (a date input's value) or 05/03/2025 (what
// people type); "" is no date.
func parseDate(v string) (generator.Date, error) {
	if v == "" {
		return generator.Date{}, nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, v); err == nil && t.Year() >= 1900 {
			return generator.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, nil
		}
	}
	var y, m, d int
	if n, _ := fmt.Sscanf(v, "%d-%d-%d", &y, &m, &d); n == 3 {
		return generator.Date{}, fmt.Errorf("ngày %s không có thật; hãy sửa lại", v)
	}
	if n, _ := fmt.Sscanf(v, "%d/%d/%d", &d, &m, &y); n == 3 {
		return generator.Date{}, fmt.Errorf("ngày %s không có thật; hãy sửa lại", v)
	}
	return generator.Date{}, fmt.Errorf("%q không phải một ngày; hãy viết năm-tháng-ngày, ví dụ 2025-03-05", v)
}

// apply adds the generator's problems with the changed school to the
// fields they concern.
func (c *changes) apply(err error) {
	ps, ok := err.(generator.Problems)
	if !ok {
		c.errs[""] = err.Error()
		return
	}
	for _, p := range ps {
		k := p.Key
		if _, ok := c.values[k]; !ok {
			k = ""
		}
		if c.errs[k] != "" {
			c.errs[k] += "; "
		}
		c.errs[k] += p.Msg
	}
}

// encode is the canonical query of the changes: only changed fields, in
// key order.
func (c *changes) encode() string { return c.query.Encode() }

func itoa(n int) string { return strconv.Itoa(n) }
