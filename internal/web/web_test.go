package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"kehoach/data"
	"kehoach/generator"
)

// The Generators of the samples, built once: every test reads them only.
var (
	gensOnce sync.Once
	gens     map[string]*generator.Generator
	gensErr  error
)

func sampleSites(t testing.TB) []Site {
	t.Helper()
	gensOnce.Do(func() {
		gens = map[string]*generator.Generator{}
		for _, s := range data.Samples {
			plan, schools, err := s.Load()
			if err != nil {
				gensErr = err
				return
			}
			g, err := generator.New(plan, schools, generator.Options{})
			if err != nil {
				gensErr = err
				return
			}
			gens[s.Name] = g
		}
	})
	if gensErr != nil {
		t.Fatal(gensErr)
	}
	var sites []Site
	for _, s := range data.Samples {
		sites = append(sites, Site{Key: s.Name, Gen: gens[s.Name]})
	}
	return sites
}

func newTestServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	cfg.Sites = sampleSites(t)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get runs one request through the whole handler, middleware included.
func get(t testing.TB, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

const nbk = "/2025/th-nguyen-binh-khiem/"

// visible returns the names of the schools a home page lists without
// hiding them.
func visible(page string) []string {
	re := regexp.MustCompile(`<li data-search="[^"]*"( hidden)?><a href="[^"]*">([^<]*)</a>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		if m[1] == "" {
			out = append(out, m[2])
		}
	}
	return out
}

// The search ignores diacritics and case, on the server (?q=).
func TestSearch(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	for _, c := range []struct{ plan, q, want string }{
		{"2025", "nguyen binh khiem", "Trường Tiểu học Nguyễn Bỉnh Khiêm"},
		{"2025", "THCS minh duc", "Trường Trung học cơ sở Minh Đức"},
		{"2025", "be ngoan", "Trường Mầm non Bé Ngoan"},
		{"2025", "  BÉ   NGOAN ", "Trường Mầm non Bé Ngoan"},
		{"2026", "hai ba trung", "Trường Tiểu học và Trung học cơ sở Hai Bà Trưng"},
	} {
		w := get(t, h, "GET", "/"+c.plan+"/?q="+url.QueryEscape(c.q))
		if w.Code != 200 {
			t.Fatalf("%s: status %d", c.q, w.Code)
		}
		if got := visible(w.Body.String()); len(got) != 1 || got[0] != c.want {
			t.Errorf("search %q in %s shows %q, want only %q", c.q, c.plan, got, c.want)
		}
	}
	// Without a query every school is listed, grouped by type.
	g := gens["2026"] // the newest plan
	w := get(t, h, "GET", "/")
	if n := len(visible(w.Body.String())); n != len(g.Schools()) {
		t.Errorf("home lists %d schools, want %d", n, len(g.Schools()))
	}
	for _, heading := range []string{"<h2>Trường mầm non</h2>", "<h2>Trường tiểu học</h2>", "<h2>Trường trung học cơ sở</h2>", "<h2>Trường liên cấp</h2>"} {
		if !strings.Contains(w.Body.String(), heading) {
			t.Errorf("home lacks the group %s", heading)
		}
	}
	// The newest plan is chosen first.
	if !strings.Contains(w.Body.String(), `<li data-search="`) || !strings.Contains(w.Body.String(), "Sài Gòn") {
		t.Error("home does not list the newest plan")
	}
	if w := get(t, h, "GET", "/2025/?q=khong+co+truong+nay"); len(visible(w.Body.String())) != 0 || strings.Contains(w.Body.String(), `id="none" class="none" hidden`) {
		t.Error("a search that matches nothing should say so")
	}
	// A school of another plan: the page says where it is.
	w = get(t, h, "GET", "/2026/?q=nguyen+binh+khiem")
	if !strings.Contains(w.Body.String(), `href="/2025/?q=nguyen&#43;binh&#43;khiem">Năm 2025 · Phòng Giáo dục và Đào tạo Quận 1</a>: 1 trường khớp`) {
		t.Error("a school of the 2025 plan searched in the 2026 one: no link to it")
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Trường THCS Đồng Khởi": "truong thcs dong khoi",
		"Nguyễn  Bỉnh-Khiêm":    "nguyen binh khiem",
		"ÔNG BÀ":                "ong ba",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every document of a school downloads in both formats with its type, its
// names and a working cache.
func TestDownloads(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	g := gens["2025"]
	for _, ref := range schoolRefs(g, "th-nguyen-binh-khiem") {
		for _, f := range downloads {
			path := nbk + ref.Name + "." + string(f)
			w := get(t, h, "GET", path)
			if w.Code != 200 {
				t.Fatalf("%s: %d", path, w.Code)
			}
			if ct := w.Header().Get("Content-Type"); ct != contentTypes[f] {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			var want bytes.Buffer
			if err := g.Render(context.Background(), &want, ref, f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w.Body.Bytes(), want.Bytes()) {
				t.Errorf("%s differs from the Generator's rendering", path)
			}
			cd := w.Header().Get("Content-Disposition")
			if _, _, err := mime.ParseMediaType(cd); err != nil {
				t.Fatalf("%s: %q: %v", path, cd, err)
			}
			if !regexp.MustCompile(`^attachment; filename="[ -~]+ - Truong TH Nguyen Binh Khiem\.` + string(f) + `"; filename\*=UTF-8''`).MatchString(cd) {
				t.Errorf("%s: Content-Disposition %q", path, cd)
			}
			etag := w.Header().Get("ETag")
			if etag == "" || w.Header().Get("Cache-Control") == "" {
				t.Errorf("%s: no ETag or Cache-Control", path)
			}
			if w := get(t, h, "GET", path, "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
				t.Errorf("%s again with its ETag: %d, %d bytes; want 304 and nothing", path, w.Code, w.Body.Len())
			}
		}
	}
	// mime decodes filename* into the Vietnamese name.
	w := get(t, h, "GET", nbk+"ke-hoach.pdf")
	_, params, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if params["filename"] != "Kế hoạch - Trường TH Nguyễn Bỉnh Khiêm.pdf" {
		t.Errorf("filename* = %q", params["filename"])
	}
	if !strings.Contains(w.Header().Get("Content-Disposition"), `filename="Ke hoach - Truong TH Nguyen Binh Khiem.pdf"`) {
		t.Errorf("Content-Disposition %q lacks the ASCII name", w.Header().Get("Content-Disposition"))
	}
	// The issuer's plan downloads from its folder.
	if w := get(t, h, "GET", "/2026/ubnd-phuong/ke-hoach.pdf"); w.Code != 200 || w.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("issuer's PDF: %d", w.Code)
	}
	if w := get(t, h, "HEAD", nbk+"ke-hoach.docx"); w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
}

func readZip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	return out
}

// A school's ZIP holds its documents with its changes; the ZIP of every
// school holds every document of the plan.
func TestZips(t *testing.T) {
	s := newTestServer(t, Config{})
	h := s.Handler()
	g := gens["2026"]
	id := g.Schools()[0].ID
	w := get(t, h, "GET", "/2026/"+id+"/tat-ca.zip?so=31")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("school ZIP: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	files := readZip(t, w.Body.Bytes())
	refs := schoolRefs(g, id)
	if len(files) != 2*len(refs) {
		t.Errorf("school ZIP has %d files, want %d", len(files), 2*len(refs))
	}
	for _, ref := range refs {
		for _, f := range downloads {
			if _, ok := files[ref.Path(f)]; !ok {
				t.Errorf("school ZIP lacks %s", ref.Path(f))
			}
		}
	}
	plan := files[refs[0].Path(generator.DOCX)]
	if !strings.Contains(docxText(t, plan), "Số: 31/KH-") {
		t.Error("the school ZIP's plan lacks the changed number")
	}
	w = get(t, h, "GET", "/2026/tat-ca.zip")
	files = readZip(t, w.Body.Bytes())
	if len(files) != 2*len(g.Documents()) {
		t.Errorf("ZIP of every school has %d files, want %d", len(files), 2*len(g.Documents()))
	}
	for _, ref := range g.Documents() {
		var want bytes.Buffer
		if err := g.Render(context.Background(), &want, ref, generator.PDF); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(files[ref.Path(generator.PDF)], want.Bytes()) {
			t.Errorf("%s in the ZIP differs from the Generator's", ref.Path(generator.PDF))
		}
	}
}

// docxText is the text of a DOCX's body: its w:t elements, a paragraph a
// line, tabs as spaces, non-breaking hyphens as "-".
func docxText(t *testing.T, docx []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(readZip(t, docx)["word/document.xml"]))
	var b strings.Builder
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "t"
			switch x.Name.Local {
			case "tab":
				b.WriteByte(' ')
			case "noBreakHyphen":
				b.WriteByte('-')
			}
		case xml.EndElement:
			inText = false
			if x.Name.Local == "p" {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(x)
			}
		}
	}
}

