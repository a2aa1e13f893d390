package web_test

// The browser tests drive the pages in a real headless Chromium, as a
// principal would use them: find the school, change a detail, check the
// preview, download the PDF. Every page they open must write no error to
// the console, throw nothing and break no rule of the Content Security
// Policy. They skip when no browser is installed, and fail instead on CI
// (CI=true), where a skipped browser test would pass unnoticed.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
	"golang.org/x/text/unicode/norm"

	"kehoach/data"
	"kehoach/generator"
	"kehoach/internal/web"
)

const (
	browserTimeout = 60 * time.Second // a whole test, browser start included
	downloadWait   = 20 * time.Second

	// The school the tests look for, typed without diacritics as most
	// people search, and what they change on its page.
	searchText   = "nguyen binh khiem"
	schoolPath   = "/2025/th-nguyen-binh-khiem/"
	schoolName   = "Trường Tiểu học Nguyễn Bỉnh Khiêm"
	docNumber    = "987"
	docNumberIn  = "Số: 987/KH-THNBK" // ky_hieu of the school in data/schools.toml
	personName   = "Lê Thị Kiểm Thử"  // for phu_trach.dan_van, a role of data/plan-2025.toml
	schoolDanVan = "Phạm Quốc Bảo"    // the school's own, in data/schools.toml
	planPDFName  = "Kế hoạch - Trường TH Nguyễn Bỉnh Khiêm.pdf"
	maxShotSize  = 400 << 10
)

// need returns the path of the first of the programs found, or skips the
// test; on CI it fails instead.
func need(t *testing.T, what string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("%s not found (looked for %s)", what, strings.Join(names, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// sampleApp is the web app over both sample plans, as kehoach serve runs
// it when no plan is named.
func sampleApp(t *testing.T) http.Handler {
	t.Helper()
	var sites []web.Site
	for _, s := range data.Samples {
		plan, schools, err := s.Load()
		if err != nil {
			t.Fatalf("sample %s: %v", s.Name, err)
		}
		g, err := generator.New(plan, schools, generator.Options{})
		if err != nil {
			t.Fatalf("sample %s: %v", s.Name, err)
		}
		sites = append(sites, web.Site{Key: s.Name, Gen: g})
	}
	srv, err := web.New(web.Config{Sites: sites})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// tab is a browser tab on the app, with the problems its pages reported.
type tab struct {
	ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string
}

// openTab starts a headless browser, its own for the test, and opens a tab
// on base. The browser and everything the test does in it must finish
// within browserTimeout.
func openTab(t *testing.T, base string) *tab {
	t.Helper()
	exe := need(t, "a Chromium browser", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root, in a container
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	tb := &tab{base: base}
	// The listener is there from the tab's start, so it misses nothing
	// the first page reports.
	tctx, tcancel := chromedp.NewContext(actx, chromedp.WithListener(tb.listen))
	t.Cleanup(tcancel)
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	tb.ctx = tctx
	return tb
}

// listen notes what a page reports that a visitor would call broken: errors
// and warnings on the console, exceptions nothing caught, and the browser's
// own errors, which is where a refused inline style or script (CSP) and a
// failed load appear. It runs in the tab's read loop, so it only records.
func (tb *tab) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
			var args []string
			for _, a := range ev.Args {
				var str string
				switch {
				case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &str) == nil:
					args = append(args, str)
				case a.Description != "":
					args = append(args, a.Description)
				default:
					args = append(args, string(a.Value))
				}
			}
			p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			p += " " + d.Exception.Description
		}
		if d.URL != "" {
			p += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		}
	case *log.EventEntryAdded:
		if e := ev.Entry; e.Level == log.EntryLevelError {
			p = fmt.Sprintf("browser %s error: %s", e.Source, e.Text)
			if e.URL != "" {
				p += fmt.Sprintf(" (%s:%d)", e.URL, e.LineNumber+1)
			}
		}
	}
	if p != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, p)
		tb.mu.Unlock()
	}
}

