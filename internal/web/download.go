package web

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"kehoach/generator"
)

// Content types of the downloads.
var contentTypes = map[generator.Format]string{
	generator.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	generator.PDF:  "application/pdf",
}

// downloads are the formats offered, in the order of the ZIPs.
var downloads = []generator.Format{generator.DOCX, generator.PDF}

// maxRanges is the most byte ranges a download answers; more get the
// whole file.
const maxRanges = 8

var errBusy = errors.New("web: quá nhiều văn bản đang được tạo")

// planFile serves the files of a plan: the ZIP of every school's
// documents and the preview's stylesheet.
func (s *Server) planFile(w http.ResponseWriter, r *http.Request) {
	st := s.site(w, r)
	if st == nil {
		return
	}
	switch r.PathValue("file") {
	case "tat-ca.zip":
		s.zip(w, r, st, st.g, st.docs, "Tất cả văn bản - "+st.plan.Office.InText+" - "+itoa(st.plan.Year)+".zip", false)
	case "trang.css":
		serveStatic(w, r, st.css, "public, max-age=3600")
	default:
		s.notFound(w, r)
	}
}

// schoolFile serves a school's documents (or the issuer's), the ZIP of
// them and the calendar of its report deadlines.
func (s *Server) schoolFile(w http.ResponseWriter, r *http.Request) {
	st := s.site(w, r)
	if st == nil {
		return
	}
	id, file := r.PathValue("school"), r.PathValue("file")
	g := st.g
	var refs []generator.DocRef
	changed := false
	if id == st.issuerDir() {
		refs = []generator.DocRef{st.issuer}
	} else {
		i, ok := st.byID[id]
		if !ok {
			s.notFound(w, r)
			return
		}
		if file == "lich.ics" {
			s.calendar(w, r, st, &st.schools[i])
			return
		}
		c := parseChanges(st.groups, st.plan, st.schools[i], r.URL.Query())
		if len(c.errs) == 0 && c.changed {
			ng, err := g.WithSchool(c.school)
			if err != nil {
				c.apply(err)
			}
			g = ng
		}
		if len(c.errs) > 0 {
			var reasons []string
			for _, gr := range st.groups {
				for _, f := range gr.Fields {
					if e := c.errs[f.Name]; e != "" {
						reasons = append(reasons, f.Label+" ("+gr.Title+"): "+e)
					}
				}
			}
			if e := c.errs[""]; e != "" {
				reasons = append(reasons, e)
			}
			back := "/" + st.key + "/" + id + "/?" + r.URL.RawQuery
			s.errorPageBack(w, r, http.StatusBadRequest, back, "Chưa tải được: có giá trị chưa đúng. Hãy mở trang của trường, sửa các ô được đánh dấu rồi tải lại.", reasons...)
			return
		}
		changed = c.changed
		refs = st.refsOf(g, id)
		if file == "tat-ca.zip" {
			s.zip(w, r, st, g, refs, "Văn bản - "+st.schools[i].ShortName+".zip", changed)
			return
		}
	}
	name, ext, _ := strings.Cut(file, ".")
	f := generator.Format(ext)
	if contentTypes[f] == "" {
		s.notFound(w, r)
		return
	}
	for _, ref := range refs {
		if ref.Name != name {
			continue
		}
		b, err := s.document(r.Context(), st, g, ref, f, changed)
		if err != nil {
			s.renderFailed(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", contentTypes[f])
		h.Set("Content-Disposition", contentDisposition(docTitle(st, ref)+"."+string(f)))
		h.Set("ETag", b.etag)
		if changed {
			h.Set("Cache-Control", "private, no-cache")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		if strings.Count(r.Header.Get("Range"), ",") >= maxRanges {
			r.Header.Del("Range") // many tiny ranges would cost more than the file
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b.data))
		return
	}
	s.notFound(w, r)
}

func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errBusy):
		s.errorPage(w, r, http.StatusServiceUnavailable, "Máy chủ đang bận tạo nhiều văn bản; hãy thử lại sau ít giây.")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// the client left; nothing to tell it
	default:
		s.log.Error("render", "path", r.URL.Path, "error", err)
		s.errorPage(w, r, http.StatusInternalServerError, "Không tạo được văn bản này; hãy báo cho cơ quan quản lý.")
	}
}

// document returns ref rendered in format f. Without changes it comes
// from the cache, rendered once however many ask for it at the same time;
// with changes it is rendered for this request.
func (s *Server) document(ctx context.Context, st *site, g *generator.Generator, ref generator.DocRef, f generator.Format, changed bool) (*body, error) {
	key := st.key + "/" + ref.Path(f)
	if !changed {
		if b, ok := s.cache.get(key); ok {
			return b, nil
		}
		v, err, _ := s.flight.Do(key, func() (any, error) {
			b, err := s.renderDoc(context.WithoutCancel(ctx), g, ref, f, key)
			if err == nil {
				s.cache.put(b)
			}
			return b, err
		})
		if err != nil {
			return nil, err
		}
		return v.(*body), nil
	}
	return s.renderDoc(ctx, g, ref, f, key)
}

