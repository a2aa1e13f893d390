package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"kehoach/internal/web"
)

// kehoach serve as a process: it serves the samples, logs each request as
// JSON, and on SIGTERM finishes the download in flight before it exits 0.
func TestServe(t *testing.T) {
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "KEHOACH_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	out := bufio.NewReader(stdout)
	first, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v; stderr: %s", err, stderr.String())
	}
	m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(first)
	if m == nil || !strings.Contains(first, "đang phục vụ 2 kế hoạch") {
		t.Fatalf("first line %q", first)
	}
	base := "http://" + m[1]
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()

	resp, err = http.Get(base + "/2025/tat-ca.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the download in flight was cut by SIGTERM: %v", err)
	}
	body := append(head, rest...)
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("ZIP after SIGTERM: %v", err)
	}
	if len(zr.File) != 2*127 {
		t.Errorf("ZIP has %d files, want 254", len(zr.File))
	}
	done := make(chan error, 1)
	var rest2 []byte
	go func() {
		rest2, _ = io.ReadAll(out) // to EOF, when the process has exited
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop after SIGTERM")
	}
	if !strings.Contains(string(rest2), "đã dừng") {
		t.Errorf("stdout after SIGTERM: %q", rest2)
	}
	// One JSON record per request.
	var n int
	for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if rec["msg"] == "request" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d requests logged, want 2:\n%s", n, stderr.String())
	}
}

// Plans named on the command line are served under their file's name;
// the flags say what is wrong when they do not pair up.
func TestServeFlags(t *testing.T) {
	code, _, stderr := run(t, "serve", "--plan", "a.toml", "--plan", "b.toml", "--schools", "1.toml", "--schools", "2.toml", "--schools", "3.toml")
	if code != exitUsage || !strings.Contains(stderr, "mỗi --plan một tệp") {
		t.Errorf("mismatched --schools: exit %d, %s", code, stderr)
	}
	code, _, stderr = run(t, "serve", "--plan", "khong-co.toml", "--schools", "../../data/schools.toml")
	if code != exitInput || !strings.Contains(stderr, "khong-co.toml") {
		t.Errorf("missing plan: exit %d, %s", code, stderr)
	}
	code, _, stderr = run(t, "serve", "--addr", "256.0.0.1:99999")
	if code != exitInput || !strings.Contains(stderr, "không nghe được") {
		t.Errorf("bad address: exit %d, %s", code, stderr)
	}
	for in, want := range map[string]string{"data/plan-2026.toml": "plan-2026", "/x/Kế hoạch Đông 2027.toml": "ke-hoach-dong-2027", "static.toml": "ke-hoach-static", "__.toml": "ke-hoach"} {
		if got := web.KeyFor(in); got != want {
			t.Errorf("siteKey(%q) = %q, want %q", in, got, want)
		}
	}
}
