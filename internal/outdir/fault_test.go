package outdir

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// setups are the folders a run starts from: one an earlier run wrote, and
// none at all (two levels of folders to make).
var setups = []struct {
	name string
	make func(t *testing.T) string
}{
	{"earlier", earlier},
	{"fresh", func(t *testing.T) string { return filepath.Join(t.TempDir(), "x", "out") }},
}

// countOps is how many ops a run from setup takes without faults.
func countOps(t *testing.T, setup func(*testing.T) string) int {
	t.Helper()
	f := &faultFS{}
	if _, err := run(context.Background(), &tx{fs: f, dir: setup(t), opt: Options{Jobs: 1}}, filesOf(newTree)); err != nil {
		t.Fatal(err)
	}
	return f.n
}

// The disk fills up at every op in turn, once (the op fails, the next
// ones work) or for good (every op after that needs space fails). The run
// either fails, with the error reaching the caller and the folder as it
// was, or succeeds (a cleanup after the commit failed) leaving only what
// the next run cleans.
func TestDiskFull(t *testing.T) {
	for _, setup := range setups {
		after := afterTree(t)
		if setup.name == "fresh" {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, newTree)
			after = snapshot(t, dir)
		}
		total := countOps(t, setup.make)
		for _, sticky := range []bool{false, true} {
			failed := 0
			for at := 1; at <= total; at++ {
				name := fmt.Sprintf("%s/once/%d", setup.name, at)
				if sticky {
					name = fmt.Sprintf("%s/sticky/%d", setup.name, at)
				}
				t.Run(name, func(t *testing.T) {
					dir := setup.make(t)
					before := snapshot(t, dir)
					f := &faultFS{at: at, sticky: sticky}
					var l logger
					_, err := run(context.Background(), &tx{fs: f, dir: dir, opt: Options{Jobs: 1, Log: l.log}}, filesOf(newTree))
					if err != nil {
						failed++
						if !errors.Is(err, syscall.ENOSPC) {
							t.Errorf("the error does not carry ENOSPC: %v", err)
						}
						if !strings.Contains(err.Error(), "ổ đĩa đã đầy") {
							t.Errorf("the message does not say the disk is full: %v", err)
						}
						if errors.Is(err, ErrIncomplete) {
							t.Errorf("a single fault left the folder changed: %v", err)
						}
						assertTree(t, dir, before)
						return
					}
					if d := diffTrees(withoutLeftovers(snapshot(t, dir)), after); d != "" {
						t.Errorf("succeeded, but %s", d)
					}
					mustWrite(t, dir, newTree)
					assertTree(t, dir, after)
				})
			}
			if failed < total/2 {
				t.Errorf("%s: only %d of %d faults made the run fail", setup.name, failed, total)
			}
		}
	}
}

