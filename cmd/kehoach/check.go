package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"kehoach/generator"
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
	if placeholders {
		w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "chỗ điền\tdùng trong\tđiền bằng")
		for _, p := range generator.Placeholders() {
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
	// Compose every document once: what check passes, generate writes.
	for _, ref := range g.Documents() {
		if _, err := g.Document(ref); err != nil {
			fmt.Fprintln(m.Stderr, err)
			m.errorf("hãy sửa lỗi trên rồi chạy lại")
			return exitInput
		}
	}
	for _, w := range g.Warnings() {
		fmt.Fprintln(m.Stderr, "cảnh báo: "+w)
	}
	fmt.Fprintf(m.Stdout, "%s: hợp lệ, %d đoạn nội dung, %d kỳ báo cáo; %s: hợp lệ, %d trường; mẫu Word: hợp lệ; %d văn bản\n",
		plan.File, len(plan.Sections), len(plan.Report.Periods), in.schoolsName(), len(schools), len(g.Documents()))
	// The names --doc takes, from this plan.
	kinds := []string{generator.DocIssuer + " (kế hoạch của cơ quan ban hành)", generator.DocPlan + " (kế hoạch của trường)"}
	for _, k := range plan.Report.Periods {
		kinds = append(kinds, fmt.Sprintf("%s (báo cáo %s)", k.ID, k.Name))
	}
	fmt.Fprintf(m.Stdout, "Văn bản (--doc): %s\n", strings.Join(kinds, ", "))
	return exitOK
}