// renderDoc renders one document, waiting its turn among the renders
// allowed at once.
func (s *Server) renderDoc(ctx context.Context, g *generator.Generator, ref generator.DocRef, f generator.Format, key string) (*body, error) {
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() { <-s.renders }()
	var buf bytes.Buffer
	if err := g.Render(ctx, &buf, ref, f); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	return &body{key: key, data: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:16]) + `"`}, nil
}

func (s *Server) acquire(ctx context.Context) error {
	select {
	case s.renders <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(s.cfg.RenderWait)
	defer t.Stop()
	select {
	case s.renders <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// zip streams refs in every download format as one ZIP: each document is
// rendered (or taken from the cache) and written before the next, so the
// archive starts at once and is never held whole in memory.
func (s *Server) zip(w http.ResponseWriter, r *http.Request, st *site, g *generator.Generator, refs []generator.DocRef, name string, changed bool) {
	// The first document decides the status: a server too busy to start
	// says so with 503 instead of an empty archive.
	first, err := s.document(r.Context(), st, g, refs[0], downloads[0], changed)
	if err != nil {
		s.renderFailed(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	rc := http.NewResponseController(w)
	zw := zip.NewWriter(w)
	modified := st.plan.Doc.Date
	if modified.IsZero() {
		modified = generator.Date{Year: st.plan.Year, Month: 1, Day: 1} // as the documents' own creation date
	}
	for i, ref := range refs {
		for j, f := range downloads {
			b := first
			if i > 0 || j > 0 {
				if b, err = s.document(r.Context(), st, g, ref, f, changed); err != nil {
					s.log.Warn("zip", "path", r.URL.Path, "doc", ref.Path(f), "error", err)
					return // the archive stays unfinished: the client sees a broken download, not a wrong one
				}
			}
			_ = rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
			fh := &zip.FileHeader{Name: ref.Path(f), Method: zip.Store, Modified: time.Date(max(modified.Year, 1980), time.Month(modified.Month), modified.Day, 0, 0, 0, 0, time.UTC)}
			zf, err := zw.CreateHeader(fh)
			if err == nil {
				_, err = zf.Write(b.data)
			}
			if err != nil {
				return
			}
			_ = rc.Flush()
		}
	}
	if err := zw.Close(); err != nil {
		s.log.Warn("zip", "path", r.URL.Path, "error", err)
	}
}

// calendar serves the school's report deadlines as an iCalendar file
// (RFC 5545): one all-day event per period on its last day, with
// reminders a week and a day before.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request, st *site, sc *generator.School) {
	var b bytes.Buffer
	line := func(format string, args ...any) { writeFolded(&b, fmt.Sprintf(format, args...)) }
	stamp := st.plan.Doc.Date
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//kehoach//%s//VI", st.key)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:%s", icsText("Hạn báo cáo - "+sc.ShortName))
	for _, p := range st.plan.Report.Periods {
		// "Gửi trước ngày 01 tháng 5": the last day to send is the day
		// before, and the event is that day.
		due := p.Due
		day := time.Date(due.Year, time.Month(due.Month), due.Day-1, 0, 0, 0, 0, time.UTC)
		when := "trước " + generator.FormatDate(due, due.Year)
		desc := "Gửi báo cáo " + p.Name + " của " + sc.Name + " cho " + st.plan.Office.InText + " " + when + "."
		if doc, err := st.g.Document(generator.DocRef{Kind: p.ID, School: sc.ID}); err == nil {
			for _, n := range doc.Instructions {
				desc += "\n" + n
			}
		}
		line("BEGIN:VEVENT")
		line("UID:%s-%s-%s@kehoach", st.key, sc.ID, p.ID)
		line("DTSTAMP:%04d%02d%02dT000000Z", max(stamp.Year, st.plan.Year), max(stamp.Month, 1), max(stamp.Day, 1))
		line("DTSTART;VALUE=DATE:%s", day.Format("20060102"))
		line("DTEND;VALUE=DATE:%s", day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:%s", icsText("Hạn gửi báo cáo "+p.Name+" ("+when+")"))
		line("DESCRIPTION:%s", icsText(desc))
		line("TRANSP:TRANSPARENT")
		// At 8 in the morning a week and a day before the last day.
		for _, before := range []string{"-P6DT16H", "-PT16H"} {
			line("BEGIN:VALARM")
			line("ACTION:DISPLAY")
			line("DESCRIPTION:%s", icsText("Sắp đến hạn gửi báo cáo "+p.Name))
			line("TRIGGER:%s", before)
			line("END:VALARM")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	f := newStatic(b.Bytes(), "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition("Hạn báo cáo - "+sc.ShortName+".ics"))
	serveStatic(w, r, f, "public, max-age=300")
}

// icsText escapes a TEXT value (RFC 5545, 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "").Replace(s)
}

// writeFolded writes a content line, folded at 75 octets without
// splitting a UTF-8 sequence, ended by CRLF.
func writeFolded(w io.Writer, l string) {
	var b strings.Builder
	n := 0
	for _, r := range l {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	io.WriteString(w, b.String())
}
