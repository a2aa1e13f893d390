package outdir

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteNewFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "out")
	var l logger
	res, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != len(newTree) || res.Recovered != 0 {
		t.Errorf("got %+v, want %d written", res, len(newTree))
	}
	for p, s := range newTree {
		if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); string(b) != s {
			t.Errorf("%s: got %.20q (%v), want %.20q", p, b, err, s)
		}
	}
	checkManifest(t, dir, newTree)
	if l.String() != "" {
		t.Errorf("a first run into a new folder logged %q", l.String())
	}
	got := snapshot(t, dir)
	for p := range got {
		if strings.HasPrefix(p, ".kehoach") && p != ManifestName {
			t.Errorf("left %s", p)
		}
	}
}

func TestRewriteKeepsOtherFiles(t *testing.T) {
	dir := earlier(t)
	os.WriteFile(filepath.Join(dir, "ghi-chu.txt"), []byte("của hiệu trưởng"), 0o644)
	mustWrite(t, dir, newTree)
	want := map[string]string{}
	for p, s := range oldTree {
		want[p] = s
	}
	for p, s := range newTree {
		want[p] = s
	}
	checkManifest(t, dir, want)
	want["ghi-chu.txt"] = "của hiệu trưởng"
	for p, s := range want {
		if b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); string(b) != s {
			t.Errorf("%s: got %.20q, want %.20q", p, b, s)
		}
	}
}

func TestBadPaths(t *testing.T) {
	write := func(context.Context, io.Writer) error { return nil }
	tests := []struct {
		name  string
		paths []string
		want  error
	}{
		{"same path", []string{"a/b.pdf", "a/b.pdf"}, ErrDuplicate},
		{"same path but case", []string{"a/B.pdf", "a/b.pdf"}, ErrDuplicate},
		{"empty", []string{""}, ErrBadPath},
		{"absolute", []string{"/etc/passwd"}, ErrBadPath},
		{"dot dot", []string{"../x"}, ErrBadPath},
		{"dot dot inside", []string{"a/../../x"}, ErrBadPath},
		{"dot", []string{"."}, ErrBadPath},
		{"trailing slash", []string{"a/"}, ErrBadPath},
		{"backslash", []string{`a\b`}, ErrBadPath},
		{"drive", []string{"C:x"}, ErrBadPath},
		{"manifest", []string{ManifestName}, ErrBadPath},
		{"lock", []string{LockName}, ErrBadPath},
		{"stage", []string{stagePrefix + "1/a"}, ErrBadPath},
		{"reserved any case", []string{".KeHoach-x"}, ErrBadPath},
		{"file and folder", []string{"a", "a/b.pdf"}, ErrBadPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			var files []File
			for _, p := range tt.paths {
				files = append(files, File{Path: p, Write: write})
			}
			_, err := Write(context.Background(), dir, files, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Error("the folder was made")
			}
		})
	}
	t.Run("no writer", func(t *testing.T) {
		_, err := Write(context.Background(), t.TempDir(), []File{{Path: "a"}}, Options{})
		if !errors.Is(err, ErrBadPath) {
			t.Errorf("got %v, want ErrBadPath", err)
		}
	})
}

func TestSomethingInTheWay(t *testing.T) {
	tests := []struct {
		name string
		make func(dir string)
		msg  string
	}{
		{"folder where a file goes", func(dir string) {
			os.MkdirAll(filepath.Join(dir, "b", "c.txt"), 0o755)
			os.WriteFile(filepath.Join(dir, "b", "c.txt", "ghi-chu.txt"), []byte("x"), 0o644)
		}, filepath.Join("b", "c.txt") + " là một thư mục"},
		{"file where a folder goes", func(dir string) {
			os.WriteFile(filepath.Join(dir, "e"), []byte("x"), 0o644)
		}, "e là một tệp, không phải thư mục"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(dir, 0o755)
			tt.make(dir)
			before := snapshot(t, dir)
			_, err := Write(context.Background(), dir, filesOf(newTree), Options{})
			if !errors.Is(err, ErrNotFile) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want ErrNotFile saying %q", err, tt.msg)
			}
			assertTree(t, dir, before)
		})
	}
}

