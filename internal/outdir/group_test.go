package outdir

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// grouped is newTree with each file in the group of its first folder:
// "b" holds b/c.txt and b/h.txt.
func grouped(tree map[string]string, fail string) []File {
	files := filesOf(tree)
	for i := range files {
		g, _, ok := strings.Cut(files[i].Path, "/")
		if !ok {
			g = ""
		}
		files[i].Group = g
		if files[i].Path == fail {
			files[i].Write = func(context.Context, io.Writer) error { return errors.New("không có chữ này trong phông") }
		}
	}
	return files
}

// With KeepGoing, a file that cannot be produced leaves its group out,
// as the folder had it, and the others are written.
func TestKeepGoing(t *testing.T) {
	dir := earlier(t)
	res, err := Write(context.Background(), dir, grouped(newTree, "b/h.txt"), Options{KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0].Group != "b" || res.Failed[0].Path != "b/h.txt" || !strings.Contains(res.Failed[0].Err.Error(), "phông") {
		t.Fatalf("Failed = %+v", res.Failed)
	}
	want := map[string]string{}
	for p, s := range oldTree {
		want[p] = s
	}
	for p, s := range newTree {
		if !strings.HasPrefix(p, "b/") {
			want[p] = s
		}
	}
	if res.Written != len(newTree)-2 {
		t.Errorf("Written = %d, want %d", res.Written, len(newTree)-2)
	}
	for p, s := range want {
		if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); string(b) != s {
			t.Errorf("%s: %.20q (%v), want %.20q", p, b, err, s)
		}
	}
	checkManifest(t, dir, want)
	if _, err := os.Stat(filepath.Join(dir, "b", "h.txt")); err == nil {
		t.Error("the failed group's new file was written")
	}
}

// Without KeepGoing, or for a file of no group, a failure fails the run
// and leaves the folder as it was.
func TestFailureWithoutKeepGoing(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Options
		fail string
	}{
		{"no KeepGoing", Options{}, "b/h.txt"},
		{"no group", Options{KeepGoing: true}, "a.txt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := earlier(t)
			before := snapshot(t, dir)
			_, err := Write(context.Background(), dir, grouped(newTree, c.fail), c.opt)
			if err == nil || !strings.Contains(err.Error(), c.fail) {
				t.Fatalf("err = %v, want the failure naming %s", err, c.fail)
			}
			if d := diffTrees(snapshot(t, dir), before); d != "" {
				t.Errorf("the folder changed:\n%s", d)
			}
		})
	}
}

// A WriteFrom file sees every staged file that will be written, with its
// size and hash, and can read it; not the files of a failed group.
func TestWriteFrom(t *testing.T) {
	dir := t.TempDir()
	files := grouped(newTree, "b/h.txt")
	files = append(files, File{Path: "list.csv", WriteFrom: func(ctx context.Context, w io.Writer, st *Stage) error {
		bw := bufio.NewWriter(w)
		for _, f := range st.Files() {
			r, err := st.Open(f.Path)
			if err != nil {
				return err
			}
			h := sha256.New()
			n, err := io.Copy(h, r)
			r.Close()
			if err != nil {
				return err
			}
			if hex.EncodeToString(h.Sum(nil)) != f.SHA256 || n != f.Size {
				return fmt.Errorf("%s: staged %d bytes %s, read %d", f.Path, f.Size, f.SHA256, n)
			}
			fmt.Fprintf(bw, "%s,%s,%d\n", f.Path, f.Group, f.Size)
		}
		return bw.Flush()
	}})
	res, err := Write(context.Background(), dir, files, Options{KeepGoing: true, Jobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "list.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range files {
		if f.WriteFrom == nil && f.Group != "b" {
			want = append(want, fmt.Sprintf("%s,%s,%d", f.Path, f.Group, len(newTree[f.Path])))
		}
	}
	if got := strings.Split(strings.TrimSpace(string(b)), "\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("list.csv:\n%s\nwant:\n%s", got, want)
	}
	if res.Written != len(newTree)-2+1 {
		t.Errorf("Written = %d", res.Written)
	}
}

// Cancelled while a file made from the others is written (the slowest
// part of a --zip run), the run leaves the folder as it was, with no
// stage or lock behind.
func TestCancelDuringWriteFrom(t *testing.T) {
	dir := earlier(t)
	before := snapshot(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	files := grouped(newTree, "")
	files = append(files, File{Path: "tat-ca.zip", WriteFrom: func(ctx context.Context, w io.Writer, st *Stage) error {
		cancel() // as Ctrl-C would, halfway through the archive
		<-ctx.Done()
		return ctx.Err()
	}})
	_, err := Write(ctx, dir, files, Options{KeepGoing: true})
	if !errors.Is(err, ErrCanceled) {
		t.Fatalf("err = %v, want ErrCanceled", err)
	}
	if d := diffTrees(snapshot(t, dir), before); d != "" {
		t.Errorf("the folder changed:\n%s", d)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".kehoach") && e.Name() != ManifestName {
			t.Errorf("%s left behind", e.Name())
		}
	}
}

// A file made from the others that a person edited is kept, like any
// other, unless Force.
func TestEditedWriteFromIsKept(t *testing.T) {
	dir := t.TempDir()
	list := func() []File {
		return append(filesOf(newTree), File{Path: "list.txt", WriteFrom: func(ctx context.Context, w io.Writer, st *Stage) error {
			for _, f := range st.Files() {
				fmt.Fprintln(w, f.Path, f.SHA256)
			}
			return nil
		}})
	}
	if _, err := Write(context.Background(), dir, list(), Options{}); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(edited, []byte("ghi chú của văn thư\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(context.Background(), dir, list(), Options{})
	var ee *EditedError
	if !errors.As(err, &ee) || len(ee.Paths) != 1 || ee.Paths[0] != "list.txt" {
		t.Fatalf("err = %v, want the edited list.txt", err)
	}
	if b, _ := os.ReadFile(edited); string(b) != "ghi chú của văn thư\n" {
		t.Errorf("the edited file was overwritten: %q", b)
	}
	if _, err := Write(context.Background(), dir, list(), Options{Force: true}); err != nil {
		t.Fatalf("with Force: %v", err)
	}
}