// The calendar has one all-day event per report period, with reminders,
// in lines of at most 75 octets.
func TestCalendar(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	g := gens["2026"]
	id := g.Schools()[0].ID
	w := get(t, h, "GET", "/2026/"+id+"/lich.ics")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	periods := g.Plan().Report.Periods
	if n := strings.Count(unfolded, "BEGIN:VEVENT"); n != len(periods) {
		t.Errorf("%d events, want %d", n, len(periods))
	}
	for _, p := range periods {
		// "Gửi trước ngày 15 tháng 3": the event is the last day, the 14th.
		last := time.Date(p.Due.Year, time.Month(p.Due.Month), p.Due.Day-1, 0, 0, 0, 0, time.UTC)
		want := "DTSTART;VALUE=DATE:" + last.Format("20060102")
		if !strings.Contains(unfolded, want) {
			t.Errorf("no event %s for %s", want, p.ID)
		}
		if !strings.Contains(unfolded, "SUMMARY:Hạn gửi báo cáo "+icsText(p.Name+" (trước "+generator.FormatDate(p.Due, p.Due.Year)+")")) {
			t.Errorf("no summary for %s", p.ID)
		}
	}
	if strings.Contains(unfolded, "ngày ngày") {
		t.Error("a date says ngày twice")
	}
	if strings.Count(unfolded, "BEGIN:VALARM") != 2*len(periods) {
		t.Error("each event should remind a week and a day before")
	}
}

