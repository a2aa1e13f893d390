package generator

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Scope says in which texts of a plan a placeholder can be used: the ones
// every document has (the issuer's plan included), the ones of a school's
// documents, or the ones of a report form.
type Scope int

// Scopes, each including the ones before it.
const (
	ScopePlan Scope = iota
	ScopeSchool
	ScopeReport
)

// String names the scope as the documentation does, in Vietnamese.
func (s Scope) String() string {
	switch s {
	case ScopePlan:
		return "mọi văn bản"
	case ScopeSchool:
		return "văn bản của trường"
	}
	return "mẫu báo cáo"
}

// Placeholder is a {{name}} a plan's text may hold.
type Placeholder struct {
	Name  string
	Scope Scope
	Doc   string // what it is filled with, in Vietnamese
}

// valueScope is what a placeholder's value is taken from; School and Period
// are nil where the document has none.
type valueScope struct {
	plan   *Plan
	school *School
	period *ReportPeriod
}

// placeholderDef is one line of the placeholder table. A family's name has
// a part in angle brackets (lien_he.<tên>) that stands for each name the
// plan gives (keys); its Doc may hold %s for what that name is.
type placeholderDef struct {
	Placeholder
	keys  func(p *Plan) []string
	what  func(p *Plan, key string) string
	value func(v valueScope, key string) string
}

// placeholderValue is a placeholder of one plan, with its value.
type placeholderValue struct {
	Placeholder
	value func(v valueScope) string
}

func constant(f func(v valueScope) string) func(valueScope, string) string {
	return func(v valueScope, _ string) string { return f(v) }
}

func roleIDs(p *Plan) []string {
	var ids []string
	for _, r := range p.Roles {
		ids = append(ids, r.ID)
	}
	return ids
}

func roleWork(p *Plan, id string) string {
	if r := p.role(id); r != nil {
		return r.Work
	}
	return id
}

func person(v valueScope, id string) Person { return v.school.Roles[id] }

func periodIDs(p *Plan) []string {
	var ids []string
	for _, k := range p.Report.Periods {
		ids = append(ids, k.ID)
	}
	return ids
}

func (p *Plan) period(id string) *ReportPeriod {
	for i := range p.Report.Periods {
		if p.Report.Periods[i].ID == id {
			return &p.Report.Periods[i]
		}
	}
	return nil
}

func dateText(d Date) string {
	if d.IsZero() {
		return ""
	}
	return shortDate(d)
}

