package outdir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// big is large enough to take several writes through the 64 KiB buffer.
var big = strings.Repeat("x", 150<<10)

// oldTree is what an earlier run wrote; newTree what the run under test
// writes: two files replaced, one kept, two added (one in new folders).
var (
	oldTree = map[string]string{"a.txt": "cũ a", "b/c.txt": "cũ c", "b/d.txt": "cũ d", "big.bin": big}
	newTree = map[string]string{"a.txt": "mới a", "b/c.txt": "mới c", "b/h.txt": "mới h", "big.bin": big + "y", "e/f/g.txt": "mới g"}
)

// filesOf makes the files that write tree, in path order.
func filesOf(tree map[string]string) []File {
	var files []File
	for p, s := range tree {
		files = append(files, File{Path: p, Write: func(ctx context.Context, w io.Writer) error {
			_, err := io.WriteString(w, s)
			return err
		}})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

// logger collects the notices of a run.
type logger struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logger) log(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, msg)
}

func (l *logger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.msgs, "\n")
}

// mustWrite writes tree into dir, on the real disk without syncing, and
// fails the test on error.
func mustWrite(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	if _, err := run(context.Background(), &tx{fs: &faultFS{}, dir: dir}, filesOf(tree)); err != nil {
		t.Fatalf("Write: %v", err)
	}
}

// earlier makes a folder holding what an earlier run wrote.
func earlier(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	mustWrite(t, dir, oldTree)
	return dir
}

// snapshot is every file and folder under dir: a folder maps to "dir",
// a file to its permissions and content. A missing dir gives nil.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	s := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			s[rel] = "dir"
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s[rel] = fmt.Sprintf("%v %s", fi.Mode(), b)
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return s
}

// withoutLeftovers drops what a run may leave for the next one to clean
// after it succeeded but a cleanup failed: a lock (and its temporary
// files), staging folders without a journal.
func withoutLeftovers(s map[string]string) map[string]string {
	out := map[string]string{}
	for p, v := range s {
		first, _, _ := strings.Cut(p, "/")
		if strings.HasPrefix(first, LockName) {
			continue
		}
		if strings.HasPrefix(first, stagePrefix) {
			if _, ok := s[first+"/"+journalName]; !ok {
				continue
			}
		}
		out[p] = v
	}
	return out
}

// diffTrees says how got differs from want, or "".
func diffTrees(got, want map[string]string) string {
	var d []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			d = append(d, "missing "+p)
		} else if g != w {
			d = append(d, fmt.Sprintf("%s: got %.40q, want %.40q", p, g, w))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			d = append(d, "extra "+p)
		}
	}
	sort.Strings(d)
	return strings.Join(d, "; ")
}

func assertTree(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	if d := diffTrees(snapshot(t, dir), want); d != "" {
		t.Errorf("folder %s: %s", dir, d)
	}
}

// afterTree is what writing newTree over the earlier run gives.
func afterTree(t *testing.T) map[string]string {
	t.Helper()
	dir := earlier(t)
	mustWrite(t, dir, newTree)
	return snapshot(t, dir)
}

// checkManifest checks that the manifest records every file as it is.
func checkManifest(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseManifest(b)
	if err != nil {
		t.Fatalf("manifest: %v", err)
	}
	for p, s := range tree {
		sum := sha256.Sum256([]byte(s))
		if got, want := m[p], hex.EncodeToString(sum[:]); got != want {
			t.Errorf("manifest %s: got %s, want %s", p, got, want)
		}
	}
}

// copyTree copies folder from into a new folder to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, fi.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// faultFS is the real disk, without syncing, with faults. Every call that changes the disk
// is one op, counted from 1; op at fails, and after it:
//   - sticky: every op that takes space (the disk is full), or
//   - crash: every op (the process died: nothing more reaches the disk).
type faultFS struct {
	osFS
	at     int
	sticky bool
	crash  bool

	mu      sync.Mutex
	n       int
	tripped bool
	// done are the ops that succeeded, as "op path".
	done []string
}

var errCrashed = errors.New("crashed")

// trip makes every op from now on fail, as if the process had died.
func (f *faultFS) trip() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.crash, f.tripped = true, true
}

func (f *faultFS) fault(op, name string, space bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if f.at > 0 && f.n == f.at {
		f.tripped = true
	}
	if f.tripped && (f.n == f.at || f.crash || f.sticky && space) {
		if f.crash {
			return &fs.PathError{Op: op, Path: name, Err: errCrashed}
		}
		return &fs.PathError{Op: op, Path: name, Err: syscall.ENOSPC}
	}
	f.done = append(f.done, op+" "+name)
	return nil
}

// did tells whether an op on a path ending in suffix succeeded.
func (f *faultFS) did(op, suffix string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.done {
		if strings.HasPrefix(d, op+" ") && strings.HasSuffix(d, suffix) {
			return true
		}
	}
	return false
}

func (f *faultFS) Mkdir(name string) error {
	if err := f.fault("mkdir", name, true); err != nil {
		return err
	}
	return f.osFS.Mkdir(name)
}

func (f *faultFS) MkdirAll(name string) error {
	if err := f.fault("mkdirall", name, true); err != nil {
		return err
	}
	return f.osFS.MkdirAll(name)
}

func (f *faultFS) Create(name string) (writeFile, error) {
	if err := f.fault("create", name, true); err != nil {
		return nil, err
	}
	w, err := f.osFS.Create(name)
	if err != nil {
		return nil, err
	}
	return &faultFile{w: w, fs: f, name: name}, nil
}

func (f *faultFS) Rename(from, to string) error {
	if err := f.fault("rename", from+" -> "+to, false); err != nil {
		return err
	}
	return f.osFS.Rename(from, to)
}

func (f *faultFS) Remove(name string) error {
	if err := f.fault("remove", name, false); err != nil {
		return err
	}
	return f.osFS.Remove(name)
}

func (f *faultFS) RemoveAll(name string) error {
	if err := f.fault("removeall", name, false); err != nil {
		return err
	}
	return f.osFS.RemoveAll(name)
}

func (f *faultFS) Link(from, to string) error {
	if err := f.fault("link", from+" -> "+to, true); err != nil {
		return err
	}
	return f.osFS.Link(from, to)
}

type faultFile struct {
	w    writeFile
	fs   *faultFS
	name string
}

func (f *faultFile) Write(b []byte) (int, error) {
	if err := f.fs.fault("write", f.name, true); err != nil {
		return 0, err
	}
	return f.w.Write(b)
}

// Sync does not reach the disk: tests need no durability, and it is slow.
func (f *faultFile) Sync() error {
	return f.fs.fault("sync", f.name, true)
}

func (f *faultFS) SyncDir(string) {}

// BatchSync is what the real disk does here, so that its one sync of the
// stage is a step that can fail.
func (f *faultFS) BatchSync() bool { return f.osFS.BatchSync() }

func (f *faultFS) SyncAll(dir string) error { return f.fault("syncall", dir, true) }

func (f *faultFile) Close() error {
	err := f.fs.fault("close", f.name, true)
	if cerr := f.w.Close(); err == nil {
		err = cerr
	}
	return err
}