// reported returns the problems reported since the last call, and forgets
// them. A round trip to the page first lets the events sent before it
// arrive.
func (tb *tab) reported(t *testing.T) []string {
	t.Helper()
	run(t, tb, "reach the page", chromedp.Evaluate[chromedp.Void](`0`))
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// clean fails the test when the page reported problems.
func (tb *tab) clean(t *testing.T, page string) {
	t.Helper()
	if p := tb.reported(t); len(p) > 0 {
		t.Errorf("%s: the browser reported %d problems, want none:\n\t%s", page, len(p), strings.Join(p, "\n\t"))
	}
}

func (tb *tab) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func run[T any](t *testing.T, tb *tab, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// follow runs step, a click or a tap that leads to another page, and waits
// for that page to load; the page must answer 200.
func (tb *tab) follow(t *testing.T, what string, step chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(tb.ctx, step)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: got status %d for %s, want 200", what, resp.Status, resp.URL)
	}
}

// selectAll is Ctrl+A in the field that has the focus.
var selectAll = chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))

// location is the path and query of the page shown.
func (tb *tab) location(t *testing.T) *url.URL {
	t.Helper()
	u, err := url.Parse(run(t, tb, "read the location", chromedp.Location()))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// schoolLink is a school of the list on the home page.
type schoolLink struct {
	Href string `json:"href"`
	Name string `json:"name"`
}

// shownSchools lists the schools the search leaves: not hidden, and laid
// out, so that a style overriding [hidden] would show.
const shownSchools = `Array.from(document.querySelectorAll('li[data-search]'))
	.filter(li => !li.hidden || li.getClientRects().length > 0)
	.map(li => { const a = li.querySelector('a'); return {href: a.getAttribute('href'), name: a.textContent.trim()}; })`

// overflow measures the page's width against the viewport's and, when
// wider, names the widest elements sticking out of it.
const overflow = `(() => {
	const d = document.documentElement, b = document.body, vw = d.clientWidth;
	const wide = [];
	if (d.scrollWidth > d.clientWidth || b.scrollWidth > b.clientWidth) {
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > vw + 0.5 && !(el.parentElement && wide.some(w => w.el === el.parentElement))) {
				wide.push({el, text: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
					(el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
					' right=' + Math.round(r.right)});
			}
		}
	}
	return {docScroll: d.scrollWidth, docClient: d.clientWidth, bodyScroll: b.scrollWidth, bodyClient: b.clientWidth,
		wide: wide.slice(0, 8).map(w => w.text)};
})()`

type widths struct {
	DocScroll  int      `json:"docScroll"`
	DocClient  int      `json:"docClient"`
	BodyScroll int      `json:"bodyScroll"`
	BodyClient int      `json:"bodyClient"`
	Wide       []string `json:"wide"`
}

// noSideScroll fails the test when the page scrolls sideways.
func (tb *tab) noSideScroll(t *testing.T, page string) {
	t.Helper()
	w := run(t, tb, "measure "+page, chromedp.Evaluate[widths](overflow))
	if w.DocScroll > w.DocClient || w.BodyScroll > w.BodyClient {
		t.Errorf("%s scrolls sideways: got document %d px wide in %d, body %d in %d, want no wider than the viewport; sticking out: %s",
			page, w.DocScroll, w.DocClient, w.BodyScroll, w.BodyClient, strings.Join(w.Wide, ", "))
	}
}

// download clicks (or taps) link and returns the name the browser was told
// to save the file as, and the file.
func (tb *tab) download(t *testing.T, link chromedp.CSS, tap bool) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(tb.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  dir,
		EventsEnabled: new(true),
	}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, downloadWait)
	defer cancel()
	// Subscribe before the click, so that no event is missed.
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	click := chromedp.Click(link)
	if tap {
		click = chromedp.Tap(link)
	}
	tb.do(t, "click "+string(link), click)

	var begin browser.EventDownloadWillBegin
	for ev, err := range begins {
		if err != nil {
			t.Fatalf("click %s: no download began within %v: %v", link, downloadWait, err)
		}
		begin = ev
		break
	}
	var path string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download of %s did not complete within %v: %v", begin.URL, downloadWait, err)
		}
		if ev.GUID != begin.GUID {
			continue
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatalf("download of %s was canceled", begin.URL)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			path = ev.FilePath
			break
		}
	}
	if path == "" {
		path = filepath.Join(dir, begin.GUID) // allowAndName names the file by its GUID
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read the download: %v", err)
	}
	if u, err := url.Parse(begin.URL); err != nil || u.Query().Get("so") != docNumber {
		t.Errorf("downloaded %s, want the link to carry so=%s", begin.URL, docNumber)
	}
	return begin.SuggestedFilename, b
}

