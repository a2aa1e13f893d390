package outdir

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A journal that is accepted never names a file outside the folder, so a
// damaged one cannot make a recovery move a stranger's files.
func FuzzParseJournal(f *testing.F) {
	f.Add([]byte(`{"version":1,"dirs":["e","e/f"],"entries":[{"path":"a.txt","sha256":"` + strings.Repeat("ab", 32) + `"},{"path":".kehoach-manifest.json","sha256":"` + strings.Repeat("01", 32) + `"}]}`))
	f.Add([]byte(`{"version":1,"entries":[{"path":"../x","sha256":""}]}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{broken`))
	f.Fuzz(func(t *testing.T, b []byte) {
		j, err := parseJournal(b)
		if err != nil {
			return
		}
		for _, p := range append(j.Dirs, func() []string {
			var ps []string
			for _, e := range j.Entries {
				ps = append(ps, e.Path)
			}
			return ps
		}()...) {
			if !fs.ValidPath(p) || p == "." || strings.ContainsAny(p, `\:`) {
				t.Errorf("accepted path %q", p)
			}
			if first, _, _ := strings.Cut(p, "/"); strings.HasPrefix(strings.ToLower(first), reserved) && p != ManifestName {
				t.Errorf("accepted reserved path %q", p)
			}
		}
	})
}

// A manifest that is accepted survives being written and read again.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"a/b.pdf":"` + strings.Repeat("ab", 32) + `"}`))
	f.Add([]byte(`{broken`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"a":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseManifest(b)
		if err != nil {
			return
		}
		again, err := parseManifest(m.encode())
		if err != nil {
			t.Fatalf("written manifest unreadable: %v", err)
		}
		if !maps.Equal(m, again) {
			t.Errorf("got %v, want %v", again, m)
		}
	})
}

// Any lock file can be read without panicking; a readable one names a
// process.
func FuzzParseOwner(f *testing.F) {
	f.Add([]byte(`{"pid":12,"host":"h","start":"3","token":"t"}`))
	f.Add([]byte("123\n"))
	f.Add([]byte(""))
	f.Add([]byte("-1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if o, ok := parseOwner(b); ok && o.PID <= 0 {
			t.Errorf("accepted pid %d", o.PID)
		}
	})
}

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "kehoach-example-")
	defer os.RemoveAll(dir)
	text := func(s string) func(context.Context, io.Writer) error {
		return func(_ context.Context, w io.Writer) error {
			_, err := io.WriteString(w, s)
			return err
		}
	}
	files := []File{
		{Path: "phong/ke-hoach.txt", Write: text("KẾ HOẠCH\n")},
		{Path: "th-ket-doan/ke-hoach.txt", Write: text("KẾ HOẠCH\n")},
	}
	res, err := Write(context.Background(), dir, files, Options{})
	fmt.Println(res.Written, err)
	b, _ := os.ReadFile(filepath.Join(dir, "th-ket-doan", "ke-hoach.txt"))
	fmt.Print(string(b))
	// Output:
	// 2 <nil>
	// KẾ HOẠCH
}

// BenchmarkWrite writes about what kehoach generate does: 250 files of
// 60 KB in 42 folders.
func BenchmarkWrite(b *testing.B) {
	body := strings.Repeat("Kế hoạch năm học 2025–2026. ", 2000)
	var files []File
	for i := range 250 {
		files = append(files, File{Path: fmt.Sprintf("truong-%02d/van-ban-%d.pdf", i%42, i), Write: func(_ context.Context, w io.Writer) error {
			_, err := io.WriteString(w, body)
			return err
		}})
	}
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Write(context.Background(), dir, files, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
