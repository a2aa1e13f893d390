package generator_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"kehoach/data"
	"kehoach/generator"
)

func sampleGenerator(t testing.TB, name string) *generator.Generator {
	t.Helper()
	s, err := data.Find(name)
	if err != nil {
		t.Fatal(err)
	}
	plan, schools, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := generator.New(plan, schools, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A school changed on a web page: its number, date, principal and a role's
// person reach its documents, literally; the original Generator is left as
// it was.
func TestWithSchool(t *testing.T) {
	g := sampleGenerator(t, "2025")
	s := g.Schools()[3]
	before, _ := g.School(s.ID)
	s.Number = "123"
	s.Date = generator.Date{Year: 2025, Month: 4, Day: 9}
	s.Principal.Name = "Nguyễn Thị <script>*{{x}}*"
	role := g.Plan().Roles[0].ID
	p := s.Roles[role]
	p.Name = "Trần Văn Mới"
	s.Roles[role] = p
	c, err := g.WithSchool(s)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Documents()); n != 1+len(g.Plan().Report.Periods)+1 {
		t.Errorf("%d documents, want the issuer's, the plan and the reports", n)
	}
	ref := c.Documents()[1]
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b, ref, generator.Text); err != nil {
		t.Fatal(err)
	}
	txt := b.String()
	for _, want := range []string{"Số: 123/KH-" + s.Code, "ngày 09 tháng 4 năm 2025", "Nguyễn Thị <script>*{{x}}*", "Trần Văn Mới"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the changed plan lacks %q", want)
		}
	}
	b.Reset()
	if err := g.Render(context.Background(), &b, ref, generator.Text); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Trần Văn Mới") {
		t.Error("the change reached the original Generator")
	}
	if after, _ := g.School(s.ID); after.Principal.Name != before.Principal.Name {
		t.Error("the change reached the original school")
	}
}

// Bad changes come back as Problems keyed by the school's own fields.
func TestWithSchoolProblems(t *testing.T) {
	g := sampleGenerator(t, "2025")
	s := g.Schools()[0]
	s.Number = "12a"
	s.Principal.Sign = "GIÁM ĐỐC"
	s.Principal.Name = "A\x00B"
	s.Date = generator.Date{Year: 2025, Month: 2, Day: 30}
	_, err := g.WithSchool(s)
	var ps generator.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want Problems", err)
	}
	keys := map[string]bool{}
	for _, p := range ps {
		keys[p.Key] = true
	}
	for _, k := range []string{"so", "hieu_truong.ky", "hieu_truong.ho_ten", "ngay"} {
		if !keys[k] {
			t.Errorf("no problem at %q in %v", k, ps)
		}
	}
	s = g.Schools()[0]
	s.ID = "khong-co"
	if _, err := g.WithSchool(s); !errors.Is(err, generator.ErrUnknownSchool) {
		t.Errorf("unknown school: err = %v", err)
	}
}

// BenchmarkChangedPDF is the web page's work for a download with changes:
// WithSchool, then the school's plan as PDF.
func BenchmarkChangedPDF(b *testing.B) {
	g := sampleGenerator(b, "2025")
	s := g.Schools()[0]
	var buf bytes.Buffer
	for b.Loop() {
		s.Number = "42"
		c, err := g.WithSchool(s)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := c.Render(context.Background(), &buf, c.Documents()[1], generator.PDF); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}

// BenchmarkWithSchool is the cost of a changed school before rendering:
// the copy and the checks.
func BenchmarkWithSchool(b *testing.B) {
	g := sampleGenerator(b, "2025")
	s := g.Schools()[0]
	for b.Loop() {
		if _, err := g.WithSchool(s); err != nil {
			b.Fatal(err)
		}
	}
}

// A character the PDF's font lacks fails the PDF, naming it, instead of
// printing an empty box; the other formats have no such limit.
func TestPDFRefusesMissingGlyph(t *testing.T) {
	g := sampleGenerator(t, "2025")
	s := g.Schools()[0]
	s.Principal.Name = "Nguyễn Văn 中"
	c, err := g.WithSchool(s)
	if err != nil {
		t.Fatal(err)
	}
	ref := c.Documents()[1]
	var b bytes.Buffer
	err = c.Render(context.Background(), &b, ref, generator.PDF)
	if err == nil || !strings.Contains(err.Error(), "không có chữ '中' (U+4E2D)") || !strings.HasPrefix(err.Error(), ref.Path(generator.PDF)+": ") {
		t.Errorf("PDF with 中: %v", err)
	}
	for _, f := range []generator.Format{generator.DOCX, generator.Text, generator.HTML} {
		if err := c.Render(context.Background(), io.Discard, ref, f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