func TestEditedFilesAreKept(t *testing.T) {
	dir := earlier(t)
	for _, p := range []string{"big.bin", "a.txt"} {
		os.WriteFile(filepath.Join(dir, p), []byte("bản đã sửa"), 0o644)
	}
	os.Remove(filepath.Join(dir, "b", "c.txt")) // a removed file is not an edit
	before := snapshot(t, dir)
	_, err := Write(context.Background(), dir, filesOf(newTree), Options{})
	var e *EditedError
	if !errors.As(err, &e) || !errors.Is(err, ErrEdited) {
		t.Fatalf("got %v, want an *EditedError", err)
	}
	if got, want := strings.Join(e.Paths, ","), "a.txt,big.bin"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if msg := err.Error(); !strings.Contains(msg, filepath.Join(dir, "a.txt")+"\n  "+filepath.Join(dir, "big.bin")) {
		t.Errorf("message does not list the files in order: %s", msg)
	}
	assertTree(t, dir, before)

	if _, err := Write(context.Background(), dir, filesOf(newTree), Options{Force: true}); err != nil {
		t.Fatalf("Force: %v", err)
	}
	checkManifest(t, dir, newTree)
	if _, err := Write(context.Background(), dir, filesOf(newTree), Options{}); err != nil {
		t.Fatalf("after Force: %v", err)
	}
}

// A file a person saves while the run renders is not overwritten: the run
// looks again before the commit and refuses, leaving the folder with the
// person's file.
func TestEditedDuringTheRun(t *testing.T) {
	for _, tc := range []struct {
		name, path string
	}{{"a recorded file", "a.txt"}, {"a file that appears", "b/h.txt"}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := earlier(t)
			hook := func(step string, n int) {
				if step == "render" && n == 2 {
					if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(tc.path)), []byte("hiệu trưởng sửa, dài hơn"), 0o644); err != nil {
						t.Error(err)
					}
				}
			}
			before := snapshot(t, dir)
			before[tc.path] = "-rw-r--r-- hiệu trưởng sửa, dài hơn"
			_, err := run(context.Background(), &tx{fs: osFS{}, dir: dir, hook: hook, opt: Options{Jobs: 1}}, filesOf(newTree))
			var e *EditedError
			if !errors.As(err, &e) || strings.Join(e.Paths, ",") != tc.path {
				t.Fatalf("got %v, want an *EditedError listing %s", err, tc.path)
			}
			assertTree(t, dir, before)
		})
	}
}

// A file that already holds what the run writes is no edit, even when
// the manifest's record of it is wrong.
func TestIdenticalFileIsNoEdit(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, newTree)
	m, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]string
	if err := json.Unmarshal(m, &rec); err != nil {
		t.Fatal(err)
	}
	rec["a.txt"] = strings.Repeat("0", 64)
	m, _ = json.Marshal(rec)
	os.WriteFile(filepath.Join(dir, ManifestName), m, 0o644)
	if _, err := Write(context.Background(), dir, filesOf(newTree), Options{}); err != nil {
		t.Fatalf("got %v, want the run to go through", err)
	}
	checkManifest(t, dir, newTree)
}

