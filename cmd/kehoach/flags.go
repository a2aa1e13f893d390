package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/generator/docx"
	"kehoach/internal/sheet"
	"kehoach/templates"
)

// inputs are the flags that name the input files.
type inputs struct {
	plan, schools, templates string
	sample                   string

	sheet *sheet.Sheet // the schools' spreadsheet, once read
}

func (in *inputs) register(fs *flag.FlagSet, plan, tmpl bool) {
	var samples []string
	for _, s := range data.Samples {
		samples = append(samples, s.Name+": "+s.About)
	}
	fs.StringVar(&in.sample, "sample", data.Samples[0].Name, "dữ liệu mẫu có sẵn dùng khi không ghi --plan, --schools: "+strings.Join(samples, "; "))
	if plan {
		fs.StringVar(&in.plan, "plan", "", "tệp kế hoạch TOML (mặc định: kế hoạch của dữ liệu mẫu --sample)")
	}
	fs.StringVar(&in.schools, "schools", "", "tệp danh sách trường: TOML, hoặc bảng tính .xlsx, .csv với các cột theo kế hoạch (mặc định: danh sách trường của dữ liệu mẫu --sample)")
	if tmpl {
		fs.StringVar(&in.templates, "templates", "", "thư mục chứa mẫu "+templates.Document+", hoặc chính tệp mẫu .docx (mặc định: mẫu có sẵn)")
	}
}

func (in *inputs) loadPlan() (*generator.Plan, error) {
	if in.plan == "" {
		s, err := data.Find(in.sample)
		if err != nil {
			return nil, err
		}
		return generator.LoadPlanFS(data.FS, s.Plan)
	}
	f, err := os.Open(in.plan)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp kế hoạch %s: %s", in.plan, osReason(err))
	}
	defer f.Close()
	return generator.LoadPlan(f, in.plan)
}

// loadSchools reads the schools file: TOML, or a spreadsheet (.xlsx,
// .csv) whose columns follow the plan's roles.
func (in *inputs) loadSchools() ([]generator.School, error) {
	if in.schools == "" {
		s, err := data.Find(in.sample)
		if err != nil {
			return nil, err
		}
		return generator.LoadSchoolsFS(data.FS, s.Schools)
	}
	if sheet.IsSheet(in.schools) {
		plan, err := in.loadPlan()
		if err != nil {
			return nil, errors.Join(err, in.sheetWaits())
		}
		return in.loadSheet(plan)
	}
	f, err := os.Open(in.schools)
	if err != nil {
		return nil, fmt.Errorf("không mở được danh sách trường %s: %s", in.schools, osReason(err))
	}
	defer f.Close()
	return generator.LoadSchools(f, in.schools)
}

// loadSheet reads the schools from the spreadsheet --schools names, and
// keeps the sheet, to place what generator.New finds in it.
func (in *inputs) loadSheet(plan *generator.Plan) ([]generator.School, error) {
	f, err := os.Open(in.schools)
	if err != nil {
		return nil, fmt.Errorf("không mở được danh sách trường %s: %s", in.schools, osReason(err))
	}
	defer f.Close()
	sh, err := sheet.Load(f, in.schools, plan)
	if err != nil {
		return nil, err
	}
	in.sheet = sh
	return sh.Schools, nil
}

// sheetWaits says why a spreadsheet was not read: its columns follow a
// plan that has problems.
func (in *inputs) sheetWaits() error {
	return fmt.Errorf("%s: chưa đọc, vì các cột của bảng tính theo kế hoạch; sửa kế hoạch xong hãy chạy lại", in.schools)
}

func (in *inputs) schoolsName() string {
	if in.schools == "" {
		if s, err := data.Find(in.sample); err == nil {
			return s.Schools
		}
	}
	return in.schools
}

// load reads both files and reports the problems of both at once.
func (in *inputs) load() (*generator.Plan, []generator.School, error) {
	plan, perr := in.loadPlan()
	if sheet.IsSheet(in.schools) {
		if perr != nil {
			return nil, nil, errors.Join(perr, in.sheetWaits())
		}
		schools, serr := in.loadSheet(plan)
		return plan, schools, serr
	}
	schools, serr := in.loadSchools()
	return plan, schools, errors.Join(perr, serr)
}

// options are the generator options the flags ask for: the template as a
// folder holding van-ban.docx or as a .docx file itself.
func (in *inputs) options() (generator.Options, error) {
	path := in.templates
	if path == "" {
		return generator.Options{}, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return generator.Options{}, fmt.Errorf("không mở được mẫu %s: %s", path, osReason(err))
	}
	dir, name := path, templates.Document
	if !fi.IsDir() {
		dir, name = filepath.Dir(path), filepath.Base(path)
	} else if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		return generator.Options{}, fmt.Errorf("thư mục %s không có tệp %s (mẫu phải mang đúng tên này, hoặc ghi thẳng đường dẫn tệp mẫu: --templates %s)", dir, name, filepath.Join(dir, "ten-mau.docx"))
	}
	return generator.Options{Templates: os.DirFS(dir), Template: name}, nil
}

// templatePath is the template file --templates names.
func (in *inputs) templatePath() string {
	if fi, err := os.Stat(in.templates); err == nil && fi.IsDir() {
		return filepath.Join(in.templates, templates.Document)
	}
	return in.templates
}

