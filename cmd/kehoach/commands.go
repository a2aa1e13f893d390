package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/generator/pdf"
	"kehoach/generator/plaintext"
	"kehoach/templates"
)

// inputs are the flags that name the input files.
type inputs struct {
	plan, schools string
}

func (in *inputs) register(fs *flag.FlagSet, plan bool) {
	if plan {
		fs.StringVar(&in.plan, "plan", "", "tệp kế hoạch TOML (mặc định: dữ liệu có sẵn "+data.PlanFile+")")
	}
	fs.StringVar(&in.schools, "schools", "", "tệp danh sách trường TOML (mặc định: dữ liệu có sẵn "+data.SchoolsFile+")")
}

func (in *inputs) loadPlan() (*generator.Plan, error) {
	if in.plan == "" {
		return generator.LoadPlanFS(data.FS, data.PlanFile)
	}
	f, err := os.Open(in.plan)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp kế hoạch: %w", err)
	}
	defer f.Close()
	return generator.LoadPlan(f, in.plan)
}

func (in *inputs) loadSchools() ([]generator.School, error) {
	if in.schools == "" {
		return generator.LoadSchoolsFS(data.FS, data.SchoolsFile)
	}
	f, err := os.Open(in.schools)
	if err != nil {
		return nil, fmt.Errorf("không mở được danh sách trường: %w", err)
	}
	defer f.Close()
	return generator.LoadSchools(f, in.schools)
}

// load reads both files and reports the problems of both at once.
func (in *inputs) load() (*generator.Plan, []generator.School, error) {
	plan, perr := in.loadPlan()
	schools, serr := in.loadSchools()
	return plan, schools, errors.Join(perr, serr)
}

func (m *Main) flagSet(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Cách dùng: kehoach %s %s\n\nTùy chọn:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns false with the exit code when it failed.
func (m *Main) parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		m.errorf("không hiểu %q", strings.Join(fs.Args(), " "))
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

func (m *Main) reportInput(err error) int {
	fmt.Fprintln(m.Stderr, err)
	if errors.Is(err, generator.ErrInvalid) {
		m.errorf("chưa viết gì; hãy sửa các lỗi trên rồi chạy lại")
	}
	return exitInput
}

func (m *Main) check(args []string) int {
	var (
		in   inputs
		tmpl string
	)
	fs := m.flagSet("check", "[--plan TỆP] [--schools TỆP] [--templates THƯ_MỤC]")
	in.register(fs, true)
	fs.StringVar(&tmpl, "templates", "", "thư mục chứa mẫu "+templates.Document+", hoặc chính tệp mẫu .docx (mặc định: mẫu có sẵn)")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	plan, schools, err := in.load()
	_, terr := parseTemplate(tmpl)
	if err := errors.Join(err, terr); err != nil {
		fmt.Fprintln(m.Stderr, err)
		return exitInput
	}
	for _, w := range generator.Warnings(plan, schools) {
		fmt.Fprintln(m.Stderr, "cảnh báo: "+w)
	}
	fmt.Fprintf(m.Stdout, "%s: hợp lệ, %d đoạn nội dung, %d kỳ báo cáo; %s: hợp lệ, %d trường; mẫu Word: hợp lệ\n",
		plan.File, len(plan.Sections), len(plan.Report.Periods), schoolsName(in), len(schools))
	return exitOK
}

func schoolsName(in inputs) string {
	if in.schools == "" {
		return data.SchoolsFile
	}
	return in.schools
}

func (m *Main) schools(args []string) int {
	var in inputs
	fs := m.flagSet("schools", "[--schools TỆP]")
	in.register(fs, false)
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	schools, err := in.loadSchools()
	if err != nil {
		fmt.Fprintln(m.Stderr, err)
		return exitInput
	}
	for _, s := range schools {
		fmt.Fprintf(m.Stdout, "%-28s %s\n", s.ID, s.Name)
	}
	return exitOK
}

// listFlag collects a repeatable, comma-separated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" && !contains(*l, p) {
			*l = append(*l, p)
		}
	}
	return nil
}

// parseTemplate reads the embedded template, or the one at path: a folder
// holding van-ban.docx, or a .docx file itself.
func parseTemplate(path string) (*docx.Template, error) {
	if path == "" {
		return docx.ParseTemplate(templates.FS, templates.Document)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("không mở được mẫu %s: %w", path, err)
	}
	dir, name := path, templates.Document
	if !fi.IsDir() {
		dir, name = filepath.Dir(path), filepath.Base(path)
	} else if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		return nil, fmt.Errorf("thư mục %s không có tệp %s (mẫu phải mang đúng tên này, hoặc ghi thẳng đường dẫn tệp mẫu: --templates %s)", dir, name, filepath.Join(dir, "ten-mau.docx"))
	}
	t, err := docx.ParseTemplate(os.DirFS(dir), name)
	if err != nil && !errors.Is(err, docx.ErrTemplate) {
		return nil, fmt.Errorf("không đọc được mẫu %s: %w", filepath.Join(dir, name), err)
	}
	return t, err
}

// renderFunc writes one document in one format.
type renderFunc func(io.Writer, *document.Document) error

// allFormats are the output formats, in the order they are listed.
var allFormats = []string{"docx", "pdf", "txt"}

const defaultFormats = "docx,pdf"

// renderers builds the renderer of each requested format; the DOCX
// template is parsed here, so that a bad template stops the run before
// anything is written.
func renderers(names []string, templateDir string) (map[string]renderFunc, error) {
	out := map[string]renderFunc{}
	for _, n := range names {
		switch n {
		case "txt":
			out[n] = plaintext.Render
		case "pdf":
			out[n] = pdf.Render
		case "docx":
			t, err := parseTemplate(templateDir)
			if err != nil {
				return nil, err
			}
			out[n] = func(w io.Writer, d *document.Document) error { return t.Render(w, d, docx.Options{}) }
		}
	}
	return out, nil
}