// Without a manifest that records a file, an existing file that differs
// from the new one is kept as if edited; one that is the same is fine.
func TestUnknownProvenance(t *testing.T) {
	tests := []struct {
		name     string
		manifest func(dir string)
		edit     bool   // a.txt differs from what is written
		log      string // expected in the notices, or "" for none
	}{
		{"missing, same files", func(dir string) { os.Remove(filepath.Join(dir, ManifestName)) }, false, "không thấy sổ ghi"},
		{"missing, a file differs", func(dir string) { os.Remove(filepath.Join(dir, ManifestName)) }, true, "không thấy sổ ghi"},
		{"broken, same files", func(dir string) { os.WriteFile(filepath.Join(dir, ManifestName), []byte("{broken"), 0o644) }, false, "bị hỏng (không phải danh sách tệp và mã kiểm tra)"},
		{"broken, a file differs", func(dir string) { os.WriteFile(filepath.Join(dir, ManifestName), []byte("{broken"), 0o644) }, true, "bị hỏng (không phải danh sách tệp và mã kiểm tra)"},
		{"not an object", func(dir string) { os.WriteFile(filepath.Join(dir, ManifestName), []byte("null"), 0o644) }, true, "bị hỏng (không phải danh sách tệp và mã kiểm tra)"},
		{"bad checksum", func(dir string) {
			os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{"a.txt": "abc"}`), 0o644)
		}, true, "bị hỏng (không phải danh sách tệp và mã kiểm tra)"},
		{"silent about the file", func(dir string) {
			os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{}`), 0o644)
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, newTree)
			tt.manifest(dir)
			if tt.edit {
				os.WriteFile(filepath.Join(dir, "a.txt"), []byte("của người khác"), 0o644)
			}
			before := snapshot(t, dir)
			var l logger
			_, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log})
			if tt.log == "" && l.String() != "" || !strings.Contains(l.String(), tt.log) {
				t.Errorf("notices: got %q, want %q", l.String(), tt.log)
			}
			if !tt.edit {
				if err != nil {
					t.Fatal(err)
				}
				checkManifest(t, dir, newTree)
				return
			}
			var e *EditedError
			if !errors.As(err, &e) || strings.Join(e.Paths, ",") != "a.txt" {
				t.Fatalf("got %v, want a.txt listed as edited", err)
			}
			assertTree(t, dir, before)
			if _, err := Write(context.Background(), dir, filesOf(newTree), Options{Force: true}); err != nil {
				t.Fatalf("Force: %v", err)
			}
			checkManifest(t, dir, newTree)
		})
	}
	t.Run("broken, empty folder", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, ManifestName), []byte("{broken"), 0o644)
		var l logger
		if _, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(l.String(), "bị hỏng") {
			t.Errorf("notices: got %q", l.String())
		}
		checkManifest(t, dir, newTree)
	})
}

func TestWriterFails(t *testing.T) {
	boom := errors.New("hỏng")
	for _, fresh := range []bool{false, true} {
		t.Run(fmt.Sprint("fresh=", fresh), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x", "out")
			if !fresh {
				dir = earlier(t)
			}
			before := snapshot(t, dir)
			files := filesOf(newTree)
			files[2].Write = func(context.Context, io.Writer) error { return boom }
			_, err := Write(context.Background(), dir, files, Options{Jobs: 2})
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), files[2].Path) {
				t.Fatalf("got %v, want the writer's error naming %s", err, files[2].Path)
			}
			assertTree(t, dir, before)
			if fresh {
				if _, err := os.Stat(filepath.Dir(dir)); err == nil {
					t.Error("the folders made for the run are left")
				}
			}
		})
	}
}

// A writer that panics fails the run like one that returns an error: the
// folder is as it was, with no stage and no lock.
func TestWriterPanics(t *testing.T) {
	dir := earlier(t)
	before := snapshot(t, dir)
	files := filesOf(newTree)
	files[1].Write = func(context.Context, io.Writer) error { panic("index out of range") }
	_, err := Write(context.Background(), dir, files, Options{Jobs: 2})
	if err == nil || !strings.Contains(err.Error(), "index out of range") || !strings.Contains(err.Error(), files[1].Path) {
		t.Fatalf("got %v, want the panic as an error naming %s", err, files[1].Path)
	}
	assertTree(t, dir, before)
}