// osReason says in Vietnamese why a file could not be opened.
func osReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "không có tệp hay thư mục này; hãy kiểm tra đường dẫn"
	case errors.Is(err, fs.ErrPermission):
		return "không có quyền đọc; hãy kiểm tra quyền của tệp"
	}
	return err.Error()
}

// newGenerator loads the inputs and builds the Generator, reporting every
// problem of the plan, the schools and the template it can find.
func (in *inputs) newGenerator() (*generator.Generator, *generator.Plan, []generator.School, error) {
	plan, schools, lerr := in.load()
	opt, oerr := in.options()
	if err := errors.Join(lerr, oerr); err != nil {
		return nil, nil, nil, err
	}
	g, err := generator.New(plan, schools, opt)
	var te *docx.TemplateError
	if errors.As(err, &te) && in.templates != "" {
		te.File = in.templatePath() // the path as the user gave it, not its base name
	}
	if err != nil && in.sheet != nil {
		err = in.sheet.Explain(err) // truong[3].hieu_truong.ho_ten as the sheet's row and column
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return g, plan, schools, nil
}

func (m *Main) flagSet(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		w := m.Stderr
		if m.helpOut != nil {
			w = m.helpOut
		}
		fmt.Fprintf(w, "Cách dùng: kehoach %s %s\n\nTùy chọn:\n", name, args)
		printDefaults(w, fs)
	}
	return fs
}

// printDefaults lists the flags as flag.PrintDefaults does, in Vietnamese
// ("mặc định", not "default") and with two dashes, as the usage writes them.
func printDefaults(w interface{ Write([]byte) (int, error) }, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		_, text := flag.UnquoteUsage(f)
		name := argNames[f.Name]
		dashes := "--"
		if len(f.Name) == 1 {
			dashes = "-"
		}
		line := "  " + dashes + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%s\n      %s", line, text)
		if f.DefValue != "" && f.DefValue != "false" && !strings.Contains(text, "mặc định") {
			fmt.Fprintf(w, " (mặc định: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// argNames are the names of flags' values in the help, as the usage line
// writes them; boolean flags have none.
var argNames = map[string]string{
	"sample": "TÊN", "plan": "TỆP", "schools": "TỆP", "templates": "THƯ_MỤC|TỆP", "out": "THƯ_MỤC",
	"school": "ID", "doc": "DS", "format": "DS", "addr": "ĐỊA_CHỈ", "cache-mb": "SỐ", "template": "TỆP", "to": "DẠNG", "jobs": "N",
}

// parse parses flags; it returns false with the exit code when it failed.
func (m *Main) parse(fs *flag.FlagSet, args []string) (int, bool) {
	// The flag package's own messages are English: it writes them to its
	// output, which is silenced here, and they are said again in
	// Vietnamese before the usage.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return exitOK, false
		}
		m.errorf("%s", flagMessage(err))
		usage()
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		m.errorf("không hiểu %q", strings.Join(fs.Args(), " "))
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

// reportInput prints the problems of the input and returns exit code 1.
func (m *Main) reportInput(err error) int {
	fmt.Fprintln(m.Stderr, err)
	m.errorf("chưa viết gì; hãy sửa các lỗi trên rồi chạy lại")
	return exitInput
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// docKinds names the documents of the plan the flags name, as --doc takes
// them: the issuer's plan, the schools' plans and each report period.
func (in *inputs) docKinds() (string, error) {
	plan, err := in.loadPlan()
	if err != nil {
		return "", err
	}
	kinds := []string{generator.DocIssuer + " (kế hoạch của cơ quan ban hành)", generator.DocPlan + " (kế hoạch của trường)"}
	for _, k := range plan.Report.Periods {
		kinds = append(kinds, fmt.Sprintf("%s (báo cáo %s)", k.ID, k.Name))
	}
	return fmt.Sprintf("Văn bản (--doc) của %s: %s", plan.File, strings.Join(kinds, ", ")), nil
}

// flagMessage says in Vietnamese what the flag package found wrong.
func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Sprintf("không có tùy chọn %s", dashed(name))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("tùy chọn %s cần một giá trị", dashed(name))
	}
	var value, name string
	if _, serr := fmt.Sscanf(msg, "invalid value %q for flag -%s", &value, &name); serr == nil || name != "" {
		name = strings.TrimSuffix(strings.SplitN(name, ":", 2)[0], ":")
		return fmt.Sprintf("giá trị %q của %s không đúng", value, dashed(name))
	}
	if _, serr := fmt.Sscanf(msg, "invalid boolean value %q for -%s", &value, &name); serr == nil || name != "" {
		return fmt.Sprintf("tùy chọn %s chỉ bật hoặc tắt; %q không phải true hay false", dashed(strings.TrimSuffix(name, ":")), value)
	}
	if strings.HasPrefix(msg, "invalid boolean flag ") {
		return "tùy chọn bật/tắt không nhận giá trị: " + strings.TrimPrefix(msg, "invalid boolean flag ")
	}
	return msg
}

// dashed writes a flag's name as the usage does: -q, --jobs.
func dashed(name string) string {
	name = strings.TrimLeft(name, "-")
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// sampleKnown stops a command whose --sample names no sample, once, as a
// wrong command line (it is needed only when a file is not named).
func (m *Main) sampleKnown(in *inputs) (int, bool) {
	if in.plan != "" && in.schools != "" {
		return 0, true
	}
	if _, err := data.Find(in.sample); err != nil {
		m.errorf("%v", err)
		return exitUsage, false
	}
	return 0, true
}