// A changed number and person reach the preview and every format; a
// value with markup, placeholders or a script comes out literally.
func TestChangesReachEveryFormat(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	hostile := "<script>alert(1)</script> *{{x}}* Bà Ba"
	q := url.Values{"so": {"987"}, "phu_trach.dan_van.ho_ten": {hostile}, "hieu_truong.ho_ten": {"Lê Văn Tám"}}
	w := get(t, h, "GET", nbk+"?"+q.Encode())
	if w.Code != 200 {
		t.Fatalf("school page with changes: %d\n%s", w.Code, w.Body)
	}
	page := w.Body.String()
	if strings.Contains(page, "<script>alert") {
		t.Error("the script came out as markup in the page")
	}
	for _, want := range []string{"987/KH-THNBK", "&lt;script&gt;alert(1)&lt;/script&gt; *{{x}}* Bà Ba", "Lê Văn Tám"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// The links carry the changes.
	if !strings.Contains(page, `href="`+nbk+`ke-hoach.pdf?`) {
		t.Error("the PDF link does not carry the changes")
	}
	docx := get(t, h, "GET", nbk+"ke-hoach.docx?"+q.Encode())
	text := docxText(t, docx.Body.Bytes())
	for _, want := range []string{"Số: 987/KH-THNBK", hostile, "Lê Văn Tám"} {
		if !strings.Contains(text, want) {
			t.Errorf("the DOCX lacks %q", want)
		}
	}
	pdf := get(t, h, "GET", nbk+"ke-hoach.pdf?"+q.Encode())
	if pdf.Code != 200 || pdf.Header().Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("changed PDF: %d, Cache-Control %q", pdf.Code, pdf.Header().Get("Cache-Control"))
	}
	text = pdfText(t, pdf.Body.Bytes())
	for _, want := range []string{"987/KH-THNBK", "<script>alert(1)</script> *{{x}}* Bà Ba", "Lê Văn Tám"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if pdf.Header().Get("ETag") == get(t, h, "GET", nbk+"ke-hoach.pdf").Header().Get("ETag") {
		t.Error("a changed PDF has the ETag of the unchanged one")
	}
}

// One visitor's changes are never another's defaults, even when many
// arrive at once (run with -race).
func TestChangesStayInTheirRequest(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	school, _ := gens["2025"].School("th-nguyen-binh-khiem")
	own := school.Roles["dan_van"].Name
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := url.Values{"phu_trach.dan_van.ho_ten": {fmt.Sprintf("Người Thứ %d", i)}, "phu_trach.dan_chu.chuc_vu": {"Tổ trưởng"}}
			if w := get(t, h, "GET", nbk+"?"+q.Encode()); w.Code != 200 {
				t.Errorf("changes %d: %d", i, w.Code)
			}
		}()
	}
	wg.Wait()
	w := get(t, h, "GET", nbk)
	if !strings.Contains(w.Body.String(), `value="`+own+`"`) || strings.Contains(w.Body.String(), "Người Thứ") {
		t.Errorf("the school page without changes lost its own person %q", own)
	}
	// And a link with the change keeps it.
	q := url.Values{"phu_trach.dan_van.ho_ten": {"Người Thứ 1"}}
	if w := get(t, h, "GET", nbk+"?"+q.Encode()); w.Code != 200 {
		t.Errorf("a link with a change seen before: %d, Location %q", w.Code, w.Header().Get("Location"))
	}
}

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is needed")
		}
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// Bad values give 400 with the reason next to their field, and keep what
// was typed.
func TestBadValues(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	for _, c := range []struct {
		query, field, reason string
	}{
		{"so=12a", "so", "chỉ gồm chữ số"},
		{"so=123456789", "so", "tối đa 8 ký tự"},
		{"ngay=2025-02-30", "ngay", "không có thật"},
		{"ngay=mai", "ngay", "không phải một ngày"},
		{"hieu_truong.ho_ten=", "hieu_truong-ho_ten", "không được để trống"},
		{"hieu_truong.ho_ten=" + url.QueryEscape(strings.Repeat("Nguyễn ", 20)), "hieu_truong-ho_ten", "tối đa 80 ký tự"},
		{"hieu_truong.ho_ten=A%00B", "hieu_truong-ho_ten", "ký tự điều khiển"},
		{"hieu_truong.ho_ten=A%FFB", "hieu_truong-ho_ten", "không phải Unicode"},
		{"hieu_truong.ky=GI%C3%81M+%C4%90%E1%BB%90C", "hieu_truong-ky", "hãy chọn một trong"},
		{"hieu_truong.ky=KT.+HI%E1%BB%86U+TR%C6%AF%E1%BB%9ENG", "hieu_truong-pho_hieu_truong", "cần họ tên phó hiệu trưởng"},
		{"hieu_truong.ho_ten=L%C3%AA+%E2%80%AEm%C3%A1T", "hieu_truong-ho_ten", "ký tự ẩn (mã U+202E)"},
		{"hieu_truong.ho_ten=L%C3%AA%E2%80%8BT%C3%A1m", "hieu_truong-ho_ten", "ký tự ẩn (mã U+200B)"},
		{"phu_trach.dan_chu.chuc_vu=A%E2%80%A8B", "phu_trach-dan_chu-chuc_vu", "ký tự ẩn (mã U+2028)"},
		{"so=0", "so", "bắt đầu từ 1"},
		{"so=00000000", "so", "bắt đầu từ 1"},
		{"ngay=30/02/2025", "ngay", "không có thật"},
		{"ngay=0000-01-01", "ngay", "không có thật"},
		{"ngay=2023-05-01", "ngay", "không thể có trước kế hoạch của Phòng Giáo dục và Đào tạo Quận 1"},
		{"ngay=2026-01-02", "ngay", "hãy chọn ngày trong năm 2025"},
		{"phu_trach.dan_van.chuc_vu=", "phu_trach-dan_van-chuc_vu", "không được để trống"},
		{"so=1&so=2", "so", "nhiều lần"},
		{"phu_trach.dan_van.xung_ho=Anh", "phu_trach-dan_van-xung_ho", "hãy chọn một trong"},
	} {
		w := get(t, h, "GET", nbk+"?"+c.query)
		if w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", c.query, w.Code)
			continue
		}
		re := regexp.MustCompile(`(?s)<div class="field invalid[^"]*">\s*<label for="f-` + regexp.QuoteMeta(c.field) + `">.*?<p class="error" id="f-` + regexp.QuoteMeta(c.field) + `-msg">([^<]*)</p>`)
		m := re.FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Errorf("%s: no message next to field %s", c.query, c.field)
			continue
		}
		if !strings.Contains(htmlUnescape(m[1]), c.reason) {
			t.Errorf("%s: message %q, want it to say %q", c.query, m[1], c.reason)
		}
		// The top of the page lists it, linked to the field, and nothing
		// offers the bad values as a download.
		body := w.Body.String()
		if !strings.Contains(body, `<div class="problems" role="alert">`) || !strings.Contains(body, `<a href="#f-`+c.field+`">`) {
			t.Errorf("%s: the summary at the top does not link to the field", c.query)
		}
		if strings.Contains(body, "mang những thay đổi") || strings.Contains(body, `<article class="kh-doc"`) || strings.Contains(body, `data-format="pdf"`) || strings.Contains(body, "tat-ca.zip") {
			t.Errorf("%s: a page with bad values offers a preview or changed downloads", c.query)
		}
		// A download with the same values says why, and leads back.
		d := get(t, h, "GET", nbk+"ke-hoach.pdf?"+c.query)
		if d.Code != http.StatusBadRequest || !strings.Contains(htmlUnescape(d.Body.String()), c.reason) {
			t.Errorf("%s: download gives %d without the reason", c.query, d.Code)
		}
	}
	// An unchanged form submitted as a whole comes back as the clean URL.
	school, _ := gens["2025"].School("th-nguyen-binh-khiem")
	w := get(t, h, "GET", nbk+"?so=&hieu_truong.xung_ho="+url.QueryEscape(school.Principal.Salutation)+"&xem=ke-hoach")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != nbk {
		t.Errorf("unchanged form: %d to %q, want 303 to %s", w.Code, w.Header().Get("Location"), nbk)
	}
	w = get(t, h, "GET", nbk+"?xem=bao-cao-6-thang&so=5&hieu_truong.ho_ten="+url.QueryEscape(school.Principal.Name))
	if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != nbk+"?so=5&xem=bao-cao-6-thang" {
		t.Errorf("form with one change: %d to %q", w.Code, loc)
	}
	// A date as people write it comes back as the date input writes it.
	w = get(t, h, "GET", nbk+"?ngay=10/03/2025")
	if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != nbk+"?ngay=2025-03-10" {
		t.Errorf("ngay=10/03/2025: %d to %q, want ?ngay=2025-03-10", w.Code, loc)
	}
	// A school whose deputy signs (KT.) can switch to the principal
	// signing with the whole form: the deputy is dropped, not an error.
	kt, _ := gens["2025"].School("mn-co-giang")
	q := url.Values{"hieu_truong.ky": {generator.SignPrincipal}, "hieu_truong.pho_hieu_truong": {kt.Principal.Deputy}, "hieu_truong.ho_ten": {kt.Principal.Name}}
	w = get(t, h, "GET", "/2025/mn-co-giang/?"+q.Encode())
	want := "/2025/mn-co-giang/?hieu_truong.ky=" + url.QueryEscape(generator.SignPrincipal) + "&hieu_truong.pho_hieu_truong="
	if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != want {
		t.Fatalf("switching from KT.: %d to %q, want %q", w.Code, loc, want)
	}
	w = get(t, h, "GET", want)
	_, preview, _ := strings.Cut(w.Body.String(), `<article class="kh-doc"`)
	if w.Code != 200 || preview == "" || strings.Contains(preview, "KT. HIỆU TRƯỞNG") || strings.Contains(preview, kt.Principal.Deputy) || !strings.Contains(preview, kt.Principal.Name) {
		t.Errorf("after switching from KT.: %d, the preview still signs KT. or names the deputy", w.Code)
	}
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }

