package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"kehoach/generator/document"
)

// manifestName is the file in the output folder that records what kehoach
// wrote there last, so that a file a person has since edited is not
// overwritten unnoticed.
const manifestName = ".kehoach-manifest.json"

// errEdited is returned when files kehoach wrote were edited since.
var errEdited = errors.New("có tệp đã được sửa")

type task struct {
	rel    string
	format string
	doc    *document.Document
	sum    string // sha256 of what was written
}

// writeAll renders every job in every format. Files are first written to a
// staging folder inside out and moved into place only when all of them
// succeeded; a move that fails puts back what was there, so a failure leaves
// out as it was. Files kehoach wrote before and a person has edited since
// are not replaced unless force is set.
func writeAll(ctx context.Context, out string, jobs []job, formats []string, render map[string]renderFunc, force bool, progress func(done, total int)) (int, error) {
	var tasks []*task
	seen := map[string]bool{}
	for _, j := range jobs {
		for _, f := range formats {
			t := &task{rel: filepath.Join(j.dir, j.doc.Name+"."+f), format: f, doc: j.doc}
			if seen[t.rel] {
				return 0, fmt.Errorf("hai văn bản cùng ghi vào %s; hãy đặt tên tệp khác nhau (bao_cao.ky.tep)", t.rel)
			}
			seen[t.rel] = true
			tasks = append(tasks, t)
		}
	}
	for _, t := range tasks {
		if fi, err := os.Lstat(filepath.Join(out, t.rel)); err == nil && fi.IsDir() {
			return 0, fmt.Errorf("%s là một thư mục, không phải tệp; hãy đổi tên hoặc chuyển nó đi rồi chạy lại", filepath.Join(out, t.rel))
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, fmt.Errorf("không tạo được thư mục %s: %w", out, err)
	}
	unlock, err := lock(out)
	if err != nil {
		return 0, err
	}
	defer unlock()
	manifest := readManifest(out)
	if !force {
		var edited []string
		for _, t := range tasks {
			sum, ok := manifest[filepath.ToSlash(t.rel)]
			if !ok {
				continue
			}
			if now := fileSum(filepath.Join(out, t.rel)); now != "" && now != sum {
				edited = append(edited, filepath.Join(out, t.rel))
			}
		}
		if len(edited) > 0 {
			sort.Strings(edited)
			return 0, fmt.Errorf("%w sau lần viết trước, nên không ghi đè:\n  %s\nhãy cất các tệp này nơi khác, hoặc ghi vào thư mục khác (--out), hoặc chạy lại với --force để ghi đè", errEdited, strings.Join(edited, "\n  "))
		}
	}
	stage, err := os.MkdirTemp(out, ".kehoach-")
	if err != nil {
		return 0, fmt.Errorf("không ghi được vào %s: %w", out, err)
	}
	defer os.RemoveAll(stage)

	if err := renderAll(ctx, stage, tasks, render, progress); err != nil {
		return 0, err
	}
	if err := moveInto(out, stage, tasks); err != nil {
		return 0, err
	}
	for _, t := range tasks {
		manifest[filepath.ToSlash(t.rel)] = t.sum
	}
	if err := writeManifest(out, manifest); err != nil {
		return 0, err
	}
	return len(tasks), nil
}

// renderAll renders the tasks into stage on every core.
func renderAll(ctx context.Context, stage string, tasks []*task, render map[string]renderFunc, progress func(done, total int)) error {
	var (
		next, done atomic.Int64
		wg         sync.WaitGroup
		mu         sync.Mutex
		firstErr   error
	)
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed() {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				if ctx.Err() != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = errors.New("đã dừng theo yêu cầu")
					}
					mu.Unlock()
					return
				}
				if err := renderOne(stage, tasks[i], render); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				n := int(done.Add(1))
				if progress != nil && (n == len(tasks) || n%25 == 0) {
					mu.Lock()
					progress(n, len(tasks))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

func renderOne(stage string, t *task, render map[string]renderFunc) error {
	path := filepath.Join(stage, t.rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("viết %s: %w", t.rel, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("viết %s: %w", t.rel, err)
	}
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	err = render[t.format](w, t.doc)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("viết %s: %w", t.rel, err)
	}
	t.sum = hex.EncodeToString(h.Sum(nil))
	return nil
}

// moveInto moves the staged files over their targets; if one move fails,
// the ones done are undone, the earlier files put back and the folders it
// made removed.
func moveInto(out, stage string, tasks []*task) error {
	type moved struct{ dst, old string }
	var (
		done    []moved
		created []string
	)
	undo := func() {
		for i := len(done) - 1; i >= 0; i-- {
			os.Remove(done[i].dst)
			if done[i].old != "" {
				os.Rename(done[i].old, done[i].dst)
			}
		}
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i]) // only if empty
		}
	}
	mkdir := func(dir string) error {
		var missing []string
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(d); err == nil || d == filepath.Dir(d) {
				break
			}
			missing = append(missing, d)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for i := len(missing) - 1; i >= 0; i-- {
			created = append(created, missing[i])
		}
		return nil
	}
	backup := filepath.Join(stage, ".cu")
	for _, t := range tasks {
		dst := filepath.Join(out, t.rel)
		if err := mkdir(filepath.Dir(dst)); err != nil {
			undo()
			return fmt.Errorf("không tạo được thư mục %s: %w", filepath.Dir(dst), err)
		}
		m := moved{dst: dst}
		if _, err := os.Lstat(dst); err == nil {
			m.old = filepath.Join(backup, t.rel)
			err := os.MkdirAll(filepath.Dir(m.old), 0o755)
			if err == nil {
				err = os.Rename(dst, m.old)
			}
			if err != nil {
				undo()
				return fmt.Errorf("không thay được %s (tệp đang mở, hoặc thư mục không cho ghi?): %w", dst, err)
			}
		}
		if err := os.Rename(filepath.Join(stage, t.rel), dst); err != nil {
			if m.old != "" {
				os.Rename(m.old, dst)
			}
			undo()
			return fmt.Errorf("không ghi được %s: %w", dst, err)
		}
		done = append(done, m)
	}
	return nil
}

// lock keeps two runs from writing into one folder at once.
func lock(out string) (func(), error) {
	path := filepath.Join(out, ".kehoach.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("một lần chạy khác đang ghi vào %s; hãy đợi nó xong (nếu không có lần chạy nào khác, hãy xóa tệp %s)", out, path)
		}
		return nil, fmt.Errorf("không ghi được vào %s: %w", out, err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(path) }, nil
}

func readManifest(out string) map[string]string {
	m := map[string]string{}
	b, err := os.ReadFile(filepath.Join(out, manifestName))
	if err == nil {
		json.Unmarshal(b, &m) // an unreadable manifest protects nothing, and stops nothing
	}
	return m
}

func writeManifest(out string, m map[string]string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(out, manifestName+".*")
	if err != nil {
		return fmt.Errorf("không ghi được %s: %w", filepath.Join(out, manifestName), err)
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(out, manifestName))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("không ghi được %s: %w", filepath.Join(out, manifestName), err)
	}
	return nil
}

// fileSum is the sha256 of a file, or "" when it cannot be read.
func fileSum(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var h hash.Hash = sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