func TestProgressAndJobs(t *testing.T) {
	tree := map[string]string{}
	for i := range 60 {
		tree[fmt.Sprintf("d%d/f%d.txt", i%7, i)] = strings.Repeat(fmt.Sprint(i), 1000*i)
	}
	for _, jobs := range []int{0, 1, 4, 100} {
		t.Run(fmt.Sprint(jobs), func(t *testing.T) {
			dir := t.TempDir()
			var calls []int
			res, err := Write(context.Background(), dir, filesOf(tree), Options{Jobs: jobs, Progress: func(done, total int) {
				if total != len(tree) {
					t.Errorf("total: got %d, want %d", total, len(tree))
				}
				calls = append(calls, done)
			}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Written != len(tree) {
				t.Errorf("written: got %d, want %d", res.Written, len(tree))
			}
			for i, d := range calls {
				if d != i+1 {
					t.Fatalf("progress: got %v, want 1..%d", calls, len(tree))
				}
			}
			if len(calls) != len(tree) {
				t.Errorf("progress: got %d calls, want %d", len(calls), len(tree))
			}
			checkManifest(t, dir, tree)
		})
	}
}

// Cancelling before the commit leaves the folder as it was, without lock
// or stage; once the commit has started it is ignored.
func TestCancel(t *testing.T) {
	after := afterTree(t)
	tests := []struct {
		step string
		n    int
		done bool // the run completes anyway
	}{
		{"locked", 0, false},
		{"recovered", 0, false},
		{"render", 1, false},
		{"render", 3, false},
		{"rendered", 0, false},
		{"journal", 0, true},
		{"backup", 1, true},
		{"move", 3, true},
		{"moved", 0, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.step, tt.n), func(t *testing.T) {
			dir := earlier(t)
			before := snapshot(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hit := false
			hook := func(step string, n int) {
				if step == tt.step && n == tt.n {
					hit = true
					cancel()
				}
			}
			_, err := run(ctx, &tx{fs: osFS{}, dir: dir, hook: hook, opt: Options{Jobs: 1}}, filesOf(newTree))
			if !hit {
				t.Fatal("the step was not reached")
			}
			if tt.done {
				if err != nil {
					t.Fatalf("got %v, want the commit to finish", err)
				}
				assertTree(t, dir, after)
				return
			}
			if !errors.Is(err, ErrCanceled) {
				t.Fatalf("got %v, want ErrCanceled", err)
			}
			assertTree(t, dir, before)
		})
	}
	t.Run("inside a writer", func(t *testing.T) {
		dir := earlier(t)
		before := snapshot(t, dir)
		ctx, cancel := context.WithCancel(context.Background())
		files := filesOf(newTree)
		files[1].Write = func(ctx context.Context, w io.Writer) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}
		if _, err := Write(ctx, dir, files, Options{}); !errors.Is(err, ErrCanceled) {
			t.Fatalf("got %v, want ErrCanceled", err)
		}
		assertTree(t, dir, before)
	})
	t.Run("before the start", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "out")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Write(ctx, dir, filesOf(newTree), Options{}); !errors.Is(err, ErrCanceled) {
			t.Fatalf("got %v, want ErrCanceled", err)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Error("the folder was made")
		}
	})
}

// deadPID is the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	name := "true"
	if runtime.GOOS == "windows" {
		name = "whoami"
	}
	cmd := exec.Command(name)
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run %s: %v", name, err)
	}
	return cmd.Process.Pid
}