// placeholderTable is the one table of placeholders: it drives validation
// (which names a text may use), documentation (Placeholders, kehoach check
// --placeholders, the README) and filling.
var placeholderTable = []placeholderDef{
	{Placeholder: Placeholder{"nam", ScopePlan, "năm của kế hoạch (nam)"}, value: constant(func(v valueScope) string { return strconv.Itoa(v.plan.Year) })},
	{Placeholder: Placeholder{"co_quan", ScopePlan, "tên cơ quan ban hành trong câu văn (co_quan.ten_trong_cau)"}, value: constant(func(v valueScope) string { return v.plan.Office.InText })},
	{Placeholder: Placeholder{"so_ke_hoach", ScopePlan, "số và ngày của kế hoạch, ví dụ \"số 12/KH-UBND ngày 05 tháng 3 năm 2026\""}, value: constant(func(v valueScope) string { return v.plan.reference() })},
	{Placeholder: Placeholder{"lien_he.<tên>", ScopePlan, "liên hệ, địa chỉ nhận báo cáo (lien_he): %s"},
		keys:  func(p *Plan) []string { return sortedKeysOf(p.Contacts) },
		what:  func(p *Plan, k string) string { return p.Contacts[k] },
		value: func(v valueScope, k string) string { return v.plan.Contacts[k] }},
	{Placeholder: Placeholder{"thoi_han.<tên>", ScopePlan, "thời hạn (thoi_han): %s"},
		keys:  func(p *Plan) []string { return sortedKeysOf(p.Deadlines) },
		what:  func(p *Plan, k string) string { return dateText(p.Deadlines[k]) },
		value: func(v valueScope, k string) string { return dateText(v.plan.Deadlines[k]) }},
	{Placeholder: Placeholder{"ky.<mã>.ten", ScopePlan, "tên kỳ báo cáo (bao_cao.ky.ten): %s"},
		keys:  periodIDs,
		what:  func(p *Plan, k string) string { return p.period(k).Name },
		value: func(v valueScope, k string) string { return v.plan.period(k).Name }},
	{Placeholder: Placeholder{"ky.<mã>.han", ScopePlan, "hạn gửi báo cáo (bao_cao.ky.han): %s"},
		keys:  periodIDs,
		what:  func(p *Plan, k string) string { return p.period(k).Name + ", " + dateText(p.period(k).Due) },
		value: func(v valueScope, k string) string { return dateText(v.plan.period(k).Due) }},
	{Placeholder: Placeholder{"phu_trach.<mã>.viec", ScopePlan, "việc được phân công: %s (phu_trach.viec)"},
		keys: roleIDs, what: roleWork,
		value: func(v valueScope, k string) string { return v.plan.role(k).Work }},

	{Placeholder: Placeholder{"ten_truong", ScopeSchool, "tên trường (ten)"}, value: constant(func(v valueScope) string { return v.school.Name })},
	{Placeholder: Placeholder{"ten_truong_viet_tat", ScopeSchool, "tên viết tắt của trường (ten_viet_tat)"}, value: constant(func(v valueScope) string { return v.school.ShortName })},
	{Placeholder: Placeholder{"email_truong", ScopeSchool, "thư điện tử của trường (email)"}, value: constant(func(v valueScope) string { return v.school.Email })},
	{Placeholder: Placeholder{"dia_danh_truong", ScopeSchool, "địa danh của trường (dia_danh)"}, value: constant(func(v valueScope) string { return v.school.Place })},
	{Placeholder: Placeholder{"hieu_truong", ScopeSchool, "họ tên hiệu trưởng (hieu_truong.ho_ten)"}, value: constant(func(v valueScope) string { return v.school.Principal.Name })},
	{Placeholder: Placeholder{"phu_trach.<mã>.xung_ho", ScopeSchool, "Ông/Bà, người phụ trách %s (phu_trach.<mã>.xung_ho của trường)"},
		keys: roleIDs, what: roleWork,
		value: func(v valueScope, k string) string { return person(v, k).Salutation }},
	{Placeholder: Placeholder{"phu_trach.<mã>.ho_ten", ScopeSchool, "họ tên người phụ trách %s"},
		keys: roleIDs, what: roleWork,
		value: func(v valueScope, k string) string { return person(v, k).Name }},
	{Placeholder: Placeholder{"phu_trach.<mã>.chuc_vu", ScopeSchool, "chức vụ người phụ trách %s"},
		keys: roleIDs, what: roleWork,
		value: func(v valueScope, k string) string { return person(v, k).Position }},

	{Placeholder: Placeholder{"ky_bao_cao", ScopeReport, "tên kỳ báo cáo, ví dụ \"quý I năm 2026\" (bao_cao.ky.ten)"}, value: constant(func(v valueScope) string { return v.period.Name })},
	{Placeholder: Placeholder{"han_bao_cao", ScopeReport, "hạn gửi báo cáo, ví dụ \"trước ngày 20 tháng 3 năm 2026\" (bao_cao.ky.han)"}, value: constant(func(v valueScope) string {
		if v.period.Due.IsZero() {
			return ""
		}
		return "trước " + shortDate(v.period.Due)
	})},
	{Placeholder: Placeholder{"ky_tiep_theo", ScopeReport, "kỳ sau, cho phần phương hướng (bao_cao.ky.tiep_theo)"}, value: constant(func(v valueScope) string { return v.period.Next })},
}

var familyPart = regexp.MustCompile(`<[^>]+>`)

// Placeholders lists every placeholder a plan may use, in the order of the
// documentation; a name with a part in angle brackets (phu_trach.<mã>.ho_ten)
// stands for one placeholder per name the plan gives.
func Placeholders() []Placeholder {
	out := make([]Placeholder, len(placeholderTable))
	for i, p := range placeholderTable {
		out[i] = p.Placeholder
		out[i].Doc = strings.ReplaceAll(out[i].Doc, "%s", "theo "+familyPart.FindString(p.Name))
	}
	return out
}

