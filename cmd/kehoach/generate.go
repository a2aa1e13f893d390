package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"kehoach/generator"
	"kehoach/internal/outdir"
)

// defaultFormats are written when --format is not given.
var defaultFormats = []string{string(generator.DOCX), string(generator.PDF)}

func formatNames() []string {
	var out []string
	for _, f := range generator.Formats() {
		out = append(out, string(f))
	}
	return out
}

func (m *Main) generate(args []string) int {
	var (
		in      inputs
		ids     listFlag
		docs    listFlag
		formats listFlag
		out     string
		quiet   bool
		force   bool
		jobs    int
		zips    bool
	)
	fs := m.flagSet("generate", "[--sample TÊN | --plan TỆP --schools TỆP] [--school ID ...] [--doc DS] [--format DS] [--templates THƯ_MỤC|TỆP] [--out THƯ_MỤC] [--jobs N] [--zip] [--force] [-q]")
	in.register(fs, true, true)
	fs.Var(&ids, "school", "chỉ viết cho trường có id này (lặp lại được, hoặc ngăn cách bằng dấu phẩy)")
	fs.Var(&docs, "doc", "các văn bản cần viết, ngăn cách bằng dấu phẩy: issuer (kế hoạch của cơ quan ban hành), plan (kế hoạch của trường) và mã các kỳ báo cáo của kế hoạch (xem cuối hướng dẫn này); mặc định: tất cả")
	fs.Var(&formats, "format", "định dạng, ngăn cách bằng dấu phẩy: "+strings.Join(formatNames(), ", ")+" (mặc định: "+strings.Join(defaultFormats, ",")+")")
	fs.BoolVar(&force, "force", false, "ghi đè cả những tệp đã được sửa sau lần viết trước, hoặc không rõ do ai viết")
	fs.StringVar(&out, "out", "out", "thư mục ghi kết quả")
	fs.BoolVar(&quiet, "q", false, "không in tiến độ, chỉ in tóm tắt")
	fs.IntVar(&jobs, "jobs", runtime.NumCPU(), "số văn bản viết cùng lúc (mặc định: số lõi của máy)")
	fs.BoolVar(&zips, "zip", false, "viết thêm <id-trường>.zip cho mỗi trường, tat-ca.zip gồm mọi tệp và manifest.csv (danh sách tệp, kích thước, SHA-256) để gửi, đăng")
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		// The report periods are the plan's: name them from the plan the
		// flags given so far name.
		if kinds, err := in.docKinds(); err == nil {
			w := m.Stderr
			if m.helpOut != nil {
				w = m.helpOut
			}
			fmt.Fprintln(w, "\n"+kinds)
		}
	}
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if code, ok := m.sampleKnown(&in); !ok {
		return code
	}
	for i, d := range docs {
		if d == "district" { // the name before plans came from any issuer
			docs[i] = generator.DocIssuer
		}
	}
	if len(formats) == 0 {
		formats = defaultFormats
	}
	for _, f := range formats {
		if !contains(formatNames(), f) {
			m.errorf("không có định dạng %q; dùng %s", f, strings.Join(formatNames(), ", "))
			fs.Usage()
			return exitUsage
		}
	}
	g, _, _, err := in.newGenerator()
	if err != nil {
		return m.reportInput(err)
	}
	known := g.Kinds()
	for _, d := range docs {
		if !contains(known, d) {
			m.errorf("không có văn bản %q; dùng %s", d, strings.Join(known, ", "))
			fs.Usage()
			return exitUsage
		}
	}
	if len(ids) > 0 && len(docs) == 1 && docs[0] == generator.DocIssuer {
		m.errorf("--school không có tác dụng với --doc issuer (kế hoạch của cơ quan ban hành)")
	}
	refs, err := pick(g.Documents(), ids, docs)
	if err != nil {
		m.errorf("%v", err)
		return exitUsage
	}

	if jobs < 1 {
		m.errorf("--jobs phải từ 1 trở lên")
		return exitUsage
	}
	if zips && (len(ids) > 0 || len(docs) > 0) {
		// tat-ca.zip and manifest.csv describe the run: a part of the
		// schools or documents would replace the whole with the part.
		m.errorf("--zip viết tat-ca.zip và manifest.csv cho mọi văn bản của mọi trường; hãy bỏ --school, --doc (hoặc bỏ --zip)")
		return exitUsage
	}
	// A school's files are one group: a school whose documents cannot be
	// made is left as it was, and the others are written.
	files := make([]outdir.File, 0, len(refs)*len(formats))
	for _, ref := range refs {
		for _, f := range formats {
			ref, f := ref, generator.Format(f)
			files = append(files, outdir.File{Path: ref.Path(f), Group: ref.Dir, Write: func(ctx context.Context, w io.Writer) error {
				return g.Render(ctx, w, ref, f)
			}})
		}
	}
	if zips {
		files = append(files, publishFiles(g, refs, created(g))...)
	}
	tuneGC()
	start := time.Now()
	prog := &progress{started: start, last: start}
	switch {
	case quiet:
	case isTerminal(m.Stderr):
		bar := progressbar.NewOptions(len(files),
			progressbar.OptionSetWriter(m.Stderr),
			progressbar.OptionSetDescription("Đang viết"),
			progressbar.OptionSetItsString("tệp"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		prog.bar = func(done int) { bar.Set(done) }
		prog.clear = func() { bar.Clear() }
	default:
		prog.plain = m.Stderr
	}
	// Ctrl-C, a terminal closed and a polite kill all stop the run the
	// same way: before the commit, nothing changes; during it, it finishes.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	res, err := outdir.Write(ctx, out, files, outdir.Options{
		Force:     force,
		Jobs:      jobs,
		KeepGoing: true,
		Progress:  prog.update,
		Log: func(msg string) {
			prog.end()
			m.errorf("%s", msg)
		},
	})
	prog.end()
	if err != nil {
		m.errorf("%v", err)
		switch {
		case errors.Is(err, outdir.ErrEdited):
			m.errorf("không thay đổi gì trong %s; hãy cất các tệp này nơi khác, hoặc ghi vào thư mục khác (--out), hoặc chạy lại với --force để ghi đè", out)
		case errors.Is(err, outdir.ErrIncomplete):
			m.errorf("lần chạy sau sẽ trả lại thư mục %s như cũ", out)
		default:
			m.errorf("không thay đổi gì trong %s", out)
		}
		return exitInput
	}
	if ctx.Err() != nil {
		m.errorf("đã nhận yêu cầu dừng khi các tệp đang được chuyển vào chỗ; việc chuyển đã làm xong để thư mục không dở dang")
	}
	failed := map[string]bool{}
	for _, f := range res.Failed {
		failed[f.Group] = true
	}
	schools, written := map[string]bool{}, 0
	for _, r := range refs {
		if failed[r.Dir] {
			continue
		}
		written++
		if r.School != "" {
			schools[r.School] = true
		}
	}
	took := time.Since(start).Seconds()
	fmt.Fprintf(m.Stdout, "Đã viết %d tệp (%d văn bản, %d trường) vào %s trong %.1f giây, %.0f văn bản/giây\n",
		res.Written, written, len(schools), filepath.Clean(out), took, float64(written)/max(took, 0.001))
	if len(res.Failed) > 0 {
		fmt.Fprintf(m.Stderr, "kehoach: %d trường hoặc cơ quan không viết được; các tệp cũ của họ trong %s được giữ nguyên, các trường khác đã viết xong:\n", len(res.Failed), filepath.Clean(out))
		names := map[string]string{}
		for _, s := range g.Schools() {
			names[s.ID] = s.Name
		}
		for _, f := range res.Failed {
			who := names[f.Group]
			if who == "" {
				who = "kế hoạch của cơ quan ban hành"
			}
			fmt.Fprintf(m.Stderr, "  - %s (%s): %v\n", f.Group, who, f.Err)
		}
		m.errorf("hãy sửa các lỗi trên rồi chạy lại")
		return exitInput
	}
	if !quiet {
		m.printInstructions(g, refs, contains(formats, string(generator.DOCX)))
	}
	return exitOK
}