// A run dies at every op in turn: nothing it would do after reaches the
// disk. The next run recovers the folder to as it was before the run, or
// (once the last file and the manifest are in place) as after it. A
// recovery that dies too is recovered by the next.
func TestCrash(t *testing.T) {
	for _, setup := range setups {
		after := afterTree(t)
		if setup.name == "fresh" {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, newTree)
			after = snapshot(t, dir)
		}
		total := countOps(t, setup.make)
		for at := 1; at <= total; at++ {
			t.Run(fmt.Sprintf("%s/%d", setup.name, at), func(t *testing.T) {
				dir := setup.make(t)
				before := snapshot(t, dir)
				f := &faultFS{at: at, crash: true}
				_, err := run(context.Background(), &tx{fs: f, dir: dir, opt: Options{Jobs: 1}}, filesOf(newTree))
				moved := f.did("rename", " -> "+filepath.Join(dir, ManifestName)) || f.did("remove", journalName)
				if err == nil && !moved {
					t.Fatal("the run succeeded before its commit")
				}
				want := before
				if moved {
					want = after
				}
				if _, err := os.Stat(dir); before == nil && !moved && err == nil {
					// The folder made before the crash stays; what is in
					// it is what counts.
					want = map[string]string{".": "dir"}
				}

				// Recovery dies at each op in turn, while the folder
				// still depends on the stage.
				journal := false
				for p := range snapshot(t, dir) {
					journal = journal || strings.HasSuffix(p, "/"+journalName)
				}
				for rat := 1; journal; rat++ {
					cp := filepath.Join(t.TempDir(), "out")
					copyTree(t, dir, cp)
					rf := &faultFS{at: rat, crash: true}
					rerr := (&tx{fs: rf, dir: cp}).recoverAll()
					if !rf.tripped {
						if rerr != nil {
							t.Fatalf("recovery: %v", rerr)
						}
						break
					}
					if err := (&tx{fs: osFS{}, dir: cp}).recoverAll(); err != nil {
						t.Fatalf("recovery after a recovery died at op %d: %v", rat, err)
					}
					if d := diffTrees(withoutLeftovers(snapshot(t, cp)), want); d != "" {
						t.Errorf("recovery died at op %d, recovered again: %s", rat, d)
					}
				}

				if err := (&tx{fs: osFS{}, dir: dir}).recoverAll(); err != nil {
					t.Fatalf("recovery: %v", err)
				}
				if d := diffTrees(withoutLeftovers(snapshot(t, dir)), want); d != "" {
					t.Errorf("recovered: %s", d)
				}
				mustWrite(t, dir, newTree)
				assertTree(t, dir, after)
			})
		}
	}
}

// recoverAll recovers the folder as a run would, if it exists.
func (t *tx) recoverAll() error {
	if _, err := os.Stat(t.dir); err != nil {
		return nil
	}
	_, err := t.recover()
	return err
}

// A file a person edited after a run died half way is kept, with the file
// it replaced put beside it; a new file edited is kept. The run then
// refuses to overwrite them.
func TestEditedAfterCrash(t *testing.T) {
	dir := earlier(t)
	f := &faultFS{}
	hook := func(step string, n int) {
		if step == "move" && n == 3 { // a.txt, b/c.txt, b/h.txt moved
			f.trip()
		}
	}
	if _, err := run(context.Background(), &tx{fs: f, dir: dir, hook: hook}, filesOf(newTree)); err == nil {
		t.Fatal("the run succeeded")
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("sửa tay"), 0o644)
	os.WriteFile(filepath.Join(dir, "b", "h.txt"), []byte("sửa tay"), 0o644)
	var l logger
	_, err := Write(context.Background(), dir, filesOf(newTree), Options{Log: l.log})
	var e *EditedError
	if !errors.As(err, &e) || strings.Join(e.Paths, ",") != "a.txt,b/h.txt" {
		t.Fatalf("got %v, want a.txt and b/h.txt refused", err)
	}
	for p, want := range map[string]string{"a.txt": "sửa tay", "a.ban-cu.txt": "cũ a", "b/h.txt": "sửa tay", "b/c.txt": "cũ c", "big.bin": big} {
		if b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); string(b) != want {
			t.Errorf("%s: got %.20q, want %.20q", p, b, want)
		}
	}
	for _, want := range []string{
		filepath.Join(dir, "a.txt") + " đã được sửa sau khi lần chạy trước bị ngắt, nên được giữ nguyên; bản có trước lần chạy ấy được cất ở " + filepath.Join(dir, "a.ban-cu.txt"),
		filepath.Join(dir, "b", "h.txt") + " đã được sửa",
		"đã trả lại các tệp như trước lần chạy ấy",
		"đã gỡ khóa",
	} {
		if !strings.Contains(l.String(), want) {
			t.Errorf("notices: got %q, want %q", l.String(), want)
		}
	}
	if _, err := Write(context.Background(), dir, filesOf(newTree), Options{Force: true}); err != nil {
		t.Fatalf("Force: %v", err)
	}
	checkManifest(t, dir, newTree)
}
