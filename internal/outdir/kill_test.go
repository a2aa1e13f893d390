//go:build unix

package outdir

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// helperEnv, when set, makes the test binary a helper process that runs
// Write (or a recovery) and kills itself with SIGKILL at a step:
// "write|recover <dir> <step> <n>".
const helperEnv = "KEHOACH_OUTDIR_HELPER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(helperEnv); spec != "" {
		os.Exit(helper(spec))
	}
	os.Exit(m.Run())
}

// helper runs what spec says and returns 3 if it was not killed.
func helper(spec string) int {
	f := strings.Fields(spec)
	if len(f) != 4 {
		fmt.Fprintf(os.Stderr, "bad %s: %q\n", helperEnv, spec)
		return 2
	}
	n, _ := strconv.Atoi(f[3])
	t := &tx{fs: osFS{}, dir: f[1], opt: Options{Jobs: 1}, hook: func(step string, k int) {
		if step == f[2] && k == n {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}}
	var err error
	if f[0] == "recover" {
		_, err = t.recover()
	} else {
		_, err = run(context.Background(), t, filesOf(newTree))
	}
	fmt.Fprintf(os.Stderr, "not killed at %s %d: %v\n", f[2], n, err)
	return 3
}

// killAt runs a helper that dies with SIGKILL at step n.
func killAt(t *testing.T, what, dir, step string, n int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %s %s %d", helperEnv, what, dir, step, n))
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("helper: got %v, want killed: %s", err, out)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("helper: got %v, want killed: %s", err, out)
	}
}

// A run killed with SIGKILL at any step is recovered by the next: rolled
// back to the folder as it was, or (once the manifest is in place) rolled
// forward; the dead run's lock is taken over.
func TestKill(t *testing.T) {
	after := afterTree(t)
	// Entries: a.txt, b/c.txt, b/h.txt, big.bin, e/f/g.txt, the manifest.
	tests := []struct {
		step  string
		n     int
		moved bool   // the folder is as after the run
		log   string // what the recovery says
	}{
		{"locked", 0, false, ""},
		{"render", 1, false, "đã xóa thư mục tạm"},
		{"render", 4, false, "đã xóa thư mục tạm"},
		{"rendered", 0, false, "đã xóa thư mục tạm"},
		{"journal", 0, false, "đã trả lại các tệp như trước"},
		{"backup", 1, false, "đã trả lại các tệp như trước"},
		{"move", 1, false, "đã trả lại các tệp như trước"},
		{"move", 3, false, "đã trả lại các tệp như trước"},
		{"move", 5, false, "đã trả lại các tệp như trước"},   // before the manifest
		{"backup", 6, false, "đã trả lại các tệp như trước"}, // the old manifest set aside
		{"move", 6, true, "đã chuyển xong mọi tệp"},          // after the manifest
		{"moved", 0, true, "đã chuyển xong mọi tệp"},
		{"committed", 0, true, "đã xóa thư mục tạm"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.step, tt.n), func(t *testing.T) {
			dir := earlier(t)
			before := snapshot(t, dir)
			killAt(t, "write", dir, tt.step, tt.n)
			if _, err := os.Stat(filepath.Join(dir, LockName)); err != nil {
				t.Error("the killed run left no lock")
			}
			var l logger
			tx := &tx{fs: osFS{}, dir: dir, opt: Options{Log: l.log}}
			if _, err := tx.recover(); err != nil {
				t.Fatalf("recovery: %v", err)
			}
			want := before
			if tt.moved {
				want = after
			}
			if d := diffTrees(withoutLeftovers(snapshot(t, dir)), want); d != "" {
				t.Errorf("recovered: %s", d)
			}
			if !strings.Contains(l.String(), tt.log) {
				t.Errorf("notices: got %q, want %q", l.String(), tt.log)
			}

			l = logger{}
			if _, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log}); err != nil {
				t.Fatalf("next run: %v", err)
			}
			if !strings.Contains(l.String(), "đã gỡ khóa") {
				t.Errorf("notices: got %q, want the dead run's lock taken over", l.String())
			}
			assertTree(t, dir, after)
		})
	}
}

// A recovery killed at each step is finished by the next.
func TestKillDuringRecovery(t *testing.T) {
	for n := 1; n <= 6; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := earlier(t)
			before := snapshot(t, dir)
			killAt(t, "write", dir, "move", 4)
			killAt(t, "recover", dir, "undo", n)
			if _, err := (&tx{fs: osFS{}, dir: dir}).recover(); err != nil {
				t.Fatalf("recovery: %v", err)
			}
			if d := diffTrees(withoutLeftovers(snapshot(t, dir)), before); d != "" {
				t.Errorf("recovered: %s", d)
			}
		})
	}
}

// Files and the manifest are 0644 less the umask.
func TestModes(t *testing.T) {
	umask := syscall.Umask(0o022)
	defer syscall.Umask(umask)
	dir := t.TempDir()
	if _, err := Write(context.Background(), dir, filesOf(newTree), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{ManifestName, "a.txt", "e/f/g.txt"} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o644 {
			t.Errorf("%s: got %v, want 0644", p, got)
		}
	}
}