// created is the date the documents carry, for the ZIPs' entries.
func created(g *generator.Generator) time.Time {
	p := g.Plan()
	d := p.Doc.Date
	if d.IsZero() {
		d = generator.Date{Year: p.Year, Month: 1, Day: 1}
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// printInstructions prints what the report forms tell the person filling
// them in (when and where to send them), which the forms carry as a Word
// comment and never print: each distinct text once.
func (m *Main) printInstructions(g *generator.Generator, refs []generator.DocRef, docx bool) {
	where := "không in trong mẫu báo cáo; hãy báo cho các trường"
	if docx {
		where = "ghi trong chú thích của mẫu báo cáo bản Word, không in ra"
	}
	const most = 5
	seen := map[string]bool{}
	for _, r := range refs {
		if len(seen) == most {
			break // no more to print: compose no more
		}
		if r.Kind == generator.DocIssuer || r.Kind == generator.DocPlan {
			continue // only report forms carry instructions
		}
		d, err := g.Document(r)
		if err != nil {
			continue // written already; an error here is the next run's
		}
		for _, s := range d.Instructions {
			if !seen[s] && len(seen) < most {
				if len(seen) == 0 {
					fmt.Fprintf(m.Stdout, "Lưu ý cho các trường (%s):\n", where)
				}
				seen[s] = true
				fmt.Fprintln(m.Stdout, "  - "+s)
			}
		}
	}
}

// pick selects the documents of the given schools (all when none) and
// kinds (all when none; with schools named and no kinds, their own
// documents and not the issuer's plan).
func pick(all []generator.DocRef, ids, kinds []string) ([]generator.DocRef, error) {
	found := map[string]bool{}
	for _, r := range all {
		found[r.School] = true
	}
	var missing []string
	for _, id := range ids {
		if !found[id] || id == "" {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("không có trường với id %s; xem danh sách bằng lệnh: kehoach schools", strings.Join(quoteAll(missing), ", "))
	}
	var out []generator.DocRef
	for _, r := range all {
		switch {
		case len(kinds) > 0 && !contains(kinds, r.Kind):
		case r.School == "" && len(ids) > 0 && len(kinds) == 0:
		case r.School != "" && len(ids) > 0 && !contains(ids, r.School):
		default:
			out = append(out, r)
		}
	}
	return out, nil
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

// tuneGC trades memory for speed in a batch run, unless the user set
// GOGC or GOMEMLIMIT: the garbage collector runs when the heap has grown
// by twice what is live (not once), which takes a fifth off the CPU time
// of 2,500 schools for some 45 MB more at the peak, and it runs harder as
// the heap nears 192 MB, so the peak stays under 200 MB.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}
}