// Unknown things are 404, wrong methods 405, long or broken URLs 4xx;
// never 500.
func TestStatuses(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	for _, c := range []struct {
		method, target string
		status         int
	}{
		{"GET", "/2025/khong-co-truong-nay/", 404},
		{"GET", "/2025/khong-co-truong-nay/ke-hoach.pdf", 404},
		{"GET", "/2024/", 404},
		{"GET", nbk + "ke-hoach.exe", 404},
		{"GET", nbk + "khong-co.pdf", 404},
		{"GET", nbk + "ke-hoach.txt", 404},
		{"GET", nbk + "?xem=khong-co", 400},
		{"GET", "/static/../../go.mod", 307}, // to /go.mod, cleaned, which is 404
		{"GET", "/static/..%2f..%2fgo.mod", 404},
		{"GET", "/2025/..%2f..%2fgo.mod", 404},
		{"GET", "/2025/th-nguyen-binh-khiem/..%2f..%2f..%2fetc%2fpasswd", 404},
		{"GET", "/2025/a%00b/", 400},
		{"GET", "/2025/%ff/", 400},
		{"GET", nbk + "?q=" + strings.Repeat("a", 20<<10), 414},
		{"POST", nbk, 405},
		{"PUT", nbk + "ke-hoach.pdf", 405},
		{"DELETE", "/2025/", 405},
		{"OPTIONS", "/", 405},
		{"GET", "/2025", 307},
		{"GET", "/2025/th-nguyen-binh-khiem", 301},
		{"GET", "/healthz", 200},
		{"GET", "/static/app.css", 200},
		{"GET", "/static/serif-regular.ttf", 200},
		{"GET", "/2026/trang.css", 200},
		{"GET", "/2026/ubnd-phuong/", 200},
		{"HEAD", nbk, 200},
	} {
		w := get(t, h, c.method, c.target)
		if w.Code != c.status {
			t.Errorf("%s %.60s: %d, want %d", c.method, c.target, w.Code, c.status)
		}
		if c.status == 405 && w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", c.method, c.target, w.Header().Get("Allow"))
		}
		if c.status == 307 && w.Header().Get("Location") != path.Clean(strings.Split(c.target, "?")[0])+"/" && w.Header().Get("Location") != "/go.mod" {
			t.Errorf("%s %s: redirected to %q", c.method, c.target, w.Header().Get("Location"))
		}
		if c.status >= 400 && !strings.Contains(w.Body.String(), "Mã lỗi") {
			t.Errorf("%s %.60s: the error page is not the app's", c.method, c.target)
		}
	}
}

