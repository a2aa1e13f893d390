// Package web is the door for principals and their clerks: a web page to
// find a school, check and adjust its details, preview its plan and report
// forms, and download them as DOCX and PDF, one by one, as a ZIP, or every
// school's at once, with a calendar of the report deadlines.
//
// It is a thin door onto kehoach/generator: it composes nothing and names
// no file itself. The pages work without JavaScript; changes travel in the
// URL, so the server keeps no state and a link can be bookmarked or sent.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"

	"kehoach/generator"
	"kehoach/generator/htmldoc"
)

//go:embed assets
var assets embed.FS

// Site is one plan served, with its schools, under /<Key>/.
type Site struct {
	Key string // the URL's first segment: "2025"
	Gen *generator.Generator
}

// Config is what New needs.
type Config struct {
	Sites []Site

	// Logger gets the access log and errors; nil discards them.
	Logger *slog.Logger

	// CacheBytes bounds the documents without changes kept rendered in
	// memory; 0 means 64 MB.
	CacheBytes int64

	// MaxRenders is how many documents are rendered at once; 0 means
	// twice the processors. A request that waits longer than RenderWait
	// (0: 10 s) for its turn gets 503 with Retry-After.
	MaxRenders int
	RenderWait time.Duration
}

// Server is the web app, an http.Handler safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	sites   map[string]*site
	order   []*site // newest plan first
	mux     *http.ServeMux
	pages   map[string]*template.Template
	renders chan struct{}
	cache   *cache
	flight  singleflight.Group
	static  map[string]staticFile
}

// site is a plan served and what its pages need, computed once.
type site struct {
	key     string
	g       *generator.Generator
	plan    *generator.Plan
	schools []generator.School
	byID    map[string]int
	search  []string // each school's folded name, short name, type and id
	types   map[string]string
	groups  []fieldGroup
	css     staticFile // the preview's stylesheet, from the plan's layout

	// The documents, listed once: Generator.Documents copies its list,
	// thousands of entries for a city, and pages need it on every request.
	docs   []generator.DocRef
	issuer generator.DocRef              // the issuer's plan
	refs   map[string][]generator.DocRef // each school's documents
}

type staticFile struct {
	data  []byte
	ctype string
	etag  string
}

// reserved are first segments that are not plans.
var reserved = map[string]bool{"static": true, "healthz": true}

