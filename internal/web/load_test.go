package web

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kehoach/generator"
)

// BenchmarkLoad is the load test of the README: a real server on loopback
// and 50 clients downloading PDFs at once, b.N downloads in all. It
// reports the 50th and 99th percentile of latency, documents per second
// and errors (any status but 200).
//
//	go test ./internal/web -run '^$' -bench Load -benchtime 3000x
func BenchmarkLoad(b *testing.B) {
	const clients = 50
	s := newTestServer(b, Config{})
	srv := NewHTTPServer("", s.Handler(), slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/2025/"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}
	var pdfs []string
	for _, ref := range gens["2025"].Documents() {
		pdfs = append(pdfs, ref.Path(generator.PDF))
	}
	var plans []string
	for _, sc := range gens["2025"].Schools() {
		plans = append(plans, sc.ID+"/ke-hoach.pdf")
	}
	for _, c := range []struct {
		name string
		url  func(i int) string
	}{
		// Every document of the plan, from the cache once warm.
		{"unchanged", func(i int) string { return base + pdfs[i%len(pdfs)] }},
		// Each school's plan with a number never asked before: rendered
		// for the request.
		{"changed", func(i int) string {
			return fmt.Sprintf("%s%s?so=%d&phu_trach.dan_van.ho_ten=Nguy%%E1%%BB%%85n+V%%C4%%83n+T%%E1%%BA%%A3i+%d", base, plans[i%len(plans)], i+1, i)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			if c.name == "unchanged" {
				for i := range pdfs {
					fetch(client, c.url(i))
				}
			}
			var (
				next   atomic.Int64
				errs   atomic.Int64
				mu     sync.Mutex
				lat    []time.Duration
				wg     sync.WaitGroup
				offset = time.Now().UnixNano() % 1e6 // a number no earlier run asked for
			)
			b.ResetTimer()
			start := time.Now()
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var mine []time.Duration
					for {
						i := int(next.Add(1)) - 1
						if i >= b.N {
							break
						}
						t0 := time.Now()
						if !fetch(client, c.url(i+int(offset))) {
							errs.Add(1)
						}
						mine = append(mine, time.Since(t0))
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "docs/s")
			b.ReportMetric(float64(errs.Load()), "errors")
		})
	}
}

// fetch downloads url and reports whether it came whole with 200.
func fetch(c *http.Client, url string) bool {
	resp, err := c.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == 200 && n > 0 && (resp.ContentLength < 0 || n == resp.ContentLength)
}