// Every response carries the security headers; pages hold no inline
// script or style, which the policy forbids.
func TestSecurityHeaders(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	for _, target := range []string{"/", nbk, nbk + "ke-hoach.pdf", "/khong-co", "/2026/ubnd-phuong/", nbk + "?so=x"} {
		w := get(t, h, "GET", target)
		hd := w.Header()
		csp := hd.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") == "" || hd.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: security headers missing: %v", target, hd)
		}
		if strings.HasPrefix(hd.Get("Content-Type"), "text/html") {
			body := w.Body.String()
			if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).MatchString(body) || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
				t.Errorf("%s: inline script or style", target)
			}
		}
	}
}

// The cache keeps documents up to its size in bytes.
func TestCacheBounded(t *testing.T) {
	s := newTestServer(t, Config{CacheBytes: 600 << 10, MaxRenders: 1, RenderWait: 20 * time.Millisecond})
	h := s.Handler()
	refs := gens["2025"].Documents()
	for _, ref := range refs[:12] {
		if w := get(t, h, "GET", "/2025/"+ref.Path(generator.PDF)); w.Code != 200 {
			t.Fatal(w.Code)
		}
		if n, size := s.cache.stats(); size > 600<<10 || n == 0 {
			t.Fatalf("cache holds %d documents, %d bytes; limit %d", n, size, 600<<10)
		}
	}
	// With the only render slot taken, the last document still comes,
	// from the cache, and one never rendered does not.
	s.renders <- struct{}{}
	defer func() { <-s.renders }()
	if w := get(t, h, "GET", "/2025/"+refs[11].Path(generator.PDF)); w.Code != 200 {
		t.Errorf("cached document: %d", w.Code)
	}
	if w := get(t, h, "GET", "/2025/"+refs[12].Path(generator.PDF)); w.Code != http.StatusServiceUnavailable {
		t.Errorf("document not cached, no render slot: %d", w.Code)
	}
}

