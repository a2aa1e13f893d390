package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// csp allows the page's own styles, scripts, fonts and form targets, and
// nothing inline or foreign; no one may frame it.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// guarded sets the security headers and turns away what no route takes:
// methods other than GET and HEAD, request bodies, long or broken URLs.
func (s *Server) guarded(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		r.Body = http.MaxBytesReader(w, r.Body, 1<<10) // no route reads a body
		switch {
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			h.Set("Allow", "GET, HEAD")
			s.errorPage(w, r, http.StatusMethodNotAllowed, "Trang này chỉ để xem và tải về (GET); không nhận dữ liệu gửi lên.")
		case len(r.URL.RawQuery) > maxQuery:
			s.errorPage(w, r, http.StatusRequestURITooLong, "Đường dẫn dài quá (hơn 4 096 ký tự); hãy gõ ngắn hơn, hoặc mở lại trang đầu.")
		case strings.ContainsRune(r.URL.Path, 0) || !utf8.ValidString(r.URL.Path):
			s.errorPage(w, r, http.StatusBadRequest, "Đường dẫn có ký tự không hợp lệ.")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// logged writes one structured line per request. The query is left out:
// it may carry people's names.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "path", r.URL.Path, "error", v)
				if !rec.wrote {
					s.errorPage(rec, r, http.StatusInternalServerError, "Có lỗi trong máy chủ; hãy thử lại.")
				}
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("query_bytes", len(r.URL.RawQuery)),
				slog.Int("status", rec.status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)),
				slog.String("remote", r.RemoteAddr),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recorder notes the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush and SetWriteDeadline.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