func TestLock(t *testing.T) {
	me := self()
	dead := deadPID(t)
	lockOf := func(o owner) string {
		b, _ := json.Marshal(o)
		return string(b)
	}
	parentStart, _ := processStart(os.Getppid())
	tests := []struct {
		name   string
		lock   string
		locked bool   // the run is refused
		msg    string // in the error or the notices
		linux  bool   // needs start times
	}{
		{"dead process", lockOf(owner{PID: dead, Host: me.Host, Start: "1", Token: "t"}), false, fmt.Sprintf("tiến trình %d", dead), false},
		{"dead process, earlier format", fmt.Sprintf("%d\n", dead), false, fmt.Sprintf("tiến trình %d", dead), false},
		{"unreadable", "{{", false, "không đọc được nội dung", false},
		{"empty", "", false, "không đọc được nội dung", false},
		{"live process", lockOf(owner{PID: os.Getppid(), Host: me.Host, Start: parentStart, Token: "t"}), true, fmt.Sprintf("(tiến trình %d)", os.Getppid()), false},
		{"live process, earlier format", "1\n", true, "(tiến trình 1)", false},
		{"pid reused", lockOf(owner{PID: os.Getppid(), Host: me.Host, Start: parentStart + "1", Token: "t"}), false, "đã dừng", true},
		{"this process, an earlier run", lockOf(owner{PID: me.PID, Host: me.Host, Start: me.Start, Token: "t"}), false, "đã dừng", false},
		{"this pid, earlier format", fmt.Sprint(me.PID), false, "đã dừng", false},
		{"another host", lockOf(owner{PID: dead, Host: "may-khac", Token: "t"}), true, "trên máy may-khac", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.linux && runtime.GOOS != "linux" {
				t.Skip("start times are read on Linux")
			}
			dir := earlier(t)
			lock := filepath.Join(dir, LockName)
			os.WriteFile(lock, []byte(tt.lock), 0o644)
			var l logger
			_, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log})
			if tt.locked {
				var e *LockedError
				if !errors.As(err, &e) || !errors.Is(err, ErrLocked) {
					t.Fatalf("got %v, want a *LockedError", err)
				}
				if msg := err.Error(); !strings.Contains(msg, "một lần chạy khác đang ghi vào "+dir) || !strings.Contains(msg, lock) || !strings.Contains(msg, tt.msg) {
					t.Errorf("message: %s", msg)
				}
				if b, _ := os.ReadFile(lock); string(b) != tt.lock {
					t.Error("the lock was changed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(l.String(), "đã gỡ khóa "+lock) || !strings.Contains(l.String(), tt.msg) {
				t.Errorf("notices: got %q, want the lock taken over, %q", l.String(), tt.msg)
			}
			if _, err := os.Stat(lock); err == nil {
				t.Error("the lock is left")
			}
			checkManifest(t, dir, newTree)
		})
	}
}

// One run at a time, even within one process.
func TestOneRunAtATime(t *testing.T) {
	dir := earlier(t)
	var inner error
	hook := func(step string, n int) {
		if step == "render" && n == 1 {
			_, inner = Write(context.Background(), dir, filesOf(oldTree), Options{})
		}
	}
	if _, err := run(context.Background(), &tx{fs: osFS{}, dir: dir, hook: hook}, filesOf(newTree)); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(inner, ErrLocked) || !strings.Contains(inner.Error(), fmt.Sprintf("tiến trình %d", os.Getpid())) {
		t.Errorf("second run: got %v, want ErrLocked", inner)
	}
	checkManifest(t, dir, newTree)
	if _, err := os.Stat(filepath.Join(dir, LockName)); err == nil {
		t.Error("the lock is left")
	}
}