// When every render slot is taken for too long, a request gets 503 with
// Retry-After, not a wait without end.
func TestBusy(t *testing.T) {
	s := newTestServer(t, Config{MaxRenders: 1, RenderWait: 20 * time.Millisecond})
	h := s.Handler()
	s.renders <- struct{}{} // a render that does not finish
	w := get(t, h, "GET", nbk+"ke-hoach.pdf?so=9")
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("busy: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	if w := get(t, h, "GET", "/2025/tat-ca.zip"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("busy ZIP: %d", w.Code)
	}
	<-s.renders
	if w := get(t, h, "GET", nbk+"ke-hoach.pdf?so=9"); w.Code != 200 {
		t.Errorf("after the render finished: %d", w.Code)
	}
}

// The access log is one JSON object per request, without the query.
func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	s := newTestServer(t, Config{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	get(t, s.Handler(), "GET", nbk+"?hieu_truong.ho_ten=B%C3%AD+M%E1%BA%ADt")
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	if rec["path"] != nbk || rec["status"] != float64(200) || rec["method"] != "GET" {
		t.Errorf("log record %v", rec)
	}
	if strings.Contains(buf.String(), "Mật") || strings.Contains(buf.String(), "M%E1") {
		t.Error("the log holds the query's personal data")
	}
}

// Through a real server: a 20 kB query and a 20 MB POST are turned away
// without reading them, and the server keeps serving.
func TestRealServerLimits(t *testing.T) {
	s := newTestServer(t, Config{})
	srv := NewHTTPServer("", s.Handler(), slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	resp, err := http.Get(base + nbk + "?q=" + strings.Repeat("a", 20<<10))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge && resp.StatusCode != http.StatusRequestURITooLong {
		t.Errorf("20 kB query: %d", resp.StatusCode)
	}
	big := io.LimitReader(zeros{}, 20<<20)
	resp, err = http.Post(base+nbk, "application/octet-stream", big)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("20 MB POST: %d", resp.StatusCode)
		}
	} // the server may also close the connection before the body is sent
	resp, err = http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after the hostile requests: %v", err)
	}
	resp.Body.Close()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// Shutting down lets a download in flight finish: the ZIP of every school
