package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// citySchools writes a schools file of n schools into dir: the sample's
// schools repeated under new ids and codes, as a city's list would be.
func citySchools(t testing.TB, dir string, n int) string {
	t.Helper()
	src, err := os.ReadFile("../../data/schools.toml")
	if err != nil {
		t.Fatal(err)
	}
	parts := bytes.Split(src, []byte("\n[[truong]]"))
	head, schools := parts[0], parts[1:]
	id := regexp.MustCompile(`(?m)^id = "([^"]+)"`)
	code := regexp.MustCompile(`(?m)^ky_hieu = "([^"]+)"`)
	var b bytes.Buffer
	b.Write(head)
	for i := range n {
		s := schools[i%len(schools)]
		s = id.ReplaceAll(s, []byte(fmt.Sprintf(`id = "${1}-%d"`, i)))
		s = code.ReplaceAll(s, []byte(fmt.Sprintf(`ky_hieu = "${1}%d"`, i)))
		b.WriteString("\n[[truong]]")
		b.Write(s)
	}
	p := filepath.Join(dir, fmt.Sprintf("truong-%d.toml", n))
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// heapPeak samples the live heap (as the last collection marked it, so
// not counting garbage awaiting collection) while f runs and returns its
// peak.
func heapPeak(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var (
		peak uint64
		mu   sync.Mutex
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak
}

// Memory stays flat whatever the number of schools: documents are
// rendered straight into their files. Four times the schools may add only
// what the list itself holds, a few kB a school.
func TestMemoryPerSchool(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("renders 250 schools; the race detector's own memory would be measured")
	}
	dir := t.TempDir()
	peaks := map[int]uint64{}
	for _, n := range []int{50, 200} {
		list := citySchools(t, dir, n)
		peaks[n] = heapPeak(func() {
			if code, _, stderr := run(t, "generate", "-q", "--jobs", "2", "--schools", list, "--out", filepath.Join(dir, strconv.Itoa(n))); code != exitOK {
				t.Fatalf("%d schools: %s", n, stderr)
			}
		})
	}
	perSchool := (float64(peaks[200]) - float64(peaks[50])) / 150
	t.Logf("peak live heap: %.1f MB for 50 schools, %.1f MB for 200; %.0f bytes a school", float64(peaks[50])/1e6, float64(peaks[200])/1e6, perSchool)
	if perSchool > 32<<10 {
		t.Errorf("the heap grows by %.0f bytes a school; a batch must not hold documents", perSchool)
	}
}

// BenchmarkGenerateCity runs kehoach generate --jobs 2 on a city's worth
// of schools (KEHOACH_CITY, 2,500 by default: the sample's 42 schools
// repeated) and reports wall time, CPU per school and the process's peak
// memory. KEHOACH_CITY_TOML=FILE also keeps the list, to time the built
// binary on it.
//
//	go test ./cmd/kehoach -run '^$' -bench City -benchtime 1x
func BenchmarkGenerateCity(b *testing.B) {
	n := 2500
	if s := os.Getenv("KEHOACH_CITY"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	list := citySchools(b, dir, n)
	if keep := os.Getenv("KEHOACH_CITY_TOML"); keep != "" {
		if err := os.Rename(list, keep); err != nil {
			b.Fatal(err)
		}
		list = keep
	}
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		var out, errb bytes.Buffer
		if code := NewMain(&out, &errb).Run([]string{"generate", "-q", "--jobs", "2", "--schools", list, "--out", filepath.Join(dir, "out", strconv.Itoa(i))}); code != exitOK {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
	wall := time.Since(start) / time.Duration(b.N)
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(wall.Seconds(), "s/run")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "ms-cpu/school")
	b.ReportMetric(float64(n*6)/wall.Seconds(), "files/s")
	b.ReportMetric(float64(after.Maxrss)/1024, "peak-MB")
}