// pdfText is the text of a PDF file, NFC, with runs of white space as one
// space.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	exe := need(t, "pdftotext (poppler-utils)", "pdftotext")
	cmd := exec.Command(exe, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(norm.NFC.String(string(out))), " ")
}

// findChangeDownload is what a principal does: from the home page, pick
// the 2025 plan, find the school by typing its name without diacritics,
// open it, change the document's number and a person, check the preview,
// download the plan as PDF. On a phone, no page may scroll sideways.
func findChangeDownload(t *testing.T, tb *tab, phone bool) {
	click := chromedp.Click[chromedp.CSS]
	if phone {
		click = chromedp.Tap[chromedp.CSS]
	}

	// The home page shows the newest plan, 2026; the school is in 2025's.
	tb.do(t, "open the home page", chromedp.Navigate(tb.base+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	tb.clean(t, "home page")
	tb.follow(t, "choose the 2025 plan", click(`nav.plans a[href="/2025/"]`))
	tb.do(t, "wait for the 2025 plan", chromedp.WaitVisible(chromedp.ID("q")))
	if got := tb.location(t).Path; got != "/2025/" {
		t.Fatalf("after choosing the 2025 plan: got %s, want /2025/", got)
	}
	if phone {
		tb.noSideScroll(t, "home page")
	}

	tb.do(t, "search", chromedp.SendKeys(chromedp.ID("q"), searchText))
	shown := run(t, tb, "list the schools shown", chromedp.Evaluate[[]schoolLink](shownSchools))
	if want := []schoolLink{{schoolPath, schoolName}}; !slices.Equal(shown, want) {
		t.Fatalf("search %q: got %v, want %v", searchText, shown, want)
	}
	count := run(t, tb, "read the count", chromedp.Text(chromedp.ID("count")))
	if want := "1 trên 42 trường khớp “" + searchText + "”"; count != want { // 42 schools in data/schools.toml
		t.Errorf("search %q: got count %q, want %q", searchText, count, want)
	}
	if phone {
		tb.noSideScroll(t, "home page with a search")
	}
	tb.clean(t, "home page, 2025 plan")

	tb.follow(t, "open the school", click(`li[data-search]:not([hidden]) a`))
	tb.do(t, "wait for the school page", chromedp.WaitVisible(chromedp.CSS("form.changes")))
	if got := tb.location(t).Path; got != schoolPath {
		t.Fatalf("after clicking the school: got %s, want %s", got, schoolPath)
	}
	if h1 := run(t, tb, "read the title", chromedp.Text(chromedp.CSS("h1"))); h1 != schoolName {
		t.Errorf("school page: got title %q, want %q", h1, schoolName)
	}
	if phone {
		tb.noSideScroll(t, "school page")
	}
	tb.clean(t, "school page")

	// Select what each field holds and type over it, as a person does.
	number, person := chromedp.ID("f-so"), chromedp.ID("f-phu_trach-dan_van-ho_ten")
	fields := []struct {
		sel   chromedp.ID
		value string
	}{{number, docNumber}, {person, personName}}
	for _, f := range fields {
		tb.do(t, "type in #"+string(f.sel), chromedp.Focus(f.sel), selectAll, chromedp.SendKeys(f.sel, f.value))
		if got := run(t, tb, "read #"+string(f.sel), chromedp.Value(f.sel)); got != f.value {
			t.Fatalf("typing in #%s: got %q, want %q", f.sel, got, f.value)
		}
	}
	tb.follow(t, "submit the changes", click(`form.changes button[type=submit]`))
	tb.do(t, "wait for the preview", chromedp.WaitVisible(chromedp.CSS(".paper")))
	u := tb.location(t)
	if q := u.Query(); u.Path != schoolPath || q.Get("so") != docNumber || q.Get("phu_trach.dan_van.ho_ten") != personName {
		t.Errorf("after submitting: got %s, want %s with so=%s and phu_trach.dan_van.ho_ten=%s", u.RequestURI(), schoolPath, docNumber, personName)
	}
	paper := run(t, tb, "read the preview", chromedp.Text(chromedp.CSS(".paper")))
	for _, want := range []string{docNumberIn, personName} {
		if !strings.Contains(norm.NFC.String(paper), want) {
			t.Errorf("preview with changes: %q missing from:\n%s", want, paper)
		}
	}
	for _, f := range fields {
		if got := run(t, tb, "read #"+string(f.sel), chromedp.Value(f.sel)); got != f.value {
			t.Errorf("form after submitting: got #%s = %q, want %q", f.sel, got, f.value)
		}
	}
	if phone {
		tb.noSideScroll(t, "school page with changes")
	}
	tb.clean(t, "school page with changes")

	name, pdf := tb.download(t, `a[data-kind="plan"][data-format="pdf"]`, phone)
	if want := norm.NFC.String(planPDFName); name != want || !norm.NFC.IsNormalString(name) {
		t.Errorf("downloaded file name: got %q, want %q (NFC)", name, want)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("download is not a PDF: starts %q", pdf[:min(len(pdf), 16)])
	}
	text := pdfText(t, pdf)
	for _, want := range []string{docNumber + "/KH-", personName} {
		if !strings.Contains(text, want) {
			t.Errorf("downloaded PDF: %q missing from its text:\n%s", want, text)
		}
	}
	tb.clean(t, "download")

	// The changes were this visitor's only: the next one sees the
	// school's own details.
	tb.do(t, "open the school page again", chromedp.Navigate(tb.base+schoolPath), chromedp.WaitVisible(person))
	for sel, want := range map[chromedp.ID]string{number: "", person: schoolDanVan} {
		if got := run(t, tb, "read #"+string(sel), chromedp.Value(sel)); got != want {
			t.Errorf("school page without changes, after a visitor's changes: got #%s = %q, want %q", sel, got, want)
		}
	}
	tb.clean(t, "school page again")
}

func TestBrowserFindChangeDownload(t *testing.T) {
	tb := openTab(t, serve(t, sampleApp(t)))
	tb.do(t, "set a desktop viewport", chromedp.EmulateViewport(1280, 900))
	findChangeDownload(t, tb, false)
}

func TestBrowserPhone(t *testing.T) {
	tb := openTab(t, serve(t, sampleApp(t)))
	tb.do(t, "emulate an iPhone 13", chromedp.Emulate(device.IPhone13))
	findChangeDownload(t, tb, true)
}

// TestBrowserReportsProblems checks the checker: pages that break the
// app's Content Security Policy, log an error or throw must be reported,
// or a clean run of the tests above would prove nothing.
func TestBrowserReportsProblems(t *testing.T) {
	app := sampleApp(t)
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	csp := rec.Header().Get("Content-Security-Policy")
	if csp == "" {
		t.Fatal("the app sends no Content-Security-Policy")
	}
	// Each probe is a page of the app's origin, under its policy, with one
	// fault; scripts come from /probe-js/, as the policy allows.
	probes := []struct {
		name, body, js string
		want           string // in the report
	}{
		{"inline-style", `<p style="color: red">x</p>`, "", "Content Security Policy"},
		{"inline-stylesheet", `<style>p { color: red }</style>`, "", "Content Security Policy"},
		{"inline-script", `<script>document.title = "x"</script>`, "", "Content Security Policy"},
		{"foreign-script", `<script src="data:text/javascript,void 0"></script>`, "", "Content Security Policy"},
		{"missing-image", `<img src="/static/missing.png" alt="">`, "", "404"},
		{"console-error", "", `console.error("probe failed")`, "console.error: probe failed"},
		{"console-warning", "", `console.warn("probe warned")`, "console.warning: probe warned"},
		{"exception", "", `null.x`, "uncaught exception"},
		{"rejection", "", `Promise.reject(new Error("probe rejected"))`, "probe rejected"},
	}
	mux := http.NewServeMux()
	mux.Handle("/", app)
	for _, p := range probes {
		body := p.body
		if p.js != "" {
			body = `<script src="/probe-js/` + p.name + `"></script>`
		}
		mux.HandleFunc("/probe/"+p.name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><html lang=vi><head><meta charset=utf-8><title>probe</title></head><body>%s</body></html>", body)
		})
		mux.HandleFunc("/probe-js/"+p.name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			fmt.Fprint(w, p.js)
		})
	}
	tb := openTab(t, serve(t, mux))
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			tb.do(t, "open the probe", chromedp.Navigate(tb.base+"/probe/"+p.name))
			got := tb.reported(t)
			if !slices.ContainsFunc(got, func(r string) bool { return strings.Contains(r, p.want) }) {
				t.Errorf("got reports %q, want one that mentions %q", got, p.want)
			}
		})
	}
	t.Run("app-page", func(t *testing.T) {
		tb.do(t, "open the home page", chromedp.Navigate(tb.base+"/2025/"))
		if got := tb.reported(t); len(got) > 0 {
			t.Errorf("got reports %q, want none", got)
		}
	})
}