// arrives whole after the server was told to stop.
func TestGracefulShutdown(t *testing.T) {
	s := newTestServer(t, Config{MaxRenders: 1})
	srv := NewHTTPServer("", s.Handler(), slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, func() error { return srv.Serve(ln) }, 30*time.Second) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/2026/tat-ca.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 4)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	cancel() // as SIGTERM does in kehoach serve
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the download in flight was cut: %v", err)
	}
	files := readZip(t, append(first, rest...))
	if len(files) != 2*len(gens["2026"].Documents()) {
		t.Errorf("ZIP after shutdown began has %d files", len(files))
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("the server still accepts requests after shutdown")
	}
}

// A download still running when the grace period ends is cut, and Serve
// says so.
func TestShutdownGraceOver(t *testing.T) {
	s := newTestServer(t, Config{})
	srv := NewHTTPServer("", s.Handler(), slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, func() error { return srv.Serve(ln) }, 200*time.Millisecond) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/2025/tat-ca.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close() // never read: a client too slow for 23 MB
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrGraceOver) {
			t.Errorf("Serve: %v, want ErrGraceOver", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after its grace period")
	}
}

// Small things of the protocol: HEAD of a page has its length, many
// ranges get the whole file, a broken search is not echoed broken.
func TestProtocolDetails(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	page := get(t, h, "GET", nbk)
	head := get(t, h, "HEAD", nbk)
	if head.Header().Get("Content-Length") != itoa(page.Body.Len()) || head.Body.Len() != 0 {
		t.Errorf("HEAD: Content-Length %q for a page of %d bytes", head.Header().Get("Content-Length"), page.Body.Len())
	}
	if cc := page.Header().Get("Cache-Control"); cc != "private, no-cache" {
		t.Errorf("school page Cache-Control %q", cc)
	}
	two := get(t, h, "GET", nbk+"ke-hoach.pdf", "Range", "bytes=0-9,20-29")
	if two.Code != http.StatusPartialContent {
		t.Errorf("two ranges: %d", two.Code)
	}
	many := get(t, h, "GET", nbk+"ke-hoach.pdf", "Range", "bytes=0-0"+strings.Repeat(",1-1", 2000))
	whole := get(t, h, "GET", nbk+"ke-hoach.pdf")
	if many.Code != 200 || many.Body.Len() != whole.Body.Len() {
		t.Errorf("2,001 ranges: %d, %d bytes; want the whole file, %d bytes", many.Code, many.Body.Len(), whole.Body.Len())
	}
	w := get(t, h, "GET", "/2025/?q=b%E1%BA%BFn%FFngh%C3%A9")
	if !utf8.Valid(w.Body.Bytes()) || !strings.Contains(w.Body.String(), `value="bếnnghé"`) {
		t.Error("a search with invalid UTF-8 is echoed as it came")
	}
}