// New builds the web app for the sites.
func New(cfg Config) (*Server, error) {
	if len(cfg.Sites) == 0 {
		return nil, errors.New("web: không có kế hoạch nào để phục vụ")
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = 64 << 20
	}
	if cfg.MaxRenders <= 0 {
		cfg.MaxRenders = 2 * runtime.GOMAXPROCS(0)
	}
	if cfg.RenderWait <= 0 {
		cfg.RenderWait = 10 * time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Logger, sites: map[string]*site{}, renders: make(chan struct{}, cfg.MaxRenders), cache: newCache(cfg.CacheBytes)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, c := range cfg.Sites {
		if c.Key == "" || reserved[c.Key] || strings.ContainsAny(c.Key, "/?#%") {
			return nil, fmt.Errorf("web: tên kế hoạch %q không dùng được trong đường dẫn", c.Key)
		}
		if s.sites[c.Key] != nil {
			return nil, fmt.Errorf("web: hai kế hoạch cùng tên %q", c.Key)
		}
		st := newSite(c)
		s.sites[c.Key] = st
		s.order = append(s.order, st)
	}
	sort.SliceStable(s.order, func(i, j int) bool {
		a, b := s.order[i].plan, s.order[j].plan
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		return dateValue(a.Doc.Date) > dateValue(b.Doc.Date)
	})
	if err := s.loadAssets(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

func newSite(c Site) *site {
	st := &site{key: c.Key, g: c.Gen, plan: c.Gen.Plan(), schools: c.Gen.Schools(), byID: map[string]int{}, types: map[string]string{}}
	for _, t := range st.plan.Types() {
		st.types[t.ID] = t.Name
	}
	for i, sc := range st.schools {
		st.byID[sc.ID] = i
		st.search = append(st.search, fold(strings.Join([]string{sc.Name, sc.ShortName, st.types[sc.Type], sc.ID, sc.Code}, " ")))
	}
	st.groups = fields(st.plan)
	st.docs = c.Gen.Documents()
	st.issuer = st.docs[0]
	st.refs = map[string][]generator.DocRef{}
	for _, ref := range st.docs[1:] {
		st.refs[ref.School] = append(st.refs[ref.School], ref)
	}
	st.css = newStatic(htmldoc.Stylesheet(c.Gen.Layout()), "text/css; charset=utf-8")
	return st
}

func newStatic(data []byte, ctype string) staticFile {
	sum := sha256.Sum256(data)
	return staticFile{data: data, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

func (s *Server) loadAssets() error {
	s.static = map[string]staticFile{}
	types := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".ttf": "font/ttf", ".svg": "image/svg+xml"}
	files, err := fs.Glob(assets, "assets/static/*")
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := assets.ReadFile(f)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(f, "assets/static/")
		s.static[name] = newStatic(b, types[name[strings.LastIndexByte(name, '.'):]])
	}
	for name, b := range fonts() {
		s.static[name] = newStatic(b, "font/ttf")
	}
	s.pages = map[string]*template.Template{}
	for _, p := range []string{"home", "school", "error"} {
		t, err := template.New(p).Funcs(funcs).ParseFS(assets, "assets/layout.html", "assets/"+p+".html")
		if err != nil {
			return err
		}
		s.pages[p] = t
	}
	return nil
}

// Handler returns the app wrapped in its middleware: the access log,
// security headers, methods and limits.
func (s *Server) Handler() http.Handler { return s.logged(s.guarded(s.mux)) }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.Handler().ServeHTTP(w, r) }

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("/{$}", s.home)
	m.HandleFunc("/healthz", s.health)
	m.HandleFunc("/static/{file}", s.staticFile)
	m.HandleFunc("/{plan}/{$}", s.home)
	m.HandleFunc("/{plan}/{file}", s.planFile)
	m.HandleFunc("/{plan}/{school}/{$}", s.schoolPage)
	m.HandleFunc("/{plan}/{school}/{file}", s.schoolFile)
	m.HandleFunc("/", s.notFound)
	s.mux = m
}

// NewHTTPServer is the http.Server kehoach serve runs: with timeouts and
// limits on headers, so that a slow or hostile client cannot hold it.
func NewHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second, // a ZIP of every school extends its own
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Serve runs srv until ctx is done, then shuts it down gracefully: it
// stops accepting, lets requests in flight finish (up to grace) and
// returns.
func Serve(ctx context.Context, srv *http.Server, serve func() error, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close() // cut what is still running
		err = ErrGraceOver
	}
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// ErrGraceOver is returned by Serve when requests were still running at
// the end of the grace period and were cut.
var ErrGraceOver = errors.New("web: hết thời gian chờ, các yêu cầu còn dở đã bị cắt")

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	n, size := s.cache.stats()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `{"status":"ok","plans":%d,"cached_documents":%d,"cached_bytes":%d}`+"\n", len(s.order), n, size)
}

func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static[r.PathValue("file")]
	if !ok {
		s.notFound(w, r)
		return
	}
	serveStatic(w, r, f, "public, max-age=3600")
}

func serveStatic(w http.ResponseWriter, r *http.Request, f staticFile, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", cacheControl)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// site returns the plan the request names, or writes 404.
func (s *Server) site(w http.ResponseWriter, r *http.Request) *site {
	key := r.PathValue("plan")
	if key == "" {
		return s.order[0]
	}
	st := s.sites[key]
	if st == nil {
		s.notFound(w, r)
	}
	return st
}