// TestScreenshots writes the pictures of docs/screenshots. It runs only
// when asked, since it rewrites files of the repository.
func TestScreenshots(t *testing.T) {
	if os.Getenv("KEHOACH_SCREENSHOTS") != "1" {
		t.Skip("writes docs/screenshots/*.png; run: KEHOACH_SCREENSHOTS=1 go test ./internal/web -run Screenshots")
	}
	tb := openTab(t, serve(t, sampleApp(t)))
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	changed := schoolPath + "?" + url.Values{"so": {docNumber}, "phu_trach.dan_van.ho_ten": {personName}}.Encode()
	desktop := func(h int64) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.EmulateReset(), chromedp.EmulateViewport(1280, h))
	}
	phone := chromedp.Emulate(device.IPhone13)
	shots := []struct {
		file     string
		viewport chromedp.Action[chromedp.Void]
		path     string
		then     []chromedp.Action[chromedp.Void]
	}{
		{"home.png", desktop(740), "/2025/", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.ID("q"), "nguyen"), chromedp.Blur(chromedp.ID("q")),
		}},
		{"school.png", desktop(1400), changed, nil},
		{"phone.png", phone, changed, nil},
		{"plan-2026.png", desktop(1400), "/2026/ubnd-phuong/", nil},
	}
	for _, s := range shots {
		t.Run(s.file, func(t *testing.T) {
			tb.do(t, "open "+s.path, s.viewport, chromedp.Navigate(tb.base+s.path), chromedp.WaitVisible(chromedp.CSS("main")))
			tb.do(t, "prepare", s.then...)
			// The preview's serif is a web font; wait for it.
			tb.do(t, "wait for the fonts", chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
			png := run(t, tb, "capture", chromedp.CaptureScreenshot())
			if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatal("the screenshot is not a PNG")
			}
			if len(png) > maxShotSize {
				t.Errorf("%s: got %d kB, want at most %d kB", s.file, len(png)>>10, maxShotSize>>10)
			}
			if err := os.WriteFile(filepath.Join(dir, s.file), png, 0o644); err != nil {
				t.Fatal(err)
			}
			tb.clean(t, s.path)
		})
	}
}