// Placeholders lists the placeholders this plan's texts may use, with the
// names of its contacts, deadlines, periods and roles.
func (p *Plan) Placeholders() []Placeholder {
	vals := p.placeholders
	if vals == nil {
		vals = p.expandPlaceholders()
	}
	out := make([]Placeholder, len(vals))
	for i, v := range vals {
		out[i] = v.Placeholder
	}
	return out
}

func (p *Plan) expandPlaceholders() []placeholderValue {
	var out []placeholderValue
	for _, d := range placeholderTable {
		if d.keys == nil {
			out = append(out, placeholderValue{d.Placeholder, func(v valueScope) string { return d.value(v, "") }})
			continue
		}
		for _, k := range d.keys(p) {
			ph := d.Placeholder
			ph.Name = familyPart.ReplaceAllLiteralString(ph.Name, k)
			ph.Doc = fmt.Sprintf(ph.Doc, d.what(p, k))
			out = append(out, placeholderValue{ph, func(v valueScope) string { return d.value(v, k) }})
		}
	}
	return out
}

// placeholderSet is the names usable in texts of scope s.
func (p *Plan) placeholderSet(s Scope) map[string]bool {
	set := map[string]bool{}
	for _, ph := range p.placeholders {
		if ph.Scope <= s {
			set[ph.Name] = true
		}
	}
	return set
}

// values are the placeholders' values for one document: every placeholder
// its scope knows, even an empty one, so that fill can tell "no value" from
// "no such placeholder".
func (v valueScope) values() map[string]string {
	out := make(map[string]string, len(v.plan.placeholders))
	for _, p := range v.plan.placeholders {
		switch {
		case p.Scope == ScopeSchool && v.school == nil, p.Scope == ScopeReport && v.period == nil:
			continue
		}
		out[p.Name] = p.value(v)
	}
	return out
}

// renamedPlaceholder says what an unknown placeholder is called now, for a
// plan written before roles and contacts were declared by the plan:
// {{<contact>}} is {{lien_he.<contact>}}, {{<role>.ho_ten}} is
// {{phu_trach.<role>.ho_ten}}.
func renamedPlaceholder(name string, allowed map[string]bool) string {
	for _, family := range []string{"lien_he.", "phu_trach."} {
		if allowed[family+name] {
			return fmt.Sprintf("; tên cũ, nay viết {{%s%s}}", family, name)
		}
	}
	if role, field, ok := strings.Cut(name, "."); ok && isName(role) {
		switch field {
		case "xung_ho", "ho_ten", "chuc_vu":
			return fmt.Sprintf("; nếu đây là người phụ trách một việc, nay viết {{phu_trach.%s.%s}} và khai báo việc đó trong kế hoạch: [[phu_trach]] ma = %q, viec = \"…\"", role, field, role)
		}
	}
	return ""
}

// ErrNoValue is matched by the error of a placeholder or a required value
// that is empty for the document being made: a blank must never reach a
// document unnoticed.
var ErrNoValue = errors.New("generator: thiếu giá trị")

// valueError is a missing value, said for the person who edits the file;
// it matches ErrNoValue without repeating its text.
type valueError struct{ msg string }

func (e *valueError) Error() string        { return e.msg }
func (e *valueError) Is(target error) bool { return target == ErrNoValue }

// fill replaces every {{name}} of s by its value, in one pass; a name that
// has no value, or an empty one, is an error.
func fill(s string, values map[string]string) (string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return "", fmt.Errorf("chỗ điền %q chưa đóng; hãy viết {{tên}} với đủ hai dấu }}", clip(s[i:], 30))
		}
		name := strings.TrimSpace(s[i+2 : i+j])
		v, ok := values[name]
		if !ok {
			return "", &valueError{fmt.Sprintf("chỗ điền {{%s}} không dùng được trong văn bản này", name)}
		}
		if strings.TrimSpace(v) == "" {
			return "", &valueError{fmt.Sprintf("chỗ điền {{%s}} không có giá trị; hãy điền giá trị đó trong tệp kế hoạch hoặc danh sách trường", name)}
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+2:]
	}
	b.WriteString(s)
	return b.String(), nil
}
