package main

import (
	"fmt"
	"text/tabwriter"
)

func (m *Main) check(args []string) int {
	var (
		in           inputs
		placeholders bool
	)
	fs := m.flagSet("check", "[--plan TỆP] [--schools TỆP] [--templates THƯ_MỤC|TỆP] [--placeholders]")
	in.register(fs, true, true)
	fs.BoolVar(&placeholders, "placeholders", false, "in các chỗ điền {{…}} mà tệp kế hoạch dùng được, rồi dừng")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if code, ok := m.sampleKnown(&in); !ok {
		return code
	}
	if placeholders {
		// The placeholders of this plan, its roles, contacts, deadlines
		// and periods by name.
		plan, err := in.loadPlan()
		if err != nil {
			fmt.Fprintln(m.Stderr, err)
			m.errorf("hãy sửa các lỗi trên rồi chạy lại")
			return exitInput
		}
		fmt.Fprintf(m.Stdout, "Các chỗ điền dùng được trong %s:\n", plan.File)
		w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "chỗ điền\tdùng trong\tđiền bằng")
		for _, p := range plan.Placeholders() {
			fmt.Fprintf(w, "{{%s}}\t%s\t%s\n", p.Name, p.Scope, p.Doc)
		}
		w.Flush()
		return exitOK
	}
	g, plan, schools, err := in.newGenerator()
	if err != nil {
		fmt.Fprintln(m.Stderr, err)
		m.errorf("hãy sửa các lỗi trên rồi chạy lại")
		return exitInput
	}
	// Compose every document once and look for what the PDF cannot draw:
	// what check passes, generate writes. Every school's problem at once.
	bad := 0
	for _, ref := range g.Documents() {
		if err := g.Check(ref); err != nil {
			fmt.Fprintln(m.Stderr, err)
			bad++
		}
	}
	if bad > 0 {
		m.errorf("%d văn bản không viết được; hãy sửa các lỗi trên rồi chạy lại", bad)
		return exitInput
	}
	for _, w := range g.Warnings() {
		fmt.Fprintln(m.Stderr, "cảnh báo: "+w)
	}
	fmt.Fprintf(m.Stdout, "%s: hợp lệ, %d đoạn nội dung, %d kỳ báo cáo; %s: hợp lệ, %d trường; mẫu Word: hợp lệ; %d văn bản\n",
		plan.File, len(plan.Sections), len(plan.Report.Periods), in.schoolsName(), len(schools), len(g.Documents()))
	// The names --doc takes, from this plan.
	if kinds, err := in.docKinds(); err == nil {
		fmt.Fprintln(m.Stdout, kinds)
	}
	return exitOK
}
