package generator

import (
	"errors"
	"fmt"
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

// placeholderTable is the one table of placeholders: it drives validation
// (which names a text may use), documentation (Placeholders, kehoach check
// --placeholders, the README) and filling.
var placeholderTable = []struct {
	Placeholder
	value func(v valueScope) string
}{
	{Placeholder{"nam", ScopePlan, "năm của kế hoạch (2025)"}, func(v valueScope) string { return strconv.Itoa(v.plan.Year) }},
	{Placeholder{"co_quan", ScopePlan, "tên cơ quan ban hành trong câu văn (co_quan.ten_trong_cau)"}, func(v valueScope) string { return v.plan.Office.InText }},
	{Placeholder{"so_ke_hoach", ScopePlan, "số và ngày của kế hoạch, ví dụ \"số 12/KH-GDĐT ngày 05 tháng 3 năm 2025\""}, func(v valueScope) string { return v.plan.reference() }},
	{Placeholder{"email_noi_vu", ScopePlan, "địa chỉ thư nhận báo cáo (lien_he.email_noi_vu)"}, func(v valueScope) string { return v.plan.Contact.InteriorEmail }},
	{Placeholder{"email_phong", ScopePlan, "địa chỉ thư nhận báo cáo (lien_he.email_phong)"}, func(v valueScope) string { return v.plan.Contact.OfficeEmail }},

	{Placeholder{"ten_truong", ScopeSchool, "tên trường (ten)"}, func(v valueScope) string { return v.school.Name }},
	{Placeholder{"ten_truong_viet_tat", ScopeSchool, "tên viết tắt của trường (ten_viet_tat)"}, func(v valueScope) string { return v.school.ShortName }},
	{Placeholder{"email_truong", ScopeSchool, "thư điện tử của trường (email)"}, func(v valueScope) string { return v.school.Email }},
	{Placeholder{"dia_danh_truong", ScopeSchool, "địa danh của trường (dia_danh)"}, func(v valueScope) string { return v.school.Place }},
	{Placeholder{"hieu_truong", ScopeSchool, "họ tên hiệu trưởng (hieu_truong.ho_ten)"}, func(v valueScope) string { return v.school.Principal.Name }},
	{Placeholder{"dan_van.xung_ho", ScopeSchool, "Ông/Bà, người phụ trách dân vận chính quyền"}, func(v valueScope) string { return v.school.DanVan.Salutation }},
	{Placeholder{"dan_van.ho_ten", ScopeSchool, "họ tên người phụ trách dân vận chính quyền"}, func(v valueScope) string { return v.school.DanVan.Name }},
	{Placeholder{"dan_van.chuc_vu", ScopeSchool, "chức vụ người phụ trách dân vận chính quyền"}, func(v valueScope) string { return v.school.DanVan.Position }},
	{Placeholder{"dan_chu.xung_ho", ScopeSchool, "Ông/Bà, người phụ trách dân chủ cơ sở"}, func(v valueScope) string { return v.school.DanChu.Salutation }},
	{Placeholder{"dan_chu.ho_ten", ScopeSchool, "họ tên người phụ trách dân chủ cơ sở"}, func(v valueScope) string { return v.school.DanChu.Name }},
	{Placeholder{"dan_chu.chuc_vu", ScopeSchool, "chức vụ người phụ trách dân chủ cơ sở"}, func(v valueScope) string { return v.school.DanChu.Position }},

	{Placeholder{"ky_bao_cao", ScopeReport, "tên kỳ báo cáo, ví dụ \"6 tháng đầu năm 2025\" (bao_cao.ky.ten)"}, func(v valueScope) string { return v.period.Name }},
	{Placeholder{"han_bao_cao", ScopeReport, "hạn gửi báo cáo, ví dụ \"trước ngày 01 tháng 5 năm 2025\" (bao_cao.ky.han)"}, func(v valueScope) string {
		if v.period.Due.IsZero() {
			return ""
		}
		return "trước " + shortDate(v.period.Due)
	}},
	{Placeholder{"ky_tiep_theo", ScopeReport, "kỳ sau, cho phần phương hướng (bao_cao.ky.tiep_theo)"}, func(v valueScope) string { return v.period.Next }},
}

// Placeholders lists every placeholder a plan may use, in the order of the
// documentation.
func Placeholders() []Placeholder {
	out := make([]Placeholder, len(placeholderTable))
	for i, p := range placeholderTable {
		out[i] = p.Placeholder
	}
	return out
}

// placeholderSet is the names usable in texts of scope s.
func placeholderSet(s Scope) map[string]bool {
	set := map[string]bool{}
	for _, p := range placeholderTable {
		if p.Scope <= s {
			set[p.Name] = true
		}
	}
	return set
}

// values are the placeholders' values for one document: every placeholder
// its scope knows, even an empty one, so that fill can tell "no value" from
// "no such placeholder".
func (v valueScope) values() map[string]string {
	out := make(map[string]string, len(placeholderTable))
	for _, p := range placeholderTable {
		switch {
		case p.Scope == ScopeSchool && v.school == nil, p.Scope == ScopeReport && v.period == nil:
			continue
		}
		out[p.Name] = p.value(v)
	}
	return out
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