// What interrupted runs leave is cleaned, except what may hold the only
// copy of a file.
func TestLeftovers(t *testing.T) {
	dir := earlier(t)
	mk := func(p, s string) {
		p = filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	mk(stagePrefix+"0badf00d/new/a.txt", "nửa chừng")                  // killed while rendering
	mk(stagePrefix+"0badf00d/journal.json.tmp", "{")                   // or while writing the journal
	mk(".kehoach-123/b/c.txt", "nửa chừng")                            // an earlier version, killed while rendering
	mk(".kehoach-456/.cu/a.txt", "bản duy nhất")                       // an earlier version, killed while moving
	mk(".kehoach-manifest.json.789", "{")                              // an earlier version's temporary manifest
	mk(LockName+".stale-abc", "{}")                                    // a lock set aside
	mk(".kehoach-riêng/ghi-chu.txt", "không phải của kehoach đâu nhé") // not ours
	var l logger
	res, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log})
	if err != nil {
		t.Fatal(err)
	}
	if res.Recovered != 2 {
		t.Errorf("recovered: got %d, want 2", res.Recovered)
	}
	got := snapshot(t, dir)
	for _, p := range []string{stagePrefix + "0badf00d", ".kehoach-123", ".kehoach-manifest.json.789", LockName + ".stale-abc"} {
		if _, ok := got[p]; ok {
			t.Errorf("%s is left", p)
		}
	}
	for _, p := range []string{".kehoach-456/.cu/a.txt", ".kehoach-riêng/ghi-chu.txt"} {
		if _, ok := got[p]; !ok {
			t.Errorf("%s was removed", p)
		}
	}
	for _, want := range []string{"đã xóa thư mục tạm " + filepath.Join(dir, stagePrefix+"0badf00d"), "đã xóa thư mục tạm " + filepath.Join(dir, ".kehoach-123"), filepath.Join(dir, ".kehoach-456", ".cu")} {
		if !strings.Contains(l.String(), want) {
			t.Errorf("notices: got %q, want %q", l.String(), want)
		}
	}
}

// A journal that cannot be read stops the run and its stage is kept: it
// may hold the only copy of a file.
func TestBrokenJournal(t *testing.T) {
	dir := earlier(t)
	stage := filepath.Join(dir, stagePrefix+"0badf00d")
	os.MkdirAll(filepath.Join(stage, "old"), 0o755)
	os.WriteFile(filepath.Join(stage, "old", "x.txt"), []byte("bản duy nhất"), 0o644)
	os.WriteFile(filepath.Join(stage, journalName), []byte(`{"version":1,"entries":[{"path":"../x","sha256":""}]}`), 0o644)
	before := snapshot(t, dir)
	_, err := Write(context.Background(), dir, filesOf(newTree), Options{})
	if !errors.Is(err, ErrIncomplete) || !strings.Contains(err.Error(), stage) {
		t.Fatalf("got %v, want ErrIncomplete naming the stage", err)
	}
	assertTree(t, dir, before)
}

// raceFS lets another run take over a stale lock just before this run
// sets it aside.
type raceFS struct {
	faultFS
	other []byte
}

func (r *raceFS) Rename(from, to string) error {
	if r.other != nil && filepath.Base(from) == LockName && strings.Contains(to, ".stale-") {
		os.WriteFile(from, r.other, 0o644)
		r.other = nil
	}
	return r.faultFS.Rename(from, to)
}

// Of two runs taking over one stale lock, the later one backs off and
// leaves the other's lock in place.
func TestStaleLockRace(t *testing.T) {
	dir := earlier(t)
	before := snapshot(t, dir)
	lock := filepath.Join(dir, LockName)
	os.WriteFile(lock, []byte(fmt.Sprint(deadPID(t))), 0o644)
	other, _ := json.Marshal(owner{PID: os.Getppid(), Token: "khac"})
	_, err := run(context.Background(), &tx{fs: &raceFS{other: other}, dir: dir}, filesOf(newTree))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	if b, _ := os.ReadFile(lock); string(b) != string(other) {
		t.Errorf("lock: got %s, want the other run's", b)
	}
	os.Remove(lock)
	assertTree(t, dir, before)
}

// Runs started together in one process: each either writes or is refused
// with ErrLocked, and the folder ends up whole.
func TestConcurrentRuns(t *testing.T) {
	dir := earlier(t)
	errs := make(chan error)
	for range 8 {
		go func() {
			_, err := Write(context.Background(), dir, filesOf(newTree), Options{})
			errs <- err
		}()
	}
	wrote := 0
	for range 8 {
		if err := <-errs; err == nil {
			wrote++
		} else if !errors.Is(err, ErrLocked) {
			t.Errorf("got %v, want nil or ErrLocked", err)
		}
	}
	if wrote == 0 {
		t.Error("no run wrote")
	}
	assertTree(t, dir, afterTree(t))
}
