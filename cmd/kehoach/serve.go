package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kehoach/data"
	"kehoach/internal/web"
)

// serve runs the web app for principals until SIGINT or SIGTERM, then
// lets the requests in flight finish.
func (m *Main) serve(args []string) int {
	var (
		plans, schools listFlag
		tmpl           string
		addr           string
		cacheMB        int
	)
	fs := m.flagSet("serve", "[--addr ĐỊA_CHỈ] [--plan TỆP ...] [--schools TỆP ...] [--templates THƯ_MỤC|TỆP] [--cache-mb SỐ]")
	fs.StringVar(&addr, "addr", "localhost:8080", "địa chỉ và cổng nghe; \"0.0.0.0:8080\" để máy khác trong mạng mở được")
	fs.Var(&plans, "plan", "tệp kế hoạch TOML (lặp lại được); mặc định: mọi kế hoạch mẫu có sẵn")
	fs.Var(&schools, "schools", "danh sách trường TOML: một tệp cho mọi kế hoạch, hoặc mỗi --plan một tệp, theo thứ tự")
	fs.StringVar(&tmpl, "templates", "", "thư mục chứa mẫu van-ban.docx, hoặc chính tệp mẫu .docx (mặc định: mẫu có sẵn)")
	fs.IntVar(&cacheMB, "cache-mb", 64, "bộ nhớ giữ văn bản đã tạo sẵn (chưa sửa), tính bằng MB")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if len(plans) == 0 && len(schools) > 0 || len(plans) > 0 && len(schools) != 1 && len(schools) != len(plans) {
		m.errorf("cần --schools: một tệp cho mọi --plan, hoặc mỗi --plan một tệp (có %d --plan, %d --schools)", len(plans), len(schools))
		return exitUsage
	}
	sites, err := loadSites(plans, schools, tmpl)
	if err != nil {
		return m.reportInput(err)
	}
	log := slog.New(slog.NewJSONHandler(m.Stderr, nil))
	app, err := web.New(web.Config{Sites: sites, Logger: log, CacheBytes: int64(cacheMB) << 20})
	if err != nil {
		m.errorf("%v", err)
		return exitInput
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.errorf("không nghe được ở %s: %v; hãy chọn cổng khác, ví dụ --addr localhost:8081", addr, err)
		return exitInput
	}
	srv := web.NewHTTPServer(addr, app.Handler(), log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(m.Stdout, "kehoach: đang phục vụ %d kế hoạch tại http://%s/ (Ctrl-C để dừng)\n", len(sites), ln.Addr())
	const grace = 30 * time.Second
	err = web.Serve(ctx, srv, func() error { return srv.Serve(ln) }, grace)
	if errors.Is(err, web.ErrGraceOver) {
		m.errorf("đã chờ %v cho các yêu cầu đang dở (tải về chậm) rồi cắt chúng; đã dừng", grace)
		return exitInput
	}
	if err != nil {
		m.errorf("máy chủ dừng vì lỗi: %v", err)
		return exitInput
	}
	fmt.Fprintln(m.Stdout, "kehoach: đã dừng; mọi yêu cầu đang dở đã xong")
	return exitOK
}

// loadSites reads each plan with its schools, or the samples when no plan
// is named, and reports every problem at once.
func loadSites(plans, schools []string, tmpl string) ([]web.Site, error) {
	type pair struct{ key, plan, schools, sample string }
	var pairs []pair
	if len(plans) == 0 {
		for _, s := range data.Samples {
			pairs = append(pairs, pair{key: s.Name, sample: s.Name})
		}
	}
	used := map[string]bool{}
	for i, p := range plans {
		sf := schools[0]
		if len(schools) > 1 {
			sf = schools[i]
		}
		key := web.KeyFor(p)
		for n := 2; used[key]; n++ {
			key = fmt.Sprintf("%s-%d", web.KeyFor(p), n)
		}
		used[key] = true
		pairs = append(pairs, pair{key: key, plan: p, schools: sf})
	}
	var (
		sites []web.Site
		errs  []error
	)
	for _, p := range pairs {
		in := inputs{plan: p.plan, schools: p.schools, templates: tmpl, sample: p.sample}
		g, _, _, err := in.newGenerator()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sites = append(sites, web.Site{Key: p.key, Gen: g})
	}
	return sites, errors.Join(errs...)
}