func (m *Main) generate(args []string) int {
	var (
		in      inputs
		ids     listFlag
		docs    listFlag
		formats listFlag
		out     string
		tmpl    string
		quiet   bool
		force   bool
	)
	fs := m.flagSet("generate", "[--plan TỆP] [--schools TỆP] [--school ID ...] [--doc DS] [--format DS] [--templates THƯ_MỤC] [--out THƯ_MỤC] [--force] [-q]")
	in.register(fs, true)
	fs.Var(&ids, "school", "chỉ viết cho trường có id này (lặp lại được, hoặc ngăn cách bằng dấu phẩy)")
	fs.Var(&docs, "doc", "các văn bản cần viết: district, plan và các kỳ báo cáo (report-6m, report-year); mặc định: tất cả")
	fs.Var(&formats, "format", "định dạng, ngăn cách bằng dấu phẩy: "+strings.Join(allFormats, ", ")+" (mặc định: "+defaultFormats+")")
	fs.StringVar(&tmpl, "templates", "", "thư mục chứa mẫu "+templates.Document+", hoặc chính tệp mẫu .docx (mặc định: mẫu có sẵn)")
	fs.BoolVar(&force, "force", false, "ghi đè cả những tệp đã được sửa sau lần viết trước")
	fs.StringVar(&out, "out", "out", "thư mục ghi kết quả")
	fs.BoolVar(&quiet, "q", false, "không in tiến độ, chỉ in tóm tắt")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if len(formats) == 0 {
		formats.Set(defaultFormats)
	}
	for _, f := range formats {
		if !contains(allFormats, f) {
			m.errorf("không có định dạng %q; dùng %s", f, strings.Join(allFormats, ", "))
			fs.Usage()
			return exitUsage
		}
	}
	plan, schools, err := in.load()
	if err != nil {
		return m.reportInput(err)
	}
	known := append([]string{generator.DocDistrict}, plan.DocIDs()...)
	if len(docs) == 0 {
		docs = known
		if len(ids) > 0 { // a few schools: their documents, not the district's
			docs = plan.DocIDs()
		}
	}
	for _, d := range docs {
		if !contains(known, d) {
			m.errorf("không có văn bản %q; dùng %s", d, strings.Join(known, ", "))
			fs.Usage()
			return exitUsage
		}
	}
	if tmpl != "" && !contains(formats, "docx") {
		if _, err := parseTemplate(tmpl); err != nil { // asked for: checked anyway
			m.errorf("%v", err)
			m.errorf("chưa viết gì; hãy sửa mẫu rồi chạy lại")
			return exitInput
		}
	}
	render, err := renderers(formats, tmpl)
	if err != nil {
		m.errorf("%v", err)
		m.errorf("chưa viết gì; hãy sửa mẫu rồi chạy lại")
		return exitInput
	}
	if len(ids) > 0 && len(docs) == 1 && docs[0] == generator.DocDistrict {
		m.errorf("--school không có tác dụng với --doc district (kế hoạch của Phòng)")
	}
	selected, err := pickSchools(schools, ids)
	if err != nil {
		m.errorf("%v", err)
		return exitUsage
	}
	jobs, err := buildJobs(plan, selected, docs)
	if err != nil {
		m.errorf("%v", err)
		return exitInput
	}
	start := time.Now()
	showProgress := !quiet && isTerminal(m.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	written, err := writeAll(ctx, out, jobs, formats, render, force, func(done, total int) {
		if showProgress {
			fmt.Fprintf(m.Stderr, "\rđang viết: %d/%d tệp", done, total)
			if done == total {
				fmt.Fprintln(m.Stderr)
			}
		}
	})
	if err != nil {
		m.errorf("%v", err)
		m.errorf("không thay đổi gì trong %s", out)
		return exitInput
	}
	dirs := map[string]bool{}
	for _, j := range jobs {
		if j.dir != generator.DistrictDir {
			dirs[j.dir] = true
		}
	}
	fmt.Fprintf(m.Stdout, "Đã viết %d tệp (%d văn bản, %d trường) vào %s trong %.1f giây\n",
		written, len(jobs), len(dirs), filepath.Clean(out), time.Since(start).Seconds())
	return exitOK
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pickSchools(all []generator.School, ids []string) ([]generator.School, error) {
	if len(ids) == 0 {
		return all, nil
	}
	byID := map[string]generator.School{}
	for _, s := range all {
		byID[s.ID] = s
	}
	var out []generator.School
	var missing []string
	for _, id := range ids {
		s, ok := byID[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		out = append(out, s)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("không có trường với id %s; xem danh sách bằng lệnh: kehoach schools", strings.Join(quoteAll(missing), ", "))
	}
	return out, nil
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// job is one document to write, in its folder under the output directory.
type job struct {
	dir string
	doc *document.Document
}

func buildJobs(plan *generator.Plan, schools []generator.School, docs []string) ([]job, error) {
	var jobs []job
	if contains(docs, generator.DocDistrict) {
		jobs = append(jobs, job{generator.DistrictDir, generator.ComposeDistrict(plan)})
	}
	for i := range schools {
		for _, id := range docs {
			if id == generator.DocDistrict {
				continue
			}
			d, err := generator.Compose(plan, &schools[i], id)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, job{schools[i].ID, d})
		}
	}
	return jobs, nil
}

// isTerminal reports whether w is a terminal, where a progress line that
// rewrites itself reads well; in a log it would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
